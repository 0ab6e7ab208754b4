/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics: active persons and retention of an initiative (the event
 * store's project). Active persons read one roaring bitmap of persons per
 * UTC day (day_persons) for the asked days and the 29 before them, so every
 * day answered has full windows; retention streams the events of the start
 * and return events in time order through the kernel, which keeps one small
 * entry per person and cohort. Role and organisation were checked by the
 * pipeline. docs/metrics.md.
 */
#include "api/metrics.h"

#include <stdlib.h>
#include <string.h>

#include "api/dashboard.h"
#include "api/field.h"
#include "api/initiative.h"
#include "api/metrics_filter.h"
#include "api/metrics_tz.h"
#include "api/metrics_funnel.h"
#include "domain/metrics.h"
#include "domain/okr.h"
#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/event_live.h"
#include "store/event_metrics.h"
#include "store/event_store.h"

#define MAX_DAYS 366
#define NAME_MAX_LEN 200

static json_t *date_json(int64_t day)
{
	char d[11];
	okr_date(day, d);
	return json_string(d);
}

static json_t *count_or_null(int64_t n)
{
	return n < 0 ? json_null() : json_integer(n);
}

/* The initiative as {id, name}; NULL when it is gone. */
static json_t *initiative_ref(int64_t id)
{
	json_t *ini = api_initiative_doc(id);
	if (!ini)
		return NULL;
	json_t *j = json_pack("{s:I,s:O}", "id", (json_int_t)id, "name", json_object_get(ini, "name"));
	json_decref(ini);
	return j;
}

/* An event name of the query: *id and *known set; 0 when absent (any
 * event). */
static int event_name(struct event_store *s, int64_t project, const char *name, uint32_t *id, int *known)
{
	*known = 0;
	if (!name)
		return 0;
	*known = s->ops->name_id(s, project, name, strlen(name), id) == 0;
	return 1;
}

/* from/to of a query: the given dates or the default span ending on last;
 * names bad values in c->invalid. */
static void span(struct api_ctx *c, const struct field_value *van, const struct field_value *tot,
		 int64_t last, int64_t def_days, int64_t *from, int64_t *to)
{
	*to = tot->set && tot->ok ? okr_day(tot->s) : last;
	if (*to > last)
		*to = last; /* days still to come have no full window */
	*from = van->set && van->ok ? okr_day(van->s) : *to - def_days + 1;
	if (van->set && van->ok && *from > *to) /* also after a tot that was cut to last */
		problem_add(c->invalid, "van", "err.metrics.order");
	else if (*to - *from + 1 > MAX_DAYS)
		problem_add(c->invalid, "van", "err.metrics.span");
}

/* ---- active persons ---------------------------------------------------------------------- */

struct days {
	roaring_bitmap_t **b;
	int64_t first;
	size_t n;
};

static int keep_day(void *arg, int64_t day_ms, const roaring_bitmap_t *persons)
{
	struct days *d = arg;
	int64_t i = metrics_day_of(day_ms) - d->first;
	if (i >= 0 && (size_t)i < d->n && !d->b[i])
		d->b[i] = roaring_bitmap_copy(persons);
	return 0;
}

/* Events of a scan into the bitmap of their local day (a time zone other
 * than UTC, whose days day_persons does not know). */
struct local_days {
	struct days *d;
	enum metrics_tz tz;
	const struct metrics_filters *pf; /* the filters past the store's first one */
};

static int add_local(void *arg, const struct event_batch *b)
{
	struct local_days *l = arg;
	struct days *d = l->d;
	for (size_t k = 0; k < b->n; k++) {
		int64_t i = metrics_local_day(l->tz, b->ts_ms[k]) - d->first;
		if (i < 0 || (size_t)i >= d->n)
			continue;
		if (b->props && !metrics_filters_rest(l->pf, b->props[k], b->props_len[k]))
			continue;
		if (!d->b[i])
			d->b[i] = roaring_bitmap_create();
		roaring_bitmap_add(d->b[i], b->person[k]);
	}
	return 0;
}

int api_metrics_active(struct api_ctx *c, json_t **out)
{
	static const struct field spec[] = {
	    {.name = "van", .type = FIELD_DATE},
	    {.name = "tot", .type = FIELD_DATE},
	    {.name = "gebeurtenis", .type = FIELD_STRING, .max_len = NAME_MAX_LEN},
	    METRICS_TZ_FIELD,
	    {.name = "bron", .type = FIELD_ID}, /* one event source (the CLI's --source) */
	    METRICS_FILTER_FIELDS,
	};
	struct field_value v[FIELD_COUNT(spec)];
	field_check(c->query, spec, FIELD_COUNT(spec), 1, NULL, v, c->invalid);
	struct metrics_filters pf;
	metrics_filters_read(c, &v[5], &pf);
	enum metrics_tz tz = metrics_tz_read(c, &v[3]);
	int64_t yesterday = metrics_local_day(tz, time_now_ms()) - 1, from, to;
	span(c, &v[0], &v[1], yesterday, 30, &from, &to);
	if (json_array_size(c->invalid))
		return -ERR_INVALID;
	json_t *ini = initiative_ref(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	struct event_store *s = event_live_store();
	const char *ev = v[2].set ? v[2].s : NULL;
	uint32_t name = 0;
	int known = 0, named = s ? event_name(s, c->obj_id, ev, &name, &known) : 0;
	/* the asked days and the 29 before them: every window is full */
	size_t lead = METRICS_MAU_DAYS - 1, n = (size_t)(to - from + 1) + lead;
	struct days d = {xcalloc(n, sizeof *d.b), from - (int64_t)lead, n};
	int rc = 0;
	if (s && (!named || known)) {
		struct event_filter f = {.from_ms = d.first * METRICS_DAY_MS,
					 .to_ms = (to + 1) * METRICS_DAY_MS,
					 .names = named ? &name : NULL,
					 .n_names = named ? 1 : 0,
					 .source_id = v[4].set && v[4].ok ? v[4].i : 0};
		metrics_filters_apply(&pf, &f);
		if (tz == METRICS_TZ_UTC && metrics_filters_store_only(&pf))
			rc = s->ops->day_persons(s, c->obj_id, &f, keep_day, &d);
		else {
			/* another zone's days, or properties to read: one scan */
			f.from_ms = metrics_local_day_start(tz, d.first);
			f.to_ms = metrics_local_day_start(tz, to + 1);
			struct local_days l = {&d, tz, &pf};
			rc = s->ops->scan(s, c->obj_id, &f, add_local, &l);
		}
	}
	struct metrics_active *rows = xcalloc(n, sizeof *rows);
	size_t m =
	    rc == 0 ? metrics_active_series((const roaring_bitmap_t *const *)d.b, n, d.first, lead, rows) : 0;
	/* persons by number of active days in the span answered */
	int64_t *hist = xcalloc(n - lead + 1, sizeof *hist);
	if (rc == 0 && metrics_active_days((const roaring_bitmap_t *const *)d.b + lead, n - lead, hist) < 0)
		rc = -ERR_IO;
	for (size_t i = 0; i < n; i++)
		if (d.b[i])
			roaring_bitmap_free(d.b[i]);
	free(d.b);
	if (rc < 0) {
		free(rows);
		free(hist);
		json_decref(ini);
		return -ERR_IO;
	}
	json_t *by_days = json_array();
	for (size_t k = 1; k <= n - lead; k++)
		json_array_append_new(
		    by_days, json_pack("{s:I,s:I}", "days", (json_int_t)k, "persons", (json_int_t)hist[k]));
	free(hist);
	json_t *days = json_array();
	for (size_t i = 0; i < m; i++) {
		const struct metrics_active *a = &rows[i];
		json_array_append_new(days,
				      json_pack("{s:o,s:I,s:o,s:o,s:o}", "date", date_json(a->day), "dau",
						(json_int_t)a->dau, "wau", count_or_null(a->wau), "mau",
						count_or_null(a->mau), "stickiness",
						a->stickiness < 0 ? json_null() : json_real(a->stickiness)));
	}
	free(rows);
	*out = json_pack("{s:o,s:o,s:o,s:o,s:s,s:b,s:o,s:o}", "initiative", ini, "event",
			 ev ? json_string(ev) : json_null(), "from", date_json(from), "to", date_json(to),
			 "timeZone", metrics_tz_name(tz), "storeOpen", s != NULL, "days", days, "activeDays",
			 by_days);
	json_object_set_new(*out, "filters", metrics_filters_json(&pf));
	json_object_set_new(*out, "source", v[4].set && v[4].ok ? json_integer(v[4].i) : json_null());
	return 0;
}

/* ---- retention --------------------------------------------------------------------------- */

struct feed {
	struct metrics_retention *r;
	int any_start, any_return;
	uint32_t start, ret;
	struct metrics_groups *g; /* breakdown (NULL: none) */
	const struct metrics_filters *pf;
	int oom;
};

static int feed_batch(void *arg, const struct event_batch *b)
{
	struct feed *f = arg;
	for (size_t i = 0; i < b->n; i++) {
		if (b->props && !metrics_filters_rest(f->pf, b->props[i], b->props_len[i]))
			continue;
		int is_start = f->any_start || b->name[i] == f->start;
		int is_return = f->any_return || b->name[i] == f->ret;
		uint32_t group = 0;
		if (f->g && is_start && metrics_retention_would_start(f->r, b->ts_ms[i], b->person[i]))
			group = metrics_group_of(f->g, b->props[i], b->props_len[i]);
		if (metrics_retention_add_group(f->r, b->ts_ms[i], b->person[i], is_start, is_return, group) <
		    0) {
			f->oom = 1;
			return 1;
		}
	}
	return 0;
}

static json_t *cohorts_json(const struct metrics_retention *r, enum metrics_count count, int64_t now,
			    int64_t from, int64_t to, int64_t group, int intervals);

struct ranked {
	uint32_t group;
	int64_t size;
	json_t *cohorts;
};

static int by_size(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return (x->group > y->group) - (x->group < y->group);
}

int api_metrics_retention(struct api_ctx *c, json_t **out)
{
	static const struct field spec[] = {
	    {.name = "van", .type = FIELD_DATE},
	    {.name = "tot", .type = FIELD_DATE},
	    {.name = "gebeurtenis", .type = FIELD_STRING, .max_len = NAME_MAX_LEN},
	    {.name = "terugkeer", .type = FIELD_STRING, .max_len = NAME_MAX_LEN},
	    {.name = "start", .type = FIELD_ENUM, .values = metrics_start_words, .def = "first"},
	    {.name = "telling", .type = FIELD_ENUM, .values = metrics_count_words, .def = "op"},
	    {.name = "interval", .type = FIELD_ENUM, .values = metrics_interval_words, .def = "week"},
	    {.name = "minimaal", .type = FIELD_INTEGER, .min = 1, .max = 255, .def = "1"},
	    {.name = "kalender", .type = FIELD_BOOLEAN, .def = "0"},
	    METRICS_TZ_FIELD,
	    {.name = "uitsplitsing", .type = FIELD_STRING, .max_len = NAME_MAX_LEN},
	    {.name = "top", .type = FIELD_INTEGER, .min = 1, .max = 20, .def = "5"},
	    {.name = "bron", .type = FIELD_ID}, /* one event source (the CLI's --source) */
	    METRICS_FILTER_FIELDS,
	};
	struct field_value v[FIELD_COUNT(spec)];
	field_check(c->query, spec, FIELD_COUNT(spec), 1, NULL, v, c->invalid);
	struct metrics_filters pf;
	metrics_filters_read(c, &v[13], &pf);
	enum metrics_interval iv = v[6].ok ? (enum metrics_interval)v[6].i : METRICS_INTERVAL_WEEK;
	int intervals = iv == METRICS_INTERVAL_WEEK ? 9 : iv == METRICS_INTERVAL_MONTH ? 7 : 15;
	int calendar = v[8].ok && v[8].b;
	enum metrics_tz tz = metrics_tz_read(c, &v[9]);
	const char *prop = v[10].set ? v[10].s : NULL;
	int top = v[11].ok ? (int)v[11].i : 5;
	int64_t now = time_now_ms(), from, to;
	span(c, &v[0], &v[1], metrics_local_day(tz, now),
	     iv == METRICS_INTERVAL_WEEK    ? 56
	     : iv == METRICS_INTERVAL_MONTH ? 183
					    : 30,
	     &from, &to);
	if (json_array_size(c->invalid))
		return -ERR_INVALID;
	json_t *ini = initiative_ref(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	struct event_store *s = event_live_store();
	const char *start_ev = v[2].set ? v[2].s : NULL, *ret_ev = v[3].set ? v[3].s : NULL;
	struct metrics_groups g = {json_object(), json_array(), prop};
	struct feed f = {.r = metrics_retention_new((enum metrics_start)v[4].i, iv, intervals),
			 .g = prop ? &g : NULL,
			 .pf = &pf};
	int min_returns = v[7].ok ? (int)v[7].i : 1;
	if (f.r) {
		metrics_retention_min(f.r, min_returns);
		metrics_retention_options(f.r, tz, calendar);
	}
	int sk = 0, rk = 0;
	int named_start = s ? event_name(s, c->obj_id, start_ev, &f.start, &sk) : 0;
	int named_ret = s ? event_name(s, c->obj_id, ret_ev, &f.ret, &rk) : 0;
	if (named_ret && !rk)
		f.ret = UINT32_MAX; /* a name never sent: no event returns */
	f.any_start = !named_start;
	f.any_return = !named_ret;
	int rc = 0;
	if (!f.r)
		rc = -ERR_IO;
	else if (s && (!named_start || sk)) {
		/* first-time starts need the whole history; recurring ones only the
		 * cohorts asked for (a return before a start counts for nothing);
		 * the returns run until now */
		uint32_t names[2];
		size_t nn = 0;
		if (named_start && named_ret) {
			names[nn++] = f.start;
			if (rk && f.ret != f.start)
				names[nn++] = f.ret;
		}
		struct event_filter flt = {
		    .from_ms = v[4].i == METRICS_START_RECURRING ? metrics_local_day_start(tz, from) : 0,
		    .to_ms = now + 1,
		    .names = nn ? names : NULL,
		    .n_names = nn,
		    .source_id = v[12].set && v[12].ok ? v[12].i : 0,
		    .with_props = prop != NULL};
		metrics_filters_apply(&pf, &flt);
		/* any event starts and returns, no breakdown, at most the one
		 * property filter the store applies itself: the store's kept
		 * person-day spans answer it (event_retention_fill; it reads every
		 * event when the spans cannot be exact) */
		if (!prop && metrics_filters_store_only(&pf) && !named_start && !named_ret)
			rc = event_retention_fill(s, c->obj_id, &flt, f.r);
		else
			rc = s->ops->scan(s, c->obj_id, &flt, feed_batch, &f);
		if (f.oom)
			rc = -ERR_IO;
	}
	if (rc < 0) {
		metrics_retention_free(f.r);
		json_decref(ini);
		json_decref(g.index);
		json_decref(g.values);
		return -ERR_IO;
	}
	json_t *cohorts = cohorts_json(f.r, (enum metrics_count)v[5].i, now, from, to, -1, intervals);
	/* one triangle per value of the property, most persons first */
	json_t *breakdown = json_array();
	int64_t left_out = 0;
	if (prop) {
		uint32_t ng = metrics_retention_groups(f.r);
		struct ranked *rank = xcalloc(ng ? ng : 1, sizeof *rank);
		for (uint32_t i = 0; i < ng; i++) {
			json_t *k =
			    cohorts_json(f.r, (enum metrics_count)v[5].i, now, from, to, i, intervals);
			rank[i] = (struct ranked){i, 0, k};
			size_t j;
			json_t *x;
			json_array_foreach (k, j, x)
				rank[i].size += json_integer_value(json_object_get(x, "size"));
		}
		qsort(rank, ng, sizeof *rank, by_size);
		for (uint32_t i = 0; i < ng; i++) {
			if (i >= (uint32_t)top || !rank[i].size) {
				left_out += rank[i].size;
				json_decref(rank[i].cohorts);
				continue;
			}
			json_array_append_new(breakdown, json_pack("{s:O,s:o}", "value",
								   json_array_get(g.values, rank[i].group),
								   "cohorts", rank[i].cohorts));
		}
		free(rank);
	}
	json_decref(g.index);
	json_decref(g.values);
	metrics_retention_free(f.r);
	*out = json_pack("{s:o,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:i,s:i,s:s,s:b,s:o}", "initiative", ini, "start",
			 metrics_start_words[v[4].i], "count", metrics_count_words[v[5].i], "interval",
			 metrics_interval_words[iv], "startEvent",
			 start_ev ? json_string(start_ev) : json_null(), "returnEvent",
			 ret_ev ? json_string(ret_ev) : json_null(), "from", date_json(from), "to",
			 date_json(to), "intervals", intervals, "minReturns", min_returns, "timeZone",
			 metrics_tz_name(tz), "storeOpen", s != NULL, "cohorts", cohorts);
	json_object_set_new(*out, "calendar", json_boolean(calendar));
	json_object_set_new(*out, "breakdownProperty", prop ? json_string(prop) : json_null());
	json_object_set_new(*out, "breakdown", breakdown);
	json_object_set_new(*out, "breakdownLeftOut", json_integer(left_out));
	json_object_set_new(*out, "filters", metrics_filters_json(&pf));
	if (c->is_page) /* the form that saves this query */
		json_object_set_new(*out, "save", metric_query_save_form(c, "retentie"));
	return 0;
}

static json_t *cohorts_json(const struct metrics_retention *r, enum metrics_count count, int64_t now,
			    int64_t from, int64_t to, int64_t group, int intervals)
{
	size_t n = 0;
	struct metrics_cohort *k = metrics_retention_result_group(r, count, now, from, to, group, &n);
	json_t *cohorts = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *persons = json_array(), *pct = json_array();
		for (int j = 0; j < intervals; j++) {
			json_array_append_new(persons, count_or_null(k[i].count[j]));
			json_array_append_new(pct, k[i].count[j] < 0 ? json_null()
								     : json_real((double)k[i].count[j] *
										 100.0 / (double)k[i].size));
		}
		json_array_append_new(cohorts, json_pack("{s:o,s:I,s:o,s:o}", "start", date_json(k[i].period),
							 "size", (json_int_t)k[i].size, "persons", persons,
							 "percentages", pct));
	}
	free(k);
	return cohorts;
}

/* ---- evidence ---------------------------------------------------------------------------- */

int api_metrics_evidence(int64_t initiative_id, json_t *into)
{
	struct event_store *s = event_live_store();
	struct event_counts n;
	if (!s || s->ops->counts(s, initiative_id, &n) < 0 || n.events == 0)
		return 0;
	/* yesterday, the last complete day, with its full 30-day window */
	int64_t day = time_utc_day() - 1; /* the day only: the page is kept all day (http/rcache.h) */
	struct days d = {xcalloc(METRICS_MAU_DAYS, sizeof *d.b), day - (METRICS_MAU_DAYS - 1),
			 METRICS_MAU_DAYS};
	struct event_filter f = {.from_ms = d.first * METRICS_DAY_MS, .to_ms = (day + 1) * METRICS_DAY_MS};
	int rc = s->ops->day_persons(s, initiative_id, &f, keep_day, &d);
	struct metrics_active a = {0};
	if (rc == 0)
		metrics_active_series((const roaring_bitmap_t *const *)d.b, d.n, d.first, d.n - 1, &a);
	for (size_t i = 0; i < d.n; i++)
		if (d.b[i])
			roaring_bitmap_free(d.b[i]);
	free(d.b);
	if (rc < 0)
		return 0; /* the headline is left out, the page still shows */
	json_object_set_new(into, "metrics",
			    json_pack("{s:o,s:I,s:I,s:I,s:o}", "date", date_json(a.day), "dau",
				      (json_int_t)a.dau, "wau", (json_int_t)a.wau, "mau", (json_int_t)a.mau,
				      "stickiness",
				      a.stickiness < 0 ? json_null() : json_real(a.stickiness)));
	return 0;
}
