/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * account_module: sign-in and sessions, organisations and their members, personal
 * access tokens. Scopes: {org} (the organisation itself) and {userId} (a
 * member of that organisation).
 */
#include "api/assessment.h"
#include "api/route_rows.h"
#include "lib/util.h"
#include "store/org.h"

/* clang-format off */
static const struct route routes[] = {
/* method  path                                        handler                   flags         access    role             csrf template            operationId            tag               summary, request, response */
{"GET",  "/",                                           api_my_work,             PAGE,         USER,      ROLE_NONE,       0, "my_work",           NULL, NULL, NULL, NULL, NULL},
{"GET",  "/inloggen",                                   api_login_form,          PAGE,         PUBLIC,    ROLE_NONE,       0, "login",             NULL, NULL, NULL, NULL, NULL},
{"POST", "/inloggen",                                   api_login,               PAGE,         PUBLIC,    ROLE_NONE,       1, "login",             NULL, NULL, NULL, NULL, NULL},
{"POST", "/uitloggen",                                  api_logout,              PAGE,         USER,      ROLE_NONE,       1, NULL,                NULL, NULL, NULL, NULL, NULL},
{"GET",  "/organisaties",                               api_org_list,            BOTH | R_PAGED,         USER,      ROLE_NONE,       0, "dashboard",         "listOrganisations", "organisaties", "Organisations of the caller", NULL, "OrganisationList"},
{"GET",  "/organisaties/{org}",                         api_org_get,             BOTH | R_REUSE, MEMBER,   ROLE_LEZER,      0, "organisation",      "getOrganisation",   "organisaties", "One organisation: its numbers, its 10 most recently changed initiatives and the link to all of them", NULL, "Organisation"},
{"GET",  "/organisaties/{org}/leden",                   api_member_list,         BOTH | R_PAGED,         MEMBER,   ROLE_BEHEERDER,  0, "members",           "listMembers",       "leden", "Members of an organisation with their roles", NULL, "MemberList"},
{"PUT",  "/organisaties/{org}/leden/{userId}",          api_member_update,       API,          MEMBER,   ROLE_BEHEERDER,  1, NULL,                "updateMember",      "leden", "Change a member's role", "RoleInput", "Member"},
{"DELETE","/organisaties/{org}/leden/{userId}",         api_member_remove,       API,          MEMBER,   ROLE_BEHEERDER,  1, NULL,                "removeMember",      "leden", "Remove a member from the organisation", NULL, NULL},
{"POST", "/organisaties/{org}/leden/{userId}/rol",      api_member_update,       PAGE,         MEMBER,   ROLE_BEHEERDER,  1, "members",           NULL, NULL, NULL, NULL, NULL},
{"POST", "/organisaties/{org}/leden/{userId}/verwijderen", api_member_remove,    PAGE,         MEMBER,   ROLE_BEHEERDER,  1, "members",           NULL, NULL, NULL, NULL, NULL},
{"GET",  "/mij/tokens",                                 api_token_list,          BOTH | R_PAGED,         USER,      ROLE_NONE,       0, "tokens",            "listTokens",        "tokens", "Personal access tokens of the caller", NULL, "TokenList"},
{"POST", "/mij/tokens",                                 api_token_create,        BOTH|R_RENDER,USER,      ROLE_NONE,       1, "tokens",            "createToken",       "tokens", "Create a personal access token (shown once; a session only, a token gets 403)", "TokenInput", "TokenCreated"},
{"DELETE","/mij/tokens/{tokenId}",                      api_token_delete,        API,          USER,      ROLE_NONE,       1, NULL,                "deleteToken",       "tokens", "Revoke a personal access token (a session only, a token gets 403)", NULL, NULL},
{"POST", "/mij/tokens/{tokenId}/intrekken",             api_token_delete,        PAGE,         USER,      ROLE_NONE,       1, "tokens",            NULL, NULL, NULL, NULL, NULL},
ROUTES_END,
};
/* clang-format on */

static int64_t org_scope(const char *slug, int64_t parent, int64_t *id)
{
	(void)parent;
	int64_t org = org_id_by_slug(slug);
	*id = org > 0 ? org : 0;
	return org > 0 ? org : -ERR_NOTFOUND;
}

static int64_t member_scope(const char *value, int64_t org, int64_t *id)
{
	if (api_parse_id(value, id) < 0 || org_role(org, *id) == ROLE_NONE)
		return -ERR_NOTFOUND;
	return 0;
}

static const struct scope scopes[] = {
    {"org", NULL, 1, org_scope},
    {"userId", "org", 0, member_scope},
    {NULL, NULL, 0, NULL},
};

extern const struct migration account_migrations[];

/* Its collections and how they are paged (api/page.h; docs/architecture.md). */
static const struct paged paged[] = {
    {.op = "listOrganisations", .array = "organisations", .kind = PAGE_NUMBER},
    {.op = "listMembers", .array = "members", .kind = PAGE_NUMBER},
    {.op = "listTokens", .array = "tokens", .kind = PAGE_NUMBER},
    {0},
};

const struct module account_module = {
    .paged = paged, .name = "account", .routes = routes, .scopes = scopes, .migrations = account_migrations};
