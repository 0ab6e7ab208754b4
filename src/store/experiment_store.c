/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * experiment_store: tables experiments and analyses (joins initiatives,
 * organisations and users for names). input, result and the secondary
 * metrics are JSON text written by us; a row that does not parse is a
 * bug, not a user error. The first analysis moves an experiment from
 * ontwerp to lopend; later states are the people's to set.
 */
#include "experiment_store.h"

#include <stdlib.h>

#include "lib/util.h"
#include "store/db.h"

/* Replaces the JSON-text member key of o by its parsed value. */
static void parse_member(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_string(v))
		return;
	json_error_t e;
	json_t *p = json_loads(json_string_value(v), JSON_DECODE_ANY, &e);
	if (!p)
		BUG("stored %s does not parse: %s", key, e.text);
	json_object_set_new(o, key, p);
}

static json_t *analysis_shape(json_t *row)
{
	parse_member(row, "input");
	parse_member(row, "result");
	json_t *by = json_null();
	if (json_is_integer(json_object_get(row, "createdById")))
		by = json_pack("{s:O,s:O}", "id", json_object_get(row, "createdById"), "name",
			       json_object_get(row, "createdByName"));
	json_object_del(row, "createdById");
	json_object_del(row, "createdByName");
	json_object_set_new(row, "createdBy", by);
	return row;
}

#define ANALYSIS_COLS                                                                                        \
	"SELECT a.id, a.experiment_id AS experimentId, a.metric_name AS metricName, a.input, a.result, "     \
	"a.created_at AS createdAt, "                                                                        \
	"a.created_by AS createdById, u.name AS createdByName FROM analyses a "                              \
	"LEFT JOIN users u ON u.id=a.created_by "

json_t *experiment_store_analyses(int64_t experiment_id)
{
	sqlite3_stmt *st = db_prep(ANALYSIS_COLS "WHERE a.experiment_id=? ORDER BY a.id DESC");
	db_bind_int(st, 1, experiment_id);
	json_t *rows = db_rows_json(st);
	size_t i;
	json_t *r;
	json_array_foreach (rows, i, r)
		analysis_shape(r);
	return rows;
}

json_t *experiment_store_analysis_get(int64_t analysis_id)
{
	sqlite3_stmt *st = db_prep(ANALYSIS_COLS "WHERE a.id=?");
	db_bind_int(st, 1, analysis_id);
	json_t *o = NULL;
	if (db_step(st) == SQLITE_ROW)
		o = analysis_shape(db_row_json(st));
	sqlite3_reset(st);
	return o;
}

json_t *experiment_store_latest_by_metric(int64_t experiment_id)
{
	sqlite3_stmt *st = db_prep(ANALYSIS_COLS "WHERE a.id IN (SELECT max(id) FROM analyses "
						 "WHERE experiment_id=? GROUP BY metric_name)");
	db_bind_int(st, 1, experiment_id);
	json_t *rows = db_rows_json(st), *by = json_object();
	size_t i;
	json_t *r;
	json_array_foreach (rows, i, r)
		json_object_set(by, json_string_value(json_object_get(r, "metricName")), analysis_shape(r));
	json_decref(rows);
	return by;
}

static json_t *latest_analysis(int64_t experiment_id)
{
	sqlite3_stmt *st = db_prep(ANALYSIS_COLS "WHERE a.experiment_id=? ORDER BY a.id DESC LIMIT 1");
	db_bind_int(st, 1, experiment_id);
	json_t *o = NULL;
	if (db_step(st) == SQLITE_ROW)
		o = analysis_shape(db_row_json(st));
	sqlite3_reset(st);
	return o ? o : json_null();
}

json_t *experiment_store_list(int64_t initiative_id)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT e.id, e.name, e.metric, e.metric_kind AS metricKind, e.status, e.decision, "
	    "e.starts_on AS startsOn, e.ends_on AS endsOn, "
	    "(SELECT COUNT(*) FROM analyses a WHERE a.experiment_id=e.id) AS analysisCount, "
	    "e.updated_at AS updatedAt FROM experiments e WHERE e.initiative_id=? ORDER BY e.id DESC");
	db_bind_int(st, 1, initiative_id);
	return db_rows_json(st);
}

/* metrics: [{name, kind, primary}], the primary first */
static void metrics_of(json_t *row)
{
	parse_member(row, "secondaryMetrics");
	json_t *list = json_array();
	json_array_append_new(list, json_pack("{s:O,s:O,s:b}", "name", json_object_get(row, "metric"), "kind",
					      json_object_get(row, "metricKind"), "primary", 1));
	size_t i;
	json_t *m;
	json_array_foreach (json_object_get(row, "secondaryMetrics"), i, m)
		json_array_append_new(list, json_pack("{s:O,s:O,s:b}", "name", json_object_get(m, "name"),
						      "kind", json_object_get(m, "kind"), "primary", 0));
	json_object_del(row, "secondaryMetrics");
	json_object_set_new(row, "metrics", list);
}

static json_t *shape(json_t *row)
{
	parse_member(row, "plannedSplit");
	metrics_of(row);
	json_t *dec = json_null();
	if (json_is_string(json_object_get(row, "decision"))) {
		json_t *by = json_null();
		if (json_is_integer(json_object_get(row, "decidedById")))
			by = json_pack("{s:O,s:O}", "id", json_object_get(row, "decidedById"), "name",
				       json_object_get(row, "decidedByName"));
		dec = json_pack("{s:O,s:O,s:O,s:o}", "decision", json_object_get(row, "decision"), "note",
				json_object_get(row, "decisionNote"), "decidedAt",
				json_object_get(row, "decidedAt"), "decidedBy", by);
	}
	static const char *const drop[] = {"decisionNote", "decidedAt", "decidedById", "decidedByName"};
	for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
		json_object_del(row, drop[i]);
	json_object_set_new(row, "decision", dec);
	return row;
}

json_t *experiment_store_get(int64_t id)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT e.id, e.initiative_id AS initiativeId, i.name AS initiativeName, o.slug AS organisation, "
	    "o.name AS organisationName, e.name, e.hypothesis, e.metric, e.metric_kind AS metricKind, "
	    "e.budget_eur AS budgetEur, e.starts_on AS startsOn, e.ends_on AS endsOn, "
	    "e.success_criterion AS successCriterion, e.planned_n_per_arm AS plannedNPerArm, "
	    "e.planned_split AS plannedSplit, e.secondary_metrics AS secondaryMetrics, e.status, e.decision, "
	    "e.decision_note AS decisionNote, "
	    "e.decided_at AS decidedAt, e.decided_by AS decidedById, u.name AS decidedByName, "
	    "(SELECT COUNT(*) FROM analyses a WHERE a.experiment_id=e.id) AS analysisCount, "
	    "e.created_at AS createdAt, e.updated_at AS updatedAt "
	    "FROM experiments e JOIN initiatives i ON i.id=e.initiative_id "
	    "JOIN organisations o ON o.id=i.org_id LEFT JOIN users u ON u.id=e.decided_by WHERE e.id=?");
	db_bind_int(st, 1, id);
	json_t *o = NULL;
	if (db_step(st) == SQLITE_ROW)
		o = shape(db_row_json(st));
	sqlite3_reset(st);
	if (o)
		json_object_set_new(o, "latestAnalysis", latest_analysis(id));
	return o;
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

static void bind_fields(sqlite3_stmt *st, const struct experiment *in)
{
	db_bind_text(st, 1, in->name);
	db_bind_text(st, 2, in->hypothesis);
	db_bind_text(st, 3, in->metric);
	db_bind_text(st, 4, in->metric_kind);
	bind_opt_int(st, 5, in->budget_eur);
	db_bind_text(st, 6, in->starts_on && *in->starts_on ? in->starts_on : NULL);
	db_bind_text(st, 7, in->ends_on && *in->ends_on ? in->ends_on : NULL);
	db_bind_text(st, 8, in->success_criterion ? in->success_criterion : "");
	bind_opt_int(st, 9, in->planned_n_per_arm);
	json_t *split = json_array();
	for (int i = 0; i < 2; i++)
		json_array_append_new(split, in->split[i] == (double)(int64_t)in->split[i]
						 ? json_integer((json_int_t)in->split[i])
						 : json_real(in->split[i]));
	char *s = json_dumps(split, JSON_COMPACT | JSON_REAL_PRECISION(15));
	db_bind_text(st, 10, s);
	free(s);
	json_decref(split);
	db_bind_text(st, 11, in->status);
	json_t *sec = json_array();
	for (size_t i = 0; i < in->n_secondary; i++)
		json_array_append_new(sec, json_pack("{s:s,s:s}", "name", in->secondary[i].name, "kind",
						     in->secondary[i].kind));
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

int experiment_store_decide(int64_t id, const char *decision, const char *note, int64_t user_id)
{
	const char *status = experiment_decision_status(decision);
	BUG_ON(!status);
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("UPDATE experiments SET decision=?1, decision_note=?2, decided_at=?3, "
				   "decided_by=?4, status=?5, updated_at=?3 WHERE id=?6");
	db_bind_text(st, 1, decision);
	db_bind_text(st, 2, note ? note : "");
	db_bind_text(st, 3, ts);
	bind_opt_int(st, 4, user_id > 0 ? user_id : -1);
	db_bind_text(st, 5, status);
	db_bind_int(st, 6, id);
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
	int rc = db_exec1(st);
	free(in);
	free(out);
	if (rc == SQLITE_CONSTRAINT)
		return -ERR_NOTFOUND; /* the experiment went away meanwhile */
	int64_t id = sqlite3_last_insert_rowid(db_conn());
	/* counts are coming in: the experiment runs */
	st =
	    db_prep("UPDATE experiments SET status='lopend', updated_at=?2 WHERE id=?1 AND status='ontwerp'");
	db_bind_int(st, 1, experiment_id);
	db_bind_text(st, 2, ts);
	db_exec1(st);
	return id;
}

int64_t experiment_store_analysis_experiment(int64_t analysis_id)
{
	sqlite3_stmt *st = db_prep("SELECT experiment_id FROM analyses WHERE id=?");
	db_bind_int(st, 1, analysis_id);
	return db_one_int(st, -ERR_NOTFOUND);
}
