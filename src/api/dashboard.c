/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * dashboard: the metrics dashboard of an initiative, or of one of its
 * event sources (bron): active persons with stickiness, the weekly
 * first-time retention triangle, weekly lifecycle, the saved funnels and
 * the KPI series with their targets, over one date range and the same
 * property filters. Each chart is one sub-request to the handler of its
 * own page (one day_persons or scan each; KPI values from SQLite), so the
 * dashboard shows exactly what those pages and API routes answer.
 * docs/metrics.md, "Dashboard".
 */
#include "api/dashboard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/metrics.h"
#include "api/metrics_filter.h"
#include "api/metrics_funnel.h"
#include "api/metrics_tz.h"
#include "domain/event_source.h"
#include "domain/kpi.h"
#include "domain/metrics.h"
#include "domain/okr.h"
#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/event_source_store.h"
#include "store/funnel_store.h"
#include "store/kpi_store.h"
#include "store/metric_query_store.h"

#define MAX_DAYS 366
#define DEFAULT_DAYS 56 /* eight weeks: a retention triangle worth reading */
#define MAX_FUNNELS 6	/* saved funnels computed on one dashboard */

int dashboard_sub(const struct api_ctx *c, api_handler h, int64_t ini, json_t *q, json_t **out)
{
	struct api_ctx s = *c;
	s.query = q;
	s.obj_id = ini;
	s.is_page = 0;
	s.page = NULL;
	s.invalid = json_array();
	s.status = 0;
	*out = NULL;
	int rc = h(&s, out);
	size_t i;
	json_t *p;
	json_array_foreach (s.invalid, i, p)
		json_array_append(c->invalid, p);
	json_decref(s.invalid);
	if (rc < 0 && *out) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* q with the dashboard's range, source, zone and filters added. */
static json_t *query(json_t *q, const char *van, const char *tot, int64_t source, const json_t *filters)
{
	/* filters carries the zone too (tijdzone) */
	json_object_set_new(q, "van", json_string(van));
	json_object_set_new(q, "tot", json_string(tot));
	if (source && !json_object_get(q, "bron")) {
		char s[24];
		snprintf(s, sizeof s, "%lld", (long long)source);
		json_object_set_new(q, "bron", json_string(s));
	}
	json_object_update(q, (json_t *)filters);
	return q;
}

/* The KPI series of the initiative with their values in [from, to] and
 * their targets. */
static json_t *kpi_lines(int64_t ini, int64_t from, int64_t to)
{
	size_t n = 0;
	struct kpi_series *s = kpi_store_series_list(ini, 0, &n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		size_t nv = 0;
		struct kpi_value *v = kpi_store_values(s[i].id, &nv);
		json_t *vals = json_array();
		for (size_t k = 0; k < nv; k++) {
			int64_t day = okr_day(v[k].date);
			if (day >= from && day <= to)
				json_array_append_new(
				    vals, json_pack("{s:s,s:f}", "date", v[k].date, "value", v[k].value));
		}
		kpi_values_free(v, nv);
		json_array_append_new(
		    a,
		    json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:o}", "id", (json_int_t)s[i].id, "name", s[i].name,
			      "unit", s[i].unit, "direction", kpi_direction_name(s[i].direction), "target",
			      s[i].has_target ? json_real(s[i].target) : json_null(), "targetDate",
			      s[i].target_date[0] ? json_string(s[i].target_date) : json_null(), "values",
			      vals));
	}
	kpi_series_free(s, n);
	free(s);
	return a;
}

int api_dashboard(struct api_ctx *c, json_t **out)
{
	static const struct field spec[] = {
	    {.name = "van", .type = FIELD_DATE},
	    {.name = "tot", .type = FIELD_DATE},
	    {.name = "bron", .type = FIELD_ID},
	    METRICS_TZ_FIELD,
	    METRICS_FILTER_FIELDS,
	};
	struct field_value v[FIELD_COUNT(spec)];
	field_check(c->query, spec, FIELD_COUNT(spec), 1, NULL, v, c->invalid);
	struct metrics_filters pf;
	metrics_filters_read(c, &v[4], &pf);
	enum metrics_tz tz = metrics_tz_read(c, &v[3]);
	int64_t yesterday = metrics_local_day(tz, time_now_ms()) - 1;
	int64_t to = v[1].set && v[1].ok ? okr_day(v[1].s) : yesterday;
	if (to > yesterday)
		to = yesterday; /* a day still running has no full window */
	int64_t from = v[0].set && v[0].ok ? okr_day(v[0].s) : to - DEFAULT_DAYS + 1;
	if (from > to)
		problem_add(c->invalid, "van", "err.metrics.order");
	else if (to - from + 1 > MAX_DAYS)
		problem_add(c->invalid, "van", "err.metrics.span");
	int64_t source = 0;
	struct event_source src;
	if (v[2].set && v[2].ok) {
		if (event_source_store_get(v[2].i, &src) < 0 || src.initiative_id != c->obj_id)
			problem_add(c->invalid, "bron", "err.funnel.source");
		else
			source = v[2].i;
	}
	if (json_array_size(c->invalid)) {
		if (!c->is_page || !json_object_size(c->query))
			return -ERR_INVALID;
		/* the page shows the default dashboard with the bad fields named */
		json_t *bad = json_deep_copy(c->invalid), *q = c->query, *none = json_object();
		json_array_clear(c->invalid);
		c->query = none;
		int rc = api_dashboard(c, out);
		c->query = q;
		json_decref(none);
		json_array_extend(c->invalid, bad);
		json_decref(bad);
		if (rc == 0)
			return -ERR_INVALID;
		return rc;
	}
	json_t *ini = metrics_funnel_initiative(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	char van[11], tot[11];
	okr_date(from, van);
	okr_date(to, tot);
	/* the filters as the metric routes take them */
	json_t *fq = json_pack("{s:s}", "tijdzone", metrics_tz_name(tz));
	metrics_filters_query(&pf, fq);
	json_t *active = NULL, *retention = NULL, *lifecycle = NULL;
	json_t *q = query(json_object(), van, tot, source, fq);
	int rc = dashboard_sub(c, api_metrics_active, c->obj_id, q, &active);
	json_decref(q);
	if (rc == 0) {
		q = query(json_pack("{s:s}", "interval", "week"), van, tot, source, fq);
		rc = dashboard_sub(c, api_metrics_retention, c->obj_id, q, &retention);
		json_decref(q);
	}
	if (rc == 0) {
		q = query(json_pack("{s:s}", "interval", "week"), van, tot, source, fq);
		rc = dashboard_sub(c, api_metrics_lifecycle, c->obj_id, q, &lifecycle);
		json_decref(q);
	}
	/* saved funnels: those of this source or of every source */
	json_t *saved = funnel_store_list(c->obj_id, 0), *funnels = json_array(), *f;
	size_t i, left_out = 0;
	json_array_foreach (saved, i, f) {
		json_t *fs = json_object_get(f, "sourceId");
		if (rc < 0 || (source && json_is_integer(fs) && json_integer_value(fs) != source))
			continue;
		if (json_array_size(funnels) == MAX_FUNNELS) {
			left_out++;
			continue;
		}
		json_t *res = NULL;
		q = query(funnel_saved_query(f, NULL, NULL), van, tot, source, fq);
		rc = dashboard_sub(c, api_metrics_funnel, c->obj_id, q, &res);
		json_decref(q);
		if (rc == 0) {
			json_t *one = json_deep_copy(f);
			json_object_set_new(one, "result", res);
			json_array_append_new(funnels, one);
		}
	}
	json_decref(saved);
	json_decref(fq);
	/* saved retention and lifecycle queries: their own parameters over the
	 * dashboard's range (and source, when they name none) */
	json_t *queries = json_array(), *sq;
	size_t queries_left_out = 0;
	saved = metric_query_store_list(c->obj_id);
	json_array_foreach (saved, i, sq) {
		if (rc < 0)
			break;
		if (json_array_size(queries) == MAX_FUNNELS) {
			queries_left_out++;
			continue;
		}
		json_t *res = NULL;
		q = metric_query_run_query(sq, van, tot);
		if (source && !json_object_get(q, "bron"))
			json_object_set_new(q, "bron", json_sprintf("%lld", (long long)source));
		rc = metric_query_run(c, sq, q, &res);
		json_decref(q);
		if (rc == -ERR_INVALID) { /* e.g. a source gone since: left out, not an error */
			json_array_clear(c->invalid);
			rc = 0;
			queries_left_out++;
			continue;
		}
		if (rc == 0) {
			json_t *one = json_deep_copy(sq);
			json_object_set_new(one, "result", res);
			json_array_append_new(queries, one);
		}
	}
	json_decref(saved);
	if (rc < 0) {
		json_decref(ini);
		json_decref(active);
		json_decref(retention);
		json_decref(lifecycle);
		json_decref(funnels);
		json_decref(queries);
		return rc;
	}
	*out = json_pack(
	    "{s:o,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:I,s:o,s:b}", "initiative", ini, "from", van, "to",
	    tot, "timeZone", metrics_tz_name(tz), "source",
	    source ? json_pack("{s:I,s:s}", "id", (json_int_t)source, "name", src.name) : json_null(),
	    "filters", metrics_filters_json(&pf), "active", active, "retention", retention, "lifecycle",
	    lifecycle, "funnels", funnels, "kpi", kpi_lines(c->obj_id, from, to), "funnelsLeftOut",
	    (json_int_t)left_out, "sources", json_array(), "canEdit", c->role >= ROLE_BEWERKER);
	json_object_set_new(*out, "savedQueries", queries);
	json_object_set_new(*out, "savedQueriesLeftOut", json_integer((json_int_t)queries_left_out));
	size_t n = 0;
	struct event_source *ss = event_source_store_list(c->obj_id, &n);
	json_t *sl = json_object_get(*out, "sources");
	for (size_t k = 0; k < n; k++)
		json_array_append_new(sl, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)ss[k].id, "name",
						    ss[k].name, "kind", event_source_kind_name(ss[k].kind)));
	free(ss);
	return 0;
}
