/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * workshop: the live workshop on an assessment round. The facilitator
 * starts it, steps through the method's parts on a projector, sees who
 * joined and the anonymous distribution of the answers, records what the
 * group agreed (level, conclusion, evidence, dissent; a statement for
 * impact and routes) and the actions agreed in the room, and closes it.
 * Participants join from a phone with the short code, without an account:
 * each becomes a rater of the round and answers the current part until the
 * facilitator closes it. Rules: domain/workshop; tables: workshop_store.
 */
#include "api/workshop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/assessment.h"
#include "api/common.h"
#include "api/field.h"
#include "api/initiative.h"
#include "api/module.h"
#include "api/organisation.h"
#include "domain/workshop.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/problem.h"
#include "lib/qrsvg.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/action_store.h"
#include "store/assessment_store.h"
#include "store/org.h"
#include "store/workshop_store.h"

#define NAME_MAX_LEN 80
#define TEXT_MAX_LEN WORKSHOP_TEXT_MAX_LEN
#define PARTICIPANT_DAYS 2

/* --- parts --------------------------------------------------------------------------- */

/* 1 when part is one of the method's sections or the closing actions part. */
static int part_known(const struct method *m, const char *part)
{
	if (!part)
		return 0;
	if (!strcmp(part, WORKSHOP_PART_ACTIONS))
		return 1;
	for (size_t i = 0; i < m->n_sections; i++)
		if (!strcmp(m->sections[i].id, part))
			return 1;
	return 0;
}

static int part_closed(json_t *ws, const char *part)
{
	json_t *closed = json_loads(json_string_value(json_object_get(ws, "closed_parts")), 0, NULL);
	int yes = 0;
	size_t i;
	json_t *e;
	json_array_foreach (closed, i, e)
		yes |= json_is_string(e) && !strcmp(json_string_value(e), part);
	json_decref(closed);
	return yes;
}

static const struct method_section *section_of(const struct method *m, const char *part)
{
	for (size_t i = 0; part && i < m->n_sections; i++)
		if (!strcmp(m->sections[i].id, part))
			return &m->sections[i];
	return NULL;
}

/* 1 when a route question of section sec (directions or mechanisms) offers id. */
static int route_offered(const struct method *m, const struct method_section *sec, const char *id)
{
	for (size_t k = 0; sec && k < sec->n_questions; k++) {
		const struct method_question *q = &m->questions[sec->first_question + k];
		if (q->options_are_routes && method_option_find(q, id))
			return 1;
	}
	return 0;
}

/* [{id, title, current, closed}]: the method's sections, then the actions. */
static json_t *parts_json(const struct method *m, json_t *ws, const char *lang)
{
	const char *cur = json_string_value(json_object_get(ws, "part"));
	json_t *a = json_array();
	for (size_t i = 0; i <= m->n_sections; i++) {
		const char *id = i < m->n_sections ? m->sections[i].id : WORKSHOP_PART_ACTIONS;
		const char *title = i < m->n_sections ? assessment_text(&m->sections[i].title, lang)
						      : i18n_t(lang, "workshop.part_actions");
		json_array_append_new(a, json_pack("{s:s,s:s,s:b,s:b,s:I}", "id", id, "title", title,
						   "current", cur && !strcmp(cur, id), "closed",
						   part_closed(ws, id), "number", (json_int_t)(i + 1)));
	}
	return a;
}

/* --- loading --------------------------------------------------------------------------- */

/* The workshop of the request with its round and method: 0, or an error
 * (nothing left to free then). */
static int load(struct api_ctx *c, int64_t id, json_t **ws, struct assessment_round *round,
		const struct method **m)
{
	*ws = workshop_store_get(id);
	if (!*ws)
		return -ERR_NOTFOUND;
	int rc = assessment_round_method(c, json_integer_value(json_object_get(*ws, "round_id")), round, m);
	if (rc < 0) {
		json_decref(*ws);
		*ws = NULL;
	}
	return rc;
}

static int is_open(json_t *ws)
{
	return workshop_status_parse(json_string_value(json_object_get(ws, "status"))) ==
	       WORKSHOP_STATUS_OPEN;
}

/* The join link (full URL) of a code. */
static void join_url(const struct api_ctx *c, const char *code, struct buf *out)
{
	char path[64];
	snprintf(path, sizeof path, "/werksessie?code=%s", code);
	assessment_link(c, path, out);
}

/* --- distribution ------------------------------------------------------------------------- */

/* The participants' rater ids that count (not removed), as a JSON object used as a set. */
static json_t *counting_raters(json_t *participants)
{
	json_t *set = json_object();
	size_t i;
	json_t *p;
	json_array_foreach (participants, i, p) {
		if (!json_is_null(json_object_get(p, "removed_at")))
			continue;
		char k[32];
		snprintf(k, sizeof k, "%lld", (long long)json_integer_value(json_object_get(p, "rater_id")));
		json_object_set_new(set, k, json_true());
	}
	return set;
}

/* Per question of the part: how many chose each level or option (anonymous),
 * "weet niet", and the texts written. */
static json_t *distribution(const struct method *m, const struct method_section *sec,
			    const struct assessment_answer_list *lists, size_t n_lists, json_t *raters,
			    const char *lang)
{
	json_t *qs = json_array();
	for (size_t k = 0; sec && k < sec->n_questions; k++) {
		const struct method_question *q = &m->questions[sec->first_question + k];
		json_t *bars = json_array(), *texts = json_array();
		size_t nbars = q->kind == METHOD_SCALE ? q->scale->n_anchors : q->n_options;
		size_t *counts = xcalloc(nbars + 1, sizeof *counts);
		json_int_t unknown = 0, answered = 0;
		for (size_t li = 0; li < n_lists; li++)
			for (size_t i = 0; i < lists[li].n; i++) {
				const struct assessment_answer *a = &lists[li].items[i];
				char rk[32];
				snprintf(rk, sizeof rk, "%lld", (long long)a->rater_id);
				if (strcmp(a->question_id, q->id) || !json_object_get(raters, rk))
					continue;
				answered++;
				if (a->unknown) {
					unknown++;
					continue;
				}
				if (q->kind == METHOD_SCALE && a->has_level) {
					for (size_t x = 0; x < nbars; x++)
						counts[x] += q->scale->anchors[x].level == a->level;
				} else if (q->kind == METHOD_TEXT && a->text && *a->text) {
					json_array_append_new(texts, json_string(a->text));
				} else {
					for (size_t o = 0; o < a->n_options; o++)
						for (size_t x = 0; x < nbars; x++)
							counts[x] += !strcmp(q->options[x].id, a->options[o]);
				}
			}
		json_int_t most = 0;
		for (size_t x = 0; x < nbars; x++)
			most = (json_int_t)counts[x] > most ? (json_int_t)counts[x] : most;
		for (size_t x = 0; x < nbars; x++) {
			char label[16];
			const char *text;
			if (q->kind == METHOD_SCALE) {
				snprintf(label, sizeof label, "%d", q->scale->anchors[x].level);
				text = assessment_text(&q->scale->anchors[x].text, lang);
			} else {
				snprintf(label, sizeof label, "%s", "");
				text = assessment_text(&q->options[x].text, lang);
			}
			/* the bar's width in tenths of the largest count, for the CSS classes */
			json_int_t tenth = most ? (json_int_t)(counts[x] * 10 / (size_t)most) : 0;
			json_array_append_new(bars,
					      json_pack("{s:s,s:s,s:I,s:I}", "label", label, "text", text,
							"count", (json_int_t)counts[x], "width", tenth));
		}
		free(counts);
		json_t *o = json_pack("{s:s,s:s,s:s,s:I,s:I,s:o,s:o}", "id", q->id, "kind",
				      method_kind_name(q->kind), "prompt", assessment_text(&q->prompt, lang),
				      "answered", answered, "unknown", unknown, "bars", bars, "texts", texts);
		if (q->ingredient) {
			json_object_set_new(o, "ingredient", json_string(q->ingredient->id));
			json_object_set_new(o, "feeds",
					    json_string(assessment_text(&q->ingredient->title, lang)));
		}
		json_array_append_new(qs, o);
	}
	return qs;
}

/* --- agreed values ------------------------------------------------------------------------ */

/* The stored agreed row of item, or NULL (borrowed from rows). */
static json_t *agreed_row(json_t *rows, const char *item)
{
	size_t i;
	json_t *r;
	json_array_foreach (rows, i, r)
		if (!strcmp(json_string_value(json_object_get(r, "item")), item))
			return r;
	return NULL;
}

/* The initiative's ambition as one sentence, to start the impact statement from. */
static char *ambition_sentence(int64_t initiative_id, const char *lang)
{
	json_t *in = api_initiative_doc(initiative_id);
	json_t *amb = json_object_get(in, "ambition");
	struct buf b = BUF_INIT;
	const char *who = json_string_value(json_object_get(amb, "targetGroup"));
	const char *where = json_string_value(json_object_get(amb, "area"));
	json_t *reach = json_object_get(amb, "reach");
	const char *when = json_string_value(json_object_get(amb, "targetDate"));
	if (who && *who)
		buf_printf(&b, "%s: %s. ", i18n_t(lang, "workshop.amb_who"), who);
	if (where && *where)
		buf_printf(&b, "%s: %s. ", i18n_t(lang, "workshop.amb_where"), where);
	if (json_is_integer(reach))
		buf_printf(&b, "%s: %lld. ", i18n_t(lang, "workshop.amb_reach"),
			   (long long)json_integer_value(reach));
	if (when && *when)
		buf_printf(&b, "%s: %s.", i18n_t(lang, "workshop.amb_when"), when);
	json_decref(in);
	return buf_steal(&b);
}

/* What can be agreed in a part: each ingredient it feeds (level and texts),
 * or one statement for the part itself (impact, routes); routes also list
 * the routes to choose and the pitfalls that threaten each. */
static json_t *agreed_items(const struct method *m, const char *part, json_t *rows, int64_t initiative_id,
			    const char *lang)
{
	json_t *items = json_array();
	const struct method_section *sec = section_of(m, part);
	if (!sec)
		return items;
	int any_ingredient = 0;
	for (size_t i = 0; i < m->n_ingredients; i++) {
		const struct method_ingredient *mi = &m->ingredients[i];
		int here = 0;
		for (size_t k = 0; k < sec->n_questions; k++)
			here |= m->questions[sec->first_question + k].ingredient == mi;
		if (!here)
			continue;
		any_ingredient = 1;
		json_t *r = agreed_row(rows, mi->id);
		json_t *levels = json_array();
		json_t *lv = r ? json_object_get(r, "level") : NULL;
		for (size_t x = 0; x < mi->scale->n_anchors; x++)
			json_array_append_new(
			    levels, json_pack("{s:i,s:s,s:b}", "level", mi->scale->anchors[x].level, "text",
					      assessment_text(&mi->scale->anchors[x].text, lang), "selected",
					      json_is_integer(lv) &&
						  json_integer_value(lv) == mi->scale->anchors[x].level));
		json_array_append_new(
		    items,
		    json_pack("{s:s,s:s,s:s,s:O,s:s,s:s,s:s,s:o,s:b}", "item", mi->id, "kind", "ingredient",
			      "title", assessment_text(&mi->title, lang), "level", lv ? lv : json_null(),
			      "conclusion", r ? json_string_value(json_object_get(r, "conclusion")) : "",
			      "evidence", r ? json_string_value(json_object_get(r, "evidence")) : "",
			      "dissent", r ? json_string_value(json_object_get(r, "dissent")) : "", "levels",
			      levels, "recorded", r != NULL));
	}
	if (any_ingredient || !strcmp(part, "pitfalls"))
		return items;
	/* A statement for the part, prefilled from the ambition for impact. */
	json_t *r = agreed_row(rows, part);
	char *pre = NULL;
	if (!r && !strcmp(part, "impact"))
		pre = ambition_sentence(initiative_id, lang);
	json_t *it = json_pack("{s:s,s:s,s:s,s:o,s:s,s:s,s:s,s:o,s:b}", "item", part, "kind", "part", "title",
			       assessment_text(&sec->title, lang), "level", json_null(), "conclusion",
			       r ? json_string_value(json_object_get(r, "conclusion")) : (pre ? pre : ""),
			       "evidence", r ? json_string_value(json_object_get(r, "evidence")) : "",
			       "dissent", r ? json_string_value(json_object_get(r, "dissent")) : "", "levels",
			       json_array(), "recorded", r != NULL);
	free(pre);
	/* Routes: the choice over every route question of the part (directions,
	 * then mechanisms), and the pitfalls each route triggers: the method's
	 * own list, else the built-in table. */
	int any_routes = 0;
	json_t *chosen = r ? json_loads(json_string_value(json_object_get(r, "choices")), 0, NULL) : NULL;
	json_t *routes = json_array();
	for (size_t k = 0; k < sec->n_questions; k++) {
		const struct method_question *rq = &m->questions[sec->first_question + k];
		if (!rq->options_are_routes)
			continue;
		any_routes = 1;
		for (size_t x = 0; x < rq->n_options; x++) {
			int on = 0;
			size_t j;
			json_t *e;
			json_array_foreach (chosen, j, e)
				on |= json_is_string(e) && !strcmp(json_string_value(e), rq->options[x].id);
			json_t *threats = json_array();
			const struct method_route *route = method_route_find(m, rq->options[x].id);
			if (route && route->n_pitfalls) {
				for (size_t p = 0; p < route->n_pitfalls; p++)
					json_array_append_new(
					    threats,
					    json_pack("{s:s,s:s}", "id", route->pitfalls[p]->id, "title",
						      assessment_text(&route->pitfalls[p]->title, lang)));
			} else {
				for (const char *const *p = workshop_route_threats(rq->options[x].id); *p;
				     p++) {
					const struct method_pitfall *pf = method_pitfall_find(m, *p);
					if (pf)
						json_array_append_new(
						    threats, json_pack("{s:s,s:s}", "id", pf->id, "title",
								       assessment_text(&pf->title, lang)));
				}
			}
			json_array_append_new(routes,
					      json_pack("{s:s,s:s,s:b,s:o}", "id", rq->options[x].id, "title",
							assessment_text(&rq->options[x].text, lang), "chosen",
							on, "threats", threats));
		}
	}
	json_decref(chosen);
	if (any_routes)
		json_object_set_new(it, "routes", routes);
	else
		json_decref(routes);
	json_array_append_new(items, it);
	return items;
}

/* --- the facilitator's view --------------------------------------------------------------------- */

static json_t *facilitator_doc(struct api_ctx *c, json_t *ws, const struct assessment_round *round,
			       const struct method *m)
{
	int64_t id = json_integer_value(json_object_get(ws, "id"));
	const char *part = json_string_value(json_object_get(ws, "part"));
	json_t *participants = workshop_store_participants(id);
	json_t *raters = counting_raters(participants);
	/* every participant's answers, drafts included: the room answers live */
	size_t np = json_array_size(participants);
	struct assessment_answer_list *answers = xcalloc(np + 1, sizeof *answers);
	for (size_t k = 0; k < np; k++)
		assessment_store_answers(
		    json_integer_value(json_object_get(json_array_get(participants, k), "rater_id")),
		    &answers[k]);
	json_t *plist = json_array();
	size_t i;
	json_t *p;
	json_int_t present = 0;
	json_array_foreach (participants, i, p) {
		int removed = !json_is_null(json_object_get(p, "removed_at"));
		present += !removed;
		json_array_append_new(plist,
				      json_pack("{s:O,s:O,s:O,s:O,s:b,s:O}", "id", json_object_get(p, "id"),
						"name", json_object_get(p, "name"), "roleLabel",
						json_object_get(p, "role_label"), "joinedAt",
						json_object_get(p, "joined_at"), "removed", removed,
						"answers", json_object_get(p, "answers")));
	}
	const char *code = json_string_value(json_object_get(ws, "code"));
	struct buf url = BUF_INIT;
	if (code)
		join_url(c, code, &url);
	json_t *rows = workshop_store_agreed(round->id);
	const struct method_section *sec = section_of(m, part);
	json_t *o = json_pack(
	    "{s:I,s:I,s:s,s:I,s:s,s:s,s:s,s:o,s:o,s:s,s:b,s:o,s:o,s:I,s:o,s:o}", "id", (json_int_t)id,
	    "roundId", (json_int_t)round->id, "roundTitle", round->title, "initiativeId",
	    (json_int_t)round->initiative_id, "initiativeName", round->initiative_name, "methodTitle",
	    assessment_text(&m->title, c->lang), "status", json_string_value(json_object_get(ws, "status")),
	    "code", code ? json_string(code) : json_null(), "joinUrl",
	    code ? json_string(buf_str(&url)) : json_null(), "part", part, "partClosed",
	    part_closed(ws, part), "parts", parts_json(m, ws, c->lang), "participants", plist, "present",
	    present, "questions", distribution(m, sec, answers, np, raters, c->lang), "agreed",
	    agreed_items(m, part, rows, round->initiative_id, c->lang));
	if (sec && sec->intro.nl)
		json_object_set_new(o, "partIntro", json_string(assessment_text(&sec->intro, c->lang)));
	/* The actions agreed in the room: those of this round without a rule. */
	struct action_list al;
	char today[11];
	assessment_today(today);
	action_store_list(round->initiative_id, &al);
	json_t *acts = json_array();
	for (size_t k = 0; k < al.n; k++)
		if (al.items[k].round_id == round->id && !*al.items[k].rule_id)
			json_array_append_new(acts, api_action_json(&al.items[k], today));
	action_list_free(&al);
	json_object_set_new(o, "actions", acts);
	json_object_set_new(o, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	if (c->is_page) {
		/* the action form's choices: members as owners, ingredients to link */
		json_object_set_new(o, "members", api_members(c->org_id));
		json_t *ing = json_array();
		for (size_t k = 0; k < m->n_ingredients; k++)
			json_array_append_new(ing,
					      json_pack("{s:s,s:s}", "id", m->ingredients[k].id, "title",
							assessment_text(&m->ingredients[k].title, c->lang)));
		json_object_set_new(o, "ingredientChoices", ing);
	}
	buf_free(&url);
	json_decref(rows);
	json_decref(raters);
	json_decref(participants);
	for (size_t k = 0; k < np; k++)
		assessment_answer_list_free(&answers[k]);
	free(answers);
	return o;
}

int api_workshop_get(struct api_ctx *c, json_t **out)
{
	json_t *ws;
	struct assessment_round round;
	const struct method *m;
	int rc = load(c, c->obj_id, &ws, &round, &m);
	if (rc < 0)
		return rc;
	*out = facilitator_doc(c, ws, &round, m);
	json_decref(ws);
	assessment_round_free(&round);
	return 0;
}

/* POST /rondes/{roundId}/werksessie: a workshop on an open round. */
int api_workshop_start(struct api_ctx *c, json_t **out)
{
	struct assessment_round round;
	const struct method *m;
	int rc = assessment_round_method(c, c->obj_id, &round, &m);
	if (rc < 0)
		return rc;
	int open = round.status == ASSESSMENT_ROUND_OPEN;
	assessment_round_free(&round);
	if (!open) {
		c->detail = "err.round_closed";
		return -ERR_CONFLICT;
	}
	int64_t have = workshop_store_by_round(c->obj_id);
	if (have > 0) {
		c->detail = "err.workshop.exists";
		return -ERR_CONFLICT;
	}
	int64_t id = -ERR_CONFLICT;
	/* a taken code (another open workshop) is simply drawn again */
	for (int tries = 0; tries < 8 && id == -ERR_CONFLICT; tries++) {
		char tok[SECRET_TOKEN_LEN + 1], code[WORKSHOP_CODE_LEN + 1];
		secret_token(tok);
		workshop_code_from_bytes((const unsigned char *)tok, strlen(tok), code);
		id = workshop_store_create(
		    c->obj_id, code, m->n_sections ? m->sections[0].id : WORKSHOP_PART_ACTIONS, c->user_id);
	}
	if (id < 0)
		return (int)id;
	api_audit_id(c, "workshop.start", "workshop", id, "ok");
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/werksessies/%lld", (long long)id);
	c->obj_id = id;
	return api_workshop_get(c, out);
}

/* The workshop of the request, open, with round and method; or an error. */
static int load_open(struct api_ctx *c, json_t **ws, struct assessment_round *round, const struct method **m)
{
	int rc = load(c, c->obj_id, ws, round, m);
	if (rc < 0)
		return rc;
	if (!is_open(*ws)) {
		json_decref(*ws);
		assessment_round_free(round);
		c->detail = "err.workshop.closed";
		return -ERR_CONFLICT;
	}
	return 0;
}

/* After a facilitator's change: the fresh view (API) or back to it (page). */
static int done(struct api_ctx *c, const char *anchor, json_t **out)
{
	snprintf(c->location, sizeof c->location, "/werksessies/%lld%s", (long long)c->obj_id, anchor);
	return api_workshop_get(c, out);
}

/* POST .../deel {part, close}: go to a part; close=1 closes it for answers. */
int api_workshop_part(struct api_ctx *c, json_t **out)
{
	static const struct field f[] = {
	    {.name = "part", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 64},
	    {.name = "close", .type = FIELD_BOOLEAN},
	};
	struct field_value v[2];
	if (api_fields(c, f, 2, v) < 0)
		return -ERR_INVALID;
	json_t *ws;
	struct assessment_round round;
	const struct method *m;
	int rc = load_open(c, &ws, &round, &m);
	if (rc < 0)
		return rc;
	if (!part_known(m, v[0].s)) {
		problem_add(c->invalid, "part", "err.workshop.part");
		rc = -ERR_INVALID;
	} else if (v[1].ok && v[1].b) {
		json_t *closed = json_loads(json_string_value(json_object_get(ws, "closed_parts")), 0, NULL);
		if (!json_is_array(closed)) {
			json_decref(closed);
			closed = json_array();
		}
		if (!part_closed(ws, v[0].s))
			json_array_append_new(closed, json_string(v[0].s));
		char *txt = json_dumps(closed, JSON_COMPACT);
		workshop_store_set_closed_parts(c->obj_id, txt);
		free(txt);
		json_decref(closed);
		api_audit_id(c, "workshop.close_part", "workshop", c->obj_id, "ok");
	} else {
		workshop_store_set_part(c->obj_id, v[0].s);
		api_audit_id(c, "workshop.part", "workshop", c->obj_id, "ok");
	}
	json_decref(ws);
	assessment_round_free(&round);
	return rc < 0 ? rc : done(c, "#live", out);
}

/* POST .../vastgesteld: what the group agreed on an ingredient or a part. */
int api_workshop_agree(struct api_ctx *c, json_t **out)
{
	enum { A_ITEM, A_LEVEL, A_CONCL, A_EVID, A_DISSENT, A_ROUTES };
	static const struct field f[] = {
	    [A_ITEM] = {.name = "item", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 64},
	    [A_LEVEL] =
		{.name = "level", .type = FIELD_INTEGER, .flags = FIELD_NULLABLE, .min = 0, .max = 100},
	    [A_CONCL] = {.name = "conclusion", .type = FIELD_STRING, .max_len = TEXT_MAX_LEN},
	    [A_EVID] = {.name = "evidence", .type = FIELD_STRING, .max_len = TEXT_MAX_LEN},
	    [A_DISSENT] = {.name = "dissent", .type = FIELD_STRING, .max_len = TEXT_MAX_LEN},
	    [A_ROUTES] = {.name = "routes", .type = FIELD_ANY},
	};
	struct field_value v[FIELD_COUNT(f)];
	api_fields(c, f, FIELD_COUNT(f), v);
	json_t *ws;
	struct assessment_round round;
	const struct method *m;
	int rc = load_open(c, &ws, &round, &m);
	if (rc < 0)
		return rc;
	const char *item = v[A_ITEM].s;
	const struct method_ingredient *mi = item ? method_ingredient_find(m, item) : NULL;
	int is_part = item && (!strcmp(item, "impact") || !strcmp(item, "routes")) && section_of(m, item);
	if (item && !mi && !is_part)
		problem_add(c->invalid, "item", "err.workshop.item");
	int64_t level = v[A_LEVEL].ok ? v[A_LEVEL].i : -1;
	if (level >= 0 && (!mi || level < mi->scale->min || level > mi->scale->max))
		problem_add(c->invalid, "level", "err.level");
	/* routes: an array of route ids (API) or checkboxes {id: "1"} (form) */
	json_t *chosen = json_array();
	const json_t *rv = v[A_ROUTES].j;
	const struct method_section *rs = section_of(m, "routes");
	size_t i;
	const char *key;
	json_t *e;
	if (json_is_array(rv)) {
		json_array_foreach (rv, i, e)
			json_array_append(chosen, e);
	} else if (json_is_object(rv)) {
		json_object_foreach ((json_t *)rv, key, e)
			json_array_append_new(chosen, json_string(key));
	} else if (rv) {
		problem_add(c->invalid, "routes", "err.option");
	}
	json_array_foreach (chosen, i, e)
		if (!json_is_string(e) || !route_offered(m, rs, json_string_value(e)) || !item ||
		    strcmp(item, "routes")) {
			problem_add(c->invalid, "routes", "err.option");
			break;
		}
	if (json_array_size(c->invalid)) {
		json_decref(chosen);
		json_decref(ws);
		assessment_round_free(&round);
		return -ERR_INVALID;
	}
	char *ct = json_dumps(chosen, JSON_COMPACT);
	workshop_store_agreed_put(round.id, item, level, v[A_CONCL].s, v[A_EVID].s, v[A_DISSENT].s, ct);
	free(ct);
	json_decref(chosen);
	api_audit_id(c, "workshop.agree", "round", round.id, "ok");
	json_decref(ws);
	assessment_round_free(&round);
	char anchor[80];
	snprintf(anchor, sizeof anchor, "#vast-%s", item);
	return done(c, anchor, out);
}

/* POST .../acties: an action agreed in the room (owner, due date, ingredient). */
int api_workshop_action(struct api_ctx *c, json_t **out)
{
	enum { W_TITLE, W_OWNER, W_OWNER_ID, W_DUE, W_INGREDIENT };
	static const struct field f[] = {
	    [W_TITLE] = {.name = "title", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 500},
	    [W_OWNER] = {.name = "owner", .type = FIELD_STRING, .max_len = 120},
	    [W_OWNER_ID] = {.name = "ownerId",
			    .type = FIELD_ID,
			    .flags = FIELD_NULLABLE,
			    .reason = "err.not_member"},
	    [W_DUE] = {.name = "dueDate", .type = FIELD_DATE, .flags = FIELD_REQUIRED},
	    [W_INGREDIENT] = {.name = "ingredient", .type = FIELD_STRING, .max_len = 64},
	};
	struct field_value v[FIELD_COUNT(f)];
	api_fields(c, f, FIELD_COUNT(f), v);
	json_t *ws;
	struct assessment_round round;
	const struct method *m;
	int rc = load_open(c, &ws, &round, &m);
	if (rc < 0)
		return rc;
	char today[11];
	assessment_today(today);
	if (v[W_DUE].ok && strcmp(v[W_DUE].s, today) < 0)
		problem_add(c->invalid, "dueDate", "err.due_past");
	int64_t owner_id = 0;
	if (v[W_OWNER_ID].ok && org_role(c->org_id, v[W_OWNER_ID].i) != ROLE_NONE)
		owner_id = v[W_OWNER_ID].i;
	else if (v[W_OWNER_ID].ok)
		problem_add(c->invalid, "ownerId", "err.not_member");
	if (!owner_id && !(v[W_OWNER].s && *v[W_OWNER].s))
		problem_add(c->invalid, "ownerId", "err.workshop.owner");
	const char *ing = v[W_INGREDIENT].s;
	if (ing && *ing && !method_ingredient_find(m, ing))
		problem_add(c->invalid, "ingredient", "err.workshop.item");
	if (json_array_size(c->invalid)) {
		json_decref(ws);
		assessment_round_free(&round);
		return -ERR_INVALID;
	}
	struct action_in a = {.initiative_id = round.initiative_id,
			      .round_id = round.id,
			      .rule_id = "",
			      .ingredient = ing ? ing : "",
			      .title = v[W_TITLE].s,
			      .owner = v[W_OWNER].s ? v[W_OWNER].s : "",
			      .owner_id = owner_id,
			      .due_date = v[W_DUE].s,
			      .status = ACTION_OPEN,
			      .parties = NULL};
	int64_t aid = action_store_create(&a);
	json_decref(ws);
	assessment_round_free(&round);
	if (aid < 0)
		return (int)aid;
	api_audit_id(c, "action.create", "action", aid, "ok");
	c->status = 201;
	return done(c, "#afspraken", out);
}

/* Participant removal: their link stops working and their answers stop counting. */
int api_workshop_remove(struct api_ctx *c, json_t **out)
{
	int64_t pid = c->ids[1];
	if (workshop_store_participant_workshop(pid) != c->obj_id)
		return -ERR_NOTFOUND;
	int64_t rater = workshop_store_participant_rater(pid);
	if (workshop_store_participant_remove(pid) == 0) {
		assessment_store_rater_revoke(rater);
		api_audit_id(c, "workshop.remove", "participant", pid, "ok");
	}
	snprintf(c->location, sizeof c->location, "/werksessies/%lld#deelnemers", (long long)c->obj_id);
	c->status = 204;
	*out = NULL;
	return 0;
}

/* POST .../sluiten: the workshop ends; the code stops working and every
 * participant who answered counts as a rater who submitted. */
int api_workshop_close(struct api_ctx *c, json_t **out)
{
	json_t *ws;
	struct assessment_round round;
	const struct method *m;
	int rc = load_open(c, &ws, &round, &m);
	if (rc < 0)
		return rc;
	json_t *ps = workshop_store_participants(c->obj_id);
	size_t i;
	json_t *p;
	json_array_foreach (ps, i, p)
		if (json_is_null(json_object_get(p, "removed_at")) &&
		    json_integer_value(json_object_get(p, "answers")) > 0)
			assessment_store_rater_set_status(json_integer_value(json_object_get(p, "rater_id")),
							  RATER_SUBMITTED);
	json_decref(ps);
	workshop_store_close(c->obj_id);
	api_audit_id(c, "workshop.close", "workshop", c->obj_id, "ok");
	json_decref(ws);
	assessment_round_free(&round);
	return done(c, "", out);
}

/* GET .../qr: the join link as a QR code (SVG), while the workshop is open. */
int api_workshop_qr(struct api_ctx *c, json_t **out)
{
	json_t *ws = workshop_store_get(c->obj_id);
	if (!ws)
		return -ERR_NOTFOUND;
	const char *code = json_string_value(json_object_get(ws, "code"));
	if (!code) {
		json_decref(ws);
		c->detail = "err.workshop.closed";
		return -ERR_CONFLICT;
	}
	struct buf url = BUF_INIT;
	join_url(c, code, &url);
	char *svg = qrsvg(buf_str(&url), NULL);
	buf_free(&url);
	json_decref(ws);
	if (!svg)
		return -ERR_INVALID;
	*out = json_string(svg);
	free(svg);
	c->raw_type = "image/svg+xml";
	return 0;
}

/* --- participants ----------------------------------------------------------------------------- */

int api_workshop_join_form(struct api_ctx *c, json_t **out)
{
	const char *code = api_str(c->query, "code");
	*out = json_pack("{s:s}", "code", code ? code : "");
	return 0;
}

/* POST /werksessie {code, name, roleLabel}: join without an account. */
int api_workshop_join(struct api_ctx *c, json_t **out)
{
	static const struct field f[] = {
	    {.name = "code", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 20},
	    {.name = "name", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = NAME_MAX_LEN},
	    {.name = "roleLabel", .type = FIELD_STRING, .max_len = 60},
	};
	struct field_value v[3];
	int64_t now = time_now();
	/* Guessing codes is limited per client address, before anything else. */
	if (!workshop_join_allowed(workshop_store_failures(c->ip, now - WORKSHOP_JOIN_WINDOW_S))) {
		c->retry_after = WORKSHOP_JOIN_WINDOW_S;
		c->detail = "err.workshop.too_many";
		api_audit(c, "workshop.join", "workshop", "limited");
		return -ERR_LIMIT;
	}
	if (api_fields(c, f, 3, v) < 0)
		return -ERR_INVALID;
	char code[WORKSHOP_CODE_LEN + 1];
	int64_t wid = workshop_code_normalise(v[0].s, code) == 0 ? workshop_store_by_code(code) : 0;
	if (wid <= 0) {
		workshop_store_failure_add(c->ip, now);
		c->commit_on_error = 1; /* the failure must count toward the limit */
		problem_add(c->invalid, "code", "err.workshop.code");
		api_audit(c, "workshop.join", "workshop", "invalid");
		return -ERR_INVALID;
	}
	json_t *ws = workshop_store_get(wid);
	int64_t round_id = json_integer_value(json_object_get(ws, "round_id"));
	json_decref(ws);
	char tok[SECRET_TOKEN_LEN + 1], salted[SECRET_TOKEN_LEN + 8];
	unsigned char hash[SECRET_HASH_LEN], rhash[SECRET_HASH_LEN];
	secret_token(tok);
	secret_digest(tok, hash);
	/* the rater's own digest differs, so the token is no invitation link */
	snprintf(salted, sizeof salted, "ws:%s", tok);
	secret_digest(salted, rhash);
	int64_t rater = assessment_store_rater_add(round_id, 0, v[1].s, v[2].s ? v[2].s : "", rhash,
						   now + PARTICIPANT_DAYS * 86400);
	if (rater < 0)
		return (int)rater;
	int64_t pid = workshop_store_participant_add(wid, rater, hash, v[1].s);
	if (pid < 0)
		return (int)pid;
	api_audit_id(c, "workshop.join", "participant", pid, "ok");
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/werksessie/%s", tok);
	*out = json_pack("{s:I,s:I,s:s,s:s}", "participantId", (json_int_t)pid, "workshopId", (json_int_t)wid,
			 "name", v[1].s, "link", c->location);
	return 0;
}

/* The participant behind a token: 0 with its row, 404 unknown, 410 removed. */
static int participant(struct api_ctx *c, json_t **p)
{
	const char *tok = c->param[0];
	*p = NULL;
	if (!tok || strlen(tok) != SECRET_TOKEN_LEN)
		return -ERR_NOTFOUND;
	unsigned char hash[SECRET_HASH_LEN];
	secret_digest(tok, hash);
	*p = workshop_store_participant_by_hash(hash);
	if (!*p) {
		c->detail = "err.workshop.unknown";
		return -ERR_NOTFOUND;
	}
	if (!json_is_null(json_object_get(*p, "removed_at"))) {
		json_decref(*p);
		*p = NULL;
		c->detail = "err.workshop.removed";
		return -ERR_GONE;
	}
	return 0;
}

/* The phone's sheet: the current part's questions with my answers. */
static int phone_doc(struct api_ctx *c, json_t *p, int saved, json_t **out)
{
	json_t *ws;
	struct assessment_round round;
	const struct method *m;
	int rc = load(c, json_integer_value(json_object_get(p, "workshop_id")), &ws, &round, &m);
	if (rc < 0)
		return rc;
	const char *part = json_string_value(json_object_get(ws, "part"));
	const struct method_section *sec = section_of(m, part);
	int open = is_open(ws);
	int closed = !open || part_closed(ws, part) || !sec;
	struct assessment_answer_list mine;
	assessment_store_answers(json_integer_value(json_object_get(p, "rater_id")), &mine);
	json_t *qs = json_array();
	for (size_t k = 0; sec && k < sec->n_questions; k++) {
		const struct method_question *q = &m->questions[sec->first_question + k];
		const struct assessment_answer *a = NULL;
		for (size_t i = 0; i < mine.n; i++)
			if (!strcmp(mine.items[i].question_id, q->id))
				a = &mine.items[i];
		json_t *o = json_pack("{s:s,s:s,s:s,s:b,s:s}", "id", q->id, "kind", method_kind_name(q->kind),
				      "prompt", assessment_text(&q->prompt, c->lang), "unknown",
				      a && a->unknown, "text", a && a->text ? a->text : "");
		if (q->help.nl)
			json_object_set_new(o, "help", json_string(assessment_text(&q->help, c->lang)));
		if (q->pitfall)
			json_object_set_new(o, "explanation",
					    json_string(assessment_text(&q->pitfall->description, c->lang)));
		if (q->not_applicable) {
			json_object_set_new(o, "notApplicableAllowed", json_true());
			json_object_set_new(o, "notApplicable", json_boolean(a && a->not_applicable));
		}
		if (q->kind == METHOD_NUMBER && a && a->has_level)
			json_object_set_new(o, "value", json_integer(a->level));
		json_t *ch = json_array();
		if (q->kind == METHOD_SCALE)
			for (size_t x = 0; x < q->scale->n_anchors; x++)
				json_array_append_new(
				    ch,
				    json_pack("{s:s,s:s,s:b}", "value", "", "text",
					      assessment_text(&q->scale->anchors[x].text, c->lang), "checked",
					      a && !a->unknown && a->has_level &&
						  a->level == q->scale->anchors[x].level));
		else
			for (size_t x = 0; x < q->n_options; x++) {
				int on = 0;
				for (size_t j = 0; a && j < a->n_options; j++)
					on |= !strcmp(a->options[j], q->options[x].id);
				json_array_append_new(
				    ch,
				    json_pack("{s:s,s:s,s:b}", "value", q->options[x].id, "text",
					      assessment_text(&q->options[x].text, c->lang), "checked", on));
			}
		if (q->kind == METHOD_SCALE)
			for (size_t x = 0; x < q->scale->n_anchors; x++) {
				char lv[12];
				snprintf(lv, sizeof lv, "%d", q->scale->anchors[x].level);
				json_object_set_new(json_array_get(ch, x), "value", json_string(lv));
			}
		json_object_set_new(o, "choices", ch);
		json_array_append_new(qs, o);
	}
	assessment_answer_list_free(&mine);
	char action[96];
	snprintf(action, sizeof action, "/werksessie/%s", c->param[0]);
	*out = json_pack(
	    "{s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:o,s:s,s:b,s:s}", "name",
	    json_string_value(json_object_get(p, "name")), "initiativeName", round.initiative_name,
	    "roundTitle", round.title, "part", part, "partTitle",
	    sec ? assessment_text(&sec->title, c->lang) : i18n_t(c->lang, "workshop.part_actions"), "open",
	    open, "partClosed", closed, "questions", qs, "action", action, "saved", saved, "state",
	    !open    ? "einde"
	    : closed ? "dicht"
		     : "open");
	json_decref(ws);
	assessment_round_free(&round);
	return 0;
}

int api_workshop_phone(struct api_ctx *c, json_t **out)
{
	json_t *p;
	int rc = participant(c, &p);
	if (rc < 0)
		return rc;
	rc = phone_doc(c, p, api_str(c->query, "opgeslagen") != NULL, out);
	json_decref(p);
	return rc;
}

/* POST /werksessie/{token}: my answers to the current part, changeable
 * until the facilitator closes the part. */
int api_workshop_answer(struct api_ctx *c, json_t **out)
{
	json_t *p;
	int rc = participant(c, &p);
	if (rc < 0)
		return rc;
	static const struct field f[] = {{.name = "answers", .type = FIELD_OBJECT, .flags = FIELD_OPEN}};
	struct field_value fv[1];
	api_fields(c, f, 1, fv);
	json_t *ws;
	struct assessment_round round;
	const struct method *m;
	rc = load(c, json_integer_value(json_object_get(p, "workshop_id")), &ws, &round, &m);
	if (rc < 0) {
		json_decref(p);
		return rc;
	}
	const char *part = json_string_value(json_object_get(ws, "part"));
	const struct method_section *sec = section_of(m, part);
	if (!is_open(ws) || !sec || part_closed(ws, part)) {
		c->detail = "err.workshop.part_closed";
		rc = -ERR_CONFLICT;
	}
	json_t *answers = json_object_get(c->body, "answers");
	int64_t rater = json_integer_value(json_object_get(p, "rater_id"));
	if (rc == 0 && json_is_object(answers)) {
		struct workshop_answer *wa;
		size_t n = workshop_answers_read(m, sec, answers, c->invalid, &wa);
		for (size_t k = 0; k < n; k++)
			assessment_store_answer_put(rater, &wa[k].in);
		workshop_answers_free(wa, n);
	}
	if (rc == 0 && json_array_size(c->invalid))
		rc = -ERR_INVALID;
	if (rc == 0) {
		assessment_store_rater_set_status(rater, RATER_DRAFT);
		api_audit_id(c, "workshop.answer", "rater", rater, "ok");
		snprintf(c->location, sizeof c->location, "/werksessie/%s?opgeslagen=1#live", c->param[0]);
	}
	json_decref(ws);
	assessment_round_free(&round);
	if (rc == 0 || rc == -ERR_INVALID)
		rc = rc == 0 ? phone_doc(c, p, 1, out) : rc;
	json_decref(p);
	return rc;
}

/* --- results ---------------------------------------------------------------------------------- */

void workshop_results_extras(int64_t round_id, const struct method *m, json_t *results, const char *lang)
{
	json_t *rows = workshop_store_agreed(round_id);
	json_t *list = json_array();
	size_t i;
	json_t *r, *ing;
	json_array_foreach (rows, i, r) {
		const char *item = json_string_value(json_object_get(r, "item"));
		const struct method_ingredient *mi = method_ingredient_find(m, item);
		const struct method_section *sec = section_of(m, item);
		json_t *lv = json_object_get(r, "level");
		json_t *o =
		    json_pack("{s:s,s:s,s:b,s:O,s:O,s:O,s:O}", "id", item, "title",
			      mi    ? assessment_text(&mi->title, lang)
			      : sec ? assessment_text(&sec->title, lang)
				    : item,
			      "hasLevel", json_is_integer(lv), "level", lv, "conclusion",
			      json_object_get(r, "conclusion"), "evidence", json_object_get(r, "evidence"),
			      "dissent", json_object_get(r, "dissent"));
		json_array_append_new(list, o);
		size_t k;
		json_array_foreach (json_object_get(results, "ingredients"), k, ing)
			if (!strcmp(json_string_value(json_object_get(ing, "id")), item))
				json_object_set(ing, "agreed", o);
	}
	json_object_set_new(results, "agreed", list);
	int64_t wid = workshop_store_by_round(round_id);
	json_object_set_new(results, "workshopId", wid > 0 ? json_integer(wid) : json_null());
	json_decref(rows);
}
