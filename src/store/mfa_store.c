/* SPDX-License-Identifier: EUPL-1.2 */
#include "store/mfa_store.h"

#include <string.h>

#include "lib/util.h"
#include "store/db.h"

int mfa_store_get(int64_t user_id, struct mfa_state *s)
{
	memset(s, 0, sizeof *s);
	sqlite3_stmt *st = db_prep(
	    "SELECT secret_box, confirmed_at IS NOT NULL, last_step,"
	    " (SELECT count(*) FROM user_recovery_codes c WHERE c.user_id = t.user_id AND used_at IS NULL)"
	    " FROM user_totp t WHERE user_id = ?");
	db_bind_int(st, 1, user_id);
	if (db_step(st) == SQLITE_ROW) {
		int n = sqlite3_column_bytes(st, 0);
		if (n > 0 && n <= MFA_BOX_MAX) {
			memcpy(s->box, sqlite3_column_blob(st, 0), (size_t)n);
			s->box_len = (size_t)n;
			s->exists = 1;
			s->confirmed = sqlite3_column_int(st, 1);
			s->last_step = sqlite3_column_int64(st, 2);
			s->codes_left = sqlite3_column_int(st, 3);
		}
	}
	sqlite3_reset(st);
	return db_failure() ? db_failure() : 0;
}

int mfa_store_begin(int64_t user_id, const unsigned char *box, size_t len)
{
	int rc = mfa_store_remove(user_id);
	if (rc < 0)
		return rc;
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("INSERT INTO user_totp(user_id, secret_box, created_at) VALUES(?,?,?)");
	db_bind_int(st, 1, user_id);
	db_bind_blob(st, 2, box, (int)len);
	db_bind_text(st, 3, now);
	int64_t id = db_insert(st);
	return id < 0 ? (int)id : 0;
}

int mfa_store_confirm(int64_t user_id, int64_t step, const unsigned char (*digest)[32], int n)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("UPDATE user_totp SET confirmed_at = ?, last_step = ? WHERE user_id = ?");
	db_bind_text(st, 1, now);
	db_bind_int(st, 2, step);
	db_bind_int(st, 3, user_id);
	int rc = db_change(st);
	if (rc < 0)
		return rc;
	st = db_prep("DELETE FROM user_recovery_codes WHERE user_id = ?");
	db_bind_int(st, 1, user_id);
	db_exec1(st);
	for (int i = 0; i < n; i++) {
		st = db_prep("INSERT INTO user_recovery_codes(user_id, code_hash) VALUES(?,?)");
		db_bind_int(st, 1, user_id);
		db_bind_blob(st, 2, digest[i], 32);
		int64_t id = db_insert(st);
		if (id < 0)
			return (int)id;
	}
	return 0;
}

int mfa_store_used(int64_t user_id, int64_t step)
{
	sqlite3_stmt *st = db_prep("UPDATE user_totp SET last_step = ? WHERE user_id = ? AND last_step < ?");
	db_bind_int(st, 1, step);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, step);
	return db_change(st);
}

int mfa_store_use_code(int64_t user_id, const unsigned char digest[32])
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("UPDATE user_recovery_codes SET used_at = ?"
				   " WHERE id = (SELECT id FROM user_recovery_codes"
				   "  WHERE user_id = ? AND code_hash = ? AND used_at IS NULL LIMIT 1)");
	db_bind_text(st, 1, now);
	db_bind_int(st, 2, user_id);
	db_bind_blob(st, 3, digest, 32);
	return db_change(st);
}

int mfa_store_remove(int64_t user_id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM user_recovery_codes WHERE user_id = ?");
	db_bind_int(st, 1, user_id);
	db_exec1(st);
	st = db_prep("DELETE FROM user_totp WHERE user_id = ?");
	db_bind_int(st, 1, user_id);
	db_exec1(st);
	return db_failure() ? db_failure() : 0;
}

int mfa_store_beheerder_anywhere(int64_t user_id)
{
	sqlite3_stmt *st =
	    db_prep("SELECT 1 FROM memberships WHERE user_id = ? AND role = 'beheerder' LIMIT 1");
	db_bind_int(st, 1, user_id);
	int yes = db_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}
