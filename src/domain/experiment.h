/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * experiment: a controlled experiment of an initiative (hypothesis, metric,
 * budget, time box, success criterion, planned sample size and split) and
 * its decision record. Validation of every field at once; no storage, no
 * HTTP. The statistics themselves live in stats*.c.
 */
#ifndef SL_EXPERIMENT_H
#define SL_EXPERIMENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define EXPERIMENT_NAME_MAX 200
#define EXPERIMENT_TEXT_MAX 10000
#define EXPERIMENT_BUDGET_MAX 1000000000000LL /* whole euros */
#define EXPERIMENT_N_MAX 1000000000000LL
#define EXPERIMENT_WEIGHT_MAX 1000000.0
/* Secondary metrics besides the primary one. Few on purpose: every extra
 * metric widens the Benjamini-Hochberg correction, and the form has a
 * fixed row per slot. */
#define EXPERIMENT_SECONDARY_MAX 3

struct experiment_metric {
	const char *name; /* in words, unique within the experiment */
	const char *kind; /* binomial, mean */
};

struct experiment {
	int64_t id;
	int64_t initiative_id;
	const char *name;
	const char *hypothesis;
	const char *metric;	 /* what is measured, in words */
	const char *metric_kind; /* binomial, mean */
	int64_t budget_eur;	 /* whole euros; -1: not set */
	const char *starts_on;	 /* YYYY-MM-DD or NULL */
	const char *ends_on;	 /* YYYY-MM-DD or NULL; not before starts_on */
	const char *success_criterion;
	int64_t planned_n_per_arm; /* units per arm; -1: not set */
	double split[2];	   /* planned split control:treatment, both > 0 */
	const char *status;	   /* ontwerp, lopend, afgerond, gestopt */
	struct experiment_metric secondary[EXPERIMENT_SECONDARY_MAX];
	size_t n_secondary;
	char secondary_field[EXPERIMENT_SECONDARY_MAX][48]; /* where each came from, for problems */
};

extern const char *const experiment_statuses[];	 /* NULL-terminated, in order */
extern const char *const experiment_decisions[]; /* opschalen, aanpassen, stoppen */
extern const char *const experiment_metric_kinds[];

/* Appends a {"name","reason"} to invalid for every bad field; returns 0
 * when valid, -ERR_INVALID otherwise. Reasons are i18n keys. */
int experiment_validate(const struct experiment *in, json_t *invalid);
int experiment_status_valid(const char *s);
int experiment_decision_valid(const char *s);
/* Status an experiment gets from a decision: "gestopt" for stoppen,
 * "afgerond" otherwise; NULL for an unknown decision. */
const char *experiment_decision_status(const char *decision);

/* Reads a planned split: a JSON array of two positive numbers, or (from a
 * form) a string "50/50" or "60:40" where decimals may use a comma. Fills
 * out[2] and returns 0, or appends one problem on field and returns
 * -ERR_INVALID. NULL or JSON null gives 50/50. */
int experiment_read_split(const json_t *v, const char *field, double out[2], json_t *invalid);

/* Reads the secondary metrics: a JSON array of {name, kind} (the API) or
 * an object of form rows keyed "0", "1", ... where a row with an empty
 * name is skipped. kind defaults to binomial. Problems are named
 * "<field>.<key>.name" / ".kind" after the array index or row key; the
 * strings point into v, which must outlive in. NULL or null: none. */
int experiment_read_metrics(const json_t *v, const char *field, struct experiment *in, json_t *invalid);

/* The latest analysis of one metric, as the Benjamini-Hochberg step sees it. */
struct experiment_metric_result {
	double p;	   /* p-value of the analysis; NaN: no analysis yet */
	double alpha;	   /* significance level of that analysis */
	int primary;	   /* 1 for the primary metric */
	double p_adjusted; /* out: BH-adjusted across the metrics with a p; NaN without */
	int significant;   /* out: primary p < alpha; secondary p_adjusted < alpha */
};

/* Adjusts the p-values of one experiment's metrics (Benjamini-Hochberg,
 * false discovery rate) and decides significance: the primary metric was
 * chosen beforehand and is judged on its own p, every secondary one on its
 * adjusted p. Returns 0, or -ERR_INVALID for a p outside [0, 1]. */
int experiment_adjust(struct experiment_metric_result *r, size_t n);

/* 1 when an arm has fewer units than planned (planned < 0: never). */
int experiment_below_plan(int64_t planned, double n_control, double n_treatment);


#endif
