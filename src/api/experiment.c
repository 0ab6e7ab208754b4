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
#include "api/initiative.h"
#include "api/stats_io.h"
#include "domain/experiment.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/problem.h"
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
	return packed(json_pack("{s:I,s:s,s:s,s:s,s:s,s:s?,s:s?,s:s?,s:I,s:s}", "id", (json_int_t)e->id, "name",
				e->name, "metric", e->metric, "metricKind",
				experiment_metric_kind_name(e->metric_kind), "status",
				experiment_status_name(e->status), "decision", experiment_decision_name(e->decision),
				"startsOn", e->starts_on, "endsOn", e->ends_on, "analysisCount",
				(json_int_t)e->analysis_count, "updatedAt", e->updated_at));
}

/* metrics: [{name, kind, primary}], the primary first */
static json_t *metrics_json(const struct experiment *e)
{
	json_t *list = json_array();
	json_array_append_new(list, packed(json_pack("{s:s,s:s,s:b}", "name", e->metric, "kind",
						     experiment_metric_kind_name(e->metric_kind), "primary", 1)));
	for (size_t i = 0; i < e->n_secondary; i++)
		json_array_append_new(list, packed(json_pack("{s:s,s:s,s:b}", "name", e->secondary[i].name, "kind",
							     experiment_metric_kind_name(e->secondary[i].kind),
							     "primary", 0)));
	return list;
}

static json_t *decision_json(const struct experiment *e)
{
	if (!e->decision)
		return json_null();
	return packed(json_pack("{s:s,s:s?,s:s?,s:o}", "decision", experiment_decision_name(e->decision), "note",
				e->decision_note, "decidedAt", e->decided_at, "decidedBy",
				user_ref(e->decided_by, e->decided_by_name)));
}

json_t *api_experiment_json(const struct experiment *e)
{
	json_t *o = packed(json_pack(
	    "{s:I,s:I,s:s?,s:s?,s:s?,s:s,s:s,s:s,s:s,s:o,s:s?,s:s?,s:s?,s:o,s:[o,o],s:s,s:o,s:I,s:s?,s:s?,s:o}",
	    "id", (json_int_t)e->id, "initiativeId", (json_int_t)e->initiative_id, "initiativeName",
	    e->initiative_name, "organisation", e->organisation, "organisationName", e->organisation_name, "name",
	    e->name, "hypothesis", e->hypothesis, "metric", e->metric, "metricKind",
	    experiment_metric_kind_name(e->metric_kind), "budgetEur", opt_int(e->budget_eur), "startsOn",
	    e->starts_on, "endsOn", e->ends_on, "successCriterion", e->success_criterion, "plannedNPerArm",
	    opt_int(e->planned_n_per_arm), "plannedSplit", weight_json(e->split[0]), weight_json(e->split[1]),
	    "status", experiment_status_name(e->status), "decision", decision_json(e), "analysisCount",
	    (json_int_t)e->analysis_count, "createdAt", e->created_at, "updatedAt", e->updated_at, "metrics",
	    metrics_json(e)));
	return o;
}

json_t *api_analysis_json(const struct experiment_analysis *a)
{
	return packed(json_pack("{s:I,s:I,s:s,s:O,s:O,s:s?,s:o}", "id", (json_int_t)a->id, "experimentId",
				(json_int_t)a->experiment_id, "metricName", a->metric_name, "input", a->input,
				"result", a->result, "createdAt", a->created_at, "createdBy",
				user_ref(a->created_by, a->created_by_name)));
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
				experiment_metric_kind_name(EXPERIMENT_METRIC_BINOMIAL), "plannedSplit", 50, 50));
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
	/* a refused word was reported by the reader; the default stands in so it is named once */
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
		r[i].p = json_is_number(p) ? json_number_value(p) : NAN;
		r[i].alpha = json_is_number(alpha) ? json_number_value(alpha) : 0.05;
		r[i].primary = i == 0;
	}
	experiment_adjust(r, n);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		int has = !isnan(r[i].p);
		enum experiment_metric_kind kind = i ? e->secondary[i - 1].kind : e->metric_kind;
		json_array_append_new(
		    list, packed(json_pack("{s:s,s:s,s:b,s:o,s:o,s:o,s:o}", "metricName",
					   i ? e->secondary[i - 1].name : e->metric, "kind",
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
	char *end;
	long long id = strtoll(c->param[1] ? c->param[1] : "", &end, 10);
	if (!c->param[1] || *end || id <= 0)
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
			    kind == EXPERIMENT_METRIC_MEAN ? "err.stats.metric_mean" : "err.stats.metric_binomial");
	json_t *w = json_object_get(in, "weights");
	double split[2];
	if (!w)
		json_object_set_new(in, "weights", json_pack("[o,o]", weight_json(exp.split[0]), weight_json(exp.split[1])));
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
		experiment_free(&exp);
		api_audit(c, "analysis.create", obj, "invalid");
		return -ERR_INVALID;
	}
	json_t *camel = api_experiment_camel(result);
	json_decref(result);
	int64_t id = experiment_store_analysis_add(c->obj_id, metric_name, in, camel, c->user_id);
	json_decref(camel);
	json_decref(in);
	enum experiment_status status = experiment_status_after_analysis(exp.status);
	if (id >= 0 && status != exp.status)
		rc = experiment_store_set_status(c->obj_id, status);
	experiment_free(&exp);
	if (id < 0)
		return (int)id;
	if (rc < 0)
		return rc;
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
	struct experiment_analysis a;
	if (experiment_store_analysis_get(id, &a) < 0)
		return -ERR_NOTFOUND; /* only after a failure of the database, which the pipeline reports */
	*out = api_analysis_json(&a);
	experiment_analysis_free(&a);
	return 0;
}
