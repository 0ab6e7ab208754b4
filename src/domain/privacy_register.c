/* SPDX-License-Identifier: EUPL-1.2 */
/* privacy_register: the processing register as data (see privacy_register.h, docs/privacy.md). */
#include <string.h>

#include "domain/privacy_register.h"

#define N PRIVACY_MATCH_NONE
#define U PRIVACY_MATCH_USER_ID
#define E PRIVACY_MATCH_EMAIL
#define A PRIVACY_MATCH_ACTOR

/* clang-format off */
static const struct privacy_register_entry reg[] = {
/* table                  column         category       purpose           basis                    retention        match */
{"users",                 "email",       "contact",     "account",        "overeenkomst",          "account",        E},
{"users",                 "name",        "identiteit",  "account",        "overeenkomst",          "account",        N},
{"organisations",         "name",        "geen",        "geen",           "geen",                  "geen",           N},
{"memberships",           "user_id",     "verwijzing",  "account",        "overeenkomst",          "account",        N},
{"initiatives",           "name",        "geen",        "geen",           "geen",                  "geen",           N},
{"initiatives",           "owner_id",    "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"sessions",              "user_id",     "verwijzing",  "beveiliging",    "overeenkomst",          "sessie",         N},
{"tokens",                "user_id",     "verwijzing",  "beveiliging",    "overeenkomst",          "token",          N},
{"tokens",                "name",        "geen",        "geen",           "geen",                  "geen",           N},
{"login_failures",        "ip",          "techniek",    "beveiliging",    "gerechtvaardigd-belang", "kort",          N},
{"login_failures",        "email",       "contact",     "beveiliging",    "gerechtvaardigd-belang", "kort",          E},
{"audit_log",             "user_id",     "verwijzing",  "verantwoording", "wettelijke-plicht",     "verantwoording", U},
{"audit_log",             "actor",       "contact",     "verantwoording", "wettelijke-plicht",     "verantwoording", A},
{"experiments",           "name",        "geen",        "geen",           "geen",                  "geen",           N},
{"experiments",           "decided_by",  "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"analyses",              "created_by",  "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"assessment_rounds",     "created_by",  "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"assessment_raters",     "user_id",     "verwijzing",  "meting",         "overeenkomst",          "account",        N},
{"assessment_raters",     "name",        "identiteit",  "meting",         "overeenkomst",          "werk",           N},
{"actions",               "owner",       "identiteit",  "samenwerking",   "overeenkomst",          "werk",           N},
{"actions",               "owner_id",    "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"okr_teams",             "name",        "geen",        "geen",           "geen",                  "geen",           N},
{"okr_team_members",      "user_id",     "verwijzing",  "samenwerking",   "overeenkomst",          "account",        N},
{"okr_periods",           "name",        "geen",        "geen",           "geen",                  "geen",           N},
{"okr_objectives",        "owner_id",    "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"okr_key_results",       "owner_id",    "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"okr_checkins",          "user_id",     "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"kpi_series",            "name",        "geen",        "geen",           "geen",                  "geen",           N},
{"kpi_values",            "user_id",     "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"event_sources",         "name",        "geen",        "geen",           "geen",                  "geen",           N},
{"event_sources",         "created_by",  "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"notify_inbox",          "user_id",     "verwijzing",  "berichten",      "overeenkomst",          "account",        N},
{"notify_outbox",         "user_id",     "verwijzing",  "berichten",      "overeenkomst",          "verzending",     N},
{"notify_outbox",         "to_addr",     "contact",     "berichten",      "overeenkomst",          "verzending",     E},
{"notify_prefs",          "user_id",     "verwijzing",  "berichten",      "overeenkomst",          "account",        N},
{"notify_prefs",          "email",       "geen",        "geen",           "geen",                  "geen",           N},
{"notify_feeds",          "user_id",     "verwijzing",  "berichten",      "overeenkomst",          "account",        N},
{"notify_feeds",          "created_by",  "verwijzing",  "berichten",      "overeenkomst",          "account",        N},
{"plan_org_phases",       "name",        "geen",        "geen",           "geen",                  "geen",           N},
{"plan_phases",           "name",        "geen",        "geen",           "geen",                  "geen",           N},
{"plan_reviews",          "opened_by",   "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"plan_reviews",          "decided_by",  "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"decisions",             "decided_by",  "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"decisions",             "decider",     "identiteit",  "samenwerking",   "overeenkomst",          "werk",           N},
{"plan_steps",            "owner_id",    "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"stakeholders",          "name",        "identiteit",  "belanghebbenden","gerechtvaardigd-belang", "werk",          N},
{"stakeholder_history",   "user_id",     "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"bc_cases",              "name",        "geen",        "geen",           "geen",                  "geen",           N},
{"bc_parties",            "name",        "geen",        "geen",           "geen",                  "geen",           N},
{"knowledge_items",       "author_id",   "verwijzing",  "kennis",         "overeenkomst",          "werk",           N},
{"knowledge_versions",    "user_id",     "verwijzing",  "kennis",         "overeenkomst",          "werk",           N},
{"knowledge_reviews",     "user_id",     "verwijzing",  "kennis",         "overeenkomst",          "werk",           N},
{"knowledge_adoptions",   "user_id",     "verwijzing",  "kennis",         "overeenkomst",          "werk",           N},
{"initiative_shares",     "user_id",     "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"connect_requests",      "from_user",   "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"connect_requests",      "decided_by",  "verwijzing",  "samenwerking",   "overeenkomst",          "werk",           N},
{"workshops",             "created_by",  "verwijzing",  "meting",         "overeenkomst",          "werk",           N},
{"workshop_participants", "name",        "identiteit",  "meting",         "gerechtvaardigd-belang", "werk",          N},
{"workshop_join_failures","ip",          "techniek",    "beveiliging",    "gerechtvaardigd-belang", "kort",          N},
{"user_totp",             "user_id",     "verwijzing",  "beveiliging",    "overeenkomst",          "account",        N},
{"user_recovery_codes",   "user_id",     "verwijzing",  "beveiliging",    "overeenkomst",          "account",        N},
{"sso_identities",        "user_id",     "verwijzing",  "account",        "overeenkomst",          "account",        N},
{"sso_identities",        "subject",     "identiteit",  "account",        "overeenkomst",          "account",        N},
{"member_invitations",    "email",       "contact",     "uitnodiging",    "overeenkomst",          "uitnodiging",    E},
{"member_invitations",    "invited_by",  "verwijzing",  "uitnodiging",    "overeenkomst",          "uitnodiging",    N},
{"member_invitations",    "answered_by", "verwijzing",  "uitnodiging",    "overeenkomst",          "uitnodiging",    N},
};
/* clang-format on */

const struct privacy_register_entry *privacy_register(size_t *n)
{
	*n = sizeof reg / sizeof reg[0];
	return reg;
}

const struct privacy_register_entry *privacy_register_find(const char *table, const char *column)
{
	for (size_t i = 0; i < sizeof reg / sizeof reg[0]; i++)
		if (!strcmp(reg[i].table, table) && !strcmp(reg[i].column, column))
			return &reg[i];
	return NULL;
}

static int ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);
	return a >= b && !strcmp(s + a - b, tail);
}

int privacy_looks_personal(const char *c)
{
	static const char *const exact[] = {"email",   "to_addr", "ip",	   "actor",
					    "user_id", "name",	  "owner", NULL};
	for (int i = 0; exact[i]; i++)
		if (!strcmp(c, exact[i]))
			return 1;
	return ends_with(c, "_by") || strstr(c, "user") || !strncmp(c, "owner", 5) ||
	       !strncmp(c, "author", 6) || strstr(c, "mail") || strstr(c, "phone") || strstr(c, "person") ||
	       strstr(c, "addr");
}
