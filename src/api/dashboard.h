/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * dashboard: the metrics dashboard of an initiative (dashboard.c) and its
 * saved funnels (funnel_saved.c), both of the funnel module. The dashboard
 * runs the metric handlers of the metrics and funnel modules as
 * sub-requests over one date range, one query per chart.
 */
#ifndef SL_API_DASHBOARD_H
#define SL_API_DASHBOARD_H

#include <jansson.h>

#include "api/api.h"

/* Runs handler h for initiative ini with query q (borrowed) as an API call
 * of its own (not a page, problems of its own): 0 with *out, or -ERR_*. */
int dashboard_sub(const struct api_ctx *c, api_handler h, int64_t ini, json_t *q, json_t **out);

int api_dashboard(struct api_ctx *c, json_t **out);

int api_funnel_saved_list(struct api_ctx *c, json_t **out);
int api_funnel_saved_create(struct api_ctx *c, json_t **out);
int api_funnel_saved_get(struct api_ctx *c, json_t **out);
int api_funnel_saved_delete(struct api_ctx *c, json_t **out);
/* The query of the funnel route for saved funnel f (a store row) over
 * van..tot (NULL: the route's default); a new object. */
json_t *funnel_saved_query(const json_t *f, const char *van, const char *tot);

/* Saved retention and lifecycle queries (funnel_queries.c). */
int api_metric_query_list(struct api_ctx *c, json_t **out);
int api_metric_query_create(struct api_ctx *c, json_t **out);
int api_metric_query_get(struct api_ctx *c, json_t **out);
int api_metric_query_delete(struct api_ctx *c, json_t **out);
/* The page's "save this query" form of a retentie or levenscyclus page:
 * {kind, parameters (JSON text of the query's own parameters), canSave}. */
json_t *metric_query_save_form(const struct api_ctx *c, const char *kind);
/* The query of saved query q (a store row) over van..tot (NULL: the
 * route's default); a new object. */
json_t *metric_query_run_query(const json_t *q, const char *van, const char *tot);
/* Runs the route of saved query q with query: 0 with *out, or -ERR_*. */
int metric_query_run(const struct api_ctx *c, const json_t *q, json_t *query, json_t **out);

#endif
