/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * experiment_view: the experiment pages as people read them. The results
 * worded in nl/en (percentages, p-values, euros), the forest plot's data,
 * the edit form's fixed rows for secondary metrics and the split as text,
 * and the choices of the selects. Reads only the handler's document.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/experiment.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "view/format.h"
#include "view/view.h"

static json_t *strings(const char *const *list)
{
	json_t *a = json_array();
	for (int i = 0; list[i]; i++)
		json_array_append_new(a, json_string(list[i]));
	return a;
}

/* The page edits the split as text ("50/50"); the API keeps the array. */
static void split_text(json_t *o)
{
	json_t *s = json_object_get(o, "plannedSplit");
	if (!json_is_array(s))
		return;
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < json_array_size(s); i++)
		buf_printf(&b, "%s%.15g", i ? "/" : "", json_number_value(json_array_get(s, i)));
	json_object_set_new(o, "plannedSplit", json_string(buf_str(&b)));
	buf_free(&b);
}

static void add_choices(json_t *o)
{
	json_object_set_new(o, "statuses", strings(experiment_statuses));
	json_object_set_new(o, "metricKinds", strings(experiment_metric_kinds));
	json_object_set_new(o, "decisions", strings(experiment_decisions));
}

static void put_pct(json_t *o, const char *key, json_t *v, int decimals, const char *lang)
{
	char s[64];
	if (!json_is_number(v))
		return;
	format_percent(json_number_value(v), decimals, lang, s, sizeof s);
	json_object_set_new(o, key, json_string(s));
}

static void put_p(json_t *o, const char *key, json_t *v, const char *lang)
{
	char s[64];
	if (!json_is_number(v))
		return;
	format_p(json_number_value(v), lang, s, sizeof s);
	json_object_set_new(o, key, json_string(s));
}

static void put_euros(json_t *o, const char *key, json_t *v, const char *lang)
{
	char s[64];
	if (!json_is_integer(v))
		return;
	format_euros(json_integer_value(v), lang, s, sizeof s);
	json_object_set_new(o, key, json_string(s));
}

static void put_plain(json_t *o, const char *key, json_t *v, const char *lang)
{
	char s[64];
	if (!json_is_number(v))
		return;
	format_plain(json_number_value(v), lang, s, sizeof s);
	json_object_set_new(o, key, json_string(s));
}

/* A signed effect in the criterion's unit: points and percent as "+6,1"
 * (the unit follows in the template), absolute values plainly. */
static void put_effect(json_t *o, const char *key, json_t *v, const char *unit, const char *lang)
{
	char s[64], t[72];
	if (!json_is_number(v))
		return;
	double x = json_number_value(v);
	if (strcmp(unit, "absoluut"))
		format_number(x * 100, 1, lang, s, sizeof s);
	else
		format_plain(x, lang, s, sizeof s);
	snprintf(t, sizeof t, "%s%s", x > 0 ? "+" : "", s);
	json_object_set_new(o, key, json_string(t));
}

/* The criterion's verdict worded for the page (MetricResult.criterion). */
static json_t *criterion_view(json_t *c, const char *lang)
{
	if (!json_is_object(c))
		return NULL;
	const char *unit = json_string_value(json_object_get(c, "unit"));
	json_t *v = json_pack("{s:O,s:O}", "verdict", json_object_get(c, "verdict"), "unit",
			      json_object_get(c, "unit"));
	put_effect(v, "threshold", json_object_get(c, "threshold"), unit, lang);
	put_effect(v, "estimate", json_object_get(c, "estimate"), unit, lang);
	put_effect(v, "low", json_object_get(c, "low"), unit, lang);
	put_effect(v, "high", json_object_get(c, "high"), unit, lang);
	put_pct(v, "probability", json_object_get(c, "probability"), 0, lang);
	return v;
}

/* The interval level of an analysis: alpha 0.05 -> "95%". */
static void put_level(json_t *o, json_t *r, const char *lang)
{
	json_t *alpha = json_object_get(r, "alpha");
	if (!json_is_number(alpha))
		return;
	json_t *lvl = json_real(1 - json_number_value(alpha));
	put_pct(o, "level", lvl, 0, lang);
	json_decref(lvl);
}

/* One row of the results table: a metric with its newest analysis. */
static json_t *row_view(json_t *res, const char *lang)
{
	json_t *row = json_pack("{s:O,s:O}", "name", json_object_get(res, "metricName"), "primary",
				json_object_get(res, "primary"));
	json_t *r = json_object_get(json_object_get(res, "analysis"), "result");
	if (!json_is_object(r))
		return row;
	json_object_set_new(row, "analysed", json_true());
	json_object_set(row, "method", json_object_get(r, "method"));
	put_pct(row, "lift", json_object_get(r, "lift"), 1, lang);
	put_pct(row, "ciLow", json_object_get(r, "ciLow"), 1, lang);
	put_pct(row, "ciHigh", json_object_get(r, "ciHigh"), 1, lang);
	put_level(row, r, lang);
	/* Only the chosen method's figures: chances for Bayesian, p-values otherwise. */
	int bayes = !strcmp(json_string_value(json_object_get(r, "method"))
				? json_string_value(json_object_get(r, "method"))
				: "",
			    "bayesian");
	json_object_set_new(row, "bayesian", json_boolean(bayes));
	if (!bayes) {
		put_p(row, "pValue", json_object_get(res, "pValue"), lang);
		put_p(row, "adjustedPValue", json_object_get(res, "adjustedPValue"), lang);
		json_object_set(row, "significant", json_object_get(res, "significant"));
	} else {
		put_pct(row, "chanceToWin", json_object_get(r, "chanceToWin"), 0, lang);
	}
	json_t *cv = criterion_view(json_object_get(res, "criterion"), lang);
	if (cv)
		json_object_set_new(row, "criterion", cv);
	/* arm outcomes: a rate for yes/no metrics, a plain number for means */
	int binomial = experiment_metric_kind_parse(json_string_value(json_object_get(r, "metric"))) ==
		       EXPERIMENT_METRIC_BINOMIAL;
	for (int i = 0; i < 2; i++) {
		json_t *arm = json_object_get(r, i ? "treatment" : "control");
		const char *key = i ? "meanTreatment" : "meanControl";
		if (binomial)
			put_pct(row, key, json_object_get(arm, "mean"), 1, lang);
		else
			put_plain(row, key, json_object_get(arm, "mean"), lang);
		if (i == 0) /* the absolute difference: points for rates, plain for means */
			put_effect(row, "difference", json_object_get(r, "difference"),
				   binomial ? "procentpunt" : "absoluut", lang);
		json_object_set(row, i ? "nTreatment" : "nControl", json_object_get(arm, "n"));
	}
	json_object_set_new(row, "binomial", json_boolean(binomial));
	return row;
}

/* The results worded for the page: one table row and one forest-plot row
 * per metric, and the banners and chances of the lead analysis (the
 * primary metric's newest, else the newest of any metric). */
static json_t *results_view(const char *lang, json_t *exp)
{
	json_t *v = json_object();
	put_euros(v, "budget", json_object_get(exp, "budgetEur"), lang);
	json_t *results = json_object_get(exp, "results"), *rows = json_array(), *chart_rows = json_array();
	json_t *lead = NULL;
	int kinds[2] = {0, 0};
	size_t i;
	json_t *res;
	json_array_foreach (results, i, res) {
		kinds[experiment_metric_kind_parse(json_string_value(json_object_get(res, "kind"))) ==
		      EXPERIMENT_METRIC_MEAN] = 1;
		json_t *a = json_object_get(res, "analysis");
		if (!lead && json_is_object(a) && json_is_true(json_object_get(res, "primary")))
			lead = a;
		json_array_append_new(rows, row_view(res, lang));
		json_t *r = json_object_get(a, "result");
		json_t *lift = json_object_get(r, "lift"), *lo = json_object_get(r, "ciLow"),
		       *hi = json_object_get(r, "ciHigh");
		if (json_is_number(lift) && json_is_number(lo) && json_is_number(hi))
			json_array_append_new(chart_rows,
					      json_pack("{s:O,s:f,s:f,s:f}", "name",
							json_object_get(res, "metricName"), "estimate",
							round(json_number_value(lift) * 1000) / 10, "low",
							round(json_number_value(lo) * 1000) / 10, "high",
							round(json_number_value(hi) * 1000) / 10));
	}
	json_object_set_new(v, "rows", rows);
	int any_p = 0, any_bayes = 0;
	json_t *row;
	json_array_foreach (rows, i, row) {
		if (!json_is_true(json_object_get(row, "analysed")))
			continue;
		any_bayes |= json_is_true(json_object_get(row, "bayesian"));
		any_p |= !json_is_true(json_object_get(row, "bayesian"));
	}
	json_object_set_new(v, "pColumns", json_boolean(any_p || !any_bayes));
	json_object_set_new(v, "chanceColumn", json_boolean(any_bayes));
	json_object_set(v, "leadCriterion", json_object_get(json_array_get(rows, 0), "criterion"));
	/* The counts form asks what the chosen metric's kind needs: conversions
	 * for a yes/no metric, a mean and a variance for a mean. */
	json_t *fm = json_object_get(exp, "formMetric");
	if (fm) {
		int mean = experiment_metric_kind_parse(json_string_value(json_object_get(fm, "kind"))) ==
			   EXPERIMENT_METRIC_MEAN;
		kinds[0] = !mean;
		kinds[1] = mean;
	}
	json_object_set_new(v, "binomialArms", json_boolean(kinds[0]));
	json_object_set_new(v, "meanArms", json_boolean(kinds[1]));
	json_object_set_new(v, "bothKinds", json_boolean(kinds[0] && kinds[1]));
	/* With both kinds of metric the conversions field says it is for the binomial ones. */
	if (kinds[0] && kinds[1])
		json_object_set_new(v, "conversionsNote", json_string("experiment.for_binomial"));
	json_object_set_new(v, "severalMetrics", json_boolean(json_array_size(results) > 1));
	if (json_array_size(chart_rows))
		json_object_set_new(v, "chart",
				    json_pack("{s:s,s:s,s:o}", "kind", "forest", "axis",
					      i18n_t(lang, "experiment.lift_axis"), "rows", chart_rows));
	else
		json_decref(chart_rows);
	if (!lead)
		lead = json_object_get(exp, "latestAnalysis");
	json_t *r = json_object_get(lead, "result");
	if (!json_is_object(r))
		return v;
	json_object_set(v, "lead", lead);
	put_level(v, r, lang);
	put_pct(v, "chanceToWin", json_object_get(r, "chanceToWin"), 0, lang);
	put_pct(v, "riskTreatment", json_object_get(r, "riskTreatment"), 1, lang);
	put_pct(v, "riskControl", json_object_get(r, "riskControl"), 1, lang);
	put_p(v, "srmPValue", json_object_get(json_object_get(r, "srm"), "pValue"), lang);
	json_object_set(v, "srmFlagged", json_object_get(json_object_get(r, "srm"), "flagged"));
	double nc = json_number_value(json_object_get(json_object_get(r, "control"), "n"));
	double nt = json_number_value(json_object_get(json_object_get(r, "treatment"), "n"));
	json_t *plan = json_object_get(exp, "plannedNPerArm");
	if (json_is_integer(plan) && experiment_below_plan(json_integer_value(plan), nc, nt))
		json_object_set_new(v, "belowPlan", json_true());
	return v;
}

/* The edit form has a fixed row per secondary metric. */
static void secondary_slots(json_t *o)
{
	json_t *slots = json_array();
	size_t i;
	json_t *m;
	json_array_foreach (json_object_get(o, "metrics"), i, m)
		if (!json_is_true(json_object_get(m, "primary")))
			json_array_append_new(slots,
					      json_pack("{s:O,s:O}", "name", json_object_get(m, "name"),
							"kind", json_object_get(m, "kind")));
	while (json_array_size(slots) < EXPERIMENT_SECONDARY_MAX)
		json_array_append_new(slots,
				      json_pack("{s:s,s:s}", "name", "", "kind",
						experiment_metric_kind_name(EXPERIMENT_METRIC_BINOMIAL)));
	json_object_set_new(o, "secondaryMetrics", slots);
}

/* The experiment page and its edit form (GET /experimenten/{id}[/bewerken]). */
static void experiment_page(const struct view_ctx *v, json_t *o)
{
	json_object_set_new(o, "view", results_view(v->lang, o));
	split_text(o);
	secondary_slots(o);
	add_choices(o);
	json_object_set_new(o, "initiative",
			    json_pack("{s:O,s:O}", "id", json_object_get(o, "initiativeId"), "name",
				      json_object_get(o, "initiativeName")));
}

/* The new-experiment form. */
static void experiment_new(const struct view_ctx *v, json_t *o)
{
	(void)v;
	split_text(o);
	add_choices(o);
}

const struct view experiment_views[] = {
    {"experiment", experiment_page},
    {"experiment_edit", experiment_page},
    {"experiment_new", experiment_new},
    {NULL, NULL},
};
