/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test.h: the tiny unit-test harness. Each tests/unit/test_*.c is its own
 * program: define TEST(name) functions, list them in main with RUN(name),
 * and end main with `return TEST_DONE();` which prints "N passed, N failed".
 * A test passes when none of its CHECKs fails.
 */
#ifndef SL_TEST_H
#define SL_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int test_failed_checks;
static int test_passed, test_failed;

#define TEST(name) static void name(void)

#define CHECK(cond)                                                                                          \
	do {                                                                                                 \
		if (!(cond)) {                                                                               \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);             \
			test_failed_checks++;                                                                \
		}                                                                                            \
	} while (0)

#define CHECK_INT(a, b)                                                                                      \
	do {                                                                                                 \
		long long a_ = (long long)(a), b_ = (long long)(b);                                          \
		if (a_ != b_) {                                                                              \
			fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, a_,    \
				b_);                                                                         \
			test_failed_checks++;                                                                \
		}                                                                                            \
	} while (0)

#define CHECK_STR(a, b)                                                                                      \
	do {                                                                                                 \
		const char *a_ = (a), *b_ = (b);                                                             \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                                     \
			fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a,    \
				a_ ? a_ : "(null)", b_ ? b_ : "(null)");                                     \
			test_failed_checks++;                                                                \
		}                                                                                            \
	} while (0)

/* Relative tolerance; an expected value of 0 uses tol as absolute bound. */
#define CHECK_NEAR(a, b, tol)                                                                                \
	do {                                                                                                 \
		double a_ = (a), b_ = (b);                                                                   \
		double d_ = fabs(a_ - b_);                                                                   \
		double s_ = fabs(b_) > 0 ? fabs(b_) : 1.0;                                                   \
		if (!(d_ <= (tol)*s_)) {                                                                     \
			fprintf(stderr, "%s:%d: %s == %.12g, expected %.12g\n", __FILE__, __LINE__, #a, a_,  \
				b_);                                                                         \
			test_failed_checks++;                                                                \
		}                                                                                            \
	} while (0)

#define RUN(name)                                                                                            \
	do {                                                                                                 \
		int before_ = test_failed_checks;                                                            \
		name();                                                                                      \
		if (test_failed_checks == before_) {                                                         \
			test_passed++;                                                                       \
		} else {                                                                                     \
			test_failed++;                                                                       \
			fprintf(stderr, "FAIL %s\n", #name);                                                 \
		}                                                                                            \
	} while (0)

#define TEST_DONE() (printf("%d passed, %d failed\n", test_passed, test_failed), test_failed ? 1 : 0)

#endif
