/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_growth: the growth kernels over product events, pure (no storage,
 * no clock: "now" is an argument): activation, churn, K-factor, NPS,
 * revenue as an exact decimal sum, and the unit economics LTV, CAC,
 * LTV/CAC and CAC payback. Events are fed in ascending time order with the
 * store's dense person ids. Periods are UTC Monday weeks or UTC calendar
 * months (day numbers as in metrics.h). docs/metrics.md, "Growth".
 *
 * Amounts are exact: a decimal text ("12.5", "0.1", "-3", "1e2") is read
 * into millionths (int64 micro-units; at most 6 decimals, |x| < 9.2e12),
 * never through a double.
 */
#ifndef SL_METRICS_GROWTH_H
#define SL_METRICS_GROWTH_H

#include <stddef.h>
#include <stdint.h>

#define GROWTH_MICRO 1000000LL /* micro-units per unit (euro) */

/* ---- decimals and properties (outside input: fuzzed by fuzz_growth_props) ---- */

/* Reads a decimal number: optional '-', digits, optional '.' and digits,
 * optional exponent (e/E, sign, digits); nothing else, no spaces. 0 with
 * *micro set, or -1 (not a number, more than 6 decimals after the
 * exponent is applied, or out of range). */
int growth_decimal_parse(const char *s, size_t len, int64_t *micro);
/* Writes micro as a decimal with at least min_dec (0..6) and at most 6
 * decimals, trailing zeros past min_dec dropped: "0.30", "-12.345". out
 * needs 32 bytes. */
void growth_decimal_format(int64_t micro, int min_dec, char out[32]);
/* *sum += v; 0, or -1 (and *sum untouched) on overflow. */
int growth_decimal_add(int64_t *sum, int64_t v);
/* a / b rounded half away from zero (b > 0). */
int64_t growth_div_round(int64_t a, int64_t b);

/* The value of the top-level member key of a JSON object text: 1 with
 * *val and *vlen the raw token (a string's content without its quotes,
 * escapes untouched; *is_string set), 0 when absent, -1 when json is not
 * an object. Strings of the document are checked for a closing quote,
 * nesting for balance (at most 64 deep). */
int growth_prop(const char *json, size_t len, const char *key, const char **val, size_t *vlen,
		int *is_string);
/* An NPS score from a raw property value: a whole number 0..10 (as a JSON
 * number or a string, "9" or 9.0), else -1. */
int growth_score_parse(const char *val, size_t len, int is_string);
/* An amount from a raw property value (JSON number or string): 0 with
 * *micro set, or -1. A string must be a decimal of at most 6 decimals; a
 * number written as a binary double with more digits (0.20000000000000001,
 * how a stored 0.2 may read back) is taken as the millionth that reads
 * back as the same double, and refused when there is none. */
int growth_amount_parse(const char *val, size_t len, int is_string, int64_t *micro);

/* ---- periods -------------------------------------------------------------------------- */

enum growth_period {
	GROWTH_WEEK,  /* Monday 00:00:00Z .. next Monday */
	GROWTH_MONTH, /* the 1st 00:00:00Z .. the next 1st */
};
extern const char *const growth_period_words[]; /* week, maand */
/* The first day (day number) of the period holding day d. */
int64_t growth_period_start(enum growth_period p, int64_t d);
/* The first day of the period after the one starting on start. */
int64_t growth_period_next(enum growth_period p, int64_t start);
/* The index of the period holding day d counted from the period starting
 * on base (base a period start; negative before it). */
int64_t growth_period_index(enum growth_period p, int64_t base, int64_t d);
/* Day number <-> civil date. */
int64_t growth_days_from_civil(int64_t y, int64_t m, int64_t d);
void growth_civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d);

/* ---- activation ----------------------------------------------------------------------- */

/* A person is first seen at their first event ever (any name). They are
 * activated when they did the activation event at t with
 * first <= t <= first + window (both ends included). Cohorts: the period of
 * first seen. */
struct growth_activation;
struct growth_activation *growth_activation_new(enum growth_period p, int64_t window_ms);
/* Feeds one event (ascending ts): is_target when it is the activation
 * event. 0, or -1 out of memory. */
int growth_activation_add(struct growth_activation *a, int64_t ts_ms, uint32_t person, int is_target);
struct growth_cohort {
	int64_t period; /* first day */
	int64_t persons;
	int64_t activated;
	int complete; /* every person's window has ended at now */
};
/* Cohorts whose period starts in [from_day, to_day] (every period, also
 * empty ones), in order: a new array (caller frees) of *n. */
struct growth_cohort *growth_activation_result(const struct growth_activation *a, int64_t now_ms,
					       int64_t from_day, int64_t to_day, size_t *n);
void growth_activation_free(struct growth_activation *a);

/* ---- churn ---------------------------------------------------------------------------- */

/* A person active in a period (an event in it) churned in that period when
 * after their last event t in it there is no event in (t, t + window]: the
 * next event comes later than t + window, or none came and now >= t +
 * window. A period is complete when its end + window <= now (before that
 * its churn is unknown, never 0). */
struct growth_churn;
struct growth_churn *growth_churn_new(enum growth_period p, int64_t window_ms, int64_t from_day,
				      int64_t to_day);
int growth_churn_add(struct growth_churn *c, int64_t ts_ms, uint32_t person);
struct growth_churn_row {
	int64_t period;
	int64_t active;
	int64_t churned; /* -1 when incomplete */
	int complete;
};
struct growth_churn_row *growth_churn_result(struct growth_churn *c, int64_t now_ms, size_t *n);
void growth_churn_free(struct growth_churn *c);

/* ---- K-factor ------------------------------------------------------------------------- */

/* K = (invites sent / persons who signed up) x (invites accepted / invites
 * sent). A ratio is -1 (undefined) when its denominator is 0; with signups
 * but no invites K is 0 (nobody was invited). */
struct growth_kfactor {
	int64_t signups, invites, accepted;
	double invites_per_signup; /* -1: undefined */
	double acceptance;	   /* -1: undefined */
	double k;		   /* -1: undefined */
};
void growth_kfactor(int64_t signups, int64_t invites, int64_t accepted, struct growth_kfactor *out);

/* ---- NPS ------------------------------------------------------------------------------ */

/* Each person's latest valid answer counts (events in time order); an
 * answer that is no whole number 0..10 is ignored and counted. NPS = 100 x
 * (promoters 9-10 - detractors 0-6) / respondents. */
struct growth_nps_acc;
struct growth_nps_acc *growth_nps_new(void);
/* score 0..10, or -1 for an answer that is not a valid score. */
int growth_nps_add(struct growth_nps_acc *a, uint32_t person, int score);
struct growth_nps {
	int64_t respondents, promoters, passives, detractors, ignored;
	int64_t scores[11]; /* persons by their counted score */
	double nps;	    /* -100..100; -1000 when nobody answered */
};
void growth_nps_result(const struct growth_nps_acc *a, struct growth_nps *out);
void growth_nps_free(struct growth_nps_acc *a);

/* ---- revenue -------------------------------------------------------------------------- */

/* Purchases fed in time order from the beginning (so that "new paying"
 * knows each person's first purchase); only those in [from_day, to_day]
 * count for the periods and the span; lifetime counts everything up to
 * to_day. */
struct growth_revenue;
struct growth_revenue *growth_revenue_new(enum growth_period p, int64_t from_day, int64_t to_day);
/* A purchase of amount micro (0: out of memory -> -1). */
int growth_revenue_add(struct growth_revenue *r, int64_t ts_ms, uint32_t person, int64_t micro);
/* A purchase event in the span whose amount could not be read. */
void growth_revenue_ignore(struct growth_revenue *r, int64_t ts_ms);
struct growth_revenue_row {
	int64_t period;
	int64_t micro;
	int64_t purchases, payers, new_payers;
};
struct growth_revenue_total {
	int64_t micro, purchases, payers, new_payers, ignored;
	int64_t lifetime_micro, lifetime_payers; /* everything up to to_day */
	int overflow;				 /* a sum left the range: sums are not valid */
};
struct growth_revenue_row *growth_revenue_result(const struct growth_revenue *r,
						 struct growth_revenue_total *t, size_t *n);
void growth_revenue_free(struct growth_revenue *r);

/* ---- unit economics ------------------------------------------------------------------- */

/* LTV = lifetime revenue / lifetime paying persons; CAC = marketing cost in
 * the span / new paying persons in the span; LTV/CAC; CAC payback (months)
 * = CAC / (span revenue / span paying persons x 30 / days of the span).
 * Money in micro-units; -1 (ratio < 0) when undefined. */
struct growth_unit {
	int64_t ltv_micro;	   /* -1: no paying person */
	int64_t cac_micro;	   /* -1: no new paying person */
	double ltv_cac;		   /* -1: undefined */
	double payback_months;	   /* -1: undefined */
	int64_t arppu_month_micro; /* -1: undefined */
};
void growth_unit_economics(const struct growth_revenue_total *t, int64_t cost_micro, int64_t days,
			   struct growth_unit *out);

/* ---- experiments from events ---------------------------------------------------------- */

/* A person is exposed at their first exposure (arm 1 control, 2
 * treatment) and stays in that arm (a later exposure to the other arm is
 * counted as switched). They converted when they did the conversion event
 * at t with exposure <= t <= exposure + window (both ends included). */
struct growth_exposure;
struct growth_exposure *growth_exposure_new(int64_t window_ms);
int growth_exposure_add(struct growth_exposure *x, int64_t ts_ms, uint32_t person, int arm);
void growth_exposure_convert(struct growth_exposure *x, int64_t ts_ms, uint32_t person);
struct growth_arms {
	int64_t exposed[2], converted[2]; /* [0] control, [1] treatment */
	int64_t switched;
};
void growth_exposure_result(const struct growth_exposure *x, struct growth_arms *out);
void growth_exposure_free(struct growth_exposure *x);

#endif
