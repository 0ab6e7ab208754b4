/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Tests of the embedded event store: group commit from many threads,
 * dedup across batches, seals and reopens, identity mapping with alias
 * chains, torn-tail recovery, sealed + unsealed visibility, erasure and
 * expiry. Each test works in its own temporary directory.
 */
#include <dirent.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "domain/evcodec.h"
#include "lib/util.h"
#include "store/event_store.h"
#include "test.h"

static char tmpl[64];

/* A fresh store directory under /tmp. */
static const char *fresh_dir(void)
{
	snprintf(tmpl, sizeof tmpl, "/tmp/evstore-test-XXXXXX");
	BUG_ON(!mkdtemp(tmpl));
	static char dir[96];
	snprintf(dir, sizeof dir, "%s/ev", tmpl);
	return dir;
}

static void rm_dir(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpl);
	BUG_ON(system(cmd) != 0);
}

static struct event_store *open_store(const char *dir)
{
	int err = 0;
	struct event_store *s = event_store_open_embedded(dir, &err);
	CHECK_INT(err, 0);
	BUG_ON(!s);
	return s;
}

/* An event with its strings in caller-owned buffers. */
struct ev_text {
	char uuid[48], did[48], name[32], props[64];
	struct event_in in;
};

static void make_event(struct ev_text *t, int64_t ts, const char *uuid, const char *did, const char *name)
{
	snprintf(t->uuid, sizeof t->uuid, "%s", uuid ? uuid : "");
	snprintf(t->did, sizeof t->did, "%s", did);
	snprintf(t->name, sizeof t->name, "%s", name);
	snprintf(t->props, sizeof t->props, "{\"n\":%lld}", (long long)ts);
	t->in = (struct event_in){ts,	   t->name,	    strlen(t->name), t->did,	      strlen(t->did),
				  t->uuid, strlen(t->uuid), t->props,	     strlen(t->props)};
}

static int append_one(struct event_store *s, int64_t project, int64_t ts, const char *uuid, const char *did,
		      const char *name, enum event_outcome *o)
{
	struct ev_text t;
	make_event(&t, ts, uuid, did, name);
	return s->ops->append(s, project, 1, &t.in, 1, NULL, 0, o);
}

/* Collects what a scan returns. */
struct collected {
	size_t n;
	int64_t ts[200000];
	uint32_t person[200000];
	int ordered;
};

static int collect(void *arg, const struct event_batch *b)
{
	struct collected *c = arg;
	for (size_t i = 0; i < b->n && c->n < 200000; i++) {
		if (c->n && b->ts_ms[i] < c->ts[c->n - 1])
			c->ordered = 0;
		if (b->props) { /* each event's properties are {"n":<its time>} */
			char want[64];
			snprintf(want, sizeof want, "{\"n\":%lld}", (long long)b->ts_ms[i]);
			CHECK(b->props_len[i] == strlen(want) &&
			      memcmp(b->props[i], want, b->props_len[i]) == 0);
		}
		c->ts[c->n] = b->ts_ms[i];
		c->person[c->n++] = b->person[i];
	}
	return 0;
}

static struct collected *scan_all(struct event_store *s, int64_t project)
{
	struct collected *c = calloc(1, sizeof *c);
	c->ordered = 1;
	struct event_filter f = {INT64_MIN, INT64_MAX, NULL, 0, 0, 1, NULL, NULL, 0};
	CHECK_INT(s->ops->scan(s, project, &f, collect, c), 0);
	return c;
}

TEST(test_event_store_dedups_on_client_id_within_and_across_batches)
{
	const char *dir = fresh_dir();
	struct event_store *s = open_store(dir);
	struct ev_text t[3];
	make_event(&t[0], 1000, "u-1", "anna", "pageview");
	make_event(&t[1], 1001, "u-1", "anna", "pageview");
	make_event(&t[2], 1002, "", "anna", "pageview");
	struct event_in in[3] = {t[0].in, t[1].in, t[2].in};
	enum event_outcome o[3];
	CHECK_INT(s->ops->append(s, 7, 1, in, 3, NULL, 0, o), 0);
	CHECK_INT(o[0], EVENT_STORED);
	CHECK_INT(o[1], EVENT_DUPLICATE);
	CHECK_INT(o[2], EVENT_STORED);
	/* again: the uuid is a duplicate, the event without client id is not */
	CHECK_INT(s->ops->append(s, 7, 1, in, 3, NULL, 0, o), 0);
	CHECK_INT(o[0], EVENT_DUPLICATE);
	CHECK_INT(o[2], EVENT_STORED);
	/* the same client id in another project is another event */
	CHECK_INT(append_one(s, 8, 1000, "u-1", "anna", "pageview", o), 0);
	CHECK_INT(o[0], EVENT_STORED);
	s->ops->close(s);
	s = open_store(dir);
	CHECK_INT(append_one(s, 7, 1000, "u-1", "anna", "pageview", o), 0);
	CHECK_INT(o[0], EVENT_DUPLICATE);
	struct event_counts c;
	CHECK_INT(s->ops->counts(s, 7, &c), 0);
	CHECK_INT(c.events, 3);
	CHECK_INT(c.persons, 1);
	struct event_source_stats st;
	CHECK_INT(s->ops->source_stats(s, 7, 1, &st), 0);
	CHECK_INT(st.stored, 3);
	CHECK_INT(st.duplicates, 4);
	CHECK_INT(st.last_ts_ms, 1002);
	s->ops->close(s);
	rm_dir();
}

TEST(test_event_store_dedup_finds_a_retry_across_an_hour_boundary)
{
	const char *dir = fresh_dir();
	struct event_store *s = open_store(dir);
	const int64_t hour = 3600000, t = 1767225600000LL + 5 * hour;
	enum event_outcome o;
	/* first send 2 ms before the hour, the retry 3 ms after it (another
	 * skew correction): one event */
	CHECK_INT(append_one(s, 1, t - 2, "retry-1", "anna", "view", &o), 0);
	CHECK_INT(o, EVENT_STORED);
	CHECK_INT(append_one(s, 1, t + 3, "retry-1", "anna", "view", &o), 0);
	CHECK_INT(o, EVENT_DUPLICATE);
	/* the other way round, and within a batch */
	CHECK_INT(append_one(s, 1, t + hour + 10, "retry-2", "anna", "view", &o), 0);
	CHECK_INT(append_one(s, 1, t + hour - 10, "retry-2", "anna", "view", &o), 0);
	CHECK_INT(o, EVENT_DUPLICATE);
	/* the same id three hours apart is documented as another event */
	CHECK_INT(append_one(s, 1, t + 4 * hour, "retry-1", "anna", "view", &o), 0);
	CHECK_INT(o, EVENT_STORED);
	struct event_counts c;
	CHECK_INT(s->ops->counts(s, 1, &c), 0);
	CHECK_INT(c.events, 3);
	s->ops->close(s);
	rm_dir();
}

TEST(test_event_store_refuses_invalid_events_whole)
{
	const char *dir = fresh_dir();
	struct event_store *s = open_store(dir);
	struct ev_text t;
	make_event(&t, 1, "x", "anna", "e");
	t.in.name_len = 0;
	CHECK_INT(s->ops->append(s, 1, 1, &t.in, 1, NULL, 0, NULL), -ERR_INVALID);
	struct event_counts c;
	CHECK_INT(s->ops->counts(s, 1, &c), 0);
	CHECK_INT(c.events, 0);
	s->ops->close(s);
	rm_dir();
}

TEST(test_event_store_second_process_is_refused_busy)
{
	const char *dir = fresh_dir();
	struct event_store *s = open_store(dir);
	int err = 0;
	/* flock is per open file description: a second open in this process
	 * is refused like a second process would be */
	struct event_store *s2 = event_store_open_embedded(dir, &err);
	CHECK(s2 == NULL);
	CHECK_INT(err, -ERR_BUSY);
	s->ops->close(s);
	rm_dir();
}

TEST(test_event_store_aliases_chain_to_the_earliest_id)
{
	const char *dir = fresh_dir();
	struct event_store *s = open_store(dir);
	enum event_outcome o;
	CHECK_INT(append_one(s, 1, 10, "a", "anon-1", "pageview", &o), 0); /* id 1 */
	CHECK_INT(append_one(s, 1, 11, "b", "anon-2", "pageview", &o), 0); /* id 2 */
	CHECK_INT(append_one(s, 1, 12, "c", "user@x", "login", &o), 0);	   /* id 3 */
	CHECK_INT(append_one(s, 1, 13, "d", "other", "login", &o), 0);	   /* id 4 */
	/* exact bytes: case differs, so another person */
	CHECK_INT(append_one(s, 1, 14, "e", "USER@x", "login", &o), 0); /* id 5 */
	struct event_alias al[2] = {{"user@x", 6, "anon-2", 6}, {"anon-1", 6, "user@x", 6}};
	CHECK_INT(s->ops->append(s, 1, 1, NULL, 0, al, 2, NULL), 0);
	uint32_t p1, p2, p3, p4, p5;
	CHECK_INT(s->ops->person_of(s, 1, "anon-1", 6, &p1), 0);
	CHECK_INT(s->ops->person_of(s, 1, "anon-2", 6, &p2), 0);
	CHECK_INT(s->ops->person_of(s, 1, "user@x", 6, &p3), 0);
	CHECK_INT(s->ops->person_of(s, 1, "other", 5, &p4), 0);
	CHECK_INT(s->ops->person_of(s, 1, "USER@x", 6, &p5), 0);
	CHECK_INT(p1, 1);
	CHECK_INT(p2, 1);
	CHECK_INT(p3, 1);
	CHECK_INT(p4, 4);
	CHECK_INT(p5, 5);
	CHECK_INT(s->ops->person_of(s, 1, "nobody", 6, &p1), -ERR_NOTFOUND);
	struct event_counts c;
	CHECK_INT(s->ops->counts(s, 1, &c), 0);
	CHECK_INT(c.persons, 3);
	/* a later link between two linked sets keeps the smallest root */
	struct event_alias al2 = {"other", 5, "anon-2", 6};
	CHECK_INT(s->ops->append(s, 1, 1, NULL, 0, &al2, 1, NULL), 0);
	s->ops->close(s);
	s = open_store(dir);
	CHECK_INT(s->ops->person_of(s, 1, "other", 5, &p4), 0);
	CHECK_INT(p4, 1);
	CHECK_INT(s->ops->counts(s, 1, &c), 0);
	CHECK_INT(c.persons, 2);
	/* a raw scan gives the ids events were sent with, and their strings */
	struct collected *raw = calloc(1, sizeof *raw);
	struct event_filter fr = {.from_ms = INT64_MIN, .to_ms = INT64_MAX, .raw_person = 1};
	CHECK_INT(s->ops->scan(s, 1, &fr, collect, raw), 0);
	CHECK_INT(raw->n, 5);
	CHECK_INT(raw->person[2], 3);
	size_t dl = 0;
	char *did = s->ops->distinct_of(s, 1, raw->person[2], &dl);
	CHECK_STR(did, "user@x");
	CHECK_INT(dl, 6);
	free(did);
	free(raw);
	struct collected *canon = scan_all(s, 1);
	CHECK_INT(canon->person[2], 1);
	free(canon);
	CHECK(s->ops->distinct_of(s, 1, 999, &dl) == NULL);
	uint32_t nid;
	CHECK_INT(s->ops->name_id(s, 1, "login", 5, &nid), 0);
	char *nm = s->ops->name_of(s, 1, nid);
	CHECK_STR(nm, "login");
	free(nm);
	CHECK(s->ops->name_of(s, 1, 999) == NULL);
	s->ops->close(s);
	rm_dir();
}

/* Group commit: 8 threads append 10k events each (batches of 100, every
 * batch sent twice); all are present exactly once. */
struct thread_arg {
	struct event_store *s;
	int t;
	int rc;
	int64_t dups;
};

static void *append_thread(void *arg)
{
	struct thread_arg *a = arg;
	struct ev_text *t = calloc(100, sizeof *t);
	struct event_in in[100];
	enum event_outcome o[100];
	for (int b = 0; b < 100; b++) {
		for (int i = 0; i < 100; i++) {
			int k = a->t * 10000 + b * 100 + i;
			char uuid[32], did[32];
			snprintf(uuid, sizeof uuid, "uuid-%d", k);
			snprintf(did, sizeof did, "user-%d", k % 997);
			make_event(&t[i], 1700000000000LL + k, uuid, did, i % 2 ? "view" : "click");
			in[i] = t[i].in;
		}
		for (int rep = 0; rep < 2; rep++) {
			int rc = a->s->ops->append(a->s, 3, 1 + a->t % 2, in, 100, NULL, 0, o);
			if (rc)
				a->rc = rc;
			for (int i = 0; i < 100; i++)
				a->dups += o[i] == EVENT_DUPLICATE;
		}
	}
	free(t);
	return NULL;
}

TEST(test_event_store_group_commit_from_8_threads_stores_each_once)
{
	const char *dir = fresh_dir();
	struct event_store *s = open_store(dir);
	pthread_t th[8];
	struct thread_arg a[8];
	for (int i = 0; i < 8; i++) {
		a[i] = (struct thread_arg){s, i, 0, 0};
		pthread_create(&th[i], NULL, append_thread, &a[i]);
	}
	int64_t dups = 0;
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		CHECK_INT(a[i].rc, 0);
		dups += a[i].dups;
	}
	CHECK_INT(dups, 80000);
	struct event_counts c;
	CHECK_INT(s->ops->counts(s, 3, &c), 0);
	CHECK_INT(c.events, 80000);
	CHECK_INT(c.persons, 997);
	struct event_source_stats st1, st2;
	CHECK_INT(s->ops->source_stats(s, 3, 1, &st1), 0);
	CHECK_INT(s->ops->source_stats(s, 3, 2, &st2), 0);
	CHECK_INT(st1.stored + st2.stored, 80000);
	CHECK_INT(st1.duplicates + st2.duplicates, 80000);
	s->ops->close(s);
	rm_dir();
}

/* Appends n events of project 5 with uuids "<prefix>-<i>", persons
 * "p<i % persons>", times base + ((i * 7919) % n) * step (out of order). */
static void append_many(struct event_store *s, const char *prefix, int n, int persons, int64_t base,
			int64_t step, int64_t *dups)
{
	struct ev_text *t = calloc(250, sizeof *t);
	struct event_in in[250];
	enum event_outcome o[250];
	for (int i = 0; i < n; i += 250) {
		int k = n - i < 250 ? n - i : 250;
		for (int j = 0; j < k; j++) {
			char uuid[32], did[32];
			snprintf(uuid, sizeof uuid, "%s-%d", prefix, i + j);
			snprintf(did, sizeof did, "p%d", (i + j) % persons);
			make_event(&t[j], base + (int64_t)(((i + j) * 7919) % n) * step, uuid, did,
				   (i + j) % 3 ? "view" : "signup");
			in[j] = t[j].in;
		}
		CHECK_INT(s->ops->append(s, 5, 1, in, (size_t)k, NULL, 0, o), 0);
		for (int j = 0; j < k; j++)
			*dups += o[j] == EVENT_DUPLICATE;
	}
	free(t);
}

TEST(test_event_store_sealed_and_unsealed_all_visible_once_after_reopen)
{
	const char *dir = fresh_dir();
	struct event_store *s = open_store(dir);
	int64_t dups = 0;
	const int64_t day = 86400000, t0 = 1767225600000LL; /* 2026-01-01 */
	append_many(s, "a", 3000, 100, t0, 60000, &dups);
	CHECK_INT(event_store_seal(s, 1), 0);
	struct event_counts c;
	CHECK_INT(s->ops->counts(s, 5, &c), 0);
	CHECK_INT(c.unsealed, 0);
	CHECK(c.blocks >= 1);
	CHECK_INT(c.events, 3000);
	/* across the seal boundary: the same uuids again are duplicates */
	append_many(s, "a", 3000, 100, t0, 60000, &dups);
	CHECK_INT(dups, 3000);
	/* new events, unsealed, interleaved in time with the sealed ones */
	append_many(s, "b", 1000, 100, t0 + 30000, 60000, &dups);
	s->ops->close(s);
	s = open_store(dir);
	append_many(s, "b", 1000, 100, t0 + 30000, 60000, &dups);
	CHECK_INT(dups, 4000);
	struct collected *col = scan_all(s, 5);
	CHECK_INT(col->n, 4000);
	CHECK(col->ordered);
	free(col);
	/* a time window [day 1, day 2) sees exactly its events */
	struct collected *w = calloc(1, sizeof *w);
	w->ordered = 1;
	struct event_filter f = {t0 + day, t0 + 2 * day, NULL, 0, 0, 0, NULL, NULL, 0};
	CHECK_INT(s->ops->scan(s, 5, &f, collect, w), 0);
	/* a: minutes 1440..2879 of 3000 = 1440 events; b: same minutes +30 s */
	CHECK_INT(w->n, 1440 + 0);
	CHECK(w->ordered);
	free(w);
	/* a name filter: "signup" is every third event */
	uint32_t signup;
	CHECK_INT(s->ops->name_id(s, 5, "signup", 6, &signup), 0);
	struct collected *sg = calloc(1, sizeof *sg);
	struct event_filter fs = {INT64_MIN, INT64_MAX, &signup, 1, 0, 0, NULL, NULL, 0};
	CHECK_INT(s->ops->scan(s, 5, &fs, collect, sg), 0);
	CHECK_INT(sg->n, 1000 + 334);
	free(sg);
	s->ops->close(s);
	rm_dir();
}

/* Per-day distinct persons, collected by day_persons. */
struct day_counts {
	int n;
	int64_t day[16];
	uint64_t persons[16];
};

static int count_day(void *arg, int64_t day_ms, const roaring_bitmap_t *persons)
{
	struct day_counts *d = arg;
	if (d->n < 16) {
		d->day[d->n] = day_ms;
		d->persons[d->n++] = roaring_bitmap_get_cardinality(persons);
	}
	return 0;
}

TEST(test_event_store_day_persons_counts_linked_ids_once)
{
	const char *dir = fresh_dir();
	struct event_store *s = open_store(dir);
	const int64_t d0 = 1767225600000LL, h = 3600000;
	enum event_outcome o;
	/* day 0: anon-1, user@x, other (3 ids, 2 persons after the alias) */
	append_one(s, 1, d0 + 1 * h, "1", "anon-1", "view", &o);
	append_one(s, 1, d0 + 2 * h, "2", "user@x", "view", &o);
	append_one(s, 1, d0 + 3 * h, "3", "other", "view", &o);
	CHECK_INT(event_store_seal(s, 1), 0);
	/* day 1 (unsealed): anon-1 twice; day 3: other */
	append_one(s, 1, d0 + 25 * h, "4", "anon-1", "view", &o);
	append_one(s, 1, d0 + 26 * h, "5", "anon-1", "click", &o);
	append_one(s, 1, d0 + 73 * h, "6", "other", "view", &o);
	/* a negative time still lands on its own UTC day */
	append_one(s, 1, -1, "7", "old", "view", &o);
	struct event_alias al = {"anon-1", 6, "user@x", 6};
	CHECK_INT(s->ops->append(s, 1, 1, NULL, 0, &al, 1, NULL), 0);
	struct day_counts d = {0};
	struct event_filter f = {INT64_MIN, INT64_MAX, NULL, 0, 0, 0, NULL, NULL, 0};
	CHECK_INT(s->ops->day_persons(s, 1, &f, count_day, &d), 0);
	CHECK_INT(d.n, 4);
	CHECK_INT(d.day[0], -86400000);
	CHECK_INT(d.persons[0], 1);
	CHECK_INT(d.day[1], d0);
	CHECK_INT(d.persons[1], 2);
	CHECK_INT(d.day[2], d0 + 86400000);
	CHECK_INT(d.persons[2], 1);
	CHECK_INT(d.day[3], d0 + 3 * 86400000);
	CHECK_INT(d.persons[3], 1);
	s->ops->close(s);
	rm_dir();
}

TEST(test_event_store_erasure_removes_a_persons_events_everywhere)
{
	const char *dir = fresh_dir();
	struct event_store *s = open_store(dir);
	int64_t dups = 0;
	append_many(s, "a", 2000, 50, 1767225600000LL, 1000, &dups); /* p0..p49, 40 each */
	CHECK_INT(event_store_seal(s, 1), 0);
	append_many(s, "b", 500, 50, 1767225600000LL, 1000, &dups); /* 10 each, unsealed */
	struct event_alias al = {"p7", 2, "anna@voorbeeld.nl", 17};
	CHECK_INT(s->ops->append(s, 5, 1, NULL, 0, &al, 1, NULL), 0);
	int64_t erased = -1;
	CHECK_INT(s->ops->erase_person(s, 5, "anna@voorbeeld.nl", 17, &erased), 0);
	CHECK_INT(erased, 50);
	uint32_t p;
	CHECK_INT(s->ops->person_of(s, 5, "p7", 2, &p), -ERR_NOTFOUND);
	CHECK_INT(s->ops->person_of(s, 5, "anna@voorbeeld.nl", 17, &p), -ERR_NOTFOUND);
	CHECK_INT(s->ops->person_of(s, 5, "p8", 2, &p), 0);
	struct event_counts c;
	CHECK_INT(s->ops->counts(s, 5, &c), 0);
	CHECK_INT(c.events, 2450);
	CHECK_INT(c.persons, 49);
	struct event_source_stats st;
	CHECK_INT(s->ops->source_stats(s, 5, 1, &st), 0);
	CHECK_INT(st.stored, 2450);
	/* no event of the erased person is left after a reopen either */
	s->ops->close(s);
	s = open_store(dir);
	struct collected *col = scan_all(s, 5);
	CHECK_INT(col->n, 2450);
	CHECK(col->ordered);
	free(col);
	/* an unknown id erases nothing */
	CHECK_INT(s->ops->erase_person(s, 5, "nobody", 6, &erased), 0);
	CHECK_INT(erased, 0);
	s->ops->close(s);
	rm_dir();
}

TEST(test_event_store_expiry_drops_one_sources_old_events)
{
	const char *dir = fresh_dir();
	struct event_store *s = open_store(dir);
	const int64_t t0 = 1767225600000LL;
	struct ev_text t[40];
	struct event_in in[40];
	for (int i = 0; i < 40; i++) {
		char u[16];
		snprintf(u, sizeof u, "e%d", i);
		make_event(&t[i], t0 + i * 1000, u, "p", "view");
		in[i] = t[i].in;
	}
	CHECK_INT(s->ops->append(s, 9, 1, in, 20, NULL, 0, NULL), 0);	   /* source 1: 0..19 */
	CHECK_INT(s->ops->append(s, 9, 2, in + 20, 20, NULL, 0, NULL), 0); /* source 2: 20..39 */
	CHECK_INT(event_store_seal(s, 1), 0);
	CHECK_INT(s->ops->append(s, 9, 1, in, 20, NULL, 0, NULL), 0); /* duplicates */
	struct ev_text late;
	make_event(&late, t0 + 5500, "late", "p", "view");
	CHECK_INT(s->ops->append(s, 9, 1, &late.in, 1, NULL, 0, NULL), 0); /* unsealed */
	int64_t erased;
	/* source 1 before t0 + 10 s: events 0..9 (sealed) and "late" (log) */
	CHECK_INT(s->ops->expire(s, 9, 1, t0 + 10000, &erased), 0);
	CHECK_INT(erased, 11);
	struct event_counts c;
	CHECK_INT(s->ops->counts(s, 9, &c), 0);
	CHECK_INT(c.events, 30);
	struct event_source_stats st1, st2;
	CHECK_INT(s->ops->source_stats(s, 9, 1, &st1), 0);
	CHECK_INT(s->ops->source_stats(s, 9, 2, &st2), 0);
	CHECK_INT(st1.stored, 10);
	CHECK_INT(st2.stored, 20);
	struct collected *col = scan_all(s, 9);
	CHECK_INT(col->n, 30);
	CHECK_INT(col->ts[0], t0 + 10000);
	free(col);
	/* expiring everything of source 2 removes its events, keeps source 1 */
	CHECK_INT(s->ops->expire(s, 9, 2, INT64_MAX, &erased), 0);
	CHECK_INT(erased, 20);
	CHECK_INT(s->ops->counts(s, 9, &c), 0);
	CHECK_INT(c.events, 10);
	s->ops->close(s);
	rm_dir();
}

/* A child process appends batch A (acknowledged) and batch B, then dies
 * without closing; the parent tears the log's tail mid-record (the last
 * write, B's commit, half on disk) and reopens. */
TEST(test_event_store_torn_log_tail_keeps_acknowledged_and_drops_the_torn_batch)
{
	const char *dir = fresh_dir();
	pid_t pid = fork();
	if (pid == 0) {
		int err;
		struct event_store *s = event_store_open_embedded(dir, &err);
		int64_t dups = 0;
		append_many(s, "A", 500, 10, 1767225600000LL, 1000, &dups);
		append_many(s, "B", 250, 10, 1767225600000LL, 1000, &dups);
		_exit(dups == 0 ? 0 : 1);
	}
	int status;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	char wal[128];
	snprintf(wal, sizeof wal, "%s/log.db-wal", dir);
	struct stat sb;
	CHECK_INT(stat(wal, &sb), 0);
	CHECK(sb.st_size > 4096);
	CHECK_INT(truncate(wal, sb.st_size - 1000), 0);
	/* and an orphan block and a temporary file from a crashed seal */
	char junk[128];
	snprintf(junk, sizeof junk, "%s/blocks/p5-1-1-1.blk", dir);
	FILE *fp = fopen(junk, "w");
	fputs("half a block", fp);
	fclose(fp);
	struct event_store *s = open_store(dir);
	CHECK(access(junk, F_OK) != 0);
	struct event_counts c;
	CHECK_INT(s->ops->counts(s, 5, &c), 0);
	CHECK_INT(c.events, 500);
	/* B was never durable: sent again, it is stored, not a duplicate */
	int64_t dups = 0;
	append_many(s, "B", 250, 10, 1767225600000LL, 1000, &dups);
	append_many(s, "A", 500, 10, 1767225600000LL, 1000, &dups);
	CHECK_INT(dups, 500);
	CHECK_INT(s->ops->counts(s, 5, &c), 0);
	CHECK_INT(c.events, 750);
	s->ops->close(s);
	rm_dir();
}

/* Events whose properties say {"plan": ..., "rare": ...}: "plan" is on
 * every event (a column in the block), "rare" on one in ten (JSON only). */
static void append_plans(struct event_store *s, const char *prefix, int n, int64_t t0)
{
	for (int i = 0; i < n; i++) {
		char uuid[32], props[96];
		snprintf(uuid, sizeof uuid, "%s-%d", prefix, i);
		snprintf(props, sizeof props, "{\"plan\":\"%s\"%s,\"n\":%d}", i % 3 == 0 ? "pro" : "free",
			 i % 10 == 0 ? ",\"rare\":\"x\"" : "", i);
		struct event_in e = {t0 + i, "view", 4, "anna", 4, uuid, strlen(uuid), props, strlen(props)};
		CHECK_INT(s->ops->append(s, 2, 1, &e, 1, NULL, 0, NULL), 0);
	}
}

/* Whether the (first) block file under dir has a property column for key:
 * 1, 0, or -1 when there is no readable block. */
static int block_strcols(const char *dir, const char *key)
{
	char path[512];
	snprintf(path, sizeof path, "%s/blocks", dir);
	DIR *d = opendir(path);
	struct dirent *e;
	int found = -1;
	while (d && (e = readdir(d)) && found < 0) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/blocks/%.200s", dir, e->d_name);
		FILE *fp = fopen(path, "rb");
		static uint8_t bytes[1 << 20];
		size_t len = fp ? fread(bytes, 1, sizeof bytes, fp) : 0;
		if (fp)
			fclose(fp);
		struct evc_header h;
		struct evc_strcol_dec c;
		if (evc_block_header(bytes, len, &h) == 0)
			found = evc_block_strcol(bytes, len, &h, key, strlen(key), &c);
		if (found == 1)
			evc_strcol_free(&c);
	}
	if (d)
		closedir(d);
	return found;
}

static int count_rows(void *arg, const struct event_batch *b)
{
	*(size_t *)arg += b->n;
	return 0;
}

static size_t count_prop(struct event_store *s, const char *key, const char *value)
{
	size_t n = 0;
	struct event_filter f = {
	    .from_ms = INT64_MIN, .to_ms = INT64_MAX, .prop_key = key, .prop_value = value};
	CHECK_INT(s->ops->scan(s, 2, &f, count_rows, &n), 0);
	return n;
}

TEST(test_event_store_filters_on_a_property_sealed_and_unsealed)
{
	const char *dir = fresh_dir();
	struct event_store *s = open_store(dir);
	append_plans(s, "a", 300, 1767225600000LL); /* pro: 100, rare: 30 */
	CHECK_INT(event_store_seal(s, 1), 0);
	CHECK_INT(block_strcols(dir, "plan"), 1); /* plan is a column, rare is not */
	CHECK_INT(block_strcols(dir, "rare"), 0);
	append_plans(s, "b", 30, 1767225600000LL + 1000); /* pro: 10, rare: 3 */
	CHECK_INT(count_prop(s, "plan", "pro"), 110);
	CHECK_INT(count_prop(s, "plan", "free"), 220);
	CHECK_INT(count_prop(s, "rare", "x"), 33);
	CHECK_INT(count_prop(s, "plan", "enterprise"), 0);
	CHECK_INT(count_prop(s, "n", "1"), 0); /* numbers are not strings */
	/* an erasure rewrites the block with its property columns */
	int64_t erased;
	CHECK_INT(s->ops->expire(s, 2, 1, 1767225600000LL + 150, &erased), 0);
	CHECK_INT(erased, 150);
	CHECK_INT(count_prop(s, "plan", "pro"), 110 - 50);
	s->ops->close(s);
	rm_dir();
}

TEST(test_event_store_damaged_log_is_refused_without_a_crash)
{
	const char *dir = fresh_dir();
	struct event_store *s = open_store(dir);
	s->ops->close(s);
	char path[128];
	snprintf(path, sizeof path, "%s/log.db", dir);
	FILE *fp = fopen(path, "wb");
	for (int i = 0; i < 2000; i++)
		fputs("not a database ", fp);
	fclose(fp);
	int err = 0;
	s = event_store_open_embedded(dir, &err);
	CHECK(s == NULL);
	CHECK_INT(err, -ERR_IO);
	rm_dir();
}

/* The dedup keys and new distinct ids of an append are pending (one blob
 * row per group, persons above a watermark) until a merge moves them into
 * their indexes: before and after a merge, and after a reopen with
 * entries still pending, a client id is a duplicate and a distinct id is
 * the same person. A store of the previous layout (a unique did index on
 * persons) is converted on open. */
static void append_range(struct event_store *s, int from, int to, int persons, enum event_outcome want)
{
	for (int i = from; i < to; i++) {
		char uuid[32], did[32];
		snprintf(uuid, sizeof uuid, "u-%d", i);
		snprintf(did, sizeof did, "p-%d", i % persons);
		enum event_outcome o;
		CHECK_INT(append_one(s, 3, 1700000000000LL + (int64_t)i * 1800000, uuid, did, "klik", &o), 0);
		CHECK_INT(o, want);
	}
}

TEST(test_event_store_pending_index_entries_merge_and_survive_a_reopen)
{
	setenv("SCALELAB_EVENTS_MERGE_AT", "5", 1);
	const char *dir = fresh_dir();
	struct event_store *s = open_store(dir);
	append_range(s, 0, 40, 7, EVENT_STORED);
	uint32_t p3, again;
	CHECK_INT(s->ops->person_of(s, 3, "p-3", 3, &p3), 0); /* pending: found by the scan */
	CHECK_INT(event_store_seal(s, 1), 0);		      /* merges, then seals */
	CHECK_INT(s->ops->person_of(s, 3, "p-3", 3, &again), 0);
	CHECK_INT(again, p3);
	append_range(s, 0, 40, 7, EVENT_DUPLICATE); /* found in the merged index */
	append_range(s, 40, 50, 20, EVENT_STORED);  /* p-0 .. p-9: p-7, p-8, p-9 new, pending */
	struct event_counts c;
	CHECK_INT(s->ops->counts(s, 3, &c), 0);
	CHECK_INT(c.events, 50);
	CHECK_INT(c.persons, 10);
	s->ops->close(s);
	s = open_store(dir); /* the pending ones come back from the tables */
	append_range(s, 0, 50, 20, EVENT_DUPLICATE);
	append_range(s, 50, 60, 20, EVENT_STORED); /* p-10 .. p-19 */
	CHECK_INT(s->ops->person_of(s, 3, "p-3", 3, &again), 0);
	CHECK_INT(again, p3);
	CHECK_INT(s->ops->counts(s, 3, &c), 0);
	CHECK_INT(c.persons, 20);
	CHECK_INT(c.events, 60);
	/* erasing a person that is still pending */
	int64_t erased = 0;
	CHECK_INT(s->ops->erase_person(s, 3, "p-15", 4, &erased), 0);
	CHECK_INT(erased, 1); /* i = 55 */
	CHECK_INT(s->ops->person_of(s, 3, "p-15", 4, &again), -ERR_NOTFOUND);
	s->ops->close(s);
	/* the previous layout: a unique index on persons(did), no person_dids */
	char path[160];
	snprintf(path, sizeof path, "%s/log.db", dir);
	sqlite3 *db = NULL;
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_INT(
	    sqlite3_exec(db,
			 "CREATE UNIQUE INDEX persons_did ON persons(project, did); DROP TABLE person_dids;"
			 "ALTER TABLE counters DROP COLUMN indexed_person;",
			 NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	s = open_store(dir);
	CHECK_INT(s->ops->person_of(s, 3, "p-3", 3, &again), 0);
	CHECK_INT(again, p3);
	append_range(s, 0, 60, 20, EVENT_DUPLICATE);
	append_range(s, 60, 80, 20, EVENT_STORED); /* p-0 .. p-19: only p-15 is new again */
	CHECK_INT(s->ops->counts(s, 3, &c), 0);
	CHECK_INT(c.persons, 20);
	CHECK_INT(c.events, 79);
	s->ops->close(s);
	unsetenv("SCALELAB_EVENTS_MERGE_AT");
	rm_dir();
}

/* Block files of a project in dir/blocks (named p<project>-...). */
static int block_files(const char *dir, int64_t project)
{
	char path[160], prefix[32];
	snprintf(path, sizeof path, "%s/blocks", dir);
	snprintf(prefix, sizeof prefix, "p%lld-", (long long)project);
	DIR *d = opendir(path);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += !strncmp(e->d_name, prefix, strlen(prefix));
	if (d)
		closedir(d);
	return n;
}

/* Deleting an initiative erases its project: sealed and unsealed events,
 * persons, names, dedup entries and statistics; its block files leave the
 * disk; another project is untouched. */
TEST(test_event_store_erase_project_removes_everything_of_one_project)
{
	const char *dir = fresh_dir();
	struct event_store *s = open_store(dir);
	enum event_outcome o;
	for (int i = 0; i < 30; i++) {
		char uuid[32], did[32];
		snprintf(uuid, sizeof uuid, "e-%d", i);
		snprintf(did, sizeof did, "d-%d", i % 4);
		CHECK_INT(append_one(s, 11, 1700000000000LL + i * 60000, uuid, did, "klik", &o), 0);
		CHECK_INT(append_one(s, 12, 1700000000000LL + i * 60000, uuid, did, "klik", &o), 0);
		if (i == 19)
			CHECK_INT(event_store_seal(s, 1), 0); /* 20 sealed, 10 in the log */
	}
	CHECK(block_files(dir, 11) >= 1);
	int64_t *ids = NULL;
	size_t n = 0;
	CHECK_INT(s->ops->projects(s, &ids, &n), 0);
	CHECK_INT(n, 2);
	free(ids);
	int64_t erased = 0;
	CHECK_INT(s->ops->erase_project(s, 11, &erased), 0);
	CHECK_INT(erased, 30);
	CHECK_INT(block_files(dir, 11), 0);
	CHECK(block_files(dir, 12) >= 1);
	struct collected *c = scan_all(s, 11);
	CHECK_INT(c->n, 0);
	free(c);
	c = scan_all(s, 12);
	CHECK_INT(c->n, 30);
	free(c);
	struct event_counts k;
	CHECK_INT(s->ops->counts(s, 11, &k), 0);
	CHECK_INT(k.events + k.persons + k.blocks + k.unsealed, 0);
	uint32_t p;
	CHECK_INT(s->ops->person_of(s, 11, "d-1", 3, &p), -ERR_NOTFOUND);
	CHECK_INT(s->ops->person_of(s, 12, "d-1", 3, &p), 0);
	s->ops->close(s);
	s = open_store(dir);
	CHECK_INT(s->ops->projects(s, &ids, &n), 0);
	CHECK_INT(n, 1);
	CHECK_INT(ids[0], 12);
	free(ids);
	/* the same client ids in the erased project are new events again */
	CHECK_INT(append_one(s, 11, 1700000000000LL, "e-0", "d-0", "klik", &o), 0);
	CHECK_INT(o, EVENT_STORED);
	CHECK_INT(append_one(s, 12, 1700000000000LL, "e-0", "d-0", "klik", &o), 0);
	CHECK_INT(o, EVENT_DUPLICATE);
	s->ops->close(s);
	rm_dir();
}

int main(void)
{
	RUN(test_event_store_dedups_on_client_id_within_and_across_batches);
	RUN(test_event_store_dedup_finds_a_retry_across_an_hour_boundary);
	RUN(test_event_store_refuses_invalid_events_whole);
	RUN(test_event_store_second_process_is_refused_busy);
	RUN(test_event_store_aliases_chain_to_the_earliest_id);
	RUN(test_event_store_group_commit_from_8_threads_stores_each_once);
	RUN(test_event_store_sealed_and_unsealed_all_visible_once_after_reopen);
	RUN(test_event_store_day_persons_counts_linked_ids_once);
	RUN(test_event_store_erasure_removes_a_persons_events_everywhere);
	RUN(test_event_store_expiry_drops_one_sources_old_events);
	RUN(test_event_store_torn_log_tail_keeps_acknowledged_and_drops_the_torn_batch);
	RUN(test_event_store_filters_on_a_property_sealed_and_unsealed);
	RUN(test_event_store_damaged_log_is_refused_without_a_crash);
	RUN(test_event_store_pending_index_entries_merge_and_survive_a_reopen);
	RUN(test_event_store_erase_project_removes_everything_of_one_project);
	return TEST_DONE();
}
