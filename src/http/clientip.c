/* SPDX-License-Identifier: EUPL-1.2 */
/* clientip: CIDR matching and forwarding headers, right to left (see clientip.h). */
#include "http/clientip.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The address text as bytes; an IPv4-mapped IPv6 address becomes IPv4. */
static int addr_parse(const char *s, int *family, unsigned char *bytes)
{
	if (inet_pton(AF_INET, s, bytes) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, bytes) != 1)
		return -1;
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	if (!memcmp(bytes, mapped, 12)) {
		memmove(bytes, bytes + 12, 4);
		*family = AF_INET;
	} else {
		*family = AF_INET6;
	}
	return 0;
}

int clientip_cidr_parse(const char *s, struct cidr *out)
{
	char host[64];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	if (!n || n >= sizeof host)
		return -1;
	memcpy(host, s, n);
	host[n] = 0;
	memset(out, 0, sizeof *out);
	if (addr_parse(host, &out->family, out->addr) < 0)
		return -1;
	int max = out->family == AF_INET ? 32 : 128;
	out->bits = max;
	if (slash) {
		const char *b = slash + 1;
		if (!*b || strspn(b, "0123456789") != strlen(b) || strlen(b) > 3 || (b[0] == '0' && b[1]))
			return -1;
		out->bits = atoi(b);
		if (out->bits > max)
			return -1;
	}
	for (int i = out->bits; i < max; i++)
		out->addr[i / 8] &= (unsigned char)~(0x80 >> (i % 8));
	return 0;
}

static int in_net(int family, const unsigned char *a, const struct cidr *c)
{
	if (family != c->family)
		return 0;
	int full = c->bits / 8, rest = c->bits % 8;
	if (memcmp(a, c->addr, (size_t)full))
		return 0;
	if (!rest)
		return 1;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (a[full] & mask) == (c->addr[full] & mask);
}

int clientip_trusted(const char *addr, const struct cidr *nets, size_t n)
{
	int family;
	unsigned char a[16];
	if (addr_parse(addr, &family, a) < 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (in_net(family, a, &nets[i]))
			return 1;
	return 0;
}

/* One list entry (trimmed, without port or brackets) as a canonical
 * address into out; -1 when it is not an address. */
static int entry_addr(const char *s, size_t len, char *out, size_t outlen)
{
	char t[80];
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= 2 && s[0] == '"' && s[len - 1] == '"')
		s++, len -= 2;
	if (!len || len >= sizeof t)
		return -1;
	memcpy(t, s, len);
	t[len] = 0;
	char *a = t;
	if (a[0] == '[') { /* "[2001:db8::1]" or "[2001:db8::1]:4711" */
		char *end = strchr(a, ']');
		if (!end || (end[1] && end[1] != ':'))
			return -1;
		*end = 0;
		a++;
	} else if (strchr(a, ':') && strchr(a, ':') == strrchr(a, ':') && strchr(a, '.')) {
		*strchr(a, ':') = 0; /* "192.0.2.1:4711" */
	}
	int family;
	unsigned char b[16];
	if (addr_parse(a, &family, b) < 0)
		return -1;
	return inet_ntop(family, b, out, (socklen_t)outlen) ? 0 : -1;
}

/* The address of a Forwarded element ("for=...;proto=https"): its for=
 * parameter; -1 when it has none or it is not an address. */
static int forwarded_for(const char *s, size_t len, char *out, size_t outlen)
{
	const char *end = s + len;
	while (s < end) {
		const char *semi = memchr(s, ';', (size_t)(end - s));
		const char *pe = semi ? semi : end;
		while (s < pe && (*s == ' ' || *s == '\t'))
			s++;
		if (pe - s > 4 && !strncasecmp(s, "for=", 4))
			return entry_addr(s + 4, (size_t)(pe - s - 4), out, outlen);
		s = semi ? semi + 1 : end;
	}
	return -1;
}

void clientip_resolve(const char *peer, const char *header, enum clientip_header kind,
		      const struct cidr *nets, size_t n, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s", peer);
	if (!clientip_trusted(out, nets, n) || !header)
		return;
	/* Right to left: the rightmost entry was written by the peer, a trusted
	 * proxy; each entry that is itself trusted vouches for the one before.
	 * (A quoted comma inside a Forwarded value is not an address anyway.) */
	const char *start = header, *end = header + strlen(header);
	while (end > start) {
		const char *comma = end;
		while (comma > start && comma[-1] != ',')
			comma--;
		char addr[64];
		int rc = kind == CLIENTIP_FORWARDED
			     ? forwarded_for(comma, (size_t)(end - comma), addr, sizeof addr)
			     : entry_addr(comma, (size_t)(end - comma), addr, sizeof addr);
		if (rc < 0)
			return; /* not an address: the last trusted hop answers */
		snprintf(out, outlen, "%s", addr);
		if (!clientip_trusted(addr, nets, n))
			return;
		end = comma > start ? comma - 1 : start;
	}
}
