/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * businesscase_view: the business-case pages as people read them: euros in
 * nl/en (whole euros; the API keeps cents), years and "not within the
 * horizon", the matrix, scenario, tornado and cash charts with their table
 * rows, the deal worded, unit economics with their formulas, and form
 * values typed in the page's language. Reads and extends the handler's
 * document only.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/businesscase.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "view/format.h"
#include "view/view.h"

/* Catalogue text of key with "{name}" replaced by value; caller frees. */
static char *with_param(const char *lang, const char *key, const char *name, const char *value)
{
	const char *t = i18n_t(lang, key);
	char tag[32];
	snprintf(tag, sizeof tag, "{%s}", name);
	struct buf b = BUF_INIT;
	const char *at = strstr(t, tag);
	if (at) {
		buf_add(&b, t, (size_t)(at - t));
		buf_puts(&b, value);
		buf_puts(&b, at + strlen(tag));
	} else {
		buf_puts(&b, t);
	}
	return buf_steal(&b);
}

static json_t *euro_text(double cents, const char *lang)
{
	char s[64];
	format_euros((int64_t)llround(cents / 100.0), lang, s, sizeof s);
	return json_string(s);
}

static json_t *cents_text(json_t *v, const char *lang)
{
	return json_is_number(v) ? euro_text(json_number_value(v), lang) : json_string("—");
}

static double euros(json_t *v)
{
	return round(json_number_value(v)) / 100.0;
}

static json_t *year_text(json_t *y, const char *lang)
{
	if (!json_is_integer(y))
		return json_string(i18n_t(lang, "bc.never"));
	char s[48];
	snprintf(s, sizeof s, "%s %lld", i18n_t(lang, "bc.year_n"), (long long)json_integer_value(y));
	return json_string(s);
}

/* A number as typed into a form in lang: up to 6 decimals, no trailing zeros. */
static json_t *input_text(json_t *v, const char *lang)
{
	if (!json_is_number(v))
		return json_string("");
	char out[64];
	snprintf(out, sizeof out, "%.6f", json_number_value(v));
	char *e = out + strlen(out) - 1;
	while (e > out && *e == '0')
		*e-- = 0;
	if (*e == '.')
		*e = 0;
	if (strcmp(lang, "en"))
		for (char *p = out; *p; p++)
			if (*p == '.')
				*p = ',';
	return json_string(out);
}

static json_t *num_text(double x, int dec, const char *lang)
{
	char s[64];
	format_number(x, dec, lang, s, sizeof s);
	return json_string(s);
}

static void case_meta(json_t *d, const char *lang)
{
	char s[64];
	format_number(json_number_value(json_object_get(d, "ratePct")), 2, lang, s, sizeof s);
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s %%", s);
	json_t *v = json_object();
	json_object_set_new(v, "rateText", json_string(buf_str(&b)));
	buf_free(&b);
	json_object_set_new(
	    v, "isPreset",
	    json_boolean(fabs(json_number_value(json_object_get(d, "ratePct")) - 2.25) < 1e-9));
	json_object_set_new(d, "view", v);
}

/* The matrix: one row per party with a cell per year, the total row, and the heatmap (thousands). */
static void matrix(json_t *d, json_t *v, const char *lang)
{
	json_t *parties = json_object_get(d, "parties"), *years = json_object_get(d, "years");
	json_t *x = json_array(), *y = json_array(), *vals = json_array();
	size_t i, j;
	json_t *p, *c;
	json_array_foreach (years, i, c) {
		char s[32];
		snprintf(s, sizeof s, "%s %lld", i18n_t(lang, "bc.year_n"), (long long)json_integer_value(c));
		json_array_append_new(x, json_string(s));
	}
	double lo = 0, hi = 0;
	json_array_foreach (parties, i, p) {
		json_t *cells = json_array(), *row = json_array();
		json_array_foreach (json_object_get(p, "netCents"), j, c) {
			json_array_append_new(cells, cents_text(c, lang));
			double k = round(json_number_value(c) / 100000.0);
			lo = fmin(lo, k);
			hi = fmax(hi, k);
			json_array_append_new(row, json_real(k));
		}
		json_array_insert_new(y, 0, json_incref(json_object_get(p, "name")));
		json_array_insert_new(vals, 0, row);
		json_t *pv = json_object();
		json_object_set_new(pv, "cells", cells);
		json_object_set_new(pv, "npvText", cents_text(json_object_get(p, "npvCents"), lang));
		json_object_set_new(pv, "paysText", cents_text(json_object_get(p, "paysCents"), lang));
		json_object_set_new(pv, "gainsText", cents_text(json_object_get(p, "gainsCents"), lang));
		json_object_set_new(pv, "paybackText", year_text(json_object_get(p, "paybackYear"), lang));
		json_object_set_new(pv, "breakEvenText",
				    year_text(json_object_get(p, "breakEvenYear"), lang));
		json_object_set_new(p, "view", pv);
	}
	json_t *t = json_object_get(d, "totals"), *cells = json_array();
	json_array_foreach (json_object_get(t, "netCents"), j, c)
		json_array_append_new(cells, cents_text(c, lang));
	json_object_set_new(v, "totalCells", cells);
	json_object_set_new(v, "totalNpvText", cents_text(json_object_get(t, "npvCents"), lang));
	json_object_set_new(v, "totalPaybackText", year_text(json_object_get(t, "paybackYear"), lang));
	json_object_set_new(v, "totalBreakEvenText", year_text(json_object_get(t, "breakEvenYear"), lang));
	/* the colour scale is symmetric around zero, so red is loss and green gain */
	double m = fmax(fabs(lo), fabs(hi));
	if (json_array_size(parties))
		json_object_set_new(v, "matrixChart",
				    json_pack("{s:s,s:o,s:o,s:o,s:f,s:f}", "kind", "heatmap", "x", x, "y", y,
					      "values", vals, "min", -fmax(m, 1), "max", fmax(m, 1)));
	else {
		json_decref(x);
		json_decref(y);
		json_decref(vals);
	}
	json_t *names = json_array();
	json_array_foreach (parties, i, p)
		if (json_is_true(json_object_get(p, "canBlock")))
			json_array_append(names, json_object_get(p, "name"));
	struct buf b = BUF_INIT;
	json_array_foreach (names, i, c)
		buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(c));
	if (json_array_size(names)) {
		char *txt = with_param(lang, "bc.blocking", "names", buf_str(&b));
		json_object_set_new(v, "blockingText", json_string(txt));
		free(txt);
	}
	buf_free(&b);
	json_decref(names);
}

static void deal(json_t *d, json_t *v, const char *lang)
{
	json_t *dl = json_object_get(d, "deal");
	size_t i;
	json_t *t;
	json_array_foreach (json_object_get(dl, "transfers"), i, t)
		json_object_set_new(t, "centsText", cents_text(json_object_get(t, "cents"), lang));
	json_t *parties = json_object_get(d, "parties");
	json_array_foreach (json_object_get(dl, "after"), i, t) {
		json_object_set_new(t, "afterText", cents_text(json_object_get(t, "npvCents"), lang));
		json_t *p = json_array_get(parties, i);
		json_object_set_new(t, "beforeText", cents_text(json_object_get(p, "npvCents"), lang));
	}
	char amount[64];
	format_euros((int64_t)llround(
			 json_number_value(json_object_get(dl, json_is_true(json_object_get(dl, "possible"))
								   ? "totalTransferCents"
								   : "totalNpvCents")) /
			 100.0),
		     lang, amount, sizeof amount);
	const char *key = !json_is_true(json_object_get(dl, "possible"))	    ? "bc.deal_impossible"
			  : json_integer_value(json_object_get(dl, "deficitCents")) ? "bc.deal_possible"
										    : "bc.deal_none_needed";
	char *txt = with_param(lang, key, "amount", amount);
	json_object_set_new(v, "dealText", json_string(txt));
	free(txt);
}

/* Scenarios side by side: a row per party and the total; a bar chart. */
static void scenarios(json_t *d, json_t *v, const char *lang)
{
	json_t *sc = json_object_get(d, "scenarios"), *parties = json_object_get(d, "parties");
	json_t *rows = json_array(), *x = json_array(), *series = json_array();
	size_t i, s;
	json_t *p, *one;
	json_array_foreach (parties, i, p) {
		json_t *cells = json_array();
		json_array_foreach (sc, s, one)
			json_array_append_new(
			    cells,
			    cents_text(json_object_get(json_array_get(json_object_get(one, "parties"), i),
						       "npvCents"),
				       lang));
		json_array_append_new(
		    rows, json_pack("{s:O,s:o}", "name", json_object_get(p, "name"), "cells", cells));
		json_array_append(x, json_object_get(p, "name"));
	}
	json_t *cells = json_array();
	json_array_foreach (sc, s, one)
		json_array_append_new(cells, cents_text(json_object_get(one, "totalNpvCents"), lang));
	json_array_append_new(
	    rows, json_pack("{s:s,s:o,s:b}", "name", i18n_t(lang, "bc.total"), "cells", cells, "isTotal", 1));
	json_array_append_new(x, json_string(i18n_t(lang, "bc.total")));
	json_array_foreach (sc, s, one) {
		json_t *vals = json_array();
		json_array_foreach (json_object_get(one, "parties"), i, p)
			json_array_append_new(vals, json_real(euros(json_object_get(p, "npvCents"))));
		json_array_append_new(vals, json_real(euros(json_object_get(one, "totalNpvCents"))));
		char key[40];
		snprintf(key, sizeof key, "bc.scenario.%s",
			 json_string_value(json_object_get(one, "scenario")));
		json_array_append_new(series,
				      json_pack("{s:s,s:o}", "name", i18n_t(lang, key), "values", vals));
	}
	json_object_set_new(v, "scenarioRows", rows);
	json_object_set_new(
	    v, "scenarioChart",
	    json_pack("{s:s,s:o,s:o,s:i}", "kind", "bar", "x", x, "series", series, "rotate", 20));
}

static void sensitivity(json_t *d, json_t *v, const char *lang)
{
	json_t *rows = json_array();
	size_t i, j;
	json_t *r, *p;
	json_array_foreach (json_object_get(d, "sensitivity"), i, r) {
		char s[64];
		format_number(json_number_value(json_object_get(r, "ratePct")), 2, lang, s, sizeof s);
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s %%", s);
		json_t *cells = json_array();
		json_array_foreach (json_object_get(r, "parties"), j, p)
			json_array_append_new(cells, cents_text(json_object_get(p, "npvCents"), lang));
		json_array_append_new(
		    rows, json_pack("{s:s,s:O,s:o,s:o}", "rateText", buf_str(&b), "isCaseRate",
				    json_object_get(r, "isCaseRate"), "totalText",
				    cents_text(json_object_get(r, "totalNpvCents"), lang), "cells", cells));
		buf_free(&b);
	}
	json_object_set_new(v, "sensitivityRows", rows);
}

static void tornado(json_t *d, json_t *v, const char *lang)
{
	json_t *tor = json_object_get(d, "tornado"), *chart = json_array();
	double base = json_number_value(json_object_get(json_object_get(d, "totals"), "npvCents"));
	size_t i;
	json_t *t;
	json_array_foreach (tor, i, t) {
		double lo = json_number_value(json_object_get(t, "lowCents")),
		       hi = json_number_value(json_object_get(t, "highCents"));
		json_object_set_new(t, "lowText", euro_text(lo, lang));
		json_object_set_new(t, "highText", euro_text(hi, lang));
		json_object_set_new(t, "swingText", euro_text(hi - lo, lang));
		json_array_append_new(chart,
				      json_pack("{s:O,s:f,s:f,s:f}", "name", json_object_get(t, "label"),
						"low", round((lo - base) / 100000), "high",
						round((hi - base) / 100000), "estimate", 0.0));
	}
	if (json_array_size(tor))
		json_object_set_new(v, "tornadoChart",
				    json_pack("{s:s,s:o,s:s}", "kind", "forest", "rows", chart, "axis",
					      i18n_t(lang, "bc.tornado_axis")));
	else
		json_decref(chart);
}

/* Each line's total and NPV worded, and its amount in every year of the horizon (0 when none). */
static void lines(json_t *d, const char *lang)
{
	int horizon = (int)json_integer_value(json_object_get(d, "horizon"));
	size_t i, j;
	json_t *l, *a;
	json_array_foreach (json_object_get(d, "lines"), i, l) {
		json_object_set_new(l, "totalText", cents_text(json_object_get(l, "totalCents"), lang));
		json_object_set_new(l, "npvText", cents_text(json_object_get(l, "npvCents"), lang));
		double cents[BC_HORIZON_MAX + 1] = {0};
		json_array_foreach (json_object_get(l, "amounts"), j, a) {
			json_int_t y = json_integer_value(json_object_get(a, "year"));
			if (y >= 0 && y <= horizon)
				cents[y] = json_number_value(json_object_get(a, "cents"));
		}
		json_t *cells = json_array();
		for (int y = 0; y <= horizon && y <= BC_HORIZON_MAX; y++)
			json_array_append_new(cells, euro_text(cents[y], lang));
		json_object_set_new(l, "yearCells", cells);
	}
}

static json_t *months_text(json_t *x, const char *lang)
{
	if (!json_is_number(x))
		return NULL;
	char s[64];
	format_number(json_number_value(x), 1, lang, s, sizeof s);
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s %s", s, i18n_t(lang, "bc.months"));
	json_t *j = json_string(buf_str(&b));
	buf_free(&b);
	return j;
}

static void unit(json_t *d, json_t *v, const char *lang)
{
	json_t *u = json_object_get(d, "unitEconomics");
	if (!json_is_object(u))
		return;
	json_t *t = json_object();
	char s[64];
	json_object_set_new(t, "arpa", cents_text(json_object_get(u, "arpaCents"), lang));
	json_object_set_new(t, "yearly",
			    euro_text(json_number_value(json_object_get(u, "arpaCents")) * 12, lang));
	format_number(json_number_value(json_object_get(u, "grossMarginPct")), 1, lang, s, sizeof s);
	json_object_set_new(t, "margin", json_pack("s+", s, " %"));
	format_number(json_number_value(json_object_get(u, "churnPct")), 2, lang, s, sizeof s);
	json_object_set_new(t, "churn", json_pack("s+", s, " %"));
	json_object_set_new(t, "cac", cents_text(json_object_get(u, "cacCents"), lang));
	json_t *ltv = json_object_get(u, "ltvCents");
	json_object_set_new(t, "ltv",
			    json_is_number(ltv) ? cents_text(ltv, lang)
						: json_string(i18n_t(lang, "bc.unbounded")));
	json_t *lc = json_object_get(u, "ltvCac");
	json_object_set_new(t, "ltvCac",
			    json_is_number(lc) ? num_text(json_number_value(lc), 2, lang)
					       : json_string(i18n_t(lang, "bc.not_applicable")));
	json_t *m = months_text(json_object_get(u, "cacPaybackMonths"), lang);
	json_object_set_new(t, "cacPayback", m ? m : json_string(i18n_t(lang, "bc.not_applicable")));
	json_object_set_new(t, "burn", cents_text(json_object_get(u, "burnCents"), lang));
	m = months_text(json_object_get(u, "runwayMonths"), lang);
	json_object_set_new(t, "runway", m ? m : json_string(i18n_t(lang, "bc.no_burn")));
	json_t *bm = json_object_get(u, "burnMultiple");
	json_object_set_new(t, "burnMultiple",
			    json_is_number(bm) ? num_text(json_number_value(bm), 2, lang)
					       : json_string(i18n_t(lang, "bc.not_applicable")));
	json_object_set_new(t, "isPublic",
			    json_boolean(!strcmp(json_string_value(json_object_get(u, "kind")), "publiek")));
	/* cash: a line per scenario and the table, month by month */
	json_t *cash = json_object_get(u, "cash"), *x = json_array(), *series = json_array(),
	       *rows = json_array();
	size_t i;
	json_t *mo;
	const char *sc[] = {"gunstig", "basis", "ongunstig"};
	json_array_foreach (json_object_get(cash, "months"), i, mo) {
		json_array_append_new(x, json_pack("i", (int)json_integer_value(mo)));
		json_array_append_new(
		    rows,
		    json_pack("{s:O,s:o,s:o,s:o}", "month", mo, "gunstig",
			      cents_text(json_array_get(json_object_get(cash, sc[0]), i), lang), "basis",
			      cents_text(json_array_get(json_object_get(cash, sc[1]), i), lang), "ongunstig",
			      cents_text(json_array_get(json_object_get(cash, sc[2]), i), lang)));
	}
	for (int k = 0; k < 3; k++) {
		json_t *vals = json_array();
		json_array_foreach (json_object_get(cash, sc[k]), i, mo)
			json_array_append_new(vals, json_real(euros(mo)));
		char key[40];
		snprintf(key, sizeof key, "bc.scenario.%s", sc[k]);
		json_array_append_new(series,
				      json_pack("{s:s,s:o}", "name", i18n_t(lang, key), "values", vals));
	}
	json_object_set_new(t, "cashChart",
			    json_pack("{s:s,s:o,s:o}", "kind", "line", "x", x, "series", series));
	json_object_set_new(t, "cashRows", rows);
	json_object_set_new(v, "unit", t);
}

static void case_page(const struct view_ctx *c, json_t *d)
{
	case_meta(d, c->lang);
	json_t *v = json_object_get(d, "view");
	matrix(d, v, c->lang);
	deal(d, v, c->lang);
	scenarios(d, v, c->lang);
	sensitivity(d, v, c->lang);
	tornado(d, v, c->lang);
	lines(d, c->lang);
	unit(d, v, c->lang);
}

static void list_page(const struct view_ctx *c, json_t *d)
{
	size_t i;
	json_t *k;
	json_array_foreach (json_object_get(d, "cases"), i, k) {
		json_object_set_new(k, "npvText", cents_text(json_object_get(k, "totalNpvCents"), c->lang));
		char s[32];
		format_number(json_number_value(json_object_get(k, "ratePct")), 2, c->lang, s, sizeof s);
		json_object_set_new(k, "rateText", json_pack("s+", s, " %"));
	}
}

/* The case form: the rate as typed in the page's language. */
static void case_form(const struct view_ctx *c, json_t *d)
{
	if (!c->form_error)
		json_object_set_new(d, "ratePct", input_text(json_object_get(d, "ratePct"), c->lang));
}

static void edit_page(const struct view_ctx *c, json_t *d)
{
	case_meta(d, c->lang);
	case_form(c, d);
}

/* The line form: the line's fields at the top (the form reads them as v),
 * the amounts as the text a person types: euros of year 0, 1, ... */
static void line_page(const struct view_ctx *c, json_t *d)
{
	json_t *l = json_object_get(d, "line");
	if (c->form_error)
		return;
	if (!json_is_object(l)) {
		json_object_set_new(d, "kind", json_string("kosten"));
		return;
	}
	const char *keys[] = {"partyId", "kind", "category", "label", "source", NULL};
	for (int i = 0; keys[i]; i++)
		json_object_set(d, keys[i], json_object_get(l, keys[i]));
	json_object_set_new(d, "best", input_text(json_object_get(l, "best"), c->lang));
	json_object_set_new(d, "worst", input_text(json_object_get(l, "worst"), c->lang));
	int64_t cents[BC_HORIZON_MAX + 1] = {0};
	int last = -1;
	size_t i;
	json_t *a;
	json_array_foreach (json_object_get(l, "amounts"), i, a) {
		int y = (int)json_integer_value(json_object_get(a, "year"));
		if (y >= 0 && y <= BC_HORIZON_MAX) {
			cents[y] = json_integer_value(json_object_get(a, "cents"));
			last = y > last ? y : last;
		}
	}
	struct buf b = BUF_INIT;
	for (int y = 0; y <= last; y++) {
		char s[64];
		format_number((double)cents[y] / 100.0, cents[y] % 100 ? 2 : 0, c->lang, s, sizeof s);
		buf_printf(&b, "%s%s", y ? "; " : "", s);
	}
	json_object_set_new(d, "amounts", json_string(buf_str(&b)));
	buf_free(&b);
}

static void factors_page(const struct view_ctx *c, json_t *d)
{
	case_meta(d, c->lang);
	if (c->form_error)
		return;
	size_t i;
	json_t *f;
	json_array_foreach (json_object_get(d, "factors"), i, f)
		json_object_set_new(d, json_string_value(json_object_get(f, "category")),
				    json_pack("{s:o,s:o}", "best",
					      input_text(json_object_get(f, "best"), c->lang), "worst",
					      input_text(json_object_get(f, "worst"), c->lang)));
}

static void unit_page(const struct view_ctx *c, json_t *d)
{
	case_meta(d, c->lang);
	json_t *u = json_object_get(d, "unitEconomics");
	if (c->form_error)
		return;
	if (!json_is_object(u)) {
		json_object_set_new(d, "kind", json_string("scaleup"));
		return;
	}
	json_object_set(d, "kind", json_object_get(u, "kind"));
	const char *money[][2] = {{"arpaCents", "arpaEuro"},
				  {"cacCents", "cacEuro"},
				  {"cashCents", "cashEuro"},
				  {"fixedCents", "fixedEuro"}};
	for (int i = 0; i < 4; i++) {
		json_t *x = json_real(json_number_value(json_object_get(u, money[i][0])) / 100.0);
		json_object_set_new(d, money[i][1], input_text(x, c->lang));
		json_decref(x);
	}
	const char *plain[] = {"grossMarginPct", "churnPct", "customers", "newPerMonth"};
	for (int i = 0; i < 4; i++)
		json_object_set_new(d, plain[i], input_text(json_object_get(u, plain[i]), c->lang));
}

const struct view businesscase_views[] = {
    {"bc_case", case_page},	  {"bc_list", list_page},     {"bc_new", case_form},
    {"bc_edit", edit_page},	  {"bc_line_new", line_page}, {"bc_line_edit", line_page},
    {"bc_factors", factors_page}, {"bc_unit", unit_page},     {NULL, NULL},
};
