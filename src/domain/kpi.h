/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kpi: the pure rules of KPI series. A series belongs to an initiative and
 * holds at most one value per day; an adoption series counts adopting
 * organisations, an indicator is any other figure (people reached, cost per
 * participant). The latest value on or before a day, progress from the
 * first value towards the target (uncapped) and whether the target is met,
 * respecting the series' direction. No storage, no clock. docs/kpi.md.
 */
#ifndef SL_KPI_H
#define SL_KPI_H

#include <stddef.h>
#include <stdint.h>

#define KPI_NAME_MAX 120
#define KPI_UNIT_MAX 30
#define KPI_TEXT_MAX 2000
#define KPI_VALUE_MAX 1e15

enum kpi_kind {
	KPI_KIND_NONE,
	KPI_KIND_ADOPTIE,   /* adoptie: the number of adopting organisations */
	KPI_KIND_INDICATOR, /* indicator: any other figure */
};

enum kpi_direction {
	KPI_DIRECTION_NONE,
	KPI_DIRECTION_HOGER, /* hoger: higher is better */
	KPI_DIRECTION_LAGER, /* lager: lower is better */
};

enum kpi_source {
	KPI_SOURCE_NONE,
	KPI_SOURCE_HANDMATIG, /* entered on the page */
	KPI_SOURCE_API,	      /* written through the value API */
	KPI_SOURCE_IMPORT,    /* read from a CSV file */
};

/* Stored and API words, index + 1 being the enum value, NULL-terminated. */
extern const char *const kpi_kinds[];	   /* adoptie indicator */
extern const char *const kpi_directions[]; /* hoger lager */
extern const char *const kpi_sources[];	   /* handmatig api import */

const char *kpi_kind_name(enum kpi_kind k);
enum kpi_kind kpi_kind_parse(const char *s); /* KPI_KIND_NONE when unknown */
const char *kpi_direction_name(enum kpi_direction d);
enum kpi_direction kpi_direction_parse(const char *s);
const char *kpi_source_name(enum kpi_source s);
enum kpi_source kpi_source_parse(const char *s);

/* A series as the store hands it out; strings owned (kpi_series_free). */
struct kpi_series {
	int64_t id, initiative_id, org_id;
	char *name, *unit, *description, *initiative_name;
	enum kpi_kind kind;
	enum kpi_direction direction;
	int has_target;
	double target;
	char target_date[11]; /* YYYY-MM-DD, "" when none */
	char created_at[21], updated_at[21];
};
/* Frees the strings of n series (not the array itself). */
void kpi_series_free(struct kpi_series *s, size_t n);

/* A stored value of a series; strings owned (kpi_values_free). */
struct kpi_value {
	int64_t day; /* days since 1970-01-01 */
	char date[11];
	double value;
	char *note, *user_name; /* user_name "" when none */
	enum kpi_source source;
	char updated_at[21];
};
/* Frees the strings of n values and the array. */
void kpi_values_free(struct kpi_value *v, size_t n);

/* One value of a series: its day (days since 1970-01-01, see okr_day). */
struct kpi_point {
	int64_t day;
	double value;
};

/* Index of the latest point on or before day today in p (any order), or
 * -1 when there is none. */
long kpi_latest(const struct kpi_point *p, size_t n, int64_t today);
/* Index of the earliest point in p, or -1 when p is empty. */
long kpi_first(const struct kpi_point *p, size_t n);

/* Progress towards the target as a fraction, uncapped: (value - baseline) /
 * (target - baseline), where the baseline is the series' first value. A
 * target equal to the baseline gives 1 once it is met, else 0. NaN without
 * a value. Works for both directions (a lower target gives a negative
 * denominator, so falling values make progress). */
double kpi_progress(double baseline, double value, double target, enum kpi_direction d);
/* Whether value meets target in direction d: at or above for hoger, at or
 * below for lager. */
int kpi_target_met(double value, double target, enum kpi_direction d);
/* Whether a change from before to after is an improvement in direction d
 * (1), a worsening (-1) or neither (0). */
int kpi_trend(double before, double after, enum kpi_direction d);

#endif
