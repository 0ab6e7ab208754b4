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

/* 1 when an arm has fewer units than planned (planned < 0: never). */
int experiment_below_plan(int64_t planned, double n_control, double n_treatment);

/* Formats a fraction as a percentage for people: 0.9039 -> "90%" with
 * decimals 0, 0.006921 -> "0,7%" (nl) or "0.7%" (en) with decimals 1; the
 * minus sign is U+2212. Writes at most n bytes; non-finite gives "—". */
void experiment_percent(double fraction, int decimals, const char *lang, char *out, size_t n);

#endif
