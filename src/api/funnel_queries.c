/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * funnel_queries: saved retention and lifecycle queries of an initiative
 * (table saved_metric_queries, schema step 31): a name, the kind
 * (retentie, levenscyclus) and the route's query parameters (interval,
 * start, telling, kalender, tijdzone, filters, ...) checked by running the
 * route's handler. The one with its result, the dashboard shows them
 * beside the saved funnels. docs/metrics.md, "Saved retention and
 * lifecycle queries".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/dashboard.h"
#include "api/field.h"
#include "api/metrics.h"
#include "api/metrics_funnel.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/metric_query_store.h"

#define NAME_MAX_LEN 200
#define VALUE_MAX_LEN 200

static const char *const kind_words[] = {"retentie", "levenscyclus", NULL};

/* The parameters each kind keeps (van and tot are the range asked). */
static const char *const retention_params[] = {
    "start",	   "telling",	"interval", "kalender",	   "tijdzone",	 "uitsplitsing", "top",
    "gebeurtenis", "terugkeer", "minimaal", "bron",	   "eigenschap", "operator",	 "waarde",
    "eigenschap2", "operator2", "waarde2",  "eigenschap3", "operator3",	 "waarde3",	 NULL};
static const char *const lifecycle_params[] = {
    "interval",	   "tijdzone",	"gebeurtenis", "bron",	      "eigenschap", "operator", "waarde",
    "eigenschap2", "operator2", "waarde2",     "eigenschap3", "operator3",  "waarde3",	NULL};

static api_handler handler_of(const char *kind)
{
	return !strcmp(kind, "retentie") ? api_metrics_retention : api_metrics_lifecycle;
}

static int listed(const char *const *words, const char *w)
{
	for (; *words; words++)
		if (!strcmp(*words, w))
			return 1;
	return 0;
}

json_t *metric_query_run_query(const json_t *q, const char *van, const char *tot)
{
	json_t *p = json_deep_copy(json_object_get(q, "parameters"));
	if (van)
		json_object_set_new(p, "van", json_string(van));
	if (tot)
		json_object_set_new(p, "tot", json_string(tot));
	return p;
}

int metric_query_run(const struct api_ctx *c, const json_t *q, json_t *query, json_t **out)
{
	const char *kind = json_string_value(json_object_get(q, "kind"));
	return dashboard_sub(c, handler_of(kind), json_integer_value(json_object_get(q, "initiativeId")),
			     query, out);
}

/* The parameters given: an object, or (a form) the JSON text of one; a new
 * object of strings (numbers and booleans as their text), or NULL with the
 * problems named in c->invalid. */
static json_t *read_params(struct api_ctx *c, const json_t *j, const char *kind)
{
	json_t *given =
	    json_is_string(j) ? json_loads(json_string_value(j), 0, NULL) : json_incref((json_t *)j);
	json_t *out = json_object();
	if (!json_is_object(given)) {
		problem_add(c->invalid, "parameters", "err.funnel.query_parameters");
		goto bad;
	}
	const char *k;
	json_t *v;
	int bad = 0;
	json_object_foreach (given, k, v) {
		char name[96];
		snprintf(name, sizeof name, "parameters.%s", k);
		if (!listed(!strcmp(kind, "retentie") ? retention_params : lifecycle_params, k)) {
			problem_add(c->invalid, name, "err.funnel.query_parameter");
			bad = 1;
		} else if (json_is_string(v) && json_string_length(v) <= VALUE_MAX_LEN) {
			if (json_string_length(v))
				json_object_set(out, k, v);
		} else if (json_is_integer(v)) {
			json_object_set_new(out, k, json_sprintf("%lld", (long long)json_integer_value(v)));
		} else if (json_is_boolean(v)) {
			json_object_set_new(out, k, json_string(json_is_true(v) ? "1" : "0"));
		} else if (!json_is_null(v)) {
			problem_add(c->invalid, name, "err.funnel.query_value");
			bad = 1;
		}
	}
	if (bad)
		goto bad;
	json_decref(given);
	return out;
bad:
	json_decref(given);
	json_decref(out);
	return NULL;
}

json_t *metric_query_save_form(const struct api_ctx *c, const char *kind)
{
	json_t *p = json_object();
	const char *k;
	json_t *v;
	json_object_foreach (c->query, k, v)
		if (listed(!strcmp(kind, "retentie") ? retention_params : lifecycle_params, k) &&
		    json_is_string(v) && json_string_length(v))
			json_object_set(p, k, v);
	char *text = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
	json_t *f = json_pack("{s:s,s:s,s:b}", "kind", kind, "parameters", text ? text : "{}", "canSave",
			      c->role >= ROLE_BEWERKER);
	free(text);
	json_decref(p);
	return f;
}

int api_metric_query_list(struct api_ctx *c, json_t **out)
{
	json_t *ini = metrics_funnel_initiative(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	*out = json_pack("{s:o,s:o,s:b}", "initiative", ini, "queries", metric_query_store_list(c->obj_id),
			 "canEdit", c->role >= ROLE_BEWERKER);
	return 0;
}

static int refused(struct api_ctx *c, json_t **out)
{
	api_audit_id(c, "metric_query.create", "initiative", c->obj_id, "invalid");
	if (c->is_page)
		api_metric_query_list(c, out);
	return -ERR_INVALID;
}

int api_metric_query_create(struct api_ctx *c, json_t **out)
{
	enum { F_NAME, F_KIND, F_PARAMS };
	static const struct field spec[] = {
	    [F_NAME] = {.name = "name",
			.type = FIELD_STRING,
			.flags = FIELD_REQUIRED,
			.max_len = NAME_MAX_LEN},
	    [F_KIND] = {.name = "kind", .type = FIELD_ENUM, .flags = FIELD_REQUIRED, .values = kind_words},
	    [F_PARAMS] = {.name = "parameters", .type = FIELD_ANY},
	};
	struct field_value v[FIELD_COUNT(spec)];
	api_fields(c, spec, FIELD_COUNT(spec), v);
	const char *kind = v[F_KIND].ok ? kind_words[v[F_KIND].i] : NULL;
	json_t *params = NULL;
	if (kind)
		params =
		    v[F_PARAMS].set && v[F_PARAMS].j ? read_params(c, v[F_PARAMS].j, kind) : json_object();
	if (json_array_size(c->invalid)) {
		json_decref(params);
		return refused(c, out);
	}
	/* checked by the route itself: its problems named parameters.<name> */
	struct api_ctx s = *c;
	s.invalid = json_array();
	json_t *res = NULL;
	int rc = dashboard_sub(&s, handler_of(kind), c->obj_id, params, &res);
	json_decref(res);
	size_t i;
	json_t *p;
	json_array_foreach (s.invalid, i, p) {
		char name[96];
		snprintf(name, sizeof name, "parameters.%s", json_string_value(json_object_get(p, "name")));
		json_t *named = json_deep_copy(p); /* reason and params kept */
		json_object_set_new(named, "name", json_string(name));
		json_array_append_new(c->invalid, named);
	}
	json_decref(s.invalid);
	if (rc == -ERR_INVALID || json_array_size(c->invalid)) {
		json_decref(params);
		return refused(c, out);
	}
	if (rc < 0) {
		json_decref(params);
		return rc;
	}
	int64_t id = metric_query_store_create(c->obj_id, kind, v[F_NAME].s, params);
	json_decref(params);
	if (id == -ERR_CONFLICT) {
		problem_add(c->invalid, "name", "err.funnel.query_name_taken");
		return refused(c, out);
	}
	if (id < 0)
		return (int)id;
	api_audit_id(c, "metric_query.create", "metric_query", id, "ok");
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/bewaarde-metrieken/%lld", (long long)id);
	json_t *q = metric_query_store_get(id);
	if (!q)
		return -ERR_NOTFOUND;
	json_object_set_new(q, "initiative", metrics_funnel_initiative(c->obj_id));
	*out = q;
	return 0;
}

int api_metric_query_get(struct api_ctx *c, json_t **out)
{
	static const struct field spec[] = {
	    {.name = "van", .type = FIELD_DATE},
	    {.name = "tot", .type = FIELD_DATE},
	};
	struct field_value v[FIELD_COUNT(spec)];
	field_check(c->query, spec, FIELD_COUNT(spec), 1, NULL, v, c->invalid);
	if (json_array_size(c->invalid))
		return -ERR_INVALID;
	json_t *q = metric_query_store_get(c->obj_id);
	if (!q)
		return -ERR_NOTFOUND;
	json_t *query = metric_query_run_query(q, v[0].set ? v[0].s : NULL, v[1].set ? v[1].s : NULL),
	       *res = NULL;
	int rc = metric_query_run(c, q, query, &res);
	json_decref(query);
	if (rc < 0) {
		json_decref(q);
		return rc;
	}
	json_object_set_new(q, "result", res);
	json_object_set_new(
	    q, "initiative",
	    metrics_funnel_initiative(json_integer_value(json_object_get(q, "initiativeId"))));
	json_object_set_new(q, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	*out = q;
	return 0;
}

int api_metric_query_delete(struct api_ctx *c, json_t **out)
{
	json_t *q = metric_query_store_get(c->obj_id);
	if (!q)
		return -ERR_NOTFOUND;
	int64_t ini = json_integer_value(json_object_get(q, "initiativeId"));
	json_decref(q);
	int rc = metric_query_store_delete(c->obj_id);
	if (rc < 0)
		return rc;
	api_audit_id(c, "metric_query.delete", "metric_query", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/bewaarde-metrieken", (long long)ini);
	if (!c->is_page)
		c->status = 204;
	*out = NULL;
	return 0;
}
