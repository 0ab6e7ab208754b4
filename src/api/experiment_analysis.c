/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * experiment_analysis: the analyses of an experiment. An analysis takes the
 * same document as `scalelab stats ab` (via stats_io; ratio arm fields
 * spelled in lowerCamelCase; the experiment page posts a smaller form) and
 * stores the input as computed together with the result, its keys in
 * lowerCamelCase, and the metric it is for. The first analysis moves the
 * experiment from ontwerp to lopend (experiment_status_after_analysis).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "api/experiment.h"
#include "api/field.h"
#include "api/stats_io.h"
#include "api/module.h"
#include "domain/experiment.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/experiment_store.h"

/* A checked json_pack result: packing our own values cannot fail. */
static json_t *packed(json_t *o)
{
	BUG_ON(!o);
	return o;
}

json_t *api_analysis_json(const struct experiment_analysis *a)
{
	return packed(json_pack(
	    "{s:I,s:I,s:s,s:O,s:O,s:s?,s:o}", "id", (json_int_t)a->id, "experimentId",
	    (json_int_t)a->experiment_id, "metricName", a->metric_name, "input", a->input, "result",
	    a->result, "createdAt", a->created_at, "createdBy",
	    a->created_by > 0
		? packed(json_pack("{s:I,s:s?}", "id", (json_int_t)a->created_by, "name", a->created_by_name))
		: json_null()));
}

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
	size_t n;
	struct experiment_analysis *list = experiment_store_analyses(c->obj_id, &n);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, api_analysis_json(&list[i]));
	experiment_analysis_list_free(list, n);
	*out = packed(json_pack("{s:I,s:o}", "experimentId", (json_int_t)c->obj_id, "analyses", items));
	return 0;
}

int api_analysis_get(struct api_ctx *c, json_t **out)
{
	int64_t id;
	if (api_parse_id(c->param[1], &id) < 0)
		return -ERR_NOTFOUND;
	struct experiment_analysis a;
	if (experiment_store_analysis_get(id, &a) < 0)
		return -ERR_NOTFOUND;
	json_t *o = a.experiment_id == c->obj_id ? api_analysis_json(&a) : NULL;
	experiment_analysis_free(&a);
	if (!o)
		return -ERR_NOTFOUND;
	*out = o;
	return 0;
}

/* One arm of an analysis as the API spells it (lowerCamelCase). Which
 * members a metric needs is stats_io's to say; here: types and ranges. */
#define ARM(a)                                                                                               \
	{.name = a, .type = FIELD_OBJECT, .flags = FIELD_REQUIRED},                                          \
	    {.name = a ".n",                                                                                 \
	     .type = FIELD_INTEGER,                                                                          \
	     .flags = FIELD_REQUIRED,                                                                        \
	     .min = 2,                                                                                       \
	     .max = STATS_IO_N_MAX},                                                                         \
	    {.name = a ".conversions", .type = FIELD_INTEGER, .min = 0, .max = STATS_IO_N_MAX},              \
	    {.name = a ".mean", .type = FIELD_NUMBER, FIELD_REAL},                                           \
	{                                                                                                    \
		.name = a ".variance", .type = FIELD_NUMBER, .nmin = 0, .nmax = HUGE_VAL,                    \
		.reason = "err.stats.negative"                                                               \
	}
#define RATIO_ARM(a)                                                                                         \
	{.name = a ".meanM", .type = FIELD_NUMBER, FIELD_REAL},                                              \
	    {.name = a ".varM",                                                                              \
	     .type = FIELD_NUMBER,                                                                           \
	     .nmin = 0,                                                                                      \
	     .nmax = HUGE_VAL,                                                                               \
	     .reason = "err.stats.negative"},                                                                \
	    {.name = a ".meanD", .type = FIELD_NUMBER, FIELD_REAL},                                          \
	    {.name = a ".varD",                                                                              \
	     .type = FIELD_NUMBER,                                                                           \
	     .nmin = 0,                                                                                      \
	     .nmax = HUGE_VAL,                                                                               \
	     .reason = "err.stats.negative"},                                                                \
	    {.name = a ".covMd", .type = FIELD_NUMBER, FIELD_REAL},                                          \
	    {.name = a ".covariate", .type = FIELD_OBJECT},                                                  \
	    {.name = a ".covariate.mean", .type = FIELD_NUMBER, .flags = FIELD_REQUIRED, FIELD_REAL},        \
	    {.name = a ".covariate.variance",                                                                \
	     .type = FIELD_NUMBER,                                                                           \
	     .flags = FIELD_REQUIRED,                                                                        \
	     .nmin = 0,                                                                                      \
	     .nmax = HUGE_VAL,                                                                               \
	     .reason = "err.stats.negative"},                                                                \
	{                                                                                                    \
		.name = a ".covariate.covariance", .type = FIELD_NUMBER, .flags = FIELD_REQUIRED, FIELD_REAL \
	}
#define POSITIVE(n)                                                                                          \
	{                                                                                                    \
		.name = n, .type = FIELD_NUMBER, .flags = FIELD_GT, .nmin = 0, .nmax = HUGE_VAL,             \
		.reason = "err.stats.positive"                                                               \
	}

/* The metrics an analysis may name (stats_io's), and the kind of
 * experiment metric each is analysed under: a ratio (revenue per order) is
 * an average too, and experiments have no kind of their own for it. */
static const char *const analysis_metrics[] = {"binomial", "mean", "ratio", NULL};
static const enum experiment_metric_kind analysis_metric_kind[] = {
    EXPERIMENT_METRIC_BINOMIAL, EXPERIMENT_METRIC_MEAN, EXPERIMENT_METRIC_MEAN};
static const char *const methods[] = {"frequentist", "bayesian", "sequential", NULL};
/* The page's two priors: none, or N(0, 0.3^2) on the lift; index = enum. */
enum { PRIOR_FLAT, PRIOR_NORMAL };
static const char *const page_priors[] = {"flat", "normal", NULL};

/* AnalysisInput: the `scalelab stats ab` document with camelCase arms. */
static const struct field analysis_fields[] = {
    {.name = "metricName", .type = FIELD_STRING, .max_len = EXPERIMENT_NAME_MAX},
    {.name = "metric", .type = FIELD_ENUM, .values = analysis_metrics, .reason = "err.stats.metric"},
    ARM("control"),
    RATIO_ARM("control"),
    ARM("treatment"),
    RATIO_ARM("treatment"),
    {.name = "alpha",
     .type = FIELD_NUMBER,
     .flags = FIELD_GT | FIELD_LT,
     .nmin = 0,
     .nmax = 1,
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
    {.name = "alpha",
     .type = FIELD_NUMBER,
     .flags = FIELD_GT | FIELD_LT,
     .nmin = 0,
     .nmax = 1,
     .reason = "err.stats.alpha"},
    {.name = "method", .type = FIELD_ENUM, .values = methods, .reason = "err.stats.method"},
    {.name = "prior", .type = FIELD_ENUM, .values = page_priors},
};
enum { FORM_PRIOR = FIELD_COUNT(analysis_form_fields) - 1 }; /* the last row */

/* The experiment metric kind an analysis metric word is analysed under;
 * NONE for a word that names none. */
static enum experiment_metric_kind analysis_kind(const char *metric)
{
	for (size_t i = 0; metric && analysis_metrics[i]; i++)
		if (!strcmp(metric, analysis_metrics[i]))
			return analysis_metric_kind[i];
	return EXPERIMENT_METRIC_NONE;
}

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

int api_analysis_run(const json_t *in, json_t *invalid, json_t **result)
{
	json_t *problems = json_array(), *raw = NULL;
	json_t *doc = stats_input(in);
	int rc = stats_io_ab(doc, problems, &raw);
	json_decref(doc);
	add_problems(invalid, problems);
	json_decref(problems);
	*result = NULL;
	if (rc < 0) {
		json_decref(raw);
		return -ERR_INVALID;
	}
	*result = api_experiment_camel(raw);
	json_decref(raw);
	return 0;
}

int api_analysis_store(struct api_ctx *c, const struct experiment *e, const char *metric_name,
		       const json_t *in, const json_t *result, json_t **out)
{
	int rc = 0;
	int64_t id = experiment_store_analysis_add(e->id, metric_name, in, result, c->user_id);
	enum experiment_status status = experiment_status_after_analysis(e->status);
	if (id >= 0 && status != e->status)
		rc = experiment_store_set_status(e->id, status);
	if (id < 0)
		return (int)id;
	if (rc < 0)
		return rc;
	char aobj[96];
	snprintf(aobj, sizeof aobj, "experiment/%lld/analysis/%lld", (long long)e->id, (long long)id);
	api_audit(c, "analysis.create", aobj, "ok");
	if (c->is_page)
		snprintf(c->location, sizeof c->location, "/experimenten/%lld#resultaat", (long long)e->id);
	else
		snprintf(c->location, sizeof c->location, "/experimenten/%lld/analyses/%lld",
			 (long long)e->id, (long long)id);
	c->status = 201;
	struct experiment_analysis a;
	if (experiment_store_analysis_get(id, &a) < 0)
		return -ERR_NOTFOUND; /* only after a failure of the database, which the pipeline reports */
	*out = api_analysis_json(&a);
	experiment_analysis_free(&a);
	return 0;
}

int api_analysis_create(struct api_ctx *c, json_t **out)
{
	char obj[64];
	snprintf(obj, sizeof obj, "experiment/%lld", (long long)c->obj_id);
	struct experiment exp;
	if (experiment_store_get(c->obj_id, &exp) < 0)
		return -ERR_NOTFOUND;
	const struct field *spec = c->is_page ? analysis_form_fields : analysis_fields;
	size_t nspec = c->is_page ? FIELD_COUNT(analysis_form_fields) : FIELD_COUNT(analysis_fields);
	struct field_value v[FIELD_COUNT(analysis_fields)];
	api_fields(c, spec, nspec, v);
	json_t *in = field_json(spec, nspec, v, c->is_page);
	/* the page offers two priors: flat (none) or N(0, 0.3^2) on the lift */
	if (c->is_page && v[FORM_PRIOR].ok && v[FORM_PRIOR].i == PRIOR_NORMAL)
		json_object_set_new(in, "prior", json_pack("{s:f,s:f}", "mean", 0.0, "sd", 0.3));
	else if (c->is_page)
		json_object_del(in, "prior");

	/* The experiment supplies what the document leaves out: the metric (its
	 * primary one), that metric's kind and the planned split, against which
	 * the sample ratio is checked. */
	enum experiment_metric_kind kind = exp.metric_kind;
	const char *metric_name = exp.metric;
	const char *mn = json_string_value(json_object_get(in, "metricName"));
	if (mn && *mn) {
		size_t i = 0;
		while (i <= exp.n_secondary && strcmp(mn, i ? exp.secondary[i - 1].name : exp.metric))
			i++;
		if (i > exp.n_secondary) {
			problem_add(c->invalid, "metricName", "err.experiment.metric_unknown");
		} else {
			kind = i ? exp.secondary[i - 1].kind : exp.metric_kind;
			metric_name = i ? exp.secondary[i - 1].name : exp.metric;
		}
	}
	json_object_set_new(in, "metricName", json_string(metric_name));
	const char *metric = json_string_value(json_object_get(in, "metric"));
	if (!metric)
		json_object_set_new(in, "metric", json_string(experiment_metric_kind_name(kind)));
	else if (analysis_kind(metric) && analysis_kind(metric) != kind)
		problem_add(c->invalid, "metric",
			    kind == EXPERIMENT_METRIC_MEAN ? "err.stats.metric_mean"
							   : "err.stats.metric_binomial");
	json_t *w = json_object_get(in, "weights");
	double split[2];
	if (!w)
		json_object_set_new(in, "weights", api_experiment_split_json(exp.split));
	else if (!json_is_array(w))
		problem_add(c->invalid, "weights", "err.stats.weights");
	else
		experiment_read_split(w, "weights", split, c->invalid); /* two numbers in (0, 1e6] */

	json_t *camel = NULL;
	int rc = api_analysis_run(in, c->invalid, &camel);
	if (rc < 0 || json_array_size(c->invalid)) {
		json_decref(camel);
		json_decref(in);
		experiment_free(&exp);
		api_audit(c, "analysis.create", obj, "invalid");
		return -ERR_INVALID;
	}
	rc = api_analysis_store(c, &exp, metric_name, in, camel, out);
	json_decref(camel);
	json_decref(in);
	experiment_free(&exp);
	return rc;
}
