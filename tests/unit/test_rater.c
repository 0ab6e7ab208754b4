/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the rater rules: invitation links, revoking, reopening. */
#include "domain/rater.h"
#include "lib/util.h"
#include "test.h"

#define NOW 1767225600 /* 2026-01-01T00:00:00Z */

TEST(test_rater_link_opens_while_unused_and_unexpired)
{
	const char *why = NULL;
	struct rater_state r = {1, "uitgenodigd", 0, NOW + 1};
	CHECK_INT(rater_link_check(&r, NOW, &why), 0);
	r.status = "concept";
	CHECK_INT(rater_link_check(&r, NOW, &why), 0);
	CHECK(why == NULL);
}

TEST(test_rater_link_expires_at_its_second)
{
	const char *why = NULL;
	struct rater_state r = {1, "concept", 0, NOW};
	CHECK_INT(rater_link_check(&r, NOW, &why), -ERR_GONE);
	CHECK_STR(why, "err.link_expired");
}

TEST(test_rater_link_used_once_submitted)
{
	const char *why = NULL;
	struct rater_state r = {1, "ingediend", 0, NOW - 10}; /* used and expired: used says more */
	CHECK_INT(rater_link_check(&r, NOW, &why), -ERR_GONE);
	CHECK_STR(why, "err.link_used");
}

TEST(test_rater_revoked_link_is_gone_before_anything_else)
{
	const char *why = NULL;
	struct rater_state r = {1, "concept", 1, NOW - 10};
	CHECK_INT(rater_link_check(&r, NOW, &why), -ERR_GONE);
	CHECK_STR(why, "err.link_revoked");
}

TEST(test_rater_revoke_only_an_unused_link)
{
	const char *why = NULL;
	struct rater_state r = {1, "uitgenodigd", 0, NOW};
	CHECK_INT(rater_revoke_check(&r, &why), 0);
	r.status = "concept"; /* a draft was saved, nothing submitted */
	CHECK_INT(rater_revoke_check(&r, &why), 0);
	r.revoked = 1; /* twice changes nothing */
	CHECK_INT(rater_revoke_check(&r, &why), 0);
	struct rater_state used = {1, "ingediend", 0, NOW};
	CHECK_INT(rater_revoke_check(&used, &why), -ERR_CONFLICT);
	CHECK_STR(why, "err.link_used_no_revoke");
	struct rater_state member = {0, "uitgenodigd", 0, 0};
	CHECK_INT(rater_revoke_check(&member, &why), -ERR_CONFLICT);
	CHECK_STR(why, "err.rater_not_link");
}

TEST(test_rater_reopen_a_submitted_sheet_while_the_round_is_open)
{
	const char *why = NULL;
	struct rater_state r = {0, "ingediend", 0, 0};
	CHECK_INT(rater_reopen_check(&r, 1, &why), 0);
	struct rater_state link = {1, "ingediend", 0, NOW};
	CHECK_INT(rater_reopen_check(&link, 1, &why), 0);
	CHECK_INT(rater_reopen_check(&r, 0, &why), -ERR_CONFLICT);
	CHECK_STR(why, "err.round_closed");
	r.status = "concept";
	CHECK_INT(rater_reopen_check(&r, 1, &why), -ERR_CONFLICT);
	CHECK_STR(why, "err.not_submitted");
	struct rater_state revoked = {1, "concept", 1, NOW};
	CHECK_INT(rater_reopen_check(&revoked, 1, &why), -ERR_CONFLICT);
	CHECK_STR(why, "err.link_revoked_no_reopen");
}

int main(void)
{
	RUN(test_rater_link_opens_while_unused_and_unexpired);
	RUN(test_rater_link_expires_at_its_second);
	RUN(test_rater_link_used_once_submitted);
	RUN(test_rater_revoked_link_is_gone_before_anything_else);
	RUN(test_rater_revoke_only_an_unused_link);
	RUN(test_rater_reopen_a_submitted_sheet_while_the_round_is_open);
	return TEST_DONE();
}
