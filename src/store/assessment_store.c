/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_store: tables assessment_rounds, assessment_raters,
 * assessment_answers (joins initiatives, organisations, users for names).
 * Answers are upserted one question at a time inside the caller's
 * transaction, so a rejected save leaves what was stored before.
 */
#include "assessment_store.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "store/db.h"

int64_t assessment_store_round_create(const struct assessment_round_in *in)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("INSERT INTO assessment_rounds(initiative_id,method_id,method_version,title,"
				   "period_start,period_end,created_by,created_at) VALUES(?,?,?,?,?,?,?,?)");
	db_bind_int(st, 1, in->initiative_id);
	db_bind_text(st, 2, in->method_id);
	db_bind_int(st, 3, in->method_version);
	db_bind_text(st, 4, in->title);
	db_bind_text(st, 5, in->period_start);
	db_bind_text(st, 6, in->period_end);
	if (in->created_by > 0)
		db_bind_int(st, 7, in->created_by);
	else
		sqlite3_bind_null(st, 7);
	db_bind_text(st, 8, ts);
	if (db_exec1(st) == SQLITE_CONSTRAINT)
		return -ERR_INVALID;
	return sqlite3_last_insert_rowid(db_conn());
}

json_t *assessment_store_round_get(int64_t id)
{
	sqlite3_stmt *st = db_prep(
		"SELECT r.id, r.initiative_id AS initiativeId, i.name AS initiativeName, o.slug AS organisation, "
		"o.name AS organisationName, r.method_id AS methodId, r.method_version AS methodVersion, r.title, "
		"r.period_start AS periodStart, r.period_end AS periodEnd, r.status, r.created_at AS createdAt, "
		"r.closed_at AS closedAt FROM assessment_rounds r JOIN initiatives i ON i.id=r.initiative_id "
		"JOIN organisations o ON o.id=i.org_id WHERE r.id=?");
	db_bind_int(st, 1, id);
	return db_one_json(st);
}

json_t *assessment_store_round_list(int64_t initiative_id)
{
	sqlite3_stmt *st = db_prep(
		"SELECT r.id, r.method_id AS methodId, r.title, r.period_start AS periodStart, "
		"r.period_end AS periodEnd, r.status, "
		"(SELECT count(*) FROM assessment_raters a WHERE a.round_id=r.id AND a.revoked_at IS NULL) AS raters, "
		"(SELECT count(*) FROM assessment_raters a WHERE a.round_id=r.id AND a.status='ingediend') AS submitted "
		"FROM assessment_rounds r WHERE r.initiative_id=? ORDER BY r.period_start DESC, r.id DESC");
	db_bind_int(st, 1, initiative_id);
	return db_rows_json(st);
}

json_t *assessment_store_round_series(int64_t initiative_id, const char *method_id)
{
	sqlite3_stmt *st = db_prep("SELECT id, title, period_start AS periodStart, period_end AS periodEnd, status "
				   "FROM assessment_rounds WHERE initiative_id=? AND method_id=? "
				   "ORDER BY period_start, id");
	db_bind_int(st, 1, initiative_id);
	db_bind_text(st, 2, method_id);
	return db_rows_json(st);
}

int64_t assessment_store_round_org(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT i.org_id FROM assessment_rounds r JOIN initiatives i "
				   "ON i.id=r.initiative_id WHERE r.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

int assessment_store_round_set_status(int64_t id, const char *status)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("UPDATE assessment_rounds SET status=?1, "
				   "closed_at=CASE WHEN ?1='gesloten' THEN ?2 ELSE NULL END WHERE id=?3");
	db_bind_text(st, 1, status);
	db_bind_text(st, 2, ts);
	db_bind_int(st, 3, id);
	return db_change(st);
}

int64_t assessment_store_rater_add(int64_t round_id, int64_t user_id, const char *name, const char *role_label,
				   const unsigned char *hash, int64_t expires_s)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("INSERT INTO assessment_raters(round_id,user_id,name,role_label,token_hash,"
				   "expires_s,created_at) VALUES(?,?,?,?,?,?,?)");
	db_bind_int(st, 1, round_id);
	if (user_id > 0)
		db_bind_int(st, 2, user_id);
	else
		sqlite3_bind_null(st, 2);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, role_label);
	if (hash)
		db_bind_blob(st, 5, hash, SECRET_HASH_LEN);
	else
		sqlite3_bind_null(st, 5);
	if (hash)
		db_bind_int(st, 6, expires_s);
	else
		sqlite3_bind_null(st, 6);
	db_bind_text(st, 7, ts);
	if (db_exec1(st) == SQLITE_CONSTRAINT)
		return -ERR_CONFLICT;
	return sqlite3_last_insert_rowid(db_conn());
}

/* A revoked link shows as status ingetrokken; the stored status stays. */
#define RATER_STATUS "CASE WHEN revoked_at IS NOT NULL THEN 'ingetrokken' ELSE status END AS status"

json_t *assessment_store_rater_list(int64_t round_id)
{
	sqlite3_stmt *st = db_prep(
		"SELECT id, name, role_label AS roleLabel, CASE WHEN user_id IS NULL THEN 'link' ELSE 'lid' END AS kind, "
		"user_id AS userId, " RATER_STATUS ", strftime('%Y-%m-%dT%H:%M:%SZ', expires_s, 'unixepoch') AS expiresAt, "
		"submitted_at AS submittedAt, revoked_at AS revokedAt FROM assessment_raters WHERE round_id=? ORDER BY id");
	db_bind_int(st, 1, round_id);
	return db_rows_json(st);
}

#define RATER_COLS                                                                                         \
	"SELECT id, round_id AS roundId, user_id AS userId, name, role_label AS roleLabel, " RATER_STATUS ", " \
	"CASE WHEN user_id IS NULL THEN 'link' ELSE 'lid' END AS kind, "                                  \
	"expires_s AS expiresS, revoked_at AS revokedAt FROM assessment_raters "

json_t *assessment_store_rater_get(int64_t rater_id)
{
	sqlite3_stmt *st = db_prep(RATER_COLS "WHERE id=?");
	db_bind_int(st, 1, rater_id);
	return db_one_json(st);
}

json_t *assessment_store_rater_by_user(int64_t round_id, int64_t user_id)
{
	sqlite3_stmt *st = db_prep(RATER_COLS "WHERE round_id=? AND user_id=?");
	db_bind_int(st, 1, round_id);
	db_bind_int(st, 2, user_id);
	return db_one_json(st);
}

json_t *assessment_store_rater_by_hash(const unsigned char hash[SECRET_HASH_LEN])
{
	sqlite3_stmt *st = db_prep(RATER_COLS "WHERE token_hash=?");
	db_bind_blob(st, 1, hash, SECRET_HASH_LEN);
	return db_one_json(st);
}

void assessment_store_rater_set_status(int64_t rater_id, const char *status)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("UPDATE assessment_raters SET status=?1, "
				   "submitted_at=CASE WHEN ?1='ingediend' THEN ?2 ELSE submitted_at END WHERE id=?3");
	db_bind_text(st, 1, status);
	db_bind_text(st, 2, ts);
	db_bind_int(st, 3, rater_id);
	db_exec1(st);
}

int assessment_store_rater_revoke(int64_t rater_id)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("UPDATE assessment_raters SET revoked_at=?1 WHERE id=?2 AND token_hash IS NOT NULL "
				   "AND revoked_at IS NULL AND status<>'ingediend'");
	db_bind_text(st, 1, ts);
	db_bind_int(st, 2, rater_id);
	return db_change(st) == 0 ? 0 : -ERR_CONFLICT;
}

int assessment_store_rater_reopen(int64_t rater_id)
{
	sqlite3_stmt *st = db_prep("UPDATE assessment_raters SET status='concept', submitted_at=NULL "
				   "WHERE id=? AND status='ingediend' AND revoked_at IS NULL");
	db_bind_int(st, 1, rater_id);
	return db_change(st) == 0 ? 0 : -ERR_CONFLICT;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

void assessment_store_answer_put(int64_t rater_id, const struct assessment_answer_in *in)
{
	int empty = !in->unknown && !in->has_level && !in->options && !*nz(in->text) && !*nz(in->evidence) &&
		    !*nz(in->evidence_url) && !*nz(in->confidence);
	if (empty) {
		sqlite3_stmt *st = db_prep("DELETE FROM assessment_answers WHERE rater_id=? AND question_id=?");
		db_bind_int(st, 1, rater_id);
		db_bind_text(st, 2, in->question);
		db_exec1(st);
		return;
	}
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep(
		"INSERT INTO assessment_answers(rater_id,question_id,unknown,level,options,text,evidence,evidence_url,"
		"confidence,updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10) "
		"ON CONFLICT(rater_id,question_id) DO UPDATE SET unknown=?3, level=?4, options=?5, text=?6, "
		"evidence=?7, evidence_url=?8, confidence=?9, updated_at=?10");
	db_bind_int(st, 1, rater_id);
	db_bind_text(st, 2, in->question);
	db_bind_int(st, 3, in->unknown ? 1 : 0);
	if (in->has_level)
		db_bind_int(st, 4, in->level);
	else
		sqlite3_bind_null(st, 4);
	db_bind_text(st, 5, in->options);
	db_bind_text(st, 6, nz(in->text));
	db_bind_text(st, 7, nz(in->evidence));
	db_bind_text(st, 8, nz(in->evidence_url));
	db_bind_text(st, 9, nz(in->confidence));
	db_bind_text(st, 10, ts);
	if (db_exec1(st) == SQLITE_CONSTRAINT)
		BUG("answer of rater %lld to %s violates a constraint", (long long)rater_id, in->question);
}

/* Turns the stored options text back into an array. */
static void shape_answer(json_t *row)
{
	const char *opt = json_string_value(json_object_get(row, "options"));
	if (opt) {
		json_t *a = json_loads(opt, 0, NULL);
		json_object_set_new(row, "options", a ? a : json_array());
	} else {
		json_object_del(row, "options");
	}
	json_object_set_new(row, "unknown", json_boolean(json_integer_value(json_object_get(row, "unknown"))));
	if (json_is_null(json_object_get(row, "level")))
		json_object_del(row, "level");
}

json_t *assessment_store_answers(int64_t rater_id)
{
	sqlite3_stmt *st = db_prep("SELECT question_id AS questionId, unknown, level, options, text, evidence, "
				   "evidence_url AS evidenceUrl, confidence FROM assessment_answers WHERE rater_id=?");
	db_bind_int(st, 1, rater_id);
	json_t *rows = db_rows_json(st), *o = json_object();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		char *q = xstrdup(json_string_value(json_object_get(row, "questionId")));
		json_object_del(row, "questionId");
		shape_answer(row);
		json_object_set(o, q, row);
		free(q);
	}
	json_decref(rows);
	return o;
}

json_t *assessment_store_round_answers(int64_t round_id)
{
	sqlite3_stmt *st = db_prep(
		"SELECT r.id AS raterId, r.name AS raterName, r.role_label AS roleLabel, a.question_id AS questionId, "
		"a.unknown, a.level, a.options, a.text, a.evidence, a.evidence_url AS evidenceUrl, a.confidence "
		"FROM assessment_raters r JOIN assessment_answers a ON a.rater_id=r.id "
		"WHERE r.round_id=? AND r.status='ingediend' ORDER BY r.id, a.question_id");
	db_bind_int(st, 1, round_id);
	json_t *rows = db_rows_json(st);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) shape_answer(row);
	return rows;
}

json_t *assessment_store_latest_rounds(int64_t org_id)
{
	sqlite3_stmt *st = db_prep(
		"SELECT r.id AS roundId, i.id AS initiativeId, i.name AS initiativeName, i.stage, "
		"r.method_id AS methodId, r.period_end AS periodEnd FROM assessment_rounds r "
		"JOIN initiatives i ON i.id=r.initiative_id WHERE i.org_id=?1 "
		"AND EXISTS(SELECT 1 FROM assessment_raters a WHERE a.round_id=r.id AND a.status='ingediend') "
		"AND r.id=(SELECT r2.id FROM assessment_rounds r2 WHERE r2.initiative_id=r.initiative_id "
		" AND r2.method_id=r.method_id AND EXISTS(SELECT 1 FROM assessment_raters a2 WHERE "
		" a2.round_id=r2.id AND a2.status='ingediend') ORDER BY r2.period_start DESC, r2.id DESC LIMIT 1) "
		"ORDER BY r.method_id, i.name, i.id");
	db_bind_int(st, 1, org_id);
	return db_rows_json(st);
}

int64_t assessment_store_rater_round(int64_t rater_id)
{
	sqlite3_stmt *st = db_prep("SELECT round_id FROM assessment_raters WHERE id=?");
	db_bind_int(st, 1, rater_id);
	return db_one_int(st, -ERR_NOTFOUND);
}
