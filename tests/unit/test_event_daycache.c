/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * day_persons() of the embedded store against a plain reference built from
 * scan(): the kept per-block day sets (blocks inside the span), rows of
 * blocks at the span's edges and of the unsealed log, aliases made after
 * sealing (linked ids counted once, as their canonical person), an erasure
 * (which writes a new block: the old block's kept sets are not used), and a
 * named query (the scan path).
 */
#include "event_fixture.h"

#define D EVFIX_D
#define T0 EVFIX_T0

/* Person i % people, day i % days, name a or b. */
static void pattern(int i, int days, int64_t *ts, const char **name, int64_t *source)
{
	*ts = T0 + (int64_t)(i % days) * D + (int64_t)(i % 997) * 60000;
	*name = i % 3 ? "a" : "b";
	*source = 1;
}

static void append(struct event_store *s, int from, int n, int people, int days)
{
	evfix_append(s, from, n, people, days, pattern);
}

struct ref {
	roaring_bitmap_t *day[16];
	int64_t first;
};

static int ref_batch(void *arg, const struct event_batch *b)
{
	struct ref *r = arg;
	for (size_t i = 0; i < b->n; i++) {
		int64_t k = b->ts_ms[i] / D - r->first;
		if (!r->day[k])
			r->day[k] = roaring_bitmap_create();
		roaring_bitmap_add(r->day[k], b->person[i]);
	}
	return 0;
}

struct got {
	roaring_bitmap_t *day[16];
	int64_t first;
	int calls;
};

static int got_day(void *arg, int64_t day_ms, const roaring_bitmap_t *p)
{
	struct got *g = arg;
	g->day[day_ms / D - g->first] = roaring_bitmap_copy(p);
	g->calls++;
	return 0;
}

/* day_persons over [from, to) equals the per-day sets of scan(). */
static void same(struct event_store *s, int64_t from, int64_t to, const uint32_t *names, size_t n_names)
{
	struct event_filter f = {.from_ms = from, .to_ms = to, .names = names, .n_names = n_names};
	struct ref r = {{0}, T0 / D};
	struct got g = {{0}, T0 / D, 0};
	CHECK_INT(s->ops->scan(s, 1, &f, ref_batch, &r), 0);
	CHECK_INT(s->ops->day_persons(s, 1, &f, got_day, &g), 0);
	int days = 0;
	for (int k = 0; k < 16; k++) {
		days += r.day[k] != NULL;
		CHECK((r.day[k] == NULL) == (g.day[k] == NULL));
		if (r.day[k] && g.day[k])
			CHECK(roaring_bitmap_equals(r.day[k], g.day[k]));
		if (r.day[k])
			roaring_bitmap_free(r.day[k]);
		if (g.day[k])
			roaring_bitmap_free(g.day[k]);
	}
	CHECK_INT(g.calls, days);
}

TEST(test_day_persons_kept_sets_match_a_scan)
{
	struct event_store *s = evfix_open("h-ret-daycache");
	append(s, 0, 3000, 400, 10);
	CHECK_INT(event_store_seal(s, 1), 0);
	append(s, 3000, 3000, 500, 10);
	CHECK_INT(event_store_seal(s, 1), 0);
	append(s, 6000, 500, 600, 12); /* unsealed: the log */
	/* whole span (blocks inside), twice (the second from the kept sets) */
	same(s, T0 - D, T0 + 14 * D, NULL, 0);
	same(s, T0 - D, T0 + 14 * D, NULL, 0);
	/* edges inside blocks: rows read, not the kept sets */
	same(s, T0 + 2 * D + 3600000, T0 + 7 * D, NULL, 0);
	/* links made after sealing: p1 and p2 become one person */
	struct event_in idf = {T0 + 11 * D, "$identify", 9, "p1", 2, "idf-1", 5, NULL, 0};
	struct event_alias al = {"p1", 2, "p2", 2};
	CHECK_INT(s->ops->append(s, 1, 1, &idf, 1, &al, 1, NULL), 0);
	uint32_t p1, p2;
	CHECK_INT(s->ops->person_of(s, 1, "p1", 2, &p1), 0);
	CHECK_INT(s->ops->person_of(s, 1, "p2", 2, &p2), 0);
	CHECK_INT(p1, p2);
	same(s, T0 - D, T0 + 14 * D, NULL, 0);
	/* an erasure rewrites blocks: the person is gone from every day */
	int64_t erased = 0;
	CHECK_INT(s->ops->erase_person(s, 1, "p7", 2, &erased), 0);
	CHECK(erased > 0);
	same(s, T0 - D, T0 + 14 * D, NULL, 0);
	/* a named query goes through the scan */
	uint32_t b;
	CHECK_INT(s->ops->name_id(s, 1, "b", 1, &b), 0);
	same(s, T0 - D, T0 + 14 * D, &b, 1);
	evfix_done(s);
}

int main(void)
{
	RUN(test_day_persons_kept_sets_match_a_scan);
	return TEST_DONE();
}
