/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * org: tables organisations and memberships. An organisation never loses
 * its last beheerder: org_member_change checks and writes in one
 * transaction, so two concurrent demotions cannot both pass the check.
 */
#include "org.h"

#include "lib/util.h"
#include "store/db.h"

int64_t org_create(const char *slug, const char *name, const char *kind)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("INSERT INTO organisations(slug,name,kind,created_at) VALUES(?,?,?,?)");
	db_bind_text(st, 1, slug);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, kind ? kind : "overheid");
	db_bind_text(st, 4, ts);
	if (db_exec1(st) == SQLITE_CONSTRAINT)
		return -ERR_CONFLICT;
	return sqlite3_last_insert_rowid(db_conn());
}

int64_t org_id_by_slug(const char *slug)
{
	sqlite3_stmt *st = db_prep("SELECT id FROM organisations WHERE slug=?");
	db_bind_text(st, 1, slug);
	return db_one_int(st, -ERR_NOTFOUND);
}

json_t *org_get(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT slug, name, kind, created_at AS createdAt, "
				   "(SELECT count(*) FROM initiatives i WHERE i.org_id=o.id) AS initiativeCount, "
				   "(SELECT count(*) FROM memberships m WHERE m.org_id=o.id) AS memberCount "
				   "FROM organisations o WHERE id=?");
	db_bind_int(st, 1, id);
	return db_one_json(st);
}

json_t *org_list_for_user(int64_t user_id, int is_admin)
{
	sqlite3_stmt *st = db_prep(
		"SELECT o.slug, o.name, o.kind, coalesce(m.role, 'beheerder') AS role, "
		"(SELECT count(*) FROM initiatives i WHERE i.org_id=o.id) AS initiativeCount "
		"FROM organisations o LEFT JOIN memberships m ON m.org_id=o.id AND m.user_id=?1 "
		"WHERE m.user_id IS NOT NULL OR ?2 ORDER BY o.name");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, is_admin);
	return db_rows_json(st);
}

enum role org_role(int64_t org_id, int64_t user_id)
{
	sqlite3_stmt *st = db_prep("SELECT role FROM memberships WHERE org_id=? AND user_id=?");
	db_bind_int(st, 1, org_id);
	db_bind_int(st, 2, user_id);
	enum role r = ROLE_NONE;
	if (db_step(st) == SQLITE_ROW)
		r = role_parse((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return r;
}

int org_member_set(int64_t org_id, int64_t user_id, enum role role)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("INSERT INTO memberships(org_id,user_id,role,created_at) VALUES(?,?,?,?) "
				   "ON CONFLICT(org_id,user_id) DO UPDATE SET role=excluded.role");
	db_bind_int(st, 1, org_id);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, role_name(role));
	db_bind_text(st, 4, ts);
	return db_exec1(st) == SQLITE_DONE ? 0 : -ERR_INVALID;
}

int org_member_remove(int64_t org_id, int64_t user_id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM memberships WHERE org_id=? AND user_id=?");
	db_bind_int(st, 1, org_id);
	db_bind_int(st, 2, user_id);
	return db_change(st);
}

json_t *org_member_list(int64_t org_id)
{
	sqlite3_stmt *st = db_prep("SELECT u.id, u.name, u.email, m.role, m.created_at AS since "
				   "FROM memberships m JOIN users u ON u.id=m.user_id "
				   "WHERE m.org_id=? ORDER BY u.name");
	db_bind_int(st, 1, org_id);
	return db_rows_json(st);
}

int org_beheerder_count(int64_t org_id)
{
	sqlite3_stmt *st = db_prep("SELECT count(*) FROM memberships WHERE org_id=? AND role='beheerder'");
	db_bind_int(st, 1, org_id);
	db_step(st);
	int n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

int org_member_change(int64_t org_id, int64_t user_id, enum role role, int create)
{
	enum role cur = org_role(org_id, user_id);
	int rc = 0;
	if (cur == ROLE_NONE && !create)
		rc = -ERR_NOTFOUND;
	else if (cur == ROLE_BEHEERDER && role != ROLE_BEHEERDER && org_beheerder_count(org_id) <= 1)
		rc = -ERR_CONFLICT;
	else if (role == ROLE_NONE)
		rc = org_member_remove(org_id, user_id);
	else
		rc = org_member_set(org_id, user_id, role);
	return rc;
}
