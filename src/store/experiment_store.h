/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * experiment_store: tables experiments and analyses; reads come back as
 * API-shaped JSON (camelCase, the decision nested, input/result parsed).
 * Callers own every json_t returned (json_decref).
 */
#ifndef SL_EXPERIMENT_STORE_H
#define SL_EXPERIMENT_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "domain/experiment.h"

/* Experiments of an initiative, newest first, with the latest lift. */
json_t *experiment_store_list(int64_t initiative_id);
/* NULL when absent. Includes the metrics [{name, kind, primary}], the
 * decision record, the number of analyses and the latest analysis (or null). */
json_t *experiment_store_get(int64_t id);
/* Org of the experiment's initiative, or -ERR_NOTFOUND. */
int64_t experiment_store_org(int64_t id);
/* The experiment of an analysis, or -ERR_NOTFOUND. */
int64_t experiment_store_analysis_experiment(int64_t analysis_id);
int64_t experiment_store_create(const struct experiment *in);
/* Replaces the designed fields; the decision record is untouched. */
int experiment_store_update(const struct experiment *in);
/* Records a decision (replacing an earlier one) and sets the status. */
int experiment_store_decide(int64_t id, const char *decision, const char *note, int64_t user_id);

/* Stores one analysis of the metric named metric_name; returns its id.
 * The first analysis moves the status from ontwerp to lopend. */
int64_t experiment_store_analysis_add(int64_t experiment_id, const char *metric_name, const json_t *input,
				      const json_t *result, int64_t user_id);
/* The newest analysis of each metric: an object keyed by metric name. */
json_t *experiment_store_latest_by_metric(int64_t experiment_id);
/* Analyses of an experiment, newest first. */
json_t *experiment_store_analyses(int64_t experiment_id);
/* One analysis, or NULL. */
json_t *experiment_store_analysis_get(int64_t analysis_id);

#endif
