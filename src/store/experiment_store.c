/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * experiment_store: tables experiments and analyses (joins initiatives,
 * organisations and users for names). input, result, the planned split
 * and the secondary metrics are JSON text written by us; a row that does
 * not parse, or a state word the domain does not know, is a bug, not a
 * user error. Which status follows from a decision or an analysis is the
 * domain's to say; this file writes what it is given.
 */
#include "experiment_store.h"

#include <stdlib.h>

#include "lib/util.h"
#include "store/db.h"
#include "store/record.h"

/* Column col as JSON we wrote ourselves; the caller owns the result. */
static json_t *column_json(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	json_error_t e;
	json_t *v = s ? json_loads(s, JSON_DECODE_ANY, &e) : NULL;
	if (!v)
		BUG("stored %s does not parse: %s", sqlite3_column_name(st, col), s ? e.text : "NULL");
	return v;
}

/* Integer column, or none when it is NULL. */
static int64_t column_int(sqlite3_stmt *st, int col, int64_t none)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? none : sqlite3_column_int64(st, col);
}

static enum experiment_status column_status(sqlite3_stmt *st, int col)
{
	enum experiment_status s = experiment_status_parse((const char *)sqlite3_column_text(st, col));
	BUG_ON(!s);
	return s;
}

static enum experiment_metric_kind column_kind(sqlite3_stmt *st, int col)
{
	enum experiment_metric_kind k =
	    experiment_metric_kind_parse((const char *)sqlite3_column_text(st, col));
	BUG_ON(!k);
	return k;
}

/* NONE for NULL: no decision taken */
static enum experiment_decision column_decision(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return EXPERIMENT_DECISION_NONE;
	enum experiment_decision d = experiment_decision_parse((const char *)sqlite3_column_text(st, col));
	BUG_ON(!d);
	return d;
}

/* --- analyses ------------------------------------------------------------------------------ */

#define ANALYSIS_COLS                                                                                        \
	"SELECT a.id, a.experiment_id, a.metric_name, a.input, a.result, a.created_at, a.created_by, "       \
	"u.name "                                                                                            \
	"FROM analyses a LEFT JOIN users u ON u.id=a.created_by "

/* One row of ANALYSIS_COLS into the (zeroed) record a. */
static void analysis_row(sqlite3_stmt *st, void *record)
{
	struct experiment_analysis *a = record;
	struct record_text p = RECORD_TEXT_INIT;
	a->id = sqlite3_column_int64(st, 0);
	a->experiment_id = sqlite3_column_int64(st, 1);
	record_text_column(&p, &a->metric_name, st, 2);
	a->input = column_json(st, 3);
	a->result = column_json(st, 4);
	record_text_column(&p, &a->created_at, st, 5);
	a->created_by = column_int(st, 6, 0);
	record_text_column(&p, &a->created_by_name, st, 7);
	a->text = record_text_finish(&p);
}

/* Every row of a bound analysis statement; n in *n. */
static struct experiment_analysis *analysis_rows(sqlite3_stmt *st, size_t *n)
{
	return record_rows(st, sizeof(struct experiment_analysis), n, analysis_row);
}

struct experiment_analysis *experiment_store_analyses(int64_t experiment_id, size_t *n)
{
	sqlite3_stmt *st = db_prep(ANALYSIS_COLS "WHERE a.experiment_id=? ORDER BY a.id DESC");
	db_bind_int(st, 1, experiment_id);
	return analysis_rows(st, n);
}

int experiment_store_analysis_get(int64_t analysis_id, struct experiment_analysis *out)
{
	sqlite3_stmt *st = db_prep(ANALYSIS_COLS "WHERE a.id=?");
	db_bind_int(st, 1, analysis_id);
	int rc = -ERR_NOTFOUND;
	if (db_step(st) == SQLITE_ROW) {
		*out = (struct experiment_analysis){0};
		analysis_row(st, out);
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

struct experiment_analysis *experiment_store_latest_by_metric(int64_t experiment_id, size_t *n)
{
	sqlite3_stmt *st =
	    db_prep(ANALYSIS_COLS "WHERE a.id IN (SELECT max(id) FROM analyses "
				  "WHERE experiment_id=? GROUP BY metric_name) ORDER BY a.id DESC");
	db_bind_int(st, 1, experiment_id);
	return analysis_rows(st, n);
}

int64_t experiment_store_analysis_experiment(int64_t analysis_id)
{
	sqlite3_stmt *st = db_prep("SELECT experiment_id FROM analyses WHERE id=?");
	db_bind_int(st, 1, analysis_id);
	return db_one_int(st, -ERR_NOTFOUND);
}

/* --- experiments --------------------------------------------------------------------------- */

/* One row of experiment_store_list into the (zeroed) record. */
static void summary_row(sqlite3_stmt *st, void *record)
{
	struct experiment *e = record;
	struct record_text p = RECORD_TEXT_INIT;
	e->budget_eur = e->planned_n_per_arm = -1;
	e->id = sqlite3_column_int64(st, 0);
	e->initiative_id = sqlite3_column_int64(st, 1);
	record_text_column(&p, &e->name, st, 2);
	record_text_column(&p, &e->metric, st, 3);
	e->metric_kind = column_kind(st, 4);
	e->status = column_status(st, 5);
	e->decision = column_decision(st, 6);
	record_text_column(&p, &e->starts_on, st, 7);
	record_text_column(&p, &e->ends_on, st, 8);
	e->analysis_count = sqlite3_column_int64(st, 9);
	record_text_column(&p, &e->updated_at, st, 10);
	e->text = record_text_finish(&p);
}

struct experiment *experiment_store_list(int64_t initiative_id, size_t *n)
{
	sqlite3_stmt *st =
	    db_prep("SELECT e.id, e.initiative_id, e.name, e.metric, e.metric_kind, e.status, "
		    "e.decision, e.starts_on, e.ends_on, "
		    "(SELECT COUNT(*) FROM analyses a WHERE a.experiment_id=e.id), e.updated_at "
		    "FROM experiments e WHERE e.initiative_id=? ORDER BY e.id DESC");
	db_bind_int(st, 1, initiative_id);
	return record_rows(st, sizeof(struct experiment), n, summary_row);
}

/* The planned split [control, treatment] of a stored row. */
static void split_of(sqlite3_stmt *st, int col, double out[2])
{
	json_t *v = column_json(st, col);
	BUG_ON(json_array_size(v) != 2 || !json_is_number(json_array_get(v, 0)) ||
	       !json_is_number(json_array_get(v, 1)));
	out[0] = json_number_value(json_array_get(v, 0));
	out[1] = json_number_value(json_array_get(v, 1));
	json_decref(v);
}

/* The secondary metrics [{name, kind}] of a stored row; names into p. */
static void secondary_of(sqlite3_stmt *st, int col, struct experiment *e, struct record_text *p)
{
	json_t *v = column_json(st, col);
	BUG_ON(!json_is_array(v) || json_array_size(v) > EXPERIMENT_SECONDARY_MAX);
	size_t i;
	json_t *m;
	json_array_foreach (v, i, m) {
		const char *name = json_string_value(json_object_get(m, "name"));
		enum experiment_metric_kind k =
		    experiment_metric_kind_parse(json_string_value(json_object_get(m, "kind")));
		BUG_ON(!name || !k);
		record_text_add(p, &e->secondary[i].name, name);
		e->secondary[i].kind = k;
	}
	e->n_secondary = json_array_size(v);
	json_decref(v);
}

int experiment_store_get(int64_t id, struct experiment *out)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT e.id, e.initiative_id, i.name, o.slug, o.name, e.name, e.hypothesis, e.metric, "
	    "e.metric_kind, e.budget_eur, e.starts_on, e.ends_on, e.success_criterion, e.planned_n_per_arm, "
	    "e.planned_split, e.secondary_metrics, e.status, e.decision, e.decision_note, e.decided_at, "
	    "e.decided_by, u.name, (SELECT COUNT(*) FROM analyses a WHERE a.experiment_id=e.id), "
	    "e.created_at, e.updated_at "
	    "FROM experiments e JOIN initiatives i ON i.id=e.initiative_id "
	    "JOIN organisations o ON o.id=i.org_id LEFT JOIN users u ON u.id=e.decided_by WHERE e.id=?");
	db_bind_int(st, 1, id);
	if (db_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return -ERR_NOTFOUND;
	}
	struct experiment *e = out;
	struct record_text p = RECORD_TEXT_INIT;
	*e = (struct experiment){0};
	e->id = sqlite3_column_int64(st, 0);
	e->initiative_id = sqlite3_column_int64(st, 1);
	record_text_column(&p, &e->initiative_name, st, 2);
	record_text_column(&p, &e->organisation, st, 3);
	record_text_column(&p, &e->organisation_name, st, 4);
	record_text_column(&p, &e->name, st, 5);
	record_text_column(&p, &e->hypothesis, st, 6);
	record_text_column(&p, &e->metric, st, 7);
	e->metric_kind = column_kind(st, 8);
	e->budget_eur = column_int(st, 9, -1);
	record_text_column(&p, &e->starts_on, st, 10);
	record_text_column(&p, &e->ends_on, st, 11);
	record_text_column(&p, &e->success_criterion, st, 12);
	e->planned_n_per_arm = column_int(st, 13, -1);
	split_of(st, 14, e->split);
	secondary_of(st, 15, e, &p);
	e->status = column_status(st, 16);
	e->decision = column_decision(st, 17);
	record_text_column(&p, &e->decision_note, st, 18);
	record_text_column(&p, &e->decided_at, st, 19);
	e->decided_by = column_int(st, 20, 0);
	record_text_column(&p, &e->decided_by_name, st, 21);
	e->analysis_count = sqlite3_column_int64(st, 22);
	record_text_column(&p, &e->created_at, st, 23);
	record_text_column(&p, &e->updated_at, st, 24);
	e->text = record_text_finish(&p);
	sqlite3_reset(st);
	return 0;
}

int64_t experiment_store_org(int64_t id)
{
	sqlite3_stmt *st =
	    db_prep("SELECT i.org_id FROM experiments e JOIN initiatives i ON i.id=e.initiative_id "
		    "WHERE e.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

static void bind_opt_int(sqlite3_stmt *st, int i, int64_t v)
{
	if (v >= 0)
		db_bind_int(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* The stored word of a value the caller validated; NULL there is a bug. */
static const char *word(const char *name)
{
	BUG_ON(!name);
	return name;
}

/* A weight as JSON: whole numbers as integers, so [50, 50] reads back as written. */
static json_t *weight_json(double w)
{
	return w == (double)(int64_t)w ? json_integer((json_int_t)w) : json_real(w);
}

static void bind_fields(sqlite3_stmt *st, const struct experiment *in)
{
	db_bind_text(st, 1, in->name);
	db_bind_text(st, 2, in->hypothesis);
	db_bind_text(st, 3, in->metric);
	db_bind_text(st, 4, word(experiment_metric_kind_name(in->metric_kind)));
	bind_opt_int(st, 5, in->budget_eur);
	db_bind_text(st, 6, in->starts_on && *in->starts_on ? in->starts_on : NULL);
	db_bind_text(st, 7, in->ends_on && *in->ends_on ? in->ends_on : NULL);
	db_bind_text(st, 8, in->success_criterion ? in->success_criterion : "");
	bind_opt_int(st, 9, in->planned_n_per_arm);
	json_t *split = json_pack("[o,o]", weight_json(in->split[0]), weight_json(in->split[1]));
	char *s = json_dumps(split, JSON_COMPACT | JSON_REAL_PRECISION(15));
	db_bind_text(st, 10, s);
	free(s);
	json_decref(split);
	db_bind_text(st, 11, word(experiment_status_name(in->status)));
	json_t *sec = json_array();
	for (size_t i = 0; i < in->n_secondary; i++)
		json_array_append_new(sec,
				      json_pack("{s:s,s:s}", "name", in->secondary[i].name, "kind",
						word(experiment_metric_kind_name(in->secondary[i].kind))));
	s = json_dumps(sec, JSON_COMPACT);
	db_bind_text(st, 14, s);
	free(s);
	json_decref(sec);
}

int64_t experiment_store_create(const struct experiment *in)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep(
	    "INSERT INTO experiments(name,hypothesis,metric,metric_kind,budget_eur,starts_on,ends_on,"
	    "success_criterion,planned_n_per_arm,planned_split,status,initiative_id,created_at,updated_at,"
	    "secondary_metrics) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?13,?14)");
	bind_fields(st, in);
	db_bind_int(st, 12, in->initiative_id);
	db_bind_text(st, 13, ts);
	return db_insert(st);
}

int experiment_store_update(const struct experiment *in)
{
	char ts[21];
	db_now(ts);
	/* analyses of the primary metric follow it when it is renamed */
	sqlite3_stmt *mv = db_prep("UPDATE analyses SET metric_name=?1 WHERE experiment_id=?2 AND "
				   "metric_name=(SELECT metric FROM experiments WHERE id=?2)");
	db_bind_text(mv, 1, in->metric);
	db_bind_int(mv, 2, in->id);
	db_exec1(mv);
	sqlite3_stmt *st = db_prep(
	    "UPDATE experiments SET name=?1, hypothesis=?2, metric=?3, metric_kind=?4, budget_eur=?5, "
	    "starts_on=?6, ends_on=?7, success_criterion=?8, planned_n_per_arm=?9, planned_split=?10, "
	    "status=?11, updated_at=?13, secondary_metrics=?14 WHERE id=?12");
	bind_fields(st, in);
	db_bind_int(st, 12, in->id);
	db_bind_text(st, 13, ts);
	return db_change(st);
}

int experiment_store_decide(int64_t id, enum experiment_decision decision, const char *note,
			    enum experiment_status status, int64_t user_id)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("UPDATE experiments SET decision=?1, decision_note=?2, decided_at=?3, "
				   "decided_by=?4, status=?5, updated_at=?3 WHERE id=?6");
	db_bind_text(st, 1, word(experiment_decision_name(decision)));
	db_bind_text(st, 2, note ? note : "");
	db_bind_text(st, 3, ts);
	bind_opt_int(st, 4, user_id > 0 ? user_id : -1);
	db_bind_text(st, 5, word(experiment_status_name(status)));
	db_bind_int(st, 6, id);
	return db_change(st);
}

int experiment_store_set_status(int64_t id, enum experiment_status status)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("UPDATE experiments SET status=?2, updated_at=?3 WHERE id=?1");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, word(experiment_status_name(status)));
	db_bind_text(st, 3, ts);
	return db_change(st);
}

int64_t experiment_store_analysis_add(int64_t experiment_id, const char *metric_name, const json_t *input,
				      const json_t *result, int64_t user_id)
{
	char ts[21];
	db_now(ts);
	/* 17 significant digits: a stored double reads back bit for bit */
	char *in = json_dumps(input, JSON_COMPACT | JSON_REAL_PRECISION(17));
	char *out = json_dumps(result, JSON_COMPACT | JSON_REAL_PRECISION(17));
	BUG_ON(!in || !out);
	sqlite3_stmt *st = db_prep("INSERT INTO analyses(experiment_id,input,result,created_at,created_by,"
				   "metric_name) VALUES(?1,?2,?3,?4,?5,?6)");
	db_bind_int(st, 1, experiment_id);
	db_bind_text(st, 2, in);
	db_bind_text(st, 3, out);
	db_bind_text(st, 4, ts);
	bind_opt_int(st, 5, user_id > 0 ? user_id : -1);
	db_bind_text(st, 6, metric_name);
	int64_t id = db_insert(st);
	free(in);
	free(out);
	return id == -ERR_INVALID ? -ERR_NOTFOUND : id; /* a constraint: the experiment went away */
}
