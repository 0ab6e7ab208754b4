/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr_csv: a small RFC 4180 reader for the OKR import. Every limit is
 * checked before memory grows, so hostile input costs at most the limits.
 * Fuzzed by fuzz/fuzz_okr_csv.c.
 */
#include "okr_csv.h"

#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/util.h"

/* The row being read: its fields one after another in bytes, each ending
 * in a NUL, and where each begins. A row becomes one allocation when it is
 * kept (the pointers to its cells, then their bytes): a reallocation and a
 * copy per field and a call per byte were most of the time of a parse. */
struct row {
	struct buf bytes;
	size_t start[OKR_CSV_MAX_COLS];
	size_t n;
};

/* Adds s[0..n) to the field being read: -1 when the field would pass the
 * limit (checked before memory grows). */
static int field_add(struct row *w, const char *s, size_t n)
{
	if (w->bytes.len - w->start[w->n] + n > OKR_CSV_MAX_FIELD)
		return -1;
	buf_add(&w->bytes, s, n);
	return 0;
}

static void keep_row(struct okr_csv *t, struct row *w, size_t row_line)
{
	size_t head = w->n * sizeof(char *);
	char **cells = xmalloc(head + w->bytes.len);
	char *bytes = (char *)cells + head;
	memcpy(bytes, w->bytes.data, w->bytes.len);
	for (size_t c = 0; c < w->n; c++)
		cells[c] = bytes + w->start[c];
	t->cells[t->n_rows] = cells;
	t->n_cols[t->n_rows] = w->n;
	t->line[t->n_rows] = row_line;
	t->n_rows++;
}

int okr_csv_parse(const char *s, size_t len, struct okr_csv *t, size_t *err_line)
{
	/* a row is written whole when it is read and nothing reads past n_rows:
	 * zeroing the 120 KB of row tables for every file was most of the
	 * parse of a small one (fuzz_okr_csv, fuzz_kpi_csv) */
	t->n_rows = 0;
	struct row w = {.bytes = BUF_INIT};
	size_t line = 1, row_line = 1, i = 0;
	int rc = 0;
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i <= len) {
		/* one field */
		if (w.n >= OKR_CSV_MAX_COLS) {
			rc = -ERR_INVALID;
			goto out;
		}
		w.start[w.n] = w.bytes.len;
		if (i < len && s[i] == '"') {
			size_t b = ++i; /* the bytes since the last quote */
			for (;;) {
				if (i >= len) {
					rc = -ERR_INVALID; /* unterminated quote */
					goto out;
				}
				if (s[i] == '"') {
					/* a doubled quote is one quote of the field */
					int twice = i + 1 < len && s[i + 1] == '"';
					if (field_add(&w, s + b, i - b + (size_t)twice) < 0) {
						rc = -ERR_INVALID;
						goto out;
					}
					i += 1 + (size_t)twice;
					if (!twice)
						break;
					b = i;
					continue;
				}
				if (s[i] == '\n')
					line++;
				else if (s[i] == 0) {
					rc = -ERR_INVALID;
					goto out;
				}
				i++;
			}
			if (i < len && s[i] != ',' && s[i] != '\n' &&
			    !(s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') &&
			    !(s[i] == '\r' && i + 1 == len)) {
				rc = -ERR_INVALID; /* text after the closing quote */
				goto out;
			}
		} else {
			size_t b = i;
			while (i < len && s[i] != ',' && s[i] != '\n' &&
			       !(s[i] == '\r' && (i + 1 == len || s[i + 1] == '\n'))) {
				if (s[i] == '"' || s[i] == 0) {
					rc = -ERR_INVALID; /* a stray quote */
					goto out;
				}
				i++;
			}
			if (field_add(&w, s + b, i - b) < 0) {
				rc = -ERR_INVALID;
				goto out;
			}
		}
		buf_add(&w.bytes, "", 1);
		w.n++;
		if (i < len && s[i] == ',') {
			i++;
			continue;
		}
		/* end of the row: a line break or the end of the text */
		if (i < len && s[i] == '\r')
			i++;
		if (i < len && s[i] == '\n')
			i++;
		if (w.n != 1 || w.bytes.len != 1) { /* a blank row is skipped */
			if (t->n_rows >= OKR_CSV_MAX_ROWS) {
				rc = -ERR_INVALID;
				goto out;
			}
			keep_row(t, &w, row_line);
		}
		w.n = 0;
		buf_reset(&w.bytes);
		line++;
		row_line = line;
		if (i >= len)
			break;
	}
out:
	buf_free(&w.bytes);
	if (rc < 0)
		*err_line = row_line; /* the row where the problem begins */
	return rc;
}

void okr_csv_free(struct okr_csv *t)
{
	for (size_t r = 0; r < t->n_rows; r++)
		free(t->cells[r]); /* the row's cells are in the same block */
	t->n_rows = 0;
}

int okr_csv_column(const struct okr_csv *t, const char *name)
{
	if (!t->n_rows)
		return -1;
	for (size_t c = 0; c < t->n_cols[0]; c++)
		if (!strcmp(t->cells[0][c], name))
			return (int)c;
	return -1;
}

const char *okr_csv_cell(const struct okr_csv *t, size_t r, int c)
{
	if (r >= t->n_rows || c < 0 || (size_t)c >= t->n_cols[r])
		return "";
	return t->cells[r][c];
}
