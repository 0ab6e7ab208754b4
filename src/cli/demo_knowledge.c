/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * demo_knowledge: loads web/demo/knowledge.json: a municipality, a
 * university of applied sciences, a social enterprise, market parties and
 * a scale-up; their people and initiatives; assessment rounds dated
 * relative to today (closed, answered by named raters); party profiles
 * (one expired); 35 knowledge items in our own words; adoptions, an
 * evidence review and connect requests. Writes through the stores inside
 * the demo's one transaction; never commits itself.
 */
#include "cli/demo_knowledge.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api/method_registry.h"
#include "domain/initiative.h"
#include "domain/organisation.h"
#include "domain/role.h"
#include "lib/assets.h"
#include "lib/buf.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/assessment_store.h"
#include "store/initiative_store.h"
#include "store/knowledge_store.h"
#include "store/kpi_store.h"
#include "store/org.h"
#include "store/party_store.h"

static const char *str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int64_t initiative(const char *name)
{
	int64_t org = 0, id = kpi_store_initiative_find(name, &org);
	if (id <= 0)
		BUG("demo: no initiative %s", name);
	return id;
}

static int64_t user(const char *email)
{
	struct user u;
	return email && account_user_by_email(email, &u) == 0 ? u.id : 0;
}

/* The date `months` months (of 30 days) before today, plus days. */
static void date_back(int months, int days, char out[11])
{
	char ts[21];
	time_rfc3339(time_now() - ((int64_t)months * 30 - days) * 86400, ts);
	snprintf(out, 11, "%.10s", ts);
}

static void rounds(const json_t *list)
{
	size_t i;
	json_t *r;
	json_array_foreach (list, i, r) {
		const struct method *m = method_registry_get(str(r, "method"));
		BUG_ON(!m);
		int months = (int)json_integer_value(json_object_get(r, "monthsAgo"));
		char start[11], end[11];
		date_back(months, -14, start);
		date_back(months, 0, end);
		struct assessment_round_in in = {.initiative_id = initiative(str(r, "initiative")),
						 .method_id = m->id,
						 .method_version = m->version,
						 .title = str(r, "title"),
						 .period_start = start,
						 .period_end = end};
		int64_t round = assessment_store_round_create(&in);
		BUG_ON(round <= 0);
		size_t k;
		json_t *rt;
		json_array_foreach (json_object_get(r, "raters"), k, rt) {
			/* members, not invitation links: a link's token is never exported */
			struct user u;
			BUG_ON(account_user_by_email(str(rt, "email"), &u) < 0);
			int64_t rater =
			    assessment_store_rater_add(round, u.id, u.name, str(rt, "role"), NULL, 0);
			BUG_ON(rater <= 0);
			json_t *levels = json_object_get(rt, "levels");
			for (size_t q = 0; q < m->n_questions; q++) {
				const struct method_question *mq = &m->questions[q];
				json_t *lv =
				    mq->ingredient ? json_object_get(levels, mq->ingredient->id) : NULL;
				if (!lv)
					continue;
				struct assessment_answer_in a = {
				    .question = mq->id, .has_level = 1, .level = (int)json_integer_value(lv)};
				assessment_store_answer_put(rater, &a);
			}
			assessment_store_rater_set_status(rater, RATER_SUBMITTED);
		}
		assessment_store_round_set_status(round, ASSESSMENT_ROUND_CLOSED);
	}
}

static int64_t item_id(json_t *ids, const char *key)
{
	json_t *v = json_object_get(ids, key);
	if (!v)
		BUG("demo: no knowledge item %s", key);
	return json_integer_value(v);
}

static void items(const json_t *list, json_t *ids)
{
	size_t i;
	json_t *it;
	json_array_foreach (list, i, it) {
		struct knowledge_in in = {
		    .org_id = org_id_by_slug(str(it, "org")),
		    .kind = str(it, "kind"),
		    .title = str(it, "title"),
		    .summary = str(it, "summary"),
		    .body = str(it, "body"),
		    .sector = str(it, "sector"),
		    .region = str(it, "region"),
		    .party_type = str(it, "party"),
		    .visibility = str(it, "vis"),
		    .level = str(it, "level"),
		    .level_note = str(it, "note"),
		    .initiative_id = str(it, "initiative") ? initiative(str(it, "initiative")) : 0,
		    .tags = json_object_get(it, "tags"),
		    .links = json_object_get(it, "links"),
		};
		BUG_ON(in.org_id <= 0 || !knowledge_kind_parse(in.kind));
		int64_t id = knowledge_store_create(&in, 0);
		BUG_ON(id <= 0);
		json_object_set_new(ids, str(it, "key"), json_integer(id));
	}
}

void demo_knowledge_load(const char *pw)
{
	const struct asset *a = assets_find("web/demo/knowledge.json");
	json_error_t e;
	json_t *d = a ? json_loadb((const char *)a->data, a->len, 0, &e) : NULL;
	if (!d)
		BUG("web/demo/knowledge.json:%d: %s", a ? e.line : 0, a ? e.text : "missing");
	if (!method_registry_count()) {
		struct buf err = BUF_INIT;
		if (method_registry_load(NULL, &err) < 0)
			BUG("built-in methods: %s", buf_str(&err));
		buf_free(&err);
	}
	size_t i;
	json_t *o;
	json_array_foreach (json_object_get(d, "organisations"), i, o)
		org_create(str(o, "slug"), str(o, "name"), organisation_kind_parse(str(o, "kind")));
	json_array_foreach (json_object_get(d, "users"), i, o) {
		int64_t uid = account_user_add(str(o, "email"), str(o, "name"), pw, 0);
		const char *slug;
		json_t *r;
		json_object_foreach (json_object_get(o, "roles"), slug, r)
			org_member_set(org_id_by_slug(slug), uid, role_parse(json_string_value(r)));
	}
	json_array_foreach (json_object_get(d, "initiatives"), i, o) {
		struct initiative in = {.org_id = org_id_by_slug(str(o, "org")),
					.name = str(o, "name"),
					.description = str(o, "description"),
					.sector = str(o, "sector"),
					.stage = initiative_stage_parse(str(o, "stage")),
					.owner_id = user(str(o, "owner")),
					.target_area = str(o, "area"),
					.target_reach = -1};
		int64_t id = initiative_store_create(&in);
		BUG_ON(id <= 0);
		if (json_is_true(json_object_get(o, "shared")))
			knowledge_store_share(id, 1, 0);
	}
	json_array_foreach (json_object_get(d, "shares"), i, o)
		knowledge_store_share(initiative(json_string_value(o)), 1, 0);
	json_array_foreach (json_object_get(d, "partners"), i, o)
		party_store_partner_add(initiative(str(o, "initiative")), org_id_by_slug(str(o, "org")));
	rounds(json_object_get(d, "rounds"));
	json_array_foreach (json_object_get(d, "profiles"), i, o) {
		int64_t org = org_id_by_slug(str(o, "org"));
		BUG_ON(org <= 0);
		party_store_put(org, str(o, "summary"), str(o, "seeks"), str(o, "regions"), str(o, "sectors"),
				"", json_object_get(o, "offers"));
		char at[21];
		time_rfc3339(time_now() - json_integer_value(json_object_get(o, "monthsAgo")) * 30 * 86400,
			     at);
		party_store_confirm_at(org, at);
	}
	json_t *ids = json_object();
	items(json_object_get(d, "items"), ids);
	json_array_foreach (json_object_get(d, "adoptions"), i, o)
		knowledge_store_adopt(item_id(ids, str(o, "item")), initiative(str(o, "initiative")), "",
				      user("demo@scalelab.test"));
	json_array_foreach (json_object_get(d, "reviews"), i, o) {
		int64_t id = item_id(ids, str(o, "item"));
		char date[11];
		date_back((int)json_integer_value(json_object_get(o, "monthsAgo")), 0, date);
		knowledge_store_review(id, str(o, "to"), date, str(o, "note"), user("demo@scalelab.test"));
	}
	json_array_foreach (json_object_get(d, "requests"), i, o) {
		int64_t from_ini = initiative(str(o, "from"));
		int64_t from_org = initiative_store_org(from_ini);
		int64_t to = org_id_by_slug(str(o, "to"));
		int64_t id = party_store_request_create(user(str(o, "by")), from_org, from_ini, to, 0,
							str(o, "message"));
		BUG_ON(id <= 0);
		if (strcmp(str(o, "status"), "open")) {
			party_store_request_decide(id, str(o, "status"), user(str(o, "decidedBy")));
			party_store_partner_add(from_ini, to);
		}
	}
	json_decref(ids);
	json_decref(d);
}
