/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr_structure: the frame OKRs hang in. Teams of an organisation
 * (afdeling directly under it, team under an afdeling or under it) with
 * their members, and periods (a quarter unless told otherwise). Role and
 * organisation were checked by the pipeline ({org}, {teamId}, {memberId}).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/initiative.h"
#include "api/okr.h"
#include "api/organisation.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/org.h"

static json_t *team_json(const struct okr_team *t)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:I}", "id", (json_int_t)t->id, "name", t->name, "kind",
			 okr_team_kinds[t->kind], "parentId",
			 t->parent_id > 0 ? json_integer(t->parent_id) : json_null(), "memberCount",
			 (json_int_t)t->n_members);
}

static json_t *teams_json(int64_t org_id)
{
	size_t n;
	struct okr_team *t = okr_store_teams(org_id, &n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, team_json(&t[i]));
	okr_teams_free(t, n);
	free(t);
	return a;
}

int api_okr_teams(struct api_ctx *c, json_t **out)
{
	json_t *o =
	    json_pack("{s:o,s:b}", "teams", teams_json(c->org_id), "canEdit", c->role >= ROLE_BEWERKER);
	if (okr_org_members(o, c->org_id) < 0) {
		json_decref(o);
		return -ERR_NOTFOUND;
	}
	/* the form's parent choices: every team, not only this page's */
	if (c->is_page)
		json_object_set(o, "parentChoices", json_object_get(o, "teams"));
	*out = o;
	return 0;
}

enum { T_NAME, T_KIND, T_PARENT };
static const struct field team_fields[] = {
    [T_NAME] = {.name = "name", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 100},
    [T_KIND] = {.name = "kind",
		.type = FIELD_ENUM,
		.values = okr_team_kinds,
		.reason = "err.okr.team_kind",
		.def = "team"},
    [T_PARENT] = {.name = "parentId", .type = FIELD_ID, .flags = FIELD_NULLABLE},
};

int api_okr_team_create(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(team_fields)];
	api_fields(c, team_fields, FIELD_COUNT(team_fields), v);
	enum okr_team_kind kind = v[T_KIND].ok ? (enum okr_team_kind)v[T_KIND].i : OKR_TEAM;
	int64_t parent = v[T_PARENT].set && v[T_PARENT].ok ? v[T_PARENT].i : 0;
	if (parent > 0) {
		struct okr_team p;
		if (okr_store_team(parent, &p) < 0 || p.org_id != c->org_id) {
			problem_add(c->invalid, "parentId", "err.okr.team_unknown");
		} else {
			if (p.kind != OKR_DEPARTMENT || kind == OKR_DEPARTMENT)
				problem_add(c->invalid, "parentId", "err.okr.team_parent");
			okr_teams_free(&p, 1);
		}
	}
	if (json_array_size(c->invalid)) {
		api_audit_id(c, "okr.team.create", "org", c->org_id, "invalid");
		return -ERR_INVALID;
	}
	int64_t id = okr_store_team_create(c->org_id, parent, kind, v[T_NAME].s);
	if (id == -ERR_CONFLICT) {
		problem_add(c->invalid, "name", "err.okr.team_taken");
		api_audit_id(c, "okr.team.create", "org", c->org_id, "invalid");
		return -ERR_INVALID;
	}
	if (id < 0)
		return (int)id;
	api_audit_id(c, "okr.team.create", "okr_team", id, "ok");
	struct okr_team t;
	okr_store_team(id, &t);
	*out = team_json(&t);
	okr_teams_free(&t, 1);
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/teams/%lld", (long long)id);
	return 0;
}

/* Monday of the week of day d (1970-01-01 was a Thursday). */
static int64_t week_start(int64_t d)
{
	int64_t wd = ((d + 3) % 7 + 7) % 7;
	return d - wd;
}

int api_okr_team_get(struct api_ctx *c, json_t **out)
{
	struct okr_team t;
	if (okr_store_team(c->obj_id, &t) < 0)
		return -ERR_NOTFOUND;
	json_t *o = team_json(&t);
	okr_org_members(o, t.org_id);
	char monday[11];
	okr_date(week_start(okr_today()), monday);
	size_t nm;
	struct okr_member *m = okr_store_team_members(t.id, &nm);
	json_t *members = json_array(), *missing = json_array();
	for (size_t i = 0; i < nm; i++) {
		int done = okr_store_checked_in_since(m[i].user_id, t.org_id, monday);
		json_t *ref = okr_ref(m[i].user_id, m[i].name);
		json_object_set_new(ref, "checkedInThisWeek", json_boolean(done));
		json_array_append_new(members, ref);
		if (!done)
			json_array_append_new(missing, okr_ref(m[i].user_id, m[i].name));
	}
	/* who can still join: members of the organisation not in the team */
	json_t *all = api_members(t.org_id), *cand = json_array(), *u;
	size_t i;
	json_array_foreach (all, i, u) {
		int64_t uid = json_integer_value(json_object_get(u, "id"));
		if (!okr_store_team_has_member(t.id, uid))
			json_array_append_new(cand,
					      okr_ref(uid, json_string_value(json_object_get(u, "name"))));
	}
	json_decref(all);
	/* the team's objectives */
	struct okr_world w;
	okr_world_load(&w, t.org_id);
	json_t *objs = json_array();
	for (size_t k = 0; k < w.n_obj; k++)
		if (w.obj[k].team_id == t.id)
			json_array_append_new(objs, okr_objective_summary(&w, k));
	okr_world_free(&w);
	json_object_set_new(o, "members", members);
	json_object_set_new(o, "notCheckedIn", missing);
	json_object_set_new(o, "candidates", cand);
	json_object_set_new(o, "objectives", objs);
	json_object_set_new(o, "weekStart", json_string(monday));
	json_object_set_new(o, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	okr_members_free(m, nm);
	free(m);
	okr_teams_free(&t, 1);
	*out = o;
	return 0;
}

static const struct field member_fields[] = {
    {.name = "userId", .type = FIELD_ID, .flags = FIELD_REQUIRED},
};

int api_okr_team_member_add(struct api_ctx *c, json_t **out)
{
	struct field_value v[1];
	api_fields(c, member_fields, 1, v);
	if (v[0].ok && org_role(c->org_id, v[0].i) == ROLE_NONE)
		problem_add(c->invalid, "userId", "err.okr.not_member");
	if (json_array_size(c->invalid)) {
		api_audit_id(c, "okr.team.member_add", "okr_team", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	int rc = okr_store_team_member_add(c->obj_id, v[0].i);
	if (rc < 0)
		return rc;
	api_audit_id(c, "okr.team.member_add", "okr_team", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/teams/%lld", (long long)c->obj_id);
	return api_okr_team_get(c, out);
}

int api_okr_team_member_remove(struct api_ctx *c, json_t **out)
{
	int rc = okr_store_team_member_remove(c->obj_id, c->ids[1]);
	if (rc < 0)
		return rc;
	api_audit_id(c, "okr.team.member_remove", "okr_team", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/teams/%lld", (long long)c->obj_id);
	if (c->is_page) {
		*out = NULL;
		return 0;
	}
	c->status = 204;
	*out = NULL;
	return 0;
}

/* --- periods ------------------------------------------------------------ */

/* The quarter that holds day d: its first and last day and its name "2026-K4". */
static void quarter_of(int64_t d, char start[11], char end[11], char name[16])
{
	char s[11], buf[40];
	okr_date(d, s);
	int y = atoi(s) % 10000, q = ((atoi(s + 5) - 1) / 3) & 3;
	snprintf(buf, sizeof buf, "%04d-%02d-01", y, q * 3 + 1);
	int64_t first = okr_day(buf);
	if (q == 3)
		snprintf(buf, sizeof buf, "%04d-01-01", y + 1);
	else
		snprintf(buf, sizeof buf, "%04d-%02d-01", y, q * 3 + 4);
	okr_date(first, start);
	okr_date(okr_day(buf) - 1, end);
	snprintf(buf, sizeof buf, "%04d-K%d", y, q + 1);
	memcpy(name, buf, strlen(buf) + 1 < 16 ? strlen(buf) + 1 : 16);
	name[15] = 0;
}

/* The first quarter from today on that has no period of that name yet. */
static json_t *suggestion(const struct okr_period *p, size_t n)
{
	char s[11], e[11], name[16];
	int64_t d = okr_today();
	for (int tries = 0; tries < 40; tries++) {
		quarter_of(d, s, e, name);
		int taken = 0;
		for (size_t i = 0; i < n; i++)
			taken |= !strcmp(p[i].name, name);
		if (!taken)
			break;
		d = okr_day(e) + 1;
	}
	return json_pack("{s:s,s:s,s:s}", "name", name, "startsOn", s, "endsOn", e);
}

int api_okr_periods(struct api_ctx *c, json_t **out)
{
	size_t n;
	struct okr_period *p = okr_store_periods(c->org_id, &n);
	json_t *a = json_array();
	int64_t today = okr_today();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, okr_period_json(&p[i], today));
	json_t *o = json_pack("{s:o,s:o,s:b}", "periods", a, "suggestion", suggestion(p, n), "canEdit",
			      c->role >= ROLE_BEWERKER);
	okr_periods_free(p, n);
	free(p);
	okr_org_members(o, c->org_id);
	*out = o;
	return 0;
}

enum { P_NAME, P_START, P_END };
static const struct field period_fields[] = {
    [P_NAME] = {.name = "name", .type = FIELD_STRING, .max_len = 60},
    [P_START] = {.name = "startsOn", .type = FIELD_DATE},
    [P_END] = {.name = "endsOn", .type = FIELD_DATE},
};

int api_okr_period_create(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(period_fields)];
	api_fields(c, period_fields, FIELD_COUNT(period_fields), v);
	if (json_array_size(c->invalid)) {
		api_audit_id(c, "okr.period.create", "org", c->org_id, "invalid");
		return -ERR_INVALID;
	}
	char qs[11], qe[11], qn[16], start[11], end[11], name[64];
	int64_t from = v[P_START].set ? okr_day(v[P_START].s) : okr_today();
	quarter_of(from, qs, qe, qn);
	snprintf(start, sizeof start, "%s", v[P_START].set ? v[P_START].s : qs);
	snprintf(end, sizeof end, "%s", v[P_END].set ? v[P_END].s : qe);
	int quarter = !strcmp(start, qs) && !strcmp(end, qe);
	if (v[P_NAME].set)
		snprintf(name, sizeof name, "%s", v[P_NAME].s);
	else if (quarter)
		snprintf(name, sizeof name, "%s", qn);
	else
		snprintf(name, sizeof name, "%s – %s", start, end);
	if (okr_day(end) < okr_day(start))
		problem_add(c->invalid, "endsOn", "err.okr.ends_before_start");
	else if (okr_day(end) - okr_day(start) > 366 * 2)
		problem_add(c->invalid, "endsOn", "err.okr.period_too_long");
	if (json_array_size(c->invalid)) {
		api_audit_id(c, "okr.period.create", "org", c->org_id, "invalid");
		return -ERR_INVALID;
	}
	int64_t id = okr_store_period_create(c->org_id, name, start, end);
	if (id == -ERR_CONFLICT) {
		problem_add(c->invalid, "name", "err.okr.period_taken");
		api_audit_id(c, "okr.period.create", "org", c->org_id, "invalid");
		return -ERR_INVALID;
	}
	if (id < 0)
		return (int)id;
	api_audit_id(c, "okr.period.create", "okr_period", id, "ok");
	struct okr_period p;
	okr_store_period(id, &p);
	*out = okr_period_json(&p, okr_today());
	okr_periods_free(&p, 1);
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/organisaties/%s/okr?periode=%lld", c->param[0],
		 (long long)id);
	return 0;
}
