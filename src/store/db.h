/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * db: the SQLite connection of the calling thread, numbered migrations,
 * a per-thread prepared-statement cache and row-to-JSON helpers. SQL text
 * is always a string literal; values are always bound.
 *
 * Failures of the environment (database locked for too long, disk full,
 * I/O error, corruption) are not bugs: the first one is recorded per
 * thread, every later step of that thread is skipped (it returns
 * SQLITE_DONE: "no rows"), and whoever owns the transaction (the request
 * pipeline, a CLI command) asks db_failure() and rolls back. SQL errors on
 * our own statements and misuse still abort: those are bugs.
 */
#ifndef SL_DB_H
#define SL_DB_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>

#include "store/migrations.h"

/* Statements cached per thread; more distinct statements still work (see db_prep). */
#define DB_CACHE_SLOTS 256

/* Sets the database file for all threads and brings its schema up to date
 * with the steps in sets (NULL-terminated; see migrations.h), all in one
 * transaction. Returns 0, -ERR_BUSY (another process holds the lock),
 * -ERR_FULL or -ERR_IO (logged). */
int db_open(const char *path, const struct migration *const *sets);
/* The calling thread's connection (opened on first use). When it cannot be
 * opened the failure is recorded and an empty in-memory stand-in is
 * returned, so callers never see NULL. */
sqlite3 *db_conn(void);
/* Closes the calling thread's connection and its cached statements. */
void db_close_thread(void);
/* Highest migration applied. */
int db_schema_version(void);

/* Returns a cached, reset statement for the literal sql (keyed by its
 * address). When all DB_CACHE_SLOTS are taken the statement is prepared
 * uncached and finalized by db_release(). After a recorded failure a
 * stand-in statement that yields no rows is returned. Aborts on SQL errors. */
sqlite3_stmt *db_prep(const char *sql);
/* Steps st. Returns SQLITE_ROW, SQLITE_DONE or SQLITE_CONSTRAINT; a failure
 * of the environment is recorded (see db_failure) and reads as SQLITE_DONE.
 * Aborts on other errors (bugs). */
int db_step(sqlite3_stmt *st);
/* Runs a statement that returns no rows; returns SQLITE_DONE or SQLITE_CONSTRAINT. */
int db_exec1(sqlite3_stmt *st);

/* Runs a bound INSERT: the new rowid, -ERR_INVALID on a constraint, or the
 * recorded failure (-ERR_BUSY, -ERR_FULL, -ERR_IO). */
int64_t db_insert(sqlite3_stmt *st);
/* Runs a bound UPDATE/DELETE of one row: 0, -ERR_NOTFOUND when no row
 * changed, -ERR_INVALID on a constraint, or the recorded failure. */
int db_change(sqlite3_stmt *st);
/* The current UTC time as RFC 3339 text (21 bytes with NUL). */
void db_now(char ts[21]);

void db_bind_text(sqlite3_stmt *st, int i, const char *s); /* NULL binds NULL */
void db_bind_int(sqlite3_stmt *st, int i, int64_t v);
void db_bind_blob(sqlite3_stmt *st, int i, const void *p, int n);

/* Steps a bound statement once: the row as an object, or NULL when none. */
json_t *db_one_json(sqlite3_stmt *st);
/* Steps a bound statement once: column 0 as an integer, or `missing`. */
int64_t db_one_int(sqlite3_stmt *st, int64_t missing);

/* Current row as an object: column names are keys, SQL types map to JSON. */
json_t *db_row_json(sqlite3_stmt *st);
/* All remaining rows as an array of objects. */
json_t *db_rows_json(sqlite3_stmt *st);

/* A read transaction for the calling thread (no-op when one is open). It
 * ends at db_read_end(), or before any write or db_begin(), so a write can
 * never run inside it. */
void db_read_begin(void);
void db_read_end(void);

/* The write transaction (BEGIN IMMEDIATE) of a request or CLI command.
 * Only its owner begins and commits: handlers and stores never do, and a
 * nested db_begin() aborts. Writers of this process queue on a mutex
 * first, so they never spend the busy timeout on each other.
 * Returns 0, or -ERR_BUSY / -ERR_FULL / -ERR_IO (recorded as the failure). */
int db_begin(void);
/* Commits; after a recorded failure (or when COMMIT fails) rolls back
 * instead and returns the failure. Returns 0 or -ERR_*. */
int db_commit(void);
/* Rolls the write transaction back (no-op when none is open). Never fails:
 * when SQLite already rolled back by itself (disk full, I/O) that is fine. */
void db_rollback(void);
/* Inside the write transaction: marks the point that db_undo() returns to
 * (the request pipeline marks just before the handler runs). */
void db_mark(void);
void db_undo(void);

/* The state of the data a read transaction sees, comparable on one thread:
 * two states that are equal (db_state_same) saw the same data. `version`
 * is SQLite's PRAGMA data_version, which changes when another connection
 * (of this process or any other) commits; `writes` counts the statements
 * this connection ran that may change data (which data_version does not
 * count); `epoch` names the connection (reopened: never equal). */
struct db_state {
	uint64_t epoch, version, writes;
};
/* Fills *s inside a read transaction that has not written: 0; -1 when the
 * thread is not in one (no read transaction, it ended early for a write,
 * a write transaction, a recorded failure). */
int db_read_state(struct db_state *s);
static inline int db_state_same(const struct db_state *a, const struct db_state *b)
{
	return a->epoch == b->epoch && a->version == b->version && a->writes == b->writes;
}

/* How often SQL on the calling thread's connection read the clock
 * (date('now'), CURRENT_TIMESTAMP, ...): counted by its VFS. */
unsigned long db_clock_reads(void);

/* The failure recorded on this thread: 0, -ERR_BUSY, -ERR_FULL or -ERR_IO. */
int db_failure(void);
/* SQLite's message for it ("database is locked"), "" when none. */
const char *db_failure_text(void);
void db_failure_clear(void);
/* End of a request on this thread: ends a read transaction, finalizes the
 * statements prepared beyond the cache and clears the failure. A write
 * transaction left open here is a bug (aborts). */
void db_release(void);

/* meta key/value (server secret etc.); caller frees the result. */
char *db_meta_get(const char *key);
void db_meta_set(const char *key, const char *value);

#endif
