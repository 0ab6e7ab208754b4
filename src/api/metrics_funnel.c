/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_funnel: a funnel of 2 .. 10 steps over an initiative's events.
 * One scan() in time order of only the step events (loose order) or of
 * every event (strict order, where any other event counts), from the first
 * day step 1 may fall on up to the end of the last window (or now); the
 * kernel keeps a small record per person. With a breakdown the scan also
 * reads the properties, and the property of a person's step 1 event names
 * their group. Role and organisation were checked by the pipeline.
 * docs/metrics.md, "Funnels".
 */
#include "api/metrics_funnel.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/initiative.h"
#include "api/metrics_filter.h"
#include "api/metrics_tz.h"
#include "domain/metrics.h"
#include "domain/metrics_funnel.h"
#include "domain/okr.h"
#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/event_live.h"
#include "store/event_metrics.h"
#include "store/event_store.h"

#define NAME_MAX_LEN 200
#define MAX_DAYS 366
#define MAX_NAMES 500
#define FORM_STEPS 6		    /* selects on the page; the API takes up to 10 in stappen */
#define MAX_WINDOW_S (90LL * 86400) /* 90 days */

json_t *metrics_funnel_initiative(int64_t id)
{
	json_t *ini = api_initiative_doc(id);
	if (!ini)
		return NULL;
	json_t *j = json_pack("{s:I,s:O}", "id", (json_int_t)id, "name", json_object_get(ini, "name"));
	json_decref(ini);
	return j;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

json_t *metrics_funnel_names(int64_t project)
{
	json_t *a = json_array();
	struct event_store *s = event_live_store();
	if (!s)
		return a;
	/* name ids are dense from 1 in a project */
	char *names[MAX_NAMES];
	size_t n = 0;
	for (uint32_t id = 1; n < MAX_NAMES; id++) {
		char *nm = s->ops->name_of(s, project, id);
		if (!nm)
			break;
		names[n++] = nm;
	}
	qsort(names, n, sizeof *names, by_str);
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(a, json_string(names[i]));
		free(names[i]);
	}
	return a;
}

static json_t *date_json(int64_t day)
{
	char d[11];
	okr_date(day, d);
	return json_string(d);
}

int64_t metrics_funnel_window_parse(const char *s)
{
	char *end;
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	long long v = strtoll(s, &end, 10);
	int64_t unit = !*end		   ? 1
		       : !strcmp(end, "m") ? 60
		       : !strcmp(end, "h") ? 3600
		       : !strcmp(end, "d") ? 86400
					   : 0;
	if (!unit || v < 1 || v > MAX_WINDOW_S)
		return -1;
	int64_t w = (int64_t)v * unit;
	return w >= 60 && w <= MAX_WINDOW_S ? w : -1;
}

/* The steps: stappen "a,b,c" or the form's stap1 .. stap6 (empty ones left
 * out). *n = 0 when none are given; -1 when they are bad (named in
 * c->invalid). names[] point into buf. */
static int steps_parse(struct api_ctx *c, const struct field_value *v, char *buf, size_t cap,
		       const char **names, int *n)
{
	*n = 0;
	const char *field = "stappen";
	if (v[0].set) {
		snprintf(buf, cap, "%s", v[0].s);
		for (char *p = buf, *tok; (tok = strsep(&p, ","));) {
			while (isspace((unsigned char)*tok))
				tok++;
			char *e = tok + strlen(tok);
			while (e > tok && isspace((unsigned char)e[-1]))
				*--e = 0;
			if (!*tok || *n == METRICS_FUNNEL_MAX_STEPS) {
				*n = -1;
				break;
			}
			names[(*n)++] = tok;
		}
	} else {
		field = "stap1";
		for (int k = 1; k <= FORM_STEPS; k++)
			if (v[k].set)
				names[(*n)++] = v[k].s;
	}
	if (*n == 0)
		return 0;
	if (*n < 2 || *n > METRICS_FUNNEL_MAX_STEPS) {
		problem_add(c->invalid, field, "err.funnel.steps");
		return -1;
	}
	return 0;
}

uint32_t metrics_group_of(struct metrics_groups *g, const char *props, size_t len)
{
	json_t *o = json_loadb(props, len, 0, NULL), *v = json_object_get(o, g->key);
	json_t *val;
	if (json_is_string(v))
		val = json_incref(v);
	else if (!v || json_is_null(v))
		val = json_null();
	else {
		char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		val = json_string(t ? t : "");
		free(t);
	}
	json_decref(o);
	char *k = json_dumps(val, JSON_ENCODE_ANY | JSON_COMPACT);
	json_t *have = json_object_get(g->index, k ? k : "null");
	uint32_t id;
	if (have)
		id = (uint32_t)json_integer_value(have);
	else {
		id = (uint32_t)json_array_size(g->values);
		json_object_set_new(g->index, k ? k : "null", json_integer(id));
		json_array_append(g->values, val);
	}
	free(k);
	json_decref(val);
	return id;
}

struct feed {
	struct metrics_funnel *f;
	struct metrics_groups *g; /* NULL without a breakdown */
	int oom;
	const struct metrics_filters *pf;
};

static int feed_batch(void *arg, const struct event_batch *b)
{
	struct feed *d = arg;
	for (size_t i = 0; i < b->n; i++) {
		if (b->props && !metrics_filters_rest(d->pf, b->props[i], b->props_len[i]))
			continue;
		uint32_t group = 0;
		if (d->g && metrics_funnel_may_enter(d->f, b->ts_ms[i], b->person[i], b->name[i]))
			group = metrics_group_of(d->g, b->props[i], b->props_len[i]);
		if (metrics_funnel_add(d->f, b->ts_ms[i], b->person[i], b->name[i], group) < 0) {
			d->oom = 1;
			return 1;
		}
	}
	return 0;
}

static json_t *real_or_null(double v)
{
	return v < 0 ? json_null() : json_real(v);
}

static json_t *steps_json(const struct metrics_funnel_step *r, const char *const *names, int n)
{
	json_t *a = json_array();
	for (int k = 0; k < n; k++) {
		double first = (double)r[0].persons, prev = (double)r[k ? k - 1 : 0].persons;
		json_array_append_new(
		    a, json_pack(
			   "{s:s,s:I,s:o,s:o,s:o,s:o}", "name", names[k], "persons", (json_int_t)r[k].persons,
			   "conversion", first > 0 ? json_real((double)r[k].persons / first) : json_null(),
			   "fromPrevious", prev > 0 ? json_real((double)r[k].persons / prev) : json_null(),
			   "medianSeconds", real_or_null(r[k].median_s), "medianTotalSeconds",
			   real_or_null(r[k].median_total_s)));
	}
	return a;
}

static const char *const order_words[] = {"los", "strikt", NULL};

struct ranked {
	uint32_t group;
	int64_t entered;
};

static int by_entered(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->entered != y->entered)
		return x->entered > y->entered ? -1 : 1;
	return (x->group > y->group) - (x->group < y->group);
}

int api_metrics_funnel(struct api_ctx *c, json_t **out)
{
	static const struct field spec[] = {
	    {.name = "stappen", .type = FIELD_STRING, .max_len = 2100},
	    {.name = "stap1", .type = FIELD_STRING, .max_len = NAME_MAX_LEN},
	    {.name = "stap2", .type = FIELD_STRING, .max_len = NAME_MAX_LEN},
	    {.name = "stap3", .type = FIELD_STRING, .max_len = NAME_MAX_LEN},
	    {.name = "stap4", .type = FIELD_STRING, .max_len = NAME_MAX_LEN},
	    {.name = "stap5", .type = FIELD_STRING, .max_len = NAME_MAX_LEN},
	    {.name = "stap6", .type = FIELD_STRING, .max_len = NAME_MAX_LEN},
	    {.name = "venster", .type = FIELD_STRING, .max_len = 12, .def = "7d"},
	    {.name = "volgorde", .type = FIELD_ENUM, .values = order_words, .def = "los"},
	    {.name = "van", .type = FIELD_DATE},
	    {.name = "tot", .type = FIELD_DATE},
	    {.name = "uitsplitsing", .type = FIELD_STRING, .max_len = NAME_MAX_LEN},
	    {.name = "top", .type = FIELD_INTEGER, .min = 1, .max = 20, .def = "5"},
	    METRICS_TZ_FIELD,
	    {.name = "bron", .type = FIELD_ID}, /* one event source */
	    METRICS_FILTER_FIELDS,
	};
	struct field_value v[FIELD_COUNT(spec)];
	field_check(c->query, spec, FIELD_COUNT(spec), 1, NULL, v, c->invalid);
	struct metrics_filters pf;
	metrics_filters_read(c, &v[15], &pf);
	enum metrics_tz tz = metrics_tz_read(c, &v[13]);
	char buf[2200];
	const char *names[METRICS_FUNNEL_MAX_STEPS + FORM_STEPS];
	int n = 0;
	steps_parse(c, v, buf, sizeof buf, names, &n);
	const char *win = v[7].ok ? v[7].s : "7d";
	int64_t window_s = metrics_funnel_window_parse(win);
	if (v[7].ok && window_s < 0)
		problem_add(c->invalid, "venster", "err.funnel.window");
	int strict = v[8].ok && v[8].i == 1;
	int64_t now = time_now_ms(), today = metrics_local_day(tz, now);
	int64_t to = v[10].set && v[10].ok ? okr_day(v[10].s) : today;
	if (to > today)
		to = today;
	int64_t from = v[9].set && v[9].ok ? okr_day(v[9].s) : to - 29;
	if (from > to)
		problem_add(c->invalid, "van", "err.metrics.order");
	else if (to - from + 1 > MAX_DAYS)
		problem_add(c->invalid, "van", "err.metrics.span");
	if (json_array_size(c->invalid))
		return -ERR_INVALID;
	json_t *ini = metrics_funnel_initiative(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	struct event_store *s = event_live_store();
	const char *prop = v[11].set ? v[11].s : NULL;
	int top = v[12].ok ? (int)v[12].i : 5;
	json_t *total = json_array(), *breakdown = json_array();
	int64_t left_out = 0;
	if (n > 0) {
		uint32_t ids[METRICS_FUNNEL_MAX_STEPS], scan_ids[METRICS_FUNNEL_MAX_STEPS];
		size_t nscan = 0;
		for (int k = 0; k < n; k++) {
			if (!s || s->ops->name_id(s, c->obj_id, names[k], strlen(names[k]), &ids[k]) < 0)
				ids[k] = METRICS_FUNNEL_NO_NAME;
			int dup = ids[k] == METRICS_FUNNEL_NO_NAME;
			for (size_t j = 0; j < nscan && !dup; j++)
				dup = scan_ids[j] == ids[k];
			if (!dup)
				scan_ids[nscan++] = ids[k];
		}
		int64_t entry_from = metrics_local_day_start(tz, from),
			entry_to = metrics_local_day_start(tz, to + 1);
		struct metrics_funnel *f = metrics_funnel_new(ids, n, window_s, strict, entry_from, entry_to);
		struct metrics_groups g = {json_object(), json_array(), prop};
		struct feed d = {f, prop ? &g : NULL, 0, &pf};
		int rc = 0;
		if (s && ids[0] != METRICS_FUNNEL_NO_NAME) {
			int64_t end = entry_to + window_s * 1000 + 1000;
			struct event_filter flt = {.from_ms = entry_from,
						   .to_ms = end < now + 1 ? end : now + 1,
						   .names = strict ? NULL : scan_ids,
						   .n_names = strict ? 0 : nscan,
						   .with_props = prop != NULL,
						   .source_id = v[14].set && v[14].ok ? v[14].i : 0};
			metrics_filters_apply(&pf, &flt);
			/* loose order, no breakdown, at most the one property filter the
			 * store applies itself: one pass per step over the steps' kept
			 * rows (event_funnel_fill; it scans when passes cannot be exact) */
			if (!strict && !prop && metrics_filters_store_only(&pf))
				rc = event_funnel_fill(s, c->obj_id, &flt, f, ids, n);
			else
				rc = s->ops->scan(s, c->obj_id, &flt, feed_batch, &d);
		}
		if (rc < 0 || d.oom || metrics_funnel_end(f) < 0) {
			metrics_funnel_free(f);
			json_decref(g.index);
			json_decref(g.values);
			json_decref(ini);
			json_decref(total);
			json_decref(breakdown);
			return -ERR_IO;
		}
		struct metrics_funnel_step r[METRICS_FUNNEL_MAX_STEPS];
		metrics_funnel_result(f, -1, r);
		json_decref(total);
		total = steps_json(r, names, n);
		if (prop) {
			uint32_t ng = metrics_funnel_groups(f);
			struct ranked *rk = xcalloc(ng ? ng : 1, sizeof *rk);
			for (uint32_t i = 0; i < ng; i++) {
				metrics_funnel_result(f, i, r);
				rk[i] = (struct ranked){i, r[0].persons};
			}
			qsort(rk, ng, sizeof *rk, by_entered);
			for (uint32_t i = 0; i < ng; i++) {
				if (i >= (uint32_t)top) {
					left_out += rk[i].entered;
					continue;
				}
				metrics_funnel_result(f, rk[i].group, r);
				json_array_append_new(breakdown,
						      json_pack("{s:O,s:o}", "value",
								json_array_get(g.values, rk[i].group),
								"steps", steps_json(r, names, n)));
			}
			free(rk);
		}
		metrics_funnel_free(f);
		json_decref(g.index);
		json_decref(g.values);
	}
	json_t *steps = json_array();
	for (int k = 0; k < n; k++)
		json_array_append_new(steps, json_string(names[k]));
	*out = json_pack("{s:o,s:o,s:s,s:I,s:s,s:o,s:o,s:o,s:i,s:b,s:o,s:o,s:I,s:o}", "initiative", ini,
			 "steps", steps, "window", win, "windowSeconds", (json_int_t)window_s, "order",
			 strict ? "strikt" : "los", "from", date_json(from), "to", date_json(to),
			 "breakdownProperty", prop ? json_string(prop) : json_null(), "top", top, "storeOpen",
			 s != NULL, "total", total, "breakdown", breakdown, "breakdownLeftOut",
			 (json_int_t)left_out, "eventNames", metrics_funnel_names(c->obj_id));
	json_object_set_new(*out, "timeZone", json_string(metrics_tz_name(tz)));
	json_object_set_new(*out, "filters", metrics_filters_json(&pf));
	return 0;
}
