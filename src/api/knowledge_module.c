/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * knowledge_module: the knowledge base: items (cases, lessons, obstacles,
 * approaches) with Markdown, tags, links to the methods, evidence levels
 * and versions; Dutch full-text search with facets; adoptions of an item
 * by initiatives; sharing an initiative with other organisations. Reading
 * needs a signed-in user (an item of another organisation is 404 unless
 * public); writing is for bewerkers of the item's organisation. Scope:
 * {itemId}.
 */
#include "api/knowledge.h"
#include "api/route_rows.h"
#include "lib/util.h"
#include "store/knowledge_store.h"

extern const struct migration knowledge_migrations[];

/* clang-format off */
static const struct route routes[] = {
/* method  path                                   handler                    flags            access  role           csrf template          operationId              tag          summary, request, response */
{"GET",  "/kennisbank",                           api_knowledge_search,      PAGE | R_PAGED,          USER,   ROLE_NONE,     0, "knowledge_list",  NULL, NULL, NULL, NULL, NULL},
{"GET",  "/kennisbank/nieuw",                     api_knowledge_new_form,    PAGE,            USER,   ROLE_NONE,     0, "knowledge_new",   NULL, NULL, NULL, NULL, NULL},
{"GET",  "/kennisitems/_zoek",                    api_knowledge_search,      API | R_PAGED,             USER,   ROLE_NONE,     0, NULL,              "searchKnowledgeItems",  "knowledge", "Search the knowledge items the caller may read (query q; filters soort, sector, regio, bewijs, ingredient): best first, with highlighted snippets and facets", NULL, "KnowledgeSearch"},
{"GET",  "/kennisitems",                          api_knowledge_search,      API | R_PAGED,             USER,   ROLE_NONE,     0, NULL,              "listKnowledgeItems",    "knowledge", "Knowledge items the caller may read, newest first (the same filters as _zoek)", NULL, "KnowledgeSearch"},
{"POST", "/kennisitems",                          api_knowledge_create,      BOTH,            USER,   ROLE_NONE,     1, "knowledge_new",   "createKnowledgeItem",   "knowledge", "Publish a knowledge item for one of the caller's organisations (needs bewerker there)", "KnowledgeItemInput", "KnowledgeItem"},
{"GET",  "/kennisitems/{itemId}",                 api_knowledge_get,         BOTH,            USER,   ROLE_NONE,     0, "knowledge_item",  "getKnowledgeItem",      "knowledge", "A knowledge item with its rendered text, evidence reviews, versions and adoptions", NULL, "KnowledgeItem"},
{"PUT",  "/kennisitems/{itemId}",                 api_knowledge_update,      API,             MEMBER, ROLE_BEWERKER, 1, NULL,              "updateKnowledgeItem",   "knowledge", "Replace a knowledge item; the old text stays as a version (needs bewerker)", "KnowledgeItemInput", "KnowledgeItem"},
{"DELETE", "/kennisitems/{itemId}",               api_knowledge_delete,      API,             MEMBER, ROLE_BEWERKER, 1, NULL,              "deleteKnowledgeItem",   "knowledge", "Delete a knowledge item (needs bewerker)", NULL, NULL},
{"GET",  "/kennisitems/{itemId}/bewerken",        api_knowledge_edit_form,   PAGE,            MEMBER, ROLE_BEWERKER, 0, "knowledge_edit",  NULL, NULL, NULL, NULL, NULL},
{"POST", "/kennisitems/{itemId}/bewerken",        api_knowledge_update,      PAGE,            MEMBER, ROLE_BEWERKER, 1, "knowledge_edit",  NULL, NULL, NULL, NULL, NULL},
{"POST", "/kennisitems/{itemId}/verwijderen",     api_knowledge_delete,      PAGE,            MEMBER, ROLE_BEWERKER, 1, "knowledge_edit",  NULL, NULL, NULL, NULL, NULL},
{"GET",  "/kennisitems/{itemId}/versies",         api_knowledge_versions,    API | R_PAGED,             USER,   ROLE_NONE,     0, NULL,              "listKnowledgeVersions", "knowledge", "Versions of a knowledge item: who changed which fields when", NULL, "KnowledgeVersions"},
{"POST", "/kennisitems/{itemId}/beoordelingen",   api_knowledge_review,      BOTH | R_UPDATE, MEMBER, ROLE_BEWERKER, 1, "knowledge_item",  "reviewKnowledgeItem",   "knowledge", "Review the evidence level of an item, with its date and justification (audited; needs bewerker)", "KnowledgeReviewInput", "KnowledgeItem"},
{"POST", "/kennisitems/{itemId}/adopties",       api_knowledge_adopt_page,  PAGE,            USER,   ROLE_NONE,     1, "knowledge_item",  NULL, NULL, NULL, NULL, NULL},
{"POST", "/initiatieven/{initiativeId}/adopties", api_knowledge_adopt,       BOTH | R_UPDATE, MEMBER, ROLE_BEWERKER, 1, "party_matches",   "adoptKnowledgeItem",    "knowledge", "Record that the initiative adopted a knowledge item (an approach it applies; needs bewerker)", "KnowledgeAdoptionInput", "KnowledgeAdoptions"},
{"POST", "/initiatieven/{initiativeId}/delen",    api_knowledge_share,       BOTH | R_UPDATE, MEMBER, ROLE_BEWERKER, 1, "party_matches",   "shareInitiative",       "knowledge", "Show the initiative to other organisations in \"who already did this?\" and track records, or stop (needs bewerker)", "InitiativeShareInput", "InitiativeShare"},
ROUTES_END,
};
/* clang-format on */

static int64_t item_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : knowledge_store_org(*id);
}

static const struct scope scopes[] = {
    {"itemId", NULL, 0, item_scope},
    {NULL, NULL, 0, NULL},
};

/* The initiative's headline: lessons published from it, items it adopted,
 * whether it is shared; nothing when there is none of these. */
static int evidence(int64_t initiative_id, json_t *into)
{
	int64_t published, adopted;
	knowledge_store_counts(initiative_id, &published, &adopted);
	int shared = knowledge_store_shared(initiative_id);
	if (published || adopted || shared)
		json_object_set_new(into, "knowledge",
				    json_pack("{s:I,s:I,s:b}", "lessons", (json_int_t)published, "adopted",
					      (json_int_t)adopted, "shared", shared));
	return 0;
}

/* Its collections and how they are paged (api/page.h; docs/architecture.md). */
static const struct paged paged[] = {
    {.path = "/kennisbank", .array = "items", .kind = PAGE_NUMBER},
    {.op = "searchKnowledgeItems", .array = "items", .kind = PAGE_NUMBER},
    {.op = "listKnowledgeItems", .array = "items", .kind = PAGE_NUMBER},
    {.op = "listKnowledgeVersions", .array = "versions", .kind = PAGE_NUMBER},
    {0},
};

const struct module knowledge_module = {.paged = paged,
					.name = "knowledge",
					.routes = routes,
					.scopes = scopes,
					.migrations = knowledge_migrations,
					.evidence = evidence};
