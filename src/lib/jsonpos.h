/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * jsonpos: a strict JSON reader for outside input that builds jansson
 * values and remembers the source line of every value, object member and
 * array element, so validators can say FILE:LINE. Owns no file I/O.
 * It must never accept what RFC 8259 forbids, nor duplicate keys, invalid
 * UTF-8, "\u0000" or nesting deeper than JSONPOS_MAX_DEPTH; it must never
 * crash on any byte sequence.
 */
#ifndef SL_JSONPOS_H
#define SL_JSONPOS_H

#include <jansson.h>
#include <stddef.h>

#define JSONPOS_MAX_DEPTH 64 /* nested arrays and objects, the root counts */

/* Side table of source lines; opaque. */
struct jsonpos;

struct jsonpos_error {
	int line;	   /* 1-based */
	int column;	   /* 1-based, in bytes */
	char message[120]; /* English, lower case, no final period */
};

/*
 * Parses len bytes of data (no NUL needed; a leading UTF-8 byte order mark
 * is skipped). On success returns a new reference to the root and sets
 * *pos to a table the caller frees with jsonpos_free(); the table is only
 * meaningful while that root is alive and unmodified. On failure returns
 * NULL, sets *pos to NULL and fills *err with the first error.
 */
json_t *jsonpos_parse(const char *data, size_t len, struct jsonpos **pos, struct jsonpos_error *err);

/*
 * Line where value v starts, or 0 when unknown. true, false and null are
 * shared singletons in jansson and therefore always 0: ask for the line
 * of their member or element instead.
 */
int jsonpos_line(const struct jsonpos *pos, const json_t *v);
/* Line of the key of member key in object obj, or 0 when absent. */
int jsonpos_member_line(const struct jsonpos *pos, const json_t *obj, const char *key);
/* Line where element i of array arr starts, or 0 when absent. */
int jsonpos_element_line(const struct jsonpos *pos, const json_t *arr, size_t i);

void jsonpos_free(struct jsonpos *pos);

#endif
