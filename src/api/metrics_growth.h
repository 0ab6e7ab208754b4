/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_growth: handlers of the growth metrics of an initiative's product
 * events: activation, churn, K-factor, NPS, revenue and unit economics (LTV,
 * CAC with a marketing-cost KPI series), each on its own route, and the
 * Groei overview (page and API) that holds them all. Kernels in
 * domain/metrics_growth.h; docs/metrics.md, "Growth".
 */
#ifndef SL_API_METRICS_GROWTH_H
#define SL_API_METRICS_GROWTH_H

#include <jansson.h>

#include "api/api.h"

int api_growth_activation(struct api_ctx *c, json_t **out);
int api_growth_churn(struct api_ctx *c, json_t **out);
int api_growth_kfactor(struct api_ctx *c, json_t **out);
int api_growth_nps(struct api_ctx *c, json_t **out);
int api_growth_revenue(struct api_ctx *c, json_t **out);
int api_growth_unit(struct api_ctx *c, json_t **out);
int api_growth_overview(struct api_ctx *c, json_t **out);

/* A KPI series that follows a growth metric (a key result bound to the
 * series follows it too, recomputed when shown): GET, PUT and DELETE of
 * /kpi-reeksen/{seriesId}/metriek. */
extern const char *const growth_series_metrics[]; /* dau wau mau activatie churn kfactor nps omzet ltv_cac */
/* Every metric a reference can name: growth_series_metrics and retentie
 * (the retention percentage at interval `periode` over the complete cells
 * of every cohort; gate criteria only: step 24's table holds the nine). */
extern const char *const growth_metrics[];
int api_growth_series_metric_get(struct api_ctx *c, json_t **out);
int api_growth_series_metric_put(struct api_ctx *c, json_t **out);
int api_growth_series_metric_delete(struct api_ctx *c, json_t **out);
/* The value now of a metric (one of growth_metrics) of an
 * initiative's events with the query parameters of the metric's route
 * (strings): 0 with *value (NAN when undefined) and, when trend is not
 * NULL, *trend = [{date, value|null}] per period or day (a new reference,
 * NULL for nps and ltv_cac), or -ERR_* with problems in invalid named as
 * the parameters. The one metric reference of the KPI binding and of gate
 * criteria (plan module). */
int api_growth_metric(int64_t ini, const char *metric, const json_t *params, double *value, json_t **trend,
		      json_t *invalid);
/* Checks a metric's parameters (an object of strings) by running it; bad
 * ones are added to c->invalid named prefix.<name>. *params: the accepted
 * copy (a new reference, also on failure). 0 or -ERR_INVALID. */
int api_growth_metric_check(struct api_ctx *c, int64_t ini, const char *metric, const json_t *in,
			    const char *prefix, json_t **params);
/* The path of the page that shows the metric (the Groei page or, for
 * dau/wau/mau, the active-persons page) with its parameters. New reference. */
json_t *api_growth_metric_link(int64_t ini, const char *metric, const json_t *params);
/* A metric reference as pages and the API show it: {metric, parameters,
 * source: {id, name}|null (the bron parameter), link}. New reference. */
json_t *api_growth_metric_ref(int64_t ini, const char *metric, const json_t *params);
/* What a series' page shows of the metric it follows: the document of GET
 * /kpi-reeksen/{id}/metriek (metric, parameters, source, link, value,
 * computedAt, trend), or JSON null when it follows none. New reference. */
json_t *api_growth_series_follows(int64_t series_id, int64_t initiative_id);
/* 1 with *value the metric's value now (NAN when undefined) when the
 * series follows a metric; 0 when it does not. */
int api_growth_series_value(int64_t series_id, int64_t initiative_id, double *value);

#endif
