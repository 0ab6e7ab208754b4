/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the token lifetime rules (domain/token). */
#include "domain/token.h"
#include "test.h"

TEST(test_token_days_between_one_and_the_maximum)
{
	CHECK_INT(token_days_ok(0), 0);
	CHECK_INT(token_days_ok(-1), 0);
	CHECK_INT(token_days_ok(1), 1);
	CHECK_INT(token_days_ok(TOKEN_DAYS_DEFAULT), 1);
	CHECK_INT(token_days_ok(TOKEN_DAYS_MAX), 1);
	CHECK_INT(token_days_ok(TOKEN_DAYS_MAX + 1), 0);
	CHECK_INT(token_days_ok(INT64_MAX), 0);
}

TEST(test_token_expires_whole_days_after_creation)
{
	CHECK_INT(token_expires(1000, 1), 1000 + 86400);
	CHECK_INT(token_expires(0, TOKEN_DAYS_DEFAULT), 90 * 86400);
}

TEST(test_token_valid_strictly_before_expiry)
{
	CHECK_INT(token_valid(2000, 1999), 1);
	CHECK_INT(token_valid(2000, 2000), 0);
	CHECK_INT(token_valid(2000, 2001), 0);
}

int main(void)
{
	RUN(test_token_days_between_one_and_the_maximum);
	RUN(test_token_expires_whole_days_after_creation);
	RUN(test_token_valid_strictly_before_expiry);
	return TEST_DONE();
}
