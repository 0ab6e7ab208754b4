/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_plan: libFuzzer target for what the plan rules read that can come
 * from outside: a stored evidence snapshot and judgements (JSON text, also
 * brought in by `scalelab import`) and a step graph. The input is a JSON
 * text; its "graph" member (an array of [from, to] pairs over at most 16
 * steps) and "effort" (numbers) build the graph. Must never crash, leak or
 * trip a sanitizer, and must keep its promises: verdicts are -1, 0 or 1,
 * suggested scores -1..4, readiness within 0..100, a reported cycle closes
 * on itself along real edges, and without a cycle the critical path is a
 * chain of real edges whose effort is the total and at least every step's.
 */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "domain/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define STEPS 16

static int has_edge(const struct plan_edge *e, size_t ne, size_t from, size_t to)
{
	for (size_t k = 0; k < ne; k++)
		if (e[k].from == from && e[k].to == to)
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *snap = json_loadb((const char *)data, size, 0, &err);
	if (!snap)
		return 0;
	/* every evidence binding against the snapshot */
	for (int ev = PLAN_EVIDENCE_NONE; ev <= PLAN_EVIDENCE_OKR; ev++) {
		double rel;
		const char *param = json_string_value(json_object_get(snap, "param"));
		json_t *th = json_object_get(snap, "threshold");
		int v = plan_evaluate((enum plan_evidence)ev, param,
				      json_is_number(th) ? json_number_value(th) : NAN, snap, &rel);
		if (v < -1 || v > 1)
			abort();
		int s = plan_suggested_score(v, rel);
		if (s < -1 || s > PLAN_SCORE_MAX)
			abort();
	}
	/* judgements as the review stores them */
	json_t *list = json_object_get(snap, "judgements");
	size_t n = json_array_size(list);
	struct plan_judgement *j = calloc(n + 1, sizeof *j);
	if (!j) {
		json_decref(snap);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(list, i);
		j[i].kind = (enum plan_criterion_kind)plan_word(
		    plan_criterion_kinds, json_string_value(json_object_get(x, "kind")));
		json_int_t w = json_integer_value(json_object_get(x, "weight"));
		json_int_t sc = json_integer_value(json_object_get(x, "score"));
		/* the review only stores weights 1..100 and scores 0..4 */
		j[i].weight = (int)(w < 1 ? 1 : w > PLAN_WEIGHT_MAX ? PLAN_WEIGHT_MAX : w);
		j[i].has_score = json_is_integer(json_object_get(x, "score"));
		j[i].score = (int)(sc < 0 ? 0 : sc > PLAN_SCORE_MAX ? PLAN_SCORE_MAX : sc);
		json_t *m = json_object_get(x, "met");
		j[i].met = json_is_boolean(m) ? json_is_true(m) : -1;
	}
	struct plan_readiness r;
	plan_readiness(j, n, &r);
	if (r.has_percent && (r.percent < 0 || r.percent > 100 + 1e-9))
		abort();
	if (r.ready && (r.failed || r.unknown))
		abort();
	free(j);
	/* the step graph */
	struct plan_edge e[64];
	size_t ne = 0, i;
	json_t *pair;
	json_array_foreach (json_object_get(snap, "graph"), i, pair) {
		json_int_t a = json_integer_value(json_array_get(pair, 0)),
			   b = json_integer_value(json_array_get(pair, 1));
		if (ne < 64 && a >= 0 && a < STEPS && b >= 0 && b < STEPS)
			e[ne++] = (struct plan_edge){(size_t)a, (size_t)b};
	}
	int64_t effort[STEPS];
	for (size_t k = 0; k < STEPS; k++) {
		json_int_t x = json_integer_value(json_array_get(json_object_get(snap, "effort"), k));
		effort[k] = x < 0 ? 0 : x > PLAN_EFFORT_MAX ? PLAN_EFFORT_MAX : x;
	}
	size_t path[STEPS + 1], len;
	size_t c = plan_cycle(STEPS, e, ne, path, STEPS + 1);
	if (c) {
		if (c > STEPS)
			abort();
		for (size_t k = 0; k < c; k++)
			if (!has_edge(e, ne, path[k], path[k + 1])) /* path[c] closes it */
				abort();
	} else {
		int64_t total = plan_critical_path(STEPS, effort, e, ne, path, &len), sum = 0;
		if (len < 1 || len > STEPS)
			abort();
		for (size_t k = 0; k < len; k++) {
			sum += effort[path[k]];
			if (k && !has_edge(e, ne, path[k - 1], path[k]))
				abort();
		}
		if (sum != total)
			abort();
		for (size_t k = 0; k < STEPS; k++)
			if (effort[k] > total)
				abort();
	}
	json_decref(snap);
	return 0;
}
