/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * decision_module: the decision outcome of an assessment round: criteria
 * agreed in advance, then opschalen, juistschalen, bijsturen or stoppen
 * with a rationale and per criterion met or not met (docs/decision.md).
 * Uses the assessment module's {roundId} scope; its evidence hook reports
 * the initiative's latest decision.
 */
#include "api/decision.h"
#include "api/route_rows.h"
#include "lib/util.h"

/* The schema step of this module (src/store/decision_schema.c). */
extern const struct migration decision_migrations[];

/* clang-format off */
static const struct route routes[] = {
/* method  path                                  handler                    flags  access  role           csrf template    operationId              tag       summary, request, response */
{"GET",  "/rondes/{roundId}/besluit",            api_decision_get,          BOTH,  MEMBER, ROLE_LEZER,    0, "decision",  "getRoundDecision",      "besluit", "The round's decision criteria and its decision (opschalen, juistschalen, bijsturen, stoppen)", NULL, "RoundDecisionPage"},
{"PUT",  "/rondes/{roundId}/besluit/criteria",   api_decision_criteria_put, API,   MEMBER, ROLE_BEWERKER, 1, NULL,        "setDecisionCriteria",   "besluit", "Agree the decision criteria while the round is open and undecided (needs bewerker)", "RoundDecisionCriteriaInput", "RoundDecisionPage"},
{"POST", "/rondes/{roundId}/besluit/criteria",   api_decision_criteria_put, PAGE,  MEMBER, ROLE_BEWERKER, 1, "decision",  NULL, NULL, NULL, NULL, NULL},
{"PUT",  "/rondes/{roundId}/besluit",            api_decision_put,          API,   MEMBER, ROLE_BEWERKER, 1, NULL,        "takeRoundDecision",     "besluit", "Take or change the decision of a closed round, judging every criterion (needs bewerker)", "RoundDecisionInput", "RoundDecisionPage"},
{"POST", "/rondes/{roundId}/besluit",            api_decision_put,          PAGE,  MEMBER, ROLE_BEWERKER, 1, "decision",  NULL, NULL, NULL, NULL, NULL},
ROUTES_END,
};
/* clang-format on */

const struct module decision_module = {.name = "decision",
				       .routes = routes,
				       .scopes = NULL,
				       .migrations = decision_migrations,
				       .evidence = decision_evidence};
