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

static void end_field(struct buf *f, char ***row, size_t *n)
{
	*row = xrealloc(*row, (*n + 1) * sizeof **row);
	(*row)[(*n)++] = xstrdup(buf_str(f));
	buf_reset(f);
}

static int blank_row(char **row, size_t n)
{
	return n == 1 && !row[0][0];
}

int okr_csv_parse(const char *s, size_t len, struct okr_csv *t, size_t *err_line)
{
	/* a row is written whole when it is read and nothing reads past n_rows:
	 * zeroing the 120 KB of row tables for every file was most of the
	 * parse of a small one (fuzz_okr_csv, fuzz_kpi_csv) */
	t->n_rows = 0;
	struct buf f = BUF_INIT;
	char **row = NULL;
	size_t n = 0, line = 1, row_line = 1, i = 0;
	int rc = 0;
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i <= len) {
		/* one field */
		if (i < len && s[i] == '"') {
			i++;
			for (;;) {
				if (i >= len) {
					rc = -ERR_INVALID; /* unterminated quote */
					goto out;
				}
				if (s[i] == '"') {
					if (i + 1 < len && s[i + 1] == '"') {
						buf_add(&f, "\"", 1);
						i += 2;
						continue;
					}
					i++;
					break;
				}
				if (s[i] == '\n')
					line++;
				if (s[i] == 0 || f.len >= OKR_CSV_MAX_FIELD) {
					rc = -ERR_INVALID;
					goto out;
				}
				buf_add(&f, &s[i], 1);
				i++;
			}
			if (i < len && s[i] != ',' && s[i] != '\n' &&
			    !(s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') &&
			    !(s[i] == '\r' && i + 1 == len)) {
				rc = -ERR_INVALID; /* text after the closing quote */
				goto out;
			}
		} else {
			while (i < len && s[i] != ',' && s[i] != '\n' &&
			       !(s[i] == '\r' && (i + 1 == len || s[i + 1] == '\n'))) {
				if (s[i] == '"' || s[i] == 0 || f.len >= OKR_CSV_MAX_FIELD) {
					rc = -ERR_INVALID; /* a stray quote */
					goto out;
				}
				buf_add(&f, &s[i], 1);
				i++;
			}
		}
		if (n >= OKR_CSV_MAX_COLS) {
			rc = -ERR_INVALID;
			goto out;
		}
		end_field(&f, &row, &n);
		if (i < len && s[i] == ',') {
			i++;
			continue;
		}
		/* end of the row: a line break or the end of the text */
		if (i < len && s[i] == '\r')
			i++;
		if (i < len && s[i] == '\n')
			i++;
		if (blank_row(row, n)) {
			free(row[0]);
		} else {
			if (t->n_rows >= OKR_CSV_MAX_ROWS) {
				for (size_t k = 0; k < n; k++)
					free(row[k]);
				free(row);
				row = NULL;
				n = 0;
				rc = -ERR_INVALID;
				goto out;
			}
			t->cells[t->n_rows] = row;
			t->n_cols[t->n_rows] = n;
			t->line[t->n_rows] = row_line;
			t->n_rows++;
			row = NULL;
		}
		if (row) {
			free(row);
			row = NULL;
		}
		n = 0;
		line++;
		row_line = line;
		if (i >= len)
			break;
	}
out:
	for (size_t k = 0; k < n; k++)
		free(row[k]);
	free(row);
	buf_free(&f);
	if (rc < 0)
		*err_line = row_line; /* the row where the problem begins */
	return rc;
}

void okr_csv_free(struct okr_csv *t)
{
	for (size_t r = 0; r < t->n_rows; r++) {
		for (size_t c = 0; c < t->n_cols[r]; c++)
			free(t->cells[r][c]);
		free(t->cells[r]);
	}
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
