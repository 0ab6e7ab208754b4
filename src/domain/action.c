/* SPDX-License-Identifier: EUPL-1.2 */
/* action: status and overdue rules of the action list; no I/O. */
#include "action.h"

#include <string.h>

const char *const action_statuses[] = {"open", "bezig", "klaar", "vervallen", NULL};

int action_status_valid(const char *s)
{
	for (int i = 0; s && action_statuses[i]; i++)
		if (!strcmp(s, action_statuses[i]))
			return 1;
	return 0;
}

int action_overdue(const char *status, const char *due_date, const char *today)
{
	if (!status || !due_date || !*due_date || !today)
		return 0;
	if (strcmp(status, "open") && strcmp(status, "bezig"))
		return 0;
	return strcmp(due_date, today) < 0;
}
