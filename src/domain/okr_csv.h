/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr_csv: the CSV reader of the OKR import (RFC 4180: comma separated,
 * fields in double quotes may hold commas, line breaks and doubled quotes;
 * lines end in CRLF or LF; a UTF-8 byte-order mark is skipped). Pure: text
 * in, a table of strings out. The column layout is in docs/okr.md.
 */
#ifndef SL_OKR_CSV_H
#define SL_OKR_CSV_H

#include <stddef.h>

#define OKR_CSV_MAX_ROWS 5000
#define OKR_CSV_MAX_COLS 40
#define OKR_CSV_MAX_FIELD 4000 /* bytes */

struct okr_csv {
	size_t n_rows;
	size_t n_cols[OKR_CSV_MAX_ROWS]; /* fields per row */
	char **cells[OKR_CSV_MAX_ROWS];	 /* cells[r][c], NUL-terminated */
	size_t line[OKR_CSV_MAX_ROWS];	 /* line of the text where row r starts (1-based) */
};

/* Parses text (len bytes, need not be NUL-terminated) into t, skipping
 * empty lines. Returns 0, or -ERR_INVALID with *err_line set to the line where
 * the row with the problem begins (an unterminated or stray quote, a field or row too long, too
 * many rows or columns, a NUL byte). t is filled as far as it got either
 * way; the caller frees it with okr_csv_free. */
int okr_csv_parse(const char *text, size_t len, struct okr_csv *t, size_t *err_line);
void okr_csv_free(struct okr_csv *t);
/* Index of the column named name in the header (row 0), or -1. */
int okr_csv_column(const struct okr_csv *t, const char *name);
/* Cell (r, c) or "" when the row is shorter. */
const char *okr_csv_cell(const struct okr_csv *t, size_t r, int c);

#endif
