/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * party_module: public party profiles of organisations (quadruple helix,
 * offers mapped to method ingredients, expiry after 12 months without
 * confirmation), matching an initiative's needs to parties on their track
 * record, "who already did this?", and connect requests with an inbox.
 * Scope: {requestId} (the receiving organisation decides).
 */
#include <stdio.h>

#include "api/knowledge.h"
#include "api/route_rows.h"
#include "lib/util.h"
#include "store/party_store.h"

extern const struct migration party_migrations[];

/* clang-format off */
static const struct route routes[] = {
/* method  path                                         handler                       flags            access  role           csrf template         operationId               tag      summary, request, response */
{"GET",  "/partijen",                                   api_party_list,               BOTH | R_PAGED,            USER,   ROLE_NONE,     0, "party_list",     "listParties",            "party", "Party profiles that are confirmed within the last 12 months (filters aanbod, helix)", NULL, "PartyList"},
{"GET",  "/partijen/{partyId}",                         api_party_get,                BOTH,            USER,   ROLE_NONE,     0, "party_profile",  "getParty",               "party", "The public profile of a party (an organisation)", NULL, "Party"},
{"POST", "/partijen/{partyId}/verzoeken",               api_party_request_party,      BOTH,            USER,   ROLE_NONE,     1, "party_profile",  "requestParty",           "party", "Ask a party to connect, from one of the caller's initiatives (needs bewerker there)", "ConnectInput", "ConnectRequest"},
{"POST", "/initiatieven/{initiativeId}/verzoeken",      api_party_request_initiative, BOTH,            USER,   ROLE_NONE,     1, "party_inbox",    "requestInitiative",      "party", "Ask a shared initiative of another organisation to connect, from one of the caller's initiatives", "ConnectInput", "ConnectRequest"},
{"GET",  "/organisaties/{org}/partijprofiel",           api_party_profile_form,       PAGE,            MEMBER, ROLE_BEWERKER, 0, "party_edit",     NULL, NULL, NULL, NULL, NULL},
{"POST", "/organisaties/{org}/partijprofiel",           api_party_profile_put,        PAGE,            MEMBER, ROLE_BEWERKER, 1, "party_edit",     NULL, NULL, NULL, NULL, NULL},
{"PUT",  "/organisaties/{org}/partijprofiel",           api_party_profile_put,        API,             MEMBER, ROLE_BEWERKER, 1, NULL,             "putPartyProfile",        "party", "Write the organisation's party profile; writing confirms it (needs bewerker)", "PartyProfileInput", "Party"},
{"POST", "/organisaties/{org}/partijprofiel/bevestigen", api_party_confirm,           BOTH | R_UPDATE, MEMBER, ROLE_BEWERKER, 1, "party_edit",     "confirmPartyProfile",    "party", "Confirm the party profile is still true: it is shown for 12 more months (needs bewerker)", NULL, "Party"},
{"GET",  "/initiatieven/{initiativeId}/matches",        api_party_matches,            BOTH,            MEMBER, ROLE_LEZER,    0, "party_matches",  "getInitiativeMatches",   "party", "Needs of the initiative (weak ingredients of its latest closed round), parties ranked on coverage, fit and track record, a coalition, and similar initiatives", NULL, "PartyMatches"},
{"GET",  "/verzoeken",                                  api_party_inbox,              BOTH,            USER,   ROLE_NONE,     0, "party_inbox",    "listConnectRequests",    "party", "Overview of connect requests: the first 10 received and sent (open ones first), their numbers and links to the two paged lists", NULL, "ConnectInbox"},
{"GET",  "/verzoeken/ontvangen",                        api_party_received,           BOTH | R_PAGED,  USER,   ROLE_NONE,     0, "party_requests", "listReceivedConnectRequests", "party", "Connect requests to the caller's organisations, open ones first, then newest first", NULL, "ConnectRequestList"},
{"GET",  "/verzoeken/verzonden",                        api_party_sent,               BOTH | R_PAGED,  USER,   ROLE_NONE,     0, "party_requests", "listSentConnectRequests", "party", "Connect requests from the caller's organisations to others, open ones first, then newest first", NULL, "ConnectRequestList"},
{"POST", "/verzoeken/{requestId}/besluit",              api_party_decide,             BOTH | R_UPDATE, MEMBER, ROLE_BEWERKER, 1, "party_inbox",    "decideConnectRequest",   "party", "Accept or decline an open request to the caller's organisation (needs bewerker)", "ConnectDecisionInput", "ConnectRequest"},
ROUTES_END,
};
/* clang-format on */

static int64_t request_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : party_store_request_org(*id);
}

static const struct scope scopes[] = {
    {"requestId", NULL, 1, request_scope},
    {NULL, NULL, 0, NULL},
};

/* A party profile to confirm again before it expires (kind "party_profile",
 * one per organisation), for the people who may confirm it. */
static int due(const struct due_query *q, due_emit emit, void *arg)
{
	if (q->user_id <= 0)
		return 0;
	json_t *list = party_store_renewals(q->user_id, q->from, q->to);
	size_t i;
	json_t *r;
	json_array_foreach (list, i, r) {
		struct due_item it = {.kind = "party_profile",
				      .id = json_integer_value(json_object_get(r, "orgId"))};
		snprintf(it.title, sizeof it.title, "%s", json_string_value(json_object_get(r, "name")));
		snprintf(it.date, sizeof it.date, "%s", json_string_value(json_object_get(r, "due")));
		snprintf(it.path, sizeof it.path, "/organisaties/%s/partijprofiel",
			 json_string_value(json_object_get(r, "slug")));
		emit(arg, &it);
	}
	json_decref(list);
	return 0;
}

/* Its collections and how they are paged (api/page.h; docs/architecture.md). */
static const struct paged paged[] = {
    {.op = "listParties", .array = "parties", .kind = PAGE_NUMBER},
    {.op = "listReceivedConnectRequests", .array = "requests", .kind = PAGE_NUMBER},
    {.op = "listSentConnectRequests", .array = "requests", .kind = PAGE_NUMBER},
    {0},
};

const struct module party_module = {.paged = paged,
				    .name = "party",
				    .routes = routes,
				    .scopes = scopes,
				    .migrations = party_migrations,
				    .due = due};
