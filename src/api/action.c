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
#include "api/field.h"
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

enum { A_TITLE, A_OWNER, A_OWNER_ID, A_DUE, A_STATUS, A_INGREDIENT, A_ROUND, A_RULE };
/* ActionInput; ActionUpdate is the same without the last two rows (the
 * suggestion an action came from does not change). */
static const struct field fields[] = {
    [A_TITLE] = {.name = "title", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 500},
    [A_OWNER] = {.name = "owner", .type = FIELD_STRING, .max_len = 120},
    [A_OWNER_ID] = {.name = "ownerId", .type = FIELD_ID, .flags = FIELD_NULLABLE, .reason = "err.not_member"},
    [A_DUE] = {.name = "dueDate", .type = FIELD_DATE},
    [A_STATUS] = {.name = "status", .type = FIELD_ENUM, .values = action_statuses, .reason = "err.action_status",
		  .def = "open"},
    [A_INGREDIENT] = {.name = "ingredient", .type = FIELD_STRING, .max_len = 64},
    [A_ROUND] = {.name = "roundId", .type = FIELD_ID, .reason = "err.round_other"},
    [A_RULE] = {.name = "ruleId", .type = FIELD_STRING, .max_len = 64},
};

/* Reads the body into in; every problem lands in c->invalid. For a create,
 * roundId and ruleId tie the action to the suggestion it came from. */
static int read_body(struct api_ctx *c, int64_t initiative_id, struct action_in *in, json_t **parties, int create)
{
	struct field_value v[FIELD_COUNT(fields)];
	api_fields(c, fields, create ? FIELD_COUNT(fields) : A_ROUND, v);
	in->title = v[A_TITLE].s;
	in->owner = v[A_OWNER].s;
	in->due_date = v[A_DUE].s;
	in->status = v[A_STATUS].ok ? v[A_STATUS].s : "open";
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
