/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_embedded: the embedded event store's open/close and write side.
 * log.db (an SQLite file of its own, WAL, synchronous=FULL) holds tables
 * log (unsealed events), dedup (hashes of client ids), persons and links
 * (distinct ids and their union-find roots), names, counters, sources
 * (per-source statistics) and blocks (the sealed block catalogue).
 * append() joins concurrent callers into one transaction and one fsync
 * (group commit).
 */
#include "store/event_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "domain/evcodec.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/util.h"
#include "store/event_gen.h"

/* The schema of log.db; CREATE ... IF NOT EXISTS, so opening is idempotent. */
static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS log(seq INTEGER PRIMARY KEY, project INTEGER NOT NULL,"
    " source INTEGER NOT NULL, n INTEGER NOT NULL, min_ts INTEGER NOT NULL,"
    " max_ts INTEGER NOT NULL, rows BLOB NOT NULL);"
    "CREATE INDEX IF NOT EXISTS log_project ON log(project);"
    "CREATE TABLE IF NOT EXISTS dedup(project INTEGER NOT NULL, hour INTEGER NOT NULL,"
    " h INTEGER NOT NULL, PRIMARY KEY(project, hour, h)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS persons(project INTEGER NOT NULL, id INTEGER NOT NULL,"
    " did BLOB NOT NULL, PRIMARY KEY(project, id)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS person_dids(project INTEGER NOT NULL, did BLOB NOT NULL,"
    " id INTEGER NOT NULL, PRIMARY KEY(project, did)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS dedup_pending(seq INTEGER PRIMARY KEY, pairs BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS dedup_hours(project INTEGER NOT NULL, hour INTEGER NOT NULL,"
    " PRIMARY KEY(project, hour)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS links(project INTEGER NOT NULL, id INTEGER NOT NULL,"
    " root INTEGER NOT NULL, PRIMARY KEY(project, id)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS links_root ON links(project, root);"
    "CREATE TABLE IF NOT EXISTS names(project INTEGER NOT NULL, id INTEGER NOT NULL,"
    " name BLOB NOT NULL, PRIMARY KEY(project, id)) WITHOUT ROWID;"
    "CREATE UNIQUE INDEX IF NOT EXISTS names_name ON names(project, name);"
    "CREATE TABLE IF NOT EXISTS counters(project INTEGER PRIMARY KEY,"
    " next_person INTEGER NOT NULL, next_name INTEGER NOT NULL,"
    " indexed_person INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS sources(project INTEGER NOT NULL, source INTEGER NOT NULL,"
    " stored INTEGER NOT NULL, duplicates INTEGER NOT NULL, last_ts INTEGER NOT NULL,"
    " last_received INTEGER NOT NULL, PRIMARY KEY(project, source)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS blocks(id INTEGER PRIMARY KEY, project INTEGER NOT NULL,"
    " file TEXT NOT NULL UNIQUE, n INTEGER NOT NULL, min_ts INTEGER NOT NULL,"
    " max_ts INTEGER NOT NULL, bytes INTEGER NOT NULL, core_bytes INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS blocks_project ON blocks(project, min_ts);";

/* The leader's statements, indexes into evs.w. */
enum {
	W_DEDUP_FIND,
	W_DEDUP_PENDING,
	W_PERSON_GET,
	W_PERSON_NEXT,
	W_PERSON_ADD,
	W_NAME_GET,
	W_NAME_NEXT,
	W_NAME_ADD,
	W_LOG_ADD,
	W_ROOT_GET,
	W_LINK_MOVE,
	W_LINK_ADD,
	W_SOURCE_UP,
	W_PERSON_SET,
	W_COUNT
};

static const char *const w_sql[W_COUNT] = {
    [W_DEDUP_FIND] = "SELECT 1 FROM dedup WHERE project=?1 AND hour IN (?2 - 1, ?2, ?2 + 1) "
		     "AND h=?3",
    [W_DEDUP_PENDING] = "INSERT INTO dedup_pending(pairs) VALUES(?)",
    [W_PERSON_GET] = "SELECT id FROM person_dids WHERE project=? AND did=?",
    [W_PERSON_NEXT] = "SELECT next_person FROM counters WHERE project=?",
    [W_PERSON_SET] = "INSERT INTO counters(project, next_person, next_name) VALUES(?1, ?2, 1) "
		     "ON CONFLICT(project) DO UPDATE SET next_person=?2",
    [W_PERSON_ADD] = "INSERT INTO persons(project, id, did) VALUES(?, ?, ?)",
    [W_NAME_GET] = "SELECT id FROM names WHERE project=? AND name=?",
    [W_NAME_NEXT] = "INSERT INTO counters(project, next_person, next_name) VALUES(?, 1, 2) "
		    "ON CONFLICT(project) DO UPDATE SET next_name=next_name+1 "
		    "RETURNING next_name-1",
    [W_NAME_ADD] = "INSERT INTO names(project, id, name) VALUES(?, ?, ?)",
    [W_LOG_ADD] = "INSERT INTO log(project, source, n, min_ts, max_ts, rows) VALUES(?,?,?,?,?,?)",
    [W_ROOT_GET] = "SELECT root FROM links WHERE project=? AND id=?",
    [W_LINK_MOVE] = "UPDATE links SET root=? WHERE project=? AND root=?",
    [W_LINK_ADD] = "INSERT OR REPLACE INTO links(project, id, root) VALUES(?, ?, ?)",
    [W_SOURCE_UP] = "INSERT INTO sources(project, source, stored, duplicates, last_ts, last_received) "
		    "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(project, source) DO UPDATE SET "
		    "stored=stored+?3, duplicates=duplicates+?4, last_ts=max(last_ts, ?5), "
		    "last_received=?6",
};

int evs_err(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW: return 0;
	case SQLITE_FULL: return -ERR_FULL;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return -ERR_BUSY;
	default: return -ERR_IO;
	}
}

sqlite3_stmt *evs_prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc == SQLITE_ERROR)
		BUG("event store SQL: %s: %s", sqlite3_errmsg(db), sql);
	if (rc != SQLITE_OK) /* the file, not our SQL: a damaged, busy or unreadable log.db */
		log_error("event store: %s", sqlite3_errmsg(db));
	return st;
}

int evs_exec(sqlite3 *db, const char *sql)
{
	return evs_err(sqlite3_exec(db, sql, NULL, NULL, NULL));
}

int64_t evs_now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

char *evs_block_path(struct evs *s, const char *file)
{
	struct buf b = {0};
	buf_printf(&b, "%s/blocks/%s", s->dir, file);
	return buf_steal(&b);
}

int evs_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -ERR_IO;
	int rc = fsync(fd) ? -ERR_IO : 0;
	close(fd);
	return rc;
}

/* Opens log.db in dir with our pragmas; NULL on failure. */
static sqlite3 *open_db(const char *dir, int flags)
{
	struct buf p = {0};
	buf_printf(&p, "%s/log.db", dir);
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(buf_str(&p), &db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	buf_free(&p);
	if (rc != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	/* auto_vacuum first: it takes effect only before the file's first write;
	 * a read-only reader sets nothing that writes (the file is in WAL mode) */
	if (evs_exec(
		db, flags & SQLITE_OPEN_READONLY
			? "PRAGMA cache_size=-65536; PRAGMA trusted_schema=OFF; PRAGMA query_only=ON;"
			: "PRAGMA auto_vacuum=INCREMENTAL; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
			  "PRAGMA cache_size=-65536; PRAGMA trusted_schema=OFF;") != 0) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

sqlite3 *evs_reader(struct evs *s)
{
	if (s->readonly)
		return open_db(s->dir, SQLITE_OPEN_READONLY);
	/* The writer's connection set the file up (WAL, auto_vacuum) at open;
	 * a reader of the same process only reads (and checkpoints). Setting
	 * them again made every reader's open a write transaction with an
	 * fdatasync: one per initiative page (its metrics headline). */
	struct buf p = {0};
	buf_printf(&p, "%s/log.db", s->dir);
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(buf_str(&p), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	buf_free(&p);
	if (rc == SQLITE_OK)
		sqlite3_busy_timeout(db, 5000);
	if (rc != SQLITE_OK ||
	    evs_exec(db, "PRAGMA synchronous=FULL; PRAGMA cache_size=-65536; PRAGMA trusted_schema=OFF;")) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* ---- the group's work, done by its leader inside one transaction ---- */

static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : evs_err(rc);
}

/* Reads one integer row of st (then resets): 1 found, 0 none, <0 error. */
static int step_int(sqlite3_stmt *st, int64_t *v)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : evs_err(rc);
}

/* A 64-bit keyed hash (SipHash-2-4) of a byte string. The key is fixed:
 * the hashes are stored, and whoever could craft a collision could as
 * well send the colliding id itself. */
static int64_t hash64(const char *p, size_t len)
{
	static const unsigned char key[crypto_shorthash_KEYBYTES] = "scalelab-events";
	unsigned char h[crypto_shorthash_BYTES];
	crypto_shorthash(h, (const unsigned char *)p, len, key);
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | h[i];
	return (int64_t)v;
}

#define CACHE_CAP ((size_t)1 << 21)

void evs_cache_clear(struct evs *s)
{
	if (s->cache_key)
		memset(s->cache_key, 0, s->cache_cap * sizeof *s->cache_key);
	s->cache_used = 0;
}

/* The cache key of a string of a kind (the GET statement) in a project. */
static uint64_t cache_key(int kind, int64_t project, int64_t h)
{
	uint64_t k = (uint64_t)h ^ ((uint64_t)project * 0x9E3779B97F4A7C15ULL) ^
		     ((uint64_t)kind * 0xD6E8FEB86659FD93ULL);
	return k ? k : 1; /* 0 marks an empty slot */
}

uint64_t evs_person_key(struct evs *s, int64_t project, const void *did, size_t len)
{
	(void)s;
	return cache_key(W_PERSON_GET, project, hash64(did, len));
}

/* The cached id of key, or 0 (ids start at 1). */
static uint32_t cache_get(struct evs *s, uint64_t key)
{
	for (size_t i = key & (s->cache_cap - 1);; i = (i + 1) & (s->cache_cap - 1)) {
		if (s->cache_key[i] == key)
			return s->cache_id[i];
		if (!s->cache_key[i])
			return 0;
	}
}

static void cache_put(struct evs *s, uint64_t key, uint32_t id)
{
	if (s->cache_used >= s->cache_cap / 10 * 7)
		evs_cache_clear(s);
	size_t i = key & (s->cache_cap - 1);
	while (s->cache_key[i] && s->cache_key[i] != key)
		i = (i + 1) & (s->cache_cap - 1);
	s->cache_used += !s->cache_key[i];
	s->cache_key[i] = key;
	s->cache_id[i] = id;
}

/* The next person id of project in this group (read once per group,
 * written back by put_next_persons): 0 or -ERR_*. */
static int next_person(struct evs *s, int64_t project, int64_t *id)
{
	for (size_t i = 0; i < s->n_next; i++)
		if (s->next[i].project == project) {
			*id = s->next[i].next++;
			return 0;
		}
	sqlite3_bind_int64(s->w[W_PERSON_NEXT], 1, project);
	int64_t v = 1;
	int rc = step_int(s->w[W_PERSON_NEXT], &v);
	if (rc < 0)
		return rc;
	s->next = xrealloc(s->next, (s->n_next + 1) * sizeof *s->next);
	s->next[s->n_next++] = (struct evs_next){project, v + 1};
	*id = v;
	return 0;
}

/* Writes the group's next person ids into counters. */
static int put_next_persons(struct evs *s)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < s->n_next; i++) {
		sqlite3_stmt *st = s->w[W_PERSON_SET];
		sqlite3_bind_int64(st, 1, s->next[i].project);
		sqlite3_bind_int64(st, 2, s->next[i].next);
		rc = step_done(st);
	}
	s->n_next = 0;
	return rc;
}

/* The dictionary id of a byte string (persons or names), created when
 * new. A cache hit trusts the 64-bit hash (see docs/events-store.md). */
static int dict_id(struct evs *s, int get, int next, int add, int64_t project, const char *v, size_t len,
		   int64_t *id)
{
	uint64_t key = cache_key(get, project, hash64(v, len));
	uint32_t hit = cache_get(s, key);
	if (hit || (get == W_PERSON_GET && evs_map_get(&s->person_pend, key, &hit))) {
		*id = hit;
		return 0;
	}
	sqlite3_stmt *st = s->w[get];
	int rc = 0;
	if (get != W_PERSON_GET || evs_bloom_maybe(s, key)) { /* else surely new */
		sqlite3_bind_int64(st, 1, project);
		sqlite3_bind_blob(st, 2, v, (int)len, SQLITE_STATIC);
		rc = step_int(st, id);
	}
	if (rc != 0) {
		if (rc > 0)
			cache_put(s, key, (uint32_t)*id);
		return rc < 0 ? rc : 0;
	}
	if (next == W_PERSON_NEXT) {
		/* the group keeps the next person id in memory and writes it once */
		if ((rc = next_person(s, project, id)))
			return rc;
	} else {
		sqlite3_bind_int64(s->w[next], 1, project);
		if ((rc = step_int(s->w[next], id)) <= 0)
			return rc < 0 ? rc : -ERR_IO;
	}
	if (*id > (int64_t)UINT32_MAX)
		return -ERR_FULL; /* ids are uint32 in blocks and bitmaps */
	st = s->w[add];
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, *id);
	sqlite3_bind_blob(st, 3, v, (int)len, SQLITE_STATIC);
	if ((rc = step_done(st)) == 0) {
		cache_put(s, key, (uint32_t)*id); /* dropped again on a rollback */
		if (get == W_PERSON_GET)	  /* unindexed until the next merge */
			evs_map_put(&s->person_pend, key, (uint32_t)*id);
	}
	return rc;
}

/* The union-find root of person id (links hold every non-root id). */
static int root_of(struct evs *s, int64_t project, int64_t id, int64_t *root)
{
	sqlite3_stmt *st = s->w[W_ROOT_GET];
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, id);
	int rc = step_int(st, root);
	if (rc == 0)
		*root = id;
	return rc < 0 ? rc : 0;
}

/* Links two distinct ids: the smaller (earlier) root becomes the root of
 * both sets; every member of the other set is pointed at it directly. */
static int link_ids(struct evs *s, int64_t project, const struct event_alias *a)
{
	int64_t ia, ib, ra, rb;
	int rc;
	if ((rc = dict_id(s, W_PERSON_GET, W_PERSON_NEXT, W_PERSON_ADD, project, a->a, a->a_len, &ia)) ||
	    (rc = dict_id(s, W_PERSON_GET, W_PERSON_NEXT, W_PERSON_ADD, project, a->b, a->b_len, &ib)))
		return rc;
	if ((rc = root_of(s, project, ia, &ra)) || (rc = root_of(s, project, ib, &rb)))
		return rc;
	if (ra == rb)
		return 0;
	int64_t lo = ra < rb ? ra : rb, hi = ra < rb ? rb : ra;
	sqlite3_stmt *st = s->w[W_LINK_MOVE];
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, project);
	sqlite3_bind_int64(st, 3, hi);
	if ((rc = step_done(st)))
		return rc;
	st = s->w[W_LINK_ADD];
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, hi);
	sqlite3_bind_int64(st, 3, lo);
	return step_done(st);
}

/* Floor of ts to its hour number. */
static int64_t hour_of(int64_t ts)
{
	int64_t h = ts / 3600000;
	return ts % 3600000 < 0 ? h - 1 : h;
}

/* Records a client id; 1 when it was new, 0 when seen before, <0 error.
 * The index is clustered by the event's hour, so inserts of events
 * arriving in time order touch few pages; a retry is found when its time
 * lies within the neighbouring hours (its time differs from the first
 * send's by the clock-skew correction, i.e. network delay). */
static int dedup_new(struct evs *s, int64_t project, int64_t ts, const char *uuid, size_t len)
{
	int64_t h = hash64(uuid, len), hour = hour_of(ts), one;
	for (int64_t d = -1; d <= 1; d++)
		if (evs_map_get(&s->dedup_pend, evs_dedup_key(project, hour + d, h), NULL))
			return 0;
	int rc = 0;
	if (evs_dedup_hour_known(s, project, hour - 1) || evs_dedup_hour_known(s, project, hour) ||
	    evs_dedup_hour_known(s, project, hour + 1)) { /* else no merged key can match */
		sqlite3_stmt *st = s->w[W_DEDUP_FIND];
		sqlite3_bind_int64(st, 1, project);
		sqlite3_bind_int64(st, 2, hour);
		sqlite3_bind_int64(st, 3, h);
		rc = step_int(st, &one);
	}
	if (rc != 0)
		return rc < 0 ? rc : 0;
	/* new: one row of dedup_pending for the whole group, merged later */
	evs_map_put(&s->dedup_pend, evs_dedup_key(project, hour, h), 1);
	evs_put64(&s->dedup_grp, project);
	evs_put64(&s->dedup_grp, hour);
	evs_put64(&s->dedup_grp, h);
	return 1;
}

/* The stored events of one append call, encoded as one log batch. */
struct batch {
	struct buf rows;
	int64_t n, min_ts, max_ts;
};

/* Adds one event to the call's batch unless it is a duplicate; its
 * outcome in *out. */
static int add_event(struct evs *s, struct evs_pending *p, const struct event_in *e, enum event_outcome *out,
		     struct batch *b)
{
	int rc;
	*out = EVENT_DUPLICATE;
	if (e->uuid_len > 0 && (rc = dedup_new(s, p->project, e->ts_ms, e->uuid, e->uuid_len)) <= 0)
		return rc;
	int64_t person, name;
	if ((rc = dict_id(s, W_PERSON_GET, W_PERSON_NEXT, W_PERSON_ADD, p->project, e->distinct_id,
			  e->distinct_len, &person)) ||
	    (rc = dict_id(s, W_NAME_GET, W_NAME_NEXT, W_NAME_ADD, p->project, e->name, e->name_len, &name)))
		return rc;
	evc_logrow_put(&b->rows, e->ts_ms, (uint32_t)person, (uint32_t)name, e->props, e->props_len);
	if (b->n == 0 || e->ts_ms < b->min_ts)
		b->min_ts = e->ts_ms;
	if (b->n == 0 || e->ts_ms > b->max_ts)
		b->max_ts = e->ts_ms;
	b->n++;
	*out = EVENT_STORED;
	return 0;
}

/* Writes the call's batch as one log row. */
static int add_batch(struct evs *s, struct evs_pending *p, const struct batch *b)
{
	sqlite3_stmt *st = s->w[W_LOG_ADD];
	sqlite3_bind_int64(st, 1, p->project);
	sqlite3_bind_int64(st, 2, p->source);
	sqlite3_bind_int64(st, 3, b->n);
	sqlite3_bind_int64(st, 4, b->min_ts);
	sqlite3_bind_int64(st, 5, b->max_ts);
	sqlite3_bind_blob(st, 6, b->rows.data, (int)b->rows.len, SQLITE_STATIC);
	return step_done(st);
}

/* One append() call's work inside the group's transaction. */
static int apply_pending(struct evs *s, struct evs_pending *p, int64_t now, int64_t *stored)
{
	int rc;
	*stored = 0;
	for (size_t i = 0; i < p->n_alias; i++)
		if ((rc = link_ids(s, p->project, &p->alias[i])))
			return rc;
	if (p->n == 0)
		return 0;
	struct batch b = {.rows = s->logbuf};
	b.rows.len = 0;
	int64_t dup = 0;
	for (size_t i = 0; i < p->n; i++) {
		enum event_outcome o;
		if ((rc = add_event(s, p, &p->ev[i], &o, &b)))
			break;
		dup += o == EVENT_DUPLICATE;
		if (p->out)
			p->out[i] = o;
	}
	s->logbuf = b.rows; /* reused by the next call */
	if (rc)
		return rc;
	if (b.n && (rc = add_batch(s, p, &b)))
		return rc;
	*stored = b.n;
	sqlite3_stmt *st = s->w[W_SOURCE_UP];
	sqlite3_bind_int64(st, 1, p->project);
	sqlite3_bind_int64(st, 2, p->source);
	sqlite3_bind_int64(st, 3, b.n);
	sqlite3_bind_int64(st, 4, dup);
	sqlite3_bind_int64(st, 5, b.n ? b.max_ts : 0);
	sqlite3_bind_int64(st, 6, now);
	return step_done(st);
}

/* Adds rows unsealed events of project to the in-memory counts (mu held). */
static void count_rows(struct evs *s, int64_t project, int64_t rows, int64_t now)
{
	for (size_t i = 0; i < s->n_counts; i++)
		if (s->counts[i].project == project) {
			if (s->counts[i].rows == 0)
				s->counts[i].oldest_ms = now;
			s->counts[i].rows += rows;
			return;
		}
	s->counts = xrealloc(s->counts, (s->n_counts + 1) * sizeof *s->counts);
	s->counts[s->n_counts++] = (struct evs_logcount){project, rows, now};
}

/* Writes a group (a list of pendings) in one transaction: 0 or -ERR_*. */
static int write_group(struct evs *s, struct evs_pending *g, int64_t now, int *merge)
{
	pthread_mutex_lock(&s->db_mu);
	int rc = evs_exec(s->db, "BEGIN IMMEDIATE");
	int64_t stored = 0;
	s->dedup_grp.len = 0;
	for (struct evs_pending *p = g; !rc && p; p = p->next) {
		rc = apply_pending(s, p, now, &stored);
		p->rc = (int)stored; /* the rows this call added, for the counts */
	}
	if (s->n_next) {
		int r = put_next_persons(s); /* also empties the list after a failure */
		rc = rc ? rc : r;
	}
	if (!rc && s->dedup_grp.len) {
		sqlite3_stmt *st = s->w[W_DEDUP_PENDING];
		sqlite3_bind_blob(st, 1, s->dedup_grp.data, (int)s->dedup_grp.len, SQLITE_STATIC);
		rc = step_done(st);
	}
	if (!rc)
		rc = evs_exec(s->db, "COMMIT"); /* the group's one fsync */
	if (rc && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	if (rc) {
		evs_cache_clear(s); /* ids created in the rolled-back group */
		if (evs_pending_reload(s))
			log_error("event store: pending index entries not reloaded after a failed group");
	}
	*merge = s->dedup_pend.used >= (size_t)s->merge_at || s->person_pend.used >= (size_t)s->merge_at;
	pthread_mutex_unlock(&s->db_mu);
	for (struct evs_pending *p = g; p; p = p->next) /* committed (or rolled back) */
		event_gen_bump_project(p->project);
	return rc;
}

/* Validates one call's input before it joins a group. */
static int check_input(const struct event_in *ev, size_t n, const struct event_alias *al, size_t n_alias)
{
	for (size_t i = 0; i < n; i++) {
		const struct event_in *e = &ev[i];
		if (e->name_len == 0 || e->distinct_len == 0 || !e->name || !e->distinct_id ||
		    e->name_len + e->distinct_len + e->uuid_len + e->props_len > EVENT_MAX_BYTES ||
		    (e->props_len && !e->props) || (e->uuid_len && !e->uuid))
			return -ERR_INVALID;
	}
	for (size_t i = 0; i < n_alias; i++)
		if (!al[i].a_len || !al[i].b_len || al[i].a_len > EVENT_MAX_BYTES ||
		    al[i].b_len > EVENT_MAX_BYTES)
			return -ERR_INVALID;
	return 0;
}

/* append: joins the queue; the first caller to find no leader becomes
 * the leader, takes the whole queue as one group, writes and commits it,
 * and wakes the group's members. Everyone returns after its group's
 * commit (or failure). */
static int evs_append(struct event_store *es, int64_t project, int64_t source, const struct event_in *ev,
		      size_t n, const struct event_alias *alias, size_t n_alias, enum event_outcome *out)
{
	struct evs *s = (struct evs *)es;
	int rc = check_input(ev, n, alias, n_alias);
	if (rc)
		return rc;
	if (n == 0 && n_alias == 0)
		return 0;
	struct evs_pending me = {project, source, ev, n, alias, n_alias, out, 0, 0, NULL};
	pthread_mutex_lock(&s->mu);
	if (s->tail)
		s->tail->next = &me;
	else
		s->head = &me;
	s->tail = &me;
	while (!me.done) {
		if (s->leader) {
			pthread_cond_wait(&s->cv, &s->mu);
			continue;
		}
		s->leader = 1;
		struct evs_pending *g = s->head;
		s->head = s->tail = NULL;
		pthread_mutex_unlock(&s->mu);
		int64_t now = evs_now_ms();
		int wake_sealer = 0;
		rc = write_group(s, g, now, &wake_sealer);
		pthread_mutex_lock(&s->mu);
		for (struct evs_pending *p = g, *nx; p; p = nx) {
			nx = p->next;
			if (!rc)
				count_rows(s, p->project, p->rc, now);
			p->rc = rc;
			p->done = 1;
		}
		for (size_t i = 0; !rc && i < s->n_counts; i++)
			wake_sealer |= s->counts[i].rows >= s->seal_rows;
		s->leader = 0;
		pthread_cond_broadcast(&s->cv);
		if (wake_sealer)
			pthread_cond_signal(&s->seal_cv);
	}
	rc = me.rc;
	pthread_mutex_unlock(&s->mu);
	return rc;
}

/* ---- open and close ---- */

static void evs_close(struct event_store *es)
{
	struct evs *s = (struct evs *)es;
	if (s->sealer_started) {
		pthread_mutex_lock(&s->mu);
		s->stop = 1;
		pthread_cond_signal(&s->seal_cv);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->sealer, NULL);
	}
	for (int i = 0; i < W_COUNT; i++)
		sqlite3_finalize(s->w[i]);
	sqlite3_close(s->db);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	pthread_mutex_destroy(&s->mu);
	pthread_mutex_destroy(&s->db_mu);
	pthread_mutex_destroy(&s->maint);
	pthread_mutex_destroy(&s->merge_mu);
	pthread_rwlock_destroy(&s->files);
	pthread_cond_destroy(&s->cv);
	pthread_cond_destroy(&s->seal_cv);
	free(s->counts);
	free(s->next);
	buf_free(&s->logbuf);
	buf_free(&s->dedup_grp);
	evs_pending_free(s);
	free(s->cache_key);
	free(s->cache_id);
	evs_daycache_drop(s);
	free(s->dir);
	free(s);
}

/* The erasures, each followed by a new generation (store/event_gen.h) once
 * its change is visible, whether it succeeded or not. */
static int erase_person_gen(struct event_store *es, int64_t project, const char *did, size_t len,
			    int64_t *erased)
{
	int rc = evs_erase_person(es, project, did, len, erased);
	event_gen_bump_project(project);
	return rc;
}

static int expire_gen(struct event_store *es, int64_t project, int64_t source, int64_t before_ms,
		      int64_t *erased)
{
	int rc = evs_expire(es, project, source, before_ms, erased);
	if (rc || *erased) /* the hourly sweep mostly finds nothing to erase */
		event_gen_bump_project(project);
	return rc;
}

static int erase_project_gen(struct event_store *es, int64_t project, int64_t *erased)
{
	int rc = evs_erase_project(es, project, erased);
	event_gen_bump_project(project);
	return rc;
}

/* The query side, each noting the project it reads before it reads
 * (store/event_gen.h: answers kept while its generation stays). */
static int scan_gen(struct event_store *es, int64_t project, const struct event_filter *f, event_batch_fn fn,
		    void *arg)
{
	event_gen_note_project(project);
	return evs_scan(es, project, f, fn, arg);
}

static int day_persons_gen(struct event_store *es, int64_t project, const struct event_filter *f,
			   event_day_fn fn, void *arg)
{
	event_gen_note_project(project);
	return evs_day_persons(es, project, f, fn, arg);
}

static int person_spans_gen(struct event_store *es, int64_t project, const struct event_filter *f,
			    event_span_fn fn, void *arg)
{
	event_gen_note_project(project);
	return evs_person_spans(es, project, f, fn, arg);
}

static int rows_gen(struct event_store *es, int64_t project, const struct event_filter *f, event_batch_fn fn,
		    void *arg)
{
	event_gen_note_project(project);
	return evs_rows(es, project, f, fn, arg);
}

static int person_keys_gen(struct event_store *es, int64_t project, const struct event_filter *f,
			   event_keys_fn fn, void *arg)
{
	event_gen_note_project(project);
	return evs_person_keys(es, project, f, fn, arg);
}

static int name_id_gen(struct event_store *es, int64_t project, const char *name, size_t len, uint32_t *id)
{
	event_gen_note_project(project);
	return evs_name_id(es, project, name, len, id);
}

static char *name_of_gen(struct event_store *es, int64_t project, uint32_t id)
{
	event_gen_note_project(project);
	return evs_name_of(es, project, id);
}

static int person_of_gen(struct event_store *es, int64_t project, const char *did, size_t len,
			 uint32_t *person)
{
	event_gen_note_project(project);
	return evs_person_of(es, project, did, len, person);
}

static int counts_gen(struct event_store *es, int64_t project, struct event_counts *out)
{
	event_gen_note_project(project);
	return evs_counts(es, project, out);
}

static int source_stats_gen(struct event_store *es, int64_t project, int64_t source,
			    struct event_source_stats *out)
{
	event_gen_note_project(project);
	return evs_source_stats(es, project, source, out);
}

static char *distinct_of_gen(struct event_store *es, int64_t project, uint32_t id, size_t *len)
{
	event_gen_note_project(project);
	return evs_distinct_of(es, project, id, len);
}

static int projects_gen(struct event_store *es, int64_t **ids, size_t *n)
{
	event_gen_note_all();
	return evs_projects(es, ids, n);
}

static const struct event_store_ops embedded_ops = {
    .name = "embedded",
    .append = evs_append,
    .erase_person = erase_person_gen,
    .expire = expire_gen,
    .close = evs_close,
    .scan = scan_gen,
    .day_persons = day_persons_gen,
    .person_spans = person_spans_gen,
    .rows = rows_gen,
    .person_keys = person_keys_gen,
    .name_id = name_id_gen,
    .name_of = name_of_gen,
    .person_of = person_of_gen,
    .counts = counts_gen,
    .source_stats = source_stats_gen,
    .distinct_of = distinct_of_gen,
    .erase_project = erase_project_gen,
    .projects = projects_gen,
};

/* Loads the unsealed counts per project from the log. */
static int load_counts(struct evs *s)
{
	sqlite3_stmt *st = evs_prep(s->db, "SELECT project, sum(n) FROM log GROUP BY project");
	int rc;
	int64_t now = evs_now_ms();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		count_rows(s, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), now);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : evs_err(rc);
}

/* Creates dir and dir/blocks when absent and takes the process lock. */
static int prepare_dir(struct evs *s)
{
	if (mkdir(s->dir, 0700) && errno != EEXIST)
		return errno == ENOSPC ? -ERR_FULL : -ERR_IO;
	struct buf p = {0};
	buf_printf(&p, "%s/blocks", s->dir);
	int rc = mkdir(buf_str(&p), 0700) && errno != EEXIST ? -ERR_IO : 0;
	buf_free(&p);
	if (rc)
		return rc;
	buf_printf(&p, "%s/lock", s->dir);
	s->lock_fd = open(buf_str(&p), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	buf_free(&p);
	if (s->lock_fd < 0)
		return -ERR_IO;
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB))
		return errno == EWOULDBLOCK ? -ERR_BUSY : -ERR_IO;
	return 0;
}

/* Reads a positive integer from the environment (tests and the bench
 * tune the sealing thresholds), def when unset. */
static int64_t env_int(const char *name, int64_t def)
{
	const char *v = getenv(name);
	long long x = v ? atoll(v) : 0;
	return x > 0 ? (int64_t)x : def;
}

struct event_store *event_store_open_embedded(const char *dir, int *err)
{
	if (sodium_init() < 0) {
		*err = -ERR_IO;
		return NULL;
	}
	struct evs *s = xcalloc(1, sizeof *s);
	s->base.ops = &embedded_ops;
	s->dir = xstrdup(dir);
	s->lock_fd = -1;
	s->cache_cap = CACHE_CAP;
	s->cache_key = xcalloc(s->cache_cap, sizeof *s->cache_key);
	s->cache_id = xmalloc(s->cache_cap * sizeof *s->cache_id);
	s->seal_rows = env_int("SCALELAB_EVENTS_SEAL_ROWS", 262144);
	s->seal_age_ms = env_int("SCALELAB_EVENTS_SEAL_AGE_MS", 24LL * 3600 * 1000);
	s->merge_at = env_int("SCALELAB_EVENTS_MERGE_AT", 1000000);
	evs_map_init(&s->dedup_pend, (size_t)1 << 16);
	evs_map_init(&s->person_pend, (size_t)1 << 16);
	evs_map_init(&s->dedup_hours, (size_t)1 << 12);
	pthread_mutex_init(&s->mu, NULL);
	pthread_mutex_init(&s->db_mu, NULL);
	pthread_mutex_init(&s->maint, NULL);
	pthread_mutex_init(&s->merge_mu, NULL);
	pthread_rwlock_init(&s->files, NULL);
	pthread_cond_init(&s->cv, NULL);
	pthread_cond_init(&s->seal_cv, NULL);
	int rc = prepare_dir(s);
	if (!rc && !(s->db = open_db(dir, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)))
		rc = -ERR_IO;
	if (!rc)
		rc = evs_exec(s->db, "PRAGMA wal_autocheckpoint=0;");
	if (!rc)
		rc = evs_exec(s->db, schema_sql);
	if (!rc)
		rc = evs_pending_migrate(s);
	if (!rc) {
		for (int i = 0; i < W_COUNT; i++)
			if (!(s->w[i] = evs_prep(s->db, w_sql[i])))
				rc = -ERR_IO;
		if (!rc)
			rc = load_counts(s);
	}
	if (!rc)
		rc = evs_pending_reload(s);
	if (!rc)
		rc = evs_pending_load_filters(s);
	if (!rc) {
		evs_clean_orphans(s);
		if (pthread_create(&s->sealer, NULL, evs_sealer_main, s) == 0)
			s->sealer_started = 1;
	}
	if (rc) {
		evs_close(&s->base);
		*err = rc;
		return NULL;
	}
	*err = 0;
	return &s->base;
}

/* ---- read-only: queries beside a running server ---- */

static int ro_append(struct event_store *es, int64_t project, int64_t source, const struct event_in *ev,
		     size_t n, const struct event_alias *alias, size_t n_alias, enum event_outcome *out)
{
	(void)es, (void)project, (void)source, (void)ev, (void)n, (void)alias, (void)n_alias, (void)out;
	return -ERR_INVALID;
}

static int ro_erase(struct event_store *es, int64_t project, const char *did, size_t len, int64_t *erased)
{
	(void)es, (void)project, (void)did, (void)len;
	*erased = 0;
	return -ERR_INVALID;
}

static int ro_expire(struct event_store *es, int64_t project, int64_t source, int64_t before_ms,
		     int64_t *erased)
{
	(void)es, (void)project, (void)source, (void)before_ms;
	*erased = 0;
	return -ERR_INVALID;
}

static const struct event_store_ops readonly_ops = {
    .name = "embedded",
    .append = ro_append,
    .erase_person = ro_erase,
    .expire = ro_expire,
    .close = evs_close,
    .scan = evs_scan,
    .day_persons = evs_day_persons,
    .person_spans = evs_person_spans,
    .rows = evs_rows,
    .person_keys = evs_person_keys,
    .name_id = evs_name_id,
    .name_of = evs_name_of,
    .person_of = evs_person_of,
    .counts = evs_counts,
    .source_stats = evs_source_stats,
    .distinct_of = evs_distinct_of,
};

int evs_is_embedded(const struct event_store *s)
{
	return s->ops == &embedded_ops || s->ops == &readonly_ops;
}

struct event_store *event_store_open_readonly(const char *dir, int *err)
{
	struct buf p = {0};
	buf_printf(&p, "%s/log.db", dir);
	int exists = access(buf_str(&p), R_OK) == 0;
	buf_free(&p);
	if (!exists) {
		*err = -ERR_NOTFOUND;
		return NULL;
	}
	if (sodium_init() < 0) {
		*err = -ERR_IO;
		return NULL;
	}
	struct evs *s = xcalloc(1, sizeof *s);
	s->base.ops = &readonly_ops;
	s->dir = xstrdup(dir);
	s->lock_fd = -1;
	s->readonly = 1;
	s->cache_cap = CACHE_CAP;
	s->cache_key = xcalloc(s->cache_cap, sizeof *s->cache_key);
	s->cache_id = xmalloc(s->cache_cap * sizeof *s->cache_id);
	pthread_mutex_init(&s->mu, NULL);
	pthread_mutex_init(&s->db_mu, NULL);
	pthread_mutex_init(&s->maint, NULL);
	pthread_rwlock_init(&s->files, NULL);
	pthread_cond_init(&s->cv, NULL);
	pthread_cond_init(&s->seal_cv, NULL);
	int rc = (s->db = open_db(dir, SQLITE_OPEN_READONLY)) ? load_counts(s) : -ERR_IO;
	if (rc) {
		evs_close(&s->base);
		*err = rc;
		return NULL;
	}
	*err = 0;
	return &s->base;
}

int event_store_seal(struct event_store *es, int force)
{
	if (!es || es->ops != &embedded_ops)
		return -ERR_INVALID;
	int rc = force ? evs_merge((struct evs *)es, 1) : 0;
	return rc ? rc : evs_seal((struct evs *)es, force);
}
