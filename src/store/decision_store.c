/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * decision_store: the criteria and the decision of a round. Stored outcome
 * words become enums here, once; one we do not know is a bug (the CHECK
 * constraint allows only ours).
 */
#include "store/decision_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "store/db.h"

static char *col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return xstrdup(s ? (const char *)s : "");
}

static void col_copy(sqlite3_stmt *st, int i, char *out, size_t n)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	snprintf(out, n, "%s", s ? (const char *)s : "");
}

void decision_store_criteria(int64_t round_id, struct decision_criteria *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_prep("SELECT id, position, text, met, note FROM decision_criteria "
				   "WHERE round_id=? ORDER BY position");
	db_bind_int(st, 1, round_id);
	while (db_step(st) == SQLITE_ROW) {
		out->items = xrealloc(out->items, (out->n + 1) * sizeof *out->items);
		struct decision_criterion *c = &out->items[out->n++];
		c->id = sqlite3_column_int64(st, 0);
		c->position = sqlite3_column_int(st, 1);
		c->text = col_str(st, 2);
		c->has_met = sqlite3_column_type(st, 3) != SQLITE_NULL;
		c->met = sqlite3_column_int(st, 3);
		c->note = col_str(st, 4);
	}
	sqlite3_reset(st);
}

void decision_store_criteria_set(int64_t round_id, char *const *texts, size_t n)
{
	sqlite3_stmt *st = db_prep("DELETE FROM decision_criteria WHERE round_id=?");
	db_bind_int(st, 1, round_id);
	db_exec1(st);
	char ts[21];
	db_now(ts);
	for (size_t i = 0; i < n; i++) {
		st = db_prep("INSERT INTO decision_criteria(round_id, position, text, created_at) "
			     "VALUES(?,?,?,?)");
		db_bind_int(st, 1, round_id);
		db_bind_int(st, 2, (int64_t)i + 1);
		db_bind_text(st, 3, texts[i]);
		db_bind_text(st, 4, ts);
		if (db_exec1(st) == SQLITE_CONSTRAINT)
			BUG("criterion %zu of round %lld violates a constraint", i, (long long)round_id);
	}
}

void decision_criteria_free(struct decision_criteria *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].text);
		free(l->items[i].note);
	}
	free(l->items);
	memset(l, 0, sizeof *l);
}

#define DECISION_COLS                                                                                        \
	"SELECT d.round_id, d.outcome, d.rationale, d.decider, d.decided_by, d.decided_on, "                 \
	"d.criteria_in_advance, d.created_at, d.updated_at "

static void decision_row(sqlite3_stmt *st, struct decision *d)
{
	memset(d, 0, sizeof *d);
	d->round_id = sqlite3_column_int64(st, 0);
	d->outcome = decision_outcome_parse((const char *)sqlite3_column_text(st, 1));
	if (!d->outcome)
		BUG("decision of round %lld: unknown outcome", (long long)d->round_id);
	d->rationale = col_str(st, 2);
	d->decider = col_str(st, 3);
	d->decided_by = sqlite3_column_int64(st, 4);
	col_copy(st, 5, d->decided_on, sizeof d->decided_on);
	d->criteria_in_advance = sqlite3_column_int(st, 6);
	col_copy(st, 7, d->created_at, sizeof d->created_at);
	col_copy(st, 8, d->updated_at, sizeof d->updated_at);
}

int decision_store_get(int64_t round_id, struct decision *out)
{
	sqlite3_stmt *st = db_prep(DECISION_COLS "FROM decisions d WHERE d.round_id=?");
	db_bind_int(st, 1, round_id);
	int rc = -ERR_NOTFOUND;
	memset(out, 0, sizeof *out);
	if (db_step(st) == SQLITE_ROW) {
		decision_row(st, out);
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

void decision_store_put(int64_t round_id, const struct decision_in *in)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep(
	    "INSERT INTO decisions(round_id, outcome, rationale, decider, decided_by, decided_on, "
	    "criteria_in_advance, created_at, updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?8) "
	    "ON CONFLICT(round_id) DO UPDATE SET outcome=?2, rationale=?3, decider=?4, decided_by=?5, "
	    "decided_on=?6, criteria_in_advance=?7, updated_at=?8");
	db_bind_int(st, 1, round_id);
	db_bind_text(st, 2, decision_outcome_name(in->outcome));
	db_bind_text(st, 3, in->rationale);
	db_bind_text(st, 4, in->decider);
	if (in->decided_by > 0)
		db_bind_int(st, 5, in->decided_by);
	else
		sqlite3_bind_null(st, 5);
	db_bind_text(st, 6, in->decided_on);
	db_bind_int(st, 7, in->criteria_in_advance ? 1 : 0);
	db_bind_text(st, 8, ts);
	if (db_exec1(st) == SQLITE_CONSTRAINT)
		BUG("decision of round %lld violates a constraint", (long long)round_id);
	for (size_t i = 0; i < in->n_judgements; i++) {
		st = db_prep("UPDATE decision_criteria SET met=?, note=? WHERE id=? AND round_id=?");
		db_bind_int(st, 1, in->judgements[i].met ? 1 : 0);
		db_bind_text(st, 2, in->judgements[i].note ? in->judgements[i].note : "");
		db_bind_int(st, 3, in->judgements[i].criterion_id);
		db_bind_int(st, 4, round_id);
		db_exec1(st);
	}
}

int decision_store_latest(int64_t initiative_id, struct decision *out)
{
	sqlite3_stmt *st =
	    db_prep(DECISION_COLS
		    ", r.title, "
		    "(SELECT count(*) FROM decision_criteria c WHERE c.round_id=d.round_id AND c.met=1), "
		    "(SELECT count(*) FROM decision_criteria c WHERE c.round_id=d.round_id) "
		    "FROM decisions d JOIN assessment_rounds r ON r.id=d.round_id "
		    "WHERE r.initiative_id=? ORDER BY d.decided_on DESC, d.updated_at DESC, d.round_id DESC "
		    "LIMIT 1");
	db_bind_int(st, 1, initiative_id);
	int rc = -ERR_NOTFOUND;
	memset(out, 0, sizeof *out);
	if (db_step(st) == SQLITE_ROW) {
		decision_row(st, out);
		out->round_title = col_str(st, 9);
		out->criteria_met = sqlite3_column_int64(st, 10);
		out->criteria_total = sqlite3_column_int64(st, 11);
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

void decision_free(struct decision *d)
{
	free(d->rationale);
	free(d->decider);
	free(d->round_title);
	memset(d, 0, sizeof *d);
}
