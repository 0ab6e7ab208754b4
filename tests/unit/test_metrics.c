/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the metric kernels (docs/metrics.md) with values worked out by hand, including the
 * retention reference of issue 14. */
#include <stdlib.h>

#include "domain/metrics.h"
#include "test.h"

#define D METRICS_DAY_MS
#define H 3600000LL
/* 2026-11-02, a Monday, 00:00:00Z */
#define MON (20759LL * D)

TEST(test_metrics_days_and_monday_weeks)
{
	CHECK_INT(metrics_day_of(0), 0);
	CHECK_INT(metrics_day_of(D - 1), 0);
	CHECK_INT(metrics_day_of(D), 1);
	CHECK_INT(metrics_day_of(-1), -1);
	CHECK_INT(metrics_monday_of(0), -3); /* 1970-01-01 was a Thursday */
	CHECK_INT(metrics_monday_of(20759), 20759);
	CHECK_INT(metrics_monday_of(20765), 20759); /* Sunday 8 November */
	CHECK_INT(metrics_monday_of(20766), 20766);
	CHECK_INT(metrics_word_parse(metrics_count_words, "vanaf"), METRICS_COUNT_ON_OR_AFTER);
	CHECK_INT(metrics_word_parse(metrics_interval_words, "maand"), METRICS_INTERVAL_MONTH);
	CHECK_INT(metrics_word_parse(metrics_interval_words, "jaar"), -1);
	CHECK_INT(metrics_word_parse(metrics_start_words, NULL), -1);
}

static roaring_bitmap_t *people(const uint32_t *p, size_t n)
{
	return roaring_bitmap_of_ptr(n, p);
}

TEST(test_metrics_dau_wau_mau_count_distinct_persons_in_full_windows_only)
{
	/* 31 days; person 1 every day, person 2 on day 0 only, person 3 on days
	 * 24 and 30, nobody else; day 10 has no events at all */
	roaring_bitmap_t *days[31] = {0};
	const uint32_t one[] = {1}, onetwo[] = {1, 2}, onethree[] = {1, 3};
	for (int i = 0; i < 31; i++)
		if (i != 10)
			days[i] = people(i == 0		      ? onetwo
					 : i == 24 || i == 30 ? onethree
							      : one,
					 i == 0 || i == 24 || i == 30 ? 2 : 1);
	struct metrics_active out[31];
	CHECK_INT(metrics_active_series((const roaring_bitmap_t *const *)days, 31, 100, 0, out), 31);
	CHECK_INT(out[0].day, 100);
	CHECK_INT(out[0].dau, 2);
	CHECK_INT(out[0].wau, -1); /* the window reaches before the data read */
	CHECK_INT(out[5].wau, -1);
	CHECK_INT(out[6].wau, 2);  /* days 0..6: persons 1 and 2 */
	CHECK_INT(out[7].wau, 1);  /* days 1..7: person 2 is out */
	CHECK_INT(out[10].dau, 0); /* a day without events */
	CHECK_INT(out[10].wau, 1);
	CHECK_INT(out[28].mau, -1);
	CHECK_INT(out[29].mau, 3); /* days 0..29: 1, 2 and 3 */
	CHECK_INT(out[30].mau, 2); /* days 1..30: person 2 is out */
	CHECK_INT(out[30].wau, 2); /* days 24..30: 1 and 3 (3 counted once) */
	CHECK_INT(out[30].dau, 2);
	CHECK_NEAR(out[30].stickiness, 1.0, 1e-12);
	CHECK_NEAR(out[29].stickiness, 1.0 / 3.0, 1e-12);
	CHECK(out[0].stickiness < 0);
	/* lead: only the days after it are answered */
	CHECK_INT(metrics_active_series((const roaring_bitmap_t *const *)days, 31, 100, 29, out), 2);
	CHECK_INT(out[0].day, 129);
	CHECK_INT(out[0].mau, 3);
	CHECK_INT(metrics_active_series((const roaring_bitmap_t *const *)days, 31, 100, 31, out), 0);
	/* persons by active days: 1 on 30 days (not day 10), 2 on 1, 3 on 2 */
	int64_t hist[32];
	CHECK_INT(metrics_active_days((const roaring_bitmap_t *const *)days, 31, hist), 0);
	CHECK_INT(hist[30], 1);
	CHECK_INT(hist[1], 1);
	CHECK_INT(hist[2], 1);
	CHECK_INT(hist[31] + hist[29] + hist[3] + hist[0], 0);
	/* over days 25..30 only: 1 on 6 days, 3 on 1 (day 30) */
	CHECK_INT(metrics_active_days((const roaring_bitmap_t *const *)days + 25, 6, hist), 0);
	CHECK_INT(hist[6], 1);
	CHECK_INT(hist[1], 1);
	CHECK_INT(hist[2], 0);
	CHECK_INT(metrics_active_days((const roaring_bitmap_t *const *)days + 10, 1, hist), 0);
	CHECK_INT(hist[1], 0); /* a day without events */
	for (int i = 0; i < 31; i++)
		if (days[i])
			roaring_bitmap_free(days[i]);
}

/* The reference of issue 14: 3 persons start on one day, one returns on
 * day 1, one on day 5, one never. */
static struct metrics_retention *reference(enum metrics_start start, int return_is_any)
{
	struct metrics_retention *r = metrics_retention_new(start, METRICS_INTERVAL_DAY, 7);
	int64_t s = MON + 9 * H;
	CHECK_INT(metrics_retention_add(r, s, 1, 1, return_is_any), 0);
	CHECK_INT(metrics_retention_add(r, s + 1 * H, 2, 1, return_is_any), 0);
	CHECK_INT(metrics_retention_add(r, s + 2 * H, 3, 1, return_is_any), 0);
	CHECK_INT(metrics_retention_add(r, s + 1 * D + 3 * H, 1, 0, 1), 0);	/* day 1 of person 1 */
	CHECK_INT(metrics_retention_add(r, s + 5 * D + 1 * H + 5, 2, 0, 1), 0); /* day 5 of person 2 */
	return r;
}

TEST(test_metrics_retention_reference_on_and_on_or_after)
{
	struct metrics_retention *r = reference(METRICS_START_FIRST, 0);
	size_t n;
	int64_t now = MON + 60 * D;
	struct metrics_cohort *c =
	    metrics_retention_result(r, METRICS_COUNT_ON, now, 20759 - 3, 20759 + 3, &n);
	CHECK_INT(n, 1);
	CHECK_INT(c[0].period, 20759);
	CHECK_INT(c[0].size, 3);
	const int64_t on[] = {0, 1, 0, 0, 0, 1, 0}; /* 0, 33, 0, 0, 0, 33, 0 % */
	for (int j = 0; j < 7; j++)
		CHECK_INT(c[0].count[j], on[j]);
	CHECK_INT(c[0].count[7], -1); /* beyond the intervals asked for */
	free(c);
	c = metrics_retention_result(r, METRICS_COUNT_ON_OR_AFTER, now, 20759, 20759, &n);
	const int64_t after[] = {2, 2, 1, 1, 1, 1, 0}; /* days 1..6: 67, 33, 33, 33, 33, 0 % */
	for (int j = 0; j < 7; j++)
		CHECK_INT(c[0].count[j], after[j]);
	free(c);
	metrics_retention_free(r);
	/* the return event may be any event, the start included: interval 0 is 100 % */
	r = reference(METRICS_START_FIRST, 1);
	c = metrics_retention_result(r, METRICS_COUNT_ON, now, 20759, 20759, &n);
	CHECK_INT(c[0].count[0], 3);
	CHECK_INT(c[0].count[1], 1);
	CHECK_INT(c[0].count[5], 1);
	free(c);
	metrics_retention_free(r);
}

TEST(test_metrics_retention_cells_not_elapsed_for_every_person_are_incomplete_never_zero)
{
	struct metrics_retention *r = reference(METRICS_START_FIRST, 0);
	size_t n;
	/* the latest start is at 11:00 on day 0: interval 2 of that person ends
	 * at day 3 11:00 */
	int64_t last = MON + 11 * H;
	struct metrics_cohort *c =
	    metrics_retention_result(r, METRICS_COUNT_ON, last + 3 * D, 20759, 20759, &n);
	CHECK_INT(c[0].count[0], 0);
	CHECK_INT(c[0].count[1], 1);
	CHECK_INT(c[0].count[2], 0);  /* fully elapsed: a real 0 */
	CHECK_INT(c[0].count[3], -1); /* not yet for person 3 */
	free(c);
	c = metrics_retention_result(r, METRICS_COUNT_ON_OR_AFTER, last + 3 * D - 1, 20759, 20759, &n);
	CHECK_INT(c[0].count[1], 2);
	CHECK_INT(c[0].count[2], -1); /* one millisecond short */
	free(c);
	metrics_retention_free(r);
}

TEST(test_metrics_retention_week_boundaries_are_exact_and_cohorts_are_monday_weeks)
{
	struct metrics_retention *r = metrics_retention_new(METRICS_START_FIRST, METRICS_INTERVAL_WEEK, 4);
	/* person 1 starts Monday 00:00:00Z, person 2 Sunday 23:59:59Z: one cohort */
	int64_t s1 = MON, s2 = MON + 7 * D - 1000;
	metrics_retention_add(r, s1, 1, 1, 0);
	metrics_retention_add(r, s2, 2, 1, 0);
	metrics_retention_add(r, s1 + 7 * D - 1, 1, 0, 1); /* one ms before week 1: week 0 */
	metrics_retention_add(r, s2 + 7 * D, 2, 0, 1);	   /* exactly s + 7 d: week 1 */
	metrics_retention_add(r, s2 + 7 * D + 5, 2, 0, 1); /* a duplicate return in the same week */
	/* person 3 starts the next Monday: the next cohort */
	metrics_retention_add(r, MON + 7 * D, 3, 1, 0);
	size_t n;
	struct metrics_cohort *c =
	    metrics_retention_result(r, METRICS_COUNT_ON, MON + 100 * D, 20759, 20759 + 13, &n);
	CHECK_INT(n, 2);
	CHECK_INT(c[0].period, 20759);
	CHECK_INT(c[0].size, 2);
	CHECK_INT(c[0].count[0], 1);
	CHECK_INT(c[0].count[1], 1);
	CHECK_INT(c[0].count[2], 0);
	CHECK_INT(c[1].period, 20766);
	CHECK_INT(c[1].size, 1);
	free(c);
	/* cohorts outside [from, to] are left out; a window from mid-week starts at the next Monday */
	c = metrics_retention_result(r, METRICS_COUNT_ON, MON + 100 * D, 20760, 20767, &n);
	CHECK_INT(n, 1);
	CHECK_INT(c[0].period, 20766);
	free(c);
	metrics_retention_free(r);
}

TEST(test_metrics_retention_first_time_counts_a_person_once_recurring_once_per_period)
{
	for (int rec = 0; rec < 2; rec++) {
		struct metrics_retention *r = metrics_retention_new(
		    rec ? METRICS_START_RECURRING : METRICS_START_FIRST, METRICS_INTERVAL_DAY, 5);
		/* person 7 starts before the window (day -2), again on day 0 twice
		 * and on day 2, and returns on day 3 */
		metrics_retention_add(r, MON - 2 * D + H, 7, 1, 0);
		metrics_retention_add(r, MON + H, 7, 1, 0);
		metrics_retention_add(r, MON + 2 * H, 7, 1, 0);
		metrics_retention_add(r, MON + 2 * D + H, 7, 1, 0);
		metrics_retention_add(r, MON + 3 * D + 2 * H, 7, 0, 1);
		size_t n;
		struct metrics_cohort *c =
		    metrics_retention_result(r, METRICS_COUNT_ON, MON + 50 * D, 20759, 20765, &n);
		if (!rec) {
			/* first-time: the first start ever was before the window */
			CHECK_INT(n, 0);
			CHECK(c == NULL);
			free(c);
			c = metrics_retention_result(r, METRICS_COUNT_ON, MON + 50 * D, 20755, 20765, &n);
			CHECK_INT(n, 1);
			CHECK_INT(c[0].period, 20757);
			CHECK_INT(c[0].count[4], 0); /* day 3 after day 0 01:00 is interval 5 */
		} else {
			CHECK_INT(n, 2); /* day 0 (once, from 01:00) and day 2 */
			CHECK_INT(c[0].period, 20759);
			CHECK_INT(c[0].size, 1);
			CHECK_INT(c[0].count[3], 1); /* day 3 02:00 is 3 d 1 h after day 0 01:00 */
			CHECK_INT(c[1].period, 20761);
			CHECK_INT(c[1].count[1], 1);
		}
		free(c);
		metrics_retention_free(r);
	}
}

TEST(test_metrics_retention_minimum_returns)
{
	struct metrics_retention *r = metrics_retention_new(METRICS_START_FIRST, METRICS_INTERVAL_DAY, 4);
	/* person 1: two returns on day 1, one on day 2; person 2: one return on days 1, 2 and 3 */
	metrics_retention_add(r, MON, 1, 1, 0);
	metrics_retention_add(r, MON + H, 2, 1, 0);
	metrics_retention_add(r, MON + D + 2 * H, 1, 0, 1);
	metrics_retention_add(r, MON + D + 3 * H, 1, 0, 1);
	metrics_retention_add(r, MON + D + 4 * H, 2, 0, 1);
	metrics_retention_add(r, MON + 2 * D + 4 * H, 1, 0, 1);
	metrics_retention_add(r, MON + 2 * D + 5 * H, 2, 0, 1);
	metrics_retention_add(r, MON + 3 * D + 5 * H, 2, 0, 1);
	metrics_retention_add(r, MON + 9 * D, 2, 0, 1); /* beyond the last interval */
	metrics_retention_min(r, 2);
	size_t n;
	struct metrics_cohort *c =
	    metrics_retention_result(r, METRICS_COUNT_ON, MON + 30 * D, 20759, 20759, &n);
	CHECK_INT(c[0].count[1], 1); /* person 1 only */
	CHECK_INT(c[0].count[2], 0);
	free(c);
	c = metrics_retention_result(r, METRICS_COUNT_ON_OR_AFTER, MON + 30 * D, 20759, 20759, &n);
	CHECK_INT(c[0].count[1], 2); /* both have 3 or more from day 1 on */
	CHECK_INT(c[0].count[2], 1); /* person 1 has 1 from day 2 on, person 2 has 3 */
	CHECK_INT(c[0].count[3], 1); /* person 2: day 3 and day 9 */
	free(c);
	metrics_retention_min(r, 1);
	c = metrics_retention_result(r, METRICS_COUNT_ON, MON + 30 * D, 20759, 20759, &n);
	CHECK_INT(c[0].count[1], 2);
	CHECK_INT(c[0].count[3], 1);
	free(c);
	metrics_retention_free(r);
}

TEST(test_metrics_retention_empty_and_bad_arguments)
{
	CHECK(metrics_retention_new(METRICS_START_FIRST, METRICS_INTERVAL_DAY, 0) == NULL);
	CHECK(metrics_retention_new(METRICS_START_FIRST, METRICS_INTERVAL_DAY, METRICS_MAX_INTERVALS + 1) ==
	      NULL);
	struct metrics_retention *r = metrics_retention_new(METRICS_START_FIRST, METRICS_INTERVAL_DAY, 3);
	size_t n = 9;
	CHECK(metrics_retention_result(r, METRICS_COUNT_ON, MON, 20759, 20765, &n) == NULL);
	CHECK_INT(n, 0);
	metrics_retention_add(r, MON, 1, 0, 1); /* a return without a start counts nowhere */
	CHECK(metrics_retention_result(r, METRICS_COUNT_ON, MON, 20759, 20765, &n) == NULL);
	CHECK(metrics_retention_result(r, METRICS_COUNT_ON, MON, 20765, 20759, &n) == NULL);
	metrics_retention_free(r);
	metrics_retention_free(NULL);
}

/* Unix ms of a UTC time */
static int64_t utc(int64_t day, int h, int m, int sec)
{
	return day * D + h * H + (int64_t)m * 60000 + sec * 1000LL;
}

TEST(test_metrics_amsterdam_days_follow_summer_time_exactly)
{
	/* 2026: summer time from Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC */
	int64_t mar29 = 20541, oct25 = 20751;
	CHECK_INT(metrics_tz_offset(METRICS_TZ_AMSTERDAM, utc(mar29, 0, 59, 59)), H);
	CHECK_INT(metrics_tz_offset(METRICS_TZ_AMSTERDAM, utc(mar29, 1, 0, 0)), 2 * H);
	CHECK_INT(metrics_tz_offset(METRICS_TZ_AMSTERDAM, utc(oct25, 0, 59, 59)), 2 * H);
	CHECK_INT(metrics_tz_offset(METRICS_TZ_AMSTERDAM, utc(oct25, 1, 0, 0)), H);
	CHECK_INT(metrics_tz_offset(METRICS_TZ_UTC, utc(mar29, 12, 0, 0)), 0);
	/* 28 March 23:00 UTC is 29 March 00:00 CET; 22:59:59 is still the 28th */
	CHECK_INT(metrics_local_day(METRICS_TZ_AMSTERDAM, utc(mar29 - 1, 23, 0, 0)), mar29);
	CHECK_INT(metrics_local_day(METRICS_TZ_AMSTERDAM, utc(mar29 - 1, 22, 59, 59)), mar29 - 1);
	/* 24 October 22:00 UTC is 25 October 00:00 CEST; on the 25th (25 hours long) 22:59:59 UTC is 23:59:59
	 * CET */
	CHECK_INT(metrics_local_day(METRICS_TZ_AMSTERDAM, utc(oct25 - 1, 22, 0, 0)), oct25);
	CHECK_INT(metrics_local_day(METRICS_TZ_AMSTERDAM, utc(oct25 - 1, 21, 59, 59)), oct25 - 1);
	CHECK_INT(metrics_local_day(METRICS_TZ_AMSTERDAM, utc(oct25, 22, 59, 59)), oct25);
	CHECK_INT(metrics_local_day(METRICS_TZ_AMSTERDAM, utc(oct25, 23, 0, 0)), oct25 + 1);
	/* a winter day: 29 November 2026 starts at 28 November 23:00 UTC */
	CHECK_INT(metrics_local_day_start(METRICS_TZ_AMSTERDAM, 20786), utc(20785, 23, 0, 0));
	CHECK_INT(metrics_local_day_start(METRICS_TZ_AMSTERDAM, mar29), utc(mar29 - 1, 23, 0, 0));
	CHECK_INT(metrics_local_day_start(METRICS_TZ_AMSTERDAM, mar29 + 1), utc(mar29, 22, 0, 0));
	CHECK_INT(metrics_local_day_start(METRICS_TZ_AMSTERDAM, oct25), utc(oct25 - 1, 22, 0, 0));
	CHECK_INT(metrics_local_day_start(METRICS_TZ_AMSTERDAM, oct25 + 1), utc(oct25, 23, 0, 0));
	CHECK_INT(metrics_local_day_start(METRICS_TZ_UTC, 7), 7 * D);
	CHECK_INT(metrics_word_parse(metrics_tz_words, "Europe/Amsterdam"), METRICS_TZ_AMSTERDAM);
}

/* Span-fed retention (the store's day spans): fed out of time order, two
 * passes, the same cells as the events in time order; a span across a
 * week boundary counts in both weeks; not exact where it cannot be. */
TEST(test_metrics_retention_from_day_spans_equals_events)
{
	/* the reference: three persons start Monday 10:00; one returns on day
	 * 1, one on day 5, one never; days 1..6 on 33, 0, 0, 0, 33, 0 % */
	struct metrics_retention *r = metrics_retention_new(METRICS_START_FIRST, METRICS_INTERVAL_DAY, 7);
	CHECK(metrics_retention_spans_exact(r));
	/* pass 1: every span's first time, in any order (later ones first) */
	CHECK_INT(metrics_retention_first_seen(r, 1, MON + 5 * D + 11 * H), 0);
	CHECK_INT(metrics_retention_first_seen(r, 1, MON + 10 * H), 0);
	CHECK_INT(metrics_retention_first_seen(r, 0, MON + 1 * D + 9 * H), 0);
	CHECK_INT(metrics_retention_first_seen(r, 0, MON + 10 * H), 0);
	CHECK_INT(metrics_retention_first_seen(r, 2, MON + 10 * H), 0);
	/* pass 2: spans [lo, hi] of one UTC day each */
	CHECK_INT(metrics_retention_span(r, 1, MON + 5 * D + 11 * H, MON + 5 * D + 12 * H), 0);
	CHECK_INT(metrics_retention_span(r, 0, MON + 1 * D + 9 * H, MON + 1 * D + 13 * H), 0);
	CHECK_INT(metrics_retention_span(r, 0, MON + 10 * H, MON + 10 * H), 0);
	CHECK_INT(metrics_retention_span(r, 1, MON + 10 * H, MON + 10 * H), 0);
	CHECK_INT(metrics_retention_span(r, 2, MON + 10 * H, MON + 10 * H), 0);
	size_t n;
	struct metrics_cohort *c =
	    metrics_retention_result(r, METRICS_COUNT_ON, MON + 60 * D, 20759, 20759, &n);
	CHECK_INT(n, 1);
	CHECK_INT(c[0].size, 3);
	/* person 0's day-1 span 09:00..13:00 crosses s + 1 d (10:00): days 0 and 1 */
	const int64_t on[] = {3, 1, 0, 0, 0, 1, 0};
	for (int j = 0; j < 7; j++)
		CHECK_INT(c[0].count[j], on[j]);
	free(c);
	c = metrics_retention_result(r, METRICS_COUNT_ON_OR_AFTER, MON + 60 * D, 20759, 20759, &n);
	const int64_t after[] = {3, 2, 1, 1, 1, 1, 0};
	for (int j = 0; j < 7; j++)
		CHECK_INT(c[0].count[j], after[j]);
	free(c);
	metrics_retention_free(r);
	/* weekly: a span from s + 7 d - 1 s to s + 7 d counts in weeks 0 and 1 */
	r = metrics_retention_new(METRICS_START_FIRST, METRICS_INTERVAL_WEEK, 3);
	CHECK_INT(metrics_retention_first_seen(r, 5, MON + 10 * H), 0);
	CHECK_INT(metrics_retention_span(r, 5, MON + 7 * D + 10 * H - 1000, MON + 7 * D + 10 * H), 0);
	CHECK_INT(metrics_retention_span(r, 6, MON, MON), 0); /* never started: nothing */
	c = metrics_retention_result(r, METRICS_COUNT_ON, MON + 60 * D, 20759, 20759, &n);
	CHECK_INT(n, 1);
	CHECK_INT(c[0].size, 1);
	CHECK_INT(c[0].count[0], 1);
	CHECK_INT(c[0].count[1], 1);
	CHECK_INT(c[0].count[2], 0);
	free(c);
	metrics_retention_free(r);
	/* not exact: recurring starts, two returns needed, Amsterdam calendar */
	r = metrics_retention_new(METRICS_START_RECURRING, METRICS_INTERVAL_WEEK, 3);
	CHECK(!metrics_retention_spans_exact(r));
	CHECK_INT(metrics_retention_first_seen(r, 1, MON), -1);
	metrics_retention_free(r);
	r = metrics_retention_new(METRICS_START_FIRST, METRICS_INTERVAL_WEEK, 3);
	metrics_retention_min(r, 2);
	CHECK(!metrics_retention_spans_exact(r));
	CHECK_INT(metrics_retention_span(r, 1, MON, MON), -1);
	metrics_retention_min(r, 1);
	metrics_retention_options(r, METRICS_TZ_AMSTERDAM, 1);
	CHECK(!metrics_retention_spans_exact(r));
	metrics_retention_options(r, METRICS_TZ_AMSTERDAM, 0);
	CHECK(metrics_retention_spans_exact(r));
	metrics_retention_options(r, METRICS_TZ_UTC, 1);
	CHECK(metrics_retention_spans_exact(r));
	metrics_retention_free(r);
}

int main(void)
{
	RUN(test_metrics_days_and_monday_weeks);
	RUN(test_metrics_dau_wau_mau_count_distinct_persons_in_full_windows_only);
	RUN(test_metrics_retention_reference_on_and_on_or_after);
	RUN(test_metrics_retention_cells_not_elapsed_for_every_person_are_incomplete_never_zero);
	RUN(test_metrics_retention_week_boundaries_are_exact_and_cohorts_are_monday_weeks);
	RUN(test_metrics_retention_first_time_counts_a_person_once_recurring_once_per_period);
	RUN(test_metrics_retention_minimum_returns);
	RUN(test_metrics_retention_empty_and_bad_arguments);
	RUN(test_metrics_amsterdam_days_follow_summer_time_exactly);
	RUN(test_metrics_retention_from_day_spans_equals_events);
	return TEST_DONE();
}
