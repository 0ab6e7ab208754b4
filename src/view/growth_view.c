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

static void activation(const struct view_ctx *v, json_t *doc, json_t *view)
{
	json_t *a = json_object_get(doc, "activation"), *x = json_array(), *vals = json_array(),
	       *rows = json_array();
	size_t i;
	json_t *c;
	json_array_foreach (json_object_get(a, "cohorts"), i, c) {
		json_array_append_new(x, short_date(json_object_get(c, "start"), v->lang));
		json_array_append_new(vals, pct_or_null(json_object_get(c, "rate")));
		json_t *r = json_pack("{s:O,s:O}", "start", json_object_get(c, "start"), "complete",
				      json_object_get(c, "complete"));
		json_object_set_new(r, "personsText", num_text(json_object_get(c, "persons"), v->lang));
		json_object_set_new(r, "activatedText", num_text(json_object_get(c, "activated"), v->lang));
		json_object_set_new(r, "rateText", pct_text(json_object_get(c, "rate"), v->lang));
		json_array_append_new(rows, r);
	}
	json_object_set_new(
	    view, "activationChart",
	    chart("bar", x,
		  json_pack("[{s:s,s:o}]", "name", i18n_t(v->lang, "growth.activation_rate"), "values", vals),
		  0));
	json_object_set_new(view, "activationRows", rows);
	json_object_set_new(view, "activationTotal",
			    pct_text(json_object_get(json_object_get(a, "total"), "rate"), v->lang));
}

static void churn(const struct view_ctx *v, json_t *doc, json_t *view)
{
	json_t *a = json_object_get(doc, "churn"), *x = json_array(), *vals = json_array(),
	       *rows = json_array();
	json_t *last = json_string("—");
	size_t i;
	json_t *c;
	json_array_foreach (json_object_get(a, "periods"), i, c) {
		json_array_append_new(x, short_date(json_object_get(c, "start"), v->lang));
		json_array_append_new(vals, pct_or_null(json_object_get(c, "rate")));
		json_t *r = json_pack("{s:O,s:O}", "start", json_object_get(c, "start"), "complete",
				      json_object_get(c, "complete"));
		json_object_set_new(r, "activeText", num_text(json_object_get(c, "active"), v->lang));
		json_object_set_new(r, "churnedText", num_text(json_object_get(c, "churned"), v->lang));
		json_object_set_new(r, "rateText", pct_text(json_object_get(c, "rate"), v->lang));
		if (json_is_number(json_object_get(c, "rate"))) {
			json_decref(last);
			last = pct_text(json_object_get(c, "rate"), v->lang);
		}
		json_array_append_new(rows, r);
	}
	json_object_set_new(
	    view, "churnChart",
	    chart("line", x,
		  json_pack("[{s:s,s:o}]", "name", i18n_t(v->lang, "growth.churn_rate"), "values", vals), 0));
	json_object_set_new(view, "churnRows", rows);
	json_object_set_new(view, "churnLast", last);
}

static void kfactor(const struct view_ctx *v, json_t *doc, json_t *view)
{
	json_t *a = json_object_get(doc, "kfactor"), *x = json_array(), *vals = json_array(),
	       *rows = json_array();
	size_t i;
	json_t *c;
	json_array_foreach (json_object_get(a, "periods"), i, c) {
		json_array_append_new(x, short_date(json_object_get(c, "start"), v->lang));
		json_t *k = json_object_get(c, "kFactor");
		json_array_append_new(
		    vals, json_is_number(k)
			      ? json_real((double)(long long)(json_number_value(k) * 1000 + 0.5) / 1000)
			      : json_null());
		json_t *r = json_pack("{s:O}", "start", json_object_get(c, "start"));
		json_object_set_new(r, "signupsText", num_text(json_object_get(c, "signups"), v->lang));
		json_object_set_new(r, "invitesText", num_text(json_object_get(c, "invites"), v->lang));
		json_object_set_new(r, "acceptedText", num_text(json_object_get(c, "accepted"), v->lang));
		json_object_set_new(r, "perSignupText",
				    dec_text(json_object_get(c, "invitesPerSignup"), 2, v->lang));
		json_object_set_new(r, "acceptanceText",
				    pct_text(json_object_get(c, "acceptanceRate"), v->lang));
		json_object_set_new(r, "kText", dec_text(k, 2, v->lang));
		json_array_append_new(rows, r);
	}
	json_object_set_new(
	    view, "kfactorChart",
	    chart("line", x,
		  json_pack("[{s:s,s:o}]", "name", i18n_t(v->lang, "growth.kfactor"), "values", vals), 0));
	json_object_set_new(view, "kfactorRows", rows);
	json_t *t = json_object_get(a, "total");
	json_object_set_new(view, "kfactorTotal",
			    json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "signups",
				      num_text(json_object_get(t, "signups"), v->lang), "invites",
				      num_text(json_object_get(t, "invites"), v->lang), "accepted",
				      num_text(json_object_get(t, "accepted"), v->lang), "perSignup",
				      dec_text(json_object_get(t, "invitesPerSignup"), 2, v->lang),
				      "acceptance", pct_text(json_object_get(t, "acceptanceRate"), v->lang),
				      "k", dec_text(json_object_get(t, "kFactor"), 2, v->lang)));
}

static void nps(const struct view_ctx *v, json_t *doc, json_t *view)
{
	json_t *a = json_object_get(doc, "nps"), *x = json_array(), *vals = json_array(),
	       *rows = json_array();
	size_t i;
	json_t *c;
	json_array_foreach (json_object_get(a, "scores"), i, c) {
		json_array_append_new(x, json_integer((json_int_t)i));
		json_array_append(vals, c);
		json_t *r = json_pack("{s:i,s:s}", "score", (int)i, "group",
				      i18n_t(v->lang, i >= 9   ? "growth.promoters"
						      : i >= 7 ? "growth.passives"
							       : "growth.detractors"));
		json_object_set_new(r, "personsText", num_text(c, v->lang));
		json_array_append_new(rows, r);
	}
	json_object_set_new(
	    view, "npsChart",
	    chart("bar", x,
		  json_pack("[{s:s,s:o}]", "name", i18n_t(v->lang, "growth.respondents"), "values", vals),
		  1));
	json_object_set_new(view, "npsRows", rows);
	json_object_set_new(view, "npsText", dec_text(json_object_get(a, "nps"), 0, v->lang));
	static const char *const keys[] = {"respondents", "promoters", "passives", "detractors", "ignored"};
	json_t *t = json_object();
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
		json_object_set_new(t, keys[k], num_text(json_object_get(a, keys[k]), v->lang));
	json_object_set_new(view, "npsCounts", t);
}

static void revenue(const struct view_ctx *v, json_t *doc, json_t *view)
{
	json_t *a = json_object_get(doc, "revenue"), *x = json_array(), *vals = json_array(),
	       *rows = json_array();
	size_t i;
	json_t *c;
	json_array_foreach (json_object_get(a, "periods"), i, c) {
		json_array_append_new(x, short_date(json_object_get(c, "start"), v->lang));
		const char *s = json_string_value(json_object_get(c, "revenue"));
		int64_t micro = 0;
		if (s)
			growth_decimal_parse(s, strlen(s), &micro);
		json_array_append_new(vals,
				      json_real((double)growth_div_round(micro, GROWTH_MICRO / 100) / 100.0));
		json_t *r = json_pack("{s:O}", "start", json_object_get(c, "start"));
		json_object_set_new(r, "revenueText", euro_text(json_object_get(c, "revenue"), v->lang));
		json_object_set_new(r, "purchasesText", num_text(json_object_get(c, "purchases"), v->lang));
		json_object_set_new(r, "payingText", num_text(json_object_get(c, "payingPersons"), v->lang));
		json_object_set_new(r, "newPayingText",
				    num_text(json_object_get(c, "newPayingPersons"), v->lang));
		json_array_append_new(rows, r);
	}
	json_object_set_new(
	    view, "revenueChart",
	    chart("bar", x,
		  json_pack("[{s:s,s:o}]", "name", i18n_t(v->lang, "growth.revenue_eur"), "values", vals),
		  0));
	json_object_set_new(view, "revenueRows", rows);
	json_t *t = json_object_get(a, "total");
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
	activation(v, doc, view);
	churn(v, doc, view);
	kfactor(v, doc, view);
	nps(v, doc, view);
	revenue(v, doc, view);
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
	} else if (!strcmp(m, "activatie") || !strcmp(m, "churn")) {
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
