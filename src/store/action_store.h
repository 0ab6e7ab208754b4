/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * action_store: table actions, the action list of an initiative (often
 * accepted from a round's suggestions). Reads fill struct action
 * (domain/action.h), owned by the caller (free with action_free /
 * action_list_free). Whether an action is overdue is not the store's to say.
 */
#ifndef SL_ACTION_STORE_H
#define SL_ACTION_STORE_H

#include <stdint.h>

#include "domain/action.h"

struct action_in {
	int64_t initiative_id;
	int64_t round_id;	/* 0: not from a round */
	const char *rule_id;	/* the method rule that suggested it, or "" */
	const char *ingredient; /* linked ingredient/component/pitfall id, or "" */
	const char *title;
	const char *owner;    /* free text: a person or party outside the organisation */
	int64_t owner_id;     /* a member as owner; 0: none */
	const char *due_date; /* YYYY-MM-DD or NULL */
	enum action_status status;
	const char *parties; /* JSON array text, or NULL for [] */
};

int64_t action_store_create(const struct action_in *in);
/* Updates title, owner, owner_id, due date, status and ingredient. 0 or -ERR_NOTFOUND. */
int action_store_update(int64_t id, const struct action_in *in);
int action_store_delete(int64_t id);
/* 0 with *out filled, or -ERR_NOTFOUND (then *out is zeroed). */
int action_store_get(int64_t id, struct action *out);
/* Actions of an initiative: the unfinished ones first (open, in progress),
 * each group by due date (none last), then id. */
void action_store_list(int64_t initiative_id, struct action_list *out);
/* A place in action_store_list's order: closed (done or dropped), undated,
 * due date ("" when undated), id. */
struct action_pos {
	int closed;
	int undated;
	char due[11];
	int64_t id;
};
/* At most limit actions of action_store_list that come after *after
 * (NULL: from the first), through the index of schema step 25; with
 * overdue_before (YYYY-MM-DD, else NULL) only the overdue ones: open or in
 * progress and due before that day (domain/action's rule), most overdue
 * first. */
void action_store_list_page(int64_t initiative_id, const struct action_pos *after, const char *overdue_before,
			    int limit, struct action_list *out);
/* How many actions the initiative has (upto NULL), or how many of them come
 * before upto and upto itself in action_store_list's order; with
 * overdue_before only the overdue ones, as action_store_list_page. */
int64_t action_store_count(int64_t initiative_id, const struct action_pos *upto, const char *overdue_before);
/* Only the actions taken over from a method's suggestion (a rule id), by id. */
void action_store_list_from_rules(int64_t initiative_id, struct action_list *out);
/* How many actions are open or in progress, how many of those are overdue
 * (due before today, YYYY-MM-DD), and the first max overdue ones by due
 * date, then id: counted in SQL, so an initiative with thousands of actions
 * is not read whole. */
void action_store_open_counts(int64_t initiative_id, const char *today, int max, int64_t *open,
			      int64_t *overdue, struct action_list *first_overdue);
/* Only the actions with a due date, by due date, then id. */
void action_store_list_due(int64_t initiative_id, struct action_list *out);
/* The open and running actions a member owns, by due date (none last). */
void action_store_list_owner(int64_t user_id, struct action_list *out);
int64_t action_store_org(int64_t id);

#endif
