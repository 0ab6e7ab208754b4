/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * initiative: the initiatives of an organisation, one initiative, create,
 * update and delete, and their JSON representations. Role and org
 * membership were checked centrally; this file checks that the owner
 * belongs to the same organisation. The pages' choice lists and form state
 * are the view's (view/initiative_view.c).
 */
#include "api/initiative.h"
#include "api/okr.h"

#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/assessment.h"
#include "api/common.h"
#include "api/field.h"
#include "api/kpi.h"
#include "api/module.h"
#include "api/plan.h"
#include "api/organisation.h"
#include "api/page.h"
#include "domain/initiative.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/event_live.h"
#include "store/initiative_store.h"
#include "store/org.h"

/* A checked json_pack result: packing our own values cannot fail. */
static json_t *packed(json_t *o)
{
	BUG_ON(!o);
	return o;
}

json_t *api_initiative_json(const struct initiative *in)
{
	json_t *owner =
	    in->owner_id > 0
		? packed(json_pack("{s:I,s:s?}", "id", (json_int_t)in->owner_id, "name", in->owner_name))
		: json_null();
	json_t *ambition = packed(json_pack(
	    "{s:s?,s:s?,s:o,s:s?,s:s?}", "targetGroup", in->target_group, "area", in->target_area, "reach",
	    in->target_reach >= 0 ? json_integer((json_int_t)in->target_reach) : json_null(), "targetDate",
	    in->target_date, "scalableUnit", in->scalable_unit));
	return packed(json_pack(
	    "{s:I,s:s?,s:s?,s:s,s:s?,s:s?,s:s,s:s?,s:s?,s:o,s:o}", "id", (json_int_t)in->id, "organisation",
	    in->organisation, "organisationName", in->organisation_name, "name", in->name, "description",
	    in->description, "sector", in->sector, "stage", initiative_stage_name(in->stage), "createdAt",
	    in->created_at, "updatedAt", in->updated_at, "ambition", ambition, "owner", owner));
}

json_t *api_initiative_summary_json(const struct initiative *in)
{
	return packed(json_pack("{s:I,s:s,s:s,s:s?,s:s?,s:s?}", "id", (json_int_t)in->id, "name", in->name,
				"stage", initiative_stage_name(in->stage), "sector", in->sector, "ownerName",
				in->owner_name, "updatedAt", in->updated_at));
}

json_t *api_initiative_summaries(int64_t org_id)
{
	size_t n;
	struct initiative *list = initiative_store_summaries(org_id, &n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, api_initiative_summary_json(&list[i]));
	initiative_list_free(list, n);
	return a;
}

json_t *api_initiative_recent(int64_t org_id, int limit)
{
	size_t n;
	struct initiative *list = initiative_store_recent(org_id, limit, &n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, api_initiative_summary_json(&list[i]));
	initiative_list_free(list, n);
	return a;
}

json_t *api_initiative_ref(int64_t id)
{
	struct initiative in;
	if (initiative_store_read(id, &in) < 0)
		return NULL;
	json_t *r =
	    packed(json_pack("{s:I,s:s,s:s?,s:s?}", "id", (json_int_t)in.id, "name", in.name, "organisation",
			     in.organisation, "organisationName", in.organisation_name));
	initiative_free(&in);
	return r;
}

json_t *api_initiative_doc(int64_t id)
{
	struct initiative in;
	if (initiative_store_read(id, &in) < 0)
		return NULL;
	json_t *o = api_initiative_json(&in);
	initiative_free(&in);
	return o;
}

int api_initiative_list(struct api_ctx *c, json_t **out)
{
	json_t *org = api_org_doc(c->org_id);
	if (!org)
		return -ERR_NOTFOUND;
	if (c->page) {
		/* one page read through the list's index and counted on it
		 * (api/page.h): 2,000 initiatives are not read for 50 */
		size_t n;
		struct initiative *list = initiative_store_summaries_page(
		    c->org_id, (c->page->number - 1) * c->page->size, (int)c->page->size, &n);
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, api_initiative_summary_json(&list[i]));
		initiative_list_free(list, n);
		json_object_set_new(org, "initiatives", a);
	} else {
		json_object_set_new(org, "initiatives", api_initiative_summaries(c->org_id));
	}
	json_object_set_new(org, "role", json_string(role_name(c->role)));
	json_object_set_new(org, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	if (c->page)
		api_page_number_links(c, org, c->page, initiative_store_count(c->org_id));
	*out = org;
	return 0;
}

int api_initiative_new_form(struct api_ctx *c, json_t **out)
{
	json_t *org = api_org_doc(c->org_id);
	if (!org)
		return -ERR_NOTFOUND;
	/* The owner select offers the members: real data, so it is read here;
	 * the stage choices are the view's. A new initiative starts as an idea. */
	*out = packed(json_pack("{s:o,s:o,s:s}", "organisation", org, "members", api_members(c->org_id),
				"stage", initiative_stage_name(INITIATIVE_STAGE_IDEE)));
	return 0;
}

#define REACH_MAX 1000000000000LL /* initiative_validate's bound */

enum {
	F_NAME,
	F_DESCRIPTION,
	F_SECTOR,
	F_STAGE,
	F_OWNER,
	F_AMBITION,
	F_GROUP,
	F_AREA,
	F_REACH,
	F_DATE,
	F_UNIT,
};
/* The domain uses -1 for "no reach", so that is the default and a typed
 * negative number is out of range. */
static const struct field fields[] = {
    [F_NAME] = {.name = "name",
		.type = FIELD_STRING,
		.flags = FIELD_REQUIRED,
		.max_len = INITIATIVE_NAME_MAX},
    [F_DESCRIPTION] = {.name = "description", .type = FIELD_STRING, .max_len = INITIATIVE_TEXT_MAX},
    [F_SECTOR] = {.name = "sector", .type = FIELD_STRING, .max_len = INITIATIVE_NAME_MAX},
    [F_STAGE] = {.name = "stage",
		 .type = FIELD_ENUM,
		 .flags = FIELD_REQUIRED,
		 .values = initiative_stages,
		 .reason = "err.stage"},
    [F_OWNER] = {.name = "ownerId", .type = FIELD_ID, .flags = FIELD_NULLABLE, .reason = "err.owner"},
    [F_AMBITION] = {.name = "ambition", .type = FIELD_OBJECT},
    [F_GROUP] = {.name = "ambition.targetGroup", .type = FIELD_STRING, .max_len = INITIATIVE_TEXT_MAX},
    [F_AREA] = {.name = "ambition.area", .type = FIELD_STRING, .max_len = INITIATIVE_TEXT_MAX},
    [F_REACH] = {.name = "ambition.reach",
		 .type = FIELD_INTEGER,
		 .flags = FIELD_NULLABLE,
		 .min = 0,
		 .max = REACH_MAX,
		 .reason = "err.reach",
		 .def = "-1"},
    [F_DATE] = {.name = "ambition.targetDate", .type = FIELD_DATE},
    [F_UNIT] = {.name = "ambition.scalableUnit", .type = FIELD_STRING, .max_len = INITIATIVE_TEXT_MAX},
};

/* Reads and validates the body into in; every bad field lands in c->invalid. */
static int read_body(struct api_ctx *c, struct initiative *in)
{
	struct field_value v[FIELD_COUNT(fields)];
	api_fields(c, fields, FIELD_COUNT(fields), v);
	in->name = v[F_NAME].s;
	in->description = v[F_DESCRIPTION].s;
	in->sector = v[F_SECTOR].s;
	in->stage = initiative_stage_parse(v[F_STAGE].s); /* NONE when refused: named by the reader */
	in->target_group = v[F_GROUP].s;
	in->target_area = v[F_AREA].s;
	in->scalable_unit = v[F_UNIT].s;
	in->target_date = v[F_DATE].s;
	in->target_reach = v[F_REACH].ok ? v[F_REACH].i : -1;
	in->owner_id = v[F_OWNER].ok ? v[F_OWNER].i : 0;
	/* the domain's rules; a field the reader refused is named once (the
	 * HTTP layer keeps the first reason per field) */
	initiative_validate(in, c->invalid);
	if (in->owner_id > 0 && org_role(c->org_id, in->owner_id) == ROLE_NONE)
		problem_add(c->invalid, "ownerId", "err.owner");
	/* A new ambition date in the past is a typing error; one already stored
	 * (an initiative that reached or passed its date) may stay. */
	char today[11];
	assessment_today(today);
	if (v[F_DATE].ok && in->target_date && strcmp(in->target_date, today) < 0) {
		int same = 0;
		struct initiative cur;
		if (in->id > 0 && initiative_store_read(in->id, &cur) == 0) {
			same = cur.target_date && !strcmp(cur.target_date, in->target_date);
			initiative_free(&cur);
		}
		if (!same)
			problem_add(c->invalid, "ambition.targetDate", "err.target_past");
	}
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
	*out = api_initiative_doc(id);
	return 0;
}

int api_initiative_get(struct api_ctx *c, json_t **out)
{
	json_t *o = api_initiative_doc(c->obj_id);
	if (!o)
		return -ERR_NOTFOUND;
	json_object_set_new(o, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	if (c->is_page) {
		/* Data only the page shows, read from the stores (the view adds the
		 * stage choices and form state): the members for the owner select,
		 * and the rounds and overdue actions, which have API resources of
		 * their own; likewise its objectives. */
		json_object_set_new(o, "members", api_members(c->org_id));
		assessment_initiative_extras(c->obj_id, o);
		/* more overdue actions than the page lists: it says which these
		 * are and links to all of them */
		json_object_set_new(
		    o, "overdueMore",
		    json_boolean(json_integer_value(json_object_get(o, "overdueCount")) >
				 (json_int_t)json_array_size(json_object_get(o, "overdueActions"))));
		okr_initiative_extras(c->obj_id, o);
		kpi_initiative_extras(c->obj_id, o);
		/* the dashboard: every module's headline (what a gate review
		 * snapshots), and the plan's next gate judged against it */
		int err = 0;
		json_t *ev = api_evidence(c->obj_id, &err);
		if (!ev) {
			json_decref(o);
			return err;
		}
		plan_initiative_extras(c->obj_id, ev, o);
		json_object_set_new(o, "evidence", ev);
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
	*out = api_initiative_doc(c->obj_id);
	return 0;
}

int api_initiative_delete(struct api_ctx *c, json_t **out)
{
	int rc = initiative_store_delete(c->obj_id);
	api_audit_id(c, "initiative.delete", "initiative", c->obj_id, rc == 0 ? "ok" : "notfound");
	if (rc < 0)
		return rc;
	/* its product events go once this transaction has committed (the
	 * ingestion thread erases projects without an initiative) */
	event_live_request_orphans();
	c->status = 204;
	*out = NULL;
	return 0;
}
