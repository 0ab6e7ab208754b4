/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * privacy_module: the privacy duties (AVG/GDPR): a person downloads all
 * their data (art. 15/20), an administrator erases a person (art. 17), and
 * beheerders read the processing register (art. 30). No schema step: it
 * reads every module's tables through the schema itself.
 */
#include "api/route_rows.h"
#include "lib/util.h"

#include "api/privacy.h"

/* clang-format off */
static const struct route routes[] = {
/* method  path                          handler                   flags          access  role       csrf template             operationId         tag        summary, request, response */
{"GET",  "/mij/gegevens",                api_privacy_my_data,      API,           USER,   ROLE_NONE, 0, NULL,                  "exportMyData",     "privacy", "Everything the lab holds on the signed-in person, as a JSON download (AVG art. 15 and 20); a session only, not a token", NULL, "PersonalDataExport"},
{"POST", "/beheer/personen/verwijderen", api_privacy_erase_person, API | R_UPDATE, USER,  ROLE_NONE, 1, NULL,                  "erasePerson",      "privacy", "Erase a person (AVG art. 17): their account and personal data go, their audit rows are pseudonymised; site administrators only", "PersonErasure", "PersonErased"},
{"GET",  "/privacy/register",            api_privacy_register,     BOTH,          USER,   ROLE_NONE, 0, "privacy_register",    "getPrivacyRegister", "privacy", "The processing register (AVG art. 30): which personal data the lab keeps, why, on what basis and how long; beheerders only", NULL, "PrivacyRegister"},
ROUTES_END,
};
/* clang-format on */

const struct module privacy_module = {.name = "privacy", .routes = routes};
