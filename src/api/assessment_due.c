/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_due: the assessment module's due hook (api/module.h): actions
 * a person owns or an initiative has, and rounds a person must answer or
 * an initiative runs, each on its day (digests and calendar feeds).
 */
#include "api/assessment.h"
#include "api/module.h"
#include "store/due_store.h"

int assessment_due(const struct due_query *q, due_emit emit, void *arg);

int assessment_due(const struct due_query *q, due_emit emit, void *arg)
{
	int rc = due_store_actions(q, emit, arg);
	return rc < 0 ? rc : due_store_rounds(q, emit, arg);
}
