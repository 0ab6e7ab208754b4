/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan_evidence: the plan module's evidence about one initiative (the
 * current phase, the next gate and its date, open and overdue steps, the
 * latest gate decision), one module's evidence by name, the evidence API,
 * and the plan part of the initiative page (the next gate's readiness
 * judged against the evidence the page already gathered).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/evidence.h"
#include "api/metrics_growth.h"
#include "api/module.h"
#include "api/plan.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/plan_store.h"

static int64_t ival(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

json_t *evidence_of(const char *name, int64_t initiative_id)
{
	const struct module *const *m = api_modules();
	for (int i = 0; m[i]; i++) {
		if (strcmp(m[i]->name, name) || !m[i]->evidence)
			continue;
		json_t *into = json_object();
		json_t *got = NULL;
		if (m[i]->evidence(initiative_id, into) == 0)
			got = json_incref(json_object_get(into, name));
		json_decref(into);
		return got;
	}
	return NULL;
}

json_t *plan_metrics_now(int64_t initiative_id)
{
	json_t *phases = plan_store_phases(initiative_id), *out = json_array(), *seen = json_object();
	char now[21];
	time_rfc3339(time_now(), now);
	size_t i, k;
	json_t *p, *c;
	json_array_foreach (phases, i, p) {
		json_t *crit = plan_store_criteria(ival(p, "id"));
		json_array_foreach (crit, k, c) {
			if (plan_word(plan_evidences, json_string_value(json_object_get(c, "evidence"))) !=
			    PLAN_EVIDENCE_METRIC)
				continue;
			const char *metric = json_string_value(json_object_get(c, "evidenceParam"));
			json_t *params = json_object_get(c, "metricParameters");
			char *key = plan_metric_key(metric, params);
			if (!json_object_get(seen, key) && json_array_size(out) < PLAN_METRICS_MAX) {
				json_object_set_new(seen, key, json_true());
				json_t *inv = json_array();
				double v;
				if (api_growth_metric(initiative_id, metric, params, &v, NULL, inv) < 0)
					v = NAN;
				json_decref(inv);
				json_t *ref = api_growth_metric_ref(initiative_id, metric, params);
				json_object_set_new(ref, "key", json_string(key));
				json_object_set_new(ref, "value", isnan(v) ? json_null() : json_real(v));
				json_object_set_new(ref, "computedAt", json_string(now));
				json_array_append_new(out, ref);
			}
			free(key);
		}
		json_decref(crit);
	}
	json_decref(seen);
	json_decref(phases);
	return out;
}

int plan_evidence(int64_t initiative_id, json_t *into)
{
	json_t *phases = plan_store_phases(initiative_id);
	json_t *steps = plan_store_steps(initiative_id);
	if (!json_array_size(phases) && !json_array_size(steps)) {
		json_decref(phases);
		json_decref(steps);
		return 0;
	}
	char today[11];
	plan_today(today);
	json_t *cur = json_null(), *gate = json_null();
	size_t i;
	json_t *p;
	json_array_foreach (phases, i, p)
		if (ival(p, "current")) {
			cur =
			    json_pack("{s:O,s:O,s:O}", "id", json_object_get(p, "id"), "name",
				      json_object_get(p, "name"), "position", json_object_get(p, "position"));
			json_t *nx = json_array_get(phases, i + 1);
			gate = json_pack("{s:O,s:O,s:o}", "phaseId", json_object_get(p, "id"), "date",
					 json_object_get(p, "endsOn"), "nextPhase",
					 nx ? json_incref(json_object_get(nx, "name")) : json_null());
		}
	json_int_t open = 0, overdue = 0;
	json_array_foreach (steps, i, p) {
		const char *st = json_string_value(json_object_get(p, "status"));
		const char *due = json_string_value(json_object_get(p, "dueOn"));
		if (plan_word(plan_step_statuses, st) == PLAN_STEP_KLAAR)
			continue;
		open++;
		overdue += due && strcmp(due, today) < 0;
	}
	json_t *reviews = plan_store_reviews(initiative_id), *last = json_null();
	json_array_foreach (reviews, i, p)
		if (json_is_string(json_object_get(p, "decision"))) {
			last = json_pack("{s:O,s:O,s:O,s:O}", "reviewId", json_object_get(p, "id"), "phase",
					 json_object_get(p, "phaseName"), "decision",
					 json_object_get(p, "decision"), "decidedOn",
					 json_object_get(p, "decidedOn"));
			break;
		}
	json_decref(reviews);
	json_object_set_new(into, "plan",
			    json_pack("{s:o,s:o,s:I,s:I,s:I,s:o}", "currentPhase", cur, "nextGate", gate,
				      "phases", (json_int_t)json_array_size(phases), "stepsOpen", open,
				      "stepsOverdue", overdue, "latestDecision", last));
	json_object_set_new(json_object_get(into, "plan"), "metrics", plan_metrics_now(initiative_id));
	json_decref(phases);
	json_decref(steps);
	return 0;
}

int api_plan_evidence(struct api_ctx *c, json_t **out)
{
	int err = 0;
	*out = api_evidence(c->obj_id, &err);
	return *out ? 0 : err;
}

void plan_initiative_extras(int64_t initiative_id, const json_t *evidence, json_t *o)
{
	json_t *phases = plan_store_phases(initiative_id);
	json_t *next = json_null();
	size_t i;
	json_t *p;
	json_array_foreach (phases, i, p)
		if (ival(p, "current")) {
			json_t *crit = plan_store_criteria(ival(p, "id"));
			json_t *judged = plan_judge(crit, evidence);
			json_t *nx = json_array_get(phases, i + 1);
			json_decref(next);
			next = json_pack(
			    "{s:O,s:O,s:O,s:o,s:I,s:o}", "phaseId", json_object_get(p, "id"), "name",
			    json_object_get(p, "name"), "date", json_object_get(p, "endsOn"), "nextPhase",
			    nx ? json_incref(json_object_get(nx, "name")) : json_null(), "criteria",
			    (json_int_t)json_array_size(crit), "readiness", plan_readiness_json(judged));
			json_decref(judged);
			json_decref(crit);
		}
	json_t *names = json_array();
	json_array_foreach (phases, i, p)
		json_array_append_new(names, json_pack("{s:O,s:b}", "name", json_object_get(p, "name"),
						       "current", ival(p, "current") != 0));
	json_decref(phases);
	char today[11];
	plan_today(today);
	json_t *crit = NULL;
	json_t *steps = plan_steps_doc(initiative_id, today, &crit);
	json_decref(crit);
	json_t *due = json_array();
	json_array_foreach (steps, i, p)
		if (plan_word(plan_step_statuses, json_string_value(json_object_get(p, "status"))) !=
			PLAN_STEP_KLAAR &&
		    json_array_size(due) < 8)
			json_array_append(due, p);
	json_decref(steps);
	json_object_set_new(o, "plan",
			    json_pack("{s:o,s:o,s:o}", "phases", names, "nextGate", next, "openSteps", due));
}
