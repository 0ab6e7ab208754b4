/* SPDX-License-Identifier: EUPL-1.2 */
/* experiment_events_store: the binding of an experiment to events (experiment_events_store.h). */
#include "store/experiment_events_store.h"

#include <stdio.h>
#include <string.h>

#include "lib/util.h"
#include "store/db.h"

static void copy_col(sqlite3_stmt *st, int col, char *out, size_t cap)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	snprintf(out, cap, "%s", s ? s : "");
}

int experiment_events_store_get(int64_t experiment_id, struct experiment_events_binding *b)
{
	sqlite3_stmt *st = db_prep("SELECT exposure_event, variant_property, control_value, treatment_value,"
				   " conversion_event, window_days, source_id, updated_at"
				   " FROM experiment_event_bindings WHERE experiment_id=?");
	db_bind_int(st, 1, experiment_id);
	int rc = -ERR_NOTFOUND;
	if (db_step(st) == SQLITE_ROW) {
		memset(b, 0, sizeof *b);
		b->experiment_id = experiment_id;
		copy_col(st, 0, b->exposure_event, sizeof b->exposure_event);
		copy_col(st, 1, b->variant_property, sizeof b->variant_property);
		copy_col(st, 2, b->control_value, sizeof b->control_value);
		copy_col(st, 3, b->treatment_value, sizeof b->treatment_value);
		copy_col(st, 4, b->conversion_event, sizeof b->conversion_event);
		b->window_days = sqlite3_column_int(st, 5);
		b->source_id = sqlite3_column_int64(st, 6);
		copy_col(st, 7, b->updated_at, sizeof b->updated_at);
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

int experiment_events_store_put(const struct experiment_events_binding *b)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO experiment_event_bindings(experiment_id, exposure_event, variant_property,"
		    " control_value, treatment_value, conversion_event, window_days, source_id, updated_at)"
		    " VALUES(?,?,?,?,?,?,?,?,?) ON CONFLICT(experiment_id) DO UPDATE SET"
		    " exposure_event=excluded.exposure_event, variant_property=excluded.variant_property,"
		    " control_value=excluded.control_value, treatment_value=excluded.treatment_value,"
		    " conversion_event=excluded.conversion_event, window_days=excluded.window_days,"
		    " source_id=excluded.source_id, updated_at=excluded.updated_at");
	db_bind_int(st, 1, b->experiment_id);
	db_bind_text(st, 2, b->exposure_event[0] ? b->exposure_event : NULL);
	db_bind_text(st, 3, b->variant_property);
	db_bind_text(st, 4, b->control_value);
	db_bind_text(st, 5, b->treatment_value);
	db_bind_text(st, 6, b->conversion_event);
	db_bind_int(st, 7, b->window_days);
	if (b->source_id > 0)
		db_bind_int(st, 8, b->source_id);
	else
		sqlite3_bind_null(st, 8);
	db_bind_text(st, 9, now);
	return db_exec1(st) == SQLITE_DONE ? 0 : -ERR_INVALID;
}

int experiment_events_store_delete(int64_t experiment_id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM experiment_event_bindings WHERE experiment_id=?");
	db_bind_int(st, 1, experiment_id);
	return db_change(st);
}
