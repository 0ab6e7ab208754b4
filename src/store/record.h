/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * record: reading rows into domain records (store-internal). A record's
 * strings are copied into one allocation, so the struct owns all its text
 * through one pointer (its `text` member, freed by the struct's free
 * function): add each string with the address of the member that is to
 * point at it, then record_text_finish() allocates and sets them all.
 * record_rows() reads every row of a statement into an array of records,
 * record_one() the one row of a lookup into a record.
 */
#ifndef SL_RECORD_H
#define SL_RECORD_H

#include <sqlite3.h>
#include <stddef.h>

#include "lib/buf.h"

struct record_slot {
	const char **dst; /* the member to set */
	size_t off;	  /* where its copy starts in text */
	int null;	  /* the value was NULL: the member stays NULL */
};

struct record_text {
	struct buf text;
	struct record_slot *slot;
	size_t n, cap;
};

#define RECORD_TEXT_INIT                                                                                     \
	{                                                                                                    \
		BUF_INIT, NULL, 0, 0                                                                         \
	}

/* Copies s (NULL stays NULL) for *dst. dst must stay where it is until
 * record_text_finish (a member of a struct that does not move meanwhile). */
void record_text_add(struct record_text *p, const char **dst, const char *s);
/* Column col of the current row of st as text (SQL NULL stays NULL). */
void record_text_column(struct record_text *p, const char **dst, sqlite3_stmt *st, int col);
/* Points every added member at its copy and returns the allocation that
 * holds them (never NULL); the caller owns it. p is empty afterwards. */
char *record_text_finish(struct record_text *p);

/* Steps the bound statement st through all its rows; for each, fill(st,
 * record) fills the next record of size bytes (zeroed before). Returns the
 * array, n in *n (NULL when there are no rows; the caller frees it and
 * what the records own), and resets st. */
void *record_rows(sqlite3_stmt *st, size_t size, size_t *n, void (*fill)(sqlite3_stmt *st, void *record));

/* Steps the bound statement st once: fill(st, record) fills record (of
 * size bytes, zeroed first) from the row. Returns 0, or -ERR_NOTFOUND when
 * there is no row; resets st. */
int record_one(sqlite3_stmt *st, void *record, size_t size, void (*fill)(sqlite3_stmt *st, void *record));

#endif
