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
#include <string.h>

#include "api/assessment.h"
#include "api/common.h"
#include "domain/action.h"
#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/action_store.h"
#include "store/assessment_store.h"
#include "store/initiative_store.h"
#include "store/org.h"

static const char *tx(const struct method_text *t, const char *lang)
{
	const char *s = method_text_get(t, lang);
	return s ? s : "";
}

/* Ingredients, components and pitfalls of the methods used on the
 * initiative, for linking an action: [{id, title}]. */
static json_t *link_choices(int64_t initiative_id, const char *selected, const char *lang)
{
	json_t *rounds = assessment_store_round_list(initiative_id), *out = json_array(), *seen = json_object();
	size_t i;
	json_t *r;
	json_array_append_new(out, json_pack("{s:s,s:s,s:b}", "id", "", "title", "—", "selected", !selected || !*selected));
	json_array_foreach(rounds, i, r)
	{
		const struct method *m = assessment_method(r);
		if (!m || json_object_get(seen, m->id))
			continue;
		json_object_set_new(seen, m->id, json_true());
		for (size_t k = 0; k < m->n_ingredients; k++)
			json_array_append_new(out, json_pack("{s:s,s:s,s:b}", "id", m->ingredients[k].id, "title",
							     tx(&m->ingredients[k].title, lang), "selected",
							     selected && !strcmp(selected, m->ingredients[k].id)));
		for (size_t k = 0; k < m->n_components; k++)
			json_array_append_new(out, json_pack("{s:s,s:s,s:b}", "id", m->components[k].id, "title",
							     tx(&m->components[k].title, lang), "selected",
							     selected && !strcmp(selected, m->components[k].id)));
		for (size_t k = 0; k < m->n_pitfalls; k++)
			json_array_append_new(out, json_pack("{s:s,s:s,s:b}", "id", m->pitfalls[k].id, "title",
							     tx(&m->pitfalls[k].title, lang), "selected",
							     selected && !strcmp(selected, m->pitfalls[k].id)));
	}
	json_decref(seen);
	json_decref(rounds);
	return out;
}

static json_t *status_choices(const char *selected)
{
	json_t *a = json_array();
	for (int i = 0; action_statuses[i]; i++)
		json_array_append_new(a, json_pack("{s:s,s:b}", "value", action_statuses[i], "selected",
						   selected ? !strcmp(selected, action_statuses[i]) : i == 0));
	return a;
}

/* The owner to preselect: after a rejected post what was chosen, else current. */
static int64_t chosen_owner(struct api_ctx *c, int64_t current)
{
	if (!strcmp(c->method, "GET"))
		return current;
	const char *s = json_string_value(json_object_get(c->body, "ownerId"));
	return s ? strtoll(s, NULL, 10) : current;
}

/* Members of the organisation to pick an owner from: [{id, name, selected}]. */
static json_t *owner_choices(int64_t org_id, int64_t selected)
{
	json_t *members = org_member_list(org_id), *out = json_array();
	size_t i;
	json_t *m;
	json_array_foreach(members, i, m)
	{
		int64_t id = json_integer_value(json_object_get(m, "id"));
		json_array_append_new(out, json_pack("{s:I,s:O,s:b}", "id", (json_int_t)id, "name",
						     json_object_get(m, "name"), "selected", id == selected));
	}
	json_decref(members);
	return out;
}

int api_action_list(struct api_ctx *c, json_t **out)
{
	json_t *in = initiative_store_get(c->obj_id);
	if (!in)
		return -ERR_NOTFOUND;
	char today[11];
	assessment_today(today);
	json_t *o = json_pack("{s:o,s:o,s:b}", "initiative", in, "actions", action_store_list(c->obj_id, today),
			      "canEdit", c->role >= ROLE_BEWERKER);
	if (c->is_page) {
		json_object_set_new(o, "linkChoices", link_choices(c->obj_id, NULL, c->lang));
		json_object_set_new(o, "statusChoices", status_choices(NULL));
		json_object_set_new(o, "ownerChoices", owner_choices(c->org_id, chosen_owner(c, 0)));
	}
	*out = o;
	return 0;
}

static const char *const fields[] = {"title", "owner", "ownerId", "dueDate", "status", "ingredient", "ruleId",
				     "roundId", NULL};

/* Reads the body into in; every problem lands in c->invalid. For a create,
 * roundId and ruleId tie the action to the suggestion it came from. */
static int read_body(struct api_ctx *c, int64_t initiative_id, struct action_in *in, json_t **parties, int create)
{
	static const char *const upd_fields[] = {"title", "owner", "ownerId", "dueDate", "status", "ingredient", NULL};
	api_check_fields(c, create ? fields : upd_fields);
	in->title = api_field_str(c, "title");
	in->owner = api_field_str(c, "owner");
	in->due_date = api_field_str(c, "dueDate");
	in->status = api_field_str(c, "status");
	in->ingredient = api_field_str(c, "ingredient");
	if (!in->title || !*in->title)
		problem_add(c->invalid, "title", "err.required");
	else if (strlen(in->title) > 500)
		problem_add(c->invalid, "title", "err.too_long");
	if (in->owner && strlen(in->owner) > 120)
		problem_add(c->invalid, "owner", "err.too_long");
	/* A member of the initiative's organisation, or null/absent for none. */
	int64_t owner_id = api_field_int(c, "ownerId", 0);
	if (owner_id > 0 && org_role(c->org_id, owner_id) != ROLE_NONE)
		in->owner_id = owner_id;
	else if (owner_id != 0 && owner_id != INT64_MIN)
		problem_add(c->invalid, "ownerId", "err.not_member");
	if (in->due_date && *in->due_date && time_check_date(in->due_date) < 0)
		problem_add(c->invalid, "dueDate", "err.date");
	if (in->status && *in->status) {
		if (!action_status_valid(in->status))
			problem_add(c->invalid, "status", "err.action_status");
	} else {
		in->status = "open";
	}
	if (in->ingredient && strlen(in->ingredient) > 64)
		problem_add(c->invalid, "ingredient", "err.too_long");
	if (!create)
		return json_array_size(c->invalid) ? -ERR_INVALID : 0;
	int64_t round_id = api_field_int(c, "roundId", 0);
	in->rule_id = api_field_str(c, "ruleId");
	if (round_id == INT64_MIN)
		round_id = 0;
	if (round_id > 0) {
		json_t *round = assessment_store_round_get(round_id);
		const struct method *m = round ? assessment_method(round) : NULL;
		if (!round || json_integer_value(json_object_get(round, "initiativeId")) != initiative_id) {
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
		json_decref(round);
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
	if (read_body(c, c->obj_id, &in, &parties, 1) < 0) {
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
	c->status = 201;
	if (c->is_page)
		snprintf(c->location, sizeof c->location, "/initiatieven/%lld/acties", (long long)c->obj_id);
	else
		snprintf(c->location, sizeof c->location, "/acties/%lld", (long long)id);
	*out = action_store_get(id);
	return 0;
}

int api_action_get(struct api_ctx *c, json_t **out)
{
	json_t *a = action_store_get(c->obj_id);
	if (!a)
		return -ERR_NOTFOUND;
	if (c->is_page) {
		const char *ing = json_string_value(json_object_get(a, "ingredient"));
		const char *st = json_string_value(json_object_get(a, "status"));
		json_object_set_new(a, "linkChoices",
				    link_choices(json_integer_value(json_object_get(a, "initiativeId")), ing, c->lang));
		json_object_set_new(a, "statusChoices", status_choices(st));
		int64_t owner = json_integer_value(json_object_get(a, "ownerId"));
		json_object_set_new(a, "ownerChoices", owner_choices(c->org_id, chosen_owner(c, owner)));
	}
	*out = a;
	return 0;
}

int api_action_update(struct api_ctx *c, json_t **out)
{
	json_t *cur = action_store_get(c->obj_id);
	if (!cur)
		return -ERR_NOTFOUND;
	int64_t initiative = json_integer_value(json_object_get(cur, "initiativeId"));
	json_decref(cur);
	struct action_in in = {0};
	if (read_body(c, initiative, &in, NULL, 0) < 0)
		return -ERR_INVALID;
	int rc = action_store_update(c->obj_id, &in);
	if (rc < 0)
		return rc;
	api_audit_id(c, "action.update", "action", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/acties", (long long)initiative);
	*out = action_store_get(c->obj_id);
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
