/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_internal: the embedded event store's shared state, seen only by
 * its own files (event_embedded.c: open, append and group commit;
 * event_seal.c: sealing into blocks; event_query.c: the query side;
 * event_erase.c: erasure and retention). The directory holds log.db (row
 * log, dictionaries, dedup index, block catalogue) and blocks/ (sealed
 * columnar files). See docs/events-store.md.
 */
#ifndef SL_EVENT_INTERNAL_H
#define SL_EVENT_INTERNAL_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>

#include "domain/evcodec.h"
#include "lib/buf.h"
#include "store/event_store.h"

/* One append() call waiting for the group it joins to be committed. */
struct evs_pending {
	int64_t project, source;
	const struct event_in *ev;
	size_t n;
	const struct event_alias *alias;
	size_t n_alias;
	enum event_outcome *out;
	int rc;
	int done;
	struct evs_pending *next;
};

/* A 64-bit key -> uint32 hash map (open addressing; grows at half full). */
struct evs_map {
	uint64_t *key;
	uint32_t *val;
	size_t cap, used;
};

/* Unsealed events per project, kept in memory to decide when to seal. */
struct evs_logcount {
	int64_t project;
	int64_t rows;
	int64_t oldest_ms; /* wall clock of the oldest unsealed append */
};

struct evs {
	struct event_store base;
	char *dir;
	sqlite3 *db;	     /* the writer connection: group-commit leader, sealer, erasure */
	sqlite3_stmt *w[16]; /* the leader's prepared statements (event_embedded.c) */
	int lock_fd;	     /* flock on <dir>/lock: one process per store */
	int readonly;	     /* opened by event_store_open_readonly: no lock, no writes */
	/* dictionary cache (under db_mu): hash of (project, kind, string) ->
	 * id, open addressing; emptied when 70% full, on a rollback and on
	 * an erasure */
	uint64_t *cache_key;
	uint32_t *cache_id;
	size_t cache_cap, cache_used;
	struct buf logbuf; /* the leader's batch encoding buffer (under db_mu) */
	/* pending index entries (event_pending.c; under db_mu): the dedup
	 * keys in dedup_pending and the persons above the indexed watermark */
	struct evs_map dedup_pend, person_pend;
	/* what the merged indexes hold, to skip a lookup that cannot find:
	 * the (project, hour)s of dedup (a set; its table dedup_hours) and
	 * a Bloom filter of the person_dids keys (rebuilt when it fills) */
	struct evs_map dedup_hours;
	uint64_t *bloom;
	size_t bloom_bits, bloom_n;
	int bloom_broken;	  /* a rebuild failed: every lookup asks person_dids */
	pthread_mutex_t merge_mu; /* one merge at a time (sealer, seal, erasure) */
	struct buf dedup_grp;	  /* the group's new dedup triples, one dedup_pending row */
	int64_t merge_at;	  /* merge when either map holds this many */
	struct evs_next {
		int64_t project, next;
	} * next; /* the group's next person id per project (under db_mu) */
	size_t n_next;
	pthread_mutex_t db_mu; /* who uses db */
	/* group commit */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct evs_pending *head, *tail;
	int leader; /* a leader is writing a group */
	struct evs_logcount *counts;
	size_t n_counts;
	/* sealing */
	pthread_mutex_t maint;	/* one of seal, erase, expire at a time */
	pthread_rwlock_t files; /* readers: queries; writer: unlinking block files */
	pthread_t sealer;
	int sealer_started;
	int stop;
	pthread_cond_t seal_cv; /* wakes the sealer (uses mu) */
	int64_t seal_rows;	/* seal a project at this many unsealed events */
	int64_t seal_age_ms;	/* ... or when its oldest is this old */
	/* the kept read structures (event_query.c): their bytes, and the
	 * budget above which the least recently used are freed */
	int64_t kept, kept_budget;
};

/* Empties the dictionary cache (db_mu held). */
void evs_cache_clear(struct evs *s);

/* Maps an SQLite result code to 0 or -ERR_FULL / -ERR_BUSY / -ERR_IO. */
int evs_err(int rc);
/* Prepares sql on db (caller finalizes); BUG on an error in our SQL.
 * NULL when the file fails (damaged, unreadable): SQLite's calls accept a
 * NULL statement and answer SQLITE_MISUSE, which evs_err maps to -ERR_IO. */
sqlite3_stmt *evs_prep(sqlite3 *db, const char *sql);
/* Runs one statement text on db: 0 or -ERR_*. */
int evs_exec(sqlite3 *db, const char *sql);
/* Opens a reading connection on the store (caller closes), NULL on failure. */
sqlite3 *evs_reader(struct evs *s);
/* Whether s is this embedded store (opened for writing or read-only), whose
 * kept structures the metrics fills may read directly. */
int evs_is_embedded(const struct event_store *s);
/* Sorts v[0..n) ascending (LSD radix sort on 16-bit digits, skipping the
 * digits every key shares); tmp holds n keys of scratch. */
void evs_sort_keys(uint64_t *v, uint64_t *tmp, size_t n);
/* Wall clock in Unix ms. */
int64_t evs_now_ms(void);
/* Path of a block file (relative name under blocks/): caller frees. */
char *evs_block_path(struct evs *s, const char *file);
/* fsyncs a directory: 0 or -ERR_IO. */
int evs_sync_dir(const char *dir);

/* The person-dictionary cache key of a distinct id (event_embedded.c). */
uint64_t evs_person_key(struct evs *s, int64_t project, const void *did, size_t len);

/* event_pending.c */
void evs_map_init(struct evs_map *m, size_t cap);
void evs_map_free(struct evs_map *m);
void evs_map_clear(struct evs_map *m);
int evs_map_get(const struct evs_map *m, uint64_t key, uint32_t *val);
void evs_map_put(struct evs_map *m, uint64_t key, uint32_t val);
uint64_t evs_dedup_key(int64_t project, int64_t hour, int64_t h);
/* Whether the merged dedup index has any key of project in hour. */
int evs_dedup_hour_known(const struct evs *s, int64_t project, int64_t hour);
/* Whether person_dids may hold the person key (a Bloom filter: 0 is sure). */
int evs_bloom_maybe(const struct evs *s, uint64_t key);
/* Loads the hour set and the Bloom filter (open; db_mu held): 0 or -ERR_*. */
int evs_pending_load_filters(struct evs *s);
void evs_pending_free(struct evs *s);
void evs_put64(struct buf *b, int64_t v);
/* Rebuilds both maps from dedup_pending and the unindexed persons (db_mu
 * held, no transaction open): 0 or -ERR_*. */
int evs_pending_reload(struct evs *s);
/* Moves the pending entries into the dedup and person_dids B-trees, sorted,
 * in one transaction (takes db_mu); unless force, only when a map holds
 * merge_at entries. 0 or -ERR_*. */
int evs_merge(struct evs *s, int force);
/* Converts a store of the previous layout (a unique did index on persons)
 * once: 0 or -ERR_*. */
int evs_pending_migrate(struct evs *s);
/* A distinct id's person id, by the index or, above the watermark, by a
 * bounded scan: bind ?1 project, ?2 did; one row (the canonical person). */
#define EVS_PERSON_ROOT_SQL                                                                                  \
	"SELECT coalesce(l.root, x.id) FROM (SELECT id FROM person_dids WHERE project=?1 AND did=?2 "        \
	"UNION ALL SELECT p.id FROM counters c JOIN persons p ON p.project=c.project AND "                   \
	"p.id > c.indexed_person WHERE c.project=?1 AND p.did=?2 LIMIT 1) x LEFT JOIN links l "              \
	"ON l.project=?1 AND l.id=x.id"

/* event_seal.c */
int evs_seal(struct evs *s, int force);
void *evs_sealer_main(void *arg);
/* Removes block files the catalogue does not name (a crash between rename
 * and catalogue commit) and temporary files. */
void evs_clean_orphans(struct evs *s);
/* Writes a new block file durably and adds it to the catalogue in one
 * transaction with after_sql (bound ?1 project, ?2 after_arg; may be
 * NULL), e.g. deleting the sealed rows from the log. On failure the file
 * is removed and nothing changed: 0 or -ERR_*. */
int evs_block_commit(struct evs *s, int64_t project, const char *name, const struct buf *bytes, size_t core,
		     int64_t n, int64_t min_ts, int64_t max_ts, const char *after_sql, int64_t after_arg);
/* Writes bytes as blocks/name durably (temporary file, fsync, rename,
 * directory fsync): 0, -ERR_FULL or -ERR_IO, nothing left on failure. */
int evs_write_block(struct evs *s, const char *name, const struct buf *bytes);
/* A new block file name for project into out. */
void evs_block_name(char *out, size_t n, int64_t project);

/* event_props.c: the frequent property keys of a block as columns. */
struct evs_propcol {
	char *key;
	char *arena; /* the values' bytes */
	const char **dict;
	size_t *dict_len;
	uint32_t *idx;
};

struct evs_props {
	size_t n;
	struct evs_propcol col[EVC_MAX_PROPCOLS];
	struct evc_strcol sc[EVC_MAX_PROPCOLS];
};

/* Picks the frequent string-valued keys of r's properties (present in at
 * least half of a sample of rows, at most EVC_MAX_PROPCOLS, each with at
 * most 65,536 distinct values) and points r->strcols at their columns,
 * kept in out (free with evs_props_free after encoding). */
void evs_props_build(struct evc_rows *r, struct evs_props *out);
void evs_props_free(struct evs_props *p);
/* Whether the JSON object text has key with exactly the string value. */
int evs_prop_match(const char *text, size_t len, const char *key, const char *value);

/* event_query.c */
int evs_scan(struct event_store *es, int64_t project, const struct event_filter *f, event_batch_fn fn,
	     void *arg);
/* The memory of the kept read structures (day sets, spans, name postings,
 * and any later one): each adds the bytes it keeps with evs_kept_charge
 * (negative when it frees them); evs_kept_bytes is the total. Above
 * evs_kept_budget (SCALELAB_EVENTS_KEPT_MB, default 192 MB) evs_kept_trim
 * frees the least recently used blocks' day sets and spans that no query
 * is using (each is worked out again from its block when next asked). */
void evs_kept_charge(struct evs *s, int64_t bytes);
int64_t evs_kept_bytes(const struct evs *s);
int64_t evs_kept_budget(struct evs *s);
void evs_kept_trim(struct evs *s);
/* Frees the per-block day sets day_persons keeps for s (at close). */
void evs_daycache_drop(const struct evs *s);
int evs_day_persons(struct event_store *es, int64_t project, const struct event_filter *f, event_day_fn fn,
		    void *arg);
int evs_rows(struct event_store *es, int64_t project, const struct event_filter *f, event_batch_fn fn,
	     void *arg);
int evs_person_spans(struct event_store *es, int64_t project, const struct event_filter *f, event_span_fn fn,
		     void *arg);
struct metrics_retention;
/* First-time retention over every event of f in one pass over the kept
 * spans (event_retention_fill's fast path): 1 done, 0 it does not apply
 * (filters, calendar intervals, blocks out of day order: nothing was fed),
 * or -ERR_*. */
int evs_retention_fill(struct evs *s, int64_t project, const struct event_filter *f,
		       struct metrics_retention *r);
int evs_name_id(struct event_store *es, int64_t project, const char *name, size_t len, uint32_t *id);
char *evs_name_of(struct event_store *es, int64_t project, uint32_t id);
char *evs_distinct_of(struct event_store *es, int64_t project, uint32_t id, size_t *len);
int evs_person_of(struct event_store *es, int64_t project, const char *did, size_t len, uint32_t *person);
int evs_counts(struct event_store *es, int64_t project, struct event_counts *out);
int evs_source_stats(struct event_store *es, int64_t project, int64_t source, struct event_source_stats *out);

/* event_query.c, for event_postings.c: the rows of a block file or of
 * the project's log passing f (time order; NULL when damaged); release
 * with evs_rows_release. */
struct evc_rows *evs_block_rows(struct evs *s, const char *file, const struct event_filter *f);
struct evc_rows *evs_log_rows(sqlite3 *db, int64_t project, const struct event_filter *f);
void evs_rows_release(struct evc_rows *r);

/* event_postings.c: each name's sealed events kept in person order (the
 * person_keys op). */
int evs_person_keys(struct event_store *es, int64_t project, const struct event_filter *f, event_keys_fn fn,
		    void *arg);
/* A reading connection from a small pool kept open between queries
 * (opening one costs milliseconds: WAL and schema set-up), or a new one;
 * give it back with no statement or transaction open. NULL on failure. */
sqlite3 *evs_reader_get(struct evs *s);
void evs_reader_put(const struct evs *s, sqlite3 *db);
/* Frees what person_keys keeps for s, and closes its pooled readers (at
 * close). */
void evs_person_keys_drop(const struct evs *s);
/* Bytes person_keys keeps now, over every store (counts against the
 * server's memory budget). */
size_t evs_funnel_kept_bytes(void);

/* event_erase.c */
int evs_erase_person(struct event_store *es, int64_t project, const char *did, size_t len, int64_t *erased);
int evs_expire(struct event_store *es, int64_t project, int64_t source, int64_t before_ms, int64_t *erased);
int evs_erase_project(struct event_store *es, int64_t project, int64_t *erased);
int evs_projects(struct event_store *es, int64_t **ids, size_t *n);

#endif
