/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_dashboard_view: the metrics dashboard and the saved funnels as
 * people read them. Each part of the dashboard is decorated by the view of
 * its own page (view_page with that page's template), so a chart and its
 * table look the same on the dashboard as on the page; added here: the
 * stickiness line, the KPI lines with their targets, the source choices
 * and the filter rows. Reads and extends the handler's document only.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/i18n.h"
#include "view/format.h"
#include "view/metrics_view.h"
#include "view/view.h"

#define FILTER_ROWS 3

json_t *metrics_view_filter_rows(const json_t *filters)
{
	json_t *more = json_array(), *first = NULL;
	for (size_t k = 0; k < FILTER_ROWS; k++) {
		json_t *f = json_array_get(filters, k);
		char suffix[4] = "";
		if (k)
			snprintf(suffix, sizeof suffix, "%zu", k + 1);
		const char *op = f ? json_string_value(json_object_get(f, "operator")) : NULL;
		json_t *value = f ? json_object_get(f, "value") : NULL;
		json_t *row = json_pack(
		    "{s:I,s:s,s:s,s:s,s:{s:b}}", "n", (json_int_t)k + 1, "suffix", suffix, "property",
		    f ? json_string_value(json_object_get(f, "property")) : "", "value",
		    json_is_string(value) ? json_string_value(value) : "", "sel", op ? op : "is", 1);
		if (k)
			json_array_append_new(more, row);
		else
			first = row;
	}
	return json_pack("{s:o,s:o,s:b}", "first", first, "more", more, "open", json_array_size(filters) > 1);
}

static json_t *num_text(json_t *n, int decimals, const char *lang)
{
	if (!json_is_number(n))
		return json_string("—");
	char s[40];
	format_number(json_number_value(n), decimals, lang, s, sizeof s);
	return json_string(s);
}

/* Stickiness (DAU/MAU) per day as a line in percent. */
static json_t *stickiness_chart(const struct view_ctx *v, json_t *active)
{
	json_t *x = json_array(), *vals = json_array(), *d;
	size_t i;
	json_array_foreach (json_object_get(active, "days"), i, d) {
		json_array_append(x, json_object_get(d, "date"));
		json_t *s = json_object_get(d, "stickiness");
		json_array_append_new(vals, json_is_number(s)
						? json_real(round(json_number_value(s) * 1000) / 10)
						: json_null());
	}
	return json_pack("{s:s,s:o,s:[{s:s,s:o}],s:i}", "kind", "line", "x", x, "series", "name",
			 i18n_t(v->lang, "metrics.stickiness_pct"), "values", vals, "min", 0);
}

/* A KPI series: its line and its target as a flat line, with its rows. */
static void kpi_line(const struct view_ctx *v, json_t *k, size_t idx)
{
	json_t *x = json_array(), *vals = json_array(), *target = json_array(), *rows = json_array(), *p;
	json_t *t = json_object_get(k, "target");
	size_t i;
	json_array_foreach (json_object_get(k, "values"), i, p) {
		json_array_append(x, json_object_get(p, "date"));
		json_array_append(vals, json_object_get(p, "value"));
		json_array_append(target, json_is_number(t) ? t : json_null());
		json_t *r = json_pack("{s:O}", "date", json_object_get(p, "date"));
		json_object_set_new(r, "valueText", num_text(json_object_get(p, "value"), 2, v->lang));
		json_array_insert_new(rows, 0, r);
	}
	json_t *series = json_pack("[{s:O,s:o}]", "name", json_object_get(k, "name"), "values", vals);
	if (json_is_number(t))
		json_array_append_new(
		    series,
		    json_pack("{s:s,s:o}", "name", i18n_t(v->lang, "metrics.kpi_target"), "values", target));
	else
		json_decref(target);
	char id[64];
	snprintf(id, sizeof id, "dash-kpi-%zu-grafiek", idx + 1);
	json_t *view =
	    json_pack("{s:{s:s,s:o,s:o},s:o,s:b,s:o,s:I,s:s}", "chart", "kind", "line", "x", x, "series",
		      series, "rows", rows, "hasValues", json_array_size(rows) > 0, "targetText",
		      num_text(t, 2, v->lang), "k", (json_int_t)idx + 1, "chartId", id);
	json_object_set_new(k, "view", view);
}

static void query_result(const struct view_ctx *v, json_t *q);

static void dashboard_page(const struct view_ctx *v, json_t *o)
{
	json_t *active = json_object_get(o, "active");
	view_page("metrics_active", v, active);
	view_page("metrics_retention", v, json_object_get(o, "retention"));
	view_page("metrics_lifecycle", v, json_object_get(o, "lifecycle"));
	json_t *f;
	size_t i;
	json_array_foreach (json_object_get(o, "funnels"), i, f) {
		json_t *res = json_object_get(f, "result");
		view_page("metrics_funnel", v, res);
		char id[64];
		snprintf(id, sizeof id, "dash-trechter-%zu-grafiek", i + 1);
		json_object_set_new(f, "k", json_integer((json_int_t)i + 1));
		json_object_set_new(f, "chartId", json_string(id));
		snprintf(id, sizeof id, "dash-trechter-%zu", i + 1);
		json_object_set_new(f, "tableId", json_string(id));
	}
	json_array_foreach (json_object_get(o, "savedQueries"), i, f) {
		query_result(v, f);
		char id[64];
		snprintf(id, sizeof id, "dash-vraag-%zu", i + 1);
		json_object_set_new(f, "tableId", json_string(id));
		snprintf(id, sizeof id, "dash-vraag-%zu-grafiek", i + 1);
		json_object_set_new(f, "chartId", json_string(id));
	}
	json_t *k;
	json_array_foreach (json_object_get(o, "kpi"), i, k)
		kpi_line(v, k, i);
	json_t *view = json_object();
	json_object_set_new(view, "stickinessChart", stickiness_chart(v, active));
	json_object_set_new(view, "filterRows", metrics_view_filter_rows(json_object_get(o, "filters")));
	/* the filters in words: kanaal = web, bedrag ≥ 100, rol heeft geen waarde */
	json_array_foreach (json_object_get(o, "filters"), i, f) {
		static const char *const ops[][2] = {{"is", "="},	{"isniet", "≠"},  {"groter", ">"},
						     {"minstens", "≥"}, {"kleiner", "<"}, {"hoogstens", "≤"}};
		const char *op = json_string_value(json_object_get(f, "operator")), *text = NULL;
		for (size_t j = 0; op && j < sizeof ops / sizeof ops[0]; j++)
			if (!strcmp(op, ops[j][0]))
				text = ops[j][1];
		char key[40];
		snprintf(key, sizeof key, "metrics.op.%s", op ? op : "is");
		json_object_set_new(f, "opText", json_string(text ? text : i18n_t(v->lang, key)));
	}
	json_t *src = json_object_get(o, "source"), *opts = json_array(), *s;
	json_int_t chosen = json_is_object(src) ? json_integer_value(json_object_get(src, "id")) : 0;
	json_array_foreach (json_object_get(o, "sources"), i, s)
		json_array_append_new(opts,
				      json_pack("{s:O,s:O,s:b}", "id", json_object_get(s, "id"), "name",
						json_object_get(s, "name"), "selected",
						json_integer_value(json_object_get(s, "id")) == chosen));
	json_object_set_new(view, "sourceOptions", opts);
	json_object_set_new(view, "hasSources", json_boolean(json_array_size(opts) > 0));
	json_object_set_new(view, "hasFilters",
			    json_boolean(json_array_size(json_object_get(o, "filters")) > 0));
	json_object_set_new(o, "view", view);
}

/* A saved query's parameters as [{key, value}] (sorted by key). */
static json_t *param_rows(const json_t *q)
{
	json_t *a = json_array(), *v;
	const char *k;
	json_object_foreach ((json_t *)json_object_get(q, "parameters"), k, v)
		json_array_append_new(a, json_pack("{s:s,s:O}", "key", k, "value", v));
	return a;
}

/* The route's page with the query's parameters over the result's range. */
static json_t *open_link(const json_t *q, const json_t *res)
{
	struct buf b = BUF_INIT;
	const char *kind = json_string_value(json_object_get(q, "kind"));
	buf_printf(&b, "/initiatieven/%lld/metrieken/%s?van=%s&tot=%s",
		   (long long)json_integer_value(json_object_get(q, "initiativeId")),
		   kind ? kind : "retentie", json_string_value(json_object_get(res, "from")),
		   json_string_value(json_object_get(res, "to")));
	json_t *v;
	const char *k;
	json_object_foreach ((json_t *)json_object_get(q, "parameters"), k, v) {
		buf_puts(&b, "&");
		buf_urlenc(&b, k);
		buf_puts(&b, "=");
		buf_urlenc(&b, json_string_value(v));
	}
	json_t *s = json_string(buf_str(&b));
	buf_free(&b);
	return s;
}

/* A saved query's result decorated by its route's page view. */
static void query_result(const struct view_ctx *v, json_t *q)
{
	const char *kind = json_string_value(json_object_get(q, "kind"));
	json_t *res = json_object_get(q, "result");
	view_page(kind && !strcmp(kind, "levenscyclus") ? "metrics_lifecycle" : "metrics_retention", v, res);
	json_object_set_new(q, "view",
			    json_pack("{s:o,s:o}", "params", param_rows(q), "open", open_link(q, res)));
}

static void query_page(const struct view_ctx *v, json_t *o)
{
	query_result(v, o);
	json_t *res = json_object_get(o, "result");
	json_object_set(o, "from", json_object_get(res, "from"));
	json_object_set(o, "to", json_object_get(res, "to"));
}

static void query_list_page(const struct view_ctx *v, json_t *o)
{
	(void)v;
	json_t *q;
	size_t i;
	json_array_foreach (json_object_get(o, "queries"), i, q)
		json_object_set_new(q, "view", json_pack("{s:o}", "params", param_rows(q)));
}

static void saved_page(const struct view_ctx *v, json_t *o)
{
	json_t *res = json_object_get(o, "result");
	view_page("metrics_funnel", v, res);
	/* the range form (partial metrics_range) reads page.from, page.to */
	json_object_set(o, "from", json_object_get(res, "from"));
	json_object_set(o, "to", json_object_get(res, "to"));
}

static void saved_list_page(const struct view_ctx *v, json_t *o)
{
	(void)v;
	json_t *f;
	size_t i;
	json_array_foreach (json_object_get(o, "funnels"), i, f) {
		json_t *steps = json_object_get(f, "steps"), *st;
		size_t j;
		char text[2400] = "";
		size_t len = 0;
		json_array_foreach (steps, j, st)
			len += (size_t)snprintf(text + len, len < sizeof text ? sizeof text - len : 0, "%s%s",
						j ? " → " : "", json_string_value(st));
		json_object_set_new(f, "stepsText", json_string(text));
		json_object_set_new(
		    f, "strict",
		    json_boolean(!strcmp(json_string_value(json_object_get(f, "order")), "strikt")));
	}
}

const struct view metrics_dashboard_views[] = {
    {"metrics_dashboard", dashboard_page},  {"funnel_saved", saved_page},
    {"funnel_saved_list", saved_list_page}, {"metric_query", query_page},
    {"metric_query_list", query_list_page}, {NULL, NULL},
};
