/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics: the active-persons series and the retention triangle
 * (metrics.h, docs/metrics.md). Retention keeps one small entry per
 * (person, cohort) and the head of each person's list of entries, indexed
 * by the store's dense person ids: memory grows with the persons who
 * started, not with the events.
 */
#include "domain/metrics.h"

#include "domain/metrics_lifecycle.h"

#include <stdlib.h>
#include <string.h>
#include "domain/tz.h"

const char *const metrics_start_words[] = {"first", "recurring", NULL};
const char *const metrics_count_words[] = {"op", "vanaf", NULL};
const char *const metrics_interval_words[] = {"dag", "week", "maand", NULL};

int metrics_word_parse(const char *const *words, const char *s)
{
	for (int i = 0; s && words[i]; i++)
		if (!strcmp(words[i], s))
			return i;
	return -1;
}

int64_t metrics_day_of(int64_t ms)
{
	return ms >= 0 ? ms / METRICS_DAY_MS : -((-ms + METRICS_DAY_MS - 1) / METRICS_DAY_MS);
}

int64_t metrics_monday_of(int64_t d)
{
	/* day 0 (1970-01-01) was a Thursday: Monday is 3 days before it */
	int64_t k = (d + 3) % 7;
	if (k < 0)
		k += 7;
	return d - k;
}

const char *const metrics_tz_words[] = {"UTC", "Europe/Amsterdam", NULL};

/* The day number of a civil date (proleptic Gregorian; H. Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int64_t year_of_day(int64_t z)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	return yoe + era * 400 + (m <= 2);
}

/* The day number of the last Sunday of month m of year y. */
static int64_t last_sunday(int64_t y, int64_t m)
{
	int64_t last = days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
	int64_t wd = (last + 4) % 7; /* 0 = Sunday; day 0 was a Thursday */
	if (wd < 0)
		wd += 7;
	return last - wd;
}

int64_t metrics_tz_offset(enum metrics_tz tz, int64_t ms)
{
	if (tz >= METRICS_TZ_ZONE) {
		const struct tz_zone *z = tz_zone((int)tz - METRICS_TZ_ZONE);
		return z ? tz_offset(z, ms) : 0;
	}
	if (tz != METRICS_TZ_AMSTERDAM)
		return 0;
	int64_t y = year_of_day(metrics_day_of(ms));
	int64_t on = last_sunday(y, 3) * METRICS_DAY_MS + 3600000,
		off = last_sunday(y, 10) * METRICS_DAY_MS + 3600000;
	return ms >= on && ms < off ? 2 * 3600000 : 3600000;
}

int64_t metrics_local_day(enum metrics_tz tz, int64_t ms)
{
	return metrics_day_of(ms + metrics_tz_offset(tz, ms));
}

int64_t metrics_local_day_start(enum metrics_tz tz, int64_t d)
{
	if (tz >= METRICS_TZ_ZONE) { /* any zone: midnight may be skipped or repeated */
		const struct tz_zone *z = tz_zone((int)tz - METRICS_TZ_ZONE);
		return z ? tz_day_start(z, d) : d * METRICS_DAY_MS;
	}
	/* local midnight never falls in a transition hour (01:00 UTC) */
	int64_t guess = d * METRICS_DAY_MS - metrics_tz_offset(tz, d * METRICS_DAY_MS);
	return d * METRICS_DAY_MS - metrics_tz_offset(tz, guess);
}

/* The number of distinct persons in days[i - len + 1 .. i]; -1 when the
 * window reaches before days[0]. */
static int64_t window(const roaring_bitmap_t *const *days, size_t i, size_t len)
{
	if (i + 1 < len)
		return -1;
	const roaring_bitmap_t *part[METRICS_MAU_DAYS];
	size_t k = 0;
	for (size_t j = i + 1 - len; j <= i; j++)
		if (days[j])
			part[k++] = days[j];
	if (!k)
		return 0;
	roaring_bitmap_t *u = roaring_bitmap_or_many(k, part);
	int64_t c = (int64_t)roaring_bitmap_get_cardinality(u);
	roaring_bitmap_free(u);
	return c;
}

size_t metrics_active_series(const roaring_bitmap_t *const *days, size_t n, int64_t first, size_t lead,
			     struct metrics_active *out)
{
	size_t k = 0;
	for (size_t i = lead; i < n; i++, k++) {
		struct metrics_active *a = &out[k];
		a->day = first + (int64_t)i;
		a->dau = days[i] ? (int64_t)roaring_bitmap_get_cardinality(days[i]) : 0;
		a->wau = window(days, i, METRICS_WAU_DAYS);
		a->mau = window(days, i, METRICS_MAU_DAYS);
		a->stickiness = a->mau > 0 ? (double)a->dau / (double)a->mau : -1;
	}
	return k;
}

int metrics_active_days(const roaring_bitmap_t *const *days, size_t n, int64_t *hist)
{
	memset(hist, 0, (n + 1) * sizeof *hist);
	uint32_t top = 0;
	int any = 0;
	for (size_t i = 0; i < n; i++)
		if (days[i] && !roaring_bitmap_is_empty(days[i])) {
			uint32_t m = roaring_bitmap_maximum(days[i]);
			top = any && top > m ? top : m;
			any = 1;
		}
	if (!any)
		return 0;
	/* per person id (dense, as the store hands them out) the days counted */
	uint16_t *k = calloc((size_t)top + 1, sizeof *k);
	if (!k)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!days[i])
			continue;
		roaring_uint32_iterator_t *it = roaring_create_iterator(days[i]);
		for (; it->has_value; roaring_advance_uint32_iterator(it))
			k[it->current_value]++;
		roaring_free_uint32_iterator(it);
	}
	for (size_t p = 0; p <= top; p++)
		if (k[p])
			hist[k[p]]++;
	free(k);
	return 0;
}

/* ---- retention ------------------------------------------------------------------------- */

#define NONE UINT32_MAX

struct entry {
	int64_t s;			  /* the start (ms) */
	int64_t period;			  /* the cohort (day number of its first day) */
	uint32_t prev;			  /* the person's previous entry, NONE */
	uint16_t group;			  /* breakdown group */
	uint8_t beyond;			  /* returns after the last interval (saturating) */
	uint8_t n[METRICS_MAX_INTERVALS]; /* returns per interval (saturating at 255) */
};

/* First-time starts: one record per person id, in place (one memory
 * access per event): the start (int64), the group (uint16), a saturating
 * count of returns after the last interval, a started flag, then one
 * saturating count per interval; stride bytes each. */
#define C_S 0
#define C_GROUP 8
#define C_BEYOND 10
#define C_STARTED 11
#define C_N 12

struct metrics_retention {
	int mode;   /* 0 undecided (before the first add), 1 entries, 2 compact */
	uint8_t *c; /* compact records, stride bytes each */
	size_t n_c, stride;
	enum metrics_start start;
	int64_t len_ms; /* one interval */
	int n_intervals;
	int min_returns; /* returns a person needs to count (1: any) */
	enum metrics_interval kind;
	enum metrics_tz tz;
	int calendar;
	uint32_t groups;
	uint32_t *head; /* per person: the latest entry, NONE */
	size_t n_head;
	struct entry *e;
	size_t n, cap;
	/* mode 3, fed by spans: per person the start (INT64_MAX: none) and a
	 * mask of the intervals returned in (bit 31: after the last), side by
	 * side so a span touches one cache line */
	struct span_person {
		int64_t s;
		uint32_t m, pad;
	} * sp;
	size_t n_sp;
	/* mode 4, fed by the ordered feeds while every time lies within 2^40
	 * ms of the first day fed (oc_base) and there are at most 23
	 * intervals: the same in 8 bytes a person, (start - oc_base) << 24 |
	 * mask (bit 23: after the last), OC_NONE: none; half the memory
	 * touched per span. Anything else turns it into mode 3 first. */
	uint64_t *oc;
	size_t n_oc;
	int64_t oc_base;
	size_t persons; /* metrics_retention_persons' hint */
};
#define OC_NONE UINT64_MAX
#define OC_BEYOND (1u << 23)
#define OC_SPAN ((INT64_C(1) << 40) - 2) /* the largest time - oc_base kept */

struct metrics_retention *metrics_retention_new(enum metrics_start start, enum metrics_interval interval,
						int n_intervals)
{
	if (n_intervals < 1 || n_intervals > METRICS_MAX_INTERVALS)
		return NULL;
	struct metrics_retention *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->start = start;
	r->len_ms = interval == METRICS_INTERVAL_WEEK	 ? METRICS_WEEK_MS
		    : interval == METRICS_INTERVAL_MONTH ? 30 * METRICS_DAY_MS
							 : METRICS_DAY_MS;
	r->kind = interval;
	r->n_intervals = n_intervals;
	r->min_returns = 1;
	return r;
}

void metrics_retention_min(struct metrics_retention *r, int n)
{
	r->min_returns = n < 1 ? 1 : n > 255 ? 255 : n;
}

int metrics_retention_intervals(const struct metrics_retention *r)
{
	return r->n_intervals;
}

void metrics_retention_free(struct metrics_retention *r)
{
	if (!r)
		return;
	free(r->head);
	free(r->e);
	free(r->c);
	free(r->sp);
	free(r->oc);
	free(r);
}

void metrics_retention_options(struct metrics_retention *r, enum metrics_tz tz, int calendar)
{
	r->tz = tz;
	r->calendar = calendar != 0;
}

/* The number of the calendar period (day, week, month) of day d. */
static int64_t pidx(const struct metrics_retention *r, int64_t d)
{
	return metrics_period_of((enum metrics_period)r->kind, d);
}

/* The cohort of a start: the first day of its (local) period. */
static int64_t period_of(const struct metrics_retention *r, int64_t ms)
{
	int64_t d = r->tz == METRICS_TZ_UTC ? metrics_day_of(ms) : metrics_local_day(r->tz, ms);
	if (r->kind == METRICS_INTERVAL_DAY)
		return d;
	if (r->kind == METRICS_INTERVAL_WEEK)
		return metrics_monday_of(d);
	return metrics_period_first_day(METRICS_PERIOD_MONTH, pidx(r, d));
}

/* The interval of a return at ts of an entry: rolling from its start, or
 * calendar periods after the start's. */
static int64_t interval_of(const struct metrics_retention *r, const struct entry *e, int64_t ts)
{
	if (!r->calendar)
		return (ts - e->s) / r->len_ms;
	int64_t d = r->tz == METRICS_TZ_UTC ? metrics_day_of(ts) : metrics_local_day(r->tz, ts);
	return pidx(r, d) - pidx(r, e->period);
}

int metrics_retention_would_start(const struct metrics_retention *r, int64_t ts_ms, uint32_t person)
{
	if (r->mode == 2)
		return person >= r->n_c || !r->c[person * r->stride + C_STARTED];
	if (r->mode == 3)
		return person >= r->n_sp || r->sp[person].s == INT64_MAX;
	if (r->mode == 4)
		return person >= r->n_oc || r->oc[person] == OC_NONE;
	if (person >= r->n_head || r->head[person] == NONE)
		return 1;
	return r->start == METRICS_START_RECURRING && r->e[r->head[person]].period != period_of(r, ts_ms);
}

uint32_t metrics_retention_groups(const struct metrics_retention *r)
{
	return r->groups;
}

static int grow_heads(struct metrics_retention *r, uint32_t person)
{
	if (person < r->n_head)
		return 0;
	size_t n = r->n_head ? r->n_head : 1024;
	while (n <= person)
		n *= 2;
	uint32_t *h = realloc(r->head, n * sizeof *h);
	if (!h)
		return -1;
	for (size_t i = r->n_head; i < n; i++)
		h[i] = NONE;
	r->head = h;
	r->n_head = n;
	return 0;
}

static int start_at(struct metrics_retention *r, int64_t ts, uint32_t person, uint32_t group)
{
	if (grow_heads(r, person) < 0)
		return -1;
	uint32_t h = r->head[person];
	int64_t p = period_of(r, ts);
	if (h != NONE && (r->start == METRICS_START_FIRST || r->e[h].period == p))
		return 0; /* started before (ever, or in this period) */
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		if (cap >= NONE)
			return -1;
		struct entry *e = realloc(r->e, cap * sizeof *e);
		if (!e)
			return -1;
		r->e = e;
		r->cap = cap;
	}
	if (group > UINT16_MAX)
		group = UINT16_MAX;
	r->e[r->n] = (struct entry){.s = ts, .period = p, .prev = h, .group = (uint16_t)group};
	if (group >= r->groups)
		r->groups = group + 1;
	r->head[person] = (uint32_t)r->n++;
	return 0;
}

int metrics_retention_add(struct metrics_retention *r, int64_t ts_ms, uint32_t person, int is_start,
			  int is_return)
{
	return metrics_retention_add_group(r, ts_ms, person, is_start, is_return, 0);
}

static int add_compact(struct metrics_retention *r, int64_t ts_ms, uint32_t person, int is_start,
		       int is_return, uint32_t group)
{
	if (person >= r->n_c) {
		size_t n = r->n_c ? r->n_c : 1024;
		while (n <= person)
			n *= 2;
		uint8_t *c = realloc(r->c, n * r->stride);
		if (!c)
			return -1;
		memset(c + r->n_c * r->stride, 0, (n - r->n_c) * r->stride);
		r->c = c;
		r->n_c = n;
	}
	uint8_t *c = r->c + (size_t)person * r->stride;
	if (is_start && !c[C_STARTED]) {
		uint16_t g = group > UINT16_MAX ? UINT16_MAX : (uint16_t)group;
		memcpy(c + C_S, &ts_ms, sizeof ts_ms);
		memcpy(c + C_GROUP, &g, sizeof g);
		c[C_STARTED] = 1;
		if (g >= r->groups)
			r->groups = (uint32_t)g + 1;
	}
	if (!is_return || !c[C_STARTED])
		return 0;
	struct entry e = {0};
	memcpy(&e.s, c + C_S, sizeof e.s);
	if (r->calendar)
		e.period = period_of(r, e.s);
	int64_t k = interval_of(r, &e, ts_ms);
	uint8_t *n = k < r->n_intervals ? &c[C_N + k] : &c[C_BEYOND];
	if (*n < 255)
		(*n)++;
	return 0;
}

static void decide_mode(struct metrics_retention *r)
{
	if (!r->mode) {
		r->mode = r->start == METRICS_START_FIRST ? 2 : 1;
		r->stride = ((size_t)C_N + (size_t)r->n_intervals + 7) & ~(size_t)7;
	}
}

int metrics_retention_spans_exact(const struct metrics_retention *r)
{
	return r->start == METRICS_START_FIRST && r->min_returns == 1 && r->n_intervals < 32 &&
	       (!r->calendar || r->tz == METRICS_TZ_UTC) && (r->mode == 0 || r->mode == 3 || r->mode == 4);
}

/* Mode 4 to mode 3: 0, or -1 when out of memory. */
static int oc_expand(struct metrics_retention *r)
{
	struct span_person *sp = malloc((r->n_oc ? r->n_oc : 1) * sizeof *sp);
	if (!sp)
		return -1;
	for (size_t i = 0; i < r->n_oc; i++) {
		uint64_t w = r->oc[i];
		uint32_t m = (uint32_t)(w & (OC_BEYOND - 1)) | (w & OC_BEYOND ? 1u << 31 : 0);
		sp[i] = w == OC_NONE ? (struct span_person){INT64_MAX, 0, 0}
				     : (struct span_person){r->oc_base + (int64_t)(w >> 24), m, 0};
	}
	free(r->sp);
	r->sp = sp;
	r->n_sp = r->n_oc;
	free(r->oc);
	r->oc = NULL;
	r->n_oc = 0;
	r->mode = 3;
	return 0;
}

/* Grows the span arrays to hold person top: 0, or -1 when out of memory
 * or not exact for spans. */
static int span_grow(struct metrics_retention *r, uint32_t top)
{
	if (!metrics_retention_spans_exact(r) || (r->mode == 4 && oc_expand(r) < 0))
		return -1;
	r->mode = 3;
	if (top < r->n_sp)
		return 0;
	size_t n = r->n_sp ? r->n_sp : top < r->persons ? r->persons : 1024;
	while (n <= top)
		n *= 2;
	struct span_person *sp = realloc(r->sp, n * sizeof *sp);
	if (!sp)
		return -1;
	r->sp = sp;
	for (size_t i = r->n_sp; i < n; i++)
		sp[i] = (struct span_person){INT64_MAX, 0, 0};
	r->n_sp = n;
	return 0;
}

static uint32_t top_of(size_t n, const uint32_t *person)
{
	uint32_t top = 0;
	for (size_t i = 0; i < n; i++)
		top = person[i] > top ? person[i] : top;
	return top;
}

int metrics_retention_first_seen_many(struct metrics_retention *r, size_t n, const uint32_t *person,
				      const int64_t *ts_ms)
{
	if (span_grow(r, top_of(n, person)) < 0)
		return -1;
	struct span_person *sp = r->sp;
	for (size_t i = 0; i < n; i++) {
		if (i + 16 < n)
			__builtin_prefetch(&sp[person[i + 16]], 1);
		int64_t *x = &sp[person[i]].s;
		if (ts_ms[i] < *x)
			*x = ts_ms[i];
	}
	if (n && !r->groups)
		r->groups = 1;
	return 0;
}

/* The interval of ts for a start s (ts >= s). */
static int64_t span_interval(const struct metrics_retention *r, int64_t s, int64_t ts)
{
	if (!r->calendar)
		return (ts - s) / r->len_ms;
	struct entry e = {.s = s, .period = period_of(r, s)};
	return interval_of(r, &e, ts);
}

int metrics_retention_span_many(struct metrics_retention *r, size_t n, const uint32_t *person,
				const int64_t *lo_ms, const int64_t *hi_ms)
{
	if (span_grow(r, top_of(n, person)) < 0)
		return -1;
	struct span_person *sp = r->sp;
	int64_t last = r->n_intervals;
	for (size_t i = 0; i < n; i++) {
		if (i + 16 < n)
			__builtin_prefetch(&sp[person[i + 16]], 1);
		uint32_t p = person[i];
		int64_t st = sp[p].s;
		if (st == INT64_MAX)
			continue; /* never started */
		uint32_t bits = 0;
		if (lo_ms[i] >= st) {
			int64_t k = span_interval(r, st, lo_ms[i]);
			bits |= k < last ? 1u << k : 1u << 31;
		}
		if (hi_ms[i] >= st && hi_ms[i] != lo_ms[i]) {
			int64_t k = span_interval(r, st, hi_ms[i]);
			bits |= k < last ? 1u << k : 1u << 31;
		}
		sp[p].m |= bits;
	}
	return 0;
}

/* The ordered span feed's step for one span: the start is the earliest lo
 * seen. Spans come in day order, so a lo before the start lies on the
 * start's day, as does every span seen so far: those lie in interval 0 of
 * either start (an interval is at least a day), and moving the start back
 * changes no mark. L is a constant in each caller below, so the divisions
 * become multiplications. */
static inline __attribute__((always_inline)) void ordered_one(struct span_person *x, int64_t lo, int64_t hi,
							      int64_t L, int64_t last)
{
	if (lo < x->s)
		x->s = lo;
	int64_t k = (lo - x->s) / L, j = (hi - x->s) / L;
	x->m |= (k < last ? 1u << k : 1u << 31) | (j < last ? 1u << j : 1u << 31);
}

/* Feeds the spans from i on while their persons have state: the index it
 * stopped at (n: all). */
static inline __attribute__((always_inline)) size_t day_loop(struct span_person *sp, size_t n_sp,
							     int64_t day_ms, size_t i, size_t *h, size_t n,
							     const uint32_t *person, const uint32_t *lo,
							     const uint32_t *hi, int64_t L, int64_t last)
{
	for (; i < n; i++) {
		if (i + 32 < n && person[i + 32] < n_sp)
			__builtin_prefetch(&sp[person[i + 32]], 1);
		if (person[i] >= n_sp)
			break;
		int64_t a = day_ms + (lo[i] & ~METRICS_SPAN_MORE), b = a;
		if (lo[i] & METRICS_SPAN_MORE)
			b = day_ms + hi[(*h)++];
		ordered_one(&sp[person[i]], a, b, L, last);
	}
	return i;
}

void metrics_retention_persons(struct metrics_retention *r, uint32_t n)
{
	r->persons = n;
}

int metrics_retention_ordered_exact(const struct metrics_retention *r)
{
	return metrics_retention_spans_exact(r) && !r->calendar;
}

/* Grows the mode 4 array to hold person top: 0, or -1 when out of memory. */
static int oc_grow(struct metrics_retention *r, uint32_t top)
{
	if (top < r->n_oc)
		return 0;
	size_t n = r->n_oc ? r->n_oc : top < r->persons ? r->persons : 1024;
	while (n <= top)
		n *= 2;
	uint64_t *oc = realloc(r->oc, n * sizeof *oc);
	if (!oc)
		return -1;
	memset(oc + r->n_oc, 0xff, (n - r->n_oc) * sizeof *oc);
	r->oc = oc;
	r->n_oc = n;
	return 0;
}

/* ordered_one in mode 4 (times relative to oc_base). */
static inline __attribute__((always_inline)) void oc_one(uint64_t *x, int64_t lo, int64_t hi, int64_t L,
							 int64_t last)
{
	uint64_t w = *x;
	int64_t st = (int64_t)(w >> 24);
	uint32_t m = (uint32_t)w & 0xffffffu;
	if (w == OC_NONE)
		st = lo, m = 0;
	else if (lo < st)
		st = lo;
	int64_t k = (lo - st) / L, j = (hi - st) / L;
	m |= (k < last ? 1u << k : OC_BEYOND) | (j < last ? 1u << j : OC_BEYOND);
	*x = (uint64_t)st << 24 | m;
}

static inline __attribute__((always_inline)) size_t oc_day_loop(uint64_t *oc, size_t n_oc, int64_t day,
								size_t i, size_t *h, size_t n,
								const uint32_t *person, const uint32_t *lo,
								const uint32_t *hi, int64_t L, int64_t last)
{
	for (; i < n; i++) {
		if (i + 32 < n && person[i + 32] < n_oc)
			__builtin_prefetch(&oc[person[i + 32]], 1);
		if (person[i] >= n_oc)
			break;
		int64_t a = day + (lo[i] & ~METRICS_SPAN_MORE), b = a;
		if (lo[i] & METRICS_SPAN_MORE)
			b = day + hi[(*h)++];
		oc_one(&oc[person[i]], a, b, L, last);
	}
	return i;
}

/* Picks mode 4 for the first ordered feed (day: the first span's UTC
 * midnight), and leaves it for mode 3 when [lo, hi] does not fit: 0, or
 * -1 when out of memory. */
static int oc_pick(struct metrics_retention *r, int64_t day, int64_t lo, int64_t hi)
{
	if (r->mode == 0 && r->n_intervals <= 23) {
		r->mode = 4;
		r->oc_base = day;
	}
	if (r->mode == 4 && (lo < r->oc_base || hi - r->oc_base > OC_SPAN))
		return oc_expand(r);
	return 0;
}

int metrics_retention_day_spans(struct metrics_retention *r, int64_t day_ms, size_t n, const uint32_t *person,
				const uint32_t *lo, const uint32_t *hi)
{
	if (!metrics_retention_ordered_exact(r) || oc_pick(r, day_ms, day_ms, day_ms + METRICS_DAY_MS) < 0)
		return -1;
	int64_t last = r->n_intervals;
	size_t i = 0, h = 0;
	if (r->mode == 4) {
		int64_t d = day_ms - r->oc_base;
		for (;;) {
			/* the week and the day as constants: their divisions
			 * become multiplications */
			if (r->len_ms == METRICS_WEEK_MS)
				i = oc_day_loop(r->oc, r->n_oc, d, i, &h, n, person, lo, hi, METRICS_WEEK_MS,
						last);
			else if (r->len_ms == METRICS_DAY_MS)
				i = oc_day_loop(r->oc, r->n_oc, d, i, &h, n, person, lo, hi, METRICS_DAY_MS,
						last);
			else
				i = oc_day_loop(r->oc, r->n_oc, d, i, &h, n, person, lo, hi, r->len_ms, last);
			if (i == n)
				break;
			if (oc_grow(r, top_of(n - i, person + i)) < 0)
				return -1;
		}
	} else {
		if (span_grow(r, 0) < 0)
			return -1;
		for (;;) {
			if (r->len_ms == METRICS_WEEK_MS)
				i = day_loop(r->sp, r->n_sp, day_ms, i, &h, n, person, lo, hi,
					     METRICS_WEEK_MS, last);
			else if (r->len_ms == METRICS_DAY_MS)
				i = day_loop(r->sp, r->n_sp, day_ms, i, &h, n, person, lo, hi, METRICS_DAY_MS,
					     last);
			else
				i = day_loop(r->sp, r->n_sp, day_ms, i, &h, n, person, lo, hi, r->len_ms,
					     last);
			if (i == n)
				break;
			if (span_grow(r, top_of(n - i, person + i)) < 0)
				return -1;
		}
	}
	if (n && !r->groups)
		r->groups = 1;
	return 0;
}

int metrics_retention_span_ordered_many(struct metrics_retention *r, size_t n, const uint32_t *person,
					const int64_t *lo_ms, const int64_t *hi_ms)
{
	if (!metrics_retention_ordered_exact(r))
		return -1;
	if (!n)
		return 0;
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	for (size_t i = 0; i < n; i++) {
		lo = lo_ms[i] < lo ? lo_ms[i] : lo;
		hi = hi_ms[i] > hi ? hi_ms[i] : hi;
	}
	if (oc_pick(r, metrics_day_of(lo) * METRICS_DAY_MS, lo, hi) < 0)
		return -1;
	int64_t last = r->n_intervals, L = r->len_ms;
	if (r->mode == 4) {
		if (oc_grow(r, top_of(n, person)) < 0)
			return -1;
		for (size_t i = 0; i < n; i++)
			oc_one(&r->oc[person[i]], lo_ms[i] - r->oc_base, hi_ms[i] - r->oc_base, L, last);
	} else {
		if (span_grow(r, top_of(n, person)) < 0)
			return -1;
		for (size_t i = 0; i < n; i++)
			ordered_one(&r->sp[person[i]], lo_ms[i], hi_ms[i], L, last);
	}
	r->groups = 1;
	return 0;
}

int metrics_retention_first_seen(struct metrics_retention *r, uint32_t person, int64_t ts_ms)
{
	return metrics_retention_first_seen_many(r, 1, &person, &ts_ms);
}

int metrics_retention_span(struct metrics_retention *r, uint32_t person, int64_t lo_ms, int64_t hi_ms)
{
	return metrics_retention_span_many(r, 1, &person, &lo_ms, &hi_ms);
}

int metrics_retention_add_group(struct metrics_retention *r, int64_t ts_ms, uint32_t person, int is_start,
				int is_return, uint32_t group)
{
	if (r->mode >= 3)
		return -1; /* fed by spans */
	decide_mode(r);
	if (r->mode == 2)
		return add_compact(r, ts_ms, person, is_start, is_return, group);
	if (is_start && start_at(r, ts_ms, person, group) < 0)
		return -1;
	if (!is_return || person >= r->n_head)
		return 0;
	/* every entry of the person started at or before ts_ms (time order) */
	for (uint32_t i = r->head[person]; i != NONE; i = r->e[i].prev) {
		struct entry *e = &r->e[i];
		int64_t k = interval_of(r, e, ts_ms);
		uint8_t *c = k < r->n_intervals ? &e->n[k] : &e->beyond;
		if (*c < 255)
			(*c)++;
	}
	return 0;
}

static int by_period(const void *a, const void *b)
{
	const struct metrics_cohort *x = a, *y = b;
	return (x->period > y->period) - (x->period < y->period);
}

/* The start and mask (bit 31: after the last) of person i in mode 3 or
 * 4: 0 when the person has none. */
static inline int span_get(const struct metrics_retention *r, size_t i, int64_t *st, uint32_t *m)
{
	if (r->mode == 4) {
		uint64_t w = r->oc[i];
		*st = r->oc_base + (int64_t)(w >> 24);
		*m = (uint32_t)(w & (OC_BEYOND - 1)) | (w & OC_BEYOND ? 1u << 31 : 0);
		return w != OC_NONE;
	}
	*st = r->sp[i].s;
	*m = r->sp[i].m;
	return *st != INT64_MAX;
}

/* result_group's count of a retention fed by spans (UTC days): each
 * person's cohort through a table by start day, its cells from the mask. */
static int count_spans(const struct metrics_retention *r, enum metrics_count count, int64_t from_day,
		       int64_t base, int64_t last, struct metrics_cohort *c, int64_t *latest)
{
	/* the days up to the end of the last cohort's period */
	size_t nd = (size_t)(metrics_period_first_day((enum metrics_period)r->kind, last + 1) - from_day);
	int32_t *slot = malloc(nd * sizeof *slot);
	if (!slot)
		return -1;
	for (size_t d = 0; d < nd; d++) {
		int64_t pk = pidx(r, from_day + (int64_t)d);
		slot[d] = pk < base || pk > last ? -1 : (int32_t)(pk - base);
	}
	int on = count == METRICS_COUNT_ON, ni = r->n_intervals;
	/* on or after: a person counts in intervals 0 .. its highest mark, so
	 * a histogram of those and a running sum from the end */
	int64_t(*top)[METRICS_MAX_INTERVALS] = calloc(last - base + 1, sizeof *top);
	if (!top) {
		free(slot);
		return -1;
	}
	size_t total = r->mode == 4 ? r->n_oc : r->n_sp;
	for (size_t i = 0; i < total; i++) {
		int64_t st;
		uint32_t m;
		if (!span_get(r, i, &st, &m))
			continue;
		int64_t d = metrics_day_of(st) - from_day;
		if (d < 0 || (size_t)d >= nd || slot[d] < 0)
			continue;
		struct metrics_cohort *k = &c[slot[d]];
		if (!k->size || st > latest[slot[d]])
			latest[slot[d]] = st;
		k->size++;
		if (on) {
			for (uint32_t x = m & ((1u << ni) - 1); x; x &= x - 1)
				k->count[__builtin_ctz(x)]++;
		} else if (m) {
			int hb = 31 - __builtin_clz(m);
			top[slot[d]][hb < ni ? hb : ni - 1]++;
		}
	}
	if (!on)
		for (int64_t q = 0; q <= last - base; q++)
			for (int64_t j = ni - 1, sum = 0; j >= 0; j--)
				c[q].count[j] = sum += top[q][j];
	free(top);
	free(slot);
	return 0;
}

struct metrics_cohort *metrics_retention_result(const struct metrics_retention *r, enum metrics_count count,
						int64_t now_ms, int64_t from_day, int64_t to_day, size_t *n)
{
	return metrics_retention_result_group(r, count, now_ms, from_day, to_day, -1, n);
}

struct metrics_cohort *metrics_retention_result_group(const struct metrics_retention *r,
						      enum metrics_count count, int64_t now_ms,
						      int64_t from_day, int64_t to_day, int64_t group,
						      size_t *n)
{
	*n = 0;
	if (to_day < from_day)
		return NULL;
	/* cohorts are dense periods from the first one starting on or after
	 * from_day: index by period number */
	int64_t base = pidx(r, from_day);
	if (metrics_period_first_day((enum metrics_period)r->kind, base) < from_day)
		base++;
	int64_t last = pidx(r, to_day);
	if (base > last)
		return NULL;
	size_t slots = (size_t)(last - base + 1);
	struct metrics_cohort *c = calloc(slots, sizeof *c);
	int64_t *latest = calloc(slots, sizeof *latest); /* the latest start per cohort */
	if (!c || !latest) {
		free(c);
		free(latest);
		return NULL;
	}
	size_t total = r->mode == 4 ? r->n_oc : r->mode == 3 ? r->n_sp : r->mode == 2 ? r->n_c : r->n;
	if (r->mode >= 3 && r->tz == METRICS_TZ_UTC && group <= 0 && to_day - from_day < (1 << 20) - 31 &&
	    count_spans(r, count, from_day, base, last, c, latest) == 0)
		total = 0;
	for (size_t i = 0; i < total; i++) {
		struct entry tmp;
		const struct entry *e = &tmp;
		if (r->mode >= 3) {
			int64_t st;
			uint32_t m;
			if (!span_get(r, i, &st, &m))
				continue;
			tmp = (struct entry){.s = st, .beyond = (uint8_t)(m >> 31)};
			tmp.period = period_of(r, tmp.s);
			for (int j = 0; j < r->n_intervals; j++)
				tmp.n[j] = (uint8_t)((m >> j) & 1);
		} else if (r->mode != 2)
			e = &r->e[i];
		else {
			const uint8_t *cp = r->c + i * r->stride;
			if (!cp[C_STARTED])
				continue;
			tmp = (struct entry){.beyond = cp[C_BEYOND]};
			memcpy(&tmp.s, cp + C_S, sizeof tmp.s);
			memcpy(&tmp.group, cp + C_GROUP, sizeof tmp.group);
			tmp.period = period_of(r, tmp.s);
			memcpy(tmp.n, cp + C_N, (size_t)r->n_intervals);
		}
		if (group >= 0 && e->group != group)
			continue;
		int64_t pk = pidx(r, e->period);
		if (pk < base || pk > last)
			continue;
		struct metrics_cohort *k = &c[pk - base];
		size_t slot = (size_t)(k - c);
		if (!k->size || e->s > latest[slot])
			latest[slot] = e->s;
		k->size++;
		/* returns at or after interval j: a running sum from the end */
		int after = e->beyond;
		for (int j = r->n_intervals - 1; j >= 0; j--) {
			after += e->n[j];
			int got = count == METRICS_COUNT_ON ? e->n[j] : after;
			k->count[j] += got >= r->min_returns;
		}
	}
	size_t m = 0;
	for (size_t i = 0; i < slots; i++) {
		if (!c[i].size)
			continue;
		struct metrics_cohort k = c[i];
		k.period = metrics_period_first_day((enum metrics_period)r->kind, base + (int64_t)i);
		for (int j = 0; j < METRICS_MAX_INTERVALS; j++) {
			/* rolling: the latest start's interval j ends at latest + (j + 1) L;
			 * calendar: the cohort's period j + 1 after it begins */
			int64_t end = r->calendar
					  ? metrics_local_day_start(
						r->tz, metrics_period_first_day((enum metrics_period)r->kind,
										base + (int64_t)i + j + 1))
					  : latest[i] + (j + 1) * r->len_ms;
			if (j >= r->n_intervals || end > now_ms)
				k.count[j] = -1;
		}
		c[m++] = k;
	}
	free(latest);
	qsort(c, m, sizeof *c, by_period);
	if (!m) {
		free(c);
		return NULL;
	}
	*n = m;
	return c;
}
