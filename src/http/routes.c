/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes: the route table and the matcher. Add a route here and it is
 * routed, role-checked, CSRF-checked and documented in OpenAPI at once.
 * Paths are Dutch, plural and kebab-case (NL API Design Rules).
 */
#include <stdio.h>
#include <string.h>

#include "http/route.h"

#define API R_API
#define PAGE R_PAGE
#define BOTH (R_API | R_PAGE)

/* clang-format off */
const struct route routes[] = {
/* method  path                                        handler                   flags         scope             role             csrf template            operationId            tag               summary, request, response */
{"GET",  "/",                                           api_org_list,            PAGE,         SCOPE_USER,       ROLE_NONE,       0, "dashboard",         NULL, NULL, NULL, NULL, NULL},
{"GET",  "/inloggen",                                   api_login_form,          PAGE,         SCOPE_PUBLIC,     ROLE_NONE,       0, "login",             NULL, NULL, NULL, NULL, NULL},
{"POST", "/inloggen",                                   api_login,               PAGE,         SCOPE_PUBLIC,     ROLE_NONE,       1, "login",             NULL, NULL, NULL, NULL, NULL},
{"POST", "/uitloggen",                                  api_logout,              PAGE,         SCOPE_USER,       ROLE_NONE,       1, NULL,                NULL, NULL, NULL, NULL, NULL},
{"POST", "/taal",                                       api_lang,                PAGE,         SCOPE_PUBLIC,     ROLE_NONE,       1, NULL,                NULL, NULL, NULL, NULL, NULL},
{"GET",  "/toegankelijkheid",                           api_static_page,         PAGE,         SCOPE_PUBLIC,     ROLE_NONE,       0, "accessibility",     NULL, NULL, NULL, NULL, NULL},
{"GET",  "/organisaties",                               api_org_list,            BOTH,         SCOPE_USER,       ROLE_NONE,       0, "dashboard",         "listOrganisations", "organisaties", "Organisations of the caller", NULL, "OrganisationList"},
{"GET",  "/organisaties/{org}",                         api_org_get,             BOTH,         SCOPE_ORG,        ROLE_LEZER,      0, "organisation",      "getOrganisation",   "organisaties", "One organisation with its initiatives", NULL, "Organisation"},
{"GET",  "/organisaties/{org}/initiatieven",            api_initiative_list,     BOTH,         SCOPE_ORG,        ROLE_LEZER,      0, "initiative_list",   "listInitiatives",   "initiatieven", "Initiatives of an organisation", NULL, "InitiativeList"},
{"POST", "/organisaties/{org}/initiatieven",            api_initiative_create,   BOTH,         SCOPE_ORG,        ROLE_BEWERKER,   1, "initiative_new",    "createInitiative",  "initiatieven", "Create an initiative", "InitiativeInput", "Initiative"},
{"GET",  "/organisaties/{org}/initiatieven/nieuw",      api_initiative_new_form, PAGE,         SCOPE_ORG,        ROLE_BEWERKER,   0, "initiative_new",    NULL, NULL, NULL, NULL, NULL},
{"GET",  "/initiatieven/{initiativeId}",                api_initiative_get,      BOTH,         SCOPE_INITIATIVE, ROLE_LEZER,      0, "initiative",        "getInitiative",     "initiatieven", "One initiative with its scaling ambition", NULL, "Initiative"},
{"PUT",  "/initiatieven/{initiativeId}",                api_initiative_update,   API,          SCOPE_INITIATIVE, ROLE_BEWERKER,   1, NULL,                "updateInitiative",  "initiatieven", "Replace an initiative", "InitiativeInput", "Initiative"},
{"DELETE","/initiatieven/{initiativeId}",               api_initiative_delete,   API,          SCOPE_INITIATIVE, ROLE_BEHEERDER,  1, NULL,                "deleteInitiative",  "initiatieven", "Delete an initiative", NULL, NULL},
{"GET",  "/initiatieven/{initiativeId}/bewerken",       api_initiative_get,      PAGE,         SCOPE_INITIATIVE, ROLE_BEWERKER,   0, "initiative_edit",   NULL, NULL, NULL, NULL, NULL},
{"POST", "/initiatieven/{initiativeId}/bewerken",       api_initiative_update,   PAGE,         SCOPE_INITIATIVE, ROLE_BEWERKER,   1, "initiative_edit",   NULL, NULL, NULL, NULL, NULL},
{"GET",  "/organisaties/{org}/leden",                   api_member_list,         BOTH,         SCOPE_ORG,        ROLE_BEHEERDER,  0, "members",           "listMembers",       "leden", "Members of an organisation with their roles", NULL, "MemberList"},
{"POST", "/organisaties/{org}/leden",                   api_member_add,          BOTH,         SCOPE_ORG,        ROLE_BEHEERDER,  1, "members",           "addMember",         "leden", "Add a user to the organisation with a role", "MemberInput", "Member"},
{"PUT",  "/organisaties/{org}/leden/{userId}",          api_member_update,       API,          SCOPE_ORG,        ROLE_BEHEERDER,  1, NULL,                "updateMember",      "leden", "Change a member's role", "RoleInput", "Member"},
{"DELETE","/organisaties/{org}/leden/{userId}",         api_member_remove,       API,          SCOPE_ORG,        ROLE_BEHEERDER,  1, NULL,                "removeMember",      "leden", "Remove a member from the organisation", NULL, NULL},
{"POST", "/organisaties/{org}/leden/{userId}/rol",      api_member_update,       PAGE,         SCOPE_ORG,        ROLE_BEHEERDER,  1, "members",           NULL, NULL, NULL, NULL, NULL},
{"POST", "/organisaties/{org}/leden/{userId}/verwijderen", api_member_remove,    PAGE,         SCOPE_ORG,        ROLE_BEHEERDER,  1, "members",           NULL, NULL, NULL, NULL, NULL},
{"GET",  "/mij/tokens",                                 api_token_list,          BOTH,         SCOPE_USER,       ROLE_NONE,       0, "tokens",            "listTokens",        "tokens", "Personal access tokens of the caller", NULL, "TokenList"},
{"POST", "/mij/tokens",                                 api_token_create,        BOTH|R_RENDER,SCOPE_USER,       ROLE_NONE,       1, "tokens",            "createToken",       "tokens", "Create a personal access token (shown once)", "TokenInput", "TokenCreated"},
{"DELETE","/mij/tokens/{tokenId}",                      api_token_delete,        API,          SCOPE_USER,       ROLE_NONE,       1, NULL,                "deleteToken",       "tokens", "Revoke a personal access token", NULL, NULL},
{"POST", "/mij/tokens/{tokenId}/intrekken",             api_token_delete,        PAGE,         SCOPE_USER,       ROLE_NONE,       1, "tokens",            NULL, NULL, NULL, NULL, NULL},
};
/* clang-format on */
const int routes_count = (int)(sizeof routes / sizeof routes[0]);

/* Matches path against the pattern; fills params. A {param} matches one
 * non-empty segment; nothing else is normalised (a trailing slash fails). */
static int match(const char *pat, const char *path, char params[][128])
{
	int np = 0;
	while (*pat && *path) {
		if (*pat == '{') {
			const char *pe = strchr(pat, '}');
			size_t n = strcspn(path, "/");
			if (!pe || n == 0 || n >= 128 || np >= API_MAX_PARAMS)
				return 0;
			memcpy(params[np], path, n);
			params[np][n] = 0;
			np++;
			pat = pe + 1;
			path += n;
		} else if (*pat++ != *path++) {
			return 0;
		}
	}
	return *pat == 0 && *path == 0;
}

const struct route *route_match(const char *method, const char *path, unsigned kind,
				char params[][128], int *path_known)
{
	*path_known = 0;
	for (int i = 0; i < routes_count; i++) {
		const struct route *r = &routes[i];
		if (!(r->flags & kind) || !match(r->path, path, params))
			continue;
		if (!strcmp(r->method, method))
			return r;
		*path_known = 1;
	}
	return NULL;
}

void route_allowed(const char *path, unsigned kind, char *out, size_t n)
{
	char params[API_MAX_PARAMS][128];
	out[0] = 0;
	size_t len = 0;
	for (int i = 0; i < routes_count; i++) {
		const struct route *r = &routes[i];
		if (!(r->flags & kind) || !match(r->path, path, params))
			continue;
		len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%s", len ? ", " : "", r->method);
		if (len >= n)
			break;
	}
}
