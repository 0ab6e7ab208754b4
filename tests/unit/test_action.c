/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the action list rules: the status words and when an action is overdue. */
#include <stdlib.h>

#include "domain/action.h"
#include "lib/util.h"
#include "test.h"

TEST(test_action_overdue_when_open_or_bezig_and_due_before_today)
{
	CHECK_INT(action_overdue(ACTION_OPEN, "2026-03-09", "2026-03-10"), 1);
	CHECK_INT(action_overdue(ACTION_IN_PROGRESS, "2025-12-31", "2026-01-01"), 1); /* across a year */
}

TEST(test_action_due_today_is_not_overdue_yet)
{
	CHECK_INT(action_overdue(ACTION_OPEN, "2026-03-10", "2026-03-10"), 0);
	CHECK_INT(action_overdue(ACTION_OPEN, "2026-03-11", "2026-03-10"), 0);
}

TEST(test_action_done_or_dropped_is_never_overdue)
{
	CHECK_INT(action_overdue(ACTION_DONE, "2020-01-01", "2026-03-10"), 0);
	CHECK_INT(action_overdue(ACTION_DROPPED, "2020-01-01", "2026-03-10"), 0);
}

TEST(test_action_without_due_date_is_never_overdue)
{
	CHECK_INT(action_overdue(ACTION_OPEN, NULL, "2026-03-10"), 0);
	CHECK_INT(action_overdue(ACTION_OPEN, "", "2026-03-10"), 0);
	CHECK_INT(action_overdue(ACTION_OPEN, "2020-01-01", NULL), 0);
}

TEST(test_action_overdue_compares_dates_not_numbers)
{
	/* Zero-padded months and days: 2026-10-01 is after 2026-09-30. */
	CHECK_INT(action_overdue(ACTION_OPEN, "2026-09-30", "2026-10-01"), 1);
	CHECK_INT(action_overdue(ACTION_OPEN, "2026-10-01", "2026-09-30"), 0);
}

TEST(test_action_status_words_round_trip_through_the_enum)
{
	static const struct {
		const char *word;
		enum action_status status;
	} want[] = {{"open", ACTION_OPEN},
		    {"bezig", ACTION_IN_PROGRESS},
		    {"klaar", ACTION_DONE},
		    {"vervallen", ACTION_DROPPED}};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		enum action_status s = ACTION_OPEN;
		CHECK_INT(action_status_parse(want[i].word, &s), 0);
		CHECK_INT(s, want[i].status);
		CHECK_STR(action_status_name(want[i].status), want[i].word);
		CHECK_STR(action_statuses[want[i].status], want[i].word); /* the choices a form offers */
	}
	CHECK(action_statuses[4] == NULL);
}

TEST(test_action_status_parse_knows_only_the_four_words)
{
	enum action_status s = ACTION_DONE;
	CHECK_INT(action_status_parse("Open", &s), -ERR_INVALID);
	CHECK_INT(action_status_parse("", &s), -ERR_INVALID);
	CHECK_INT(action_status_parse("done", &s), -ERR_INVALID);
	CHECK_INT(action_status_parse(NULL, &s), -ERR_INVALID);
	CHECK_INT(s, ACTION_DONE);
}

TEST(test_action_free_releases_parties_and_zeroes_the_list)
{
	struct action_list l = {calloc(1, sizeof(struct action)), 1};
	l.items[0].title = strdup("Financiering regelen");
	l.items[0].parties = calloc(2, sizeof(struct action_party));
	l.items[0].parties[0].type = strdup("markt");
	l.items[0].parties[0].label = strdup("");
	l.items[0].n_parties = 1;
	action_list_free(&l);
	CHECK(l.items == NULL);
	CHECK_INT(l.n, 0);
	action_free(NULL);
}

int main(void)
{
	RUN(test_action_overdue_when_open_or_bezig_and_due_before_today);
	RUN(test_action_due_today_is_not_overdue_yet);
	RUN(test_action_done_or_dropped_is_never_overdue);
	RUN(test_action_without_due_date_is_never_overdue);
	RUN(test_action_overdue_compares_dates_not_numbers);
	RUN(test_action_status_words_round_trip_through_the_enum);
	RUN(test_action_status_parse_knows_only_the_four_words);
	RUN(test_action_free_releases_parties_and_zeroes_the_list);
	return TEST_DONE();
}
