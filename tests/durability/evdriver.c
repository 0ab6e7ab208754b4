/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * evdriver: the event store's SIGKILL driver (tests/durability/events.sh).
 *   evdriver append DIR ROUND   4 threads append batches of 50 events to
 *                               project 1 until killed, each batch also
 *                               resent once; prints "ACK ROUND T B" after
 *                               each acknowledged first send
 *   evdriver verify DIR ACKFILE every acknowledged event is in the store
 *                               exactly once, and no event twice; prints
 *                               "ok N events" or the problems, exit 1
 *   evdriver fill DIR X         appends 2 KB events to a store on a small
 *                               file system until the disk is full: the
 *                               append must fail with -ERR_FULL (X unused);
 *                               prints the acknowledged count
 *   evdriver count DIR N        the store holds exactly N events
 * Each event carries its client id in its properties ({"u":"..."}), so the
 * scan can tell events apart.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "store/event_store.h"

#define THREADS 4
#define BATCH 50

static struct event_store *store;
static int round_no;
static pthread_mutex_t out_mu = PTHREAD_MUTEX_INITIALIZER;

static void *appender(void *arg)
{
	int t = (int)(intptr_t)arg;
	static __thread char uuid[BATCH][48], props[BATCH][80], did[BATCH][24];
	struct event_in in[BATCH];
	enum event_outcome o[BATCH];
	for (int b = 0;; b++) {
		for (int i = 0; i < BATCH; i++) {
			snprintf(uuid[i], sizeof uuid[i], "r%d-t%d-b%d-%d", round_no, t, b, i);
			snprintf(props[i], sizeof props[i], "{\"u\":\"%s\"}", uuid[i]);
			snprintf(did[i], sizeof did[i], "user-%d", (b * BATCH + i) % 313);
			in[i] = (struct event_in){1767225600000LL + round_no * 1000000LL + b * 100 + i,
						  i % 2 ? "view" : "click",
						  i % 2 ? 4 : 5,
						  did[i],
						  strlen(did[i]),
						  uuid[i],
						  strlen(uuid[i]),
						  props[i],
						  strlen(props[i])};
		}
		if (store->ops->append(store, 1, 1 + t % 2, in, BATCH, NULL, 0, o) != 0)
			continue; /* not acknowledged: never counted */
		pthread_mutex_lock(&out_mu);
		printf("ACK %d %d %d\n", round_no, t, b);
		fflush(stdout);
		pthread_mutex_unlock(&out_mu);
		/* a client retrying an acknowledged batch: all duplicates */
		if (store->ops->append(store, 1, 1 + t % 2, in, BATCH, NULL, 0, o) == 0)
			for (int i = 0; i < BATCH; i++)
				if (o[i] != EVENT_DUPLICATE) {
					fprintf(stderr, "resent event %s stored again\n", uuid[i]);
					abort();
				}
	}
	return NULL;
}

/* Client ids seen by the scan, with their count. */
struct seen {
	size_t n, cap;
	char **u;
};

static int collect(void *arg, const struct event_batch *b)
{
	struct seen *s = arg;
	for (size_t i = 0; i < b->n; i++) {
		const char *p = b->props[i];
		size_t len = b->props_len[i];
		if (len < 9 || strncmp(p, "{\"u\":\"", 6) != 0)
			continue;
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 4096;
			s->u = realloc(s->u, s->cap * sizeof *s->u);
		}
		s->u[s->n++] = strndup(p + 6, len - 8);
	}
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int verify(const char *ackfile)
{
	struct seen s = {0};
	struct event_filter f = {INT64_MIN, INT64_MAX, NULL, 0, 0, 1, NULL, NULL, 0};
	if (store->ops->scan(store, 1, &f, collect, &s) != 0) {
		printf("scan failed\n");
		return 1;
	}
	qsort(s.u, s.n, sizeof *s.u, cmp);
	int bad = 0;
	for (size_t i = 1; i < s.n; i++)
		if (!strcmp(s.u[i], s.u[i - 1]) && bad++ < 5)
			printf("event %s stored twice\n", s.u[i]);
	FILE *fp = fopen(ackfile, "r");
	int r, t, b, acked = 0;
	char key[64];
	while (fp && fscanf(fp, "ACK %d %d %d\n", &r, &t, &b) == 3) {
		for (int i = 0; i < BATCH; i++) {
			snprintf(key, sizeof key, "r%d-t%d-b%d-%d", r, t, b, i);
			char *k = key;
			if (!bsearch(&k, s.u, s.n, sizeof *s.u, cmp) && bad++ < 10)
				printf("acknowledged event %s lost\n", key);
		}
		acked++;
	}
	if (fp)
		fclose(fp);
	struct event_counts c;
	store->ops->counts(store, 1, &c);
	if (c.events != (int64_t)s.n && bad++ < 10)
		printf("counts say %lld events, scan saw %zu\n", (long long)c.events, s.n);
	if (!bad)
		printf("ok %zu events, %d acknowledged batches, %lld blocks\n", s.n, acked,
		       (long long)c.blocks);
	for (size_t i = 0; i < s.n; i++)
		free(s.u[i]);
	free(s.u);
	return bad ? 1 : 0;
}

/* Appends until the disk is full: prints the acknowledged count; 0 when
 * the failure was -ERR_FULL. */
static int fill(void)
{
	static char props[2048];
	memset(props, 'x', sizeof props - 1);
	props[0] = props[sizeof props - 2] = '"';
	long acked = 0;
	int rc = 0;
	for (int i = 0; i < 1000000 && !rc; i++) {
		char u[32];
		snprintf(u, sizeof u, "f%d", i);
		struct event_in e = {1767225600000LL + i, "view", 4, "anna", 4, u, strlen(u), props,
				     strlen(props)};
		rc = store->ops->append(store, 1, 1, &e, 1, NULL, 0, NULL);
		acked += rc == 0;
	}
	store->ops->close(store);
	printf("%ld\n", acked);
	if (rc != -ERR_FULL)
		fprintf(stderr, "append returned %d, not -ERR_FULL (%d)\n", rc, -ERR_FULL);
	return rc == -ERR_FULL ? 0 : 1;
}

/* The project's event count equals want. */
static int count(long want)
{
	struct event_counts c = {0};
	int rc = store->ops->counts(store, 1, &c);
	store->ops->close(store);
	if (rc || c.events != want) {
		printf("%lld events after reopen (rc %d), %ld acknowledged\n", (long long)c.events, rc, want);
		return 1;
	}
	printf("all %ld acknowledged events there after reopen\n", want);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4 || (strcmp(argv[1], "append") && strcmp(argv[1], "verify") && strcmp(argv[1], "fill") &&
			  strcmp(argv[1], "count"))) {
		fprintf(stderr, "usage: evdriver append DIR ROUND | verify DIR ACKFILE | fill DIR X | "
				"count DIR N\n");
		return 2;
	}
	int err;
	store = event_store_open_embedded(argv[2], &err);
	if (!store) {
		fprintf(stderr, "evdriver: cannot open %s (%d)\n", argv[2], err);
		return 1;
	}
	if (!strcmp(argv[1], "fill"))
		return fill();
	if (!strcmp(argv[1], "count"))
		return count(atol(argv[3]));
	if (!strcmp(argv[1], "verify")) {
		int rc = verify(argv[3]);
		store->ops->close(store);
		return rc;
	}
	round_no = atoi(argv[3]);
	pthread_t th[THREADS];
	for (int t = 0; t < THREADS; t++)
		pthread_create(&th[t], NULL, appender, (void *)(intptr_t)t);
	for (int t = 0; t < THREADS; t++)
		pthread_join(th[t], NULL);
	return 0;
}
