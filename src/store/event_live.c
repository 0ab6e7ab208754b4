/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_live: pending per-source counters behind one mutex, and the
 * pointer to the open event store. A handful of sources per instance is
 * the expected size, so a small array searched linearly is enough.
 */
#include "store/event_live.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/util.h"
#include "store/db.h"
#include "store/event_gen.h"
#include "store/event_source_store.h"

struct pending {
	int64_t source_id;
	struct event_source_counts d;
	json_t *errors; /* newest first */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct pending *list;
static size_t n, cap;
static _Atomic(struct event_store *) current;
static atomic_int sweep_asked;

void event_live_request_sweep(void)
{
	atomic_store(&sweep_asked, 1);
}

int event_live_sweep_due(void)
{
	return atomic_exchange(&sweep_asked, 0);
}

static atomic_llong orphans_until; /* Unix s: look for deleted initiatives until then */

void event_live_request_orphans(void)
{
	atomic_store(&orphans_until, (long long)time(NULL) + 30);
}

int event_live_orphans_due(void)
{
	return (long long)time(NULL) < atomic_load(&orphans_until);
}

void event_live_set_store(struct event_store *s)
{
	atomic_store(&current, s);
	event_gen_bump(); /* answers that read the store (or its absence) are old */
}

struct event_store *event_live_store(void)
{
	event_gen_note_store(); /* the caller's answer depends on whether one is open */
	return atomic_load(&current);
}

static struct pending *find(int64_t source_id, int create)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].source_id == source_id)
			return &list[i];
	if (!create)
		return NULL;
	if (n == cap) {
		cap = cap ? cap * 2 : 16;
		list = xrealloc(list, cap * sizeof *list);
	}
	list[n] = (struct pending){.source_id = source_id, .errors = json_array()};
	return &list[n++];
}

static void add(struct event_source_counts *to, const struct event_source_counts *d)
{
	to->accepted += d->accepted;
	to->duplicates += d->duplicates;
	to->refused += d->refused;
	if (d->last_event_ms > to->last_event_ms)
		to->last_event_ms = d->last_event_ms;
	if (d->last_received_ms > to->last_received_ms)
		to->last_received_ms = d->last_received_ms;
}

void event_live_count(int64_t source_id, const struct event_source_counts *d)
{
	pthread_mutex_lock(&mu);
	add(&find(source_id, 1)->d, d);
	pthread_mutex_unlock(&mu);
	event_gen_bump_source(source_id); /* pages show pending counts */
}

void event_live_error(int64_t source_id, int64_t at_ms, const char *message)
{
	char at[32];
	time_t t = (time_t)(at_ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	char msg[301];
	snprintf(msg, sizeof msg, "%s", message);
	/* a cut inside a UTF-8 sequence would make the text invalid */
	size_t len = strlen(msg);
	while (len && ((unsigned char)msg[len - 1] & 0xC0) == 0x80)
		len--;
	if (len && (unsigned char)msg[len - 1] >= 0xC0)
		len--;
	if (strlen(msg) == 300)
		msg[len] = 0;
	pthread_mutex_lock(&mu);
	struct pending *p = find(source_id, 1);
	json_array_insert_new(p->errors, 0, json_pack("{s:s,s:s}", "at", at, "message", msg));
	while (json_array_size(p->errors) > EVENT_SOURCE_ERRORS_MAX)
		json_array_remove(p->errors, EVENT_SOURCE_ERRORS_MAX);
	pthread_mutex_unlock(&mu);
	event_gen_bump_source(source_id);
}

void event_live_pending(int64_t source_id, struct event_source_counts *s, json_t *errors)
{
	event_gen_note_source(source_id);
	pthread_mutex_lock(&mu);
	struct pending *p = find(source_id, 0);
	if (p) {
		add(s, &p->d);
		size_t i;
		json_t *e;
		json_array_foreach (p->errors, i, e)
			json_array_insert(errors, i, e);
		while (json_array_size(errors) > EVENT_SOURCE_ERRORS_MAX)
			json_array_remove(errors, EVENT_SOURCE_ERRORS_MAX);
	}
	pthread_mutex_unlock(&mu);
}

int event_live_flush(void)
{
	pthread_mutex_lock(&mu);
	struct pending *taken = list;
	size_t k = n;
	list = NULL;
	n = cap = 0;
	pthread_mutex_unlock(&mu);
	if (!k)
		return 0;
	int rc = db_begin();
	if (rc == 0) {
		for (size_t i = 0; i < k; i++)
			if (event_source_store_org(taken[i].source_id) > 0) /* not deleted meanwhile */
				event_source_store_stats_add(taken[i].source_id, &taken[i].d,
							     taken[i].errors);
		rc = db_commit();
	}
	if (rc < 0) {
		db_failure_clear();
		/* back into pending, before anything counted meanwhile */
		pthread_mutex_lock(&mu);
		for (size_t i = 0; i < k; i++) {
			struct pending *p = find(taken[i].source_id, 1);
			add(&p->d, &taken[i].d);
			size_t j;
			json_t *e;
			json_array_foreach (taken[i].errors, j, e)
				if (json_array_size(p->errors) < EVENT_SOURCE_ERRORS_MAX)
					json_array_append(p->errors, e);
		}
		pthread_mutex_unlock(&mu);
	}
	for (size_t i = 0; i < k; i++)
		json_decref(taken[i].errors);
	free(taken);
	return rc;
}
