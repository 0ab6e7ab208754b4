/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * initiative_module: initiatives of an organisation with their scaling ambition.
 * Scope: {initiativeId}.
 */
#include "api/route_rows.h"
#include "lib/util.h"
#include "store/initiative_store.h"

/* clang-format off */
static const struct route routes[] = {
/* method  path                                        handler                   flags         access    role             csrf template            operationId            tag               summary, request, response */
{"GET",  "/organisaties/{org}/initiatieven",            api_initiative_list,     BOTH | R_PAGED | R_REUSE, MEMBER,   ROLE_LEZER,      0, "initiative_list",   "listInitiatives",   "initiatieven", "Initiatives of an organisation", NULL, "InitiativeList"},
{"POST", "/organisaties/{org}/initiatieven",            api_initiative_create,   BOTH,         MEMBER,   ROLE_BEWERKER,   1, "initiative_new",    "createInitiative",  "initiatieven", "Create an initiative", "InitiativeInput", "Initiative"},
{"GET",  "/organisaties/{org}/initiatieven/nieuw",      api_initiative_new_form, PAGE,         MEMBER,   ROLE_BEWERKER,   0, "initiative_new",    NULL, NULL, NULL, NULL, NULL},
{"GET",  "/initiatieven/{initiativeId}",                api_initiative_get,      BOTH | R_REUSE, MEMBER,   ROLE_LEZER,      0, "initiative",        "getInitiative",     "initiatieven", "One initiative with its scaling ambition", NULL, "Initiative"},
{"PUT",  "/initiatieven/{initiativeId}",                api_initiative_update,   API,          MEMBER,   ROLE_BEWERKER,   1, NULL,                "updateInitiative",  "initiatieven", "Replace an initiative", "InitiativeInput", "Initiative"},
{"DELETE","/initiatieven/{initiativeId}",               api_initiative_delete,   API,          MEMBER,   ROLE_BEHEERDER,  1, NULL,                "deleteInitiative",  "initiatieven", "Delete an initiative", NULL, NULL},
{"GET",  "/initiatieven/{initiativeId}/bewerken",       api_initiative_get,      PAGE,         MEMBER,   ROLE_BEWERKER,   0, "initiative_edit",   NULL, NULL, NULL, NULL, NULL},
{"POST", "/initiatieven/{initiativeId}/bewerken",       api_initiative_update,   PAGE,         MEMBER,   ROLE_BEWERKER,   1, "initiative_edit",   NULL, NULL, NULL, NULL, NULL},
ROUTES_END,
};
/* clang-format on */

static int64_t initiative_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : initiative_store_org(*id);
}

static const struct scope scopes[] = {
    {"initiativeId", NULL, 1, initiative_scope},
    {NULL, NULL, 0, NULL},
};

/* Its collections and how they are paged (api/page.h; docs/architecture.md). */
static const struct paged paged[] = {
    {.op = "listInitiatives", .array = "initiatives", .kind = PAGE_NUMBER},
    {0},
};

const struct module initiative_module = {
    .paged = paged, .name = "initiative", .routes = routes, .scopes = scopes};
