/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * account: tables users, sessions, tokens, login_failures. Never stores or
 * logs a password, session id or token in plain text.
 */
#include "account.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "domain/token.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/db.h"
#include "store/record.h"

static void now_text(char ts[21])
{
	db_now(ts);
}

int64_t account_user_add(const char *email, const char *name, const char *password, int is_admin)
{
	char hash[crypto_pwhash_STRBYTES], ts[21];
	if (secret_password_hash(password, hash, sizeof hash) < 0)
		return -ERR_IO;
	now_text(ts);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO users(email,name,pw_hash,is_admin,created_at) VALUES(?,?,?,?,?)");
	db_bind_text(st, 1, email);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, hash);
	db_bind_int(st, 4, is_admin);
	db_bind_text(st, 5, ts);
	if (db_exec1(st) == SQLITE_CONSTRAINT)
		return -ERR_CONFLICT;
	return sqlite3_last_insert_rowid(db_conn());
}

int account_user_set_password(int64_t id, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	if (secret_password_hash(password, hash, sizeof hash) < 0)
		return -ERR_IO;
	sqlite3_stmt *st = db_prep("UPDATE users SET pw_hash=? WHERE id=?");
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, id);
	db_exec1(st);
	/* A new password ends every session and revokes every personal
	 * access token of the user: a leaked secret stops working with it. */
	st = db_prep("DELETE FROM sessions WHERE user_id=?");
	db_bind_int(st, 1, id);
	db_exec1(st);
	st = db_prep("DELETE FROM tokens WHERE user_id=?");
	db_bind_int(st, 1, id);
	db_exec1(st);
	return sqlite3_changes(db_conn()) >= 0 ? 0 : -ERR_NOTFOUND;
}

static void fill_user(sqlite3_stmt *st, struct user *u)
{
	u->id = sqlite3_column_int64(st, 0);
	snprintf(u->email, sizeof u->email, "%s", (const char *)sqlite3_column_text(st, 1));
	snprintf(u->name, sizeof u->name, "%s", (const char *)sqlite3_column_text(st, 2));
	u->is_admin = sqlite3_column_int(st, 3);
	snprintf(u->lang, sizeof u->lang, "%s", (const char *)sqlite3_column_text(st, 4));
}

/* Steps a bound statement whose first five columns are fill_user's. */
static int one_user(sqlite3_stmt *st, struct user *u, int missing)
{
	int rc = missing;
	if (db_step(st) == SQLITE_ROW) {
		fill_user(st, u);
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

int account_user_by_email(const char *email, struct user *u)
{
	sqlite3_stmt *st = db_prep("SELECT id,email,name,is_admin,lang FROM users WHERE email=?");
	db_bind_text(st, 1, email);
	return one_user(st, u, -ERR_NOTFOUND);
}

int account_user_by_id(int64_t id, struct user *u)
{
	sqlite3_stmt *st = db_prep("SELECT id,email,name,is_admin,lang FROM users WHERE id=?");
	db_bind_int(st, 1, id);
	return one_user(st, u, -ERR_NOTFOUND);
}

static char dummy[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	secret_password_hash("scalelab-dummy-password", dummy, sizeof dummy);
}

int account_login(const char *email, const char *password, struct user *u)
{
	/* A fixed dummy hash keeps the timing of unknown e-mails like known ones.
	 * Made once for all worker threads: a thread must never read it half-written. */
	pthread_once(&dummy_once, make_dummy);
	sqlite3_stmt *st = db_prep("SELECT pw_hash FROM users WHERE email=?");
	db_bind_text(st, 1, email);
	char hash[crypto_pwhash_STRBYTES] = "";
	if (db_step(st) == SQLITE_ROW)
		snprintf(hash, sizeof hash, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (!hash[0]) {
		secret_password_verify(dummy, password);
		return -ERR_AUTH;
	}
	if (secret_password_verify(hash, password) != 0)
		return -ERR_AUTH;
	return account_user_by_email(email, u);
}

int account_user_set_lang(int64_t id, const char *lang)
{
	sqlite3_stmt *st = db_prep("UPDATE users SET lang=? WHERE id=?");
	db_bind_text(st, 1, lang);
	db_bind_int(st, 2, id);
	db_exec1(st);
	return 0;
}

void account_session_create(int64_t user_id, char sid_out[64])
{
	unsigned char h[SECRET_HASH_LEN];
	secret_token(sid_out);
	secret_digest(sid_out, h);
	sqlite3_stmt *st = db_prep("INSERT INTO sessions(id_hash,user_id,created_s,seen_s) VALUES(?,?,?,?)");
	db_bind_blob(st, 1, h, sizeof h);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, time_now());
	db_bind_int(st, 4, time_now());
	db_exec1(st);
}

int account_session_user(const char *sid, int64_t idle_s, int64_t absolute_s, struct user *u)
{
	unsigned char h[SECRET_HASH_LEN];
	secret_digest(sid, h);
	sqlite3_stmt *st = db_prep("SELECT u.id, u.email, u.name, u.is_admin, u.lang, s.created_s, s.seen_s "
				   "FROM sessions s JOIN users u ON u.id=s.user_id WHERE s.id_hash=?");
	db_bind_blob(st, 1, h, sizeof h);
	int found = 0;
	int64_t created = 0, seen = 0;
	if (db_step(st) == SQLITE_ROW) {
		fill_user(st, u);
		created = sqlite3_column_int64(st, 5);
		seen = sqlite3_column_int64(st, 6);
		found = 1;
	}
	sqlite3_reset(st);
	if (!found)
		return -ERR_AUTH;
	int64_t now = time_now();
	if (now - seen > idle_s || now - created > absolute_s) {
		account_session_delete(sid);
		return -ERR_AUTH;
	}
	/* Touch at most once a minute: reads stay reads. */
	if (now - seen >= 60) {
		st = db_prep("UPDATE sessions SET seen_s=? WHERE id_hash=?");
		db_bind_int(st, 1, now);
		db_bind_blob(st, 2, h, sizeof h);
		db_exec1(st);
	}
	return 0;
}

void account_session_delete(const char *sid)
{
	unsigned char h[SECRET_HASH_LEN];
	secret_digest(sid, h);
	sqlite3_stmt *st = db_prep("DELETE FROM sessions WHERE id_hash=?");
	db_bind_blob(st, 1, h, sizeof h);
	db_exec1(st);
}

int64_t account_token_create(int64_t user_id, const char *name, int64_t days, int scope, int64_t org_id,
			     char tok_out[64])
{
	unsigned char h[SECRET_HASH_LEN];
	char raw[SECRET_TOKEN_LEN + 1], ts[21];
	secret_token(raw);
	snprintf(tok_out, 64, "slpat_%s", raw);
	secret_digest(tok_out, h);
	int64_t now = time_now();
	time_rfc3339(now, ts);
	sqlite3_stmt *st = db_prep(
	    "INSERT INTO tokens(user_id,name,hash,created_at,expires_s,scope,org_id) VALUES(?,?,?,?,?,?,?)");
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, name);
	db_bind_blob(st, 3, h, sizeof h);
	db_bind_text(st, 4, ts);
	db_bind_int(st, 5, token_expires(now, days));
	db_bind_text(st, 6, token_scope_name((enum token_scope)scope));
	if (org_id > 0)
		db_bind_int(st, 7, org_id);
	else
		sqlite3_bind_null(st, 7);
	db_exec1(st);
	return sqlite3_last_insert_rowid(db_conn());
}

int account_token_user(const char *token, struct user *u, struct token_grant *g)
{
	unsigned char h[SECRET_HASH_LEN];
	secret_digest(token, h);
	sqlite3_stmt *st =
	    db_prep("SELECT u.id, u.email, u.name, u.is_admin, u.lang, t.id, t.scope, t.org_id,"
		    " t.last_used_at FROM tokens t "
		    "JOIN users u ON u.id=t.user_id WHERE t.hash=? AND t.expires_s>?");
	db_bind_blob(st, 1, h, sizeof h);
	db_bind_int(st, 2, time_now()); /* token_valid: strictly before the expiry */
	memset(g, 0, sizeof *g);
	int rc = -ERR_AUTH;
	if (db_step(st) == SQLITE_ROW) {
		fill_user(st, u);
		g->id = sqlite3_column_int64(st, 5);
		g->scope = token_scope_parse((const char *)sqlite3_column_text(st, 6));
		g->org_id = sqlite3_column_int64(st, 7);
		const char *last = (const char *)sqlite3_column_text(st, 8);
		snprintf(g->last_used_at, sizeof g->last_used_at, "%s", last ? last : "");
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

int account_token_touch(int64_t token_id, const char *hour)
{
	sqlite3_stmt *st = db_prep("UPDATE tokens SET last_used_at=? WHERE id=? AND"
				   " (last_used_at IS NULL OR last_used_at < ?)");
	db_bind_text(st, 1, hour);
	db_bind_int(st, 2, token_id);
	db_bind_text(st, 3, hour);
	db_exec1(st);
	return db_failure() ? db_failure() : 0;
}

static void token_row(sqlite3_stmt *st, void *record)
{
	struct user_token *t = record;
	struct record_text p = RECORD_TEXT_INIT;
	t->id = sqlite3_column_int64(st, 0);
	record_text_column(&p, &t->name, st, 1);
	record_text_column(&p, &t->created_at, st, 2);
	t->expires_s = sqlite3_column_int64(st, 3);
	t->scope = token_scope_parse((const char *)sqlite3_column_text(st, 4));
	record_text_column(&p, &t->org_slug, st, 5);
	record_text_column(&p, &t->last_used_at, st, 6);
	t->text = record_text_finish(&p);
}

struct user_token *account_token_list(int64_t user_id, size_t *n)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT t.id, t.name, t.created_at, t.expires_s, t.scope, o.slug, t.last_used_at"
	    " FROM tokens t LEFT JOIN organisations o ON o.id = t.org_id WHERE t.user_id=? ORDER BY t.id");
	db_bind_int(st, 1, user_id);
	return record_rows(st, sizeof(struct user_token), n, token_row);
}

int account_token_delete(int64_t user_id, int64_t token_id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM tokens WHERE user_id=? AND id=?");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, token_id);
	return db_change(st);
}

/* The count and the newest time of the failures st selects. */
static int failures_by(sqlite3_stmt *st, int64_t *last_s)
{
	db_step(st);
	int n = sqlite3_column_int(st, 0);
	*last_s = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return n;
}

void account_login_counts(const char *ip, const char *email, int64_t since_s, struct login_counts *k)
{
	/* E-mail compares without case, as users.email does, or changing
	 * capitals would give an attacker a fresh budget for the same account. */
	sqlite3_stmt *st = db_prep("SELECT count(*), coalesce(max(at_s),0) FROM login_failures "
				   "WHERE at_s>=? AND ip=? AND email=? COLLATE NOCASE");
	db_bind_int(st, 1, since_s);
	db_bind_text(st, 2, ip);
	db_bind_text(st, 3, email);
	k->pair = failures_by(st, &k->pair_last);
	st = db_prep("SELECT count(*), coalesce(max(at_s),0) FROM login_failures WHERE at_s>=? AND ip=?");
	db_bind_int(st, 1, since_s);
	db_bind_text(st, 2, ip);
	k->address = failures_by(st, &k->address_last);
}

void account_failure_add(const char *ip, const char *email)
{
	sqlite3_stmt *st = db_prep("INSERT INTO login_failures(ip,email,at_s) VALUES(?,?,?)");
	db_bind_text(st, 1, ip);
	db_bind_text(st, 2, email);
	db_bind_int(st, 3, time_now());
	db_exec1(st);
	st = db_prep("DELETE FROM login_failures WHERE at_s<?");
	db_bind_int(st, 1, time_now() - 86400);
	db_exec1(st);
}

void account_failures_clear(const char *ip, const char *email)
{
	sqlite3_stmt *st = db_prep("DELETE FROM login_failures WHERE ip=? AND email=? COLLATE NOCASE");
	db_bind_text(st, 1, ip);
	db_bind_text(st, 2, email);
	db_exec1(st);
}
