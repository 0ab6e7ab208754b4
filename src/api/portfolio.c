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
#include "store/db.h"
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
 * JSON of method ids); 1 when the text was read that way, 0 (and fn never
 * called) when it needs a real parser (never for what round_scores stores). */
static int each_id(const char *w, void (*fn)(const char *id, size_t len, void *arg), void *arg)
{
	if (!w || w[0] != '[' || strchr(w, '\\'))
		return 0;
	for (int pass = 0; pass < 2; pass++) { /* check the whole text before calling fn */
		const char *p = w + 1;
		while (*p == '"') {
			const char *e = strchr(p + 1, '"');
			if (!e)
				return 0;
			if (pass)
				fn(p + 1, (size_t)(e - p - 1), arg);
			p = e + 1;
			if (*p == ',' && p[1] == '"')
				p++;
		}
		if (p[0] != ']' || p[1])
			return 0;
	}
	return 1;
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

json_t *api_portfolio_key(const json_t *row)
{
	return json_pack("[O,O,O]", json_object_get(row, "methodId"), json_object_get(row, "initiativeName"),
			 json_object_get(row, "initiativeId"));
}

/* One portfolio row as the scan keeps it. */
struct prow {
	int64_t initiative_id, round_id;
	const struct method *m;
	char *name;
	const char *stage; /* a word of initiative_stages */
	json_t *cells;	   /* computed here when the stored row was not current, else NULL */
	json_t *weakest;   /* idem */
	size_t seq;	   /* scan order: name, then id */
	int hit;	   /* kept by ?knelpunt */
};

struct scan {
	const char *lang, *filter;
	struct tallies ts;
	struct prow *rows;
	size_t n, cap;
	int64_t last_initiative;
	json_int_t stages[16], all;
	json_t *unassessed;
	json_int_t n_unassessed;
};

static void scan_free(struct scan *sc)
{
	for (size_t i = 0; i < sc->n; i++) {
		free(sc->rows[i].name);
		json_decref(sc->rows[i].cells);
		json_decref(sc->rows[i].weakest);
	}
	free(sc->rows);
	free(sc->ts.t);
	json_decref(sc->unassessed);
	memset(sc, 0, sizeof *sc);
}

/* The last unfiltered scan of this request thread, reused while the
 * database is unchanged (db_read_state, the state the pipeline's answer
 * reuse compares too): a dashboard read again and again, or paged through,
 * costs one pass over the organisation only once. */
static __thread struct {
	int valid;
	int64_t org_id;
	struct db_state st;
	char lang[8];
	struct scan sc;
} tl_cache;

static const char *stage_word(const char *stage)
{
	for (int k = 0; initiative_stages[k]; k++)
		if (stage && !strcmp(initiative_stages[k], stage))
			return initiative_stages[k];
	return initiative_stages[0];
}

static void on_row(const struct score_scan_row *r, void *arg)
{
	struct scan *sc = arg;
	if (r->initiative_id != sc->last_initiative) { /* rows come by initiative */
		sc->last_initiative = r->initiative_id;
		sc->all++;
		for (int k = 0; initiative_stages[k] && k < 16; k++)
			if (r->stage && !strcmp(initiative_stages[k], r->stage))
				sc->stages[k]++;
	}
	if (!r->method_id) {
		if (sc->n_unassessed++ < NOT_ASSESSED_SHOWN)
			json_array_append_new(sc->unassessed,
					      json_pack("{s:I,s:s,s:s}", "id", (json_int_t)r->initiative_id,
							"name", r->name, "stage", stage_word(r->stage)));
		return;
	}
	const struct method *m = method_registry_get(r->method_id);
	if (!m)
		return;
	if (sc->n == sc->cap) {
		sc->cap = sc->cap ? 2 * sc->cap : 256;
		sc->rows = xrealloc(sc->rows, sc->cap * sizeof *sc->rows);
	}
	struct prow *p = &sc->rows[sc->n];
	*p = (struct prow){
	    r->initiative_id, r->round_id, m, xstrdup(r->name), stage_word(r->stage), NULL, NULL, sc->n, 0};
	sc->n++;
	struct row_ctx rc = {&sc->ts, m, sc->lang, sc->filter, 0};
	if (!(r->fingerprint && !strcmp(r->fingerprint, round_scores_fingerprint(m)) &&
	      each_id(r->weakest, on_id, &rc))) {
		/* not stored since its last change: computed as the stored form would be */
		rc.hit = 0;
		round_scores_read(m, r->round_id, NULL, NULL, NULL, &p->cells, &p->weakest);
		size_t k;
		json_t *w;
		json_array_foreach (p->weakest, k, w) {
			const char *id = json_string_value(w);
			on_id(id, strlen(id), &rc);
		}
	}
	p->hit = !sc->filter || rc.hit;
}

/* Portfolio order: method id, then the scan's (name, id). */
static int by_method(const void *a, const void *b)
{
	const struct prow *x = a, *y = b;
	int d = strcmp(x->m->id, y->m->id);
	return d ? d : (x->seq > y->seq) - (x->seq < y->seq);
}

/* 1 when p comes after the cursor key [method, name, id]. */
static int prow_after(const struct prow *p, const json_t *key)
{
	int d = strcmp(p->m->id, json_string_value(json_array_get(key, 0)));
	if (!d)
		d = strcmp(p->name, json_string_value(json_array_get(key, 1)));
	if (!d) {
		json_int_t id = json_integer_value(json_array_get(key, 2));
		d = p->initiative_id > id ? 1 : p->initiative_id < id ? -1 : 0;
	}
	return d > 0;
}

static json_t *row_json(const struct prow *p)
{
	const struct method *m = p->m;
	json_t *cells = p->cells ? json_incref(p->cells) : NULL,
	       *weakest = p->weakest ? json_incref(p->weakest) : NULL;
	char *fp, *sc_cells, *sc_weak, *period_end;
	score_store_row(p->round_id, &fp, &sc_cells, &sc_weak, &period_end);
	if (!cells)
		round_scores_read(m, p->round_id, fp, sc_cells, sc_weak, &cells, &weakest);
	free(fp);
	free(sc_cells);
	free(sc_weak);
	json_t *cs = json_array();
	size_t nc = m->n_ingredients ? m->n_ingredients : m->n_components;
	for (size_t k = 0; k < nc; k++) {
		const char *id = m->n_ingredients ? m->ingredients[k].id : m->components[k].id;
		int weak = 0;
		size_t j;
		json_t *w;
		json_array_foreach (weakest, j, w)
			weak |= !strcmp(json_string_value(w), id);
		json_t *v = json_array_get(cells, k);
		json_array_append_new(cs,
				      json_pack("{s:O,s:b}", "median", v ? v : json_null(), "weakest", weak));
	}
	json_t *o =
	    json_pack("{s:s,s:I,s:s,s:s,s:I,s:s,s:o}", "methodId", m->id, "initiativeId",
		      (json_int_t)p->initiative_id, "initiativeName", p->name, "stage", p->stage, "roundId",
		      (json_int_t)p->round_id, "periodEnd", period_end ? period_end : "", "cells", cs);
	json_decref(cells);
	json_decref(weakest);
	free(period_end);
	return o;
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

	/* One pass over the organisation's initiatives: stages, those not
	 * assessed, the rows with their bottlenecks (stored, or computed when
	 * the stored row is not current). */
	struct db_state st;
	int known = db_read_state(&st) == 0;
	struct scan fresh = {0}, *scp = &fresh;
	if (!filter && known && tl_cache.valid && tl_cache.org_id == c->org_id &&
	    db_state_same(&tl_cache.st, &st) && !strcmp(tl_cache.lang, c->lang)) {
		scp = &tl_cache.sc;
	} else {
		fresh = (struct scan){.lang = c->lang, .filter = filter, .unassessed = json_array()};
		score_store_portfolio_scan(c->org_id, round_scores_methods_json(), on_row, &fresh);
		qsort(fresh.rows, fresh.n, sizeof *fresh.rows, by_method);
		qsort(fresh.ts.t, fresh.ts.n, sizeof *fresh.ts.t, by_count);
		if (!filter && known) {
			if (tl_cache.valid)
				scan_free(&tl_cache.sc);
			tl_cache.sc = fresh;
			tl_cache.valid = 1;
			tl_cache.org_id = c->org_id;
			tl_cache.st = st;
			snprintf(tl_cache.lang, sizeof tl_cache.lang, "%s", c->lang);
			memset(&fresh, 0, sizeof fresh);
			scp = &tl_cache.sc;
		}
	}
	const struct scan *sc = scp;

	json_t *methods = json_array();
	size_t n_kept = 0, start = 0;
	for (size_t i = 0; i < sc->n; i++) {
		if (!i || sc->rows[i].m != sc->rows[i - 1].m) {
			json_int_t k = 0;
			for (size_t j = i; j < sc->n && sc->rows[j].m == sc->rows[i].m; j++)
				k++;
			json_array_append_new(methods, method_block(sc->rows[i].m, c->lang, k));
		}
		if (!sc->rows[i].hit)
			continue;
		n_kept++;
		if (after && !prow_after(&sc->rows[i], after))
			start = n_kept;
	}
	/* the page: the kept rows start .. start + size */
	json_t *page = json_array();
	size_t k = 0;
	for (size_t i = 0; i < sc->n && k < start + (size_t)size; i++) {
		if (!sc->rows[i].hit)
			continue;
		if (k++ >= start)
			json_array_append_new(page, row_json(&sc->rows[i]));
	}
	size_t end = start + json_array_size(page);

	json_t *bottlenecks = json_array(), *filtered = json_null();
	for (size_t i = 0; i < sc->ts.n; i++)
		json_array_append_new(bottlenecks, json_pack("{s:s,s:s,s:I}", "id", sc->ts.t[i].id, "title",
							     sc->ts.t[i].title, "count", sc->ts.t[i].count));
	if (filter)
		filtered = json_pack("{s:s,s:s,s:I}", "id", filter, "title", filter_title, "count",
				     (json_int_t)n_kept);
	json_t *stages = json_array();
	for (int s = 0; initiative_stages[s] && s < 16; s++)
		json_array_append_new(
		    stages, json_pack("{s:s,s:I}", "stage", initiative_stages[s], "count", sc->stages[s]));

	json_t *o =
	    json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:I,s:o,s:I}", "organisation", org.slug,
		      "organisationName", org.name, "methods", methods, "rows", page, "bottlenecks",
		      bottlenecks, "bottleneckFilter", filtered, "stages", stages, "initiativeCount", sc->all,
		      "notAssessed", json_deep_copy(sc->unassessed), "notAssessedCount", sc->n_unassessed);
	if (c->page) {
		json_t *next = NULL;
		if (end < n_kept && end > start)
			next = api_portfolio_key(json_array_get(page, json_array_size(page) - 1));
		api_page_links(c, o, c->page, next, (int64_t)n_kept, (int64_t)start);
		json_decref(next);
	}
	scan_free(&fresh);
	organisation_free(&org);
	*out = o;
	return 0;
}
