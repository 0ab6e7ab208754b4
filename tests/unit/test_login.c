/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the login throttle (domain/login): growing waits per
 * (account, address) and per address, none per account alone. */
#include "domain/login.h"
#include "test.h"

TEST(test_login_delay_is_free_then_doubles_up_to_the_cap)
{
	CHECK_INT(login_delay(0, LOGIN_PAIR_FREE), 0);
	CHECK_INT(login_delay(LOGIN_PAIR_FREE - 1, LOGIN_PAIR_FREE), 0);
	CHECK_INT(login_delay(LOGIN_PAIR_FREE, LOGIN_PAIR_FREE), LOGIN_DELAY_BASE_S);
	CHECK_INT(login_delay(LOGIN_PAIR_FREE + 1, LOGIN_PAIR_FREE), 2 * LOGIN_DELAY_BASE_S);
	CHECK_INT(login_delay(LOGIN_PAIR_FREE + 2, LOGIN_PAIR_FREE), 4 * LOGIN_DELAY_BASE_S);
	CHECK_INT(login_delay(LOGIN_PAIR_FREE + 40, LOGIN_PAIR_FREE), LOGIN_DELAY_MAX_S);
	CHECK_INT(login_delay(1000000, LOGIN_PAIR_FREE), LOGIN_DELAY_MAX_S); /* no overflow */
}

TEST(test_login_wait_counts_from_the_last_failure)
{
	struct login_counts k = {
	    .pair = LOGIN_PAIR_FREE, .pair_last = 1000, .address = LOGIN_PAIR_FREE, .address_last = 1000};
	CHECK_INT(login_wait(&k, 1000), LOGIN_DELAY_BASE_S);
	CHECK_INT(login_wait(&k, 1000 + LOGIN_DELAY_BASE_S - 1), 1);
	CHECK_INT(login_wait(&k, 1000 + LOGIN_DELAY_BASE_S), 0);
	k.pair++;
	CHECK_INT(login_wait(&k, 1000 + LOGIN_DELAY_BASE_S), LOGIN_DELAY_BASE_S);
}

TEST(test_login_wait_per_address_whatever_the_accounts)
{
	struct login_counts k = {.pair = 0, .address = LOGIN_ADDRESS_FREE - 1, .address_last = 50};
	CHECK_INT(login_wait(&k, 50), 0);
	k.address++;
	CHECK_INT(login_wait(&k, 50), LOGIN_DELAY_BASE_S);
}

TEST(test_login_failures_of_other_addresses_never_make_the_account_wait)
{
	/* the counts hold no per-account total: a fresh address for an account
	 * that failed a thousand times elsewhere waits nothing */
	struct login_counts k = {0};
	CHECK_INT(login_wait(&k, 12345), 0);
	CHECK(LOGIN_PAIR_FREE <= LOGIN_ADDRESS_FREE);
}

int main(void)
{
	RUN(test_login_delay_is_free_then_doubles_up_to_the_cap);
	RUN(test_login_wait_counts_from_the_last_failure);
	RUN(test_login_wait_per_address_whatever_the_accounts);
	RUN(test_login_failures_of_other_addresses_never_make_the_account_wait);
	return TEST_DONE();
}
