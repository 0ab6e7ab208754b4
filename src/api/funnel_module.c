/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * funnel_module: funnels (conversion through ordered steps) and the
 * lifecycle of active persons (new, returning, resurrecting, dormant) of an
 * initiative, computed from its product events (the events module's store);
 * saved funnels (schema step 27) and the metrics dashboard of an initiative
 * or one of its sources. Pages beside the metrics module's. Scope:
 * {funnelId}. docs/metrics.md.
 */
#include "api/dashboard.h"
#include "api/metrics_funnel.h"
#include "api/route_rows.h"
#include "lib/util.h"
#include "store/funnel_store.h"
#include "store/metric_query_store.h"

/* The schema step of this module (src/store/funnel_schema.c). */
extern const struct migration funnel_migrations[];

/* clang-format off */
static const struct route routes[] = {
/* method  path                                                 handler                flags  access  role        csrf template             operationId            tag          summary, request, response */
{"GET",  "/initiatieven/{initiativeId}/metrieken/trechter",      api_metrics_funnel,    BOTH,  MEMBER, ROLE_LEZER, 0, "metrics_funnel",     "getFunnel",           "metrieken", "Funnel from the initiative's events: persons who did 2 to 10 steps in order within a window from their first step 1 (end inclusive, ties in one second), loose or strict order, conversion and median times per step, breakdown by a property (docs/metrics.md)", NULL, "MetricsFunnel"},
{"GET",  "/initiatieven/{initiativeId}/metrieken/levenscyclus",  api_metrics_lifecycle, BOTH,  MEMBER, ROLE_LEZER, 0, "metrics_lifecycle",  "getLifecycle",        "metrieken", "Lifecycle of active persons per day, week or month from the initiative's events: new (first event ever), returning, resurrecting and dormant (negative) (docs/metrics.md)", NULL, "MetricsLifecycle"},
{"GET",  "/initiatieven/{initiativeId}/metrieken",               api_dashboard,         BOTH,  MEMBER, ROLE_LEZER, 0, "metrics_dashboard",  "getMetricsDashboard", "metrieken", "The metrics dashboard of an initiative or one of its sources (bron): active persons and stickiness, weekly first-time retention, weekly lifecycle, the saved funnels and the KPI series with targets, over one date range and the same property filters (docs/metrics.md)", NULL, "MetricsDashboard"},
{"GET",  "/initiatieven/{initiativeId}/trechters",               api_funnel_saved_list, BOTH | R_PAGED, MEMBER, ROLE_LEZER, 0, "funnel_saved_list", "listSavedFunnels", "metrieken", "Saved funnels of an initiative, by name (definitions only)", NULL, "SavedFunnelList"},
{"POST", "/initiatieven/{initiativeId}/trechters",               api_funnel_saved_create, BOTH, MEMBER, ROLE_BEWERKER, 1, "funnel_saved_list", "createSavedFunnel", "metrieken", "Save a funnel: name, 2 to 10 steps, window, order and optionally one event source (needs bewerker)", "SavedFunnelInput", "SavedFunnel"},
{"GET",  "/trechters/{funnelId}",                                api_funnel_saved_get,  BOTH,  MEMBER, ROLE_LEZER, 0, "funnel_saved",       "getSavedFunnel",      "metrieken", "A saved funnel with its result over van..tot (default: the 30 days up to today)", NULL, "SavedFunnel"},
{"DELETE", "/trechters/{funnelId}",                              api_funnel_saved_delete, API, MEMBER, ROLE_BEWERKER, 1, NULL,                "deleteSavedFunnel",   "metrieken", "Delete a saved funnel (needs bewerker)", NULL, NULL},
{"POST", "/trechters/{funnelId}/verwijderen",                    api_funnel_saved_delete, PAGE, MEMBER, ROLE_BEWERKER, 1, "funnel_saved",     NULL, NULL, NULL, NULL, NULL},
{"GET",  "/initiatieven/{initiativeId}/bewaarde-metrieken",      api_metric_query_list, BOTH | R_PAGED, MEMBER, ROLE_LEZER, 0, "metric_query_list", "listSavedMetricQueries", "metrieken", "Saved retention and lifecycle queries of an initiative, by kind and name (definitions only)", NULL, "SavedMetricQueryList"},
{"POST", "/initiatieven/{initiativeId}/bewaarde-metrieken",      api_metric_query_create, BOTH, MEMBER, ROLE_BEWERKER, 1, "metric_query_list", "createSavedMetricQuery", "metrieken", "Save a retention or lifecycle query: name, kind and the route's parameters, checked by running it (needs bewerker)", "SavedMetricQueryInput", "SavedMetricQuery"},
{"GET",  "/bewaarde-metrieken/{savedQueryId}",                   api_metric_query_get,  BOTH,  MEMBER, ROLE_LEZER, 0, "metric_query",       "getSavedMetricQuery", "metrieken", "A saved retention or lifecycle query with its result over van..tot (default: the route's range)", NULL, "SavedMetricQuery"},
{"DELETE", "/bewaarde-metrieken/{savedQueryId}",                 api_metric_query_delete, API, MEMBER, ROLE_BEWERKER, 1, NULL,               "deleteSavedMetricQuery", "metrieken", "Delete a saved retention or lifecycle query (needs bewerker)", NULL, NULL},
{"POST", "/bewaarde-metrieken/{savedQueryId}/verwijderen",       api_metric_query_delete, PAGE, MEMBER, ROLE_BEWERKER, 1, "metric_query",   NULL, NULL, NULL, NULL, NULL},
ROUTES_END,
};
/* clang-format on */

static int64_t funnel_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : funnel_store_org(*id);
}

static int64_t query_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : metric_query_store_org(*id);
}

static const struct scope scopes[] = {
    {"funnelId", NULL, 0, funnel_scope},
    {"savedQueryId", NULL, 0, query_scope},
    {NULL, NULL, 0, NULL},
};

/* Its collections and how they are paged (api/page.h; docs/architecture.md). */
static const struct paged paged[] = {
    {.op = "listSavedFunnels", .array = "funnels", .kind = PAGE_NUMBER},
    {.op = "listSavedMetricQueries", .array = "queries", .kind = PAGE_NUMBER},
    {0},
};

const struct module funnel_module = {
    .name = "funnel", .routes = routes, .scopes = scopes, .migrations = funnel_migrations, .paged = paged};
