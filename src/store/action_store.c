/* SPDX-License-Identifier: EUPL-1.2 */
/* action_store: table actions (joins initiatives for the owning org, users
 * for the owner's name). Whether an action is overdue is domain/action's
 * rule, applied to each row read. */
#include "action_store.h"

#include "domain/action.h"

#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/db.h"

static void bind_common(sqlite3_stmt *st, const struct action_in *in)
{
	db_bind_text(st, 1, in->title);
	db_bind_text(st, 2, in->owner ? in->owner : "");
	db_bind_text(st, 3, in->due_date && *in->due_date ? in->due_date : NULL);
	db_bind_text(st, 4, in->status ? in->status : "open");
	db_bind_text(st, 5, in->ingredient ? in->ingredient : "");
	if (in->owner_id > 0)
		db_bind_int(st, 11, in->owner_id);
	else
		sqlite3_bind_null(st, 11);
}

int64_t action_store_create(const struct action_in *in)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("INSERT INTO actions(title,owner,due_date,status,ingredient,initiative_id,round_id,"
				   "rule_id,parties,created_at,updated_at,owner_id) "
				   "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?10,?11)");
	bind_common(st, in);
	db_bind_int(st, 6, in->initiative_id);
	if (in->round_id > 0)
		db_bind_int(st, 7, in->round_id);
	else
		sqlite3_bind_null(st, 7);
	db_bind_text(st, 8, in->rule_id ? in->rule_id : "");
	db_bind_text(st, 9, in->parties ? in->parties : "[]");
	db_bind_text(st, 10, ts);
	if (db_exec1(st) == SQLITE_CONSTRAINT)
		return -ERR_INVALID;
	return sqlite3_last_insert_rowid(db_conn());
}

int action_store_update(int64_t id, const struct action_in *in)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("UPDATE actions SET title=?1, owner=?2, due_date=?3, status=?4, ingredient=?5, "
				   "updated_at=?6, owner_id=?11 WHERE id=?7");
	bind_common(st, in);
	db_bind_text(st, 6, ts);
	db_bind_int(st, 7, id);
	if (db_exec1(st) == SQLITE_CONSTRAINT)
		return -ERR_INVALID;
	return sqlite3_changes(db_conn()) ? 0 : -ERR_NOTFOUND;
}

int action_store_delete(int64_t id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM actions WHERE id=?");
	db_bind_int(st, 1, id);
	return db_change(st);
}

#define ACTION_COLS                                                                                          \
	"SELECT a.id, a.initiative_id AS initiativeId, i.name AS initiativeName, a.round_id AS roundId, "   \
	"a.rule_id AS ruleId, a.ingredient, a.title, a.owner, a.owner_id AS ownerId, u.name AS ownerName, "  \
	"a.due_date AS dueDate, a.status, a.parties, a.created_at AS createdAt, a.updated_at AS updatedAt "   \
	"FROM actions a JOIN initiatives i ON i.id=a.initiative_id LEFT JOIN users u ON u.id=a.owner_id "

static void shape(json_t *row, const char *today)
{
	json_t *p = json_loads(json_string_value(json_object_get(row, "parties")), 0, NULL);
	json_object_set_new(row, "parties", p ? p : json_array());
	json_object_set_new(row, "overdue",
			    json_boolean(action_overdue(json_string_value(json_object_get(row, "status")),
							json_string_value(json_object_get(row, "dueDate")), today)));
}

static json_t *rows(sqlite3_stmt *st, const char *today)
{
	json_t *a = db_rows_json(st);
	size_t i;
	json_t *r;
	json_array_foreach(a, i, r) shape(r, today);
	return a;
}

json_t *action_store_get(int64_t id)
{
	char today[21];
	time_rfc3339(time_now(), today);
	today[10] = 0;
	sqlite3_stmt *st = db_prep(ACTION_COLS "WHERE a.id=?1");
	db_bind_int(st, 1, id);
	json_t *o = NULL;
	if (db_step(st) == SQLITE_ROW) {
		o = db_row_json(st);
		shape(o, today);
	}
	sqlite3_reset(st);
	return o;
}

json_t *action_store_list(int64_t initiative_id, const char *today)
{
	sqlite3_stmt *st = db_prep(ACTION_COLS "WHERE a.initiative_id=?1 ORDER BY a.status IN ('klaar','vervallen'), "
					       "a.due_date IS NULL, a.due_date, a.id");
	db_bind_int(st, 1, initiative_id);
	return rows(st, today);
}

json_t *action_store_overdue(int64_t initiative_id, const char *today)
{
	sqlite3_stmt *st = db_prep(ACTION_COLS "WHERE a.initiative_id=?1 AND a.due_date IS NOT NULL "
					       "ORDER BY a.due_date, a.id");
	db_bind_int(st, 1, initiative_id);
	json_t *all = rows(st, today), *out = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(all, i, r) if (json_is_true(json_object_get(r, "overdue"))) json_array_append(out, r);
	json_decref(all);
	return out;
}

int64_t action_store_org(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT i.org_id FROM actions a JOIN initiatives i ON i.id=a.initiative_id "
				   "WHERE a.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}
