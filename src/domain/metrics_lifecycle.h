/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_lifecycle: the lifecycle of active persons per period (day,
 * Monday week or calendar month), pure (no storage, no clock). For each
 * period P of a consecutive run of periods:
 *   new          active in P and P holds their first event ever,
 *   returning    active in P and in the period before, not new,
 *   resurrecting active in P, not in the period before, first event before P,
 *   dormant      active in the period before P, not in P (reported as a
 *                negative number, drawn below zero).
 * docs/metrics.md, "Lifecycle".
 */
#ifndef SL_METRICS_LIFECYCLE_H
#define SL_METRICS_LIFECYCLE_H

#include <stddef.h>
#include <stdint.h>

#include <roaring/roaring.h>

enum metrics_period {
	METRICS_PERIOD_DAY,
	METRICS_PERIOD_WEEK,  /* Monday to Sunday */
	METRICS_PERIOD_MONTH, /* calendar month */
};
extern const char *const metrics_period_words[]; /* dag, week, maand */

/* The period number of day d (day numbers from 1970-01-01): d itself, the
 * number of its Monday week, or year * 12 + month - 1. */
int64_t metrics_period_of(enum metrics_period p, int64_t d);
/* The first day of period number k. */
int64_t metrics_period_first_day(enum metrics_period p, int64_t k);

struct metrics_lifecycle_row {
	int64_t period; /* the period number */
	int64_t active;
	int64_t new_;
	int64_t returning;
	int64_t resurrecting;
	int64_t dormant; /* <= 0 */
};

/* active[0..n): the persons active in the consecutive periods first ..
 * first + n - 1 (NULL: nobody); before: the persons with an event before
 * period first (NULL: nobody); prev: the persons active in period first - 1
 * (NULL: nobody; a subset of before). out receives n rows. 0, or -1 when
 * out of memory. */
int metrics_lifecycle(const roaring_bitmap_t *const *active, size_t n, int64_t first,
		      const roaring_bitmap_t *before, const roaring_bitmap_t *prev,
		      struct metrics_lifecycle_row *out);

#endif
