/* SPDX-License-Identifier: EUPL-1.2 */
#include "store/invite_store.h"

#include "lib/util.h"
#include "store/db.h"
#include "store/record.h"

#define COLUMNS                                                                                              \
	"SELECT i.id, i.org_id, o.slug, o.name, i.email, i.role, i.status, u.name, i.created_at, "           \
	"i.expires_at"                                                                                       \
	" FROM member_invitations i JOIN organisations o ON o.id = i.org_id"                                 \
	" LEFT JOIN users u ON u.id = i.invited_by "

static void fill(sqlite3_stmt *st, void *rec)
{
	struct member_invitation *i = rec;
	struct record_text t = RECORD_TEXT_INIT;
	const char *role = NULL, *status = NULL;
	i->id = sqlite3_column_int64(st, 0);
	i->org_id = sqlite3_column_int64(st, 1);
	record_text_column(&t, &i->org_slug, st, 2);
	record_text_column(&t, &i->org_name, st, 3);
	record_text_column(&t, &i->email, st, 4);
	record_text_column(&t, &role, st, 5);
	record_text_column(&t, &status, st, 6);
	record_text_column(&t, &i->invited_by, st, 7);
	record_text_column(&t, &i->created_at, st, 8);
	record_text_column(&t, &i->expires_at, st, 9);
	i->text = record_text_finish(&t);
	i->role = role_parse(role);
	i->status = invitation_status_parse(status);
}

int64_t invite_store_create(int64_t org_id, const char *email, enum role role, int64_t invited_by,
			    const unsigned char digest[32], const char *expires_at)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("UPDATE member_invitations SET status = 'revoked', answered_at = ?"
				   " WHERE org_id = ? AND email = ? AND status = 'open'");
	db_bind_text(st, 1, now);
	db_bind_int(st, 2, org_id);
	db_bind_text(st, 3, email);
	db_exec1(st);
	st = db_prep("INSERT INTO member_invitations(org_id, email, role, token_hash, invited_by, created_at,"
		     " expires_at) VALUES(?,?,?,?,?,?,?)");
	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, email);
	db_bind_text(st, 3, role_name(role));
	db_bind_blob(st, 4, digest, 32);
	if (invited_by > 0)
		db_bind_int(st, 5, invited_by);
	else
		sqlite3_bind_null(st, 5);
	db_bind_text(st, 6, now);
	db_bind_text(st, 7, expires_at);
	return db_insert(st);
}

int invite_store_by_digest(const unsigned char digest[32], struct member_invitation *out)
{
	sqlite3_stmt *st = db_prep(COLUMNS "WHERE i.token_hash = ?");
	db_bind_blob(st, 1, digest, 32);
	return record_one(st, out, sizeof *out, fill);
}

int invite_store_get(int64_t id, struct member_invitation *out)
{
	sqlite3_stmt *st = db_prep(COLUMNS "WHERE i.id = ?");
	db_bind_int(st, 1, id);
	return record_one(st, out, sizeof *out, fill);
}

struct member_invitation *invite_store_open_of_org(int64_t org_id, size_t *n)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep(COLUMNS "WHERE i.org_id = ? AND i.status = 'open' AND i.expires_at > ?"
					   " ORDER BY i.id DESC");
	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, now);
	return record_rows(st, sizeof(struct member_invitation), n, fill);
}

struct member_invitation *invite_store_open_for(const char *email, size_t *n)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep(COLUMNS "WHERE i.email = ? AND i.status = 'open' AND i.expires_at > ?"
					   " ORDER BY i.id DESC");
	db_bind_text(st, 1, email);
	db_bind_text(st, 2, now);
	return record_rows(st, sizeof(struct member_invitation), n, fill);
}

int invite_store_answer(int64_t id, enum invitation_status status, int64_t user_id)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("UPDATE member_invitations SET status = ?, answered_at = ?, answered_by = ?"
		    " WHERE id = ? AND status = 'open'");
	db_bind_text(st, 1, invitation_status_name(status));
	db_bind_text(st, 2, now);
	if (user_id > 0)
		db_bind_int(st, 3, user_id);
	else
		sqlite3_bind_null(st, 3);
	db_bind_int(st, 4, id);
	return db_change(st);
}
