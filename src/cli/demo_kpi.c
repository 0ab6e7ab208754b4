/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * demo_kpi: loads the "kpi" section of web/demo/demo.json: KPI series of
 * the demo initiatives (an adoption count, a cost and a reach indicator)
 * with monthly values ending this month, and a key result that takes its
 * value from a series. Writes through the stores inside the demo's one
 * transaction; never commits itself.
 */
#include "cli/demo_kpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/kpi.h"
#include "domain/okr.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/kpi_store.h"
#include "store/okr_store.h"
#include "store/org.h"

/* The initiative of that name in the organisation. */
static int64_t initiative_by_name(int64_t org, const char *name)
{
	int64_t o = 0, id = kpi_store_initiative_find(name, &o);
	BUG_ON(id <= 0 || o != org);
	return id;
}

/* The first day of the month `back` months before today's, into out. */
static void month_start(int64_t today, int back, char out[11])
{
	char t[11];
	okr_date(today, t);
	int y = atoi(t), m = atoi(t + 5) - 1 - back;
	while (m < 0) {
		m += 12;
		y--;
	}
	char d[24];
	snprintf(d, sizeof d, "%04d-%02d-01", y, m + 1);
	okr_date(okr_day(d), out);
}

void demo_kpi_load(const json_t *d)
{
	const json_t *s = json_object_get(d, "kpi");
	if (!s)
		return;
	int64_t org = org_id_by_slug(json_string_value(json_object_get(s, "org")));
	BUG_ON(org <= 0);
	int64_t today = time_now() / 86400;
	json_t *ids = json_object();
	size_t i;
	json_t *o;
	json_array_foreach (json_object_get(s, "series"), i, o) {
		json_t *target = json_object_get(o, "target");
		const char *dir = json_string_value(json_object_get(o, "direction"));
		struct kpi_series_in in = {
		    .initiative_id =
			initiative_by_name(org, json_string_value(json_object_get(o, "initiative"))),
		    .name = json_string_value(json_object_get(o, "name")),
		    .unit = json_string_value(json_object_get(o, "unit")),
		    .description = json_string_value(json_object_get(o, "description")),
		    .kind = kpi_kind_parse(json_string_value(json_object_get(o, "kind"))),
		    .direction = dir ? kpi_direction_parse(dir) : KPI_DIRECTION_HOGER,
		    .has_target = json_is_number(target),
		    .target = json_number_value(target),
		    .target_date = json_string_value(json_object_get(o, "targetDate")),
		};
		BUG_ON(!in.kind || !in.direction);
		int64_t id = kpi_store_series_create(&in);
		BUG_ON(id <= 0);
		json_object_set_new(ids, in.name, json_integer(id));
		const json_t *vals = json_object_get(o, "monthly");
		size_t n = json_array_size(vals);
		for (size_t k = 0; k < n; k++) {
			char date[11];
			month_start(today, (int)(n - 1 - k), date);
			kpi_store_value_put(id, date, json_number_value(json_array_get(vals, k)), "",
					    KPI_SOURCE_HANDMATIG, 0);
		}
	}
	size_t n_obj;
	struct okr_objective *obj = okr_store_objectives(org, &n_obj);
	json_array_foreach (json_object_get(s, "keyResults"), i, o) {
		const char *title = json_string_value(json_object_get(o, "objective"));
		int64_t objective = 0;
		for (size_t k = 0; k < n_obj; k++)
			if (!strcmp(obj[k].title, title))
				objective = obj[k].id;
		struct user u;
		const char *email = json_string_value(json_object_get(o, "owner"));
		struct okr_kr_in in = {
		    .objective_id = objective,
		    .owner_id = email && account_user_by_email(email, &u) == 0 ? u.id : 0,
		    .title = json_string_value(json_object_get(o, "title")),
		    .unit = json_string_value(json_object_get(o, "unit")),
		    .kind = (enum okr_kind)okr_enum(okr_kinds, json_string_value(json_object_get(o, "kind"))),
		    .start = json_number_value(json_object_get(o, "start")),
		    .target = json_number_value(json_object_get(o, "target")),
		    .has_target = 1,
		    .equal_counts = 1,
		    .weight = 1,
		    .commitment = OKR_COMMITTED,
		    .source = OKR_SOURCE_MANUAL,
		    .source_ref = "",
		};
		int64_t series =
		    json_integer_value(json_object_get(ids, json_string_value(json_object_get(o, "series"))));
		BUG_ON(objective <= 0 || series <= 0 || (int)in.kind < 0);
		int64_t id = okr_store_kr_create(&in);
		BUG_ON(id <= 0);
		kpi_store_kr_bind(id, series);
	}
	okr_objectives_free(obj, n_obj);
	free(obj);
	json_decref(ids);
}
