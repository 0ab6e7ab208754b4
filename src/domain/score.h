/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * score: honest scoring of one assessment round of a method. Per
 * ingredient the median and spread of the raters, how many said "weet
 * niet", how much is backed by evidence and whether raters disagree; the
 * weakest ingredient(s), the readiness x use bottleneck, pitfalls, the
 * rules that fire, a rater-role heat map and round-to-round deltas.
 * Pure: plain structs in and out. It must never compute a grand total.
 */
#ifndef SL_SCORE_H
#define SL_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/method.h"
#include "lib/buf.h"

/*
 * Definitions (also in methods/README.md):
 * - A rater's value for an ingredient is the mean of the levels that rater
 *   gave on the ingredient's questions; "weet niet" answers are left out.
 *   A rater with only "weet niet" answers there has no value.
 * - median, q1, q3 are quantiles of the raters' values by R's default
 *   definition (type 7, linear interpolation between order statistics):
 *   h = (n-1)p, Q(p) = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 *   iqr = q3 - q1.
 * - disagreement: at least two raters have a value and max - min is at
 *   least half the scale's range (max - min of the scale). One rater far
 *   from the rest is shown, not averaged away.
 * - weakest: the scored ingredient(s) with the lowest median relative to
 *   their scale, (median - scale.min) / (scale.max - scale.min). Ties
 *   (within 1e-9) are broken by, in turn: the lower quartile relative to
 *   the scale (lower is weaker), the evidence coverage (less is weaker),
 *   the share of "weet niet" (more is weaker); what still ties is named
 *   together. When every scored ingredient (two or more) ties on all four,
 *   none is weakest and all_tied is set: the page says they are equal.
 * - readiness x use: a component's level is min(median readiness,
 *   median use); the bottleneck is the scored component(s) with the lowest
 *   level (ties named); the package is as ready as that level.
 * - pitfall state: plurality of the raters' answers among present,
 *   mitigated and absent; ties go to present, then mitigated (caution).
 * - "niet van toepassing" (n.v.t., only on questions that allow it) is no
 *   level and no "weet niet": it is left out of values, medians and the
 *   share of "weet niet" (whose denominator is the level and "weet niet"
 *   answers), and counted on its own (n_na, na_share = n_na / all answers
 *   including n.v.t.). An ingredient or component where every answer is
 *   n.v.t. is not applicable for the round: never weakest, never the
 *   bottleneck, and no rule on it fires.
 * - a route is chosen when, on a question offering it, it has the most
 *   raters of all that question's routes (a shared first place counts) and
 *   at least one; its pitfalls are then triggered and its route rules fire.
 * - a number question: median, q1, q3 (type 7) of the numbers given.
 */

#define SCORE_TIE_EPS 1e-9

enum score_confidence {
	SCORE_CONFIDENCE_NONE = 0, /* not given */
	SCORE_CONFIDENCE_LOW,	   /* laag */
	SCORE_CONFIDENCE_MEDIUM,   /* middel */
	SCORE_CONFIDENCE_HIGH,	   /* hoog */
};

/* What decided the weakest ingredient(s): the first criterion on which
 * they were strictly lower than the rest. */
enum score_tie_break {
	SCORE_TIE_NONE = 0, /* nothing to decide: no or one scored ingredient, or all tied */
	SCORE_TIE_MEDIAN,   /* the median alone */
	SCORE_TIE_Q1,	    /* the lower quartile */
	SCORE_TIE_EVIDENCE, /* the evidence coverage */
	SCORE_TIE_UNKNOWN,  /* the share of "weet niet" */
	SCORE_TIE_UNBROKEN, /* some, not all, still tie on all four */
};

/* The word for a tie-break criterion in JSON ("mediaan", "kwartiel", ...). */
const char *score_tie_break_name(enum score_tie_break t);

struct score_rater {
	const char *role; /* role label, e.g. "gemeente"; NULL or "" groups as "" */
};

/* One answer of one rater to one question. All pointers are borrowed. */
struct score_answer {
	size_t rater;		    /* index into the raters array */
	const char *question;	    /* question id */
	bool unknown;		    /* "weet niet" (scale and choice questions) */
	bool not_applicable;	    /* "niet van toepassing", on questions that allow it */
	int level;		    /* METHOD_SCALE, when !unknown */
	long long number;	    /* METHOD_NUMBER: the number given */
	const char *const *options; /* METHOD_SINGLE (exactly 1) / METHOD_MULTI, when !unknown */
	size_t n_options;
	bool has_evidence; /* an evidence text or URL was given */
	enum score_confidence confidence;
};

/* Distribution of the raters' values on one scale. */
struct score_stat {
	size_t n_raters;	  /* raters with a value */
	size_t n_answers;	  /* level and "weet niet" answers (not n.v.t.) */
	size_t n_na;		  /* "niet van toepassing" answers */
	double na_share;	  /* n_na / (n_answers + n_na); 0 when none */
	size_t n_unknown;	  /* "weet niet" answers */
	size_t n_evidence;	  /* level answers with evidence */
	size_t n_low_confidence;  /* level answers with confidence laag */
	double unknown_share;	  /* n_unknown / n_answers; 0 when no answers */
	double evidence_coverage; /* n_evidence / level answers; 0 when none */
	bool scored;		  /* n_raters > 0; the fields below are valid */
	double median, q1, q3, iqr, min, max;
	bool disagreement;
};

struct score_ingredient {
	const struct method_ingredient *ingredient;
	struct score_stat stat;
	double relative; /* (median - scale.min) / scale range, in [0, 1]; valid if scored */
	bool weakest;
	bool not_applicable; /* every answer on it is n.v.t. */
};

struct score_component {
	const struct method_component *component;
	struct score_stat readiness, use;
	bool scored;  /* both dimensions scored */
	double level; /* min(readiness.median, use.median); valid if scored */
	bool bottleneck;
	bool not_applicable; /* every answer on it (both dimensions) is n.v.t. */
};

enum score_pitfall_state {
	SCORE_PITFALL_UNKNOWN = 0, /* nobody gave a state */
	SCORE_PITFALL_ABSENT,
	SCORE_PITFALL_PRESENT,
	SCORE_PITFALL_MITIGATED,
};

struct score_pitfall {
	const struct method_pitfall *pitfall;
	size_t n_present, n_mitigated, n_absent, n_unknown, n_na;
	enum score_pitfall_state state;
	const struct method_route *triggered_by; /* the first chosen route listing it, or NULL */
};

struct score_route {
	const struct method_route *route;
	size_t n_chosen; /* raters who chose it (on any question offering it) */
	bool chosen;	 /* by plurality on a question offering it */
};

struct score_number {
	const struct method_question *question;
	size_t n;			 /* numbers given */
	double median, q1, q3, min, max; /* valid if n */
};

/* Counts per option of a choice question that asks about no pitfall. */
struct score_choice {
	const struct method_question *question;
	size_t n_raters;  /* raters who chose at least one option */
	size_t n_unknown; /* "weet niet" answers */
	size_t n_na;	  /* "niet van toepassing" answers */
	size_t *counts;	  /* per option, in question order */
};

struct score {
	const struct method *method; /* borrowed; must outlive the score */
	size_t n_raters;
	struct score_ingredient *ingredients; /* method order */
	size_t n_ingredients;
	struct score_component *components; /* method order */
	size_t n_components;
	struct score_pitfall *pitfalls; /* method order */
	size_t n_pitfalls;
	size_t n_pitfalls_present, n_pitfalls_mitigated;
	struct score_choice *choices;
	size_t n_choices;
	struct score_route *routes; /* method order */
	size_t n_routes;
	size_t n_pitfalls_triggered;  /* pitfalls a chosen route triggers */
	struct score_number *numbers; /* number questions, method order */
	size_t n_numbers;
	size_t *weakest; /* indices into ingredients; empty when all_tied */
	size_t n_weakest;
	enum score_tie_break weakest_by; /* the criterion that decided the weakest */
	bool all_tied;			 /* every scored ingredient equally weak */
	size_t *bottleneck;		 /* indices into components */
	size_t n_bottleneck;
	double package_level; /* level of the bottleneck; valid if n_bottleneck */
	/* Rules that fire: those on the weakest ingredient(s) or bottleneck
	 * component(s) first, then the rest in method order. */
	const struct method_rule **suggestions;
	size_t n_suggestions;
	/* Heat map: roles in order of first appearance; cell [r * n_ingredients
	 * + i] is the median of the values of raters with role r; 0 with
	 * role_n 0 when none of them has a value. */
	const char **roles;
	size_t n_roles;
	double *role_median;
	size_t *role_n;
};

/*
 * Scores one round. Returns 0 and fills *out (free with score_free), or
 * -ERR_INVALID when an answer names an unknown question, option or rater,
 * gives a level outside the scale, or repeats a rater's answer; then err
 * (may be NULL) receives a message and *out is left empty.
 */
int score_round(const struct method *m, const struct score_rater *raters, size_t n_raters,
		const struct score_answer *answers, size_t n_answers, struct score *out, struct buf *err);
void score_free(struct score *s);

/* Quantile p of the n sorted values x, R type 7. n must be > 0. */
double score_quantile(const double *x, size_t n, double p);

struct score_delta {
	const char *id;		    /* ingredient or component id */
	bool component;		    /* a readiness x use component: values are levels */
	bool has_before, has_after; /* scored in that round */
	double before, after;	    /* medians (components: level) */
	double delta;		    /* after - before, valid if both */
};

/*
 * Compares two rounds of the same method id (versions may differ): one
 * delta per ingredient, then per component, in the order of after, then
 * those only in before. Returns 0 and a malloc'd array the caller frees,
 * or -ERR_INVALID when the method ids differ.
 */
int score_compare(const struct score *before, const struct score *after, struct score_delta **out,
		  size_t *n_out);

const char *score_pitfall_state_name(enum score_pitfall_state s);

#endif
