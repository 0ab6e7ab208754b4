/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * portfolio: all initiatives of an organisation side by side. Per method,
 * an initiatives x ingredients heat map from each initiative's latest
 * round with submitted answers, one page at a time (a cursor on method,
 * initiative name and id); the bottlenecks (weakest ingredients or
 * readiness x use components) counted over all initiatives, optionally
 * narrowing the heat map to the initiatives stuck on one (?knelpunt=id);
 * how the initiatives spread over the stages; the first of those not
 * assessed yet. Reads the stored scores (api/round_scores.h): one row per
 * initiative, never every round's answers. Reads only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/assessment.h"
#include "api/method_registry.h"
#include "api/page.h"
#include "api/round_scores.h"
#include "domain/initiative.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/org.h"
#include "store/score_store.h"

#define NOT_ASSESSED_SHOWN 50 /* the first of them by name; the count says how many */

/* One column id with its count of initiatives where it is weakest. */
struct tally {
	const char *id; /* borrowed from a method */
	const char *title;
	json_int_t count;
};

struct tallies {
	struct tally *t;
	size_t n, cap;
};

static void tally_add(struct tallies *ts, const struct method *m, const char *id, size_t len,
		      const char *lang)
{
	for (size_t i = 0; i < ts->n; i++)
		if (strlen(ts->t[i].id) == len && !strncmp(ts->t[i].id, id, len)) {
			ts->t[i].count++;
			return;
		}
	/* the id as the method spells it, with its title */
	size_t nc = m->n_ingredients ? m->n_ingredients : m->n_components;
	for (size_t k = 0; k < nc; k++) {
		const char *cid = m->n_ingredients ? m->ingredients[k].id : m->components[k].id;
		if (strlen(cid) != len || strncmp(cid, id, len))
			continue;
		if (ts->n == ts->cap) {
			ts->cap = ts->cap ? 2 * ts->cap : 16;
			ts->t = xrealloc(ts->t, ts->cap * sizeof *ts->t);
		}
		ts->t[ts->n++] = (struct tally){
		    cid,
		    assessment_text(m->n_ingredients ? &m->ingredients[k].title : &m->components[k].title,
				    lang),
		    1};
		return;
	}
}

static int by_count(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->id, y->id);
}

/* Calls fn for each id in a stored weakest list (["a","b"], our own compact
 * JSON of method ids); 1 when the text was read that way, 0 when it needs a
 * real parser (never for what round_scores stores). */
static int each_id(const char *w, void (*fn)(const char *id, size_t len, void *arg), void *arg)
{
	if (!w || w[0] != '[' || strchr(w, '\\'))
		return 0;
	const char *p = w + 1;
	while (*p == '"') {
		const char *e = strchr(p + 1, '"');
		if (!e)
			return 0;
		fn(p + 1, (size_t)(e - p - 1), arg);
		p = e + 1;
		if (*p == ',')
			p++;
	}
	return *p == ']';
}

struct row_ctx {
	struct tallies *ts;
	const struct method *m;
	const char *lang;
	const char *filter; /* ?knelpunt, or NULL */
	int hit;
};

static void on_id(const char *id, size_t len, void *arg)
{
	struct row_ctx *r = arg;
	tally_add(r->ts, r->m, id, len, r->lang);
	if (r->filter && strlen(r->filter) == len && !strncmp(r->filter, id, len))
		r->hit = 1;
}

/* The column id ?knelpunt names in any method offered, with its title; NULL. */
static const char *known_column(const char *id, const char **title, const char *lang)
{
	for (size_t i = 0; i < method_registry_count(); i++) {
		const struct method *m = method_registry_at(i);
		size_t nc = m->n_ingredients ? m->n_ingredients : m->n_components;
		for (size_t k = 0; k < nc; k++) {
			const char *cid = m->n_ingredients ? m->ingredients[k].id : m->components[k].id;
			if (!strcmp(cid, id)) {
				*title = assessment_text(m->n_ingredients ? &m->ingredients[k].title
									  : &m->components[k].title,
							 lang);
				return cid;
			}
		}
	}
	return NULL;
}

static json_t *method_block(const struct method *m, const char *lang, json_int_t count)
{
	json_t *cols = json_array();
	size_t nc = m->n_ingredients ? m->n_ingredients : m->n_components;
	for (size_t k = 0; k < nc; k++) {
		const char *id = m->n_ingredients ? m->ingredients[k].id : m->components[k].id;
		const struct method_text *t =
		    m->n_ingredients ? &m->ingredients[k].title : &m->components[k].title;
		json_array_append_new(cols,
				      json_pack("{s:s,s:s}", "id", id, "title", assessment_text(t, lang)));
	}
	const struct method_scale *sc =
	    m->n_ingredients ? m->ingredients[0].scale : m->components[0].readiness_scale;
	return json_pack("{s:s,s:s,s:o,s:i,s:i,s:I}", "methodId", m->id, "title",
			 assessment_text(&m->title, lang), "columns", cols, "scaleMin", sc->min, "scaleMax",
			 sc->max, "count", count);
}

/* Rows are compared by (method id, initiative name, initiative id). */
static int row_after(const struct score_row *r, const json_t *key)
{
	int d = strcmp(r->method_id, json_string_value(json_array_get(key, 0)));
	if (!d)
		d = strcmp(r->initiative_name, json_string_value(json_array_get(key, 1)));
	if (!d) {
		json_int_t id = json_integer_value(json_array_get(key, 2));
		d = r->initiative_id > id ? 1 : r->initiative_id < id ? -1 : 0;
	}
	return d > 0;
}

json_t *api_portfolio_key(const json_t *row)
{
	return json_pack("[O,O,O]", json_object_get(row, "methodId"), json_object_get(row, "initiativeName"),
			 json_object_get(row, "initiativeId"));
}

struct stage_acc {
	json_int_t n[16];
	json_int_t all;
};

static void on_stage(const char *stage, int64_t n, void *arg)
{
	struct stage_acc *a = arg;
	a->all += n;
	for (int k = 0; initiative_stages[k] && k < 16; k++)
		if (stage && !strcmp(initiative_stages[k], stage))
			a->n[k] += n;
}

int api_portfolio(struct api_ctx *c, json_t **out)
{
	round_scores_autostart();
	/* the page asked for: a cursor [method, name, id] and a size */
	const json_t *after = c->page ? c->page->after : NULL;
	int64_t size = c->page ? c->page->size : PAGE_SIZE_DEFAULT;
	if (after && !(json_array_size(after) == 3 && json_is_string(json_array_get(after, 0)) &&
		       json_is_string(json_array_get(after, 1)) && json_is_integer(json_array_get(after, 2))))
		problem_add(c->invalid, "na", "err.page.cursor");
	const char *filter = api_str(c->query, "knelpunt"), *filter_title = NULL;
	if (filter && !(filter = known_column(filter, &filter_title, c->lang)))
		problem_add(c->invalid, "knelpunt", "err.portfolio.bottleneck");
	if (json_array_size(c->invalid))
		return -ERR_INVALID;
	struct organisation org;
	if (org_read(c->org_id, &org) < 0)
		return -ERR_NOTFOUND;

	struct score_row_list rows;
	score_store_portfolio(c->org_id, round_scores_methods_json(), &rows);
	/* Over all rows: the bottlenecks, the methods, which rows the filter
	 * keeps. Rows whose stored score is not current are computed here. */
	struct tallies ts = {0};
	size_t *kept = xcalloc(rows.n + 1, sizeof *kept), n_kept = 0, start = 0;
	json_t **live_cells = xcalloc(rows.n + 1, sizeof *live_cells);
	json_t *methods = json_array();
	const struct method *m = NULL;
	json_int_t in_method = 0;
	for (size_t i = 0; i < rows.n; i++) {
		struct score_row *r = &rows.items[i];
		if (!m || strcmp(m->id, r->method_id)) {
			if (m)
				json_array_append_new(methods, method_block(m, c->lang, in_method));
			m = method_registry_get(r->method_id);
			in_method = 0;
		}
		in_method++;
		struct row_ctx rc = {&ts, m, c->lang, filter, 0};
		int stored = r->fingerprint && !strcmp(r->fingerprint, round_scores_fingerprint(m)) &&
			     each_id(r->weakest, on_id, &rc);
		if (!stored) {
			json_t *cells, *weakest;
			round_scores_read(m, r->round_id, NULL, NULL, NULL, &cells, &weakest);
			size_t k;
			json_t *w;
			json_array_foreach (weakest, k, w) {
				const char *id = json_string_value(w);
				on_id(id, strlen(id), &rc);
			}
			live_cells[i] = cells;
			free(r->weakest);
			r->weakest = json_dumps(weakest, JSON_COMPACT);
			json_decref(weakest);
		}
		if (!filter || rc.hit) {
			if (after && !row_after(r, after))
				start = n_kept + 1;
			kept[n_kept++] = i;
		}
	}
	if (m)
		json_array_append_new(methods, method_block(m, c->lang, in_method));

	/* The page: stored cells of its rows, read now. */
	size_t end = start + (size_t)size < n_kept ? start + (size_t)size : n_kept;
	json_t *page = json_array();
	for (size_t p = start; p < end; p++) {
		struct score_row *r = &rows.items[kept[p]];
		score_store_rows_fill(&rows, kept[p], kept[p] + 1);
		const struct method *rm = method_registry_get(r->method_id);
		json_t *cells = live_cells[kept[p]] ? json_incref(live_cells[kept[p]]) : NULL,
		       *weakest = NULL;
		if (!cells)
			round_scores_read(rm, r->round_id, r->fingerprint, r->cells, r->weakest, &cells,
					  &weakest);
		else
			weakest = json_loads(r->weakest, 0, NULL);
		json_t *cs = json_array();
		size_t nc = rm->n_ingredients ? rm->n_ingredients : rm->n_components;
		for (size_t k = 0; k < nc; k++) {
			const char *id = rm->n_ingredients ? rm->ingredients[k].id : rm->components[k].id;
			int weak = 0;
			size_t j;
			json_t *w;
			json_array_foreach (weakest, j, w)
				weak |= !strcmp(json_string_value(w), id);
			json_t *v = json_array_get(cells, k);
			json_array_append_new(
			    cs, json_pack("{s:O,s:b}", "median", v ? v : json_null(), "weakest", weak));
		}
		json_decref(cells);
		json_decref(weakest);
		json_array_append_new(
		    page, json_pack("{s:s,s:I,s:s,s:s,s:I,s:s,s:o}", "methodId", r->method_id, "initiativeId",
				    (json_int_t)r->initiative_id, "initiativeName", r->initiative_name,
				    "stage", r->stage, "roundId", (json_int_t)r->round_id, "periodEnd",
				    r->period_end ? r->period_end : "", "cells", cs));
	}

	qsort(ts.t, ts.n, sizeof *ts.t, by_count);
	json_t *bottlenecks = json_array(), *filtered = json_null();
	for (size_t i = 0; i < ts.n; i++)
		json_array_append_new(bottlenecks, json_pack("{s:s,s:s,s:I}", "id", ts.t[i].id, "title",
							     ts.t[i].title, "count", ts.t[i].count));
	if (filter)
		filtered = json_pack("{s:s,s:s,s:I}", "id", filter, "title", filter_title, "count",
				     (json_int_t)n_kept);

	struct stage_acc sa = {0};
	score_store_stage_counts(c->org_id, on_stage, &sa);
	json_t *stages = json_array();
	for (int k = 0; initiative_stages[k] && k < 16; k++)
		json_array_append_new(
		    stages, json_pack("{s:s,s:I}", "stage", initiative_stages[k], "count", sa.n[k]));
	json_t *unassessed = json_array();
	int64_t n_unassessed =
	    score_store_not_assessed(c->org_id, round_scores_methods_json(), NOT_ASSESSED_SHOWN, unassessed);

	json_t *o =
	    json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:I,s:o,s:I}", "organisation", org.slug,
		      "organisationName", org.name, "methods", methods, "rows", page, "bottlenecks",
		      bottlenecks, "bottleneckFilter", filtered, "stages", stages, "initiativeCount", sa.all,
		      "notAssessed", unassessed, "notAssessedCount", (json_int_t)n_unassessed);
	if (c->page) {
		json_t *next = NULL;
		if (end < n_kept && end > start)
			next = api_portfolio_key(json_array_get(page, json_array_size(page) - 1));
		api_page_links(c, o, c->page, next, (int64_t)n_kept, (int64_t)start);
		json_decref(next);
	}
	for (size_t i = 0; i < rows.n; i++)
		json_decref(live_cells[i]);
	free(live_cells);
	free(kept);
	free(ts.t);
	score_row_list_free(&rows);
	organisation_free(&org);
	*out = o;
	return 0;
}
