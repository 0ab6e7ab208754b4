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

#include <roaring/roaring.h>

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

/* Which events a query reads. names == NULL (or n_names 0): every name;
 * source_id 0: every source. The interval is [from_ms, to_ms). */
struct event_filter {
	int64_t from_ms;
	int64_t to_ms;
	const uint32_t *names; /* name ids (name_id) */
	size_t n_names;
	int64_t source_id;
	int with_props; /* fill props/props_len in batches */
	/* only events whose properties have prop_key with exactly the string
	 * value prop_value (NUL-terminated; NULL: no property filter) */
	const char *prop_key;
	const char *prop_value;
	/* person in batches: 0 the canonical person; 1 the id the event was
	 * stored with (distinct_of gives its string, e.g. for an export) */
	int raw_person;
};

/* A batch of events handed to a scan callback; arrays of n, valid during
 * the call only. person is the canonical person (see docs/events-store.md,
 * "a person counts once"). */
struct event_batch {
	size_t n;
	const int64_t *ts_ms;
	const uint32_t *person;
	const uint32_t *name;
	const int64_t *source;
	const char *const *props; /* NULL unless with_props; "" when none */
	const size_t *props_len;
};

typedef int (*event_batch_fn)(void *arg, const struct event_batch *b);

/* A batch of day spans (person_spans): arrays of n, valid during the call
 * only. Each span is one (canonical) person's events within one UTC day:
 * lo and hi are event times (lo <= hi, hi - lo < 1 day) and the person
 * has no event of the query between them that the spans do not cover. */
struct event_spans {
	size_t n;
	const uint32_t *person;
	const int64_t *lo;
	const int64_t *hi;
};
typedef int (*event_span_fn)(void *arg, const struct event_spans *b);
/* day_ms: the UTC midnight of the day; persons: who had events that day. */
/* Each asked name's events as sorted keys person << 32 | second (seconds
 * since the epoch, persons canonical): key[j][0 .. n[j]) for names[j];
 * only keys with lo_s <= second < hi_s match the filter (others may be
 * there). Valid during the call only. */
struct event_keys {
	size_t k;
	const uint32_t *names;
	const uint64_t *const *key;
	const size_t *n;
	int64_t lo_s, hi_s;
};
typedef int (*event_keys_fn)(void *arg, const struct event_keys *k);
typedef int (*event_day_fn)(void *arg, int64_t day_ms, const roaring_bitmap_t *persons);

struct event_counts {
	int64_t events;
	int64_t persons;  /* canonical persons known in the project */
	int64_t unsealed; /* events still in the row log */
	int64_t blocks;
	int64_t bytes; /* on disk: sealed blocks (the log is shared) */
};

struct event_source_stats {
	int64_t stored;		  /* events stored (after erasure and expiry) */
	int64_t duplicates;	  /* events refused as duplicates */
	int64_t last_ts_ms;	  /* latest event time seen, 0 when none */
	int64_t last_received_ms; /* when the last batch was stored, 0 when none */
};

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

	/* ---- query side (added by the embedded store; metric kernels) ---- */
	/* Calls fn with batches of the project's events matching f, in
	 * ascending time order, sealed and unsealed alike, each event once.
	 * fn returns 0 to go on, anything else stops the scan and is
	 * returned. 0, or -ERR_IO. */
	int (*scan)(struct event_store *s, int64_t project_id, const struct event_filter *f,
		    event_batch_fn fn, void *arg);
	/* Calls fn once per UTC day in [f->from_ms, f->to_ms) that has events
	 * matching f, in day order, with the set of (canonical) persons active
	 * that day; the bitmap is valid during the call only. The embedded
	 * store keeps, per sealed block, the set of persons of each day it
	 * holds (worked out on first use; blocks never change), so that a
	 * query over every event (no name, source or property filter) reads
	 * only the blocks at the span's edges and the log. */
	int (*day_persons)(struct event_store *s, int64_t project_id, const struct event_filter *f,
			   event_day_fn fn, void *arg);
	/* The id of an event name in a project: 0 with *id set, or
	 * -ERR_NOTFOUND. */
	int (*name_id)(struct event_store *s, int64_t project_id, const char *name, size_t len, uint32_t *id);
	/* The name of an id: a new NUL-terminated string (caller frees), or
	 * NULL when unknown. */
	char *(*name_of)(struct event_store *s, int64_t project_id, uint32_t id);
	/* The canonical person of a distinct id: 0 with *person set, or
	 * -ERR_NOTFOUND. */
	int (*person_of)(struct event_store *s, int64_t project_id, const char *distinct_id, size_t len,
			 uint32_t *person);
	/* Totals of a project: events stored, distinct persons (linked ids
	 * count once), unsealed events, sealed blocks. */
	int (*counts)(struct event_store *s, int64_t project_id, struct event_counts *out);
	/* Per-source statistics of one source (for its page); zeros when the
	 * source never sent anything. */
	int (*source_stats)(struct event_store *s, int64_t project_id, int64_t source_id,
			    struct event_source_stats *out);
	/* The distinct id string of a person id (a raw_person from a scan): a
	 * new buffer of *len bytes, NUL-terminated (caller frees), or NULL
	 * when unknown (erased). */
	char *(*distinct_of)(struct event_store *s, int64_t project_id, uint32_t id, size_t *len);

	/* ---- whole projects (added with initiative deletion) ---- */
	/* Erases everything of a project: its events (sealed blocks removed
	 * from disk), persons, links, names, dedup entries and source
	 * statistics; *erased counts events. Atomic in the store's catalogue;
	 * block files are unlinked after the commit (a crash in between
	 * leaves files the next open deletes). 0 or -ERR_*. */
	int (*erase_project)(struct event_store *s, int64_t project_id, int64_t *erased);
	/* The projects the store holds anything of: a new array (caller
	 * frees). 0 or -ERR_IO. */
	int (*projects)(struct event_store *s, int64_t **ids, size_t *n);

	/* ---- day spans (added for retention; NULL: use scan) ---- */
	/* Calls fn with batches of spans covering every event matching f:
	 * each event lies in a span of its person [lo, hi] (both ends are
	 * event times in one UTC day), no order promised, a person-day may
	 * come in several spans (several blocks, linked ids). The embedded
	 * store keeps, beside the day sets, each person-day's first and last
	 * time, so that a query over every event (no name, source or
	 * property filter) reads about one span per person-day instead of
	 * every row; with a filter every event is its own span. 0, -ERR_IO,
	 * or what fn returned (not 0). */
	int (*person_spans)(struct event_store *s, int64_t project_id, const struct event_filter *f,
			    event_span_fn fn, void *arg);
	/* scan() in another order (NULL: use scan): batches of the events
	 * matching f, each once, persons canonical; with names, each name's
	 * events together, name by name in the order of f->names (a name
	 * asked twice: at its first place), in no order within a name. The
	 * embedded store answers a query of a few names without properties
	 * from kept per-block row lists of each name (funnel passes), else
	 * with one scan per name. */
	int (*rows)(struct event_store *s, int64_t project_id, const struct event_filter *f,
		    event_batch_fn fn, void *arg);
	/* ---- person-ordered keys (added for funnels; NULL: use rows) ---- */
	/* Calls fn once with the events of f's names (each once) as sorted
	 * keys (struct event_keys), sealed and unsealed, persons canonical.
	 * The embedded store keeps each name's sealed events in person order
	 * (docs/events-store.md). 1 without calling fn when it cannot answer
	 * f so (properties, a source, times outside 1970 .. 2106 or a bound
	 * in the middle of a second with events in it, over its memory
	 * bound): use rows. Else 0, -ERR_IO, or what fn returned. */
	int (*person_keys)(struct event_store *s, int64_t project_id, const struct event_filter *f,
			   event_keys_fn fn, void *arg);
};

struct event_store {
	const struct event_store_ops *ops;
};

/* Opens (creating when absent) the embedded store in directory dir; NULL
 * with *err set on failure. */
struct event_store *event_store_open_embedded(const char *dir, int *err);

/* Opens the embedded store in dir for queries only, beside a server that
 * has it open (no lock is taken, nothing is written: no sealing, no
 * schema; append, erase_person and expire answer -ERR_INVALID). Every scan
 * reads one snapshot of the log and the block catalogue; a block the
 * server erases during the scan makes that scan fail (-ERR_IO), never
 * count wrong. NULL with *err = -ERR_NOTFOUND when there is no store. */
struct event_store *event_store_open_readonly(const char *dir, int *err);

/* Embedded store only: seals the row log into columnar blocks now (force:
 * every unsealed event, and the pending dedup and person index entries
 * merged first; else only projects past the thresholds). Used by
 * tests, the bench and `scalelab events` maintenance; the background
 * sealer does the same on its own. 0 or -ERR_*. */
int event_store_seal(struct event_store *s, int force);

#endif
