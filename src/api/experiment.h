/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * experiment: handlers for the experiments of an initiative and their
 * decision record (experiment.c), and their analyses (the `scalelab stats
 * ab` input, stored with its result; experiment_analysis.c). Writes need
 * bewerker; reads lezer.
 */
#ifndef SL_API_EXPERIMENT_H
#define SL_API_EXPERIMENT_H

#include "api/api.h"
#include "domain/experiment.h"

int api_experiment_list(struct api_ctx *c, json_t **out);
int api_experiment_new_form(struct api_ctx *c, json_t **out);
int api_experiment_create(struct api_ctx *c, json_t **out);
int api_experiment_get(struct api_ctx *c, json_t **out);
int api_experiment_update(struct api_ctx *c, json_t **out);
int api_experiment_decide(struct api_ctx *c, json_t **out);
/* experiment_analysis.c */
int api_analysis_list(struct api_ctx *c, json_t **out);
int api_analysis_get(struct api_ctx *c, json_t **out);
int api_analysis_create(struct api_ctx *c, json_t **out);

/* The representations of the experiment module's resources; the caller
 * owns the result. Experiment without results, latestAnalysis and canEdit
 * (the handlers add those); ExperimentSummary; Analysis. */
json_t *api_experiment_json(const struct experiment *e);
json_t *api_experiment_summary_json(const struct experiment *e);
json_t *api_analysis_json(const struct experiment_analysis *a);
/* A planned split as the API shows it: [control, treatment], whole numbers
 * as integers ([50, 50]). */
json_t *api_experiment_split_json(const double split[2]);

/* Copy of v with every object key turned from snake_case into lowerCamelCase
 * ("chance_to_win" -> "chanceToWin"); the caller owns the result. */
json_t *api_experiment_camel(const json_t *v);
/* The one analysis builder (typed-in counts and counts from events): runs
 * the statistics of an AnalysisInput document (camelCase; metricName,
 * metric, control, treatment, weights, ...): 0 with *result the camelCase
 * AnalysisResult (new reference), or -ERR_INVALID with the problems,
 * camelCase names, appended to invalid. */
int api_analysis_run(const json_t *in, json_t *invalid, json_t **result);
/* Stores in and result as an analysis of experiment e's metric_name (the
 * first moves the experiment to lopend), audits analysis.create, sets 201
 * and the location, and answers the stored analysis. 0 or -ERR_*. */
int api_analysis_store(struct api_ctx *c, const struct experiment *e, const char *metric_name,
		       const json_t *in, const json_t *result, json_t **out);

#endif
