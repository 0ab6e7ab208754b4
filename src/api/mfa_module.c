/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * mfa_module: two-step sign-in with an authenticator app and recovery
 * codes (api/mfa.c). Setting it up and the login's second step are pages;
 * the API shows the status.
 */
#include "api/mfa.h"
#include "api/route_rows.h"
#include "lib/util.h"

/* clang-format off */
static const struct route routes[] = {
/* method  path                          handler           flags            access  role       csrf template      operationId         tag          summary, request, response */
{"GET",  "/mij/tweestaps",               api_mfa_status,   BOTH,            USER,   ROLE_NONE, 0, "mfa",          "getTwoStepStatus", "tweestaps", "Whether two-step sign-in is on for you, required for your role, and how many recovery codes are left", NULL, "MfaStatus"},
{"POST", "/mij/tweestaps/instellen",     api_mfa_begin,    PAGE,            USER,   ROLE_NONE, 1, "mfa",          NULL, NULL, NULL, NULL, NULL},
{"POST", "/mij/tweestaps/bevestigen",    api_mfa_confirm,  PAGE | R_RENDER, USER,   ROLE_NONE, 1, "mfa",          NULL, NULL, NULL, NULL, NULL},
{"POST", "/mij/tweestaps/uitzetten",     api_mfa_remove,   PAGE,            USER,   ROLE_NONE, 1, "mfa",          NULL, NULL, NULL, NULL, NULL},
{"POST", "/inloggen/code",               api_login_code,   PAGE,            PUBLIC, ROLE_NONE, 1, "login_code",   NULL, NULL, NULL, NULL, NULL},
ROUTES_END,
};
/* clang-format on */

extern const struct migration mfa_migrations[];

const struct module mfa_module = {.name = "mfa", .routes = routes, .migrations = mfa_migrations};
