/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kpi_value: values of a KPI series: the page's value form, the value API
 * (one value per series per day; writing it again changes nothing), removing
 * a day, and the CSV import (docs/kpi.md; one bad row imports nothing).
 * Role and organisation were checked by the pipeline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/kpi.h"
#include "domain/okr.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/initiative_store.h"
#include "store/kpi_store.h"

#define NOTE_MAX 1000
#define CSV_MAX 1000000u /* characters, as KpiImportInput says */

enum { V_DATE, V_VALUE, V_NOTE };
static const struct field value_fields[] = {
    [V_DATE] = {.name = "date", .type = FIELD_DATE, .flags = FIELD_REQUIRED},
    [V_VALUE] = {.name = "value",
		 .type = FIELD_NUMBER,
		 .flags = FIELD_REQUIRED,
		 .nmin = -KPI_VALUE_MAX,
		 .nmax = KPI_VALUE_MAX},
    [V_NOTE] = {.name = "note", .type = FIELD_STRING, .max_len = NOTE_MAX},
};

/* An adoption series counts organisations: a whole number, not negative. */
static const char *value_problem(int64_t series_id, double value)
{
	struct kpi_series s;
	if (kpi_store_series_get(series_id, &s) < 0)
		return NULL;
	int adoption = s.kind == KPI_KIND_ADOPTIE;
	kpi_series_free(&s, 1);
	if (adoption && (value < 0 || value != (double)(int64_t)value))
		return "err.kpi.adoption_count";
	return NULL;
}

int api_kpi_value_add(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(value_fields)];
	api_fields(c, value_fields, FIELD_COUNT(value_fields), v);
	if (v[V_DATE].set && v[V_DATE].ok && okr_day(v[V_DATE].s) > kpi_today() + 1)
		problem_add(c->invalid, "date", "err.kpi.date_future");
	const char *bad = v[V_VALUE].set && v[V_VALUE].ok ? value_problem(c->obj_id, v[V_VALUE].d) : NULL;
	if (bad)
		problem_add(c->invalid, "value", "%s", bad);
	if (json_array_size(c->invalid)) {
		api_audit_id(c, "kpi.value", "kpi_series", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	kpi_store_value_put(c->obj_id, v[V_DATE].s, v[V_VALUE].d, v[V_NOTE].s, KPI_SOURCE_HANDMATIG,
			    c->user_id);
	api_audit_id(c, "kpi.value", "kpi_series", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/kpi-reeksen/%lld#waarden", (long long)c->obj_id);
	*out = NULL;
	return 0;
}

int api_kpi_value_put(struct api_ctx *c, json_t **out)
{
	struct field_value v[2];
	char day[11];
	okr_date(c->ids[1], day);
	api_fields(c, value_fields + V_VALUE, 2, v);
	if (c->ids[1] > kpi_today() + 1)
		problem_add(c->invalid, "datum", "err.kpi.date_future");
	const char *bad = v[0].set && v[0].ok ? value_problem(c->obj_id, v[0].d) : NULL;
	if (bad)
		problem_add(c->invalid, "value", "%s", bad);
	if (json_array_size(c->invalid)) {
		api_audit_id(c, "kpi.value", "kpi_series", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	int created = kpi_store_value_put(c->obj_id, day, v[0].d, v[1].s, KPI_SOURCE_API, c->user_id);
	api_audit_id(c, "kpi.value", "kpi_series", c->obj_id, "ok");
	struct kpi_series s;
	if (kpi_store_series_get(c->obj_id, &s) < 0)
		return -ERR_NOTFOUND;
	json_t *sum = kpi_series_summary(&s, kpi_today());
	kpi_series_free(&s, 1);
	*out = json_pack("{s:I,s:s,s:f,s:s,s:b,s:O,s:O}", "seriesId", (json_int_t)c->obj_id, "date", day,
			 "value", v[0].d, "note", v[1].s ? v[1].s : "", "created", created, "latest",
			 json_object_get(sum, "latest"), "progress", json_object_get(sum, "progress"));
	json_decref(sum);
	return 0;
}

int api_kpi_value_delete(struct api_ctx *c, json_t **out)
{
	char day[11];
	okr_date(c->ids[1], day);
	int rc = kpi_store_value_delete(c->obj_id, day);
	if (rc < 0)
		return rc;
	api_audit_id(c, "kpi.value.delete", "kpi_series", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/kpi-reeksen/%lld#waarden", (long long)c->obj_id);
	if (!c->is_page)
		c->status = 204;
	*out = NULL;
	return 0;
}

/* --- CSV import --------------------------------------------------------- */

int kpi_import_row(const struct kpi_csv_row *r, int64_t scope_ini, int64_t user_id, int64_t today,
		   const char **key)
{
	int64_t sid = r->series_id;
	if (*r->initiative && scope_ini > 0 && !kpi_store_initiative_is(scope_ini, r->initiative)) {
		*key = "err.kpi.csv.other_initiative";
		return -ERR_INVALID;
	}
	if (sid > 0) {
		struct kpi_series s;
		if (kpi_store_series_get(sid, &s) < 0) {
			*key = "err.kpi.csv.series_unknown";
			return -ERR_INVALID;
		}
		int64_t ini = s.initiative_id;
		kpi_series_free(&s, 1);
		if ((scope_ini > 0 && ini != scope_ini) ||
		    (*r->initiative && scope_ini <= 0 && !kpi_store_initiative_is(ini, r->initiative))) {
			*key = scope_ini > 0 ? "err.kpi.csv.series_unknown" : "err.kpi.csv.other_initiative";
			return -ERR_INVALID;
		}
	} else {
		int64_t ini = scope_ini, org = 0;
		if (ini <= 0) {
			if (!*r->initiative) {
				*key = "err.kpi.csv.initiative_missing";
				return -ERR_INVALID;
			}
			ini = kpi_store_initiative_find(r->initiative, &org);
			if (ini <= 0) {
				*key = ini == -ERR_CONFLICT ? "err.kpi.csv.initiative_ambiguous"
							    : "err.kpi.csv.initiative_unknown";
				return -ERR_INVALID;
			}
		}
		sid = kpi_store_series_find(ini, r->series);
		if (sid <= 0) {
			*key = "err.kpi.csv.series_unknown";
			return -ERR_INVALID;
		}
	}
	if (r->day > today + 1) {
		*key = "err.kpi.csv.date_future";
		return -ERR_INVALID;
	}
	const char *bad = value_problem(sid, r->value);
	if (bad) {
		*key = "err.kpi.csv.adoption_count";
		return -ERR_INVALID;
	}
	return kpi_store_value_put(sid, r->date, r->value, "", KPI_SOURCE_IMPORT, user_id);
}

static const struct field import_fields[] = {
    {.name = "csv", .type = FIELD_STRING, .flags = FIELD_REQUIRED},
};

int api_kpi_import(struct api_ctx *c, json_t **out)
{
	struct field_value v[1];
	if (api_fields(c, import_fields, 1, v) < 0) {
		api_audit_id(c, "kpi.import", "initiative", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	size_t len = strlen(v[0].s);
	struct kpi_csv *f = xcalloc(1, sizeof *f);
	size_t line = 0, created = 0, replaced = 0;
	const char *key = NULL;
	int rc = len > CSV_MAX ? -ERR_INVALID : kpi_csv_parse(v[0].s, len, f, &line, &key);
	if (len > CSV_MAX) {
		line = 1;
		key = "err.kpi.csv.too_large";
	}
	int64_t today = kpi_today();
	for (size_t i = 0; rc == 0 && i < f->n; i++) {
		int r = kpi_import_row(&f->row[i], c->obj_id, c->user_id, today, &key);
		if (r < 0) {
			rc = r;
			line = f->row[i].line;
		} else if (r == 1) {
			created++;
		} else {
			replaced++;
		}
	}
	size_t rows = f->n;
	kpi_csv_free(f);
	free(f);
	if (rc < 0) {
		char name[32];
		snprintf(name, sizeof name, "csv.%zu", line);
		/* the form has one field; the API names the line, as the OKR import does */
		problem_add_params(c->invalid, c->is_page ? "csv" : name, key,
				   json_pack("{s:I}", "line", (json_int_t)line));
		api_audit_id(c, "kpi.import", "initiative", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	api_audit_id(c, "kpi.import", "initiative", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/kpi-reeksen?geimporteerd=%zu",
		 (long long)c->obj_id, rows);
	*out = json_pack("{s:I,s:I,s:I}", "rows", (json_int_t)rows, "created", (json_int_t)created,
			 "replaced", (json_int_t)replaced);
	return 0;
}
