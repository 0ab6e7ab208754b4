/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan: handlers of the plan module: the plan of an initiative with its
 * phases and gates (plan_phase.c), gate criteria and reviews with their
 * evidence snapshot and decision (plan_review.c), the step plan
 * (plan_step.c) and the evidence API (plan_evidence.c); plus what the
 * initiative page uses of it.
 */
#ifndef SL_API_PLAN_H
#define SL_API_PLAN_H

#include <jansson.h>
#include <stdint.h>

#include "api/api.h"
#include "domain/plan.h"

/* plan_phase.c */
int api_plan_get(struct api_ctx *c, json_t **out);
int api_plan_phases_form(struct api_ctx *c, json_t **out);
int api_plan_phases_put(struct api_ctx *c, json_t **out);
int api_plan_org_phases_get(struct api_ctx *c, json_t **out);
int api_plan_org_phases_put(struct api_ctx *c, json_t **out);
int api_plan_gate_get(struct api_ctx *c, json_t **out);
int api_plan_criterion_create(struct api_ctx *c, json_t **out);
int api_plan_criterion_update(struct api_ctx *c, json_t **out);
int api_plan_criterion_delete(struct api_ctx *c, json_t **out);
/* plan_review.c */
int api_plan_review_open(struct api_ctx *c, json_t **out);
int api_plan_review_get(struct api_ctx *c, json_t **out);
int api_plan_review_judge(struct api_ctx *c, json_t **out);
int api_plan_review_decide(struct api_ctx *c, json_t **out);
/* plan_step.c */
int api_plan_step_create(struct api_ctx *c, json_t **out);
int api_plan_step_get(struct api_ctx *c, json_t **out);
int api_plan_step_update(struct api_ctx *c, json_t **out);
int api_plan_step_delete(struct api_ctx *c, json_t **out);
int api_plan_step_status(struct api_ctx *c, json_t **out);
int api_plan_starter(struct api_ctx *c, json_t **out);
int api_plan_steps_export(struct api_ctx *c, json_t **out);
/* plan_evidence.c */
int api_plan_evidence(struct api_ctx *c, json_t **out);

/* --- shared (plan_phase.c) --------------------------------------------- */

/* Today as YYYY-MM-DD (UTC). */
void plan_today(char out[11]);
/* The phases of an initiative; when it has none yet, creates them from the
 * organisation's default phases (or plan_default_phases) with the first
 * current. Returns the phase rows (new reference). */
json_t *plan_phases_ensure(int64_t initiative_id);
/* The judgements of criteria (rows of plan_store_criteria) against the
 * evidence snapshot snap: [{criterionId, title, kind, weight, evidence,
 * evidenceParam, threshold, verdict, suggestedScore, score, met, note}]. */
json_t *plan_judge(const json_t *criteria, const json_t *snap);
/* Readiness of judgements as a JSON object {percent|null, ready,
 * knockouts, failed, unknown, scored, unscored}. */
json_t *plan_readiness_json(const json_t *judgements);
/* The step rows of an initiative with dependsOn, overdue and critical set,
 * and *crit set to {steps:[ids], effortDays} (new references). */
json_t *plan_steps_doc(int64_t initiative_id, const char *today, json_t **crit);
/* At most this many distinct metrics are computed for an initiative's gates. */
#define PLAN_METRICS_MAX 20
/* The metrics the criteria of the initiative's gates name, each once,
 * computed now from the events: [{key, metric, parameters, source, link,
 * value|null, computedAt}] (plan_metric_key; new reference). The plan
 * evidence's "metrics", so a review's snapshot holds them. */
json_t *plan_metrics_now(int64_t initiative_id);
/* For the initiative page: "plan", the current phase, the next gate with
 * its readiness now, and the steps that are open or overdue. */
void plan_initiative_extras(int64_t initiative_id, const json_t *evidence, json_t *o);
/* {id, name, stage} of an initiative, or NULL. */
json_t *plan_initiative_head(int64_t id);
/* The organisation's slug and name into o (organisation, organisationName). */
void plan_org_members(json_t *o, int64_t org_id);

#endif
