/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr_module: objectives and key results. Teams and periods of an
 * organisation, the OKR tree, objectives with alignments, key results of
 * six kinds, check-ins (one key result, or a person's week at once), the
 * team review, the value API and CSV. Scopes: {teamId}, {memberId} (in
 * that team), {objectiveId}, {krId}, {datum} (a date, of that key result).
 */
#include "api/okr.h"
#include "api/evidence.h"
#include "api/route_rows.h"
#include "lib/util.h"
#include "store/initiative_store.h"
#include "store/okr_store.h"

/* The schema steps of this module (src/store/okr_schema.c). */
extern const struct migration okr_migrations[];

#define CSV_API (R_API | R_CSV)

/* clang-format off */
static const struct route routes[] = {
/* method  path                                            handler                         flags         access  role            csrf template              operationId                  tag    summary, request, response */
{"GET",  "/organisaties/{org}/okr",                         api_okr_tree,                  BOTH,          MEMBER, ROLE_LEZER,     0, "okr_tree",            "getOkrTree",                "okr", "The OKR tree of an organisation for one period (?periode=id), optionally of one team (?team=id), with progress and status", NULL, "OkrTree"},
{"GET",  "/organisaties/{org}/okr/export",                  api_okr_export,                CSV_API,       MEMBER, ROLE_LEZER,     0, NULL,                  "exportOkr",                 "okr", "Objectives and key results as rows (?formaat=csv: the documented CSV layout)", NULL, "OkrExport"},
{"POST", "/organisaties/{org}/okr/import",                  api_okr_import,                API | R_UPDATE, MEMBER, ROLE_BEWERKER, 1, NULL,                  "importOkr",                 "okr", "Import objectives and key results from CSV in the export layout (needs bewerker)", "OkrImportInput", "OkrImportResult"},
{"GET",  "/organisaties/{org}/teams",                       api_okr_teams,                 BOTH | R_PAGED,          MEMBER, ROLE_LEZER,     0, "okr_teams",           "listOkrTeams",              "okr", "Departments and teams of an organisation", NULL, "OkrTeamList"},
{"POST", "/organisaties/{org}/teams",                       api_okr_team_create,           BOTH,          MEMBER, ROLE_BEWERKER,  1, "okr_teams",           "createOkrTeam",             "okr", "Create a department or team (needs bewerker)", "OkrTeamInput", "OkrTeam"},
{"GET",  "/teams/{teamId}",                                 api_okr_team_get,              BOTH,          MEMBER, ROLE_LEZER,     0, "okr_team",            "getOkrTeam",                "okr", "A team with its members, who has not checked in this week, and its objectives", NULL, "OkrTeamDetail"},
{"POST", "/teams/{teamId}/leden",                           api_okr_team_member_add,       BOTH | R_UPDATE, MEMBER, ROLE_BEWERKER, 1, "okr_team",          "addOkrTeamMember",          "okr", "Add a member of the organisation to the team (needs bewerker)", "OkrMemberInput", "OkrTeamDetail"},
{"DELETE", "/teams/{teamId}/leden/{memberId}",              api_okr_team_member_remove,    API,           MEMBER, ROLE_BEWERKER,  1, NULL,                  "removeOkrTeamMember",       "okr", "Remove a member from the team (needs bewerker)", NULL, NULL},
{"POST", "/teams/{teamId}/leden/{memberId}/verwijderen",    api_okr_team_member_remove,    PAGE,          MEMBER, ROLE_BEWERKER,  1, "okr_team",            NULL, NULL, NULL, NULL, NULL},
{"GET",  "/teams/{teamId}/overleg",                         api_okr_review,                BOTH,          MEMBER, ROLE_LEZER,     0, "okr_review",          "getOkrReview",              "okr", "The weekly team review: key results of the team, stale and at risk first, changes since last week", NULL, "OkrReview"},
{"GET",  "/organisaties/{org}/perioden",                    api_okr_periods,               BOTH | R_PAGED,          MEMBER, ROLE_LEZER,     0, "okr_periods",         "listOkrPeriods",            "okr", "OKR periods of an organisation, newest first", NULL, "OkrPeriodList"},
{"POST", "/organisaties/{org}/perioden",                    api_okr_period_create,         BOTH,          MEMBER, ROLE_BEWERKER,  1, "okr_periods",         "createOkrPeriod",           "okr", "Create a period: a quarter unless startsOn and endsOn say otherwise (needs bewerker)", "OkrPeriodInput", "OkrPeriod"},
{"GET",  "/organisaties/{org}/doelen/nieuw",                api_okr_objective_new_form,    PAGE,          MEMBER, ROLE_BEWERKER,  0, "okr_objective_new",   NULL, NULL, NULL, NULL, NULL},
{"POST", "/organisaties/{org}/doelen",                      api_okr_objective_create,      BOTH,          MEMBER, ROLE_BEWERKER,  1, "okr_objective_new",   "createOkrObjective",        "okr", "Create an objective with its alignments (needs bewerker)", "OkrObjectiveInput", "OkrObjective"},
{"GET",  "/doelen/{objectiveId}",                           api_okr_objective_get,         BOTH,          MEMBER, ROLE_LEZER,     0, "okr_objective",       "getOkrObjective",           "okr", "An objective with its key results, alignments, progress, status and quality warnings", NULL, "OkrObjective"},
{"PUT",  "/doelen/{objectiveId}",                           api_okr_objective_update,      API,           MEMBER, ROLE_BEWERKER,  1, NULL,                  "updateOkrObjective",        "okr", "Replace an objective and its alignments; an alignment cycle is refused with the cycle named (needs bewerker)", "OkrObjectiveInput", "OkrObjective"},
{"GET",  "/doelen/{objectiveId}/bewerken",                  api_okr_objective_edit_form,   PAGE,          MEMBER, ROLE_BEWERKER,  0, "okr_objective_edit",  NULL, NULL, NULL, NULL, NULL},
{"POST", "/doelen/{objectiveId}/bewerken",                  api_okr_objective_update,      PAGE,          MEMBER, ROLE_BEWERKER,  1, "okr_objective_edit",  NULL, NULL, NULL, NULL, NULL},
{"POST", "/doelen/{objectiveId}/publiceren",                api_okr_objective_publish,     BOTH | R_UPDATE, MEMBER, ROLE_BEWERKER, 1, "okr_objective",     "publishOkrObjective",       "okr", "Publish an objective; its quality warnings are in the answer, they never block (needs bewerker)", "OkrPublishInput", "OkrObjective"},
{"POST", "/doelen/{objectiveId}/afsluiten",                 api_okr_objective_close,       BOTH | R_UPDATE, MEMBER, ROLE_BEWERKER, 1, "okr_objective",     "closeOkrObjective",         "okr", "Close an objective: scores 0-1 per key result and for the objective, with a retrospective note (needs bewerker)", "OkrCloseInput", "OkrObjective"},
{"POST", "/doelen/{objectiveId}/doorschuiven",              api_okr_objective_carry,       BOTH,          MEMBER, ROLE_BEWERKER,  1, "okr_objective",       "carryOverOkrObjective",     "okr", "Carry an objective and its unfinished key results over into another period, linked to their history (needs bewerker)", "OkrCarryInput", "OkrObjective"},
{"GET",  "/initiatieven/{initiativeId}/doelen",             api_okr_initiative_objectives, API | R_PAGED,           MEMBER, ROLE_LEZER,     0, NULL,                  "listInitiativeOkrObjectives", "okr", "Objectives of an initiative with progress and status", NULL, "OkrInitiativeObjectives"},
{"GET",  "/doelen/{objectiveId}/kernresultaten/nieuw",      api_okr_kr_new_form,           PAGE,          MEMBER, ROLE_BEWERKER,  0, "okr_kr_new",          NULL, NULL, NULL, NULL, NULL},
{"POST", "/doelen/{objectiveId}/kernresultaten",            api_okr_kr_create,             BOTH,          MEMBER, ROLE_BEWERKER,  1, "okr_kr_new",          "createOkrKeyResult",        "okr", "Add a key result to an objective (needs bewerker)", "OkrKeyResultInput", "OkrKeyResult"},
{"GET",  "/kernresultaten/{krId}",                          api_okr_kr_get,                BOTH,          MEMBER, ROLE_LEZER,     0, "okr_kr",              "getOkrKeyResult",           "okr", "A key result with its progress, status and check-in history", NULL, "OkrKeyResult"},
{"PUT",  "/kernresultaten/{krId}",                          api_okr_kr_update,             API,           MEMBER, ROLE_BEWERKER,  1, NULL,                  "updateOkrKeyResult",        "okr", "Replace a key result (needs bewerker)", "OkrKeyResultInput", "OkrKeyResult"},
{"GET",  "/kernresultaten/{krId}/bewerken",                 api_okr_kr_edit_form,          PAGE,          MEMBER, ROLE_BEWERKER,  0, "okr_kr_edit",         NULL, NULL, NULL, NULL, NULL},
{"POST", "/kernresultaten/{krId}/bewerken",                 api_okr_kr_update,             PAGE,          MEMBER, ROLE_BEWERKER,  1, "okr_kr_edit",         NULL, NULL, NULL, NULL, NULL},
{"POST", "/kernresultaten/{krId}/checkins",                 api_okr_checkin_create,        BOTH | R_UPDATE, MEMBER, ROLE_DEELNEMER, 1, "okr_kr",           "checkInOkrKeyResult",       "okr", "Check in on one key result: value, confidence 0-10, what changed, blocker, next step (needs deelnemer)", "OkrCheckinInput", "OkrKeyResult"},
{"PUT",  "/kernresultaten/{krId}/waarden/{datum}",          api_okr_value_put,             API,           MEMBER, ROLE_DEELNEMER, 1, NULL,                  "putOkrValue",               "okr", "Write the value of a key result for one day; writing it again changes nothing (needs deelnemer)", "OkrValueInput", "OkrValue"},
{"GET",  "/organisaties/{org}/check-in",                    api_okr_checkin_page,          BOTH,          MEMBER, ROLE_DEELNEMER, 0, "okr_checkin",         "getOkrCheckin",             "okr", "The caller's weekly check-in: every key result they own in a running period", NULL, "OkrCheckinPage"},
{"POST", "/organisaties/{org}/check-in",                    api_okr_checkin_batch,         BOTH | R_UPDATE, MEMBER, ROLE_DEELNEMER, 1, "okr_checkin",      "checkInOkrWeek",            "okr", "Save the weekly check-in of several key results at once; one bad row saves none (needs deelnemer)", "OkrCheckinBatch", "OkrCheckinPage"},
ROUTES_END,
};
/* clang-format on */

static int64_t team_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : okr_store_team_org(*id);
}

static int64_t member_scope(const char *value, int64_t team, int64_t *id)
{
	if (api_parse_id(value, id) < 0 || !okr_store_team_has_member(team, *id))
		return -ERR_NOTFOUND;
	return 0;
}

static int64_t objective_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : okr_store_objective_org(*id);
}

static int64_t kr_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : okr_store_kr_org(*id);
}

/* A date of a key result: any calendar date; its id is its day number. */
static int64_t date_scope(const char *value, int64_t kr, int64_t *id)
{
	(void)kr;
	int64_t d = okr_day(value);
	if (d == INT64_MIN)
		return -ERR_NOTFOUND;
	*id = d;
	return 0;
}

static const struct scope scopes[] = {
    {"teamId", NULL, 1, team_scope},	       {"memberId", "teamId", 0, member_scope},
    {"objectiveId", NULL, 1, objective_scope}, {"krId", NULL, 0, kr_scope},
    {"datum", "krId", 0, date_scope},	       {NULL, NULL, 0, NULL},
};

int okr_due(const struct due_query *q, due_emit emit, void *arg); /* okr_due.c */

/* Its collections and how they are paged (api/page.h; docs/architecture.md). */
static const struct paged paged[] = {
    {.op = "listOkrTeams", .array = "teams", .kind = PAGE_NUMBER},
    {.op = "listOkrPeriods", .array = "periods", .kind = PAGE_NUMBER},
    {.op = "listInitiativeOkrObjectives", .array = "objectives", .kind = PAGE_NUMBER},
    {0},
};

const struct module okr_module = {.paged = paged,
				  .name = "okr",
				  .routes = routes,
				  .scopes = scopes,
				  .migrations = okr_migrations,
				  .evidence = okr_evidence,
				  .due = okr_due};
