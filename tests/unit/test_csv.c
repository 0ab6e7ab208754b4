/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of CSV field quoting (RFC 4180, section 2) for the round export. */
#include <stdlib.h>

#include "domain/csv.h"
#include "test.h"

static char *field(const char *s)
{
	struct buf b = BUF_INIT;
	csv_field(&b, s);
	return buf_steal(&b);
}

/* A reader written from RFC 4180 section 2 alone (not from csv_field):
 * reads one quoted field at *p, returns it unescaped (caller frees). */
static char *read_quoted(const char **p)
{
	const char *s = *p;
	struct buf b = BUF_INIT;
	if (*s != '"')
		return NULL;
	for (s++; *s; s++) {
		if (*s == '"') {
			if (s[1] != '"')
				break;
			s++;
		}
		buf_putc(&b, *s);
	}
	if (*s != '"') {
		buf_free(&b);
		return NULL;
	}
	*p = s + 1;
	char *out = buf_steal(&b);
	return out ? out : calloc(1, 1);
}

TEST(test_csv_field_with_comma_quote_and_newline_is_quoted_per_rfc4180)
{
	/* RFC 4180 rules 6 and 7: such a field is enclosed in double quotes and
	 * an inner double quote is escaped by another one; the line break stays. */
	char *f = field("Rapport \"Wijk\", deel 2\r\nzie bijlage");
	CHECK_STR(f, "\"Rapport \"\"Wijk\"\", deel 2\r\nzie bijlage\"");
	free(f);
}

TEST(test_csv_field_matches_the_rfc4180_example)
{
	/* The RFC's own example: "aaa","b""bb","ccc". */
	char *a = field("aaa"), *b = field("b\"bb"), *c = field("ccc");
	CHECK_STR(a, "\"aaa\"");
	CHECK_STR(b, "\"b\"\"bb\"");
	CHECK_STR(c, "\"ccc\"");
	free(a);
	free(b);
	free(c);
}

TEST(test_csv_field_round_trips_through_an_independent_reader)
{
	static const char *const cases[] = {"",	    "plain",	    "a,b",	     "\"", "\"\"",
					    "x\ny", "a\r\n\"b\",c", "café, ‘quote’", NULL};
	for (int i = 0; cases[i]; i++) {
		char *f = field(cases[i]);
		const char *p = f;
		char *back = read_quoted(&p);
		CHECK(back != NULL);
		CHECK_STR(back, cases[i]);
		CHECK_INT(*p, 0); /* the whole field was one quoted value */
		free(back);
		free(f);
	}
}

TEST(test_csv_field_null_is_an_empty_quoted_field)
{
	char *f = field(NULL);
	CHECK_STR(f, "\"\"");
	free(f);
}

TEST(test_csv_field_defuses_spreadsheet_formulas)
{
	static const char *const in[] = {"=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", NULL};
	static const char *const out[] = {"\"'=HYPERLINK(\"\"x\"\")\"", "\"'+1\"", "\"'-1\"", "\"'@SUM(A1)\"",
					  NULL};
	for (int i = 0; in[i]; i++) {
		char *f = field(in[i]);
		CHECK_STR(f, out[i]);
		free(f);
	}
	/* a leading tab or CR is skipped by some spreadsheets, which then read
	 * the formula after it */
	char *f = field("\t=1+1");
	CHECK_STR(f, "\"'\t=1+1\"");
	free(f);
	f = field("\r@SUM(A1)");
	CHECK_STR(f, "\"'\r@SUM(A1)\"");
	free(f);
	f = field("a=b");
	CHECK_STR(f, "\"a=b\""); /* only a leading sign is a formula */
	free(f);
}

int main(void)
{
	RUN(test_csv_field_with_comma_quote_and_newline_is_quoted_per_rfc4180);
	RUN(test_csv_field_matches_the_rfc4180_example);
	RUN(test_csv_field_round_trips_through_an_independent_reader);
	RUN(test_csv_field_null_is_an_empty_quoted_field);
	RUN(test_csv_field_defuses_spreadsheet_formulas);
	return TEST_DONE();
}
