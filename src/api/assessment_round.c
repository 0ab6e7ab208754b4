/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_round: rounds of a scaling method on an initiative (create,
 * list, show, close), inviting raters (members, or strangers through a
 * single-use expiring link whose token is shown once and stored only as a
 * digest; the owner can revoke an unused link or reopen a submitted
 * sheet, by the rules of domain/rater), the scored results with trend over
 * rounds, and the export. Scoring itself lives in domain/score and CSV
 * quoting in domain/csv; this file only feeds and shapes them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/assessment.h"
#include "api/common.h"
#include "api/field.h"
#include "api/method_registry.h"
#include "domain/csv.h"
#include "domain/rater.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/action_store.h"
#include "store/assessment_store.h"
#include "store/initiative_store.h"
#include "store/org.h"

#define LINK_DAYS_DEFAULT 14
#define LINK_DAYS_MAX 90

void assessment_today(char out[11])
{
	char ts[21];
	time_rfc3339(time_now(), ts);
	memcpy(out, ts, 10);
	out[10] = 0;
}

const struct method *assessment_method(json_t *round)
{
	return method_registry_get(json_string_value(json_object_get(round, "methodId")));
}

static const char *tx(const struct method_text *t, const char *lang)
{
	const char *s = method_text_get(t, lang);
	return s ? s : "";
}

static json_t *methods_json(const char *lang)
{
	json_t *a = json_array();
	for (size_t i = 0; i < method_registry_count(); i++) {
		const struct method *m = method_registry_at(i);
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:I}", "id", m->id, "title", tx(&m->title, lang),
						   "description", tx(&m->description, lang), "questionCount",
						   (json_int_t)m->n_questions));
	}
	return a;
}

/* --- scoring adapter ------------------------------------------------------------------ */

static enum score_confidence confidence_of(const char *s)
{
	if (!s)
		return SCORE_CONFIDENCE_NONE;
	if (!strcmp(s, "laag"))
		return SCORE_CONFIDENCE_LOW;
	if (!strcmp(s, "middel"))
		return SCORE_CONFIDENCE_MEDIUM;
	if (!strcmp(s, "hoog"))
		return SCORE_CONFIDENCE_HIGH;
	return SCORE_CONFIDENCE_NONE;
}

int assessment_score(int64_t round_id, const struct method *m, struct score *s, json_t **keep)
{
	json_t *raters_all = assessment_store_rater_list(round_id);
	json_t *rows = assessment_store_round_answers(round_id);
	*keep = json_pack("{s:o,s:o}", "raters", raters_all, "rows", rows);
	size_t nr = 0, na = 0, nopt = 0;
	size_t i;
	json_t *r;
	json_array_foreach(raters_all, i, r) nr += !strcmp(json_string_value(json_object_get(r, "status")), "ingediend");
	json_array_foreach(rows, i, r) nopt += json_array_size(json_object_get(r, "options"));
	struct score_rater *raters = xcalloc(nr + 1, sizeof *raters);
	int64_t *ids = xcalloc(nr + 1, sizeof *ids);
	struct score_answer *ans = xcalloc(json_array_size(rows) + 1, sizeof *ans);
	const char **opts = xcalloc(nopt + 1, sizeof *opts);
	size_t k = 0, o = 0;
	json_array_foreach(raters_all, i, r)
	{
		if (strcmp(json_string_value(json_object_get(r, "status")), "ingediend"))
			continue;
		ids[k] = json_integer_value(json_object_get(r, "id"));
		raters[k++].role = json_string_value(json_object_get(r, "roleLabel"));
	}
	json_array_foreach(rows, i, r)
	{
		int64_t rid = json_integer_value(json_object_get(r, "raterId"));
		size_t ri = nr;
		for (size_t x = 0; x < nr; x++)
			if (ids[x] == rid)
				ri = x;
		const struct method_question *q =
			method_question_find(m, json_string_value(json_object_get(r, "questionId")));
		if (ri == nr || !q || q->kind == METHOD_TEXT)
			continue;
		struct score_answer *a = &ans[na];
		memset(a, 0, sizeof *a);
		a->rater = ri;
		a->question = q->id;
		a->unknown = json_is_true(json_object_get(r, "unknown"));
		a->has_evidence = *json_string_value(json_object_get(r, "evidence")) ||
				  *json_string_value(json_object_get(r, "evidenceUrl"));
		a->confidence = confidence_of(json_string_value(json_object_get(r, "confidence")));
		if (!a->unknown && q->kind == METHOD_SCALE) {
			json_t *lv = json_object_get(r, "level");
			if (!json_is_integer(lv) || !method_level_valid(q, (int)json_integer_value(lv)))
				continue;
			a->level = (int)json_integer_value(lv);
		} else if (!a->unknown) {
			json_t *ov = json_object_get(r, "options");
			a->options = opts + o;
			size_t j;
			json_t *e;
			json_array_foreach(ov, j, e) if (method_option_find(q, json_string_value(e))) opts[o++] = json_string_value(e);
			a->n_options = (size_t)(opts + o - a->options);
			if (a->n_options == 0 || (q->kind == METHOD_SINGLE && a->n_options != 1)) {
				o -= a->n_options;
				continue;
			}
		}
		na++;
	}
	int rc = score_round(m, raters, nr, ans, na, s, NULL);
	free(raters);
	free(ids);
	free(ans);
	free(opts);
	BUG_ON(rc < 0); /* every answer was checked against m above */
	return 0;
}

/* --- results as JSON ------------------------------------------------------------------ */

static json_t *num(bool valid, double v)
{
	return valid ? json_real(v) : json_null();
}

static json_int_t pct(double share)
{
	return (json_int_t)floor(share * 100 + 0.5);
}

static json_t *stat_json(const struct score_stat *st)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:f,s:I,s:f,s:I,s:b,s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:I}", "raters",
			 (json_int_t)st->n_raters, "answers", (json_int_t)st->n_answers, "unknown",
			 (json_int_t)st->n_unknown, "evidence", (json_int_t)st->n_evidence, "unknownShare",
			 st->unknown_share, "unknownPercent", pct(st->unknown_share), "evidenceCoverage",
			 st->evidence_coverage, "evidencePercent", pct(st->evidence_coverage), "scored", st->scored,
			 "median", num(st->scored, st->median), "q1", num(st->scored, st->q1), "q3",
			 num(st->scored, st->q3), "iqr", num(st->scored, st->iqr), "min", num(st->scored, st->min),
			 "max", num(st->scored, st->max), "disagreement", st->scored && st->disagreement,
			 "lowConfidence", (json_int_t)st->n_low_confidence);
}

static json_t *ref(const char *id, const struct method_text *t, const char *lang)
{
	return json_pack("{s:s,s:s}", "id", id, "title", tx(t, lang));
}

static const char *rule_kind(enum method_rule_kind k)
{
	switch (k) {
	case METHOD_RULE_INGREDIENT_BELOW: return "ingredientBelow";
	case METHOD_RULE_INGREDIENT_UNKNOWN: return "ingredientUnknown";
	case METHOD_RULE_COMPONENT_BELOW: return "componentBelow";
	default: return "pitfallPresent";
	}
}

json_t *assessment_rule_json(const struct method_rule *ru, const char *lang)
{
	json_t *acts = json_array(), *parties = json_array();
	for (size_t a = 0; a < ru->n_actions; a++)
		json_array_append_new(acts, json_string(tx(&ru->actions[a], lang)));
	for (size_t p = 0; p < ru->n_parties; p++)
		json_array_append_new(parties,
				      json_pack("{s:s,s:s}", "type", method_party_type_name(ru->parties[p].type),
						"label", ru->parties[p].label.nl ? tx(&ru->parties[p].label, lang) : ""));
	json_t *target;
	if (ru->ingredient)
		target = ref(ru->ingredient->id, &ru->ingredient->title, lang);
	else if (ru->component)
		target = ref(ru->component->id, &ru->component->title, lang);
	else
		target = ref(ru->pitfall->id, &ru->pitfall->title, lang);
	return json_pack("{s:s,s:s,s:o,s:o,s:o}", "ruleId", ru->id, "kind", rule_kind(ru->kind), "target", target,
			 "actions", acts, "parties", parties);
}

/* Ingredients (or, for a ladder, components) as chart axes with their values. */
static json_t *results_json(const struct method *m, const struct score *s, const char *lang)
{
	json_t *o = json_object();
	json_object_set_new(o, "raters", json_integer((json_int_t)s->n_raters));
	json_t *ingr = json_array(), *weak = json_array();
	for (size_t i = 0; i < s->n_ingredients; i++) {
		const struct score_ingredient *si = &s->ingredients[i];
		json_t *e = ref(si->ingredient->id, &si->ingredient->title, lang);
		json_object_update_new(e, stat_json(&si->stat));
		json_object_set_new(e, "scaleMin", json_integer(si->ingredient->scale->min));
		json_object_set_new(e, "scaleMax", json_integer(si->ingredient->scale->max));
		json_object_set_new(e, "weakest", json_boolean(si->weakest));
		json_array_append_new(ingr, e);
	}
	for (size_t i = 0; i < s->n_weakest; i++) {
		const struct method_ingredient *mi = s->ingredients[s->weakest[i]].ingredient;
		json_array_append_new(weak, ref(mi->id, &mi->title, lang));
	}
	json_object_set_new(o, "ingredients", ingr);
	json_object_set_new(o, "weakest", weak);
	json_t *comps = json_array(), *bott = json_array();
	for (size_t i = 0; i < s->n_components; i++) {
		const struct score_component *sc = &s->components[i];
		json_t *e = ref(sc->component->id, &sc->component->title, lang);
		json_object_set_new(e, "readiness", stat_json(&sc->readiness));
		json_object_set_new(e, "use", stat_json(&sc->use));
		json_object_set_new(e, "scored", json_boolean(sc->scored));
		json_object_set_new(e, "level", num(sc->scored, sc->level));
		json_object_set_new(e, "bottleneck", json_boolean(sc->bottleneck));
		json_object_set_new(e, "scaleMax", json_integer(sc->component->readiness_scale->max));
		json_array_append_new(comps, e);
	}
	for (size_t i = 0; i < s->n_bottleneck; i++) {
		const struct method_component *mc = s->components[s->bottleneck[i]].component;
		json_array_append_new(bott, ref(mc->id, &mc->title, lang));
	}
	json_object_set_new(o, "components", comps);
	json_object_set_new(o, "bottleneck", bott);
	json_object_set_new(o, "packageLevel", num(s->n_bottleneck > 0, s->package_level));
	json_t *pits = json_array();
	for (size_t i = 0; i < s->n_pitfalls; i++) {
		const struct score_pitfall *sp = &s->pitfalls[i];
		json_t *e = ref(sp->pitfall->id, &sp->pitfall->title, lang);
		json_object_set_new(e, "prevention", json_string(tx(&sp->pitfall->prevention, lang)));
		json_object_set_new(e, "state", json_string(score_pitfall_state_name(sp->state)));
		json_object_set_new(e, "present", json_integer((json_int_t)sp->n_present));
		json_object_set_new(e, "mitigated", json_integer((json_int_t)sp->n_mitigated));
		json_object_set_new(e, "absent", json_integer((json_int_t)sp->n_absent));
		json_object_set_new(e, "unknown", json_integer((json_int_t)sp->n_unknown));
		json_array_append_new(pits, e);
	}
	json_object_set_new(o, "pitfalls", pits);
	json_object_set_new(o, "pitfallsPresent", json_integer((json_int_t)s->n_pitfalls_present));
	json_object_set_new(o, "pitfallsMitigated", json_integer((json_int_t)s->n_pitfalls_mitigated));
	json_t *choices = json_array();
	for (size_t i = 0; i < s->n_choices; i++) {
		const struct score_choice *ch = &s->choices[i];
		json_t *opts = json_array();
		for (size_t k = 0; k < ch->question->n_options; k++)
			json_array_append_new(opts, json_pack("{s:s,s:s,s:I}", "id", ch->question->options[k].id, "text",
							      tx(&ch->question->options[k].text, lang), "count",
							      (json_int_t)ch->counts[k]));
		json_array_append_new(choices, json_pack("{s:s,s:s,s:I,s:I,s:o}", "question", ch->question->id,
							 "prompt", tx(&ch->question->prompt, lang), "raters",
							 (json_int_t)ch->n_raters, "unknown", (json_int_t)ch->n_unknown,
							 "options", opts));
	}
	json_object_set_new(o, "choices", choices);
	json_t *sugg = json_array();
	for (size_t i = 0; i < s->n_suggestions; i++)
		json_array_append_new(sugg, assessment_rule_json(s->suggestions[i], lang));
	json_object_set_new(o, "suggestions", sugg);
	/* Heat map: one row per rater role, one cell per ingredient. */
	json_t *rows = json_array();
	for (size_t r = 0; r < s->n_roles; r++) {
		json_t *cells = json_array();
		for (size_t i = 0; i < s->n_ingredients; i++) {
			size_t at = r * s->n_ingredients + i;
			json_array_append_new(cells, json_pack("{s:s,s:o,s:I}", "ingredient", s->ingredients[i].ingredient->id,
							       "median", num(s->role_n[at] > 0, s->role_median[at]),
							       "raters", (json_int_t)s->role_n[at]));
		}
		json_array_append_new(rows, json_pack("{s:s,s:o}", "role", s->roles[r] ? s->roles[r] : "", "cells", cells));
	}
	json_object_set_new(o, "roleHeatmap", rows);
	(void)m;
	return o;
}

/* Chart data blocks for charts.js (page only): radar, heat map, trend. */
static void add_charts(json_t *page, const struct method *m, const struct score *s, const char *lang)
{
	json_t *ind = json_array(), *med = json_array(), *ser = json_array();
	if (s->n_ingredients) {
		for (size_t i = 0; i < s->n_ingredients; i++) {
			const struct score_ingredient *si = &s->ingredients[i];
			json_array_append_new(ind, json_pack("{s:s,s:i,s:i}", "name", tx(&si->ingredient->title, lang),
							     "max", si->ingredient->scale->max, "min",
							     si->ingredient->scale->min));
			json_array_append_new(med, num(si->stat.scored, si->stat.median));
		}
		json_array_append_new(ser, json_pack("{s:s,s:o}", "name", lang && !strcmp(lang, "en") ? "median" : "mediaan",
						     "values", med));
	} else {
		json_t *rd = json_array(), *us = json_array();
		for (size_t i = 0; i < s->n_components; i++) {
			const struct score_component *sc = &s->components[i];
			json_array_append_new(ind, json_pack("{s:s,s:i,s:i}", "name", tx(&sc->component->title, lang), "max",
							     sc->component->readiness_scale->max, "min", 0));
			json_array_append_new(rd, num(sc->readiness.scored, sc->readiness.median));
			json_array_append_new(us, num(sc->use.scored, sc->use.median));
		}
		int en = lang && !strcmp(lang, "en");
		json_array_append_new(ser, json_pack("{s:s,s:o}", "name", en ? "readiness" : "gereedheid", "values", rd));
		json_array_append_new(ser, json_pack("{s:s,s:o}", "name", en ? "use" : "gebruik", "values", us));
	}
	if (!s->n_ingredients)
		json_decref(med);
	/* A smaller radius leaves room for long ingredient names beside the web. */
	json_object_set_new(page, "radarChart", json_pack("{s:s,s:o,s:o,s:s}", "kind", "radar", "indicators", ind, "series",
							  ser, "radius", "60%"));
	if (s->n_ingredients && s->n_roles) {
		json_t *x = json_array(), *y = json_array(), *vals = json_array();
		int lo = 10, hi = 0;
		for (size_t i = 0; i < s->n_ingredients; i++) {
			json_array_append_new(x, json_string(tx(&s->ingredients[i].ingredient->title, lang)));
			lo = s->ingredients[i].ingredient->scale->min < lo ? s->ingredients[i].ingredient->scale->min : lo;
			hi = s->ingredients[i].ingredient->scale->max > hi ? s->ingredients[i].ingredient->scale->max : hi;
		}
		for (size_t r = 0; r < s->n_roles; r++) {
			json_array_append_new(y, json_string(s->roles[r] && *s->roles[r] ? s->roles[r] : "—"));
			json_t *row = json_array();
			for (size_t i = 0; i < s->n_ingredients; i++) {
				size_t at = r * s->n_ingredients + i;
				json_array_append_new(row, num(s->role_n[at] > 0, s->role_median[at]));
			}
			json_array_append_new(vals, row);
		}
		/* The table beside the heat map: a row per ingredient, a column per role. */
		json_t *roles = json_array(), *hrows = json_array();
		for (size_t r = 0; r < s->n_roles; r++)
			json_array_append_new(roles, json_string(s->roles[r] && *s->roles[r] ? s->roles[r] : "—"));
		for (size_t i = 0; i < s->n_ingredients; i++) {
			json_t *cells = json_array();
			for (size_t r = 0; r < s->n_roles; r++) {
				size_t at = r * s->n_ingredients + i;
				json_array_append_new(cells, num(s->role_n[at] > 0, s->role_median[at]));
			}
			json_array_append_new(hrows, json_pack("{s:s,s:o}", "title", tx(&s->ingredients[i].ingredient->title, lang),
							       "values", cells));
		}
		json_object_set_new(page, "heatTable", json_pack("{s:o,s:o}", "roles", roles, "rows", hrows));
		json_object_set_new(page, "heatChart", json_pack("{s:s,s:o,s:o,s:o,s:i,s:i}", "kind", "heatmap", "x", x,
								 "y", y, "values", vals, "min", lo, "max", hi));
	}
	(void)m;
}

/* Trend over the rounds of the same method on the same initiative: one line
 * per ingredient (or component level), a value per round that has one. */
static json_t *trend_json(json_t *round, const struct method *m, const char *lang, json_t **chart)
{
	json_t *series = assessment_store_round_series(json_integer_value(json_object_get(round, "initiativeId")),
						       m->id);
	size_t nrounds = json_array_size(series);
	size_t nlines = m->n_ingredients ? m->n_ingredients : m->n_components;
	json_t *rounds = json_array(), *lines = json_array(), *x = json_array();
	json_t **vals = xcalloc(nlines + 1, sizeof *vals);
	for (size_t l = 0; l < nlines; l++)
		vals[l] = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(series, i, r)
	{
		struct score s;
		json_t *keep;
		assessment_score(json_integer_value(json_object_get(r, "id")), m, &s, &keep);
		json_array_append_new(rounds, json_pack("{s:O,s:O,s:O,s:I}", "id", json_object_get(r, "id"), "title",
							json_object_get(r, "title"), "periodEnd",
							json_object_get(r, "periodEnd"), "raters", (json_int_t)s.n_raters));
		json_array_append(x, json_object_get(r, "title"));
		for (size_t l = 0; l < nlines; l++) {
			if (m->n_ingredients)
				json_array_append_new(vals[l], num(s.ingredients[l].stat.scored, s.ingredients[l].stat.median));
			else
				json_array_append_new(vals[l], num(s.components[l].scored, s.components[l].level));
		}
		score_free(&s);
		json_decref(keep);
	}
	json_t *cser = json_array();
	int lo = 10, hi = 0;
	for (size_t l = 0; l < nlines; l++) {
		const char *id, *title;
		const struct method_scale *sc;
		if (m->n_ingredients) {
			id = m->ingredients[l].id;
			title = tx(&m->ingredients[l].title, lang);
			sc = m->ingredients[l].scale;
		} else {
			id = m->components[l].id;
			title = tx(&m->components[l].title, lang);
			sc = m->components[l].readiness_scale;
		}
		lo = sc->min < lo ? sc->min : lo;
		hi = sc->max > hi ? sc->max : hi;
		/* The change from the previous round to the last one, when both have a value. */
		json_t *delta = json_null();
		if (nrounds >= 2) {
			json_t *a = json_array_get(vals[l], nrounds - 2), *b = json_array_get(vals[l], nrounds - 1);
			if (json_is_real(a) && json_is_real(b))
				delta = json_real(json_real_value(b) - json_real_value(a));
		}
		json_array_append_new(lines, json_pack("{s:s,s:s,s:O,s:o}", "id", id, "title", title, "values", vals[l],
						       "delta", delta));
		json_array_append_new(cser, json_pack("{s:s,s:o}", "name", title, "values", vals[l]));
	}
	free(vals);
	json_decref(series);
	*chart = nrounds >= 2 ? json_pack("{s:s,s:o,s:o,s:i,s:i}", "kind", "line", "x", x, "series", cser, "min", lo,
					  "max", hi)
			      : (json_decref(x), json_decref(cser), NULL);
	return json_pack("{s:o,s:o}", "rounds", rounds, "lines", lines);
}

/* --- handlers ------------------------------------------------------------------------- */

static json_t *initiative_or_null(int64_t id)
{
	return initiative_store_get(id);
}

int api_round_list(struct api_ctx *c, json_t **out)
{
	json_t *in = initiative_or_null(c->obj_id);
	if (!in)
		return -ERR_NOTFOUND;
	json_t *o = json_pack("{s:o,s:o,s:b}", "initiative", in, "rounds", assessment_store_round_list(c->obj_id),
			      "canEdit", c->role >= ROLE_BEWERKER);
	*out = o;
	return 0;
}

int api_round_new_form(struct api_ctx *c, json_t **out)
{
	json_t *in = initiative_or_null(c->obj_id);
	if (!in)
		return -ERR_NOTFOUND;
	char today[11];
	assessment_today(today);
	*out = json_pack("{s:o,s:o,s:s,s:s}", "initiative", in, "methods", methods_json(c->lang), "periodStart", today,
			 "periodEnd", today);
	return 0;
}

enum { R_METHOD, R_TITLE, R_START, R_END };
static const struct field round_fields[] = {
    [R_METHOD] = {.name = "methodId", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 64},
    [R_TITLE] = {.name = "title", .type = FIELD_STRING, .max_len = 200},
    [R_START] = {.name = "periodStart", .type = FIELD_DATE, .flags = FIELD_REQUIRED},
    [R_END] = {.name = "periodEnd", .type = FIELD_DATE, .flags = FIELD_REQUIRED},
};

int api_round_create(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(round_fields)];
	api_fields(c, round_fields, FIELD_COUNT(round_fields), v);
	const char *title = v[R_TITLE].s;
	const char *ps = v[R_START].s;
	const char *pe = v[R_END].s;
	const struct method *m = NULL;
	if (v[R_METHOD].ok && !(m = method_registry_get(v[R_METHOD].s)))
		problem_add(c->invalid, "methodId", "err.unknown_method");
	if (v[R_START].ok && v[R_END].ok && strcmp(pe, ps) < 0)
		problem_add(c->invalid, "periodEnd", "err.period_order");
	if (json_array_size(c->invalid))
		return -ERR_INVALID;
	struct assessment_round_in in = {c->obj_id, m->id, m->version, NULL, ps, pe, c->user_id};
	char deftitle[300];
	if (!title || !*title) {
		snprintf(deftitle, sizeof deftitle, "%s %s", tx(&m->title, c->lang), pe);
		title = deftitle;
	}
	in.title = title;
	int64_t id = assessment_store_round_create(&in);
	if (id < 0)
		return (int)id;
	api_audit_id(c, "round.create", "round", id, "ok");
	snprintf(c->location, sizeof c->location, "/rondes/%lld", (long long)id);
	c->status = 201;
	*out = assessment_store_round_get(id);
	return 0;
}

/* The domain's view of a rater row from the store. */
static struct rater_state state_of(json_t *r)
{
	struct rater_state rs = {!strcmp(json_string_value(json_object_get(r, "kind")), "link"),
				 json_string_value(json_object_get(r, "status")),
				 json_is_string(json_object_get(r, "revokedAt")), 0};
	return rs;
}

static json_t *round_full(struct api_ctx *c)
{
	json_t *o = assessment_store_round_get(c->obj_id);
	if (!o)
		return NULL;
	const struct method *m = assessment_method(o);
	json_object_set_new(o, "methodTitle", json_string(m ? tx(&m->title, c->lang) : ""));
	json_t *raters = assessment_store_rater_list(c->obj_id);
	int open = !strcmp(json_string_value(json_object_get(o, "status")), "open");
	if (c->is_page && c->role >= ROLE_BEWERKER) {
		/* Which rows get a revoke or reopen button. */
		size_t i;
		json_t *r;
		json_array_foreach(raters, i, r)
		{
			struct rater_state rs = state_of(r);
			const char *why;
			json_object_set_new(r, "canRevoke",
					    json_boolean(rs.is_link && !rs.revoked && rater_revoke_check(&rs, &why) == 0));
			json_object_set_new(r, "canReopen", json_boolean(rater_reopen_check(&rs, open, &why) == 0));
		}
	}
	json_object_set_new(o, "raters", raters);
	json_object_set_new(o, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	json_object_set_new(o, "isOpen", json_boolean(open));
	json_t *me = c->user_id ? assessment_store_rater_by_user(c->obj_id, c->user_id) : NULL;
	json_object_set_new(o, "myRater", me ? me : json_null());
	if (me)
		json_object_del(me, "expiresS");
	if (c->is_page)
		json_object_set_new(o, "members", org_member_list(c->org_id));
	return o;
}

int api_round_get(struct api_ctx *c, json_t **out)
{
	json_t *o = round_full(c);
	if (!o)
		return -ERR_NOTFOUND;
	*out = o;
	return 0;
}

int api_round_status(struct api_ctx *c, json_t **out)
{
	static const char *const statuses[] = {"open", "gesloten", NULL};
	static const struct field f[] = {
	    {.name = "status", .type = FIELD_ENUM, .flags = FIELD_REQUIRED, .values = statuses,
	     .reason = "err.round_status"},
	};
	const char *st = "gesloten"; /* the page's button closes */
	if (!c->is_page) {
		struct field_value v[1];
		if (api_fields(c, f, 1, v) < 0)
			return -ERR_INVALID;
		st = v[0].s;
	}
	int rc = assessment_store_round_set_status(c->obj_id, st);
	if (rc < 0)
		return rc;
	api_audit_id(c, !strcmp(st, "open") ? "round.reopen" : "round.close", "round", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/rondes/%lld/resultaten", (long long)c->obj_id);
	*out = assessment_store_round_get(c->obj_id);
	return 0;
}

enum { I_USER, I_NAME, I_ROLE, I_DAYS };
static const struct field invite_fields[] = {
    [I_USER] = {.name = "userId", .type = FIELD_ID, .reason = "err.not_member"},
    [I_NAME] = {.name = "name", .type = FIELD_STRING, .max_len = 120},
    [I_ROLE] = {.name = "roleLabel", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 60},
    [I_DAYS] = {.name = "expiresInDays", .type = FIELD_INTEGER, .min = 1, .max = LINK_DAYS_MAX,
		.reason = "err.expires_days"},
};

int api_rater_invite(struct api_ctx *c, json_t **out)
{
	json_t *round = assessment_store_round_get(c->obj_id);
	if (!round)
		return -ERR_NOTFOUND;
	int open = !strcmp(json_string_value(json_object_get(round, "status")), "open");
	json_decref(round);
	if (!open) {
		c->detail = "err.round_closed";
		return -ERR_CONFLICT;
	}
	struct field_value v[FIELD_COUNT(invite_fields)];
	api_fields(c, invite_fields, FIELD_COUNT(invite_fields), v);
	int64_t uid = v[I_USER].ok ? v[I_USER].i : 0;
	const char *name = v[I_NAME].s;
	const char *role = v[I_ROLE].s;
	int64_t days = v[I_DAYS].ok ? v[I_DAYS].i : LINK_DAYS_DEFAULT;
	if (uid > 0 && org_role(c->org_id, uid) == ROLE_NONE)
		problem_add(c->invalid, "userId", "err.not_member");
	else if (!v[I_USER].set && !v[I_NAME].set)
		problem_add(c->invalid, "name", "err.required");
	if (json_array_size(c->invalid))
		return -ERR_INVALID;
	char obj[64];
	snprintf(obj, sizeof obj, "round/%lld", (long long)c->obj_id);
	json_t *invited;
	if (uid > 0) {
		json_t *members = org_member_list(c->org_id);
		size_t i;
		json_t *mb;
		const char *mname = "";
		json_array_foreach(members, i, mb) if (json_integer_value(json_object_get(mb, "id")) == uid) mname =
			json_string_value(json_object_get(mb, "name"));
		int64_t id = assessment_store_rater_add(c->obj_id, uid, name && *name ? name : mname, role, NULL, 0);
		json_decref(members);
		if (id == -ERR_CONFLICT) {
			problem_add(c->invalid, "userId", "err.already_rater");
			return -ERR_INVALID;
		}
		api_audit(c, "round.invite_member", obj, "ok");
		invited = assessment_store_rater_get(id);
		json_object_del(invited, "expiresS");
	} else {
		char tok[SECRET_TOKEN_LEN + 1];
		unsigned char hash[SECRET_HASH_LEN];
		secret_token(tok);
		secret_digest(tok, hash);
		int64_t exp = time_now() + days * 86400;
		int64_t id = assessment_store_rater_add(c->obj_id, 0, name, role, hash, exp);
		if (id < 0)
			return (int)id; /* the database failed; the pipeline answers */
		api_audit(c, "round.invite_link", obj, "ok");
		invited = assessment_store_rater_get(id);
		json_object_del(invited, "expiresS");
		char ts[21], link[128];
		time_rfc3339(exp, ts);
		snprintf(link, sizeof link, "/uitnodigingen/%s", tok);
		json_object_set_new(invited, "link", json_string(link));
		json_object_set_new(invited, "expiresAt", json_string(ts));
	}
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/rondes/%lld", (long long)c->obj_id);
	if (c->is_page) {
		json_t *o = round_full(c);
		json_object_set_new(o, "invited", invited);
		*out = o;
	} else {
		*out = invited;
	}
	return 0;
}

/* The rater named by the second path parameter, if it belongs to this round. */
static json_t *round_rater(struct api_ctx *c)
{
	long long id;
	char tail;
	if (!c->param[1] || sscanf(c->param[1], "%lld%c", &id, &tail) != 1 || id <= 0)
		return NULL;
	json_t *r = assessment_store_rater_get(id);
	if (r && json_integer_value(json_object_get(r, "roundId")) != c->obj_id) {
		json_decref(r);
		r = NULL;
	}
	return r;
}

/* After a reopen: the rater (API); pages go back to the round. */
static int rater_done(struct api_ctx *c, int64_t rater_id, json_t **out)
{
	snprintf(c->location, sizeof c->location, "/rondes/%lld", (long long)c->obj_id);
	json_t *r = assessment_store_rater_get(rater_id);
	json_object_del(r, "expiresS");
	*out = r;
	return 0;
}

/* DELETE .../link (API, 204) or POST .../intrekken (page): the link stops
 * working and answers 410; the rater row and any draft stay for the record. */
int api_rater_revoke(struct api_ctx *c, json_t **out)
{
	json_t *r = round_rater(c);
	if (!r)
		return -ERR_NOTFOUND;
	int64_t id = json_integer_value(json_object_get(r, "id"));
	struct rater_state rs = state_of(r);
	int rc = rater_revoke_check(&rs, &c->detail);
	json_decref(r);
	if (rc < 0)
		return rc;
	if (!rs.revoked && assessment_store_rater_revoke(id) < 0) {
		c->detail = "err.link_used_no_revoke"; /* submitted in the meantime */
		return -ERR_CONFLICT;
	}
	api_audit_id(c, "round.revoke_link", "rater", id, rs.revoked ? "unchanged" : "ok");
	snprintf(c->location, sizeof c->location, "/rondes/%lld", (long long)c->obj_id);
	c->status = 204;
	*out = NULL;
	return 0;
}

/* PUT .../status {"status": "concept"} (API) or POST .../heropenen (page):
 * a submitted sheet goes back to concept so the rater can correct it; a
 * stranger's link opens again until it expires. */

int api_rater_reopen(struct api_ctx *c, json_t **out)
{
	static const char *const statuses[] = {"concept", NULL};
	static const struct field f[] = {
	    {.name = "status", .type = FIELD_ENUM, .flags = FIELD_REQUIRED, .values = statuses,
	     .reason = "err.rater_status"},
	};
	struct field_value v[1];
	if (!c->is_page && api_fields(c, f, 1, v) < 0)
		return -ERR_INVALID;
	json_t *round = assessment_store_round_get(c->obj_id);
	if (!round)
		return -ERR_NOTFOUND;
	int open = !strcmp(json_string_value(json_object_get(round, "status")), "open");
	json_decref(round);
	json_t *r = round_rater(c);
	if (!r)
		return -ERR_NOTFOUND;
	int64_t id = json_integer_value(json_object_get(r, "id"));
	struct rater_state rs = state_of(r);
	int rc = rater_reopen_check(&rs, open, &c->detail);
	json_decref(r);
	if (rc < 0)
		return rc;
	if (assessment_store_rater_reopen(id) < 0) {
		c->detail = "err.not_submitted";
		return -ERR_CONFLICT;
	}
	api_audit_id(c, "answers.reopen", "rater", id, "ok");
	return rater_done(c, id, out);
}

/* Free-text answers of submitted raters, per open question, for reading. */
static json_t *open_texts(const struct method *m, json_t *rows, const char *lang)
{
	json_t *out = json_array();
	for (size_t q = 0; q < m->n_questions; q++) {
		const struct method_question *mq = &m->questions[q];
		if (mq->kind != METHOD_TEXT)
			continue;
		json_t *ans = json_array();
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r)
		{
			const char *t = json_string_value(json_object_get(r, "text"));
			if (!strcmp(json_string_value(json_object_get(r, "questionId")), mq->id) && t && *t)
				json_array_append_new(ans, json_pack("{s:O,s:s}", "roleLabel", json_object_get(r, "roleLabel"),
								     "text", t));
		}
		json_array_append_new(out, json_pack("{s:s,s:s,s:o}", "question", mq->id, "prompt", tx(&mq->prompt, lang),
						     "answers", ans));
	}
	return out;
}

int api_round_results(struct api_ctx *c, json_t **out)
{
	json_t *round = assessment_store_round_get(c->obj_id);
	if (!round)
		return -ERR_NOTFOUND;
	const struct method *m = assessment_method(round);
	if (!m) {
		json_decref(round);
		c->detail = "err.method_gone";
		return -ERR_GONE;
	}
	struct score s;
	json_t *keep;
	assessment_score(c->obj_id, m, &s, &keep);
	json_object_set_new(round, "methodTitle", json_string(tx(&m->title, c->lang)));
	json_t *o = results_json(m, &s, c->lang);
	json_object_set_new(o, "round", round);
	json_object_set_new(o, "openAnswers", open_texts(m, json_object_get(keep, "rows"), c->lang));
	json_t *chart = NULL;
	json_object_set_new(o, "trend", trend_json(round, m, c->lang, &chart));
	json_object_set_new(o, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	json_object_set_new(o, "hasIngredients", json_boolean(s.n_ingredients > 0));
	if (c->is_page) {
		add_charts(o, m, &s, c->lang);
		/* One accept form per suggested action needs a unique key. */
		size_t i;
		json_t *sg;
		json_array_foreach(json_object_get(o, "suggestions"), i, sg)
		{
			json_t *items = json_array();
			size_t k;
			json_t *a;
			json_array_foreach(json_object_get(sg, "actions"), k, a)
			{
				char key[160];
				snprintf(key, sizeof key, "%s-%zu", json_string_value(json_object_get(sg, "ruleId")), k + 1);
				json_array_append_new(items, json_pack("{s:s,s:O}", "key", key, "text", a));
			}
			json_object_set_new(sg, "actionItems", items);
		}
		if (chart)
			json_object_set_new(o, "trendChart", chart);
		/* The accept forms offer the members as owners, as the action form does. */
		json_object_set_new(o, "members", org_member_list(c->org_id));
		char due[11];
		assessment_today(due);
		json_object_set_new(o, "today", json_string(due));
	} else {
		json_decref(chart);
	}
	score_free(&s);
	json_decref(keep);
	*out = o;
	return 0;
}

/* --- export ------------------------------------------------------------------------------ */

int api_round_export(struct api_ctx *c, json_t **out)
{
	const char *fmt = api_str(c->query, "formaat");
	if (fmt && strcmp(fmt, "csv") && strcmp(fmt, "json")) {
		problem_add(c->invalid, "formaat", "err.export_format");
		return -ERR_INVALID;
	}
	json_t *round = assessment_store_round_get(c->obj_id);
	if (!round)
		return -ERR_NOTFOUND;
	json_t *rows = assessment_store_round_answers(c->obj_id);
	api_audit_id(c, "round.export", "round", c->obj_id, fmt ? fmt : "json");
	if (fmt && !strcmp(fmt, "csv")) {
		struct buf b = BUF_INIT;
		buf_puts(&b, "round_id,method_id,rater_id,role_label,question_id,unknown,level,options,text,evidence,"
			     "evidence_url,confidence\r\n");
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r)
		{
			buf_printf(&b, "%lld,", (long long)c->obj_id);
			csv_field(&b, json_string_value(json_object_get(round, "methodId")));
			buf_printf(&b, ",%lld,", (long long)json_integer_value(json_object_get(r, "raterId")));
			csv_field(&b, json_string_value(json_object_get(r, "roleLabel")));
			buf_putc(&b, ',');
			csv_field(&b, json_string_value(json_object_get(r, "questionId")));
			buf_printf(&b, ",%d,", json_is_true(json_object_get(r, "unknown")));
			if (json_is_integer(json_object_get(r, "level")))
				buf_printf(&b, "%lld", (long long)json_integer_value(json_object_get(r, "level")));
			buf_putc(&b, ',');
			struct buf ob = BUF_INIT;
			size_t k;
			json_t *e;
			json_array_foreach(json_object_get(r, "options"), k, e) buf_printf(&ob, "%s%s", k ? ";" : "",
											   json_string_value(e));
			csv_field(&b, buf_str(&ob));
			buf_free(&ob);
			static const char *const cols[] = {"text", "evidence", "evidenceUrl", "confidence"};
			for (size_t x = 0; x < 4; x++) {
				buf_putc(&b, ',');
				csv_field(&b, json_string_value(json_object_get(r, cols[x])));
			}
			buf_puts(&b, "\r\n");
		}
		*out = json_stringn(b.data ? b.data : "", b.len);
		buf_free(&b);
		json_decref(rows);
		json_decref(round);
		c->raw_type = "text/csv; charset=utf-8";
		c->raw_filename = "ronde.csv";
		return 0;
	}
	/* JSON: the round, its raters (no tokens), every submitted answer and the results. */
	json_t *o = json_pack("{s:o,s:o,s:o}", "round", round, "raters", assessment_store_rater_list(c->obj_id),
			      "answers", rows);
	const struct method *m = assessment_method(round);
	if (m) {
		struct score s;
		json_t *keep;
		assessment_score(c->obj_id, m, &s, &keep);
		json_object_set_new(o, "results", results_json(m, &s, c->lang));
		score_free(&s);
		json_decref(keep);
	}
	*out = o;
	return 0;
}

void assessment_initiative_extras(int64_t initiative_id, json_t *o)
{
	char today[11];
	assessment_today(today);
	json_object_set_new(o, "rounds", assessment_store_round_list(initiative_id));
	json_object_set_new(o, "overdueActions", action_store_overdue(initiative_id, today));
}
