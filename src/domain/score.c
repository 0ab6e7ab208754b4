/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * score: the arithmetic behind an assessment round (definitions in
 * score.h). Answers are checked against the method first, so nothing is
 * silently dropped; then per-rater values are formed, summarised with R
 * type 7 quantiles, and rules are evaluated. No I/O and no allocation
 * that outlives the call except the returned struct score.
 */
#include "score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

double score_quantile(const double *x, size_t n, double p)
{
	BUG_ON(n == 0);
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);
	if (lo >= n - 1)
		return x[n - 1];
	return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Sorts vals and fills the distribution part of st. */
static void stat_finish(struct score_stat *st, double *vals, size_t n, const struct method_scale *s)
{
	size_t level_answers = st->n_answers - st->n_unknown;
	st->na_share = st->n_na ? (double)st->n_na / (double)(st->n_na + st->n_answers) : 0;
	st->unknown_share = st->n_answers ? (double)st->n_unknown / (double)st->n_answers : 0;
	st->evidence_coverage = level_answers ? (double)st->n_evidence / (double)level_answers : 0;
	st->n_raters = n;
	st->scored = n > 0;
	if (!n)
		return;
	qsort(vals, n, sizeof *vals, cmp_double);
	st->median = score_quantile(vals, n, 0.5);
	st->q1 = score_quantile(vals, n, 0.25);
	st->q3 = score_quantile(vals, n, 0.75);
	st->iqr = st->q3 - st->q1;
	st->min = vals[0];
	st->max = vals[n - 1];
	double range = s ? (double)(s->max - s->min) : 0;
	st->disagreement = n >= 2 && range > 0 && st->max - st->min >= range / 2 - SCORE_TIE_EPS;
}

static void count_answer(struct score_stat *st, const struct score_answer *a)
{
	if (a->not_applicable) {
		st->n_na++;
		return;
	}
	st->n_answers++;
	if (a->unknown) {
		st->n_unknown++;
		return;
	}
	if (a->has_evidence)
		st->n_evidence++;
	if (a->confidence == SCORE_CONFIDENCE_LOW)
		st->n_low_confidence++;
}

/* Per-rater sums: [rater * n + item]. */
struct acc {
	double *sum;
	size_t *cnt;
};

static void acc_init(struct acc *a, size_t n)
{
	a->sum = xcalloc(n, sizeof *a->sum);
	a->cnt = xcalloc(n, sizeof *a->cnt);
}

static void acc_free(struct acc *a)
{
	free(a->sum);
	free(a->cnt);
}

/* Values of item k over raters (only raters with a value; filter by role). */
static size_t gather(const struct acc *a, size_t n_raters, size_t n_items, size_t k, const size_t *role_of,
		     size_t role, double *vals)
{
	size_t n = 0;
	for (size_t r = 0; r < n_raters; r++) {
		if (role_of && role_of[r] != role)
			continue;
		size_t c = a->cnt[r * n_items + k];
		if (c)
			vals[n++] = a->sum[r * n_items + k] / (double)c;
	}
	return n;
}

static void err_set(struct buf *err, size_t i, const char *msg, const char *arg)
{
	if (!err)
		return;
	buf_reset(err);
	buf_printf(err, "answer %zu: %s", i, msg);
	if (arg)
		buf_printf(err, " \"%s\"", arg);
}

static int check_answers(const struct method *m, size_t n_raters, const struct score_answer *ans,
			 size_t n_ans, struct buf *err)
{
	unsigned char *seen = xcalloc(n_raters * (m->n_questions ? m->n_questions : 1), 1);
	int rc = 0;
	for (size_t i = 0; i < n_ans && !rc; i++) {
		const struct score_answer *a = &ans[i];
		const struct method_question *q = method_question_find(m, a->question);
		if (a->rater >= n_raters) {
			err_set(err, i, "refers to a rater that does not exist", NULL);
			rc = -ERR_INVALID;
		} else if (!q) {
			err_set(err, i, "unknown question", a->question ? a->question : "(none)");
			rc = -ERR_INVALID;
		} else if (seen[a->rater * m->n_questions + (size_t)(q - m->questions)]++) {
			err_set(err, i, "second answer of one rater to question", q->id);
			rc = -ERR_INVALID;
		} else if (a->not_applicable && !q->not_applicable) {
			err_set(err, i, "\"niet van toepassing\" is not an answer to question", q->id);
			rc = -ERR_INVALID;
		} else if (a->not_applicable && a->unknown) {
			err_set(err, i, "both \"weet niet\" and \"niet van toepassing\" for question", q->id);
			rc = -ERR_INVALID;
		} else if (q->kind == METHOD_NUMBER && a->unknown) {
			err_set(err, i, "a number question has no \"weet niet\":", q->id);
			rc = -ERR_INVALID;
		} else if (q->kind == METHOD_NUMBER &&
			   ((q->has_min && a->number < q->min) || (q->has_max && a->number > q->max))) {
			err_set(err, i, "number outside the range of question", q->id);
			rc = -ERR_INVALID;
		} else if (a->unknown || a->not_applicable || q->kind == METHOD_TEXT ||
			   q->kind == METHOD_NUMBER) {
			continue;
		} else if (q->kind == METHOD_SCALE && !method_level_valid(q, a->level)) {
			err_set(err, i, "level outside the scale of question", q->id);
			rc = -ERR_INVALID;
		} else if (q->kind == METHOD_SINGLE && a->n_options != 1) {
			err_set(err, i, "needs exactly one option for question", q->id);
			rc = -ERR_INVALID;
		} else if (q->kind == METHOD_SINGLE || q->kind == METHOD_MULTI) {
			for (size_t k = 0; k < a->n_options && !rc; k++) {
				if (!method_option_find(q, a->options[k])) {
					err_set(err, i, "unknown option",
						a->options[k] ? a->options[k] : "(none)");
					rc = -ERR_INVALID;
				}
				for (size_t j = 0; j < k && !rc; j++)
					if (!strcmp(a->options[j], a->options[k])) {
						err_set(err, i, "option chosen twice", a->options[k]);
						rc = -ERR_INVALID;
					}
			}
		}
	}
	free(seen);
	return rc;
}

static void score_pitfalls(struct score *s, const struct score_answer *ans, size_t n_ans)
{
	const struct method *m = s->method;
	for (size_t i = 0; i < n_ans; i++) {
		const struct method_question *q = method_question_find(m, ans[i].question);
		if (!q->pitfall)
			continue;
		struct score_pitfall *p = &s->pitfalls[method_pitfall_index(m, q->pitfall)];
		if (ans[i].not_applicable) {
			p->n_na++;
			continue;
		}
		if (ans[i].unknown) {
			p->n_unknown++;
			continue;
		}
		switch (method_option_find(q, ans[i].options[0])->pitfall_state) {
		case METHOD_PITFALL_PRESENT: p->n_present++; break;
		case METHOD_PITFALL_MITIGATED: p->n_mitigated++; break;
		case METHOD_PITFALL_ABSENT: p->n_absent++; break;
		default: BUG("pitfall option without state survived validation");
		}
	}
	for (size_t i = 0; i < s->n_pitfalls; i++) {
		struct score_pitfall *p = &s->pitfalls[i];
		p->pitfall = &m->pitfalls[i];
		if (!p->n_present && !p->n_mitigated && !p->n_absent)
			p->state = SCORE_PITFALL_UNKNOWN;
		else if (p->n_present >= p->n_mitigated && p->n_present >= p->n_absent)
			p->state = SCORE_PITFALL_PRESENT;
		else if (p->n_mitigated >= p->n_absent)
			p->state = SCORE_PITFALL_MITIGATED;
		else
			p->state = SCORE_PITFALL_ABSENT;
		s->n_pitfalls_present += p->state == SCORE_PITFALL_PRESENT;
		s->n_pitfalls_mitigated += p->state == SCORE_PITFALL_MITIGATED;
	}
}

static void score_choices(struct score *s, const struct score_answer *ans, size_t n_ans)
{
	const struct method *m = s->method;
	for (size_t i = 0; i < m->n_questions; i++) {
		const struct method_question *q = &m->questions[i];
		if ((q->kind == METHOD_SINGLE || q->kind == METHOD_MULTI) && !q->pitfall)
			s->n_choices++;
	}
	s->choices = xcalloc(s->n_choices, sizeof *s->choices);
	size_t c = 0;
	for (size_t i = 0; i < m->n_questions; i++) {
		const struct method_question *q = &m->questions[i];
		if ((q->kind != METHOD_SINGLE && q->kind != METHOD_MULTI) || q->pitfall)
			continue;
		struct score_choice *ch = &s->choices[c++];
		ch->question = q;
		ch->counts = xcalloc(q->n_options, sizeof *ch->counts);
		for (size_t k = 0; k < n_ans; k++) {
			if (method_question_find(m, ans[k].question) != q)
				continue;
			if (ans[k].not_applicable) {
				ch->n_na++;
				continue;
			}
			if (ans[k].unknown) {
				ch->n_unknown++;
				continue;
			}
			if (ans[k].n_options)
				ch->n_raters++;
			for (size_t o = 0; o < ans[k].n_options; o++)
				ch->counts[method_option_find(q, ans[k].options[o]) - q->options]++;
		}
	}
}

/* Routes chosen by plurality on the route questions (counts from the
 * choices), and the pitfalls they trigger. */
static void score_routes(struct score *s)
{
	const struct method *m = s->method;
	s->n_routes = m->n_routes;
	s->routes = xcalloc(m->n_routes + 1, sizeof *s->routes);
	for (size_t i = 0; i < m->n_routes; i++)
		s->routes[i].route = &m->routes[i];
	for (size_t c = 0; c < s->n_choices; c++) {
		const struct score_choice *ch = &s->choices[c];
		const struct method_question *q = ch->question;
		if (!q->options_are_routes)
			continue;
		size_t top = 0;
		for (size_t o = 0; o < q->n_options; o++)
			top = ch->counts[o] > top ? ch->counts[o] : top;
		for (size_t o = 0; o < q->n_options; o++) {
			const struct method_route *r = method_route_find(m, q->options[o].id);
			struct score_route *sr = &s->routes[(size_t)(r - m->routes)];
			sr->n_chosen += ch->counts[o];
			sr->chosen |= top > 0 && ch->counts[o] == top;
		}
	}
	for (size_t i = 0; i < m->n_routes; i++) {
		if (!s->routes[i].chosen)
			continue;
		for (size_t k = 0; k < m->routes[i].n_pitfalls; k++) {
			struct score_pitfall *p =
			    &s->pitfalls[method_pitfall_index(m, m->routes[i].pitfalls[k])];
			if (!p->triggered_by) {
				p->triggered_by = &m->routes[i];
				s->n_pitfalls_triggered++;
			}
		}
	}
}

/* Median and quartiles of each number question's answers. */
static void score_numbers(struct score *s, const struct score_answer *ans, size_t n_ans)
{
	const struct method *m = s->method;
	for (size_t i = 0; i < m->n_questions; i++)
		s->n_numbers += m->questions[i].kind == METHOD_NUMBER;
	s->numbers = xcalloc(s->n_numbers + 1, sizeof *s->numbers);
	double *vals = xcalloc(n_ans + 1, sizeof *vals);
	size_t c = 0;
	for (size_t i = 0; i < m->n_questions; i++) {
		const struct method_question *q = &m->questions[i];
		if (q->kind != METHOD_NUMBER)
			continue;
		struct score_number *sn = &s->numbers[c++];
		sn->question = q;
		for (size_t k = 0; k < n_ans; k++)
			if (!ans[k].unknown && !ans[k].not_applicable &&
			    method_question_find(m, ans[k].question) == q)
				vals[sn->n++] = (double)ans[k].number;
		if (!sn->n)
			continue;
		qsort(vals, sn->n, sizeof *vals, cmp_double);
		sn->median = score_quantile(vals, sn->n, 0.5);
		sn->q1 = score_quantile(vals, sn->n, 0.25);
		sn->q3 = score_quantile(vals, sn->n, 0.75);
		sn->min = vals[0];
		sn->max = vals[sn->n - 1];
	}
	free(vals);
}

/* Marks the lowest of n values (valid[i] only) and returns their indices. */
static size_t pick_lowest(const double *v, const bool *valid, size_t n, size_t **out)
{
	double lo = INFINITY;
	for (size_t i = 0; i < n; i++)
		if (valid[i] && v[i] < lo)
			lo = v[i];
	size_t k = 0;
	*out = xcalloc(n, sizeof **out);
	for (size_t i = 0; i < n; i++)
		if (valid[i] && v[i] <= lo + SCORE_TIE_EPS)
			(*out)[k++] = i;
	return k;
}

const char *score_tie_break_name(enum score_tie_break t)
{
	static const char *const names[] = {"", "mediaan", "kwartiel", "bewijs", "weetniet", "gelijk"};
	return t <= SCORE_TIE_UNBROKEN ? names[t] : "";
}

/* The tie-break keys of ingredient k, lower is weaker. */
static double tie_key(const struct score *s, const double *rel, size_t k, int crit)
{
	const struct score_ingredient *si = &s->ingredients[k];
	const struct method_scale *sc = si->ingredient->scale;
	switch (crit) {
	case 0: return rel[k];
	case 1: return (si->stat.q1 - sc->min) / (double)(sc->max - sc->min);
	case 2: return si->stat.evidence_coverage;
	default: return -si->stat.unknown_share;
	}
}

/* The weakest ingredient(s) by the documented tie-break (score.h). */
static void pick_weakest(struct score *s, const double *rel, const bool *valid)
{
	size_t ni = s->n_ingredients, n_scored = 0;
	bool *cand = xcalloc(ni + 1, sizeof *cand);
	for (size_t k = 0; k < ni; k++)
		n_scored += cand[k] = valid[k];
	s->weakest = xcalloc(ni + 1, sizeof *s->weakest);
	s->weakest_by = SCORE_TIE_NONE;
	size_t left = n_scored;
	for (int crit = 0; crit < 4 && left > 1; crit++) {
		double lo = INFINITY;
		for (size_t k = 0; k < ni; k++)
			if (cand[k] && tie_key(s, rel, k, crit) < lo)
				lo = tie_key(s, rel, k, crit);
		size_t kept = 0;
		for (size_t k = 0; k < ni; k++) {
			if (cand[k] && tie_key(s, rel, k, crit) > lo + SCORE_TIE_EPS)
				cand[k] = false;
			kept += cand[k];
		}
		if (kept < left)
			s->weakest_by = (enum score_tie_break)(SCORE_TIE_MEDIAN + crit);
		left = kept;
	}
	if (n_scored > 1 && left == n_scored) {
		s->all_tied = true;
		s->weakest_by = SCORE_TIE_NONE;
		free(cand);
		return;
	}
	if (left > 1)
		s->weakest_by = SCORE_TIE_UNBROKEN;
	for (size_t k = 0; k < ni; k++)
		if (cand[k]) {
			s->weakest[s->n_weakest++] = k;
			s->ingredients[k].weakest = true;
		}
	free(cand);
}

static bool rule_fires(const struct score *s, const struct method_rule *r)
{
	const struct method *m = s->method;
	switch (r->kind) {
	case METHOD_RULE_INGREDIENT_BELOW: {
		const struct score_stat *st = &s->ingredients[method_ingredient_index(m, r->ingredient)].stat;
		return st->scored && st->median < r->threshold;
	}
	case METHOD_RULE_INGREDIENT_UNKNOWN: {
		const struct score_stat *st = &s->ingredients[method_ingredient_index(m, r->ingredient)].stat;
		return st->n_answers && st->unknown_share >= r->threshold - SCORE_TIE_EPS;
	}
	case METHOD_RULE_COMPONENT_BELOW: {
		const struct score_component *c = &s->components[method_component_index(m, r->component)];
		return c->scored && c->level < r->threshold;
	}
	case METHOD_RULE_PITFALL_PRESENT:
		return s->pitfalls[method_pitfall_index(m, r->pitfall)].state == SCORE_PITFALL_PRESENT;
	case METHOD_RULE_ROUTE_CHOSEN: return s->routes[(size_t)(r->route - m->routes)].chosen;
	}
	return false;
}

static bool rule_on_weakest(const struct score *s, const struct method_rule *r)
{
	const struct method *m = s->method;
	if (r->ingredient)
		return s->ingredients[method_ingredient_index(m, r->ingredient)].weakest;
	if (r->component)
		return s->components[method_component_index(m, r->component)].bottleneck;
	return false;
}

static void score_rules(struct score *s)
{
	const struct method *m = s->method;
	s->suggestions = xcalloc(m->n_rules, sizeof *s->suggestions);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < m->n_rules; i++) {
			const struct method_rule *r = &m->rules[i];
			if (rule_fires(s, r) && rule_on_weakest(s, r) == (pass == 0))
				s->suggestions[s->n_suggestions++] = r;
		}
}

int score_round(const struct method *m, const struct score_rater *raters, size_t n_raters,
		const struct score_answer *answers, size_t n_answers, struct score *out, struct buf *err)
{
	memset(out, 0, sizeof *out);
	int rc = check_answers(m, n_raters, answers, n_answers, err);
	if (rc)
		return rc;
	struct score *s = out;
	s->method = m;
	s->n_raters = n_raters;
	s->n_ingredients = m->n_ingredients;
	s->ingredients = xcalloc(m->n_ingredients, sizeof *s->ingredients);
	s->n_components = m->n_components;
	s->components = xcalloc(m->n_components, sizeof *s->components);
	s->n_pitfalls = m->n_pitfalls;
	s->pitfalls = xcalloc(m->n_pitfalls, sizeof *s->pitfalls);

	size_t ni = m->n_ingredients, nc = m->n_components;
	struct acc ing, comp; /* comp items: component * 2 + (dimension - 1) */
	acc_init(&ing, n_raters * ni);
	acc_init(&comp, n_raters * nc * 2);
	for (size_t i = 0; i < n_answers; i++) {
		const struct score_answer *a = &answers[i];
		const struct method_question *q = method_question_find(m, a->question);
		if (q->kind != METHOD_SCALE)
			continue;
		struct score_stat *st;
		double *sum;
		size_t *cnt;
		if (q->ingredient) {
			size_t k = method_ingredient_index(m, q->ingredient);
			st = &s->ingredients[k].stat;
			sum = &ing.sum[a->rater * ni + k];
			cnt = &ing.cnt[a->rater * ni + k];
		} else {
			size_t k = method_component_index(m, q->component);
			struct score_component *c = &s->components[k];
			size_t item = k * 2 + (q->dimension == METHOD_DIM_USE);
			st = q->dimension == METHOD_DIM_USE ? &c->use : &c->readiness;
			sum = &comp.sum[a->rater * nc * 2 + item];
			cnt = &comp.cnt[a->rater * nc * 2 + item];
		}
		count_answer(st, a);
		if (!a->unknown && !a->not_applicable) {
			*sum += a->level;
			(*cnt)++;
		}
	}

	double *vals = xcalloc(n_raters ? n_raters : 1, sizeof *vals);
	double *rel = xcalloc(ni ? ni : 1, sizeof *rel);
	bool *valid = xcalloc((ni > nc ? ni : nc) + 1, sizeof *valid);
	for (size_t k = 0; k < ni; k++) {
		struct score_ingredient *si = &s->ingredients[k];
		const struct method_scale *sc = m->ingredients[k].scale;
		si->ingredient = &m->ingredients[k];
		size_t n = gather(&ing, n_raters, ni, k, NULL, 0, vals);
		stat_finish(&si->stat, vals, n, sc);
		if (si->stat.scored)
			si->relative = (si->stat.median - sc->min) / (double)(sc->max - sc->min);
		rel[k] = si->relative;
		valid[k] = si->stat.scored;
	}
	pick_weakest(s, rel, valid);

	double *lvl = xcalloc(nc ? nc : 1, sizeof *lvl);
	for (size_t k = 0; k < nc; k++) {
		struct score_component *c = &s->components[k];
		c->component = &m->components[k];
		size_t n = gather(&comp, n_raters, nc * 2, k * 2, NULL, 0, vals);
		stat_finish(&c->readiness, vals, n, c->component->readiness_scale);
		n = gather(&comp, n_raters, nc * 2, k * 2 + 1, NULL, 0, vals);
		stat_finish(&c->use, vals, n, c->component->use_scale);
		c->scored = c->readiness.scored && c->use.scored;
		if (c->scored)
			c->level = fmin(c->readiness.median, c->use.median);
		lvl[k] = c->level;
		valid[k] = c->scored;
	}
	s->n_bottleneck = pick_lowest(lvl, valid, nc, &s->bottleneck);
	for (size_t k = 0; k < s->n_bottleneck; k++)
		s->components[s->bottleneck[k]].bottleneck = true;
	if (s->n_bottleneck)
		s->package_level = s->components[s->bottleneck[0]].level;

	for (size_t k = 0; k < ni; k++) {
		const struct score_stat *st = &s->ingredients[k].stat;
		s->ingredients[k].not_applicable = st->n_na && !st->n_answers;
	}
	for (size_t k = 0; k < nc; k++) {
		struct score_component *c = &s->components[k];
		c->not_applicable =
		    (c->readiness.n_na || c->use.n_na) && !c->readiness.n_answers && !c->use.n_answers;
	}

	score_pitfalls(s, answers, n_answers);
	score_choices(s, answers, n_answers);
	score_routes(s);
	score_numbers(s, answers, n_answers);
	score_rules(s);

	/* heat map */
	size_t *role_of = xcalloc(n_raters ? n_raters : 1, sizeof *role_of);
	s->roles = xcalloc(n_raters ? n_raters : 1, sizeof *s->roles);
	for (size_t r = 0; r < n_raters; r++) {
		const char *role = raters[r].role ? raters[r].role : "";
		size_t k = 0;
		while (k < s->n_roles && strcmp(s->roles[k], role))
			k++;
		if (k == s->n_roles)
			s->roles[s->n_roles++] = role;
		role_of[r] = k;
	}
	s->role_median = xcalloc(s->n_roles * ni + 1, sizeof *s->role_median);
	s->role_n = xcalloc(s->n_roles * ni + 1, sizeof *s->role_n);
	for (size_t r = 0; r < s->n_roles; r++)
		for (size_t k = 0; k < ni; k++) {
			size_t n = gather(&ing, n_raters, ni, k, role_of, r, vals);
			s->role_n[r * ni + k] = n;
			if (n) {
				qsort(vals, n, sizeof *vals, cmp_double);
				s->role_median[r * ni + k] = score_quantile(vals, n, 0.5);
			}
		}

	free(role_of);
	free(lvl);
	free(valid);
	free(rel);
	free(vals);
	acc_free(&ing);
	acc_free(&comp);
	return 0;
}

void score_free(struct score *s)
{
	free(s->ingredients);
	free(s->components);
	free(s->pitfalls);
	for (size_t i = 0; i < s->n_choices; i++)
		free(s->choices[i].counts);
	free(s->choices);
	free(s->routes);
	free(s->numbers);
	free(s->weakest);
	free(s->bottleneck);
	free(s->suggestions);
	free(s->roles);
	free(s->role_median);
	free(s->role_n);
	memset(s, 0, sizeof *s);
}

static void delta_add(struct score_delta *d, size_t *n, const char *id, bool component, int side, bool scored,
		      double value)
{
	size_t k = 0;
	while (k < *n && (d[k].component != component || strcmp(d[k].id, id)))
		k++;
	if (k == *n) {
		memset(&d[k], 0, sizeof d[k]);
		d[k].id = id;
		d[k].component = component;
		(*n)++;
	}
	if (side) {
		d[k].has_after = scored;
		d[k].after = scored ? value : 0;
	} else {
		d[k].has_before = scored;
		d[k].before = scored ? value : 0;
	}
}

int score_compare(const struct score *before, const struct score *after, struct score_delta **out,
		  size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	if (strcmp(before->method->id, after->method->id))
		return -ERR_INVALID;
	size_t cap =
	    before->n_ingredients + after->n_ingredients + before->n_components + after->n_components;
	struct score_delta *d = xcalloc(cap ? cap : 1, sizeof *d);
	size_t n = 0;
	const struct score *side[2] = {after, before};
	for (int pass = 0; pass < 2; pass++) {
		const struct score *s = side[pass];
		int which = pass == 0 ? 1 : 0;
		for (size_t i = 0; i < s->n_ingredients; i++)
			delta_add(d, &n, s->ingredients[i].ingredient->id, false, which,
				  s->ingredients[i].stat.scored, s->ingredients[i].stat.median);
	}
	for (int pass = 0; pass < 2; pass++) {
		const struct score *s = side[pass];
		int which = pass == 0 ? 1 : 0;
		for (size_t i = 0; i < s->n_components; i++)
			delta_add(d, &n, s->components[i].component->id, true, which, s->components[i].scored,
				  s->components[i].level);
	}
	for (size_t i = 0; i < n; i++)
		d[i].delta = d[i].has_before && d[i].has_after ? d[i].after - d[i].before : 0;
	*out = d;
	*n_out = n;
	return 0;
}

const char *score_pitfall_state_name(enum score_pitfall_state s)
{
	switch (s) {
	case SCORE_PITFALL_ABSENT: return "absent";
	case SCORE_PITFALL_PRESENT: return "present";
	case SCORE_PITFALL_MITIGATED: return "mitigated";
	default: return "unknown";
	}
}
