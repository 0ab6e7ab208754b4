/* SPDX-License-Identifier: EUPL-1.2 */
/* metrics_filter: filters on event properties (metrics_filter.h). */
#include "api/metrics_filter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/metrics_growth.h"
#include "lib/problem.h"

const char *const metrics_op_words[] = {"is",	   "isniet",	"eenvan", "groter",    "minstens",
					"kleiner", "hoogstens", "gezet",  "nietgezet", NULL};

static const char *const keys[] = {"eigenschap", "eigenschap2", "eigenschap3"};
static const char *const ops[] = {"operator", "operator2", "operator3"};
static const char *const vals[] = {"waarde", "waarde2", "waarde3"};

static int numeric(enum metrics_op op)
{
	return op >= METRICS_OP_GROTER && op <= METRICS_OP_HOOGSTENS;
}

/* A decimal number that is the whole text (no hex, inf or nan): 0 or -1. */
static int read_number(const char *s, size_t len, double *out)
{
	char buf[64];
	if (!len || len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = 0;
	for (size_t i = 0; i < len; i++)
		if (!strchr("0123456789+-.eE", buf[i]))
			return -1;
	char *end;
	double d = strtod(buf, &end);
	if (*end || end == buf || !isfinite(d))
		return -1;
	*out = d;
	return 0;
}

/* Whether the comma-separated list s has 1 .. METRICS_FILTER_VALUES non-empty values. */
static int list_ok(const char *s)
{
	int n = 0;
	for (const char *p = s;; p++) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (!len || ++n > METRICS_FILTER_VALUES)
			return 0;
		if (!e)
			return 1;
		p = e;
	}
}

void metrics_filters_read(struct api_ctx *c, const struct field_value *v, struct metrics_filters *f)
{
	memset(f, 0, sizeof *f);
	for (int k = 0; k < METRICS_FILTERS; k++) {
		const struct field_value *p = &v[3 * k], *o = &v[3 * k + 1], *w = &v[3 * k + 2];
		int has_p = p->set && p->ok && p->s && *p->s, has_w = w->set && w->ok && w->s && *w->s;
		enum metrics_op op = o->set && o->ok ? (enum metrics_op)o->i : METRICS_OP_IS;
		int valueless = op == METRICS_OP_GEZET || op == METRICS_OP_NIETGEZET;
		if (o->set && !o->ok)
			continue; /* field_check named the operator */
		if (!has_p) {
			/* a form sends operator<k>=is with an empty row: nothing asked */
			if (has_w || op != METRICS_OP_IS)
				problem_add(c->invalid, keys[k], "err.metrics.filter_property");
			continue;
		}
		if (valueless && has_w) {
			problem_add(c->invalid, vals[k], "err.metrics.filter_no_value");
			continue;
		}
		if (!valueless && !has_w) {
			problem_add(c->invalid, vals[k], "err.metrics.filter_value");
			continue;
		}
		double num = 0;
		if (numeric(op) && read_number(w->s, strlen(w->s), &num) < 0) {
			problem_add(c->invalid, vals[k], "err.metrics.filter_number");
			continue;
		}
		if (op == METRICS_OP_EENVAN && !list_ok(w->s)) {
			problem_add(c->invalid, vals[k], "err.metrics.filter_list");
			continue;
		}
		f->key[f->n] = p->s;
		f->value[f->n] = valueless ? NULL : w->s;
		f->op[f->n] = op;
		f->num[f->n] = num;
		if (op == METRICS_OP_IS && !f->in_store)
			f->in_store = f->n + 1;
		f->n++;
	}
}

int metrics_filters_store_only(const struct metrics_filters *f)
{
	return f->n == 0 || (f->n == 1 && f->in_store == 1);
}

void metrics_filters_apply(const struct metrics_filters *f, struct event_filter *flt)
{
	if (f->in_store) {
		flt->prop_key = f->key[f->in_store - 1];
		flt->prop_value = f->value[f->in_store - 1];
	}
	if (!metrics_filters_store_only(f))
		flt->with_props = 1;
}

static int text_is(const json_t *v, const char *s, size_t len)
{
	return json_is_string(v) && json_string_length(v) == len && !memcmp(json_string_value(v), s, len);
}

int metrics_filter_match(const struct metrics_filters *f, int k, const json_t *v)
{
	const char *w = f->value[k];
	switch (f->op[k]) {
	case METRICS_OP_IS: return text_is(v, w, strlen(w));
	case METRICS_OP_ISNIET: return !text_is(v, w, strlen(w));
	case METRICS_OP_EENVAN:
		for (const char *p = w;;) {
			const char *e = strchr(p, ',');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			if (text_is(v, p, len))
				return 1;
			if (!e)
				return 0;
			p = e + 1;
		}
	case METRICS_OP_GEZET: return v && !json_is_null(v);
	case METRICS_OP_NIETGEZET: return !v || json_is_null(v);
	default: {
		double x;
		if (json_is_number(v))
			x = json_number_value(v);
		else if (!json_is_string(v) ||
			 read_number(json_string_value(v), json_string_length(v), &x) < 0)
			return 0;
		double y = f->num[k];
		switch (f->op[k]) {
		case METRICS_OP_GROTER: return x > y;
		case METRICS_OP_MINSTENS: return x >= y;
		case METRICS_OP_KLEINER: return x < y;
		default: return x <= y;
		}
	}
	}
}

/* The value of top-level member key of the properties (a new reference),
 * NULL when absent or not readable. Only that member's text is decoded: a
 * small scanner finds it (growth_prop), so a filter costs no parse of the
 * whole object. */
static json_t *member(const char *props, size_t len, const char *key)
{
	const char *val;
	size_t vlen;
	int is_string = 0;
	if (!len || growth_prop(props, len, key, &val, &vlen, &is_string) != 1)
		return NULL;
	if (is_string && !memchr(val, '\\', vlen))
		return json_stringn(val, vlen); /* NULL when not UTF-8 */
	/* escapes, numbers, literals, arrays, objects: decode the token alone
	 * (a string's quotes are just outside its content) */
	return is_string ? json_loadb(val - 1, vlen + 2, JSON_DECODE_ANY, NULL)
			 : json_loadb(val, vlen, JSON_DECODE_ANY, NULL);
}

int metrics_filters_rest(const struct metrics_filters *f, const char *props, size_t len)
{
	if (metrics_filters_store_only(f))
		return 1;
	int ok = 1;
	for (int k = 0; k < f->n && ok; k++)
		if (k + 1 != f->in_store) {
			json_t *v = member(props, len, f->key[k]);
			ok = metrics_filter_match(f, k, v);
			json_decref(v);
		}
	return ok;
}

json_t *metrics_filters_json(const struct metrics_filters *f)
{
	json_t *a = json_array();
	for (int k = 0; k < f->n; k++) {
		json_t *o =
		    json_pack("{s:s,s:s}", "property", f->key[k], "operator", metrics_op_words[f->op[k]]);
		if (f->value[k])
			json_object_set_new(o, "value", json_string(f->value[k]));
		json_array_append_new(a, o);
	}
	return a;
}

void metrics_filters_query(const struct metrics_filters *f, json_t *q)
{
	for (int k = 0; k < f->n; k++) {
		json_object_set_new(q, keys[k], json_string(f->key[k]));
		if (f->op[k] != METRICS_OP_IS)
			json_object_set_new(q, ops[k], json_string(metrics_op_words[f->op[k]]));
		if (f->value[k])
			json_object_set_new(q, vals[k], json_string(f->value[k]));
	}
}
