/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * experiment_module: experiments of an initiative with budget, time box and success
 * criterion, their analyses (the stats ab input and result) and the
 * decision record. Scopes: {experimentId}, {analysisId} (of that experiment).
 */
#include "api/experiment.h"
#include "api/evidence.h"
#include "api/route_rows.h"
#include "lib/util.h"
#include "store/experiment_store.h"

/* The schema steps of this module (src/store/experiment_schema.c). */
extern const struct migration experiment_migrations[];

/* clang-format off */
static const struct route routes[] = {
/* method  path                                        handler                   flags         access    role             csrf template            operationId            tag               summary, request, response */
{"GET",  "/initiatieven/{initiativeId}/experimenten",   api_experiment_list,     BOTH | R_PAGED,         MEMBER,   ROLE_LEZER,      0, "experiment_list",   "listExperiments",   "experimenten", "Experiments of an initiative", NULL, "ExperimentList"},
{"POST", "/initiatieven/{initiativeId}/experimenten",   api_experiment_create,   BOTH,         MEMBER,   ROLE_BEWERKER,   1, "experiment_new",    "createExperiment",  "experimenten", "Create an experiment (needs bewerker)", "ExperimentInput", "Experiment"},
{"GET",  "/initiatieven/{initiativeId}/experimenten/nieuw", api_experiment_new_form, PAGE,     MEMBER,   ROLE_BEWERKER,   0, "experiment_new",    NULL, NULL, NULL, NULL, NULL},
{"GET",  "/experimenten/{experimentId}",                api_experiment_get,      BOTH,         MEMBER,   ROLE_LEZER,      0, "experiment",        "getExperiment",     "experimenten", "One experiment with its decision record and latest analysis", NULL, "Experiment"},
{"PUT",  "/experimenten/{experimentId}",                api_experiment_update,   API,          MEMBER,   ROLE_BEWERKER,   1, NULL,                "updateExperiment",  "experimenten", "Replace the design of an experiment (needs bewerker)", "ExperimentInput", "Experiment"},
{"GET",  "/experimenten/{experimentId}/bewerken",       api_experiment_get,      PAGE,         MEMBER,   ROLE_BEWERKER,   0, "experiment_edit",   NULL, NULL, NULL, NULL, NULL},
{"POST", "/experimenten/{experimentId}/bewerken",       api_experiment_update,   PAGE,         MEMBER,   ROLE_BEWERKER,   1, "experiment_edit",   NULL, NULL, NULL, NULL, NULL},
{"GET",  "/experimenten/{experimentId}/analyses",       api_analysis_list,       API | R_PAGED,          MEMBER,   ROLE_LEZER,      0, NULL,                "listAnalyses",      "experimenten", "Analyses of an experiment, newest first", NULL, "AnalysisList"},
{"POST", "/experimenten/{experimentId}/analyses",       api_analysis_create,     BOTH,         MEMBER,   ROLE_BEWERKER,   1, "experiment",        "createAnalysis",    "experimenten", "Analyse counts (the scalelab stats ab input) and store input and result (needs bewerker)", "AnalysisInput", "Analysis"},
{"GET",  "/experimenten/{experimentId}/analyses/{analysisId}", api_analysis_get, API,          MEMBER,   ROLE_LEZER,      0, NULL,                "getAnalysis",       "experimenten", "One analysis of an experiment", NULL, "Analysis"},
{"POST", "/experimenten/{experimentId}/besluit",        api_experiment_decide,   BOTH | R_UPDATE, MEMBER,   ROLE_BEWERKER,   1, "experiment",        "decideExperiment",  "experimenten", "Record the decision: opschalen, aanpassen or stoppen (needs bewerker)", "DecisionInput", "Experiment"},
ROUTES_END,
};
/* clang-format on */

static int64_t experiment_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : experiment_store_org(*id);
}

static int64_t analysis_scope(const char *value, int64_t experiment, int64_t *id)
{
	if (api_parse_id(value, id) < 0 || experiment_store_analysis_experiment(*id) != experiment)
		return -ERR_NOTFOUND;
	return 0;
}

static const struct scope scopes[] = {
    {"experimentId", NULL, 0, experiment_scope},
    {"analysisId", "experimentId", 0, analysis_scope},
    {NULL, NULL, 0, NULL},
};

/* Its collections and how they are paged (api/page.h; docs/architecture.md). */
static const struct paged paged[] = {
    {.op = "listExperiments", .array = "experiments", .kind = PAGE_NUMBER},
    {.op = "listAnalyses", .array = "analyses", .kind = PAGE_NUMBER},
    {0},
};

const struct module experiment_module = {.paged = paged,
					 .name = "experiment",
					 .routes = routes,
					 .scopes = scopes,
					 .migrations = experiment_migrations,
					 .evidence = experiment_evidence};
