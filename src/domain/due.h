/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * due: something with a date that concerns a person or a team: an action, a
 * step of a plan, a gate review, a round's closing day, a check-in day. Each
 * module that owns such things reports them through its module's `due` hook
 * (api/module.h); the notify module turns them into weekly digests and
 * calendar feeds without knowing the other modules' tables.
 */
#ifndef SL_DUE_H
#define SL_DUE_H

#include <stdint.h>

struct due_item {
	const char *kind;      /* "action", "step", "gate", "round", "checkin", ...: catalogue key
				  notify.due.<kind>; with id a stable identity (calendar UID) */
	int64_t id;	       /* the object's id within its kind */
	int64_t initiative_id; /* 0 when none */
	char title[256];       /* the object's own title, as its owner typed it */
	char date[11];	       /* YYYY-MM-DD: the day it is due (an all-day item) */
	char path[128];	       /* the page that shows it, e.g. /acties/12 */
	int done;	       /* finished: left out of digests, shown as completed in feeds */
};

/* What a caller asks for: the items of one person (user_id > 0: owned by or
 * assigned to that person, or waiting for their answer) or of one initiative
 * (initiative_id > 0: the team's feed), due between from and to inclusive
 * (YYYY-MM-DD; NULL: no bound). */
struct due_query {
	int64_t user_id;
	int64_t initiative_id;
	const char *from;
	const char *to;
};

typedef void (*due_emit)(void *arg, const struct due_item *it);

#endif
