/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of event_store_open_readonly (store/event_store.h): queries beside the process that
 * holds the store (`scalelab metrics` beside a server), sealed and unsealed events each seen once,
 * and nothing written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/util.h"
#include "store/event_store.h"
#include "test.h"

static char root[64];

static const char *fresh_dir(void)
{
	snprintf(root, sizeof root, "/tmp/evro-test-XXXXXX");
	BUG_ON(!mkdtemp(root));
	static char dir[96];
	snprintf(dir, sizeof dir, "%s/ev", root);
	return dir;
}

static void rm_root(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", root);
	BUG_ON(system(cmd) != 0);
}

static int append(struct event_store *s, int64_t ts, const char *did, const char *name)
{
	char uuid[48], props[48];
	snprintf(uuid, sizeof uuid, "u-%lld-%s", (long long)ts, did);
	snprintf(props, sizeof props, "{\"bedrag\":\"%lld.5\"}", (long long)(ts % 100));
	struct event_in e = {ts,   name,	 strlen(name), did,	     strlen(did),
			     uuid, strlen(uuid), props,	       strlen(props)};
	return s->ops->append(s, 7, 1, &e, 1, NULL, 0, NULL);
}

struct seen {
	size_t n;
	int64_t last;
	int ordered;
};

static int count(void *arg, const struct event_batch *b)
{
	struct seen *c = arg;
	for (size_t i = 0; i < b->n; i++) {
		if (c->n && b->ts_ms[i] < c->last)
			c->ordered = 0;
		c->last = b->ts_ms[i];
		c->n++;
	}
	return 0;
}

static size_t scan_n(struct event_store *s)
{
	struct seen c = {0, 0, 1};
	struct event_filter f = {.from_ms = 0, .to_ms = INT64_MAX, .with_props = 1};
	CHECK_INT(s->ops->scan(s, 7, &f, count, &c), 0);
	CHECK(c.ordered);
	return c.n;
}

TEST(test_event_readonly_reads_beside_the_writer_and_writes_nothing)
{
	const char *dir = fresh_dir();
	int err = 0;
	CHECK(event_store_open_readonly(dir, &err) == NULL);
	CHECK_INT(err, -ERR_NOTFOUND);
	struct event_store *w = event_store_open_embedded(dir, &err);
	BUG_ON(!w);
	int64_t t = 1790000000000LL;
	CHECK_INT(append(w, t, "a", "aankoop"), 0);
	CHECK_INT(append(w, t + 1000, "b", "aankoop"), 0);
	CHECK_INT(append(w, t + 2000, "a", "pagina"), 0);
	/* the writer holds the lock: a second writer is refused, a reader is not */
	CHECK(event_store_open_embedded(dir, &err) == NULL);
	CHECK_INT(err, -ERR_BUSY);
	struct event_store *r = event_store_open_readonly(dir, &err);
	CHECK_INT(err, 0);
	BUG_ON(!r);
	CHECK_INT(scan_n(r), 3);
	uint32_t id;
	CHECK_INT(r->ops->name_id(r, 7, "aankoop", 7, &id), 0);
	struct event_counts n;
	CHECK_INT(r->ops->counts(r, 7, &n), 0);
	CHECK_INT(n.events, 3);
	CHECK_INT(n.persons, 2);
	/* nothing is written through it */
	CHECK_INT(append(r, t + 3000, "c", "pagina"), -ERR_INVALID);
	int64_t erased = 5;
	CHECK_INT(r->ops->erase_person(r, 7, "a", 1, &erased), -ERR_INVALID);
	CHECK_INT(erased, 0);
	CHECK_INT(r->ops->expire(r, 7, 1, t + 5000, &erased), -ERR_INVALID);
	CHECK_INT(event_store_seal(r, 1), -ERR_INVALID);
	/* the writer goes on and seals: the reader sees sealed and unsealed once each */
	CHECK_INT(append(w, t + 4000, "c", "aankoop"), 0);
	CHECK_INT(event_store_seal(w, 1), 0);
	CHECK_INT(append(w, t + 5000, "d", "aankoop"), 0);
	CHECK_INT(w->ops->counts(w, 7, &n), 0);
	CHECK(n.blocks >= 1);
	CHECK_INT(scan_n(r), 5);
	CHECK_INT(scan_n(w), 5);
	r->ops->close(r);
	w->ops->close(w);
	/* and after the writer has gone */
	r = event_store_open_readonly(dir, &err);
	BUG_ON(!r);
	CHECK_INT(scan_n(r), 5);
	r->ops->close(r);
	rm_root();
}

int main(void)
{
	RUN(test_event_readonly_reads_beside_the_writer_and_writes_nothing);
	return TEST_DONE();
}
