/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * due_store: the dated items of the assessment and okr modules for their
 * due hooks (api/assessment_due.c, api/okr_due.c): actions, rounds to
 * answer, key results with a due date and weekly check-in days. Reads
 * only; runs in the caller's transaction.
 */
#ifndef SL_DUE_STORE_H
#define SL_DUE_STORE_H

#include "domain/due.h"

/* Actions owned by q->user_id (owner_id) or of q->initiative_id, with a due date in range. */
int due_store_actions(const struct due_query *q, due_emit emit, void *arg);
/* Rounds whose period ends in range: those q->user_id rates (done once
 * submitted or closed), or every round of q->initiative_id (done once closed). */
int due_store_rounds(const struct due_query *q, due_emit emit, void *arg);
/* Key results with a due date in range owned by q->user_id or under an
 * objective of q->initiative_id. */
int due_store_key_results(const struct due_query *q, due_emit emit, void *arg);
/* One check-in day (Monday) per week in range and in an open period in
 * which q->user_id owns a key result of a published objective, or in which
 * q->initiative_id has one. */
int due_store_checkins(const struct due_query *q, due_emit emit, void *arg);

#endif
