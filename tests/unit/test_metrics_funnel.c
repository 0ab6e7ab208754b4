/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the funnel and lifecycle kernels (docs/metrics.md, "Funnels" and "Lifecycle") with
 * values worked out by hand: window end inclusive, ties in one second, strict against loose order, the
 * first occurrence of step 1, duplicates, breakdown groups, empty data; lifecycle with a person whose
 * first event precedes the window, periods of days, Monday weeks across the DST change and months. */
#include <stdlib.h>

#include "domain/metrics.h"
#include "domain/metrics_funnel.h"
#include "domain/metrics_lifecycle.h"
#include "test.h"

#define S 1000LL
#define H (3600 * S)
#define D (24 * H)
#define W (7 * D)
/* 2026-11-02, a Monday, 00:00:00Z */
#define T0 (20759LL * D)
enum { A = 1, B = 2, C = 3, X = 9 };

struct ev {
	int64_t ts;
	uint32_t person, name, group;
};

static int cmp_ev(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;
	return (x->ts > y->ts) - (x->ts < y->ts);
}

/* Feeds events sorted by time (stable enough: fixtures have no equal times
 * that matter) and ends the input. */
static struct metrics_funnel *run(const uint32_t *steps, int n, int64_t window_s, int strict, int64_t from,
				  int64_t to, struct ev *e, size_t ne)
{
	qsort(e, ne, sizeof *e, cmp_ev);
	struct metrics_funnel *f = metrics_funnel_new(steps, n, window_s, strict, from, to);
	CHECK(f != NULL);
	for (size_t i = 0; i < ne; i++)
		CHECK_INT(metrics_funnel_add(f, e[i].ts, e[i].person, e[i].name, e[i].group), 0);
	CHECK_INT(metrics_funnel_end(f), 0);
	return f;
}

TEST(test_funnel_loose_order_window_end_inclusive_and_medians)
{
	const uint32_t steps[] = {A, B, C};
	struct ev e[] = {
	    /* 1: A, B after 1 h, C after another h: all three */
	    {T0, 1, A, 0},
	    {T0 + H, 1, B, 0},
	    {T0 + 2 * H, 1, C, 0},
	    /* 2: A, C, then B: C came before B, so only two steps */
	    {T0, 2, A, 0},
	    {T0 + H, 2, C, 0},
	    {T0 + 2 * H, 2, B, 0},
	    /* 3: B exactly 7 days after A (end inclusive), C one second later: out */
	    {T0, 3, A, 0},
	    {T0 + W, 3, B, 0},
	    {T0 + W + S, 3, C, 0},
	    /* 4: B before A: only step 1 */
	    {T0 + H, 4, B, 0},
	    {T0 + 2 * H, 4, A, 0},
	    /* 5: B one second after the window: only step 1 */
	    {T0, 5, A, 0},
	    {T0 + W + S, 5, B, 0},
	};
	struct metrics_funnel *f = run(steps, 3, 7 * 86400, 0, T0, T0 + D, e, sizeof e / sizeof *e);
	struct metrics_funnel_step r[3];
	CHECK_INT(metrics_funnel_result(f, -1, r), 0);
	CHECK_INT(r[0].persons, 5);
	CHECK_INT(r[1].persons, 3);
	CHECK_INT(r[2].persons, 1);
	CHECK_NEAR(r[0].median_s, -1, 0);
	CHECK_NEAR(r[1].median_s, 7200, 0); /* 3,600, 7,200 and 604,800 s */
	CHECK_NEAR(r[2].median_s, 3600, 0);
	CHECK_NEAR(r[2].median_total_s, 7200, 0);
	CHECK_INT(metrics_funnel_groups(f), 1);
	metrics_funnel_free(f);
}

TEST(test_funnel_ties_in_the_same_second_count_in_any_order)
{
	const uint32_t steps[] = {A, B};
	struct ev e[] = {
	    /* 1: B 800 ms before A, in the same second: a tie, converted in 0 s */
	    {T0 + 100, 1, B, 0},
	    {T0 + 900, 1, A, 0},
	    /* 2: B in the second before A: not converted */
	    {T0 + 5 * S + 999, 2, B, 0},
	    {T0 + 6 * S, 2, A, 0},
	    /* 3: A and B at the very same millisecond */
	    {T0 + 9 * S, 3, A, 0},
	    {T0 + 9 * S, 3, B, 0},
	};
	struct metrics_funnel *f = run(steps, 2, 60, 0, T0, T0 + D, e, sizeof e / sizeof *e);
	struct metrics_funnel_step r[2];
	metrics_funnel_result(f, -1, r);
	CHECK_INT(r[0].persons, 3);
	CHECK_INT(r[1].persons, 2);
	CHECK_NEAR(r[1].median_s, 0, 0);
	metrics_funnel_free(f);
}

TEST(test_funnel_strict_order_breaks_on_another_event_loose_does_not)
{
	const uint32_t steps[] = {A, B};
	struct ev e[] = {
	    /* 1: A, X a minute later, B: loose 2 steps, strict 1 */
	    {T0, 1, A, 0},
	    {T0 + 60 * S, 1, X, 0},
	    {T0 + 120 * S, 1, B, 0},
	    /* 2: X in the same second as A is a tie: strict still reaches B */
	    {T0 + 10, 2, A, 0},
	    {T0 + 20, 2, X, 0},
	    {T0 + 120 * S, 2, B, 0},
	    /* 3: A, A again later, B: a repeat of step 1 breaks strict order too */
	    {T0, 3, A, 0},
	    {T0 + 30 * S, 3, A, 0},
	    {T0 + 60 * S, 3, B, 0},
	};
	struct ev e2[sizeof e / sizeof *e];
	for (size_t i = 0; i < sizeof e / sizeof *e; i++)
		e2[i] = e[i];
	struct metrics_funnel_step r[2];
	struct metrics_funnel *loose = run(steps, 2, 3600, 0, T0, T0 + D, e, sizeof e / sizeof *e);
	metrics_funnel_result(loose, -1, r);
	CHECK_INT(r[0].persons, 3);
	CHECK_INT(r[1].persons, 3);
	metrics_funnel_free(loose);
	struct metrics_funnel *strict = run(steps, 2, 3600, 1, T0, T0 + D, e2, sizeof e2 / sizeof *e2);
	metrics_funnel_result(strict, -1, r);
	CHECK_INT(r[0].persons, 3);
	CHECK_INT(r[1].persons, 1);
	CHECK_NEAR(r[1].median_s, 120, 0);
	metrics_funnel_free(strict);
}

TEST(test_funnel_step_one_is_the_first_occurrence_in_the_range)
{
	const uint32_t steps[] = {A, B};
	struct ev e[] = {
	    /* 1: an A the day before the range is not read as an entry; the window
	     * runs from the first A in the range (+1 s), so B at +8 d is out */
	    {T0 - D, 1, A, 0},
	    {T0 + S, 1, A, 0},
	    {T0 + 8 * D, 1, B, 0},
	    /* 2: a second A does not restart the window: B 7 d + 10 s after the
	     * first A is out even though it is 2 d after the second */
	    {T0 + 2 * S, 2, A, 0},
	    {T0 + 5 * D, 2, A, 0},
	    {T0 + W + 12 * S, 2, B, 0},
	    /* 3: duplicates (the same A twice, the same B twice) count once */
	    {T0 + 3 * S, 3, A, 0},
	    {T0 + 3 * S, 3, A, 0},
	    {T0 + 4 * S, 3, B, 0},
	    {T0 + 4 * S, 3, B, 0},
	    /* 4: A exactly at the end of the range [from, to) does not enter */
	    {T0 + D, 4, A, 0},
	    {T0 + D + S, 4, B, 0},
	};
	struct metrics_funnel *f = run(steps, 2, 7 * 86400, 0, T0, T0 + D, e, sizeof e / sizeof *e);
	struct metrics_funnel_step r[2];
	metrics_funnel_result(f, -1, r);
	CHECK_INT(r[0].persons, 3);
	CHECK_INT(r[1].persons, 1);
	CHECK_NEAR(r[1].median_s, 1, 0);
	metrics_funnel_free(f);
}

TEST(test_funnel_breakdown_groups_and_empty_data)
{
	const uint32_t steps[] = {A, B};
	struct ev e[] = {
	    {T0, 1, A, 0},	   {T0 + S, 1, B, 0},	  {T0, 2, A, 1},	  {T0, 3, A, 1},
	    {T0 + 5 * S, 3, B, 1}, {T0 + 9 * S, 4, A, 1}, {T0 + 20 * S, 4, B, 0}, /* the group comes from step
										     1 */
	};
	struct metrics_funnel *f = run(steps, 2, 60, 0, T0, T0 + D, e, sizeof e / sizeof *e);
	struct metrics_funnel_step r[2];
	CHECK_INT(metrics_funnel_groups(f), 2);
	metrics_funnel_result(f, 0, r);
	CHECK_INT(r[0].persons, 1);
	CHECK_INT(r[1].persons, 1);
	metrics_funnel_result(f, 1, r);
	CHECK_INT(r[0].persons, 3);
	CHECK_INT(r[1].persons, 2);
	CHECK_NEAR(r[1].median_s, 8, 0); /* 5 and 11 s */
	metrics_funnel_result(f, -1, r);
	CHECK_INT(r[0].persons, 4);
	CHECK_INT(r[1].persons, 3);
	CHECK_NEAR(r[1].median_s, 5, 0); /* 1, 5, 11 */
	metrics_funnel_free(f);

	struct metrics_funnel *none = metrics_funnel_new(steps, 2, 60, 0, T0, T0 + D);
	CHECK_INT(metrics_funnel_end(none), 0);
	CHECK_INT(metrics_funnel_groups(none), 0);
	metrics_funnel_result(none, -1, r);
	CHECK_INT(r[0].persons, 0);
	CHECK_INT(r[1].persons, 0);
	CHECK_NEAR(r[1].median_s, -1, 0);
	metrics_funnel_free(none);

	CHECK(metrics_funnel_new(steps, 1, 60, 0, 0, 1) == NULL);
	CHECK(metrics_funnel_new(steps, 11, 60, 0, 0, 1) == NULL);
	CHECK(metrics_funnel_new(steps, 2, 0, 0, 0, 1) == NULL);
}

static roaring_bitmap_t *set(const uint32_t *p, size_t n)
{
	return roaring_bitmap_of_ptr(n, p);
}

TEST(test_lifecycle_new_means_first_event_ever)
{
	/* person 4's first event precedes the window: resurrecting, not new;
	 * person 3 was active only in the period before: dormant in period 0 */
	const uint32_t before[] = {1, 3, 4}, prev[] = {1, 3}, p0[] = {1, 2}, p1[] = {1, 4}, p2[] = {2, 5};
	roaring_bitmap_t *b = set(before, 3), *pv = set(prev, 2);
	roaring_bitmap_t *act[4] = {set(p0, 2), set(p1, 2), set(p2, 2), NULL};
	struct metrics_lifecycle_row r[4];
	CHECK_INT(metrics_lifecycle((const roaring_bitmap_t *const *)act, 4, 100, b, pv, r), 0);
	CHECK_INT(r[0].period, 100);
	CHECK_INT(r[0].new_, 1);
	CHECK_INT(r[0].returning, 1);
	CHECK_INT(r[0].resurrecting, 0);
	CHECK_INT(r[0].dormant, -1);
	CHECK_INT(r[1].new_, 0);
	CHECK_INT(r[1].returning, 1);
	CHECK_INT(r[1].resurrecting, 1);
	CHECK_INT(r[1].dormant, -1);
	CHECK_INT(r[2].new_, 1);
	CHECK_INT(r[2].returning, 0);
	CHECK_INT(r[2].resurrecting, 1);
	CHECK_INT(r[2].dormant, -2);
	CHECK_INT(r[3].active, 0); /* nobody: everyone of period 2 is dormant */
	CHECK_INT(r[3].dormant, -2);
	CHECK_INT(r[3].new_ + r[3].returning + r[3].resurrecting, 0);
	for (int i = 0; i < 3; i++)
		roaring_bitmap_free(act[i]);
	roaring_bitmap_free(b);
	roaring_bitmap_free(pv);

	/* empty data: all zeros */
	roaring_bitmap_t *none[2] = {NULL, NULL};
	CHECK_INT(metrics_lifecycle((const roaring_bitmap_t *const *)none, 2, 0, NULL, NULL, r), 0);
	CHECK_INT(r[1].active + r[1].new_ + r[1].dormant, 0);
}

TEST(test_lifecycle_periods_days_weeks_months_and_dst)
{
	CHECK_INT(metrics_period_of(METRICS_PERIOD_DAY, 20759), 20759);
	CHECK_INT(metrics_period_of(METRICS_PERIOD_WEEK, -1), 0); /* Wed 1969-12-31: week of Mon 29 Dec */
	CHECK_INT(metrics_period_first_day(METRICS_PERIOD_WEEK, 0), -3);
	int64_t wk = metrics_period_of(METRICS_PERIOD_WEEK, 20765); /* Sunday 8 November 2026 */
	CHECK_INT(metrics_period_first_day(METRICS_PERIOD_WEEK, wk), 20759);
	CHECK_INT(metrics_period_of(METRICS_PERIOD_WEEK, 20766), wk + 1);
	CHECK_INT(metrics_period_of(METRICS_PERIOD_MONTH, 20541), 2026 * 12 + 2); /* 29 March 2026 */
	CHECK_INT(metrics_period_first_day(METRICS_PERIOD_MONTH, 2026 * 12 + 2), 20513);
	CHECK_INT(metrics_period_first_day(METRICS_PERIOD_MONTH, 1969 * 12 + 11), -31); /* 1 December 1969 */
	CHECK_INT(metrics_period_of(METRICS_PERIOD_MONTH, -1), 1969 * 12 + 11);
	/* the week summer time ends (Sunday 25 October 2026, 03:00 CEST -> 02:00
	 * CET): 22:59:59Z is 23:59:59 CET on Sunday, still that week; 23:00:00Z
	 * is Monday 00:00 CET, the next week (in UTC both are Sunday) */
	int64_t sun = 20751LL * D;
	enum metrics_period w = METRICS_PERIOD_WEEK;
	int64_t k1 = metrics_period_of(w, metrics_local_day(METRICS_TZ_AMSTERDAM, sun + 23 * H - S));
	int64_t k2 = metrics_period_of(w, metrics_local_day(METRICS_TZ_AMSTERDAM, sun + 23 * H));
	CHECK_INT(k2, k1 + 1);
	CHECK_INT(metrics_period_of(w, metrics_day_of(sun + 23 * H)), k1);
	/* the week summer time starts (Sunday 29 March 2026): 21:59:59Z is
	 * 23:59:59 CEST, 22:00:00Z Monday 00:00 CEST */
	int64_t sun2 = 20541LL * D;
	CHECK_INT(metrics_period_of(w, metrics_local_day(METRICS_TZ_AMSTERDAM, sun2 + 22 * H)),
		  metrics_period_of(w, metrics_local_day(METRICS_TZ_AMSTERDAM, sun2 + 22 * H - S)) + 1);
	CHECK_INT(metrics_word_parse(metrics_period_words, "maand"), METRICS_PERIOD_MONTH);
}

/* one cohort's counts of a retention over the events e (each is start and return) */
static struct metrics_cohort one_cohort(enum metrics_interval iv, enum metrics_tz tz, int calendar,
					const int64_t *ts, const uint32_t *who, size_t n, int64_t now,
					int64_t from_day, int64_t to_day)
{
	struct metrics_retention *r = metrics_retention_new(METRICS_START_FIRST, iv, 4);
	metrics_retention_options(r, tz, calendar);
	for (size_t i = 0; i < n; i++)
		CHECK_INT(metrics_retention_add(r, ts[i], who[i], 1, 1), 0);
	size_t m = 0;
	struct metrics_cohort *c = metrics_retention_result(r, METRICS_COUNT_ON, now, from_day, to_day, &m);
	CHECK_INT(m, 1);
	struct metrics_cohort k = m ? c[0] : (struct metrics_cohort){0};
	free(c);
	metrics_retention_free(r);
	return k;
}

TEST(test_retention_calendar_weeks_months_and_dutch_cohorts)
{
	/* start Wednesday 4 November 2026 12:00Z, return Monday 9 November 08:00Z:
	 * rolling week 0 (less than 7 x 24 h later), calendar week 1 (the next
	 * Monday week) */
	const int64_t ts[] = {T0 + 2 * D + 12 * H, T0 + 7 * D + 8 * H};
	const uint32_t who[] = {1, 1};
	struct metrics_cohort k =
	    one_cohort(METRICS_INTERVAL_WEEK, METRICS_TZ_UTC, 0, ts, who, 2, T0 + 60 * D, 20759, 20800);
	CHECK_INT(k.period, 20759);
	CHECK_INT(k.count[0], 1);
	CHECK_INT(k.count[1], 0);
	k = one_cohort(METRICS_INTERVAL_WEEK, METRICS_TZ_UTC, 1, ts, who, 2, T0 + 60 * D, 20759, 20800);
	CHECK_INT(k.count[0], 1); /* the start itself */
	CHECK_INT(k.count[1], 1);
	/* now = Wednesday 11 November 00:00Z: calendar week 0 (2-8 Nov) is over,
	 * week 1 is not; rolling week 0 of a start on Wednesday 12:00 is not over */
	k = one_cohort(METRICS_INTERVAL_WEEK, METRICS_TZ_UTC, 1, ts, who, 2, T0 + 9 * D, 20759, 20800);
	CHECK_INT(k.count[0], 1);
	CHECK_INT(k.count[1], -1);
	k = one_cohort(METRICS_INTERVAL_WEEK, METRICS_TZ_UTC, 0, ts, who, 2, T0 + 9 * D, 20759, 20800);
	CHECK_INT(k.count[0], -1);
	/* months: start 31 January 2026 10:00Z, return 1 February 09:00Z: rolling
	 * month (30 x 24 h) 0, calendar month 1; the cohort is January */
	const int64_t tm[] = {20484 * D + 10 * H, 20485 * D + 9 * H};
	k = one_cohort(METRICS_INTERVAL_MONTH, METRICS_TZ_UTC, 0, tm, who, 2, 20700 * D, 20454, 20500);
	CHECK_INT(k.period, 20454);
	CHECK_INT(k.count[0], 1);
	CHECK_INT(k.count[1], 0);
	k = one_cohort(METRICS_INTERVAL_MONTH, METRICS_TZ_UTC, 1, tm, who, 2, 20700 * D, 20454, 20500);
	CHECK_INT(k.count[1], 1);
	/* the calendar month 1 of a January cohort ends 1 March 00:00Z: one ms
	 * before, it is incomplete */
	k = one_cohort(METRICS_INTERVAL_MONTH, METRICS_TZ_UTC, 1, tm, who, 2, 20513 * D - 1, 20454, 20500);
	CHECK_INT(k.count[0], 1);
	CHECK_INT(k.count[1], -1);
	/* Dutch days: Sunday 8 November 23:30Z is Monday 9 November 00:30 CET,
	 * so the cohort is the week of 9 November (in UTC: of 2 November) */
	const int64_t tz[] = {T0 + 6 * D + 23 * H + 30 * 60 * S};
	k = one_cohort(METRICS_INTERVAL_WEEK, METRICS_TZ_AMSTERDAM, 1, tz, who, 1, T0 + 60 * D, 20750, 20800);
	CHECK_INT(k.period, 20766);
	k = one_cohort(METRICS_INTERVAL_WEEK, METRICS_TZ_UTC, 1, tz, who, 1, T0 + 60 * D, 20750, 20800);
	CHECK_INT(k.period, 20759);
	/* the calendar week of a Dutch cohort ends Monday 16 November 00:00 CET
	 * = Sunday 15 November 23:00Z */
	k = one_cohort(METRICS_INTERVAL_WEEK, METRICS_TZ_AMSTERDAM, 1, tz, who, 1, T0 + 13 * D + 23 * H,
		       20750, 20800);
	CHECK_INT(k.count[0], 1);
	k = one_cohort(METRICS_INTERVAL_WEEK, METRICS_TZ_AMSTERDAM, 1, tz, who, 1, T0 + 13 * D + 23 * H - 1,
		       20750, 20800);
	CHECK_INT(k.count[0], -1);
}

TEST(test_retention_breakdown_groups)
{
	struct metrics_retention *r = metrics_retention_new(METRICS_START_FIRST, METRICS_INTERVAL_DAY, 3);
	CHECK(metrics_retention_would_start(r, T0, 1));
	CHECK_INT(metrics_retention_add_group(r, T0, 1, 1, 1, 0), 0);
	CHECK(!metrics_retention_would_start(r, T0 + H, 1)); /* first-time: once ever */
	CHECK_INT(metrics_retention_add_group(r, T0 + H, 2, 1, 1, 1), 0);
	CHECK_INT(metrics_retention_add_group(r, T0 + 2 * H, 3, 1, 1, 1), 0);
	CHECK_INT(metrics_retention_add_group(r, T0 + D + 2 * H, 3, 1, 1, 0),
		  0); /* a later group is ignored */
	CHECK_INT(metrics_retention_groups(r), 2);
	size_t n = 0;
	struct metrics_cohort *c =
	    metrics_retention_result_group(r, METRICS_COUNT_ON, T0 + 30 * D, 20759, 20759, 1, &n);
	CHECK_INT(n, 1);
	CHECK_INT(c[0].size, 2);
	CHECK_INT(c[0].count[1], 1); /* person 3 returned on day 1 */
	free(c);
	c = metrics_retention_result_group(r, METRICS_COUNT_ON, T0 + 30 * D, 20759, 20759, 0, &n);
	CHECK_INT(c[0].size, 1);
	CHECK_INT(c[0].count[1], 0);
	free(c);
	c = metrics_retention_result_group(r, METRICS_COUNT_ON, T0 + 30 * D, 20759, 20759, -1, &n);
	CHECK_INT(c[0].size, 3);
	free(c);
	metrics_retention_free(r);
}

/* Fed in passes: each step's events in one call per event, newest first
 * (many = 0), or in one array, oldest first (many = 1). */
static struct metrics_funnel *run_passes(const uint32_t *steps, int n, int64_t window_s, int64_t from,
					 int64_t to, const struct ev *e, size_t ne, int many)
{
	struct metrics_funnel *f = metrics_funnel_new(steps, n, window_s, 0, from, to);
	CHECK(metrics_funnel_passes_exact(f));
	int64_t *ts = malloc((ne + 1) * sizeof *ts);
	uint32_t *who = malloc((ne + 1) * sizeof *who);
	for (int k = 0; k < n; k++) {
		size_t nk = 0;
		for (size_t x = 0; x < ne; x++) {
			size_t i = many ? x : ne - 1 - x;
			if (e[i].name != steps[k])
				continue;
			if (many) {
				ts[nk] = e[i].ts;
				who[nk++] = e[i].person;
			} else
				CHECK_INT(metrics_funnel_pass_add(f, k, e[i].ts, e[i].person), 0);
		}
		if (many)
			CHECK_INT(metrics_funnel_pass_add_many(f, k, nk, ts, who), 0);
		CHECK_INT(metrics_funnel_pass_end(f, k), 0);
	}
	free(ts);
	free(who);
	return f;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Through the merge join: each step's events as sorted keys (those in
 * [lo_s, hi_s) count); the join's answer (0 done, 1 not exact). */
static int run_join(struct metrics_funnel *f, const uint32_t *steps, int n, const struct ev *e, size_t ne,
		    int64_t lo_s, int64_t hi_s)
{
	uint64_t *key[METRICS_FUNNEL_MAX_STEPS] = {0};
	size_t nk[METRICS_FUNNEL_MAX_STEPS] = {0};
	for (int k = 0; k < n; k++) {
		key[k] = malloc((ne + 1) * sizeof *key[k]);
		nk[k] = 0;
		for (size_t i = 0; i < ne; i++)
			if (e[i].name == steps[k])
				key[k][nk[k]++] = (uint64_t)e[i].person << 32 | (uint64_t)(e[i].ts / 1000);
		qsort(key[k], nk[k], sizeof *key[k], cmp_u64);
	}
	int rc = metrics_funnel_join(f, (const uint64_t *const *)key, nk, lo_s, hi_s);
	for (int k = 0; k < n; k++)
		free(key[k]);
	return rc;
}

/* Fed in passes (each step's events in any order): the same persons and
 * medians as in time order, hand-worked: ties in one second, a step before
 * the previous one ignored, the window end inclusive and a later step
 * that cannot rescue a person whose first one fell outside it. */
TEST(test_funnel_passes_in_any_order_equal_time_order)
{
	const uint32_t steps[] = {A, B, C};
	struct ev e[] = {
	    /* 1: A 10:00:00.900, B 10:00:00.100 (same second), C before A (ignored), C at +2 d */
	    {T0 + 10 * H + 900, 1, A, 0},
	    {T0 + 10 * H + 100, 1, B, 0},
	    {T0 + 9 * H, 1, C, 0},
	    {T0 + 2 * D + 10 * H, 1, C, 0},
	    /* 2: A, B exactly at the window's end (+7 d), C one second after it */
	    {T0 + 11 * H, 2, A, 0},
	    {T0 + 11 * H + W, 2, B, 0},
	    {T0 + 11 * H + W + S, 2, C, 0},
	    /* 3: A twice (the first counts), B 8 days after the first: not in the window */
	    {T0 + 12 * H, 3, A, 0},
	    {T0 + 13 * H, 3, A, 0},
	    {T0 + 12 * H + 8 * D, 3, B, 0},
	    /* 4: B only: never enters */
	    {T0 + 12 * H, 4, B, 0},
	};
	size_t ne = sizeof e / sizeof *e;
	struct metrics_funnel *a = run(steps, 3, 7 * 86400, 0, T0, T0 + 30 * D, e, ne);
	/* each step's events newest first, one by one; then oldest first, per batch */
	struct metrics_funnel *b = run_passes(steps, 3, 7 * 86400, T0, T0 + 30 * D, e, ne, 0);
	struct metrics_funnel *m = run_passes(steps, 3, 7 * 86400, T0, T0 + 30 * D, e, ne, 1);
	struct metrics_funnel_step sa[3], sb[3], sm[3];
	CHECK_INT(metrics_funnel_result(a, -1, sa), 0);
	CHECK_INT(metrics_funnel_result(b, -1, sb), 0);
	CHECK_INT(metrics_funnel_result(m, -1, sm), 0);
	for (int k = 0; k < 3; k++) {
		CHECK_INT(sm[k].persons, sb[k].persons);
		CHECK(sm[k].median_s == sb[k].median_s);
	}
	metrics_funnel_free(m);
	CHECK_INT(sb[0].persons, 3);
	CHECK_INT(sb[1].persons, 2);			    /* 1 (tie) and 2 (end inclusive) */
	CHECK_INT(sb[2].persons, 1);			    /* 1; 2's C is one second late */
	CHECK(sb[2].median_total_s == (double)(2 * 86400)); /* A 10:00:00 -> C +2 d */
	for (int k = 0; k < 3; k++) {
		CHECK_INT(sa[k].persons, sb[k].persons);
		CHECK(sa[k].median_s == sb[k].median_s);
		CHECK(sa[k].median_total_s == sb[k].median_total_s);
	}
	metrics_funnel_free(a);
	metrics_funnel_free(b);
	/* not exact: strict order, a repeated step name */
	struct metrics_funnel *c = metrics_funnel_new(steps, 3, 60, 1, T0, T0 + D);
	CHECK(!metrics_funnel_passes_exact(c));
	CHECK_INT(metrics_funnel_pass_add(c, 0, T0, 1), -1);
	metrics_funnel_free(c);
	const uint32_t again[] = {A, B, A};
	c = metrics_funnel_new(again, 3, 60, 0, T0, T0 + D);
	CHECK(!metrics_funnel_passes_exact(c));
	metrics_funnel_free(c);
}

/* The merge join over person-ordered keys against the time-order kernel
 * on random data: few persons and many ties (same second, ms apart), or
 * many persons (several chunks, both ways of moving through a step's
 * keys), step names never sent, bounds of the store's span. */
TEST(test_funnel_join_equals_time_order_on_random_data)
{
	srand(14);
	for (int round = 0; round < 300; round++) {
		int big = round % 50 == 49;
		uint32_t persons = big ? 40000 : 1 + (uint32_t)(rand() % 60);
		size_t ne = big ? 200000 : (size_t)(rand() % 400);
		int n = 2 + rand() % 3;
		uint32_t steps[4];
		for (int k = 0; k < n; k++)
			steps[k] = (uint32_t)(1 + k * 2 + rand() % 2); /* distinct */
		if (rand() % 10 == 0)
			steps[1 + rand() % (n - 1)] = METRICS_FUNNEL_NO_NAME;
		int64_t span = (big ? 20 : 1 + rand() % 10) * D;
		struct ev *e = malloc((ne + 1) * sizeof *e);
		for (size_t i = 0; i < ne; i++) {
			int64_t t =
			    rand() % 3 ? (int64_t)(rand() % (span / S)) * S : (int64_t)(rand() % 40) * S;
			e[i] = (struct ev){T0 + t + rand() % 1000, (uint32_t)(rand() % persons),
					   (uint32_t)(1 + rand() % 8), 0};
		}
		int64_t window_s = rand() % 4 ? 1 + rand() % (3 * 86400) : 30;
		int64_t from = T0 + (rand() % 3) * D, to = from + (1 + rand() % 5) * D;
		/* the store's span: all, or cut at whole seconds */
		int64_t lo_s = 0, hi_s = (int64_t)1 << 32;
		if (rand() % 3 == 0) {
			lo_s = (T0 + (rand() % 2) * D) / S;
			hi_s = (T0 + (2 + rand() % 8) * D) / S;
		}
		size_t nin = 0;
		struct ev *in = malloc((ne + 1) * sizeof *in);
		for (size_t i = 0; i < ne; i++)
			if (e[i].ts / S >= lo_s && e[i].ts / S < hi_s)
				in[nin++] = e[i];
		struct metrics_funnel *a = run(steps, n, window_s, 0, from, to, in, nin);
		struct metrics_funnel *j = metrics_funnel_new(steps, n, window_s, 0, from, to);
		CHECK_INT(run_join(j, steps, n, e, ne, lo_s, hi_s), 0);
		struct metrics_funnel_step sa[4], sj[4];
		CHECK_INT(metrics_funnel_result(a, -1, sa), 0);
		CHECK_INT(metrics_funnel_result(j, -1, sj), 0);
		for (int k = 0; k < n; k++) {
			CHECK_INT(sj[k].persons, sa[k].persons);
			CHECK(sj[k].median_s == sa[k].median_s);
			CHECK(sj[k].median_total_s == sa[k].median_total_s);
		}
		CHECK_INT(metrics_funnel_groups(j), metrics_funnel_groups(a));
		metrics_funnel_free(a);
		metrics_funnel_free(j);
		free(e);
		free(in);
	}
	/* not exact: strict order, a repeated name, bounds inside a second, fed before */
	const uint32_t steps[] = {A, B, C}, again[] = {A, B, A};
	struct ev one[] = {{T0, 1, A, 0}, {T0 + H, 1, B, 0}};
	struct metrics_funnel *f = metrics_funnel_new(steps, 3, 60, 1, T0, T0 + D);
	CHECK_INT(run_join(f, steps, 3, one, 2, 0, (int64_t)1 << 32), 1);
	metrics_funnel_free(f);
	f = metrics_funnel_new(again, 3, 60, 0, T0, T0 + D);
	CHECK_INT(run_join(f, again, 3, one, 2, 0, (int64_t)1 << 32), 1);
	metrics_funnel_free(f);
	f = metrics_funnel_new(steps, 3, 60, 0, T0 + 500, T0 + D);
	CHECK_INT(run_join(f, steps, 3, one, 2, 0, (int64_t)1 << 32), 1);
	metrics_funnel_free(f);
	f = metrics_funnel_new(steps, 3, 60, 0, T0, T0 + D);
	CHECK_INT(metrics_funnel_add(f, T0, 1, A, 0), 0);
	CHECK_INT(metrics_funnel_end(f), 0);
	CHECK_INT(run_join(f, steps, 3, one, 2, 0, (int64_t)1 << 32), 1);
	metrics_funnel_free(f);
}

int main(void)
{
	RUN(test_funnel_loose_order_window_end_inclusive_and_medians);
	RUN(test_funnel_ties_in_the_same_second_count_in_any_order);
	RUN(test_funnel_strict_order_breaks_on_another_event_loose_does_not);
	RUN(test_funnel_step_one_is_the_first_occurrence_in_the_range);
	RUN(test_funnel_breakdown_groups_and_empty_data);
	RUN(test_lifecycle_new_means_first_event_ever);
	RUN(test_lifecycle_periods_days_weeks_months_and_dst);
	RUN(test_retention_calendar_weeks_months_and_dutch_cohorts);
	RUN(test_retention_breakdown_groups);
	RUN(test_funnel_passes_in_any_order_equal_time_order);
	RUN(test_funnel_join_equals_time_order_on_random_data);
	return TEST_DONE();
}
