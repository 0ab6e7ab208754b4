/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr: the pure rules of objectives and key results. Progress of every kind
 * of key result (stored uncapped), the weighted roll-up of an objective over
 * its key results and contributing children, the time-aware status with the
 * 14-day staleness override, end-of-period scores, quality warnings and
 * alignment cycle detection. No storage, no HTTP, no clock: "today" is an
 * argument. Every formula is written out in docs/okr.md.
 */
#ifndef SL_OKR_H
#define SL_OKR_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define OKR_TITLE_MAX 200
#define OKR_TEXT_MAX 4000
#define OKR_WEIGHT_MAX 100.0
#define OKR_VALUE_MAX 1e15
#define OKR_MILESTONES_MAX 20
#define OKR_STALE_DAYS 14     /* no check-in for this many days: stale */
#define OKR_AT_RISK_POINTS 25 /* more than this many points behind expected: at risk */
#define OKR_OFF_TRACK_POINTS 50
#define OKR_AT_RISK_CONFIDENCE 4 /* confidence at or below: at risk */
#define OKR_OFF_TRACK_CONFIDENCE 2
#define OKR_KR_WARN_MAX 5 /* more key results than this: a quality warning */

enum okr_kind {
	OKR_INCREASE,  /* stijgen: from start up to target */
	OKR_DECREASE,  /* dalen: from start down to target */
	OKR_ABOVE,     /* boven: stay above the threshold (target) */
	OKR_BELOW,     /* onder: stay below the threshold (target) */
	OKR_MILESTONE, /* mijlpaal: done or not, or a share of sub-milestones */
	OKR_BASELINE,  /* nulmeting: measure first, the target is set later */
};

enum okr_status {
	OKR_STATUS_NONE,      /* no status yet: period not started, or a baseline without target */
	OKR_STATUS_ON_TRACK,  /* op koers */
	OKR_STATUS_AT_RISK,   /* risico */
	OKR_STATUS_OFF_TRACK, /* uit koers */
	OKR_STATUS_STALE,     /* verouderd: no check-in for OKR_STALE_DAYS; overrides the rest */
};

enum okr_commitment { OKR_COMMITTED, OKR_ASPIRATIONAL };
enum okr_link { OKR_CONTRIBUTES, OKR_SUPPORTS };
enum okr_level { OKR_LEVEL_ORG, OKR_LEVEL_TEAM, OKR_LEVEL_INITIATIVE };
enum okr_state { OKR_DRAFT, OKR_PUBLISHED, OKR_CLOSED };
/* OKR_SOURCE_KPI: bound to a KPI series (the kpi module's kpi_kr_bindings;
 * the key result's own row stays 'handmatig'). */
enum okr_source { OKR_SOURCE_MANUAL, OKR_SOURCE_ASSESSMENT, OKR_SOURCE_API, OKR_SOURCE_KPI };

/* The stored (Dutch) names of the enums above, in enum order, NULL-terminated. */
extern const char *const okr_kinds[];	    /* stijgen dalen boven onder mijlpaal nulmeting */
extern const char *const okr_statuses[];    /* geen op_koers risico uit_koers verouderd */
extern const char *const okr_commitments[]; /* toegezegd ambitieus */
extern const char *const okr_links[];	    /* bijdragend ondersteunend */
extern const char *const okr_levels[];	    /* organisatie team initiatief */
extern const char *const okr_states[];	    /* concept gepubliceerd afgesloten */
extern const char *const okr_sources[];	    /* handmatig beoordeling api kpi */

/* Index of s in list (one of the arrays above), or -1. */
int okr_enum(const char *const *list, const char *s);

/* A key result as the formulas see it. */
struct okr_kr {
	enum okr_kind kind;
	double start;	  /* INCREASE, DECREASE: the value at the start */
	double target;	  /* INCREASE, DECREASE, BASELINE: target; ABOVE, BELOW: the threshold */
	int has_target;	  /* BASELINE: 0 until the target is set */
	int equal_counts; /* ABOVE, BELOW: a value equal to the threshold counts as met */
	int has_value;	  /* a value was measured */
	double value;	  /* latest value; MILESTONE: 1 done, 0 not (without sub-milestones) */
	int sub_total;	  /* MILESTONE: number of sub-milestones (0: none) */
	int sub_done;	  /* MILESTONE: how many of them are done */
	double weight;	  /* > 0 */
	int confidence;	  /* latest confidence 0..10; -1: none given */
	int64_t last_day; /* day number (okr_day) of the latest check-in; -1: none */
};

/* Days since 1970-01-01 of a YYYY-MM-DD date, or INT64_MIN when it is not one. */
int64_t okr_day(const char *date);
/* The date of day number d into out (11 bytes). */
void okr_date(int64_t d, char out[11]);

/* Progress of a key result as a fraction, uncapped (1.25 is 125 %, -0.1 is
 * behind the start). NaN when it has none: a baseline without target.
 * INCREASE, DECREASE, BASELINE: (value - start) / (target - start), 0 without a value.
 * ABOVE, BELOW: 1 when the latest value meets the threshold, else 0.
 * MILESTONE: sub_done / sub_total, or value (1 done, 0 not) without sub-milestones. */
double okr_progress(const struct okr_kr *kr);
/* Whether a threshold key result's latest value meets it (0 without a value). */
int okr_threshold_met(const struct okr_kr *kr);

/* One contribution to an objective's roll-up: a key result or a child objective. */
struct okr_part {
	double progress;    /* NaN: none yet (left out) */
	double weight;	    /* key result: its weight; child objective: 1 */
	enum okr_link link; /* a child that only supports is left out */
};
/* Weighted mean of the parts that count (contributing, with a progress);
 * a negative progress counts as 0. NaN when no part counts. */
double okr_rollup(const struct okr_part *parts, size_t n);

/* Elapsed share of a period on day today: (today - start) / (end - start),
 * clamped to [0, 1]; a one-day period is 0 before its day and 1 from it. */
double okr_expected(int64_t start, int64_t end, int64_t today);

/* Status of a key result on day today in the period [start, end] (day numbers):
 * - NONE before the period starts, and for a baseline without target;
 * - STALE while the period runs (start <= today <= end) when the latest
 *   check-in is OKR_STALE_DAYS or more days old, or there is none and the
 *   period began that long ago; this overrides everything below;
 * - expected e = okr_expected(); threshold kinds expect 1 throughout;
 *   behind = (e - progress) * 100 points;
 * - OFF_TRACK: behind > 50 or confidence <= 2; AT_RISK: behind > 25 or
 *   confidence <= 4; else ON_TRACK. */
enum okr_status okr_kr_status(const struct okr_kr *kr, int64_t start, int64_t end, int64_t today);
/* The weakest of statuses (STALE > OFF_TRACK > AT_RISK > ON_TRACK > NONE). */
enum okr_status okr_weakest(const enum okr_status *s, size_t n);

/* An objective in okr_tree(): its period, and what is computed for it. */
struct okr_node {
	int64_t start, end; /* the period, day numbers */
	double progress;    /* out: okr_rollup of its key results and contributing children; NaN: none */
	enum okr_status
	    status; /* out: weakest of its key results; without any, of its contributing children */
	int mark;   /* internal */
};
struct okr_node_kr {
	size_t node; /* index of its objective */
	const struct okr_kr *kr;
};
struct okr_node_link {
	size_t child, parent; /* indexes */
	enum okr_link link;
};
/* Computes progress and status of every objective on day today, children
 * before parents. A link that would close a cycle is left out. */
void okr_tree(struct okr_node *nodes, size_t n, const struct okr_node_kr *krs, size_t nk,
	      const struct okr_node_link *links, size_t nl, int64_t today);

/* End-of-period score 0..1: the progress clamped to [0, 1] (0 without one). */
double okr_score(const struct okr_kr *kr);
/* Whether a score meets the bar: aspirational 0.7, committed 1.0. */
int okr_score_good(double score, enum okr_commitment c);

/* Quality warnings of an objective (warn, never block): catalogue keys
 * appended to warnings (a JSON array of strings). */
struct okr_quality {
	int has_owner;
	size_t n_krs;
	size_t n_milestones;	 /* key results of kind MILESTONE */
	size_t n_without_number; /* key results without a number to reach (a baseline without target) */
	size_t n_without_date;	 /* milestones without a due date */
};
void okr_quality(const struct okr_quality *q, json_t *warnings);

/* An alignment: child objective counts toward (or supports) parent. */
struct okr_edge {
	int64_t child, parent;
};
/* Would adding child -> parent to edges close a cycle? Returns the length
 * of the cycle (>= 2: child, parent, ..., child; written to path, at most
 * max ids) or 0 when it does not. child == parent is a cycle of 2. */
size_t okr_cycle(const struct okr_edge *edges, size_t n, int64_t child, int64_t parent, int64_t *path,
		 size_t max);

#endif
