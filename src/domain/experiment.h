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

/* States, decisions and metric kinds are enums; their stored and API
 * spelling (Dutch for states and decisions) lives in one table each in
 * experiment.c: *_name() prints, *_parse() reads. 0 is "none": no value, or
 * a word that names none. The tables (NULL-terminated, in enum order from 1)
 * also serve as the choices of field specs and page selects. */
enum experiment_status {
	EXPERIMENT_STATUS_NONE = 0,
	EXPERIMENT_STATUS_ONTWERP,  /* designed; no counts yet */
	EXPERIMENT_STATUS_LOPEND,   /* counts are coming in */
	EXPERIMENT_STATUS_AFGEROND, /* decided: opschalen or aanpassen */
	EXPERIMENT_STATUS_GESTOPT,  /* decided: stoppen */
};

enum experiment_decision {
	EXPERIMENT_DECISION_NONE = 0, /* not decided yet */
	EXPERIMENT_DECISION_OPSCHALEN,
	EXPERIMENT_DECISION_AANPASSEN,
	EXPERIMENT_DECISION_STOPPEN,
};

enum experiment_metric_kind {
	EXPERIMENT_METRIC_NONE = 0,
	EXPERIMENT_METRIC_BINOMIAL, /* conversions out of n */
	EXPERIMENT_METRIC_MEAN,	    /* a mean with its variance */
};

extern const char *const experiment_statuses[];	    /* ontwerp, lopend, afgerond, gestopt */
extern const char *const experiment_decisions[];    /* opschalen, aanpassen, stoppen */
extern const char *const experiment_metric_kinds[]; /* binomial, mean */

/* The stored/API word, or NULL for NONE (and for a value out of range). */
const char *experiment_status_name(enum experiment_status s);
const char *experiment_decision_name(enum experiment_decision d);
const char *experiment_metric_kind_name(enum experiment_metric_kind k);
/* The value a word names (exact, lower case), or NONE for NULL and unknown words. */
enum experiment_status experiment_status_parse(const char *s);
enum experiment_decision experiment_decision_parse(const char *s);
enum experiment_metric_kind experiment_metric_kind_parse(const char *s);

struct experiment_metric {
	const char *name; /* in words, unique within the experiment */
	enum experiment_metric_kind kind;
};

/*
 * One experiment. As input (from a request) the strings are borrowed and
 * text is NULL; read from the store the strings point into text, which the
 * record owns (experiment_free). A NULL string is an absent value (SQL NULL).
 */
struct experiment {
	int64_t id;
	int64_t initiative_id;
	const char *name;
	const char *hypothesis;
	const char *metric; /* what is measured, in words */
	enum experiment_metric_kind metric_kind;
	int64_t budget_eur;    /* whole euros; -1: not set */
	const char *starts_on; /* YYYY-MM-DD or NULL */
	const char *ends_on;   /* YYYY-MM-DD or NULL; not before starts_on */
	const char *success_criterion;
	int64_t planned_n_per_arm; /* units per arm; -1: not set */
	double split[2];	   /* planned split control:treatment, both > 0 */
	enum experiment_status status;
	struct experiment_metric secondary[EXPERIMENT_SECONDARY_MAX];
	size_t n_secondary;
	char secondary_field[EXPERIMENT_SECONDARY_MAX][48]; /* where each came from, for problems */

	/* Read from the store only (left zero in input). */
	const char *initiative_name;
	const char *organisation; /* the organisation's slug */
	const char *organisation_name;
	enum experiment_decision decision; /* NONE: no decision record */
	const char *decision_note;
	const char *decided_at; /* RFC 3339 UTC */
	int64_t decided_by;	/* user id; 0: unknown (or the user is gone) */
	const char *decided_by_name;
	int64_t analysis_count;
	const char *created_at;
	const char *updated_at;
	char *text; /* owns the strings of a stored experiment; NULL for input */
};

/* Frees what a stored experiment owns (its text) and clears the pointer;
 * the struct itself is the caller's. */
void experiment_free(struct experiment *e);
/* Frees a list of n stored experiments and the array itself. */
void experiment_list_free(struct experiment *list, size_t n);

/* One analysis of an experiment: the stats ab input as computed and its
 * result, both documents with lowerCamelCase keys. */
struct experiment_analysis {
	int64_t id;
	int64_t experiment_id;
	const char *metric_name; /* the metric it is for */
	json_t *input;		 /* owned reference */
	json_t *result;		 /* owned reference */
	const char *created_at;	 /* RFC 3339 UTC */
	int64_t created_by;	 /* user id; 0: unknown (or the user is gone) */
	const char *created_by_name;
	char *text; /* owns the strings */
};

/* Releases what a stored analysis owns (documents and text). */
void experiment_analysis_free(struct experiment_analysis *a);
/* Frees a list of n analyses and the array itself. */
void experiment_analysis_list_free(struct experiment_analysis *list, size_t n);

/* Appends a {"name","reason"} to invalid for every bad field; returns 0
 * when valid, -ERR_INVALID otherwise. Reasons are i18n keys. */
int experiment_validate(const struct experiment *in, json_t *invalid);
/* Status an experiment gets from a decision: gestopt for stoppen, afgerond
 * otherwise; NONE for no decision. */
enum experiment_status experiment_decision_status(enum experiment_decision d);
/* Status after an analysis is added: the first counts move ontwerp to
 * lopend; every later state is the people's to set, so it stays. */
enum experiment_status experiment_status_after_analysis(enum experiment_status s);

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

/* A success criterion as people write it ("+5 procentpunt", "minstens 10%",
 * "-2 dagen"): the first number in the text, with its sign and unit. */
enum experiment_criterion_unit {
	EXPERIMENT_CRITERION_NONE = 0, /* no number found */
	EXPERIMENT_CRITERION_POINTS,   /* percentage points: the absolute difference of two rates */
	EXPERIMENT_CRITERION_RELATIVE, /* percent: the relative lift */
	EXPERIMENT_CRITERION_ABSOLUTE, /* in the metric's own unit: the absolute difference */
};

struct experiment_criterion {
	enum experiment_criterion_unit unit;
	double threshold; /* signed; points and percent as fractions (5 pp = 0.05) */
};

/* Reads text (NUL-terminated, any bytes) into *out. Returns 0, or
 * -ERR_INVALID when no number is found (then unit is NONE). A minus sign
 * (-, U+2212) or a word for a decrease ("daling", "lager", "minder",
 * "decrease", "lower", "fewer") makes the threshold negative: the metric
 * must fall by at least that much. */
int experiment_criterion_parse(const char *text, struct experiment_criterion *out);

enum experiment_verdict {
	EXPERIMENT_VERDICT_NONE = 0,
	EXPERIMENT_VERDICT_MET,	      /* gehaald */
	EXPERIMENT_VERDICT_NOT_MET,   /* niet gehaald */
	EXPERIMENT_VERDICT_UNCERTAIN, /* nog onzeker */
};

extern const char *const experiment_verdicts[];
const char *experiment_verdict_name(enum experiment_verdict v);

/* The verdict on an effect against a signed threshold t. Frequentist and
 * sequential: met when the whole interval [low, high] lies on the far side
 * of t (low >= t for a rise, high <= t for a fall), not met when it lies
 * wholly on the near side, uncertain otherwise. Bayesian (probability >= 0):
 * met when P(effect beyond t) >= 1 - alpha, not met when <= alpha. */
enum experiment_verdict experiment_verdict(double t, double low, double high, double probability,
					   double alpha);

/* 1 when an arm has fewer units than planned (planned < 0: never). */
int experiment_below_plan(int64_t planned, double n_control, double n_treatment);

#endif
