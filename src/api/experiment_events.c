/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * experiment_events: the binding of an experiment to events and the counts
 * per variant read from them (experiment_events.h). Exposures are read from
 * the experiment's start date (or the beginning) up to its end date (or
 * now); conversions up to the end of the last exposure's window (or now).
 * docs/experiments-from-events.md.
 */
#include "api/experiment_events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/experiment.h"
#include "api/field.h"
#include "api/stats_io.h"
#include "domain/experiment.h"
#include "domain/metrics.h"
#include "domain/metrics_growth.h"
#include "domain/okr.h"
#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/event_live.h"
#include "store/event_source_store.h"
#include "store/event_store.h"
#include "store/experiment_events_store.h"
#include "store/experiment_store.h"

#define NO_NAME UINT32_MAX

static json_t *binding_json(const struct experiment_events_binding *b)
{
	return json_pack(
	    "{s:o,s:s,s:s,s:s,s:s,s:i,s:o,s:s}", "exposureEvent",
	    b->exposure_event[0] ? json_string(b->exposure_event) : json_null(), "variantProperty",
	    b->variant_property, "controlValue", b->control_value, "treatmentValue", b->treatment_value,
	    "conversionEvent", b->conversion_event, "windowDays", b->window_days, "sourceId",
	    b->source_id > 0 ? json_integer(b->source_id) : json_null(), "updatedAt", b->updated_at);
}

struct feed {
	struct growth_exposure *x;
	const struct experiment_events_binding *b;
	uint32_t exposure, conversion; /* NO_NAME: any event (exposure) */
	int64_t expose_to_ms;	       /* exposures before this */
	size_t clen, tlen;
	int oom;
};

static int feed_batch(void *arg, const struct event_batch *bt)
{
	struct feed *f = arg;
	for (size_t i = 0; i < bt->n; i++) {
		uint32_t nm = bt->name[i];
		if ((f->exposure == NO_NAME || nm == f->exposure) && bt->ts_ms[i] < f->expose_to_ms) {
			const char *v;
			size_t len;
			int str, arm = 0;
			if (growth_prop(bt->props[i], bt->props_len[i], f->b->variant_property, &v, &len,
					&str) == 1) {
				if (len == f->clen && !memcmp(v, f->b->control_value, len))
					arm = 1;
				else if (len == f->tlen && !memcmp(v, f->b->treatment_value, len))
					arm = 2;
			}
			if (arm && growth_exposure_add(f->x, bt->ts_ms[i], bt->person[i], arm) < 0) {
				f->oom = 1;
				return 1;
			}
		}
		/* after the exposure: an event that exposes can convert as well */
		if (nm == f->conversion)
			growth_exposure_convert(f->x, bt->ts_ms[i], bt->person[i]);
	}
	return 0;
}

/* The counts of the binding: 0 with *arms, 1 when no store is open, or
 * -ERR_IO. from/to: the days exposures were read (-1: open). */
static int count(const struct experiment *e, const struct experiment_events_binding *b,
		 struct growth_arms *arms, int64_t *from, int64_t *to)
{
	memset(arms, 0, sizeof *arms);
	int64_t now = time_now_ms();
	*from = e->starts_on ? okr_day(e->starts_on) : -1;
	*to = e->ends_on ? okr_day(e->ends_on) : -1;
	struct event_store *s = event_live_store();
	if (!s)
		return 1;
	struct feed f = {.x = growth_exposure_new((int64_t)b->window_days * METRICS_DAY_MS),
			 .b = b,
			 .exposure = NO_NAME,
			 .conversion = NO_NAME,
			 .expose_to_ms = *to >= 0 ? (*to + 1) * METRICS_DAY_MS : now + 1,
			 .clen = strlen(b->control_value),
			 .tlen = strlen(b->treatment_value)};
	if (!f.x)
		return -ERR_IO;
	uint32_t id;
	int known_exp = 1;
	if (b->exposure_event[0]) {
		known_exp = s->ops->name_id(s, e->initiative_id, b->exposure_event, strlen(b->exposure_event),
					    &id) == 0;
		f.exposure = known_exp ? id : NO_NAME;
	}
	if (s->ops->name_id(s, e->initiative_id, b->conversion_event, strlen(b->conversion_event), &id) == 0)
		f.conversion = id;
	int rc = 0;
	if (known_exp) {
		int64_t end = f.expose_to_ms + (int64_t)b->window_days * METRICS_DAY_MS + 1;
		uint32_t names[2];
		size_t nn = 0;
		if (f.exposure != NO_NAME) {
			names[nn++] = f.exposure;
			if (f.conversion != NO_NAME && f.conversion != f.exposure)
				names[nn++] = f.conversion;
		}
		struct event_filter flt = {.from_ms = *from >= 0 ? *from * METRICS_DAY_MS : 0,
					   .to_ms = end < now + 1 ? end : now + 1,
					   .names = nn ? names : NULL,
					   .n_names = nn,
					   .source_id = b->source_id,
					   .with_props = 1};
		rc = s->ops->scan(s, e->initiative_id, &flt, feed_batch, &f) < 0 || f.oom ? -ERR_IO : 0;
	}
	if (rc == 0)
		growth_exposure_result(f.x, arms);
	growth_exposure_free(f.x);
	return rc;
}

/* The stats ab input of the counts (AnalysisInput, camelCase). */
static json_t *analysis_input(const struct experiment *e, const struct growth_arms *a)
{
	return json_pack("{s:s,s:s,s:{s:I,s:I},s:{s:I,s:I},s:o}", "metricName", e->metric, "metric",
			 "binomial", "control", "n", (json_int_t)a->exposed[0], "conversions",
			 (json_int_t)a->converted[0], "treatment", "n", (json_int_t)a->exposed[1],
			 "conversions", (json_int_t)a->converted[1], "weights",
			 api_experiment_split_json(e->split));
}

/* Runs the analysis of in with the experiment module's one analysis
 * builder: the camelCase result, or NULL (its problems in problems). */
static json_t *analyse(const json_t *in, json_t *problems)
{
	json_t *result = NULL;
	return api_analysis_run(in, problems, &result) < 0 ? NULL : result;
}

int api_experiment_events_get(struct api_ctx *c, json_t **out)
{
	struct experiment e;
	if (experiment_store_get(c->obj_id, &e) < 0)
		return -ERR_NOTFOUND;
	struct experiment_events_binding b;
	json_t *o = json_pack("{s:I,s:b,s:{s:I,s:s,s:s,s:I,s:s?},s:b}", "experimentId", (json_int_t)c->obj_id,
			      "storeOpen", event_live_store() != NULL, "experiment", "id", (json_int_t)e.id,
			      "name", e.name, "metric", e.metric, "initiativeId", (json_int_t)e.initiative_id,
			      "initiativeName", e.initiative_name, "canEdit", c->role >= ROLE_BEWERKER);
	if (experiment_events_store_get(c->obj_id, &b) < 0) {
		json_object_update_new(o, json_pack("{s:n,s:n,s:n,s:n,s:n,s:n}", "binding", "from", "to",
						    "counts", "analysis", "reason"));
		experiment_free(&e);
		*out = o;
		return 0;
	}
	struct growth_arms a;
	int64_t from, to;
	int rc = count(&e, &b, &a, &from, &to);
	if (rc < 0) {
		experiment_free(&e);
		json_decref(o);
		return rc;
	}
	char d[11];
	json_object_set_new(o, "binding", binding_json(&b));
	okr_date(from, d);
	json_object_set_new(o, "from", from >= 0 ? json_string(d) : json_null());
	okr_date(to, d);
	json_object_set_new(o, "to", to >= 0 ? json_string(d) : json_null());
	json_object_set_new(o, "counts",
			    json_pack("{s:{s:I,s:I},s:{s:I,s:I},s:I}", "control", "exposed",
				      (json_int_t)a.exposed[0], "converted", (json_int_t)a.converted[0],
				      "treatment", "exposed", (json_int_t)a.exposed[1], "converted",
				      (json_int_t)a.converted[1], "switched", (json_int_t)a.switched));
	json_t *in = analysis_input(&e, &a), *problems = json_array();
	json_t *res = analyse(in, problems);
	json_decref(in);
	json_object_set_new(o, "analysis", res ? res : json_null());
	json_object_set_new(o, "reason", res ? json_null() : json_string("err.growth.too_few"));
	json_decref(problems);
	experiment_free(&e);
	*out = o;
	return 0;
}

static const struct field put_fields[] = {
    {.name = "exposureEvent", .type = FIELD_STRING, .max_len = EXPERIMENT_EVENTS_TEXT_MAX},
    {.name = "variantProperty",
     .type = FIELD_STRING,
     .flags = FIELD_REQUIRED,
     .max_len = EXPERIMENT_EVENTS_TEXT_MAX},
    {.name = "controlValue", .type = FIELD_STRING, .max_len = EXPERIMENT_EVENTS_TEXT_MAX, .def = "control"},
    {.name = "treatmentValue", .type = FIELD_STRING, .max_len = EXPERIMENT_EVENTS_TEXT_MAX, .def = "test"},
    {.name = "conversionEvent",
     .type = FIELD_STRING,
     .flags = FIELD_REQUIRED,
     .max_len = EXPERIMENT_EVENTS_TEXT_MAX},
    {.name = "windowDays", .type = FIELD_INTEGER, .min = 1, .max = 365, .def = "14"},
    {.name = "sourceId", .type = FIELD_ID, .flags = FIELD_NULLABLE},
};

int api_experiment_events_put(struct api_ctx *c, json_t **out)
{
	char obj[64];
	snprintf(obj, sizeof obj, "experiment/%lld", (long long)c->obj_id);
	struct experiment e;
	if (experiment_store_get(c->obj_id, &e) < 0)
		return -ERR_NOTFOUND;
	struct field_value v[FIELD_COUNT(put_fields)];
	api_fields(c, put_fields, FIELD_COUNT(put_fields), v);
	struct experiment_events_binding b = {.experiment_id = c->obj_id};
	const char *ctl = v[2].ok && v[2].s ? v[2].s : "control", *trt = v[3].ok && v[3].s ? v[3].s : "test";
	if (v[2].ok && v[3].ok && !strcmp(ctl, trt))
		problem_add(c->invalid, "treatmentValue", "err.growth.same_values");
	if (e.metric_kind != EXPERIMENT_METRIC_BINOMIAL)
		problem_add(c->invalid, "conversionEvent", "err.growth.binomial_only");
	if (v[6].set && v[6].ok) {
		struct event_source src;
		if (event_source_store_get(v[6].i, &src) < 0 || src.initiative_id != e.initiative_id)
			problem_add(c->invalid, "sourceId", "err.growth.source");
		else
			b.source_id = v[6].i;
	}
	experiment_free(&e);
	if (json_array_size(c->invalid)) {
		api_audit(c, "experiment.events.update", obj, "invalid");
		return -ERR_INVALID;
	}
	snprintf(b.exposure_event, sizeof b.exposure_event, "%s", v[0].set && v[0].s ? v[0].s : "");
	snprintf(b.variant_property, sizeof b.variant_property, "%s", v[1].s);
	snprintf(b.control_value, sizeof b.control_value, "%s", ctl);
	snprintf(b.treatment_value, sizeof b.treatment_value, "%s", trt);
	snprintf(b.conversion_event, sizeof b.conversion_event, "%s", v[4].s);
	b.window_days = v[5].ok ? (int)v[5].i : 14;
	int rc = experiment_events_store_put(&b);
	if (rc < 0)
		return rc;
	api_audit(c, "experiment.events.update", obj, "ok");
	if (c->is_page) {
		snprintf(c->location, sizeof c->location, "/experimenten/%lld/gebeurtenissen",
			 (long long)c->obj_id);
		*out = NULL;
		return 0;
	}
	return api_experiment_events_get(c, out);
}

int api_experiment_events_delete(struct api_ctx *c, json_t **out)
{
	char obj[64];
	snprintf(obj, sizeof obj, "experiment/%lld", (long long)c->obj_id);
	int rc = experiment_events_store_delete(c->obj_id);
	if (rc < 0)
		return rc;
	api_audit(c, "experiment.events.delete", obj, "ok");
	c->status = 204;
	*out = NULL;
	return 0;
}

int api_experiment_events_analyse(struct api_ctx *c, json_t **out)
{
	char obj[96];
	snprintf(obj, sizeof obj, "experiment/%lld", (long long)c->obj_id);
	struct experiment e;
	if (experiment_store_get(c->obj_id, &e) < 0)
		return -ERR_NOTFOUND;
	struct experiment_events_binding b;
	if (experiment_events_store_get(c->obj_id, &b) < 0) {
		experiment_free(&e);
		problem_add(c->invalid, "binding", "err.growth.no_binding");
		return -ERR_INVALID;
	}
	struct growth_arms a;
	int64_t from, to;
	int rc = count(&e, &b, &a, &from, &to);
	if (rc) {
		experiment_free(&e);
		if (rc > 0)
			c->detail = "err.growth.no_store";
		return rc > 0 ? -ERR_BUSY : rc;
	}
	json_t *in = analysis_input(&e, &a), *problems = json_array();
	json_t *result = analyse(in, problems);
	json_decref(problems);
	if (!result) {
		json_decref(in);
		experiment_free(&e);
		problem_add(c->invalid, "counts", "err.growth.too_few");
		api_audit(c, "analysis.create", obj, "invalid");
		return -ERR_INVALID;
	}
	rc = api_analysis_store(c, &e, e.metric, in, result, out);
	json_decref(in);
	json_decref(result);
	experiment_free(&e);
	return rc;
}
