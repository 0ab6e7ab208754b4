/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan_module: the scaling plan of an initiative: phases with a gate at the
 * end of each (criteria, reviews that snapshot the evidence, decisions and
 * scaling routes), the step plan with dependencies and critical path, and
 * the evidence API. Scopes: {phaseId}, {criterionId}, {reviewId}, {stepId}.
 */
#include "api/evidence.h"
#include "api/plan.h"
#include "api/route_rows.h"
#include "lib/util.h"
#include "store/plan_store.h"

/* The schema steps of this module (src/store/plan_schema.c). */
extern const struct migration plan_migrations[];

#define CSV_API (R_API | R_CSV)

/* clang-format off */
static const struct route routes[] = {
/* method  path                                              handler                      flags            access  role            csrf template           operationId              tag     summary, request, response */
{"GET",  "/initiatieven/{initiativeId}/plan",                 api_plan_get,                BOTH,            MEMBER, ROLE_LEZER,     0, "plan",             "getPlan",               "plan", "The scaling plan of an initiative: phases, gates with readiness, steps with the critical path, gate reviews", NULL, "Plan"},
{"GET",  "/initiatieven/{initiativeId}/fasen",                api_plan_phases_form,        PAGE,            MEMBER, ROLE_BEWERKER,  0, "plan_phases",      NULL, NULL, NULL, NULL, NULL},
{"PUT",  "/initiatieven/{initiativeId}/fasen",                api_plan_phases_put,         API,             MEMBER, ROLE_BEWERKER,  1, NULL,               "putPhases",             "plan", "Replace the phases of an initiative and say which is current (needs bewerker)", "PhasesInput", "Plan"},
{"POST", "/initiatieven/{initiativeId}/fasen",                api_plan_phases_put,         PAGE,            MEMBER, ROLE_BEWERKER,  1, "plan_phases",      NULL, NULL, NULL, NULL, NULL},
{"GET",  "/organisaties/{org}/fasen",                         api_plan_org_phases_get,     BOTH,            MEMBER, ROLE_LEZER,     0, "plan_org_phases",  "getOrgPhases",          "plan", "The phases a new plan of the organisation starts with", NULL, "OrgPhases"},
{"PUT",  "/organisaties/{org}/fasen",                         api_plan_org_phases_put,     API,             MEMBER, ROLE_BEHEERDER, 1, NULL,               "putOrgPhases",          "plan", "Replace the organisation's default phases (needs beheerder)", "OrgPhasesInput", "OrgPhases"},
{"POST", "/organisaties/{org}/fasen",                         api_plan_org_phases_put,     PAGE,            MEMBER, ROLE_BEHEERDER, 1, "plan_org_phases",  NULL, NULL, NULL, NULL, NULL},
{"GET",  "/fasen/{phaseId}",                                  api_plan_gate_get,           BOTH,            MEMBER, ROLE_LEZER,     0, "plan_gate",        "getGate",               "plan", "The gate at the end of a phase: its criteria judged against today's evidence, and its reviews", NULL, "Gate"},
{"POST", "/fasen/{phaseId}/criteria",                         api_plan_criterion_create,   BOTH,            MEMBER, ROLE_BEWERKER,  1, "plan_gate",        "createCriterion",       "plan", "Add a criterion to a gate: knock-out or scored, optionally bound to evidence (needs bewerker)", "CriterionInput", "Criterion"},
{"PUT",  "/criteria/{criterionId}",                           api_plan_criterion_update,   API,             MEMBER, ROLE_BEWERKER,  1, NULL,               "updateCriterion",       "plan", "Replace a gate criterion (needs bewerker)", "CriterionInput", "Criterion"},
{"DELETE", "/criteria/{criterionId}",                         api_plan_criterion_delete,   API,             MEMBER, ROLE_BEWERKER,  1, NULL,               "deleteCriterion",       "plan", "Remove a gate criterion (needs bewerker)", NULL, NULL},
{"POST", "/criteria/{criterionId}/verwijderen",               api_plan_criterion_delete,   PAGE,            MEMBER, ROLE_BEWERKER,  1, "plan_gate",        NULL, NULL, NULL, NULL, NULL},
{"POST", "/fasen/{phaseId}/poortreviews",                     api_plan_review_open,        BOTH,            MEMBER, ROLE_BEWERKER,  1, "plan_gate",        "openGateReview",        "plan", "Open a gate review: snapshots the evidence about the initiative and judges the criteria against it (needs bewerker)", NULL, "GateReview"},
{"GET",  "/poortreviews/{reviewId}",                          api_plan_review_get,         BOTH,            MEMBER, ROLE_LEZER,     0, "plan_review",      "getGateReview",         "plan", "A gate review with its evidence snapshot, judgements, readiness and decision", NULL, "GateReview"},
{"PUT",  "/poortreviews/{reviewId}/oordelen",                 api_plan_review_judge,       API,             MEMBER, ROLE_BEWERKER,  1, NULL,               "judgeGateReview",       "plan", "Score and judge the criteria of an open gate review (needs bewerker)", "JudgementsInput", "GateReview"},
{"POST", "/poortreviews/{reviewId}/oordelen",                 api_plan_review_judge,       PAGE,            MEMBER, ROLE_BEWERKER,  1, "plan_review",      NULL, NULL, NULL, NULL, NULL},
{"POST", "/poortreviews/{reviewId}/besluit",                  api_plan_review_decide,      BOTH | R_UPDATE, MEMBER, ROLE_BEWERKER,  1, "plan_review",      "decideGateReview",      "plan", "Record the gate decision; going on past a failed knock-out needs a written reason (needs bewerker)", "GateDecisionInput", "GateReview"},
{"POST", "/initiatieven/{initiativeId}/stappen",              api_plan_step_create,        BOTH,            MEMBER, ROLE_BEWERKER,  1, "plan",             "createStep",            "plan", "Add a step to the step plan; a dependency cycle is refused naming it (needs bewerker)", "StepInput", "Step"},
{"POST", "/initiatieven/{initiativeId}/stappen/startplan",    api_plan_starter,            BOTH | R_UPDATE, MEMBER, ROLE_BEWERKER,  1, "plan",             "createStarterPlan",     "plan", "Make steps from the open actions of the latest round that have none yet (needs bewerker)", NULL, "StarterResult"},
{"GET",  "/initiatieven/{initiativeId}/stappen/export",       api_plan_steps_export,       CSV_API,         MEMBER, ROLE_LEZER,     0, NULL,               "exportSteps",           "plan", "The step plan as rows (?formaat=csv: CSV, docs/plan.md)", NULL, "StepExport"},
{"GET",  "/stappen/{stepId}",                                 api_plan_step_get,           BOTH,            MEMBER, ROLE_LEZER,     0, "plan_step",        "getStep",               "plan", "One step of the plan", NULL, "Step"},
{"PUT",  "/stappen/{stepId}",                                 api_plan_step_update,        API,             MEMBER, ROLE_BEWERKER,  1, NULL,               "updateStep",            "plan", "Replace a step; a dependency cycle is refused naming it (needs bewerker)", "StepInput", "Step"},
{"DELETE", "/stappen/{stepId}",                               api_plan_step_delete,        API,             MEMBER, ROLE_BEWERKER,  1, NULL,               "deleteStep",            "plan", "Remove a step (needs bewerker)", NULL, NULL},
{"PUT",  "/stappen/{stepId}/status",                          api_plan_step_status,        API,             MEMBER, ROLE_DEELNEMER, 1, NULL,               "setStepStatus",         "plan", "Set only the status of a step: open, bezig, klaar, geblokkeerd (needs deelnemer: the people who do the work)", "StepStatusInput", "Step"},
{"POST", "/stappen/{stepId}/status",                          api_plan_step_status,        PAGE,            MEMBER, ROLE_DEELNEMER, 1, "plan_step",        NULL, NULL, NULL, NULL, NULL},
{"POST", "/stappen/{stepId}/bewerken",                        api_plan_step_update,        PAGE,            MEMBER, ROLE_BEWERKER,  1, "plan_step",        NULL, NULL, NULL, NULL, NULL},
{"POST", "/stappen/{stepId}/verwijderen",                     api_plan_step_delete,        PAGE,            MEMBER, ROLE_BEWERKER,  1, "plan_step",        NULL, NULL, NULL, NULL, NULL},
{"GET",  "/initiatieven/{initiativeId}/bewijs",               api_plan_evidence,           API,             MEMBER, ROLE_LEZER,     0, NULL,               "getEvidence",           "plan", "What the product knows about an initiative now, per module: what a gate review snapshots", NULL, "Evidence"},
ROUTES_END,
};
/* clang-format on */

static int64_t phase_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : plan_store_phase_org(*id);
}

static int64_t criterion_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : plan_store_criterion_org(*id);
}

static int64_t review_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : plan_store_review_org(*id);
}

static int64_t step_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : plan_store_step_org(*id);
}

static const struct scope scopes[] = {
    {"phaseId", NULL, 1, phase_scope},
    {"criterionId", NULL, 0, criterion_scope},
    {"reviewId", NULL, 1, review_scope},
    {"stepId", NULL, 1, step_scope},
    {NULL, NULL, 0, NULL},
};

const struct module plan_module = {.name = "plan",
				   .routes = routes,
				   .scopes = scopes,
				   .migrations = plan_migrations,
				   .due = plan_store_due,
				   .evidence = plan_evidence};
