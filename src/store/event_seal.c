/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_seal: seals the row log into immutable columnar block files
 * (blocks/, format in domain/evcodec.h) and keeps the block catalogue
 * (table blocks of log.db). A block is written to a temporary file,
 * fsync'd, renamed and its directory fsync'd; then one transaction adds it
 * to the catalogue and deletes its rows from the log. A crash in between
 * leaves an orphan file that the next open removes.
 */
#include "store/event_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain/evcodec.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/util.h"
#include "store/event_gen.h"

#define SEAL_PROPS_BUDGET ((size_t)64 << 20) /* property bytes read per block, at most */
#define SEAL_LEVEL 9			     /* zstd level of sealed columns */

/* Rows read from the log for one block, in log order. */
struct seal_rows {
	size_t n, cap;
	int64_t *seq, *ts, *source;
	uint32_t *person, *name;
	char **props;
	size_t *props_len;
	size_t *order; /* permutation sorting by (ts, seq) */
};

static void rows_push(struct seal_rows *r, int64_t seq, int64_t source, int64_t ts, uint32_t person,
		      uint32_t name, const char *props, size_t len)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 4096;
		r->seq = xrealloc(r->seq, r->cap * sizeof *r->seq);
		r->ts = xrealloc(r->ts, r->cap * sizeof *r->ts);
		r->source = xrealloc(r->source, r->cap * sizeof *r->source);
		r->person = xrealloc(r->person, r->cap * sizeof *r->person);
		r->name = xrealloc(r->name, r->cap * sizeof *r->name);
		r->props = xrealloc(r->props, r->cap * sizeof *r->props);
		r->props_len = xrealloc(r->props_len, r->cap * sizeof *r->props_len);
	}
	size_t i = r->n++;
	r->seq[i] = seq;
	r->source[i] = source;
	r->ts[i] = ts;
	r->person[i] = person;
	r->name[i] = name;
	r->props_len[i] = len;
	r->props[i] = xstrndup(props, len);
}

/* Appends the rows of one log batch (seq, source, blob of st's row). */
static int push_batch(struct seal_rows *r, sqlite3_stmt *st, size_t *bytes)
{
	int64_t seq = sqlite3_column_int64(st, 0), source = sqlite3_column_int64(st, 1);
	const uint8_t *p = sqlite3_column_blob(st, 2);
	const uint8_t *end = p + sqlite3_column_bytes(st, 2);
	while (p < end) {
		int64_t ts;
		uint32_t person, name;
		const char *props;
		size_t len;
		if (evc_logrow_get(&p, end, &ts, &person, &name, &props, &len))
			return -ERR_IO; /* a damaged batch: never sealed half */
		rows_push(r, seq, source, ts, person, name, props, len);
		*bytes += len;
	}
	return 0;
}

static void rows_free(struct seal_rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->props[i]);
	free(r->seq);
	free(r->ts);
	free(r->source);
	free(r->person);
	free(r->name);
	free(r->props);
	free(r->props_len);
	free(r->order);
	memset(r, 0, sizeof *r);
}

/* Reads the oldest unsealed batches of project, whole, until max rows or
 * the property budget is reached: 0 or -ERR_*. */
static int read_rows(struct evs *s, int64_t project, int64_t max, struct seal_rows *r)
{
	sqlite3 *db = evs_reader(s);
	if (!db)
		return -ERR_IO;
	sqlite3_stmt *st = evs_prep(db, "SELECT seq, source, rows FROM log WHERE project=? ORDER BY seq");
	sqlite3_bind_int64(st, 1, project);
	int rc = SQLITE_DONE, bad = 0;
	size_t bytes = 0;
	while ((int64_t)r->n < max && bytes < SEAL_PROPS_BUDGET && (rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((bad = push_batch(r, st, &bytes)))
			break;
	rc = bad ? bad : rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : evs_err(rc);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

static const struct seal_rows *sort_rows;

/* Time order, ties in arrival order (qsort is not stable). */
static int by_time(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct seal_rows *r = sort_rows;
	if (r->ts[i] != r->ts[j])
		return r->ts[i] < r->ts[j] ? -1 : 1;
	return r->seq[i] < r->seq[j] ? -1 : r->seq[i] > r->seq[j];
}

static pthread_mutex_t sort_mu = PTHREAD_MUTEX_INITIALIZER;

/* Encodes r sorted by time into out (block bytes). */
static int encode_sorted(int64_t project, struct seal_rows *r, struct buf *out, size_t *core)
{
	r->order = xmalloc(r->n * sizeof *r->order);
	for (size_t i = 0; i < r->n; i++)
		r->order[i] = i;
	pthread_mutex_lock(&sort_mu);
	sort_rows = r;
	qsort(r->order, r->n, sizeof *r->order, by_time);
	pthread_mutex_unlock(&sort_mu);
	struct evc_rows c = {.n = r->n};
	c.ts = xmalloc(r->n * sizeof *c.ts);
	c.person = xmalloc(r->n * sizeof *c.person);
	c.name = xmalloc(r->n * sizeof *c.name);
	c.source = xmalloc(r->n * sizeof *c.source);
	c.props = xmalloc(r->n * sizeof *c.props);
	c.props_len = xmalloc(r->n * sizeof *c.props_len);
	for (size_t k = 0; k < r->n; k++) {
		size_t i = r->order[k];
		c.ts[k] = r->ts[i];
		c.person[k] = r->person[i];
		c.name[k] = r->name[i];
		c.source[k] = r->source[i];
		c.props[k] = r->props[i];
		c.props_len[k] = r->props_len[i];
	}
	struct evs_props props;
	evs_props_build(&c, &props);
	int rc = evc_block_encode(out, project, &c, SEAL_LEVEL, core) ? -ERR_IO : 0;
	evs_props_free(&props);
	evc_rows_free(&c);
	return rc;
}

/* Writes bytes to path durably: temporary file, fsync, rename, fsync of
 * the directory. 0, -ERR_FULL or -ERR_IO; nothing left behind on failure. */
int evs_write_block(struct evs *s, const char *name, const struct buf *bytes)
{
	char *path = evs_block_path(s, name);
	struct buf tmp = {0};
	buf_printf(&tmp, "%s/blocks/.tmp-%s", s->dir, name);
	int rc = 0;
	int fd = open(buf_str(&tmp), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		rc = errno == ENOSPC ? -ERR_FULL : -ERR_IO;
	for (size_t off = 0; !rc && off < bytes->len;) {
		ssize_t w = write(fd, bytes->data + off, bytes->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = errno == ENOSPC ? -ERR_FULL : -ERR_IO;
		else
			off += (size_t)w;
	}
	if (!rc && fsync(fd))
		rc = errno == ENOSPC ? -ERR_FULL : -ERR_IO;
	if (fd >= 0 && close(fd) && !rc)
		rc = -ERR_IO;
	if (!rc && rename(buf_str(&tmp), path))
		rc = -ERR_IO;
	if (!rc) {
		struct buf d = {0};
		buf_printf(&d, "%s/blocks", s->dir);
		rc = evs_sync_dir(buf_str(&d));
		buf_free(&d);
	}
	if (rc) {
		unlink(buf_str(&tmp));
		unlink(path);
	}
	buf_free(&tmp);
	free(path);
	return rc;
}

/* A new block file name: project, wall clock and a process counter. */
void evs_block_name(char *out, size_t n, int64_t project)
{
	static unsigned counter;
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&mu);
	unsigned c = ++counter;
	pthread_mutex_unlock(&mu);
	snprintf(out, n, "p%lld-%lld-%d-%u.blk", (long long)project, (long long)evs_now_ms(), (int)getpid(),
		 c);
}

int evs_block_commit(struct evs *s, int64_t project, const char *name, const struct buf *bytes, size_t core,
		     int64_t n, int64_t min_ts, int64_t max_ts, const char *after_sql, int64_t after_arg)
{
	int rc = evs_write_block(s, name, bytes);
	if (rc)
		return rc;
	pthread_mutex_lock(&s->db_mu);
	rc = evs_exec(s->db, "BEGIN IMMEDIATE");
	if (!rc) {
		sqlite3_stmt *st = evs_prep(s->db, "INSERT INTO blocks(project, file, n, min_ts, max_ts, "
						   "bytes, core_bytes) VALUES(?,?,?,?,?,?,?)");
		sqlite3_bind_int64(st, 1, project);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, n);
		sqlite3_bind_int64(st, 4, min_ts);
		sqlite3_bind_int64(st, 5, max_ts);
		sqlite3_bind_int64(st, 6, (int64_t)bytes->len);
		sqlite3_bind_int64(st, 7, (int64_t)core);
		rc = evs_err(sqlite3_step(st));
		sqlite3_finalize(st);
	}
	if (!rc && after_sql) {
		sqlite3_stmt *st = evs_prep(s->db, after_sql);
		sqlite3_bind_int64(st, 1, project);
		sqlite3_bind_int64(st, 2, after_arg);
		rc = evs_err(sqlite3_step(st));
		sqlite3_finalize(st);
	}
	if (!rc)
		rc = evs_exec(s->db, "COMMIT");
	if (rc && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	pthread_mutex_unlock(&s->db_mu);
	event_gen_bump_project(project); /* a block more, rows fewer in the log (store/event_gen.h) */
	if (rc) {
		char *path = evs_block_path(s, name);
		unlink(path);
		free(path);
	}
	return rc;
}

/* Seals the oldest unsealed events of project into one block; *sealed
 * counts them (0: nothing left). */
static int seal_project(struct evs *s, int64_t project, int64_t *sealed)
{
	struct seal_rows r = {0};
	*sealed = 0;
	int rc = read_rows(s, project, s->seal_rows, &r);
	if (rc || r.n == 0) {
		rows_free(&r);
		return rc;
	}
	struct buf out = {0};
	size_t core = 0;
	rc = encode_sorted(project, &r, &out, &core);
	if (!rc) {
		char name[96];
		evs_block_name(name, sizeof name, project);
		int64_t last_seq = r.seq[r.n - 1]; /* batches are read whole */
		int64_t min_ts = r.ts[r.order[0]], max_ts = r.ts[r.order[r.n - 1]];
		rc = evs_block_commit(s, project, name, &out, core, (int64_t)r.n, min_ts, max_ts,
				      "DELETE FROM log WHERE project=?1 AND seq<=?2", last_seq);
	}
	if (!rc)
		*sealed = (int64_t)r.n;
	buf_free(&out);
	rows_free(&r);
	return rc;
}

/* The next project due for sealing (rows >= threshold, or old enough,
 * or any rows when force): 1 with *project set, or 0. */
static int next_due(struct evs *s, int force, int64_t *project)
{
	int64_t now = evs_now_ms();
	int found = 0;
	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i < s->n_counts && !found; i++) {
		struct evs_logcount *c = &s->counts[i];
		if (c->rows > 0 &&
		    (force || c->rows >= s->seal_rows || now - c->oldest_ms >= s->seal_age_ms)) {
			*project = c->project;
			found = 1;
		}
	}
	pthread_mutex_unlock(&s->mu);
	return found;
}

/* Lowers the unsealed count of project after a seal. */
static void uncount(struct evs *s, int64_t project, int64_t rows, int last)
{
	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i < s->n_counts; i++)
		if (s->counts[i].project == project) {
			s->counts[i].rows -= rows;
			if (last || s->counts[i].rows < 0)
				s->counts[i].rows = 0;
			s->counts[i].oldest_ms = evs_now_ms();
		}
	pthread_mutex_unlock(&s->mu);
}

int evs_seal(struct evs *s, int force)
{
	int64_t project, sealed;
	int rc = 0;
	pthread_mutex_lock(&s->maint);
	while (!rc && next_due(s, force, &project)) {
		rc = seal_project(s, project, &sealed);
		if (!rc)
			uncount(s, project, sealed, sealed == 0);
	}
	if (!rc && force) { /* give the sealed rows' pages back to the file system */
		pthread_mutex_lock(&s->db_mu);
		rc = evs_exec(s->db, "PRAGMA incremental_vacuum");
		pthread_mutex_unlock(&s->db_mu);
	}
	pthread_mutex_unlock(&s->maint);
	return rc;
}

void evs_clean_orphans(struct evs *s)
{
	struct buf d = {0};
	buf_printf(&d, "%s/blocks", s->dir);
	DIR *dir = opendir(buf_str(&d));
	buf_free(&d);
	if (!dir)
		return;
	sqlite3_stmt *st = evs_prep(s->db, "SELECT 1 FROM blocks WHERE file=?");
	if (!st) { /* without the catalogue nothing is known to be an orphan */
		closedir(dir);
		return;
	}
	struct dirent *e;
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.' && (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")))
			continue;
		sqlite3_bind_text(st, 1, e->d_name, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st), known = rc == SQLITE_ROW || rc != SQLITE_DONE;
		sqlite3_reset(st);
		if (!known) {
			char *path = evs_block_path(s, e->d_name);
			unlink(path);
			free(path);
		}
	}
	sqlite3_finalize(st);
	closedir(dir);
}

/* The background sealer: wakes when an append passes the row threshold or
 * every few seconds (for the age threshold), seals what is due, and backs
 * off after a failure (disk full: appends report it too). */
void *evs_sealer_main(void *arg)
{
	struct evs *s = arg;
	int failures = 0;
	sqlite3 *ck = evs_reader(s);
	pthread_mutex_lock(&s->mu);
	while (!s->stop) {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_sec += 1;
		pthread_cond_timedwait(&s->seal_cv, &s->mu, &t);
		if (s->stop)
			break;
		pthread_mutex_unlock(&s->mu);
		/* the WAL is copied into log.db here, off the appenders' path */
		if (ck)
			sqlite3_wal_checkpoint_v2(ck, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		int rc = failures % 30 == 0 ? evs_seal(s, 0) : 0; /* after a failure: every 30 s */
		if (!rc)
			rc = evs_merge(s, 0); /* the pending index entries, when enough */
		if (rc)
			log_error("event store: sealing failed (%d), retrying later", rc);
		failures = rc ? failures + 1 : 0;
		pthread_mutex_lock(&s->mu);
	}
	pthread_mutex_unlock(&s->mu);
	sqlite3_close(ck);
	return NULL;
}
