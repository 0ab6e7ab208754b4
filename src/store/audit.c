/* SPDX-License-Identifier: EUPL-1.2 */
/* audit: table audit_log; rows are only ever inserted (triggers of
 * schema step 8 refuse UPDATE and DELETE). */
#include "audit.h"

#include "domain/audit.h"
#include "store/db.h"
#include "store/record.h"

void audit_log(int64_t org_id, int64_t user_id, const char *actor, const char *action, const char *object,
	       const char *result, const char *origin)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO audit_log(at,user_id,actor,action,object,result,origin,org_id) "
		    "VALUES(?,?,?,?,?,?,?,?)");
	db_bind_text(st, 1, ts);
	if (user_id > 0)
		db_bind_int(st, 2, user_id);
	else
		sqlite3_bind_null(st, 2);
	db_bind_text(st, 3, actor ? actor : "");
	db_bind_text(st, 4, action);
	db_bind_text(st, 5, object ? object : "");
	db_bind_text(st, 6, result);
	db_bind_text(st, 7, origin ? origin : "");
	if (org_id > 0)
		db_bind_int(st, 8, org_id);
	else
		sqlite3_bind_null(st, 8);
	db_exec1(st);
}

json_t *audit_list(int limit)
{
	sqlite3_stmt *st = db_prep("SELECT at, actor, action, object, result, origin FROM audit_log "
				   "ORDER BY id DESC LIMIT ?");
	db_bind_int(st, 1, limit);
	return db_rows_json(st);
}

static void fill_entry(sqlite3_stmt *st, void *rec)
{
	struct audit_entry *e = rec;
	struct record_text t = RECORD_TEXT_INIT;
	e->id = sqlite3_column_int64(st, 0);
	record_text_column(&t, &e->at, st, 1);
	record_text_column(&t, &e->actor, st, 2);
	record_text_column(&t, &e->action, st, 3);
	record_text_column(&t, &e->object, st, 4);
	record_text_column(&t, &e->result, st, 5);
	record_text_column(&t, &e->origin, st, 6);
	e->text = record_text_finish(&t);
}

struct audit_entry *audit_find(const struct audit_filter *f, size_t *n)
{
	/* One statement for every combination: an empty filter field binds
	 * NULL and its condition holds. A day "to" is inclusive: every
	 * timestamp of that day sorts before "YYYY-MM-DDT99". */
	sqlite3_stmt *st = db_prep("SELECT id, at, actor, action, object, result, origin FROM audit_log"
				   " WHERE org_id = ?1"
				   " AND (?2 IS NULL OR at >= ?2)"
				   " AND (?3 IS NULL OR at <= ?3 || 'T99')"
				   " AND (?4 IS NULL OR action = ?4)"
				   " AND (?5 IS NULL OR result = ?5)"
				   " AND (?6 IS NULL OR instr(lower(actor), lower(?6)) > 0)"
				   " AND (?7 IS NULL OR id < ?7)"
				   " ORDER BY id DESC LIMIT ?8");
	db_bind_int(st, 1, f->org_id);
	db_bind_text(st, 2, f->from[0] ? f->from : NULL);
	db_bind_text(st, 3, f->to[0] ? f->to : NULL);
	db_bind_text(st, 4, f->action[0] ? f->action : NULL);
	db_bind_text(st, 5, f->result[0] ? f->result : NULL);
	db_bind_text(st, 6, f->actor[0] ? f->actor : NULL);
	if (f->before_id > 0)
		db_bind_int(st, 7, f->before_id);
	else
		sqlite3_bind_null(st, 7);
	db_bind_int(st, 8, f->limit);
	return record_rows(st, sizeof(struct audit_entry), n, fill_entry);
}

json_t *audit_distinct(int64_t org_id, int results)
{
	sqlite3_stmt *st =
	    results ? db_prep("SELECT DISTINCT result FROM audit_log WHERE org_id = ? ORDER BY result")
		    : db_prep("SELECT DISTINCT action FROM audit_log WHERE org_id = ? ORDER BY action");
	db_bind_int(st, 1, org_id);
	json_t *a = json_array();
	while (db_step(st) == SQLITE_ROW)
		json_array_append_new(a, json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_reset(st);
	return a;
}
