/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan_store: tables plan_org_phases, plan_phases, plan_criteria,
 * plan_reviews, plan_steps, plan_step_deps (joins initiatives and users for
 * organisations and names). Reads become JSON rows named as the API names
 * them; writes bind the domain's words.
 */
#include "store/plan_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/plan.h"
#include "lib/util.h"
#include "store/db.h"

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	db_bind_text(st, i, s && *s ? s : NULL);
}

json_t *plan_store_org_phases(int64_t org_id)
{
	sqlite3_stmt *st = db_prep("SELECT name FROM plan_org_phases WHERE org_id=? ORDER BY position");
	db_bind_int(st, 1, org_id);
	json_t *a = json_array();
	while (db_step(st) == SQLITE_ROW)
		json_array_append_new(a, json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_reset(st);
	return a;
}

void plan_store_org_phases_set(int64_t org_id, const char *const *names, size_t n)
{
	sqlite3_stmt *st = db_prep("DELETE FROM plan_org_phases WHERE org_id=?");
	db_bind_int(st, 1, org_id);
	db_exec1(st);
	for (size_t i = 0; i < n; i++) {
		st = db_prep("INSERT INTO plan_org_phases(org_id, position, name) VALUES(?,?,?)");
		db_bind_int(st, 1, org_id);
		db_bind_int(st, 2, (int64_t)i + 1);
		db_bind_text(st, 3, names[i]);
		db_exec1(st);
	}
}

#define PHASE_COLS                                                                                           \
	"SELECT id, initiative_id AS initiativeId, position, name, starts_on AS startsOn, "                  \
	"ends_on AS endsOn, current FROM plan_phases "

json_t *plan_store_phases(int64_t initiative_id)
{
	sqlite3_stmt *st = db_prep(PHASE_COLS "WHERE initiative_id=? ORDER BY position");
	db_bind_int(st, 1, initiative_id);
	return db_rows_json(st);
}

json_t *plan_store_phase(int64_t id)
{
	sqlite3_stmt *st = db_prep(PHASE_COLS "WHERE id=?");
	db_bind_int(st, 1, id);
	return db_one_json(st);
}

int64_t plan_store_phase_org(int64_t id)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT i.org_id FROM plan_phases p JOIN initiatives i ON i.id=p.initiative_id WHERE p.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

int64_t plan_store_phase_add(int64_t initiative_id, int64_t position, const char *name, const char *starts,
			     const char *ends)
{
	sqlite3_stmt *st = db_prep("INSERT INTO plan_phases(initiative_id, position, name, starts_on, "
				   "ends_on) VALUES(?,?,?,?,?)");
	db_bind_int(st, 1, initiative_id);
	db_bind_int(st, 2, position);
	db_bind_text(st, 3, name);
	bind_opt(st, 4, starts);
	bind_opt(st, 5, ends);
	return db_insert(st);
}

int plan_store_phase_update(int64_t id, int64_t position, const char *name, const char *starts,
			    const char *ends)
{
	sqlite3_stmt *st =
	    db_prep("UPDATE plan_phases SET position=?, name=?, starts_on=?, ends_on=? WHERE id=?");
	db_bind_int(st, 1, position);
	db_bind_text(st, 2, name);
	bind_opt(st, 3, starts);
	bind_opt(st, 4, ends);
	db_bind_int(st, 5, id);
	return db_change(st);
}

void plan_store_phase_delete(int64_t id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM plan_phases WHERE id=?");
	db_bind_int(st, 1, id);
	db_exec1(st);
}

void plan_store_set_current(int64_t initiative_id, int64_t phase_id)
{
	sqlite3_stmt *st = db_prep("UPDATE plan_phases SET current=(id=?) WHERE initiative_id=?");
	db_bind_int(st, 1, phase_id);
	db_bind_int(st, 2, initiative_id);
	db_exec1(st);
}

#define CRIT_COLS                                                                                            \
	"SELECT id, phase_id AS phaseId, title, kind, weight, evidence, evidence_param AS evidenceParam, "   \
	"threshold, metric_parameters AS metricParameters, comparison FROM plan_criteria "

/* metricParameters from its text to an object */
static json_t *criterion_row(json_t *r)
{
	json_t *t = json_object_get(r, "metricParameters");
	json_t *o = json_is_string(t) ? json_loads(json_string_value(t), 0, NULL) : NULL;
	if (r)
		json_object_set_new(r, "metricParameters", json_is_object(o) ? o : json_object());
	if (o && !json_is_object(o))
		json_decref(o);
	return r;
}

json_t *plan_store_criteria(int64_t phase_id)
{
	sqlite3_stmt *st = db_prep(CRIT_COLS "WHERE phase_id=? ORDER BY kind, id");
	db_bind_int(st, 1, phase_id);
	json_t *rows = db_rows_json(st), *r;
	size_t i;
	json_array_foreach (rows, i, r)
		criterion_row(r);
	return rows;
}

json_t *plan_store_criterion(int64_t id)
{
	sqlite3_stmt *st = db_prep(CRIT_COLS "WHERE id=?");
	db_bind_int(st, 1, id);
	return criterion_row(db_one_json(st));
}

int64_t plan_store_criterion_org(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT i.org_id FROM plan_criteria c JOIN plan_phases p ON "
				   "p.id=c.phase_id JOIN initiatives i ON i.id=p.initiative_id WHERE c.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

static void bind_criterion(sqlite3_stmt *st, const struct plan_criterion_in *in)
{
	db_bind_text(st, 1, in->title);
	db_bind_text(st, 2, in->kind);
	db_bind_int(st, 3, in->weight);
	db_bind_text(st, 4, in->evidence);
	db_bind_text(st, 5, in->param ? in->param : "");
	if (in->has_threshold)
		sqlite3_bind_double(st, 6, in->threshold);
	else
		sqlite3_bind_null(st, 6);
	char *mp = in->metric_params ? json_dumps(in->metric_params, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	db_bind_text(st, 7, mp ? mp : "{}");
	free(mp);
	db_bind_text(st, 8, in->comparison ? in->comparison : ">=");
}

int64_t plan_store_criterion_create(int64_t phase_id, const struct plan_criterion_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("INSERT INTO plan_criteria(title, kind, weight, evidence, evidence_param, "
				   "threshold, metric_parameters, comparison, phase_id, created_at) "
				   "VALUES(?,?,?,?,?,?,?,?,?,?)");
	bind_criterion(st, in);
	db_bind_int(st, 9, phase_id);
	db_bind_text(st, 10, now);
	return db_insert(st);
}

int plan_store_criterion_update(int64_t id, const struct plan_criterion_in *in)
{
	sqlite3_stmt *st =
	    db_prep("UPDATE plan_criteria SET title=?, kind=?, weight=?, evidence=?, "
		    "evidence_param=?, threshold=?, metric_parameters=?, comparison=? WHERE id=?");
	bind_criterion(st, in);
	db_bind_int(st, 9, id);
	return db_change(st);
}

void plan_store_criterion_delete(int64_t id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM plan_criteria WHERE id=?");
	db_bind_int(st, 1, id);
	db_exec1(st);
}

#define REVIEW_HEAD                                                                                          \
	"SELECT r.id, r.phase_id AS phaseId, p.initiative_id AS initiativeId, p.name AS phaseName, "         \
	"r.status, r.opened_at AS openedAt, uo.name AS openedBy, r.decision, r.rationale, "                  \
	"r.decision_makers AS decisionMakers, r.decided_on AS decidedOn, r.conditions, r.route, "            \
	"r.method_route AS methodRoute, r.override_reason AS overrideReason, r.readiness, "                  \
	"ud.name AS decidedBy"
#define REVIEW_FROM                                                                                          \
	" FROM plan_reviews r JOIN plan_phases p ON p.id=r.phase_id LEFT JOIN users uo ON "                  \
	"uo.id=r.opened_by LEFT JOIN users ud ON ud.id=r.decided_by "

json_t *plan_store_review(int64_t id)
{
	sqlite3_stmt *st = db_prep(REVIEW_HEAD ", r.snapshot, r.judgements" REVIEW_FROM "WHERE r.id=?");
	db_bind_int(st, 1, id);
	return db_one_json(st);
}

json_t *plan_store_reviews(int64_t initiative_id)
{
	sqlite3_stmt *st = db_prep(REVIEW_HEAD REVIEW_FROM "WHERE p.initiative_id=? ORDER BY r.id DESC");
	db_bind_int(st, 1, initiative_id);
	return db_rows_json(st);
}

int64_t plan_store_review_org(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT i.org_id FROM plan_reviews r JOIN plan_phases p ON "
				   "p.id=r.phase_id JOIN initiatives i ON i.id=p.initiative_id WHERE r.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

int64_t plan_store_review_create(int64_t phase_id, const char *snapshot, const char *judgements,
				 int64_t user_id, const char *opened_at)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("INSERT INTO plan_reviews(phase_id, snapshot, judgements, "
				   "opened_at, opened_by, status) VALUES(?,?,?,?,?,?)");
	db_bind_int(st, 1, phase_id);
	db_bind_text(st, 6, plan_word_name(plan_review_statuses, PLAN_REVIEW_OPEN));
	db_bind_text(st, 2, snapshot);
	db_bind_text(st, 3, judgements);
	db_bind_text(st, 4, opened_at ? opened_at : now);
	if (user_id > 0)
		db_bind_int(st, 5, user_id);
	else
		sqlite3_bind_null(st, 5);
	return db_insert(st);
}

void plan_store_review_snapshot(int64_t id, const char *snapshot)
{
	sqlite3_stmt *st = db_prep("UPDATE plan_reviews SET snapshot=? WHERE id=?");
	db_bind_text(st, 1, snapshot);
	db_bind_int(st, 2, id);
	db_exec1(st);
}

void plan_store_review_judgements(int64_t id, const char *judgements, double readiness)
{
	sqlite3_stmt *st = db_prep("UPDATE plan_reviews SET judgements=?, readiness=? WHERE id=?");
	db_bind_text(st, 1, judgements);
	if (readiness >= 0)
		sqlite3_bind_double(st, 2, readiness);
	else
		sqlite3_bind_null(st, 2);
	db_bind_int(st, 3, id);
	db_exec1(st);
}

int plan_store_review_decide(int64_t id, const struct plan_decision_in *in)
{
	sqlite3_stmt *st = db_prep(
	    "UPDATE plan_reviews SET status=?11, decision=?1, rationale=?2, decision_makers=?3, "
	    "decided_on=?4, conditions=?5, route=?6, method_route=?7, override_reason=?8, decided_by=?9 "
	    "WHERE id=?10 AND status=?12");
	db_bind_text(st, 1, in->decision);
	db_bind_text(st, 2, in->rationale ? in->rationale : "");
	db_bind_text(st, 3, in->makers ? in->makers : "");
	db_bind_text(st, 4, in->decided_on);
	db_bind_text(st, 5, in->conditions ? in->conditions : "");
	bind_opt(st, 6, in->route);
	db_bind_text(st, 7, in->method_route ? in->method_route : "");
	db_bind_text(st, 8, in->override_reason ? in->override_reason : "");
	if (in->user_id > 0)
		db_bind_int(st, 9, in->user_id);
	else
		sqlite3_bind_null(st, 9);
	db_bind_int(st, 10, id);
	db_bind_text(st, 11, plan_word_name(plan_review_statuses, PLAN_REVIEW_BESLOTEN));
	db_bind_text(st, 12, plan_word_name(plan_review_statuses, PLAN_REVIEW_OPEN));
	return db_change(st);
}

#define STEP_COLS                                                                                            \
	"SELECT s.id, s.initiative_id AS initiativeId, s.phase_id AS phaseId, s.title, s.owner_id AS "       \
	"ownerId, u.name AS ownerName, s.due_on AS dueOn, s.status, s.effort_days AS effortDays, "           \
	"s.action_id AS actionId, s.note, s.created_at AS createdAt, s.updated_at AS updatedAt "             \
	"FROM plan_steps s LEFT JOIN users u ON u.id=s.owner_id "

json_t *plan_store_steps(int64_t initiative_id)
{
	sqlite3_stmt *st =
	    db_prep(STEP_COLS "WHERE s.initiative_id=? ORDER BY s.due_on IS NULL, s.due_on, s.id");
	db_bind_int(st, 1, initiative_id);
	return db_rows_json(st);
}

json_t *plan_store_step(int64_t id)
{
	sqlite3_stmt *st = db_prep(STEP_COLS "WHERE s.id=?");
	db_bind_int(st, 1, id);
	return db_one_json(st);
}

int64_t plan_store_step_org(int64_t id)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT i.org_id FROM plan_steps s JOIN initiatives i ON i.id=s.initiative_id WHERE s.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

static void bind_id(sqlite3_stmt *st, int i, int64_t id)
{
	if (id > 0)
		db_bind_int(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

static void bind_step(sqlite3_stmt *st, const struct plan_step_in *in, const char *now)
{
	bind_id(st, 1, in->phase_id);
	db_bind_text(st, 2, in->title);
	bind_id(st, 3, in->owner_id);
	bind_opt(st, 4, in->due_on);
	db_bind_text(st, 5, in->status);
	db_bind_int(st, 6, in->effort_days);
	db_bind_text(st, 7, in->note ? in->note : "");
	db_bind_text(st, 8, now);
}

int64_t plan_store_step_create(const struct plan_step_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("INSERT INTO plan_steps(phase_id, title, owner_id, due_on, status, "
				   "effort_days, note, updated_at, created_at, initiative_id, action_id) "
				   "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?8,?9,?10)");
	bind_step(st, in, now);
	db_bind_int(st, 9, in->initiative_id);
	bind_id(st, 10, in->action_id);
	return db_insert(st);
}

int plan_store_step_update(int64_t id, const struct plan_step_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("UPDATE plan_steps SET phase_id=?1, title=?2, owner_id=?3, due_on=?4, "
				   "status=?5, effort_days=?6, note=?7, updated_at=?8 WHERE id=?9");
	bind_step(st, in, now);
	db_bind_int(st, 9, id);
	return db_change(st);
}

int plan_store_step_set_status(int64_t id, const char *status)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("UPDATE plan_steps SET status=?, updated_at=? WHERE id=?");
	db_bind_text(st, 1, status);
	db_bind_text(st, 2, now);
	db_bind_int(st, 3, id);
	return db_change(st);
}

void plan_store_step_delete(int64_t id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM plan_steps WHERE id=?");
	db_bind_int(st, 1, id);
	db_exec1(st);
}

json_t *plan_store_deps(int64_t initiative_id)
{
	sqlite3_stmt *st = db_prep("SELECT d.step_id AS stepId, d.depends_on AS dependsOn FROM "
				   "plan_step_deps d JOIN plan_steps s ON s.id=d.step_id WHERE "
				   "s.initiative_id=? ORDER BY d.step_id, d.depends_on");
	db_bind_int(st, 1, initiative_id);
	return db_rows_json(st);
}

void plan_store_deps_set(int64_t step_id, const int64_t *depends_on, size_t n)
{
	sqlite3_stmt *st = db_prep("DELETE FROM plan_step_deps WHERE step_id=?");
	db_bind_int(st, 1, step_id);
	db_exec1(st);
	for (size_t i = 0; i < n; i++) {
		st = db_prep("INSERT OR IGNORE INTO plan_step_deps(step_id, depends_on) VALUES(?,?)");
		db_bind_int(st, 1, step_id);
		db_bind_int(st, 2, depends_on[i]);
		db_exec1(st);
	}
}

int64_t plan_store_step_of_action(int64_t action_id)
{
	sqlite3_stmt *st = db_prep("SELECT id FROM plan_steps WHERE action_id=? LIMIT 1");
	db_bind_int(st, 1, action_id);
	return db_one_int(st, 0);
}

int plan_store_due(const struct due_query *q, due_emit emit, void *arg)
{
	sqlite3_stmt *st =
	    db_prep("SELECT s.id, s.initiative_id, s.title, s.due_on, s.status FROM plan_steps s WHERE "
		    "s.due_on IS NOT NULL AND (?1<=0 OR s.owner_id=?1) AND (?2<=0 OR s.initiative_id=?2) AND "
		    "(?3 IS NULL OR s.due_on>=?3) AND (?4 IS NULL OR s.due_on<=?4) ORDER BY s.due_on, s.id");
	db_bind_int(st, 1, q->user_id);
	db_bind_int(st, 2, q->initiative_id);
	db_bind_text(st, 3, q->from);
	db_bind_text(st, 4, q->to);
	while (db_step(st) == SQLITE_ROW) {
		struct due_item it = {.kind = "step"};
		it.id = sqlite3_column_int64(st, 0);
		it.initiative_id = sqlite3_column_int64(st, 1);
		snprintf(it.title, sizeof it.title, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(it.date, sizeof it.date, "%s", (const char *)sqlite3_column_text(st, 3));
		snprintf(it.path, sizeof it.path, "/stappen/%lld", (long long)it.id);
		it.done = plan_word(plan_step_statuses, (const char *)sqlite3_column_text(st, 4)) ==
			  PLAN_STEP_KLAAR;
		emit(arg, &it);
	}
	sqlite3_reset(st);
	/* A gate falls due at the end of its phase: for the initiative's
	 * team, and for the person who opened a review that is still open. */
	st = db_prep("SELECT p.id, p.initiative_id, p.name, p.ends_on, "
		     "(SELECT r.id FROM plan_reviews r WHERE r.phase_id=p.id AND r.status=?6 LIMIT 1) "
		     "FROM plan_phases p WHERE p.ends_on IS NOT NULL AND (?2<=0 OR p.initiative_id=?2) AND "
		     "(?1<=0 OR EXISTS(SELECT 1 FROM plan_reviews r WHERE r.phase_id=p.id AND "
		     "r.opened_by=?1 AND r.status=?5)) AND (?3 IS NULL OR p.ends_on>=?3) AND "
		     "(?4 IS NULL OR p.ends_on<=?4) ORDER BY p.ends_on, p.id");
	db_bind_int(st, 1, q->user_id);
	db_bind_int(st, 2, q->initiative_id);
	db_bind_text(st, 3, q->from);
	db_bind_text(st, 4, q->to);
	db_bind_text(st, 5, plan_word_name(plan_review_statuses, PLAN_REVIEW_OPEN));
	db_bind_text(st, 6, plan_word_name(plan_review_statuses, PLAN_REVIEW_BESLOTEN));
	while (db_step(st) == SQLITE_ROW) {
		struct due_item it = {.kind = "gate"};
		it.id = sqlite3_column_int64(st, 0);
		it.initiative_id = sqlite3_column_int64(st, 1);
		snprintf(it.title, sizeof it.title, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(it.date, sizeof it.date, "%s", (const char *)sqlite3_column_text(st, 3));
		snprintf(it.path, sizeof it.path, "/initiatieven/%lld/plan#poort-%lld",
			 (long long)it.initiative_id, (long long)it.id);
		it.done = sqlite3_column_type(st, 4) != SQLITE_NULL;
		emit(arg, &it);
	}
	sqlite3_reset(st);
	return db_failure();
}
