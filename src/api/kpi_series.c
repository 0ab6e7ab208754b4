/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kpi_series: KPI series of an initiative (list, create, read with their
 * values, replace, delete) and the documents the kpi handlers share.
 * Role and organisation were checked by the pipeline.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/initiative.h"
#include "api/kpi.h"
#include "api/metrics_growth.h"
#include "api/organisation.h"
#include "domain/okr.h"
#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/kpi_store.h"
#include "store/okr_store.h"

#define KR_LIST_MAX 50

int64_t kpi_today(void)
{
	return time_utc_day(); /* the day only: answers that need it are kept all day (http/rcache.h) */
}

static json_t *num_or_null(int has, double v)
{
	return has && isfinite(v) ? json_real(v) : json_null();
}

static json_t *point_json(const struct kpi_value *v)
{
	return v ? json_pack("{s:s,s:f}", "date", v->date, "value", v->value) : json_null();
}

/* Sets the computed members of a series from its values. */
static void put_figures(json_t *j, const struct kpi_series *s, const struct kpi_value *v, size_t n,
			int64_t today)
{
	struct kpi_point *p = xcalloc(n + 1, sizeof *p);
	for (size_t i = 0; i < n; i++)
		p[i] = (struct kpi_point){okr_day(v[i].date), v[i].value};
	long last = kpi_latest(p, n, today), first = kpi_first(p, n);
	double progress = NAN;
	if (last >= 0 && s->has_target)
		progress = kpi_progress(p[first].value, p[last].value, s->target, s->direction);
	json_object_set_new(j, "latest", point_json(last >= 0 ? &v[last] : NULL));
	json_object_set_new(j, "baseline", point_json(first >= 0 ? &v[first] : NULL));
	json_object_set_new(j, "progress", num_or_null(!isnan(progress), progress));
	json_object_set_new(j, "targetMet",
			    last >= 0 && s->has_target
				? json_boolean(kpi_target_met(p[last].value, s->target, s->direction))
				: json_null());
	json_object_set_new(j, "valueCount", json_integer((json_int_t)n));
	free(p);
}

static json_t *series_base(const struct kpi_series *s)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(s->id));
	json_object_set_new(
	    j, "initiative",
	    json_pack("{s:I,s:s}", "id", (json_int_t)s->initiative_id, "name", s->initiative_name));
	json_object_set_new(j, "name", json_string(s->name));
	json_object_set_new(j, "unit", json_string(s->unit));
	json_object_set_new(j, "kind", json_string(kpi_kind_name(s->kind)));
	json_object_set_new(j, "direction", json_string(kpi_direction_name(s->direction)));
	json_object_set_new(j, "target", num_or_null(s->has_target, s->target));
	json_object_set_new(j, "targetDate", s->target_date[0] ? json_string(s->target_date) : json_null());
	json_object_set_new(j, "description", json_string(s->description));
	json_object_set_new(j, "createdAt", json_string(s->created_at));
	json_object_set_new(j, "updatedAt", json_string(s->updated_at));
	return j;
}

json_t *kpi_series_summary(const struct kpi_series *s, int64_t today)
{
	json_t *j = series_base(s);
	size_t n;
	struct kpi_value *v = kpi_store_values(s->id, &n);
	put_figures(j, s, v, n, today);
	kpi_values_free(v, n);
	return j;
}

json_t *kpi_kr_binding(int64_t kr_id, int64_t today, int *has_value, double *value)
{
	*has_value = 0;
	int64_t sid = kpi_store_kr_series(kr_id);
	struct kpi_series s;
	if (sid <= 0 || kpi_store_series_get(sid, &s) < 0)
		return NULL;
	size_t n;
	struct kpi_value *v = kpi_store_values(sid, &n);
	struct kpi_point *p = xcalloc(n + 1, sizeof *p);
	for (size_t i = 0; i < n; i++)
		p[i] = (struct kpi_point){okr_day(v[i].date), v[i].value};
	long last = kpi_latest(p, n, today);
	json_t *b = json_pack("{s:I,s:s,s:s,s:I,s:o,s:o}", "id", (json_int_t)s.id, "name", s.name, "unit",
			      s.unit, "initiativeId", (json_int_t)s.initiative_id, "date",
			      last >= 0 ? json_string(v[last].date) : json_null(), "value",
			      last >= 0 ? json_real(v[last].value) : json_null());
	if (last >= 0) {
		*has_value = 1;
		*value = v[last].value;
	}
	double mv; /* a series that follows a growth metric: its value now */
	if (api_growth_series_value(sid, s.initiative_id, &mv)) {
		char d[11];
		okr_date(today, d);
		json_object_set_new(b, "date", json_string(d));
		json_object_set_new(b, "value", isnan(mv) ? json_null() : json_real(mv));
		*has_value = !isnan(mv);
		*value = isnan(mv) ? 0 : mv;
	}
	free(p);
	kpi_values_free(v, n);
	kpi_series_free(&s, 1);
	return b;
}

/* The organisation's slug and name, for breadcrumbs. */
static void org_members(json_t *o, int64_t org_id)
{
	json_t *org = api_org_doc(org_id);
	json_object_set(o, "organisation", json_object_get(org, "slug"));
	json_object_set(o, "organisationName", json_object_get(org, "name"));
	json_decref(org);
}

/* The series with its values (newest last) and the key results bound to it. */
static json_t *series_doc(const struct api_ctx *c, int64_t id)
{
	struct kpi_series s;
	if (kpi_store_series_get(id, &s) < 0)
		return NULL;
	int64_t today = kpi_today();
	json_t *j = series_base(&s);
	size_t n;
	struct kpi_value *v = kpi_store_values(id, &n);
	put_figures(j, &s, v, n, today);
	json_t *vals = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    vals, json_pack("{s:s,s:f,s:s,s:s,s:o}", "date", v[i].date, "value", v[i].value, "note",
				    v[i].note, "source", kpi_source_name(v[i].source), "by",
				    v[i].user_name[0] ? json_string(v[i].user_name) : json_null()));
	kpi_values_free(v, n);
	json_object_set_new(j, "values", vals);
	int64_t krs[KR_LIST_MAX];
	size_t nk = kpi_store_series_krs(id, krs, KR_LIST_MAX);
	json_t *bound = json_array();
	for (size_t i = 0; i < nk; i++) {
		struct okr_key_result k;
		if (okr_store_kr(krs[i], &k) < 0)
			continue;
		json_array_append_new(bound, json_pack("{s:I,s:s,s:I}", "id", (json_int_t)k.id, "title",
						       k.title, "objectiveId", (json_int_t)k.objective_id));
		okr_krs_free(&k, 1);
	}
	json_object_set_new(j, "keyResults", bound);
	json_object_set_new(j, "followsMetric", api_growth_series_follows(id, s.initiative_id));
	org_members(j, s.org_id);
	char d[11];
	okr_date(today, d);
	json_object_set_new(j, "today", json_string(d));
	json_object_set_new(j, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	json_object_set_new(j, "canEnter", json_boolean(c->role >= ROLE_DEELNEMER));
	kpi_series_free(&s, 1);
	return j;
}

void kpi_initiative_extras(int64_t initiative_id, json_t *o)
{
	size_t n;
	struct kpi_series *s = kpi_store_series_list(initiative_id, 0, &n);
	int64_t today = kpi_today();
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, kpi_series_summary(&s[i], today));
	kpi_series_free(s, n);
	free(s);
	json_object_set_new(o, "kpiSeries", list);
}

int api_kpi_series_list(struct api_ctx *c, json_t **out)
{
	json_t *ini = api_initiative_doc(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	size_t n;
	struct kpi_series *s = kpi_store_series_list(c->obj_id, 0, &n);
	int64_t today = kpi_today();
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, kpi_series_summary(&s[i], today));
	kpi_series_free(s, n);
	free(s);
	json_t *o = json_pack("{s:{s:I,s:O},s:o,s:b,s:b}", "initiative", "id", (json_int_t)c->obj_id, "name",
			      json_object_get(ini, "name"), "series", list, "canEdit",
			      c->role >= ROLE_BEWERKER, "canEnter", c->role >= ROLE_DEELNEMER);
	json_decref(ini);
	org_members(o, c->org_id);
	if (c->is_page) {
		const char *done = json_string_value(json_object_get(c->query, "geimporteerd"));
		json_object_set_new(o, "imported", done ? json_integer(atoi(done)) : json_null());
	}
	*out = o;
	return 0;
}

/* --- create, replace ---------------------------------------------------- */

enum { S_NAME, S_UNIT, S_KIND, S_DIR, S_TARGET, S_TDATE, S_DESC };
static const struct field series_fields[] = {
    [S_NAME] = {.name = "name", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = KPI_NAME_MAX},
    [S_UNIT] = {.name = "unit", .type = FIELD_STRING, .max_len = KPI_UNIT_MAX},
    [S_KIND] = {.name = "kind",
		.type = FIELD_ENUM,
		.flags = FIELD_REQUIRED,
		.values = kpi_kinds,
		.reason = "err.kpi.kind"},
    [S_DIR] = {.name = "direction",
	       .type = FIELD_ENUM,
	       .values = kpi_directions,
	       .reason = "err.kpi.direction",
	       .def = "hoger"},
    [S_TARGET] = {.name = "target",
		  .type = FIELD_NUMBER,
		  .flags = FIELD_NULLABLE,
		  .nmin = -KPI_VALUE_MAX,
		  .nmax = KPI_VALUE_MAX},
    [S_TDATE] = {.name = "targetDate", .type = FIELD_DATE},
    [S_DESC] = {.name = "description", .type = FIELD_STRING, .max_len = KPI_TEXT_MAX},
};

static int read_series(struct api_ctx *c, struct kpi_series_in *in)
{
	struct field_value v[FIELD_COUNT(series_fields)];
	api_fields(c, series_fields, FIELD_COUNT(series_fields), v);
	in->name = v[S_NAME].s;
	in->unit = v[S_UNIT].s;
	in->description = v[S_DESC].s;
	in->kind = v[S_KIND].ok ? (enum kpi_kind)(v[S_KIND].i + 1) : KPI_KIND_INDICATOR;
	in->direction = v[S_DIR].ok ? (enum kpi_direction)(v[S_DIR].i + 1) : KPI_DIRECTION_HOGER;
	in->has_target = v[S_TARGET].set && v[S_TARGET].ok;
	in->target = in->has_target ? v[S_TARGET].d : 0;
	in->target_date = v[S_TDATE].s;
	if (v[S_TDATE].set && v[S_TDATE].ok && !v[S_TARGET].set)
		problem_add(c->invalid, "target", "err.kpi.target_for_date");
	/* an adoption series counts organisations: whole numbers, more is better */
	if (in->kind == KPI_KIND_ADOPTIE && v[S_DIR].set && in->direction != KPI_DIRECTION_HOGER)
		problem_add(c->invalid, "direction", "err.kpi.adoption_direction");
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

int api_kpi_series_new_form(struct api_ctx *c, json_t **out)
{
	json_t *ini = api_initiative_doc(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	json_t *o = json_pack("{s:{s:I,s:O},s:s,s:s}", "initiative", "id", (json_int_t)c->obj_id, "name",
			      json_object_get(ini, "name"), "kind", "indicator", "direction", "hoger");
	json_decref(ini);
	org_members(o, c->org_id);
	*out = o;
	return 0;
}

int api_kpi_series_create(struct api_ctx *c, json_t **out)
{
	struct kpi_series_in in = {.initiative_id = c->obj_id};
	if (read_series(c, &in) < 0) {
		api_audit_id(c, "kpi.series.create", "initiative", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	int64_t id = kpi_store_series_create(&in);
	if (id == -ERR_CONFLICT) {
		problem_add(c->invalid, "name", "err.kpi.name_taken");
		api_audit_id(c, "kpi.series.create", "initiative", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	if (id < 0)
		return (int)id;
	api_audit_id(c, "kpi.series.create", "kpi_series", id, "ok");
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/kpi-reeksen/%lld", (long long)id);
	*out = series_doc(c, id);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_kpi_series_get(struct api_ctx *c, json_t **out)
{
	*out = series_doc(c, c->obj_id);
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_kpi_series_update(struct api_ctx *c, json_t **out)
{
	struct kpi_series_in in = {0};
	int rc = read_series(c, &in);
	if (rc == 0) {
		rc = kpi_store_series_update(c->obj_id, &in);
		if (rc == -ERR_CONFLICT) {
			problem_add(c->invalid, "name", "err.kpi.name_taken");
			rc = -ERR_INVALID;
		}
	}
	if (rc == -ERR_INVALID)
		api_audit_id(c, "kpi.series.update", "kpi_series", c->obj_id, "invalid");
	if (rc < 0)
		return rc;
	api_audit_id(c, "kpi.series.update", "kpi_series", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/kpi-reeksen/%lld", (long long)c->obj_id);
	return api_kpi_series_get(c, out);
}

int api_kpi_series_edit_form(struct api_ctx *c, json_t **out)
{
	return api_kpi_series_get(c, out);
}

int api_kpi_series_delete(struct api_ctx *c, json_t **out)
{
	struct kpi_series s;
	if (kpi_store_series_get(c->obj_id, &s) < 0)
		return -ERR_NOTFOUND;
	kpi_store_series_delete(c->obj_id);
	api_audit_id(c, "kpi.series.delete", "kpi_series", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/kpi-reeksen",
		 (long long)s.initiative_id);
	kpi_series_free(&s, 1);
	if (!c->is_page)
		c->status = 204;
	*out = NULL;
	return 0;
}
