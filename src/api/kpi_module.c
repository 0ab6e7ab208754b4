/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kpi_module: KPI series of an initiative (adoption counts and other
 * indicators) with one value per day, entered on the page, written through
 * the value API or imported from CSV; a key result can take its value from
 * a series (okr). Scopes: {seriesId}, {datum} (a date, of that series).
 */
#include "api/kpi.h"
#include "api/route_rows.h"
#include "domain/okr.h"
#include "lib/util.h"
#include "store/kpi_store.h"

/* The schema steps of this module (src/store/kpi_schema.c). */
extern const struct migration kpi_migrations[];

/* clang-format off */
static const struct route routes[] = {
/* method  path                                            handler                   flags           access  role            csrf template           operationId         tag    summary, request, response */
{"GET",  "/initiatieven/{initiativeId}/kpi-reeksen",        api_kpi_series_list,      BOTH | R_PAGED,           MEMBER, ROLE_LEZER,     0, "kpi_list",         "listKpiSeries",    "kpi", "KPI series of an initiative with their latest value and progress towards the target", NULL, "KpiSeriesList"},
{"GET",  "/initiatieven/{initiativeId}/kpi-reeksen/nieuw",  api_kpi_series_new_form,  PAGE,           MEMBER, ROLE_BEWERKER,  0, "kpi_series_new",   NULL, NULL, NULL, NULL, NULL},
{"POST", "/initiatieven/{initiativeId}/kpi-reeksen",        api_kpi_series_create,    BOTH,           MEMBER, ROLE_BEWERKER,  1, "kpi_series_new",   "createKpiSeries",  "kpi", "Create a KPI series: an adoption count or another indicator (needs bewerker)", "KpiSeriesInput", "KpiSeries"},
{"POST", "/initiatieven/{initiativeId}/kpi-reeksen/import", api_kpi_import,           BOTH | R_UPDATE, MEMBER, ROLE_BEWERKER, 1, "kpi_list",         "importKpiValues",  "kpi", "Import values of the initiative's series from CSV (docs/kpi.md); one bad line imports nothing (needs bewerker)", "KpiImportInput", "KpiImportResult"},
{"GET",  "/kpi-reeksen/{seriesId}",                         api_kpi_series_get,       BOTH,           MEMBER, ROLE_LEZER,     0, "kpi_series",       "getKpiSeries",     "kpi", "A KPI series with its values, progress and the key results bound to it", NULL, "KpiSeries"},
{"PUT",  "/kpi-reeksen/{seriesId}",                         api_kpi_series_update,    API,            MEMBER, ROLE_BEWERKER,  1, NULL,               "updateKpiSeries",  "kpi", "Replace a KPI series' definition (needs bewerker)", "KpiSeriesInput", "KpiSeries"},
{"DELETE", "/kpi-reeksen/{seriesId}",                       api_kpi_series_delete,    API,            MEMBER, ROLE_BEWERKER,  1, NULL,               "deleteKpiSeries",  "kpi", "Delete a KPI series and its values; bound key results become manual (needs bewerker)", NULL, NULL},
{"GET",  "/kpi-reeksen/{seriesId}/bewerken",                api_kpi_series_edit_form, PAGE,           MEMBER, ROLE_BEWERKER,  0, "kpi_series_edit",  NULL, NULL, NULL, NULL, NULL},
{"POST", "/kpi-reeksen/{seriesId}/bewerken",                api_kpi_series_update,    PAGE,           MEMBER, ROLE_BEWERKER,  1, "kpi_series_edit",  NULL, NULL, NULL, NULL, NULL},
{"POST", "/kpi-reeksen/{seriesId}/verwijderen",             api_kpi_series_delete,    PAGE,           MEMBER, ROLE_BEWERKER,  1, "kpi_series_edit",  NULL, NULL, NULL, NULL, NULL},
{"POST", "/kpi-reeksen/{seriesId}/waarden",                 api_kpi_value_add,        PAGE,           MEMBER, ROLE_DEELNEMER, 1, "kpi_series",       NULL, NULL, NULL, NULL, NULL},
{"PUT",  "/kpi-reeksen/{seriesId}/waarden/{datum}",         api_kpi_value_put,        API,            MEMBER, ROLE_DEELNEMER, 1, NULL,               "putKpiValue",      "kpi", "Write the value of a KPI series for one day; writing it again changes nothing (needs deelnemer)", "KpiValueInput", "KpiValue"},
{"DELETE", "/kpi-reeksen/{seriesId}/waarden/{datum}",       api_kpi_value_delete,     API,            MEMBER, ROLE_DEELNEMER, 1, NULL,               "deleteKpiValue",   "kpi", "Remove the value of one day (needs deelnemer)", NULL, NULL},
{"POST", "/kpi-reeksen/{seriesId}/waarden/{datum}/verwijderen", api_kpi_value_delete, PAGE,           MEMBER, ROLE_DEELNEMER, 1, "kpi_series",       NULL, NULL, NULL, NULL, NULL},
ROUTES_END,
};
/* clang-format on */

static int64_t series_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : kpi_store_series_org(*id);
}

/* A date of a series: any calendar date; its id is its day number. */
static int64_t date_scope(const char *value, int64_t series, int64_t *id)
{
	(void)series;
	int64_t d = okr_day(value);
	if (d == INT64_MIN)
		return -ERR_NOTFOUND;
	*id = d;
	return 0;
}

static const struct scope scopes[] = {
    {"seriesId", NULL, 0, series_scope},
    {"datum", "seriesId", 0, date_scope},
    {NULL, NULL, 0, NULL},
};

/* Its collections and how they are paged (api/page.h; docs/architecture.md). */
static const struct paged paged[] = {
    {.op = "listKpiSeries", .array = "series", .kind = PAGE_NUMBER},
    {0},
};

const struct module kpi_module = {
    .paged = paged, .name = "kpi", .routes = routes, .scopes = scopes, .migrations = kpi_migrations};
