/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr_objective: the OKR tree of an organisation, objectives (create,
 * read, replace, publish with quality warnings, close with scores, carry
 * over into another period) and the objectives of an initiative. An
 * alignment that would close a cycle is refused with the cycle named.
 * Edits after the period has ended are allowed and audited as such.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/module.h"
#include "api/initiative.h"
#include "api/okr.h"
#include "api/organisation.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/initiative_store.h"
#include "store/org.h"

#define PARENTS_MAX 10
#define TREE_DEPTH_MAX 12

/* --- the tree ----------------------------------------------------------- */

static int64_t query_id(struct api_ctx *c, const char *name)
{
	int64_t id = 0;
	const char *s = json_string_value(json_object_get(c->query, name));
	return s && api_parse_id(s, &id) == 0 ? id : 0;
}

/* Appends objective i and, below it, its visible children (pre-order). */
static void walk(const struct okr_world *w, const char *visible, size_t i, int depth, const char *link,
		 json_t *list)
{
	json_t *s = okr_objective_summary(w, i);
	json_object_set_new(s, "depth", json_integer(depth));
	json_object_set_new(s, "link", link ? json_string(link) : json_null());
	json_array_append_new(list, s);
	if (depth >= TREE_DEPTH_MAX)
		return;
	for (size_t a = 0; a < w->n_al; a++) {
		if (w->al[a].parent_id != w->obj[i].id)
			continue;
		long c = okr_world_find(w, w->al[a].child_id);
		if (c >= 0 && visible[c])
			walk(w, visible, (size_t)c, depth + 1, okr_links[w->al[a].link], list);
	}
}

int api_okr_tree(struct api_ctx *c, json_t **out)
{
	json_t *o = json_object();
	if (okr_org_members(o, c->org_id) < 0) {
		json_decref(o);
		return -ERR_NOTFOUND;
	}
	int64_t today = okr_today();
	size_t np;
	struct okr_period *p = okr_store_periods(c->org_id, &np);
	int64_t want = query_id(c, "periode"), team = query_id(c, "team");
	long sel = -1;
	json_t *periods = json_array();
	for (size_t i = 0; i < np; i++) {
		json_array_append_new(periods, okr_period_json(&p[i], today));
		if (p[i].id == want)
			sel = (long)i;
	}
	for (size_t i = 0; sel < 0 && i < np; i++)
		if (today >= okr_day(p[i].starts_on) && today <= okr_day(p[i].ends_on))
			sel = (long)i;
	if (sel < 0 && np)
		sel = 0;
	json_object_set_new(o, "period", sel >= 0 ? okr_period_json(&p[sel], today) : json_null());
	json_object_set_new(o, "periods", periods);
	/* teams: the filter keeps a team and the teams under it */
	size_t nt;
	struct okr_team *t = okr_store_teams(c->org_id, &nt);
	json_t *teams = json_array();
	int team_known = 0;
	for (size_t i = 0; i < nt; i++) {
		json_array_append_new(
		    teams, json_pack("{s:I,s:s,s:s,s:o,s:I}", "id", (json_int_t)t[i].id, "name", t[i].name,
				     "kind", okr_team_kinds[t[i].kind], "parentId",
				     t[i].parent_id > 0 ? json_integer(t[i].parent_id) : json_null(),
				     "memberCount", (json_int_t)t[i].n_members));
		team_known |= t[i].id == team;
	}
	if (!team_known)
		team = 0;
	json_object_set_new(o, "teams", teams);
	json_object_set_new(o, "teamFilter", team ? json_integer(team) : json_null());

	struct okr_world w;
	okr_world_load(&w, c->org_id);
	char *visible = xcalloc(w.n_obj + 1, 1);
	for (size_t i = 0; i < w.n_obj; i++) {
		if (sel < 0 || w.obj[i].period_id != p[sel].id)
			continue;
		int in_team = !team || w.obj[i].team_id == team;
		for (size_t k = 0; !in_team && k < nt; k++)
			in_team = t[k].id == w.obj[i].team_id && t[k].parent_id == team;
		visible[i] = (char)in_team;
	}
	json_t *list = json_array();
	int counts[5] = {0};
	for (size_t i = 0; i < w.n_obj; i++) {
		if (!visible[i])
			continue;
		counts[w.node[i].status]++;
		int has_parent = 0;
		for (size_t a = 0; a < w.n_al; a++) {
			long pi =
			    w.al[a].child_id == w.obj[i].id ? okr_world_find(&w, w.al[a].parent_id) : -1;
			has_parent |= pi >= 0 && visible[pi];
		}
		if (!has_parent)
			walk(&w, visible, i, 0, NULL, list);
	}
	json_object_set_new(o, "objectives", list);
	json_object_set_new(o, "statusCounts",
			    json_pack("{s:i,s:i,s:i,s:i,s:i}", "geen", counts[0], "op_koers", counts[1],
				      "risico", counts[2], "uit_koers", counts[3], "verouderd", counts[4]));
	json_object_set_new(o, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	free(visible);
	okr_world_free(&w);
	okr_teams_free(t, nt);
	free(t);
	okr_periods_free(p, np);
	free(p);
	*out = o;
	return 0;
}

/* --- one objective ------------------------------------------------------ */

/* The objective document of id in its organisation, or NULL. */
static json_t *objective_doc(int64_t org_id, int64_t id)
{
	struct okr_world w;
	okr_world_load(&w, org_id);
	long i = okr_world_find(&w, id);
	json_t *o = i >= 0 ? okr_objective_json(&w, (size_t)i) : NULL;
	okr_world_free(&w);
	return o;
}

int api_okr_objective_get(struct api_ctx *c, json_t **out)
{
	json_t *o = objective_doc(c->org_id, c->obj_id);
	if (!o)
		return -ERR_NOTFOUND;
	json_object_set_new(o, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	if (c->is_page && c->role >= ROLE_BEWERKER) {
		/* the carry-over form offers the other periods */
		size_t n;
		struct okr_period *p = okr_store_periods(c->org_id, &n);
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++)
			if (p[i].id !=
			    json_integer_value(json_object_get(json_object_get(o, "period"), "id")))
				json_array_append_new(a, okr_ref(p[i].id, p[i].name));
		okr_periods_free(p, n);
		free(p);
		json_object_set_new(o, "carryPeriods", a);
	}
	*out = o;
	return 0;
}

enum { O_TITLE, O_DESC, O_PERIOD, O_LEVEL, O_TEAM, O_INITIATIVE, O_OWNER, O_PARENTS };
static const struct field objective_fields[] = {
    [O_TITLE] = {.name = "title", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = OKR_TITLE_MAX},
    [O_DESC] = {.name = "description", .type = FIELD_STRING, .max_len = OKR_TEXT_MAX},
    [O_PERIOD] = {.name = "periodId", .type = FIELD_ID, .flags = FIELD_REQUIRED},
    [O_LEVEL] = {.name = "level",
		 .type = FIELD_ENUM,
		 .values = okr_levels,
		 .reason = "err.okr.level",
		 .def = "organisatie"},
    [O_TEAM] = {.name = "teamId", .type = FIELD_ID, .flags = FIELD_NULLABLE},
    [O_INITIATIVE] = {.name = "initiativeId", .type = FIELD_ID, .flags = FIELD_NULLABLE},
    [O_OWNER] = {.name = "ownerId", .type = FIELD_ID, .flags = FIELD_NULLABLE},
    [O_PARENTS] = {.name = "parents", .type = FIELD_ANY},
};

enum { L_OBJECTIVE, L_LINK };
static const struct field link_fields[] = {
    [L_OBJECTIVE] = {.name = "objectiveId", .type = FIELD_ID, .flags = FIELD_REQUIRED},
    [L_LINK] = {.name = "link",
		.type = FIELD_ENUM,
		.values = okr_links,
		.reason = "err.okr.link",
		.def = "bijdragend"},
};

/* Reads parents: an array of {objectiveId, link} (API) or form rows keyed
 * "0", "1", ... where a row without objectiveId is skipped. */
static size_t read_parents(struct api_ctx *c, const json_t *v, struct okr_alignment *out)
{
	size_t n = 0;
	if (!v)
		return 0;
	if (!json_is_array(v) && !(c->is_page && json_is_object(v))) {
		problem_add(c->invalid, "parents", "err.okr.parents");
		return 0;
	}
	if (json_is_array(v) && json_array_size(v) > PARENTS_MAX) {
		problem_add_params(c->invalid, "parents", "err.okr.parents_max",
				   json_pack("{s:i}", "max", PARENTS_MAX));
		return 0;
	}
	void *iter = json_is_object(v) ? json_object_iter((json_t *)v) : NULL;
	for (size_t i = 0;; i++) {
		const json_t *row;
		char prefix[64];
		if (json_is_array(v)) {
			if (i >= json_array_size(v))
				break;
			row = json_array_get(v, i);
			snprintf(prefix, sizeof prefix, "parents.%zu", i);
		} else {
			if (!iter || i >= PARENTS_MAX)
				break;
			row = json_object_iter_value(iter);
			snprintf(prefix, sizeof prefix, "parents.%s", json_object_iter_key(iter));
			iter = json_object_iter_next((json_t *)v, iter);
			const char *id = json_string_value(json_object_get(row, "objectiveId"));
			if (json_is_object(row) && (!id || !*id))
				continue;
		}
		if (!json_is_object(row)) {
			problem_add(c->invalid, prefix, "err.okr.parents");
			continue;
		}
		struct field_value f[FIELD_COUNT(link_fields)];
		if (field_check(row, link_fields, FIELD_COUNT(link_fields), c->is_page, prefix, f,
				c->invalid) < 0)
			continue;
		int64_t pid = f[L_OBJECTIVE].i;
		if (okr_store_objective_org(pid) != c->org_id) {
			char name[80];
			snprintf(name, sizeof name, "%s.objectiveId", prefix);
			problem_add(c->invalid, name, "err.okr.objective_unknown");
			continue;
		}
		int dup = 0;
		for (size_t k = 0; k < n; k++)
			dup |= out[k].parent_id == pid;
		if (!dup && n < PARENTS_MAX)
			out[n++] = (struct okr_alignment){0, pid, (enum okr_link)f[L_LINK].i};
	}
	return n;
}

/* Refuses parents that would close a cycle, naming it: "A → B → A". */
static void check_cycles(struct api_ctx *c, int64_t child, const struct okr_alignment *parents, size_t n)
{
	size_t na;
	struct okr_alignment *al = okr_store_alignments(c->org_id, &na);
	struct okr_edge *e = xcalloc(na + n + 1, sizeof *e);
	size_t ne = 0;
	for (size_t i = 0; i < na; i++)
		if (al[i].child_id != child) /* replaced by the new parents */
			e[ne++] = (struct okr_edge){al[i].child_id, al[i].parent_id};
	for (size_t i = 0; i < n; i++) {
		int64_t path[32];
		size_t len = okr_cycle(e, ne, child, parents[i].parent_id, path, 32);
		if (len) {
			struct buf b = BUF_INIT;
			for (size_t k = 0; k < len && k < 32; k++) {
				struct okr_objective o;
				if (okr_store_objective(path[k], &o) == 0) {
					buf_printf(&b, "%s%s", k ? " → " : "", o.title);
					okr_objectives_free(&o, 1);
				} else {
					buf_printf(&b, "%s%s", k ? " → " : "", "…");
				}
			}
			problem_add_params(c->invalid, "parents", "err.okr.cycle",
					   json_pack("{s:s}", "cycle", buf_str(&b)));
			buf_free(&b);
			break;
		}
		e[ne++] = (struct okr_edge){child, parents[i].parent_id};
	}
	free(e);
	free(al);
}

/* Reads and checks an objective body; child is the objective being
 * replaced (0 for a new one; then the cycle check is moot). */
static int read_objective(struct api_ctx *c, int64_t child, struct okr_objective_in *in,
			  struct okr_alignment *parents, size_t *np)
{
	struct field_value v[FIELD_COUNT(objective_fields)];
	api_fields(c, objective_fields, FIELD_COUNT(objective_fields), v);
	memset(in, 0, sizeof *in);
	in->org_id = c->org_id;
	in->title = v[O_TITLE].s;
	in->description = v[O_DESC].s;
	in->level = v[O_LEVEL].ok ? (enum okr_level)v[O_LEVEL].i : OKR_LEVEL_ORG;
	if (v[O_PERIOD].ok) {
		if (okr_store_period_org(v[O_PERIOD].i) != c->org_id)
			problem_add(c->invalid, "periodId", "err.okr.period_unknown");
		else
			in->period_id = v[O_PERIOD].i;
	}
	if (v[O_TEAM].set && v[O_TEAM].ok) {
		if (okr_store_team_org(v[O_TEAM].i) != c->org_id)
			problem_add(c->invalid, "teamId", "err.okr.team_unknown");
		else
			in->team_id = v[O_TEAM].i;
	}
	if (v[O_INITIATIVE].set && v[O_INITIATIVE].ok) {
		if (initiative_store_org(v[O_INITIATIVE].i) != c->org_id)
			problem_add(c->invalid, "initiativeId", "err.okr.initiative_unknown");
		else
			in->initiative_id = v[O_INITIATIVE].i;
	}
	if (v[O_OWNER].set && v[O_OWNER].ok) {
		if (org_role(c->org_id, v[O_OWNER].i) == ROLE_NONE)
			problem_add(c->invalid, "ownerId", "err.okr.not_member");
		else
			in->owner_id = v[O_OWNER].i;
	}
	if (v[O_LEVEL].ok && in->level == OKR_LEVEL_TEAM && !v[O_TEAM].set)
		problem_add(c->invalid, "teamId", "err.okr.team_required");
	if (v[O_LEVEL].ok && in->level == OKR_LEVEL_INITIATIVE && !v[O_INITIATIVE].set)
		problem_add(c->invalid, "initiativeId", "err.okr.initiative_required");
	*np = read_parents(c, v[O_PARENTS].j, parents);
	for (size_t i = 0; child && i < *np; i++)
		parents[i].child_id = child;
	if (child && *np)
		check_cycles(c, child, parents, *np);
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

int api_okr_objective_create(struct api_ctx *c, json_t **out)
{
	struct okr_objective_in in;
	struct okr_alignment parents[PARENTS_MAX];
	size_t np = 0;
	if (read_objective(c, 0, &in, parents, &np) < 0) {
		api_audit_id(c, "okr.objective.create", "org", c->org_id, "invalid");
		return -ERR_INVALID;
	}
	int64_t id = okr_store_objective_create(&in);
	if (id < 0)
		return (int)id;
	for (size_t i = 0; i < np; i++)
		parents[i].child_id = id;
	okr_store_alignments_set(id, parents, np);
	api_audit_id(c, "okr.objective.create", "okr_objective", id, "ok");
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/doelen/%lld", (long long)id);
	*out = objective_doc(c->org_id, id);
	if (*out)
		json_object_set_new(*out, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_okr_objective_update(struct api_ctx *c, json_t **out)
{
	struct okr_objective_in in;
	struct okr_alignment parents[PARENTS_MAX];
	size_t np = 0;
	if (read_objective(c, c->obj_id, &in, parents, &np) < 0) {
		api_audit_id(c, "okr.objective.update", "okr_objective", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	int rc = okr_store_objective_update(c->obj_id, &in);
	if (rc < 0)
		return rc;
	okr_store_alignments_set(c->obj_id, parents, np);
	api_audit_id(c, "okr.objective.update", "okr_objective", c->obj_id, "ok");
	okr_audit_after_period(c, c->obj_id);
	snprintf(c->location, sizeof c->location, "/doelen/%lld", (long long)c->obj_id);
	return api_okr_objective_get(c, out);
}

/* The choices of the objective form: periods, teams, initiatives, members, objectives. */
static json_t *form_choices(int64_t org_id, int64_t self)
{
	json_t *o = json_object();
	size_t n;
	int64_t today = okr_today();
	struct okr_period *p = okr_store_periods(org_id, &n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, okr_period_json(&p[i], today));
	json_object_set_new(o, "periods", a);
	okr_periods_free(p, n);
	free(p);
	struct okr_team *t = okr_store_teams(org_id, &n);
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, okr_ref(t[i].id, t[i].name));
	json_object_set_new(o, "teams", a);
	okr_teams_free(t, n);
	free(t);
	json_t *ini = api_initiative_summaries(org_id), *r;
	size_t i;
	a = json_array();
	json_array_foreach (ini, i, r)
		json_array_append_new(a, okr_ref(json_integer_value(json_object_get(r, "id")),
						 json_string_value(json_object_get(r, "name"))));
	json_decref(ini);
	json_object_set_new(o, "initiatives", a);
	json_t *mem = api_members(org_id);
	a = json_array();
	json_array_foreach (mem, i, r)
		json_array_append_new(a, okr_ref(json_integer_value(json_object_get(r, "id")),
						 json_string_value(json_object_get(r, "name"))));
	json_decref(mem);
	json_object_set_new(o, "members", a);
	struct okr_objective *ob = okr_store_objectives(org_id, &n);
	a = json_array();
	for (size_t k = 0; k < n; k++)
		if (ob[k].id != self)
			json_array_append_new(a,
					      json_pack("{s:I,s:s,s:s}", "id", (json_int_t)ob[k].id, "name",
							ob[k].title, "periodName", ob[k].period_name));
	json_object_set_new(o, "objectives", a);
	okr_objectives_free(ob, n);
	free(ob);
	return o;
}

#define PARENT_SLOTS 3

/* The form's rows for parents: what was typed (a form shown again after a
 * refused submit), else the stored parents, padded to PARENT_SLOTS. */
static json_t *parent_slots(struct api_ctx *c, json_t *stored)
{
	json_t *typed = json_object_get(c->body, "parents"), *a = json_array();
	for (int i = 0; i < PARENT_SLOTS; i++) {
		char n[16], label[16];
		snprintf(n, sizeof n, "%d", i);
		snprintf(label, sizeof label, "%d", i + 1);
		json_t *row =
		    json_is_object(typed) ? json_object_get(typed, n) : json_array_get(stored, (size_t)i);
		json_t *id = json_is_object(row)
				 ? json_object_get(row, json_is_object(typed) ? "objectiveId" : "id")
				 : NULL;
		json_t *link = json_is_object(row) ? json_object_get(row, "link") : NULL;
		json_array_append_new(a, json_pack("{s:s,s:s,s:O,s:O}", "n", n, "label", label, "objectiveId",
						   id ? id : json_null(), "link", link ? link : json_null()));
	}
	return a;
}

int api_okr_objective_new_form(struct api_ctx *c, json_t **out)
{
	json_t *o = json_pack("{s:o,s:s}", "choices", form_choices(c->org_id, 0), "level", "organisatie");
	okr_org_members(o, c->org_id);
	/* preselect what the link that led here says: ?team=, ?initiatief=, ?periode= */
	int64_t team = query_id(c, "team"), ini = query_id(c, "initiatief"), per = query_id(c, "periode");
	if (team > 0 && okr_store_team_org(team) == c->org_id) {
		json_object_set_new(o, "teamId", json_integer(team));
		json_object_set_new(o, "level", json_string("team"));
	}
	if (ini > 0 && initiative_store_org(ini) == c->org_id) {
		json_object_set_new(o, "initiativeId", json_integer(ini));
		json_object_set_new(o, "level", json_string("initiatief"));
	}
	if (per > 0 && okr_store_period_org(per) == c->org_id)
		json_object_set_new(o, "periodId", json_integer(per));
	json_object_set_new(o, "ownerId", json_integer(c->user_id));
	/* ?bovenliggend=id: a new objective that contributes to that one (the cascade) */
	int64_t parent = query_id(c, "bovenliggend");
	json_t *stored = NULL;
	if (parent > 0 && okr_store_objective_org(parent) == c->org_id)
		stored = json_pack("[{s:I,s:s}]", "id", (json_int_t)parent, "link", "bijdragend");
	json_object_set_new(o, "parentSlots", parent_slots(c, stored));
	json_decref(stored);
	*out = o;
	return 0;
}

/* The edit form: the objective and the form's choices (page only). */
int api_okr_objective_edit_form(struct api_ctx *c, json_t **out)
{
	int rc = api_okr_objective_get(c, out);
	if (rc == 0) {
		json_object_set_new(*out, "choices", form_choices(c->org_id, c->obj_id));
		json_object_set_new(*out, "parentSlots", parent_slots(c, json_object_get(*out, "parents")));
	}
	return rc;
}

int api_okr_objective_publish(struct api_ctx *c, json_t **out)
{
	struct okr_objective o;
	if (okr_store_objective(c->obj_id, &o) < 0)
		return -ERR_NOTFOUND;
	enum okr_state st = o.state;
	okr_objectives_free(&o, 1);
	if (st == OKR_CLOSED) {
		c->detail = "err.okr.closed";
		api_audit_id(c, "okr.objective.publish", "okr_objective", c->obj_id, "conflict");
		return -ERR_CONFLICT;
	}
	int rc = okr_store_objective_set_state(c->obj_id, OKR_PUBLISHED);
	if (rc < 0)
		return rc;
	api_audit_id(c, "okr.objective.publish", "okr_objective", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/doelen/%lld", (long long)c->obj_id);
	return api_okr_objective_get(c, out);
}

static const struct field close_fields[] = {
    {.name = "retrospective", .type = FIELD_STRING, .max_len = OKR_TEXT_MAX},
};

int api_okr_objective_close(struct api_ctx *c, json_t **out)
{
	struct field_value v[1];
	if (api_fields(c, close_fields, 1, v) < 0) {
		api_audit_id(c, "okr.objective.close", "okr_objective", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	size_t n;
	struct okr_key_result *k = okr_store_objective_krs(c->obj_id, &n);
	struct okr_part *parts = xcalloc(n + 1, sizeof *parts);
	/* scores of bound key results need their bound value: take them from the world */
	struct okr_world w;
	okr_world_load(&w, c->org_id);
	for (size_t i = 0; i < n; i++) {
		const struct okr_kr *kr = &k[i].kr;
		for (size_t j = 0; j < w.n_kr; j++)
			if (w.kr[j].id == k[i].id)
				kr = &w.kr[j].kr;
		double s = okr_score(kr);
		okr_store_kr_set_score(k[i].id, s);
		parts[i] = (struct okr_part){s, kr->weight, OKR_CONTRIBUTES};
	}
	okr_world_free(&w);
	double score = okr_rollup(parts, n);
	free(parts);
	okr_krs_free(k, n);
	free(k);
	int rc = okr_store_objective_close(c->obj_id, isnan(score) ? 0 : score, v[0].s);
	if (rc < 0)
		return rc;
	api_audit_id(c, "okr.objective.close", "okr_objective", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/doelen/%lld", (long long)c->obj_id);
	return api_okr_objective_get(c, out);
}

static const struct field carry_fields[] = {
    {.name = "periodId", .type = FIELD_ID, .flags = FIELD_REQUIRED},
};

int api_okr_objective_carry(struct api_ctx *c, json_t **out)
{
	struct field_value v[1];
	api_fields(c, carry_fields, 1, v);
	struct okr_objective o;
	if (okr_store_objective(c->obj_id, &o) < 0)
		return -ERR_NOTFOUND;
	if (v[0].ok && okr_store_period_org(v[0].i) != c->org_id)
		problem_add(c->invalid, "periodId", "err.okr.period_unknown");
	else if (v[0].ok && v[0].i == o.period_id)
		problem_add(c->invalid, "periodId", "err.okr.same_period");
	if (json_array_size(c->invalid)) {
		okr_objectives_free(&o, 1);
		api_audit_id(c, "okr.objective.carry", "okr_objective", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	struct okr_objective_in in = {
	    .org_id = c->org_id,
	    .period_id = v[0].i,
	    .level = o.level,
	    .team_id = o.team_id,
	    .initiative_id = o.initiative_id,
	    .owner_id = o.owner_id,
	    .carried_from = o.id,
	    .title = o.title,
	    .description = o.description,
	};
	int64_t id = okr_store_objective_create(&in);
	okr_objectives_free(&o, 1);
	if (id < 0)
		return (int)id;
	/* the same parents */
	size_t na;
	struct okr_alignment *al = okr_store_alignments(c->org_id, &na),
			     *mine = xcalloc(na + 1, sizeof *mine);
	size_t nm = 0;
	for (size_t i = 0; i < na; i++)
		if (al[i].child_id == c->obj_id)
			mine[nm++] = (struct okr_alignment){id, al[i].parent_id, al[i].link};
	okr_store_alignments_set(id, mine, nm);
	free(al);
	free(mine);
	/* the unfinished key results, continuing from where they stand */
	size_t n;
	struct okr_key_result *k = okr_store_objective_krs(c->obj_id, &n);
	for (size_t i = 0; i < n; i++) {
		double p = okr_progress(&k[i].kr);
		if (!isnan(p) && p >= 1)
			continue;
		int linear = k[i].kr.kind == OKR_INCREASE || k[i].kr.kind == OKR_DECREASE ||
			     k[i].kr.kind == OKR_BASELINE;
		struct okr_kr_in kin = {
		    .objective_id = id,
		    .owner_id = k[i].owner_id,
		    .carried_from = k[i].id,
		    .title = k[i].title,
		    .unit = k[i].unit,
		    .due_on = NULL,
		    .kind = k[i].kr.kind,
		    .start = linear && k[i].kr.has_value ? k[i].kr.value : k[i].kr.start,
		    .target = k[i].kr.target,
		    .has_target = k[i].kr.has_target,
		    .equal_counts = k[i].kr.equal_counts,
		    .weight = k[i].kr.weight,
		    .commitment = k[i].commitment,
		    .source = k[i].source,
		    .source_ref = k[i].source_ref,
		};
		/* a carried increase that already passed its start keeps its direction */
		if (linear && kin.has_target && kin.start == kin.target)
			continue;
		int64_t nk = okr_store_kr_create(&kin);
		if (nk < 0)
			continue;
		size_t nms;
		struct okr_milestone *ms = okr_store_milestones(k[i].id, &nms);
		okr_store_milestones_set(nk, ms, nms);
		okr_milestones_free(ms, nms);
		free(ms);
	}
	okr_krs_free(k, n);
	free(k);
	api_audit_id(c, "okr.objective.carry", "okr_objective", id, "ok");
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/doelen/%lld", (long long)id);
	*out = objective_doc(c->org_id, id);
	if (*out)
		json_object_set_new(*out, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	return *out ? 0 : -ERR_NOTFOUND;
}

/* --- initiatives -------------------------------------------------------- */

static json_t *initiative_objectives(int64_t org_id, int64_t initiative_id)
{
	struct okr_world w;
	okr_world_load(&w, org_id);
	json_t *a = json_array();
	for (size_t i = 0; i < w.n_obj; i++)
		if (w.obj[i].initiative_id == initiative_id)
			json_array_append_new(a, okr_objective_summary(&w, i));
	okr_world_free(&w);
	return a;
}

int api_okr_initiative_objectives(struct api_ctx *c, json_t **out)
{
	json_t *ini = api_initiative_doc(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	*out = json_pack("{s:{s:O,s:O},s:o,s:b}", "initiative", "id", json_object_get(ini, "id"), "name",
			 json_object_get(ini, "name"), "objectives",
			 initiative_objectives(c->org_id, c->obj_id), "canEdit", c->role >= ROLE_BEWERKER);
	json_decref(ini);
	return 0;
}

void okr_initiative_extras(int64_t initiative_id, json_t *o)
{
	int64_t org = initiative_store_org(initiative_id);
	if (org > 0)
		json_object_set_new(o, "okrObjectives", initiative_objectives(org, initiative_id));
}
