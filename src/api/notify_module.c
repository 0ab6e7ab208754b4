/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * notify_module: the inbox, e-mail preferences and one-click unsubscribe,
 * the outbox of an organisation (beheerders), calendar feeds of a person
 * and of an initiative, and the schedule trigger. Scope: {messageId} (an
 * outbox message of {org}). See docs/notify.md.
 */
#include "api/notify.h"
#include "api/route_rows.h"
#include "lib/util.h"
#include "store/notify_store.h"

/* The schema steps of this module (src/store/notify_schema.c). */
extern const struct migration notify_migrations[];

/* clang-format off */
static const struct route routes[] = {
/* method  path                                              handler                       flags                  access  role            csrf template            operationId                    tag       summary, request, response */
{"GET",  "/meldingen",                                       api_notify_inbox,             BOTH | R_PAGED,                  USER,   ROLE_NONE,      0, "notify_inbox",      "listNotifications",           "notify", "The caller's notifications, newest first (?filter=ongelezen: unread only), and the unread count", NULL, "NotificationList"},
{"POST", "/meldingen/alles-gelezen",                         api_notify_mark_all,          BOTH | R_UPDATE,       USER,   ROLE_NONE,      1, "notify_inbox",      "markAllNotificationsRead",    "notify", "Mark all the caller's notifications read", NULL, "NotificationMarkAll"},
{"PUT",  "/meldingen/{notificationId}",                      api_notify_mark,              API,                   USER,   ROLE_NONE,      1, NULL,                "markNotification",            "notify", "Mark one of the caller's notifications read or unread", "NotificationReadInput", "Notification"},
{"POST", "/meldingen/{notificationId}/gelezen",              api_notify_mark,              PAGE,                  USER,   ROLE_NONE,      1, "notify_inbox",      NULL, NULL, NULL, NULL, NULL},
{"GET",  "/mij/meldingen",                                   api_notify_prefs_get,         BOTH,                  USER,   ROLE_NONE,      0, "notify_prefs",      "getNotificationPreferences",  "notify", "The caller's e-mail preferences per kind of notification", NULL, "NotificationPreferences"},
{"PUT",  "/mij/meldingen",                                   api_notify_prefs_put,         API,                   USER,   ROLE_NONE,      1, NULL,                "putNotificationPreferences",  "notify", "Turn e-mail per kind on or off; kinds not named stay as they are", "NotificationPreferencesInput", "NotificationPreferences"},
{"POST", "/mij/meldingen",                                   api_notify_prefs_put,         PAGE,                  USER,   ROLE_NONE,      1, "notify_prefs",      NULL, NULL, NULL, NULL, NULL},
{"GET",  "/mij/agenda",                                      api_notify_feed_get,          BOTH,                  USER,   ROLE_NONE,      0, "notify_feed",       "getCalendarFeed",             "notify", "Whether the caller has a calendar feed, and since when", NULL, "CalendarFeed"},
{"POST", "/mij/agenda",                                      api_notify_feed_create,       BOTH | R_RENDER,       USER,   ROLE_NONE,      1, "notify_feed",       "createCalendarFeed",          "notify", "A new secret calendar feed URL for the caller (shown once; an older URL stops working)", NULL, "CalendarFeed"},
{"DELETE", "/mij/agenda",                                    api_notify_feed_revoke,       API,                   USER,   ROLE_NONE,      1, NULL,                "revokeCalendarFeed",          "notify", "Revoke the caller's calendar feed: its URL answers 404", NULL, NULL},
{"POST", "/mij/agenda/intrekken",                            api_notify_feed_revoke,       PAGE | R_RENDER,       USER,   ROLE_NONE,      1, "notify_feed",       NULL, NULL, NULL, NULL, NULL},
{"GET",  "/initiatieven/{initiativeId}/agenda",              api_notify_team_feed_get,     BOTH,                  MEMBER, ROLE_LEZER,     0, "notify_team_feed",  "getInitiativeCalendarFeed",   "notify", "Whether the initiative has a team calendar feed", NULL, "CalendarFeed"},
{"POST", "/initiatieven/{initiativeId}/agenda",              api_notify_team_feed_create,  BOTH | R_RENDER,       MEMBER, ROLE_BEWERKER,  1, "notify_team_feed",  "createInitiativeCalendarFeed", "notify", "A new secret calendar feed URL for the initiative's team (shown once; needs bewerker)", NULL, "CalendarFeed"},
{"DELETE", "/initiatieven/{initiativeId}/agenda",            api_notify_team_feed_revoke,  API,                   MEMBER, ROLE_BEWERKER,  1, NULL,                "revokeInitiativeCalendarFeed", "notify", "Revoke the initiative's calendar feed (needs bewerker)", NULL, NULL},
{"POST", "/initiatieven/{initiativeId}/agenda/intrekken",    api_notify_team_feed_revoke,  PAGE | R_RENDER,       MEMBER, ROLE_BEWERKER,  1, "notify_team_feed",  NULL, NULL, NULL, NULL, NULL},
{"GET",  "/agenda/{token}",                                  api_notify_ics,               API | R_ICS,                  PUBLIC, ROLE_NONE,      0, NULL,                "getCalendarFeedIcs",          "notify", "The calendar feed itself (text/calendar, RFC 5545); the token in the path is the credential", NULL, NULL},
{"GET",  "/uitschrijven/{token}",                            api_notify_unsub_form,        PAGE,                  PUBLIC, ROLE_NONE,      0, "notify_unsubscribe", NULL, NULL, NULL, NULL, NULL},
{"POST", "/uitschrijven/{token}",                            api_notify_unsub,             PAGE | R_RENDER,       PUBLIC, ROLE_NONE,      0, "notify_unsubscribe", NULL, NULL, NULL, NULL, NULL},
{"GET",  "/organisaties/{org}/postvak-uit",                  api_notify_outbox,            BOTH | R_PAGED,                  MEMBER, ROLE_BEHEERDER, 0, "notify_outbox",     "listOutbox",                  "notify", "The organisation's outgoing e-mail with status, attempts and the reason of failures (needs beheerder)", NULL, "Outbox"},
{"POST", "/organisaties/{org}/postvak-uit/{messageId}/opnieuw", api_notify_outbox_retry,   BOTH | R_UPDATE,       MEMBER, ROLE_BEHEERDER, 1, "notify_outbox",     "retryOutboxMessage",          "notify", "Queue a failed message again (needs beheerder)", NULL, "Outbox"},
{"PUT",  "/organisaties/{org}/tijdzone",                     api_notify_tz_put,            API,                   MEMBER, ROLE_BEHEERDER, 1, NULL,                "putOrganisationTimeZone",     "notify", "The organisation's time zone (IANA name): digests go out Monday 07:00 there (needs beheerder)", "TimeZoneInput", "Outbox"},
{"POST", "/organisaties/{org}/tijdzone",                     api_notify_tz_put,            PAGE,                  MEMBER, ROLE_BEHEERDER, 1, "notify_outbox",     NULL, NULL, NULL, NULL, NULL},
{"POST", "/beheer/notificaties/planning",                    api_notify_run,               API | R_UPDATE,        USER,   ROLE_NONE,      1, NULL,                "runNotificationSchedule",     "notify", "Queue what is due now, or at the given time: reminders and weekly digests (instance administrators)", "NotificationScheduleInput", "NotificationScheduleResult"},
ROUTES_END,
};
/* clang-format on */

/* A message of the outbox: it must belong to the organisation {org}. */
static int64_t message_scope(const char *value, int64_t org, int64_t *id)
{
	if (api_parse_id(value, id) < 0)
		return -ERR_NOTFOUND;
	return notify_store_outbox_org(*id) == org ? 0 : -ERR_NOTFOUND;
}

static const struct scope scopes[] = {
    {"messageId", "org", 1, message_scope},
    {NULL, NULL, 0, NULL},
};

/* Its collections and how they are paged (api/page.h; docs/architecture.md). */
static const struct paged paged[] = {
    {.op = "listNotifications", .array = "items", .kind = PAGE_CURSOR, .desc = 1},
    {.op = "listOutbox", .array = "messages", .kind = PAGE_CURSOR, .desc = 1},
    {0},
};

const struct module notify_module = {
    .paged = paged, .name = "notify", .routes = routes, .scopes = scopes, .migrations = notify_migrations};
