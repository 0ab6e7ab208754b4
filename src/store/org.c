/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * org: tables organisations and memberships. An organisation never loses
 * its last beheerder: org_member_change checks and writes in one
 * transaction, so two concurrent demotions cannot both pass the check.
 * Kinds and roles are read and written through the domain's name tables;
 * a word they do not know is a bug (the schema's CHECKs keep others out).
 */
#include "org.h"

#include "lib/util.h"
#include "store/db.h"
#include "store/record.h"

static enum organisation_kind column_kind(sqlite3_stmt *st, int col)
{
	enum organisation_kind k = organisation_kind_parse((const char *)sqlite3_column_text(st, col));
	BUG_ON(!k);
	return k;
}

/* NULL (no membership) is ROLE_NONE; another unknown word is a bug */
static enum role column_role(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return ROLE_NONE;
	enum role r = role_parse((const char *)sqlite3_column_text(st, col));
	BUG_ON(r == ROLE_NONE);
	return r;
}

int64_t org_create(const char *slug, const char *name, enum organisation_kind kind)
{
	BUG_ON(!organisation_kind_name(kind));
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("INSERT INTO organisations(slug,name,kind,created_at) VALUES(?,?,?,?)");
	db_bind_text(st, 1, slug);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, organisation_kind_name(kind));
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

int org_read(int64_t id, struct organisation *out)
{
	sqlite3_stmt *st = db_prep("SELECT o.id, o.slug, o.name, o.kind, o.created_at, "
				   "(SELECT count(*) FROM initiatives i WHERE i.org_id=o.id), "
				   "(SELECT count(*) FROM memberships m WHERE m.org_id=o.id) "
				   "FROM organisations o WHERE o.id=?");
	db_bind_int(st, 1, id);
	if (db_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return -ERR_NOTFOUND;
	}
	struct record_text p = RECORD_TEXT_INIT;
	*out = (struct organisation){.id = sqlite3_column_int64(st, 0)};
	record_text_column(&p, &out->slug, st, 1);
	record_text_column(&p, &out->name, st, 2);
	out->kind = column_kind(st, 3);
	record_text_column(&p, &out->created_at, st, 4);
	out->initiative_count = sqlite3_column_int64(st, 5);
	out->member_count = sqlite3_column_int64(st, 6);
	out->text = record_text_finish(&p);
	sqlite3_reset(st);
	return 0;
}

/* One row of org_list_for_user into the (zeroed) record. */
static void user_org_row(sqlite3_stmt *st, void *record)
{
	struct organisation *o = record;
	struct record_text p = RECORD_TEXT_INIT;
	o->id = sqlite3_column_int64(st, 0);
	record_text_column(&p, &o->slug, st, 1);
	record_text_column(&p, &o->name, st, 2);
	o->kind = column_kind(st, 3);
	record_text_column(&p, &o->created_at, st, 4);
	o->role = column_role(st, 5);
	o->initiative_count = sqlite3_column_int64(st, 6);
	o->text = record_text_finish(&p);
}

struct organisation *org_list_for_user(int64_t user_id, int is_admin, size_t *n)
{
	sqlite3_stmt *st =
	    db_prep("SELECT o.id, o.slug, o.name, o.kind, o.created_at, m.role, "
		    "(SELECT count(*) FROM initiatives i WHERE i.org_id=o.id) "
		    "FROM organisations o LEFT JOIN memberships m ON m.org_id=o.id AND m.user_id=?1 "
		    "WHERE m.user_id IS NOT NULL OR ?2 ORDER BY o.name");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, is_admin);
	return record_rows(st, sizeof(struct organisation), n, user_org_row);
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

/* One row of org_members into the (zeroed) record. */
static void member_row(sqlite3_stmt *st, void *record)
{
	struct organisation_member *m = record;
	struct record_text p = RECORD_TEXT_INIT;
	m->user_id = sqlite3_column_int64(st, 0);
	record_text_column(&p, &m->name, st, 1);
	record_text_column(&p, &m->email, st, 2);
	m->role = column_role(st, 3);
	BUG_ON(m->role == ROLE_NONE); /* a membership always has a role */
	record_text_column(&p, &m->since, st, 4);
	m->text = record_text_finish(&p);
}

struct organisation_member *org_members(int64_t org_id, size_t *n)
{
	sqlite3_stmt *st = db_prep("SELECT u.id, u.name, u.email, m.role, m.created_at "
				   "FROM memberships m JOIN users u ON u.id=m.user_id "
				   "WHERE m.org_id=? ORDER BY u.name");
	db_bind_int(st, 1, org_id);
	return record_rows(st, sizeof(struct organisation_member), n, member_row);
}

int org_beheerder_count(int64_t org_id)
{
	sqlite3_stmt *st = db_prep("SELECT count(*) FROM memberships WHERE org_id=? AND role=?");
	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, role_name(ROLE_BEHEERDER));
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
