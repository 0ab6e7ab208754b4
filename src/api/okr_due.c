/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr_due: the okr module's due hook (api/module.h): key results with a
 * due date that a person owns or an initiative has, and the weekly
 * check-in day (Monday) of every open period with such key results.
 */
#include "api/module.h"
#include "api/okr.h"
#include "store/due_store.h"

int okr_due(const struct due_query *q, due_emit emit, void *arg);

int okr_due(const struct due_query *q, due_emit emit, void *arg)
{
	int rc = due_store_key_results(q, emit, arg);
	return rc < 0 ? rc : due_store_checkins(q, emit, arg);
}
