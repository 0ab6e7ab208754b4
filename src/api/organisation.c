/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * organisation: the caller's organisations, one organisation, and its
 * members with roles (managed by a beheerder), and their JSON
 * representations. An organisation always keeps at least one beheerder.
 */
#include "api/organisation.h"

#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/field.h"
#include "api/initiative.h"
#include "api/invite.h"
#include "api/module.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/org.h"

/* How many initiatives the organisation page and getOrganisation show
 * (the most recently changed); all of them: listInitiatives, paged. */
#define ORG_RECENT_MAX 10

/* A checked json_pack result: packing our own values cannot fail. */
static json_t *packed(json_t *o)
{
	BUG_ON(!o);
	return o;
}

json_t *api_org_json(const struct organisation *o)
{
	return packed(json_pack("{s:s,s:s,s:s,s:s,s:I,s:I}", "slug", o->slug, "name", o->name, "kind",
				organisation_kind_name(o->kind), "createdAt", o->created_at,
				"initiativeCount", (json_int_t)o->initiative_count, "memberCount",
				(json_int_t)o->member_count));
}

json_t *api_org_doc(int64_t id)
{
	struct organisation o;
	if (org_read(id, &o) < 0)
		return NULL;
	json_t *j = api_org_json(&o);
	organisation_free(&o);
	return j;
}

json_t *api_member_json(const struct organisation_member *m)
{
	return packed(json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)m->user_id, "name", m->name,
				"email", m->email, "role", role_name(m->role), "since", m->since));
}

json_t *api_members(int64_t org_id)
{
	size_t n;
	struct organisation_member *list = org_members(org_id, &n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, api_member_json(&list[i]));
	organisation_member_list_free(list, n);
	return a;
}

/* A member as an add or a role change answers it: id, name, email, role. */
static json_t *member_changed_json(const struct user *u, enum role r)
{
	return packed(json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)u->id, "name", u->name, "email",
				u->email, "role", role_name(r)));
}

int api_org_list(struct api_ctx *c, json_t **out)
{
	size_t n;
	struct organisation *list = org_list_for_user(c->user_id, c->is_admin, &n);
	json_t *orgs = json_array();
	for (size_t i = 0; i < n; i++) {
		/* only a site administrator sees organisations without being a
		 * member, and is their beheerder (as api_org_role says) */
		enum role r = list[i].role != ROLE_NONE ? list[i].role : ROLE_BEHEERDER;
		json_array_append_new(
		    orgs,
		    packed(json_pack("{s:s,s:s,s:s,s:s,s:I}", "slug", list[i].slug, "name", list[i].name,
				     "kind", organisation_kind_name(list[i].kind), "role", role_name(r),
				     "initiativeCount", (json_int_t)list[i].initiative_count)));
	}
	organisation_list_free(list, n);
	*out = packed(json_pack("{s:{s:s,s:s},s:o}", "me", "name", c->user_name, "email", c->user_email,
				"organisations", orgs));
	return 0;
}

int api_org_get(struct api_ctx *c, json_t **out)
{
	json_t *org = api_org_doc(c->org_id);
	if (!org)
		return -ERR_NOTFOUND;
	json_object_set_new(org, "role", json_string(role_name(c->role)));
	json_object_set_new(org, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	json_object_set_new(org, "canManage", json_boolean(c->role >= ROLE_BEHEERDER));
	/* An overview, bounded whatever the organisation's size (2,000
	 * initiatives at a national lab): how many, the most recently changed
	 * few, and the link to the paged list of all of them. */
	json_object_set_new(org, "recentInitiatives", api_initiative_recent(c->org_id, ORG_RECENT_MAX));
	char href[160];
	snprintf(href, sizeof href, "%s/organisaties/%s/initiatieven", c->is_page ? "" : "/api/v1",
		 c->param[0]);
	json_object_set_new(org, "_links", packed(json_pack("{s:{s:s}}", "initiatives", "href", href)));
	*out = org;
	return 0;
}

int api_member_list(struct api_ctx *c, json_t **out)
{
	json_t *org = api_org_doc(c->org_id);
	if (!org)
		return -ERR_NOTFOUND;
	json_t *roles = json_array();
	for (int r = 0; role_names[r]; r++)
		json_array_append_new(roles, json_string(role_names[r]));
	json_object_set_new(org, "members", api_members(c->org_id));
	json_object_set_new(org, "roles", roles);
	if (c->is_page) /* page-only: the open invitations beside the members */
		json_object_set_new(org, "invitations", api_org_invitations(c->org_id));
	*out = org;
	return 0;
}

enum { M_EMAIL, M_ROLE };
/* MemberInput; RoleInput is its second row alone. */
static const struct field add_fields[] = {
    [M_EMAIL] = {.name = "email", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 254},
    [M_ROLE] = {.name = "role",
		.type = FIELD_ENUM,
		.flags = FIELD_REQUIRED,
		.values = role_names,
		.reason = "err.role"},
};

static void members_location(struct api_ctx *c)
{
	snprintf(c->location, sizeof c->location, "/organisaties/%s/leden", c->param[0]);
}

static void member_audit(struct api_ctx *c, int64_t uid, const char *action, const char *result)
{
	char obj[96];
	snprintf(obj, sizeof obj, "org/%lld/member/%lld", (long long)c->org_id, (long long)uid);
	api_audit(c, action, obj, result);
}

static int64_t member_param(struct api_ctx *c)
{
	int64_t id;
	if (api_parse_id(c->param[1], &id) < 0)
		return -ERR_NOTFOUND;
	if (org_role(c->org_id, id) == ROLE_NONE)
		return -ERR_NOTFOUND;
	return id;
}

int api_member_update(struct api_ctx *c, json_t **out)
{
	int64_t uid = member_param(c);
	if (uid < 0)
		return (int)uid;
	struct field_value v[1];
	api_fields(c, &add_fields[M_ROLE], 1, v);
	enum role r = role_parse(v[0].s);
	if (json_array_size(c->invalid))
		return -ERR_INVALID;
	int rc = org_member_change(c->org_id, uid, r, 0);
	if (rc == -ERR_CONFLICT)
		c->detail = "err.last_beheerder";
	if (rc < 0)
		return rc;
	member_audit(c, uid, "member.role", role_name(r));
	members_location(c);
	struct user u;
	account_user_by_id(uid, &u);
	*out = member_changed_json(&u, r);
	return 0;
}

int api_member_remove(struct api_ctx *c, json_t **out)
{
	int64_t uid = member_param(c);
	if (uid < 0)
		return (int)uid;
	int rc = org_member_change(c->org_id, uid, ROLE_NONE, 0);
	if (rc == -ERR_CONFLICT)
		c->detail = "err.last_beheerder";
	if (rc < 0)
		return rc;
	member_audit(c, uid, "member.remove", "ok");
	members_location(c);
	c->status = 204;
	*out = NULL;
	return 0;
}
