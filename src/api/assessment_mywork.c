/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_mywork: the start page, "my work": the open rounds the caller
 * still has to answer, the actions they own (due and overdue first), the
 * initiatives they own, their organisations, and where to start a pilot.
 */
#include <string.h>

#include "api/assessment.h"
#include "api/organisation.h"
#include "domain/role.h"
#include "store/action_store.h"
#include "store/assessment_store.h"

int api_my_work(struct api_ctx *c, json_t **out)
{
	json_t *o = NULL;
	int rc = api_org_list(c, &o);
	if (rc < 0)
		return rc;
	json_object_set_new(o, "rounds", assessment_store_my_open_rounds(c->user_id));
	json_object_set_new(o, "initiatives", assessment_store_my_initiatives(c->user_id));
	char today[11];
	assessment_today(today);
	struct action_list al;
	action_store_list_owner(c->user_id, &al);
	json_t *acts = json_array();
	json_int_t overdue = 0;
	for (size_t i = 0; i < al.n; i++) {
		json_t *a = api_action_json(&al.items[i], today);
		overdue += json_is_true(json_object_get(a, "overdue"));
		json_array_append_new(acts, a);
	}
	action_list_free(&al);
	json_object_set_new(o, "actions", acts);
	json_object_set_new(o, "overdueCount", json_integer(overdue));
	/* A pilot starts in the first organisation where the caller may edit. */
	size_t i;
	json_t *org, *start = json_null();
	json_array_foreach (json_object_get(o, "organisations"), i, org) {
		enum role r = role_parse(json_string_value(json_object_get(org, "role")));
		if (r >= ROLE_BEWERKER && json_is_null(start))
			start = json_incref(json_object_get(org, "slug"));
	}
	json_object_set_new(o, "startOrg", start);
	*out = o;
	return 0;
}
