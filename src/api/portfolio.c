/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * portfolio: all initiatives of an organisation side by side. Per method,
 * an initiatives x ingredients heat map from each initiative's latest
 * round with submitted answers; the bottlenecks (weakest ingredients or
 * readiness x use components) counted over initiatives; and how the
 * initiatives spread over the stages. Reads only; touches no table itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/assessment.h"
#include "domain/initiative.h"
#include "lib/util.h"
#include "store/assessment_store.h"
#include "store/initiative_store.h"
#include "store/org.h"

/* Adds one to counts[id] ({id: {title, count, initiatives[]}}). */
static void bump(json_t *counts, const char *id, const char *title, json_t *initiative)
{
	json_t *e = json_object_get(counts, id);
	if (!e) {
		e = json_pack("{s:s,s:s,s:i,s:[]}", "id", id, "title", title, "count", 0, "initiatives");
		json_object_set_new(counts, id, e);
	}
	json_object_set_new(e, "count", json_integer(json_integer_value(json_object_get(e, "count")) + 1));
	json_array_append(json_object_get(e, "initiatives"), initiative);
}

static int by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int by_count(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "count"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "count"));
	return x < y ? 1 : x > y ? -1 : 0;
}

static json_t *sorted(json_t *counts)
{
	size_t n = json_object_size(counts), i = 0;
	json_t **v = xcalloc(n + 1, sizeof *v);
	const char *k;
	json_t *e;
	json_object_foreach (counts, k, e)
		v[i++] = e;
	qsort(v, n, sizeof *v, by_count);
	json_t *a = json_array();
	for (i = 0; i < n; i++)
		json_array_append(a, v[i]);
	free(v);
	return a;
}

int api_portfolio(struct api_ctx *c, json_t **out)
{
	struct organisation org;
	if (org_read(c->org_id, &org) < 0)
		return -ERR_NOTFOUND;
	struct assessment_round_list latest;
	assessment_store_latest_rounds(c->org_id, &latest);
	json_t *methods = json_array(), *counts = json_object();
	/* the initiatives with a row, to find the others without a scan per initiative */
	int64_t *assessed = xcalloc(latest.n + 1, sizeof *assessed);
	size_t n_assessed = 0;
	const char *cur = NULL;
	json_t *block = NULL;
	for (size_t i = 0; i < latest.n; i++) {
		const struct assessment_round *r = &latest.items[i];
		const struct method *m = assessment_method(r);
		if (!m)
			continue;
		if (!cur || strcmp(cur, m->id)) {
			cur = m->id;
			json_t *cols = json_array();
			size_t nc = m->n_ingredients ? m->n_ingredients : m->n_components;
			for (size_t k = 0; k < nc; k++) {
				const char *id =
				    m->n_ingredients ? m->ingredients[k].id : m->components[k].id;
				const struct method_text *t =
				    m->n_ingredients ? &m->ingredients[k].title : &m->components[k].title;
				json_array_append_new(cols, json_pack("{s:s,s:s}", "id", id, "title",
								      assessment_text(t, c->lang)));
			}
			const struct method_scale *sc =
			    m->n_ingredients ? m->ingredients[0].scale : m->components[0].readiness_scale;
			block = json_pack("{s:s,s:s,s:o,s:[],s:i,s:i}", "methodId", m->id, "title",
					  assessment_text(&m->title, c->lang), "columns", cols, "rows",
					  "scaleMin", sc->min, "scaleMax", sc->max);
			json_array_append_new(methods, block);
		}
		assessed[n_assessed++] = r->initiative_id;
		struct assessment_data d;
		struct score s;
		assessment_data_load(r->id, &d);
		assessment_score(m, &d, &s);
		json_t *cells = json_array();
		json_t *who =
		    json_pack("{s:I,s:s}", "id", (json_int_t)r->initiative_id, "name", r->initiative_name);
		if (m->n_ingredients) {
			for (size_t k = 0; k < s.n_ingredients; k++)
				json_array_append_new(cells,
						      json_pack("{s:o,s:b}", "median",
								s.ingredients[k].stat.scored
								    ? json_real(s.ingredients[k].stat.median)
								    : json_null(),
								"weakest", s.ingredients[k].weakest));
			for (size_t k = 0; k < s.n_weakest; k++) {
				const struct method_ingredient *mi = s.ingredients[s.weakest[k]].ingredient;
				bump(counts, mi->id, assessment_text(&mi->title, c->lang), who);
			}
		} else {
			for (size_t k = 0; k < s.n_components; k++)
				json_array_append_new(
				    cells, json_pack("{s:o,s:b}", "median",
						     s.components[k].scored ? json_real(s.components[k].level)
									    : json_null(),
						     "weakest", s.components[k].bottleneck));
			for (size_t k = 0; k < s.n_bottleneck; k++) {
				const struct method_component *mc = s.components[s.bottleneck[k]].component;
				bump(counts, mc->id, assessment_text(&mc->title, c->lang), who);
			}
		}
		json_array_append_new(
		    json_object_get(block, "rows"),
		    json_pack("{s:I,s:s,s:s,s:I,s:s,s:o}", "initiativeId", (json_int_t)r->initiative_id,
			      "initiativeName", r->initiative_name, "stage", r->initiative_stage, "roundId",
			      (json_int_t)r->id, "periodEnd", r->period_end, "cells", cells));
		json_decref(who);
		score_free(&s);
		assessment_data_free(&d);
	}
	assessment_round_list_free(&latest);
	/* Stages: every initiative counts, assessed or not. */
	size_t n_all;
	struct initiative *all = initiative_store_summaries(c->org_id, &n_all);
	json_t *stages = json_array();
	for (int k = 0; initiative_stages[k]; k++) {
		json_int_t n = 0;
		for (size_t i = 0; i < n_all; i++)
			n += all[i].stage ==
			     (enum initiative_stage)(k + 1); /* the table starts at the first stage */
		json_array_append_new(stages,
				      json_pack("{s:s,s:I}", "stage", initiative_stages[k], "count", n));
	}
	/* Initiatives without a round with answers: shown, as not assessed. */
	json_t *unassessed = json_array();
	qsort(assessed, n_assessed, sizeof *assessed, by_id);
	for (size_t i = 0; i < n_all; i++) {
		if (!bsearch(&all[i].id, assessed, n_assessed, sizeof *assessed, by_id))
			json_array_append_new(
			    unassessed, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)all[i].id, "name",
						  all[i].name, "stage", initiative_stage_name(all[i].stage)));
	}
	json_t *o = json_pack("{s:s,s:s,s:o,s:o,s:o,s:I,s:o}", "organisation", org.slug, "organisationName",
			      org.name, "methods", methods, "bottlenecks", sorted(counts), "stages", stages,
			      "initiativeCount", (json_int_t)n_all, "notAssessed", unassessed);
	json_decref(counts);
	initiative_list_free(all, n_all);
	free(assessed);
	organisation_free(&org);
	*out = o;
	return 0;
}
