/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * events_module: product events of an initiative. Event sources (one per
 * analytics client: PostHog, Segment, Mixpanel, Plausible) with a key shown
 * once, their counters and last errors, key rotation and revocation, and
 * the erasure of one person's events. The clients' own ingestion paths
 * (/batch/, /v1/track, /track, /api/event) are no routes: they bypass the
 * pipeline (http/server.c hands them to events/ingest.c). Scope: {sourceId}.
 */
#include "api/events.h"
#include "api/route_rows.h"
#include "lib/util.h"
#include "store/event_source_store.h"

/* The schema steps of this module (src/store/events_schema.c). */
extern const struct migration events_migrations[];

/* clang-format off */
static const struct route routes[] = {
/* method  path                                          handler                     flags                   access  role            csrf template                operationId              tag         summary, request, response */
{"GET",  "/initiatieven/{initiativeId}/bronnen",          api_event_source_list,      BOTH | R_PAGED,                   MEMBER, ROLE_LEZER,     0, "events_sources",        "listEventSources",      "bronnen", "Event sources of an initiative with their counters", NULL, "EventSourceList"},
{"GET",  "/initiatieven/{initiativeId}/bronnen/nieuw",    api_event_source_new_form,  PAGE,                   MEMBER, ROLE_BEWERKER,  0, "events_source_new",     NULL, NULL, NULL, NULL, NULL},
{"POST", "/initiatieven/{initiativeId}/bronnen",          api_event_source_create,    BOTH | R_RENDER,        MEMBER, ROLE_BEWERKER,  1, "events_source_new",     "createEventSource",     "bronnen", "Create an event source; its key is in this answer only (needs bewerker)", "EventSourceInput", "EventSource"},
{"POST", "/initiatieven/{initiativeId}/verwijderverzoeken", api_event_erase,          PAGE,                   MEMBER, ROLE_BEHEERDER, 1, "events_sources",        NULL, NULL, NULL, NULL, NULL},
{"POST", "/initiatieven/{initiativeId}/verwijderverzoeken", api_event_erase,          API | R_UPDATE,         MEMBER, ROLE_BEHEERDER, 1, NULL,                    "eraseEventPerson",      "bronnen", "Erase every event of the person a distinct id belongs to, and the person's id links (GDPR art. 17; needs beheerder)", "EventErasureInput", "EventErasure"},
{"GET",  "/bronnen/{sourceId}",                           api_event_source_get,       BOTH,                   MEMBER, ROLE_LEZER,     0, "events_source",         "getEventSource",        "bronnen", "An event source with its counters and last errors", NULL, "EventSource"},
{"PUT",  "/bronnen/{sourceId}",                           api_event_source_update,    API,                    MEMBER, ROLE_BEWERKER,  1, NULL,                    "updateEventSource",     "bronnen", "Rename an event source or change its retention (needs bewerker)", "EventSourceUpdate", "EventSource"},
{"POST", "/bronnen/{sourceId}/bewerken",                  api_event_source_update,    PAGE,                   MEMBER, ROLE_BEWERKER,  1, "events_source",         NULL, NULL, NULL, NULL, NULL},
{"POST", "/bronnen/{sourceId}/sleutel",                   api_event_source_rotate,    BOTH | R_UPDATE | R_RENDER, MEMBER, ROLE_BEWERKER, 1, "events_source",     "rotateEventSourceKey",  "bronnen", "Replace the key: the old one stops working; the new key is in this answer only (needs bewerker)", NULL, "EventSource"},
{"DELETE", "/bronnen/{sourceId}/sleutel",                 api_event_source_revoke,    API,                    MEMBER, ROLE_BEWERKER,  1, NULL,                    "revokeEventSourceKey",  "bronnen", "Revoke the key: the source accepts no more events (401) and keeps what it has (needs bewerker)", NULL, NULL},
{"POST", "/bronnen/{sourceId}/sleutel/intrekken",         api_event_source_revoke,    PAGE,                   MEMBER, ROLE_BEWERKER,  1, "events_source",         NULL, NULL, NULL, NULL, NULL},
ROUTES_END,
};
/* clang-format on */

static int64_t source_scope(const char *value, int64_t parent, int64_t *id)
{
	(void)parent;
	return api_parse_id(value, id) < 0 ? -ERR_NOTFOUND : event_source_store_org(*id);
}

static const struct scope scopes[] = {
    {"sourceId", NULL, 1, source_scope},
    {NULL, NULL, 0, NULL},
};

/* Its collections and how they are paged (api/page.h; docs/architecture.md). */
static const struct paged paged[] = {
    {.op = "listEventSources", .array = "sources", .kind = PAGE_CURSOR},
    {0},
};

const struct module events_module = {
    .paged = paged,
    .name = "events",
    .routes = routes,
    .scopes = scopes,
    .migrations = events_migrations,
    .evidence = api_events_evidence,
};
