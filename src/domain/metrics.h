/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics: growth metric kernels over product events, pure (no storage, no
 * clock: "now" is an argument). Days are UTC days numbered from 1970-01-01
 * (day 0); weeks start on Monday. docs/metrics.md has every definition.
 *
 * Active persons: from the set of persons active on each of n consecutive
 * days, DAU / WAU / MAU per day (distinct persons in the 1 / 7 / 30 days
 * ending on that day, inclusive) and stickiness DAU/MAU.
 *
 * Retention: events are fed in ascending time order, each marked as a
 * start and/or a return event; the result is a triangle of cohorts (by the
 * UTC day or Monday week of the start) by rolling interval from each
 * person's start, with cells whose interval has not fully elapsed for
 * every person of the cohort marked incomplete.
 */
#ifndef SL_METRICS_H
#define SL_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include <roaring/roaring.h>

#define METRICS_DAY_MS 86400000LL
#define METRICS_WEEK_MS (7 * METRICS_DAY_MS) /* 604,800 s whatever the clock does */
#define METRICS_MAX_INTERVALS 32	     /* interval 0 .. 31 */
#define METRICS_MAU_DAYS 30
#define METRICS_WAU_DAYS 7

/* The UTC day number of a time (Unix ms; floor, also before 1970). */
int64_t metrics_day_of(int64_t ms);
/* The day number of the Monday that starts the week of day d. */
int64_t metrics_monday_of(int64_t d);

/* Days of a time zone: UTC, calendar days in Europe/Amsterdam (CET,
 * UTC+1, and CEST, UTC+2, from the last Sunday of March 01:00 UTC to the
 * last Sunday of October 01:00 UTC: the EU rule since 1996), or of any zone
 * of the tz database read into domain/tz.h's list (METRICS_TZ_ZONE + id). */
enum metrics_tz {
	METRICS_TZ_UTC,
	METRICS_TZ_AMSTERDAM,
	METRICS_TZ_ZONE, /* and up: zone id (domain/tz.h) + METRICS_TZ_ZONE */
};
extern const char *const metrics_tz_words[]; /* UTC, Europe/Amsterdam */
/* The offset of local time from UTC at ms, in ms. */
int64_t metrics_tz_offset(enum metrics_tz tz, int64_t ms);
/* The local day number of ms in tz (day 0: the local 1970-01-01). */
int64_t metrics_local_day(enum metrics_tz tz, int64_t ms);
/* The UTC instant at which local day d begins in tz. */
int64_t metrics_local_day_start(enum metrics_tz tz, int64_t d);

/* One day of the active-persons series; -1: the window is not full. */
struct metrics_active {
	int64_t day; /* day number */
	int64_t dau;
	int64_t wau;
	int64_t mau;
	double stickiness; /* dau / mau; -1 when mau is -1 or 0 */
};

/* days[0..n): the persons active on the consecutive days first ..
 * first + n - 1 (NULL: nobody). out receives the n - lead rows of the days
 * first + lead .. first + n - 1. A window is full when all of its days lie
 * in days[]. Returns the number of rows written (0 when lead >= n). */
size_t metrics_active_series(const roaring_bitmap_t *const *days, size_t n, int64_t first, size_t lead,
			     struct metrics_active *out);

/* The persons by number of active days: hist[k] (k = 1 .. n) receives the
 * number of persons active on exactly k of days[0..n) (NULL: nobody);
 * hist[0] is set to 0. hist has n + 1 elements. 0, or -1 when out of
 * memory. */
int metrics_active_days(const roaring_bitmap_t *const *days, size_t n, int64_t *hist);

enum metrics_start {
	METRICS_START_FIRST,	 /* a person's first start event ever */
	METRICS_START_RECURRING, /* the first start event in each cohort period */
};

enum metrics_count {
	METRICS_COUNT_ON,	   /* returned within interval n */
	METRICS_COUNT_ON_OR_AFTER, /* returned at or after the start of interval n */
};

enum metrics_interval {
	METRICS_INTERVAL_DAY,	/* rolling 24 h from the start; cohorts by UTC day */
	METRICS_INTERVAL_WEEK,	/* rolling 7 x 24 h; cohorts by Monday week */
	METRICS_INTERVAL_MONTH, /* rolling 30 x 24 h; cohorts by calendar month */
};

struct metrics_retention;

/* A new retention computation; NULL when n_intervals is not 1 ..
 * METRICS_MAX_INTERVALS. */
struct metrics_retention *metrics_retention_new(enum metrics_start start, enum metrics_interval interval,
						int n_intervals);
/* Feeds one event (ascending ts_ms). is_start / is_return: whether it is a
 * start event and whether it counts as a return (both for one event when
 * the return event is any event, or the start event itself). The start is
 * applied first, so a start event that is also a return fills interval 0.
 * 0, or -1 when out of memory. */
int metrics_retention_add(struct metrics_retention *r, int64_t ts_ms, uint32_t person, int is_start,
			  int is_return);

struct metrics_cohort {
	int64_t period; /* the cohort's first day (day number; a Monday for weeks) */
	int64_t size;	/* persons who started in it */
	/* persons counted per interval; -1: incomplete (the interval has not
	 * fully elapsed at now for every person of the cohort) */
	int64_t count[METRICS_MAX_INTERVALS];
};

/* The cohorts whose period starts on a day in [from_day, to_day], in
 * period order, counted the chosen way at now_ms: a new array (caller
 * frees) of *n (may be 0; NULL then). */
struct metrics_cohort *metrics_retention_result(const struct metrics_retention *r, enum metrics_count count,
						int64_t now_ms, int64_t from_day, int64_t to_day, size_t *n);
int metrics_retention_intervals(const struct metrics_retention *r);
/* The returns a person needs in the interval (on) or at or after its
 * start (on or after) to be counted: 1 (the default) .. 255, clamped.
 * Returns are counted per interval up to 255. */
void metrics_retention_min(struct metrics_retention *r, int n);
/* Days in a time zone (cohorts and calendar intervals; default UTC) and
 * calendar intervals (calendar: interval n is the n-th calendar day, Monday
 * week or month after the one of the start, so every person of a cohort
 * shares its boundaries; default rolling). Call before the first add. */
void metrics_retention_options(struct metrics_retention *r, enum metrics_tz tz, int calendar);
/* Whether an event would start an entry now (so the caller knows when to
 * work out the breakdown group of the start event). */
int metrics_retention_would_start(const struct metrics_retention *r, int64_t ts_ms, uint32_t person);
/* metrics_retention_add() with the breakdown group (0 .. 65,535) an entry
 * started by this event gets. */
int metrics_retention_add_group(struct metrics_retention *r, int64_t ts_ms, uint32_t person, int is_start,
				int is_return, uint32_t group);
/* The highest group + 1 of the entries (0 when none). */
uint32_t metrics_retention_groups(const struct metrics_retention *r);
/* metrics_retention_result() of the entries of one group (-1: all). */
struct metrics_cohort *metrics_retention_result_group(const struct metrics_retention *r,
						      enum metrics_count count, int64_t now_ms,
						      int64_t from_day, int64_t to_day, int64_t group,
						      size_t *n);
void metrics_retention_free(struct metrics_retention *r);

/* Retention fed by day spans (the event store's person_spans) instead of
 * events, for first-time starts where the start and the return event are
 * both "any event": pass 1 feeds every span's lo to first_seen (the
 * person's start is the earliest), pass 2 feeds every span to span (the
 * intervals of lo and of hi count as returned: every event between them
 * lies in one of those two, as an interval is never shorter than the UTC
 * day a span lies in). The result is the one the events in time order
 * give when spans_exact says so: first-time starts, min returns 1, and
 * rolling intervals or calendar ones of UTC days. first_seen and span
 * return -1 when not exact (or out of memory), else 0. (Intervals: at
 * most 31.) */
int metrics_retention_spans_exact(const struct metrics_retention *r);
int metrics_retention_first_seen(struct metrics_retention *r, uint32_t person, int64_t ts_ms);
int metrics_retention_span(struct metrics_retention *r, uint32_t person, int64_t lo_ms, int64_t hi_ms);
/* The same for arrays of n (one call per batch of the store). A retention
 * fed by spans keeps 12 bytes per person id (start, mask of intervals)
 * and cannot also be fed events (add answers -1). */
int metrics_retention_first_seen_many(struct metrics_retention *r, size_t n, const uint32_t *person,
				      const int64_t *ts_ms);
int metrics_retention_span_many(struct metrics_retention *r, size_t n, const uint32_t *person,
				const int64_t *lo_ms, const int64_t *hi_ms);

/* One pass instead of two when the spans come in day order (each span's
 * UTC day is on or after the days of the spans fed before it): the start
 * is the earliest span of the person's first day. Exact when
 * ordered_exact says so (spans_exact and rolling intervals); the feeds
 * answer -1 otherwise, or when out of memory. day_spans takes the spans of
 * one UTC day in a compact form: person[i] (canonical) had its first event
 * at day_ms + (lo[i] & ~METRICS_SPAN_MORE) and, when lo[i] has the bit
 * METRICS_SPAN_MORE, its last at day_ms + the next unused element of hi. */
#define METRICS_SPAN_MORE 0x80000000u
int metrics_retention_ordered_exact(const struct metrics_retention *r);
/* A hint for the span feeds: person ids lie below n (sizes the state once). */
void metrics_retention_persons(struct metrics_retention *r, uint32_t n);
int metrics_retention_day_spans(struct metrics_retention *r, int64_t day_ms, size_t n, const uint32_t *person,
				const uint32_t *lo, const uint32_t *hi);
int metrics_retention_span_ordered_many(struct metrics_retention *r, size_t n, const uint32_t *person,
					const int64_t *lo_ms, const int64_t *hi_ms);

/* Word forms for the API (index = enum value), NULL-terminated; parse: -1
 * when unknown. */
extern const char *const metrics_start_words[];	   /* first, recurring */
extern const char *const metrics_count_words[];	   /* op, vanaf */
extern const char *const metrics_interval_words[]; /* dag, week, maand */
int metrics_word_parse(const char *const *words, const char *s);

#endif
