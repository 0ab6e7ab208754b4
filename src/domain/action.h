/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * action: an action on an initiative's action list and the rules that
 * need no storage: the one table of the status words (stored and API
 * text) and when an action is overdue. The api layer (api/action.c)
 * applies them; the store only fills the struct. Nothing here does I/O.
 */
#ifndef SL_DOMAIN_ACTION_H
#define SL_DOMAIN_ACTION_H

#include <stddef.h>
#include <stdint.h>

enum action_status {
	ACTION_OPEN,	    /* open */
	ACTION_IN_PROGRESS, /* bezig */
	ACTION_DONE,	    /* klaar */
	ACTION_DROPPED,	    /* vervallen */
};

/* "open", "bezig", "klaar", "vervallen": indexed by the enum, NULL-terminated. */
extern const char *const action_statuses[];

const char *action_status_name(enum action_status s);
/* 0 and *out set when s is one of action_statuses, else -ERR_INVALID (NULL too). */
int action_status_parse(const char *s, enum action_status *out);

/*
 * 1 when an action with this status and due date is overdue on today:
 * still open or in progress, and due strictly before today (a due date of
 * today is not late yet). Dates are YYYY-MM-DD, so text order is date
 * order. A missing or empty due date is never overdue.
 */
int action_overdue(enum action_status status, const char *due_date, const char *today);

/* A kind of party that can help (from the method rule the action came from). */
struct action_party {
	char *type;  /* overheid, markt, wetenschap, samenleving */
	char *label; /* "" when none */
};

/* An action as stored. Strings are owned (free with action_free). */
struct action {
	int64_t id;
	int64_t initiative_id;
	char *initiative_name;
	int64_t round_id; /* the round it was suggested in; 0: none */
	char *rule_id;	  /* the method rule that suggested it, or "" */
	char *ingredient; /* linked ingredient, component or pitfall id, or "" */
	char *title;
	char *owner;	  /* free text: someone outside the organisation, or "" */
	int64_t owner_id; /* a member as owner; 0: none */
	char *owner_name; /* that member's name; NULL without one */
	char *due_date;	  /* YYYY-MM-DD; NULL: none */
	enum action_status status;
	struct action_party *parties;
	size_t n_parties;
	char *created_at, *updated_at; /* RFC 3339 UTC */
};

struct action_list {
	struct action *items;
	size_t n;
};

/* Free the strings of one action, or every item and the array of a list,
 * and zero it; NULL-safe. The struct itself is the caller's. */
void action_free(struct action *a);
void action_list_free(struct action_list *l);

#endif
