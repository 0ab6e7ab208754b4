/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_module: assessment rounds of a scaling method, their raters (members and
 * invitation links), answer sheets, results and exports; the action list
 * that follows from them; the portfolio across initiatives. Scopes:
 * {roundId}, {raterId} (a rater of that round), {actionId}.
 */
#include "api/assessment.h"
#include "api/evidence.h"
#include "api/route_rows.h"
#include "lib/util.h"
#include "store/action_store.h"
#include "store/assessment_store.h"

/* The schema steps of this module (src/store/assessment_schema.c). */
extern const struct migration assessment_migrations[];

/* clang-format off */
static const struct route routes[] = {
/* method  path                                        handler                   flags         access    role             csrf template            operationId            tag               summary, request, response */
{"GET",  "/initiatieven/{initiativeId}/rondes",         api_round_list,          BOTH | R_PAGED,         MEMBER,   ROLE_LEZER,      0, "assessment_list",   "listRounds",        "rondes", "Assessment rounds of an initiative", NULL, "RoundList"},
{"GET",  "/initiatieven/{initiativeId}/rondes/nieuw",   api_round_new_form,      PAGE,         MEMBER,   ROLE_BEWERKER,   0, "assessment_new",    NULL, NULL, NULL, NULL, NULL},
{"POST", "/initiatieven/{initiativeId}/rondes",         api_round_create,        BOTH,         MEMBER,   ROLE_BEWERKER,   1, "assessment_new",    "createRound",       "rondes", "Start an assessment round of a method", "RoundInput", "Round"},
{"GET",  "/rondes/{roundId}",                           api_round_get,           BOTH,         MEMBER,   ROLE_LEZER,      0, "assessment",        "getRound",          "rondes", "One round with its raters", NULL, "Round"},
{"PUT",  "/rondes/{roundId}/status",                    api_round_status,        API,          MEMBER,   ROLE_BEWERKER,   1, NULL,                "setRoundStatus",    "rondes", "Close or reopen a round", "RoundStatusInput", "Round"},
{"POST", "/rondes/{roundId}/sluiten",                   api_round_status,        PAGE,         MEMBER,   ROLE_BEWERKER,   1, "assessment",        NULL, NULL, NULL, NULL, NULL},
{"POST", "/rondes/{roundId}/beoordelaars",              api_rater_invite,        BOTH,         MEMBER,   ROLE_BEWERKER,   1, "assessment",        "inviteRater",       "rondes", "Invite a member, or a stranger through a single-use link (shown once)", "RaterInput", "Rater"},
{"DELETE","/rondes/{roundId}/beoordelaars/{raterId}/link", api_rater_revoke,     API,          MEMBER,   ROLE_BEWERKER,   1, NULL,                "revokeInvitation",  "rondes", "Revoke an unused invitation link; it then answers 410", NULL, NULL},
{"POST", "/rondes/{roundId}/beoordelaars/{raterId}/intrekken", api_rater_revoke, PAGE,         MEMBER,   ROLE_BEWERKER,   1, "assessment",        NULL, NULL, NULL, NULL, NULL},
{"PUT",  "/rondes/{roundId}/beoordelaars/{raterId}/status", api_rater_reopen,    API,          MEMBER,   ROLE_BEWERKER,   1, NULL,                "reopenAnswers",     "rondes", "Reopen a rater's submitted answer sheet (status concept) while the round is open", "RaterStatusInput", "Rater"},
{"POST", "/rondes/{roundId}/beoordelaars/{raterId}/heropenen", api_rater_reopen, PAGE,         MEMBER,   ROLE_BEWERKER,   1, "assessment",        NULL, NULL, NULL, NULL, NULL},
{"GET",  "/rondes/{roundId}/antwoorden",                api_answer_form_member,  BOTH,         MEMBER,   ROLE_LEZER,      0, "assessment_form",   "getMyAnswers",      "rondes", "The caller's answer sheet in a round", NULL, "AnswerSheet"},
{"PUT",  "/rondes/{roundId}/antwoorden",                api_answer_save_member,  API,          MEMBER,   ROLE_LEZER,      1, NULL,                "saveMyAnswers",     "rondes", "Save the caller's answers as a draft, or submit them", "AnswersInput", "AnswerSheet"},
{"POST", "/rondes/{roundId}/antwoorden",                api_answer_save_member,  PAGE,         MEMBER,   ROLE_LEZER,      1, "assessment_form",   NULL, NULL, NULL, NULL, NULL},
{"GET",  "/rondes/{roundId}/resultaten",                api_round_results,       BOTH | R_REUSE, MEMBER,   ROLE_LEZER,      0, "assessment_results","getRoundResults",   "rondes", "Scores per ingredient, pitfalls, suggestions and trend", NULL, "RoundResults"},
{"GET",  "/rondes/{roundId}/export",                    api_round_export,        API | R_CSV,  MEMBER,   ROLE_LEZER,      0, NULL,                "exportRound",       "rondes", "Export a round as JSON, or as CSV with ?formaat=csv", NULL, "RoundExport"},
{"GET",  "/uitnodigingen/{token}",                      api_answer_form_link,    BOTH,         PUBLIC,    ROLE_NONE,       0, "assessment_form",   "getInvitation",     "uitnodigingen", "Answer sheet behind an invitation link (no account)", NULL, "AnswerSheet"},
{"PUT",  "/uitnodigingen/{token}",                      api_answer_save_link,    API,          PUBLIC,    ROLE_NONE,       0, NULL,                "saveInvitation",    "uitnodigingen", "Save or submit answers through an invitation link", "AnswersInput", "AnswerSheet"},
{"POST", "/uitnodigingen/{token}",                      api_answer_save_link,    PAGE,         PUBLIC,    ROLE_NONE,       1, "assessment_form",   NULL, NULL, NULL, NULL, NULL},
{"GET",  "/bedankt",                                    api_static_page,         PAGE,         PUBLIC,    ROLE_NONE,       0, "assessment_thanks", NULL, NULL, NULL, NULL, NULL},
{"GET",  "/initiatieven/{initiativeId}/acties",         api_action_list,         BOTH | R_PAGED | R_REUSE, MEMBER,   ROLE_LEZER,      0, "action_list",       "listActions",       "acties", "Action list of an initiative", NULL, "ActionList"},
{"POST", "/initiatieven/{initiativeId}/acties",         api_action_create,       BOTH,         MEMBER,   ROLE_BEWERKER,   1, "action_list",       "createAction",      "acties", "Add an action, or accept a suggestion as one", "ActionInput", "Action"},
{"GET",  "/acties/{actionId}",                          api_action_get,          API,          MEMBER,   ROLE_LEZER,      0, NULL,                "getAction",         "acties", "One action", NULL, "Action"},
{"PUT",  "/acties/{actionId}",                          api_action_update,       API,          MEMBER,   ROLE_BEWERKER,   1, NULL,                "updateAction",      "acties", "Change an action", "ActionUpdate", "Action"},
{"DELETE","/acties/{actionId}",                         api_action_delete,       API,          MEMBER,   ROLE_BEWERKER,   1, NULL,                "deleteAction",      "acties", "Delete an action", NULL, NULL},
{"GET",  "/acties/{actionId}/bewerken",                 api_action_get,          PAGE,         MEMBER,   ROLE_BEWERKER,   0, "action_edit",       NULL, NULL, NULL, NULL, NULL},
{"POST", "/acties/{actionId}/bewerken",                 api_action_update,       PAGE,         MEMBER,   ROLE_BEWERKER,   1, "action_edit",       NULL, NULL, NULL, NULL, NULL},
{"GET",  "/organisaties/{org}/portfolio",               api_portfolio,           BOTH | R_PAGED | R_REUSE, MEMBER,   ROLE_LEZER,      0, "portfolio",         "getPortfolio",      "portfolio", "Initiatives x ingredients, common bottlenecks and stages", NULL, "Portfolio"},
ROUTES_END,
};
/* clang-format on */

static int64_t round_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : assessment_store_round_org(*id);
}

static int64_t rater_scope(const char *value, int64_t round, int64_t *id)
{
	if (api_parse_id(value, id) < 0 || assessment_store_rater_round(*id) != round)
		return -ERR_NOTFOUND;
	return 0;
}

static int64_t action_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : action_store_org(*id);
}

static const struct scope scopes[] = {
    {"roundId", NULL, 1, round_scope},
    {"raterId", "roundId", 0, rater_scope},
    {"actionId", NULL, 0, action_scope},
    {NULL, NULL, 0, NULL},
};

int assessment_due(const struct due_query *q, due_emit emit, void *arg); /* assessment_due.c */

/* Its collections and how they are paged (api/page.h; docs/architecture.md). */
static const struct paged paged[] = {
    {.op = "listRounds", .array = "rounds", .kind = PAGE_NUMBER},
    {.op = "listActions", .array = "actions", .kind = PAGE_CURSOR, .key = api_action_key},
    {.op = "getPortfolio", .array = "rows", .kind = PAGE_CURSOR, .key = api_portfolio_key},
    {0},
};

const struct module assessment_module = {.paged = paged,
					 .name = "assessment",
					 .routes = routes,
					 .scopes = scopes,
					 .migrations = assessment_migrations,
					 .evidence = assessment_evidence,
					 .due = assessment_due};
