/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * sso_module: single sign-on with an organisation's own OpenID Connect
 * provider (api/sso_*.c, docs/sso.md). A beheerder sets the provider up
 * (page and API; a secret or a key pair whose JWKS is published); people
 * sign in through it from the login page, and link or unlink it to their
 * existing account with proof (account page).
 */
#include "api/route_rows.h"
#include "api/sso.h"
#include "lib/util.h"

/* The schema steps of this module (src/store/sso_schema.c). */
extern const struct migration sso_migrations[];

/* clang-format off */
static const struct route routes[] = {
/* method  path                              handler           flags            access  role            csrf template       operationId         tag   summary, request, response */
{"GET",  "/organisaties/{org}/sso",          api_sso_get,      BOTH,            MEMBER, ROLE_BEHEERDER, 0, "sso_config",    "getSsoProvider",   "sso", "The organisation's identity provider for single sign-on (OpenID Connect); the client secret is never shown (beheerder)", NULL, "SsoProvider"},
{"PUT",  "/organisaties/{org}/sso",          api_sso_put,      API,             MEMBER, ROLE_BEHEERDER, 1, NULL,            "putSsoProvider",   "sso", "Set the organisation's identity provider: issuer, client, e-mail domains, groups to roles, accounts at first login (beheerder; clientSecret may be left out to keep the stored one)", "SsoProviderInput", "SsoProvider"},
{"DELETE", "/organisaties/{org}/sso",        api_sso_delete,   API,             MEMBER, ROLE_BEHEERDER, 1, NULL,            "deleteSsoProvider", "sso", "Remove the organisation's identity provider; linked accounts keep their passwords (beheerder)", NULL, NULL},
{"POST", "/organisaties/{org}/sso",          api_sso_put,      PAGE,            MEMBER, ROLE_BEHEERDER, 1, "sso_config",    NULL, NULL, NULL, NULL, NULL},
{"POST", "/organisaties/{org}/sso/sleutel",  api_sso_key,      BOTH | R_UPDATE, MEMBER, ROLE_BEHEERDER, 1, "sso_config",    "createSsoClientKey", "sso", "Make a new client key pair for private_key_jwt (RS256 by default, or ES256), or import a private key as a JWK; the private half is stored sealed and never returned (beheerder)", "SsoKeyInput", "SsoProvider"},
{"GET",  "/sso/{org}/jwks.json",             api_sso_jwks,     API,             PUBLIC, ROLE_NONE,      0, NULL,            "getSsoClientJwks", "sso", "The public key set (JWKS) of the organisation's client key, for its identity provider to verify Scalelab's client assertions (private_key_jwt)", NULL, "SsoJwks"},
{"POST", "/organisaties/{org}/sso/verwijderen", api_sso_delete, PAGE,           MEMBER, ROLE_BEHEERDER, 1, "sso_config",    NULL, NULL, NULL, NULL, NULL},
{"GET",  "/inloggen/sso",                    api_sso_choose,   PAGE,            PUBLIC, ROLE_NONE,      0, "sso_choose",    NULL, NULL, NULL, NULL, NULL},
{"GET",  "/inloggen/sso/start",              api_sso_start,    PAGE,            PUBLIC, ROLE_NONE,      0, "sso_choose",    NULL, NULL, NULL, NULL, NULL},
{"GET",  "/inloggen/sso/terug",              api_sso_callback, PAGE,            PUBLIC, ROLE_NONE,      0, NULL,            NULL, NULL, NULL, NULL, NULL},
{"GET",  "/inloggen/sso/koppelen",           api_sso_link_form, PAGE,           PUBLIC, ROLE_NONE,      0, "sso_link",      NULL, NULL, NULL, NULL, NULL},
{"POST", "/inloggen/sso/koppelen",           api_sso_link_confirm, PAGE,        PUBLIC, ROLE_NONE,      1, "sso_link",      NULL, NULL, NULL, NULL, NULL},
{"GET",  "/mij/sso",                         api_sso_me,       BOTH,            USER,   ROLE_NONE,      0, "sso_me",        "getMySsoIdentities", "sso", "Your accounts at organisations' identity providers linked to your Scalelab account, and the providers of your organisations you can still link", NULL, "SsoMyIdentities"},
{"DELETE", "/mij/sso/{identityId}",          api_sso_unlink,   API,             USER,   ROLE_NONE,      1, NULL,            "deleteMySsoIdentity", "sso", "Unlink one of your provider identities; you sign in with your password again (a session only, a token gets 403)", NULL, NULL},
{"POST", "/mij/sso/{identityId}/ontkoppelen", api_sso_unlink,  PAGE,            USER,   ROLE_NONE,      1, "sso_me",        NULL, NULL, NULL, NULL, NULL},
ROUTES_END,
};
/* clang-format on */

const struct module sso_module = {.name = "sso", .routes = routes, .migrations = sso_migrations};
