/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_evidence: the assessment module's evidence about one
 * initiative (struct module.evidence): the latest closed round's
 * ingredients (median, relative to the scale, IQR), the weakest of them,
 * the largest disagreements (by IQR), pitfalls present and not mitigated,
 * the medians of its number questions that carry a measure ("measures":
 * unit costs, units, the scale target; the business case shows them), and
 * the initiative's open and overdue actions. Reads only.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/assessment.h"
#include "api/evidence.h"
#include "lib/util.h"
#include "store/action_store.h"
#include "store/assessment_store.h"

#define EVIDENCE_LIST_MAX 5

static double rounded(double x)
{
	return round(x * 1000) / 1000;
}

/* The latest closed round, or 0. */
static int64_t latest_closed(int64_t initiative_id)
{
	struct assessment_round_list l;
	assessment_store_round_list(initiative_id, &l);
	int64_t id = 0;
	for (size_t i = 0; i < l.n && !id; i++)
		if (l.items[i].status == ASSESSMENT_ROUND_CLOSED)
			id = l.items[i].id;
	assessment_round_list_free(&l);
	return id;
}

static int by_iqr_desc(const void *a, const void *b)
{
	double x = json_number_value(json_object_get(*(json_t *const *)a, "iqr"));
	double y = json_number_value(json_object_get(*(json_t *const *)b, "iqr"));
	return x < y ? 1 : x > y ? -1 : 0;
}

static void round_part(int64_t rid, json_t *o)
{
	struct assessment_round r;
	const struct method *m;
	if (!rid || assessment_store_round_get(rid, &r) < 0)
		return;
	m = assessment_method(&r);
	if (!m) {
		assessment_round_free(&r);
		return;
	}
	struct assessment_data d;
	struct score s;
	assessment_data_load(rid, &d);
	assessment_score(m, &d, &s);
	json_object_set_new(o, "round",
			    json_pack("{s:I,s:s,s:s,s:s?,s:I}", "id", (json_int_t)r.id, "title", r.title,
				      "methodId", r.method_id, "closedAt", r.closed_at, "raters",
				      (json_int_t)s.n_raters));
	json_t *ings = json_object_get(o, "ingredients"), *weak = json_object_get(o, "weakest");
	json_t **dis = xcalloc(s.n_ingredients + 1, sizeof *dis);
	size_t nd = 0;
	for (size_t i = 0; i < s.n_ingredients; i++) {
		const struct score_ingredient *g = &s.ingredients[i];
		if (!g->stat.scored)
			continue;
		json_t *j = json_pack("{s:s,s:s,s:f,s:f,s:f,s:b}", "id", g->ingredient->id, "title",
				      assessment_text(&g->ingredient->title, "nl"), "median",
				      rounded(g->stat.median), "relative", rounded(g->relative), "iqr",
				      rounded(g->stat.iqr), "disagreement", g->stat.disagreement);
		json_array_append(ings, j);
		if (g->weakest)
			json_array_append(weak, j);
		if (g->stat.iqr > 0 || g->stat.disagreement)
			dis[nd++] = json_incref(j);
		json_decref(j);
	}
	qsort(dis, nd, sizeof *dis, by_iqr_desc);
	json_t *da = json_object_get(o, "disagreements");
	for (size_t i = 0; i < nd; i++) {
		if (i < EVIDENCE_LIST_MAX)
			json_array_append(da, dis[i]);
		json_decref(dis[i]);
	}
	free(dis);
	/* the figures other modules use (the business case's unit costs) */
	json_t *meas = json_object_get(o, "measures");
	for (size_t i = 0; i < s.n_numbers; i++) {
		const struct score_number *sn = &s.numbers[i];
		if (!sn->question->measure || !sn->n)
			continue;
		json_object_set_new(meas, method_measure_name(sn->question->measure),
				    json_pack("{s:f,s:f,s:f,s:I,s:s,s:s}", "median", rounded(sn->median),
					      "q1", rounded(sn->q1), "q3", rounded(sn->q3), "answers",
					      (json_int_t)sn->n, "unit", method_unit_name(sn->question->unit),
					      "question", assessment_text(&sn->question->prompt, "nl")));
	}
	json_t *pits = json_object_get(o, "uncoveredPitfalls");
	for (size_t i = 0; i < s.n_pitfalls; i++)
		if (s.pitfalls[i].state == SCORE_PITFALL_PRESENT)
			json_array_append_new(
			    pits, json_pack("{s:s,s:s}", "id", s.pitfalls[i].pitfall->id, "title",
					    assessment_text(&s.pitfalls[i].pitfall->title, "nl")));
	score_free(&s);
	assessment_data_free(&d);
	assessment_round_free(&r);
}

int assessment_evidence(int64_t initiative_id, json_t *into)
{
	json_t *o = json_pack("{s:n,s:[],s:[],s:[],s:[],s:{}}", "round", "ingredients", "weakest",
			      "disagreements", "uncoveredPitfalls", "measures");
	round_part(latest_closed(initiative_id), o);
	char today[11];
	assessment_today(today);
	struct action_list l;
	int64_t n_open, n_overdue;
	action_store_open_counts(initiative_id, today, EVIDENCE_LIST_MAX, &n_open, &n_overdue, &l);
	json_int_t open = n_open, overdue = n_overdue;
	json_t *items = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(items,
				      json_pack("{s:I,s:s,s:s}", "id", (json_int_t)l.items[i].id, "title",
						l.items[i].title, "dueDate", l.items[i].due_date));
	action_list_free(&l);
	json_object_set_new(o, "actionsOpen", json_integer(open));
	json_object_set_new(o, "actionsOverdue", json_integer(overdue));
	json_object_set_new(o, "overdueActions", items);
	if (!json_object_get(o, "round") || json_is_null(json_object_get(o, "round"))) {
		if (!open) { /* nothing to say */
			json_decref(o);
			return 0;
		}
	}
	json_object_set_new(into, "assessment", o);
	return 0;
}
