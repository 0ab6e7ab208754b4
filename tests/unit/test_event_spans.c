/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * The embedded store's kept structures for retention and funnels against
 * plain references built from scan() of every row:
 *  - person_spans(): every event lies in a span of its canonical person,
 *    both ends of every span are that person's event times of one UTC day;
 *  - event_retention_fill() (two passes over the spans) gives the same
 *    triangle as the kernel fed every event in time order, weekly and
 *    daily, on and on or after;
 *  - event_funnel_fill() (passes over each step's rows in any order) gives
 *    the persons and medians of the kernel fed the steps' events in order;
 *  - a scan of a few names (read from the kept name postings) hands out
 *    exactly the rows, in exactly the order, of a scan that decodes the
 *    blocks (with_props bypasses the postings);
 * over kept blocks, blocks at the span's edges and the log, with links made
 * after sealing, a late event (sealed into a block overlapping older
 * days), a duplicate, an erasure, and the store closed and reopened from
 * disk (the kept structures are rebuilt from the unchanged block files).
 */
#include "domain/metrics.h"
#include "event_fixture.h"
#include "store/event_metrics.h"

#define D EVFIX_D
#define T0 EVFIX_T0

/* Spread over days with several per day; names a-d in runs of 7; source
 * 1 or 2 by the thousand. */
static void pattern(int i, int days, int64_t *ts, const char **name, int64_t *source)
{
	static const char *const names[] = {"a", "b", "c", "d"};
	*ts = T0 + (int64_t)((i * 7) % days) * D + (int64_t)((i * 7919) % 86400) * 1000;
	*name = names[(i / 7) % 4];
	*source = 1 + (i / 1000) % 2;
}

static void append(struct event_store *s, int from, int n, int people, int days)
{
	evfix_append(s, from, n, people, days, pattern);
}

/* ---- spans cover the events ---- */

struct ev {
	uint32_t person;
	int64_t ts;
};
struct evs {
	struct ev *v;
	size_t n;
};

static int keep_ev(void *arg, const struct event_batch *b)
{
	struct evs *e = arg;
	e->v = xrealloc(e->v, (e->n + b->n) * sizeof *e->v);
	for (size_t i = 0; i < b->n; i++)
		e->v[e->n++] = (struct ev){b->person[i], b->ts_ms[i]};
	return 0;
}

static int keep_span(void *arg, const struct event_spans *b)
{
	struct evs *e = arg; /* lo and hi as two entries, hi flagged by an odd index */
	e->v = xrealloc(e->v, (e->n + 2 * b->n) * sizeof *e->v);
	for (size_t i = 0; i < b->n; i++) {
		CHECK(b->lo[i] <= b->hi[i]);
		CHECK_INT(b->lo[i] / D, b->hi[i] / D);
		e->v[e->n++] = (struct ev){b->person[i], b->lo[i]};
		e->v[e->n++] = (struct ev){b->person[i], b->hi[i]};
	}
	return 0;
}

static int by_ev(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	return (x->ts > y->ts) - (x->ts < y->ts);
}

/* Whether (p, ts) is in the sorted list. */
static int has(const struct evs *e, uint32_t p, int64_t ts)
{
	struct ev k = {p, ts};
	return bsearch(&k, e->v, e->n, sizeof k, by_ev) != NULL;
}

static void spans_cover(struct event_store *s, int64_t from, int64_t to)
{
	struct event_filter f = {.from_ms = from, .to_ms = to};
	struct evs ev = {0}, sp = {0};
	CHECK_INT(s->ops->scan(s, 1, &f, keep_ev, &ev), 0);
	CHECK_INT(s->ops->person_spans(s, 1, &f, keep_span, &sp), 0);
	CHECK(ev.n > 0);
	CHECK(sp.n <= 2 * ev.n);
	/* every span end is an event of its person */
	qsort(ev.v, ev.n, sizeof *ev.v, by_ev);
	int ends_ok = 1;
	for (size_t i = 0; i < sp.n; i++)
		ends_ok &= has(&ev, sp.v[i].person, sp.v[i].ts);
	CHECK(ends_ok);
	/* every event lies in a span of its person: spans as pairs */
	struct evs pairs = {xmalloc((sp.n / 2 + 1) * sizeof(struct ev) * 2), 0};
	for (size_t i = 0; i + 1 < sp.n; i += 2) {
		pairs.v[pairs.n++] = sp.v[i]; /* sorted by (person, lo) below */
		pairs.v[pairs.n++] = sp.v[i + 1];
	}
	/* sort pair-wise: an index of lo entries with their hi */
	size_t np = pairs.n / 2;
	struct span {
		uint32_t p;
		int64_t lo, hi;
	} *ps = xmalloc((np + 1) * sizeof *ps);
	for (size_t i = 0; i < np; i++)
		ps[i] = (struct span){pairs.v[2 * i].person, pairs.v[2 * i].ts, pairs.v[2 * i + 1].ts};
	int covered = 1;
	for (size_t i = 0; i < ev.n; i++) {
		int in = 0;
		for (size_t j = 0; j < np && !in; j++)
			in = ps[j].p == ev.v[i].person && ps[j].lo <= ev.v[i].ts && ev.v[i].ts <= ps[j].hi;
		covered &= in;
	}
	CHECK(covered);
	free(ps);
	free(pairs.v);
	free(ev.v);
	free(sp.v);
}

/* ---- retention: spans against events ---- */

static int feed_events(void *arg, const struct event_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		CHECK_INT(metrics_retention_add(arg, b->ts_ms[i], b->person[i], 1, 1), 0);
	return 0;
}

static void same_retention(struct event_store *s, enum metrics_interval iv, int calendar, int64_t to)
{
	struct event_filter f = {.from_ms = 0, .to_ms = to};
	struct metrics_retention *a = metrics_retention_new(METRICS_START_FIRST, iv, 12);
	struct metrics_retention *b = metrics_retention_new(METRICS_START_FIRST, iv, 12);
	metrics_retention_options(a, METRICS_TZ_UTC, calendar);
	metrics_retention_options(b, METRICS_TZ_UTC, calendar);
	CHECK_INT(s->ops->scan(s, 1, &f, feed_events, a), 0);
	CHECK_INT(event_retention_fill(s, 1, &f, b), 0);
	int64_t now = T0 + 40 * D;
	for (int count = 0; count < 2; count++) {
		size_t na, nb;
		struct metrics_cohort *ca =
		    metrics_retention_result(a, (enum metrics_count)count, now, 0, now / D, &na);
		struct metrics_cohort *cb =
		    metrics_retention_result(b, (enum metrics_count)count, now, 0, now / D, &nb);
		CHECK(na > 0);
		CHECK_INT(na, nb);
		CHECK(na == nb && !memcmp(ca, cb, na * sizeof *ca));
		free(ca);
		free(cb);
	}
	metrics_retention_free(a);
	metrics_retention_free(b);
}

/* ---- name postings: the same rows in the same order ---- */

struct rows {
	int64_t *ts, *src;
	uint32_t *p, *name;
	size_t n;
};

static int keep_rows(void *arg, const struct event_batch *b)
{
	struct rows *r = arg;
	r->ts = xrealloc(r->ts, (r->n + b->n) * sizeof *r->ts);
	r->src = xrealloc(r->src, (r->n + b->n) * sizeof *r->src);
	r->p = xrealloc(r->p, (r->n + b->n) * sizeof *r->p);
	r->name = xrealloc(r->name, (r->n + b->n) * sizeof *r->name);
	for (size_t i = 0; i < b->n; i++, r->n++) {
		r->ts[r->n] = b->ts_ms[i];
		r->src[r->n] = b->source[i];
		r->p[r->n] = b->person[i];
		r->name[r->n] = b->name[i];
	}
	return 0;
}

static void rows_free(struct rows *r)
{
	free(r->ts);
	free(r->src);
	free(r->p);
	free(r->name);
}

static void same_named_scan(struct event_store *s, const char *const *names, size_t k, int64_t from,
			    int64_t to, int64_t source)
{
	uint32_t ids[4];
	for (size_t j = 0; j < k; j++)
		CHECK_INT(s->ops->name_id(s, 1, names[j], strlen(names[j]), &ids[j]), 0);
	struct event_filter f = {
	    .from_ms = from, .to_ms = to, .names = ids, .n_names = k, .source_id = source};
	struct event_filter g = f;
	g.with_props = 1; /* decodes the blocks: the reference */
	struct rows a = {0}, b = {0};
	CHECK_INT(s->ops->scan(s, 1, &f, keep_rows, &a), 0);
	CHECK_INT(s->ops->scan(s, 1, &g, keep_rows, &b), 0);
	CHECK(a.n > 0);
	CHECK_INT(a.n, b.n);
	int same = a.n == b.n;
	for (size_t i = 0; same && i < a.n; i++)
		same =
		    a.ts[i] == b.ts[i] && a.src[i] == b.src[i] && a.p[i] == b.p[i] && a.name[i] == b.name[i];
	CHECK(same);
	rows_free(&a);
	rows_free(&b);
}

/* ---- funnel: passes over the kept rows against the events in order ---- */

static int feed_funnel(void *arg, const struct event_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		CHECK_INT(metrics_funnel_add(arg, b->ts_ms[i], b->person[i], b->name[i], 0), 0);
	return 0;
}

static void same_funnel(struct event_store *s, const char *const *names, int k, int64_t window_s,
			int64_t from, int64_t to)
{
	uint32_t ids[4];
	for (int j = 0; j < k; j++)
		CHECK_INT(s->ops->name_id(s, 1, names[j], strlen(names[j]), &ids[j]), 0);
	struct event_filter f = {.from_ms = from, .to_ms = to, .names = ids, .n_names = (size_t)k};
	struct metrics_funnel *a = metrics_funnel_new(ids, k, window_s, 0, from + 3600000, to - 3600000);
	struct metrics_funnel *b = metrics_funnel_new(ids, k, window_s, 0, from + 3600000, to - 3600000);
	CHECK(metrics_funnel_passes_exact(b));
	CHECK_INT(s->ops->scan(s, 1, &f, feed_funnel, a), 0);
	CHECK_INT(metrics_funnel_end(a), 0);
	CHECK_INT(event_funnel_fill(s, 1, &f, b, ids, k), 0);
	struct metrics_funnel_step sa[4], sb[4];
	CHECK_INT(metrics_funnel_result(a, -1, sa), 0);
	CHECK_INT(metrics_funnel_result(b, -1, sb), 0);
	CHECK(sa[0].persons > 0);
	CHECK(sa[1].persons > 0);
	for (int j = 0; j < k; j++) {
		CHECK_INT(sa[j].persons, sb[j].persons);
		CHECK(sa[j].median_s == sb[j].median_s);
		CHECK(sa[j].median_total_s == sb[j].median_total_s);
	}
	metrics_funnel_free(a);
	metrics_funnel_free(b);
}

static void all_same(struct event_store *s)
{
	static const char *const bca[] = {"b", "c", "a"}, *const dab[] = {"d", "a", "b", "c"};
	same_funnel(s, bca, 3, 3 * 86400, 0, T0 + 60 * D);
	same_funnel(s, dab, 4, 86400, T0 + D + 4321, T0 + 12 * D); /* edges inside blocks */
	same_funnel(s, bca, 2, 6 * 3600, 0, T0 + 60 * D);	   /* a short window */
	static const char *const ab[] = {"a", "b"}, *const cba[] = {"c", "b", "a", "b"};
	spans_cover(s, 0, T0 + 60 * D);
	spans_cover(s, T0 + 2 * D + 3600000, T0 + 9 * D); /* edges inside blocks: rows */
	same_retention(s, METRICS_INTERVAL_WEEK, 0, T0 + 40 * D);
	same_retention(s, METRICS_INTERVAL_DAY, 0, T0 + 40 * D);
	same_retention(s, METRICS_INTERVAL_DAY, 1, T0 + 40 * D);
	same_retention(s, METRICS_INTERVAL_WEEK, 0, T0 + 10 * D + 5000); /* a block at the edge */
	same_named_scan(s, ab, 2, 0, T0 + 60 * D, 0);
	same_named_scan(s, cba, 4, T0 + D + 7777, T0 + 11 * D, 0); /* repeated names, edges */
	same_named_scan(s, ab, 2, 0, T0 + 60 * D, 2);		   /* one source */
}

TEST(test_event_spans_and_postings_match_every_row)
{
	struct event_store *s = evfix_open("h-ret-spans");
	append(s, 0, 3000, 300, 12);
	CHECK_INT(event_store_seal(s, 1), 0);
	append(s, 3000, 3000, 400, 14);
	CHECK_INT(event_store_seal(s, 1), 0);
	append(s, 6000, 700, 500, 16); /* unsealed: the log, of sources 1 and 2 */
	append(s, 7000, 300, 500, 16); /* (sealed below into one block with two sources) */
	all_same(s);
	all_same(s); /* the second time from the kept structures */
	/* links after sealing: p1, p2 and p3 one person */
	struct event_in idf = {T0 + 13 * D, "$identify", 9, "p1", 2, "idf-1", 5, NULL, 0};
	struct event_alias al[] = {{"p1", 2, "p2", 2}, {"p3", 2, "p2", 2}};
	CHECK_INT(s->ops->append(s, 1, 1, &idf, 1, al, 2, NULL), 0);
	/* a late event (before everything else of p4) and a duplicate */
	struct event_in late = {T0 - 3 * D + 5000, "a", 1, "p4", 2, "late-1", 6, NULL, 0};
	/* event 17 sent again (same client id and time) */
	struct event_in dup = {T0 + (int64_t)((17 * 7) % 12) * D + (int64_t)((17 * 7919) % 86400) * 1000,
			       "c",
			       1,
			       "p17",
			       3,
			       "u17",
			       3,
			       NULL,
			       0};
	enum event_outcome out[2];
	struct event_in two[] = {late, dup};
	CHECK_INT(s->ops->append(s, 1, 1, two, 2, NULL, 0, out), 0);
	CHECK_INT(out[0], EVENT_STORED);
	CHECK_INT(out[1], EVENT_DUPLICATE);
	all_same(s); /* the late event from the log */
	CHECK_INT(event_store_seal(s, 1), 0);
	all_same(s); /* ... and from a block overlapping older days */
	int64_t erased = 0;
	CHECK_INT(s->ops->erase_person(s, 1, "p7", 2, &erased), 0);
	CHECK(erased > 0);
	all_same(s);
	/* the late event made p4's start three days earlier */
	uint32_t p4;
	CHECK_INT(s->ops->person_of(s, 1, "p4", 2, &p4), 0);
	struct metrics_retention *r = metrics_retention_new(METRICS_START_FIRST, METRICS_INTERVAL_WEEK, 12);
	struct event_filter f = {.from_ms = 0, .to_ms = T0 + 60 * D};
	CHECK_INT(event_retention_fill(s, 1, &f, r), 0);
	size_t n;
	struct metrics_cohort *c =
	    metrics_retention_result(r, METRICS_COUNT_ON, T0 + 60 * D, 0, T0 / D + 60, &n);
	CHECK(n >= 2);
	CHECK_INT(c[0].period, T0 / D - 7); /* the week before T0 */
	CHECK_INT(c[0].size, 1);
	free(c);
	metrics_retention_free(r);
	s->ops->close(s);
	/* reopened from disk: the same answers, the kept structures rebuilt */
	s = evfix_reopen();
	all_same(s);
	all_same(s);
	evfix_done(s);
}

int main(void)
{
	RUN(test_event_spans_and_postings_match_every_row);
	return TEST_DONE();
}
