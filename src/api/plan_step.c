/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan_step: the step plan of an initiative: steps with owner, due date,
 * status, effort and dependencies (a cycle is refused naming it), the
 * critical path, a starter plan from the open actions of the latest round,
 * and the export as rows or CSV. Role and organisation were checked by the
 * pipeline; this file checks that owners, phases and dependencies belong to
 * the same organisation and initiative.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/module.h"
#include "api/organisation.h"
#include "api/plan.h"
#include "domain/action.h"
#include "domain/assessment.h"
#include "domain/csv.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/action_store.h"
#include "store/assessment_store.h"
#include "store/org.h"
#include "store/plan_store.h"

#define DEPS_MAX 50

static int64_t ival(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *sval(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static long index_of(const json_t *steps, int64_t id)
{
	size_t i;
	json_t *s;
	json_array_foreach (steps, i, s)
		if (ival(s, "id") == id)
			return (long)i;
	return -1;
}

/* The dependency edges among steps (indexes), from the dependency rows. */
static struct plan_edge *edges_of(const json_t *steps, const json_t *deps, size_t *ne)
{
	struct plan_edge *e = xcalloc(json_array_size(deps) + 1, sizeof *e);
	size_t n = 0, i;
	json_t *d;
	json_array_foreach (deps, i, d) {
		long to = index_of(steps, ival(d, "stepId")), from = index_of(steps, ival(d, "dependsOn"));
		if (to >= 0 && from >= 0)
			e[n++] = (struct plan_edge){(size_t)from, (size_t)to};
	}
	*ne = n;
	return e;
}

json_t *plan_steps_doc(int64_t initiative_id, const char *today, json_t **crit)
{
	json_t *steps = plan_store_steps(initiative_id), *deps = plan_store_deps(initiative_id);
	size_t n = json_array_size(steps), ne, i;
	json_t *s;
	json_array_foreach (steps, i, s) {
		json_t *on = json_array();
		size_t k;
		json_t *d;
		json_array_foreach (deps, k, d)
			if (ival(d, "stepId") == ival(s, "id"))
				json_array_append(on, json_object_get(d, "dependsOn"));
		json_object_set_new(s, "dependsOn", on);
		const char *due = sval(s, "dueOn"), *st = sval(s, "status");
		json_object_set_new(s, "overdue",
				    json_boolean(due && strcmp(due, today) < 0 &&
						 plan_word(plan_step_statuses, st) != PLAN_STEP_KLAAR));
		json_object_set_new(s, "critical", json_false());
	}
	struct plan_edge *e = edges_of(steps, deps, &ne);
	size_t *path = xcalloc(n + 1, sizeof *path), len = 0;
	int64_t *effort = xcalloc(n + 1, sizeof *effort);
	json_array_foreach (steps, i, s)
		effort[i] = ival(s, "effortDays");
	json_t *ids = json_array();
	int64_t total = 0;
	if (n && !plan_cycle(n, e, ne, path, n + 1)) {
		total = plan_critical_path(n, effort, e, ne, path, &len);
		for (size_t k = 0; k < len; k++) {
			json_t *x = json_array_get(steps, path[k]);
			json_object_set_new(x, "critical", json_true());
			json_array_append(ids, json_object_get(x, "id"));
		}
	}
	*crit = json_pack("{s:o,s:I}", "steps", ids, "effortDays", (json_int_t)total);
	free(path);
	free(effort);
	free(e);
	json_decref(deps);
	return steps;
}

static json_t *step_doc(const struct api_ctx *c, int64_t id)
{
	json_t *s = plan_store_step(id);
	if (!s)
		return NULL;
	char today[11];
	plan_today(today);
	json_t *crit = NULL;
	json_t *all = plan_steps_doc(ival(s, "initiativeId"), today, &crit);
	json_decref(crit);
	long i = index_of(all, id);
	json_t *j = json_incref(json_array_get(all, (size_t)i));
	json_decref(s);
	if (c->is_page) {
		json_t *others = json_array();
		size_t k;
		json_t *x;
		json_array_foreach (all, k, x)
			if (ival(x, "id") != id) {
				int on = 0;
				size_t q;
				json_t *d;
				json_array_foreach (json_object_get(j, "dependsOn"), q, d)
					on |= json_integer_value(d) == ival(x, "id");
				json_array_append_new(
				    others, json_pack("{s:O,s:O,s:b}", "id", json_object_get(x, "id"),
						      "title", json_object_get(x, "title"), "checked", on));
			}
		json_object_set_new(j, "otherSteps", others);
		json_object_set_new(j, "members", api_members(c->org_id));
		json_object_set_new(j, "phases", plan_store_phases(ival(j, "initiativeId")));
		json_object_set_new(j, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
		json_object_set_new(j, "canSetStatus", json_boolean(c->role >= ROLE_DEELNEMER));
		plan_org_members(j, c->org_id);
	}
	json_decref(all);
	return j;
}

/* --- create, replace --------------------------------------------------- */

enum { S_TITLE, S_PHASE, S_OWNER, S_DUE, S_STATUS, S_EFFORT, S_NOTE, S_DEPS };
static const struct field step_fields[] = {
    [S_TITLE] = {.name = "title", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = PLAN_NAME_MAX},
    [S_PHASE] = {.name = "phaseId", .type = FIELD_ID, .flags = FIELD_NULLABLE, .reason = "err.plan.phase"},
    [S_OWNER] = {.name = "ownerId", .type = FIELD_ID, .flags = FIELD_NULLABLE, .reason = "err.owner"},
    [S_DUE] = {.name = "dueOn", .type = FIELD_DATE},
    [S_STATUS] = {.name = "status",
		  .type = FIELD_ENUM,
		  .values = plan_step_statuses,
		  .reason = "err.plan.step_status",
		  .def = "open"},
    [S_EFFORT] = {.name = "effortDays", .type = FIELD_INTEGER, .min = 0, .max = PLAN_EFFORT_MAX, .def = "1"},
    [S_NOTE] = {.name = "note", .type = FIELD_STRING, .max_len = PLAN_TEXT_MAX},
    [S_DEPS] = {.name = "dependsOn", .type = FIELD_ANY},
};

/* The ids of dependsOn: a JSON array of ids, or a form's {"<id>": "1"}. */
static size_t read_deps(struct api_ctx *c, const json_t *v, int64_t *out)
{
	size_t n = 0;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach (v, i, x) {
			if (!json_is_integer(x) || json_integer_value(x) < 1) {
				char name[32];
				snprintf(name, sizeof name, "dependsOn.%zu", i);
				problem_add(c->invalid, name, "err.plan.dependency");
			} else if (n < DEPS_MAX) {
				out[n++] = json_integer_value(x);
			}
		}
	} else if (json_is_object(v)) {
		const char *k;
		json_t *x;
		json_object_foreach ((json_t *)v, k, x) {
			int64_t id;
			if (api_parse_id(k, &id) < 0)
				problem_add(c->invalid, "dependsOn", "err.plan.dependency");
			else if (n < DEPS_MAX)
				out[n++] = id;
		}
	} else {
		problem_add(c->invalid, "dependsOn", "err.plan.dependency");
	}
	if (n >= DEPS_MAX)
		problem_add(c->invalid, "dependsOn", "err.plan.dependency_count");
	return n;
}

/* Would step self (0: a new one) depending on deps close a cycle? Names it
 * in c->invalid: "A → B → A". */
static void check_cycle(struct api_ctx *c, int64_t ini, int64_t self, const char *title, const int64_t *deps,
			size_t nd)
{
	json_t *steps = plan_store_steps(ini), *rows = plan_store_deps(ini);
	if (!self) /* the new step, last */
		json_array_append_new(steps, json_pack("{s:I,s:s}", "id", (json_int_t)0, "title", title));
	json_t *keep = json_array();
	size_t i;
	json_t *d;
	json_array_foreach (rows, i, d)
		if (ival(d, "stepId") != self)
			json_array_append(keep, d);
	for (size_t k = 0; k < nd; k++)
		json_array_append_new(keep, json_pack("{s:I,s:I}", "stepId", (json_int_t)self, "dependsOn",
						      (json_int_t)deps[k]));
	size_t n = json_array_size(steps), ne;
	struct plan_edge *e = edges_of(steps, keep, &ne);
	size_t *path = xcalloc(n + 2, sizeof *path);
	size_t len = plan_cycle(n, e, ne, path, n + 1);
	if (len) {
		struct buf b = BUF_INIT;
		for (size_t k = 0; k <= len && k < n + 1; k++) {
			json_t *s = json_array_get(steps, path[k]);
			const char *t = ival(s, "id") == self ? title : sval(s, "title");
			buf_printf(&b, "%s%s", k ? " → " : "", t ? t : "…");
		}
		problem_add_params(c->invalid, "dependsOn", "err.plan.cycle",
				   json_pack("{s:s}", "cycle", buf_str(&b)));
		buf_free(&b);
	}
	free(path);
	free(e);
	json_decref(keep);
	json_decref(rows);
	json_decref(steps);
}

static int read_step(struct api_ctx *c, int64_t ini, int64_t self, struct plan_step_in *in, int64_t *deps,
		     size_t *nd)
{
	struct field_value v[FIELD_COUNT(step_fields)];
	api_fields(c, step_fields, FIELD_COUNT(step_fields), v);
	in->initiative_id = ini;
	in->title = v[S_TITLE].s;
	in->phase_id = v[S_PHASE].ok && v[S_PHASE].set ? v[S_PHASE].i : 0;
	in->owner_id = v[S_OWNER].ok && v[S_OWNER].set ? v[S_OWNER].i : 0;
	in->due_on = v[S_DUE].s;
	in->status = plan_step_statuses[v[S_STATUS].ok ? v[S_STATUS].i : PLAN_STEP_OPEN - 1];
	in->effort_days = v[S_EFFORT].ok ? v[S_EFFORT].i : 1;
	in->note = v[S_NOTE].s;
	*nd = read_deps(c, v[S_DEPS].j, deps);
	if (in->owner_id && org_role(c->org_id, in->owner_id) == ROLE_NONE)
		problem_add(c->invalid, "ownerId", "err.owner");
	if (in->phase_id) {
		json_t *p = plan_store_phase(in->phase_id);
		if (!p || ival(p, "initiativeId") != ini)
			problem_add(c->invalid, "phaseId", "err.plan.phase");
		json_decref(p);
	}
	for (size_t i = 0; i < *nd; i++) {
		json_t *s = plan_store_step(deps[i]);
		if (!s || ival(s, "initiativeId") != ini || deps[i] == self) {
			if (deps[i] == self && s) {
				/* a step that waits for itself: the smallest cycle */
				problem_add_params(c->invalid, "dependsOn", "err.plan.cycle",
						   json_pack("{s:s}", "cycle", in->title ? in->title : ""));
			} else {
				char name[32];
				snprintf(name, sizeof name, "dependsOn.%zu", i);
				problem_add(c->invalid, name, "err.plan.dependency");
			}
		}
		json_decref(s);
	}
	if (!json_array_size(c->invalid) && *nd)
		check_cycle(c, ini, self, in->title, deps, *nd);
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

int api_plan_step_create(struct api_ctx *c, json_t **out)
{
	struct plan_step_in in = {0};
	int64_t deps[DEPS_MAX];
	size_t nd;
	if (read_step(c, c->obj_id, 0, &in, deps, &nd) < 0) {
		api_audit_id(c, "plan.step.create", "initiative", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	int64_t id = plan_store_step_create(&in);
	if (id < 0)
		return (int)id;
	plan_store_deps_set(id, deps, nd);
	api_audit_id(c, "plan.step.create", "step", id, "ok");
	c->status = 201;
	if (c->is_page)
		snprintf(c->location, sizeof c->location, "/initiatieven/%lld/plan#stappen",
			 (long long)c->obj_id);
	else
		snprintf(c->location, sizeof c->location, "/stappen/%lld", (long long)id);
	*out = step_doc(c, id);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_plan_step_get(struct api_ctx *c, json_t **out)
{
	*out = step_doc(c, c->obj_id);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_plan_step_update(struct api_ctx *c, json_t **out)
{
	json_t *old = plan_store_step(c->obj_id);
	if (!old)
		return -ERR_NOTFOUND;
	int64_t ini = ival(old, "initiativeId");
	json_decref(old);
	struct plan_step_in in = {0};
	int64_t deps[DEPS_MAX];
	size_t nd;
	if (read_step(c, ini, c->obj_id, &in, deps, &nd) < 0) {
		api_audit_id(c, "plan.step.update", "step", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	int rc = plan_store_step_update(c->obj_id, &in);
	if (rc < 0)
		return rc;
	plan_store_deps_set(c->obj_id, deps, nd);
	api_audit_id(c, "plan.step.update", "step", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/plan#stappen", (long long)ini);
	*out = step_doc(c, c->obj_id);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_plan_step_status(struct api_ctx *c, json_t **out)
{
	static const struct field f[] = {{.name = "status",
					  .type = FIELD_ENUM,
					  .flags = FIELD_REQUIRED,
					  .values = plan_step_statuses,
					  .reason = "err.plan.step_status"}};
	struct field_value v[1];
	if (api_fields(c, f, 1, v) < 0) {
		api_audit_id(c, "plan.step.status", "step", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	int rc = plan_store_step_set_status(c->obj_id, plan_step_statuses[v[0].i]);
	if (rc < 0)
		return rc;
	api_audit_id(c, "plan.step.status", "step", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/stappen/%lld", (long long)c->obj_id);
	*out = step_doc(c, c->obj_id);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_plan_step_delete(struct api_ctx *c, json_t **out)
{
	json_t *old = plan_store_step(c->obj_id);
	if (!old)
		return -ERR_NOTFOUND;
	plan_store_step_delete(c->obj_id);
	api_audit_id(c, "plan.step.delete", "step", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/plan#stappen",
		 (long long)ival(old, "initiativeId"));
	json_decref(old);
	if (!c->is_page)
		c->status = 204;
	*out = NULL;
	return 0;
}

/* --- starter plan ------------------------------------------------------- */

/* The latest round of the initiative (closed or open), or 0. */
static int64_t latest_round(int64_t ini)
{
	struct assessment_round_list l;
	assessment_store_round_list(ini, &l);
	int64_t id = l.n ? l.items[0].id : 0;
	assessment_round_list_free(&l);
	return id;
}

int api_plan_starter(struct api_ctx *c, json_t **out)
{
	json_t *phases = plan_phases_ensure(c->obj_id);
	int64_t phase = 0;
	size_t i;
	json_t *p;
	json_array_foreach (phases, i, p)
		if (ival(p, "current"))
			phase = ival(p, "id");
	json_decref(phases);
	int64_t round = latest_round(c->obj_id);
	struct action_list l;
	action_store_list(c->obj_id, &l);
	json_t *made = json_array();
	for (size_t k = 0; round && k < l.n; k++) {
		const struct action *a = &l.items[k];
		if (a->round_id != round || a->status == ACTION_DONE || a->status == ACTION_DROPPED ||
		    plan_store_step_of_action(a->id))
			continue;
		struct plan_step_in in = {
		    .initiative_id = c->obj_id,
		    .phase_id = phase,
		    .owner_id = a->owner_id,
		    .action_id = a->id,
		    .title = a->title,
		    .due_on = a->due_date,
		    .status = plan_step_statuses[(a->status == ACTION_IN_PROGRESS ? PLAN_STEP_BEZIG
										  : PLAN_STEP_OPEN) -
						 1],
		    .note = a->owner && *a->owner ? a->owner : "",
		    .effort_days = 5};
		int64_t id = plan_store_step_create(&in);
		if (id < 0) {
			action_list_free(&l);
			json_decref(made);
			return (int)id;
		}
		json_array_append_new(made, json_integer(id));
	}
	action_list_free(&l);
	api_audit_id(c, "plan.starter", "initiative", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/plan#stappen", (long long)c->obj_id);
	char today[11];
	plan_today(today);
	json_t *crit = NULL;
	json_t *steps = plan_steps_doc(c->obj_id, today, &crit);
	json_decref(crit);
	json_t *created = json_array();
	json_array_foreach (steps, i, p) {
		size_t k;
		json_t *id;
		json_array_foreach (made, k, id)
			if (json_integer_value(id) == ival(p, "id"))
				json_array_append(created, p);
	}
	json_decref(steps);
	*out = json_pack("{s:I,s:I,s:o}", "roundId", (json_int_t)round, "created",
			 (json_int_t)json_array_size(made), "steps", created);
	json_decref(made);
	return 0;
}

/* --- export ------------------------------------------------------------ */

static const char *const columns[] = {"id",	    "phase",	 "title",    "owner",	"dueOn", "status",
				      "effortDays", "dependsOn", "critical", "overdue", "note",	 NULL};

int api_plan_steps_export(struct api_ctx *c, json_t **out)
{
	char today[11];
	plan_today(today);
	json_t *crit = NULL;
	json_t *steps = plan_steps_doc(c->obj_id, today, &crit);
	json_decref(crit);
	json_t *phases = plan_store_phases(c->obj_id);
	json_t *rows = json_array();
	size_t i;
	json_t *s;
	json_array_foreach (steps, i, s) {
		const char *phase = "";
		size_t k;
		json_t *p;
		json_array_foreach (phases, k, p)
			if (ival(p, "id") == ival(s, "phaseId"))
				phase = sval(p, "name");
		struct buf d = BUF_INIT;
		json_array_foreach (json_object_get(s, "dependsOn"), k, p)
			buf_printf(&d, "%s%lld", k ? " " : "", (long long)json_integer_value(p));
		json_array_append_new(
		    rows,
		    json_pack("{s:O,s:s,s:O,s:s,s:s,s:O,s:O,s:s,s:O,s:O,s:O}", "id", json_object_get(s, "id"),
			      "phase", phase, "title", json_object_get(s, "title"), "owner",
			      sval(s, "ownerName") ? sval(s, "ownerName") : "", "dueOn",
			      sval(s, "dueOn") ? sval(s, "dueOn") : "", "status",
			      json_object_get(s, "status"), "effortDays", json_object_get(s, "effortDays"),
			      "dependsOn", buf_str(&d), "critical", json_object_get(s, "critical"), "overdue",
			      json_object_get(s, "overdue"), "note", json_object_get(s, "note")));
		buf_free(&d);
	}
	json_decref(steps);
	json_decref(phases);
	const char *fmt = json_string_value(json_object_get(c->query, "formaat"));
	if (!fmt || !strcmp(fmt, "json")) {
		*out = json_pack("{s:o}", "steps", rows);
		return 0;
	}
	if (strcmp(fmt, "csv")) {
		json_decref(rows);
		problem_add(c->invalid, "formaat", "err.plan.format");
		return -ERR_INVALID;
	}
	struct buf b = BUF_INIT;
	for (int k = 0; columns[k]; k++)
		buf_printf(&b, "%s%s", k ? "," : "", columns[k]);
	buf_puts(&b, "\r\n");
	json_t *r;
	json_array_foreach (rows, i, r) {
		for (int k = 0; columns[k]; k++) {
			json_t *v = json_object_get(r, columns[k]);
			if (k)
				buf_putc(&b, ',');
			if (json_is_integer(v))
				buf_printf(&b, "%lld", (long long)json_integer_value(v));
			else if (json_is_boolean(v))
				buf_puts(&b, json_is_true(v) ? "ja" : "nee");
			else if (json_is_string(v))
				csv_field(&b, json_string_value(v));
		}
		buf_puts(&b, "\r\n");
	}
	json_decref(rows);
	*out = json_stringn(b.data ? b.data : "", b.len);
	buf_free(&b);
	c->raw_type = "text/csv; charset=utf-8";
	c->raw_filename = "stappenplan.csv";
	return 0;
}
