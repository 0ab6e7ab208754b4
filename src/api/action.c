/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * action: the action list of an initiative. Actions are typed in by the
 * team or accepted (and edited) from a round's suggestions; an accepted
 * suggestion keeps its rule, round and the kinds of party that can help.
 * Overdue is domain/action's rule. The owner is a member (ownerId) and/or
 * free text for someone outside the organisation, such as a partner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include "api/assessment.h"
#include "api/common.h"
#include "api/field.h"
#include "api/initiative.h"
#include "api/notify.h"
#include "api/organisation.h"
#include "api/page.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/action_store.h"
#include "store/assessment_store.h"
#include "store/initiative_store.h"
#include "store/org.h"

json_t *api_action_json(const struct action *a, const char *today)
{
	json_t *parties = json_array();
	for (size_t i = 0; i < a->n_parties; i++)
		json_array_append_new(parties, json_pack("{s:s,s:s}", "type", a->parties[i].type, "label",
							 a->parties[i].label));
	return json_pack(
	    "{s:I,s:I,s:s,s:o,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:s,s:o,s:s,s:s,s:b}", "id", (json_int_t)a->id,
	    "initiativeId", (json_int_t)a->initiative_id, "initiativeName", a->initiative_name, "roundId",
	    assessment_id_or_null(a->round_id), "ruleId", a->rule_id, "ingredient", a->ingredient, "title",
	    a->title, "owner", a->owner, "ownerId", assessment_id_or_null(a->owner_id), "ownerName",
	    assessment_str_or_null(a->owner_name), "dueDate", assessment_str_or_null(a->due_date), "status",
	    action_status_name(a->status), "parties", parties, "createdAt", a->created_at, "updatedAt",
	    a->updated_at, "overdue", action_overdue(a->status, a->due_date, today));
}

/* The stored action as Action, or NULL when absent. */
static json_t *action_doc(int64_t id)
{
	struct action a;
	if (action_store_get(id, &a) < 0)
		return NULL;
	char today[11];
	assessment_today(today);
	json_t *o = api_action_json(&a, today);
	action_free(&a);
	return o;
}

/* Ingredients, components, pitfalls and routes of the methods used on the
 * initiative, for linking an action: [{id, title}]. */
static json_t *link_choices(int64_t initiative_id, const char *lang)
{
	struct assessment_round_list rounds;
	assessment_store_round_list(initiative_id, &rounds);
	json_t *out = json_array(), *seen = json_object();
	for (size_t i = 0; i < rounds.n; i++) {
		const struct method *m = assessment_method(&rounds.items[i]);
		if (!m || json_object_get(seen, m->id))
			continue;
		json_object_set_new(seen, m->id, json_true());
		for (size_t k = 0; k < m->n_ingredients; k++)
			json_array_append_new(out,
					      json_pack("{s:s,s:s}", "id", m->ingredients[k].id, "title",
							assessment_text(&m->ingredients[k].title, lang)));
		for (size_t k = 0; k < m->n_components; k++)
			json_array_append_new(out, json_pack("{s:s,s:s}", "id", m->components[k].id, "title",
							     assessment_text(&m->components[k].title, lang)));
		for (size_t k = 0; k < m->n_pitfalls; k++)
			json_array_append_new(out, json_pack("{s:s,s:s}", "id", m->pitfalls[k].id, "title",
							     assessment_text(&m->pitfalls[k].title, lang)));
		for (size_t k = 0; k < m->n_routes; k++)
			json_array_append_new(out, json_pack("{s:s,s:s}", "id", m->routes[k].id, "title",
							     assessment_text(&m->routes[k].title, lang)));
	}
	json_decref(seen);
	assessment_round_list_free(&rounds);
	return out;
}

/*
 * The action form's selects need real data from the store, so a page gets
 * it here: what an action can be linked to (the methods of the initiative's
 * rounds) and the members who can own it. Which option is selected is the
 * template's (v.ingredient, v.ownerId: what was typed, else what is
 * stored); the status choices are the view's (assessment_view.c).
 */
static void form_choices(struct api_ctx *c, json_t *o, int64_t initiative_id)
{
	json_object_set_new(o, "linkChoices", link_choices(initiative_id, c->lang));
	json_object_set_new(o, "ownerChoices", api_members(c->org_id));
}

json_t *api_action_key(const json_t *a)
{
	const char *st = json_string_value(json_object_get(a, "status"));
	const char *due = json_string_value(json_object_get(a, "dueDate"));
	int closed = st && (!strcmp(st, action_status_name(ACTION_DONE)) ||
			    !strcmp(st, action_status_name(ACTION_DROPPED)));
	return json_pack("[i,i,s,O]", closed, due == NULL, due ? due : "", json_object_get(a, "id"));
}

/* A cursor key of api_action_key as a place in the list; -1 when it is
 * none (forged). */
static int action_pos(const json_t *k, struct action_pos *p)
{
	const json_t *due = json_array_get(k, 2);
	json_int_t closed = json_integer_value(json_array_get(k, 0)),
		   undated = json_integer_value(json_array_get(k, 1));
	if (json_array_size(k) != 4 || !json_is_integer(json_array_get(k, 0)) ||
	    !json_is_integer(json_array_get(k, 1)) || !json_is_string(due) ||
	    !json_is_integer(json_array_get(k, 3)) || (closed != 0 && closed != 1) ||
	    (undated != 0 && undated != 1) || json_string_length(due) > 10)
		return -1;
	p->closed = (int)closed;
	p->undated = (int)undated;
	snprintf(p->due, sizeof p->due, "%s", json_string_value(due));
	p->id = json_integer_value(json_array_get(k, 3));
	return 0;
}

int api_action_list(struct api_ctx *c, json_t **out)
{
	json_t *in = api_initiative_doc(c->obj_id);
	if (!in)
		return -ERR_NOTFOUND;
	char today[11];
	assessment_today(today);
	/* ?achterstallig=ja: only the overdue actions, most overdue first (the
	 * initiative page links here); a page drops another value, the API
	 * names it */
	const char *filter = api_str(c->query, "achterstallig");
	int overdue_only = filter && !strcmp(filter, "ja");
	if (filter && !overdue_only && !c->is_page) {
		json_decref(in);
		problem_add(c->invalid, "achterstallig", "err.action_overdue_filter");
		return -ERR_INVALID;
	}
	const char *before = overdue_only ? today : NULL;
	/* one page (api/page.h) read through the list's index, one row more
	 * than asked to know whether there is a next */
	struct action_pos pos, *after = NULL;
	if (c->page && c->page->after) {
		if (action_pos(c->page->after, &pos) < 0) {
			json_decref(in);
			problem_add(c->invalid, "na", "err.page.cursor");
			return -ERR_INVALID;
		}
		after = &pos;
	}
	struct action_list l;
	if (c->page || overdue_only)
		action_store_list_page(c->obj_id, after, before, c->page ? (int)c->page->size + 1 : INT_MAX,
				       &l);
	else
		action_store_list(c->obj_id, &l);
	json_t *actions = json_array();
	for (size_t i = 0; i < l.n && (!c->page || (int64_t)i < c->page->size); i++)
		json_array_append_new(actions, api_action_json(&l.items[i], today));
	int more = c->page && (int64_t)l.n > c->page->size;
	action_list_free(&l);
	json_t *o = json_pack("{s:o,s:o,s:b,s:b}", "initiative", in, "actions", actions, "canEdit",
			      c->role >= ROLE_BEWERKER, "overdueOnly", overdue_only);
	if (c->page) {
		json_t *next =
		    more ? api_action_key(json_array_get(actions, json_array_size(actions) - 1)) : NULL;
		/* where this page starts is for the pager only: counting it reads
		 * every action of the initiative, so the API skips it */
		api_page_links(c, o, c->page, next, action_store_count(c->obj_id, NULL, before),
			       !after	    ? 0
			       : c->is_page ? action_store_count(c->obj_id, after, before)
					    : -1);
		json_decref(next);
	}
	if (c->is_page)
		form_choices(c, o, c->obj_id);
	*out = o;
	return 0;
}

enum { A_TITLE, A_OWNER, A_OWNER_ID, A_DUE, A_STATUS, A_INGREDIENT, A_ROUND, A_RULE };
/* ActionInput; ActionUpdate is the same without the last two rows (the
 * suggestion an action came from does not change). */
static const struct field fields[] = {
    [A_TITLE] = {.name = "title", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 500},
    [A_OWNER] = {.name = "owner", .type = FIELD_STRING, .max_len = 120},
    [A_OWNER_ID] = {.name = "ownerId", .type = FIELD_ID, .flags = FIELD_NULLABLE, .reason = "err.not_member"},
    [A_DUE] = {.name = "dueDate", .type = FIELD_DATE},
    [A_STATUS] = {.name = "status",
		  .type = FIELD_ENUM,
		  .values = action_statuses,
		  .reason = "err.action_status"},
    [A_INGREDIENT] = {.name = "ingredient", .type = FIELD_STRING, .max_len = 64},
    [A_ROUND] = {.name = "roundId", .type = FIELD_ID, .reason = "err.round_other"},
    [A_RULE] = {.name = "ruleId", .type = FIELD_STRING, .max_len = 64},
};

/* Reads the body into in; every problem lands in c->invalid. For a create,
 * roundId and ruleId tie the action to the suggestion it came from. */
static int read_body(struct api_ctx *c, int64_t initiative_id, struct action_in *in, json_t **parties,
		     int create, const char *cur_due)
{
	struct field_value v[FIELD_COUNT(fields)];
	api_fields(c, fields, create ? FIELD_COUNT(fields) : A_ROUND, v);
	in->title = v[A_TITLE].s;
	in->owner = v[A_OWNER].s;
	in->due_date = v[A_DUE].s;
	/* A new due date in the past is a typing error; one already stored
	 * may stay (the action is then overdue). */
	char today[11];
	assessment_today(today);
	if (v[A_DUE].ok && in->due_date && strcmp(in->due_date, today) < 0 &&
	    (!cur_due || strcmp(cur_due, in->due_date)))
		problem_add(c->invalid, "dueDate", "err.due_past");
	in->status = v[A_STATUS].ok ? (enum action_status)v[A_STATUS].i : ACTION_OPEN;
	in->ingredient = v[A_INGREDIENT].s;
	/* A member of the initiative's organisation, or null/absent for none. */
	if (v[A_OWNER_ID].ok && org_role(c->org_id, v[A_OWNER_ID].i) != ROLE_NONE)
		in->owner_id = v[A_OWNER_ID].i;
	else if (v[A_OWNER_ID].ok)
		problem_add(c->invalid, "ownerId", "err.not_member");
	if (!create)
		return json_array_size(c->invalid) ? -ERR_INVALID : 0;
	int64_t round_id = v[A_ROUND].ok ? v[A_ROUND].i : 0;
	in->rule_id = v[A_RULE].s;
	if (round_id > 0) {
		struct assessment_round round;
		int found = assessment_store_round_get(round_id, &round) == 0;
		const struct method *m = found ? assessment_method(&round) : NULL;
		if (!found || round.initiative_id != initiative_id) {
			problem_add(c->invalid, "roundId", "err.round_other");
		} else if (in->rule_id && *in->rule_id) {
			const struct method_rule *rule = NULL;
			for (size_t i = 0; m && i < m->n_rules; i++)
				if (!strcmp(m->rules[i].id, in->rule_id))
					rule = &m->rules[i];
			if (!rule) {
				problem_add(c->invalid, "ruleId", "err.unknown_rule");
			} else {
				json_t *rj = assessment_rule_json(rule, c->lang);
				*parties = json_incref(json_object_get(rj, "parties"));
				json_decref(rj);
			}
		}
		assessment_round_free(&round);
	} else if (in->rule_id && *in->rule_id) {
		problem_add(c->invalid, "roundId", "err.required");
	}
	in->round_id = round_id;
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

int api_action_create(struct api_ctx *c, json_t **out)
{
	struct action_in in = {0};
	json_t *parties = NULL;
	in.initiative_id = c->obj_id;
	if (read_body(c, c->obj_id, &in, &parties, 1, NULL) < 0) {
		json_decref(parties);
		return -ERR_INVALID;
	}
	char *pt = parties ? json_dumps(parties, JSON_COMPACT) : NULL;
	in.parties = pt;
	int64_t id = action_store_create(&in);
	free(pt);
	json_decref(parties);
	if (id < 0)
		return (int)id;
	api_audit_id(c, "action.create", "action", id, "ok");
	notify_action_assigned(c, id, in.owner_id, in.title, in.due_date);
	c->status = 201;
	if (c->is_page && in.round_id > 0 && in.rule_id && *in.rule_id)
		/* Accepted from a round's results: back there, where it now shows as taken over. */
		snprintf(c->location, sizeof c->location, "/rondes/%lld/resultaten#sug-%s",
			 (long long)in.round_id, in.rule_id);
	else if (c->is_page)
		snprintf(c->location, sizeof c->location, "/initiatieven/%lld/acties", (long long)c->obj_id);
	else
		snprintf(c->location, sizeof c->location, "/acties/%lld", (long long)id);
	*out = action_doc(id);
	return 0;
}

int api_action_get(struct api_ctx *c, json_t **out)
{
	struct action a;
	if (action_store_get(c->obj_id, &a) < 0)
		return -ERR_NOTFOUND;
	char today[11];
	assessment_today(today);
	json_t *o = api_action_json(&a, today);
	if (c->is_page)
		form_choices(c, o, a.initiative_id);
	action_free(&a);
	*out = o;
	return 0;
}

int api_action_update(struct api_ctx *c, json_t **out)
{
	struct action cur;
	if (action_store_get(c->obj_id, &cur) < 0)
		return -ERR_NOTFOUND;
	int64_t initiative = cur.initiative_id, owner_before = cur.owner_id;
	struct action_in in = {0};
	int bad = read_body(c, initiative, &in, NULL, 0, cur.due_date) < 0;
	action_free(&cur);
	if (bad)
		return -ERR_INVALID;
	int rc = action_store_update(c->obj_id, &in);
	if (rc < 0)
		return rc;
	api_audit_id(c, "action.update", "action", c->obj_id, "ok");
	if (in.owner_id != owner_before)
		notify_action_assigned(c, c->obj_id, in.owner_id, in.title, in.due_date);
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/acties", (long long)initiative);
	*out = action_doc(c->obj_id);
	return 0;
}

int api_action_delete(struct api_ctx *c, json_t **out)
{
	int rc = action_store_delete(c->obj_id);
	api_audit_id(c, "action.delete", "action", c->obj_id, rc == 0 ? "ok" : "notfound");
	if (rc < 0)
		return rc;
	c->status = 204;
	*out = NULL;
	return 0;
}
