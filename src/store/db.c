/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * db: one SQLite connection per thread (WAL, foreign keys, synchronous=FULL
 * so an acknowledged write survives kill -9 and power loss), numbered
 * migrations recorded in schema_migrations. Tables: all, via migrations.
 * Must never build SQL text from values.
 */
#include "db.h"

#include <pthread.h>
#include <string.h>

#include "lib/log.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/migrations.h"

static char *db_path;

#define CACHE_SLOTS 256
struct cache_slot {
	const char *sql;
	sqlite3_stmt *st;
};
static __thread sqlite3 *tl_db;
static __thread struct cache_slot tl_cache[CACHE_SLOTS];
static __thread int tl_read_tx; /* 1 while db_read_begin()'s transaction is open */

static sqlite3 *open_conn(const char *path)
{
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		log_error("cannot open database %s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 10000);
	const char *pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			      "PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF;";
	char *err = NULL;
	if (sqlite3_exec(db, pragmas, NULL, NULL, &err) != SQLITE_OK) {
		log_error("database %s: %s", path, err);
		sqlite3_free(err);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* Versions already applied; caller frees. */
static int applied_versions(sqlite3 *db, int **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 16;
	int *v = xcalloc((size_t)cap, sizeof *v);
	if (sqlite3_prepare_v2(db, "SELECT version FROM schema_migrations", -1, &st, NULL) != SQLITE_OK) {
		free(v);
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap)
			v = xrealloc(v, (size_t)(cap *= 2) * sizeof *v);
		v[n++] = sqlite3_column_int(st, 0);
	}
	sqlite3_finalize(st);
	*out = v;
	return n;
}

static int migrate(sqlite3 *db, const struct migration *const *sets)
{
	char *err = NULL;
	if (sqlite3_exec(db,
			 "CREATE TABLE IF NOT EXISTS schema_migrations("
			 "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT",
			 NULL, NULL, &err) != SQLITE_OK)
		goto fail;
	/* Plan under the write lock, so two processes starting at once cannot
	 * both decide to run the same step. */
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &err) != SQLITE_OK)
		goto fail;
	int *applied = NULL;
	int napplied = applied_versions(db, &applied);
	const struct migration **todo = NULL;
	char why[200];
	int n = napplied < 0 ? -1 : migrations_plan(sets, applied, napplied, &todo, why, sizeof why);
	free(applied);
	if (n < 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		log_error("cannot upgrade the database: %s", napplied < 0 ? sqlite3_errmsg(db) : why);
		return -ERR_IO;
	}
	for (int i = 0; i < n; i++) {
		if (sqlite3_exec(db, todo[i]->sql, NULL, NULL, &err) != SQLITE_OK)
			break;
		sqlite3_stmt *st;
		char ts[21];
		time_rfc3339(time_now(), ts);
		sqlite3_prepare_v2(db, "INSERT INTO schema_migrations(version, applied_at) VALUES(?,?)", -1, &st,
				   NULL);
		sqlite3_bind_int(st, 1, todo[i]->version);
		sqlite3_bind_text(st, 2, ts, -1, SQLITE_TRANSIENT);
		int rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			err = sqlite3_mprintf("%s", sqlite3_errmsg(db));
			break;
		}
	}
	free(todo);
	if (err) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		goto fail;
	}
	/* All steps in one transaction: a failure leaves the schema as it was. */
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, &err) != SQLITE_OK)
		goto fail;
	return 0;
fail:
	log_error("migration failed: %s", err ? err : "?");
	sqlite3_free(err);
	return -ERR_IO;
}

int db_open(const char *path, const struct migration *const *sets)
{
	/* Memory statistics take a global mutex on every allocation. */
	static int configured;
	if (!configured) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		configured = 1;
	}
	free(db_path);
	db_path = xstrdup(path);
	db_close_thread();
	sqlite3 *db = open_conn(path);
	if (!db)
		return -ERR_IO;
	int rc = migrate(db, sets);
	tl_db = db;
	return rc;
}

sqlite3 *db_conn(void)
{
	if (!tl_db) {
		BUG_ON(!db_path);
		tl_db = open_conn(db_path);
		if (!tl_db)
			BUG("cannot open database %s", db_path);
	}
	return tl_db;
}

void db_close_thread(void)
{
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (tl_cache[i].st)
			sqlite3_finalize(tl_cache[i].st);
		tl_cache[i].st = NULL;
		tl_cache[i].sql = NULL;
	}
	if (tl_db)
		sqlite3_close(tl_db);
	tl_db = NULL;
}

int db_schema_version(void)
{
	sqlite3_stmt *st = db_prep("SELECT coalesce(max(version),0) FROM schema_migrations");
	db_step(st);
	return sqlite3_column_int(st, 0);
}

sqlite3_stmt *db_prep(const char *sql)
{
	sqlite3 *db = db_conn();
	size_t h = ((uintptr_t)sql >> 3) % CACHE_SLOTS;
	for (size_t k = 0; k < CACHE_SLOTS; k++) {
		struct cache_slot *s = &tl_cache[(h + k) % CACHE_SLOTS];
		if (s->sql == sql) {
			sqlite3_reset(s->st);
			sqlite3_clear_bindings(s->st);
			return s->st;
		}
		if (!s->sql) {
			if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL) != SQLITE_OK)
				BUG("prepare: %s: %s", sqlite3_errmsg(db), sql);
			s->sql = sql;
			return s->st;
		}
	}
	BUG("statement cache full");
}

int db_step(sqlite3_stmt *st)
{
	if (tl_read_tx && !sqlite3_stmt_readonly(st))
		db_read_end();
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return SQLITE_CONSTRAINT;
	BUG("step: %s: %s", sqlite3_errmsg(sqlite3_db_handle(st)), sqlite3_sql(st));
}

int db_exec1(sqlite3_stmt *st)
{
	int rc = db_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

int64_t db_insert(sqlite3_stmt *st)
{
	if (db_exec1(st) == SQLITE_CONSTRAINT)
		return -ERR_INVALID;
	return sqlite3_last_insert_rowid(sqlite3_db_handle(st));
}

int db_change(sqlite3_stmt *st)
{
	if (db_exec1(st) == SQLITE_CONSTRAINT)
		return -ERR_INVALID;
	return sqlite3_changes(sqlite3_db_handle(st)) ? 0 : -ERR_NOTFOUND;
}

void db_now(char ts[21])
{
	time_rfc3339(time_now(), ts);
}

void db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void db_bind_int(sqlite3_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(st, i, v);
}

void db_bind_blob(sqlite3_stmt *st, int i, const void *p, int n)
{
	sqlite3_bind_blob(st, i, p, n, SQLITE_TRANSIENT);
}

json_t *db_row_json(sqlite3_stmt *st)
{
	json_t *o = json_object();
	int n = sqlite3_column_count(st);
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		json_t *v;
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER: v = json_integer(sqlite3_column_int64(st, i)); break;
		case SQLITE_FLOAT: v = json_real(sqlite3_column_double(st, i)); break;
		case SQLITE_TEXT: v = json_string((const char *)sqlite3_column_text(st, i)); break;
		case SQLITE_NULL: v = json_null(); break;
		default: continue; /* blobs never go out */
		}
		json_object_set_new(o, name, v ? v : json_null());
	}
	return o;
}

json_t *db_one_json(sqlite3_stmt *st)
{
	json_t *o = NULL;
	if (db_step(st) == SQLITE_ROW)
		o = db_row_json(st);
	sqlite3_reset(st);
	return o;
}

int64_t db_one_int(sqlite3_stmt *st, int64_t missing)
{
	int64_t v = missing;
	if (db_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

json_t *db_rows_json(sqlite3_stmt *st)
{
	json_t *a = json_array();
	while (db_step(st) == SQLITE_ROW)
		json_array_append_new(a, db_row_json(st));
	return a;
}

static void exec_lit(const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db_conn(), sql, NULL, NULL, &err) != SQLITE_OK)
		BUG("%s: %s", sql, err);
}

void db_read_begin(void)
{
	if (tl_read_tx)
		return;
	exec_lit("BEGIN");
	tl_read_tx = 1;
}

void db_read_end(void)
{
	if (!tl_read_tx)
		return;
	tl_read_tx = 0;
	/* Finish every cached reader so the snapshot can be released. */
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (tl_cache[i].st)
			sqlite3_reset(tl_cache[i].st);
	exec_lit("COMMIT");
}

void db_begin(void)
{
	db_read_end();
	exec_lit("BEGIN IMMEDIATE");
}

void db_commit(void)
{
	exec_lit("COMMIT");
}

void db_rollback(void)
{
	exec_lit("ROLLBACK");
}

char *db_meta_get(const char *key)
{
	sqlite3_stmt *st = db_prep("SELECT value FROM meta WHERE key=?");
	db_bind_text(st, 1, key);
	char *v = NULL;
	if (db_step(st) == SQLITE_ROW)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return v;
}

void db_meta_set(const char *key, const char *value)
{
	sqlite3_stmt *st = db_prep("INSERT INTO meta(key,value) VALUES(?,?) "
				   "ON CONFLICT(key) DO UPDATE SET value=excluded.value");
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	db_exec1(st);
}
