/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of rcache: a kept answer is reused only for its key, its data
 * state and (when it read the clock) its second; the budget holds. */
#include <stdlib.h>
#include <string.h>

#include "http/rcache.h"
#include "lib/util.h"
#include "store/event_gen.h"
#include "test.h"

static void key_of(const char *s, unsigned char k[RCACHE_KEY_LEN])
{
	struct rcache_keyb *b = rcache_key_begin();
	rcache_key_add(b, s);
	rcache_key_end(b, k);
}

static struct rcache_answer answer(const char *body)
{
	struct rcache_answer a = {.ctype = "application/json", .body = body, .len = strlen(body)};
	rcache_etag(body, a.len, a.etag);
	return a;
}

TEST(test_rcache_reuses_only_for_the_same_key_and_data)
{
	struct api_data_state s1 = {1, 7, 3}, s2 = {1, 8, 3}, s3 = {1, 7, 4}, s4 = {2, 7, 3};
	unsigned char k[RCACHE_KEY_LEN], other[RCACHE_KEY_LEN];
	key_of("/api/v1/initiatieven/1/acties", k);
	key_of("/api/v1/initiatieven/2/acties", other);
	struct rcache_answer a = answer("{\"actions\":[]}");
	rcache_put(k, &s1, 100, 0, NULL, &a);
	const struct rcache_answer *got = rcache_get(k, &s1, 100);
	CHECK(got && got->len == a.len && !memcmp(got->body, a.body, a.len));
	CHECK(rcache_get(other, &s1, 100) == NULL);
	CHECK(rcache_get(k, &s1, 5000) != NULL); /* made without the clock: any second */
	CHECK(rcache_get(k, &s2, 100) == NULL);	 /* another connection committed */
	CHECK(rcache_get(k, &s1, 100) == NULL);	 /* and a change drops everything */
	rcache_put(k, &s1, 100, 0, NULL, &a);
	CHECK(rcache_get(k, &s3, 100) == NULL); /* this connection wrote */
	rcache_put(k, &s1, 100, 0, NULL, &a);
	CHECK(rcache_get(k, &s4, 100) == NULL); /* another connection (reopened) */
}

TEST(test_rcache_an_answer_that_read_the_clock_holds_in_its_second_or_day_only)
{
	struct api_data_state s = {9, 1, 1};
	unsigned char k[RCACHE_KEY_LEN];
	key_of("timed", k);
	struct rcache_answer a = answer("{\"today\":\"2026-11-29\"}");
	rcache_put(k, &s, 1700000000, 1, NULL, &a);
	CHECK(rcache_get(k, &s, 1700000000) != NULL);
	CHECK(rcache_get(k, &s, 1700000001) == NULL);
	CHECK(rcache_get(k, &s, 1700000000) == NULL); /* dropped when found stale */
	/* one that read the date only: that UTC day (1764374400 is 2025-11-29T00:00:00Z) */
	rcache_put(k, &s, 1764374400 + 3600, 86400, NULL, &a);
	CHECK(rcache_get(k, &s, 1764374400 + 86399) != NULL);
	CHECK(rcache_get(k, &s, 1764374400 + 86400) == NULL);
}

TEST(test_rcache_an_answer_that_read_the_event_store_holds_while_what_it_read_is_unchanged)
{
	struct api_data_state st = {21, 1, 1};
	unsigned char ev[RCACHE_KEY_LEN], db[RCACHE_KEY_LEN];
	key_of("initiative page with the metrics headline", ev);
	key_of("action list", db);
	struct rcache_answer a = answer("{\"metrics\":{\"dau\":3}}"), b = answer("{\"actions\":[]}");
	/* the page read project 42 and the pending counters of source 7 */
	struct api_event_deps d;
	api_event_track();
	event_gen_note_store();
	event_gen_note_project(42);
	event_gen_note_source(7);
	api_event_tracked(&d);
	CHECK(d.used && d.n == 2);
	rcache_put(ev, &st, 100, 0, &d, &a);
	rcache_put(db, &st, 100, 0, NULL, &b);
	CHECK(rcache_get(ev, &st, 100) != NULL);
	CHECK(rcache_get(ev, &st, 9000) != NULL); /* no clock read: any second */
	/* events of another project and another source: still the same */
	event_gen_bump_project(43);
	event_gen_bump_source(8);
	CHECK(rcache_get(ev, &st, 100) != NULL);
	/* an ingestion (or a seal, an erasure, ...) of project 42 */
	event_gen_bump_project(42);
	CHECK(rcache_get(ev, &st, 100) == NULL);
	CHECK(rcache_get(db, &st, 100) != NULL); /* it never read the event store */
	/* a pending count of source 7 */
	api_event_track();
	event_gen_note_project(42);
	event_gen_note_source(7);
	api_event_tracked(&d);
	rcache_put(ev, &st, 100, 0, &d, &a);
	CHECK(rcache_get(ev, &st, 100) != NULL);
	event_gen_bump_source(7);
	CHECK(rcache_get(ev, &st, 100) == NULL);
	/* the store opened or closed: every answer that read it */
	api_event_track();
	event_gen_note_store();
	api_event_tracked(&d);
	CHECK(d.used && d.n == 0);
	rcache_put(ev, &st, 100, 0, &d, &a);
	event_gen_bump_project(42);
	CHECK(rcache_get(ev, &st, 100) != NULL); /* it read no project */
	event_gen_bump();
	CHECK(rcache_get(ev, &st, 100) == NULL);
	/* more projects than it tracks (or the list of projects): every change counts */
	api_event_track();
	for (int p = 1000; p < 1000 + 3 * EVENT_GEN_DEPS; p++)
		event_gen_note_project(p);
	api_event_tracked(&d);
	CHECK(d.n == -1);
	rcache_put(ev, &st, 100, 0, &d, &a);
	CHECK(rcache_get(ev, &st, 100) != NULL);
	event_gen_bump_project(5);
	CHECK(rcache_get(ev, &st, 100) == NULL);
	/* a database change drops both kinds */
	rcache_put(ev, &st, 100, 0, NULL, &a);
	struct api_data_state st2 = {21, 2, 1};
	CHECK(rcache_get(ev, &st2, 100) == NULL);
	CHECK(rcache_get(db, &st2, 100) == NULL);
}

TEST(test_rcache_keys_keep_their_parts_apart)
{
	unsigned char a[RCACHE_KEY_LEN], b[RCACHE_KEY_LEN], c[RCACHE_KEY_LEN];
	struct rcache_keyb *k = rcache_key_begin();
	rcache_key_add(k, "ab");
	rcache_key_add(k, "c");
	rcache_key_end(k, a);
	k = rcache_key_begin();
	rcache_key_add(k, "a");
	rcache_key_add(k, "bc");
	rcache_key_end(k, b);
	k = rcache_key_begin();
	rcache_key_add(k, "ab");
	rcache_key_add(k, NULL);
	rcache_key_end(k, c);
	CHECK(memcmp(a, b, RCACHE_KEY_LEN) != 0);
	CHECK(memcmp(a, c, RCACHE_KEY_LEN) != 0);
}

TEST(test_rcache_stays_within_its_budget)
{
	struct api_data_state s = {11, 1, 1};
	char *big = xmalloc(RCACHE_ENTRY_MAX + 2);
	memset(big, 'x', RCACHE_ENTRY_MAX + 1);
	big[RCACHE_ENTRY_MAX + 1] = 0;
	unsigned char k[RCACHE_KEY_LEN];
	key_of("too large", k);
	struct rcache_answer a = answer(big);
	rcache_put(k, &s, 1, 0, NULL, &a);
	CHECK(rcache_get(k, &s, 1) == NULL);
	/* many answers: the newest are kept, never more than the budget */
	big[RCACHE_ENTRY_MAX / 2] = 0;
	struct rcache_answer half = answer(big), small = answer("{}");
	char name[32];
	for (int i = 0; i < 3 * RCACHE_ENTRIES; i++) {
		snprintf(name, sizeof name, "k%d", i);
		key_of(name, k);
		rcache_put(k, &s, 1, 0, NULL, i % 2 ? &half : &small);
	}
	size_t held = 0;
	int n = 0;
	for (int i = 0; i < 3 * RCACHE_ENTRIES; i++) {
		snprintf(name, sizeof name, "k%d", i);
		key_of(name, k);
		const struct rcache_answer *g = rcache_get(k, &s, 1);
		if (g) {
			held += g->len;
			n++;
		}
	}
	CHECK(n > 0 && n <= RCACHE_ENTRIES);
	CHECK(held <= RCACHE_BYTES);
	snprintf(name, sizeof name, "k%d", 3 * RCACHE_ENTRIES - 1);
	key_of(name, k);
	CHECK(rcache_get(k, &s, 1) != NULL); /* the last one made is kept */
	free(big);
}

TEST(test_rcache_etag_is_quoted_hex_and_follows_the_body)
{
	char a[RCACHE_ETAG_LEN], b[RCACHE_ETAG_LEN], c[RCACHE_ETAG_LEN];
	rcache_etag("{\"a\":1}", 7, a);
	rcache_etag("{\"a\":1}", 7, b);
	rcache_etag("{\"a\":2}", 7, c);
	CHECK_INT(strlen(a), 26);
	CHECK(a[0] == '"' && a[25] == '"');
	CHECK(!strcmp(a, b));
	CHECK(strcmp(a, c) != 0);
}

int main(void)
{
	RUN(test_rcache_reuses_only_for_the_same_key_and_data);
	RUN(test_rcache_an_answer_that_read_the_clock_holds_in_its_second_or_day_only);
	RUN(test_rcache_an_answer_that_read_the_event_store_holds_while_what_it_read_is_unchanged);
	RUN(test_rcache_keys_keep_their_parts_apart);
	RUN(test_rcache_stays_within_its_budget);
	RUN(test_rcache_etag_is_quoted_hex_and_follows_the_body);
	return TEST_DONE();
}
