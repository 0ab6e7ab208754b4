/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * workshop_module: the live workshop on an assessment round: the
 * facilitator's projector view and steps, joining from a phone with a
 * short code or QR code, the phone's sheet. Scopes: {workshopId},
 * {participantId} (a participant of that workshop).
 */
#include "api/route_rows.h"
#include "api/workshop.h"
#include "lib/util.h"
#include "store/workshop_store.h"

/* The schema steps of this module (src/store/workshop_schema.c). */
extern const struct migration workshop_migrations[];

/* clang-format off */
static const struct route routes[] = {
/* method  path                                        handler                   flags         access    role             csrf template            operationId            tag               summary, request, response */
{"POST", "/rondes/{roundId}/werksessie",                api_workshop_start,      BOTH,         MEMBER,   ROLE_BEWERKER,   1, "workshop",          "startWorkshop",     "werksessies", "Start a live workshop on an open round; participants join with its code", NULL, "Workshop"},
{"GET",  "/werksessies/{workshopId}",                   api_workshop_get,        BOTH,         MEMBER,   ROLE_BEWERKER,   0, "workshop",          "getWorkshop",       "werksessies", "The facilitator's view: parts, who joined, the anonymous distribution, agreed values, actions", NULL, "Workshop"},
{"POST", "/werksessies/{workshopId}/deel",              api_workshop_part,       BOTH|R_UPDATE,MEMBER,   ROLE_BEWERKER,   1, "workshop",          "setWorkshopPart",   "werksessies", "Go to a part, or close it for answers (close)", "WorkshopPartInput", "Workshop"},
{"POST", "/werksessies/{workshopId}/vastgesteld",       api_workshop_agree,      BOTH|R_UPDATE,MEMBER,   ROLE_BEWERKER,   1, "workshop",          "agreeWorkshopItem", "werksessies", "Record what the group agreed on an ingredient or part", "WorkshopAgreedInput", "Workshop"},
{"POST", "/werksessies/{workshopId}/acties",            api_workshop_action,     BOTH,         MEMBER,   ROLE_BEWERKER,   1, "workshop",          "addWorkshopAction", "werksessies", "Add an action agreed in the room (owner, due date, ingredient)", "WorkshopActionInput", "Workshop"},
{"DELETE","/werksessies/{workshopId}/deelnemers/{participantId}", api_workshop_remove, API,      MEMBER,   ROLE_BEWERKER,   1, NULL,                "removeParticipant", "werksessies", "Remove a participant: their link stops working, their answers stop counting", NULL, NULL},
{"POST", "/werksessies/{workshopId}/deelnemers/{participantId}/verwijderen", api_workshop_remove, PAGE, MEMBER, ROLE_BEWERKER, 1, "workshop", NULL, NULL, NULL, NULL, NULL},
{"POST", "/werksessies/{workshopId}/sluiten",           api_workshop_close,      BOTH|R_UPDATE,MEMBER,   ROLE_BEWERKER,   1, "workshop",          "closeWorkshop",     "werksessies", "End the workshop: the code stops working, participants' answers count", NULL, "Workshop"},
{"GET",  "/werksessies/{workshopId}/qr",                api_workshop_qr,         API|R_SVG,    MEMBER,   ROLE_BEWERKER,   0, NULL,                "getWorkshopQr",     "werksessies", "The join link as a QR code (image/svg+xml) while the workshop is open", NULL, NULL},
{"GET",  "/werksessie",                                 api_workshop_join_form,  PAGE,         PUBLIC,   ROLE_NONE,       0, "workshop_join",     NULL, NULL, NULL, NULL, NULL},
{"POST", "/werksessie",                                 api_workshop_join,       API|R_LIMITED,PUBLIC,   ROLE_NONE,       0, NULL,                "joinWorkshop",      "werksessies", "Join an open workshop with its code, without an account (limited against guessing)", "WorkshopJoinInput", "WorkshopJoined"},
{"POST", "/werksessie",                                 api_workshop_join,       PAGE,         PUBLIC,   ROLE_NONE,       1, "workshop_join",     NULL, NULL, NULL, NULL, NULL},
{"GET",  "/werksessie/{token}",                         api_workshop_phone,      BOTH,         PUBLIC,   ROLE_NONE,       0, "workshop_phone",    "getWorkshopSheet",  "werksessies", "A participant's sheet: the current part's questions with their answers", NULL, "WorkshopSheet"},
{"POST", "/werksessie/{token}",                         api_workshop_answer,     API|R_UPDATE, PUBLIC,   ROLE_NONE,       0, NULL,                "answerWorkshop",    "werksessies", "Save a participant's answers to the current part (until it is closed)", "WorkshopAnswersInput", "WorkshopSheet"},
{"POST", "/werksessie/{token}",                         api_workshop_answer,     PAGE,         PUBLIC,   ROLE_NONE,       1, "workshop_phone",    NULL, NULL, NULL, NULL, NULL},
ROUTES_END,
};
/* clang-format on */

static int64_t workshop_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : workshop_store_org(*id);
}

static int64_t participant_scope(const char *value, int64_t workshop, int64_t *id)
{
	if (api_parse_id(value, id) < 0 || workshop_store_participant_workshop(*id) != workshop)
		return -ERR_NOTFOUND;
	return 0;
}

static const struct scope scopes[] = {
    {"workshopId", NULL, 1, workshop_scope},
    {"participantId", "workshopId", 0, participant_scope},
    {NULL, NULL, 0, NULL},
};

const struct module workshop_module = {
    .name = "workshop", .routes = routes, .scopes = scopes, .migrations = workshop_migrations};
