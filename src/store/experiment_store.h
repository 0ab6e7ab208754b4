/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * experiment_store: tables experiments and analyses. Reads fill the domain
 * structs of domain/experiment.h; what they own is released with that
 * header's free functions (experiment_free, experiment_list_free,
 * experiment_analysis_free, experiment_analysis_list_free). States are
 * written and read through the domain's name tables.
 */
#ifndef SL_EXPERIMENT_STORE_H
#define SL_EXPERIMENT_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/experiment.h"

/* Experiments of an initiative, newest first: id, name, metric,
 * metric_kind, status, decision, starts_on, ends_on, analysis_count and
 * updated_at are set. Returns the array (n in *n; caller frees with
 * experiment_list_free), NULL when there are none. */
struct experiment *experiment_store_list(int64_t initiative_id, size_t *n);
/* Fills *out with every member (secondary metrics, decision record,
 * analysis count, names of initiative and organisation); 0, or
 * -ERR_NOTFOUND (out untouched). Caller frees with experiment_free. */
int experiment_store_get(int64_t id, struct experiment *out);
/* Org of the experiment's initiative, or -ERR_NOTFOUND. */
int64_t experiment_store_org(int64_t id);
/* The experiment of an analysis, or -ERR_NOTFOUND. */
int64_t experiment_store_analysis_experiment(int64_t analysis_id);
int64_t experiment_store_create(const struct experiment *in);
/* Replaces the designed fields; the decision record is untouched. */
int experiment_store_update(const struct experiment *in);
/* Records a decision (replacing an earlier one) and sets the status the
 * caller derived from it (experiment_decision_status). */
int experiment_store_decide(int64_t id, enum experiment_decision decision, const char *note,
			    enum experiment_status status, int64_t user_id);
/* Sets the status alone (and updated_at). */
int experiment_store_set_status(int64_t id, enum experiment_status status);

/* Stores one analysis of the metric named metric_name; returns its id, or
 * -ERR_NOTFOUND when the experiment is gone. The status is the caller's
 * (experiment_status_after_analysis). */
int64_t experiment_store_analysis_add(int64_t experiment_id, const char *metric_name, const json_t *input,
				      const json_t *result, int64_t user_id);
/* The newest analysis of each metric name the experiment has analyses
 * for (also of names no longer among its metrics), newest first. Caller
 * frees with experiment_analysis_list_free; NULL when there are none. */
struct experiment_analysis *experiment_store_latest_by_metric(int64_t experiment_id, size_t *n);
/* Analyses of an experiment, newest first (same ownership). */
struct experiment_analysis *experiment_store_analyses(int64_t experiment_id, size_t *n);
/* One analysis into *out; 0 or -ERR_NOTFOUND. Caller frees with
 * experiment_analysis_free. */
int experiment_store_analysis_get(int64_t analysis_id, struct experiment_analysis *out);

#endif
