/* SPDX-License-Identifier: EUPL-1.2 */
/* growth_store: the growth metric a KPI series follows (growth_store.h). */
#include "store/growth_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "store/db.h"

int growth_store_series_metric(int64_t series_id, char metric[16], json_t **parameters)
{
	sqlite3_stmt *st = db_prep("SELECT metric, parameters FROM kpi_metric_bindings WHERE series_id=?");
	db_bind_int(st, 1, series_id);
	int rc = -ERR_NOTFOUND;
	if (db_step(st) == SQLITE_ROW) {
		snprintf(metric, 16, "%s", (const char *)sqlite3_column_text(st, 0));
		json_error_t e;
		*parameters = json_loads((const char *)sqlite3_column_text(st, 1), 0, &e);
		BUG_ON(!*parameters); /* written by us */
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

int growth_store_series_metric_put(int64_t series_id, const char *metric, const json_t *parameters)
{
	char now[21];
	db_now(now);
	char *p = json_dumps(parameters, JSON_COMPACT | JSON_SORT_KEYS);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO kpi_metric_bindings(series_id, metric, parameters, updated_at)"
		    " VALUES(?,?,?,?) ON CONFLICT(series_id) DO UPDATE SET metric=excluded.metric,"
		    " parameters=excluded.parameters, updated_at=excluded.updated_at");
	db_bind_int(st, 1, series_id);
	db_bind_text(st, 2, metric);
	db_bind_text(st, 3, p);
	db_bind_text(st, 4, now);
	int rc = db_exec1(st) == SQLITE_DONE ? 0 : -ERR_INVALID;
	free(p);
	return rc;
}

int growth_store_series_metric_delete(int64_t series_id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM kpi_metric_bindings WHERE series_id=?");
	db_bind_int(st, 1, series_id);
	return db_change(st);
}
