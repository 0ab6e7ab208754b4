/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan_phase: the plan of an initiative (phases, the gate at the end of
 * each with its readiness against today's evidence, steps, reviews), the
 * phases of an initiative and an organisation's default phases, and gate
 * criteria. Role and organisation were checked by the pipeline.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/initiative.h"
#include "api/metrics_growth.h"
#include "api/module.h"
#include "api/organisation.h"
#include "api/plan.h"
#include "domain/metrics.h"
#include "domain/okr.h"
#include "lib/i18n.h"
#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "store/event_source_store.h"
#include "store/initiative_store.h"
#include "store/plan_store.h"

void plan_today(char out[11])
{
	okr_date(time_utc_day(), out); /* the day only (http/rcache.h) */
}

void plan_org_members(json_t *o, int64_t org_id)
{
	json_t *org = api_org_doc(org_id);
	json_object_set(o, "organisation", json_object_get(org, "slug"));
	json_object_set(o, "organisationName", json_object_get(org, "name"));
	json_decref(org);
}

static int64_t ival(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *sval(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The phases a new plan of the organisation starts with (names). */
static json_t *default_names(int64_t org_id)
{
	json_t *names = plan_store_org_phases(org_id);
	if (!json_array_size(names))
		for (int i = 0; plan_default_phases[i]; i++)
			json_array_append_new(names, json_string(plan_default_phases[i]));
	return names;
}

json_t *plan_phases_ensure(int64_t initiative_id)
{
	json_t *p = plan_store_phases(initiative_id);
	if (json_array_size(p))
		return p;
	json_decref(p);
	json_t *names = plan_store_org_phases(initiative_store_org(initiative_id));
	size_t n = json_array_size(names);
	int64_t first = 0;
	for (size_t i = 0; i < (n ? n : 4); i++) {
		const char *name = n ? json_string_value(json_array_get(names, i)) : plan_default_phases[i];
		int64_t id = plan_store_phase_add(initiative_id, (int64_t)i + 1, name, NULL, NULL);
		if (i == 0)
			first = id;
	}
	json_decref(names);
	if (first > 0)
		plan_store_set_current(initiative_id, first);
	return plan_store_phases(initiative_id);
}

/* The phase rows with current as a boolean. */
static void phase_booleans(json_t *phases)
{
	size_t i;
	json_t *p;
	json_array_foreach (phases, i, p)
		json_object_set_new(p, "current", json_boolean(ival(p, "current")));
}

/* A metric criterion c judged against the snapshot: *verdict and the
 * metric as the judgement shows it {metric, parameters, comparison, source,
 * link, value, computedAt[, valueAtOpen, frozenAt]}. */
static json_t *metric_judged(const json_t *c, const json_t *snap, int *verdict)
{
	const char *metric = sval(c, "evidenceParam");
	json_t *params = json_object_get(c, "metricParameters"), *th = json_object_get(c, "threshold");
	const char *cmp = sval(c, "comparison") ? sval(c, "comparison") : ">=";
	char *key = plan_metric_key(metric, params);
	double v;
	*verdict = plan_metric_verdict(snap, key, cmp, json_is_number(th) ? json_number_value(th) : NAN, &v);
	const json_t *e = plan_metric_find(snap, key);
	free(key);
	json_t *m = json_pack("{s:s,s:O,s:s,s:o,s:o,s:o,s:o}", "metric", metric ? metric : "", "parameters",
			      json_is_object(params) ? params : json_object(), "comparison", cmp, "source",
			      json_incref(json_object_get(e, "source")) ?: json_null(), "link",
			      json_incref(json_object_get(e, "link")) ?: json_null(), "value",
			      isnan(v) ? json_null() : json_real(v), "computedAt",
			      json_incref(json_object_get(e, "computedAt")) ?: json_null());
	if (json_object_get(e, "frozenAt")) {
		json_object_set(m, "frozenAt", json_object_get(e, "frozenAt"));
		json_object_set(m, "valueAtOpen", json_object_get(e, "valueAtOpen"));
	}
	return m;
}

json_t *plan_judge(const json_t *criteria, const json_t *snap)
{
	json_t *out = json_array();
	size_t i;
	json_t *c;
	json_array_foreach (criteria, i, c) {
		enum plan_evidence ev = (enum plan_evidence)plan_word(plan_evidences, sval(c, "evidence"));
		json_t *th = json_object_get(c, "threshold");
		double rel;
		int verdict =
		    ev > PLAN_EVIDENCE_GEEN
			? plan_evaluate(ev, sval(c, "evidenceParam"),
					json_is_number(th) ? json_number_value(th) : NAN, snap, &rel)
			: -1;
		json_t *metric = ev == PLAN_EVIDENCE_METRIC ? metric_judged(c, snap, &verdict) : NULL;
		if (ev <= PLAN_EVIDENCE_GEEN)
			rel = -1;
		int kind = plan_word(plan_criterion_kinds, sval(c, "kind"));
		int suggested = ev > PLAN_EVIDENCE_GEEN ? plan_suggested_score(verdict, rel) : -1;
		json_t *j = json_object();
		json_object_set_new(j, "criterionId", json_integer(ival(c, "id")));
		json_object_set(j, "title", json_object_get(c, "title"));
		json_object_set(j, "kind", json_object_get(c, "kind"));
		json_object_set(j, "weight", json_object_get(c, "weight"));
		json_object_set(j, "evidence", json_object_get(c, "evidence"));
		json_object_set(j, "evidenceParam", json_object_get(c, "evidenceParam"));
		json_object_set_new(j, "threshold",
				    json_is_number(th) ? json_real(json_number_value(th)) : json_null());
		json_object_set_new(j, "verdict", verdict < 0 ? json_null() : json_boolean(verdict));
		json_object_set_new(j, "suggestedScore",
				    suggested < 0 ? json_null() : json_integer(suggested));
		json_object_set_new(j, "score",
				    kind == PLAN_CRITERION_SCORE && suggested >= 0 ? json_integer(suggested)
										   : json_null());
		json_object_set_new(j, "met",
				    kind == PLAN_CRITERION_KNOCKOUT && verdict >= 0 ? json_boolean(verdict)
										    : json_null());
		json_object_set_new(j, "note", json_string(""));
		if (metric)
			json_object_set_new(j, "metric", metric);
		json_array_append_new(out, j);
	}
	return out;
}

json_t *plan_readiness_json(const json_t *judgements)
{
	size_t n = json_array_size(judgements);
	struct plan_judgement *j = xcalloc(n + 1, sizeof *j);
	for (size_t i = 0; i < n; i++) {
		const json_t *x = json_array_get(judgements, i);
		j[i].kind = (enum plan_criterion_kind)plan_word(plan_criterion_kinds, sval(x, "kind"));
		j[i].weight = (int)ival(x, "weight");
		const json_t *s = json_object_get(x, "score"), *m = json_object_get(x, "met");
		j[i].has_score = json_is_integer(s);
		j[i].score = (int)json_integer_value(s);
		j[i].met = json_is_boolean(m) ? json_is_true(m) : -1;
	}
	struct plan_readiness r;
	plan_readiness(j, n, &r);
	free(j);
	return json_pack("{s:o,s:b,s:i,s:i,s:i,s:i,s:i}", "percent",
			 r.has_percent ? json_real(round(r.percent * 10) / 10) : json_null(), "ready",
			 r.ready, "knockouts", r.knockouts, "failed", r.failed, "unknown", r.unknown,
			 "scored", r.scored, "unscored", r.unscored);
}

/* --- the plan ------------------------------------------------------------ */

json_t *plan_initiative_head(int64_t id)
{
	json_t *ini = api_initiative_doc(id);
	if (!ini)
		return NULL;
	json_t *h = json_pack("{s:O,s:O,s:O}", "id", json_object_get(ini, "id"), "name",
			      json_object_get(ini, "name"), "stage", json_object_get(ini, "stage"));
	json_decref(ini);
	return h;
}

/* The current phase row (borrowed from phases) or NULL. */
static json_t *current_of(json_t *phases)
{
	size_t i;
	json_t *p;
	json_array_foreach (phases, i, p)
		if (json_is_true(json_object_get(p, "current")) ||
		    (json_is_integer(json_object_get(p, "current")) && ival(p, "current")))
			return p;
	return NULL;
}

static json_t *plan_doc(const struct api_ctx *c, int64_t ini)
{
	json_t *head = plan_initiative_head(ini);
	if (!head)
		return NULL;
	char today[11];
	plan_today(today);
	json_t *phases = plan_store_phases(ini);
	phase_booleans(phases);
	int err = 0;
	json_t *snap = api_evidence(ini, &err);
	json_t *reviews = plan_store_reviews(ini);
	size_t i;
	json_t *p;
	json_t *next = json_null();
	json_array_foreach (phases, i, p) {
		json_t *crit = plan_store_criteria(ival(p, "id"));
		json_t *judged = plan_judge(crit, snap);
		json_t *gate = json_pack("{s:o,s:o,s:o}", "criteria", crit, "readiness",
					 plan_readiness_json(judged), "decision", json_null());
		json_decref(judged);
		/* the latest decision taken at this gate */
		size_t k;
		json_t *r;
		json_array_foreach (reviews, k, r)
			if (ival(r, "phaseId") == ival(p, "id") &&
			    json_is_string(json_object_get(r, "decision"))) {
				json_object_set_new(gate, "decision",
						    json_pack("{s:O,s:O,s:O}", "reviewId",
							      json_object_get(r, "id"), "decision",
							      json_object_get(r, "decision"), "decidedOn",
							      json_object_get(r, "decidedOn")));
				break;
			}
		json_object_set_new(p, "gate", gate);
		if (json_is_true(json_object_get(p, "current"))) {
			json_decref(next);
			json_t *nx = json_array_get(phases, i + 1);
			next = json_pack("{s:O,s:O,s:O,s:o,s:O}", "phaseId", json_object_get(p, "id"), "name",
					 json_object_get(p, "name"), "date", json_object_get(p, "endsOn"),
					 "nextPhase",
					 nx ? json_incref(json_object_get(nx, "name")) : json_null(),
					 "readiness", json_object_get(gate, "readiness"));
		}
	}
	json_decref(snap);
	json_t *cur = current_of(phases);
	json_t *crit = NULL;
	json_t *steps = plan_steps_doc(ini, today, &crit);
	json_t *o = json_object();
	json_object_set_new(o, "initiative", head);
	json_object_set_new(o, "stopped",
			    json_boolean(initiative_stage_parse(json_string_value(
					     json_object_get(head, "stage"))) == INITIATIVE_STAGE_GESTOPT));
	json_object_set_new(o, "phases", phases);
	json_object_set_new(o, "currentPhase",
			    cur ? json_pack("{s:O,s:O,s:O}", "id", json_object_get(cur, "id"), "name",
					    json_object_get(cur, "name"), "position",
					    json_object_get(cur, "position"))
				: json_null());
	json_object_set_new(o, "nextGate", next);
	json_object_set_new(o, "steps", steps);
	json_object_set_new(o, "criticalPath", crit);
	json_object_set_new(o, "reviews", reviews);
	json_object_set_new(o, "today", json_string(today));
	json_object_set_new(o, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	json_object_set_new(o, "defaultPhases", default_names(c->org_id));
	plan_org_members(o, c->org_id);
	return o;
}

int api_plan_get(struct api_ctx *c, json_t **out)
{
	*out = plan_doc(c, c->obj_id);
	if (*out && c->is_page)
		json_object_set_new(*out, "members", api_members(c->org_id));
	return *out ? 0 : -ERR_NOTFOUND;
}

/* --- phases -------------------------------------------------------------- */

int api_plan_phases_form(struct api_ctx *c, json_t **out)
{
	return api_plan_get(c, out);
}

/* Phases of a body: a JSON array, or a form's {"0": {...}, "1": {...}}
 * (rows with an empty name are left out). Returns a new array; orig[i]
 * (room for PLAN_PHASES_MAX + 4) is the row's index in the body, so a
 * problem names the row the user filled in. */
static json_t *phase_items(const json_t *v, int form, size_t *orig)
{
	json_t *a = json_array();
	if (json_is_array(v)) {
		json_array_extend(a, (json_t *)v);
		for (size_t i = 0; i < PLAN_PHASES_MAX + 4; i++)
			orig[i] = i;
	} else if (json_is_object(v)) {
		for (int k = 0; k < PLAN_PHASES_MAX + 4; k++) {
			char key[16];
			snprintf(key, sizeof key, "%d", k);
			json_t *row = json_object_get(v, key);
			const char *name = sval(row, "name");
			if (row && (!form || (name && *name))) {
				orig[json_array_size(a)] = (size_t)k;
				json_array_append(a, row);
			}
		}
	}
	return a;
}

static int valid_date(const char *s)
{
	return s && okr_day(s) != INT64_MIN;
}

/* Labels the problem just added for the error summary: "Fase 2: naam". */
static void label_last(struct api_ctx *c, size_t i, const char *field_key)
{
	json_t *p = json_array_get(c->invalid, json_array_size(c->invalid) - 1);
	char label[160];
	snprintf(label, sizeof label, "%s %zu: %s", i18n_t(c->lang, "plan.phase"), i + 1,
		 i18n_t(c->lang, field_key));
	json_object_set_new(p, "label", json_string(label));
}

/* Checks one phase row; problems named phases.i.member. */
static void check_phase(struct api_ctx *c, size_t i, const json_t *row)
{
	char name[48];
	if (!json_is_object(row)) {
		snprintf(name, sizeof name, "phases.%zu", i);
		problem_add(c->invalid, name, "err.plan.phase");
		return;
	}
	const char *k;
	json_t *v;
	json_object_foreach ((json_t *)row, k, v) {
		if (strcmp(k, "name") && strcmp(k, "startsOn") && strcmp(k, "endsOn")) {
			snprintf(name, sizeof name, "phases.%zu.%s", i, k);
			problem_add(c->invalid, name, "err.unknown_field");
		}
	}
	const char *n = sval(row, "name");
	snprintf(name, sizeof name, "phases.%zu.name", i);
	if (!n || !*n) {
		problem_add(c->invalid, name, "err.required");
		label_last(c, i, "field.name");
	} else if (utf8_length(n) > PLAN_NAME_MAX) {
		problem_add(c->invalid, name, "err.plan.name_long");
		label_last(c, i, "field.name");
	}
	const char *s = sval(row, "startsOn"), *e = sval(row, "endsOn");
	json_t *sj = json_object_get(row, "startsOn"), *ej = json_object_get(row, "endsOn");
	int sok = !sj || json_is_null(sj) || (s && (!*s || valid_date(s)));
	int eok = !ej || json_is_null(ej) || (e && (!*e || valid_date(e)));
	if (!sok) {
		snprintf(name, sizeof name, "phases.%zu.startsOn", i);
		problem_add(c->invalid, name, "err.date");
		label_last(c, i, "field.startsOn");
	}
	if (!eok) {
		snprintf(name, sizeof name, "phases.%zu.endsOn", i);
		problem_add(c->invalid, name, "err.date");
		label_last(c, i, "field.endsOn");
	}
	if (sok && eok && s && e && *s && *e && strcmp(e, s) < 0) {
		snprintf(name, sizeof name, "phases.%zu.endsOn", i);
		problem_add(c->invalid, name, "err.plan.ends_before_start");
		label_last(c, i, "field.endsOn");
	}
}

enum { P_PHASES, P_CURRENT };
static const struct field phase_fields[] = {
    [P_PHASES] = {.name = "phases", .type = FIELD_ANY, .flags = FIELD_REQUIRED},
    [P_CURRENT] = {.name = "current",
		   .type = FIELD_INTEGER,
		   .flags = FIELD_NULLABLE,
		   .min = 1,
		   .max = PLAN_PHASES_MAX,
		   .reason = "err.plan.current"},
};

int api_plan_phases_put(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(phase_fields)];
	api_fields(c, phase_fields, FIELD_COUNT(phase_fields), v);
	size_t orig[PLAN_PHASES_MAX + 4];
	json_t *items = phase_items(v[P_PHASES].j, c->is_page, orig);
	size_t n = json_array_size(items);
	if (v[P_PHASES].set && !json_is_array(v[P_PHASES].j) && !json_is_object(v[P_PHASES].j))
		problem_add(c->invalid, "phases", "err.plan.phases");
	else if (v[P_PHASES].set && (n == 0 || n > PLAN_PHASES_MAX))
		problem_add(c->invalid, "phases", "err.plan.phase_count");
	for (size_t i = 0; i < n && i < PLAN_PHASES_MAX; i++)
		check_phase(c, orig[i], json_array_get(items, i));
	if (v[P_CURRENT].ok && v[P_CURRENT].set && (size_t)v[P_CURRENT].i > n)
		problem_add(c->invalid, "current", "err.plan.current");
	json_t *old = plan_store_phases(c->obj_id);
	/* a phase with gate reviews keeps its place: its decisions are history */
	for (size_t i = n; i < json_array_size(old) && !json_array_size(c->invalid); i++) {
		json_t *reviews = plan_store_reviews(c->obj_id);
		size_t k;
		json_t *r;
		json_array_foreach (reviews, k, r)
			if (ival(r, "phaseId") == ival(json_array_get(old, i), "id")) {
				problem_add(c->invalid, "phases", "err.plan.phase_has_reviews");
				break;
			}
		json_decref(reviews);
	}
	if (json_array_size(c->invalid)) {
		json_decref(items);
		json_decref(old);
		api_audit_id(c, "plan.phases.update", "initiative", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	int64_t current_id = 0;
	json_t *cur = current_of(old);
	int64_t keep_pos = cur ? ival(cur, "position") : 1;
	int64_t want = v[P_CURRENT].set ? v[P_CURRENT].i : (keep_pos <= (int64_t)n ? keep_pos : (int64_t)n);
	for (size_t i = 0; i < n; i++) {
		json_t *row = json_array_get(items, i);
		const char *s = sval(row, "startsOn"), *e = sval(row, "endsOn");
		int64_t id;
		if (i < json_array_size(old)) {
			id = ival(json_array_get(old, i), "id");
			plan_store_phase_update(id, (int64_t)i + 1, sval(row, "name"), s, e);
		} else {
			id = plan_store_phase_add(c->obj_id, (int64_t)i + 1, sval(row, "name"), s, e);
		}
		if ((int64_t)i + 1 == want)
			current_id = id;
	}
	for (size_t i = n; i < json_array_size(old); i++)
		plan_store_phase_delete(ival(json_array_get(old, i), "id"));
	plan_store_set_current(c->obj_id, current_id);
	json_decref(items);
	json_decref(old);
	api_audit_id(c, "plan.phases.update", "initiative", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/plan", (long long)c->obj_id);
	*out = plan_doc(c, c->obj_id);
	return *out ? 0 : -ERR_NOTFOUND;
}

/* --- an organisation's default phases ------------------------------------ */

static json_t *org_phases_doc(const struct api_ctx *c)
{
	json_t *names = plan_store_org_phases(c->org_id);
	int custom = json_array_size(names) > 0;
	if (!custom)
		for (int i = 0; plan_default_phases[i]; i++)
			json_array_append_new(names, json_string(plan_default_phases[i]));
	json_t *o = json_pack("{s:o,s:b,s:b}", "phases", names, "custom", custom, "canEdit",
			      c->role >= ROLE_BEHEERDER);
	plan_org_members(o, c->org_id);
	return o;
}

int api_plan_org_phases_get(struct api_ctx *c, json_t **out)
{
	*out = org_phases_doc(c);
	return 0;
}

int api_plan_org_phases_put(struct api_ctx *c, json_t **out)
{
	static const struct field f[] = {{.name = "phases", .type = FIELD_ANY, .flags = FIELD_REQUIRED}};
	struct field_value v[1];
	api_fields(c, f, 1, v);
	const char *names[PLAN_PHASES_MAX];
	size_t n = 0;
	json_t *list = json_array();
	if (json_is_string(v[0].j)) { /* a form: one name a line */
		const char *s = json_string_value(v[0].j);
		while (*s) {
			size_t len = strcspn(s, "\r\n");
			char *line = xstrndup(s, len);
			char *t = line;
			while (*t == ' ')
				t++;
			if (*t)
				json_array_append_new(list, json_string(t));
			free(line);
			s += len;
			s += strspn(s, "\r\n");
		}
	} else if (json_is_array(v[0].j)) {
		json_array_extend(list, (json_t *)v[0].j);
	} else if (v[0].set) {
		problem_add(c->invalid, "phases", "err.plan.phases");
	}
	size_t i;
	json_t *x;
	json_array_foreach (list, i, x) {
		char name[32];
		snprintf(name, sizeof name, "phases.%zu", i);
		if (!json_is_string(x) || !*json_string_value(x))
			problem_add(c->invalid, name, "err.required");
		else if (utf8_length(json_string_value(x)) > PLAN_NAME_MAX)
			problem_add(c->invalid, name, "err.plan.name_long");
		else if (n < PLAN_PHASES_MAX)
			names[n++] = json_string_value(x);
	}
	if (v[0].set && !json_array_size(c->invalid) &&
	    (json_array_size(list) == 0 || json_array_size(list) > PLAN_PHASES_MAX))
		problem_add(c->invalid, "phases", "err.plan.phase_count");
	if (json_array_size(c->invalid)) {
		json_decref(list);
		api_audit_id(c, "plan.org_phases.update", "organisation", c->org_id, "invalid");
		return -ERR_INVALID;
	}
	plan_store_org_phases_set(c->org_id, names, n);
	json_decref(list);
	api_audit_id(c, "plan.org_phases.update", "organisation", c->org_id, "ok");
	json_t *org = api_org_doc(c->org_id);
	snprintf(c->location, sizeof c->location, "/organisaties/%s/fasen", sval(org, "slug"));
	json_decref(org);
	*out = org_phases_doc(c);
	return 0;
}

/* --- a gate and its criteria ---------------------------------------------- */

static json_t *criterion_json(json_t *row)
{
	json_t *th = json_object_get(row, "threshold");
	if (json_is_integer(th))
		json_object_set_new(row, "threshold", json_real((double)json_integer_value(th)));
	return row;
}

static json_t *gate_doc(const struct api_ctx *c, int64_t phase_id)
{
	json_t *p = plan_store_phase(phase_id);
	if (!p)
		return NULL;
	int64_t ini = ival(p, "initiativeId");
	json_t *phases = plan_store_phases(ini);
	json_t *next = json_null();
	size_t i;
	json_t *x;
	json_array_foreach (phases, i, x)
		if (ival(x, "id") == phase_id && json_array_get(phases, i + 1)) {
			json_decref(next);
			next = json_incref(json_object_get(json_array_get(phases, i + 1), "name"));
		}
	json_decref(phases);
	json_object_set_new(p, "current", json_boolean(ival(p, "current")));
	json_object_set_new(p, "nextPhase", next);
	json_object_set_new(p, "initiative", plan_initiative_head(ini));
	json_object_del(p, "initiativeId");
	json_t *crit = plan_store_criteria(phase_id);
	json_array_foreach (crit, i, x)
		criterion_json(x);
	int err = 0;
	json_t *snap = api_evidence(ini, &err);
	json_t *judged = plan_judge(crit, snap);
	if (c->is_page) { /* the ingredients of the latest closed round, to bind a criterion to */
		json_t *ings = json_array(), *g;
		json_array_foreach (json_object_get(json_object_get(snap, "assessment"), "ingredients"), i, g)
			json_array_append_new(ings, json_pack("{s:O,s:O}", "id", json_object_get(g, "id"),
							      "title", json_object_get(g, "title")));
		json_object_set_new(p, "ingredients", ings);
		/* the metrics and the initiative's event sources, to bind a criterion to */
		json_t *ms = json_array(), *srcs = json_array();
		for (int k = 0; growth_metrics[k]; k++)
			json_array_append_new(ms, json_string(growth_metrics[k]));
		size_t n;
		struct event_source *list = event_source_store_list(ini, &n);
		for (size_t k = 0; k < n; k++)
			json_array_append_new(
			    srcs, json_pack("{s:I,s:s}", "id", (json_int_t)list[k].id, "name", list[k].name));
		free(list);
		json_object_set_new(p, "metricChoices", ms);
		json_object_set_new(p, "sourceChoices", srcs);
	}
	json_decref(snap);
	json_object_set_new(p, "readiness", plan_readiness_json(judged));
	json_object_set_new(p, "criteria", crit);
	json_object_set_new(p, "judgements", judged);
	json_t *all = plan_store_reviews(ini), *mine = json_array();
	json_array_foreach (all, i, x)
		if (ival(x, "phaseId") == phase_id)
			json_array_append(mine, x);
	json_decref(all);
	json_object_set_new(p, "reviews", mine);
	json_object_set_new(p, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	plan_org_members(p, c->org_id);
	return p;
}

int api_plan_gate_get(struct api_ctx *c, json_t **out)
{
	*out = gate_doc(c, c->obj_id);
	return *out ? 0 : -ERR_NOTFOUND;
}

enum { C_TITLE, C_KIND, C_WEIGHT, C_EVIDENCE, C_PARAM, C_THRESHOLD, C_MPARAMS, C_CMP, C_METRIC, C_MSOURCE };
static const struct field criterion_fields[] = {
    [C_TITLE] = {.name = "title", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = PLAN_NAME_MAX},
    [C_KIND] = {.name = "kind",
		.type = FIELD_ENUM,
		.flags = FIELD_REQUIRED,
		.values = plan_criterion_kinds,
		.reason = "err.plan.kind"},
    [C_WEIGHT] = {.name = "weight", .type = FIELD_INTEGER, .min = 1, .max = PLAN_WEIGHT_MAX, .def = "1"},
    [C_EVIDENCE] = {.name = "evidence",
		    .type = FIELD_ENUM,
		    .values = plan_evidences,
		    .reason = "err.plan.evidence",
		    .def = "geen"},
    [C_PARAM] = {.name = "evidenceParam", .type = FIELD_STRING, .max_len = 100},
    [C_THRESHOLD] =
	{.name = "threshold", .type = FIELD_NUMBER, .flags = FIELD_NULLABLE, .nmin = -1e15, .nmax = 1e15},
    [C_MPARAMS] = {.name = "metricParameters", .type = FIELD_OBJECT, .flags = FIELD_OPEN},
    [C_CMP] = {.name = "comparison", .type = FIELD_ENUM, .values = plan_comparisons, .def = ">="},
    /* the page's form: the metric and its source as fields of their own */
    [C_METRIC] = {.name = "metric", .type = FIELD_ENUM, .values = growth_metrics},
    [C_MSOURCE] = {.name = "metricSource", .type = FIELD_ID},
};

/* Reads a criterion from the body; ini: the initiative whose events a
 * metric reads. *metric_params: the checked parameters of a metric
 * criterion (a new reference or NULL; the caller releases it). */
static int read_criterion(struct api_ctx *c, int64_t ini, struct plan_criterion_in *in,
			  json_t **metric_params)
{
	*metric_params = NULL;
	struct field_value v[FIELD_COUNT(criterion_fields)];
	api_fields(c, criterion_fields, FIELD_COUNT(criterion_fields), v);
	/* "evidence" is labelled here: other modules' forms have an evidence field too */
	size_t i;
	json_t *p;
	json_array_foreach (c->invalid, i, p)
		if (!strcmp(json_string_value(json_object_get(p, "name")) ?: "", "evidence"))
			json_object_set_new(p, "label", json_string(i18n_t(c->lang, "plan.evidence_field")));
	in->title = v[C_TITLE].s;
	in->kind = v[C_KIND].ok ? plan_criterion_kinds[v[C_KIND].i] : NULL;
	in->weight = v[C_WEIGHT].ok ? v[C_WEIGHT].i : 1;
	in->evidence = plan_evidences[v[C_EVIDENCE].ok ? v[C_EVIDENCE].i : PLAN_EVIDENCE_GEEN - 1];
	in->param = v[C_PARAM].s;
	in->has_threshold = v[C_THRESHOLD].set && v[C_THRESHOLD].ok;
	in->threshold = in->has_threshold ? v[C_THRESHOLD].d : 0;
	in->comparison = v[C_CMP].ok ? plan_comparisons[v[C_CMP].i] : ">=";
	if (plan_word(plan_evidences, in->evidence) == PLAN_EVIDENCE_METRIC) {
		if (v[C_METRIC].set && v[C_METRIC].ok)
			in->param = growth_metrics[v[C_METRIC].i];
		if (!in->param || metrics_word_parse(growth_metrics, in->param) < 0)
			problem_add(c->invalid, v[C_METRIC].set || c->is_page ? "metric" : "evidenceParam",
				    "err.plan.metric");
		if (!v[C_THRESHOLD].set)
			problem_add(c->invalid, "threshold", "err.plan.metric_threshold");
		json_t *given = v[C_MPARAMS].j ? json_deep_copy(v[C_MPARAMS].j) : json_object();
		if (v[C_MSOURCE].set && v[C_MSOURCE].ok) {
			char id[24];
			snprintf(id, sizeof id, "%lld", (long long)v[C_MSOURCE].i);
			json_object_set_new(given, "bron", json_string(id));
		}
		json_t *params = NULL;
		api_growth_metric_check(c, ini, in->param, given, "metricParameters", &params);
		json_decref(given);
		*metric_params = params;
		in->metric_params = params;
	} else {
		in->comparison = ">=";
		if (in->evidence && v[C_MPARAMS].set && json_object_size(v[C_MPARAMS].j))
			problem_add(c->invalid, "metricParameters", "err.plan.metric_only");
	}
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

/* The initiative of a phase, or -ERR_NOTFOUND. */
static int64_t phase_initiative(int64_t phase_id)
{
	json_t *p = plan_store_phase(phase_id);
	int64_t ini = p ? ival(p, "initiativeId") : -ERR_NOTFOUND;
	json_decref(p);
	return ini;
}

int api_plan_criterion_create(struct api_ctx *c, json_t **out)
{
	struct plan_criterion_in in = {0};
	json_t *mp;
	int64_t ini = phase_initiative(c->obj_id);
	if (ini < 0)
		return -ERR_NOTFOUND;
	if (read_criterion(c, ini, &in, &mp) < 0) {
		json_decref(mp);
		api_audit_id(c, "plan.criterion.create", "phase", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	int64_t id = plan_store_criterion_create(c->obj_id, &in);
	json_decref(mp);
	if (id < 0)
		return (int)id;
	api_audit_id(c, "plan.criterion.create", "criterion", id, "ok");
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/fasen/%lld", (long long)c->obj_id);
	*out = criterion_json(plan_store_criterion(id));
	return 0;
}

int api_plan_criterion_update(struct api_ctx *c, json_t **out)
{
	struct plan_criterion_in in = {0};
	json_t *row = plan_store_criterion(c->obj_id), *mp;
	int64_t ini = row ? phase_initiative(ival(row, "phaseId")) : -ERR_NOTFOUND;
	json_decref(row);
	if (ini < 0)
		return -ERR_NOTFOUND;
	if (read_criterion(c, ini, &in, &mp) < 0) {
		json_decref(mp);
		api_audit_id(c, "plan.criterion.update", "criterion", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	int rc = plan_store_criterion_update(c->obj_id, &in);
	json_decref(mp);
	if (rc < 0)
		return rc;
	api_audit_id(c, "plan.criterion.update", "criterion", c->obj_id, "ok");
	*out = criterion_json(plan_store_criterion(c->obj_id));
	return 0;
}

int api_plan_criterion_delete(struct api_ctx *c, json_t **out)
{
	json_t *row = plan_store_criterion(c->obj_id);
	if (!row)
		return -ERR_NOTFOUND;
	plan_store_criterion_delete(c->obj_id);
	api_audit_id(c, "plan.criterion.delete", "criterion", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/fasen/%lld", (long long)ival(row, "phaseId"));
	json_decref(row);
	if (!c->is_page)
		c->status = 204;
	*out = NULL;
	return 0;
}
