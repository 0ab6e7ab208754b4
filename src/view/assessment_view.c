/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_view: the assessment pages' decoration, read from the
 * handler's document only. Round page: which rater rows get a revoke or
 * reopen button (domain/rater's rules). Results: the radar, the rater-role
 * heat map with its table, the trend line and a key per suggested action.
 * Action forms: the status choices. Portfolio: one heat map block per
 * method (initiatives x ingredients, the medians) and a bar chart of the
 * stages, named as in the table beside it. Answer sheet: which level,
 * option and confidence is checked, from each question's current answer.
 */
#include <stdio.h>
#include <string.h>

#include "domain/action.h"
#include "domain/assessment.h"
#include "domain/rater.h"
#include "lib/i18n.h"
#include "view/view.h"

/* The member key of obj as an integer (0 when absent or not one). */
static json_int_t int_of(json_t *obj, const char *key)
{
	return json_integer_value(json_object_get(obj, key));
}

/* --- round page ------------------------------------------------------------------------ */

/* The rules' view of a rater row of the document. */
static struct rater_state state_of(json_t *r)
{
	struct rater_state rs = {RATER_MEMBER, RATER_INVITED, 0, 0};
	if (rater_kind_parse(json_string_value(json_object_get(r, "kind")), &rs.kind) < 0)
		rs.kind = RATER_MEMBER;
	if (rater_status_parse(json_string_value(json_object_get(r, "status")), &rs.status) < 0)
		rs.status = RATER_INVITED;
	rs.revoked = json_is_string(json_object_get(r, "revokedAt"));
	return rs;
}

/* Which rows get a revoke or reopen button: editors only, by domain/rater. */
static void round_page(const struct view_ctx *vc, json_t *o)
{
	if (vc->role < ROLE_BEWERKER)
		return;
	int open = json_is_true(json_object_get(o, "isOpen"));
	size_t i;
	json_t *r;
	json_array_foreach (json_object_get(o, "raters"), i, r) {
		struct rater_state rs = state_of(r);
		const char *why;
		json_object_set_new(
		    r, "canRevoke",
		    json_boolean(rs.kind == RATER_LINK && !rs.revoked && rater_revoke_check(&rs, &why) == 0));
		json_object_set_new(r, "canReopen", json_boolean(rater_reopen_check(&rs, open, &why) == 0));
	}
}

/* --- results page ---------------------------------------------------------------------- */

/* A role label for a chart or table header; an empty one shows as a dash. */
static json_t *role_title(json_t *role)
{
	const char *s = json_string_value(role);
	return json_string(s && *s ? s : "—");
}

/* The radar: per ingredient the median, or for a ladder per component
 * readiness and use, the series named in the page's language. */
static json_t *radar(json_t *o, const char *lang)
{
	json_t *ind = json_array(), *ser = json_array();
	json_t *ingr = json_object_get(o, "ingredients");
	size_t i;
	json_t *e;
	if (json_array_size(ingr)) {
		json_t *med = json_array(), *q1 = json_array(), *q3 = json_array(), *mn = json_array(),
		       *mx = json_array();
		json_array_foreach (ingr, i, e) {
			json_array_append_new(ind,
					      json_pack("{s:O,s:O,s:O}", "name", json_object_get(e, "title"),
							"max", json_object_get(e, "scaleMax"), "min",
							json_object_get(e, "scaleMin")));
			json_array_append(med, json_object_get(e, "median"));
			json_array_append(q1, json_object_get(e, "q1"));
			json_array_append(q3, json_object_get(e, "q3"));
			json_array_append(mn, json_object_get(e, "min"));
			json_array_append(mx, json_object_get(e, "max"));
		}
		/* The spread is drawn in the chart itself: the quartiles as a
		 * dashed band around the median, lowest and highest on request. */
		json_array_append_new(
		    ser, json_pack("{s:s,s:o}", "name", i18n_t(lang, "assess.chart_median"), "values", med));
		json_array_append_new(ser, json_pack("{s:s,s:o,s:s}", "name", i18n_t(lang, "assess.chart_q1"),
						     "values", q1, "spread", "quartile"));
		json_array_append_new(ser, json_pack("{s:s,s:o,s:s}", "name", i18n_t(lang, "assess.chart_q3"),
						     "values", q3, "spread", "quartile"));
		json_array_append_new(ser,
				      json_pack("{s:s,s:o,s:s,s:b}", "name", i18n_t(lang, "assess.chart_min"),
						"values", mn, "spread", "range", "hidden", 1));
		json_array_append_new(ser,
				      json_pack("{s:s,s:o,s:s,s:b}", "name", i18n_t(lang, "assess.chart_max"),
						"values", mx, "spread", "range", "hidden", 1));
		/* each rater's own points, by role, on request */
		size_t r;
		json_t *rp;
		json_array_foreach (json_object_get(o, "raterPoints"), r, rp) {
			char name[160];
			const char *role = json_string_value(json_object_get(rp, "role"));
			snprintf(name, sizeof name, "%s %zu%s%s", i18n_t(lang, "assess.chart_rater"), r + 1,
				 role && *role ? ": " : "", role ? role : "");
			json_array_append_new(ser, json_pack("{s:s,s:O,s:s,s:b}", "name", name, "values",
							     json_object_get(rp, "values"), "spread", "rater",
							     "hidden", 1));
		}
	} else {
		json_t *rd = json_array(), *us = json_array();
		json_array_foreach (json_object_get(o, "components"), i, e) {
			/* a ladder's scales start at 0 */
			json_array_append_new(ind,
					      json_pack("{s:O,s:O,s:i}", "name", json_object_get(e, "title"),
							"max", json_object_get(e, "scaleMax"), "min", 0));
			json_array_append(rd, json_object_get(json_object_get(e, "readiness"), "median"));
			json_array_append(us, json_object_get(json_object_get(e, "use"), "median"));
		}
		json_array_append_new(ser, json_pack("{s:s,s:o}", "name",
						     i18n_t(lang, "assess.chart_readiness"), "values", rd));
		json_array_append_new(
		    ser, json_pack("{s:s,s:o}", "name", i18n_t(lang, "assess.chart_use"), "values", us));
	}
	/* A smaller radius leaves room for long ingredient names beside the web. */
	return json_pack("{s:s,s:o,s:o,s:s}", "kind", "radar", "indicators", ind, "series", ser, "radius",
			 "60%");
}

/* The lowest scale minimum and highest maximum of the ingredients (10 and
 * 0 when there are none, as the charts have always been given). */
static void scale_range(json_t *ingredients, json_int_t *lo, json_int_t *hi)
{
	size_t i;
	json_t *e;
	*lo = 10;
	*hi = 0;
	json_array_foreach (ingredients, i, e) {
		json_int_t mn = int_of(e, "scaleMin"), mx = int_of(e, "scaleMax");
		*lo = mn < *lo ? mn : *lo;
		*hi = mx > *hi ? mx : *hi;
	}
}

/* The rater-role heat map (roles x ingredients) and the table beside it
 * (a row per ingredient, a column per role); only with ingredients. */
static void heat(json_t *page)
{
	json_t *ingr = json_object_get(page, "ingredients"), *roles = json_object_get(page, "roleHeatmap");
	if (!json_array_size(ingr) || !json_array_size(roles))
		return;
	json_t *x = json_array(), *y = json_array(), *vals = json_array(), *names = json_array(),
	       *hrows = json_array();
	json_int_t lo, hi;
	scale_range(ingr, &lo, &hi);
	size_t i, r;
	json_t *e, *role;
	json_array_foreach (ingr, i, e)
		json_array_append(x, json_object_get(e, "title"));
	json_array_foreach (roles, r, role) {
		json_array_append_new(y, role_title(json_object_get(role, "role")));
		json_array_append_new(names, role_title(json_object_get(role, "role")));
		json_t *row = json_array();
		json_array_foreach (json_object_get(role, "cells"), i, e)
			json_array_append(row, json_object_get(e, "median"));
		json_array_append_new(vals, row);
	}
	json_array_foreach (ingr, i, e) {
		json_t *cells = json_array();
		json_array_foreach (roles, r, role)
			json_array_append(
			    cells,
			    json_object_get(json_array_get(json_object_get(role, "cells"), i), "median"));
		json_array_append_new(
		    hrows, json_pack("{s:O,s:o}", "title", json_object_get(e, "title"), "values", cells));
	}
	json_object_set_new(page, "heatTable", json_pack("{s:o,s:o}", "roles", names, "rows", hrows));
	json_object_set_new(page, "heatChart",
			    json_pack("{s:s,s:o,s:o,s:o,s:I,s:I}", "kind", "heatmap", "x", x, "y", y,
				      "values", vals, "min", lo, "max", hi));
}

/* The trend line once there are two rounds: a series per ingredient (or
 * component level), on the range of the method's scales. */
static void trend(json_t *page)
{
	json_t *t = json_object_get(page, "trend");
	json_t *rounds = json_object_get(t, "rounds");
	if (json_array_size(rounds) < 2)
		return;
	json_t *x = json_array(), *ser = json_array();
	size_t i;
	json_t *e;
	json_array_foreach (rounds, i, e)
		json_array_append(x, json_object_get(e, "title"));
	json_array_foreach (json_object_get(t, "lines"), i, e)
		json_array_append_new(ser, json_pack("{s:O,s:O}", "name", json_object_get(e, "title"),
						     "values", json_object_get(e, "values")));
	json_int_t lo, hi;
	if (json_array_size(json_object_get(page, "ingredients"))) {
		scale_range(json_object_get(page, "ingredients"), &lo, &hi);
	} else {
		/* a ladder's levels run from 0 to its readiness maximum */
		lo = 10;
		hi = 0;
		json_array_foreach (json_object_get(page, "components"), i, e) {
			lo = 0;
			hi = int_of(e, "scaleMax") > hi ? int_of(e, "scaleMax") : hi;
		}
	}
	json_object_set_new(
	    page, "trendChart",
	    json_pack("{s:s,s:o,s:o,s:I,s:I}", "kind", "line", "x", x, "series", ser, "min", lo, "max", hi));
}

/* One accept form per suggested action needs a unique key. */
static void action_items(json_t *page)
{
	size_t i;
	json_t *sg;
	json_array_foreach (json_object_get(page, "suggestions"), i, sg) {
		json_t *items = json_array();
		size_t k;
		json_t *a;
		json_array_foreach (json_object_get(sg, "actions"), k, a) {
			char key[160];
			snprintf(key, sizeof key, "%s-%zu", json_string_value(json_object_get(sg, "ruleId")),
				 k + 1);
			json_array_append_new(items, json_pack("{s:s,s:O}", "key", key, "text", a));
		}
		json_object_set_new(sg, "actionItems", items);
	}
}

/* Marks each suggested action that was already taken over (same title)
 * and fills the one-screen summary: weakest ingredients, the biggest
 * disagreements (range of the raters' values, at most three), pitfalls
 * present and not covered, the top three suggested actions not yet taken
 * over. */
static void summary(const struct view_ctx *vc, json_t *o)
{
	size_t i, k;
	json_t *sg, *a, *e;
	json_t *top = json_array();
	json_array_foreach (json_object_get(o, "suggestions"), i, sg) {
		size_t n_open = 0;
		json_array_foreach (json_object_get(sg, "actionItems"), k, a) {
			const char *text = json_string_value(json_object_get(a, "text"));
			size_t j;
			json_t *acc;
			json_array_foreach (json_object_get(sg, "accepted"), j, acc)
				if ((text &&
				     !strcmp(text, json_string_value(json_object_get(acc, "title")))) ||
				    (json_is_integer(json_object_get(acc, "actionIndex")) &&
				     json_integer_value(json_object_get(acc, "actionIndex")) ==
					 (json_int_t)k)) {
					json_object_set(a, "taken", acc);
					char key[64];
					snprintf(key, sizeof key, "actionstatus.%s",
						 json_string_value(json_object_get(acc, "status")));
					json_object_set_new(a, "acceptedStatus",
							    json_string(i18n_t(vc->lang, key)));
				}
			if (json_object_get(a, "taken"))
				continue;
			n_open++;
			if (json_array_size(top) < 3)
				json_array_append_new(top, json_pack("{s:O,s:O}", "text",
								     json_object_get(a, "text"), "target",
								     json_object_get(sg, "target")));
		}
		json_object_set_new(sg, "allAccepted", json_boolean(n_open == 0));
	}
	/* Disagreements: largest range first. */
	json_t *dis = json_array();
	for (int pass = 0; pass < 3; pass++) {
		json_t *best = NULL;
		double bw = -1;
		json_array_foreach (json_object_get(o, "ingredients"), i, e) {
			if (!json_is_true(json_object_get(e, "disagreement")) || json_object_get(e, "_taken"))
				continue;
			double w = json_number_value(json_object_get(e, "max")) -
				   json_number_value(json_object_get(e, "min"));
			if (w > bw) {
				bw = w;
				best = e;
			}
		}
		if (!best)
			break;
		json_object_set_new(best, "_taken", json_true());
		json_array_append_new(dis, json_pack("{s:O,s:O,s:O}", "title", json_object_get(best, "title"),
						     "min", json_object_get(best, "min"), "max",
						     json_object_get(best, "max")));
	}
	json_array_foreach (json_object_get(o, "ingredients"), i, e)
		json_object_del(e, "_taken");
	json_t *pres = json_array();
	json_array_foreach (json_object_get(o, "pitfalls"), i, e) {
		const char *st = json_string_value(json_object_get(e, "state"));
		if (st && !strcmp(st, "present"))
			json_array_append(pres, e);
	}
	char key[64];
	snprintf(key, sizeof key, "assess.weakest_by_%s",
		 json_string_value(json_object_get(o, "weakestBy"))
		     ? json_string_value(json_object_get(o, "weakestBy"))
		     : "");
	json_object_set_new(
	    o, "summary",
	    json_pack("{s:o,s:o,s:o,s:s}", "disagreements", dis, "pitfallsOpen", pres, "topActions", top,
		      "weakestReason",
		      *json_string_value(json_object_get(o, "weakestBy")) ? i18n_t(vc->lang, key) : ""));
}

/* Routes grouped by kind (directions, then mechanisms) with the group's
 * heading, and the pitfalls a chosen route triggers. */
static void routes_block(const struct view_ctx *vc, json_t *o)
{
	static const char *const kinds[] = {"direction", "mechanism"};
	json_t *groups = json_array();
	for (int g = 0; g < 2; g++) {
		json_t *list = json_array();
		size_t i;
		json_t *e;
		json_array_foreach (json_object_get(o, "routes"), i, e) {
			const char *k = json_string_value(json_object_get(e, "kind"));
			if (k && !strcmp(k, kinds[g]))
				json_array_append(list, e);
		}
		char key[48];
		snprintf(key, sizeof key, "routekind.%s", kinds[g]);
		if (json_array_size(list))
			json_array_append_new(
			    groups, json_pack("{s:s,s:o}", "label", i18n_t(vc->lang, key), "routes", list));
		else
			json_decref(list);
	}
	json_object_set_new(o, "routeGroups", groups);
	/* route questions are shown with the routes; the other choices on their own */
	json_t *other = json_array();
	size_t ci;
	json_t *ce;
	json_array_foreach (json_object_get(o, "choices"), ci, ce) {
		const char *rk = json_string_value(json_object_get(ce, "routeKind"));
		if (!rk || !*rk || !json_array_size(groups))
			json_array_append(other, ce);
	}
	json_object_set_new(o, "otherChoices", other);
	/* the n.v.t. column only where someone answered it */
	int any_na = 0;
	json_array_foreach (json_object_get(o, "ingredients"), ci, ce)
		any_na |= json_integer_value(json_object_get(ce, "notApplicable")) > 0;
	json_object_set_new(o, "anyNotApplicable", json_boolean(any_na));
	json_t *trig = json_array();
	size_t i;
	json_t *e;
	size_t n_trig = 0;
	/* the summary names three; the routes section has them all */
	json_array_foreach (json_object_get(o, "pitfalls"), i, e)
		if (json_is_object(json_object_get(e, "triggeredBy")) && n_trig++ < 3)
			json_array_append(trig, e);
	json_object_set_new(o, "pitfallsTriggeredList", trig);
	if (n_trig > 3)
		json_object_set_new(o, "pitfallsTriggeredMore", json_integer((json_int_t)(n_trig - 3)));
}

static void results_page(const struct view_ctx *vc, json_t *o)
{
	routes_block(vc, o);
	json_object_set_new(o, "radarChart", radar(o, vc->lang));
	heat(o);
	trend(o);
	action_items(o);
	summary(vc, o);
}

/* --- action forms ---------------------------------------------------------------------- */

/* The status select's choices; the template marks the one in v.status. */
static void action_form(const struct view_ctx *vc, json_t *o)
{
	(void)vc;
	/* "Hoort bij" in words: the linked ingredient's, component's or pitfall's title. */
	size_t i, k;
	json_t *act, *ch;
	json_array_foreach (json_object_get(o, "actions"), i, act) {
		const char *ing = json_string_value(json_object_get(act, "ingredient"));
		json_array_foreach (json_object_get(o, "linkChoices"), k, ch)
			if (ing && *ing && !strcmp(ing, json_string_value(json_object_get(ch, "id")))) {
				json_object_set(act, "ingredientTitle", json_object_get(ch, "title"));
				break;
			}
	}
	json_t *a = json_array();
	for (int s = 0; action_statuses[s]; s++)
		json_array_append_new(a, json_string(action_statuses[s]));
	json_object_set_new(o, "statusChoices", a);
}

/* --- portfolio ------------------------------------------------------------------------- */

static void portfolio_page(const struct view_ctx *vc, json_t *o)
{
	size_t i;
	json_t *r;
	/* The page's rows grouped by method (they come in method order), each
	 * group with its method's columns and a heat map chart block. */
	json_t *blocks = json_array(), *block = NULL;
	const char *cur = NULL;
	json_array_foreach (json_object_get(o, "rows"), i, r) {
		const char *mid = json_string_value(json_object_get(r, "methodId"));
		if (!cur || strcmp(cur, mid)) {
			cur = mid;
			json_t *m = NULL;
			size_t k;
			json_t *e;
			json_array_foreach (json_object_get(o, "methods"), k, e)
				if (!strcmp(json_string_value(json_object_get(e, "methodId")), mid))
					m = e;
			block = m ? json_deep_copy(m)
				  : json_pack("{s:s,s:s,s:[],s:i,s:i}", "methodId", mid, "title", mid,
					      "columns", "scaleMin", 0, "scaleMax", 4);
			json_object_set_new(block, "rows", json_array());
			json_array_append_new(blocks, block);
		}
		json_array_append(json_object_get(block, "rows"), r);
	}
	json_array_foreach (blocks, i, r) {
		json_t *x = json_array(), *y = json_array(), *vals = json_array();
		size_t k;
		json_t *e;
		json_array_foreach (json_object_get(r, "columns"), k, e)
			json_array_append(x, json_object_get(e, "title"));
		json_array_foreach (json_object_get(r, "rows"), k, e) {
			json_array_append(y, json_object_get(e, "initiativeName"));
			json_t *row = json_array();
			size_t j;
			json_t *cell;
			json_array_foreach (json_object_get(e, "cells"), j, cell)
				json_array_append(row, json_object_get(cell, "median"));
			json_array_append_new(vals, row);
		}
		char elid[96];
		snprintf(elid, sizeof elid, "portfolio-%s",
			 json_string_value(json_object_get(r, "methodId")));
		json_object_set_new(r, "chartId", json_string(elid));
		json_object_set_new(r, "chart",
				    json_pack("{s:s,s:o,s:o,s:o,s:O,s:O}", "kind", "heatmap", "x", x, "y", y,
					      "values", vals, "min", json_object_get(r, "scaleMin"), "max",
					      json_object_get(r, "scaleMax")));
	}
	json_object_set_new(o, "blocks", blocks);
	json_object_set_new(o, "notAssessedMore",
			    json_boolean(json_integer_value(json_object_get(o, "notAssessedCount")) >
					 (json_int_t)json_array_size(json_object_get(o, "notAssessed"))));
	json_t *x = json_array(), *v = json_array();
	json_array_foreach (json_object_get(o, "stages"), i, r) {
		/* The same names as the table beside it (stage.<id> in the catalogue). */
		char key[64];
		snprintf(key, sizeof key, "stage.%s", json_string_value(json_object_get(r, "stage")));
		json_array_append_new(x, json_string(i18n_t(vc->lang, key)));
		json_array_append(v, json_object_get(r, "count"));
	}
	json_object_set_new(o, "stageChart",
			    json_pack("{s:s,s:o,s:b,s:[{s:s,s:o}]}", "kind", "bar", "x", x, "integer", 1,
				      "series", "name", i18n_t(vc->lang, "portfolio.initiatives"), "values",
				      v));
}

/* --- answer sheet ------------------------------------------------------------------------ */

/* 1 when the string s is one of the strings in arr. */
static int among(json_t *arr, const char *s)
{
	size_t i;
	json_t *e;
	json_array_foreach (arr, i, e)
		if (json_is_string(e) && !strcmp(json_string_value(e), s))
			return 1;
	return 0;
}

/* Route options: directions first, then mechanisms (stable), each group's
 * first option carrying the group's heading (groupStart). */
static void route_groups(const struct view_ctx *vc, json_t *q)
{
	json_t *opts = json_object_get(q, "options");
	if (!json_array_size(opts) || !json_object_get(json_array_get(opts, 0), "routeKind"))
		return;
	static const char *const kinds[] = {"direction", "mechanism"};
	json_t *sorted = json_array();
	for (int g = 0; g < 2; g++) {
		size_t i;
		json_t *e;
		int first = 1;
		json_array_foreach (opts, i, e) {
			const char *k = json_string_value(json_object_get(e, "routeKind"));
			if (!k || strcmp(k, kinds[g]))
				continue;
			if (first) {
				char key[48];
				snprintf(key, sizeof key, "routekind.%s", kinds[g]);
				json_object_set_new(e, "groupStart", json_string(i18n_t(vc->lang, key)));
			}
			first = 0;
			json_array_append(sorted, e);
		}
	}
	if (json_array_size(sorted) == json_array_size(opts))
		json_object_set(q, "options", sorted);
	json_decref(sorted);
}

/* Marks the checked level, option(s) and confidence of every question;
 * each level and option row also gets its question's id (qid) for the
 * field names. */
static void answer_form(const struct view_ctx *vc, json_t *o)
{
	size_t si, qi, k;
	json_t *sec, *q, *e;
	json_array_foreach (json_object_get(o, "sections"), si, sec) {
		json_array_foreach (json_object_get(sec, "questions"), qi, q) {
			json_t *id = json_object_get(q, "id");
			json_t *level = json_object_get(q, "level");
			const char *option = json_string_value(json_object_get(q, "option"));
			json_array_foreach (json_object_get(q, "anchors"), k, e) {
				json_object_set(e, "qid", id);
				json_object_set_new(
				    e, "checked",
				    json_boolean(json_is_integer(level) &&
						 json_integer_value(level) == int_of(e, "level")));
			}
			route_groups(vc, q);
			json_array_foreach (json_object_get(q, "options"), k, e) {
				const char *oid = json_string_value(json_object_get(e, "id"));
				json_object_set(e, "qid", id);
				json_object_set_new(
				    e, "checked",
				    json_boolean(oid && ((option && !strcmp(option, oid)) ||
							 among(json_object_get(q, "chosen"), oid))));
			}
			const char *kind = json_string_value(json_object_get(q, "kind"));
			if (kind && !strcmp(kind, "text"))
				continue;
			enum score_confidence now = SCORE_CONFIDENCE_NONE;
			if (assessment_confidence_parse(json_string_value(json_object_get(q, "confidence")),
							&now) < 0)
				now = SCORE_CONFIDENCE_NONE;
			json_t *cs = json_array();
			for (int x = SCORE_CONFIDENCE_LOW; x <= SCORE_CONFIDENCE_HIGH; x++)
				json_array_append_new(cs, json_pack("{s:s,s:b}", "value",
								    assessment_confidence_name(x), "selected",
								    now == (enum score_confidence)x));
			json_object_set_new(q, "confidences", cs);
		}
	}
}

const struct view assessment_views[] = {
    {"assessment", round_page},
    {"assessment_results", results_page},
    {"action_list", action_form},
    {"action_edit", action_form},
    {"portfolio", portfolio_page},
    {"assessment_form", answer_form},
    {NULL, NULL},
};
