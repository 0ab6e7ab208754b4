/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * strpool: the strings of one record read from the database, copied into
 * one allocation, so a domain struct owns all its text through one pointer
 * (its `text` member, freed by the struct's free function). Add each
 * string with the address of the member that is to point at it, then
 * strpool_finish() allocates and sets them all. Store-internal.
 */
#ifndef SL_STRPOOL_H
#define SL_STRPOOL_H

#include <sqlite3.h>
#include <stddef.h>

#include "lib/buf.h"

struct strpool_slot {
	const char **dst; /* the member to set */
	size_t off;	  /* where its copy starts in text */
	int null;	  /* the value was NULL: the member stays NULL */
};

struct strpool {
	struct buf text;
	struct strpool_slot *slot;
	size_t n, cap;
};

#define STRPOOL_INIT                                                                                         \
	{                                                                                                    \
		BUF_INIT, NULL, 0, 0                                                                         \
	}

/* Copies s (NULL stays NULL) for *dst. dst must stay where it is until
 * strpool_finish (a member of a struct that does not move meanwhile). */
void strpool_add(struct strpool *p, const char **dst, const char *s);
/* Column col of the current row of st as text (SQL NULL stays NULL). */
void strpool_column(struct strpool *p, const char **dst, sqlite3_stmt *st, int col);
/* Points every added member at its copy and returns the allocation that
 * holds them (never NULL); the caller owns it. p is empty afterwards. */
char *strpool_finish(struct strpool *p);

#endif
