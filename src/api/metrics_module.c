/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_module: growth metrics of an initiative computed from its
 * product events (the events module's store): active persons per day
 * (DAU/WAU/MAU, stickiness) and retention by cohort. Read-only, no schema
 * of its own. docs/metrics.md.
 */
#include "api/metrics.h"
#include "api/route_rows.h"
#include "lib/util.h"

/* clang-format off */
static const struct route routes[] = {
/* method  path                                                 handler                flags  access  role        csrf template             operationId            tag          summary, request, response */
{"GET",  "/initiatieven/{initiativeId}/metrieken/actief",        api_metrics_active,    BOTH,  MEMBER, ROLE_LEZER, 0, "metrics_active",     "getActivePersons",    "metrieken", "Active persons per UTC day from the initiative's events: DAU, WAU, MAU (distinct persons in the 1, 7, 30 days ending on the day) and stickiness DAU/MAU (docs/metrics.md)", NULL, "MetricsActive"},
{"GET",  "/initiatieven/{initiativeId}/metrieken/retentie",      api_metrics_retention, BOTH,  MEMBER, ROLE_LEZER, 0, "metrics_retention",  "getRetention",        "metrieken", "Retention by cohort from the initiative's events: first-time or recurring start, returned on or on-or-after each rolling day or week interval; incomplete cells are null (docs/metrics.md)", NULL, "MetricsRetention"},
ROUTES_END,
};
/* clang-format on */

const struct module metrics_module = {.name = "metrics", .routes = routes, .evidence = api_metrics_evidence};
