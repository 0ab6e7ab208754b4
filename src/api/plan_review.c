/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan_review: gate reviews. Opening one snapshots api_evidence() of the
 * initiative and judges the gate's criteria against it; people then score
 * and judge; the decision (door, bijsturen, juist-schalen, pauzeren,
 * stoppen) is stored with the snapshot, its rationale, decision makers,
 * date, conditions and the scaling route. Going on past a knock-out that
 * does not hold needs a written reason, audited as plan.gate.override.
 * door makes the next phase current; stoppen stops the initiative.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/assessment.h"
#include "api/field.h"
#include "api/method_registry.h"
#include "api/module.h"
#include "api/plan.h"
#include "domain/initiative.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/initiative_store.h"
#include "store/plan_store.h"

static int64_t ival(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *sval(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static json_t *parsed(const char *s)
{
	json_error_t e;
	json_t *j = s ? json_loads(s, 0, &e) : NULL;
	return j ? j : json_object();
}

/* Percent-encodes s for a query value into b. */
static void url_value(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (isalnum(*p) || strchr("-_.~", *p))
			buf_putc(b, (char)*p);
		else
			buf_printf(b, "%%%02X", *p);
}

/* Every scaling route the offered methods name: [{id, method, title}]. */
static json_t *method_routes(const char *lang)
{
	json_t *a = json_array();
	for (size_t i = 0; i < method_registry_count(); i++) {
		const struct method *m = method_registry_at(i);
		for (size_t k = 0; k < m->n_routes; k++)
			json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "id", m->routes[k].id, "method",
							   m->id, "title",
							   assessment_text(&m->routes[k].title, lang)));
	}
	return a;
}

static int route_known(const char *id)
{
	for (size_t i = 0; i < method_registry_count(); i++)
		if (method_route_find(method_registry_at(i), id))
			return 1;
	return 0;
}

static json_t *review_doc(const struct api_ctx *c, int64_t id)
{
	json_t *r = plan_store_review(id);
	if (!r)
		return NULL;
	json_t *snap = parsed(sval(r, "snapshot")), *judged = parsed(sval(r, "judgements"));
	if (!json_is_array(judged)) {
		json_decref(judged);
		judged = json_array();
	}
	json_object_set_new(r, "snapshot", snap);
	json_object_set_new(r, "judgements", judged);
	json_object_set_new(r, "readiness", plan_readiness_json(judged));
	json_t *ini = plan_initiative_head(ival(r, "initiativeId"));
	json_object_set_new(r, "initiative", ini ? ini : json_null());
	json_object_del(r, "initiativeId");
	/* the phase after this gate */
	json_t *phases =
	    plan_store_phases(json_integer_value(json_object_get(json_object_get(r, "initiative"), "id")));
	json_t *next = json_null();
	size_t i;
	json_t *p;
	json_array_foreach (phases, i, p)
		if (ival(p, "id") == ival(r, "phaseId") && json_array_get(phases, i + 1)) {
			json_decref(next);
			next = json_incref(json_object_get(json_array_get(phases, i + 1), "name"));
		}
	json_decref(phases);
	json_object_set_new(r, "nextPhase", next);
	json_t *lesson = json_null();
	if (json_is_string(json_object_get(r, "decision"))) {
		struct buf b = BUF_INIT;
		buf_printf(
		    &b, "/kennisbank/nieuw?soort=les&initiatief=%lld&fase=",
		    (long long)json_integer_value(json_object_get(json_object_get(r, "initiative"), "id")));
		url_value(&b, sval(r, "phaseName") ? sval(r, "phaseName") : "");
		buf_printf(&b, "&bron=poort-%lld", (long long)id);
		lesson = json_string(buf_str(&b));
		buf_free(&b);
	}
	json_object_set_new(r, "lessonLink", lesson);
	json_object_set_new(r, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	if (c->is_page)
		json_object_set_new(r, "methodRoutes", method_routes(c->lang));
	plan_org_members(r, c->org_id);
	return r;
}

int api_plan_review_get(struct api_ctx *c, json_t **out)
{
	*out = review_doc(c, c->obj_id);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_plan_review_open(struct api_ctx *c, json_t **out)
{
	json_t *phase = plan_store_phase(c->obj_id);
	if (!phase)
		return -ERR_NOTFOUND;
	int64_t ini = ival(phase, "initiativeId");
	json_decref(phase);
	json_t *reviews = plan_store_reviews(ini);
	size_t i;
	json_t *r;
	int64_t open = 0;
	json_array_foreach (reviews, i, r)
		if (ival(r, "phaseId") == c->obj_id &&
		    plan_word(plan_review_statuses, sval(r, "status")) == PLAN_REVIEW_OPEN)
			open = ival(r, "id");
	json_decref(reviews);
	if (open) {
		c->detail = "err.plan.review_open";
		api_audit_id(c, "plan.review.open", "phase", c->obj_id, "conflict");
		return -ERR_CONFLICT;
	}
	int err = 0;
	json_t *snap = api_evidence(ini, &err);
	if (!snap)
		return err;
	json_t *crit = plan_store_criteria(c->obj_id);
	json_t *judged = plan_judge(crit, snap);
	json_decref(crit);
	char *s = json_dumps(snap, JSON_COMPACT | JSON_SORT_KEYS);
	char *j = json_dumps(judged, JSON_COMPACT);
	json_t *ready = plan_readiness_json(judged);
	json_t *pct = json_object_get(ready, "percent");
	int64_t id = plan_store_review_create(c->obj_id, s, j, c->user_id, NULL);
	if (id > 0)
		plan_store_review_judgements(id, j, json_is_number(pct) ? json_number_value(pct) : -1);
	free(s);
	free(j);
	json_decref(ready);
	json_decref(judged);
	json_decref(snap);
	if (id < 0)
		return (int)id;
	api_audit_id(c, "plan.review.open", "gate_review", id, "ok");
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/poortreviews/%lld", (long long)id);
	*out = review_doc(c, id);
	return 0;
}

/* One judgement from the body: JSON {criterionId, score, met, note} or a
 * form's strings. Returns 0 or appends problems named judgements[i].x. */
static void apply_judgement(struct api_ctx *c, json_t *judged, size_t i, const json_t *in, int64_t cid)
{
	char name[64];
	json_t *target = NULL, *x;
	size_t k;
	json_array_foreach (judged, k, x)
		if (ival(x, "criterionId") == cid)
			target = x;
	if (!target) {
		snprintf(name, sizeof name, "judgements.%zu.criterionId", i);
		problem_add(c->invalid, name, "err.plan.criterion");
		return;
	}
	const char *key;
	json_t *v;
	int kind = plan_word(plan_criterion_kinds, sval(target, "kind"));
	json_object_foreach ((json_t *)in, key, v) {
		if (!strcmp(key, "criterionId"))
			continue;
		snprintf(name, sizeof name, "judgements.%zu.%s", i, key);
		int is_score = !strcmp(key, "score"), is_met = !strcmp(key, "met");
		if (is_score) {
			long long sc = -1;
			if (json_is_null(v) || (json_is_string(v) && !*json_string_value(v))) {
				json_object_set_new(target, "score", json_null());
				continue;
			}
			if (json_is_integer(v))
				sc = json_integer_value(v);
			else if (json_is_string(v) && c->is_page && strlen(json_string_value(v)) == 1 &&
				 isdigit((unsigned char)*json_string_value(v)))
				sc = *json_string_value(v) - '0';
			if (sc < 0 || sc > PLAN_SCORE_MAX || kind != PLAN_CRITERION_SCORE)
				problem_add(c->invalid, name, "err.plan.score");
			else
				json_object_set_new(target, "score", json_integer(sc));
		} else if (is_met) {
			if (json_is_null(v) || (json_is_string(v) && !*json_string_value(v)))
				json_object_set_new(target, "met", json_null());
			else if (json_is_boolean(v) && kind == PLAN_CRITERION_KNOCKOUT)
				json_object_set(target, "met", v);
			else if (json_is_string(v) && c->is_page && kind == PLAN_CRITERION_KNOCKOUT &&
				 (!strcmp(json_string_value(v), "ja") ||
				  !strcmp(json_string_value(v), "nee")))
				json_object_set_new(target, "met",
						    json_boolean(!strcmp(json_string_value(v), "ja")));
			else
				problem_add(c->invalid, name, "err.plan.met");
		} else if (!strcmp(key, "note")) {
			if (!json_is_string(v) || strlen(json_string_value(v)) > PLAN_TEXT_MAX)
				problem_add(c->invalid, name, "err.plan.note");
			else
				json_object_set(target, "note", v);
		} else {
			problem_add(c->invalid, name, "err.unknown_field");
		}
	}
}

int api_plan_review_judge(struct api_ctx *c, json_t **out)
{
	json_t *r = plan_store_review(c->obj_id);
	if (!r)
		return -ERR_NOTFOUND;
	if (plan_word(plan_review_statuses, sval(r, "status")) != PLAN_REVIEW_OPEN) {
		json_decref(r);
		c->detail = "err.plan.review_decided";
		api_audit_id(c, "plan.review.judge", "gate_review", c->obj_id, "conflict");
		return -ERR_CONFLICT;
	}
	json_t *judged = parsed(sval(r, "judgements"));
	json_decref(r);
	static const struct field f[] = {{.name = "judgements", .type = FIELD_ANY, .flags = FIELD_REQUIRED}};
	struct field_value v[1];
	api_fields(c, f, 1, v);
	const json_t *in = v[0].j;
	if (json_is_array(in)) {
		size_t i;
		json_t *x;
		json_array_foreach (in, i, x) {
			json_t *cid = json_object_get(x, "criterionId");
			if (!json_is_object(x) || !json_is_integer(cid)) {
				char name[48];
				snprintf(name, sizeof name, "judgements.%zu.criterionId", i);
				problem_add(c->invalid, name, "err.plan.criterion");
				continue;
			}
			apply_judgement(c, judged, i, x, json_integer_value(cid));
		}
	} else if (json_is_object(in) && c->is_page) {
		const char *key;
		json_t *x;
		size_t i = 0;
		json_object_foreach ((json_t *)in, key, x) {
			int64_t cid;
			if (api_parse_id(key, &cid) == 0 && json_is_object(x))
				apply_judgement(c, judged, i, x, cid);
			i++;
		}
	} else if (v[0].set) {
		problem_add(c->invalid, "judgements", "err.plan.judgements");
	}
	if (json_array_size(c->invalid)) {
		json_decref(judged);
		api_audit_id(c, "plan.review.judge", "gate_review", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	json_t *ready = plan_readiness_json(judged);
	json_t *pct = json_object_get(ready, "percent");
	char *j = json_dumps(judged, JSON_COMPACT);
	plan_store_review_judgements(c->obj_id, j, json_is_number(pct) ? json_number_value(pct) : -1);
	free(j);
	json_decref(ready);
	json_decref(judged);
	api_audit_id(c, "plan.review.judge", "gate_review", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/poortreviews/%lld#besluit", (long long)c->obj_id);
	*out = review_doc(c, c->obj_id);
	return 0;
}

enum { D_DECISION, D_RATIONALE, D_MAKERS, D_DATE, D_CONDITIONS, D_ROUTE, D_METHOD_ROUTE, D_OVERRIDE };
static const struct field decision_fields[] = {
    [D_DECISION] = {.name = "decision",
		    .type = FIELD_ENUM,
		    .flags = FIELD_REQUIRED,
		    .values = plan_decisions,
		    .reason = "err.plan.decision"},
    [D_RATIONALE] = {.name = "rationale",
		     .type = FIELD_STRING,
		     .flags = FIELD_REQUIRED,
		     .max_len = PLAN_TEXT_MAX},
    [D_MAKERS] = {.name = "decisionMakers", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 1000},
    [D_DATE] = {.name = "decidedOn", .type = FIELD_DATE, .flags = FIELD_REQUIRED},
    [D_CONDITIONS] = {.name = "conditions", .type = FIELD_STRING, .max_len = PLAN_TEXT_MAX},
    [D_ROUTE] = {.name = "route", .type = FIELD_ENUM, .values = plan_routes, .reason = "err.plan.route"},
    [D_METHOD_ROUTE] = {.name = "methodRoute", .type = FIELD_STRING, .max_len = 100},
    [D_OVERRIDE] = {.name = "overrideReason", .type = FIELD_STRING, .max_len = PLAN_TEXT_MAX},
};

/* Makes the phase after phase_id current (none after it: stays). */
static void advance(int64_t ini, int64_t phase_id)
{
	json_t *phases = plan_store_phases(ini);
	size_t i;
	json_t *p;
	json_array_foreach (phases, i, p)
		if (ival(p, "id") == phase_id && json_array_get(phases, i + 1))
			plan_store_set_current(ini, ival(json_array_get(phases, i + 1), "id"));
	json_decref(phases);
}

static void stop_initiative(int64_t ini)
{
	struct initiative in;
	if (initiative_store_read(ini, &in) < 0)
		return;
	in.stage = INITIATIVE_STAGE_GESTOPT;
	initiative_store_update(&in);
	initiative_free(&in);
}

/* The decision freezes the metrics of the gate's criteria: their values
 * now replace the snapshot's (the value at opening kept as valueAtOpen,
 * frozenAt the moment), and the metric criteria's verdicts follow; scores
 * and judgements people gave stay as they are. */
static void freeze_metrics(int64_t review_id, int64_t ini, int64_t phase_id)
{
	json_t *r = plan_store_review(review_id);
	if (!r)
		return;
	json_t *snap = parsed(sval(r, "snapshot")), *judged = parsed(sval(r, "judgements"));
	json_decref(r);
	json_t *plan = json_object_get(snap, "plan");
	if (!json_is_object(plan)) {
		plan = json_object();
		json_object_set_new(snap, "plan", plan);
	}
	json_t *old = json_object_get(plan, "metrics"), *now = plan_metrics_now(ini), *m;
	char at[21];
	time_rfc3339(time_now(), at);
	size_t i, k;
	json_array_foreach (now, i, m) {
		json_t *was = json_null(), *o;
		json_array_foreach (old, k, o)
			if (!strcmp(sval(o, "key") ?: "", sval(m, "key") ?: ""))
				was = json_object_get(o, "value");
		json_object_set(m, "valueAtOpen", was ? was : json_null());
		json_object_set_new(m, "frozenAt", json_string(at));
	}
	json_object_set_new(plan, "metrics", now);
	json_t *crit = plan_store_criteria(phase_id);
	json_t *fresh = plan_judge(crit, snap), *j, *f;
	json_decref(crit);
	json_array_foreach (judged, i, j)
		json_array_foreach (fresh, k, f)
			if (ival(f, "criterionId") == ival(j, "criterionId") &&
			    json_object_get(f, "metric")) {
				json_object_set(j, "metric", json_object_get(f, "metric"));
				json_object_set(j, "verdict", json_object_get(f, "verdict"));
				json_object_set(j, "suggestedScore", json_object_get(f, "suggestedScore"));
			}
	json_decref(fresh);
	char *s = json_dumps(snap, JSON_COMPACT | JSON_SORT_KEYS), *js = json_dumps(judged, JSON_COMPACT);
	json_t *ready = plan_readiness_json(judged);
	json_t *pct = json_object_get(ready, "percent");
	plan_store_review_snapshot(review_id, s);
	plan_store_review_judgements(review_id, js, json_is_number(pct) ? json_number_value(pct) : -1);
	json_decref(ready);
	free(s);
	free(js);
	json_decref(snap);
	json_decref(judged);
}

int api_plan_review_decide(struct api_ctx *c, json_t **out)
{
	json_t *r = plan_store_review(c->obj_id);
	if (!r)
		return -ERR_NOTFOUND;
	int64_t ini = ival(r, "initiativeId"), phase = ival(r, "phaseId");
	int decided = plan_word(plan_review_statuses, sval(r, "status")) != PLAN_REVIEW_OPEN;
	json_t *judged = parsed(sval(r, "judgements"));
	json_decref(r);
	if (decided) {
		json_decref(judged);
		c->detail = "err.plan.review_decided";
		api_audit_id(c, "plan.review.decide", "gate_review", c->obj_id, "conflict");
		return -ERR_CONFLICT;
	}
	struct field_value v[FIELD_COUNT(decision_fields)];
	api_fields(c, decision_fields, FIELD_COUNT(decision_fields), v);
	struct plan_decision_in in = {
	    .decision = v[D_DECISION].ok ? plan_decisions[v[D_DECISION].i] : NULL,
	    .rationale = v[D_RATIONALE].s,
	    .makers = v[D_MAKERS].s,
	    .decided_on = v[D_DATE].s,
	    .conditions = v[D_CONDITIONS].s,
	    .route = v[D_ROUTE].ok && v[D_ROUTE].set ? plan_routes[v[D_ROUTE].i] : NULL,
	    .method_route = v[D_METHOD_ROUTE].s,
	    .override_reason = v[D_OVERRIDE].s,
	    .user_id = c->user_id,
	};
	if (in.method_route && *in.method_route && !route_known(in.method_route))
		problem_add(c->invalid, "methodRoute", "err.plan.method_route");
	/* knock-outs that are not shown to hold */
	int blocking = 0;
	size_t i;
	json_t *x;
	json_array_foreach (judged, i, x)
		if (plan_word(plan_criterion_kinds, sval(x, "kind")) == PLAN_CRITERION_KNOCKOUT &&
		    !json_is_true(json_object_get(x, "met")))
			blocking++;
	json_decref(judged);
	int go = plan_word(plan_decisions, in.decision) == PLAN_DECISION_DOOR;
	int override = go && blocking > 0;
	if (override && (!in.override_reason || !*in.override_reason))
		problem_add(c->invalid, "overrideReason", "err.plan.override_needed");
	if (json_array_size(c->invalid)) {
		api_audit_id(c, "plan.review.decide", "gate_review", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	if (!override)
		in.override_reason = "";
	int rc = plan_store_review_decide(c->obj_id, &in);
	if (rc < 0)
		return rc;
	freeze_metrics(c->obj_id, ini, phase);
	if (go)
		advance(ini, phase);
	if (plan_word(plan_decisions, in.decision) == PLAN_DECISION_STOPPEN)
		stop_initiative(ini);
	if (override)
		api_audit_id(c, "plan.gate.override", "gate_review", c->obj_id, "ok");
	api_audit_id(c, "plan.review.decide", "gate_review", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/poortreviews/%lld", (long long)c->obj_id);
	*out = review_doc(c, c->obj_id);
	return 0;
}
