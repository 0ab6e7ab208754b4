/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_results: the scored results of a round (per ingredient or
 * readiness x use component, pitfalls, choices, suggestions, a rater-role
 * heat map, open answers) and the trend over the rounds of the same
 * method. Scoring itself lives in domain/score; this file feeds it the
 * stored answers and shapes what comes out. Charts are the view's
 * (src/view/assessment_view.c).
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/assessment.h"
#include "api/common.h"
#include "api/decision.h"
#include "api/organisation.h"
#include "api/round_scores.h"
#include "api/workshop.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "store/action_store.h"
#include "store/assessment_store.h"
#include "store/org.h"

/* --- scoring adapter ------------------------------------------------------------------ */

void assessment_data_load(int64_t round_id, struct assessment_data *d)
{
	assessment_store_rater_list(round_id, &d->raters);
	assessment_store_round_answers(round_id, &d->answers);
}

void assessment_data_free(struct assessment_data *d)
{
	rater_list_free(&d->raters);
	assessment_answer_list_free(&d->answers);
}

void assessment_score(const struct method *m, const struct assessment_data *d, struct score *s)
{
	size_t nr = 0, na = 0, nopt = 0;
	for (size_t i = 0; i < d->raters.n; i++)
		nr += rater_shown_status(&d->raters.items[i].state) == RATER_SUBMITTED;
	for (size_t i = 0; i < d->answers.n; i++)
		nopt += d->answers.items[i].n_options;
	struct score_rater *raters = xcalloc(nr + 1, sizeof *raters);
	int64_t *ids = xcalloc(nr + 1, sizeof *ids);
	struct score_answer *ans = xcalloc(d->answers.n + 1, sizeof *ans);
	const char **opts = xcalloc(nopt + 1, sizeof *opts);
	size_t k = 0, o = 0;
	for (size_t i = 0; i < d->raters.n; i++) {
		const struct rater *r = &d->raters.items[i];
		if (rater_shown_status(&r->state) != RATER_SUBMITTED)
			continue;
		ids[k] = r->id;
		raters[k++].role = r->role_label;
	}
	for (size_t i = 0; i < d->answers.n; i++) {
		const struct assessment_answer *r = &d->answers.items[i];
		size_t ri = nr;
		for (size_t x = 0; x < nr; x++)
			if (ids[x] == r->rater_id)
				ri = x;
		const struct method_question *q = method_question_find(m, r->question_id);
		if (ri == nr || !q || q->kind == METHOD_TEXT)
			continue;
		struct score_answer *a = &ans[na];
		memset(a, 0, sizeof *a);
		a->rater = ri;
		a->question = q->id;
		a->unknown = r->unknown && q->kind != METHOD_NUMBER;
		a->not_applicable = r->not_applicable && q->not_applicable && !a->unknown;
		a->has_evidence = (r->evidence && *r->evidence) || (r->evidence_url && *r->evidence_url);
		a->confidence = r->confidence;
		if (r->not_applicable && !a->not_applicable)
			continue; /* the method no longer allows it: no answer */
		if (a->not_applicable) {
			/* counted, never a value */
		} else if (q->kind == METHOD_NUMBER) {
			if (!r->has_level || (q->has_min && r->level < q->min) ||
			    (q->has_max && r->level > q->max))
				continue;
			a->number = (long long)r->level;
		} else if (!a->unknown && q->kind == METHOD_SCALE) {
			if (!r->has_level || r->level < INT_MIN || r->level > INT_MAX ||
			    !method_level_valid(q, (int)r->level))
				continue;
			a->level = (int)r->level;
		} else if (!a->unknown) {
			a->options = opts + o;
			for (size_t j = 0; j < r->n_options; j++)
				if (method_option_find(q, r->options[j]))
					opts[o++] = r->options[j];
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
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:f,s:I,s:f,s:I,s:b,s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:I}",
			 "notApplicable", (json_int_t)st->n_na, "notApplicablePercent", pct(st->na_share),
			 "raters", (json_int_t)st->n_raters, "answers", (json_int_t)st->n_answers, "unknown",
			 (json_int_t)st->n_unknown, "evidence", (json_int_t)st->n_evidence, "unknownShare",
			 st->unknown_share, "unknownPercent", pct(st->unknown_share), "evidenceCoverage",
			 st->evidence_coverage, "evidencePercent", pct(st->evidence_coverage), "scored",
			 st->scored, "median", num(st->scored, st->median), "q1", num(st->scored, st->q1),
			 "q3", num(st->scored, st->q3), "iqr", num(st->scored, st->iqr), "min",
			 num(st->scored, st->min), "max", num(st->scored, st->max), "disagreement",
			 st->scored && st->disagreement, "lowConfidence", (json_int_t)st->n_low_confidence);
}

static json_t *ref(const char *id, const struct method_text *t, const char *lang)
{
	return json_pack("{s:s,s:s}", "id", id, "title", assessment_text(t, lang));
}

static const char *rule_kind(enum method_rule_kind k)
{
	switch (k) {
	case METHOD_RULE_INGREDIENT_BELOW: return "ingredientBelow";
	case METHOD_RULE_INGREDIENT_UNKNOWN: return "ingredientUnknown";
	case METHOD_RULE_COMPONENT_BELOW: return "componentBelow";
	case METHOD_RULE_ROUTE_CHOSEN: return "routeChosen";
	default: return "pitfallPresent";
	}
}

json_t *assessment_rule_json(const struct method_rule *ru, const char *lang)
{
	json_t *acts = json_array(), *parties = json_array();
	for (size_t a = 0; a < ru->n_actions; a++)
		json_array_append_new(acts, json_string(assessment_text(&ru->actions[a], lang)));
	for (size_t p = 0; p < ru->n_parties; p++)
		json_array_append_new(
		    parties,
		    json_pack("{s:s,s:s}", "type", method_party_type_name(ru->parties[p].type), "label",
			      ru->parties[p].label.nl ? assessment_text(&ru->parties[p].label, lang) : ""));
	json_t *target;
	if (ru->ingredient)
		target = ref(ru->ingredient->id, &ru->ingredient->title, lang);
	else if (ru->component)
		target = ref(ru->component->id, &ru->component->title, lang);
	else if (ru->route)
		target = ref(ru->route->id, &ru->route->title, lang);
	else
		target = ref(ru->pitfall->id, &ru->pitfall->title, lang);
	struct buf cond = BUF_INIT;
	method_rule_condition(ru, lang, &cond);
	json_t *o = json_pack("{s:s,s:s,s:o,s:o,s:o,s:s,s:s,s:s}", "ruleId", ru->id, "kind",
			      rule_kind(ru->kind), "target", target, "actions", acts, "parties", parties,
			      "outcome", method_outcome_name(ru->outcome), "outcomeLabel",
			      method_outcome_label(ru->outcome, lang), "condition", buf_str(&cond));
	buf_free(&cond);
	return o;
}

json_t *assessment_based_on_json(const struct method *m, const char *lang)
{
	return json_pack("{s:s,s:s}", "name",
			 m->based_on_name.nl ? assessment_text(&m->based_on_name, lang) : "", "note",
			 m->based_on_note.nl ? assessment_text(&m->based_on_note, lang) : "");
}

/* Ingredients (or, for a ladder, components) with their values. */
json_t *assessment_results_json(const struct method *m, const struct score *s, const char *lang)
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
		json_object_set_new(e, "notApplicableAll", json_boolean(si->not_applicable));
		json_array_append_new(ingr, e);
	}
	for (size_t i = 0; i < s->n_weakest; i++) {
		const struct method_ingredient *mi = s->ingredients[s->weakest[i]].ingredient;
		json_array_append_new(weak, ref(mi->id, &mi->title, lang));
	}
	json_object_set_new(o, "ingredients", ingr);
	json_object_set_new(o, "weakest", weak);
	json_object_set_new(o, "weakestBy", json_string(score_tie_break_name(s->weakest_by)));
	json_object_set_new(o, "allEquallyWeak", json_boolean(s->all_tied));
	json_t *comps = json_array(), *bott = json_array();
	for (size_t i = 0; i < s->n_components; i++) {
		const struct score_component *sc = &s->components[i];
		json_t *e = ref(sc->component->id, &sc->component->title, lang);
		json_object_set_new(e, "readiness", stat_json(&sc->readiness));
		json_object_set_new(e, "use", stat_json(&sc->use));
		json_object_set_new(e, "scored", json_boolean(sc->scored));
		json_object_set_new(e, "level", num(sc->scored, sc->level));
		json_object_set_new(e, "bottleneck", json_boolean(sc->bottleneck));
		json_object_set_new(e, "notApplicableAll", json_boolean(sc->not_applicable));
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
		json_object_set_new(e, "prevention",
				    json_string(assessment_text(&sp->pitfall->prevention, lang)));
		json_object_set_new(e, "state", json_string(score_pitfall_state_name(sp->state)));
		json_object_set_new(e, "present", json_integer((json_int_t)sp->n_present));
		json_object_set_new(e, "mitigated", json_integer((json_int_t)sp->n_mitigated));
		json_object_set_new(e, "absent", json_integer((json_int_t)sp->n_absent));
		json_object_set_new(e, "unknown", json_integer((json_int_t)sp->n_unknown));
		json_object_set_new(e, "notApplicable", json_integer((json_int_t)sp->n_na));
		json_object_set_new(e, "triggeredBy",
				    sp->triggered_by
					? ref(sp->triggered_by->id, &sp->triggered_by->title, lang)
					: json_null());
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
			json_array_append_new(
			    opts, json_pack("{s:s,s:s,s:I}", "id", ch->question->options[k].id, "text",
					    assessment_text(&ch->question->options[k].text, lang), "count",
					    (json_int_t)ch->counts[k]));
		json_array_append_new(
		    choices, json_pack("{s:s,s:s,s:I,s:I,s:I,s:o,s:s}", "question", ch->question->id,
				       "prompt", assessment_text(&ch->question->prompt, lang), "raters",
				       (json_int_t)ch->n_raters, "unknown", (json_int_t)ch->n_unknown,
				       "notApplicable", (json_int_t)ch->n_na, "options", opts, "routeKind",
				       ch->question->options_are_routes
					   ? (ch->question->route_kind
						  ? method_route_kind_name(ch->question->route_kind)
						  : "all")
					   : ""));
	}
	json_object_set_new(o, "choices", choices);
	json_t *routes = json_array();
	for (size_t i = 0; i < s->n_routes; i++) {
		const struct score_route *sr = &s->routes[i];
		json_t *e = ref(sr->route->id, &sr->route->title, lang);
		json_t *rp = json_array();
		for (size_t k = 0; k < sr->route->n_pitfalls; k++)
			json_array_append_new(
			    rp, ref(sr->route->pitfalls[k]->id, &sr->route->pitfalls[k]->title, lang));
		json_object_set_new(e, "description",
				    json_string(assessment_text(&sr->route->description, lang)));
		json_object_set_new(e, "kind", json_string(method_route_kind_name(sr->route->kind)));
		json_object_set_new(e, "count", json_integer((json_int_t)sr->n_chosen));
		json_object_set_new(e, "chosen", json_boolean(sr->chosen));
		json_object_set_new(e, "pitfalls", rp);
		json_array_append_new(routes, e);
	}
	json_object_set_new(o, "routes", routes);
	json_object_set_new(o, "pitfallsTriggered", json_integer((json_int_t)s->n_pitfalls_triggered));
	json_t *nums = json_array();
	for (size_t i = 0; i < s->n_numbers; i++) {
		const struct score_number *sn = &s->numbers[i];
		const struct method_question *q = sn->question;
		json_array_append_new(
		    nums, json_pack("{s:s,s:s,s:s,s:s,s:I,s:o,s:o,s:o,s:o,s:o}", "question", q->id, "prompt",
				    assessment_text(&q->prompt, lang), "unit", method_unit_name(q->unit),
				    "measure", method_measure_name(q->measure), "answers", (json_int_t)sn->n,
				    "median", num(sn->n > 0, sn->median), "q1", num(sn->n > 0, sn->q1), "q3",
				    num(sn->n > 0, sn->q3), "min", num(sn->n > 0, sn->min), "max",
				    num(sn->n > 0, sn->max)));
	}
	json_object_set_new(o, "numbers", nums);
	json_object_set_new(o, "basedOn", assessment_based_on_json(m, lang));
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
			json_array_append_new(cells, json_pack("{s:s,s:o,s:I}", "ingredient",
							       s->ingredients[i].ingredient->id, "median",
							       num(s->role_n[at] > 0, s->role_median[at]),
							       "raters", (json_int_t)s->role_n[at]));
		}
		json_array_append_new(
		    rows, json_pack("{s:s,s:o}", "role", s->roles[r] ? s->roles[r] : "", "cells", cells));
	}
	json_object_set_new(o, "roleHeatmap", rows);
	(void)m;
	return o;
}

/* Trend over the rounds of the same method on the same initiative: one line
 * per ingredient (or component level), a value per round that has one. */
static json_t *trend_json(const struct assessment_round *round, const struct method *m, const char *lang)
{
	struct assessment_round_list series;
	assessment_store_round_series(round->initiative_id, m->id, &series);
	size_t nrounds = series.n;
	size_t nlines = m->n_ingredients ? m->n_ingredients : m->n_components;
	json_t *rounds = json_array(), *lines = json_array();
	json_t **vals = xcalloc(nlines + 1, sizeof *vals);
	for (size_t l = 0; l < nlines; l++)
		vals[l] = json_array();
	for (size_t i = 0; i < series.n; i++) {
		const struct assessment_round *r = &series.items[i];
		/* stored when current (api/round_scores.h), else computed */
		int64_t n_raters = 0;
		json_t *cells = round_scores_trend(m, r->id, &n_raters);
		json_array_append_new(rounds, json_pack("{s:I,s:s,s:s,s:I}", "id", (json_int_t)r->id, "title",
							r->title, "periodEnd", r->period_end, "raters",
							(json_int_t)n_raters));
		for (size_t l = 0; l < nlines; l++) {
			json_t *v = json_array_get(cells, l);
			json_array_append(vals[l], v ? v : json_null());
		}
		json_decref(cells);
	}
	for (size_t l = 0; l < nlines; l++) {
		const char *id = m->n_ingredients ? m->ingredients[l].id : m->components[l].id;
		const char *title = assessment_text(
		    m->n_ingredients ? &m->ingredients[l].title : &m->components[l].title, lang);
		/* The change from the previous round to the last one, when both have a value. */
		json_t *delta = json_null();
		if (nrounds >= 2) {
			json_t *a = json_array_get(vals[l], nrounds - 2),
			       *b = json_array_get(vals[l], nrounds - 1);
			if (json_is_real(a) && json_is_real(b))
				delta = json_real(json_real_value(b) - json_real_value(a));
		}
		json_array_append_new(lines, json_pack("{s:s,s:s,s:o,s:o}", "id", id, "title", title,
						       "values", vals[l], "delta", delta));
	}
	free(vals);
	assessment_round_list_free(&series);
	return json_pack("{s:o,s:o}", "rounds", rounds, "lines", lines);
}

/* Free-text answers of submitted raters, per open question, for reading. */
static json_t *open_texts(const struct method *m, const struct assessment_answer_list *answers,
			  const char *lang)
{
	json_t *out = json_array();
	for (size_t q = 0; q < m->n_questions; q++) {
		const struct method_question *mq = &m->questions[q];
		if (mq->kind != METHOD_TEXT)
			continue;
		json_t *ans = json_array();
		for (size_t i = 0; i < answers->n; i++) {
			const struct assessment_answer *a = &answers->items[i];
			if (!strcmp(a->question_id, mq->id) && a->text && *a->text)
				json_array_append_new(
				    ans, json_pack("{s:s,s:s}", "roleLabel", a->role_label, "text", a->text));
		}
		json_array_append_new(out, json_pack("{s:s,s:s,s:o}", "question", mq->id, "prompt",
						     assessment_text(&mq->prompt, lang), "answers", ans));
	}
	return out;
}

/* Marks every suggestion with the actions already taken over from it on
 * this initiative (same rule; any round), so the page offers no duplicate. */
static void mark_accepted(json_t *o, int64_t initiative_id, const struct method *m)
{
	struct action_list al;
	char today[11];
	assessment_today(today);
	action_store_list_from_rules(initiative_id, &al); /* the others cannot match a rule */
	size_t i;
	json_t *sg;
	json_array_foreach (json_object_get(o, "suggestions"), i, sg) {
		const char *rule = json_string_value(json_object_get(sg, "ruleId"));
		const struct method_rule *ru = NULL;
		for (size_t r = 0; r < m->n_rules; r++)
			if (!strcmp(m->rules[r].id, rule))
				ru = &m->rules[r];
		json_t *acc = json_array();
		for (size_t k = 0; k < al.n; k++) {
			if (strcmp(al.items[k].rule_id, rule))
				continue;
			/* which suggested action it was, in whichever language it was taken over */
			json_int_t at = -1;
			for (size_t x = 0; ru && x < ru->n_actions; x++)
				if ((ru->actions[x].nl && !strcmp(ru->actions[x].nl, al.items[k].title)) ||
				    (ru->actions[x].en && !strcmp(ru->actions[x].en, al.items[k].title)))
					at = (json_int_t)x;
			json_array_append_new(
			    acc,
			    json_pack("{s:I,s:s,s:s,s:I,s:I}", "id", (json_int_t)al.items[k].id, "title",
				      al.items[k].title, "status", action_status_name(al.items[k].status),
				      "roundId", (json_int_t)al.items[k].round_id, "actionIndex", at));
		}
		json_object_set_new(sg, "accepted", acc);
	}
	action_list_free(&al);
}

/* Each submitted rater's own value per ingredient (the mean of their
 * levels on its questions, "weet niet" left out; null when none), named by
 * role only: the radar draws them on request. */
static json_t *rater_points(const struct method *m, const struct assessment_data *d)
{
	json_t *out = json_array();
	if (!m->n_ingredients)
		return out;
	/* each answer's ingredient, looked up once */
	size_t *ing = xcalloc(d->answers.n + 1, sizeof *ing);
	for (size_t i = 0; i < d->answers.n; i++) {
		const struct assessment_answer *a = &d->answers.items[i];
		const struct method_question *q = method_question_find(m, a->question_id);
		ing[i] = m->n_ingredients;
		if (q && q->ingredient && !a->unknown && a->has_level)
			ing[i] = method_ingredient_index(m, q->ingredient);
	}
	for (size_t r = 0; r < d->raters.n; r++) {
		const struct rater *ra = &d->raters.items[r];
		if (rater_shown_status(&ra->state) != RATER_SUBMITTED)
			continue;
		json_t *vals = json_array();
		for (size_t k = 0; k < m->n_ingredients; k++) {
			double sum = 0;
			int n = 0;
			for (size_t i = 0; i < d->answers.n; i++) {
				const struct assessment_answer *a = &d->answers.items[i];
				if (a->rater_id == ra->id && ing[i] == k) {
					sum += (double)a->level;
					n++;
				}
			}
			json_array_append_new(vals, n ? json_real(sum / n) : json_null());
		}
		json_array_append_new(out, json_pack("{s:s,s:o}", "role", ra->role_label, "values", vals));
	}
	free(ing);
	return out;
}

/* {ambitie} in the prompts the results repeat, filled as on the sheet. */
static void fill_prompts(json_t *o, int64_t initiative_id, const struct method *m, const char *lang)
{
	static const char *const lists[] = {"choices", "numbers", "openAnswers"};
	char *ambition = assessment_ambition(initiative_id, m, NULL, lang);
	struct buf b = BUF_INIT;
	for (size_t l = 0; l < 3; l++) {
		size_t i;
		json_t *e;
		json_array_foreach (json_object_get(o, lists[l]), i, e) {
			const char *p = json_string_value(json_object_get(e, "prompt"));
			if (!p || !strchr(p, '{'))
				continue;
			buf_reset(&b);
			method_fill_ambition(p, ambition, &b);
			json_object_set_new(e, "prompt", json_string(buf_str(&b)));
		}
	}
	buf_free(&b);
	free(ambition);
}

int api_round_results(struct api_ctx *c, json_t **out)
{
	round_scores_autostart(); /* the trend reads stored scores */
	struct assessment_round round;
	const struct method *m;
	int rc = assessment_round_method(c, c->obj_id, &round, &m);
	if (rc < 0)
		return rc;
	struct assessment_data d;
	struct score s;
	assessment_data_load(c->obj_id, &d);
	assessment_score(m, &d, &s);
	json_t *rj = api_round_json(&round);
	json_object_set_new(rj, "methodTitle", json_string(assessment_text(&m->title, c->lang)));
	json_t *o = assessment_results_json(m, &s, c->lang);
	json_object_set_new(o, "round", rj);
	json_object_set_new(o, "openAnswers", open_texts(m, &d.answers, c->lang));
	json_object_set_new(o, "raterPoints", rater_points(m, &d));
	json_object_set_new(o, "trend", trend_json(&round, m, c->lang));
	mark_accepted(o, round.initiative_id, m);
	workshop_results_extras(round.id, m, o, c->lang);
	decision_results_extras(round.id, o, c->lang);
	fill_prompts(o, round.initiative_id, m, c->lang);
	json_object_set_new(o, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	json_object_set_new(o, "hasIngredients", json_boolean(s.n_ingredients > 0));
	/* The suggestions' accept forms offer the members as owners, as the
	 * action form does: real data from the store, so it is read here. */
	if (c->is_page)
		json_object_set_new(o, "members", api_members(c->org_id));
	score_free(&s);
	assessment_data_free(&d);
	assessment_round_free(&round);
	*out = o;
	return 0;
}
