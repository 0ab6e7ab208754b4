/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_erase: erasure of one person's events (GDPR art. 17) and retention
 * per source. Rows go from the log with a DELETE; a sealed block holding
 * affected rows is rewritten without them (new file written durably, then
 * one transaction swaps it in the catalogue and lowers the per-source
 * counts; the old file is unlinked once no scan can be reading it). Each
 * swap is atomic, so an interrupted erasure is finished by running it again.
 */
#include "store/event_internal.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/evcodec.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/util.h"

/* Which rows a rewrite drops. */
struct drop {
	const roaring_bitmap_t *persons; /* erase: the person's ids; NULL for expiry */
	int64_t source;			 /* expiry: this source ... */
	int64_t before_ms;		 /* ... before this time */
};

static int dropped(const struct drop *d, const struct evc_rows *r, size_t i)
{
	if (d->persons)
		return roaring_bitmap_contains(d->persons, r->person[i]);
	return r->source[i] == d->source && r->ts[i] < d->before_ms;
}

/* Erased events per source, to lower the sources table. */
struct per_source {
	size_t n;
	int64_t source[64];
	int64_t count[64];
};

static void per_source_add(struct per_source *ps, int64_t source, int64_t k)
{
	for (size_t i = 0; i < ps->n; i++)
		if (ps->source[i] == source) {
			ps->count[i] += k;
			return;
		}
	if (ps->n < 64) {
		ps->source[ps->n] = source;
		ps->count[ps->n++] = k;
	}
}

/* Lowers sources.stored by the counts of ps (inside a transaction). */
static int lower_sources(sqlite3 *db, int64_t project, const struct per_source *ps)
{
	sqlite3_stmt *st = evs_prep(db, "UPDATE sources SET stored=max(0, stored-?) "
					"WHERE project=? AND source=?");
	int rc = 0;
	for (size_t i = 0; !rc && i < ps->n; i++) {
		sqlite3_bind_int64(st, 1, ps->count[i]);
		sqlite3_bind_int64(st, 2, project);
		sqlite3_bind_int64(st, 3, ps->source[i]);
		rc = evs_err(sqlite3_step(st));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Reads a block file whole: a new buffer (caller frees) or NULL. */
static uint8_t *read_file(struct evs *s, const char *name, size_t *len)
{
	char *path = evs_block_path(s, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb)) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	*len = (size_t)sb.st_size;
	uint8_t *p = xmalloc(*len ? *len : 1);
	size_t got = 0;
	while (got < *len) {
		ssize_t k = pread(fd, p + got, *len - got, (off_t)got);
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	if (got != *len) {
		free(p);
		return NULL;
	}
	return p;
}

/* Keeps the rows of r that d does not drop (in place); counts the dropped
 * per source. */
static size_t compact(struct evc_rows *r, const struct drop *d, struct per_source *ps)
{
	size_t k = 0, gone = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (dropped(d, r, i)) {
			per_source_add(ps, r->source[i], 1);
			gone++;
			continue;
		}
		r->ts[k] = r->ts[i];
		r->person[k] = r->person[i];
		r->name[k] = r->name[i];
		r->source[k] = r->source[i];
		r->props[k] = r->props[i];
		r->props_len[k] = r->props_len[i];
		k++;
	}
	r->n = k;
	return gone;
}

/* Swaps block (id, old file) for the rows left in r (none: the block
 * goes) in one transaction with the per-source counts. */
static int swap_block(struct evs *s, int64_t project, int64_t id, const struct evc_rows *r,
		      const struct per_source *ps)
{
	struct buf bytes = {0};
	size_t core = 0;
	char name[96] = "";
	int rc = 0;
	if (r->n) {
		evs_block_name(name, sizeof name, project);
		struct evc_rows keep = *r;
		struct evs_props props;
		evs_props_build(&keep, &props);
		rc = evc_block_encode(&bytes, project, &keep, 9, &core) ? -ERR_IO : 0;
		evs_props_free(&props);
		if (!rc)
			rc = evs_write_block(s, name, &bytes);
	}
	pthread_mutex_lock(&s->db_mu);
	if (!rc)
		rc = evs_exec(s->db, "BEGIN IMMEDIATE");
	sqlite3_stmt *st = evs_prep(s->db, "DELETE FROM blocks WHERE id=?");
	sqlite3_bind_int64(st, 1, id);
	if (!rc)
		rc = evs_err(sqlite3_step(st));
	sqlite3_finalize(st);
	if (!rc && r->n) {
		st = evs_prep(s->db, "INSERT INTO blocks(project, file, n, min_ts, max_ts, bytes, "
				     "core_bytes) VALUES(?,?,?,?,?,?,?)");
		sqlite3_bind_int64(st, 1, project);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (int64_t)r->n);
		sqlite3_bind_int64(st, 4, r->ts[0]);
		sqlite3_bind_int64(st, 5, r->ts[r->n - 1]);
		sqlite3_bind_int64(st, 6, (int64_t)bytes.len);
		sqlite3_bind_int64(st, 7, (int64_t)core);
		rc = evs_err(sqlite3_step(st));
		sqlite3_finalize(st);
	}
	if (!rc)
		rc = lower_sources(s->db, project, ps);
	if (!rc)
		rc = evs_exec(s->db, "COMMIT");
	if (rc && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	pthread_mutex_unlock(&s->db_mu);
	if (rc && name[0]) {
		char *path = evs_block_path(s, name);
		unlink(path);
		free(path);
	}
	buf_free(&bytes);
	return rc;
}

/* Rewrites one block without the rows d drops; *erased grows by them. */
static int rewrite_block(struct evs *s, int64_t project, int64_t id, const char *file, const struct drop *d,
			 int64_t *erased)
{
	size_t len;
	uint8_t *bytes = read_file(s, file, &len);
	if (!bytes)
		return -ERR_IO;
	struct evc_rows r;
	struct evc_header h;
	uint8_t *props_raw;
	int rc = evc_block_decode(bytes, len, 1, &r, &h, &props_raw) ? -ERR_IO : 0;
	free(bytes);
	if (rc) {
		log_error("event store: block %s is damaged", file);
		return rc;
	}
	struct per_source ps = {0};
	size_t gone = compact(&r, d, &ps);
	if (gone)
		rc = swap_block(s, project, id, &r, &ps);
	evc_rows_free(&r);
	free(props_raw);
	if (!rc && gone) {
		*erased += (int64_t)gone;
		char *path = evs_block_path(s, file);
		pthread_rwlock_wrlock(&s->files); /* no scan reads the old file */
		unlink(path);
		pthread_rwlock_unlock(&s->files);
		free(path);
	}
	return rc;
}

/* The blocks of project whose min_ts is before max_min: ids and files. */
static int candidate_blocks(struct evs *s, int64_t project, int64_t max_min, int64_t **ids, char ***files,
			    size_t *n)
{
	sqlite3 *db = evs_reader(s);
	*n = 0;
	*ids = NULL;
	*files = NULL;
	if (!db)
		return -ERR_IO;
	sqlite3_stmt *st =
	    evs_prep(db, "SELECT id, file FROM blocks WHERE project=? AND min_ts<? ORDER BY id");
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, max_min);
	int rc;
	*n = 0;
	*ids = NULL;
	*files = NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = xrealloc(*ids, (*n + 1) * sizeof **ids);
		*files = xrealloc(*files, (*n + 1) * sizeof **files);
		(*ids)[*n] = sqlite3_column_int64(st, 0);
		(*files)[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc == SQLITE_DONE ? 0 : evs_err(rc);
}

/* Rewrites every candidate block; memory: one block at a time. */
static int rewrite_blocks(struct evs *s, int64_t project, int64_t max_min, const struct drop *d,
			  int64_t *erased)
{
	int64_t *ids = NULL;
	char **files = NULL;
	size_t n = 0;
	int rc = candidate_blocks(s, project, max_min, &ids, &files, &n);
	for (size_t i = 0; i < n; i++) {
		if (!rc)
			rc = rewrite_block(s, project, ids[i], files[i], d, erased);
		free(files[i]);
	}
	free(ids);
	free(files);
	return rc;
}

/* Lowers the in-memory unsealed count after log rows went. */
static void uncount_log(struct evs *s, int64_t project, int64_t rows)
{
	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i < s->n_counts; i++)
		if (s->counts[i].project == project)
			s->counts[i].rows = s->counts[i].rows > rows ? s->counts[i].rows - rows : 0;
	pthread_mutex_unlock(&s->mu);
}

/* Whether a log row is dropped (the row-level twin of dropped()). */
static int row_dropped(const struct drop *d, int64_t ts, uint32_t person, int64_t source)
{
	if (d->persons)
		return roaring_bitmap_contains(d->persons, person);
	return source == d->source && ts < d->before_ms;
}

/* One log batch to change: its seq and its new rows (n 0: delete it). */
struct log_change {
	int64_t seq, n, min_ts, max_ts;
	struct buf rows;
};

/* Re-encodes one batch (st's row: seq, source, rows) without the rows d
 * drops; 1 with *ch filled when something was dropped, 0 when not, -1
 * when the batch is damaged. */
static int filter_batch(sqlite3_stmt *st, const struct drop *d, struct log_change *ch, struct per_source *ps)
{
	int64_t source = sqlite3_column_int64(st, 1);
	const uint8_t *p = sqlite3_column_blob(st, 2);
	const uint8_t *end = p + sqlite3_column_bytes(st, 2);
	memset(ch, 0, sizeof *ch);
	ch->seq = sqlite3_column_int64(st, 0);
	int64_t gone = 0;
	while (p < end) {
		int64_t ts;
		uint32_t person, name;
		const char *props;
		size_t len;
		if (evc_logrow_get(&p, end, &ts, &person, &name, &props, &len)) {
			buf_free(&ch->rows);
			return -1;
		}
		if (row_dropped(d, ts, person, source)) {
			gone++;
			continue;
		}
		evc_logrow_put(&ch->rows, ts, person, name, props, len);
		ch->min_ts = ch->n == 0 || ts < ch->min_ts ? ts : ch->min_ts;
		ch->max_ts = ch->n == 0 || ts > ch->max_ts ? ts : ch->max_ts;
		ch->n++;
	}
	if (!gone) {
		buf_free(&ch->rows);
		return 0;
	}
	per_source_add(ps, source, gone);
	return 1;
}

/* Applies one batch change (db_mu held, in a transaction). */
static int apply_change(sqlite3 *db, const struct log_change *ch)
{
	sqlite3_stmt *st;
	if (ch->n == 0) {
		st = evs_prep(db, "DELETE FROM log WHERE seq=?");
		sqlite3_bind_int64(st, 1, ch->seq);
	} else {
		st = evs_prep(db, "UPDATE log SET n=?, min_ts=?, max_ts=?, rows=? WHERE seq=?");
		sqlite3_bind_int64(st, 1, ch->n);
		sqlite3_bind_int64(st, 2, ch->min_ts);
		sqlite3_bind_int64(st, 3, ch->max_ts);
		sqlite3_bind_blob(st, 4, ch->rows.data, (int)ch->rows.len, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, ch->seq);
	}
	int rc = evs_err(sqlite3_step(st));
	sqlite3_finalize(st);
	return rc;
}

/* Removes the rows d drops from the log's batches of project (db_mu held,
 * in a transaction): the changes are collected first, then applied. */
static int rewrite_log(struct evs *s, int64_t project, const struct drop *d, int64_t *erased)
{
	sqlite3_stmt *st = evs_prep(s->db, "SELECT seq, source, rows FROM log WHERE project=?");
	sqlite3_bind_int64(st, 1, project);
	struct log_change *ch = NULL;
	size_t n = 0;
	struct per_source ps = {0};
	int rc, f = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ch = xrealloc(ch, (n + 1) * sizeof *ch);
		if ((f = filter_batch(st, d, &ch[n], &ps)) < 0)
			break;
		n += f == 1;
	}
	sqlite3_finalize(st);
	rc = f < 0 ? -ERR_IO : rc == SQLITE_DONE ? 0 : evs_err(rc);
	int64_t gone = 0;
	for (size_t i = 0; i < ps.n; i++)
		gone += ps.count[i];
	for (size_t i = 0; !rc && i < n; i++)
		rc = apply_change(s->db, &ch[i]);
	for (size_t i = 0; i < n; i++)
		buf_free(&ch[i].rows);
	free(ch);
	if (!rc)
		rc = lower_sources(s->db, project, &ps);
	if (!rc) {
		*erased += gone;
		uncount_log(s, project, gone);
	}
	return rc;
}

/* The person ids linked with did (its whole set) into set: 0, or
 * -ERR_NOTFOUND when did is unknown. */
static int person_set(struct evs *s, int64_t project, const char *did, size_t len, roaring_bitmap_t *set,
		      int64_t *root)
{
	sqlite3 *db = evs_reader(s);
	if (!db)
		return -ERR_IO;
	sqlite3_stmt *st = evs_prep(db, EVS_PERSON_ROOT_SQL);
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_blob(st, 2, did, (int)len, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*root = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		sqlite3_close(db);
		return rc == SQLITE_DONE ? -ERR_NOTFOUND : evs_err(rc);
	}
	roaring_bitmap_add(set, (uint32_t)*root);
	st = evs_prep(db, "SELECT id FROM links WHERE project=? AND root=?");
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, *root);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		roaring_bitmap_add(set, (uint32_t)sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc == SQLITE_DONE ? 0 : evs_err(rc);
}

/* The last step of an erasure: the log rows, then the person's distinct
 * ids and links, in one transaction. */
static int erase_identity(struct evs *s, int64_t project, int64_t root, const roaring_bitmap_t *set,
			  int64_t *erased)
{
	struct drop d = {set, 0, 0};
	pthread_mutex_lock(&s->db_mu);
	int rc = evs_exec(s->db, "BEGIN IMMEDIATE");
	if (!rc)
		rc = rewrite_log(s, project, &d, erased);
	sqlite3_stmt *st =
	    evs_prep(s->db, "DELETE FROM person_dids WHERE project=?1 AND did IN (SELECT did "
			    "FROM persons WHERE project=?1 AND id IN (SELECT ?2 UNION SELECT id "
			    "FROM links WHERE project=?1 AND root=?2))");
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, root);
	if (!rc)
		rc = evs_err(sqlite3_step(st));
	sqlite3_finalize(st);
	st = evs_prep(s->db, "DELETE FROM persons WHERE project=?1 AND id IN "
			     "(SELECT ?2 UNION SELECT id FROM links WHERE project=?1 AND root=?2)");
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, root);
	if (!rc)
		rc = evs_err(sqlite3_step(st));
	sqlite3_finalize(st);
	st = evs_prep(s->db, "DELETE FROM links WHERE project=? AND root=?");
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, root);
	if (!rc)
		rc = evs_err(sqlite3_step(st));
	sqlite3_finalize(st);
	if (!rc)
		rc = evs_exec(s->db, "COMMIT");
	if (rc && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	evs_cache_clear(s); /* the erased ids must not be found again */
	pthread_mutex_unlock(&s->db_mu);
	return rc;
}

int evs_erase_person(struct event_store *es, int64_t project, const char *did, size_t len, int64_t *erased)
{
	struct evs *s = (struct evs *)es;
	*erased = 0;
	pthread_mutex_lock(&s->maint);
	roaring_bitmap_t *set = roaring_bitmap_create();
	int64_t root = 0;
	/* every person indexed first: none of the set may stay in the
	 * in-memory pending map once its rows are gone */
	int rc = evs_merge(s, 1);
	if (!rc)
		rc = person_set(s, project, did, len, set, &root);
	struct drop d = {set, 0, 0};
	if (!rc)
		rc = rewrite_blocks(s, project, INT64_MAX, &d, erased);
	if (!rc)
		rc = erase_identity(s, project, root, set, erased);
	roaring_bitmap_free(set);
	pthread_mutex_unlock(&s->maint);
	return rc == -ERR_NOTFOUND ? 0 : rc;
}

int evs_expire(struct event_store *es, int64_t project, int64_t source, int64_t before_ms, int64_t *erased)
{
	struct evs *s = (struct evs *)es;
	*erased = 0;
	pthread_mutex_lock(&s->maint);
	struct drop d = {NULL, source, before_ms};
	int rc = rewrite_blocks(s, project, before_ms, &d, erased);
	pthread_mutex_lock(&s->db_mu);
	if (!rc)
		rc = evs_exec(s->db, "BEGIN IMMEDIATE");
	if (!rc)
		rc = rewrite_log(s, project, &d, erased);
	if (!rc)
		rc = evs_exec(s->db, "COMMIT");
	if (rc && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	pthread_mutex_unlock(&s->db_mu);
	pthread_mutex_unlock(&s->maint);
	return rc;
}

/* ---- a whole project (its initiative was deleted) ---- */

/* The tables that hold rows of a project; all are emptied of it in one
 * transaction. */
static const char *const project_tables[] = {"log",   "dedup", "dedup_hours", "persons", "person_dids",
					     "links", "names", "counters",    "sources", "blocks"};

int evs_erase_project(struct event_store *es, int64_t project, int64_t *erased)
{
	struct evs *s = (struct evs *)es;
	*erased = 0;
	pthread_mutex_lock(&s->maint);
	/* nothing of the project may stay in dedup_pending's blobs */
	int rc = evs_merge(s, 1);
	int64_t *ids = NULL;
	char **files = NULL;
	size_t n = 0;
	if (!rc)
		rc = candidate_blocks(s, project, INT64_MAX, &ids, &files, &n);
	pthread_mutex_lock(&s->db_mu);
	if (!rc)
		rc = evs_exec(s->db, "BEGIN IMMEDIATE");
	sqlite3_stmt *st = evs_prep(s->db, "SELECT (SELECT coalesce(sum(n), 0) FROM blocks WHERE project=?1)"
					   " + (SELECT coalesce(sum(n), 0) FROM log WHERE project=?1)");
	sqlite3_bind_int64(st, 1, project);
	if (!rc && (rc = evs_err(sqlite3_step(st))) == 0)
		*erased = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	for (size_t i = 0; !rc && i < sizeof project_tables / sizeof *project_tables; i++) {
		struct buf sql = BUF_INIT;
		buf_printf(&sql, "DELETE FROM %s WHERE project=?", project_tables[i]);
		st = evs_prep(s->db, buf_str(&sql));
		buf_free(&sql);
		sqlite3_bind_int64(st, 1, project);
		rc = evs_err(sqlite3_step(st));
		sqlite3_finalize(st);
	}
	if (!rc)
		rc = evs_exec(s->db, "COMMIT");
	if (rc && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	evs_cache_clear(s); /* its ids and names are gone */
	if (!rc)
		rc = evs_pending_load_filters(s);
	pthread_mutex_unlock(&s->db_mu);
	if (!rc) {
		pthread_mutex_lock(&s->mu);
		for (size_t i = 0; i < s->n_counts; i++)
			if (s->counts[i].project == project)
				s->counts[i].rows = 0;
		pthread_mutex_unlock(&s->mu);
		/* the catalogue no longer names them; a crash before this point
		 * leaves orphan files, which the next open deletes */
		pthread_rwlock_wrlock(&s->files); /* no scan reads them */
		for (size_t i = 0; i < n; i++) {
			char *path = evs_block_path(s, files[i]);
			unlink(path);
			free(path);
		}
		pthread_rwlock_unlock(&s->files);
		char *blocks = evs_block_path(s, "");
		evs_sync_dir(blocks);
		free(blocks);
	}
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	free(ids);
	pthread_mutex_unlock(&s->maint);
	return rc;
}

int evs_projects(struct event_store *es, int64_t **ids, size_t *n)
{
	struct evs *s = (struct evs *)es;
	*ids = NULL;
	*n = 0;
	sqlite3 *db = evs_reader(s);
	if (!db)
		return -ERR_IO;
	sqlite3_stmt *st = evs_prep(db, "SELECT project FROM counters UNION SELECT project FROM sources "
					"UNION SELECT project FROM blocks UNION SELECT project FROM log");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = xrealloc(*ids, (*n + 1) * sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc == SQLITE_DONE ? 0 : evs_err(rc);
}
