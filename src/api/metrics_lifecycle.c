/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_lifecycle: new, returning, resurrecting and dormant persons per
 * day, Monday week or calendar month (UTC or Dutch calendar days). One
 * scan() of the initiative's events from the beginning (so "new" means the
 * first event ever, not the first in the window) up to the end of the last
 * period asked (or now): each event puts its person in the bitmap of its
 * period, or of "before" (and "the period before"). Role and organisation
 * were checked by the pipeline. docs/metrics.md, "Lifecycle".
 */
#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/dashboard.h"
#include "api/metrics_filter.h"
#include "api/metrics_tz.h"
#include "api/metrics_funnel.h"
#include "domain/metrics.h"
#include "domain/metrics_lifecycle.h"
#include "domain/okr.h"
#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/event_live.h"
#include "store/event_store.h"

#define NAME_MAX_LEN 200
#define MAX_PERIODS 366

static json_t *date_json(int64_t day)
{
	char d[11];
	okr_date(day, d);
	return json_string(d);
}

struct collect {
	enum metrics_tz tz;
	enum metrics_period per;
	int64_t first; /* period number of active[0] */
	size_t n;
	roaring_bitmap_t **active, *before, *prev;
	int64_t last_day, last_period; /* a one-entry cache: local day -> period */
	const struct metrics_filters *pf;
};

static int collect_batch(void *arg, const struct event_batch *b)
{
	struct collect *c = arg;
	for (size_t i = 0; i < b->n; i++) {
		if (b->props && !metrics_filters_rest(c->pf, b->props[i], b->props_len[i]))
			continue;
		int64_t d = metrics_local_day(c->tz, b->ts_ms[i]);
		if (d != c->last_day) {
			c->last_day = d;
			c->last_period = metrics_period_of(c->per, d);
		}
		int64_t k = c->last_period - c->first;
		if (k < 0) {
			roaring_bitmap_add(c->before, b->person[i]);
			if (k == -1)
				roaring_bitmap_add(c->prev, b->person[i]);
		} else if ((size_t)k < c->n) {
			if (!c->active[k])
				c->active[k] = roaring_bitmap_create();
			roaring_bitmap_add(c->active[k], b->person[i]);
		}
	}
	return 0;
}

int api_metrics_lifecycle(struct api_ctx *c, json_t **out)
{
	static const struct field spec[] = {
	    {.name = "interval", .type = FIELD_ENUM, .values = metrics_period_words, .def = "week"},
	    METRICS_TZ_FIELD,
	    {.name = "van", .type = FIELD_DATE},
	    {.name = "tot", .type = FIELD_DATE},
	    {.name = "gebeurtenis", .type = FIELD_STRING, .max_len = NAME_MAX_LEN},
	    {.name = "bron", .type = FIELD_ID}, /* one event source */
	    METRICS_FILTER_FIELDS,
	};
	struct field_value v[FIELD_COUNT(spec)];
	field_check(c->query, spec, FIELD_COUNT(spec), 1, NULL, v, c->invalid);
	struct metrics_filters pf;
	metrics_filters_read(c, &v[6], &pf);
	enum metrics_period per = v[0].ok ? (enum metrics_period)v[0].i : METRICS_PERIOD_WEEK;
	enum metrics_tz tz = metrics_tz_read(c, &v[1]);
	int64_t now = time_now_ms(), today = metrics_local_day(tz, now);
	int64_t to = v[3].set && v[3].ok ? okr_day(v[3].s) : today;
	if (to > today)
		to = today;
	int64_t last = metrics_period_of(per, to);
	int64_t def_first = last - (per == METRICS_PERIOD_DAY ? 29 : 11); /* 30 days, 12 weeks or months */
	int64_t first = v[2].set && v[2].ok ? metrics_period_of(per, okr_day(v[2].s)) : def_first;
	if (v[2].set && v[2].ok && okr_day(v[2].s) > to)
		problem_add(c->invalid, "van", "err.metrics.order");
	else if (last - first + 1 > MAX_PERIODS)
		problem_add(c->invalid, "van", "err.lifecycle.span");
	if (json_array_size(c->invalid))
		return -ERR_INVALID;
	json_t *ini = metrics_funnel_initiative(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	struct event_store *s = event_live_store();
	const char *ev = v[4].set ? v[4].s : NULL;
	uint32_t name = 0;
	int known = ev && s && s->ops->name_id(s, c->obj_id, ev, strlen(ev), &name) == 0;
	size_t n = (size_t)(last - first + 1);
	struct collect col = {tz,
			      per,
			      first,
			      n,
			      xcalloc(n, sizeof *col.active),
			      roaring_bitmap_create(),
			      roaring_bitmap_create(),
			      INT64_MIN,
			      0,
			      &pf};
	int rc = 0;
	int64_t end = metrics_local_day_start(tz, metrics_period_first_day(per, last + 1));
	if (s && (!ev || known)) {
		struct event_filter f = {.from_ms = INT64_MIN / 2,
					 .to_ms = end < now + 1 ? end : now + 1,
					 .names = ev ? &name : NULL,
					 .n_names = ev ? 1 : 0,
					 .source_id = v[5].set && v[5].ok ? v[5].i : 0};
		metrics_filters_apply(&pf, &f);
		rc = s->ops->scan(s, c->obj_id, &f, collect_batch, &col);
	}
	struct metrics_lifecycle_row *rows = xcalloc(n, sizeof *rows);
	if (rc == 0 && metrics_lifecycle((const roaring_bitmap_t *const *)col.active, n, first, col.before,
					 col.prev, rows) < 0)
		rc = -ERR_IO;
	for (size_t i = 0; i < n; i++)
		if (col.active[i])
			roaring_bitmap_free(col.active[i]);
	free(col.active);
	roaring_bitmap_free(col.before);
	roaring_bitmap_free(col.prev);
	if (rc < 0) {
		free(rows);
		json_decref(ini);
		return -ERR_IO;
	}
	json_t *periods = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct metrics_lifecycle_row *r = &rows[i];
		int64_t d0 = metrics_period_first_day(per, r->period),
			d1 = metrics_period_first_day(per, r->period + 1) - 1;
		json_array_append_new(
		    periods,
		    json_pack("{s:o,s:o,s:b,s:I,s:I,s:I,s:I,s:I}", "start", date_json(d0), "end",
			      date_json(d1), "complete", d1 < today, "active", (json_int_t)r->active, "new",
			      (json_int_t)r->new_, "returning", (json_int_t)r->returning, "resurrecting",
			      (json_int_t)r->resurrecting, "dormant", (json_int_t)r->dormant));
	}
	free(rows);
	*out = json_pack("{s:o,s:s,s:s,s:o,s:o,s:o,s:b,s:o,s:o}", "initiative", ini, "interval",
			 metrics_period_words[per], "timeZone", metrics_tz_name(tz), "event",
			 ev ? json_string(ev) : json_null(), "from",
			 date_json(metrics_period_first_day(per, first)), "to",
			 date_json(metrics_period_first_day(per, last + 1) - 1), "storeOpen", s != NULL,
			 "periods", periods, "eventNames", metrics_funnel_names(c->obj_id));
	json_object_set_new(*out, "filters", metrics_filters_json(&pf));
	if (c->is_page) /* the form that saves this query */
		json_object_set_new(*out, "save", metric_query_save_form(c, "levenscyclus"));
	return 0;
}
