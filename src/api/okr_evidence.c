/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr_evidence: the okr module's evidence about one initiative (struct
 * module.evidence): each key result of the initiative's objectives with its
 * progress, the pace its period expects today and how many points it is
 * behind that pace (plan_behind_points; docs/plan.md). Reads only.
 */
#include "api/evidence.h"
#include "api/okr.h"
#include "domain/plan.h"
#include "store/initiative_store.h"

int okr_evidence(int64_t initiative_id, json_t *into)
{
	int64_t org = initiative_store_org(initiative_id);
	if (org <= 0)
		return 0;
	struct okr_world w;
	okr_world_load(&w, org);
	json_t *krs = json_array();
	json_int_t behind = 0;
	for (size_t k = 0; k < w.n_kr; k++) {
		long i = okr_world_find(&w, w.kr[k].objective_id);
		if (i < 0 || w.obj[i].initiative_id != initiative_id)
			continue;
		const struct okr_objective *o = &w.obj[i];
		json_t *j = okr_kr_json(&w.kr[k], o, w.today);
		json_t *p = json_object_get(j, "progress"), *e = json_object_get(j, "expected");
		json_t *item = json_pack("{s:I,s:s,s:s,s:O,s:O,s:O}", "id", (json_int_t)w.kr[k].id, "title",
					 w.kr[k].title, "objective", o->title, "progress", p, "expected", e,
					 "status", json_object_get(j, "status"));
		if (json_is_number(p)) {
			double b = plan_behind_points(json_number_value(p), json_number_value(e));
			json_object_set_new(item, "behindPoints", json_real(b));
			behind += b > 25;
		} else {
			json_object_set_new(item, "behindPoints", json_null());
		}
		json_array_append_new(krs, item);
		json_decref(j);
	}
	okr_world_free(&w);
	if (!json_array_size(krs)) {
		json_decref(krs);
		return 0;
	}
	json_object_set_new(into, "okr", json_pack("{s:o,s:I}", "keyResults", krs, "behindCount", behind));
	return 0;
}
