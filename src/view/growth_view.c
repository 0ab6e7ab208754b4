/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * growth_view: the Groei page as people read it. Per metric a chart (bars
 * or a line) with the table of the same figures; amounts in euros with
 * cents in Dutch or English notation (from the API's exact decimal strings,
 * rounded to the cent for display only), rates as percentages, incomplete
 * periods said in words instead of a number. Reads and extends the
 * handler's document only.
 */
#include <stdio.h>
#include <string.h>

#include "domain/metrics_growth.h"
#include "lib/i18n.h"
#include "view/format.h"
#include "view/growth_view.h"
#include "view/view.h"

static json_t *num_text(json_t *n, const char *lang)
{
	if (!json_is_number(n))
		return json_string("—");
	char s[40];
	format_number(json_number_value(n), 0, lang, s, sizeof s);
	return json_string(s);
}

static json_t *dec_text(json_t *n, int decimals, const char *lang)
{
	if (!json_is_number(n))
		return json_string("—");
	char s[40];
	format_number(json_number_value(n), decimals, lang, s, sizeof s);
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

/* "1234.5" -> "€ 1.234,50" (nl) or "€1,234.50" (en), rounded to the cent. */
static json_t *euro_text(json_t *amount, const char *lang)
{
	const char *a = json_string_value(amount);
	int64_t micro;
	if (!a || growth_decimal_parse(a, strlen(a), &micro) < 0)
		return json_string("—");
	int64_t cents = growth_div_round(micro, GROWTH_MICRO / 100);
	int en = lang && !strcmp(lang, "en");
	uint64_t abs = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	char digits[24], grouped[40], out[64];
	snprintf(digits, sizeof digits, "%llu", (unsigned long long)(abs / 100));
	size_t n = strlen(digits), k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[k++] = en ? ',' : '.';
		grouped[k++] = digits[i];
	}
	grouped[k] = 0;
	snprintf(out, sizeof out, "%s€%s%s%s%02llu", cents < 0 ? "−" : "", en ? "" : " ", grouped,
		 en ? "." : ",", (unsigned long long)(abs % 100));
	return json_string(out);
}

/* "2026-11-02" -> "2 nov" (nl) or "2 Nov" (en): chart axis labels (the
 * tables beside the charts carry the full dates). */
static json_t *short_date(json_t *date, const char *lang)
{
	static const char *const nl[] = {"jan", "feb", "mrt", "apr", "mei", "jun",
					 "jul", "aug", "sep", "okt", "nov", "dec"};
	static const char *const en[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	const char *d = json_string_value(date);
	int y, m, day;
	if (!d || sscanf(d, "%d-%d-%d", &y, &m, &day) != 3 || m < 1 || m > 12)
		return json_string(d ? d : "");
	char out[24];
	snprintf(out, sizeof out, "%d %s", day, (lang && !strcmp(lang, "en") ? en : nl)[m - 1]);
	return json_string(out);
}

/* A chart of one or more series over x. */
static json_t *chart(const char *kind, json_t *x, json_t *series, int integer)
{
	return json_pack("{s:s,s:o,s:o,s:b,s:i}", "kind", kind, "x", x, "series", series, "integer", integer,
			 "min", 0);
}

static double pct_value(json_t *fraction)
{
	return json_is_number(fraction) ? (double)(long long)(json_number_value(fraction) * 1000 + 0.5) / 10
					: -1;
}

static json_t *pct_or_null(json_t *fraction)
{
	return json_is_number(fraction) ? json_real(pct_value(fraction)) : json_null();
}

/* How a cell of a table is written. */
enum text_kind { T_NUM, T_PCT, T_DEC2, T_EURO };
/* How a value is charted: a fraction as a percentage with one decimal, a
 * number to three decimals, a decimal amount to the cent, or as it is. */
enum chart_value { V_PCT, V_DEC3, V_EURO, V_RAW };

/* One metric's chart and table: the rows of doc.<member>.<rows> (objects
 * with a start date; or plain numbers, charted by their index: the NPS
 * scores), the member charted, and the table's cells. */
static const struct metric_chart {
	const char *member, *rows, *value;
	enum chart_value how;
	const char *kind, *series; /* chart kind, catalogue key of the series' name */
	int integer;
	const char *prefix;  /* view members <prefix>Chart and <prefix>Rows */
	const char *keep[2]; /* row members copied as they are */
	struct {
		const char *out, *in;
		enum text_kind t;
	} cells[6];
} metric_charts[] = {
    {"activation",
     "cohorts",
     "rate",
     V_PCT,
     "bar",
     "growth.activation_rate",
     0,
     "activation",
     {"start", "complete"},
     {{"personsText", "persons", T_NUM}, {"activatedText", "activated", T_NUM}, {"rateText", "rate", T_PCT}}},
    {"churn",
     "periods",
     "rate",
     V_PCT,
     "line",
     "growth.churn_rate",
     0,
     "churn",
     {"start", "complete"},
     {{"activeText", "active", T_NUM}, {"churnedText", "churned", T_NUM}, {"rateText", "rate", T_PCT}}},
    {"kfactor",
     "periods",
     "kFactor",
     V_DEC3,
     "line",
     "growth.kfactor",
     0,
     "kfactor",
     {"start", NULL},
     {{"signupsText", "signups", T_NUM},
      {"invitesText", "invites", T_NUM},
      {"acceptedText", "accepted", T_NUM},
      {"perSignupText", "invitesPerSignup", T_DEC2},
      {"acceptanceText", "acceptanceRate", T_PCT},
      {"kText", "kFactor", T_DEC2}}},
    {"nps",
     "scores",
     NULL,
     V_RAW,
     "bar",
     "growth.respondents",
     1,
     "nps",
     {NULL, NULL},
     {{"personsText", NULL, T_NUM}}},
    {"revenue",
     "periods",
     "revenue",
     V_EURO,
     "bar",
     "growth.revenue_eur",
     0,
     "revenue",
     {"start", NULL},
     {{"revenueText", "revenue", T_EURO},
      {"purchasesText", "purchases", T_NUM},
      {"payingText", "payingPersons", T_NUM},
      {"newPayingText", "newPayingPersons", T_NUM}}},
};

static json_t *text_of(json_t *x, enum text_kind t, const char *lang)
{
	switch (t) {
	case T_PCT: return pct_text(x, lang);
	case T_DEC2: return dec_text(x, 2, lang);
	case T_EURO: return euro_text(x, lang);
	case T_NUM:
	default: return num_text(x, lang);
	}
}

static json_t *chart_value(json_t *x, enum chart_value how)
{
	if (how == V_PCT)
		return pct_or_null(x);
	if (how == V_DEC3)
		return json_is_number(x)
			   ? json_real((double)(long long)(json_number_value(x) * 1000 + 0.5) / 1000)
			   : json_null();
	if (how == V_EURO) {
		const char *s = json_string_value(x);
		int64_t micro = 0;
		if (s)
			growth_decimal_parse(s, strlen(s), &micro);
		return json_real((double)growth_div_round(micro, GROWTH_MICRO / 100) / 100.0);
	}
	return json_incref(x);
}

/* The one chart builder of the Groei page: <prefix>Chart and <prefix>Rows of a metric. */
static void metric_chart(const struct view_ctx *v, const struct metric_chart *m, json_t *doc, json_t *view)
{
	json_t *x = json_array(), *vals = json_array(), *rows = json_array(), *c;
	size_t i;
	json_array_foreach (json_object_get(json_object_get(doc, m->member), m->rows), i, c) {
		int plain = !json_is_object(c); /* an NPS score count, charted by its score */
		json_array_append_new(x, plain ? json_integer((json_int_t)i)
					       : short_date(json_object_get(c, "start"), v->lang));
		json_array_append_new(vals, chart_value(plain ? c : json_object_get(c, m->value), m->how));
		json_t *r = json_object();
		for (int k = 0; k < 2 && m->keep[k]; k++)
			json_object_set(r, m->keep[k], json_object_get(c, m->keep[k]));
		if (plain) {
			json_object_set_new(r, "score", json_integer((json_int_t)i));
			json_object_set_new(r, "group",
					    json_string(i18n_t(v->lang, i >= 9	 ? "growth.promoters"
									: i >= 7 ? "growth.passives"
										 : "growth.detractors")));
		}
		for (int k = 0; k < 6 && m->cells[k].out; k++)
			json_object_set_new(
			    r, m->cells[k].out,
			    text_of(plain ? c : json_object_get(c, m->cells[k].in), m->cells[k].t, v->lang));
		json_array_append_new(rows, r);
	}
	char key[48];
	snprintf(key, sizeof key, "%sChart", m->prefix);
	json_object_set_new(
	    view, key,
	    chart(m->kind, x, json_pack("[{s:s,s:o}]", "name", i18n_t(v->lang, m->series), "values", vals),
		  m->integer));
	snprintf(key, sizeof key, "%sRows", m->prefix);
	json_object_set_new(view, key, rows);
}

/* The headline figures beside the charts. */
static void totals(const struct view_ctx *v, json_t *doc, json_t *view)
{
	json_object_set_new(
	    view, "activationTotal",
	    pct_text(json_object_get(json_object_get(json_object_get(doc, "activation"), "total"), "rate"),
		     v->lang));
	json_t *last = json_string("—"), *c;
	size_t i;
	json_array_foreach (json_object_get(json_object_get(doc, "churn"), "periods"), i, c)
		if (json_is_number(json_object_get(c, "rate"))) {
			json_decref(last);
			last = pct_text(json_object_get(c, "rate"), v->lang);
		}
	json_object_set_new(view, "churnLast", last);
	json_t *t = json_object_get(json_object_get(doc, "kfactor"), "total");
	json_object_set_new(view, "kfactorTotal",
			    json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "signups",
				      num_text(json_object_get(t, "signups"), v->lang), "invites",
				      num_text(json_object_get(t, "invites"), v->lang), "accepted",
				      num_text(json_object_get(t, "accepted"), v->lang), "perSignup",
				      dec_text(json_object_get(t, "invitesPerSignup"), 2, v->lang),
				      "acceptance", pct_text(json_object_get(t, "acceptanceRate"), v->lang),
				      "k", dec_text(json_object_get(t, "kFactor"), 2, v->lang)));
	json_t *a = json_object_get(doc, "nps");
	json_object_set_new(view, "npsText", dec_text(json_object_get(a, "nps"), 0, v->lang));
	static const char *const keys[] = {"respondents", "promoters", "passives", "detractors", "ignored"};
	t = json_object();
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
		json_object_set_new(t, keys[k], num_text(json_object_get(a, keys[k]), v->lang));
	json_object_set_new(view, "npsCounts", t);
	t = json_object_get(json_object_get(doc, "revenue"), "total");
	json_object_set_new(view, "revenueTotal",
			    json_pack("{s:o,s:o,s:o,s:o,s:o}", "revenue",
				      euro_text(json_object_get(t, "revenue"), v->lang), "purchases",
				      num_text(json_object_get(t, "purchases"), v->lang), "paying",
				      num_text(json_object_get(t, "payingPersons"), v->lang), "newPaying",
				      num_text(json_object_get(t, "newPayingPersons"), v->lang), "ignored",
				      num_text(json_object_get(t, "ignored"), v->lang)));
}

static void unit(const struct view_ctx *v, json_t *doc, json_t *view)
{
	json_t *a = json_object_get(doc, "unitEconomics");
	json_object_set_new(
	    view, "unit",
	    json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "marketingCost",
		      euro_text(json_object_get(a, "marketingCost"), v->lang), "newPaying",
		      num_text(json_object_get(a, "newPayingPersons"), v->lang), "ltv",
		      euro_text(json_object_get(a, "ltv"), v->lang), "cac",
		      euro_text(json_object_get(a, "cac"), v->lang), "ltvCac",
		      dec_text(json_object_get(a, "ltvCac"), 1, v->lang), "arppu",
		      euro_text(json_object_get(a, "arppuMonth"), v->lang), "payback",
		      dec_text(json_object_get(a, "paybackMonths"), 1, v->lang), "lifetimeRevenue",
		      euro_text(json_object_get(a, "lifetimeRevenue"), v->lang), "lifetimePaying",
		      num_text(json_object_get(a, "lifetimePayingPersons"), v->lang)));
}

static void overview_page(const struct view_ctx *v, json_t *doc)
{
	json_t *view = json_object();
	for (size_t i = 0; i < sizeof metric_charts / sizeof metric_charts[0]; i++)
		metric_chart(v, &metric_charts[i], doc, view);
	totals(v, doc, view);
	unit(v, doc, view);
	json_object_set_new(
	    view, "monthly",
	    json_boolean(!strcmp(json_string_value(json_object_get(doc, "interval")), "maand")));
	json_object_set_new(doc, "view", view);
}

/* An experiment's counts from events: conversion per group, the difference
 * in percentage points with its interval, the p-value and the SRM check. */
static void experiment_page(const struct view_ctx *v, json_t *doc)
{
	json_t *view = json_object(), *arms = json_array();
	json_t *counts = json_object_get(doc, "counts"), *b = json_object_get(doc, "binding");
	static const char *const keys[] = {"control", "treatment"};
	for (int i = 0; i < 2 && json_is_object(counts); i++) {
		json_t *a = json_object_get(counts, keys[i]);
		json_int_t n = json_integer_value(json_object_get(a, "exposed")),
			   k = json_integer_value(json_object_get(a, "converted"));
		json_t *rate = n ? json_real((double)k / (double)n) : json_null();
		json_t *r = json_pack("{s:s,s:O}", "label",
				      i18n_t(v->lang, i ? "growth.exp_treatment" : "growth.exp_control"),
				      "value", json_object_get(b, i ? "treatmentValue" : "controlValue"));
		json_object_set_new(r, "exposed", num_text(json_object_get(a, "exposed"), v->lang));
		json_object_set_new(r, "converted", num_text(json_object_get(a, "converted"), v->lang));
		json_object_set_new(r, "rate", pct_text(rate, v->lang));
		json_decref(rate);
		json_array_append_new(arms, r);
	}
	json_object_set_new(view, "arms", arms);
	json_t *an = json_object_get(doc, "analysis");
	if (json_is_object(an)) {
		char s[64], lo[40], hi[40];
		json_t *d = json_object_get(an, "difference");
		format_number(json_number_value(d) * 100, 1, v->lang, s, sizeof s);
		json_object_set_new(view, "difference",
				    json_sprintf("%s%s %s", json_number_value(d) > 0 ? "+" : "", s,
						 i18n_t(v->lang, "growth.exp_points")));
		format_number(json_number_value(json_object_get(an, "differenceCiLow")) * 100, 1, v->lang, lo,
			      sizeof lo);
		format_number(json_number_value(json_object_get(an, "differenceCiHigh")) * 100, 1, v->lang,
			      hi, sizeof hi);
		json_object_set_new(view, "interval",
				    json_sprintf("%s %s %s %s", i18n_t(v->lang, "growth.exp_ci"), lo,
						 i18n_t(v->lang, "growth.exp_ci_to"), hi));
		format_p(json_number_value(json_object_get(an, "pValue")), v->lang, s, sizeof s);
		json_object_set_new(view, "p", json_string(s));
		format_p(json_number_value(json_object_get(json_object_get(an, "srm"), "pValue")), v->lang, s,
			 sizeof s);
		json_object_set_new(view, "srmP", json_string(s));
	}
	json_object_set_new(doc, "view", view);
}

void growth_metric_text(const char *metric, double v, const char *lang, char *out, size_t n)
{
	const char *m = metric ? metric : "";
	if (v != v) { /* NaN */
		snprintf(out, n, "—");
	} else if (!strcmp(m, "activatie") || !strcmp(m, "churn") || !strcmp(m, "retentie")) {
		format_percent(v / 100, 1, lang, out, n);
	} else if (!strcmp(m, "omzet")) {
		char amount[32];
		snprintf(amount, sizeof amount, "%.2f", v);
		json_t *a = json_string(amount), *t = euro_text(a, lang);
		snprintf(out, n, "%s", json_string_value(t));
		json_decref(a);
		json_decref(t);
	} else if (!strcmp(m, "kfactor") || !strcmp(m, "ltv_cac")) {
		format_number(v, 2, lang, out, n);
	} else if (!strcmp(m, "nps")) {
		format_number(v, v == (double)(long long)v ? 0 : 1, lang, out, n);
	} else {
		format_number(v, 0, lang, out, n);
	}
}

const struct view growth_views[] = {
    {"growth_overview", overview_page},
    {"growth_experiment_events", experiment_page},
    {NULL, NULL},
};
