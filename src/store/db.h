/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * db: the SQLite connection of the calling thread, numbered migrations,
 * a per-thread prepared-statement cache and row-to-JSON helpers. SQL text
 * is always a string literal; values are always bound.
 */
#ifndef SL_DB_H
#define SL_DB_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>

#include "store/migrations.h"

/* Sets the database file for all threads and brings its schema up to date
 * with the steps in sets (NULL-terminated; see migrations.h), all in one
 * transaction. Returns 0 or -ERR_IO (logged). */
int db_open(const char *path, const struct migration *const *sets);
/* The calling thread's connection (opened on first use). */
sqlite3 *db_conn(void);
/* Closes the calling thread's connection and its cached statements. */
void db_close_thread(void);
/* Highest migration applied. */
int db_schema_version(void);

/* Returns a cached, reset statement for the literal sql. Aborts on SQL errors. */
sqlite3_stmt *db_prep(const char *sql);
/* Steps st; aborts on errors other than constraint violations.
 * Returns SQLITE_ROW, SQLITE_DONE or SQLITE_CONSTRAINT. */
int db_step(sqlite3_stmt *st);
/* Runs a statement that returns no rows; returns SQLITE_DONE or SQLITE_CONSTRAINT. */
int db_exec1(sqlite3_stmt *st);

/* Runs a bound INSERT: the new rowid, or -ERR_INVALID on a constraint. */
int64_t db_insert(sqlite3_stmt *st);
/* Runs a bound UPDATE/DELETE of one row: 0, -ERR_NOTFOUND when no row
 * changed, or -ERR_INVALID on a constraint. */
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
void db_begin(void);
void db_commit(void);
void db_rollback(void);

/* meta key/value (server secret etc.); caller frees the result. */
char *db_meta_get(const char *key);
void db_meta_set(const char *key, const char *value);

#endif
