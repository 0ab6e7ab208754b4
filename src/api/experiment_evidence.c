/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * experiment_evidence: the experiment module's evidence about one
 * initiative (struct module.evidence): the experiments that run, and the
 * verdicts recorded on finished ones. Reads only.
 */
#include "api/evidence.h"
#include "domain/experiment.h"
#include "store/experiment_store.h"

int experiment_evidence(int64_t initiative_id, json_t *into)
{
	size_t n;
	struct experiment *e = experiment_store_list(initiative_id, &n);
	if (!n) {
		experiment_list_free(e, n);
		return 0;
	}
	json_t *running = json_array(), *verdicts = json_array();
	for (size_t i = 0; i < n; i++) {
		if (e[i].status == EXPERIMENT_STATUS_LOPEND)
			json_array_append_new(running, json_pack("{s:I,s:s,s:s?}", "id", (json_int_t)e[i].id,
								 "name", e[i].name, "endsOn", e[i].ends_on));
		if (e[i].decision != EXPERIMENT_DECISION_NONE)
			json_array_append_new(verdicts,
					      json_pack("{s:I,s:s,s:s,s:s?}", "id", (json_int_t)e[i].id,
							"name", e[i].name, "decision",
							experiment_decision_name(e[i].decision), "decidedAt",
							e[i].decided_at));
	}
	json_object_set_new(into, "experiment",
			    json_pack("{s:I,s:I,s:o,s:o}", "total", (json_int_t)n, "runningCount",
				      (json_int_t)json_array_size(running), "running", running, "verdicts",
				      verdicts));
	experiment_list_free(e, n);
	return 0;
}
