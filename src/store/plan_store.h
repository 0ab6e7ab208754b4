/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan_store: tables plan_org_phases, plan_phases, plan_criteria,
 * plan_reviews, plan_steps, plan_step_deps. Rows are read as JSON objects
 * whose members are the API's camelCase names (the plan documents are
 * assembled from them in api/plan*.c); words are bound from the domain's
 * tables. Returned json_t are new references.
 */
#ifndef SL_PLAN_STORE_H
#define SL_PLAN_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "domain/due.h"

/* The organisation's default phase names (array of strings; empty: none set). */
json_t *plan_store_org_phases(int64_t org_id);
void plan_store_org_phases_set(int64_t org_id, const char *const *names, size_t n);

/* Phases of an initiative by position: {id, position, name, startsOn, endsOn, current}. */
json_t *plan_store_phases(int64_t initiative_id);
int64_t plan_store_phase_add(int64_t initiative_id, int64_t position, const char *name, const char *starts,
			     const char *ends);
int plan_store_phase_update(int64_t id, int64_t position, const char *name, const char *starts,
			    const char *ends);
void plan_store_phase_delete(int64_t id);
/* Marks phase_id current (0: none) and every other phase of the initiative not. */
void plan_store_set_current(int64_t initiative_id, int64_t phase_id);
/* {id, initiativeId, position, name, startsOn, endsOn, current} or NULL. */
json_t *plan_store_phase(int64_t id);
int64_t plan_store_phase_org(int64_t id);

/* Criteria of a phase's gate: {id, phaseId, title, kind, weight, evidence, evidenceParam, threshold}. */
json_t *plan_store_criteria(int64_t phase_id);
json_t *plan_store_criterion(int64_t id);
int64_t plan_store_criterion_org(int64_t id);
struct plan_criterion_in {
	const char *title, *kind, *evidence, *param;
	int64_t weight;
	int has_threshold;
	double threshold;
	const json_t *metric_params; /* metriek: the metric's query parameters (NULL: none) */
	const char *comparison;	     /* metriek: ">=" (NULL: the default) or "<=" */
};
int64_t plan_store_criterion_create(int64_t phase_id, const struct plan_criterion_in *in);
int plan_store_criterion_update(int64_t id, const struct plan_criterion_in *in);
void plan_store_criterion_delete(int64_t id);

/* Reviews: {id, phaseId, status, snapshot (text), judgements (text), openedAt,
 * openedBy (name or null), decision, rationale, decisionMakers, decidedOn,
 * conditions, route, methodRoute, overrideReason, readiness, decidedBy}. */
json_t *plan_store_review(int64_t id);
/* The reviews of an initiative, newest first (without snapshot and judgements). */
json_t *plan_store_reviews(int64_t initiative_id);
int64_t plan_store_review_org(int64_t id);
/* opened_at: RFC 3339 UTC, NULL for now (the demo opens reviews in the past). */
int64_t plan_store_review_create(int64_t phase_id, const char *snapshot, const char *judgements,
				 int64_t user_id, const char *opened_at);
/* Replaces a review's snapshot (the decision freezes the metrics' values into it). */
void plan_store_review_snapshot(int64_t id, const char *snapshot);
void plan_store_review_judgements(int64_t id, const char *judgements, double readiness);
struct plan_decision_in {
	const char *decision, *rationale, *makers, *decided_on, *conditions, *route, *method_route,
	    *override_reason;
	int64_t user_id;
};
int plan_store_review_decide(int64_t id, const struct plan_decision_in *in);

/* Steps of an initiative: {id, phaseId, title, ownerId, ownerName, dueOn,
 * status, effortDays, actionId, note, createdAt, updatedAt}, by due date. */
json_t *plan_store_steps(int64_t initiative_id);
json_t *plan_store_step(int64_t id);
int64_t plan_store_step_org(int64_t id);
struct plan_step_in {
	int64_t initiative_id, phase_id, owner_id, action_id; /* 0: none */
	const char *title, *due_on, *status, *note;
	int64_t effort_days;
};
int64_t plan_store_step_create(const struct plan_step_in *in);
int plan_store_step_update(int64_t id, const struct plan_step_in *in);
void plan_store_step_delete(int64_t id);
/* Sets only the status (a word of plan_step_statuses); 0 or -ERR_NOTFOUND. */
int plan_store_step_set_status(int64_t id, const char *status);
/* Dependencies of the initiative's steps: [{stepId, dependsOn}]. */
json_t *plan_store_deps(int64_t initiative_id);
void plan_store_deps_set(int64_t step_id, const int64_t *depends_on, size_t n);
/* The step made from action_id, or 0. */
int64_t plan_store_step_of_action(int64_t action_id);

/* Due items: steps (of an owner or initiative) and open gate reviews' phases. */
int plan_store_due(const struct due_query *q, due_emit emit, void *arg);

#endif
