/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * decision: the decision outcome of an assessment round. Criteria are
 * agreed while the round is open (proposed from the method's
 * decision_criteria); closing the round or taking the decision locks them.
 * Once the round is closed the decision is taken: opschalen, juistschalen,
 * bijsturen or stoppen, with a rationale, who decided and when, and per
 * criterion met or not met. Every change is audited. docs/decision.md.
 */
#include "api/decision.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/assessment.h"
#include "api/common.h"
#include "api/field.h"
#include "domain/decision.h"
#include "lib/i18n.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/decision_store.h"

/* The round's decision as RoundDecision (criteria counts from l). */
static json_t *decision_json(const struct decision *d, const struct decision_criteria *l, const char *lang)
{
	json_int_t met = 0;
	for (size_t i = 0; i < l->n; i++)
		met += l->items[i].has_met && l->items[i].met;
	char key[64];
	snprintf(key, sizeof key, "decision.outcome.%s", decision_outcome_name(d->outcome));
	return json_pack("{s:s,s:s,s:s,s:s,s:o,s:s,s:b,s:I,s:I,s:s,s:s}", "outcome",
			 decision_outcome_name(d->outcome), "outcomeLabel", i18n_t(lang, key), "rationale",
			 d->rationale, "decider", d->decider, "decidedBy",
			 assessment_id_or_null(d->decided_by), "decidedOn", d->decided_on,
			 "criteriaInAdvance", d->criteria_in_advance, "criteriaMet", met, "criteriaTotal",
			 (json_int_t)l->n, "createdAt", d->created_at, "updatedAt", d->updated_at);
}

static json_t *criteria_json(const struct decision_criteria *l)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < l->n; i++) {
		const struct decision_criterion *cr = &l->items[i];
		json_array_append_new(
		    arr, json_pack("{s:I,s:s,s:o,s:s}", "id", (json_int_t)cr->id, "text", cr->text, "met",
				   cr->has_met ? json_boolean(cr->met) : json_null(), "note", cr->note));
	}
	return arr;
}

/* The outcomes the round's advice points to (rules that fired), with counts. */
static json_t *advice_outcomes(const struct method *m, int64_t round_id)
{
	struct assessment_data d;
	struct score s;
	assessment_data_load(round_id, &d);
	assessment_score(m, &d, &s);
	json_int_t count[DECISION_STOPPEN + 1] = {0};
	for (size_t i = 0; i < s.n_suggestions; i++)
		count[decision_from_advice(method_outcome_name(s.suggestions[i]->outcome))]++;
	json_t *arr = json_array();
	for (int o = DECISION_JUISTSCHALEN; o <= DECISION_STOPPEN; o++)
		if (count[o])
			json_array_append_new(arr, json_pack("{s:s,s:I}", "outcome",
							     decision_outcome_name((enum decision_outcome)o),
							     "rules", count[o]));
	score_free(&s);
	assessment_data_free(&d);
	return arr;
}

/* The Decision document of round id. */
static int decision_doc(struct api_ctx *c, int64_t id, json_t **out)
{
	struct assessment_round round;
	const struct method *m;
	int rc = assessment_round_method(c, id, &round, &m);
	if (rc < 0)
		return rc;
	struct decision_criteria l;
	decision_store_criteria(id, &l);
	struct decision d;
	int has = decision_store_get(id, &d) == 0;
	int open = round.status == ASSESSMENT_ROUND_OPEN;
	int locked = decision_criteria_locked(open, has);
	json_t *o = json_object();
	json_t *rj = api_round_json(&round);
	json_object_set_new(rj, "methodTitle", json_string(assessment_text(&m->title, c->lang)));
	json_object_set_new(o, "round", rj);
	json_object_set_new(o, "criteria", criteria_json(&l));
	json_object_set_new(o, "criteriaLocked", json_boolean(locked));
	json_t *proposed = json_array();
	for (size_t i = 0; i < m->n_decision_criteria; i++)
		json_array_append_new(proposed,
				      json_string(assessment_text(&m->decision_criteria[i], c->lang)));
	json_object_set_new(o, "proposed", proposed);
	json_object_set_new(o, "decision", has ? decision_json(&d, &l, c->lang) : json_null());
	json_object_set_new(o, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	json_object_set_new(o, "canDecide", json_boolean(!open && c->role >= ROLE_BEWERKER));
	json_object_set_new(o, "adviceOutcomes", advice_outcomes(m, id));
	char today[11];
	assessment_today(today);
	json_object_set_new(o, "today", json_string(today));
	if (has)
		decision_free(&d);
	decision_criteria_free(&l);
	assessment_round_free(&round);
	*out = o;
	return 0;
}

int api_decision_get(struct api_ctx *c, json_t **out)
{
	return decision_doc(c, c->obj_id, out);
}

/* The round's status and whether it has a decision: -ERR_CONFLICT with the
 * detail set when the criteria are locked. */
static int criteria_editable(struct api_ctx *c, int64_t id)
{
	struct assessment_round round;
	const struct method *m;
	int rc = assessment_round_method(c, id, &round, &m);
	if (rc < 0)
		return rc;
	int open = round.status == ASSESSMENT_ROUND_OPEN;
	assessment_round_free(&round);
	struct decision d;
	int has = decision_store_get(id, &d) == 0;
	if (has)
		decision_free(&d);
	if (decision_criteria_locked(open, has)) {
		c->detail = has ? "err.decision.criteria_decided" : "err.decision.criteria_closed";
		return -ERR_CONFLICT;
	}
	return 0;
}

int api_decision_criteria_put(struct api_ctx *c, json_t **out)
{
	static const struct field spec[] = {{.name = "criteria", .type = FIELD_ANY, .flags = FIELD_REQUIRED}};
	struct field_value v[1];
	api_fields(c, spec, 1, v);
	char **texts = NULL;
	int n = 0;
	if (v[0].ok) {
		const json_t *j = v[0].j;
		if (json_is_string(j)) {
			/* the page: one criterion per line */
			n = decision_criteria_split(json_string_value(j), &texts);
			if (n < 0)
				problem_add(c->invalid, "criteria", "err.decision.criteria");
		} else if (json_is_array(j) && json_array_size(j) <= DECISION_CRITERIA_MAX) {
			texts = xcalloc(json_array_size(j) + 1, sizeof *texts);
			size_t i;
			json_t *e;
			json_array_foreach ((json_t *)j, i, e) {
				char name[32];
				snprintf(name, sizeof name, "criteria.%zu", i);
				if (!json_is_string(e)) {
					problem_add(c->invalid, name, "err.type_string");
					continue;
				}
				char *t = xstrdup(json_string_value(e));
				if (decision_criterion_clean(t) < 0) {
					problem_add(c->invalid, name, "err.decision.criterion");
					free(t);
					continue;
				}
				texts[n++] = t;
			}
		} else {
			problem_add(c->invalid, "criteria", "err.decision.criteria");
		}
	}
	int rc = json_array_size(c->invalid) ? -ERR_INVALID : criteria_editable(c, c->obj_id);
	if (rc == 0) {
		decision_store_criteria_set(c->obj_id, texts, (size_t)n);
		api_audit_id(c, "decision.criteria", "round", c->obj_id, "ok");
	} else if (rc == -ERR_INVALID || rc == -ERR_CONFLICT) {
		api_audit_id(c, "decision.criteria", "round", c->obj_id,
			     rc == -ERR_INVALID ? "invalid" : "conflict");
	}
	for (int i = 0; texts && i < n; i++)
		free(texts[i]);
	free(texts);
	if (rc < 0)
		return rc;
	snprintf(c->location, sizeof c->location, "/rondes/%lld/besluit", (long long)c->obj_id);
	return decision_doc(c, c->obj_id, out);
}

enum { D_OUTCOME, D_RATIONALE, D_DECIDER, D_DATE, D_JUDGEMENTS, D_N };
static const struct field decision_fields[D_N] = {
    [D_OUTCOME] = {.name = "outcome",
		   .type = FIELD_ENUM,
		   .flags = FIELD_REQUIRED,
		   .values = decision_outcomes,
		   .reason = "err.decision.outcome"},
    [D_RATIONALE] = {.name = "rationale",
		     .type = FIELD_STRING,
		     .flags = FIELD_REQUIRED,
		     .max_len = DECISION_RATIONALE_MAX},
    [D_DECIDER] = {.name = "decider", .type = FIELD_STRING, .max_len = DECISION_DECIDER_MAX},
    [D_DATE] = {.name = "decidedOn", .type = FIELD_DATE},
    [D_JUDGEMENTS] = {.name = "judgements", .type = FIELD_ANY},
};

/* The judgement of criterion cr in the body: API [{criterionId, met, note}],
 * page {"<id>": {"met": "1"|"0", "note": "..."}}. NULL when absent. */
static const json_t *judgement_of(const json_t *js, int64_t id)
{
	if (json_is_object(js)) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)id);
		return json_object_get(js, key);
	}
	size_t i;
	const json_t *e;
	json_array_foreach ((json_t *)js, i, e)
		if (json_integer_value(json_object_get(e, "criterionId")) == id)
			return e;
	return NULL;
}

/* met as given: true/false (API) or "1"/"0" (page); -1 when neither. */
static int met_of(const json_t *jm)
{
	if (json_is_boolean(jm))
		return json_is_true(jm);
	const char *s = json_string_value(jm);
	if (s && !strcmp(s, "1"))
		return 1;
	if (s && !strcmp(s, "0"))
		return 0;
	return -1;
}

int api_decision_put(struct api_ctx *c, json_t **out)
{
	int64_t id = c->obj_id;
	struct field_value v[D_N];
	api_fields(c, decision_fields, D_N, v);
	struct assessment_round round;
	const struct method *m;
	int rc = assessment_round_method(c, id, &round, &m);
	if (rc < 0)
		return rc;
	int open = round.status == ASSESSMENT_ROUND_OPEN;
	assessment_round_free(&round);
	struct decision_criteria l;
	decision_store_criteria(id, &l);
	struct decision_judgement *jv = xcalloc(l.n + 1, sizeof *jv);
	const json_t *js = v[D_JUDGEMENTS].ok ? v[D_JUDGEMENTS].j : NULL;
	if (js && !json_is_array(js) && !json_is_object(js))
		problem_add(c->invalid, "judgements", "err.decision.judgements");
	/* a judgement of a criterion the round does not have is a mistake */
	if (json_is_array(js)) {
		size_t i;
		const json_t *e;
		json_array_foreach ((json_t *)js, i, e) {
			int64_t cid = json_integer_value(json_object_get(e, "criterionId"));
			int known = 0;
			for (size_t k = 0; k < l.n; k++)
				known |= l.items[k].id == cid;
			if (!known) {
				char name[64];
				snprintf(name, sizeof name, "judgements.%zu.criterionId", i);
				problem_add(c->invalid, name, "err.decision.unknown_criterion");
			}
		}
	}
	char today[11];
	assessment_today(today);
	const char *on = v[D_DATE].ok && v[D_DATE].s ? v[D_DATE].s : today;
	if (strcmp(on, today) > 0)
		problem_add(c->invalid, "decidedOn", "err.decision.future");
	/* an open round is not decided (409) unless the body itself is wrong;
	 * a closed one needs every criterion judged, named with the rest */
	for (size_t i = 0; i < l.n && !open; i++) {
		const json_t *j = js ? judgement_of(js, l.items[i].id) : NULL;
		char name[64];
		snprintf(name, sizeof name, "judgements.%lld.met", (long long)l.items[i].id);
		int met = j ? met_of(json_object_get(j, "met")) : -1;
		if (met < 0) {
			problem_add(c->invalid, name, "err.decision.judge_each");
			continue;
		}
		const char *note = json_string_value(json_object_get(j, "note"));
		if (note && strlen(note) > DECISION_NOTE_MAX * 4) {
			snprintf(name, sizeof name, "judgements.%lld.note", (long long)l.items[i].id);
			problem_add(c->invalid, name, "err.decision.note");
			continue;
		}
		jv[i] = (struct decision_judgement){l.items[i].id, met, note ? note : ""};
	}
	rc = 0;
	if (json_array_size(c->invalid)) {
		rc = -ERR_INVALID;
	} else if (open) {
		c->detail = "err.decision.round_open";
		rc = -ERR_CONFLICT;
	}
	if (rc == 0) {
		struct decision old;
		int had = decision_store_get(id, &old) == 0;
		struct decision_in in = {
		    .outcome = (enum decision_outcome)(v[D_OUTCOME].i + 1),
		    .rationale = v[D_RATIONALE].s,
		    .decider = v[D_DECIDER].s && *v[D_DECIDER].s ? v[D_DECIDER].s
								 : (c->user_name ? c->user_name : ""),
		    .decided_on = on,
		    .decided_by = c->user_id,
		    /* criteria set before the round closed (they cannot be set after) */
		    .criteria_in_advance = had ? old.criteria_in_advance : l.n > 0,
		    .judgements = jv,
		    .n_judgements = l.n,
		};
		if (had)
			decision_free(&old);
		decision_store_put(id, &in);
		api_audit_id(c, had ? "decision.change" : "decision.take", "round", id, "ok");
	} else {
		api_audit_id(c, "decision.take", "round", id, rc == -ERR_INVALID ? "invalid" : "conflict");
	}
	free(jv);
	decision_criteria_free(&l);
	if (rc < 0)
		return rc;
	snprintf(c->location, sizeof c->location, "/rondes/%lld/besluit", (long long)id);
	return decision_doc(c, id, out);
}

void decision_results_extras(int64_t round_id, json_t *o, const char *lang)
{
	struct decision d;
	if (decision_store_get(round_id, &d) < 0) {
		json_object_set_new(o, "decision", json_null());
		return;
	}
	struct decision_criteria l;
	decision_store_criteria(round_id, &l);
	json_object_set_new(o, "decision", decision_json(&d, &l, lang));
	decision_criteria_free(&l);
	decision_free(&d);
}
