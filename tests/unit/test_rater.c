/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the rater rules (invitation links, revoking, reopening) and of
 * the rater status and kind words. */
#include <stdlib.h>

#include "domain/rater.h"
#include "lib/util.h"
#include "test.h"

#define NOW 1767225600 /* 2026-01-01T00:00:00Z */

TEST(test_rater_link_opens_while_unused_and_unexpired)
{
	const char *why = NULL;
	struct rater_state r = {RATER_LINK, RATER_INVITED, 0, NOW + 1};
	CHECK_INT(rater_link_check(&r, NOW, &why), 0);
	r.status = RATER_DRAFT;
	CHECK_INT(rater_link_check(&r, NOW, &why), 0);
	CHECK(why == NULL);
}

TEST(test_rater_link_expires_at_its_second)
{
	const char *why = NULL;
	struct rater_state r = {RATER_LINK, RATER_DRAFT, 0, NOW};
	CHECK_INT(rater_link_check(&r, NOW, &why), -ERR_GONE);
	CHECK_STR(why, "err.link_expired");
}

TEST(test_rater_link_used_once_submitted)
{
	const char *why = NULL;
	struct rater_state r = {RATER_LINK, RATER_SUBMITTED, 0,
				NOW - 10}; /* used and expired: used says more */
	CHECK_INT(rater_link_check(&r, NOW, &why), -ERR_GONE);
	CHECK_STR(why, "err.link_used");
}

TEST(test_rater_revoked_link_is_gone_before_anything_else)
{
	const char *why = NULL;
	struct rater_state r = {RATER_LINK, RATER_DRAFT, 1, NOW - 10};
	CHECK_INT(rater_link_check(&r, NOW, &why), -ERR_GONE);
	CHECK_STR(why, "err.link_revoked");
}

TEST(test_rater_revoke_only_an_unused_link)
{
	const char *why = NULL;
	struct rater_state r = {RATER_LINK, RATER_INVITED, 0, NOW};
	CHECK_INT(rater_revoke_check(&r, &why), 0);
	r.status = RATER_DRAFT; /* a draft was saved, nothing submitted */
	CHECK_INT(rater_revoke_check(&r, &why), 0);
	r.revoked = 1; /* twice changes nothing */
	CHECK_INT(rater_revoke_check(&r, &why), 0);
	struct rater_state used = {RATER_LINK, RATER_SUBMITTED, 0, NOW};
	CHECK_INT(rater_revoke_check(&used, &why), -ERR_CONFLICT);
	CHECK_STR(why, "err.link_used_no_revoke");
	struct rater_state member = {RATER_MEMBER, RATER_INVITED, 0, 0};
	CHECK_INT(rater_revoke_check(&member, &why), -ERR_CONFLICT);
	CHECK_STR(why, "err.rater_not_link");
}

TEST(test_rater_reopen_a_submitted_sheet_while_the_round_is_open)
{
	const char *why = NULL;
	struct rater_state r = {RATER_MEMBER, RATER_SUBMITTED, 0, 0};
	CHECK_INT(rater_reopen_check(&r, 1, &why), 0);
	struct rater_state link = {RATER_LINK, RATER_SUBMITTED, 0, NOW};
	CHECK_INT(rater_reopen_check(&link, 1, &why), 0);
	CHECK_INT(rater_reopen_check(&r, 0, &why), -ERR_CONFLICT);
	CHECK_STR(why, "err.round_closed");
	r.status = RATER_DRAFT;
	CHECK_INT(rater_reopen_check(&r, 1, &why), -ERR_CONFLICT);
	CHECK_STR(why, "err.not_submitted");
	struct rater_state revoked = {RATER_LINK, RATER_DRAFT, 1, NOW};
	CHECK_INT(rater_reopen_check(&revoked, 1, &why), -ERR_CONFLICT);
	CHECK_STR(why, "err.link_revoked_no_reopen");
}

TEST(test_rater_status_words_round_trip_through_the_enum)
{
	static const struct {
		const char *word;
		enum rater_status status;
	} want[] = {{"uitgenodigd", RATER_INVITED},
		    {"concept", RATER_DRAFT},
		    {"ingediend", RATER_SUBMITTED},
		    {"ingetrokken", RATER_REVOKED}};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		enum rater_status s = RATER_INVITED;
		CHECK_INT(rater_status_parse(want[i].word, &s), 0);
		CHECK_INT(s, want[i].status);
		CHECK_STR(rater_status_name(want[i].status), want[i].word);
	}
}

TEST(test_rater_status_parse_rejects_other_words_and_leaves_out_alone)
{
	enum rater_status s = RATER_DRAFT;
	CHECK_INT(rater_status_parse("Ingediend", &s), -ERR_INVALID); /* case matters: stored text */
	CHECK_INT(rater_status_parse("", &s), -ERR_INVALID);
	CHECK_INT(rater_status_parse("submitted", &s), -ERR_INVALID);
	CHECK_INT(rater_status_parse(NULL, &s), -ERR_INVALID);
	CHECK_INT(s, RATER_DRAFT);
}

TEST(test_rater_kind_words_are_lid_and_link)
{
	enum rater_kind k = RATER_MEMBER;
	CHECK_STR(rater_kind_name(RATER_MEMBER), "lid");
	CHECK_STR(rater_kind_name(RATER_LINK), "link");
	CHECK_INT(rater_kind_parse("link", &k), 0);
	CHECK_INT(k, RATER_LINK);
	CHECK_INT(rater_kind_parse("lid", &k), 0);
	CHECK_INT(k, RATER_MEMBER);
	CHECK_INT(rater_kind_parse("member", &k), -ERR_INVALID);
	CHECK(rater_kinds[2] == NULL);
}

TEST(test_rater_revoked_link_shows_as_ingetrokken_whatever_was_stored)
{
	struct rater_state r = {RATER_LINK, RATER_DRAFT, 0, NOW};
	CHECK_INT(rater_shown_status(&r), RATER_DRAFT);
	r.revoked = 1;
	CHECK_INT(rater_shown_status(&r), RATER_REVOKED);
	CHECK_STR(rater_status_name(rater_shown_status(&r)), "ingetrokken");
	r.status = RATER_INVITED;
	CHECK_INT(rater_shown_status(&r), RATER_REVOKED);
}

TEST(test_rater_free_releases_strings_and_zeroes_the_list)
{
	struct rater_list l = {calloc(2, sizeof(struct rater)), 2};
	l.items[0].name = strdup("Inwoner");
	l.items[0].revoked_at = strdup("2026-01-01T00:00:00Z");
	l.items[1].role_label = strdup("gemeente");
	rater_list_free(&l);
	CHECK(l.items == NULL);
	CHECK_INT(l.n, 0);
	rater_list_free(&l); /* twice is harmless */
	rater_free(NULL);
}

int main(void)
{
	RUN(test_rater_link_opens_while_unused_and_unexpired);
	RUN(test_rater_link_expires_at_its_second);
	RUN(test_rater_link_used_once_submitted);
	RUN(test_rater_revoked_link_is_gone_before_anything_else);
	RUN(test_rater_revoke_only_an_unused_link);
	RUN(test_rater_reopen_a_submitted_sheet_while_the_round_is_open);
	RUN(test_rater_status_words_round_trip_through_the_enum);
	RUN(test_rater_status_parse_rejects_other_words_and_leaves_out_alone);
	RUN(test_rater_kind_words_are_lid_and_link);
	RUN(test_rater_revoked_link_shows_as_ingetrokken_whatever_was_stored);
	RUN(test_rater_free_releases_strings_and_zeroes_the_list);
	return TEST_DONE();
}
