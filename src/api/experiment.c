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

static const char *const fields[] = {
    "name",   "hypothesis",	  "metric",	    "metricKind",   "budgetEur",	"startsOn",
    "endsOn", "successCriterion", "plannedNPerArm", "plannedSplit", "secondaryMetrics", "status",
    NULL};

/* An optional whole number >= 0 at path: -1 when absent or empty. A typed
 * negative number is refused with reason, as -1 means "not set". */
static int64_t opt_count(struct api_ctx *c, const char *path, const char *reason)
{
	json_t *v = api_path_get(c->body, path);
	int64_t n = api_field_int(c, path, -1);
	if (n == INT64_MIN)
		return -1; /* type error recorded */
	if (n < 0 && v && !json_is_null(v) && !(json_is_string(v) && !*json_string_value(v))) {
		problem_add(c->invalid, path, "%s", reason);
		return -1;
	}
	return n;
}

/* Reads and validates the body into in; every bad field lands in c->invalid. */
static int read_body(struct api_ctx *c, struct experiment *in)
{
	api_check_fields(c, fields);
	in->name = api_field_str(c, "name");
	in->hypothesis = api_field_str(c, "hypothesis");
	in->metric = api_field_str(c, "metric");
	in->metric_kind = api_field_str(c, "metricKind");
	if (!in->metric_kind || !*in->metric_kind)
		in->metric_kind = "binomial";
	in->budget_eur = opt_count(c, "budgetEur", "err.experiment.budget");
	in->starts_on = api_field_str(c, "startsOn");
	in->ends_on = api_field_str(c, "endsOn");
	in->success_criterion = api_field_str(c, "successCriterion");
	in->planned_n_per_arm = opt_count(c, "plannedNPerArm", "err.experiment.planned_n");
	experiment_read_split(api_path_get(c->body, "plannedSplit"), "plannedSplit", in->split, c->invalid);
	in->status = api_field_str(c, "status");
	if (!in->status || !*in->status)
		in->status = "ontwerp";
	experiment_read_metrics(api_path_get(c->body, "secondaryMetrics"), "secondaryMetrics", in,
				c->invalid);
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

static const char *const decision_fields[] = {"decision", "note", NULL};

int api_experiment_decide(struct api_ctx *c, json_t **out)
{
	char obj[64];
	snprintf(obj, sizeof obj, "experiment/%lld", (long long)c->obj_id);
	api_check_fields(c, decision_fields);
	const char *decision = api_field_str(c, "decision");
	const char *note = api_field_str(c, "note");
	if (!decision || !*decision)
		problem_add(c->invalid, "decision", "err.required");
	else if (!experiment_decision_valid(decision))
		problem_add(c->invalid, "decision", "err.experiment.decision");
	if (note && strlen(note) > 4 * EXPERIMENT_TEXT_MAX)
		problem_add(c->invalid, "note", "err.too_long");
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

static const char *const analysis_fields[] = {"metricName", "metric",  "control", "treatment",
					      "alpha",	    "method",  "prior",	  "tuning",
					      "tau2",	    "weights", NULL};

/* stats_io words its reasons in English for the CLI; the API and pages
 * speak the caller's language, so the known ones become catalogue keys. */
static const char *const reason_keys[][2] = {
    {"is required", "err.required"},
    {"must be a number", "err.type_number"},
    {"must be a finite number", "err.type_number"},
    {"must be an object", "err.type_object"},
    {"must be a whole number", "err.stats.whole"},
    {"must be at least 2", "err.stats.n_min"},
    {"must not be negative", "err.stats.negative"},
    {"must not exceed n", "err.stats.conversions_max"},
    {"must be between 0 and 1 (exclusive)", "err.stats.alpha"},
    {"must be \"frequentist\", \"bayesian\" or \"sequential\"", "err.stats.method"},
    {"must be \"binomial\", \"mean\" or \"ratio\"", "err.stats.metric"},
    {"must not be 0: the ratio divides by it", "err.stats.denominator_zero"},
    {"makes the delta-method variance of the ratio negative or not finite: "
     "its size can be at most sqrt(var_m * var_d)",
     "err.stats.ratio_variance"},
    {"is only read for metric \"mean\"", "err.stats.covariate_mean_only"},
    {"must be an object {\"mean\", \"variance\", \"covariance\"}", "err.type_object"},
    {"must not exceed sqrt(variance * covariate.variance) in size", "err.stats.covariance_max"},
    {"is required when the other arm has one: give both arms a covariate or neither",
     "err.stats.covariate_both"},
    {"the covariate has no variance in either arm, so it cannot explain any",
     "err.stats.covariate_no_variance"},
    {"must be greater than 0", "err.stats.positive"},
    {"must not be 0: the relative lift divides by the control mean", "err.stats.control_zero"},
    {"no variance in either arm, so the lift has no standard error", "err.stats.no_variance"},
    {"must not be 0: the delta-method standard error of the lift is then 0", "err.stats.treatment_zero"},
};

/* Problems of stats_io, with reasons as catalogue keys and field names
 * in the API's lowerCamelCase ("control.mean_d" -> "control.meanD"). */
static void add_problems(json_t *invalid, json_t *problems)
{
	size_t i;
	json_t *p;
	json_array_foreach (problems, i, p) {
		const char *reason = json_string_value(json_object_get(p, "reason"));
		for (size_t k = 0; reason && k < sizeof reason_keys / sizeof reason_keys[0]; k++)
			if (!strcmp(reason, reason_keys[k][0])) {
				reason = reason_keys[k][1];
				break;
			}
		const char *name = json_string_value(json_object_get(p, "name"));
		struct buf b = BUF_INIT;
		problem_add(invalid, camel_key(&b, name ? name : ""), "%s", reason ? reason : "");
		buf_free(&b);
	}
}

/* Form fields arrive as text; numbers may use a decimal comma. Empty means
 * absent, so the reader reports "required" rather than "not a number". */
static void form_number(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_string(v))
		return;
	char tmp[64];
	const char *s = json_string_value(v);
	while (*s == ' ')
		s++;
	if (!*s) {
		json_object_del(obj, key);
		return;
	}
	if (strlen(s) >= sizeof tmp)
		return;
	size_t n = 0;
	for (; s[n]; n++)
		tmp[n] = s[n] == ',' ? '.' : s[n];
	while (n && tmp[n - 1] == ' ')
		n--;
	tmp[n] = 0;
	char *end;
	double d = strtod(tmp, &end);
	if (*end || end == tmp || !isfinite(d))
		return; /* left as text: the reader says it must be a number */
	if (d == floor(d) && fabs(d) < 9007199254740992.0)
		json_object_set_new(obj, key, json_integer((json_int_t)d));
	else
		json_object_set_new(obj, key, json_real(d));
}

/* Arm members as the API spells them (lowerCamelCase, NL API rule) and as
 * stats_io reads them (the CLI's snake_case). */
static const char *const arm_fields[][2] = {
    {"n", "n"},
    {"conversions", "conversions"},
    {"mean", "mean"},
    {"variance", "variance"},
    {"covariate", "covariate"},
    {"meanM", "mean_m"},
    {"varM", "var_m"},
    {"meanD", "mean_d"},
    {"varD", "var_d"},
    {"covMd", "cov_md"},
};
static const char *const covariate_fields[] = {"mean", "variance", "covariance", NULL};

static void unknown_member(json_t *invalid, const char *arm, const char *sub, const char *key)
{
	struct buf b = BUF_INIT;
	if (sub)
		buf_printf(&b, "%s.%s.%s", arm, sub, key);
	else
		buf_printf(&b, "%s.%s", arm, key);
	problem_add(invalid, buf_str(&b), "err.unknown_field");
	buf_free(&b);
}

/* The document stats_io reads: a copy of in with the arm members renamed.
 * Unknown arm and covariate members go to invalid, so that a typo such as
 * "covariates" cannot silently drop the adjustment. Caller decrefs. */
static json_t *stats_input(const json_t *in, json_t *invalid)
{
	json_t *doc = json_deep_copy(in);
	for (int a = 0; a < 2; a++) {
		const char *name = a ? "treatment" : "control";
		json_t *arm = json_object_get(doc, name);
		if (!json_is_object(arm))
			continue;
		json_t *renamed = json_object();
		const char *key;
		json_t *v;
		json_object_foreach (arm, key, v) {
			size_t k = 0, nf = sizeof arm_fields / sizeof arm_fields[0];
			while (k < nf && strcmp(key, arm_fields[k][0]))
				k++;
			if (k == nf) {
				unknown_member(invalid, name, NULL, key);
				continue;
			}
			json_object_set(renamed, arm_fields[k][1], v);
			if (strcmp(key, "covariate") || !json_is_object(v))
				continue;
			const char *ck;
			json_t *cv;
			json_object_foreach (v, ck, cv) {
				int known = 0;
				for (int i = 0; !known && covariate_fields[i]; i++)
					known = !strcmp(ck, covariate_fields[i]);
				if (!known)
					unknown_member(invalid, name, "covariate", ck);
			}
		}
		json_object_set_new(doc, name, renamed);
	}
	return doc;
}

static json_t *form_input(const json_t *body)
{
	static const char *const arm_keys[] = {"n", "conversions", "mean", "variance", NULL};
	static const char *const top_keys[] = {"alpha", "tuning", "tau2", NULL};
	json_t *in = json_deep_copy(body);
	for (int a = 0; a < 2; a++) {
		json_t *arm = json_object_get(in, a ? "treatment" : "control");
		for (int i = 0; json_is_object(arm) && arm_keys[i]; i++)
			form_number(arm, arm_keys[i]);
	}
	for (int i = 0; top_keys[i]; i++)
		form_number(in, top_keys[i]);
	json_t *m = json_object_get(in, "method");
	if (json_is_string(m) && !*json_string_value(m))
		json_object_del(in, "method");
	/* the page offers two priors: flat (none) or N(0, 0.3^2) on the lift */
	json_t *prior = json_object_get(in, "prior");
	if (json_is_string(prior)) {
		const char *p = json_string_value(prior);
		if (!strcmp(p, "normal"))
			json_object_set_new(in, "prior", json_pack("{s:f,s:f}", "mean", 0.0, "sd", 0.3));
		else if (!*p || !strcmp(p, "flat"))
			json_object_del(in, "prior");
	}
	return in;
}

int api_analysis_create(struct api_ctx *c, json_t **out)
{
	char obj[64];
	snprintf(obj, sizeof obj, "experiment/%lld", (long long)c->obj_id);
	json_t *exp = experiment_store_get(c->obj_id);
	if (!exp)
		return -ERR_NOTFOUND;
	api_check_fields(c, analysis_fields);
	json_t *in = c->is_page ? form_input(c->body) : json_deep_copy(c->body);
	const char *key;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(in, tmp, key, v) if (key[0] == '_') json_object_del(in, key);

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
	if (!w || json_is_null(w))
		json_object_set(in, "weights", json_object_get(exp, "plannedSplit"));

	json_t *problems = json_array(), *result = NULL;
	json_t *doc = stats_input(in, c->invalid);
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
