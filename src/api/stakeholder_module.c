/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * stakeholder_module: the stakeholders of an initiative and their support
 * (draagvlak): party type, power and interest, salience, current and
 * desired support, role in scaling, history, and the warnings of the map.
 * Scope: {stakeholderId}.
 */
#include "api/evidence.h"
#include "api/route_rows.h"
#include "api/stakeholder.h"
#include "lib/util.h"
#include "store/stakeholder_store.h"

/* The schema steps of this module (src/store/stakeholder_schema.c). */
extern const struct migration stakeholder_migrations[];

/* clang-format off */
static const struct route routes[] = {
/* method  path                                               handler                   flags  access  role            csrf template              operationId           tag            summary, request, response */
{"GET",  "/initiatieven/{initiativeId}/belanghebbenden",       api_stakeholder_list,     BOTH | R_PAGED,  MEMBER, ROLE_LEZER,     0, "stakeholder_list",   "listStakeholders",   "draagvlak", "The stakeholders of an initiative with salience, support gap and the warnings of the map", NULL, "StakeholderList"},
{"POST", "/initiatieven/{initiativeId}/belanghebbenden",       api_stakeholder_create,   BOTH,  MEMBER, ROLE_BEWERKER,  1, "stakeholder_list",   "createStakeholder",  "draagvlak", "Add a stakeholder (needs bewerker)", "StakeholderInput", "Stakeholder"},
{"GET",  "/belanghebbenden/{stakeholderId}",                   api_stakeholder_get,      BOTH,  MEMBER, ROLE_LEZER,     0, "stakeholder",        "getStakeholder",     "draagvlak", "One stakeholder with the history of its changes", NULL, "Stakeholder"},
{"PUT",  "/belanghebbenden/{stakeholderId}",                   api_stakeholder_update,   API,   MEMBER, ROLE_BEWERKER,  1, NULL,                 "updateStakeholder",  "draagvlak", "Replace a stakeholder; what changed is kept in its history (needs bewerker)", "StakeholderInput", "Stakeholder"},
{"DELETE", "/belanghebbenden/{stakeholderId}",                 api_stakeholder_delete,   API,   MEMBER, ROLE_BEWERKER,  1, NULL,                 "deleteStakeholder",  "draagvlak", "Remove a stakeholder and its history (needs bewerker)", NULL, NULL},
{"POST", "/belanghebbenden/{stakeholderId}/bewerken",          api_stakeholder_update,   PAGE,  MEMBER, ROLE_BEWERKER,  1, "stakeholder",        NULL, NULL, NULL, NULL, NULL},
{"POST", "/belanghebbenden/{stakeholderId}/verwijderen",       api_stakeholder_delete,   PAGE,  MEMBER, ROLE_BEWERKER,  1, "stakeholder",        NULL, NULL, NULL, NULL, NULL},
ROUTES_END,
};
/* clang-format on */

static int64_t stakeholder_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : stakeholder_store_org(*id);
}

static const struct scope scopes[] = {
    {"stakeholderId", NULL, 1, stakeholder_scope},
    {NULL, NULL, 0, NULL},
};

/* Its collections and how they are paged (api/page.h; docs/architecture.md). */
static const struct paged paged[] = {
    {.op = "listStakeholders", .array = "stakeholders", .kind = PAGE_NUMBER},
    {0},
};

const struct module stakeholder_module = {.paged = paged,
					  .name = "stakeholder",
					  .routes = routes,
					  .scopes = scopes,
					  .migrations = stakeholder_migrations,
					  .evidence = stakeholder_evidence};
