/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_pending: the write-optimised half of the two indexes that an
 * append would otherwise update at random places: the dedup index (client
 * id hashes by hour) and the distinct-id index of the person dictionary.
 *
 * A B-tree keyed by a hash is written at a random page per new key; with
 * a group of a few thousand events every commit rewrote thousands of
 * pages (the WAL grew by megabytes per fsync). So an append does not touch
 * those B-trees. Instead:
 *   - dedup: the group's new (project, hour, hash) triples go into ONE row
 *     of dedup_pending (a blob), in the group's transaction;
 *   - persons: a new distinct id is appended to persons (keyed by its
 *     sequential id: the end of the B-tree), and is "unindexed" until
 *     counters.indexed_person passes its id;
 * and both are held in memory (struct evs_map, under db_mu) so the writer
 * finds them. When enough are pending, evs_merge() moves them, sorted,
 * into dedup and person_dids in one transaction: each page is written
 * once per merge instead of once per key. Readers find an unindexed
 * person by a bounded scan of persons above the watermark. After a crash
 * the maps are rebuilt from the same tables (evs_pending_reload), so what
 * was committed is what is found. See docs/events-store.md.
 */
#include "store/event_internal.h"

#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/util.h"

/* ---- the map: 64-bit key -> uint32, open addressing, 0 = empty ---- */

void evs_map_init(struct evs_map *m, size_t cap)
{
	m->cap = cap;
	m->used = 0;
	m->key = xcalloc(cap, sizeof *m->key);
	m->val = xcalloc(cap, sizeof *m->val);
}

void evs_map_free(struct evs_map *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof *m);
}

void evs_map_clear(struct evs_map *m)
{
	memset(m->key, 0, m->cap * sizeof *m->key);
	m->used = 0;
}

int evs_map_get(const struct evs_map *m, uint64_t key, uint32_t *val)
{
	key = key ? key : 1;
	for (size_t i = key & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (m->key[i] == key) {
			if (val)
				*val = m->val[i];
			return 1;
		}
		if (!m->key[i])
			return 0;
	}
}

static void map_grow(struct evs_map *m)
{
	struct evs_map n;
	evs_map_init(&n, m->cap * 2);
	for (size_t i = 0; i < m->cap; i++)
		if (m->key[i])
			evs_map_put(&n, m->key[i], m->val[i]);
	evs_map_free(m);
	*m = n;
}

void evs_map_put(struct evs_map *m, uint64_t key, uint32_t val)
{
	key = key ? key : 1;
	if ((m->used + 1) * 2 > m->cap)
		map_grow(m);
	size_t i = key & (m->cap - 1);
	while (m->key[i] && m->key[i] != key)
		i = (i + 1) & (m->cap - 1);
	m->used += !m->key[i];
	m->key[i] = key;
	m->val[i] = val;
}

uint64_t evs_dedup_key(int64_t project, int64_t hour, int64_t h)
{
	return (uint64_t)h ^ ((uint64_t)project * 0x9E3779B97F4A7C15ULL) ^
	       ((uint64_t)hour * 0xC2B2AE3D27D4EB4FULL);
}

/* ---- what the merged indexes hold ---- */

static uint64_t hour_key(int64_t project, int64_t hour)
{
	return ((uint64_t)project * 0x9E3779B97F4A7C15ULL) ^ ((uint64_t)hour * 0xBF58476D1CE4E5B9ULL);
}

int evs_dedup_hour_known(const struct evs *s, int64_t project, int64_t hour)
{
	return evs_map_get(&s->dedup_hours, hour_key(project, hour), NULL);
}

/* Four probe positions of a key (a 64-bit hash already: split it). */
#define BLOOM_K 4

static size_t bloom_pos(uint64_t key, int i, size_t bits)
{
	uint64_t h = key * 0xFF51AFD7ED558CCDULL + (uint64_t)i * 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 33;
	return (size_t)(h & (bits - 1));
}

int evs_bloom_maybe(const struct evs *s, uint64_t key)
{
	if (s->bloom_broken)
		return 1; /* not rebuilt after a failure: always ask the index */
	if (!s->bloom_n)
		return 0;
	for (int i = 0; i < BLOOM_K; i++) {
		size_t b = bloom_pos(key, i, s->bloom_bits);
		if (!(s->bloom[b / 64] >> (b % 64) & 1))
			return 0;
	}
	return 1;
}

static void bloom_add(struct evs *s, uint64_t key)
{
	for (int i = 0; i < BLOOM_K; i++) {
		size_t b = bloom_pos(key, i, s->bloom_bits);
		s->bloom[b / 64] |= 1ULL << (b % 64);
	}
	s->bloom_n++;
}

/* (Re)builds the Bloom filter from person_dids with 16 bits per key
 * (about 0.2 % false positives at its fullest, 12 bits per key). */
static int bloom_build(struct evs *s, int64_t n)
{
	size_t bits = (size_t)1 << 20;
	while ((int64_t)bits < n * 16)
		bits *= 2;
	free(s->bloom);
	s->bloom = xcalloc(bits / 64, sizeof *s->bloom);
	s->bloom_bits = bits;
	s->bloom_n = 0;
	/* one read of the whole index: through a small page cache, so it
	 * does not stay in memory (restored to the open's size after) */
	evs_exec(s->db, "PRAGMA cache_size=-2048");
	sqlite3_stmt *st = evs_prep(s->db, "SELECT project, did FROM person_dids");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		bloom_add(s, evs_person_key(s, sqlite3_column_int64(st, 0), sqlite3_column_blob(st, 1),
					    (size_t)sqlite3_column_bytes(st, 1)));
	sqlite3_finalize(st);
	evs_exec(s->db, "PRAGMA cache_size=-65536");
	s->bloom_broken = rc != SQLITE_DONE;
	return rc == SQLITE_DONE ? 0 : evs_err(rc);
}

int evs_pending_load_filters(struct evs *s)
{
	evs_map_clear(&s->dedup_hours);
	sqlite3_stmt *st = evs_prep(s->db, "SELECT project, hour FROM dedup_hours");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		evs_map_put(&s->dedup_hours,
			    hour_key(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1)), 1);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return evs_err(rc);
	int64_t n = 0;
	evs_exec(s->db, "PRAGMA cache_size=-2048"); /* a whole index read: see bloom_build */
	st = evs_prep(s->db, "SELECT count(*) FROM person_dids");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return evs_err(rc);
	return bloom_build(s, n);
}

void evs_pending_free(struct evs *s)
{
	evs_map_free(&s->dedup_pend);
	evs_map_free(&s->person_pend);
	evs_map_free(&s->dedup_hours);
	free(s->bloom);
	s->bloom = NULL;
}

/* ---- reload after open or a rolled-back group ---- */

/* The triples of a dedup_pending blob: 24 bytes each, little-endian. */
static int64_t get64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return (int64_t)v;
}

void evs_put64(struct buf *b, int64_t v)
{
	unsigned char p[8];
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)((uint64_t)v >> (8 * i));
	buf_add(b, (const char *)p, 8);
}

static int evs_pending_reload_rows(struct evs *s);

int evs_pending_reload(struct evs *s)
{
	evs_map_clear(&s->dedup_pend);
	evs_map_clear(&s->person_pend);
	/* one read of the pending rows: through a small page cache (as the
	 * Bloom filter's build), restored to the open's size after */
	evs_exec(s->db, "PRAGMA cache_size=-2048");
	int rc = evs_pending_reload_rows(s);
	evs_exec(s->db, "PRAGMA cache_size=-65536");
	return rc;
}

static int evs_pending_reload_rows(struct evs *s)
{
	sqlite3_stmt *st = evs_prep(s->db, "SELECT pairs FROM dedup_pending");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *p = sqlite3_column_blob(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0) / 24;
		for (size_t i = 0; i < n; i++, p += 24)
			evs_map_put(&s->dedup_pend, evs_dedup_key(get64(p), get64(p + 8), get64(p + 16)), 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return evs_err(rc);
	st = evs_prep(s->db, "SELECT p.project, p.id, p.did FROM counters c JOIN persons p "
			     "ON p.project=c.project AND p.id > c.indexed_person");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		evs_map_put(&s->person_pend,
			    evs_person_key(s, sqlite3_column_int64(st, 0), sqlite3_column_blob(st, 2),
					   (size_t)sqlite3_column_bytes(st, 2)),
			    (uint32_t)sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : evs_err(rc);
}

/* ---- the merge ---- */

struct triple {
	int64_t project, hour, h;
};

static int cmp_triple(const void *a, const void *b)
{
	const struct triple *x = a, *y = b;
	if (x->project != y->project)
		return x->project < y->project ? -1 : 1;
	if (x->hour != y->hour)
		return x->hour < y->hour ? -1 : 1;
	return x->h < y->h ? -1 : x->h > y->h;
}

/* A merge moves at most this many dedup keys, and this many distinct ids
 * per project, in one transaction, then lets the appenders in: a merge of
 * a million keys into a large index takes seconds, and appends wait for
 * the database while it writes. */
#define MERGE_CHUNK 131072

/* Moves the oldest dedup_pending rows (seq <= last, about MERGE_CHUNK
 * triples) into dedup, sorted, inside the open transaction; *more: rows
 * up to last remain. */
static int merge_dedup(struct evs *s, int64_t last, int *more)
{
	struct triple *t = NULL;
	size_t n = 0, cap = 0;
	int64_t upto = 0;
	*more = 0;
	sqlite3_stmt *st = evs_prep(s->db, "SELECT seq, pairs FROM dedup_pending WHERE seq<=? ORDER BY seq");
	sqlite3_bind_int64(st, 1, last);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n >= MERGE_CHUNK) {
			*more = 1;
			break;
		}
		upto = sqlite3_column_int64(st, 0);
		const unsigned char *p = sqlite3_column_blob(st, 1);
		size_t k = (size_t)sqlite3_column_bytes(st, 1) / 24;
		if (n + k > cap) {
			cap = (n + k) * 2;
			t = xrealloc(t, cap * sizeof *t);
		}
		for (size_t i = 0; i < k; i++, p += 24)
			t[n++] = (struct triple){get64(p), get64(p + 8), get64(p + 16)};
	}
	sqlite3_finalize(st);
	rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : evs_err(rc);
	if (!rc && n) {
		qsort(t, n, sizeof *t, cmp_triple);
		st = evs_prep(s->db, "INSERT OR IGNORE INTO dedup_hours(project, hour) VALUES(?, ?)");
		for (size_t i = 0; !rc && i < n; i++) {
			if (i && t[i].project == t[i - 1].project && t[i].hour == t[i - 1].hour)
				continue;
			sqlite3_bind_int64(st, 1, t[i].project);
			sqlite3_bind_int64(st, 2, t[i].hour);
			int r = sqlite3_step(st);
			rc = r == SQLITE_DONE ? 0 : evs_err(r);
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
		st = evs_prep(s->db, "INSERT OR IGNORE INTO dedup(project, hour, h) VALUES(?, ?, ?)");
		for (size_t i = 0; !rc && i < n; i++) {
			sqlite3_bind_int64(st, 1, t[i].project);
			sqlite3_bind_int64(st, 2, t[i].hour);
			sqlite3_bind_int64(st, 3, t[i].h);
			int r = sqlite3_step(st);
			rc = r == SQLITE_DONE ? 0 : evs_err(r);
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
	}
	if (!rc) /* what the committed merge will hold (a failed one: extra hours, harmless) */
		for (size_t i = 0; i < n; i++)
			evs_map_put(&s->dedup_hours, hour_key(t[i].project, t[i].hour), 1);
	free(t);
	if (!rc && n) {
		st = evs_prep(s->db, "DELETE FROM dedup_pending WHERE seq<=?");
		sqlite3_bind_int64(st, 1, upto);
		rc = evs_err(sqlite3_step(st));
		sqlite3_finalize(st);
	}
	return rc;
}

/* Indexes up to MERGE_CHUNK unindexed distinct ids per project (inside
 * the open transaction); *more: some remain. */
static int merge_persons(struct evs *s, int *more)
{
	char sql[640];
	snprintf(sql, sizeof sql,
		 "INSERT OR IGNORE INTO person_dids(project, did, id) SELECT p.project, p.did, p.id "
		 "FROM counters c JOIN persons p ON p.project=c.project AND p.id > c.indexed_person "
		 "AND p.id <= c.indexed_person + %d ORDER BY p.project, p.did;"
		 "UPDATE counters SET indexed_person=min(next_person-1, indexed_person + %d) "
		 "WHERE indexed_person<next_person-1;",
		 MERGE_CHUNK, MERGE_CHUNK);
	int rc = evs_exec(s->db, sql);
	sqlite3_stmt *st =
	    evs_prep(s->db, "SELECT count(*) FROM counters WHERE indexed_person<next_person-1");
	int r = sqlite3_step(st);
	*more = r == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0;
	sqlite3_finalize(st);
	return rc ? rc : r == SQLITE_ROW ? 0 : evs_err(r);
}

static int merge(struct evs *s, int force);

int evs_merge(struct evs *s, int force)
{
	pthread_mutex_lock(&s->merge_mu);
	int rc = merge(s, force);
	pthread_mutex_unlock(&s->merge_mu);
	return rc;
}

static int merge(struct evs *s, int force)
{
	pthread_mutex_lock(&s->db_mu);
	if ((!force && s->dedup_pend.used < (size_t)s->merge_at &&
	     s->person_pend.used < (size_t)s->merge_at) ||
	    (!s->dedup_pend.used && !s->person_pend.used)) {
		pthread_mutex_unlock(&s->db_mu);
		return 0;
	}
	int64_t t0 = evs_now_ms(), last = 0;
	size_t keys = s->dedup_pend.used, dids = s->person_pend.used;
	/* what is pending now; what comes during the merge waits for the next */
	sqlite3_stmt *st = evs_prep(s->db, "SELECT coalesce(max(seq), 0) FROM dedup_pending");
	int rc = evs_err(sqlite3_step(st));
	if (!rc)
		last = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	pthread_mutex_unlock(&s->db_mu);
	/* in chunks: the appenders get the database between them; the maps
	 * keep every entry until the end (found in both places meanwhile) */
	size_t rounds = (keys + dids) / MERGE_CHUNK + 2;
	int more_d = 1, more_p = 1, chunks = 0;
	while (!rc && (more_d || more_p) && rounds--) {
		pthread_mutex_lock(&s->db_mu);
		rc = evs_exec(s->db, "BEGIN IMMEDIATE");
		if (!rc)
			rc = merge_dedup(s, last, &more_d);
		if (!rc)
			rc = merge_persons(s, &more_p);
		if (!rc)
			rc = evs_exec(s->db, "COMMIT");
		if (rc && !sqlite3_get_autocommit(s->db))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		pthread_mutex_unlock(&s->db_mu);
		chunks++;
	}
	pthread_mutex_lock(&s->db_mu);
	/* every person merged is in person_pend: into the filter before the
	 * maps are rebuilt from what is still pending */
	if ((s->bloom_n + s->person_pend.used) * 12 > s->bloom_bits) {
		int r = bloom_build(s, (int64_t)(s->bloom_n + s->person_pend.used));
		rc = rc ? rc : r;
	} else {
		for (size_t i = 0; i < s->person_pend.cap; i++)
			if (s->person_pend.key[i])
				bloom_add(s, s->person_pend.key[i]);
	}
	int r = evs_pending_reload(s);
	rc = rc ? rc : r;
	pthread_mutex_unlock(&s->db_mu);
	if (rc)
		log_error("event store: merging the pending index entries failed (%d)", rc);
	else
		log_info(
		    "event store: merged %zu dedup keys and %zu distinct ids into their indexes in %lld ms "
		    "(%d transactions)",
		    keys, dids, (long long)(evs_now_ms() - t0), chunks);
	return rc;
}

/* ---- an existing store of the previous layout ---- */

int evs_pending_migrate(struct evs *s)
{
	sqlite3_stmt *st =
	    evs_prep(s->db, "SELECT 1 FROM sqlite_master WHERE type='index' AND name='persons_did'");
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return evs_err(rc);
	/* made before the pending indexes: index every distinct id once */
	log_info("event store %s: indexing the person dictionary for the new layout (once)", s->dir);
	rc = evs_exec(s->db, "BEGIN IMMEDIATE;"
			     "ALTER TABLE counters ADD COLUMN indexed_person INTEGER NOT NULL DEFAULT 0;"
			     "INSERT OR IGNORE INTO person_dids(project, did, id) SELECT project, did, id "
			     "FROM persons ORDER BY project, did;"
			     "UPDATE counters SET indexed_person=next_person-1;"
			     "INSERT OR IGNORE INTO dedup_hours(project, hour) SELECT DISTINCT project, hour "
			     "FROM dedup;"
			     "DROP INDEX persons_did;"
			     "COMMIT;");
	if (rc && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}
