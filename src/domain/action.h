/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * action: the rules of an initiative's action list that need no storage:
 * which statuses exist and when an action is overdue. The api layer
 * (api/action.c) and the store use these; nothing here does I/O.
 */
#ifndef SL_DOMAIN_ACTION_H
#define SL_DOMAIN_ACTION_H

extern const char *const action_statuses[]; /* open, bezig, klaar, vervallen; NULL-terminated */

/* 1 when s is one of action_statuses, else 0 (NULL: 0). */
int action_status_valid(const char *s);

/*
 * 1 when an action with this status and due date is overdue on today:
 * still open or bezig, and due strictly before today (a due date of today
 * is not late yet). Dates are YYYY-MM-DD, so text order is date order.
 * A missing or empty due date is never overdue.
 */
int action_overdue(const char *status, const char *due_date, const char *today);

#endif
