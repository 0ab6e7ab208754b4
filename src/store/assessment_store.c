/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_store: tables assessment_rounds, assessment_raters,
 * assessment_answers (joins initiatives, organisations, users for names).
 * Answers are upserted one question at a time inside the caller's
 * transaction, so a rejected save leaves what was stored before. Status
 * words are bound from the domain's tables, never written here.
 */
#include "assessment_store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "store/db.h"

/* Column i as an owned string; NULL stays NULL. */
static char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? xstrdup((const char *)s) : NULL;
}

static int64_t col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int64(st, i);
}

static enum assessment_round_status round_status(sqlite3_stmt *st, int i)
{
	enum assessment_round_status s;
	if (assessment_round_status_parse((const char *)sqlite3_column_text(st, i), &s) < 0)
		BUG("round %lld: unknown status", (long long)col_int(st, 0));
	return s;
}

static const char *submitted_word(void)
{
	return rater_status_name(RATER_SUBMITTED);
}

int64_t assessment_store_round_create(const struct assessment_round_in *in)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO assessment_rounds(initiative_id,method_id,method_version,title,"
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
	return db_insert(st);
}

int assessment_store_round_get(int64_t id, struct assessment_round *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st =
	    db_prep("SELECT r.id, r.initiative_id, i.name, o.slug, o.name, r.method_id, "
		    "r.method_version, r.title, r.period_start, r.period_end, r.status, r.created_at, "
		    "r.closed_at FROM assessment_rounds r JOIN initiatives i ON i.id=r.initiative_id "
		    "JOIN organisations o ON o.id=i.org_id WHERE r.id=?");
	db_bind_int(st, 1, id);
	int rc = -ERR_NOTFOUND;
	if (db_step(st) == SQLITE_ROW) {
		out->id = col_int(st, 0);
		out->initiative_id = col_int(st, 1);
		out->initiative_name = col_text(st, 2);
		out->organisation = col_text(st, 3);
		out->organisation_name = col_text(st, 4);
		out->method_id = col_text(st, 5);
		out->method_version = col_int(st, 6);
		out->title = col_text(st, 7);
		out->period_start = col_text(st, 8);
		out->period_end = col_text(st, 9);
		out->status = round_status(st, 10);
		out->created_at = col_text(st, 11);
		out->closed_at = col_text(st, 12);
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

/* A new zeroed item at the end of l. */
static struct assessment_round *round_push(struct assessment_round_list *l)
{
	if (!(l->n & (l->n - 1))) /* capacity doubles at each power of two */
		l->items = xrealloc(l->items, (l->n ? 2 * l->n : 1) * sizeof *l->items);
	struct assessment_round *r = &l->items[l->n++];
	memset(r, 0, sizeof *r);
	return r;
}

void assessment_store_round_list(int64_t initiative_id, struct assessment_round_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_prep(
	    "SELECT r.id, r.method_id, r.title, r.period_start, r.period_end, r.status, "
	    "(SELECT count(*) FROM assessment_raters a WHERE a.round_id=r.id AND a.revoked_at IS NULL), "
	    "(SELECT count(*) FROM assessment_raters a WHERE a.round_id=r.id AND a.status=?2) "
	    "FROM assessment_rounds r WHERE r.initiative_id=?1 ORDER BY r.period_start DESC, r.id DESC");
	db_bind_int(st, 1, initiative_id);
	db_bind_text(st, 2, submitted_word());
	while (db_step(st) == SQLITE_ROW) {
		struct assessment_round *r = round_push(out);
		r->id = col_int(st, 0);
		r->method_id = col_text(st, 1);
		r->title = col_text(st, 2);
		r->period_start = col_text(st, 3);
		r->period_end = col_text(st, 4);
		r->status = round_status(st, 5);
		r->n_raters = col_int(st, 6);
		r->n_submitted = col_int(st, 7);
	}
}

void assessment_store_round_series(int64_t initiative_id, const char *method_id,
				   struct assessment_round_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_prep("SELECT id, title, period_start, period_end, status "
				   "FROM assessment_rounds WHERE initiative_id=? AND method_id=? "
				   "ORDER BY period_start, id");
	db_bind_int(st, 1, initiative_id);
	db_bind_text(st, 2, method_id);
	while (db_step(st) == SQLITE_ROW) {
		struct assessment_round *r = round_push(out);
		r->id = col_int(st, 0);
		r->title = col_text(st, 1);
		r->period_start = col_text(st, 2);
		r->period_end = col_text(st, 3);
		r->status = round_status(st, 4);
	}
}

int64_t assessment_store_round_org(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT i.org_id FROM assessment_rounds r JOIN initiatives i "
				   "ON i.id=r.initiative_id WHERE r.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

int assessment_store_round_set_status(int64_t id, enum assessment_round_status status)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("UPDATE assessment_rounds SET status=?1, closed_at=?2 WHERE id=?3");
	db_bind_text(st, 1, assessment_round_status_name(status));
	db_bind_text(st, 2, status == ASSESSMENT_ROUND_CLOSED ? ts : NULL);
	db_bind_int(st, 3, id);
	return db_change(st);
}

int64_t assessment_store_rater_add(int64_t round_id, int64_t user_id, const char *name,
				   const char *role_label, const unsigned char *hash, int64_t expires_s)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO assessment_raters(round_id,user_id,name,role_label,token_hash,"
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
	int64_t id = db_insert(st);
	return id == -ERR_INVALID ? -ERR_CONFLICT : id;
}

#define RATER_COLS                                                                                           \
	"SELECT id, round_id, user_id, name, role_label, status, expires_s, submitted_at, revoked_at "       \
	"FROM assessment_raters "

/* The current row of a RATER_COLS statement into *r. */
static void rater_row(sqlite3_stmt *st, struct rater *r)
{
	r->id = col_int(st, 0);
	r->round_id = col_int(st, 1);
	r->user_id = col_int(st, 2); /* NULL reads as 0: a link */
	r->name = col_text(st, 3);
	r->role_label = col_text(st, 4);
	if (rater_status_parse((const char *)sqlite3_column_text(st, 5), &r->state.status) < 0 ||
	    r->state.status == RATER_REVOKED)
		BUG("rater %lld: unknown status", (long long)r->id);
	r->state.kind = sqlite3_column_type(st, 2) == SQLITE_NULL ? RATER_LINK : RATER_MEMBER;
	r->state.expires_s = col_int(st, 6);
	r->submitted_at = col_text(st, 7);
	r->revoked_at = col_text(st, 8);
	r->state.revoked = r->revoked_at != NULL;
}

/* Steps a bound RATER_COLS statement once into *out: 0 or -ERR_NOTFOUND. */
static int rater_one(sqlite3_stmt *st, struct rater *out)
{
	memset(out, 0, sizeof *out);
	int rc = -ERR_NOTFOUND;
	if (db_step(st) == SQLITE_ROW) {
		rater_row(st, out);
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

void assessment_store_rater_list(int64_t round_id, struct rater_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_prep(RATER_COLS "WHERE round_id=? ORDER BY id");
	db_bind_int(st, 1, round_id);
	while (db_step(st) == SQLITE_ROW) {
		out->items = xrealloc(out->items, (out->n + 1) * sizeof *out->items);
		struct rater *r = &out->items[out->n++];
		memset(r, 0, sizeof *r);
		rater_row(st, r);
	}
}

int assessment_store_rater_get(int64_t rater_id, struct rater *out)
{
	sqlite3_stmt *st = db_prep(RATER_COLS "WHERE id=?");
	db_bind_int(st, 1, rater_id);
	return rater_one(st, out);
}

int assessment_store_rater_by_user(int64_t round_id, int64_t user_id, struct rater *out)
{
	sqlite3_stmt *st = db_prep(RATER_COLS "WHERE round_id=? AND user_id=?");
	db_bind_int(st, 1, round_id);
	db_bind_int(st, 2, user_id);
	return rater_one(st, out);
}

int assessment_store_rater_by_hash(const unsigned char hash[SECRET_HASH_LEN], struct rater *out)
{
	sqlite3_stmt *st = db_prep(RATER_COLS "WHERE token_hash=?");
	db_bind_blob(st, 1, hash, SECRET_HASH_LEN);
	return rater_one(st, out);
}

void assessment_store_rater_set_status(int64_t rater_id, enum rater_status status)
{
	BUG_ON(status == RATER_REVOKED); /* shown, never stored */
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("UPDATE assessment_raters SET status=?1, "
				   "submitted_at=coalesce(?2, submitted_at) WHERE id=?3");
	db_bind_text(st, 1, rater_status_name(status));
	db_bind_text(st, 2, status == RATER_SUBMITTED ? ts : NULL);
	db_bind_int(st, 3, rater_id);
	db_exec1(st);
}

int assessment_store_rater_revoke(int64_t rater_id)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st =
	    db_prep("UPDATE assessment_raters SET revoked_at=?1 WHERE id=?2 AND token_hash IS NOT NULL "
		    "AND revoked_at IS NULL AND status<>?3");
	db_bind_text(st, 1, ts);
	db_bind_int(st, 2, rater_id);
	db_bind_text(st, 3, submitted_word());
	return db_change(st) == 0 ? 0 : -ERR_CONFLICT;
}

int assessment_store_rater_reopen(int64_t rater_id)
{
	sqlite3_stmt *st = db_prep("UPDATE assessment_raters SET status=?2, submitted_at=NULL "
				   "WHERE id=?1 AND status=?3 AND revoked_at IS NULL");
	db_bind_int(st, 1, rater_id);
	db_bind_text(st, 2, rater_status_name(RATER_DRAFT));
	db_bind_text(st, 3, submitted_word());
	return db_change(st) == 0 ? 0 : -ERR_CONFLICT;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

void assessment_store_answer_put(int64_t rater_id, const struct assessment_answer_in *in)
{
	int empty = !in->unknown && !in->not_applicable && !in->has_level && !in->options && !*nz(in->text) &&
		    !*nz(in->evidence) && !*nz(in->evidence_url) && in->confidence == SCORE_CONFIDENCE_NONE;
	if (empty) {
		sqlite3_stmt *st =
		    db_prep("DELETE FROM assessment_answers WHERE rater_id=? AND question_id=?");
		db_bind_int(st, 1, rater_id);
		db_bind_text(st, 2, in->question);
		db_exec1(st);
		return;
	}
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep(
	    "INSERT INTO "
	    "assessment_answers(rater_id,question_id,unknown,level,options,text,evidence,evidence_url,"
	    "confidence,updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10) "
	    "ON CONFLICT(rater_id,question_id) DO UPDATE SET unknown=?3, level=?4, options=?5, text=?6, "
	    "evidence=?7, evidence_url=?8, confidence=?9, updated_at=?10");
	db_bind_int(st, 1, rater_id);
	db_bind_text(st, 2, in->question);
	/* the unknown column: 0 an answer, 1 "weet niet", 2 "niet van toepassing"
	 * (no schema step: older rounds only hold 0 and 1) */
	db_bind_int(st, 3, in->unknown ? 1 : in->not_applicable ? 2 : 0);
	if (in->has_level)
		db_bind_int(st, 4, in->level);
	else
		sqlite3_bind_null(st, 4);
	db_bind_text(st, 5, in->options);
	db_bind_text(st, 6, nz(in->text));
	db_bind_text(st, 7, nz(in->evidence));
	db_bind_text(st, 8, nz(in->evidence_url));
	db_bind_text(st, 9, assessment_confidence_name(in->confidence));
	db_bind_text(st, 10, ts);
	if (db_exec1(st) == SQLITE_CONSTRAINT)
		BUG("answer of rater %lld to %s violates a constraint", (long long)rater_id, in->question);
}

/* Columns from `at` on: question_id, unknown, level, options, text,
 * evidence, evidence_url, confidence, into a new item of l. */
static struct assessment_answer *answer_row(sqlite3_stmt *st, int at, struct assessment_answer_list *l)
{
	l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
	struct assessment_answer *a = &l->items[l->n++];
	memset(a, 0, sizeof *a);
	a->question_id = col_text(st, at);
	a->unknown = col_int(st, at + 1) == 1;
	a->not_applicable = col_int(st, at + 1) == 2;
	a->has_level = sqlite3_column_type(st, at + 2) != SQLITE_NULL;
	a->level = col_int(st, at + 2);
	const char *opts = (const char *)sqlite3_column_text(st, at + 3);
	if (opts) {
		/* stored as a JSON array of option ids; anything else reads as none chosen */
		json_t *arr = json_loads(opts, 0, NULL);
		size_t i;
		json_t *e;
		a->has_options = 1;
		a->options = xcalloc(json_array_size(arr) + 1, sizeof *a->options);
		json_array_foreach (arr, i, e)
			if (json_is_string(e))
				a->options[a->n_options++] = xstrdup(json_string_value(e));
		json_decref(arr);
	}
	a->text = col_text(st, at + 4);
	a->evidence = col_text(st, at + 5);
	a->evidence_url = col_text(st, at + 6);
	if (assessment_confidence_parse((const char *)sqlite3_column_text(st, at + 7), &a->confidence) < 0)
		BUG("answer to %s: unknown confidence", a->question_id);
	return a;
}

void assessment_store_answers(int64_t rater_id, struct assessment_answer_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_prep("SELECT rater_id, question_id, unknown, level, options, text, evidence, "
				   "evidence_url, confidence FROM assessment_answers WHERE rater_id=?");
	db_bind_int(st, 1, rater_id);
	while (db_step(st) == SQLITE_ROW)
		answer_row(st, 1, out)->rater_id = col_int(st, 0);
}

void assessment_store_round_answers(int64_t round_id, struct assessment_answer_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_prep(
	    "SELECT r.id, r.name, r.role_label, a.question_id, a.unknown, a.level, a.options, a.text, "
	    "a.evidence, a.evidence_url, a.confidence "
	    "FROM assessment_raters r JOIN assessment_answers a ON a.rater_id=r.id "
	    "WHERE r.round_id=? AND r.status=? ORDER BY r.id, a.question_id");
	db_bind_int(st, 1, round_id);
	db_bind_text(st, 2, submitted_word());
	while (db_step(st) == SQLITE_ROW) {
		struct assessment_answer *a = answer_row(st, 3, out);
		a->rater_id = col_int(st, 0);
		a->rater_name = col_text(st, 1);
		a->role_label = col_text(st, 2);
	}
}

void assessment_store_latest_rounds(int64_t org_id, struct assessment_round_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st =
	    db_prep("SELECT r.id, i.id, i.name, i.stage, r.method_id, r.period_end FROM assessment_rounds r "
		    "JOIN initiatives i ON i.id=r.initiative_id WHERE i.org_id=?1 "
		    "AND EXISTS(SELECT 1 FROM assessment_raters a WHERE a.round_id=r.id AND a.status=?2) "
		    "AND r.id=(SELECT r2.id FROM assessment_rounds r2 WHERE r2.initiative_id=r.initiative_id "
		    " AND r2.method_id=r.method_id AND EXISTS(SELECT 1 FROM assessment_raters a2 WHERE "
		    " a2.round_id=r2.id AND a2.status=?2) ORDER BY r2.period_start DESC, r2.id DESC LIMIT 1) "
		    "ORDER BY r.method_id, i.name, i.id");
	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, submitted_word());
	while (db_step(st) == SQLITE_ROW) {
		struct assessment_round *r = round_push(out);
		r->id = col_int(st, 0);
		r->initiative_id = col_int(st, 1);
		r->initiative_name = col_text(st, 2);
		r->initiative_stage = col_text(st, 3);
		r->method_id = col_text(st, 4);
		r->period_end = col_text(st, 5);
	}
}

int64_t assessment_store_rater_round(int64_t rater_id)
{
	sqlite3_stmt *st = db_prep("SELECT round_id FROM assessment_raters WHERE id=?");
	db_bind_int(st, 1, rater_id);
	return db_one_int(st, -ERR_NOTFOUND);
}

json_t *assessment_store_my_open_rounds(int64_t user_id)
{
	sqlite3_stmt *st =
	    db_prep("SELECT r.id AS round_id, r.title, r.period_end, i.id AS initiative_id, i.name AS "
		    "initiative_name, "
		    "ra.status FROM assessment_raters ra JOIN assessment_rounds r ON r.id=ra.round_id "
		    "JOIN initiatives i ON i.id=r.initiative_id "
		    "WHERE ra.user_id=?1 AND ra.status<>?2 AND r.status=?3 ORDER BY r.period_end, r.id");
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, rater_status_name(RATER_SUBMITTED));
	db_bind_text(st, 3, assessment_round_status_name(ASSESSMENT_ROUND_OPEN));
	return db_rows_json(st);
}

json_t *assessment_store_my_initiatives(int64_t user_id)
{
	sqlite3_stmt *st =
	    db_prep("SELECT i.id, i.name, i.stage, o.slug AS organisation FROM initiatives i "
		    "JOIN organisations o ON o.id=i.org_id WHERE i.owner_id=? ORDER BY i.name");
	db_bind_int(st, 1, user_id);
	return db_rows_json(st);
}
