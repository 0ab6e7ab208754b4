/* SPDX-License-Identifier: EUPL-1.2 */
#include "store/restore.h"

#include <fcntl.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"

static int known_step(const struct migration *const *sets, int v)
{
	for (int s = 0; sets[s]; s++)
		for (const struct migration *m = sets[s]; m->sql; m++)
			if (m->version == v)
				return 1;
	return 0;
}

int restore_check(const char *path, const struct migration *const *sets, struct restore_check *c)
{
	memset(c, 0, sizeof *c);
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(c->problem, sizeof c->problem, "cannot open it: %s", sqlite3_errmsg(db));
		sqlite3_close(db);
		return -ERR_IO;
	}
	sqlite3_stmt *st = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		snprintf(c->problem, sizeof c->problem, "not a Scalelab database: %s", sqlite3_errmsg(db));
		rc = -ERR_INVALID;
		goto done;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		c->integrity_ok = !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	st = NULL;
	if (!c->integrity_ok) {
		snprintf(c->problem, sizeof c->problem, "it is damaged (SQLite's integrity check fails)");
		rc = -ERR_INVALID;
		goto done;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL) == SQLITE_OK)
		while (sqlite3_step(st) == SQLITE_ROW)
			c->fk_violations++;
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT version FROM schema_migrations ORDER BY version", -1, &st, NULL) !=
	    SQLITE_OK) {
		snprintf(c->problem, sizeof c->problem, "not a Scalelab database (no schema_migrations)");
		rc = -ERR_INVALID;
		goto done;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		int v = sqlite3_column_int(st, 0);
		if (v > c->schema_version)
			c->schema_version = v;
		if (!known_step(sets, v) && !c->unknown_step)
			c->unknown_step = v;
	}
	if (c->fk_violations) {
		snprintf(c->problem, sizeof c->problem, "%ld rows refer to rows that do not exist",
			 c->fk_violations);
		rc = -ERR_INVALID;
	} else if (c->unknown_step) {
		snprintf(c->problem, sizeof c->problem,
			 "it was made by a newer Scalelab (schema step %d is unknown here); restore it with "
			 "that version",
			 c->unknown_step);
		rc = -ERR_INVALID;
	} else if (!c->schema_version) {
		snprintf(c->problem, sizeof c->problem, "not a Scalelab database (no schema steps)");
		rc = -ERR_INVALID;
	}
done:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

/* 1 when another connection holds the database (a running server). */
static int in_use(const char *path)
{
	if (access(path, F_OK) != 0)
		return 0;
	sqlite3 *db = NULL;
	int busy = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(db, 0);
		/* an exclusive lock in WAL mode needs every other connection gone */
		busy = sqlite3_exec(db, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;", NULL, NULL,
				    NULL) != SQLITE_OK;
	}
	sqlite3_close(db);
	return busy;
}

/* Copies src to dst (a new file) and makes it durable. */
static int copy_file(const char *src, const char *dst)
{
	sqlite3 *from = NULL, *to = NULL;
	int ok = sqlite3_open_v2(src, &from, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
		 sqlite3_open_v2(dst, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) == SQLITE_OK;
	if (ok) {
		sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
		ok = b && sqlite3_backup_step(b, -1) == SQLITE_DONE;
		sqlite3_backup_finish(b);
		ok = ok && sqlite3_exec(to, "PRAGMA journal_mode=WAL; PRAGMA wal_checkpoint(TRUNCATE);", NULL,
					NULL, NULL) == SQLITE_OK;
	}
	sqlite3_close(from);
	sqlite3_close(to);
	if (!ok)
		return -ERR_IO;
	int fd = open(dst, O_RDONLY);
	if (fd < 0)
		return -ERR_IO;
	int rc = fsync(fd);
	close(fd);
	return rc == 0 ? 0 : -ERR_IO;
}

static void sync_dir(const char *path)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s", path);
	int fd = open(dirname(tmp), O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int restore_replace(const char *backup, const char *db, char *kept_as, size_t n)
{
	if (in_use(db))
		return -ERR_BUSY;
	char tmp[4096], side[4096];
	snprintf(tmp, sizeof tmp, "%s.restoring", db);
	unlink(tmp);
	if (copy_file(backup, tmp) < 0) {
		unlink(tmp);
		return -ERR_IO;
	}
	kept_as[0] = 0;
	if (access(db, F_OK) == 0) {
		char stamp[32];
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
		snprintf(kept_as, n, "%s.before-restore-%s", db, stamp);
		if (rename(db, kept_as) != 0) {
			unlink(tmp);
			return -ERR_IO;
		}
	}
	/* the old database's WAL belongs to the old file */
	snprintf(side, sizeof side, "%s-wal", db);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", db);
	unlink(side);
	if (rename(tmp, db) != 0)
		return -ERR_IO;
	sync_dir(db);
	return 0;
}

void db_health_read(const char *path, struct db_health *h)
{
	memset(h, 0, sizeof *h);
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(h->open_error, sizeof h->open_error, "%s", sqlite3_errmsg(db));
		sqlite3_close(db);
		return;
	}
	h->opened = 1;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		h->intact = !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		snprintf(h->journal, sizeof h->journal, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT max(version) FROM schema_migrations", -1, &st, NULL) ==
		SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		h->schema_version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
}
