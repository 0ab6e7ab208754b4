/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan: word tables, gate readiness, criteria judged against an evidence
 * snapshot, cycles and the critical path of a step plan, pace of key
 * results. Pure; docs/plan.md documents every formula.
 */
#include "domain/plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/stakeholder.h"
#include "lib/util.h"

const char *const plan_criterion_kinds[] = {"knock-out", "score", NULL};
const char *const plan_evidences[] = {"geen",
				      "ingredient",
				      "acties-op-tijd",
				      "stappen-op-tijd",
				      "businesscase-npv",
				      "geen-machtige-tegenstander",
				      "okr-tempo",
				      "metriek",
				      NULL};
const char *const plan_comparisons[] = {">=", "<=", NULL};
const char *const plan_decisions[] = {"door", "bijsturen", "juist-schalen", "pauzeren", "stoppen", NULL};
const char *const plan_routes[] = {"out", "up", "deep", "in", NULL};
const char *const plan_step_statuses[] = {"open", "bezig", "klaar", "geblokkeerd", NULL};
const char *const plan_review_statuses[] = {"open", "besloten", NULL};
const char *const plan_default_phases[] = {"verkennen", "pilot", "opschalen", "borgen", NULL};

int plan_word(const char *const *list, const char *s)
{
	if (!s)
		return 0;
	for (int i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return i + 1;
	return 0;
}

const char *plan_word_name(const char *const *list, int v)
{
	for (int i = 0; list[i]; i++)
		if (i + 1 == v)
			return list[i];
	return "";
}

void plan_readiness(const struct plan_judgement *j, size_t n, struct plan_readiness *out)
{
	memset(out, 0, sizeof *out);
	double num = 0, den = 0;
	for (size_t i = 0; i < n; i++) {
		if (j[i].kind == PLAN_CRITERION_KNOCKOUT) {
			out->knockouts++;
			if (j[i].met == 0)
				out->failed++;
			else if (j[i].met < 0)
				out->unknown++;
		} else if (j[i].kind == PLAN_CRITERION_SCORE) {
			if (!j[i].has_score) {
				out->unscored++;
				continue;
			}
			out->scored++;
			num += (double)j[i].weight * j[i].score;
			den += (double)j[i].weight * PLAN_SCORE_MAX;
		}
	}
	out->has_percent = den > 0;
	out->percent = den > 0 ? num / den * 100.0 : 0;
	out->ready = !out->failed && !out->unknown && !out->unscored &&
		     (!out->has_percent || out->percent >= PLAN_READY_PERCENT - 1e-9);
}

static const json_t *member(const json_t *o, const char *a, const char *b)
{
	const json_t *x = json_object_get(o, a);
	return b ? json_object_get(x, b) : x;
}

int plan_evaluate(enum plan_evidence evidence, const char *param, double threshold, const json_t *snap,
		  double *relative)
{
	*relative = -1;
	switch (evidence) {
	case PLAN_EVIDENCE_INGREDIENT: {
		const json_t *list = member(snap, "assessment", "ingredients");
		const json_t *pick = NULL, *it;
		size_t i;
		json_array_foreach (list, i, it) {
			const json_t *rel = json_object_get(it, "relative");
			if (!json_is_number(rel))
				continue;
			if (param && *param) {
				if (!strcmp(json_string_value(json_object_get(it, "id")) ?: "", param))
					pick = it;
			} else if (!pick || json_number_value(rel) <
						json_number_value(json_object_get(pick, "relative")) - 1e-9) {
				pick = it;
			}
		}
		if (!pick)
			return -1;
		*relative = json_number_value(json_object_get(pick, "relative"));
		double median = json_number_value(json_object_get(pick, "median"));
		return median >= (isnan(threshold) ? 2.0 : threshold) - 1e-9;
	}
	case PLAN_EVIDENCE_ACTIONS: {
		const json_t *o = member(snap, "assessment", "actionsOverdue");
		return json_is_integer(o) ? json_integer_value(o) == 0 : -1;
	}
	case PLAN_EVIDENCE_STEPS: {
		const json_t *o = member(snap, "plan", "stepsOverdue");
		return json_is_integer(o) ? json_integer_value(o) == 0 : -1;
	}
	case PLAN_EVIDENCE_NPV: {
		const json_t *o = member(snap, "businesscase", "totalNpvCents");
		if (!json_is_number(o))
			return -1;
		return json_number_value(o) >= (isnan(threshold) ? 0.0 : threshold);
	}
	case PLAN_EVIDENCE_STAKEHOLDERS: {
		const json_t *list = member(snap, "stakeholder", "stakeholders"), *it;
		size_t i;
		if (!json_array_size(list))
			return -1;
		json_array_foreach (list, i, it) {
			const char *sup = json_string_value(json_object_get(it, "support"));
			if (json_integer_value(json_object_get(it, "power")) >= PLAN_HIGH_POWER &&
			    stakeholder_word(stakeholder_supports, sup) == STAKEHOLDER_SUPPORT_TEGEN)
				return 0;
		}
		return 1;
	}
	case PLAN_EVIDENCE_OKR: {
		const json_t *list = member(snap, "okr", "keyResults"), *it;
		size_t i, counted = 0;
		double limit = isnan(threshold) ? 25.0 : threshold;
		json_array_foreach (list, i, it) {
			const json_t *b = json_object_get(it, "behindPoints");
			if (!json_is_number(b))
				continue;
			counted++;
			if (json_number_value(b) > limit + 1e-9)
				return 0;
		}
		return counted ? 1 : -1;
	}
	case PLAN_EVIDENCE_METRIC: {
		double v;
		return plan_metric_verdict(snap, param, ">=", threshold, &v);
	}
	case PLAN_EVIDENCE_NONE:
	case PLAN_EVIDENCE_GEEN:
	default: return -1;
	}
}

char *plan_metric_key(const char *metric, const json_t *params)
{
	json_t *p = json_is_object(params) ? json_incref((json_t *)params) : json_object();
	char *js = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(p);
	size_t n = strlen(metric ? metric : "") + strlen(js) + 2;
	char *key = xmalloc(n);
	snprintf(key, n, "%s %s", metric ? metric : "", js);
	free(js);
	return key;
}

const json_t *plan_metric_find(const json_t *snap, const char *key)
{
	const json_t *it;
	size_t i;
	json_array_foreach (member(snap, "plan", "metrics"), i, it)
		if (key && !strcmp(json_string_value(json_object_get(it, "key")) ?: "", key))
			return it;
	return NULL;
}

int plan_metric_verdict(const json_t *snap, const char *key, const char *comparison, double threshold,
			double *value)
{
	const json_t *v = json_object_get(plan_metric_find(snap, key), "value");
	*value = json_is_number(v) ? json_number_value(v) : NAN;
	if (isnan(*value) || isnan(threshold))
		return -1;
	if (plan_word(plan_comparisons, comparison) == PLAN_AT_MOST)
		return *value <= threshold + 1e-9;
	return *value >= threshold - 1e-9;
}

int plan_suggested_score(int verdict, double relative)
{
	if (relative >= 0)
		return (int)lround(fmin(1, relative) * PLAN_SCORE_MAX);
	return verdict < 0 ? -1 : verdict ? PLAN_SCORE_MAX : 0;
}

/* Depth-first search for a cycle; colour 0 white, 1 on the stack, 2 done. */
struct walk {
	size_t n, ne;
	const struct plan_edge *e;
	unsigned char *colour;
	size_t *stack, depth;
	size_t *path, max, len;
};

static int visit(struct walk *w, size_t v)
{
	w->colour[v] = 1;
	w->stack[w->depth++] = v;
	for (size_t k = 0; k < w->ne; k++) {
		if (w->e[k].from != v)
			continue;
		size_t t = w->e[k].to;
		if (w->colour[t] == 1) {
			/* the cycle is the stack from t to v, then t again */
			size_t at = 0;
			while (w->stack[at] != t)
				at++;
			for (size_t s = at; s < w->depth; s++)
				if (w->len < w->max)
					w->path[w->len++] = w->stack[s];
			if (w->len < w->max)
				w->path[w->len++] = t;
			return 1;
		}
		if (w->colour[t] == 0 && visit(w, t))
			return 1;
	}
	w->colour[v] = 2;
	w->depth--;
	return 0;
}

size_t plan_cycle(size_t n, const struct plan_edge *e, size_t ne, size_t *path, size_t max)
{
	struct walk w = {n, ne, e, xcalloc(n + 1, 1), xcalloc(n + 1, sizeof(size_t)), 0, path, max, 0};
	size_t found = 0;
	for (size_t v = 0; v < n && !found; v++)
		if (w.colour[v] == 0 && visit(&w, v))
			found = w.len > 1 ? w.len - 1 : 1;
	free(w.colour);
	free(w.stack);
	return found;
}

int64_t plan_critical_path(size_t n, const int64_t *effort, const struct plan_edge *e, size_t ne,
			   size_t *path, size_t *len)
{
	*len = 0;
	if (!n)
		return 0;
	/* best[v]: the largest effort of a chain ending at v; prev[v] its
	 * predecessor. Relaxed in topological order (Kahn, lowest index first). */
	int64_t *best = xcalloc(n, sizeof *best);
	size_t *prev = xcalloc(n, sizeof *prev), *indeg = xcalloc(n, sizeof *indeg);
	size_t *order = xcalloc(n, sizeof *order), no = 0;
	unsigned char *done = xcalloc(n, 1);
	for (size_t k = 0; k < ne; k++)
		indeg[e[k].to]++;
	for (size_t v = 0; v < n; v++) {
		best[v] = effort[v];
		prev[v] = SIZE_MAX;
	}
	while (no < n) {
		size_t v = SIZE_MAX;
		for (size_t u = 0; u < n; u++)
			if (!done[u] && indeg[u] == 0) {
				v = u;
				break;
			}
		BUG_ON(v == SIZE_MAX); /* a cycle: the caller checks plan_cycle first */
		done[v] = 1;
		order[no++] = v;
		for (size_t k = 0; k < ne; k++) {
			if (e[k].from != v)
				continue;
			size_t t = e[k].to;
			indeg[t]--;
			if (best[v] + effort[t] > best[t] ||
			    (best[v] + effort[t] == best[t] && prev[t] != SIZE_MAX && v < prev[t])) {
				best[t] = best[v] + effort[t];
				prev[t] = v;
			}
		}
	}
	/* the end of the longest chain; ties: the chain whose first step has the lowest index */
	size_t end = 0;
	size_t *first = xcalloc(n, sizeof *first);
	for (size_t i = 0; i < n; i++) {
		size_t v = order[i];
		first[v] = prev[v] == SIZE_MAX ? v : first[prev[v]];
	}
	for (size_t v = 1; v < n; v++)
		if (best[v] > best[end] || (best[v] == best[end] && first[v] < first[end]))
			end = v;
	int64_t total = best[end];
	size_t m = 0;
	for (size_t v = end; v != SIZE_MAX; v = prev[v])
		path[m++] = v;
	for (size_t i = 0; i < m / 2; i++) {
		size_t t = path[i];
		path[i] = path[m - 1 - i];
		path[m - 1 - i] = t;
	}
	*len = m;
	free(best);
	free(prev);
	free(indeg);
	free(order);
	free(done);
	free(first);
	return total;
}

double plan_behind_points(double progress, double expected)
{
	return round((expected - progress) * 1000.0) / 10.0;
}
