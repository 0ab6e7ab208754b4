/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * privacy_store: one person's data across the whole schema (AVG/GDPR art.
 * 15, 17, 20). Which tables hold a person is read from the schema itself
 * (every foreign key to users(id), and one level further: rows that hang on
 * a row the person owns), plus the columns the processing register marks as
 * holding an e-mail address or an actor, so a new table cannot be
 * forgotten. Identifiers come from sqlite_schema only; values are bound.
 */
#ifndef SL_PRIVACY_STORE_H
#define SL_PRIVACY_STORE_H

#include <jansson.h>
#include <stdint.h>

/* A column of an ordinary table (virtual tables and their shadow tables excluded). */
struct privacy_column {
	char table[64];
	char column[64];
	char type[16]; /* declared type, upper case ("TEXT", "INTEGER", "BLOB", ...) */
	int user_ref;  /* 1: a foreign key to users(id) */
	int on_delete; /* with user_ref: 'C' cascade, 'N' set null, 0 other */
};

/* Every column of every ordinary table, in schema order; NULL on failure.
 * The caller frees the array. */
struct privacy_column *privacy_columns(size_t *n);

/* Everything the database holds on user id (e-mail email) as one JSON
 * object keyed by table name, each an array of rows (columns holding hashes
 * or secrets left out); NULL on failure. */
json_t *privacy_export(int64_t user_id, const char *email);

/* The stable pseudonym of email on this instance: "verwijderd-" and ten
 * characters of a keyed hash (the key lives in meta, made once). */
void privacy_pseudonym(const char *email, char out[32]);

/* Erases user id inside the caller's write transaction: outbox rows to the
 * person and rows keyed by their e-mail go, the user row goes (its owned
 * rows with it, references become NULL), audit rows are pseudonymised
 * (the append-only trigger is dropped and recreated within the
 * transaction), and every mention of the e-mail (and of the name, unless
 * another account has the same name) in any text column becomes the
 * pseudonym. Returns the number of rows changed, or a negative ERR_ code. */
int64_t privacy_erase(int64_t user_id, const char *email, const char *name, const char *pseudonym);

/* Retention (docs/privacy.md): failed sign-ins and join attempts are kept
 * a day, an invitation 90 days after it was answered or expired, an access
 * token 90 days after it expired. */
#define PRIVACY_SHORT_S 86400
#define PRIVACY_INVITATION_S (90 * 86400)
#define PRIVACY_EXPIRED_TOKEN_S (90 * 86400)

/* Deletes what is past its retention at now_s (the clock is the caller's);
 * the rows deleted, or a negative ERR_ code. Inside the caller's write
 * transaction. */
int64_t privacy_purge(int64_t now_s);

/* Rows in all ordinary tables together; -1 on failure. */
int64_t privacy_row_total(void);

/* Rows in any ordinary table whose text columns contain needle (any case);
 * each hit is appended to hits as "table.column" (may be NULL). -1 on failure. */
int64_t privacy_scan(const char *needle, json_t *hits);

#endif
