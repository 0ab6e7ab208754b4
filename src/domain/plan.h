/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan: the rules of an initiative's scaling plan: phases with a gate at the
 * end of each, gate criteria (knock-out or scored 0-4 with a weight) that can
 * be bound to evidence the product already has, a gate's readiness, the
 * decisions and scaling routes, steps with dependencies (cycle detection,
 * critical path). Pure: plain structs and JSON documents in, results out.
 * The formulas are documented in docs/plan.md.
 */
#ifndef SL_PLAN_H
#define SL_PLAN_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define PLAN_NAME_MAX 200
#define PLAN_TEXT_MAX 10000
#define PLAN_PHASES_MAX 12
#define PLAN_SCORE_MAX 4	/* a scored criterion is scored 0..4 */
#define PLAN_WEIGHT_MAX 100	/* weights are whole numbers 1..100 */
#define PLAN_READY_PERCENT 60.0 /* a gate is ready from this readiness (all knock-outs holding) */
#define PLAN_EFFORT_MAX 3650	/* effort of a step in days */
#define PLAN_HIGH_POWER 4	/* power 4 or 5 of 5 is "high" */

enum plan_criterion_kind { PLAN_CRITERION_NONE = 0, PLAN_CRITERION_KNOCKOUT, PLAN_CRITERION_SCORE };
extern const char *const plan_criterion_kinds[]; /* knock-out score */

/* What a criterion can be bound to (the evidence snapshot, see api_evidence). */
enum plan_evidence {
	PLAN_EVIDENCE_NONE = 0,	    /* no value (a word that names none) */
	PLAN_EVIDENCE_GEEN,	    /* geen: judged by people only */
	PLAN_EVIDENCE_INGREDIENT,   /* ingredient: median of an ingredient (or the weakest) >= threshold */
	PLAN_EVIDENCE_ACTIONS,	    /* acties-op-tijd: no overdue actions */
	PLAN_EVIDENCE_STEPS,	    /* stappen-op-tijd: no overdue steps */
	PLAN_EVIDENCE_NPV,	    /* businesscase-npv: total NPV (cents) >= threshold */
	PLAN_EVIDENCE_STAKEHOLDERS, /* geen-machtige-tegenstander: no high-power stakeholder against */
	PLAN_EVIDENCE_OKR,	    /* okr-tempo: no key result more than threshold points behind pace */
	PLAN_EVIDENCE_METRIC, /* metriek: a growth metric of the events (evidenceParam) >= or <= threshold */
};
extern const char *const plan_evidences[];
/* How a metric criterion compares its value with the threshold. */
enum plan_comparison { PLAN_COMPARISON_NONE = 0, PLAN_AT_LEAST, PLAN_AT_MOST };
extern const char *const plan_comparisons[]; /* >= <= */

enum plan_decision {
	PLAN_DECISION_NONE = 0,
	PLAN_DECISION_DOOR,	     /* go: on to the next phase */
	PLAN_DECISION_BIJSTUREN,     /* adjust, stay in the phase */
	PLAN_DECISION_JUIST_SCHALEN, /* right-size */
	PLAN_DECISION_PAUZEREN,	     /* hold */
	PLAN_DECISION_STOPPEN,	     /* stop: the initiative becomes gestopt */
};
extern const char *const plan_decisions[]; /* door bijsturen juist-schalen pauzeren stoppen */

/* Scaling out (more places), up (rules, policy, funding), deep (culture,
 * way of working), in (into the line organisation). */
enum plan_route { PLAN_ROUTE_NONE = 0, PLAN_ROUTE_OUT, PLAN_ROUTE_UP, PLAN_ROUTE_DEEP, PLAN_ROUTE_IN };
extern const char *const plan_routes[]; /* out up deep in */

enum plan_step_status {
	PLAN_STEP_NONE = 0,
	PLAN_STEP_OPEN,
	PLAN_STEP_BEZIG,
	PLAN_STEP_KLAAR,
	PLAN_STEP_GEBLOKKEERD,
};
extern const char *const plan_step_statuses[]; /* open bezig klaar geblokkeerd */

enum plan_review_status { PLAN_REVIEW_NONE = 0, PLAN_REVIEW_OPEN, PLAN_REVIEW_BESLOTEN };
extern const char *const plan_review_statuses[]; /* open besloten */

/* Index + 1 of word s in list (one of the tables above), 0 when none. */
int plan_word(const char *const *list, const char *s);
/* The word of value v (1-based) in list, "" for 0 and out of range. */
const char *plan_word_name(const char *const *list, int v);

/* The default phases, in order: verkennen, pilot, opschalen, borgen. */
extern const char *const plan_default_phases[];

/* One criterion as judged in a gate review. */
struct plan_judgement {
	enum plan_criterion_kind kind;
	int weight;    /* SCORE: 1..100 */
	int has_score; /* SCORE: a score was given (or suggested by evidence) */
	int score;     /* SCORE: 0..4 */
	int met;       /* KNOCKOUT: 1 holds, 0 fails, -1 unknown */
};

struct plan_readiness {
	int has_percent;       /* at least one scored criterion has a score */
	double percent;	       /* sum(w*s) / sum(w*4) * 100 over scored criteria with a score */
	int scored, unscored;  /* scored criteria with and without a score */
	int knockouts, failed; /* knock-out criteria, of which failing */
	int unknown;	       /* knock-outs not yet judged */
	int ready;	       /* no knock-out fails or is unknown, and percent >= PLAN_READY_PERCENT
				  (or there is no scored criterion) */
};
void plan_readiness(const struct plan_judgement *j, size_t n, struct plan_readiness *out);

/*
 * A criterion's verdict from an evidence snapshot (api_evidence()).
 * evidence: one of plan_evidences; param: the ingredient id for INGREDIENT
 * ("" or NULL: the weakest); threshold: see enum plan_evidence (NaN: the
 * default: 2 for an ingredient median, 0 cents for NPV, 25 points for OKR).
 * Returns 1 (holds), 0 (fails) or -1 (the evidence is not there). For an
 * ingredient *relative gets its median relative to the scale (0..1), else -1.
 */
int plan_evaluate(enum plan_evidence evidence, const char *param, double threshold, const json_t *snap,
		  double *relative);
/*
 * Metric criteria. A snapshot holds each metric a criterion of the
 * initiative's gates names once, in plan.metrics [{key, metric, parameters,
 * value|null, ...}], found by the key of the metric and its parameters
 * (plan_metric_key: "metric" + ' ' + the parameters as compact JSON with
 * sorted keys; the caller frees it).
 */
char *plan_metric_key(const char *metric, const json_t *params);
/* The snapshot's entry of key (borrowed) or NULL. */
const json_t *plan_metric_find(const json_t *snap, const char *key);
/* 1 when the metric's value in the snapshot is >= (comparison ">=") or <=
 * ("<=") threshold (1e-9 tolerance), 0 when not, -1 when the snapshot has no
 * value for it or threshold is NaN; *value the value or NaN. */
int plan_metric_verdict(const json_t *snap, const char *key, const char *comparison, double threshold,
			double *value);
/* The score evidence suggests for a scored criterion: round(4 * relative) for
 * an ingredient, otherwise 4 when it holds and 0 when it fails; -1 unknown. */
int plan_suggested_score(int verdict, double relative);

/* An edge of the step graph: step `from` must be done before step `to`
 * (indexes into the steps). */
struct plan_edge {
	size_t from, to;
};
/*
 * A cycle among n steps: returns its length L >= 1 and writes the steps
 * path[0..L-1] (path[0] again closes it; a step depending on itself is L
 * 1), at most max; 0 when there is none. The cycle found first in index
 * order is the one reported.
 */
size_t plan_cycle(size_t n, const struct plan_edge *e, size_t ne, size_t *path, size_t max);
/*
 * The critical path: the chain of dependent steps with the largest total
 * effort (effort[i] >= 0 days); ties go to the chain that starts at the
 * lowest index. Writes its steps in order into path (room for n), *len,
 * and returns the total effort. The graph must be acyclic (plan_cycle).
 */
int64_t plan_critical_path(size_t n, const int64_t *effort, const struct plan_edge *e, size_t ne,
			   size_t *path, size_t *len);

/* Points a key result is behind the pace the calendar expects, rounded to
 * 0.1: (expected - progress) * 100, where expected is the elapsed share of
 * its period (okr_expected; 1 for threshold kinds); negative when ahead. */
double plan_behind_points(double progress, double expected);

#endif
