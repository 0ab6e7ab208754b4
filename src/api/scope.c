/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * scope: maps a route's scoped path parameter to the organisation that owns
 * it, so the HTTP layer can check the caller's role there centrally.
 * Add a case here when a new kind of object gets its own routes.
 */
#include <string.h>

#include "api/api.h"
#include "lib/util.h"
#include "store/experiment_store.h"
#include "store/action_store.h"
#include "store/assessment_store.h"
#include "store/initiative_store.h"
#include "store/org.h"

static int parse_id(const char *s, int64_t *id)
{
	int64_t v = 0;
	if (!s || !*s || strlen(s) > 18)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	*id = v;
	return v > 0 ? 0 : -1;
}

int64_t api_scope_org(enum api_scope scope, const char *param, int64_t *obj_id)
{
	*obj_id = 0;
	if (scope == SCOPE_ORG)
		return org_id_by_slug(param);
	if (parse_id(param, obj_id) < 0)
		return -ERR_NOTFOUND;
	switch (scope) {
	case SCOPE_INITIATIVE: return initiative_store_org(*obj_id);
	case SCOPE_EXPERIMENT: return experiment_store_org(*obj_id);
	case SCOPE_ROUND: return assessment_store_round_org(*obj_id);
	case SCOPE_ACTION: return action_store_org(*obj_id);
	default: return -ERR_NOTFOUND;
	}
}
