/* SPDX-License-Identifier: EUPL-1.2 */
/* funnel_store: saved funnels (funnel_store.h). */
#include "store/funnel_store.h"

#include <stdlib.h>

#include "lib/util.h"
#include "store/db.h"

#define COLS                                                                                                 \
	"SELECT id, initiative_id AS initiativeId, source_id AS sourceId, title AS name, steps, window,"     \
	" window_s AS windowSeconds, order_mode AS \"order\", created_at AS createdAt FROM saved_funnels "

/* steps is stored as JSON text: the row gets the array. */
static json_t *fix(json_t *row)
{
	if (!row)
		return NULL;
	json_t *s = json_loads(json_string_value(json_object_get(row, "steps")), 0, NULL);
	BUG_ON(!json_is_array(s)); /* written by us (funnel_store_create) */
	json_object_set_new(row, "steps", s);
	return row;
}

int64_t funnel_store_org(int64_t id)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT i.org_id FROM saved_funnels f JOIN initiatives i ON i.id=f.initiative_id WHERE f.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

json_t *funnel_store_get(int64_t id)
{
	sqlite3_stmt *st = db_prep(COLS "WHERE id=?");
	db_bind_int(st, 1, id);
	return fix(db_one_json(st));
}

json_t *funnel_store_list(int64_t initiative_id, int64_t source_id)
{
	sqlite3_stmt *st =
	    db_prep(COLS "WHERE initiative_id=?1 AND (?2=0 OR source_id=?2) ORDER BY title, id");
	db_bind_int(st, 1, initiative_id);
	db_bind_int(st, 2, source_id);
	json_t *rows = db_rows_json(st);
	size_t i;
	json_t *r;
	json_array_foreach (rows, i, r)
		fix(r);
	return rows;
}

int64_t funnel_store_create(const struct funnel_saved_in *in)
{
	sqlite3_stmt *q = db_prep("SELECT count(*) FROM saved_funnels WHERE initiative_id=? AND title=?");
	db_bind_int(q, 1, in->initiative_id);
	db_bind_text(q, 2, in->name);
	if (db_one_int(q, 0) > 0)
		return -ERR_CONFLICT;
	char now[21];
	db_now(now);
	char *steps = json_dumps(in->steps, JSON_COMPACT);
	sqlite3_stmt *st = db_prep("INSERT INTO saved_funnels(initiative_id, source_id, title, steps, window,"
				   " window_s, order_mode, created_at) VALUES(?,?,?,?,?,?,?,?)");
	db_bind_int(st, 1, in->initiative_id);
	if (in->source_id > 0)
		db_bind_int(st, 2, in->source_id);
	else
		db_bind_text(st, 2, NULL);
	db_bind_text(st, 3, in->name);
	db_bind_text(st, 4, steps);
	db_bind_text(st, 5, in->window);
	db_bind_int(st, 6, in->window_s);
	db_bind_text(st, 7, in->order);
	db_bind_text(st, 8, now);
	int64_t id = db_insert(st);
	free(steps);
	return id;
}

int funnel_store_delete(int64_t id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM saved_funnels WHERE id=?");
	db_bind_int(st, 1, id);
	return db_change(st);
}
