/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * initiative: the initiatives of an organisation, one initiative, create,
 * update and delete. Role and org membership were checked centrally; this
 * file checks that the owner belongs to the same organisation.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/assessment.h"
#include "api/common.h"
#include "domain/initiative.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/initiative_store.h"
#include "store/org.h"

static json_t *stages_json(void)
{
	json_t *a = json_array();
	for (int i = 0; initiative_stages[i]; i++)
		json_array_append_new(a, json_string(initiative_stages[i]));
	return a;
}

int api_initiative_list(struct api_ctx *c, json_t **out)
{
	json_t *org = org_get(c->org_id);
	if (!org)
		return -ERR_NOTFOUND;
	json_object_set_new(org, "initiatives", initiative_store_list(c->org_id));
	json_object_set_new(org, "role", json_string(role_name(c->role)));
	json_object_set_new(org, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	*out = org;
	return 0;
}

int api_initiative_new_form(struct api_ctx *c, json_t **out)
{
	json_t *org = org_get(c->org_id);
	if (!org)
		return -ERR_NOTFOUND;
	*out = json_pack("{s:o,s:o,s:o,s:s}", "organisation", org, "members", org_member_list(c->org_id), "stages",
			 stages_json(), "stage", "idee");
	return 0;
}

static const char *const fields[] = {"name",  "description", "sector", "stage", "ownerId",
				     "ambition", NULL};
static const char *const ambition_fields[] = {"targetGroup", "area", "reach", "targetDate",
					      "scalableUnit", NULL};

/* Reads and validates the body into in; every bad field lands in c->invalid. */
static int read_body(struct api_ctx *c, struct initiative *in)
{
	api_check_fields(c, fields);
	json_t *amb = json_object_get(c->body, "ambition");
	if (amb && !json_is_object(amb) && !json_is_null(amb)) {
		problem_add(c->invalid, "ambition", "err.type_object");
	} else if (amb && json_is_object(amb)) {
		const char *key;
		json_t *v;
		json_object_foreach(amb, key, v)
		{
			int ok = 0;
			for (int i = 0; ambition_fields[i]; i++)
				ok |= !strcmp(key, ambition_fields[i]);
			if (!ok) {
				char name[160];
				snprintf(name, sizeof name, "ambition.%s", key);
				problem_add(c->invalid, name, "err.unknown_field");
			}
		}
	}
	in->name = api_field_str(c, "name");
	in->description = api_field_str(c, "description");
	in->sector = api_field_str(c, "sector");
	in->stage = api_field_str(c, "stage");
	in->target_group = api_field_str(c, "ambition.targetGroup");
	in->target_area = api_field_str(c, "ambition.area");
	in->scalable_unit = api_field_str(c, "ambition.scalableUnit");
	in->target_date = api_field_str(c, "ambition.targetDate");
	/* The domain uses -1 for "not set", so a typed -1 must be refused here
	 * rather than silently stored as no reach at all. */
	json_t *rv = api_path_get(c->body, "ambition.reach");
	int64_t reach = api_field_int(c, "ambition.reach", -1);
	if (reach == INT64_MIN) {
		reach = -1; /* type error already recorded */
	} else if (reach < 0 && rv && !json_is_null(rv) && !(json_is_string(rv) && !*json_string_value(rv))) {
		problem_add(c->invalid, "ambition.reach", "err.reach");
		reach = -1;
	}
	in->target_reach = reach;
	int64_t owner = api_field_int(c, "ownerId", 0);
	in->owner_id = owner == INT64_MIN ? 0 : owner;
	initiative_validate(in, c->invalid);
	if (in->owner_id > 0 && org_role(c->org_id, in->owner_id) == ROLE_NONE)
		problem_add(c->invalid, "ownerId", "err.owner");
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

int api_initiative_create(struct api_ctx *c, json_t **out)
{
	struct initiative in = {0};
	in.org_id = c->org_id;
	if (read_body(c, &in) < 0) {
		api_audit(c, "initiative.create", "", "invalid");
		return -ERR_INVALID;
	}
	int64_t id = initiative_store_create(&in);
	if (id < 0)
		return (int)id;
	api_audit_id(c, "initiative.create", "initiative", id, "ok");
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld", (long long)id);
	c->status = 201;
	*out = initiative_store_get(id);
	return 0;
}

int api_initiative_get(struct api_ctx *c, json_t **out)
{
	json_t *o = initiative_store_get(c->obj_id);
	if (!o)
		return -ERR_NOTFOUND;
	json_object_set_new(o, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	if (c->is_page) {
		/* The edit form needs the choices; the API documents them in OpenAPI. */
		json_object_set_new(o, "members", org_member_list(c->org_id));
		json_object_set_new(o, "stages", stages_json());
		json_object_set(o, "ownerId", json_object_get(json_object_get(o, "owner"), "id"));
		/* Rounds and overdue actions have their own API resources. */
		assessment_initiative_extras(c->obj_id, o);
	}
	*out = o;
	return 0;
}

int api_initiative_update(struct api_ctx *c, json_t **out)
{
	struct initiative in = {0};
	in.id = c->obj_id;
	in.org_id = c->org_id;
	char obj[64];
	snprintf(obj, sizeof obj, "initiative/%lld", (long long)c->obj_id);
	if (read_body(c, &in) < 0) {
		api_audit(c, "initiative.update", obj, "invalid");
		return -ERR_INVALID;
	}
	int rc = initiative_store_update(&in);
	if (rc < 0)
		return rc;
	api_audit(c, "initiative.update", obj, "ok");
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld", (long long)c->obj_id);
	*out = initiative_store_get(c->obj_id);
	return 0;
}

int api_initiative_delete(struct api_ctx *c, json_t **out)
{
	int rc = initiative_store_delete(c->obj_id);
	api_audit_id(c, "initiative.delete", "initiative", c->obj_id, rc == 0 ? "ok" : "notfound");
	if (rc < 0)
		return rc;
	c->status = 204;
	*out = NULL;
	return 0;
}
