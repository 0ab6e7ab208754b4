/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * clientip: the real client address of a request. The socket's peer is the
 * client unless it is a trusted proxy (`serve --trusted-proxy CIDR`); then
 * the proxy's forwarding header is read right to left, skipping trusted
 * hops, and the first address not trusted is the client. Entries left of
 * it are the client's own words and never read. Pure: no I/O.
 */
#ifndef SL_CLIENTIP_H
#define SL_CLIENTIP_H

#include <stddef.h>

/* An IPv4 or IPv6 network: address and prefix length. */
struct cidr {
	int family; /* AF_INET or AF_INET6 */
	unsigned char addr[16];
	int bits;
};

/* Which header the trusted proxies write. */
enum clientip_header {
	CLIENTIP_X_FORWARDED_FOR, /* X-Forwarded-For: client, proxy1, proxy2 */
	CLIENTIP_FORWARDED,	  /* RFC 7239 Forwarded: for=client, for="[v6]:port" */
};

/* Parses "10.0.0.0/8", "2001:db8::/32" or a single address ("192.0.2.1",
 * "::1": all bits); host bits beyond the prefix are cleared. 0 or -1. */
int clientip_cidr_parse(const char *s, struct cidr *out);

/* 1 when the address text (IPv4 or IPv6; an IPv4-mapped IPv6 address
 * counts as IPv4) lies in one of the n networks, else 0. */
int clientip_trusted(const char *addr, const struct cidr *nets, size_t n);

/*
 * The client address into out (outlen >= 46): peer itself unless peer is
 * in nets; then the entries of header (the values of all its lines joined
 * with ", ", or NULL) right to left: each trusted one is a hop to skip, the
 * first other one is the client. When the list runs out, or an entry is
 * not an address ("unknown", "_hidden", garbage), the last trusted hop is
 * the answer. Addresses come out in inet_ntop's form, without a port.
 */
void clientip_resolve(const char *peer, const char *header, enum clientip_header kind,
		      const struct cidr *nets, size_t n, char *out, size_t outlen);

#endif
