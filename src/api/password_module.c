/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * password_module: a person's own account: the page that leads to their
 * tokens, password, two-step sign-in and invitations, and changing their
 * password (the rules are in domain/password.h; the same rules hold for
 * `scalelab user add|passwd`).
 */
#include "api/password.h"
#include "api/route_rows.h"
#include "lib/util.h"

/* clang-format off */
static const struct route routes[] = {
/* method  path              handler               flags            access  role       csrf template    operationId       tag          summary, request, response */
{"GET",  "/mij",             api_me_page,          PAGE,            USER,   ROLE_NONE, 0, "me",         NULL, NULL, NULL, NULL, NULL},
{"GET",  "/mij/wachtwoord",  api_password_form,    PAGE,            USER,   ROLE_NONE, 0, "password",   NULL, NULL, NULL, NULL, NULL},
{"POST", "/mij/wachtwoord",  api_password_change,  BOTH | R_UPDATE, USER,   ROLE_NONE, 1, "password",   "changePassword", "wachtwoord", "Change your own password (a session only, a token gets 403): the current one, and a new one of at least 12 characters that is not common or personal; ends every other session and revokes your tokens", "PasswordInput", "PasswordChanged"},
ROUTES_END,
};
/* clang-format on */

const struct module password_module = {.name = "password", .routes = routes};
