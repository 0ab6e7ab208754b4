/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the action list rules: statuses and when an action is overdue. */
#include "domain/action.h"
#include "test.h"

TEST(test_action_overdue_when_open_or_bezig_and_due_before_today)
{
	CHECK_INT(action_overdue("open", "2026-03-09", "2026-03-10"), 1);
	CHECK_INT(action_overdue("bezig", "2025-12-31", "2026-01-01"), 1); /* across a year */
}

TEST(test_action_due_today_is_not_overdue_yet)
{
	CHECK_INT(action_overdue("open", "2026-03-10", "2026-03-10"), 0);
	CHECK_INT(action_overdue("open", "2026-03-11", "2026-03-10"), 0);
}

TEST(test_action_done_or_dropped_is_never_overdue)
{
	CHECK_INT(action_overdue("klaar", "2020-01-01", "2026-03-10"), 0);
	CHECK_INT(action_overdue("vervallen", "2020-01-01", "2026-03-10"), 0);
}

TEST(test_action_without_due_date_is_never_overdue)
{
	CHECK_INT(action_overdue("open", NULL, "2026-03-10"), 0);
	CHECK_INT(action_overdue("open", "", "2026-03-10"), 0);
	CHECK_INT(action_overdue(NULL, "2020-01-01", "2026-03-10"), 0);
}

TEST(test_action_overdue_compares_dates_not_numbers)
{
	/* Zero-padded months and days: 2026-10-01 is after 2026-09-30. */
	CHECK_INT(action_overdue("open", "2026-09-30", "2026-10-01"), 1);
	CHECK_INT(action_overdue("open", "2026-10-01", "2026-09-30"), 0);
}

TEST(test_action_status_valid_knows_the_four_statuses)
{
	CHECK_INT(action_status_valid("open"), 1);
	CHECK_INT(action_status_valid("bezig"), 1);
	CHECK_INT(action_status_valid("klaar"), 1);
	CHECK_INT(action_status_valid("vervallen"), 1);
	CHECK_INT(action_status_valid("Open"), 0);
	CHECK_INT(action_status_valid(""), 0);
	CHECK_INT(action_status_valid(NULL), 0);
}

int main(void)
{
	RUN(test_action_overdue_when_open_or_bezig_and_due_before_today);
	RUN(test_action_due_today_is_not_overdue_yet);
	RUN(test_action_done_or_dropped_is_never_overdue);
	RUN(test_action_without_due_date_is_never_overdue);
	RUN(test_action_overdue_compares_dates_not_numbers);
	RUN(test_action_status_valid_knows_the_four_statuses);
	return TEST_DONE();
}
