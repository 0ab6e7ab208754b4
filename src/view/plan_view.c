/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan_view: the plan pages as people read them: readiness as a worded
 * percentage, steps grouped by phase, the timeline chart (phases, gates,
 * steps, a line at today) and its data table, the evidence snapshot worded
 * (medians, percentages, euros), and the plan part of the initiative
 * dashboard with its OKR pace chart. Reads and extends the handler's
 * document only.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/okr.h"
#include "domain/plan.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "view/format.h"
#include "view/growth_view.h"
#include "view/view.h"

static int64_t ival(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *sval(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* readiness.percentText ("62,5%"), when there is a percentage. */
static void readiness_text(json_t *r, const char *lang)
{
	json_t *p = json_object_get(r, "percent");
	if (!json_is_number(p))
		return;
	char t[32];
	format_percent(json_number_value(p) / 100.0, 1, lang, t, sizeof t);
	json_object_set_new(r, "percentText", json_string(t));
	json_object_set_new(r, "bar",
			    json_integer((json_int_t)lround(fmax(0, fmin(100, json_number_value(p))))));
}

static void number_text(json_t *o, const char *key, const char *out, int dec, const char *lang)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_number(v))
		return;
	char t[32];
	format_number(json_number_value(v), dec, lang, t, sizeof t);
	json_object_set_new(o, out, json_string(t));
}

/* The evidence snapshot worded: medians, percentages, euros. */
static void evidence_view(json_t *ev, const char *lang)
{
	json_t *as = json_object_get(ev, "assessment");
	const char *lists[] = {"ingredients", "weakest", "disagreements", NULL};
	for (int l = 0; lists[l]; l++) {
		size_t i;
		json_t *g;
		json_array_foreach (json_object_get(as, lists[l]), i, g) {
			number_text(g, "median", "medianText", 1, lang);
			number_text(g, "iqr", "iqrText", 1, lang);
		}
	}
	json_t *okr = json_object_get(ev, "okr");
	size_t i;
	json_t *k;
	json_array_foreach (json_object_get(okr, "keyResults"), i, k) {
		char t[32];
		json_t *p = json_object_get(k, "progress"), *e = json_object_get(k, "expected");
		if (json_is_number(p)) {
			format_percent(json_number_value(p), 0, lang, t, sizeof t);
			json_object_set_new(k, "progressText", json_string(t));
		}
		if (json_is_number(e)) {
			format_percent(json_number_value(e), 0, lang, t, sizeof t);
			json_object_set_new(k, "expectedText", json_string(t));
		}
		number_text(k, "behindPoints", "behindText", 1, lang);
	}
	json_array_foreach (json_object_get(json_object_get(ev, "plan"), "metrics"), i, k) {
		const char *name = sval(k, "metric");
		char key[64], t[64];
		snprintf(key, sizeof key, "growth.metric.%s", name ? name : "");
		json_object_set_new(k, "label", json_string(i18n_t(lang, key)));
		json_t *v = json_object_get(k, "value");
		growth_metric_text(name, json_is_number(v) ? json_number_value(v) : NAN, lang, t, sizeof t);
		json_object_set_new(k, "valueText", json_string(t));
	}
	json_t *sh = json_object_get(ev, "stakeholder");
	if (sh)
		json_object_set_new(
		    sh, "count",
		    json_integer((json_int_t)json_array_size(json_object_get(sh, "stakeholders"))));
	json_t *bc = json_object_get(ev, "businesscase");
	json_t *npv = json_object_get(bc, "totalNpvCents");
	if (json_is_number(npv)) {
		char t[48];
		format_euros((int64_t)llround(json_number_value(npv) / 100.0), lang, t, sizeof t);
		json_object_set_new(bc, "totalNpvText", json_string(t));
		json_t *below = json_array();
		json_t *p;
		json_array_foreach (json_object_get(bc, "parties"), i, p) {
			json_t *v = json_object_get(p, "npvCents");
			if (json_is_number(v) && json_number_value(v) < 0) {
				format_euros((int64_t)llround(json_number_value(v) / 100.0), lang, t,
					     sizeof t);
				json_array_append_new(
				    below,
				    json_pack("{s:O,s:s}", "name", json_object_get(p, "name"), "npvText", t));
			}
		}
		json_object_set_new(bc, "belowZero", below);
	}
}

/* The day before/after a date, as YYYY-MM-DD. */
static void shift(const char *date, int64_t days, char out[11])
{
	okr_date(okr_day(date) + days, out);
}

/* The timeline: phases with dates, the gate at each phase's end, steps with
 * a due date (from due - effort to due). Rows are also the data table. */
static void timeline(json_t *o, const char *lang)
{
	json_t *rows = json_array();
	size_t i;
	json_t *p;
	json_array_foreach (json_object_get(o, "phases"), i, p) {
		const char *s = sval(p, "startsOn"), *e = sval(p, "endsOn");
		if (s && e)
			json_array_append_new(rows, json_pack("{s:O,s:s,s:s,s:s,s:s,s:b}", "label",
							      json_object_get(p, "name"), "kind", "phase",
							      "kindText", i18n_t(lang, "plan.timeline.phase"),
							      "start", s, "end", e, "critical", 0));
		if (e) {
			char label[256];
			snprintf(label, sizeof label, "%s %s", i18n_t(lang, "plan.gate_after"),
				 sval(p, "name"));
			json_array_append_new(rows, json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "label", label,
							      "kind", "gate", "kindText",
							      i18n_t(lang, "plan.timeline.gate"), "start", e,
							      "end", e, "critical", 0));
		}
	}
	json_array_foreach (json_object_get(o, "steps"), i, p) {
		const char *due = sval(p, "dueOn");
		if (!due)
			continue;
		char start[11];
		int64_t eff = ival(p, "effortDays");
		shift(due, eff > 0 ? -(eff - 1) : 0, start);
		json_array_append_new(
		    rows, json_pack("{s:O,s:s,s:s,s:s,s:s,s:O}", "label", json_object_get(p, "title"), "kind",
				    "step", "kindText", i18n_t(lang, "plan.timeline.step"), "start", start,
				    "end", due, "critical", json_object_get(p, "critical")));
	}
	if (json_array_size(rows))
		json_object_set_new(o, "timeline",
				    json_pack("{s:s,s:O,s:O,s:s}", "kind", "timeline", "rows", rows, "today",
					      json_object_get(o, "today"), "todayLabel",
					      i18n_t(lang, "plan.today")));
	json_object_set_new(o, "timelineRows", rows);
}

/* Steps grouped by phase, in phase order; steps without a phase last. */
static void groups(json_t *o, const char *lang)
{
	json_t *g = json_array();
	json_t *steps = json_object_get(o, "steps");
	size_t i, k;
	json_t *p, *s;
	json_array_foreach (json_object_get(o, "phases"), i, p) {
		json_t *mine = json_array();
		json_array_foreach (steps, k, s)
			if (ival(s, "phaseId") == ival(p, "id"))
				json_array_append(mine, s);
		json_array_append_new(g, json_pack("{s:O,s:O,s:o}", "name", json_object_get(p, "name"),
						   "current", json_object_get(p, "current"), "steps", mine));
	}
	json_t *rest = json_array();
	json_array_foreach (steps, k, s)
		if (json_is_null(json_object_get(s, "phaseId")))
			json_array_append(rest, s);
	if (json_array_size(rest))
		json_array_append_new(g, json_pack("{s:s,s:b,s:o}", "name", i18n_t(lang, "plan.no_phase"),
						   "current", 0, "steps", rest));
	else
		json_decref(rest);
	json_object_set_new(o, "groups", g);
	/* titles of dependencies, for the table */
	json_array_foreach (steps, i, s) {
		json_t *names = json_array(), *d;
		json_array_foreach (json_object_get(s, "dependsOn"), k, d) {
			size_t q;
			json_t *x;
			json_array_foreach (steps, q, x)
				if (ival(x, "id") == json_integer_value(d))
					json_array_append(names, json_object_get(x, "title"));
		}
		json_object_set_new(s, "dependsOnTitles", names);
	}
}

static void plan_page(const struct view_ctx *v, json_t *o)
{
	size_t i;
	json_t *p;
	json_array_foreach (json_object_get(o, "phases"), i, p)
		readiness_text(json_object_get(json_object_get(p, "gate"), "readiness"), v->lang);
	readiness_text(json_object_get(json_object_get(o, "nextGate"), "readiness"), v->lang);
	timeline(o, v->lang);
	groups(o, v->lang);
	json_t *dr = json_array();
	json_array_foreach (json_object_get(o, "defaultPhases"), i, p)
		json_array_append_new(dr, json_pack("{s:I,s:O}", "index", (json_int_t)i, "name", p));
	json_object_set_new(o, "defaultRows", dr);
	json_array_foreach (json_object_get(o, "reviews"), i, p)
		number_text(p, "readiness", "readinessText", 1, v->lang);
}

/* A metric judgement worded, in flat members of the judgement (the
 * templates read them inside the judgement loop): metricLabel,
 * metricValueText, metricComparisonWord, metricThresholdText,
 * metricSourceName, metricLink, metricComputedAt, metricAtOpenText
 * (decided reviews: the value when the review opened), metricFrozenAt. */
static void metric_view(json_t *j, const char *lang)
{
	json_t *m = json_object_get(j, "metric");
	if (!json_is_object(m))
		return;
	const char *name = sval(m, "metric");
	char key[64], t[64];
	snprintf(key, sizeof key, "growth.metric.%s", name ? name : "");
	json_object_set_new(j, "metricLabel", json_string(i18n_t(lang, key)));
	json_t *v = json_object_get(m, "value"), *th = json_object_get(j, "threshold");
	growth_metric_text(name, json_is_number(v) ? json_number_value(v) : NAN, lang, t, sizeof t);
	json_object_set_new(j, "metricValueText", json_string(t));
	growth_metric_text(name, json_is_number(th) ? json_number_value(th) : NAN, lang, t, sizeof t);
	json_object_set_new(j, "metricThresholdText", json_string(t));
	int most = plan_word(plan_comparisons, sval(m, "comparison")) == PLAN_AT_MOST;
	json_object_set_new(j, "metricComparisonWord",
			    json_string(i18n_t(lang, most ? "plan.metric_at_most" : "plan.metric_at_least")));
	json_object_set(j, "metricSourceName", json_object_get(json_object_get(m, "source"), "name"));
	json_object_set(j, "metricLink", json_object_get(m, "link"));
	json_object_set(j, "metricComputedAt", json_object_get(m, "computedAt"));
	if (json_object_get(m, "frozenAt")) {
		json_t *o = json_object_get(m, "valueAtOpen");
		growth_metric_text(name, json_is_number(o) ? json_number_value(o) : NAN, lang, t, sizeof t);
		json_object_set_new(j, "metricAtOpenText", json_string(t));
		json_object_set(j, "metricFrozenAt", json_object_get(m, "frozenAt"));
	}
}

/* verdictWord (geen: people judge, holds, fails, unknown) and suggestedText of judgements. */
static void judgements_view(json_t *list, const char *lang)
{
	size_t i;
	json_t *j;
	json_array_foreach (list, i, j) {
		metric_view(j, lang);
		json_t *ver = json_object_get(j, "verdict"), *sug = json_object_get(j, "suggestedScore");
		const char *w = plan_word(plan_evidences, sval(j, "evidence")) <= PLAN_EVIDENCE_GEEN ? "geen"
				: json_is_true(ver)						     ? "holds"
				: json_is_false(ver)						     ? "fails"
						     : "unknown";
		json_object_set_new(j, "verdictWord", json_string(w));
		if (json_is_integer(sug)) {
			char t[16];
			snprintf(t, sizeof t, "%lld/4", (long long)json_integer_value(sug));
			json_object_set_new(j, "suggestedText", json_string(t));
		}
		json_t *sc = json_object_get(j, "score");
		if (json_is_integer(sc)) {
			char t[24];
			snprintf(t, sizeof t, "%lld", (long long)json_integer_value(sc));
			json_object_set_new(j, "scoreWord", json_string(t));
		}
		json_t *met = json_object_get(j, "met");
		json_object_set_new(j, "metWord",
				    json_string(json_is_true(met)    ? "ja"
						: json_is_false(met) ? "nee"
								     : ""));
	}
}

/* The phase form's rows: the phases and two empty ones, with their index. */
static void form_rows(json_t *o)
{
	json_t *rows = json_array();
	size_t i, n = json_array_size(json_object_get(o, "phases"));
	json_t *p;
	json_array_foreach (json_object_get(o, "phases"), i, p)
		json_array_append_new(
		    rows, json_pack("{s:I,s:I,s:O,s:O,s:O,s:O}", "index", (json_int_t)i, "position",
				    (json_int_t)i + 1, "name", json_object_get(p, "name"), "startsOn",
				    json_object_get(p, "startsOn"), "endsOn", json_object_get(p, "endsOn"),
				    "current", json_object_get(p, "current")));
	if (!n) /* a new plan: the organisation's default phases, the first current */
		json_array_foreach (json_object_get(o, "defaultPhases"), i, p)
			json_array_append_new(rows,
					      json_pack("{s:I,s:I,s:O,s:n,s:n,s:b}", "index", (json_int_t)i,
							"position", (json_int_t)i + 1, "name", p, "startsOn",
							"endsOn", "current", i == 0));
	n = json_array_size(rows);
	for (size_t k = n; k < n + 2 && k < PLAN_PHASES_MAX; k++)
		json_array_append_new(rows, json_pack("{s:I,s:I,s:s,s:b}", "index", (json_int_t)k, "position",
						      (json_int_t)k + 1, "name", "", "current", 0));
	json_object_set_new(o, "formRows", rows);
}

static void phases_page(const struct view_ctx *v, json_t *o)
{
	(void)v;
	form_rows(o);
}

static void org_phases_page(const struct view_ctx *v, json_t *o)
{
	(void)v;
	struct buf b = BUF_INIT;
	size_t i;
	json_t *p;
	json_array_foreach (json_object_get(o, "phases"), i, p)
		buf_printf(&b, "%s%s", i ? "\n" : "", json_string_value(p));
	json_object_set_new(o, "phasesText", json_string(buf_str(&b)));
	buf_free(&b);
}

static void gate_page(const struct view_ctx *v, json_t *o)
{
	judgements_view(json_object_get(o, "judgements"), v->lang);
	readiness_text(json_object_get(o, "readiness"), v->lang);
	json_t *ev = json_array();
	for (int i = 0; plan_evidences[i]; i++)
		json_array_append_new(ev, json_string(plan_evidences[i]));
	json_object_set_new(o, "evidenceChoices", ev);
}

static void review_page(const struct view_ctx *v, json_t *o)
{
	readiness_text(json_object_get(o, "readiness"), v->lang);
	judgements_view(json_object_get(o, "judgements"), v->lang);
	evidence_view(json_object_get(o, "snapshot"), v->lang);
	json_object_set_new(o, "scores", json_pack("[s,s,s,s,s]", "0", "1", "2", "3", "4"));
	json_object_set_new(
	    o, "isOpen",
	    json_boolean(plan_word(plan_review_statuses, sval(o, "status")) == PLAN_REVIEW_OPEN));
}

/* The initiative dashboard: the evidence worded, readiness of the next
 * gate, and the OKR pace chart (progress against expected per key result). */
static void initiative_page(const struct view_ctx *v, json_t *o)
{
	json_t *ev = json_object_get(o, "evidence");
	evidence_view(ev, v->lang);
	json_t *plan = json_object_get(o, "plan");
	readiness_text(json_object_get(json_object_get(plan, "nextGate"), "readiness"), v->lang);
	json_t *krs = json_object_get(json_object_get(ev, "okr"), "keyResults");
	if (json_array_size(krs)) {
		json_t *x = json_array(), *prog = json_array(), *exp = json_array();
		size_t i;
		json_t *k;
		json_array_foreach (krs, i, k) {
			json_array_append(x, json_object_get(k, "title"));
			json_t *p = json_object_get(k, "progress");
			json_array_append_new(prog, json_is_number(p)
							? json_real(round(json_number_value(p) * 1000) / 10)
							: json_null());
			json_array_append_new(
			    exp,
			    json_real(round(json_number_value(json_object_get(k, "expected")) * 1000) / 10));
		}
		json_object_set_new(o, "okrChart",
				    json_pack("{s:s,s:o,s:[{s:s,s:o},{s:s,s:o}]}", "kind", "bar", "x", x,
					      "series", "name", i18n_t(v->lang, "plan.dash.progress"),
					      "values", prog, "name", i18n_t(v->lang, "plan.dash.expected"),
					      "values", exp));
	}
}

const struct view plan_views[] = {
    {"plan", plan_page},
    {"plan_phases", phases_page},
    {"plan_org_phases", org_phases_page},
    {"plan_gate", gate_page},
    {"plan_review", review_page},
    {"initiative", initiative_page},
    {NULL, NULL},
};
