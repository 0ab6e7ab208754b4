/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_view: the metric pages as people read them. Active persons: a
 * line chart of DAU, WAU and MAU with the table of the same figures (newest
 * day first, stickiness as a percentage). Retention: a heat map of the
 * percentages (incomplete cells left empty) with the triangle as a table,
 * where an incomplete cell says so instead of showing 0. Reads and extends
 * the handler's document only.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"
#include "view/format.h"
#include "view/metrics_view.h"
#include "view/view.h"

static json_t *num_text(json_t *n, const char *lang)
{
	if (!json_is_number(n))
		return json_string("—");
	char s[40];
	format_number(json_number_value(n), 0, lang, s, sizeof s);
	return json_string(s);
}

static json_t *pct_of(double fraction, const char *lang)
{
	char s[40];
	format_percent(fraction, 1, lang, s, sizeof s);
	return json_string(s);
}

static json_t *pct_text(json_t *fraction, const char *lang)
{
	return json_is_number(fraction) ? pct_of(json_number_value(fraction), lang) : json_string("—");
}

static void active_page(const struct view_ctx *v, json_t *o)
{
	json_t *days = json_object_get(o, "days");
	json_t *x = json_array(), *dau = json_array(), *wau = json_array(), *mau = json_array(),
	       *rows = json_array();
	size_t i;
	json_t *d;
	json_array_foreach (days, i, d) {
		json_array_append(x, json_object_get(d, "date"));
		json_array_append(dau, json_object_get(d, "dau"));
		json_array_append(wau, json_object_get(d, "wau"));
		json_array_append(mau, json_object_get(d, "mau"));
		json_t *r = json_pack("{s:O}", "date", json_object_get(d, "date"));
		json_object_set_new(r, "dauText", num_text(json_object_get(d, "dau"), v->lang));
		json_object_set_new(r, "wauText", num_text(json_object_get(d, "wau"), v->lang));
		json_object_set_new(r, "mauText", num_text(json_object_get(d, "mau"), v->lang));
		json_object_set_new(r, "stickinessText", pct_text(json_object_get(d, "stickiness"), v->lang));
		json_array_insert_new(rows, 0, r);
	}
	json_t *series = json_pack("[{s:s,s:o},{s:s,s:o},{s:s,s:o}]", "name", i18n_t(v->lang, "metrics.dau"),
				   "values", dau, "name", i18n_t(v->lang, "metrics.wau"), "values", wau,
				   "name", i18n_t(v->lang, "metrics.mau"), "values", mau);
	json_t *view = json_object();
	json_object_set_new(
	    view, "chart",
	    json_pack("{s:s,s:o,s:o,s:i}", "kind", "line", "x", x, "series", series, "min", 0));
	json_object_set_new(view, "rows", rows);
	json_object_set_new(view, "utc",
			    json_boolean(!strcmp(json_string_value(json_object_get(o, "timeZone")), "UTC")));
	json_object_set_new(view, "hasDays", json_boolean(json_array_size(days) > 0));
	/* persons by number of active days: bars with their table */
	json_t *kx = json_array(), *kv = json_array(), *krows = json_array(), *a;
	json_array_foreach (json_object_get(o, "activeDays"), i, a) {
		json_array_append(kx, json_object_get(a, "days"));
		json_array_append(kv, json_object_get(a, "persons"));
		json_t *r = json_pack("{s:O}", "days", json_object_get(a, "days"));
		json_object_set_new(r, "personsText", num_text(json_object_get(a, "persons"), v->lang));
		json_array_append_new(krows, r);
	}
	json_object_set_new(view, "daysChart",
			    json_pack("{s:s,s:o,s:[{s:s,s:o}],s:b}", "kind", "bar", "x", kx, "series", "name",
				      i18n_t(v->lang, "metrics.persons"), "values", kv, "integer", 1));
	json_object_set_new(view, "daysRows", krows);
	json_object_set_new(view, "filterRows", metrics_view_filter_rows(json_object_get(o, "filters")));
	json_object_set_new(o, "view", view);
}

/* The triangle's rows: per cohort its size and cells (percent and persons,
 * or incomplete). */
static json_t *triangle_rows(const struct view_ctx *v, json_t *cohorts, int n)
{
	json_t *rows = json_array(), *c;
	size_t i;
	json_array_foreach (cohorts, i, c) {
		json_t *cells = json_array();
		json_t *pct = json_object_get(c, "percentages"), *persons = json_object_get(c, "persons");
		for (int j = 0; j < n; j++) {
			json_t *p = json_array_get(pct, (size_t)j), *cell = json_object();
			if (json_is_number(p)) {
				json_object_set_new(cell, "pctText",
						    pct_of(json_number_value(p) / 100, v->lang));
				json_object_set_new(cell, "personsText",
						    num_text(json_array_get(persons, (size_t)j), v->lang));
			} else
				json_object_set_new(cell, "incomplete", json_true());
			json_array_append_new(cells, cell);
		}
		json_t *r = json_pack("{s:O,s:o}", "start", json_object_get(c, "start"), "cells", cells);
		json_object_set_new(r, "sizeText", num_text(json_object_get(c, "size"), v->lang));
		json_array_append_new(rows, r);
	}
	return rows;
}

static void retention_page(const struct view_ctx *v, json_t *o)
{
	const char *iv = json_string_value(json_object_get(o, "interval"));
	int weekly = !strcmp(iv, "week"), monthly = !strcmp(iv, "maand");
	int n = (int)json_integer_value(json_object_get(o, "intervals"));
	json_t *x = json_array(), *y = json_array(), *values = json_array(), *head = json_array(),
	       *rows = json_array();
	for (int j = 0; j < n; j++) {
		char label[48];
		snprintf(label, sizeof label, "%s %d",
			 i18n_t(v->lang, weekly	   ? "metrics.week"
					 : monthly ? "funnel.month"
						   : "metrics.day"),
			 j);
		json_array_append_new(x, json_string(label));
		json_array_append_new(head, json_string(label));
	}
	size_t i;
	json_t *c;
	double top = 1; /* the colour scale ends at the highest cell after interval 0 (always high) */
	json_array_foreach (json_object_get(o, "cohorts"), i, c) {
		json_t *pct = json_object_get(c, "percentages");
		for (size_t j = 1; j < json_array_size(pct); j++)
			if (json_is_number(json_array_get(pct, j)))
				top = fmax(top, json_number_value(json_array_get(pct, j)));
	}
	json_array_foreach (json_object_get(o, "cohorts"), i, c) {
		json_array_append(y, json_object_get(c, "start"));
		json_t *vals = json_array(), *cells = json_array();
		json_t *pct = json_object_get(c, "percentages"), *persons = json_object_get(c, "persons");
		for (int j = 0; j < n; j++) {
			json_t *p = json_array_get(pct, (size_t)j);
			json_array_append_new(vals, json_is_number(p)
							? json_real(round(json_number_value(p) * 10) / 10)
							: json_null());
			json_t *cell = json_object();
			if (json_is_number(p)) {
				json_object_set_new(cell, "pctText",
						    pct_of(json_number_value(p) / 100, v->lang));
				json_object_set_new(cell, "personsText",
						    num_text(json_array_get(persons, (size_t)j), v->lang));
			} else
				json_object_set_new(cell, "incomplete", json_true());
			json_array_append_new(cells, cell);
		}
		json_array_append_new(values, vals);
		json_t *r = json_pack("{s:O,s:o}", "start", json_object_get(c, "start"), "cells", cells);
		json_object_set_new(r, "sizeText", num_text(json_object_get(c, "size"), v->lang));
		json_array_append_new(rows, r);
	}
	json_t *view = json_object();
	json_object_set_new(view, "chart",
			    json_pack("{s:s,s:o,s:o,s:o,s:i,s:f}", "kind", "heatmap", "x", x, "y", y,
				      "values", values, "min", 0, "max", ceil(top)));
	json_object_set_new(view, "head", head);
	json_object_set_new(view, "rows", rows);
	json_object_set_new(view, "weekly", json_boolean(weekly));
	json_object_set_new(view, "monthly", json_boolean(monthly));
	json_object_set_new(view, "utc",
			    json_boolean(!strcmp(json_string_value(json_object_get(o, "timeZone")), "UTC")));
	json_t *groups = json_array(), *g;
	json_array_foreach (json_object_get(o, "breakdown"), i, g) {
		json_t *val = json_object_get(g, "value");
		json_array_append_new(
		    groups, json_pack("{s:o,s:o,s:I}", "valueText",
				      json_is_string(val) ? json_incref(val)
							  : json_string(i18n_t(v->lang, "funnel.no_value")),
				      "rows", triangle_rows(v, json_object_get(g, "cohorts"), n), "k",
				      (json_int_t)i + 1));
		char tid[48];
		snprintf(tid, sizeof tid, "retentie-groep-%zu", i + 1);
		json_object_set_new(json_array_get(groups, json_array_size(groups) - 1), "tableId",
				    json_string(tid));
	}
	json_object_set_new(view, "groups", groups);
	json_object_set_new(view, "leftOutText", num_text(json_object_get(o, "breakdownLeftOut"), v->lang));
	json_object_set_new(view, "hasLeftOut",
			    json_boolean(json_integer_value(json_object_get(o, "breakdownLeftOut")) > 0));
	json_object_set_new(view, "many", json_boolean(json_array_size(y) > 12)); /* a taller heat map */
	json_object_set_new(view, "is",
			    json_pack("{s:b,s:b,s:b}", json_string_value(json_object_get(o, "start")), 1,
				      json_string_value(json_object_get(o, "count")), 1, iv, 1));
	json_object_set_new(view, "filterRows", metrics_view_filter_rows(json_object_get(o, "filters")));
	json_object_set_new(o, "view", view);
}

const struct view metrics_views[] = {
    {"metrics_active", active_page},
    {"metrics_retention", retention_page},
    {NULL, NULL},
};
