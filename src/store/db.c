/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * db: one SQLite connection per thread (WAL, foreign keys, synchronous=FULL
 * so an acknowledged write survives kill -9 and power loss), numbered
 * migrations recorded in schema_migrations. Tables: all, via migrations.
 * Must never build SQL text from values.
 */
#include "db.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/log.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/search_fts.h"
#include "store/migrations.h"

static char *db_path;

/*
 * How long a write waits for the lock before the request answers 503 (and
 * a CLI command gives up): first on writer_lock (the other threads of this
 * process), then in SQLite's busy handler (other processes). Our own write
 * transactions last milliseconds, so a wait this long means another
 * process (a sqlite3 shell, an import, a backup tool) holds the lock; a
 * client is better served by a quick 503 with Retry-After than by a
 * request that hangs until a proxy or the user gives up. Long enough to
 * ride out an ordinary checkpoint or a burst of writers.
 */
#define DB_BUSY_MS 3000

struct cache_slot {
	const char *sql;
	sqlite3_stmt *st;
};
static __thread sqlite3 *tl_db;
static __thread struct cache_slot tl_cache[DB_CACHE_SLOTS];
/* Statements prepared when the cache was full; finalized by db_release(). */
static __thread struct cache_slot *tl_extra;
static __thread size_t tl_nextra, tl_extra_cap;
static __thread int tl_read_tx;	 /* 1 while db_read_begin()'s transaction is open */
static __thread int tl_write_tx; /* 1 between db_begin() and db_commit()/db_rollback() */
/* Transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT): prepared once per
 * connection instead of parsed on every request (see step_tx). */
enum { TX_BEGIN, TX_BEGIN_IMMEDIATE, TX_COMMIT, TX_ROLLBACK, TX_SAVEPOINT, TX_ROLLBACK_TO, TX_COUNT };
static const char *const tx_sql[TX_COUNT] = {
    [TX_BEGIN] = "BEGIN",
    [TX_BEGIN_IMMEDIATE] = "BEGIN IMMEDIATE",
    [TX_COMMIT] = "COMMIT",
    [TX_ROLLBACK] = "ROLLBACK",
    [TX_SAVEPOINT] = "SAVEPOINT request_mark",
    [TX_ROLLBACK_TO] = "ROLLBACK TO request_mark",
};
static __thread sqlite3_stmt *tl_tx[TX_COUNT];
/* What db_read_state() compares: the connection (data_version is only
 * comparable on one connection), and this connection's own writes, which
 * data_version does not count. */
static _Atomic uint64_t conn_epochs;
static __thread uint64_t tl_epoch;
static __thread uint64_t tl_writes;
/* The first failure of the environment on this thread (see db.h). */
static __thread struct {
	int err;       /* 0, -ERR_BUSY, -ERR_FULL or -ERR_IO */
	char msg[160]; /* SQLite's message */
} tl_fail;
/* Stand-in for a connection that cannot be opened and for statements after
 * a failure: an empty in-memory database and a statement without rows. */
static __thread sqlite3 *tl_null_db;
static __thread sqlite3_stmt *tl_null_st;
/* One writer of this process at a time (see DB_BUSY_MS). */
static pthread_mutex_t writer_lock = PTHREAD_MUTEX_INITIALIZER;

/* The -ERR_* code of an SQLite result that the environment caused, or 0
 * for results that mean a bug in our code (SQL errors, misuse, range). */
static int env_error(sqlite3 *db, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return -ERR_BUSY;
	case SQLITE_FULL: return -ERR_FULL;
	case SQLITE_IOERR: {
		int e = db ? sqlite3_system_errno(db) : 0;
		return e == ENOSPC || e == EDQUOT ? -ERR_FULL : -ERR_IO;
	}
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_NOMEM:
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PROTOCOL:
	case SQLITE_PERM:
	case SQLITE_NOLFS: return -ERR_IO;
	default: return 0;
	}
}

/* Records rc as this thread's failure when the environment caused it;
 * returns its -ERR_* code, or 0 when rc is a bug. */
static int record(sqlite3 *db, int rc, const char *what)
{
	int err = env_error(db, rc);
	if (!err || tl_fail.err)
		return err;
	tl_fail.err = err;
	snprintf(tl_fail.msg, sizeof tl_fail.msg, "%s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	log_error("database: %s (%s)", tl_fail.msg, what);
	return err;
}

static sqlite3_stmt *null_stmt(void)
{
	if (!tl_null_st) {
		if (sqlite3_open_v2(":memory:", &tl_null_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
				    NULL) != SQLITE_OK ||
		    sqlite3_prepare_v2(tl_null_db, "SELECT NULL WHERE 0", -1, &tl_null_st, NULL) != SQLITE_OK)
			BUG("in-memory database: %s", sqlite3_errmsg(tl_null_db));
	}
	sqlite3_reset(tl_null_st);
	return tl_null_st;
}

/* The connections of db_conn() use the default VFS under another name,
 * with its clock counted: SQL that reads the time ('now', CURRENT_DATE)
 * asks the VFS, so db_clock_reads() sees it (http/rcache.h). */
#define CLOCK_VFS "scalelab-clock"
static sqlite3_vfs clock_vfs;
static sqlite3_vfs *base_vfs;
static int clock_vfs_ok;
static __thread unsigned long tl_clock_reads;

static int clock_time(sqlite3_vfs *v, double *t)
{
	(void)v;
	tl_clock_reads++;
	return base_vfs->xCurrentTime(base_vfs, t);
}

static int clock_time64(sqlite3_vfs *v, sqlite3_int64 *t)
{
	(void)v;
	tl_clock_reads++;
	return base_vfs->xCurrentTimeInt64(base_vfs, t);
}

static void clock_vfs_init(void)
{
	if (clock_vfs_ok || !(base_vfs = sqlite3_vfs_find(NULL)))
		return;
	clock_vfs = *base_vfs;
	clock_vfs.zName = CLOCK_VFS;
	clock_vfs.pNext = NULL;
	clock_vfs.xCurrentTime = clock_time;
	if (clock_vfs.iVersion >= 2 && base_vfs->xCurrentTimeInt64)
		clock_vfs.xCurrentTimeInt64 = clock_time64;
	clock_vfs_ok = sqlite3_vfs_register(&clock_vfs, 0) == SQLITE_OK;
}

unsigned long db_clock_reads(void)
{
	/* without the counting VFS every call looks like a new read */
	return clock_vfs_ok ? tl_clock_reads : ++tl_clock_reads;
}

static sqlite3 *open_conn(const char *path)
{
	sqlite3 *db;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				 clock_vfs_ok ? CLOCK_VFS : NULL);
	if (rc != SQLITE_OK) {
		if (!record(db, rc, "open"))
			log_error("cannot open database %s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, DB_BUSY_MS);
	/* the knowledge base's search index needs our tokenizer on every connection */
	if (search_fts_register(db) < 0)
		BUG("SQLite without FTS5");
	const char *pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			      "PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF;";
	char *err = NULL;
	if ((rc = sqlite3_exec(db, pragmas, NULL, NULL, &err)) != SQLITE_OK) {
		if (!record(db, rc, "open"))
			log_error("database %s: %s", path, err);
		sqlite3_free(err);
		sqlite3_close(db);
		return NULL;
	}
	tl_epoch = ++conn_epochs;
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
	const struct migration **todo = NULL;
	int rc = sqlite3_exec(db,
			      "CREATE TABLE IF NOT EXISTS schema_migrations("
			      "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT",
			      NULL, NULL, &err);
	if (rc != SQLITE_OK)
		goto fail;
	/* Plan once without a lock (an up-to-date database, the usual case,
	 * then needs no write lock at all), and again under the write lock
	 * when there is work, so two processes starting at once cannot both
	 * decide to run the same step. */
	int n = 0;
	for (int locked = 0; locked < 2; locked++) {
		if (locked && (rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &err)) != SQLITE_OK)
			goto fail;
		int *applied = NULL;
		int napplied = applied_versions(db, &applied);
		char why[200];
		free(todo);
		todo = NULL;
		n = napplied < 0 ? -1 : migrations_plan(sets, applied, napplied, &todo, why, sizeof why);
		free(applied);
		if (n < 0) {
			if (locked)
				sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			log_error("cannot upgrade the database: %s", napplied < 0 ? sqlite3_errmsg(db) : why);
			return -ERR_IO;
		}
		if (n == 0 && !locked) {
			free(todo);
			return 0;
		}
	}
	for (int i = 0; i < n; i++) {
		if ((rc = sqlite3_exec(db, todo[i]->sql, NULL, NULL, &err)) != SQLITE_OK)
			goto rollback;
		sqlite3_stmt *st;
		char ts[21];
		time_rfc3339(time_now(), ts);
		if ((rc = sqlite3_prepare_v2(db,
					     "INSERT INTO schema_migrations(version, applied_at) VALUES(?,?)",
					     -1, &st, NULL)) != SQLITE_OK)
			goto rollback;
		sqlite3_bind_int(st, 1, todo[i]->version);
		sqlite3_bind_text(st, 2, ts, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			goto rollback;
	}
	/* All steps in one transaction: a failure leaves the schema as it was. */
	if ((rc = sqlite3_exec(db, "COMMIT", NULL, NULL, &err)) != SQLITE_OK)
		goto rollback;
	free(todo);
	return 0;
rollback:
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
fail:
	free(todo);
	log_error("migration failed: %s", err ? err : sqlite3_errstr(rc));
	sqlite3_free(err);
	int e = record(NULL, rc, "migrate");
	return e ? e : -ERR_IO;
}

int db_open(const char *path, const struct migration *const *sets)
{
	/* Memory statistics take a global mutex on every allocation. */
	static int configured;
	if (!configured) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		configured = 1;
	}
	clock_vfs_init();
	free(db_path);
	db_path = xstrdup(path);
	db_close_thread();
	db_failure_clear();
	sqlite3 *db = open_conn(path);
	if (!db)
		return tl_fail.err ? tl_fail.err : -ERR_IO;
	int rc = migrate(db, sets);
	tl_db = db;
	return rc;
}

/* A thread that opened a connection closes it when it ends (the server's
 * worker threads end at shutdown): the last connection to close folds the
 * write-ahead log back into the database file. */
static pthread_key_t close_key;
static pthread_once_t close_once = PTHREAD_ONCE_INIT;

static void thread_ends(void *unused)
{
	(void)unused;
	db_close_thread();
}

static void close_key_init(void)
{
	if (pthread_key_create(&close_key, thread_ends) != 0)
		BUG("pthread_key_create");
}

sqlite3 *db_conn(void)
{
	if (!tl_db) {
		BUG_ON(!db_path);
		pthread_once(&close_once, close_key_init);
		pthread_setspecific(close_key, &close_key);
		tl_db = open_conn(db_path);
		if (!tl_db) {
			if (!tl_fail.err) /* not the environment: a bad path or schema is ours */
				BUG("cannot open database %s", db_path);
			null_stmt();
			return tl_null_db;
		}
	}
	return tl_db;
}

static void finalize_extra(void)
{
	for (size_t i = 0; i < tl_nextra; i++)
		sqlite3_finalize(tl_extra[i].st);
	tl_nextra = 0;
}

/* Finalizes every statement and closes the connection; the next use opens a new one. */
static void close_conn(void)
{
	for (int i = 0; i < TX_COUNT; i++) {
		sqlite3_finalize(tl_tx[i]);
		tl_tx[i] = NULL;
	}
	tl_epoch = 0;
	for (int i = 0; i < DB_CACHE_SLOTS; i++) {
		if (tl_cache[i].st)
			sqlite3_finalize(tl_cache[i].st);
		tl_cache[i].st = NULL;
		tl_cache[i].sql = NULL;
	}
	finalize_extra();
	if (tl_db)
		sqlite3_close(tl_db);
	tl_db = NULL;
	tl_read_tx = 0;
}

void db_close_thread(void)
{
	close_conn();
	free(tl_extra);
	tl_extra = NULL;
	tl_extra_cap = 0;
	if (tl_write_tx) {
		tl_write_tx = 0;
		pthread_mutex_unlock(&writer_lock);
	}
	sqlite3_finalize(tl_null_st);
	sqlite3_close(tl_null_db);
	tl_null_st = NULL;
	tl_null_db = NULL;
}

int db_schema_version(void)
{
	sqlite3_stmt *st = db_prep("SELECT coalesce(max(version),0) FROM schema_migrations");
	db_step(st);
	return sqlite3_column_int(st, 0);
}

/* Prepares sql; NULL after recording a failure of the environment. */
static sqlite3_stmt *prepare(sqlite3 *db, const char *sql, unsigned flags)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(db, sql, -1, flags, &st, NULL);
	if (rc == SQLITE_OK)
		return st;
	if (!record(db, rc, sql))
		BUG("prepare: %s: %s", sqlite3_errmsg(db), sql);
	return NULL;
}

sqlite3_stmt *db_prep(const char *sql)
{
	if (tl_fail.err)
		return null_stmt();
	sqlite3 *db = db_conn();
	if (tl_fail.err)
		return null_stmt();
	size_t h = ((uintptr_t)sql >> 3) % DB_CACHE_SLOTS;
	for (size_t k = 0; k < DB_CACHE_SLOTS; k++) {
		struct cache_slot *s = &tl_cache[(h + k) % DB_CACHE_SLOTS];
		if (s->sql == sql) {
			sqlite3_reset(s->st);
			sqlite3_clear_bindings(s->st);
			return s->st;
		}
		if (!s->sql) {
			s->st = prepare(db, sql, SQLITE_PREPARE_PERSISTENT);
			if (!s->st)
				return null_stmt();
			s->sql = sql;
			return s->st;
		}
	}
	/* Full. Evicting a slot could free a statement a caller still holds, so
	 * the statement lives until the end of the request instead. */
	for (size_t i = 0; i < tl_nextra; i++)
		if (tl_extra[i].sql == sql) {
			sqlite3_reset(tl_extra[i].st);
			sqlite3_clear_bindings(tl_extra[i].st);
			return tl_extra[i].st;
		}
	if (!tl_nextra)
		log_error("statement cache full (%d slots): preparing uncached; raise DB_CACHE_SLOTS",
			  DB_CACHE_SLOTS);
	sqlite3_stmt *st = prepare(db, sql, 0);
	if (!st)
		return null_stmt();
	if (tl_nextra == tl_extra_cap) {
		tl_extra_cap = tl_extra_cap ? 2 * tl_extra_cap : 16;
		tl_extra = xrealloc(tl_extra, tl_extra_cap * sizeof *tl_extra);
	}
	tl_extra[tl_nextra].sql = sql;
	tl_extra[tl_nextra++].st = st;
	return st;
}

int db_step(sqlite3_stmt *st)
{
	if (tl_fail.err)
		return SQLITE_DONE; /* the transaction is lost anyway; do not wait again */
	if (!sqlite3_stmt_readonly(st)) {
		tl_writes++;
		if (tl_read_tx)
			db_read_end();
	}
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return SQLITE_CONSTRAINT;
	sqlite3 *db = sqlite3_db_handle(st);
	if (record(db, sqlite3_extended_errcode(db), sqlite3_sql(st))) {
		sqlite3_reset(st);
		return SQLITE_DONE;
	}
	BUG("step: %s: %s", sqlite3_errmsg(db), sqlite3_sql(st));
}

int db_exec1(sqlite3_stmt *st)
{
	int rc = db_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

int64_t db_insert(sqlite3_stmt *st)
{
	int rc = db_exec1(st);
	if (tl_fail.err)
		return tl_fail.err;
	if (rc == SQLITE_CONSTRAINT)
		return -ERR_INVALID;
	return sqlite3_last_insert_rowid(sqlite3_db_handle(st));
}

int db_change(sqlite3_stmt *st)
{
	int rc = db_exec1(st);
	if (tl_fail.err)
		return tl_fail.err;
	if (rc == SQLITE_CONSTRAINT)
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

/* Steps a transaction-control statement, prepared on first use per
 * connection (parsing BEGIN and ROLLBACK anew on every request cost a few
 * percent of a small read): SQLITE_OK or SQLite's error code. */
static int step_tx(int which)
{
	if (!tl_tx[which]) {
		int rc = sqlite3_prepare_v3(tl_db, tx_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
					    &tl_tx[which], NULL);
		if (rc != SQLITE_OK)
			return rc;
	}
	int rc = sqlite3_step(tl_tx[which]);
	sqlite3_reset(tl_tx[which]);
	return rc == SQLITE_DONE ? SQLITE_OK : sqlite3_extended_errcode(tl_db);
}

/* Runs a transaction-control statement: 0, or the recorded failure. */
static int exec_tx(int which)
{
	sqlite3 *db = db_conn();
	if (tl_fail.err)
		return tl_fail.err;
	if (which != TX_BEGIN && which != TX_ROLLBACK)
		tl_writes++; /* a read transaction's BEGIN and ROLLBACK change nothing */
	int rc = step_tx(which);
	if (rc == SQLITE_OK)
		return 0;
	int e = record(db, rc, tx_sql[which]);
	if (!e)
		BUG("%s: %s", tx_sql[which], sqlite3_errmsg(db));
	return e;
}

/* Finishes every statement (a pending reader would keep its snapshot). */
static void reset_all(void)
{
	for (int i = 0; i < DB_CACHE_SLOTS; i++)
		if (tl_cache[i].st)
			sqlite3_reset(tl_cache[i].st);
	for (size_t i = 0; i < tl_nextra; i++)
		sqlite3_reset(tl_extra[i].st);
}

/* Ends whatever transaction the connection has, dropping its changes. When
 * even that fails the connection is closed; the next use opens a new one. */
static void rollback_quietly(void)
{
	if (!tl_db)
		return;
	reset_all();
	if (sqlite3_get_autocommit(tl_db))
		return; /* SQLite rolled back by itself (disk full, I/O error) */
	int rc = step_tx(TX_ROLLBACK);
	if (rc != SQLITE_OK && !record(tl_db, sqlite3_extended_errcode(tl_db), "ROLLBACK"))
		BUG("ROLLBACK: %s", sqlite3_errmsg(tl_db));
	if (!sqlite3_get_autocommit(tl_db))
		close_conn(); /* closing rolls back */
}

void db_read_begin(void)
{
	if (tl_read_tx || tl_write_tx || tl_fail.err)
		return;
	if (exec_tx(TX_BEGIN) == 0)
		tl_read_tx = 1;
}

void db_read_end(void)
{
	if (!tl_read_tx)
		return;
	tl_read_tx = 0;
	/* A read transaction has nothing to keep: ending it releases the snapshot. */
	rollback_quietly();
}

int db_begin(void)
{
	/* Handlers and stores never begin: the request pipeline (or the CLI
	 * command) owns the one transaction, and a nested begin is a bug. */
	BUG_ON(tl_write_tx);
	db_read_end();
	db_conn();
	if (tl_fail.err)
		return tl_fail.err;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += DB_BUSY_MS / 1000;
	until.tv_nsec += (long)(DB_BUSY_MS % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	int rc = pthread_mutex_timedlock(&writer_lock, &until);
	if (rc == ETIMEDOUT) {
		tl_fail.err = -ERR_BUSY;
		snprintf(tl_fail.msg, sizeof tl_fail.msg, "%s", "the writers of this process queue too long");
		log_error("database: %s", tl_fail.msg);
		return tl_fail.err;
	}
	BUG_ON(rc != 0);
	tl_write_tx = 1;
	rc = exec_tx(TX_BEGIN_IMMEDIATE);
	if (rc < 0) {
		tl_write_tx = 0;
		pthread_mutex_unlock(&writer_lock);
	}
	return rc;
}

static void write_tx_done(void)
{
	tl_write_tx = 0;
	pthread_mutex_unlock(&writer_lock);
}

int db_commit(void)
{
	BUG_ON(!tl_write_tx);
	int rc = tl_fail.err;
	if (!rc) {
		reset_all();
		rc = exec_tx(TX_COMMIT);
	}
	if (rc < 0)
		rollback_quietly();
	write_tx_done();
	return rc;
}

void db_rollback(void)
{
	if (!tl_write_tx)
		return;
	rollback_quietly();
	write_tx_done();
}

void db_mark(void)
{
	BUG_ON(!tl_write_tx);
	exec_tx(TX_SAVEPOINT);
}

void db_undo(void)
{
	BUG_ON(!tl_write_tx);
	reset_all();
	exec_tx(TX_ROLLBACK_TO);
}

int db_read_state(struct db_state *s)
{
	if (!tl_read_tx || tl_write_tx || tl_fail.err || !tl_db)
		return -1;
	sqlite3_stmt *st = db_prep("PRAGMA data_version");
	int64_t v = db_one_int(st, -1);
	if (v < 0 || tl_fail.err || !tl_read_tx)
		return -1;
	s->epoch = tl_epoch;
	s->version = (uint64_t)v;
	/* rows changed through any path on this connection, also SQL run
	 * outside db_step (privacy_store's erasure) */
	s->writes = tl_writes + (uint64_t)sqlite3_total_changes64(tl_db);
	return 0;
}

int db_failure(void)
{
	return tl_fail.err;
}

const char *db_failure_text(void)
{
	return tl_fail.msg;
}

void db_failure_clear(void)
{
	tl_fail.err = 0;
	tl_fail.msg[0] = 0;
}

void db_release(void)
{
	BUG_ON(tl_write_tx);
	db_read_end();
	finalize_extra();
	db_failure_clear();
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
