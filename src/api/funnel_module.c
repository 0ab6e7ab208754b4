/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * funnel_module: funnels (conversion through ordered steps) and the
 * lifecycle of active persons (new, returning, resurrecting, dormant) of an
 * initiative, computed from its product events (the events module's store).
 * Read-only, no schema of its own; pages beside the metrics module's.
 * docs/metrics.md.
 */
#include "api/metrics_funnel.h"
#include "api/route_rows.h"
#include "lib/util.h"

/* clang-format off */
static const struct route routes[] = {
/* method  path                                                 handler                flags  access  role        csrf template             operationId            tag          summary, request, response */
{"GET",  "/initiatieven/{initiativeId}/metrieken/trechter",      api_metrics_funnel,    BOTH,  MEMBER, ROLE_LEZER, 0, "metrics_funnel",     "getFunnel",           "metrieken", "Funnel from the initiative's events: persons who did 2 to 10 steps in order within a window from their first step 1 (end inclusive, ties in one second), loose or strict order, conversion and median times per step, breakdown by a property (docs/metrics.md)", NULL, "MetricsFunnel"},
{"GET",  "/initiatieven/{initiativeId}/metrieken/levenscyclus",  api_metrics_lifecycle, BOTH,  MEMBER, ROLE_LEZER, 0, "metrics_lifecycle",  "getLifecycle",        "metrieken", "Lifecycle of active persons per day, week or month from the initiative's events: new (first event ever), returning, resurrecting and dormant (negative) (docs/metrics.md)", NULL, "MetricsLifecycle"},
ROUTES_END,
};
/* clang-format on */

const struct module funnel_module = {.name = "funnel", .routes = routes};
