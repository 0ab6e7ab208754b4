/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * experiment: the experiments of an initiative, one experiment, its
 * analyses and its decision. Role and organisation were checked centrally
 * (scope SCOPE_INITIATIVE or SCOPE_EXPERIMENT). An analysis takes the same
 * document as `scalelab stats ab` (via stats_io; ratio arm fields spelled
 * in lowerCamelCase) and stores the input as computed together with the
 * result, its keys in lowerCamelCase, and the metric it is for. An experiment carries "results": the newest
 * analysis of each metric with its p-value adjusted across the metrics (Benjamini-Hochberg). The page twin
 * gets a "view" object with numbers worded for people; the API never carries formatted numbers.
 */
#include "api/experiment.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "api/field.h"
#include "api/stats_io.h"
#include "domain/experiment.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/experiment_store.h"
#include "store/initiative_store.h"

/* The initiative an experiment collection hangs under, as the pages need it. */
static json_t *initiative_ref(int64_t id)
{
	json_t *i = initiative_store_get(id);
	if (!i)
		return NULL;
	json_t *r = json_pack("{s:O,s:O,s:O,s:O}", "id", json_object_get(i, "id"), "name",
			      json_object_get(i, "name"), "organisation", json_object_get(i, "organisation"),
			      "organisationName", json_object_get(i, "organisationName"));
	json_decref(i);
	return r;
}

int api_experiment_list(struct api_ctx *c, json_t **out)
{
	json_t *ini = initiative_ref(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	*out = json_pack("{s:o,s:o,s:b}", "initiative", ini, "experiments", experiment_store_list(c->obj_id),
			 "canEdit", c->role >= ROLE_BEWERKER);
	return 0;
}

int api_experiment_new_form(struct api_ctx *c, json_t **out)
{
	json_t *ini = initiative_ref(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	json_t *o = json_pack("{s:o,s:s,s:s,s:s}", "initiative", ini, "status", "ontwerp", "metricKind",
			      "binomial", "plannedSplit", "50/50");
	*out = o;
	return 0;
}

enum {
	F_NAME, F_HYPOTHESIS, F_METRIC, F_METRIC_KIND, F_BUDGET, F_STARTS, F_ENDS, F_CRITERION, F_PLANNED_N,
	F_SPLIT, F_SECONDARY, F_STATUS,
};
/* The domain uses -1 for "not set", so the defaults are -1 and a typed
 * negative number is out of range. */
static const struct field fields[] = {
    [F_NAME] = {.name = "name", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = EXPERIMENT_NAME_MAX},
    [F_HYPOTHESIS] = {.name = "hypothesis", .type = FIELD_STRING, .flags = FIELD_REQUIRED,
		      .max_len = EXPERIMENT_TEXT_MAX},
    [F_METRIC] = {.name = "metric", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = EXPERIMENT_NAME_MAX},
    [F_METRIC_KIND] = {.name = "metricKind", .type = FIELD_ENUM, .values = experiment_metric_kinds,
		       .reason = "err.experiment.metric_kind", .def = "binomial"},
    [F_BUDGET] = {.name = "budgetEur", .type = FIELD_INTEGER, .flags = FIELD_NULLABLE, .min = 0,
		  .max = EXPERIMENT_BUDGET_MAX, .reason = "err.experiment.budget", .def = "-1"},
    [F_STARTS] = {.name = "startsOn", .type = FIELD_DATE},
    [F_ENDS] = {.name = "endsOn", .type = FIELD_DATE},
    [F_CRITERION] = {.name = "successCriterion", .type = FIELD_STRING, .max_len = EXPERIMENT_TEXT_MAX},
    [F_PLANNED_N] = {.name = "plannedNPerArm", .type = FIELD_INTEGER, .flags = FIELD_NULLABLE, .min = 2,
		     .max = EXPERIMENT_N_MAX, .reason = "err.experiment.planned_n", .def = "-1"},
    [F_SPLIT] = {.name = "plannedSplit", .type = FIELD_ANY},	   /* experiment_read_split */
    [F_SECONDARY] = {.name = "secondaryMetrics", .type = FIELD_ANY}, /* experiment_read_metrics */
    [F_STATUS] = {.name = "status", .type = FIELD_ENUM, .values = experiment_statuses,
		  .reason = "err.experiment.status", .def = "ontwerp"},
};

/* Reads and validates the body into in; every bad field lands in c->invalid. */
static int read_body(struct api_ctx *c, struct experiment *in)
{
	struct field_value v[FIELD_COUNT(fields)];
	api_fields(c, fields, FIELD_COUNT(fields), v);
	in->name = v[F_NAME].s;
	in->hypothesis = v[F_HYPOTHESIS].s;
	in->metric = v[F_METRIC].s;
	in->metric_kind = v[F_METRIC_KIND].ok ? v[F_METRIC_KIND].s : "binomial";
	in->budget_eur = v[F_BUDGET].ok ? v[F_BUDGET].i : -1;
	in->starts_on = v[F_STARTS].s;
	in->ends_on = v[F_ENDS].s;
	in->success_criterion = v[F_CRITERION].s;
	in->planned_n_per_arm = v[F_PLANNED_N].ok ? v[F_PLANNED_N].i : -1;
	experiment_read_split(v[F_SPLIT].j, "plannedSplit", in->split, c->invalid);
	in->status = v[F_STATUS].ok ? v[F_STATUS].s : "ontwerp";
	experiment_read_metrics(v[F_SECONDARY].j, "secondaryMetrics", in, c->invalid);
	experiment_validate(in, c->invalid);
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

/* The newest analysis of each metric, in the order of "metrics", with the
 * p-values adjusted across them (experiment_adjust). */
static json_t *results_of(json_t *exp)
{
	json_t *metrics = json_object_get(exp, "metrics");
	json_t *latest = experiment_store_latest_by_metric(json_integer_value(json_object_get(exp, "id")));
	size_t n = json_array_size(metrics);
	struct experiment_metric_result *r = xcalloc(n ? n : 1, sizeof(*r));
	for (size_t i = 0; i < n; i++) {
		json_t *m = json_array_get(metrics, i);
		json_t *a = json_object_get(latest, json_string_value(json_object_get(m, "name")));
		json_t *res = json_object_get(a, "result");
		json_t *p = json_object_get(res, "pValue");
		r[i].p = json_is_number(p) ? json_number_value(p) : NAN;
		r[i].alpha = json_is_number(json_object_get(res, "alpha"))
				 ? json_number_value(json_object_get(res, "alpha"))
				 : 0.05;
		r[i].primary = json_is_true(json_object_get(m, "primary"));
	}
	experiment_adjust(r, n);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *m = json_array_get(metrics, i);
		json_t *a = json_object_get(latest, json_string_value(json_object_get(m, "name")));
		int has = !isnan(r[i].p);
		json_array_append_new(
		    list,
		    json_pack("{s:O,s:O,s:O,s:o,s:o,s:o,s:O}", "metricName", json_object_get(m, "name"),
			      "kind", json_object_get(m, "kind"), "primary", json_object_get(m, "primary"),
			      "pValue", has ? json_real(r[i].p) : json_null(), "adjustedPValue",
			      has ? json_real(r[i].p_adjusted) : json_null(), "significant",
			      has ? json_boolean(r[i].significant) : json_null(), "analysis",
			      a ? a : json_null()));
	}
	free(r);
	json_decref(latest);
	return list;
}

/* One experiment as every representation carries it, or NULL. */
static json_t *experiment_doc(int64_t id)
{
	json_t *o = experiment_store_get(id);
	if (o)
		json_object_set_new(o, "results", results_of(o));
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
    [D_DECISION] = {.name = "decision", .type = FIELD_ENUM, .flags = FIELD_REQUIRED, .values = experiment_decisions,
		    .reason = "err.experiment.decision"},
    [D_NOTE] = {.name = "note", .type = FIELD_STRING, .max_len = 4 * EXPERIMENT_TEXT_MAX},
};

int api_experiment_decide(struct api_ctx *c, json_t **out)
{
	char obj[64];
	snprintf(obj, sizeof obj, "experiment/%lld", (long long)c->obj_id);
	struct field_value v[FIELD_COUNT(decision_fields)];
	api_fields(c, decision_fields, FIELD_COUNT(decision_fields), v);
	const char *decision = v[D_DECISION].s;
	const char *note = v[D_NOTE].s;
	if (json_array_size(c->invalid)) {
		api_audit(c, "experiment.decide", obj, "invalid");
		return -ERR_INVALID;
	}
	int rc = experiment_store_decide(c->obj_id, decision, note, c->user_id);
	if (rc < 0)
		return rc;
	api_audit(c, "experiment.decide", obj, decision);
	snprintf(c->location, sizeof c->location, "/experimenten/%lld", (long long)c->obj_id);
	*out = experiment_doc(c->obj_id);
	return 0;
}

/* --- analyses --------------------------------------------------------------------------- */

/* key with "_x" turned into "X" (not a leading "_"), in b */
static const char *camel_key(struct buf *b, const char *key)
{
	buf_reset(b);
	for (const char *k = key; *k; k++) {
		if (*k == '_' && k[1] && k != key) {
			k++;
			char up = (char)toupper((unsigned char)*k);
			buf_add(b, &up, 1);
		} else {
			buf_add(b, k, 1);
		}
	}
	return buf_str(b);
}

json_t *api_experiment_camel(const json_t *v)
{
	if (json_is_array(v)) {
		json_t *a = json_array();
		size_t i;
		const json_t *e;
		json_array_foreach (v, i, e)
			json_array_append_new(a, api_experiment_camel(e));
		return a;
	}
	if (!json_is_object(v))
		return json_deep_copy(v);
	json_t *o = json_object();
	const char *key;
	const json_t *e;
	struct buf b = BUF_INIT;
	json_object_foreach ((json_t *)v, key, e)
		json_object_set_new(o, camel_key(&b, key), api_experiment_camel(e));
	buf_free(&b);
	return o;
}

int api_analysis_list(struct api_ctx *c, json_t **out)
{
	*out = json_pack("{s:I,s:o}", "experimentId", (json_int_t)c->obj_id, "analyses",
			 experiment_store_analyses(c->obj_id));
	return 0;
}

int api_analysis_get(struct api_ctx *c, json_t **out)
{
	char *end;
	long long id = strtoll(c->param[1] ? c->param[1] : "", &end, 10);
	if (!c->param[1] || *end || id <= 0)
		return -ERR_NOTFOUND;
	json_t *a = experiment_store_analysis_get(id);
	if (!a || json_integer_value(json_object_get(a, "experimentId")) != c->obj_id) {
		json_decref(a);
		return -ERR_NOTFOUND;
	}
	*out = a;
	return 0;
}

/* One arm of an analysis as the API spells it (lowerCamelCase). Which
 * members a metric needs is stats_io's to say; here: types and ranges. */
#define ARM(a)                                                                                                        \
	{.name = a, .type = FIELD_OBJECT, .flags = FIELD_REQUIRED},                                                   \
	    {.name = a ".n", .type = FIELD_INTEGER, .flags = FIELD_REQUIRED, .min = 2, .max = STATS_IO_N_MAX},        \
	    {.name = a ".conversions", .type = FIELD_INTEGER, .min = 0, .max = STATS_IO_N_MAX},                       \
	    {.name = a ".mean", .type = FIELD_NUMBER, FIELD_REAL},                                                    \
	    {.name = a ".variance", .type = FIELD_NUMBER, .nmin = 0, .nmax = HUGE_VAL, .reason = "err.stats.negative"}
#define RATIO_ARM(a)                                                                                                  \
	{.name = a ".meanM", .type = FIELD_NUMBER, FIELD_REAL},                                                       \
	    {.name = a ".varM", .type = FIELD_NUMBER, .nmin = 0, .nmax = HUGE_VAL, .reason = "err.stats.negative"},   \
	    {.name = a ".meanD", .type = FIELD_NUMBER, FIELD_REAL},                                                   \
	    {.name = a ".varD", .type = FIELD_NUMBER, .nmin = 0, .nmax = HUGE_VAL, .reason = "err.stats.negative"},   \
	    {.name = a ".covMd", .type = FIELD_NUMBER, FIELD_REAL},                                                   \
	    {.name = a ".covariate", .type = FIELD_OBJECT},                                                           \
	    {.name = a ".covariate.mean", .type = FIELD_NUMBER, .flags = FIELD_REQUIRED, FIELD_REAL},                 \
	    {.name = a ".covariate.variance", .type = FIELD_NUMBER, .flags = FIELD_REQUIRED, .nmin = 0,               \
	     .nmax = HUGE_VAL, .reason = "err.stats.negative"},                                                       \
	    {.name = a ".covariate.covariance", .type = FIELD_NUMBER, .flags = FIELD_REQUIRED, FIELD_REAL}
#define POSITIVE(n) {.name = n, .type = FIELD_NUMBER, .flags = FIELD_GT, .nmin = 0, .nmax = HUGE_VAL, .reason = "err.stats.positive"}

static const char *const metric_kinds[] = {"binomial", "mean", "ratio", NULL};
static const char *const methods[] = {"frequentist", "bayesian", "sequential", NULL};
static const char *const page_priors[] = {"flat", "normal", NULL};

/* AnalysisInput: the `scalelab stats ab` document with camelCase arms. */
static const struct field analysis_fields[] = {
    {.name = "metricName", .type = FIELD_STRING, .max_len = EXPERIMENT_NAME_MAX},
    {.name = "metric", .type = FIELD_ENUM, .values = metric_kinds, .reason = "err.stats.metric"},
    ARM("control"),
    RATIO_ARM("control"),
    ARM("treatment"),
    RATIO_ARM("treatment"),
    {.name = "alpha", .type = FIELD_NUMBER, .flags = FIELD_GT | FIELD_LT, .nmin = 0, .nmax = 1,
     .reason = "err.stats.alpha"},
    {.name = "method", .type = FIELD_ENUM, .values = methods, .reason = "err.stats.method"},
    {.name = "prior", .type = FIELD_OBJECT},
    {.name = "prior.mean", .type = FIELD_NUMBER, FIELD_REAL},
    POSITIVE("prior.sd"),
    POSITIVE("tuning"),
    POSITIVE("tau2"),
    {.name = "weights", .type = FIELD_ANY}, /* experiment_read_split */
};

/* The form on the experiment page: counts per group, a method, one of two
 * priors and an alpha. */
static const struct field analysis_form_fields[] = {
    {.name = "metricName", .type = FIELD_STRING, .max_len = EXPERIMENT_NAME_MAX},
    ARM("control"),
    ARM("treatment"),
    {.name = "alpha", .type = FIELD_NUMBER, .flags = FIELD_GT | FIELD_LT, .nmin = 0, .nmax = 1,
     .reason = "err.stats.alpha"},
    {.name = "method", .type = FIELD_ENUM, .values = methods, .reason = "err.stats.method"},
    {.name = "prior", .type = FIELD_ENUM, .values = page_priors},
};

/* Problems of stats_io (reasons are catalogue keys already), with field
 * names in the API's lowerCamelCase ("control.mean_d" -> "control.meanD"). */
static void add_problems(json_t *invalid, json_t *problems)
{
	size_t i;
	json_t *p;
	struct buf b = BUF_INIT;
	json_array_foreach (problems, i, p) {
		const char *name = json_string_value(json_object_get(p, "name"));
		json_t *q = json_deep_copy(p);
		json_object_set_new(q, "name", json_string(camel_key(&b, name ? name : "")));
		json_array_append_new(invalid, q);
	}
	buf_free(&b);
}

/* Arm members as the API spells them (lowerCamelCase, NL API rule) and as
 * stats_io reads them (the CLI's snake_case). */
static const char *const arm_fields[][2] = {
    {"meanM", "mean_m"}, {"varM", "var_m"}, {"meanD", "mean_d"}, {"varD", "var_d"}, {"covMd", "cov_md"},
};

/* The document stats_io reads: a copy of in (checked against the specs,
 * so it holds known members only) with the ratio members renamed. Caller
 * decrefs. */
static json_t *stats_input(const json_t *in)
{
	json_t *doc = json_deep_copy(in);
	for (int a = 0; a < 2; a++) {
		json_t *arm = json_object_get(doc, a ? "treatment" : "control");
		for (size_t k = 0; json_is_object(arm) && k < sizeof arm_fields / sizeof arm_fields[0]; k++) {
			json_t *v = json_object_get(arm, arm_fields[k][0]);
			if (!v)
				continue;
			json_object_set(arm, arm_fields[k][1], v);
			json_object_del(arm, arm_fields[k][0]);
		}
	}
	return doc;
}

int api_analysis_create(struct api_ctx *c, json_t **out)
{
	char obj[64];
	snprintf(obj, sizeof obj, "experiment/%lld", (long long)c->obj_id);
	json_t *exp = experiment_store_get(c->obj_id);
	if (!exp)
		return -ERR_NOTFOUND;
	const struct field *spec = c->is_page ? analysis_form_fields : analysis_fields;
	size_t nspec = c->is_page ? FIELD_COUNT(analysis_form_fields) : FIELD_COUNT(analysis_fields);
	struct field_value v[FIELD_COUNT(analysis_fields)];
	api_fields(c, spec, nspec, v);
	json_t *in = field_json(spec, nspec, v, c->is_page);
	/* the page offers two priors: flat (none) or N(0, 0.3^2) on the lift */
	json_t *prior = json_object_get(in, "prior");
	if (c->is_page && json_is_string(prior)) {
		if (!strcmp(json_string_value(prior), "normal"))
			json_object_set_new(in, "prior", json_pack("{s:f,s:f}", "mean", 0.0, "sd", 0.3));
		else
			json_object_del(in, "prior");
	}

	/* The experiment supplies what the document leaves out: the metric (its
	 * primary one), that metric's kind and the planned split, against which
	 * the sample ratio is checked. */
	const char *kind = json_string_value(json_object_get(exp, "metricKind"));
	const char *metric_name = json_string_value(json_object_get(exp, "metric"));
	json_t *mn = json_object_get(in, "metricName");
	if (mn && !json_is_null(mn) && !(json_is_string(mn) && !*json_string_value(mn))) {
		json_t *found = NULL, *m;
		size_t i;
		json_array_foreach (json_object_get(exp, "metrics"), i, m)
			if (json_is_string(mn) && json_equal(json_object_get(m, "name"), mn))
				found = m;
		if (!found) {
			problem_add(c->invalid, "metricName", "err.experiment.metric_unknown");
		} else {
			kind = json_string_value(json_object_get(found, "kind"));
			metric_name = json_string_value(json_object_get(found, "name"));
		}
	}
	json_object_set_new(in, "metricName", json_string(metric_name));
	json_t *metric = json_object_get(in, "metric");
	if (!metric || json_is_null(metric))
		json_object_set_new(in, "metric", json_string(kind));
	else if (json_is_string(metric) &&
		 (!strcmp(json_string_value(metric), "binomial") ||
		  !strcmp(json_string_value(metric), "mean")) &&
		 strcmp(json_string_value(metric), kind))
		problem_add(c->invalid, "metric",
			    !strcmp(kind, "mean") ? "err.stats.metric_mean" : "err.stats.metric_binomial");
	/* a ratio (revenue per order) is an average too: experiments have no
	 * kind of their own for it, so it is analysed under a mean metric */
	else if (json_is_string(metric) && !strcmp(json_string_value(metric), "ratio") &&
		 strcmp(kind, "mean"))
		problem_add(c->invalid, "metric", "err.stats.metric_binomial");
	json_t *w = json_object_get(in, "weights");
	double split[2];
	if (!w)
		json_object_set(in, "weights", json_object_get(exp, "plannedSplit"));
	else if (!json_is_array(w))
		problem_add(c->invalid, "weights", "err.stats.weights");
	else
		experiment_read_split(w, "weights", split, c->invalid); /* two numbers in (0, 1e6] */

	json_t *problems = json_array(), *result = NULL;
	json_t *doc = stats_input(in);
	int rc = stats_io_ab(doc, problems, &result);
	json_decref(doc);
	add_problems(c->invalid, problems);
	json_decref(problems);
	if (rc < 0 || json_array_size(c->invalid)) {
		json_decref(result);
		json_decref(in);
		json_decref(exp);
		api_audit(c, "analysis.create", obj, "invalid");
		return -ERR_INVALID;
	}
	json_t *camel = api_experiment_camel(result);
	json_decref(result);
	int64_t id = experiment_store_analysis_add(c->obj_id, metric_name, in, camel, c->user_id);
	json_decref(camel);
	json_decref(in);
	json_decref(exp);
	if (id < 0)
		return (int)id;
	char aobj[96];
	snprintf(aobj, sizeof aobj, "experiment/%lld/analysis/%lld", (long long)c->obj_id, (long long)id);
	api_audit(c, "analysis.create", aobj, "ok");
	if (c->is_page)
		snprintf(c->location, sizeof c->location, "/experimenten/%lld#resultaat",
			 (long long)c->obj_id);
	else
		snprintf(c->location, sizeof c->location, "/experimenten/%lld/analyses/%lld",
			 (long long)c->obj_id, (long long)id);
	c->status = 201;
	*out = experiment_store_analysis_get(id);
	return 0;
}
