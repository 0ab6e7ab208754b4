/* SPDX-License-Identifier: EUPL-1.2 */
/* action: status words and overdue rule of the action list; no I/O. */
#include "action.h"

#include <stdlib.h>
#include <string.h>

#include "domain/assessment.h"
#include "lib/util.h"

const char *const action_statuses[] = {"open", "bezig", "klaar", "vervallen", NULL};

const char *action_status_name(enum action_status s)
{
	BUG_ON((unsigned)s > ACTION_DROPPED);
	return action_statuses[s];
}

int action_status_parse(const char *s, enum action_status *out)
{
	int i = assessment_name_index(action_statuses, s);
	if (i < 0)
		return -ERR_INVALID;
	*out = (enum action_status)i;
	return 0;
}

int action_overdue(enum action_status status, const char *due_date, const char *today)
{
	if (!due_date || !*due_date || !today)
		return 0;
	if (status != ACTION_OPEN && status != ACTION_IN_PROGRESS)
		return 0;
	return strcmp(due_date, today) < 0;
}

void action_free(struct action *a)
{
	if (!a)
		return;
	free(a->initiative_name);
	free(a->rule_id);
	free(a->ingredient);
	free(a->title);
	free(a->owner);
	free(a->owner_name);
	free(a->due_date);
	for (size_t i = 0; i < a->n_parties; i++) {
		free(a->parties[i].type);
		free(a->parties[i].label);
	}
	free(a->parties);
	free(a->created_at);
	free(a->updated_at);
	memset(a, 0, sizeof *a);
}

void action_list_free(struct action_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		action_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}
