/* SPDX-License-Identifier: EUPL-1.2 */
/* metric_query_store: saved retention and lifecycle queries (metric_query_store.h). */
#include "store/metric_query_store.h"

#include <stdlib.h>

#include "lib/util.h"
#include "store/db.h"

#define COLS                                                                                                 \
	"SELECT id, initiative_id AS initiativeId, kind, title AS name, parameters, created_at AS createdAt" \
	" FROM saved_metric_queries "

/* parameters is stored as JSON text: the row gets the object. */
static json_t *fix(json_t *row)
{
	if (!row)
		return NULL;
	json_t *p = json_loads(json_string_value(json_object_get(row, "parameters")), 0, NULL);
	BUG_ON(!json_is_object(p)); /* written by us (metric_query_store_create) */
	json_object_set_new(row, "parameters", p);
	return row;
}

int64_t metric_query_store_org(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT i.org_id FROM saved_metric_queries q JOIN initiatives i"
				   " ON i.id=q.initiative_id WHERE q.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

json_t *metric_query_store_get(int64_t id)
{
	sqlite3_stmt *st = db_prep(COLS "WHERE id=?");
	db_bind_int(st, 1, id);
	return fix(db_one_json(st));
}

json_t *metric_query_store_list(int64_t initiative_id)
{
	sqlite3_stmt *st = db_prep(COLS "WHERE initiative_id=? ORDER BY kind DESC, title, id");
	db_bind_int(st, 1, initiative_id);
	json_t *rows = db_rows_json(st);
	size_t i;
	json_t *r;
	json_array_foreach (rows, i, r)
		fix(r);
	return rows;
}

int64_t metric_query_store_create(int64_t initiative_id, const char *kind, const char *name,
				  const json_t *parameters)
{
	sqlite3_stmt *q =
	    db_prep("SELECT count(*) FROM saved_metric_queries WHERE initiative_id=? AND kind=? AND title=?");
	db_bind_int(q, 1, initiative_id);
	db_bind_text(q, 2, kind);
	db_bind_text(q, 3, name);
	if (db_one_int(q, 0) > 0)
		return -ERR_CONFLICT;
	char now[21];
	db_now(now);
	char *text = json_dumps(parameters, JSON_COMPACT | JSON_SORT_KEYS);
	sqlite3_stmt *st = db_prep("INSERT INTO saved_metric_queries(initiative_id, kind, title, parameters,"
				   " created_at) VALUES(?,?,?,?,?)");
	db_bind_int(st, 1, initiative_id);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, text);
	db_bind_text(st, 5, now);
	int64_t id = db_insert(st);
	free(text);
	return id;
}

int metric_query_store_delete(int64_t id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM saved_metric_queries WHERE id=?");
	db_bind_int(st, 1, id);
	return db_change(st);
}
