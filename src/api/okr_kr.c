/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr_kr: key results (create, read with their history, replace), the
 * check-in of one key result, the weekly check-in of one person (all their
 * key results on one form, saved at once), the team review and the value
 * API (one value per key result per day; writing it again changes nothing).
 * Role and organisation were checked by the pipeline.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/method_registry.h"
#include "api/initiative.h"
#include "api/kpi.h"
#include "api/okr.h"
#include "api/organisation.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/initiative_store.h"
#include "store/kpi_store.h"
#include "store/org.h"

#define NOTE_MAX 1000
#define CHECKIN_ROWS_MAX 40

static json_t *milestones_json(int64_t kr_id)
{
	size_t n;
	struct okr_milestone *m = okr_store_milestones(kr_id, &n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)m[i].id, "title",
						   m[i].title, "done", m[i].done));
	okr_milestones_free(m, n);
	free(m);
	return a;
}

/* The key result id of org as the page and API show it, with its objective
 * and history; NULL when absent. */
static json_t *kr_doc(int64_t org_id, int64_t id)
{
	struct okr_world w;
	okr_world_load(&w, org_id);
	json_t *o = NULL;
	for (size_t i = 0; i < w.n_kr && !o; i++) {
		if (w.kr[i].id != id)
			continue;
		long ob = okr_world_find(&w, w.kr[i].objective_id);
		if (ob < 0)
			break;
		o = okr_kr_json_origin(&w.kr[i], &w.obj[ob], w.today, w.origin[i]);
		json_object_set_new(o, "objective",
				    json_pack("{s:I,s:s,s:s}", "id", (json_int_t)w.obj[ob].id, "title",
					      w.obj[ob].title, "state", okr_states[w.obj[ob].state]));
		json_object_set_new(o, "period",
				    json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)w.obj[ob].period_id,
					      "name", w.obj[ob].period_name, "startsOn", w.obj[ob].starts_on,
					      "endsOn", w.obj[ob].ends_on));
		okr_org_members(o, org_id);
		json_object_set_new(o, "milestones", milestones_json(id));
		size_t n;
		struct okr_checkin *ch = okr_store_checkins(id, &n);
		json_t *hist = json_array();
		for (size_t k = 0; k < n; k++)
			json_array_append_new(
			    hist,
			    json_pack("{s:s,s:o,s:o,s:s,s:s,s:s,s:o,s:s}", "date", ch[k].on_date, "value",
				      ch[k].has_value ? json_real(ch[k].value) : json_null(), "confidence",
				      ch[k].confidence >= 0 ? json_integer(ch[k].confidence) : json_null(),
				      "changed", ch[k].changed, "blocker", ch[k].blocker, "nextStep",
				      ch[k].next_step, "by", okr_ref(ch[k].user_id, ch[k].user_name),
				      "source", okr_sources[ch[k].source]));
		okr_checkins_free(ch, n);
		free(ch);
		json_object_set_new(o, "checkins", hist);
	}
	okr_world_free(&w);
	return o;
}

int api_okr_kr_get(struct api_ctx *c, json_t **out)
{
	json_t *o = kr_doc(c->org_id, c->obj_id);
	if (!o)
		return -ERR_NOTFOUND;
	json_object_set_new(o, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	json_object_set_new(o, "canCheckIn", json_boolean(c->role >= ROLE_DEELNEMER));
	*out = o;
	return 0;
}

/* --- create and replace ------------------------------------------------- */

enum {
	K_TITLE,
	K_KIND,
	K_START,
	K_TARGET,
	K_EQUAL,
	K_UNIT,
	K_WEIGHT,
	K_OWNER,
	K_COMMIT,
	K_DUE,
	K_MILESTONES,
	K_BINDING,
	K_B_INI,
	K_B_METHOD,
	K_B_ING,
	K_KPI,
	K_BINDING_REF
};
static const struct field kr_fields[] = {
    [K_TITLE] = {.name = "title", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = OKR_TITLE_MAX},
    [K_KIND] = {.name = "kind",
		.type = FIELD_ENUM,
		.flags = FIELD_REQUIRED,
		.values = okr_kinds,
		.reason = "err.okr.kind"},
    [K_START] =
	{.name = "start", .type = FIELD_NUMBER, .nmin = -OKR_VALUE_MAX, .nmax = OKR_VALUE_MAX, .def = "0"},
    [K_TARGET] = {.name = "target",
		  .type = FIELD_NUMBER,
		  .flags = FIELD_NULLABLE,
		  .nmin = -OKR_VALUE_MAX,
		  .nmax = OKR_VALUE_MAX},
    [K_EQUAL] = {.name = "equalCounts", .type = FIELD_BOOLEAN, .def = "1"},
    [K_UNIT] = {.name = "unit", .type = FIELD_STRING, .max_len = 30},
    [K_WEIGHT] = {.name = "weight",
		  .type = FIELD_NUMBER,
		  .flags = FIELD_GT,
		  .nmin = 0,
		  .nmax = OKR_WEIGHT_MAX,
		  .reason = "err.okr.weight",
		  .def = "1"},
    [K_OWNER] = {.name = "ownerId", .type = FIELD_ID, .flags = FIELD_NULLABLE},
    [K_COMMIT] = {.name = "commitment",
		  .type = FIELD_ENUM,
		  .values = okr_commitments,
		  .reason = "err.okr.commitment",
		  .def = "toegezegd"},
    [K_DUE] = {.name = "dueOn", .type = FIELD_DATE},
    [K_MILESTONES] = {.name = "milestones", .type = FIELD_ANY},
    [K_BINDING] = {.name = "binding", .type = FIELD_OBJECT},
    [K_B_INI] = {.name = "binding.initiativeId", .type = FIELD_ID, .flags = FIELD_REQUIRED},
    [K_B_METHOD] = {.name = "binding.methodId",
		    .type = FIELD_STRING,
		    .flags = FIELD_REQUIRED,
		    .max_len = 100},
    [K_B_ING] = {.name = "binding.ingredient", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 100},
    /* a KPI series whose latest value is the key result's value (docs/kpi.md) */
    [K_KPI] = {.name = "kpiSeriesId", .type = FIELD_ID, .flags = FIELD_NULLABLE},
    /* the form's one select for a binding: "initiativeId|methodId|ingredient" (pages only) */
    [K_BINDING_REF] = {.name = "bindingRef", .type = FIELD_STRING, .max_len = 240},
};

/* Reads sub-milestones: an array of {title, done} (API) or, from a form,
 * text with one per line where a line starting with "[x]" is done. */
static size_t read_milestones(struct api_ctx *c, const json_t *v, struct okr_milestone *m, char **hold)
{
	size_t n = 0;
	*hold = NULL;
	if (!v)
		return 0;
	if (c->is_page && json_is_string(v)) {
		char *s = *hold = xstrdup(json_string_value(v));
		for (char *line = strtok(s, "\r\n"); line; line = strtok(NULL, "\r\n")) {
			while (*line == ' ' || *line == '\t')
				line++;
			int done = 0;
			if (!strncmp(line, "[x]", 3) || !strncmp(line, "[X]", 3)) {
				done = 1;
				line += 3;
			} else if (!strncmp(line, "[ ]", 3)) {
				line += 3;
			}
			while (*line == ' ')
				line++;
			if (!*line)
				continue;
			if (n == OKR_MILESTONES_MAX || strlen(line) > 4 * OKR_TITLE_MAX) {
				problem_add(c->invalid, "milestones", "err.okr.milestones");
				return 0;
			}
			m[n++] = (struct okr_milestone){0, line, done};
		}
		return n;
	}
	if (!json_is_array(v) || json_array_size(v) > OKR_MILESTONES_MAX) {
		problem_add(c->invalid, "milestones", "err.okr.milestones");
		return 0;
	}
	static const struct field ms_fields[] = {
	    {.name = "title", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = OKR_TITLE_MAX},
	    {.name = "done", .type = FIELD_BOOLEAN, .def = "0"},
	};
	for (size_t i = 0; i < json_array_size(v); i++) {
		char prefix[40];
		snprintf(prefix, sizeof prefix, "milestones.%zu", i);
		const json_t *row = json_array_get(v, i);
		struct field_value f[2];
		if (!json_is_object(row)) {
			problem_add(c->invalid, prefix, "err.type_object");
			continue;
		}
		if (field_check(row, ms_fields, 2, 0, prefix, f, c->invalid) == 0)
			m[n++] = (struct okr_milestone){0, (char *)f[0].s, f[1].b};
	}
	return n;
}

/* Checks a binding (initiative, method, ingredient); problems on the field names given. */
static int check_binding(struct api_ctx *c, int64_t ini, const char *mid, const char *ing, const char *f_ini,
			 const char *f_method, const char *f_ing)
{
	if (initiative_store_org(ini) != c->org_id) {
		problem_add(c->invalid, f_ini, "err.okr.initiative_unknown");
		return -ERR_INVALID;
	}
	const struct method *m = method_registry_get(mid);
	if (!m) {
		problem_add(c->invalid, f_method, "err.okr.binding_method");
		return -ERR_INVALID;
	}
	for (size_t i = 0; i < m->n_ingredients; i++)
		if (!strcmp(m->ingredients[i].id, ing))
			return 0;
	problem_add(c->invalid, f_ing, "err.okr.binding_ingredient");
	return -ERR_INVALID;
}

static void set_binding(struct okr_kr_in *in, struct buf *ref, int64_t ini, const char *mid, const char *ing)
{
	in->source = OKR_SOURCE_ASSESSMENT;
	json_t *r =
	    json_pack("{s:I,s:s,s:s}", "initiativeId", (json_int_t)ini, "methodId", mid, "ingredient", ing);
	char *s = json_dumps(r, JSON_COMPACT | JSON_SORT_KEYS);
	buf_puts(ref, s);
	free(s);
	json_decref(r);
	in->source_ref = buf_str(ref);
}

/* Reads and checks a key result body into in, milestones into m. */
static int read_kr(struct api_ctx *c, struct okr_kr_in *in, struct okr_milestone *m, size_t *nm, char **hold,
		   struct buf *ref, int64_t *kpi_series)
{
	struct field_value v[FIELD_COUNT(kr_fields)];
	api_fields(c, kr_fields, FIELD_COUNT(kr_fields) - !c->is_page, v);
	if (!c->is_page)
		v[K_BINDING_REF] = (struct field_value){0};
	in->title = v[K_TITLE].s;
	in->kind = v[K_KIND].ok ? (enum okr_kind)v[K_KIND].i : OKR_INCREASE;
	in->start = v[K_START].ok ? v[K_START].d : 0;
	in->has_target = v[K_TARGET].set && v[K_TARGET].ok;
	in->target = in->has_target ? v[K_TARGET].d : 0;
	in->equal_counts = v[K_EQUAL].ok ? v[K_EQUAL].b : 1;
	in->unit = v[K_UNIT].s;
	in->weight = v[K_WEIGHT].ok ? v[K_WEIGHT].d : 1;
	in->commitment = v[K_COMMIT].ok ? (enum okr_commitment)v[K_COMMIT].i : OKR_COMMITTED;
	in->due_on = v[K_DUE].s;
	in->source = OKR_SOURCE_MANUAL;
	in->source_ref = "";
	if (v[K_OWNER].set && v[K_OWNER].ok) {
		if (org_role(c->org_id, v[K_OWNER].i) == ROLE_NONE)
			problem_add(c->invalid, "ownerId", "err.okr.not_member");
		else
			in->owner_id = v[K_OWNER].i;
	}
	if (v[K_KIND].ok) {
		int needs = in->kind == OKR_INCREASE || in->kind == OKR_DECREASE || in->kind == OKR_ABOVE ||
			    in->kind == OKR_BELOW;
		if (needs && !v[K_TARGET].set)
			problem_add(c->invalid, "target", "err.okr.target_required");
		else if (in->kind == OKR_INCREASE && in->has_target && in->target <= in->start)
			problem_add(c->invalid, "target", "err.okr.target_above_start");
		else if (in->kind == OKR_DECREASE && in->has_target && in->target >= in->start)
			problem_add(c->invalid, "target", "err.okr.target_below_start");
		if (in->kind == OKR_MILESTONE) {
			in->has_target = 0;
			in->start = 0;
		}
	}
	*nm = read_milestones(c, v[K_MILESTONES].j, m, hold);
	if (*nm && in->kind != OKR_MILESTONE)
		problem_add(c->invalid, "milestones", "err.okr.milestones_kind");
	if (v[K_BINDING].set && v[K_B_INI].ok && v[K_B_METHOD].ok && v[K_B_ING].ok &&
	    check_binding(c, v[K_B_INI].i, v[K_B_METHOD].s, v[K_B_ING].s, "binding.initiativeId",
			  "binding.methodId", "binding.ingredient") == 0)
		set_binding(in, ref, v[K_B_INI].i, v[K_B_METHOD].s, v[K_B_ING].s);
	if (v[K_BINDING_REF].set && v[K_BINDING_REF].ok) {
		char mid[120], ing[120];
		long long ini;
		if (sscanf(v[K_BINDING_REF].s, "%lld|%119[^|]|%119s", &ini, mid, ing) != 3)
			problem_add(c->invalid, "bindingRef", "err.okr.binding_method");
		else if (check_binding(c, ini, mid, ing, "bindingRef", "bindingRef", "bindingRef") == 0)
			set_binding(in, ref, ini, mid, ing);
	}
	/* bound to a KPI series of the organisation (kept in the kpi module) */
	*kpi_series = 0;
	if (v[K_KPI].set && v[K_KPI].ok) {
		if (kpi_store_series_org(v[K_KPI].i) != c->org_id)
			problem_add(c->invalid, "kpiSeriesId", "err.okr.kpi_unknown");
		else if (in->source == OKR_SOURCE_ASSESSMENT)
			problem_add(c->invalid, "kpiSeriesId", "err.okr.binding_both");
		else
			*kpi_series = v[K_KPI].i;
	}
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

int api_okr_kr_create(struct api_ctx *c, json_t **out)
{
	struct okr_kr_in in = {.objective_id = c->obj_id};
	struct okr_milestone m[OKR_MILESTONES_MAX];
	size_t nm = 0;
	char *hold;
	struct buf ref = BUF_INIT;
	int64_t kpi = 0;
	int rc = read_kr(c, &in, m, &nm, &hold, &ref, &kpi);
	if (rc < 0) {
		free(hold);
		buf_free(&ref);
		api_audit_id(c, "okr.kr.create", "okr_objective", c->obj_id, "invalid");
		return rc;
	}
	int64_t id = okr_store_kr_create(&in);
	if (id > 0)
		okr_store_milestones_set(id, m, nm);
	if (id > 0 && kpi > 0)
		kpi_store_kr_bind(id, kpi);
	free(hold);
	buf_free(&ref);
	if (id < 0)
		return (int)id;
	api_audit_id(c, "okr.kr.create", "okr_kr", id, "ok");
	okr_audit_after_period(c, c->obj_id);
	c->status = 201;
	snprintf(c->location, sizeof c->location,
		 c->is_page ? "/doelen/%lld#kernresultaten" : "/kernresultaten/%lld",
		 c->is_page ? (long long)c->obj_id : (long long)id);
	*out = kr_doc(c->org_id, id);
	if (!*out)
		return -ERR_NOTFOUND;
	json_object_set_new(*out, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	json_object_set_new(*out, "canCheckIn", json_boolean(c->role >= ROLE_DEELNEMER));
	return 0;
}

int api_okr_kr_update(struct api_ctx *c, json_t **out)
{
	struct okr_key_result old;
	if (okr_store_kr(c->obj_id, &old) < 0)
		return -ERR_NOTFOUND;
	struct okr_kr_in in = {.objective_id = old.objective_id, .carried_from = old.carried_from};
	okr_krs_free(&old, 1);
	struct okr_milestone m[OKR_MILESTONES_MAX];
	size_t nm = 0;
	char *hold;
	struct buf ref = BUF_INIT;
	int64_t kpi = 0;
	int rc = read_kr(c, &in, m, &nm, &hold, &ref, &kpi);
	if (rc == 0)
		rc = okr_store_kr_update(c->obj_id, &in);
	if (rc == 0) {
		okr_store_milestones_set(c->obj_id, m, nm);
		kpi_store_kr_bind(c->obj_id, kpi);
	}
	free(hold);
	buf_free(&ref);
	if (rc == -ERR_INVALID)
		api_audit_id(c, "okr.kr.update", "okr_kr", c->obj_id, "invalid");
	if (rc < 0)
		return rc;
	api_audit_id(c, "okr.kr.update", "okr_kr", c->obj_id, "ok");
	okr_audit_after_period(c, in.objective_id);
	snprintf(c->location, sizeof c->location, "/kernresultaten/%lld", (long long)c->obj_id);
	return api_okr_kr_get(c, out);
}

/* The form's choices of a binding: every ingredient of every method for
 * each initiative of the organisation ("initiativeId|methodId|ingredient"). */
static json_t *binding_choices(int64_t org_id, const char *lang)
{
	json_t *ini = api_initiative_summaries(org_id), *r, *a = json_array();
	size_t i;
	json_array_foreach (ini, i, r) {
		json_int_t id = json_integer_value(json_object_get(r, "id"));
		for (size_t m = 0; m < method_registry_count(); m++) {
			const struct method *me = method_registry_at(m);
			for (size_t k = 0; k < me->n_ingredients; k++) {
				char value[300];
				struct buf label = BUF_INIT;
				const char *mt = method_text_get(&me->title, lang),
					   *it = method_text_get(&me->ingredients[k].title, lang);
				snprintf(value, sizeof value, "%lld|%s|%s", (long long)id, me->id,
					 me->ingredients[k].id);
				buf_printf(&label, "%s · %s · %s",
					   json_string_value(json_object_get(r, "name")), mt ? mt : me->id,
					   it ? it : me->ingredients[k].id);
				json_array_append_new(
				    a, json_pack("{s:s,s:s}", "value", value, "label", buf_str(&label)));
				buf_free(&label);
			}
		}
	}
	json_decref(ini);
	return a;
}

/* The form's choices of a KPI series: every series of the organisation. */
static json_t *kpi_choices(int64_t org_id)
{
	size_t n;
	struct kpi_series *s = kpi_store_series_list(0, org_id, &n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		struct buf label = BUF_INIT;
		buf_printf(&label, "%s · %s%s%s%s", s[i].initiative_name, s[i].name, *s[i].unit ? " (" : "",
			   s[i].unit, *s[i].unit ? ")" : "");
		json_array_append_new(
		    a, json_pack("{s:I,s:s}", "id", (json_int_t)s[i].id, "label", buf_str(&label)));
		buf_free(&label);
	}
	kpi_series_free(s, n);
	free(s);
	return a;
}

/* The objective of the new-key-result form, and the form's choices. */
int api_okr_kr_new_form(struct api_ctx *c, json_t **out)
{
	struct okr_objective o;
	if (okr_store_objective(c->obj_id, &o) < 0)
		return -ERR_NOTFOUND;
	json_t *mem = api_members(c->org_id), *members = json_array(), *r;
	size_t i;
	json_array_foreach (mem, i, r)
		json_array_append_new(members, okr_ref(json_integer_value(json_object_get(r, "id")),
						       json_string_value(json_object_get(r, "name"))));
	json_decref(mem);
	json_t *d =
	    json_pack("{s:{s:I,s:s},s:o,s:s,s:s,s:b,s:I,s:s}", "objective", "id", (json_int_t)o.id, "title",
		      o.title, "members", members, "kind", "stijgen", "commitment", "toegezegd",
		      "equalCounts", 1, "ownerId", (json_int_t)c->user_id, "weight", "1");
	okr_org_members(d, c->org_id);
	json_object_set_new(d, "bindings", binding_choices(c->org_id, c->lang));
	json_object_set_new(d, "kpiChoices", kpi_choices(c->org_id));
	okr_objectives_free(&o, 1);
	*out = d;
	return 0;
}

/* The edit form of a key result: the key result and the form's choices. */
int api_okr_kr_edit_form(struct api_ctx *c, json_t **out)
{
	int rc = api_okr_kr_get(c, out);
	if (rc < 0)
		return rc;
	json_t *mem = api_members(c->org_id), *members = json_array(), *r;
	size_t i;
	json_array_foreach (mem, i, r)
		json_array_append_new(members, okr_ref(json_integer_value(json_object_get(r, "id")),
						       json_string_value(json_object_get(r, "name"))));
	json_decref(mem);
	json_object_set_new(*out, "members", members);
	json_object_set(*out, "ownerId", json_object_get(json_object_get(*out, "owner"), "id"));
	json_object_set_new(*out, "bindings", binding_choices(c->org_id, c->lang));
	json_object_set_new(*out, "kpiChoices", kpi_choices(c->org_id));
	json_object_set(*out, "kpiSeriesId", json_object_get(json_object_get(*out, "kpiSeries"), "id"));
	json_t *b = json_object_get(*out, "binding");
	if (json_is_object(b)) {
		char value[300];
		snprintf(value, sizeof value, "%lld|%s|%s",
			 (long long)json_integer_value(json_object_get(b, "initiativeId")),
			 json_string_value(json_object_get(b, "methodId")),
			 json_string_value(json_object_get(b, "ingredient")));
		json_object_set_new(*out, "bindingRef", json_string(value));
	}
	return 0;
}

/* --- check-ins ---------------------------------------------------------- */

enum { C_KR, C_VALUE, C_CONF, C_CHANGED, C_BLOCKER, C_NEXT, C_DONE, C_MS, C_DATE };
static const struct field checkin_fields[] = {
    [C_KR] = {.name = "keyResultId", .type = FIELD_ID, .flags = FIELD_REQUIRED},
    [C_VALUE] = {.name = "value",
		 .type = FIELD_NUMBER,
		 .flags = FIELD_NULLABLE,
		 .nmin = -OKR_VALUE_MAX,
		 .nmax = OKR_VALUE_MAX},
    [C_CONF] = {.name = "confidence", .type = FIELD_INTEGER, .flags = FIELD_NULLABLE, .min = 0, .max = 10},
    [C_CHANGED] = {.name = "changed", .type = FIELD_STRING, .max_len = NOTE_MAX},
    [C_BLOCKER] = {.name = "blocker", .type = FIELD_STRING, .max_len = NOTE_MAX},
    [C_NEXT] = {.name = "nextStep", .type = FIELD_STRING, .max_len = NOTE_MAX},
    [C_DONE] = {.name = "done", .type = FIELD_BOOLEAN, .flags = FIELD_NULLABLE},
    [C_MS] = {.name = "milestonesDone", .type = FIELD_ANY},
    [C_DATE] = {.name = "date", .type = FIELD_DATE},
};

/* Sets the done flags of kr's sub-milestones from v: an array of ids
 * (API) or form checkboxes keyed by id. */
static void set_milestones_done(struct api_ctx *c, int64_t kr_id, const json_t *v, const char *name)
{
	size_t n;
	struct okr_milestone *m = okr_store_milestones(kr_id, &n);
	if (json_is_array(v) || (c->is_page && json_is_object(v)) || (c->is_page && !v && n)) {
		for (size_t i = 0; i < n; i++) {
			m[i].done = 0;
			char key[24];
			snprintf(key, sizeof key, "%lld", (long long)m[i].id);
			if (json_is_object(v))
				m[i].done = json_object_get(v, key) != NULL;
			for (size_t k = 0; json_is_array(v) && k < json_array_size(v); k++)
				m[i].done |= json_integer_value(json_array_get(v, k)) == m[i].id;
		}
		okr_store_milestones_set(kr_id, m, n);
	} else if (v) {
		problem_add(c->invalid, name, "err.okr.milestones_done");
	}
	okr_milestones_free(m, n);
	free(m);
}

/* Reads one check-in row (prefix names its problems) and writes it for
 * day; kr_id > 0 fixes the key result (the single check-in route).
 * Returns 0, or -ERR_INVALID with problems added. */
static int checkin_row(struct api_ctx *c, const json_t *row, const char *prefix, int64_t kr_id,
		       const char *day, int write)
{
	struct field_value v[FIELD_COUNT(checkin_fields)];
	size_t nf = FIELD_COUNT(checkin_fields);
	json_t *copy = json_deep_copy(row);
	if (kr_id > 0)
		json_object_set_new(copy, "keyResultId", json_integer(kr_id));
	else
		nf--; /* the weekly form writes today only */
	int rc = field_check(copy, checkin_fields, nf, c->is_page, prefix, v, c->invalid);
	struct buf name = BUF_INIT;
	struct okr_key_result k = {0};
	int have = 0;
	if (v[C_KR].ok) {
		if (okr_store_kr_org(v[C_KR].i) != c->org_id || okr_store_kr(v[C_KR].i, &k) < 0) {
			buf_printf(&name, "%s%skeyResultId", prefix ? prefix : "", prefix ? "." : "");
			problem_add(c->invalid, buf_str(&name), "err.okr.kr_unknown");
			rc = -ERR_INVALID;
		} else {
			have = 1;
		}
	}
	/* the API names sub-milestones by id: whole numbers from 1 */
	const json_t *msd = v[C_MS].j;
	if (msd && !c->is_page) {
		if (!json_is_array(msd)) {
			buf_reset(&name);
			buf_printf(&name, "%s%smilestonesDone", prefix ? prefix : "", prefix ? "." : "");
			problem_add(c->invalid, buf_str(&name), "err.okr.milestones_done");
			rc = -ERR_INVALID;
		}
		for (size_t i = 0; json_is_array(msd) && i < json_array_size(msd); i++) {
			const json_t *e = json_array_get(msd, i);
			if (json_is_integer(e) && json_integer_value(e) >= 1)
				continue;
			buf_reset(&name);
			buf_printf(&name, "%s%smilestonesDone.%zu", prefix ? prefix : "", prefix ? "." : "",
				   i);
			problem_add(c->invalid, buf_str(&name), "err.okr.milestones_done");
			rc = -ERR_INVALID;
		}
	}
	const char *on = kr_id > 0 && v[C_DATE].set ? v[C_DATE].s : day;
	if (have && okr_day(on) > okr_day(day) + 1) {
		problem_add(c->invalid, "date", "err.okr.date_future");
		rc = -ERR_INVALID;
	}
	if (rc == 0 && write) {
		struct okr_checkin_in in = {
		    .kr_id = v[C_KR].i,
		    .user_id = c->user_id,
		    .on_date = on,
		    .confidence = -1,
		    .changed = v[C_CHANGED].s,
		    .blocker = v[C_BLOCKER].s,
		    .next_step = v[C_NEXT].s,
		    .source = OKR_SOURCE_MANUAL,
		};
		if (v[C_VALUE].set && v[C_VALUE].ok) {
			in.has_value = 1;
			in.value = v[C_VALUE].d;
		}
		if (v[C_CONF].set && v[C_CONF].ok)
			in.confidence = (int)v[C_CONF].i;
		if (k.kr.kind == OKR_MILESTONE && k.kr.sub_total == 0) {
			/* a checkbox sends nothing when unticked: on the form that means "not done" */
			int done = v[C_DONE].set ? v[C_DONE].b
				   : c->is_page	 ? 0
						 : (in.has_value && in.value >= 1);
			if (v[C_DONE].set || c->is_page) {
				in.has_value = 1;
				in.value = done ? 1 : 0;
			}
		}
		if (k.kr.kind == OKR_MILESTONE && k.kr.sub_total > 0) {
			buf_reset(&name);
			buf_printf(&name, "%s%smilestonesDone", prefix ? prefix : "", prefix ? "." : "");
			set_milestones_done(c, k.id, v[C_MS].j, buf_str(&name));
		}
		okr_store_checkin_put(&in);
	}
	if (have)
		okr_krs_free(&k, 1);
	buf_free(&name);
	json_decref(copy);
	return json_array_size(c->invalid) ? -ERR_INVALID : rc;
}

int api_okr_checkin_create(struct api_ctx *c, json_t **out)
{
	char today[11];
	okr_date(okr_today(), today);
	if (checkin_row(c, c->body, NULL, c->obj_id, today, 1) < 0) {
		api_audit_id(c, "okr.checkin", "okr_kr", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	api_audit_id(c, "okr.checkin", "okr_kr", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/kernresultaten/%lld", (long long)c->obj_id);
	return api_okr_kr_get(c, out);
}

/* --- the value API ------------------------------------------------------ */

static const struct field value_fields[] = {
    {.name = "value",
     .type = FIELD_NUMBER,
     .flags = FIELD_REQUIRED,
     .nmin = -OKR_VALUE_MAX,
     .nmax = OKR_VALUE_MAX},
    {.name = "confidence", .type = FIELD_INTEGER, .flags = FIELD_NULLABLE, .min = 0, .max = 10},
    {.name = "note", .type = FIELD_STRING, .max_len = NOTE_MAX},
};

int api_okr_value_put(struct api_ctx *c, json_t **out)
{
	struct field_value v[3];
	char day[11], today[11];
	okr_date(c->ids[1], day);
	okr_date(okr_today(), today);
	api_fields(c, value_fields, 3, v);
	if (c->ids[1] > okr_today() + 1)
		problem_add(c->invalid, "datum", "err.okr.date_future");
	if (json_array_size(c->invalid)) {
		api_audit_id(c, "okr.value", "okr_kr", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	struct okr_checkin_in in = {
	    .kr_id = c->obj_id,
	    .user_id = c->user_id,
	    .on_date = day,
	    .has_value = 1,
	    .value = v[0].d,
	    .confidence = v[1].set && v[1].ok ? (int)v[1].i : -1,
	    .changed = v[2].s,
	    .source = OKR_SOURCE_API,
	};
	int created = okr_store_checkin_put(&in);
	api_audit_id(c, "okr.value", "okr_kr", c->obj_id, "ok");
	json_t *kr = kr_doc(c->org_id, c->obj_id);
	if (!kr)
		return -ERR_NOTFOUND;
	*out = json_pack(
	    "{s:I,s:s,s:f,s:o,s:b,s:O,s:O}", "keyResultId", (json_int_t)c->obj_id, "date", day, "value",
	    v[0].d, "confidence", in.confidence >= 0 ? json_integer(in.confidence) : json_null(), "created",
	    created, "progress", json_object_get(kr, "progress"), "status", json_object_get(kr, "status"));
	json_decref(kr);
	return 0;
}

/* --- the weekly check-in of one person ---------------------------------- */

/* Monday of the week of day d (1970-01-01 was a Thursday). */
static int64_t monday_of(int64_t d)
{
	return d - (((d + 3) % 7 + 7) % 7);
}

int api_okr_checkin_page(struct api_ctx *c, json_t **out)
{
	struct okr_world w;
	okr_world_load(&w, c->org_id);
	json_t *list = json_array();
	const json_t *typed = json_object_get(c->body, "checkins");
	size_t row = 0;
	for (size_t i = 0; i < w.n_kr; i++) {
		long ob = okr_world_find(&w, w.kr[i].objective_id);
		if (ob < 0 || w.obj[ob].state == OKR_CLOSED || w.kr[i].source == OKR_SOURCE_ASSESSMENT ||
		    w.kr[i].source == OKR_SOURCE_KPI)
			continue;
		int64_t owner = w.kr[i].owner_id ? w.kr[i].owner_id : w.obj[ob].owner_id;
		if (owner != c->user_id || w.today < w.node[ob].start || w.today > w.node[ob].end)
			continue;
		json_t *k = okr_kr_json_origin(&w.kr[i], &w.obj[ob], w.today, NULL);
		json_object_set_new(
		    k, "objective",
		    json_pack("{s:I,s:s}", "id", (json_int_t)w.obj[ob].id, "title", w.obj[ob].title));
		json_object_set_new(k, "milestones", milestones_json(w.kr[i].id));
		/* shown again after a refused submit: what was typed in this row */
		char key[24];
		snprintf(key, sizeof key, "%zu", row++);
		const json_t *t = json_is_object(typed) ? json_object_get(typed, key) : NULL;
		if (c->is_page && json_is_object(t))
			json_object_set_new(k, "typed", json_deep_copy(t));
		json_array_append_new(list, k);
	}
	char today[11], monday[11];
	okr_date(w.today, today);
	okr_date(monday_of(w.today), monday);
	okr_world_free(&w);
	json_t *o = json_pack("{s:s,s:s,s:b,s:o}", "today", today, "weekStart", monday, "checkedInThisWeek",
			      okr_store_checked_in_since(c->user_id, c->org_id, monday), "keyResults", list);
	okr_org_members(o, c->org_id);
	const char *saved = json_string_value(json_object_get(c->query, "opgeslagen"));
	json_object_set_new(o, "saved", saved ? json_integer(atoi(saved)) : json_null());
	*out = o;
	return 0;
}

/* A problem in a row of the weekly form is labelled with its key result's
 * title and the field ("Wachttijd: Waarde"), so the error summary says which. */
static void label_rows(struct api_ctx *c, const json_t *rows)
{
	size_t i;
	json_t *p;
	json_array_foreach (c->invalid, i, p) {
		const char *name = json_string_value(json_object_get(p, "name"));
		char key[24], field[64];
		if (!name || sscanf(name, "checkins.%23[^.].%63s", key, field) != 2)
			continue;
		const json_t *row = json_is_array(rows) ? json_array_get(rows, (size_t)atol(key))
							: json_object_get(rows, key);
		const json_t *id = json_object_get(row, "keyResultId");
		int64_t kr = json_is_integer(id)  ? json_integer_value(id)
			     : json_is_string(id) ? atoll(json_string_value(id))
						  : 0;
		struct okr_key_result k;
		if (kr <= 0 || okr_store_kr_org(kr) != c->org_id || okr_store_kr(kr, &k) < 0)
			continue;
		char fkey[80];
		snprintf(fkey, sizeof fkey, "field.%s", field);
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s: %s", k.title, i18n_t(c->lang, fkey));
		json_object_set_new(p, "label", json_string(buf_str(&b)));
		buf_free(&b);
		okr_krs_free(&k, 1);
	}
}

int api_okr_checkin_batch(struct api_ctx *c, json_t **out)
{
	static const struct field batch_fields[] = {
	    {.name = "checkins", .type = FIELD_ANY, .flags = FIELD_REQUIRED},
	};
	struct field_value v[1];
	char today[11];
	okr_date(okr_today(), today);
	api_fields(c, batch_fields, 1, v);
	const json_t *rows = v[0].j;
	size_t n = 0;
	if (v[0].ok && !json_is_array(rows) && !(c->is_page && json_is_object(rows)))
		problem_add(c->invalid, "checkins", "err.okr.checkins");
	else if (v[0].ok &&
		 (json_is_array(rows) ? json_array_size(rows) : json_object_size(rows)) > CHECKIN_ROWS_MAX)
		problem_add(c->invalid, "checkins", "err.okr.checkins");
	/* check every row first, then write them all: one bad row writes none */
	for (int write = 0; write < 2 && !json_array_size(c->invalid) && v[0].ok; write++) {
		n = 0;
		if (json_is_array(rows)) {
			for (size_t i = 0; i < json_array_size(rows); i++) {
				char prefix[40];
				snprintf(prefix, sizeof prefix, "checkins.%zu", i);
				const json_t *r = json_array_get(rows, i);
				if (!json_is_object(r))
					problem_add(c->invalid, prefix, "err.type_object");
				else
					checkin_row(c, r, prefix, 0, today, write);
				n++;
			}
		} else {
			const char *key;
			json_t *r;
			json_object_foreach ((json_t *)rows, key, r) {
				char prefix[80];
				snprintf(prefix, sizeof prefix, "checkins.%s", key);
				if (!json_is_object(r))
					problem_add(c->invalid, prefix, "err.type_object");
				else
					checkin_row(c, r, prefix, 0, today, write);
				n++;
			}
		}
	}
	if (json_array_size(c->invalid)) {
		label_rows(c, rows);
		api_audit_id(c, "okr.checkin.week", "org", c->org_id, "invalid");
		return -ERR_INVALID;
	}
	api_audit_id(c, "okr.checkin.week", "org", c->org_id, "ok");
	snprintf(c->location, sizeof c->location, "/organisaties/%s/check-in?opgeslagen=%zu", c->param[0], n);
	int rc = api_okr_checkin_page(c, out);
	if (rc == 0)
		json_object_set_new(*out, "saved", json_integer((json_int_t)n));
	return rc;
}

/* --- the team review ---------------------------------------------------- */

/* A key result in the review with what it is sorted on. */
struct review_item {
	json_t *doc;
	enum okr_status status;
	const char *title; /* borrowed from doc */
};

/* Stale first, then off track, at risk, on track, none; then by title. */
static int by_urgency(const void *a, const void *b)
{
	const struct review_item *x = a, *y = b;
	int rx = x->status == OKR_STATUS_NONE ? -1 : (int)x->status;
	int ry = y->status == OKR_STATUS_NONE ? -1 : (int)y->status;
	if (rx != ry)
		return ry - rx;
	return strcmp(x->title, y->title);
}

int api_okr_review(struct api_ctx *c, json_t **out)
{
	struct okr_team t;
	if (okr_store_team(c->obj_id, &t) < 0)
		return -ERR_NOTFOUND;
	struct okr_world w;
	okr_world_load(&w, t.org_id);
	int64_t week_ago = w.today - 7;
	struct review_item *items = xcalloc(w.n_kr + 1, sizeof *items);
	size_t n = 0;
	for (size_t i = 0; i < w.n_kr; i++) {
		long ob = okr_world_find(&w, w.kr[i].objective_id);
		if (ob < 0 || w.obj[ob].state == OKR_CLOSED || w.today < w.node[ob].start ||
		    w.today > w.node[ob].end)
			continue;
		int64_t owner = w.kr[i].owner_id ? w.kr[i].owner_id : w.obj[ob].owner_id;
		if (w.obj[ob].team_id != t.id && !(owner && okr_store_team_has_member(t.id, owner)))
			continue;
		json_t *k = okr_kr_json_origin(&w.kr[i], &w.obj[ob], w.today, w.origin[i]);
		json_object_set_new(
		    k, "objective",
		    json_pack("{s:I,s:s}", "id", (json_int_t)w.obj[ob].id, "title", w.obj[ob].title));
		size_t nc;
		struct okr_checkin *ch = okr_store_checkins(w.kr[i].id, &nc);
		int has_prev = 0;
		double prev = 0;
		const struct okr_checkin *last = nc ? &ch[nc - 1] : NULL;
		for (size_t q = 0; q < nc; q++)
			if (okr_day(ch[q].on_date) <= week_ago && ch[q].has_value) {
				has_prev = 1;
				prev = ch[q].value;
			}
		json_object_set_new(k, "previousValue", has_prev ? json_real(prev) : json_null());
		json_object_set_new(k, "change",
				    has_prev && w.kr[i].kr.has_value ? json_real(w.kr[i].kr.value - prev)
								     : json_null());
		json_object_set_new(k, "lastNote",
				    last ? json_pack("{s:s,s:s,s:s,s:s}", "date", last->on_date, "changed",
						     last->changed, "blocker", last->blocker, "nextStep",
						     last->next_step)
					 : json_null());
		okr_checkins_free(ch, nc);
		free(ch);
		items[n++] = (struct review_item){
		    k, okr_kr_status(&w.kr[i].kr, w.node[ob].start, w.node[ob].end, w.today), w.kr[i].title};
	}
	qsort(items, n, sizeof *items, by_urgency);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, items[i].doc);
	free(items);
	char monday[11];
	okr_date(monday_of(w.today), monday);
	okr_world_free(&w);
	size_t nm;
	struct okr_member *m = okr_store_team_members(t.id, &nm);
	json_t *missing = json_array();
	for (size_t i = 0; i < nm; i++)
		if (!okr_store_checked_in_since(m[i].user_id, t.org_id, monday))
			json_array_append_new(missing, okr_ref(m[i].user_id, m[i].name));
	okr_members_free(m, nm);
	free(m);
	json_t *o = json_pack("{s:{s:I,s:s},s:s,s:o,s:o}", "team", "id", (json_int_t)t.id, "name", t.name,
			      "weekStart", monday, "notCheckedIn", missing, "keyResults", list);
	okr_org_members(o, t.org_id);
	okr_teams_free(&t, 1);
	*out = o;
	return 0;
}
