/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * workshop_store: workshops, workshop_participants, workshop_join_failures
 * and assessment_agreed (workshop_store.h). Status words are bound from
 * domain/workshop's table.
 */
#include "store/workshop_store.h"

#include <sqlite3.h>

#include "domain/workshop.h"
#include "lib/util.h"
#include "store/db.h"

int64_t workshop_store_create(int64_t round_id, const char *code, const char *part, int64_t created_by)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("INSERT INTO workshops(round_id,status,code,part,created_by,created_at) "
				   "VALUES(?,?,?,?,?,?)");
	db_bind_int(st, 1, round_id);
	db_bind_text(st, 2, workshop_status_name(WORKSHOP_STATUS_OPEN));
	db_bind_text(st, 3, code);
	db_bind_text(st, 4, part);
	if (created_by > 0)
		db_bind_int(st, 5, created_by);
	else
		sqlite3_bind_null(st, 5);
	db_bind_text(st, 6, ts);
	int64_t id = db_insert(st);
	return id == -ERR_INVALID ? -ERR_CONFLICT : id;
}

json_t *workshop_store_get(int64_t id)
{
	sqlite3_stmt *st =
	    db_prep("SELECT id, round_id, status, code, part, closed_parts, created_at, closed_at "
		    "FROM workshops WHERE id=?");
	db_bind_int(st, 1, id);
	return db_one_json(st);
}

int64_t workshop_store_by_round(int64_t round_id)
{
	sqlite3_stmt *st = db_prep("SELECT id FROM workshops WHERE round_id=?");
	db_bind_int(st, 1, round_id);
	return db_one_int(st, 0);
}

int64_t workshop_store_by_code(const char *code)
{
	sqlite3_stmt *st = db_prep("SELECT id FROM workshops WHERE code=? AND status=?");
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, workshop_status_name(WORKSHOP_STATUS_OPEN));
	return db_one_int(st, 0);
}

int64_t workshop_store_org(int64_t id)
{
	sqlite3_stmt *st =
	    db_prep("SELECT i.org_id FROM workshops w JOIN assessment_rounds r ON r.id=w.round_id "
		    "JOIN initiatives i ON i.id=r.initiative_id WHERE w.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

int workshop_store_set_part(int64_t id, const char *part)
{
	sqlite3_stmt *st = db_prep("UPDATE workshops SET part=? WHERE id=?");
	db_bind_text(st, 1, part);
	db_bind_int(st, 2, id);
	return db_change(st);
}

int workshop_store_set_closed_parts(int64_t id, const char *closed_parts)
{
	sqlite3_stmt *st = db_prep("UPDATE workshops SET closed_parts=? WHERE id=?");
	db_bind_text(st, 1, closed_parts);
	db_bind_int(st, 2, id);
	return db_change(st);
}

int workshop_store_close(int64_t id)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st =
	    db_prep("UPDATE workshops SET status=?1, code=NULL, closed_at=?2 WHERE id=?3 AND status<>?1");
	db_bind_text(st, 1, workshop_status_name(WORKSHOP_STATUS_CLOSED));
	db_bind_text(st, 2, ts);
	db_bind_int(st, 3, id);
	return db_change(st);
}

int64_t workshop_store_participant_add(int64_t workshop_id, int64_t rater_id,
				       const unsigned char hash[SECRET_HASH_LEN], const char *name)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("INSERT INTO workshop_participants(workshop_id,rater_id,token_hash,name,"
				   "joined_at) VALUES(?,?,?,?,?)");
	db_bind_int(st, 1, workshop_id);
	db_bind_int(st, 2, rater_id);
	db_bind_blob(st, 3, hash, SECRET_HASH_LEN);
	db_bind_text(st, 4, name);
	db_bind_text(st, 5, ts);
	return db_insert(st);
}

json_t *workshop_store_participants(int64_t workshop_id)
{
	sqlite3_stmt *st =
	    db_prep("SELECT p.id, p.rater_id, p.name, p.joined_at, p.removed_at, r.role_label, "
		    "(SELECT count(*) FROM assessment_answers a WHERE a.rater_id=p.rater_id) AS answers "
		    "FROM workshop_participants p JOIN assessment_raters r ON r.id=p.rater_id "
		    "WHERE p.workshop_id=? ORDER BY p.id");
	db_bind_int(st, 1, workshop_id);
	return db_rows_json(st);
}

json_t *workshop_store_participant_by_hash(const unsigned char hash[SECRET_HASH_LEN])
{
	sqlite3_stmt *st =
	    db_prep("SELECT id, workshop_id, rater_id, name, removed_at FROM workshop_participants "
		    "WHERE token_hash=?");
	db_bind_blob(st, 1, hash, SECRET_HASH_LEN);
	return db_one_json(st);
}

int64_t workshop_store_participant_workshop(int64_t participant_id)
{
	sqlite3_stmt *st = db_prep("SELECT workshop_id FROM workshop_participants WHERE id=?");
	db_bind_int(st, 1, participant_id);
	return db_one_int(st, 0);
}

int64_t workshop_store_participant_rater(int64_t participant_id)
{
	sqlite3_stmt *st = db_prep("SELECT rater_id FROM workshop_participants WHERE id=?");
	db_bind_int(st, 1, participant_id);
	return db_one_int(st, 0);
}

int workshop_store_participant_remove(int64_t participant_id)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st =
	    db_prep("UPDATE workshop_participants SET removed_at=? WHERE id=? AND removed_at IS NULL");
	db_bind_text(st, 1, ts);
	db_bind_int(st, 2, participant_id);
	return db_change(st);
}

int64_t workshop_store_failures(const char *ip, int64_t since_s)
{
	sqlite3_stmt *st = db_prep("SELECT count(*) FROM workshop_join_failures WHERE ip=? AND at_s>=?");
	db_bind_text(st, 1, ip ? ip : "");
	db_bind_int(st, 2, since_s);
	return db_one_int(st, 0);
}

void workshop_store_failure_add(const char *ip, int64_t now_s)
{
	sqlite3_stmt *st = db_prep("INSERT INTO workshop_join_failures(ip,at_s) VALUES(?,?)");
	db_bind_text(st, 1, ip ? ip : "");
	db_bind_int(st, 2, now_s);
	db_exec1(st);
	/* old attempts no longer count */
	st = db_prep("DELETE FROM workshop_join_failures WHERE at_s<?");
	db_bind_int(st, 1, now_s - 24 * 3600);
	db_exec1(st);
}

void workshop_store_agreed_put(int64_t round_id, const char *item, int64_t level, const char *conclusion,
			       const char *evidence, const char *dissent, const char *choices)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO "
		    "assessment_agreed(round_id,item,level,conclusion,evidence,dissent,choices,updated_at) "
		    "VALUES(?1,?2,?3,?4,?5,?6,?7,?8) ON CONFLICT(round_id,item) DO UPDATE SET level=?3, "
		    "conclusion=?4, "
		    "evidence=?5, dissent=?6, choices=?7, updated_at=?8");
	db_bind_int(st, 1, round_id);
	db_bind_text(st, 2, item);
	if (level >= 0)
		db_bind_int(st, 3, level);
	else
		sqlite3_bind_null(st, 3);
	db_bind_text(st, 4, conclusion ? conclusion : "");
	db_bind_text(st, 5, evidence ? evidence : "");
	db_bind_text(st, 6, dissent ? dissent : "");
	db_bind_text(st, 7, choices ? choices : "[]");
	db_bind_text(st, 8, ts);
	db_exec1(st);
}

json_t *workshop_store_agreed(int64_t round_id)
{
	sqlite3_stmt *st = db_prep("SELECT item, level, conclusion, evidence, dissent, choices, updated_at "
				   "FROM assessment_agreed WHERE round_id=? ORDER BY item");
	db_bind_int(st, 1, round_id);
	return db_rows_json(st);
}
