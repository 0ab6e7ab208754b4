/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr_doc: the documents the okr handlers share. One organisation's
 * objectives, key results and alignments are loaded together (a roll-up
 * needs the children of every objective), key results bound to an
 * assessment ingredient get their value from the latest closed round, and
 * domain/okr computes progress and status for the day. Reads only.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/assessment.h"
#include "api/method_registry.h"
#include "api/initiative.h"
#include "api/kpi.h"
#include "api/okr.h"
#include "api/organisation.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/assessment_store.h"
#include "store/org.h"

int64_t okr_today(void)
{
	return time_utc_day(); /* the day only: answers that need it are kept all day (http/rcache.h) */
}

json_t *okr_ref(int64_t id, const char *name)
{
	if (id <= 0)
		return json_null();
	return json_pack("{s:I,s:s}", "id", (json_int_t)id, "name", name ? name : "");
}

static json_t *num_or_null(int has, double v)
{
	return has && isfinite(v) ? json_real(v) : json_null();
}

static json_t *date_or_null(const char *d)
{
	return d && *d ? json_string(d) : json_null();
}

int okr_org_members(json_t *o, int64_t org_id)
{
	json_t *org = api_org_doc(org_id);
	if (!org)
		return -ERR_NOTFOUND;
	json_object_set(o, "organisation", json_object_get(org, "slug"));
	json_object_set(o, "organisationName", json_object_get(org, "name"));
	json_decref(org);
	return 0;
}

/* A key result bound to an assessment ingredient: its value is the
 * ingredient's median in the latest closed round of that method for that
 * initiative. Sets kr value and returns the origin {roundId, roundTitle,
 * periodEnd, median}, or NULL when no closed round scores it yet. */
static json_t *assessment_value(struct okr_key_result *k, int64_t today)
{
	json_error_t e;
	json_t *ref = json_loads(k->source_ref, 0, &e);
	int64_t ini = json_integer_value(json_object_get(ref, "initiativeId"));
	const char *mid = json_string_value(json_object_get(ref, "methodId"));
	const char *ing = json_string_value(json_object_get(ref, "ingredient"));
	const struct method *m = mid ? method_registry_get(mid) : NULL;
	json_t *origin = NULL;
	if (!m || !ing || ini <= 0) {
		json_decref(ref);
		return NULL;
	}
	struct assessment_round_list rounds;
	assessment_store_round_series(ini, mid, &rounds);
	const struct assessment_round *latest = NULL;
	for (size_t i = 0; i < rounds.n; i++)
		if (rounds.items[i].status == ASSESSMENT_ROUND_CLOSED)
			latest = &rounds.items[i];
	if (latest) {
		struct score s;
		struct assessment_data d;
		assessment_data_load(latest->id, &d);
		assessment_score(m, &d, &s);
		for (size_t q = 0; q < s.n_ingredients; q++) {
			if (strcmp(s.ingredients[q].ingredient->id, ing) || !s.ingredients[q].stat.scored)
				continue;
			k->kr.has_value = 1;
			k->kr.value = s.ingredients[q].stat.median;
			/* it updates by itself, so it is never stale */
			k->kr.last_day = today;
			json_decref(origin);
			origin =
			    json_pack("{s:I,s:s,s:s,s:f}", "roundId", (json_int_t)latest->id, "roundTitle",
				      latest->title, "periodEnd", latest->period_end, "median", k->kr.value);
		}
		score_free(&s);
		assessment_data_free(&d);
	}
	assessment_round_list_free(&rounds);
	json_decref(ref);
	return origin;
}

/* A key result bound to a KPI series (the kpi module): its value is the
 * series' latest value on or before today, and like an assessment binding
 * it updates by itself, so it is never stale. Returns the series
 * {id, name, unit, initiativeId, date, value} and marks the key result's
 * source as kpi, or NULL when it is not bound. */
static json_t *kpi_value(struct okr_key_result *k, int64_t today)
{
	int has = 0;
	double v = 0;
	json_t *b = kpi_kr_binding(k->id, today, &has, &v);
	if (!b)
		return NULL;
	k->source = OKR_SOURCE_KPI;
	k->kr.has_value = has;
	k->kr.value = has ? v : 0;
	k->kr.last_day = today;
	return b;
}

void okr_world_load(struct okr_world *w, int64_t org_id)
{
	memset(w, 0, sizeof *w);
	w->org_id = org_id;
	w->today = okr_today();
	w->obj = okr_store_objectives(org_id, &w->n_obj);
	w->kr = okr_store_krs(org_id, &w->n_kr);
	w->al = okr_store_alignments(org_id, &w->n_al);
	w->origin = xcalloc(w->n_kr + 1, sizeof *w->origin);
	for (size_t i = 0; i < w->n_kr; i++)
		if (w->kr[i].source == OKR_SOURCE_ASSESSMENT)
			w->origin[i] = assessment_value(&w->kr[i], w->today);
		else
			w->origin[i] = kpi_value(&w->kr[i], w->today);
	w->node = xcalloc(w->n_obj + 1, sizeof *w->node);
	struct okr_node_kr *nk = xcalloc(w->n_kr + 1, sizeof *nk);
	struct okr_node_link *nl = xcalloc(w->n_al + 1, sizeof *nl);
	size_t k = 0, l = 0;
	for (size_t i = 0; i < w->n_obj; i++) {
		w->node[i].start = okr_day(w->obj[i].starts_on);
		w->node[i].end = okr_day(w->obj[i].ends_on);
	}
	for (size_t i = 0; i < w->n_kr; i++) {
		long o = okr_world_find(w, w->kr[i].objective_id);
		if (o >= 0)
			nk[k++] = (struct okr_node_kr){(size_t)o, &w->kr[i].kr};
	}
	for (size_t i = 0; i < w->n_al; i++) {
		long c = okr_world_find(w, w->al[i].child_id), p = okr_world_find(w, w->al[i].parent_id);
		if (c >= 0 && p >= 0)
			nl[l++] = (struct okr_node_link){(size_t)c, (size_t)p, w->al[i].link};
	}
	okr_tree(w->node, w->n_obj, nk, k, nl, l, w->today);
	free(nk);
	free(nl);
}

void okr_world_free(struct okr_world *w)
{
	okr_objectives_free(w->obj, w->n_obj);
	okr_krs_free(w->kr, w->n_kr);
	for (size_t i = 0; w->origin && i < w->n_kr; i++)
		json_decref(w->origin[i]);
	free(w->origin);
	free(w->obj);
	free(w->kr);
	free(w->al);
	free(w->node);
	memset(w, 0, sizeof *w);
}

long okr_world_find(const struct okr_world *w, int64_t id)
{
	for (size_t i = 0; i < w->n_obj; i++)
		if (w->obj[i].id == id)
			return (long)i;
	return -1;
}

json_t *okr_period_json(const struct okr_period *p, int64_t today)
{
	int64_t s = okr_day(p->starts_on), e = okr_day(p->ends_on);
	return json_pack("{s:I,s:s,s:s,s:s,s:b,s:f}", "id", (json_int_t)p->id, "name", p->name, "startsOn",
			 p->starts_on, "endsOn", p->ends_on, "current", today >= s && today <= e, "expected",
			 okr_expected(s, e, today));
}

static json_t *binding_json(const struct okr_key_result *k)
{
	if (k->source != OKR_SOURCE_ASSESSMENT)
		return json_null();
	json_error_t e;
	json_t *ref = json_loads(k->source_ref, 0, &e);
	return ref ? ref : json_null();
}

json_t *okr_kr_json_origin(const struct okr_key_result *k, const struct okr_objective *o, int64_t today,
			   json_t *origin)
{
	int64_t s = okr_day(o->starts_on), e = okr_day(o->ends_on);
	double p = okr_progress(&k->kr);
	char last[11] = "";
	if (k->kr.last_day >= 0)
		okr_date(k->kr.last_day, last);
	int threshold = k->kr.kind == OKR_ABOVE || k->kr.kind == OKR_BELOW;
	int has_target = k->kr.kind != OKR_MILESTONE && (k->kr.kind != OKR_BASELINE || k->kr.has_target);
	enum okr_status st = okr_kr_status(&k->kr, s, e, today);
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(k->id));
	json_object_set_new(j, "objectiveId", json_integer(k->objective_id));
	json_object_set_new(j, "title", json_string(k->title));
	json_object_set_new(j, "kind", json_string(okr_kinds[k->kr.kind]));
	json_object_set_new(j, "start", json_real(k->kr.start));
	json_object_set_new(j, "target", num_or_null(has_target, k->kr.target));
	json_object_set_new(j, "equalCounts", json_boolean(k->kr.equal_counts));
	json_object_set_new(j, "unit", json_string(k->unit));
	json_object_set_new(j, "weight", json_real(k->kr.weight));
	json_object_set_new(j, "owner", okr_ref(k->owner_id, k->owner_name));
	json_object_set_new(j, "commitment", json_string(okr_commitments[k->commitment]));
	json_object_set_new(j, "dueOn", date_or_null(k->due_on));
	json_object_set_new(j, "source", json_string(okr_sources[k->source]));
	json_object_set_new(j, "binding", binding_json(k));
	json_object_set_new(j, "origin",
			    origin && k->source == OKR_SOURCE_ASSESSMENT ? json_incref(origin) : json_null());
	json_object_set_new(j, "kpiSeries",
			    origin && k->source == OKR_SOURCE_KPI ? json_incref(origin) : json_null());
	json_object_set_new(j, "value", num_or_null(k->kr.has_value, k->kr.value));
	json_object_set_new(j, "confidence",
			    k->kr.confidence >= 0 ? json_integer(k->kr.confidence) : json_null());
	json_object_set_new(j, "lastCheckIn", date_or_null(last));
	json_object_set_new(j, "milestonesTotal", json_integer(k->kr.sub_total));
	json_object_set_new(j, "milestonesDone", json_integer(k->kr.sub_done));
	json_object_set_new(j, "thresholdMet",
			    threshold ? json_boolean(okr_threshold_met(&k->kr)) : json_null());
	json_object_set_new(j, "progress", num_or_null(!isnan(p), p));
	json_object_set_new(j, "expected", json_real(threshold ? 1.0 : okr_expected(s, e, today)));
	json_object_set_new(j, "status", json_string(okr_statuses[st]));
	json_object_set_new(j, "score", num_or_null(k->has_score, k->score));
	json_object_set_new(j, "scoreGood",
			    k->has_score ? json_boolean(okr_score_good(k->score, k->commitment))
					 : json_null());
	json_object_set_new(j, "carriedFrom",
			    k->carried_from > 0 ? json_integer(k->carried_from) : json_null());
	json_object_set_new(j, "createdAt", json_string(k->created_at));
	json_object_set_new(j, "updatedAt", json_string(k->updated_at));
	return j;
}

json_t *okr_kr_json(const struct okr_key_result *k, const struct okr_objective *o, int64_t today)
{
	return okr_kr_json_origin(k, o, today, NULL);
}

static json_t *period_ref(const struct okr_objective *o)
{
	return json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)o->period_id, "name", o->period_name,
			 "startsOn", o->starts_on, "endsOn", o->ends_on);
}

json_t *okr_objective_summary(const struct okr_world *w, size_t i)
{
	const struct okr_objective *o = &w->obj[i];
	size_t n = 0;
	for (size_t k = 0; k < w->n_kr; k++)
		n += w->kr[k].objective_id == o->id;
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(o->id));
	json_object_set_new(j, "title", json_string(o->title));
	json_object_set_new(j, "level", json_string(okr_levels[o->level]));
	json_object_set_new(j, "state", json_string(okr_states[o->state]));
	json_object_set_new(j, "period", period_ref(o));
	json_object_set_new(j, "team", okr_ref(o->team_id, o->team_name));
	json_object_set_new(j, "initiative", okr_ref(o->initiative_id, o->initiative_name));
	json_object_set_new(j, "owner", okr_ref(o->owner_id, o->owner_name));
	json_object_set_new(j, "progress", num_or_null(1, w->node[i].progress));
	json_object_set_new(j, "status", json_string(okr_statuses[w->node[i].status]));
	json_object_set_new(j, "keyResultCount", json_integer((json_int_t)n));
	json_object_set_new(j, "score", num_or_null(o->has_score, o->score));
	return j;
}

json_t *okr_warnings(const struct okr_world *w, size_t i)
{
	struct okr_quality q = {.has_owner = w->obj[i].owner_id > 0};
	for (size_t k = 0; k < w->n_kr; k++) {
		const struct okr_key_result *r = &w->kr[k];
		if (r->objective_id != w->obj[i].id)
			continue;
		q.n_krs++;
		if (r->kr.kind == OKR_MILESTONE) {
			q.n_milestones++;
			q.n_without_date += !r->due_on[0];
		}
		if (r->kr.kind == OKR_BASELINE && !r->kr.has_target)
			q.n_without_number++;
	}
	json_t *a = json_array();
	okr_quality(&q, a);
	return a;
}

json_t *okr_objective_json(const struct okr_world *w, size_t i)
{
	const struct okr_objective *o = &w->obj[i];
	json_t *j = okr_objective_summary(w, i);
	okr_org_members(j, o->org_id);
	json_object_set_new(j, "description", json_string(o->description));
	json_object_set_new(j, "retrospective", json_string(o->retrospective));
	json_object_set_new(j, "scoreGood", json_null());
	json_object_set_new(j, "carriedFrom",
			    o->carried_from > 0 ? json_integer(o->carried_from) : json_null());
	json_object_set_new(j, "expected",
			    json_real(okr_expected(w->node[i].start, w->node[i].end, w->today)));
	json_t *parents = json_array(), *children = json_array(), *krs = json_array();
	for (size_t a = 0; a < w->n_al; a++) {
		long p = okr_world_find(w, w->al[a].parent_id), c = okr_world_find(w, w->al[a].child_id);
		if (p < 0 || c < 0)
			continue;
		if (w->al[a].child_id == o->id)
			json_array_append_new(
			    parents, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)w->obj[p].id, "title",
					       w->obj[p].title, "link", okr_links[w->al[a].link]));
		if (w->al[a].parent_id == o->id)
			json_array_append_new(
			    children, json_pack("{s:I,s:s,s:s,s:o,s:s}", "id", (json_int_t)w->obj[c].id,
						"title", w->obj[c].title, "link", okr_links[w->al[a].link],
						"progress", num_or_null(1, w->node[c].progress), "status",
						okr_statuses[w->node[c].status]));
	}
	int committed = 1;
	for (size_t k = 0; k < w->n_kr; k++) {
		if (w->kr[k].objective_id != o->id)
			continue;
		committed &= w->kr[k].commitment == OKR_COMMITTED;
		json_array_append_new(krs, okr_kr_json_origin(&w->kr[k], o, w->today, w->origin[k]));
	}
	if (o->has_score)
		json_object_set_new(
		    j, "scoreGood",
		    json_boolean(okr_score_good(o->score, committed ? OKR_COMMITTED : OKR_ASPIRATIONAL)));
	json_object_set_new(j, "parents", parents);
	json_object_set_new(j, "children", children);
	json_object_set_new(j, "keyResults", krs);
	json_object_set_new(j, "warnings", okr_warnings(w, i));
	json_object_set_new(j, "createdAt", json_string(o->created_at));
	json_object_set_new(j, "updatedAt", json_string(o->updated_at));
	return j;
}

void okr_audit_after_period(const struct api_ctx *c, int64_t objective_id)
{
	struct okr_objective o;
	if (okr_store_objective(objective_id, &o) < 0)
		return;
	if (okr_today() > okr_day(o.ends_on))
		api_audit_id(c, "okr.edit_after_period", "okr_objective", objective_id, "ok");
	okr_objectives_free(&o, 1);
}
