/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * growth_module: growth metrics of an initiative computed from its product
 * events (activation, churn, K-factor, NPS, revenue, LTV and CAC) with the
 * Groei page, and experiments whose counts come from events (exposure and
 * conversion events, schema step 23). docs/metrics.md, "Growth", and
 * docs/experiments-from-events.md.
 */
#include "api/experiment_events.h"
#include "api/metrics_growth.h"
#include "api/route_rows.h"
#include "lib/util.h"

extern const struct migration growth_migrations[];

/* clang-format off */
static const struct route routes[] = {
/* method  path                                                 handler                  flags  access  role        csrf template          operationId             tag          summary, request, response */
{"GET",  "/initiatieven/{initiativeId}/metrieken/groei",        api_growth_overview,     BOTH,  MEMBER, ROLE_LEZER, 0, "growth_overview", "getGrowth",            "metrieken", "All growth metrics of the initiative's events at once (the Groei page): activation, churn, K-factor, NPS, revenue and unit economics, with one set of parameters (docs/metrics.md)", NULL, "GrowthOverview"},
{"GET",  "/initiatieven/{initiativeId}/metrieken/activatie",    api_growth_activation,   API,   MEMBER, ROLE_LEZER, 0, NULL,              "getActivation",        "metrieken", "Activation by cohort: persons first seen in a period who did the activation event within N days of first seen (window end included)", NULL, "GrowthActivation"},
{"GET",  "/initiatieven/{initiativeId}/metrieken/churn",        api_growth_churn,        API,   MEMBER, ROLE_LEZER, 0, NULL,              "getChurn",             "metrieken", "Churn per period: persons active in the period with no event in the N days after their last event in it; incomplete periods are null", NULL, "GrowthChurn"},
{"GET",  "/initiatieven/{initiativeId}/metrieken/kfactor",      api_growth_kfactor,      API,   MEMBER, ROLE_LEZER, 0, NULL,              "getKFactor",           "metrieken", "K-factor = (invites sent / persons who signed up) x (invites accepted / invites sent), in total and per period", NULL, "GrowthKfactor"},
{"GET",  "/initiatieven/{initiativeId}/metrieken/nps",          api_growth_nps,          API,   MEMBER, ROLE_LEZER, 0, NULL,              "getNps",               "metrieken", "Net Promoter Score from survey events: each person's latest valid answer in the span; 100 x (promoters 9-10 - detractors 0-6) / respondents", NULL, "GrowthNps"},
{"GET",  "/initiatieven/{initiativeId}/metrieken/omzet",        api_growth_revenue,      API,   MEMBER, ROLE_LEZER, 0, NULL,              "getRevenue",           "metrieken", "Revenue as an exact decimal sum of a property of purchase events, in total and per period, with paying and new paying persons", NULL, "GrowthRevenue"},
{"GET",  "/initiatieven/{initiativeId}/metrieken/ltv",          api_growth_unit,         API,   MEMBER, ROLE_LEZER, 0, NULL,              "getUnitEconomics",     "metrieken", "LTV, CAC (a marketing-cost KPI series / new paying persons), LTV/CAC and CAC payback in months", NULL, "GrowthUnitEconomics"},
{"GET",  "/experimenten/{experimentId}/gebeurtenissen",         api_experiment_events_get, BOTH, MEMBER, ROLE_LEZER, 0, "growth_experiment_events",              "getExperimentEvents",  "experimenten", "The experiment's binding to events (exposure event or feature-flag property, conversion event and window) and the counts per variant computed from them now, with the analysis they give (SRM check included)", NULL, "ExperimentEvents"},
{"PUT",  "/experimenten/{experimentId}/gebeurtenissen",         api_experiment_events_put, API, MEMBER, ROLE_BEWERKER, 1, NULL,          "putExperimentEvents",  "experimenten", "Binds the experiment to events: its exposure (an event with a variant property, or a feature-flag property such as $feature/<flag>) and its conversion event within N days after exposure", "ExperimentEventsInput", "ExperimentEvents"},
{"POST", "/experimenten/{experimentId}/gebeurtenissen",         api_experiment_events_put, PAGE, MEMBER, ROLE_BEWERKER, 1, "growth_experiment_events", NULL, NULL, NULL, NULL, NULL},
{"DELETE", "/experimenten/{experimentId}/gebeurtenissen",       api_experiment_events_delete, API, MEMBER, ROLE_BEWERKER, 1, NULL,       "deleteExperimentEvents", "experimenten", "Removes the binding: the experiment's counts are typed in again", NULL, NULL},
{"POST", "/experimenten/{experimentId}/gebeurtenissen/analyse", api_experiment_events_analyse, BOTH, MEMBER, ROLE_BEWERKER, 1, "growth_experiment_events",     "analyseExperimentEvents", "experimenten", "Stores the analysis of the counts computed from the events now, as if they had been typed in (the experiment's result and its key results follow)", NULL, "Analysis"},
{"GET",  "/kpi-reeksen/{seriesId}/metriek",                     api_growth_series_metric_get, API, MEMBER, ROLE_LEZER, 0, NULL, "getKpiSeriesMetric", "kpi", "The growth metric a KPI series follows (key results bound to the series follow it too, recomputed when shown), with its value now", NULL, "KpiSeriesMetric"},
{"PUT",  "/kpi-reeksen/{seriesId}/metriek",                     api_growth_series_metric_put, API, MEMBER, ROLE_BEWERKER, 1, NULL, "putKpiSeriesMetric", "kpi", "Makes a KPI series follow a growth metric (dau, wau, mau, activatie, churn, kfactor, nps, omzet, ltv_cac) with the query parameters of the metric's route", "KpiSeriesMetricInput", "KpiSeriesMetric"},
{"DELETE", "/kpi-reeksen/{seriesId}/metriek",                   api_growth_series_metric_delete, API, MEMBER, ROLE_BEWERKER, 1, NULL, "deleteKpiSeriesMetric", "kpi", "The series follows no metric any more: its stored values count again", NULL, NULL},
ROUTES_END,
};
/* clang-format on */

const struct module growth_module = {.name = "growth", .routes = routes, .migrations = growth_migrations};
