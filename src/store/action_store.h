/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * action_store: table actions, the action list of an initiative (often
 * accepted from a round's suggestions). Reads come back as API JSON.
 */
#ifndef SL_ACTION_STORE_H
#define SL_ACTION_STORE_H

#include <jansson.h>
#include <stdint.h>

struct action_in {
	int64_t initiative_id;
	int64_t round_id;       /* 0: not from a round */
	const char *rule_id;    /* the method rule that suggested it, or "" */
	const char *ingredient; /* linked ingredient/component/pitfall id, or "" */
	const char *title;
	const char *owner;    /* free text: a person or party outside the organisation */
	int64_t owner_id;     /* a member as owner; 0: none */
	const char *due_date; /* YYYY-MM-DD or NULL */
	const char *status;   /* open, bezig, klaar, vervallen */
	const char *parties;  /* JSON array text, or NULL for [] */
};

int64_t action_store_create(const struct action_in *in);
/* Updates title, owner, owner_id, due date, status and ingredient. 0 or -ERR_NOTFOUND. */
int action_store_update(int64_t id, const struct action_in *in);
int action_store_delete(int64_t id);
json_t *action_store_get(int64_t id);
/* Actions of an initiative: open ones by due date first, then done. Each
 * has ownerId/ownerName (null without a member owner) and "overdue"
 * (action_overdue on today, YYYY-MM-DD). */
json_t *action_store_list(int64_t initiative_id, const char *today);
/* Only the overdue ones. */
json_t *action_store_overdue(int64_t initiative_id, const char *today);
int64_t action_store_org(int64_t id);

#endif
