/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * demo_okr: loads the "okr" section of web/demo/demo.json: departments and
 * teams with members, a period around today, objectives cascaded from the
 * organisation to a team and an initiative, their key results and weeks of
 * check-ins. Every date in the file is an offset in days from today, so
 * `make run` always shows a quarter in progress. Writes through the okr
 * store inside the demo's one transaction; never commits itself.
 */
#include "api/initiative.h"
#include "demo_okr.h"

#include <stdio.h>
#include <string.h>

#include "domain/okr.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/initiative_store.h"
#include "store/okr_store.h"
#include "store/org.h"

static int64_t user_id(const char *email)
{
	struct user u;
	return email && account_user_by_email(email, &u) == 0 ? u.id : 0;
}

/* today + offset days as YYYY-MM-DD into out */
static const char *day(int64_t today, const json_t *offset, char out[11])
{
	okr_date(today + json_integer_value(offset), out);
	return out;
}

/* The initiative of that name in the organisation (the demo's own data). */
static int64_t initiative_by_name(int64_t org, const char *name)
{
	json_t *list = api_initiative_summaries(org), *r;
	size_t i;
	int64_t id = 0;
	json_array_foreach (list, i, r)
		if (!strcmp(json_string_value(json_object_get(r, "name")), name))
			id = json_integer_value(json_object_get(r, "id"));
	json_decref(list);
	BUG_ON(id <= 0);
	return id;
}

static int64_t by_name(const json_t *ids, const char *name)
{
	return name ? json_integer_value(json_object_get(ids, name)) : 0;
}

void demo_okr_load(const json_t *d)
{
	const json_t *s = json_object_get(d, "okr");
	if (!s)
		return;
	int64_t org = org_id_by_slug(json_string_value(json_object_get(s, "org")));
	BUG_ON(org <= 0);
	int64_t today = time_now() / 86400;
	char a[11], b[11];
	json_t *teams = json_object(), *objs = json_object();
	size_t i;
	json_t *o;
	json_array_foreach (json_object_get(s, "teams"), i, o) {
		const char *kind = json_string_value(json_object_get(o, "kind"));
		int64_t id = okr_store_team_create(
		    org, by_name(teams, json_string_value(json_object_get(o, "parent"))),
		    kind && !strcmp(kind, "afdeling") ? OKR_DEPARTMENT : OKR_TEAM,
		    json_string_value(json_object_get(o, "name")));
		BUG_ON(id <= 0);
		json_object_set_new(teams, json_string_value(json_object_get(o, "name")), json_integer(id));
		size_t k;
		json_t *m;
		json_array_foreach (json_object_get(o, "members"), k, m)
			okr_store_team_member_add(id, user_id(json_string_value(m)));
	}
	const json_t *p = json_object_get(s, "period");
	int64_t period = okr_store_period_create(org, json_string_value(json_object_get(p, "name")),
						 day(today, json_object_get(p, "startDay"), a),
						 day(today, json_object_get(p, "endDay"), b));
	BUG_ON(period <= 0);
	json_array_foreach (json_object_get(s, "objectives"), i, o) {
		const char *level = json_string_value(json_object_get(o, "level"));
		struct okr_objective_in in = {
		    .org_id = org,
		    .period_id = period,
		    .level = (enum okr_level)okr_enum(okr_levels, level),
		    .team_id = by_name(teams, json_string_value(json_object_get(o, "team"))),
		    .owner_id = user_id(json_string_value(json_object_get(o, "owner"))),
		    .title = json_string_value(json_object_get(o, "title")),
		    .description = json_string_value(json_object_get(o, "description")),
		};
		const char *ini = json_string_value(json_object_get(o, "initiative"));
		if (ini)
			in.initiative_id = initiative_by_name(org, ini);
		int64_t id = okr_store_objective_create(&in);
		BUG_ON(id <= 0);
		json_object_set_new(objs, json_string_value(json_object_get(o, "key")), json_integer(id));
		struct okr_alignment al[4];
		size_t n = 0, k;
		json_t *pa;
		json_array_foreach (json_object_get(o, "parents"), k, pa)
			if (n < 4)
				al[n++] = (struct okr_alignment){
				    id, by_name(objs, json_string_value(json_object_get(pa, "key"))),
				    (enum okr_link)okr_enum(okr_links,
							    json_string_value(json_object_get(pa, "link")))};
		okr_store_alignments_set(id, al, n);
		if (json_is_true(json_object_get(o, "published")))
			okr_store_objective_set_state(id, OKR_PUBLISHED);
	}
	json_array_foreach (json_object_get(s, "keyResults"), i, o) {
		json_t *target = json_object_get(o, "target");
		const char *commitment = json_string_value(json_object_get(o, "commitment"));
		struct okr_kr_in in = {
		    .objective_id = by_name(objs, json_string_value(json_object_get(o, "objective"))),
		    .owner_id = user_id(json_string_value(json_object_get(o, "owner"))),
		    .title = json_string_value(json_object_get(o, "title")),
		    .unit = json_string_value(json_object_get(o, "unit")),
		    .due_on =
			json_object_get(o, "dueDay") ? day(today, json_object_get(o, "dueDay"), a) : NULL,
		    .kind = (enum okr_kind)okr_enum(okr_kinds, json_string_value(json_object_get(o, "kind"))),
		    .start = json_number_value(json_object_get(o, "start")),
		    .target = json_number_value(target),
		    .has_target = json_is_number(target),
		    .equal_counts = !json_is_false(json_object_get(o, "equalCounts")),
		    .weight = json_is_number(json_object_get(o, "weight"))
				  ? json_number_value(json_object_get(o, "weight"))
				  : 1,
		    .commitment = commitment ? (enum okr_commitment)okr_enum(okr_commitments, commitment)
					     : OKR_COMMITTED,
		    .source = OKR_SOURCE_MANUAL,
		    .source_ref = "",
		};
		BUG_ON(in.objective_id <= 0 || (int)in.kind < 0);
		int64_t id = okr_store_kr_create(&in);
		BUG_ON(id <= 0);
		struct okr_milestone ms[OKR_MILESTONES_MAX];
		size_t n = 0, k;
		json_t *m;
		json_array_foreach (json_object_get(o, "milestones"), k, m)
			if (n < OKR_MILESTONES_MAX)
				ms[n++] = (struct okr_milestone){
				    0, (char *)json_string_value(json_object_get(m, "title")),
				    json_is_true(json_object_get(m, "done"))};
		okr_store_milestones_set(id, ms, n);
		/* check-ins: [day offset, value or null, confidence, what changed, blocker, next step] */
		json_array_foreach (json_object_get(o, "checkins"), k, m) {
			json_t *v = json_array_get(m, 1), *c = json_array_get(m, 2);
			struct okr_checkin_in ci = {
			    .kr_id = id,
			    .user_id = in.owner_id,
			    .on_date = day(today, json_array_get(m, 0), b),
			    .has_value = json_is_number(v),
			    .value = json_number_value(v),
			    .confidence = json_is_integer(c) ? (int)json_integer_value(c) : -1,
			    .changed = json_string_value(json_array_get(m, 3)),
			    .blocker = json_string_value(json_array_get(m, 4)),
			    .next_step = json_string_value(json_array_get(m, 5)),
			    .source = OKR_SOURCE_MANUAL,
			};
			okr_store_checkin_put(&ci);
		}
	}
	json_decref(teams);
	json_decref(objs);
}
