/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * funnel_saved: saved funnels of an initiative (table saved_funnels,
 * store/funnel_store.c): name, 2 to 10 steps, window, loose or strict
 * order, optionally one event source. Listing reads definitions only; one
 * funnel is shown with its result (one scan, the funnel route's handler).
 * Every change is audited. docs/metrics.md, "Saved funnels".
 */
#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "api/dashboard.h"
#include "api/field.h"
#include "api/initiative.h"
#include "api/metrics_funnel.h"
#include "domain/event_source.h"
#include "domain/metrics_funnel.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/event_source_store.h"
#include "store/funnel_store.h"

#define NAME_MAX_LEN 200

static const char *const order_words[] = {"los", "strikt", NULL};

json_t *funnel_saved_query(const json_t *f, const char *van, const char *tot)
{
	json_t *steps = json_object_get(f, "steps"), *st;
	struct buf b = {0};
	size_t i;
	json_array_foreach (steps, i, st) {
		if (i)
			buf_add(&b, ",", 1);
		buf_add(&b, json_string_value(st), json_string_length(st));
	}
	json_t *q = json_pack("{s:s,s:O,s:O}", "stappen", b.data ? b.data : "", "venster",
			      json_object_get(f, "window"), "volgorde", json_object_get(f, "order"));
	buf_free(&b);
	json_t *src = json_object_get(f, "sourceId");
	if (json_is_integer(src)) {
		char s[24];
		snprintf(s, sizeof s, "%lld", (long long)json_integer_value(src));
		json_object_set_new(q, "bron", json_string(s));
	}
	if (van)
		json_object_set_new(q, "van", json_string(van));
	if (tot)
		json_object_set_new(q, "tot", json_string(tot));
	return q;
}

/* The steps: a JSON array of names, or (a form) one text "a, b, c". A new
 * array of 2 .. 10 names, or NULL with the problem in c->invalid. */
static json_t *read_steps(struct api_ctx *c, const json_t *j)
{
	json_t *out = json_array();
	if (json_is_array(j)) {
		size_t i;
		json_t *s;
		json_array_foreach (j, i, s) {
			if (!json_is_string(s) || !json_string_length(s) ||
			    json_string_length(s) > NAME_MAX_LEN)
				goto bad;
			json_array_append(out, s);
		}
	} else if (json_is_string(j)) {
		char buf[2200];
		if (json_string_length(j) >= sizeof buf)
			goto bad;
		snprintf(buf, sizeof buf, "%s", json_string_value(j));
		for (char *p = buf, *tok; (tok = strsep(&p, ","));) {
			while (isspace((unsigned char)*tok))
				tok++;
			char *e = tok + strlen(tok);
			while (e > tok && isspace((unsigned char)e[-1]))
				*--e = 0;
			if (!*tok || strlen(tok) > NAME_MAX_LEN)
				goto bad;
			json_array_append_new(out, json_string(tok));
		}
	} else
		goto bad;
	if (json_array_size(out) < 2 || json_array_size(out) > METRICS_FUNNEL_MAX_STEPS)
		goto bad;
	return out;
bad:
	json_decref(out);
	problem_add(c->invalid, "steps", "err.funnel.steps");
	return NULL;
}

static json_t *with_initiative(int64_t ini, json_t *o)
{
	json_object_set_new(o, "initiative", metrics_funnel_initiative(ini));
	return o;
}

/* The initiative's sources as {id, name} (choices on the pages). */
static json_t *sources_json(int64_t ini)
{
	size_t n = 0;
	struct event_source *s = event_source_store_list(ini, &n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a,
				      json_pack("{s:I,s:s}", "id", (json_int_t)s[i].id, "name", s[i].name));
	free(s);
	return a;
}

int api_funnel_saved_list(struct api_ctx *c, json_t **out)
{
	json_t *ini = metrics_funnel_initiative(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	*out = json_pack("{s:o,s:o,s:b}", "initiative", ini, "funnels", funnel_store_list(c->obj_id, 0),
			 "canEdit", c->role >= ROLE_BEWERKER);
	if (c->is_page) {
		json_object_set_new(*out, "sources", sources_json(c->obj_id));
		json_object_set_new(*out, "eventNames", metrics_funnel_names(c->obj_id));
	}
	return 0;
}

int api_funnel_saved_create(struct api_ctx *c, json_t **out)
{
	enum { F_NAME, F_STEPS, F_WINDOW, F_ORDER, F_SOURCE };
	static const struct field spec[] = {
	    [F_NAME] = {.name = "name",
			.type = FIELD_STRING,
			.flags = FIELD_REQUIRED,
			.max_len = NAME_MAX_LEN},
	    [F_STEPS] = {.name = "steps", .type = FIELD_ANY, .flags = FIELD_REQUIRED},
	    [F_WINDOW] = {.name = "window", .type = FIELD_STRING, .max_len = 12, .def = "7d"},
	    [F_ORDER] = {.name = "order", .type = FIELD_ENUM, .values = order_words, .def = "los"},
	    [F_SOURCE] = {.name = "sourceId", .type = FIELD_ID, .flags = FIELD_NULLABLE},
	};
	struct field_value v[FIELD_COUNT(spec)];
	api_fields(c, spec, FIELD_COUNT(spec), v);
	json_t *steps = v[F_STEPS].set && v[F_STEPS].j ? read_steps(c, v[F_STEPS].j) : NULL;
	const char *win = v[F_WINDOW].ok ? v[F_WINDOW].s : "7d";
	int64_t window_s = metrics_funnel_window_parse(win);
	if (v[F_WINDOW].ok && window_s < 0)
		problem_add(c->invalid, "window", "err.funnel.window");
	int64_t source = 0;
	if (v[F_SOURCE].set && v[F_SOURCE].ok) {
		struct event_source src;
		if (event_source_store_get(v[F_SOURCE].i, &src) < 0 || src.initiative_id != c->obj_id)
			problem_add(c->invalid, "sourceId", "err.funnel.source");
		else
			source = v[F_SOURCE].i;
	}
	if (json_array_size(c->invalid)) {
		json_decref(steps);
		api_audit_id(c, "funnel.create", "initiative", c->obj_id, "invalid");
		if (c->is_page)
			api_funnel_saved_list(c, out);
		return -ERR_INVALID;
	}
	struct funnel_saved_in in = {c->obj_id,
				     source,
				     v[F_NAME].s,
				     steps,
				     win,
				     window_s,
				     order_words[v[F_ORDER].ok ? v[F_ORDER].i : 0]};
	int64_t id = funnel_store_create(&in);
	json_decref(steps);
	if (id == -ERR_CONFLICT) {
		problem_add(c->invalid, "name", "err.funnel.name_taken");
		api_audit_id(c, "funnel.create", "initiative", c->obj_id, "invalid");
		if (c->is_page)
			api_funnel_saved_list(c, out);
		return -ERR_INVALID;
	}
	if (id < 0)
		return (int)id;
	api_audit_id(c, "funnel.create", "funnel", id, "ok");
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/trechters/%lld", (long long)id);
	json_t *f = funnel_store_get(id);
	*out = f ? with_initiative(c->obj_id, f) : NULL;
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_funnel_saved_get(struct api_ctx *c, json_t **out)
{
	static const struct field spec[] = {
	    {.name = "van", .type = FIELD_DATE},
	    {.name = "tot", .type = FIELD_DATE},
	};
	struct field_value v[FIELD_COUNT(spec)];
	field_check(c->query, spec, FIELD_COUNT(spec), 1, NULL, v, c->invalid);
	if (json_array_size(c->invalid))
		return -ERR_INVALID;
	json_t *f = funnel_store_get(c->obj_id);
	if (!f)
		return -ERR_NOTFOUND;
	int64_t ini = json_integer_value(json_object_get(f, "initiativeId"));
	json_t *q = funnel_saved_query(f, v[0].set ? v[0].s : NULL, v[1].set ? v[1].s : NULL), *res = NULL;
	int rc = dashboard_sub(c, api_metrics_funnel, ini, q, &res);
	json_decref(q);
	if (rc < 0) {
		json_decref(f);
		return rc;
	}
	json_object_set_new(f, "result", res);
	*out = with_initiative(ini, f);
	json_object_set_new(*out, "canEdit", json_boolean(c->role >= ROLE_BEWERKER));
	return 0;
}

int api_funnel_saved_delete(struct api_ctx *c, json_t **out)
{
	json_t *f = funnel_store_get(c->obj_id);
	if (!f)
		return -ERR_NOTFOUND;
	int64_t ini = json_integer_value(json_object_get(f, "initiativeId"));
	json_decref(f);
	int rc = funnel_store_delete(c->obj_id);
	if (rc < 0)
		return rc;
	api_audit_id(c, "funnel.delete", "funnel", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/trechters", (long long)ini);
	if (!c->is_page)
		c->status = 204;
	*out = NULL;
	return 0;
}
