/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * First-time retention through the one-pass feeds and the store's kept
 * structures, against the plain kernel fed every event in time order:
 *  - the kernel's ordered feeds (metrics_retention_day_spans and
 *    metrics_retention_span_ordered_many) on random events: weekly and
 *    daily, 12 intervals (8-byte state) and 28 (16-byte state), a person's
 *    spans of one day split over several calls (the later call's first
 *    time earlier, as linked ids give), and times 40 years apart (the
 *    8-byte state turned into the 16-byte one on the way);
 *  - event_retention_fill() on a store with random events in blocks
 *    sealed in day order, the log, identity links, the store reopened,
 *    and a budget of one byte for the kept structures (every block's day
 *    sets and spans freed after each query and worked out again: the same
 *    answers, nothing left kept).
 */
#include "domain/metrics.h"
#include "event_fixture.h"
#include "store/event_internal.h"
#include "store/event_metrics.h"

#define D EVFIX_D
#define T0 EVFIX_T0

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

struct e {
	int64_t ts;
	uint32_t p;
};

static int by_time(const void *a, const void *b)
{
	const struct e *x = a, *y = b;
	return (x->ts > y->ts) - (x->ts < y->ts);
}

static int by_day_person_time(const void *a, const void *b)
{
	const struct e *x = a, *y = b;
	int64_t dx = metrics_day_of(x->ts), dy = metrics_day_of(y->ts);
	if (dx != dy)
		return dx < dy ? -1 : 1;
	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return (x->ts > y->ts) - (x->ts < y->ts);
}

/* Whether both give the same triangle at now, on and on or after. */
static void same_result(const struct metrics_retention *a, const struct metrics_retention *b, int64_t now)
{
	for (int count = 0; count < 2; count++) {
		size_t na, nb;
		struct metrics_cohort *ca =
		    metrics_retention_result(a, (enum metrics_count)count, now, 0, metrics_day_of(now), &na);
		struct metrics_cohort *cb =
		    metrics_retention_result(b, (enum metrics_count)count, now, 0, metrics_day_of(now), &nb);
		CHECK(na > 0);
		CHECK_INT(na, nb);
		CHECK(na == nb && !memcmp(ca, cb, na * sizeof *ca));
		free(ca);
		free(cb);
	}
}

/* The events (sorted by day, person, time) as ordered feeds: each day's
 * spans in one day_spans call (split: each person's events of the day in
 * two calls, the second holding the earlier ones), every third day as
 * single events through span_ordered_many. */
static void feed_ordered(struct metrics_retention *r, struct e *v, size_t n, int split)
{
	uint32_t *p = xmalloc(n * sizeof *p), *lo = xmalloc(n * sizeof *lo), *hi = xmalloc(n * sizeof *hi);
	int64_t *ts = xmalloc(n * sizeof *ts);
	for (size_t i = 0, j; i < n; i = j) {
		int64_t day = metrics_day_of(v[i].ts);
		for (j = i; j < n && metrics_day_of(v[j].ts) == day; j++)
			;
		if (day % 3 == 0) {
			for (size_t k = i; k < j; k++) {
				p[k - i] = v[k].p;
				ts[k - i] = v[k].ts;
			}
			CHECK_INT(metrics_retention_span_ordered_many(r, j - i, p, ts, ts), 0);
			continue;
		}
		for (int half = split ? 1 : 0; half >= 0; half--) {
			size_t np = 0, nh = 0;
			for (size_t k = i, m; k < j; k = m) {
				for (m = k; m < j && v[m].p == v[k].p; m++)
					;
				/* split: the later half first, then the earlier one */
				size_t mid = k + (m - k) / 2, a = k, b = m;
				if (split && m - k > 1)
					a = half ? mid : k, b = half ? m : mid;
				else if (split && half == 0)
					continue;
				int64_t base = day * D;
				p[np] = v[a].p;
				lo[np] = (uint32_t)(v[a].ts - base);
				if (v[b - 1].ts != v[a].ts) {
					lo[np] |= METRICS_SPAN_MORE;
					hi[nh++] = (uint32_t)(v[b - 1].ts - base);
				}
				np++;
			}
			CHECK_INT(metrics_retention_day_spans(r, day * D, np, p, lo, hi), 0);
		}
	}
	free(p);
	free(lo);
	free(hi);
	free(ts);
}

static void kernel_case(enum metrics_interval iv, int n_intervals, int split, int far)
{
	size_t n = 4000;
	struct e *v = xmalloc((n + 2) * sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = (struct e){T0 + (int64_t)(next() % (100 * (uint64_t)D)), (uint32_t)(next() % 300)};
	if (far) { /* one person 40 years on */
		v[n++] = (struct e){T0 - 40 * 365 * D, 7};
		v[n++] = (struct e){T0 + 5 * D + 1234, 7};
	}
	struct metrics_retention *a = metrics_retention_new(METRICS_START_FIRST, iv, n_intervals);
	struct metrics_retention *b = metrics_retention_new(METRICS_START_FIRST, iv, n_intervals);
	CHECK(metrics_retention_ordered_exact(b));
	qsort(v, n, sizeof *v, by_time);
	for (size_t i = 0; i < n; i++)
		CHECK_INT(metrics_retention_add(a, v[i].ts, v[i].p, 1, 1), 0);
	qsort(v, n, sizeof *v, by_day_person_time);
	feed_ordered(b, v, n, split);
	same_result(a, b, T0 + 120 * D);
	same_result(a, b, T0 + 50 * D + 777);
	metrics_retention_free(a);
	metrics_retention_free(b);
	free(v);
}

TEST(test_ordered_feeds_match_the_events)
{
	kernel_case(METRICS_INTERVAL_WEEK, 12, 0, 0);
	kernel_case(METRICS_INTERVAL_WEEK, 12, 1, 0);
	kernel_case(METRICS_INTERVAL_DAY, 12, 1, 0);
	kernel_case(METRICS_INTERVAL_DAY, 28, 1, 0);
	kernel_case(METRICS_INTERVAL_WEEK, 28, 0, 0);
	kernel_case(METRICS_INTERVAL_MONTH, 3, 1, 0);
	kernel_case(METRICS_INTERVAL_WEEK, 12, 0, 1);
	kernel_case(METRICS_INTERVAL_DAY, 12, 1, 1);
	/* not for calendar intervals or recurring starts */
	struct metrics_retention *r = metrics_retention_new(METRICS_START_FIRST, METRICS_INTERVAL_WEEK, 12);
	metrics_retention_options(r, METRICS_TZ_UTC, 1);
	CHECK(!metrics_retention_ordered_exact(r));
	uint32_t p = 1, lo = 5;
	CHECK_INT(metrics_retention_day_spans(r, T0, 1, &p, &lo, NULL), -1);
	metrics_retention_free(r);
	r = metrics_retention_new(METRICS_START_RECURRING, METRICS_INTERVAL_WEEK, 12);
	CHECK(!metrics_retention_ordered_exact(r));
	metrics_retention_free(r);
}

/* ---- the store ---- */

static void pattern(int i, int days, int64_t *ts, const char **name, int64_t *source)
{
	(void)i;
	/* random times inside the append's days (set by the caller) */
	*ts = T0 + (int64_t)(next() % ((uint64_t)days * D));
	*name = next() % 5 ? "$pageview" : "signup";
	*source = 1;
}

static int from_day;

static void pattern_from(int i, int days, int64_t *ts, const char **name, int64_t *source)
{
	pattern(i, days, ts, name, source);
	*ts += (int64_t)from_day * D;
}

static int feed_events(void *arg, const struct event_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		CHECK_INT(metrics_retention_add(arg, b->ts_ms[i], b->person[i], 1, 1), 0);
	return 0;
}

static void same_store(struct event_store *s, enum metrics_interval iv)
{
	int64_t now = T0 + 70 * D;
	struct event_filter f = {.from_ms = 0, .to_ms = now + 1};
	struct metrics_retention *a = metrics_retention_new(METRICS_START_FIRST, iv, 12);
	struct metrics_retention *b = metrics_retention_new(METRICS_START_FIRST, iv, 12);
	CHECK_INT(s->ops->scan(s, 1, &f, feed_events, a), 0);
	CHECK_INT(event_retention_fill(s, 1, &f, b), 0);
	same_result(a, b, now);
	same_result(a, b, T0 + 30 * D + 4321);
	metrics_retention_free(a);
	metrics_retention_free(b);
}

static void all_same(struct event_store *s)
{
	same_store(s, METRICS_INTERVAL_WEEK);
	same_store(s, METRICS_INTERVAL_DAY);
}

TEST(test_store_one_pass_matches_the_events)
{
	struct event_store *s = evfix_open("h-ret-kept");
	/* the fills take the kept structures only for a store they recognise,
	 * however its operations are wrapped (event_metrics.c) */
	CHECK(evs_is_embedded(s));
	/* blocks in day order: days 0-9, 10-19, 20-29, then the log 30-39 */
	for (int b = 0; b < 4; b++) {
		from_day = 10 * b;
		evfix_append(s, b * 3000, 3000, 500, 10, pattern_from);
		if (b < 3)
			CHECK_INT(event_store_seal(s, 1), 0);
	}
	all_same(s);
	all_same(s); /* from the kept spans */
	CHECK(evs_kept_bytes((struct evs *)s) > 0);
	/* links: p1, p2 and p3 one person (their spans of a day in several) */
	struct event_in idf = {T0 + 35 * D, "$identify", 9, "p1", 2, "idf-1", 5, NULL, 0};
	struct event_alias al[] = {{"p1", 2, "p2", 2}, {"p3", 2, "p2", 2}};
	CHECK_INT(s->ops->append(s, 1, 1, &idf, 1, al, 2, NULL), 0);
	all_same(s);
	CHECK_INT(event_store_seal(s, 1), 0);
	all_same(s);
	/* a budget of one byte: every block's structures freed after use */
	((struct evs *)s)->kept_budget = 1;
	all_same(s);
	CHECK_INT(evs_kept_bytes((struct evs *)s), 0);
	all_same(s);
	CHECK_INT(evs_kept_bytes((struct evs *)s), 0);
	s->ops->close(s);
	s = evfix_reopen(); /* rebuilt from the block files */
	CHECK(evs_is_embedded(s));
	all_same(s);
	all_same(s);
	evfix_done(s);
}

int main(void)
{
	RUN(test_ordered_feeds_match_the_events);
	RUN(test_store_one_pass_matches_the_events);
	return TEST_DONE();
}
