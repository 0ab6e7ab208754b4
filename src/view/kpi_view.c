/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kpi_view: the KPI pages as people read them. Values, targets and
 * progress worded in nl/en with their unit ("€ 45" for euros, "12
 * gemeenten"), the series chart (value and, when set, the target as a
 * line) with its table rows newest first, and form values typed in the
 * page's language. Reads and extends the handler's document only.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/kpi.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "view/format.h"
#include "view/growth_view.h"
#include "view/view.h"

/* x for people: whole numbers without decimals, others with up to two. */
static void num_text(double x, const char *lang, char *out, size_t n)
{
	int dec = fabs(x - round(x)) < 1e-9 ? 0 : fabs(x * 10 - round(x * 10)) < 1e-9 ? 1 : 2;
	format_number(x, dec, lang, out, n);
}

/* x with its unit: "€ 45,50" for euro, "12 gemeenten", "80%". */
static json_t *with_unit(double x, const char *unit, const char *lang)
{
	char s[64];
	num_text(x, lang, s, sizeof s);
	struct buf b = BUF_INIT;
	if (unit && (!strcmp(unit, "euro") || !strcmp(unit, "€")))
		buf_printf(&b, "€%s%s", strcmp(lang, "en") ? "\u00a0" : "", s);
	else if (unit && *unit)
		buf_printf(&b, "%s%s%s", s, strcmp(unit, "%") ? " " : "", unit);
	else
		buf_puts(&b, s);
	json_t *j = json_string(buf_str(&b));
	buf_free(&b);
	return j;
}

static json_t *maybe_unit(json_t *v, const char *unit, const char *lang)
{
	return json_is_number(v) ? with_unit(json_number_value(v), unit, lang) : json_string("—");
}

/* x as typed into a form in lang: full precision, the language's decimal mark. */
static json_t *input_text(json_t *v, const char *lang)
{
	if (!json_is_number(v))
		return json_string("");
	char out[64];
	snprintf(out, sizeof out, "%.15g", json_number_value(v));
	if (strcmp(lang, "en"))
		for (char *p = out; *p; p++)
			if (*p == '.')
				*p = ',';
	return json_string(out);
}

/* The figures of one series: latest value, target, baseline, progress. */
static void series_view(json_t *s, const char *lang)
{
	const char *unit = json_string_value(json_object_get(s, "unit"));
	json_t *v = json_object();
	json_t *latest = json_object_get(s, "latest"), *base = json_object_get(s, "baseline");
	json_object_set_new(v, "latestText", maybe_unit(json_object_get(latest, "value"), unit, lang));
	json_object_set_new(v, "baselineText", maybe_unit(json_object_get(base, "value"), unit, lang));
	json_object_set_new(v, "targetText", maybe_unit(json_object_get(s, "target"), unit, lang));
	json_t *p = json_object_get(s, "progress");
	if (json_is_number(p)) {
		double x = json_number_value(p);
		char t[32];
		format_percent(x, 0, lang, t, sizeof t);
		json_object_set_new(v, "progressText", json_string(t));
		/* the bar is clamped; the text says the real figure */
		json_object_set_new(v, "bar", json_integer((json_int_t)round(fmax(0, fmin(1, x)) * 100)));
	}
	json_object_set_new(s, "view", v);
}

static void each_series(json_t *list, const char *lang)
{
	size_t i;
	json_t *s;
	json_array_foreach (list, i, s)
		series_view(s, lang);
}

static void list_page(const struct view_ctx *v, json_t *o)
{
	each_series(json_object_get(o, "series"), v->lang);
}

/* The chart: the values by date and, when there is a target, a line at
 * the target (the x axis lists the dates of the values, evenly spaced, so
 * the target date is written beside the chart, not drawn); the table rows
 * newest first. */
static void series_chart(json_t *s, const char *lang)
{
	const char *unit = json_string_value(json_object_get(s, "unit"));
	json_t *values = json_object_get(s, "values"), *target = json_object_get(s, "target");
	size_t n = json_array_size(values);
	json_t *x = json_array(), *vals = json_array(), *line = json_array(), *rows = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_array_get(values, i);
		const char *date = json_string_value(json_object_get(r, "date"));
		json_t *val = json_object_get(r, "value");
		json_array_append_new(x, json_string(date));
		json_array_append_new(vals, json_real(round(json_number_value(val) * 1e6) / 1e6));
		json_array_append_new(line, json_is_number(target) ? json_real(json_number_value(target))
								   : json_null());
		json_t *row =
		    json_pack("{s:s,s:O,s:O,s:O}", "date", date, "note", json_object_get(r, "note"), "source",
			      json_object_get(r, "source"), "by", json_object_get(r, "by"));
		json_object_set_new(row, "valueText", with_unit(json_number_value(val), unit, lang));
		/* who wrote it, and how when not on the page: "via de API · Dewi" */
		const char *src = json_string_value(json_object_get(r, "source"));
		const char *by = json_string_value(json_object_get(r, "by"));
		struct buf meta = BUF_INIT;
		if (src && kpi_source_parse(src) != KPI_SOURCE_HANDMATIG) {
			char key[40];
			snprintf(key, sizeof key, "kpi.source.%s", src);
			buf_puts(&meta, i18n_t(lang, key));
		}
		if (by)
			buf_printf(&meta, "%s%s", meta.len ? " · " : "", by);
		json_object_set_new(row, "meta", json_string(buf_str(&meta)));
		buf_free(&meta);
		json_array_insert_new(rows, 0, row);
	}
	json_t *series = json_array();
	json_array_append_new(series,
			      json_pack("{s:s,s:o}", "name", i18n_t(lang, "kpi.value"), "values", vals));
	if (json_is_number(target))
		json_array_append_new(
		    series, json_pack("{s:s,s:o}", "name", i18n_t(lang, "kpi.target"), "values", line));
	else
		json_decref(line);
	json_t *v = json_object_get(s, "view");
	if (n)
		json_object_set_new(v, "chart",
				    json_pack("{s:s,s:o,s:o}", "kind", "line", "x", x, "series", series));
	else {
		json_decref(x);
		json_decref(series);
	}
	json_object_set_new(v, "rows", rows);
}

/* The metric the series follows (followsMetric) as people read it: its
 * name, value, parameters in words, and its trend as a chart with a table
 * (followsMetric.view: label, valueText, paramsText, chart, rows). */
static void metric_view(json_t *s, const char *lang)
{
	json_t *f = json_object_get(s, "followsMetric");
	if (!json_is_object(f))
		return;
	const char *metric = json_string_value(json_object_get(f, "metric"));
	char key[64], t[64];
	snprintf(key, sizeof key, "growth.metric.%s", metric ? metric : "");
	const char *label = i18n_t(lang, key);
	json_t *view = json_object(), *val = json_object_get(f, "value");
	json_object_set_new(view, "label", json_string(label));
	growth_metric_text(metric, json_is_number(val) ? json_number_value(val) : NAN, lang, t, sizeof t);
	json_object_set_new(view, "valueText", json_string(t));
	struct buf b = BUF_INIT;
	const char *k;
	json_t *x;
	json_object_foreach (json_object_get(f, "parameters"), k, x)
		if (strcmp(k, "bron"))
			buf_printf(&b, "%s%s = %s", b.len ? ", " : "", k, json_string_value(x) ?: "");
	json_object_set_new(view, "paramsText", json_string(buf_str(&b)));
	buf_free(&b);
	json_t *xs = json_array(), *vals = json_array(), *rows = json_array(), *p;
	size_t i;
	json_array_foreach (json_object_get(f, "trend"), i, p) {
		json_t *pv = json_object_get(p, "value");
		double d = json_is_number(pv) ? json_number_value(pv) : NAN;
		json_array_append(xs, json_object_get(p, "date"));
		json_array_append_new(vals, isnan(d) ? json_null() : json_real(round(d * 1e4) / 1e4));
		growth_metric_text(metric, d, lang, t, sizeof t);
		json_array_insert_new(
		    rows, 0,
		    json_pack("{s:O,s:s,s:b}", "date", json_object_get(p, "date"), "valueText",
			      isnan(d) ? i18n_t(lang, "kpi.metric_incomplete") : t, "known", !isnan(d)));
	}
	if (json_array_size(xs))
		json_object_set_new(view, "chart",
				    json_pack("{s:s,s:o,s:[{s:s,s:o}]}", "kind", "line", "x", xs, "series",
					      "name", label, "values", vals));
	else {
		json_decref(xs);
		json_decref(vals);
	}
	json_object_set_new(view, "rows", rows);
	json_object_set_new(f, "view", view);
}

static void series_page(const struct view_ctx *v, json_t *s)
{
	series_view(s, v->lang);
	series_chart(s, v->lang);
	metric_view(s, v->lang);
}

static void series_edit(const struct view_ctx *v, json_t *s)
{
	series_view(s, v->lang);
	json_object_set_new(s, "target", input_text(json_object_get(s, "target"), v->lang));
}

/* The initiative page, once its handler adds kpiSeries. */
static void initiative_page(const struct view_ctx *v, json_t *o)
{
	each_series(json_object_get(o, "kpiSeries"), v->lang);
}

const struct view kpi_views[] = {
    {"initiative", initiative_page},
    {"kpi_list", list_page},
    {"kpi_series", series_page},
    {"kpi_series_edit", series_edit},
    {NULL, NULL},
};
