/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Funnels through the embedded store's person-ordered keys (person_keys,
 * the merge join metrics_funnel_join) against the kernel fed every event
 * of the steps in time order from scan():
 *  - the keys themselves: sorted, persons canonical, exactly the rows of a
 *    scan of the same names in the span;
 *  - the same persons and medians over sealed blocks and the log, after
 *    identity links made after sealing, a late event, a duplicate, another
 *    seal (an array grown by the new block only), an erasure (blocks
 *    rewritten: built again), a store closed and reopened from disk, and a
 *    memory bound of 0 (used once, never kept);
 *  - a span ending inside a second that holds a kept event: person_keys
 *    declines (1) and event_funnel_fill still answers exactly;
 *  - the hand-worked example of docs/metrics.md ("Funnels"): 3, 3, 1
 *    persons, medians 121 s and 601,200 s, through the join;
 *  - four threads asking different funnels at once (first builds racing,
 *    arrays shared, and with no memory to keep: each its own) get the
 *    answers of one thread alone.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/metrics_funnel.h"
#include "lib/util.h"
#include "store/event_metrics.h"
#include "store/event_store.h"
#include "test.h"

#define S 1000LL
#define H (3600 * S)
#define D (24 * H)
#define T0 (20759LL * D) /* Monday 2 November 2026 */

static char tmpl[64], dir[96];

static struct event_store *open_store(void)
{
	int err = 0;
	struct event_store *s = event_store_open_embedded(dir, &err);
	BUG_ON(!s);
	return s;
}

/* n events of project 1: person i % people, names a..e, over days, with
 * times that share seconds (ms apart) now and then. */
static void append(struct event_store *s, int from, int n, int people, int days)
{
	struct event_in *ev = xcalloc((size_t)n, sizeof *ev);
	char(*ids)[24] = xcalloc((size_t)n, 24), (*uu)[24] = xcalloc((size_t)n, 24);
	static const char *const names[] = {"a", "b", "c", "d", "e"};
	for (int k = 0; k < n; k++) {
		int i = from + k;
		snprintf(ids[k], 24, "p%d", (i * 31) % people);
		snprintf(uu[k], 24, "u%d", i);
		int64_t t = T0 + (int64_t)((i * 7) % days) * D + (int64_t)((i * 7919) % 86400) * S;
		if (i % 5 == 0)
			t = T0 + (int64_t)((i * 3) % days) * D + 12 * H + (i % 3) * 300; /* shared seconds */
		ev[k] = (struct event_in){t,	 names[(i / 3) % 5], 1,	   ids[k], strlen(ids[k]),
					  uu[k], strlen(uu[k]),	     NULL, 0};
	}
	CHECK_INT(s->ops->append(s, 1, 1, ev, (size_t)n, NULL, 0, NULL), 0);
	free(ev);
	free(ids);
	free(uu);
}

static int feed_events(void *arg, const struct event_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		CHECK_INT(metrics_funnel_add(arg, b->ts_ms[i], b->person[i], b->name[i], 0), 0);
	return 0;
}

struct seen {
	struct metrics_funnel *f;
	const uint32_t *steps;
	int n;
	int64_t from, to; /* the filter, to count its rows */
	size_t in_span;	  /* keys in [lo_s, hi_s) */
	int sorted, called, rc;
};

static int check_keys(void *arg, const struct event_keys *ek)
{
	struct seen *w = arg;
	w->called = 1;
	const uint64_t *key[METRICS_FUNNEL_MAX_STEPS];
	size_t n[METRICS_FUNNEL_MAX_STEPS];
	for (size_t j = 0; j < ek->k; j++)
		for (size_t i = 0; i < ek->n[j]; i++) {
			int64_t sec = (int64_t)(ek->key[j][i] & UINT32_MAX);
			w->in_span += sec >= ek->lo_s && sec < ek->hi_s;
			if (i && ek->key[j][i] < ek->key[j][i - 1])
				w->sorted = 0;
		}
	for (int k = 0; k < w->n; k++) {
		n[k] = 0;
		key[k] = NULL;
		for (size_t j = 0; j < ek->k; j++)
			if (ek->names[j] == w->steps[k]) {
				key[k] = ek->key[j];
				n[k] = ek->n[j];
			}
	}
	w->rc = w->f ? metrics_funnel_join(w->f, key, n, ek->lo_s, ek->hi_s) : -1;
	return 0;
}

static int count_rows(void *arg, const struct event_batch *b)
{
	*(size_t *)arg += b->n;
	return 0;
}

/* One funnel three ways (time order, person_keys + join, event_funnel_fill):
 * the same persons and medians; the join must have run (1: it may decline). */
static void same(struct event_store *s, const char *names, int64_t window_s, int64_t from, int64_t to,
		 int64_t end_ms, int join_may_decline)
{
	uint32_t ids[4];
	int n = (int)strlen(names);
	for (int k = 0; k < n; k++)
		CHECK_INT(s->ops->name_id(s, 1, names + k, 1, &ids[k]), 0);
	struct event_filter f = {.from_ms = from,
				 .to_ms = end_ms ? end_ms : to + window_s * S,
				 .names = ids,
				 .n_names = (size_t)n};
	struct metrics_funnel *a = metrics_funnel_new(ids, n, window_s, 0, from, to);
	struct metrics_funnel *b = metrics_funnel_new(ids, n, window_s, 0, from, to);
	struct metrics_funnel *c = metrics_funnel_new(ids, n, window_s, 0, from, to);
	CHECK_INT(s->ops->scan(s, 1, &f, feed_events, a), 0);
	CHECK_INT(metrics_funnel_end(a), 0);
	struct seen w = {b, ids, n, f.from_ms, f.to_ms, 0, 1, 0, -1};
	int rc = s->ops->person_keys(s, 1, &f, check_keys, &w);
	CHECK_INT(event_funnel_fill(s, 1, &f, c, ids, n), 0);
	struct metrics_funnel_step sa[4], sb[4], sc[4];
	CHECK_INT(metrics_funnel_result(a, -1, sa), 0);
	CHECK_INT(metrics_funnel_result(c, -1, sc), 0);
	CHECK(sa[0].persons > 0);
	for (int k = 0; k < n; k++) {
		CHECK_INT(sc[k].persons, sa[k].persons);
		CHECK(sc[k].median_s == sa[k].median_s);
		CHECK(sc[k].median_total_s == sa[k].median_total_s);
	}
	if (join_may_decline && rc == 1)
		goto out;
	CHECK_INT(rc, 0);
	CHECK(w.called);
	CHECK(w.sorted);
	CHECK_INT(w.rc, 0);
	size_t rows = 0;
	CHECK_INT(s->ops->scan(s, 1, &f, count_rows, &rows), 0);
	CHECK_INT(w.in_span, rows);
	CHECK_INT(metrics_funnel_result(b, -1, sb), 0);
	for (int k = 0; k < n; k++) {
		CHECK_INT(sb[k].persons, sa[k].persons);
		CHECK(sb[k].median_s == sa[k].median_s);
		CHECK(sb[k].median_total_s == sa[k].median_total_s);
	}
out:
	metrics_funnel_free(a);
	metrics_funnel_free(b);
	metrics_funnel_free(c);
}

static void all_same(struct event_store *s)
{
	same(s, "abc", 3 * 86400, T0, T0 + 20 * D, 0, 0);
	same(s, "bca", 86400, T0 + 2 * D, T0 + 9 * D, 0, 0);
	same(s, "eadb", 7 * 86400, T0, T0 + 30 * D, 0, 0);
	same(s, "ca", 600, T0 + D, T0 + 5 * D, 0, 0); /* a short window */
	/* the span ending at "now + 1 ms", after every event: still the join */
	same(s, "abc", 86400, T0, T0 + 25 * D, T0 + 26 * D + 1, 0);
}

/* The example of docs/metrics.md, "Funnels" (project 2). */
static void docs_example(struct event_store *s)
{
	int64_t t = T0 + 3 * D;
	struct event_in ev[] = {
	    {t, "signup", 6, "q1", 2, "x1", 2, NULL, 0},
	    {t + H, "onboarding_done", 15, "q1", 2, "x2", 2, NULL, 0},
	    {t + 7 * D, "first_plan", 10, "q1", 2, "x3", 2, NULL, 0}, /* exactly the window: counts */
	    {t + 10 * H + 900, "signup", 6, "q2", 2, "x4", 2, NULL, 0},
	    {t + 10 * H + 100, "onboarding_done", 15, "q2", 2, "x5", 2, NULL, 0},  /* a tie */
	    {t + 10 * H + 7 * D + S, "first_plan", 10, "q2", 2, "x6", 2, NULL, 0}, /* 1 s late */
	    {t + D - S, "signup", 6, "q3", 2, "x7", 2, NULL, 0},
	    {t + D - S + 500, "$pageview", 9, "q3", 2, "x8", 2, NULL, 0},
	    {t + D + 120 * S, "onboarding_done", 15, "q3", 2, "x9", 2, NULL, 0},
	    {t + H, "onboarding_done", 15, "q4", 2, "xa", 2, NULL, 0},
	};
	/* half sealed, half in the log */
	CHECK_INT(s->ops->append(s, 2, 1, ev, 5, NULL, 0, NULL), 0);
	CHECK_INT(event_store_seal(s, 1), 0);
	CHECK_INT(s->ops->append(s, 2, 1, ev + 5, 5, NULL, 0, NULL), 0);
	static const char *const names[] = {"signup", "onboarding_done", "first_plan"};
	uint32_t ids[3];
	for (int k = 0; k < 3; k++)
		CHECK_INT(s->ops->name_id(s, 2, names[k], strlen(names[k]), &ids[k]), 0);
	struct event_filter f = {.from_ms = t, .to_ms = t + 9 * D, .names = ids, .n_names = 3};
	struct metrics_funnel *fu = metrics_funnel_new(ids, 3, 7 * 86400, 0, t, t + D);
	struct seen w = {fu, ids, 3, f.from_ms, f.to_ms, 0, 1, 0, -1};
	CHECK_INT(s->ops->person_keys(s, 2, &f, check_keys, &w), 0);
	CHECK_INT(w.rc, 0); /* through the join */
	struct metrics_funnel_step st[3];
	CHECK_INT(metrics_funnel_result(fu, -1, st), 0);
	CHECK_INT(st[0].persons, 3);
	CHECK_INT(st[1].persons, 3);
	CHECK_INT(st[2].persons, 1);
	CHECK(st[1].median_s == 121); /* of 3,600, 0 and 121 */
	CHECK(st[2].median_s == 601200);
	CHECK(st[2].median_total_s == 604800);
	metrics_funnel_free(fu);
}

/* ---- several threads at once ---- */

#define NF 4
static const char *const conc_names[NF] = {"abc", "bca", "eadb", "ca"};

struct conc {
	struct event_store *s;
	int64_t persons[NF][4];
	double med[NF][4];
	int bad;
};

/* Funnel i over the whole data through event_funnel_fill. */
static int one_funnel(struct event_store *s, int i, int64_t *persons, double *med)
{
	const char *names = conc_names[i];
	uint32_t ids[4];
	int n = (int)strlen(names);
	for (int k = 0; k < n; k++)
		if (s->ops->name_id(s, 1, names + k, 1, &ids[k]) != 0)
			return -1;
	struct event_filter f = {
	    .from_ms = T0 - 5 * D, .to_ms = T0 + 40 * D, .names = ids, .n_names = (size_t)n};
	struct metrics_funnel *fu = metrics_funnel_new(ids, n, 2 * 86400, 0, T0 - 5 * D, T0 + 30 * D);
	struct metrics_funnel_step st[4];
	int rc = event_funnel_fill(s, 1, &f, fu, ids, n) || metrics_funnel_result(fu, -1, st) ? -1 : 0;
	for (int k = 0; !rc && k < n; k++) {
		persons[k] = st[k].persons;
		med[k] = st[k].median_total_s;
	}
	metrics_funnel_free(fu);
	return rc;
}

static void *conc_main(void *arg)
{
	struct conc *c = arg;
	for (int round = 0; round < 20; round++)
		for (int j = 0; j < NF; j++) {
			int i = (j + round) % NF;
			int64_t p[4] = {0};
			double m[4] = {0};
			if (one_funnel(c->s, i, p, m) < 0)
				__atomic_store_n(&c->bad, 1, __ATOMIC_RELAXED);
			for (int k = 0; k < (int)strlen(conc_names[i]); k++)
				if (p[k] != c->persons[i][k] || m[k] != c->med[i][k])
					__atomic_store_n(&c->bad, 1, __ATOMIC_RELAXED);
		}
	return NULL;
}

static void concurrent(struct event_store *s)
{
	struct conc c = {.s = s};
	for (int i = 0; i < NF; i++)
		CHECK_INT(one_funnel(s, i, c.persons[i], c.med[i]), 0);
	CHECK(c.persons[0][0] > 0);
	s->ops->close(s); /* nothing kept: the threads' first builds race */
	c.s = s = open_store();
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		BUG_ON(pthread_create(&t[i], NULL, conc_main, &c) != 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	CHECK(!c.bad);
	setenv("SCALELAB_EVENTS_FUNNEL_KEPT_MB", "0", 1); /* each query its own arrays */
	for (int i = 0; i < 4; i++)
		BUG_ON(pthread_create(&t[i], NULL, conc_main, &c) != 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	unsetenv("SCALELAB_EVENTS_FUNNEL_KEPT_MB");
	CHECK(!c.bad);
	s->ops->close(s);
}

TEST(test_event_funnel_join_matches_time_order)
{
	setenv("SCALELAB_EVENTS_SEAL_ROWS", "100000000", 1); /* seals only when asked */
	snprintf(tmpl, sizeof tmpl, "/tmp/h-fun-store-XXXXXX");
	BUG_ON(!mkdtemp(tmpl));
	snprintf(dir, sizeof dir, "%s/ev", tmpl);
	struct event_store *s = open_store();
	append(s, 0, 4000, 300, 20);
	CHECK_INT(event_store_seal(s, 1), 0);
	append(s, 4000, 4000, 450, 24);
	CHECK_INT(event_store_seal(s, 1), 0);
	append(s, 8000, 900, 500, 25); /* unsealed: the log */
	all_same(s);
	all_same(s); /* the second time from the kept arrays */
	/* links after sealing: p1, p2 and p3 one person */
	struct event_in idf = {T0 + 13 * D, "$identify", 9, "p1", 2, "idf-1", 5, NULL, 0};
	struct event_alias al[] = {{"p1", 2, "p2", 2}, {"p3", 2, "p2", 2}};
	CHECK_INT(s->ops->append(s, 1, 1, &idf, 1, al, 2, NULL), 0);
	/* a late event and a duplicate (event 17 again) */
	struct event_in two[] = {
	    {T0 - 3 * D + 5000, "a", 1, "p4", 2, "late-1", 6, NULL, 0},
	    {T0 + (int64_t)((17 * 7) % 20) * D + (int64_t)((17 * 7919) % 86400) * S, "b", 1, "p227", 4, "u17",
	     3, NULL, 0},
	};
	enum event_outcome out[2];
	CHECK_INT(s->ops->append(s, 1, 1, two, 2, NULL, 0, out), 0);
	CHECK_INT(out[0], EVENT_STORED);
	same(s, "abc", 3 * 86400, T0 - 5 * D, T0 + 20 * D, 0, 0); /* the late event from the log */
	all_same(s);
	CHECK_INT(event_store_seal(s, 1), 0); /* a new block: merged into the kept arrays */
	all_same(s);
	same(s, "abc", 3 * 86400, T0 - 5 * D, T0 + 20 * D, 0, 0);
	int64_t erased = 0;
	CHECK_INT(s->ops->erase_person(s, 1, "p7", 2, &erased), 0);
	CHECK(erased > 0);
	all_same(s); /* blocks rewritten: built again */
	/* a span ending inside a second with a kept event: declined, still exact */
	same(s, "abc", 86400, T0 - 5 * D, T0 + 12 * H, T0 + 12 * H + 1, 1);
	uint32_t ids[3];
	for (int k = 0; k < 3; k++)
		CHECK_INT(s->ops->name_id(s, 1, "abc" + k, 1, &ids[k]), 0);
	struct event_filter cut = {.from_ms = T0, .to_ms = T0 + 12 * H + 1, .names = ids, .n_names = 3};
	struct seen w = {NULL, ids, 3, 0, 0, 0, 1, 0, -1};
	CHECK_INT(s->ops->person_keys(s, 1, &cut, check_keys, &w), 1);
	CHECK(!w.called);
	/* no memory for kept arrays: used once */
	setenv("SCALELAB_EVENTS_FUNNEL_KEPT_MB", "0", 1);
	s->ops->close(s);
	s = open_store();
	all_same(s);
	unsetenv("SCALELAB_EVENTS_FUNNEL_KEPT_MB");
	s->ops->close(s);
	/* reopened from disk: the same answers */
	s = open_store();
	all_same(s);
	all_same(s);
	docs_example(s);
	concurrent(s); /* closes s */
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpl);
	BUG_ON(system(cmd) != 0);
}

int main(void)
{
	RUN(test_event_funnel_join_matches_time_order);
	return TEST_DONE();
}
