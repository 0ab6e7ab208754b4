/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_store: where product events live, behind a table of function
 * pointers (in the spirit of a storage-engine API), so that the embedded
 * columnar store (the default) and a ClickHouse backend are interchangeable
 * and nothing above this interface changes.
 *
 * Events are partitioned by project: the initiative whose sources sent
 * them. Persons are counted per project: distinct ids linked by $identify,
 * aliases and Segment identify/alias are one person. The write side is
 * fixed here; the query side (scans and aggregations at the level of a
 * metric query, e.g. the set of persons per day) is added below by the
 * store's implementation and used by the metric kernels.
 *
 * Thread-safe: append may be called from many threads at once; concurrent
 * appends are made durable together (group commit).
 */
#ifndef SL_EVENT_STORE_H
#define SL_EVENT_STORE_H

#include <stddef.h>
#include <stdint.h>

#define EVENT_MAX_BYTES (1 << 20) /* one event, encoded, at most */

/* One event as a client sent it, after its wire format was decoded and
 * validated. Strings carry their length and need not be NUL-terminated;
 * distinct ids are exact byte strings (no case folding, no normalisation). */
struct event_in {
	int64_t ts_ms; /* event time, Unix ms UTC, after clock-skew correction */
	const char *name;
	size_t name_len;
	const char *distinct_id;
	size_t distinct_len;
	const char *uuid; /* the client's id (uuid, messageId, $insert_id) for
			     deduplication across batches and restarts; len 0: none */
	size_t uuid_len;
	const char *props; /* the properties as JSON object text; len 0: none */
	size_t props_len;
};

/* Two distinct ids that are one person ($identify with an anonymous id,
 * $create_alias, Segment identify/alias). */
struct event_alias {
	const char *a;
	size_t a_len;
	const char *b;
	size_t b_len;
};

enum event_outcome {
	EVENT_STORED = 0,
	EVENT_DUPLICATE = 1, /* same project and client id seen before: not stored again */
};

struct event_store;

struct event_store_ops {
	const char *name; /* "embedded", "clickhouse" */
	/* Appends n events and n_alias links of one source of one project.
	 * Returns only when they are durable (fsync'd), or fails and nothing of
	 * this call is acknowledged: 0, -ERR_FULL (disk full), -ERR_IO, -ERR_BUSY.
	 * out[i] (may be NULL) receives each event's outcome. */
	int (*append)(struct event_store *s, int64_t project_id, int64_t source_id, const struct event_in *ev,
		      size_t n, const struct event_alias *alias, size_t n_alias, enum event_outcome *out);
	/* Erases every event of the person that distinct_id belongs to in a
	 * project (GDPR art. 17), and the person's id links; *erased counts
	 * events. */
	int (*erase_person)(struct event_store *s, int64_t project_id, const char *distinct_id, size_t len,
			    int64_t *erased);
	/* Erases the events of one source older than before_ms (retention). */
	int (*expire)(struct event_store *s, int64_t project_id, int64_t source_id, int64_t before_ms,
		      int64_t *erased);
	/* Flushes and closes; s is freed. */
	void (*close)(struct event_store *s);
};

struct event_store {
	const struct event_store_ops *ops;
};

/* Opens (creating when absent) the embedded store in directory dir; NULL
 * with *err set on failure. */
struct event_store *event_store_open_embedded(const char *dir, int *err);

#endif
