/* SPDX-License-Identifier: EUPL-1.2 */
/* demo: the demo data set, kept as data (web/demo/demo.json), not code. */
#include "demo.h"

#include <jansson.h>
#include <stdio.h>

#include "cli/dbmsg.h"
#include "cli/cli.h"
#include "cli/demo_invite.h"
#include "cli/demo_businesscase.h"
#include "cli/demo_knowledge.h"
#include "cli/demo_assessment.h"
#include "cli/demo_decision.h"
#include "cli/demo_kpi.h"
#include "cli/demo_sso.h"
#include "cli/demo_notify.h"
#include "cli/demo_okr.h"
#include "cli/demo_plan.h"
#include "domain/initiative.h"
#include "domain/organisation.h"
#include "domain/role.h"
#include "lib/assets.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/db.h"
#include "store/initiative_store.h"
#include "store/org.h"

int demo_load(void)
{
	const struct asset *a = assets_find("web/demo/demo.json");
	json_error_t e;
	json_t *d = a ? json_loadb((const char *)a->data, a->len, 0, &e) : NULL;
	if (!d) {
		fprintf(stderr, "web/demo/demo.json:%d: %s\n", a ? e.line : 0, a ? e.text : "missing");
		return -ERR_INVALID;
	}
	const char *pw = json_string_value(json_object_get(d, "password"));
	if (org_id_by_slug("gemeente-voorbeeldstad") > 0) {
		printf("demo data already present\n");
		json_decref(d);
		return 0;
	}
	int rc = db_begin();
	if (rc < 0) {
		json_decref(d);
		dbmsg_fail("scalelab init --demo", rc);
		return rc;
	}
	size_t i;
	json_t *o;
	json_array_foreach (json_object_get(d, "organisations"), i, o) {
		enum organisation_kind kind =
		    organisation_kind_parse(json_string_value(json_object_get(o, "kind")));
		if (!kind)
			BUG("demo organisation %s has no known kind",
			    json_string_value(json_object_get(o, "slug")));
		int64_t org = org_create(json_string_value(json_object_get(o, "slug")),
					 json_string_value(json_object_get(o, "name")), kind);
		cli_audit(org, "org.create", "organisation", org);
	}
	json_array_foreach (json_object_get(d, "users"), i, o) {
		int64_t uid = account_user_add(json_string_value(json_object_get(o, "email")),
					       json_string_value(json_object_get(o, "name")), pw,
					       json_is_true(json_object_get(o, "admin")));
		const char *slug;
		json_t *r;
		json_object_foreach (json_object_get(o, "roles"), slug, r) {
			org_member_set(org_id_by_slug(slug), uid, role_parse(json_string_value(r)));
			cli_audit(org_id_by_slug(slug), "member.add", "user", uid);
		}
	}
	json_array_foreach (json_object_get(d, "initiatives"), i, o) {
		json_t *amb = json_object_get(o, "ambition");
		struct initiative in = {0};
		struct user u;
		in.org_id = org_id_by_slug(json_string_value(json_object_get(o, "org")));
		in.name = json_string_value(json_object_get(o, "name"));
		in.description = json_string_value(json_object_get(o, "description"));
		in.sector = json_string_value(json_object_get(o, "sector"));
		in.stage = initiative_stage_parse(json_string_value(json_object_get(o, "stage")));
		const char *owner = json_string_value(json_object_get(o, "owner"));
		in.owner_id = owner && account_user_by_email(owner, &u) == 0 ? u.id : 0;
		in.target_group = json_string_value(json_object_get(amb, "targetGroup"));
		in.target_area = json_string_value(json_object_get(amb, "area"));
		in.target_reach = json_is_integer(json_object_get(amb, "reach"))
				      ? json_integer_value(json_object_get(amb, "reach"))
				      : -1;
		in.target_date = json_string_value(json_object_get(amb, "targetDate"));
		in.scalable_unit = json_string_value(json_object_get(amb, "scalableUnit"));
		json_t *inv = json_array();
		/* A full or locked database shows at the commit below. */
		int64_t id = initiative_validate(&in, inv) < 0 ? -ERR_INVALID : initiative_store_create(&in);
		if (id == -ERR_INVALID)
			BUG("demo initiative %s does not validate", in.name);
		cli_audit(in.org_id, "initiative.create", "initiative", id);
		json_decref(inv);
	}
	demo_okr_load(d);
	demo_kpi_load(d);
	demo_assessment_load(d);
	demo_invite_load();
	demo_businesscase_load();
	demo_plan_load();
	demo_knowledge_load(pw);
	demo_notify_load();
	demo_sso_load();
	demo_decision_load();
	if (dbmsg_commit("scalelab init --demo")) {
		json_decref(d);
		return -ERR_IO;
	}
	printf("demo data added\n  login: %s\n  password: %s\n",
	       json_string_value(json_object_get(json_array_get(json_object_get(d, "users"), 0), "email")),
	       pw);
	demo_notify_print();
	json_decref(d);
	return 0;
}
