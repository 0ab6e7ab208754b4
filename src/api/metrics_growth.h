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
int api_growth_series_metric_get(struct api_ctx *c, json_t **out);
int api_growth_series_metric_put(struct api_ctx *c, json_t **out);
int api_growth_series_metric_delete(struct api_ctx *c, json_t **out);
/* 1 with *value the metric's value now (NAN when undefined) when the
 * series follows a metric; 0 when it does not. */
int api_growth_series_value(int64_t series_id, int64_t initiative_id, double *value);

#endif
