/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * decision_evidence: the decision module's evidence hook: the initiative's
 * latest round decision (what a plan gate review snapshots and the
 * initiative's dashboard shows).
 */
#include "api/decision.h"

#include "store/decision_store.h"

int decision_evidence(int64_t initiative_id, json_t *into)
{
	struct decision d;
	if (decision_store_latest(initiative_id, &d) < 0)
		return 0;
	json_object_set_new(into, "decision",
			    json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:b,s:I,s:I}", "roundId",
				      (json_int_t)d.round_id, "roundTitle", d.round_title, "outcome",
				      decision_outcome_name(d.outcome), "decidedOn", d.decided_on, "decider",
				      d.decider, "rationale", d.rationale, "criteriaInAdvance",
				      d.criteria_in_advance, "criteriaMet", (json_int_t)d.criteria_met,
				      "criteriaTotal", (json_int_t)d.criteria_total));
	decision_free(&d);
	return 0;
}
