/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * method_fixture.h: the line-by-line method fixture shared by test_method
 * and test_method_ext. A test file defines `static const char *const
 * base[]` (one line of a small valid method per element, NULL-terminated)
 * before including this; each test replaces one line and asserts the exact
 * problem the validator reports for it.
 */
#ifndef SCALELAB_TEST_METHOD_FIXTURE_H
#define SCALELAB_TEST_METHOD_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/method.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "test.h"

/* The base method with line `line` replaced by `text` (one line). */
static char *variant(int line, const char *text)
{
	struct buf b = BUF_INIT;
	for (int i = 0; base[i]; i++) {
		buf_puts(&b, i + 1 == line ? text : base[i]);
		buf_putc(&b, '\n');
	}
	return buf_steal(&b);
}

static bool has_problem(const struct method_problems *pr, int line, const char *msg)
{
	for (size_t i = 0; i < pr->n; i++)
		if (pr->v[i].line == line && !strcmp(pr->v[i].message, msg))
			return true;
	fprintf(stderr, "expected problem on line %d: %s\n", line, msg);
	for (size_t i = 0; i < pr->n; i++)
		fprintf(stderr, "  got %d: %s\n", pr->v[i].line, pr->v[i].message);
	return false;
}

/* The problems of the variant; a method is returned exactly when there
 * are none. */
static struct method_problems problems_of(int line, const char *text)
{
	struct method_problems pr = {0};
	struct method *m = NULL;
	char *s = variant(line, text);
	int rc = method_load(s, strlen(s), &m, &pr);
	CHECK(rc == (pr.n ? -ERR_INVALID : 0));
	CHECK(pr.n ? m == NULL : m != NULL);
	method_free(m);
	free(s);
	return pr;
}

/* Asserts that replacing line `line_` gives exactly count_ problems, one
 * of them on line `want_line` with message `want`. */
#define EXPECT(line_, text_, count_, want_line, want)                                                        \
	do {                                                                                                 \
		struct method_problems pr_ = problems_of((line_), (text_));                                  \
		CHECK_INT(pr_.n, (count_));                                                                  \
		CHECK(has_problem(&pr_, (want_line), (want)));                                               \
		method_problems_free(&pr_);                                                                  \
	} while (0)

#endif
