/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of http/clientip: CIDR matching, and the forwarding headers
 * read right to left behind trusted proxies only. */
#include <arpa/inet.h>
#include <string.h>

#include "http/clientip.h"
#include "test.h"

static struct cidr nets[4];
static size_t nnets;

static void trust(const char *s)
{
	CHECK_INT(clientip_cidr_parse(s, &nets[nnets]), 0);
	nnets++;
}

static const char *resolve(const char *peer, const char *header, enum clientip_header kind)
{
	static char out[64];
	clientip_resolve(peer, header, kind, nets, nnets, out, sizeof out);
	return out;
}

TEST(test_clientip_cidr_parse_accepts_networks_and_single_addresses)
{
	struct cidr c;
	CHECK_INT(clientip_cidr_parse("10.0.0.0/8", &c), 0);
	CHECK_INT(c.family, AF_INET);
	CHECK_INT(c.bits, 8);
	CHECK_INT(clientip_cidr_parse("192.0.2.7", &c), 0);
	CHECK_INT(c.bits, 32);
	CHECK_INT(clientip_cidr_parse("2001:db8::/32", &c), 0);
	CHECK_INT(c.family, AF_INET6);
	CHECK_INT(c.bits, 32);
	CHECK_INT(clientip_cidr_parse("::1", &c), 0);
	CHECK_INT(c.bits, 128);
	CHECK_INT(clientip_cidr_parse("10.1.2.3/8", &c), 0); /* host bits cleared */
	CHECK_INT(c.addr[1], 0);
	const char *bad[] = {"",
			     "/8",
			     "10.0.0.0/33",
			     "::/129",
			     "10.0.0.0/",
			     "10.0.0.0/-1",
			     "10.0.0.0/08",
			     "10.0.0/8",
			     "host.example/8",
			     "10.0.0.0/8x",
			     NULL};
	for (int i = 0; bad[i]; i++)
		CHECK_INT(clientip_cidr_parse(bad[i], &c), -1);
}

TEST(test_clientip_trusted_matches_prefixes_of_both_families)
{
	nnets = 0;
	trust("10.0.0.0/8");
	trust("192.168.4.0/22");
	trust("2001:db8:1::/48");
	CHECK_INT(clientip_trusted("10.255.1.2", nets, nnets), 1);
	CHECK_INT(clientip_trusted("11.0.0.1", nets, nnets), 0);
	CHECK_INT(clientip_trusted("192.168.7.255", nets, nnets), 1);
	CHECK_INT(clientip_trusted("192.168.8.0", nets, nnets), 0);
	CHECK_INT(clientip_trusted("2001:db8:1:ffff::1", nets, nnets), 1);
	CHECK_INT(clientip_trusted("2001:db8:2::1", nets, nnets), 0);
	CHECK_INT(clientip_trusted("::ffff:10.1.1.1", nets, nnets), 1); /* IPv4-mapped */
	CHECK_INT(clientip_trusted("not an address", nets, nnets), 0);
}

TEST(test_clientip_without_trusted_proxy_the_peer_is_the_client)
{
	nnets = 0;
	CHECK_STR(resolve("203.0.113.9", "198.51.100.1", CLIENTIP_X_FORWARDED_FOR), "203.0.113.9");
	trust("10.0.0.1");
	/* a peer that is not the proxy cannot name another client */
	CHECK_STR(resolve("203.0.113.9", "198.51.100.1", CLIENTIP_X_FORWARDED_FOR), "203.0.113.9");
	CHECK_STR(resolve("10.0.0.1", NULL, CLIENTIP_X_FORWARDED_FOR), "10.0.0.1");
}

TEST(test_clientip_x_forwarded_for_is_read_right_to_left_skipping_trusted_hops)
{
	nnets = 0;
	trust("10.0.0.0/8");
	CHECK_STR(resolve("10.0.0.1", "198.51.100.7", CLIENTIP_X_FORWARDED_FOR), "198.51.100.7");
	/* two proxies: the inner one appended the outer one */
	CHECK_STR(resolve("10.0.0.1", "198.51.100.7, 10.0.0.2", CLIENTIP_X_FORWARDED_FOR), "198.51.100.7");
	/* spoofed entries left of the real client are never read */
	CHECK_STR(resolve("10.0.0.1", "1.2.3.4, 5.6.7.8,198.51.100.7", CLIENTIP_X_FORWARDED_FOR),
		  "198.51.100.7");
	CHECK_STR(resolve("10.0.0.1", "garbage, 198.51.100.7", CLIENTIP_X_FORWARDED_FOR), "198.51.100.7");
	/* a spoofed trusted address left of the client does not help either */
	CHECK_STR(resolve("10.0.0.1", "10.9.9.9, 198.51.100.7", CLIENTIP_X_FORWARDED_FOR), "198.51.100.7");
	/* ports, brackets and IPv6 */
	CHECK_STR(resolve("10.0.0.1", "198.51.100.7:4711", CLIENTIP_X_FORWARDED_FOR), "198.51.100.7");
	CHECK_STR(resolve("10.0.0.1", "[2001:DB8::17]:4711", CLIENTIP_X_FORWARDED_FOR), "2001:db8::17");
	CHECK_STR(resolve("10.0.0.1", "2001:db8::17", CLIENTIP_X_FORWARDED_FOR), "2001:db8::17");
	/* all hops trusted: the leftmost; a bad rightmost entry: the proxy itself */
	CHECK_STR(resolve("10.0.0.1", "10.0.0.3, 10.0.0.2", CLIENTIP_X_FORWARDED_FOR), "10.0.0.3");
	CHECK_STR(resolve("10.0.0.1", "198.51.100.7, unknown", CLIENTIP_X_FORWARDED_FOR), "10.0.0.1");
	CHECK_STR(resolve("10.0.0.1", "", CLIENTIP_X_FORWARDED_FOR), "10.0.0.1");
}

TEST(test_clientip_forwarded_header_reads_the_for_parameter_right_to_left)
{
	nnets = 0;
	trust("10.0.0.0/8");
	trust("::1");
	CHECK_STR(resolve("10.0.0.1", "for=198.51.100.7;proto=https", CLIENTIP_FORWARDED), "198.51.100.7");
	CHECK_STR(resolve("::1", "for=1.2.3.4, for=\"[2001:db8:cafe::17]:4711\";proto=https;by=10.0.0.1",
			  CLIENTIP_FORWARDED),
		  "2001:db8:cafe::17");
	CHECK_STR(resolve("10.0.0.1", "For=\"198.51.100.7\", proto=https;for=10.0.0.2", CLIENTIP_FORWARDED),
		  "198.51.100.7");
	CHECK_STR(resolve("10.0.0.1", "for=_hidden", CLIENTIP_FORWARDED), "10.0.0.1");
	/* the other header is not read */
	CHECK_STR(resolve("10.0.0.1", "for=198.51.100.7", CLIENTIP_X_FORWARDED_FOR), "10.0.0.1");
}

int main(void)
{
	RUN(test_clientip_cidr_parse_accepts_networks_and_single_addresses);
	RUN(test_clientip_trusted_matches_prefixes_of_both_families);
	RUN(test_clientip_without_trusted_proxy_the_peer_is_the_client);
	RUN(test_clientip_x_forwarded_for_is_read_right_to_left_skipping_trusted_hops);
	RUN(test_clientip_forwarded_header_reads_the_for_parameter_right_to_left);
	return TEST_DONE();
}
