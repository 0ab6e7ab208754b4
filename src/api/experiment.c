/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * experiment: the experiments of an initiative, one experiment and its
 * decision (the analyses are experiment_analysis.c's). Role and
 * organisation were checked centrally (scope {initiativeId} or
 * {experimentId}). An experiment carries "results": the newest analysis of
 * each metric with its p-value adjusted across the metrics
 * (Benjamini-Hochberg). Numbers worded for people, chart data and form
 * choices are the view's (view/experiment_view.c); the API never carries
 * formatted numbers.
 */
#include "api/experiment.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "api/field.h"
#include "api/initiative.h"
#include "domain/experiment.h"
#include "domain/stats.h"
#include "lib/util.h"
#include "store/experiment_store.h"

/* A checked json_pack result: packing our own values cannot fail. */
static json_t *packed(json_t *o)
{
	BUG_ON(!o);
	return o;
}

/* A planned weight: whole numbers as integers, as they were stored ([50, 50]). */
static json_t *weight_json(double w)
{
	return w == (double)(int64_t)w ? json_integer((json_int_t)w) : json_real(w);
}

json_t *api_experiment_split_json(const double split[2])
{
	return packed(json_pack("[o,o]", weight_json(split[0]), weight_json(split[1])));
}

/* A user reference {id, name}, or null. */
static json_t *user_ref(int64_t id, const char *name)
{
	return id > 0 ? packed(json_pack("{s:I,s:s?}", "id", (json_int_t)id, "name", name)) : json_null();
}

/* -1 (not set) as null */
static json_t *opt_int(int64_t v)
{
	return v >= 0 ? json_integer((json_int_t)v) : json_null();
}

json_t *api_experiment_summary_json(const struct experiment *e)
{
	return packed(
	    json_pack("{s:I,s:s,s:s,s:s,s:s,s:s?,s:s?,s:s?,s:I,s:s}", "id", (json_int_t)e->id, "name",
		      e->name, "metric", e->metric, "metricKind", experiment_metric_kind_name(e->metric_kind),
		      "status", experiment_status_name(e->status), "decision",
		      experiment_decision_name(e->decision), "startsOn", e->starts_on, "endsOn", e->ends_on,
		      "analysisCount", (json_int_t)e->analysis_count, "updatedAt", e->updated_at));
}

/* metrics: [{name, kind, primary}], the primary first */
static json_t *metrics_json(const struct experiment *e)
{
	json_t *list = json_array();
	json_array_append_new(list,
			      packed(json_pack("{s:s,s:s,s:b}", "name", e->metric, "kind",
					       experiment_metric_kind_name(e->metric_kind), "primary", 1)));
	for (size_t i = 0; i < e->n_secondary; i++)
		json_array_append_new(
		    list, packed(json_pack("{s:s,s:s,s:b}", "name", e->secondary[i].name, "kind",
					   experiment_metric_kind_name(e->secondary[i].kind), "primary", 0)));
	return list;
}

static json_t *decision_json(const struct experiment *e)
{
	if (!e->decision)
		return json_null();
	return packed(json_pack("{s:s,s:s?,s:s?,s:o}", "decision", experiment_decision_name(e->decision),
				"note", e->decision_note, "decidedAt", e->decided_at, "decidedBy",
				user_ref(e->decided_by, e->decided_by_name)));
}

json_t *api_experiment_json(const struct experiment *e)
{
	json_t *o = packed(json_pack(
	    "{s:I,s:I,s:s?,s:s?,s:s?,s:s,s:s,s:s,s:s,s:o,s:s?,s:s?,s:s?,s:o,s:o,s:s,s:o,s:I,s:s?,s:s?,s:o}",
	    "id", (json_int_t)e->id, "initiativeId", (json_int_t)e->initiative_id, "initiativeName",
	    e->initiative_name, "organisation", e->organisation, "organisationName", e->organisation_name,
	    "name", e->name, "hypothesis", e->hypothesis, "metric", e->metric, "metricKind",
	    experiment_metric_kind_name(e->metric_kind), "budgetEur", opt_int(e->budget_eur), "startsOn",
	    e->starts_on, "endsOn", e->ends_on, "successCriterion", e->success_criterion, "plannedNPerArm",
	    opt_int(e->planned_n_per_arm), "plannedSplit", api_experiment_split_json(e->split), "status",
	    experiment_status_name(e->status), "decision", decision_json(e), "analysisCount",
	    (json_int_t)e->analysis_count, "createdAt", e->created_at, "updatedAt", e->updated_at, "metrics",
	    metrics_json(e)));
	return o;
}

int api_experiment_list(struct api_ctx *c, json_t **out)
{
	json_t *ini = api_initiative_ref(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	size_t n;
	struct experiment *list = experiment_store_list(c->obj_id, &n);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, api_experiment_summary_json(&list[i]));
	experiment_list_free(list, n);
	*out = packed(json_pack("{s:o,s:o,s:b}", "initiative", ini, "experiments", items, "canEdit",
				c->role >= ROLE_BEWERKER));
	return 0;
}

int api_experiment_new_form(struct api_ctx *c, json_t **out)
{
	json_t *ini = api_initiative_ref(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	/* the defaults of a new experiment (the view words the split for the form) */
	*out = packed(json_pack("{s:o,s:s,s:s,s:[i,i]}", "initiative", ini, "status",
				experiment_status_name(EXPERIMENT_STATUS_ONTWERP), "metricKind",
				experiment_metric_kind_name(EXPERIMENT_METRIC_BINOMIAL), "plannedSplit", 50,
				50));
	return 0;
}

enum {
	F_NAME,
	F_HYPOTHESIS,
	F_METRIC,
	F_METRIC_KIND,
	F_BUDGET,
	F_STARTS,
	F_ENDS,
	F_CRITERION,
	F_PLANNED_N,
	F_SPLIT,
	F_SECONDARY,
	F_STATUS,
};
/* The domain uses -1 for "not set", so the defaults are -1 and a typed
 * negative number is out of range. */
static const struct field fields[] = {
    [F_NAME] = {.name = "name",
		.type = FIELD_STRING,
		.flags = FIELD_REQUIRED,
		.max_len = EXPERIMENT_NAME_MAX},
    [F_HYPOTHESIS] = {.name = "hypothesis",
		      .type = FIELD_STRING,
		      .flags = FIELD_REQUIRED,
		      .max_len = EXPERIMENT_TEXT_MAX},
    [F_METRIC] = {.name = "metric",
		  .type = FIELD_STRING,
		  .flags = FIELD_REQUIRED,
		  .max_len = EXPERIMENT_NAME_MAX},
    [F_METRIC_KIND] = {.name = "metricKind",
		       .type = FIELD_ENUM,
		       .values = experiment_metric_kinds,
		       .reason = "err.experiment.metric_kind"}, /* default: read_body */
    [F_BUDGET] = {.name = "budgetEur",
		  .type = FIELD_INTEGER,
		  .flags = FIELD_NULLABLE,
		  .min = 0,
		  .max = EXPERIMENT_BUDGET_MAX,
		  .reason = "err.experiment.budget",
		  .def = "-1"},
    [F_STARTS] = {.name = "startsOn", .type = FIELD_DATE},
    [F_ENDS] = {.name = "endsOn", .type = FIELD_DATE},
    [F_CRITERION] = {.name = "successCriterion", .type = FIELD_STRING, .max_len = EXPERIMENT_TEXT_MAX},
    [F_PLANNED_N] = {.name = "plannedNPerArm",
		     .type = FIELD_INTEGER,
		     .flags = FIELD_NULLABLE,
		     .min = 2,
		     .max = EXPERIMENT_N_MAX,
		     .reason = "err.experiment.planned_n",
		     .def = "-1"},
    [F_SPLIT] = {.name = "plannedSplit", .type = FIELD_ANY},	     /* experiment_read_split */
    [F_SECONDARY] = {.name = "secondaryMetrics", .type = FIELD_ANY}, /* experiment_read_metrics */
    [F_STATUS] = {.name = "status",
		  .type = FIELD_ENUM,
		  .values = experiment_statuses,
		  .reason = "err.experiment.status"}, /* default: read_body */
};

/* Reads and validates the body into in; every bad field lands in c->invalid. */
static int read_body(struct api_ctx *c, struct experiment *in)
{
	struct field_value v[FIELD_COUNT(fields)];
	api_fields(c, fields, FIELD_COUNT(fields), v);
	in->name = v[F_NAME].s;
	in->hypothesis = v[F_HYPOTHESIS].s;
	in->metric = v[F_METRIC].s;
	/* absent: the defaults binomial and ontwerp; a refused word was reported
	 * by the reader and the default stands in, so it is named once */
	in->metric_kind = v[F_METRIC_KIND].ok ? experiment_metric_kind_parse(v[F_METRIC_KIND].s)
					      : EXPERIMENT_METRIC_BINOMIAL;
	in->budget_eur = v[F_BUDGET].ok ? v[F_BUDGET].i : -1;
	in->starts_on = v[F_STARTS].s;
	in->ends_on = v[F_ENDS].s;
	in->success_criterion = v[F_CRITERION].s;
	in->planned_n_per_arm = v[F_PLANNED_N].ok ? v[F_PLANNED_N].i : -1;
	experiment_read_split(v[F_SPLIT].j, "plannedSplit", in->split, c->invalid);
	in->status = v[F_STATUS].ok ? experiment_status_parse(v[F_STATUS].s) : EXPERIMENT_STATUS_ONTWERP;
	experiment_read_metrics(v[F_SECONDARY].j, "secondaryMetrics", in, c->invalid);
	experiment_validate(in, c->invalid);
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

/* The newest analysis of a metric in latest (newest first), or NULL. */
static const struct experiment_analysis *latest_of(const struct experiment_analysis *latest, size_t n,
						   const char *metric)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(latest[i].metric_name, metric))
			return &latest[i];
	return NULL;
}

static double num_or_nan(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* The verdict of one analysis result against the experiment's stated
 * success criterion (domain/experiment.h), or null when the criterion
 * names no number or there is no analysis. Points and absolute criteria
 * are judged on the absolute difference, percent on the relative lift;
 * a Bayesian analysis by the chance that the effect passes the threshold
 * (normal approximation of the posterior, or of the estimate for the
 * difference). */
static json_t *criterion_json(const char *text, json_t *res)
{
	struct experiment_criterion cr;
	if (!json_is_object(res) || experiment_criterion_parse(text, &cr) < 0)
		return json_null();
	const char *meth = json_string_value(json_object_get(res, "method"));
	int bayes = meth && !strcmp(meth, "bayesian");
	int rel = cr.unit == EXPERIMENT_CRITERION_RELATIVE;
	double est = num_or_nan(res, rel ? "lift" : "difference");
	double lo = num_or_nan(res, rel ? "ciLow" : "differenceCiLow");
	double hi = num_or_nan(res, rel ? "ciHigh" : "differenceCiHigh");
	double alpha = num_or_nan(res, "alpha");
	double prob = -1;
	if (bayes) {
		double m = rel ? num_or_nan(res, "posteriorMean") : est;
		double sd = rel ? num_or_nan(res, "posteriorSd") : num_or_nan(res, "differenceSe");
		if (!(sd > 0))
			return json_null();
		double z = (cr.threshold - m) / sd;
		prob = cr.threshold >= 0 ? stats_norm_sf(z) : stats_norm_cdf(z);
	}
	enum experiment_verdict v =
	    experiment_verdict(cr.threshold, lo, hi, prob, isnan(alpha) ? 0.05 : alpha);
	if (!v)
		return json_null();
	static const char *const units[] = {"", "procentpunt", "procent", "absoluut"};
	return json_pack("{s:s,s:f,s:o,s:o,s:o,s:o,s:s}", "unit", units[cr.unit], "threshold", cr.threshold,
			 "estimate", isnan(est) ? json_null() : json_real(est), "low",
			 isnan(lo) ? json_null() : json_real(lo), "high",
			 isnan(hi) ? json_null() : json_real(hi), "probability",
			 prob >= 0 ? json_real(prob) : json_null(), "verdict", experiment_verdict_name(v));
}

/* "results": per metric of e, in the order of "metrics", its newest
 * analysis with the p-values adjusted across them (experiment_adjust).
 * latest holds the newest analysis of each metric name, newest first. */
static json_t *results_json(const struct experiment *e, const struct experiment_analysis *latest, size_t nl)
{
	size_t n = 1 + e->n_secondary;
	struct experiment_metric_result *r = xcalloc(n, sizeof(*r));
	const struct experiment_analysis **a = xcalloc(n, sizeof(*a));
	for (size_t i = 0; i < n; i++) {
		a[i] = latest_of(latest, nl, i ? e->secondary[i - 1].name : e->metric);
		json_t *res = a[i] ? a[i]->result : NULL;
		json_t *p = json_object_get(res, "pValue"), *alpha = json_object_get(res, "alpha");
		/* A Bayesian analysis is judged by its chances, not by a p-value:
		 * it has none here and takes no part in the adjustment. */
		const char *meth = json_string_value(json_object_get(res, "method"));
		r[i].p =
		    json_is_number(p) && !(meth && !strcmp(meth, "bayesian")) ? json_number_value(p) : NAN;
		r[i].alpha = json_is_number(alpha) ? json_number_value(alpha) : 0.05;
		r[i].primary = i == 0;
	}
	experiment_adjust(r, n);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		int has = !isnan(r[i].p);
		enum experiment_metric_kind kind = i ? e->secondary[i - 1].kind : e->metric_kind;
		json_t *crit = criterion_json(e->success_criterion, a[i] ? a[i]->result : NULL);
		json_array_append_new(
		    list, packed(json_pack("{s:o,s:s,s:s,s:b,s:o,s:o,s:o,s:o}", "criterion", crit,
					   "metricName", i ? e->secondary[i - 1].name : e->metric, "kind",
					   experiment_metric_kind_name(kind), "primary", i == 0, "pValue",
					   has ? json_real(r[i].p) : json_null(), "adjustedPValue",
					   has ? json_real(r[i].p_adjusted) : json_null(), "significant",
					   has ? json_boolean(r[i].significant) : json_null(), "analysis",
					   a[i] ? api_analysis_json(a[i]) : json_null())));
	}
	free(r);
	free(a);
	return list;
}

/* One experiment as every representation carries it (with its results and
 * latest analysis), or NULL. */
static json_t *experiment_doc(int64_t id)
{
	struct experiment e;
	if (experiment_store_get(id, &e) < 0)
		return NULL;
	size_t nl;
	struct experiment_analysis *latest = experiment_store_latest_by_metric(id, &nl);
	json_t *o = api_experiment_json(&e);
	/* the newest of the newest per metric is the newest of all */
	json_object_set_new(o, "latestAnalysis", nl ? api_analysis_json(&latest[0]) : json_null());
	json_object_set_new(o, "results", results_json(&e, latest, nl));
	experiment_analysis_list_free(latest, nl);
	experiment_free(&e);
	return o;
}

int api_experiment_create(struct api_ctx *c, json_t **out)
{
	struct experiment in = {0};
	char obj[64];
	in.initiative_id = c->obj_id;
	snprintf(obj, sizeof obj, "initiative/%lld", (long long)c->obj_id);
	if (read_body(c, &in) < 0) {
		api_audit(c, "experiment.create", obj, "invalid");
		return -ERR_INVALID;
	}
	int64_t id = experiment_store_create(&in);
	if (id < 0)
		return (int)id;
	snprintf(obj, sizeof obj, "experiment/%lld", (long long)id);
	api_audit(c, "experiment.create", obj, "ok");
	snprintf(c->location, sizeof c->location, "/experimenten/%lld", (long long)id);
	c->status = 201;
	*out = experiment_doc(id);
	return 0;
}

int api_experiment_get(struct api_ctx *c, json_t **out)
{
	json_t *o = experiment_doc(c->obj_id);
	if (!o)
		return -ERR_NOTFOUND;
	json_object_set_new(o, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	if (c->is_page) {
		/* The counts form asks only what one metric's kind needs: the
		 * metric in ?metriek= (or the one a failed post was for), else
		 * the primary one. */
		const char *want = api_str(c->query, "metriek");
		if (!want)
			want = api_str(c->body, "metricName");
		json_t *metrics = json_object_get(o, "metrics"), *pick = json_array_get(metrics, 0), *m;
		size_t i;
		json_array_foreach (metrics, i, m)
			if (want && !strcmp(want, json_string_value(json_object_get(m, "name"))))
				pick = m;
		if (pick)
			json_object_set(o, "formMetric", pick);
	}
	*out = o;
	return 0;
}

int api_experiment_update(struct api_ctx *c, json_t **out)
{
	struct experiment in = {0};
	char obj[64];
	in.id = c->obj_id;
	snprintf(obj, sizeof obj, "experiment/%lld", (long long)c->obj_id);
	if (read_body(c, &in) < 0) {
		api_audit(c, "experiment.update", obj, "invalid");
		return -ERR_INVALID;
	}
	int rc = experiment_store_update(&in);
	if (rc < 0)
		return rc;
	api_audit(c, "experiment.update", obj, "ok");
	snprintf(c->location, sizeof c->location, "/experimenten/%lld", (long long)c->obj_id);
	*out = experiment_doc(c->obj_id);
	return 0;
}

enum { D_DECISION, D_NOTE };
static const struct field decision_fields[] = {
    [D_DECISION] = {.name = "decision",
		    .type = FIELD_ENUM,
		    .flags = FIELD_REQUIRED,
		    .values = experiment_decisions,
		    .reason = "err.experiment.decision"},
    [D_NOTE] = {.name = "note", .type = FIELD_STRING, .max_len = 4 * EXPERIMENT_TEXT_MAX},
};

int api_experiment_decide(struct api_ctx *c, json_t **out)
{
	char obj[64];
	snprintf(obj, sizeof obj, "experiment/%lld", (long long)c->obj_id);
	struct field_value v[FIELD_COUNT(decision_fields)];
	api_fields(c, decision_fields, FIELD_COUNT(decision_fields), v);
	enum experiment_decision decision = experiment_decision_parse(v[D_DECISION].s);
	const char *note = v[D_NOTE].s;
	if (json_array_size(c->invalid)) {
		api_audit(c, "experiment.decide", obj, "invalid");
		return -ERR_INVALID;
	}
	int rc = experiment_store_decide(c->obj_id, decision, note, experiment_decision_status(decision),
					 c->user_id);
	if (rc < 0)
		return rc;
	api_audit(c, "experiment.decide", obj, experiment_decision_name(decision));
	snprintf(c->location, sizeof c->location, "/experimenten/%lld", (long long)c->obj_id);
	*out = experiment_doc(c->obj_id);
	return 0;
}
