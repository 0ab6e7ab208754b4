/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the CSV reader of the OKR import (RFC 4180 examples). */
#include <stdlib.h>
#include <string.h>

#include "domain/okr_csv.h"
#include "lib/util.h"
#include "test.h"

static struct okr_csv *parse(const char *s, int *rc, size_t *line)
{
	struct okr_csv *t = calloc(1, sizeof *t);
	*rc = okr_csv_parse(s, strlen(s), t, line);
	return t;
}

static void done(struct okr_csv *t)
{
	okr_csv_free(t);
	free(t);
}

TEST(test_okr_csv_reads_quoted_commas_quotes_and_line_breaks)
{
	int rc;
	size_t line = 0;
	struct okr_csv *t = parse("a,b,c\r\n\"x, y\",\"he said \"\"ja\"\"\",\"two\nlines\"\r\n", &rc, &line);
	CHECK_INT(rc, 0);
	CHECK_INT(t->n_rows, 2);
	CHECK_STR(okr_csv_cell(t, 1, 0), "x, y");
	CHECK_STR(okr_csv_cell(t, 1, 1), "he said \"ja\"");
	CHECK_STR(okr_csv_cell(t, 1, 2), "two\nlines");
	CHECK_INT(okr_csv_column(t, "c"), 2);
	CHECK_INT(okr_csv_column(t, "d"), -1);
	CHECK_STR(okr_csv_cell(t, 1, 7), "");
	done(t);
}

TEST(test_okr_csv_skips_bom_and_empty_lines_and_keeps_line_numbers)
{
	int rc;
	size_t line = 0;
	struct okr_csv *t = parse("\xEF\xBB\xBFh1,h2\n\n1,2\n\r\n3,", &rc, &line);
	CHECK_INT(rc, 0);
	CHECK_INT(t->n_rows, 3);
	CHECK_STR(okr_csv_cell(t, 0, 0), "h1");
	CHECK_INT(t->line[1], 3);
	CHECK_INT(t->line[2], 5);
	CHECK_INT(t->n_cols[2], 2);
	CHECK_STR(okr_csv_cell(t, 2, 1), "");
	done(t);
}

TEST(test_okr_csv_refuses_stray_and_unterminated_quotes_naming_the_line)
{
	int rc;
	size_t line = 0;
	struct okr_csv *t = parse("a,b\nx,y\"z\n", &rc, &line);
	CHECK_INT(rc, -ERR_INVALID);
	CHECK_INT(line, 2);
	done(t);
	t = parse("a,b\n1,2\n\"open,3\n4\n", &rc, &line);
	CHECK_INT(rc, -ERR_INVALID);
	CHECK_INT(line, 3); /* where the open quote begins */
	done(t);
	t = parse("a\n\"x\"y\n", &rc, &line);
	CHECK_INT(rc, -ERR_INVALID);
	done(t);
}

TEST(test_okr_csv_refuses_more_columns_than_the_limit)
{
	char s[OKR_CSV_MAX_COLS * 2 + 8];
	size_t n = 0;
	for (int i = 0; i <= OKR_CSV_MAX_COLS; i++) {
		s[n++] = 'x';
		s[n++] = ',';
	}
	s[n - 1] = 0;
	int rc;
	size_t line = 0;
	struct okr_csv *t = parse(s, &rc, &line);
	CHECK_INT(rc, -ERR_INVALID);
	done(t);
}

TEST(test_okr_csv_holds_the_field_and_row_limits)
{
	/* a field of OKR_CSV_MAX_FIELD bytes is read, one byte more is refused:
	 * plain, quoted, and quoted with doubled quotes (each is one byte of the
	 * field; they once passed the limit unchecked) */
	size_t cap = 2 * OKR_CSV_MAX_FIELD + 16;
	char *s = malloc(cap);
	for (int extra = 0; extra <= 1; extra++) {
		for (int kind = 0; kind < 3; kind++) {
			size_t n = 0, want = OKR_CSV_MAX_FIELD + (size_t)extra;
			if (kind)
				s[n++] = '"';
			for (size_t k = 0; k < want; k++) {
				if (kind == 2) {
					s[n++] = '"';
					s[n++] = '"';
				} else {
					s[n++] = 'x';
				}
			}
			if (kind)
				s[n++] = '"';
			s[n] = 0;
			int rc;
			size_t line = 0;
			struct okr_csv *t = parse(s, &rc, &line);
			CHECK_INT(rc, extra ? -ERR_INVALID : 0);
			if (!extra) {
				CHECK_INT(t->n_rows, 1);
				CHECK_INT(strlen(okr_csv_cell(t, 0, 0)), OKR_CSV_MAX_FIELD);
				CHECK_INT(okr_csv_cell(t, 0, 0)[0], kind == 2 ? '"' : 'x');
			} else {
				CHECK_INT(line, 1);
			}
			done(t);
		}
	}
	free(s);
	/* OKR_CSV_MAX_ROWS rows are read, one more is refused on its own line */
	cap = 2 * OKR_CSV_MAX_ROWS + 8;
	s = malloc(cap);
	for (int extra = 0; extra <= 1; extra++) {
		size_t n = 0;
		for (int r = 0; r < OKR_CSV_MAX_ROWS + extra; r++) {
			s[n++] = 'x';
			s[n++] = '\n';
		}
		s[n] = 0;
		int rc;
		size_t line = 0;
		struct okr_csv *t = parse(s, &rc, &line);
		CHECK_INT(rc, extra ? -ERR_INVALID : 0);
		CHECK_INT(t->n_rows, OKR_CSV_MAX_ROWS);
		if (extra)
			CHECK_INT(line, OKR_CSV_MAX_ROWS + 1);
		done(t);
	}
	free(s);
}

int main(void)
{
	RUN(test_okr_csv_reads_quoted_commas_quotes_and_line_breaks);
	RUN(test_okr_csv_skips_bom_and_empty_lines_and_keeps_line_numbers);
	RUN(test_okr_csv_refuses_stray_and_unterminated_quotes_naming_the_line);
	RUN(test_okr_csv_refuses_more_columns_than_the_limit);
	RUN(test_okr_csv_holds_the_field_and_row_limits);
	return TEST_DONE();
}
