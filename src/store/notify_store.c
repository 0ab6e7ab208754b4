/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * notify_store: tables notify_inbox, notify_outbox, notify_prefs,
 * notify_feeds, organisations.time_zone; reads users, memberships, rounds
 * and raters. The outbox's stored status words are its own (wachtrij,
 * verzenden, verzonden, mislukt); see docs/notify.md for their meaning.
 */
#include "store/notify_store.h"

#include <stdio.h>
#include <string.h>

#include "lib/util.h"
#include "store/db.h"

int64_t notify_store_inbox_add(int64_t user_id, int64_t org_id, const char *kind, const char *params,
			       const char *path, const char *dedup)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO notify_inbox(user_id, org_id, kind, params, path, created_at, "
		    "dedup) VALUES(?,?,?,?,?,?,?) ON CONFLICT(dedup) DO NOTHING");
	db_bind_int(st, 1, user_id);
	if (org_id > 0)
		db_bind_int(st, 2, org_id);
	else
		db_bind_text(st, 2, NULL);
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, params ? params : "{}");
	db_bind_text(st, 5, path ? path : "");
	db_bind_text(st, 6, now);
	db_bind_text(st, 7, dedup);
	int64_t id = db_insert(st);
	if (id > 0 && sqlite3_changes(db_conn()) == 0)
		return -ERR_CONFLICT;
	return id;
}

json_t *notify_store_inbox_list(int64_t user_id, int unread_only, int64_t before_id, int limit)
{
	sqlite3_stmt *st =
	    db_prep("SELECT n.id, n.org_id, n.kind, n.params, n.path, n.created_at, n.read_at, "
		    "o.name AS org_name FROM notify_inbox n "
		    "LEFT JOIN organisations o ON o.id=n.org_id "
		    "WHERE n.user_id=?1 AND (?2=0 OR n.read_at IS NULL) AND (?4=0 OR n.id<?4) "
		    "ORDER BY n.id DESC LIMIT ?3");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, unread_only);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, before_id);
	return db_rows_json(st);
}

int64_t notify_store_inbox_count(int64_t user_id, int unread_only, int64_t newer_than)
{
	sqlite3_stmt *st =
	    db_prep("SELECT count(*) FROM notify_inbox WHERE user_id=?1 AND (?2=0 OR read_at IS NULL) "
		    "AND id>=?3");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, unread_only);
	db_bind_int(st, 3, newer_than);
	return db_one_int(st, 0);
}

int64_t notify_store_inbox_unread(int64_t user_id)
{
	sqlite3_stmt *st = db_prep("SELECT count(*) FROM notify_inbox WHERE user_id=? AND read_at IS NULL");
	db_bind_int(st, 1, user_id);
	return db_one_int(st, 0);
}

int notify_store_inbox_mark(int64_t user_id, int64_t id, int read)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("UPDATE notify_inbox SET read_at=CASE WHEN ?3 THEN coalesce(read_at, ?4) END "
		    "WHERE id=?1 AND user_id=?2");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, read);
	db_bind_text(st, 4, now);
	return db_change(st);
}

int notify_store_inbox_mark_all(int64_t user_id)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("UPDATE notify_inbox SET read_at=? WHERE user_id=? AND read_at IS NULL");
	db_bind_text(st, 1, now);
	db_bind_int(st, 2, user_id);
	db_exec1(st);
	return sqlite3_changes(db_conn());
}

int notify_store_pref_email(int64_t user_id, const char *kind)
{
	sqlite3_stmt *st = db_prep("SELECT email FROM notify_prefs WHERE user_id=? AND kind=?");
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, kind);
	return (int)db_one_int(st, 1);
}

int notify_store_pref_set(int64_t user_id, const char *kind, int email)
{
	sqlite3_stmt *st = db_prep("INSERT INTO notify_prefs(user_id, kind, email) VALUES(?,?,?) "
				   "ON CONFLICT(user_id, kind) DO UPDATE SET email=excluded.email");
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, kind);
	db_bind_int(st, 3, email ? 1 : 0);
	int64_t rc = db_insert(st);
	return rc < 0 ? (int)rc : 0;
}

int notify_store_user(int64_t user_id, char *email, size_t en, char *name, size_t nn, char lang[3])
{
	sqlite3_stmt *st = db_prep("SELECT email, name, lang FROM users WHERE id=?");
	db_bind_int(st, 1, user_id);
	int rc = -ERR_NOTFOUND;
	if (db_step(st) == SQLITE_ROW) {
		snprintf(email, en, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(name, nn, "%s", (const char *)sqlite3_column_text(st, 1));
		const char *l = (const char *)sqlite3_column_text(st, 2);
		snprintf(lang, 3, "%s", l && !strcmp(l, "en") ? "en" : "nl");
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

int64_t notify_store_outbox_add(int64_t org_id, int64_t user_id, const char *to, const char *lang,
				const char *kind, const char *params, const char *secret,
				const char *message_id, const char *dedup, int64_t next_s)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO notify_outbox(org_id, user_id, to_addr, lang, kind, params, secret, "
		    "message_id, dedup, next_s, created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?) "
		    "ON CONFLICT(dedup) DO NOTHING");
	if (org_id > 0)
		db_bind_int(st, 1, org_id);
	else
		db_bind_text(st, 1, NULL);
	if (user_id > 0)
		db_bind_int(st, 2, user_id);
	else
		db_bind_text(st, 2, NULL);
	db_bind_text(st, 3, to);
	db_bind_text(st, 4, lang);
	db_bind_text(st, 5, kind);
	db_bind_text(st, 6, params ? params : "{}");
	db_bind_text(st, 7, secret);
	db_bind_text(st, 8, message_id);
	db_bind_text(st, 9, dedup);
	db_bind_int(st, 10, next_s);
	db_bind_text(st, 11, now);
	int64_t id = db_insert(st);
	if (id > 0 && sqlite3_changes(db_conn()) == 0)
		return -ERR_CONFLICT;
	return id;
}

json_t *notify_store_outbox_claim(int64_t now)
{
	sqlite3_stmt *st = db_prep("UPDATE notify_outbox SET status='verzenden', claimed_s=?1 "
				   "WHERE id=(SELECT id FROM notify_outbox WHERE status='wachtrij' AND "
				   "next_s<=?1 ORDER BY next_s, id LIMIT 1) RETURNING *");
	db_bind_int(st, 1, now);
	return db_one_json(st);
}

int notify_store_outbox_sent(int64_t id)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("UPDATE notify_outbox SET status='verzonden', sent_at=?, secret=NULL, "
				   "attempts=attempts+1, last_error='' WHERE id=?");
	db_bind_text(st, 1, now);
	db_bind_int(st, 2, id);
	return db_change(st);
}

int notify_store_outbox_retry(int64_t id, int attempts, int64_t next_s, const char *error)
{
	sqlite3_stmt *st = db_prep(
	    "UPDATE notify_outbox SET status='wachtrij', attempts=?, next_s=?, last_error=? WHERE id=?");
	db_bind_int(st, 1, attempts);
	db_bind_int(st, 2, next_s);
	db_bind_text(st, 3, error);
	db_bind_int(st, 4, id);
	return db_change(st);
}

int notify_store_outbox_failed(int64_t id, int attempts, const char *error)
{
	sqlite3_stmt *st = db_prep("UPDATE notify_outbox SET status='mislukt', attempts=?, last_error=?, "
				   "secret=NULL WHERE id=?");
	db_bind_int(st, 1, attempts);
	db_bind_text(st, 2, error);
	db_bind_int(st, 3, id);
	return db_change(st);
}

int notify_store_outbox_interrupted(const char *reason)
{
	sqlite3_stmt *st = db_prep("UPDATE notify_outbox SET status='mislukt', last_error=?, secret=NULL "
				   "WHERE status='verzenden'");
	db_bind_text(st, 1, reason);
	db_exec1(st);
	return sqlite3_changes(db_conn());
}

int notify_store_outbox_requeue(int64_t id, int64_t org_id, int64_t now)
{
	sqlite3_stmt *st = db_prep("UPDATE notify_outbox SET status='wachtrij', next_s=?, attempts=0 "
				   "WHERE id=? AND status='mislukt' AND (?=0 OR org_id=?)");
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, org_id);
	db_bind_int(st, 4, org_id);
	return db_change(st);
}

int notify_store_outbox_purge(const char *before)
{
	sqlite3_stmt *st = db_prep("DELETE FROM notify_outbox WHERE created_at<? AND "
				   "status IN ('verzonden','mislukt')");
	db_bind_text(st, 1, before);
	db_exec1(st);
	int n = sqlite3_changes(db_conn());
	sqlite3_stmt *in = db_prep("DELETE FROM notify_inbox WHERE created_at<? AND read_at IS NOT NULL");
	db_bind_text(in, 1, before);
	db_exec1(in);
	return n;
}

json_t *notify_store_outbox_list(int64_t org_id, int64_t before_id, int limit)
{
	sqlite3_stmt *st = db_prep("SELECT id, org_id, to_addr, lang, kind, message_id, status, attempts, "
				   "next_s, last_error, created_at, sent_at FROM notify_outbox "
				   "WHERE (?1=0 OR org_id=?1) AND (?3=0 OR id<?3) ORDER BY id DESC LIMIT ?2");
	db_bind_int(st, 1, org_id);
	db_bind_int(st, 2, limit);
	db_bind_int(st, 3, before_id);
	return db_rows_json(st);
}

int64_t notify_store_outbox_count(int64_t org_id, int64_t newer_than)
{
	sqlite3_stmt *st = db_prep("SELECT count(*) FROM notify_outbox WHERE (?1=0 OR org_id=?1) AND id>=?2");
	db_bind_int(st, 1, org_id);
	db_bind_int(st, 2, newer_than);
	return db_one_int(st, 0);
}

int64_t notify_store_outbox_org(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT coalesce(org_id,0) FROM notify_outbox WHERE id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

json_t *notify_store_outbox_counts(int64_t org_id)
{
	json_t *o =
	    json_pack("{s:i,s:i,s:i,s:i}", "wachtrij", 0, "verzenden", 0, "verzonden", 0, "mislukt", 0);
	sqlite3_stmt *st = db_prep("SELECT status, count(*) FROM notify_outbox WHERE ?1=0 OR org_id=?1 "
				   "GROUP BY status");
	db_bind_int(st, 1, org_id);
	while (db_step(st) == SQLITE_ROW)
		json_object_set_new(o, (const char *)sqlite3_column_text(st, 0),
				    json_integer(sqlite3_column_int64(st, 1)));
	sqlite3_reset(st);
	return o;
}

int64_t notify_store_feed_add(int64_t user_id, int64_t initiative_id, const unsigned char *hash,
			      int64_t created_by)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("INSERT INTO notify_feeds(user_id, initiative_id, token_hash, created_by, "
				   "created_at) VALUES(?,?,?,?,?)");
	if (user_id > 0)
		db_bind_int(st, 1, user_id);
	else
		db_bind_text(st, 1, NULL);
	if (initiative_id > 0)
		db_bind_int(st, 2, initiative_id);
	else
		db_bind_text(st, 2, NULL);
	db_bind_blob(st, 3, hash, 32);
	if (created_by > 0)
		db_bind_int(st, 4, created_by);
	else
		db_bind_text(st, 4, NULL);
	db_bind_text(st, 5, now);
	return db_insert(st);
}

int notify_store_feed_revoke(int64_t user_id, int64_t initiative_id)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("UPDATE notify_feeds SET revoked_at=? WHERE revoked_at IS NULL AND "
				   "((?2>0 AND user_id=?2) OR (?3>0 AND initiative_id=?3))");
	db_bind_text(st, 1, now);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, initiative_id);
	db_exec1(st);
	return sqlite3_changes(db_conn());
}

int notify_store_feed_find(const unsigned char *hash, int64_t *user_id, int64_t *initiative_id)
{
	sqlite3_stmt *st = db_prep("SELECT coalesce(user_id,0), coalesce(initiative_id,0) FROM notify_feeds "
				   "WHERE token_hash=? AND revoked_at IS NULL");
	db_bind_blob(st, 1, hash, 32);
	int rc = -ERR_NOTFOUND;
	if (db_step(st) == SQLITE_ROW) {
		*user_id = sqlite3_column_int64(st, 0);
		*initiative_id = sqlite3_column_int64(st, 1);
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

char *notify_store_feed_since(int64_t user_id, int64_t initiative_id)
{
	sqlite3_stmt *st = db_prep("SELECT created_at FROM notify_feeds WHERE revoked_at IS NULL AND "
				   "((?1>0 AND user_id=?1) OR (?2>0 AND initiative_id=?2)) ORDER BY id DESC");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, initiative_id);
	char *s = NULL;
	if (db_step(st) == SQLITE_ROW)
		s = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return s;
}

static char *one_text(sqlite3_stmt *st)
{
	char *s = NULL;
	if (db_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		s = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return s;
}

char *notify_store_org_tz(int64_t org_id)
{
	sqlite3_stmt *st = db_prep("SELECT time_zone FROM organisations WHERE id=?");
	db_bind_int(st, 1, org_id);
	return one_text(st);
}

int notify_store_org_tz_set(int64_t org_id, const char *tz)
{
	sqlite3_stmt *st = db_prep("UPDATE organisations SET time_zone=? WHERE id=?");
	db_bind_text(st, 1, tz);
	db_bind_int(st, 2, org_id);
	return db_change(st);
}

char *notify_store_org_name(int64_t org_id)
{
	sqlite3_stmt *st = db_prep("SELECT name FROM organisations WHERE id=?");
	db_bind_int(st, 1, org_id);
	char *s = one_text(st);
	return s ? s : xstrdup("");
}

char *notify_store_initiative_name(int64_t initiative_id, int64_t *org_id)
{
	sqlite3_stmt *st = db_prep("SELECT name, org_id FROM initiatives WHERE id=?");
	db_bind_int(st, 1, initiative_id);
	char *s = NULL;
	*org_id = 0;
	if (db_step(st) == SQLITE_ROW) {
		s = xstrdup((const char *)sqlite3_column_text(st, 0));
		*org_id = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return s ? s : xstrdup("");
}

json_t *notify_store_people(void)
{
	sqlite3_stmt *st = db_prep("SELECT u.id AS user_id, u.email, u.name, u.lang, m.org_id, o.time_zone "
				   "FROM users u JOIN memberships m ON m.user_id=u.id AND m.org_id="
				   "(SELECT min(org_id) FROM memberships WHERE user_id=u.id) "
				   "JOIN organisations o ON o.id=m.org_id ORDER BY u.id");
	return db_rows_json(st);
}

json_t *notify_store_reminder_raters(const char *date)
{
	sqlite3_stmt *st =
	    db_prep("SELECT r.id AS rater_id, r.user_id, a.id AS round_id, i.org_id, a.title, a.period_end, "
		    "i.name AS initiative FROM assessment_raters r "
		    "JOIN assessment_rounds a ON a.id=r.round_id JOIN initiatives i ON i.id=a.initiative_id "
		    "WHERE a.status='open' AND a.period_end=? AND r.user_id IS NOT NULL AND "
		    "r.status<>'ingediend' AND r.revoked_at IS NULL ORDER BY r.id");
	db_bind_text(st, 1, date);
	return db_rows_json(st);
}

json_t *notify_store_round(int64_t round_id)
{
	sqlite3_stmt *st = db_prep("SELECT a.title, a.period_end, i.name AS initiative, i.org_id "
				   "FROM assessment_rounds a JOIN initiatives i ON i.id=a.initiative_id "
				   "WHERE a.id=?");
	db_bind_int(st, 1, round_id);
	return db_one_json(st);
}
