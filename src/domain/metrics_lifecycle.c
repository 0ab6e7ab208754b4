/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_lifecycle: new, returning, resurrecting and dormant persons per
 * period from the sets of persons active in each period and of the persons
 * seen before the first period (so "new" means first event ever, not first
 * in the window). Set algebra on roaring bitmaps: a walk over the periods
 * keeps the union of everyone seen so far.
 */
#include "domain/metrics_lifecycle.h"

#include "domain/metrics.h"

const char *const metrics_period_words[] = {"dag", "week", "maand", NULL};

/* Civil date of a day number (H. Hinnant's civil_from_days). */
static void civil(int64_t z, int64_t *y, int64_t *m)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int64_t from_civil(int64_t y, int64_t m)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int64_t floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return q * b > a ? q - 1 : q;
}

int64_t metrics_period_of(enum metrics_period p, int64_t d)
{
	if (p == METRICS_PERIOD_WEEK)
		return floordiv(metrics_monday_of(d) + 3, 7); /* week 0 starts Monday 1969-12-29 */
	if (p == METRICS_PERIOD_MONTH) {
		int64_t y, m;
		civil(d, &y, &m);
		return y * 12 + m - 1;
	}
	return d;
}

int64_t metrics_period_first_day(enum metrics_period p, int64_t k)
{
	if (p == METRICS_PERIOD_WEEK)
		return k * 7 - 3;
	if (p == METRICS_PERIOD_MONTH)
		return from_civil(floordiv(k, 12), k - floordiv(k, 12) * 12 + 1);
	return k;
}

static int64_t card(const roaring_bitmap_t *b)
{
	return b ? (int64_t)roaring_bitmap_get_cardinality(b) : 0;
}

int metrics_lifecycle(const roaring_bitmap_t *const *active, size_t n, int64_t first,
		      const roaring_bitmap_t *before, const roaring_bitmap_t *prev,
		      struct metrics_lifecycle_row *out)
{
	roaring_bitmap_t *seen = before ? roaring_bitmap_copy(before) : roaring_bitmap_create();
	roaring_bitmap_t *empty = roaring_bitmap_create();
	if (!seen || !empty) {
		roaring_bitmap_free(seen);
		roaring_bitmap_free(empty);
		return -1;
	}
	const roaring_bitmap_t *last = prev ? prev : empty;
	for (size_t i = 0; i < n; i++) {
		const roaring_bitmap_t *now = active[i] ? active[i] : empty;
		struct metrics_lifecycle_row *r = &out[i];
		r->period = first + (int64_t)i;
		r->active = card(now);
		/* new: active now, never seen before */
		r->new_ = r->active - (int64_t)roaring_bitmap_and_cardinality(now, seen);
		r->returning = (int64_t)roaring_bitmap_and_cardinality(now, last);
		r->resurrecting = r->active - r->new_ - r->returning;
		r->dormant = -(card(last) - r->returning);
		roaring_bitmap_or_inplace(seen, now);
		last = now;
	}
	roaring_bitmap_free(seen);
	roaring_bitmap_free(empty);
	return 0;
}
