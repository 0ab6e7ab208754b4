/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * funnel_view: the funnel and lifecycle pages as people read them. Funnel:
 * horizontal bars of the conversion from step 1 with the table of persons,
 * conversion, step-to-step conversion and median times beside them, one
 * table per breakdown value, and a form whose step fields offer the event
 * names the initiative's sources sent. Lifecycle: stacked bars per period
 * (new, returning, resurrecting above zero, dormant below) with the same
 * numbers as a table. Reads and extends the handler's document only.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/i18n.h"
#include "view/format.h"
#include "view/metrics_view.h"
#include "view/view.h"

#define FORM_STEPS 6

static json_t *num_text(json_t *n, const char *lang)
{
	if (!json_is_number(n))
		return json_string("—");
	char s[40];
	format_number(json_number_value(n), 0, lang, s, sizeof s);
	return json_string(s);
}

static json_t *pct_text(json_t *fraction, const char *lang)
{
	if (!json_is_number(fraction))
		return json_string("—");
	char s[40];
	format_percent(json_number_value(fraction), 1, lang, s, sizeof s);
	return json_string(s);
}

/* A duration in words: "45 s", "12 min", "3 u 5 min", "2 d 4 u". */
static json_t *duration_text(json_t *seconds, const char *lang)
{
	if (!json_is_number(seconds))
		return json_string("—");
	double s = json_number_value(seconds);
	const char *su = i18n_t(lang, "funnel.unit_s"), *mu = i18n_t(lang, "funnel.unit_min"),
		   *hu = i18n_t(lang, "funnel.unit_h"), *du = i18n_t(lang, "funnel.unit_d");
	char out[64];
	long long v = llround(s);
	if (v < 60)
		snprintf(out, sizeof out, "%lld %s", v, su);
	else if (v < 3600)
		snprintf(out, sizeof out, "%lld %s", v / 60, mu);
	else if (v < 86400)
		snprintf(out, sizeof out, "%lld %s %lld %s", v / 3600, hu, v % 3600 / 60, mu);
	else
		snprintf(out, sizeof out, "%lld %s %lld %s", v / 86400, du, v % 86400 / 3600, hu);
	return json_string(out);
}

static json_t *step_rows(json_t *steps, const char *lang)
{
	json_t *rows = json_array(), *st;
	size_t i;
	json_array_foreach (steps, i, st) {
		json_t *r =
		    json_pack("{s:I,s:O}", "n", (json_int_t)i + 1, "name", json_object_get(st, "name"));
		json_object_set_new(r, "personsText", num_text(json_object_get(st, "persons"), lang));
		json_object_set_new(r, "conversionText", pct_text(json_object_get(st, "conversion"), lang));
		json_object_set_new(r, "fromPreviousText",
				    i ? pct_text(json_object_get(st, "fromPrevious"), lang)
				      : json_string("—"));
		json_object_set_new(r, "medianText",
				    duration_text(json_object_get(st, "medianSeconds"), lang));
		json_object_set_new(r, "medianTotalText",
				    duration_text(json_object_get(st, "medianTotalSeconds"), lang));
		json_array_append_new(rows, r);
	}
	return rows;
}

static const char *const windows[] = {"1h", "1d", "7d", "14d", "30d", "90d", NULL};

static void funnel_page(const struct view_ctx *v, json_t *o)
{
	json_t *view = json_object();
	json_t *total = json_object_get(o, "total"), *steps = json_object_get(o, "steps");
	/* bars: conversion from step 1 in %, one decimal */
	json_t *x = json_array(), *vals = json_array(), *st;
	size_t i;
	json_array_foreach (total, i, st) {
		char label[256];
		snprintf(label, sizeof label, "%zu. %s", i + 1,
			 json_string_value(json_object_get(st, "name")));
		json_array_append_new(x, json_string(label));
		json_t *cv = json_object_get(st, "conversion");
		json_array_append_new(vals, json_is_number(cv)
						? json_real(round(json_number_value(cv) * 1000) / 10)
						: json_integer(0));
	}
	json_object_set_new(view, "chart",
			    json_pack("{s:s,s:o,s:[{s:s,s:o}],s:b,s:i,s:s}", "kind", "bar", "x", x, "series",
				      "name", i18n_t(v->lang, "funnel.conversion"), "values", vals,
				      "horizontal", 1, "max", 100, "suffix", " %"));
	json_object_set_new(view, "rows", step_rows(total, v->lang));
	json_object_set_new(view, "hasSteps", json_boolean(json_array_size(total) > 0));
	json_t *first = json_array_get(total, 0);
	json_object_set_new(view, "entered",
			    json_boolean(first && json_integer_value(json_object_get(first, "persons")) > 0));
	/* breakdown tables */
	json_t *groups = json_array(), *g;
	json_array_foreach (json_object_get(o, "breakdown"), i, g) {
		json_t *val = json_object_get(g, "value");
		json_t *r = json_pack(
		    "{s:o,s:o,s:I}", "valueText",
		    json_is_string(val) ? json_incref(val) : json_string(i18n_t(v->lang, "funnel.no_value")),
		    "rows", step_rows(json_object_get(g, "steps"), v->lang), "k", (json_int_t)i + 1);
		json_array_append_new(groups, r);
	}
	json_object_set_new(view, "groups", groups);
	json_object_set_new(view, "leftOutText", num_text(json_object_get(o, "breakdownLeftOut"), v->lang));
	json_object_set_new(view, "hasLeftOut",
			    json_boolean(json_integer_value(json_object_get(o, "breakdownLeftOut")) > 0));
	/* the form: six step fields offering the names seen */
	json_t *names = json_object_get(o, "eventNames"), *selects = json_array();
	for (size_t k = 0; k < FORM_STEPS; k++) {
		const char *chosen = json_string_value(json_array_get(steps, k));
		json_t *opts = json_array(), *nm;
		size_t j;
		int found = 0;
		json_array_foreach (names, j, nm) {
			int sel = chosen && !strcmp(chosen, json_string_value(nm));
			found |= sel;
			json_array_append_new(opts, json_pack("{s:O,s:b}", "name", nm, "selected", sel));
		}
		if (chosen && !found) /* a name never sent stays visible */
			json_array_insert_new(opts, 0, json_pack("{s:s,s:b}", "name", chosen, "selected", 1));
		char id[8];
		snprintf(id, sizeof id, "stap%zu", k + 1);
		json_array_append_new(selects,
				      json_pack("{s:s,s:I,s:o,s:b}", "id", id, "n", (json_int_t)k + 1,
						"options", opts, "optional", k >= 2));
	}
	json_object_set_new(view, "stepSelects", selects);
	const char *win = json_string_value(json_object_get(o, "window"));
	json_t *wopts = json_array();
	int wfound = 0;
	for (int k = 0; windows[k]; k++) {
		char key[32];
		snprintf(key, sizeof key, "funnel.window.%s", windows[k]);
		int sel = win && !strcmp(win, windows[k]);
		wfound |= sel;
		json_array_append_new(wopts, json_pack("{s:s,s:s,s:b}", "value", windows[k], "label",
						       i18n_t(v->lang, key), "selected", sel));
	}
	if (win && !wfound)
		json_array_append_new(wopts,
				      json_pack("{s:s,s:s,s:b}", "value", win, "label", win, "selected", 1));
	json_object_set_new(view, "windowOptions", wopts);
	json_object_set_new(view, "utc",
			    json_boolean(!strcmp(json_string_value(json_object_get(o, "timeZone")), "UTC")));
	json_object_set_new(view, "strict",
			    json_boolean(!strcmp(json_string_value(json_object_get(o, "order")), "strikt")));
	/* the form that saves these steps as a saved funnel (bewerker) */
	struct buf joined = BUF_INIT;
	json_t *st2;
	json_array_foreach (steps, i, st2)
		buf_printf(&joined, "%s%s", i ? "," : "", json_string_value(st2));
	json_object_set_new(view, "stepsJoined", json_string(buf_str(&joined)));
	buf_free(&joined);
	json_object_set_new(view, "canSave",
			    json_boolean(v->role >= ROLE_BEWERKER && json_array_size(steps) >= 2));
	json_object_set_new(view, "filterRows", metrics_view_filter_rows(json_object_get(o, "filters")));
	json_object_set_new(o, "view", view);
}

static void lifecycle_page(const struct view_ctx *v, json_t *o)
{
	json_t *view = json_object();
	const char *iv = json_string_value(json_object_get(o, "interval"));
	json_t *x = json_array(), *nw = json_array(), *ret = json_array(), *res = json_array(),
	       *dor = json_array(), *rows = json_array(), *p;
	size_t i;
	json_array_foreach (json_object_get(o, "periods"), i, p) {
		json_array_append(x, json_object_get(p, "start"));
		json_array_append(nw, json_object_get(p, "new"));
		json_array_append(ret, json_object_get(p, "returning"));
		json_array_append(res, json_object_get(p, "resurrecting"));
		json_array_append(dor, json_object_get(p, "dormant"));
		json_t *r = json_pack("{s:O,s:O,s:O}", "start", json_object_get(p, "start"), "end",
				      json_object_get(p, "end"), "complete", json_object_get(p, "complete"));
		const char *keys[] = {"new", "returning", "resurrecting", "dormant", "active"};
		for (int k = 0; k < 5; k++) {
			char name[24];
			snprintf(name, sizeof name, "%sText", keys[k]);
			json_object_set_new(r, name, num_text(json_object_get(p, keys[k]), v->lang));
		}
		json_array_insert_new(rows, 0, r);
	}
	json_object_set_new(
	    view, "chart",
	    json_pack("{s:s,s:o,s:[{s:s,s:s,s:o},{s:s,s:s,s:o},{s:s,s:s,s:o},{s:s,s:s,s:o}],s:b,s:b,s:i,s:[s,"
		      "s,s,s]}",
		      "kind", "bar", "x", x, "series", "name", i18n_t(v->lang, "funnel.lc_new"), "stack", "a",
		      "values", nw, "name", i18n_t(v->lang, "funnel.lc_returning"), "stack", "a", "values",
		      ret, "name", i18n_t(v->lang, "funnel.lc_resurrecting"), "stack", "a", "values", res,
		      "name", i18n_t(v->lang, "funnel.lc_dormant"), "stack", "a", "values", dor, "integer", 1,
		      "legend", 1, "rotate", 35, "colors", "#15803d", "#154273", "#7e22ce", "#b91c1c"));
	json_object_set_new(view, "rows", rows);
	json_object_set_new(view, "hasPeriods", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(view, "is", json_pack("{s:b}", iv, 1));
	json_object_set_new(view, "utc",
			    json_boolean(!strcmp(json_string_value(json_object_get(o, "timeZone")), "UTC")));
	const char *ev = json_string_value(json_object_get(o, "event"));
	json_t *opts = json_array(), *nm;
	json_array_foreach (json_object_get(o, "eventNames"), i, nm)
		json_array_append_new(opts, json_pack("{s:O,s:b}", "name", nm, "selected",
						      ev && !strcmp(ev, json_string_value(nm))));
	json_object_set_new(view, "eventOptions", opts);
	json_object_set_new(view, "filterRows", metrics_view_filter_rows(json_object_get(o, "filters")));
	json_object_set_new(o, "view", view);
}

const struct view funnel_views[] = {
    {"metrics_funnel", funnel_page},
    {"metrics_lifecycle", lifecycle_page},
    {NULL, NULL},
};
