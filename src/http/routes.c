/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes: the route table and the matcher. Add a route here and it is
 * routed, role-checked, CSRF-checked and documented in OpenAPI at once.
 * Paths are Dutch, plural and kebab-case (NL API Design Rules).
 */
#include <stdio.h>
#include <string.h>

#include "api/assessment.h"
#include "api/experiment.h"
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
/* assessments: rounds, raters, answer sheets (members and invitation links), results, actions, portfolio */
{"GET",  "/initiatieven/{initiativeId}/rondes",         api_round_list,          BOTH,         SCOPE_INITIATIVE, ROLE_LEZER,      0, "assessment_list",   "listRounds",        "rondes", "Assessment rounds of an initiative", NULL, "RoundList"},
{"GET",  "/initiatieven/{initiativeId}/rondes/nieuw",   api_round_new_form,      PAGE,         SCOPE_INITIATIVE, ROLE_BEWERKER,   0, "assessment_new",    NULL, NULL, NULL, NULL, NULL},
{"POST", "/initiatieven/{initiativeId}/rondes",         api_round_create,        BOTH,         SCOPE_INITIATIVE, ROLE_BEWERKER,   1, "assessment_new",    "createRound",       "rondes", "Start an assessment round of a method", "RoundInput", "Round"},
{"GET",  "/rondes/{roundId}",                           api_round_get,           BOTH,         SCOPE_ROUND,      ROLE_LEZER,      0, "assessment",        "getRound",          "rondes", "One round with its raters", NULL, "Round"},
{"PUT",  "/rondes/{roundId}/status",                    api_round_status,        API,          SCOPE_ROUND,      ROLE_BEWERKER,   1, NULL,                "setRoundStatus",    "rondes", "Close or reopen a round", "RoundStatusInput", "Round"},
{"POST", "/rondes/{roundId}/sluiten",                   api_round_status,        PAGE,         SCOPE_ROUND,      ROLE_BEWERKER,   1, "assessment",        NULL, NULL, NULL, NULL, NULL},
{"POST", "/rondes/{roundId}/beoordelaars",              api_rater_invite,        BOTH|R_RENDER,SCOPE_ROUND,      ROLE_BEWERKER,   1, "assessment",        "inviteRater",       "rondes", "Invite a member, or a stranger through a single-use link (shown once)", "RaterInput", "Rater"},
{"DELETE","/rondes/{roundId}/beoordelaars/{raterId}/link", api_rater_revoke,     API,          SCOPE_ROUND,      ROLE_BEWERKER,   1, NULL,                "revokeInvitation",  "rondes", "Revoke an unused invitation link; it then answers 410", NULL, NULL},
{"POST", "/rondes/{roundId}/beoordelaars/{raterId}/intrekken", api_rater_revoke, PAGE,         SCOPE_ROUND,      ROLE_BEWERKER,   1, "assessment",        NULL, NULL, NULL, NULL, NULL},
{"PUT",  "/rondes/{roundId}/beoordelaars/{raterId}/status", api_rater_reopen,    API,          SCOPE_ROUND,      ROLE_BEWERKER,   1, NULL,                "reopenAnswers",     "rondes", "Reopen a rater's submitted answer sheet (status concept) while the round is open", "RaterStatusInput", "Rater"},
{"POST", "/rondes/{roundId}/beoordelaars/{raterId}/heropenen", api_rater_reopen, PAGE,         SCOPE_ROUND,      ROLE_BEWERKER,   1, "assessment",        NULL, NULL, NULL, NULL, NULL},
{"GET",  "/rondes/{roundId}/antwoorden",                api_answer_form_member,  BOTH,         SCOPE_ROUND,      ROLE_LEZER,      0, "assessment_form",   "getMyAnswers",      "rondes", "The caller's answer sheet in a round", NULL, "AnswerSheet"},
{"PUT",  "/rondes/{roundId}/antwoorden",                api_answer_save_member,  API,          SCOPE_ROUND,      ROLE_LEZER,      1, NULL,                "saveMyAnswers",     "rondes", "Save the caller's answers as a draft, or submit them", "AnswersInput", "AnswerSheet"},
{"POST", "/rondes/{roundId}/antwoorden",                api_answer_save_member,  PAGE,         SCOPE_ROUND,      ROLE_LEZER,      1, "assessment_form",   NULL, NULL, NULL, NULL, NULL},
{"GET",  "/rondes/{roundId}/resultaten",                api_round_results,       BOTH,         SCOPE_ROUND,      ROLE_LEZER,      0, "assessment_results","getRoundResults",   "rondes", "Scores per ingredient, pitfalls, suggestions and trend", NULL, "RoundResults"},
{"GET",  "/rondes/{roundId}/export",                    api_round_export,        API,          SCOPE_ROUND,      ROLE_LEZER,      0, NULL,                "exportRound",       "rondes", "Export a round as JSON, or as CSV with ?formaat=csv", NULL, "RoundExport"},
{"GET",  "/uitnodigingen/{token}",                      api_answer_form_link,    BOTH,         SCOPE_PUBLIC,     ROLE_NONE,       0, "assessment_form",   "getInvitation",     "uitnodigingen", "Answer sheet behind an invitation link (no account)", NULL, "AnswerSheet"},
{"PUT",  "/uitnodigingen/{token}",                      api_answer_save_link,    API,          SCOPE_PUBLIC,     ROLE_NONE,       0, NULL,                "saveInvitation",    "uitnodigingen", "Save or submit answers through an invitation link", "AnswersInput", "AnswerSheet"},
{"POST", "/uitnodigingen/{token}",                      api_answer_save_link,    PAGE,         SCOPE_PUBLIC,     ROLE_NONE,       1, "assessment_form",   NULL, NULL, NULL, NULL, NULL},
{"GET",  "/bedankt",                                    api_static_page,         PAGE,         SCOPE_PUBLIC,     ROLE_NONE,       0, "assessment_thanks", NULL, NULL, NULL, NULL, NULL},
{"GET",  "/initiatieven/{initiativeId}/acties",         api_action_list,         BOTH,         SCOPE_INITIATIVE, ROLE_LEZER,      0, "action_list",       "listActions",       "acties", "Action list of an initiative", NULL, "ActionList"},
{"POST", "/initiatieven/{initiativeId}/acties",         api_action_create,       BOTH,         SCOPE_INITIATIVE, ROLE_BEWERKER,   1, "action_list",       "createAction",      "acties", "Add an action, or accept a suggestion as one", "ActionInput", "Action"},
{"GET",  "/acties/{actionId}",                          api_action_get,          API,          SCOPE_ACTION,     ROLE_LEZER,      0, NULL,                "getAction",         "acties", "One action", NULL, "Action"},
{"PUT",  "/acties/{actionId}",                          api_action_update,       API,          SCOPE_ACTION,     ROLE_BEWERKER,   1, NULL,                "updateAction",      "acties", "Change an action", "ActionUpdate", "Action"},
{"DELETE","/acties/{actionId}",                         api_action_delete,       API,          SCOPE_ACTION,     ROLE_BEWERKER,   1, NULL,                "deleteAction",      "acties", "Delete an action", NULL, NULL},
{"GET",  "/acties/{actionId}/bewerken",                 api_action_get,          PAGE,         SCOPE_ACTION,     ROLE_BEWERKER,   0, "action_edit",       NULL, NULL, NULL, NULL, NULL},
{"POST", "/acties/{actionId}/bewerken",                 api_action_update,       PAGE,         SCOPE_ACTION,     ROLE_BEWERKER,   1, "action_edit",       NULL, NULL, NULL, NULL, NULL},
{"GET",  "/organisaties/{org}/portfolio",               api_portfolio,           BOTH,         SCOPE_ORG,        ROLE_LEZER,      0, "portfolio",         "getPortfolio",      "portfolio", "Initiatives x ingredients, common bottlenecks and stages", NULL, "Portfolio"},
/* experiments (src/api/experiment.c): reads lezer, writes bewerker, also for analyses and the decision */
{"GET",  "/initiatieven/{initiativeId}/experimenten",   api_experiment_list,     BOTH,         SCOPE_INITIATIVE, ROLE_LEZER,      0, "experiment_list",   "listExperiments",   "experimenten", "Experiments of an initiative", NULL, "ExperimentList"},
{"POST", "/initiatieven/{initiativeId}/experimenten",   api_experiment_create,   BOTH,         SCOPE_INITIATIVE, ROLE_BEWERKER,   1, "experiment_new",    "createExperiment",  "experimenten", "Create an experiment (needs bewerker)", "ExperimentInput", "Experiment"},
{"GET",  "/initiatieven/{initiativeId}/experimenten/nieuw", api_experiment_new_form, PAGE,     SCOPE_INITIATIVE, ROLE_BEWERKER,   0, "experiment_new",    NULL, NULL, NULL, NULL, NULL},
{"GET",  "/experimenten/{experimentId}",                api_experiment_get,      BOTH,         SCOPE_EXPERIMENT, ROLE_LEZER,      0, "experiment",        "getExperiment",     "experimenten", "One experiment with its decision record and latest analysis", NULL, "Experiment"},
{"PUT",  "/experimenten/{experimentId}",                api_experiment_update,   API,          SCOPE_EXPERIMENT, ROLE_BEWERKER,   1, NULL,                "updateExperiment",  "experimenten", "Replace the design of an experiment (needs bewerker)", "ExperimentInput", "Experiment"},
{"GET",  "/experimenten/{experimentId}/bewerken",       api_experiment_get,      PAGE,         SCOPE_EXPERIMENT, ROLE_BEWERKER,   0, "experiment_edit",   NULL, NULL, NULL, NULL, NULL},
{"POST", "/experimenten/{experimentId}/bewerken",       api_experiment_update,   PAGE,         SCOPE_EXPERIMENT, ROLE_BEWERKER,   1, "experiment_edit",   NULL, NULL, NULL, NULL, NULL},
{"GET",  "/experimenten/{experimentId}/analyses",       api_analysis_list,       API,          SCOPE_EXPERIMENT, ROLE_LEZER,      0, NULL,                "listAnalyses",      "experimenten", "Analyses of an experiment, newest first", NULL, "AnalysisList"},
{"POST", "/experimenten/{experimentId}/analyses",       api_analysis_create,     BOTH,         SCOPE_EXPERIMENT, ROLE_BEWERKER,   1, "experiment",        "createAnalysis",    "experimenten", "Analyse counts (the scalelab stats ab input) and store input and result (needs bewerker)", "AnalysisInput", "Analysis"},
{"GET",  "/experimenten/{experimentId}/analyses/{analysisId}", api_analysis_get, API,          SCOPE_EXPERIMENT, ROLE_LEZER,      0, NULL,                "getAnalysis",       "experimenten", "One analysis of an experiment", NULL, "Analysis"},
{"POST", "/experimenten/{experimentId}/besluit",        api_experiment_decide,   BOTH,         SCOPE_EXPERIMENT, ROLE_BEWERKER,   1, "experiment",        "decideExperiment",  "experimenten", "Record the decision: opschalen, aanpassen or stoppen (needs bewerker)", "DecisionInput", "Experiment"},
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
