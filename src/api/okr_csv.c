/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr_csv: export and import of objectives and key results in one CSV
 * layout (docs/okr.md): one row per objective, followed by one row per key
 * result of it. The import reads the same columns, finds or creates the
 * objectives (by title and period) and adds the key results; any bad row
 * refuses the whole file, named by its line (the request's writes are undone).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "api/field.h"
#include "api/okr.h"
#include "domain/csv.h"
#include "domain/okr_csv.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/org.h"

static const char *const columns[] = {"objectiveId", "objective", "level",  "team",	 "period",
				      "periodStart", "periodEnd", "owner",  "keyResult", "kind",
				      "start",	     "target",	  "unit",   "weight",	 "commitment",
				      "value",	     "progress",  "status", NULL};

static json_t *num(int has, double v)
{
	return has && isfinite(v) ? json_real(v) : json_null();
}

static const char *owner_email(int64_t id, struct user *u)
{
	return id > 0 && account_user_by_id(id, u) == 0 ? u->email : "";
}

/* The rows of the export as JSON objects, in the column order. */
static json_t *export_rows(const struct okr_world *w)
{
	json_t *rows = json_array();
	struct user u;
	for (size_t i = 0; i < w->n_obj; i++) {
		const struct okr_objective *o = &w->obj[i];
		json_t *base =
		    json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "objectiveId", (json_int_t)o->id,
			      "objective", o->title, "level", okr_levels[o->level], "team", o->team_name,
			      "period", o->period_name, "periodStart", o->starts_on, "periodEnd", o->ends_on,
			      "owner", owner_email(o->owner_id, &u));
		json_t *row = json_deep_copy(base);
		json_t *rest =
		    json_pack("{s:s,s:s,s:n,s:n,s:s,s:n,s:s,s:n,s:o,s:s}", "keyResult", "", "kind", "",
			      "start", "target", "unit", "", "weight", "commitment", "", "value", "progress",
			      num(1, w->node[i].progress), "status", okr_statuses[w->node[i].status]);
		json_object_update(row, rest);
		json_decref(rest);
		json_array_append_new(rows, row);
		for (size_t k = 0; k < w->n_kr; k++) {
			const struct okr_key_result *r = &w->kr[k];
			if (r->objective_id != o->id)
				continue;
			double p = okr_progress(&r->kr);
			json_t *kr = json_deep_copy(base);
			json_t *more = json_pack(
			    "{s:s,s:s,s:o,s:o,s:s,s:f,s:s,s:o,s:o,s:s}", "keyResult", r->title, "kind",
			    okr_kinds[r->kr.kind], "start", num(r->kr.kind != OKR_MILESTONE, r->kr.start),
			    "target", num(r->kr.has_target && r->kr.kind != OKR_MILESTONE, r->kr.target),
			    "unit", r->unit, "weight", r->kr.weight, "commitment",
			    okr_commitments[r->commitment], "value", num(r->kr.has_value, r->kr.value),
			    "progress", num(!isnan(p), p), "status",
			    okr_statuses[okr_kr_status(&r->kr, w->node[i].start, w->node[i].end, w->today)]);
			json_object_update(kr, more);
			json_decref(more);
			json_array_append_new(rows, kr);
		}
		json_decref(base);
	}
	return rows;
}

int api_okr_export(struct api_ctx *c, json_t **out)
{
	const char *fmt = api_str(c->query, "formaat");
	if (fmt && strcmp(fmt, "csv") && strcmp(fmt, "json")) {
		problem_add(c->invalid, "formaat", "err.export_format");
		return -ERR_INVALID;
	}
	struct okr_world w;
	okr_world_load(&w, c->org_id);
	json_t *rows = export_rows(&w);
	okr_world_free(&w);
	if (!fmt || strcmp(fmt, "csv")) {
		*out = json_pack("{s:o}", "rows", rows);
		return 0;
	}
	struct buf b = BUF_INIT;
	for (int k = 0; columns[k]; k++)
		buf_printf(&b, "%s%s", k ? "," : "", columns[k]);
	buf_puts(&b, "\r\n");
	size_t i;
	json_t *r;
	json_array_foreach (rows, i, r) {
		for (int k = 0; columns[k]; k++) {
			json_t *v = json_object_get(r, columns[k]);
			if (k)
				buf_putc(&b, ',');
			if (json_is_integer(v))
				buf_printf(&b, "%lld", (long long)json_integer_value(v));
			else if (json_is_real(v))
				buf_printf(&b, "%.15g", json_real_value(v));
			else if (json_is_string(v))
				csv_field(&b, json_string_value(v));
		}
		buf_puts(&b, "\r\n");
	}
	json_decref(rows);
	*out = json_stringn(b.data ? b.data : "", b.len);
	buf_free(&b);
	c->raw_type = "text/csv; charset=utf-8";
	c->raw_filename = "okr.csv";
	return 0;
}

/* --- import ------------------------------------------------------------- */

/* A text cell without the leading ' the export puts before = + - @ tab CR. */
static const char *text(const char *s)
{
	return s[0] == '\'' && s[1] && strchr(CSV_FORMULA_START, s[1]) ? s + 1 : s;
}

/* A number cell ("12", "-3.5", "2,5"); 0 when empty (has = 0), -1 when bad. */
static int number(const char *s, double *v, int *has)
{
	char tmp[64], *end;
	*has = 0;
	if (!*s)
		return 0;
	snprintf(tmp, sizeof tmp, "%s", text(s));
	for (char *p = tmp; *p; p++)
		if (*p == ',')
			*p = '.';
	*v = strtod(tmp, &end);
	if (*end || end == tmp || !isfinite(*v) || fabs(*v) > OKR_VALUE_MAX)
		return -1;
	*has = 1;
	return 0;
}

struct importer {
	struct api_ctx *c;
	const struct okr_csv *t;
	int col[32];
	int objectives, krs;
};

static const char *cell(struct importer *im, size_t r, int name)
{
	return text(okr_csv_cell(im->t, r, im->col[name]));
}

enum {
	I_OBJ,
	I_LEVEL,
	I_TEAM,
	I_PERIOD,
	I_PSTART,
	I_PEND,
	I_OWNER,
	I_KR,
	I_KIND,
	I_START,
	I_TARGET,
	I_UNIT,
	I_WEIGHT,
	I_COMMIT,
	I_N
};
static const char *const import_cols[I_N] = {"objective", "level", "team",	"period",    "periodStart",
					     "periodEnd", "owner", "keyResult", "kind",	     "start",
					     "target",	  "unit",  "weight",	"commitment"};

static void row_problem(struct importer *im, size_t r, const char *column)
{
	char name[32];
	snprintf(name, sizeof name, "csv.%zu", im->t->line[r]);
	problem_add_params(im->c->invalid, name, "err.okr.csv_row",
			   json_pack("{s:I,s:s}", "line", (json_int_t)im->t->line[r], "column", column));
}

static int64_t find_period(int64_t org, const char *name)
{
	size_t n;
	int64_t id = 0;
	struct okr_period *p = okr_store_periods(org, &n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(p[i].name, name))
			id = p[i].id;
	okr_periods_free(p, n);
	free(p);
	return id;
}

static int64_t find_team(int64_t org, const char *name)
{
	size_t n;
	int64_t id = 0;
	struct okr_team *t = okr_store_teams(org, &n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			id = t[i].id;
	okr_teams_free(t, n);
	free(t);
	return id;
}

static int64_t find_objective(int64_t org, int64_t period, const char *title)
{
	size_t n;
	int64_t id = 0;
	struct okr_objective *o = okr_store_objectives(org, &n);
	for (size_t i = 0; i < n; i++)
		if (o[i].period_id == period && !strcmp(o[i].title, title))
			id = o[i].id;
	okr_objectives_free(o, n);
	free(o);
	return id;
}

/* Imports data row r; problems are named after its line. */
static void import_row(struct importer *im, size_t r)
{
	struct api_ctx *c = im->c;
	const char *title = cell(im, r, I_OBJ), *pname = cell(im, r, I_PERIOD);
	if (!*title || strlen(title) > 4 * OKR_TITLE_MAX)
		return row_problem(im, r, "objective");
	int64_t period = find_period(c->org_id, pname);
	if (!period) {
		const char *ps = cell(im, r, I_PSTART), *pe = cell(im, r, I_PEND);
		if (!*pname || okr_day(ps) == INT64_MIN || okr_day(pe) == INT64_MIN ||
		    okr_day(pe) < okr_day(ps))
			return row_problem(im, r, "period");
		period = okr_store_period_create(c->org_id, pname, ps, pe);
		if (period < 0)
			return row_problem(im, r, "period");
	}
	const char *level = cell(im, r, I_LEVEL), *team = cell(im, r, I_TEAM), *owner = cell(im, r, I_OWNER);
	int lv = *level ? okr_enum(okr_levels, level) : OKR_LEVEL_ORG;
	if (lv < 0 || lv == OKR_LEVEL_INITIATIVE)
		return row_problem(im, r, "level");
	int64_t team_id = *team ? find_team(c->org_id, team) : 0;
	if ((*team && !team_id) || (lv == OKR_LEVEL_TEAM && !team_id))
		return row_problem(im, r, "team");
	struct user u;
	int64_t owner_id = 0;
	if (*owner) {
		if (account_user_by_email(owner, &u) < 0 || org_role(c->org_id, u.id) == ROLE_NONE)
			return row_problem(im, r, "owner");
		owner_id = u.id;
	}
	int64_t obj = find_objective(c->org_id, period, title);
	if (!obj) {
		struct okr_objective_in in = {.org_id = c->org_id,
					      .period_id = period,
					      .level = (enum okr_level)lv,
					      .team_id = team_id,
					      .owner_id = owner_id,
					      .title = title,
					      .description = ""};
		obj = okr_store_objective_create(&in);
		if (obj < 0)
			return row_problem(im, r, "objective");
		im->objectives++;
	}
	const char *kr = cell(im, r, I_KR);
	if (!*kr)
		return;
	if (strlen(kr) > 4 * OKR_TITLE_MAX)
		return row_problem(im, r, "keyResult");
	int kind = okr_enum(okr_kinds, cell(im, r, I_KIND));
	if (kind < 0)
		return row_problem(im, r, "kind");
	struct okr_kr_in in = {.objective_id = obj,
			       .owner_id = owner_id,
			       .title = kr,
			       .unit = cell(im, r, I_UNIT),
			       .kind = (enum okr_kind)kind,
			       .equal_counts = 1,
			       .weight = 1,
			       .commitment = OKR_COMMITTED,
			       .source = OKR_SOURCE_MANUAL,
			       .source_ref = ""};
	int has;
	if (number(cell(im, r, I_START), &in.start, &has) < 0)
		return row_problem(im, r, "start");
	if (number(cell(im, r, I_TARGET), &in.target, &in.has_target) < 0)
		return row_problem(im, r, "target");
	if (number(cell(im, r, I_WEIGHT), &in.weight, &has) < 0 ||
	    (has && !(in.weight > 0 && in.weight <= OKR_WEIGHT_MAX)))
		return row_problem(im, r, "weight");
	if (!has)
		in.weight = 1;
	const char *commit = cell(im, r, I_COMMIT);
	if (*commit) {
		int cm = okr_enum(okr_commitments, commit);
		if (cm < 0)
			return row_problem(im, r, "commitment");
		in.commitment = (enum okr_commitment)cm;
	}
	int needs = kind == OKR_INCREASE || kind == OKR_DECREASE || kind == OKR_ABOVE || kind == OKR_BELOW;
	if ((needs && !in.has_target) || (kind == OKR_INCREASE && in.target <= in.start) ||
	    (kind == OKR_DECREASE && in.target >= in.start))
		return row_problem(im, r, "target");
	if (strlen(in.unit) > 120)
		return row_problem(im, r, "unit");
	if (kind == OKR_MILESTONE) {
		in.has_target = 0;
		in.start = 0;
	}
	if (okr_store_kr_create(&in) < 0)
		return row_problem(im, r, "keyResult");
	im->krs++;
}

int api_okr_import(struct api_ctx *c, json_t **out)
{
	static const struct field fields[] = {
	    {.name = "csv", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 1000000},
	};
	struct field_value v[1];
	if (api_fields(c, fields, 1, v) < 0) {
		api_audit_id(c, "okr.import", "org", c->org_id, "invalid");
		return -ERR_INVALID;
	}
	struct okr_csv *t = xcalloc(1, sizeof *t);
	size_t line = 0;
	struct importer im = {.c = c, .t = t};
	if (okr_csv_parse(v[0].s, strlen(v[0].s), t, &line) < 0) {
		problem_add_params(c->invalid, "csv", "err.okr.csv_syntax",
				   json_pack("{s:I}", "line", (json_int_t)line));
	} else {
		for (int k = 0; k < I_N; k++)
			im.col[k] = okr_csv_column(t, import_cols[k]);
		if (im.col[I_OBJ] < 0 || im.col[I_PERIOD] < 0 || im.col[I_KIND] < 0)
			problem_add(c->invalid, "csv", "err.okr.csv_header");
		/* the first bad row stops the import; its writes are undone with the request */
		for (size_t r = 1; r < t->n_rows && !json_array_size(c->invalid); r++)
			import_row(&im, r);
	}
	okr_csv_free(t);
	free(t);
	if (json_array_size(c->invalid)) {
		api_audit_id(c, "okr.import", "org", c->org_id, "invalid");
		return -ERR_INVALID;
	}
	api_audit_id(c, "okr.import", "org", c->org_id, "ok");
	*out = json_pack("{s:i,s:i}", "objectivesCreated", im.objectives, "keyResultsCreated", im.krs);
	return 0;
}
