/* SPDX-License-Identifier: EUPL-1.2 */
/* TOTP against the test vectors of RFC 6238, appendix B (SHA-1, the ASCII
 * secret "12345678901234567890", 8 digits), the 6-digit codes apps show
 * (the last six digits of the same values), the drift window and replay. */
#include <string.h>

#include "domain/totp.h"
#include "test.h"

static const unsigned char key[] = "12345678901234567890";

TEST(test_totp_matches_the_rfc_6238_vectors)
{
	static const struct {
		int64_t t;
		const char *code;
	} v[] = {
	    {59, "94287082"},	      {1111111109, "07081804"}, {1111111111, "14050471"},
	    {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		char out[9];
		CHECK_INT(totp_code(key, 20, v[i].t, 8, out), 0);
		CHECK_STR(out, v[i].code);
		CHECK_INT(totp_code(key, 20, v[i].t, 6, out), 0);
		CHECK_STR(out, v[i].code + 2);
	}
}

TEST(test_totp_accepts_one_step_either_side_and_never_twice)
{
	int64_t now = 1234567890; /* step 41152263 */
	CHECK_INT(totp_check(key, 20, "005924", now, 0), now / 30);
	char prev[7], next[7], far[7];
	totp_code(key, 20, now - 30, 6, prev);
	totp_code(key, 20, now + 30, 6, next);
	totp_code(key, 20, now + 90, 6, far);
	CHECK_INT(totp_check(key, 20, prev, now, 0), now / 30 - 1);
	CHECK_INT(totp_check(key, 20, next, now, 0), now / 30 + 1);
	CHECK_INT(totp_check(key, 20, far, now, 0), -1);
	/* used once: the same step (or an earlier one) is refused */
	CHECK_INT(totp_check(key, 20, "005924", now, now / 30), -1);
	CHECK_INT(totp_check(key, 20, prev, now, now / 30), -1);
	CHECK_INT(totp_check(key, 20, next, now, now / 30), now / 30 + 1);
}

TEST(test_totp_refuses_malformed_codes)
{
	int64_t now = 1234567890;
	CHECK_INT(totp_check(key, 20, "05924", now, 0), -1);
	CHECK_INT(totp_check(key, 20, "0059245", now, 0), -1);
	CHECK_INT(totp_check(key, 20, "00592a", now, 0), -1);
	CHECK_INT(totp_check(key, 20, "", now, 0), -1);
	CHECK_INT(totp_check(key, 20, NULL, now, 0), -1);
}

TEST(test_totp_base32_is_what_apps_take)
{
	char b[64];
	totp_base32(key, 20, b, sizeof b);
	CHECK_STR(b, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"); /* RFC 4648 base32 of the key */
	totp_base32((const unsigned char *)"f", 1, b, sizeof b);
	CHECK_STR(b, "MY"); /* no padding */
}

int main(void)
{
	RUN(test_totp_matches_the_rfc_6238_vectors);
	RUN(test_totp_accepts_one_step_either_side_and_never_twice);
	RUN(test_totp_refuses_malformed_codes);
	RUN(test_totp_base32_is_what_apps_take);
	return TEST_DONE();
}
