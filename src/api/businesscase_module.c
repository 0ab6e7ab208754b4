/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * businesscase_module: business cases per party of an initiative: parties,
 * lines of cost and benefit per year, the wrong-pocket matrix with NPV,
 * payback and break-even per party, scenarios, rate sensitivity, tornado,
 * the deal (transfers that make every party whole) and unit economics;
 * export as XLSX with live formulas and as CSV (docs/businesscase.md).
 * Scopes: {caseId}, {partyId} and {lineId} (of that case). Evidence: the
 * initiative's most recently changed case under "businesscase".
 */
#include "api/businesscase.h"
#include "api/route_rows.h"
#include "lib/util.h"
#include "store/businesscase_store.h"

/* The schema steps of this module (src/store/businesscase_schema.c). */
extern const struct migration businesscase_migrations[];

#define EXPORT_API (R_API | R_CSV | R_XLSX)

/* clang-format off */
static const struct route routes[] = {
/* method  path                                                      handler                 flags  access  role            csrf template        operationId                tag              summary, request, response */
{"GET",  "/initiatieven/{initiativeId}/businesscases",               api_bc_list,            BOTH | R_PAGED,  MEMBER, ROLE_LEZER,     0, "bc_list",      "listBusinessCases",       "businesscases", "Business cases of an initiative with their total NPV and parties below zero", NULL, "BusinessCaseList"},
{"GET",  "/initiatieven/{initiativeId}/businesscases/nieuw",         api_bc_new_form,        PAGE,  MEMBER, ROLE_BEWERKER,  0, "bc_new",       NULL, NULL, NULL, NULL, NULL},
{"POST", "/initiatieven/{initiativeId}/businesscases",               api_bc_create,          BOTH,  MEMBER, ROLE_BEWERKER,  1, "bc_new",       "createBusinessCase",      "businesscases", "Create a business case; without a rate it takes the dated preset (needs bewerker)", "BusinessCaseInput", "BusinessCase"},
{"GET",  "/businesscases/{caseId}",                                  api_bc_get,             BOTH,  MEMBER, ROLE_LEZER,     0, "bc_case",      "getBusinessCase",         "businesscases", "A business case per party: matrix, NPV, payback, scenarios, sensitivity, tornado, deal, unit economics", NULL, "BusinessCase"},
{"PUT",  "/businesscases/{caseId}",                                  api_bc_update,          API,   MEMBER, ROLE_BEWERKER,  1, NULL,           "updateBusinessCase",      "businesscases", "Replace a business case's name, horizon, rate and source (needs bewerker)", "BusinessCaseInput", "BusinessCase"},
{"DELETE", "/businesscases/{caseId}",                                api_bc_delete,          API,   MEMBER, ROLE_BEWERKER,  1, NULL,           "deleteBusinessCase",      "businesscases", "Delete a business case with its parties and lines (needs bewerker)", NULL, NULL},
{"GET",  "/businesscases/{caseId}/bewerken",                         api_bc_edit_form,       PAGE,  MEMBER, ROLE_BEWERKER,  0, "bc_edit",      NULL, NULL, NULL, NULL, NULL},
{"POST", "/businesscases/{caseId}/bewerken",                         api_bc_update,          PAGE,  MEMBER, ROLE_BEWERKER,  1, "bc_edit",      NULL, NULL, NULL, NULL, NULL},
{"POST", "/businesscases/{caseId}/verwijderen",                      api_bc_delete,          PAGE,  MEMBER, ROLE_BEWERKER,  1, "bc_edit",      NULL, NULL, NULL, NULL, NULL},
{"GET",  "/businesscases/{caseId}/export",                           api_bc_export,          EXPORT_API, MEMBER, ROLE_LEZER, 0, NULL,          "exportBusinessCase",      "businesscases", "Export a business case: JSON, the wrong-pocket matrix as CSV, or XLSX with live formulas", NULL, "BusinessCase"},
{"POST", "/businesscases/{caseId}/partijen",                         api_bc_party_create,    BOTH,  MEMBER, ROLE_BEWERKER,  1, "bc_case",      "createBusinessCaseParty", "businesscases", "Add a party (who pays, who gains) to a business case (needs bewerker)", "BusinessCasePartyInput", "BusinessCaseParty"},
{"GET",  "/businesscases/{caseId}/partijen/{partyId}",               api_bc_party_get,       API,   MEMBER, ROLE_LEZER,     0, NULL,           "getBusinessCaseParty",    "businesscases", "A party with its net flow per year, NPV, payback and break-even", NULL, "BusinessCaseParty"},
{"PUT",  "/businesscases/{caseId}/partijen/{partyId}",               api_bc_party_update,    API,   MEMBER, ROLE_BEWERKER,  1, NULL,           "updateBusinessCaseParty", "businesscases", "Rename a party or change its helix type (needs bewerker)", "BusinessCasePartyInput", "BusinessCaseParty"},
{"DELETE", "/businesscases/{caseId}/partijen/{partyId}",             api_bc_party_delete,    API,   MEMBER, ROLE_BEWERKER,  1, NULL,           "deleteBusinessCaseParty", "businesscases", "Remove a party and its lines (needs bewerker)", NULL, NULL},
{"POST", "/businesscases/{caseId}/partijen/{partyId}/verwijderen",   api_bc_party_delete,    PAGE,  MEMBER, ROLE_BEWERKER,  1, "bc_case",      NULL, NULL, NULL, NULL, NULL},
{"GET",  "/businesscases/{caseId}/regels/nieuw",                     api_bc_line_new_form,   PAGE,  MEMBER, ROLE_BEWERKER,  0, "bc_line_new",  NULL, NULL, NULL, NULL, NULL},
{"POST", "/businesscases/{caseId}/regels",                           api_bc_line_create,     BOTH,  MEMBER, ROLE_BEWERKER,  1, "bc_line_new",  "createBusinessCaseLine",  "businesscases", "Add a line of cost or benefit of one party with an amount per year (needs bewerker)", "BusinessCaseLineInput", "BusinessCaseLine"},
{"GET",  "/businesscases/{caseId}/regels/{lineId}",                  api_bc_line_get,        API,   MEMBER, ROLE_LEZER,     0, NULL,           "getBusinessCaseLine",     "businesscases", "A line of cost or benefit with its amounts", NULL, "BusinessCaseLine"},
{"PUT",  "/businesscases/{caseId}/regels/{lineId}",                  api_bc_line_update,     API,   MEMBER, ROLE_BEWERKER,  1, NULL,           "updateBusinessCaseLine",  "businesscases", "Replace a line and its amounts (needs bewerker)", "BusinessCaseLineInput", "BusinessCaseLine"},
{"DELETE", "/businesscases/{caseId}/regels/{lineId}",                api_bc_line_delete,     API,   MEMBER, ROLE_BEWERKER,  1, NULL,           "deleteBusinessCaseLine",  "businesscases", "Remove a line (needs bewerker)", NULL, NULL},
{"GET",  "/businesscases/{caseId}/regels/{lineId}/bewerken",         api_bc_line_edit_form,  PAGE,  MEMBER, ROLE_BEWERKER,  0, "bc_line_edit", NULL, NULL, NULL, NULL, NULL},
{"POST", "/businesscases/{caseId}/regels/{lineId}/bewerken",         api_bc_line_update,     PAGE,  MEMBER, ROLE_BEWERKER,  1, "bc_line_edit", NULL, NULL, NULL, NULL, NULL},
{"POST", "/businesscases/{caseId}/regels/{lineId}/verwijderen",      api_bc_line_delete,     PAGE,  MEMBER, ROLE_BEWERKER,  1, "bc_line_edit", NULL, NULL, NULL, NULL, NULL},
{"GET",  "/businesscases/{caseId}/scenariofactoren",                 api_bc_factors_form,    PAGE,  MEMBER, ROLE_BEWERKER,  0, "bc_factors",   NULL, NULL, NULL, NULL, NULL},
{"POST", "/businesscases/{caseId}/scenariofactoren",                 api_bc_factors_put,     PAGE,  MEMBER, ROLE_BEWERKER,  1, "bc_factors",   NULL, NULL, NULL, NULL, NULL},
{"PUT",  "/businesscases/{caseId}/scenariofactoren",                 api_bc_factors_put,     API,   MEMBER, ROLE_BEWERKER,  1, NULL,           "putBusinessCaseFactors",  "businesscases", "Set the scenario multipliers (gunstig, ongunstig) per category; a category left out keeps its own (needs bewerker)", "BusinessCaseFactorsInput", "BusinessCase"},
{"GET",  "/businesscases/{caseId}/eenheidseconomie",                 api_bc_unit_form,       PAGE,  MEMBER, ROLE_BEWERKER,  0, "bc_unit",      NULL, NULL, NULL, NULL, NULL},
{"POST", "/businesscases/{caseId}/eenheidseconomie",                 api_bc_unit_put,        PAGE,  MEMBER, ROLE_BEWERKER,  1, "bc_unit",      NULL, NULL, NULL, NULL, NULL},
{"PUT",  "/businesscases/{caseId}/eenheidseconomie",                 api_bc_unit_put,        API,   MEMBER, ROLE_BEWERKER,  1, NULL,           "putBusinessCaseUnitEconomics", "businesscases", "Set the unit economics of a case: ARPA, margin, churn, CAC, adopters, cash, costs (needs bewerker)", "BusinessCaseUnitInput", "BusinessCase"},
{"DELETE", "/businesscases/{caseId}/eenheidseconomie",               api_bc_unit_delete,     API,   MEMBER, ROLE_BEWERKER,  1, NULL,           "deleteBusinessCaseUnitEconomics", "businesscases", "Remove the unit economics of a case (needs bewerker)", NULL, NULL},
ROUTES_END,
};
/* clang-format on */

static int64_t case_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : bc_store_case_org(*id);
}

static int64_t party_scope(const char *value, int64_t case_id, int64_t *id)
{
	if (api_parse_id(value, id) < 0)
		return -ERR_NOTFOUND;
	return bc_store_party_case(*id) == case_id ? 0 : -ERR_NOTFOUND;
}

static int64_t line_scope(const char *value, int64_t case_id, int64_t *id)
{
	if (api_parse_id(value, id) < 0)
		return -ERR_NOTFOUND;
	return bc_store_line_case(*id) == case_id ? 0 : -ERR_NOTFOUND;
}

static const struct scope scopes[] = {
    {"caseId", NULL, 0, case_scope},
    {"partyId", "caseId", 0, party_scope},
    {"lineId", "caseId", 0, line_scope},
    {NULL, NULL, 0, NULL},
};

/* Its collections and how they are paged (api/page.h; docs/architecture.md). */
static const struct paged paged[] = {
    {.op = "listBusinessCases", .array = "cases", .kind = PAGE_NUMBER},
    {0},
};

const struct module businesscase_module = {.paged = paged,
					   .name = "businesscase",
					   .routes = routes,
					   .scopes = scopes,
					   .migrations = businesscase_migrations,
					   .evidence = bc_evidence};
