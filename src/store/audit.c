/* SPDX-License-Identifier: EUPL-1.2 */
/* audit: table audit_log; rows are only ever inserted (triggers of
 * schema step 8 refuse UPDATE and DELETE). */
#include "audit.h"

#include "store/db.h"

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
