/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_growth: activation, churn, K-factor, NPS, revenue and unit
 * economics of an initiative (the event store's project), each read with
 * one scan of the events it needs and computed by the kernels of
 * domain/metrics_growth.h; the overview runs them all with one set of
 * parameters. One master table of query parameters; each route accepts its
 * own subset (anything else is an unknown parameter, 400). Role and
 * organisation were checked by the pipeline. docs/metrics.md, "Growth".
 */
#include "api/metrics_growth.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/initiative.h"
#include "api/metrics.h"
#include "api/module.h"
#include "domain/kpi.h"
#include "domain/metrics.h"
#include "domain/metrics_growth.h"
#include "domain/okr.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/event_live.h"
#include "store/event_source_store.h"
#include "store/event_store.h"
#include "store/growth_store.h"
#include "store/kpi_store.h"

#define NAME_MAX_LEN 200
#define MAX_DAYS 731
#define DEFAULT_DAYS 84 /* 12 weeks */
#define NO_NAME UINT32_MAX

/* ---- parameters ---------------------------------------------------------------------------- */

enum {
	P_VAN,
	P_TOT,
	P_INTERVAL,
	P_BRON,
	P_ACT_EVENT,
	P_ACT_DAYS,
	P_CHURN_DAYS,
	P_SIGNUP,
	P_INVITE,
	P_ACCEPT,
	P_SURVEY,
	P_SCORE,
	P_PURCHASE,
	P_AMOUNT,
	P_COST,
	P_COUNT
};

static const struct field master[P_COUNT] = {
    [P_VAN] = {.name = "van", .type = FIELD_DATE},
    [P_TOT] = {.name = "tot", .type = FIELD_DATE},
    [P_INTERVAL] = {.name = "interval", .type = FIELD_ENUM, .values = growth_period_words, .def = "week"},
    [P_BRON] = {.name = "bron", .type = FIELD_ID},
    [P_ACT_EVENT] = {.name = "activatie", .type = FIELD_STRING, .max_len = NAME_MAX_LEN, .def = "aangemeld"},
    [P_ACT_DAYS] = {.name = "activatiedagen", .type = FIELD_INTEGER, .min = 0, .max = 365, .def = "7"},
    [P_CHURN_DAYS] = {.name = "churndagen", .type = FIELD_INTEGER, .min = 1, .max = 365, .def = "28"},
    [P_SIGNUP] = {.name = "aanmelding", .type = FIELD_STRING, .max_len = NAME_MAX_LEN, .def = "aangemeld"},
    [P_INVITE] = {.name = "uitnodiging",
		  .type = FIELD_STRING,
		  .max_len = NAME_MAX_LEN,
		  .def = "uitnodiging_verstuurd"},
    [P_ACCEPT] = {.name = "acceptatie",
		  .type = FIELD_STRING,
		  .max_len = NAME_MAX_LEN,
		  .def = "uitnodiging_geaccepteerd"},
    [P_SURVEY] = {.name = "enquete", .type = FIELD_STRING, .max_len = NAME_MAX_LEN, .def = "survey sent"},
    [P_SCORE] = {.name = "score", .type = FIELD_STRING, .max_len = NAME_MAX_LEN, .def = "$survey_response"},
    [P_PURCHASE] = {.name = "aankoop", .type = FIELD_STRING, .max_len = NAME_MAX_LEN, .def = "aankoop"},
    [P_AMOUNT] = {.name = "bedrag", .type = FIELD_STRING, .max_len = NAME_MAX_LEN, .def = "bedrag"},
    [P_COST] = {.name = "kosten", .type = FIELD_ID},
};

#define BIT(p) (1u << (p))
#define COMMON (BIT(P_VAN) | BIT(P_TOT) | BIT(P_BRON))
enum {
	M_ACT = COMMON | BIT(P_INTERVAL) | BIT(P_ACT_EVENT) | BIT(P_ACT_DAYS),
	M_CHURN = COMMON | BIT(P_INTERVAL) | BIT(P_CHURN_DAYS),
	M_KF = COMMON | BIT(P_INTERVAL) | BIT(P_SIGNUP) | BIT(P_INVITE) | BIT(P_ACCEPT),
	M_NPS = COMMON | BIT(P_SURVEY) | BIT(P_SCORE),
	M_REV = COMMON | BIT(P_INTERVAL) | BIT(P_PURCHASE) | BIT(P_AMOUNT),
	M_UNIT = COMMON | BIT(P_PURCHASE) | BIT(P_AMOUNT) | BIT(P_COST),
	M_ALL = (1u << P_COUNT) - 1,
};

/* What a query asks, read and checked once. */
struct q {
	int64_t project, from, to, now; /* days; now in ms */
	enum growth_period period;
	int64_t source;
	const char *name[P_COUNT]; /* the event and property names */
	int64_t act_days, churn_days, cost;
	struct event_store *s;
	json_t *ini;
};

static json_t *date_json(int64_t day)
{
	char d[11];
	okr_date(day, d);
	return json_string(d);
}

static json_t *ratio_json(double x)
{
	return x < 0 ? json_null() : json_real(x);
}

static json_t *money_json(int64_t micro)
{
	char s[32];
	growth_decimal_format(micro, 2, s);
	return json_string(s);
}

/* Reads c->query against the parameters of mask into *q; 0, or -ERR_*
 * (problems in c->invalid). */
static int read_query(struct api_ctx *c, unsigned mask, struct q *q)
{
	struct field spec[P_COUNT];
	int idx[P_COUNT];
	size_t n = 0;
	for (int p = 0; p < P_COUNT; p++)
		if (mask & BIT(p)) {
			idx[n] = p;
			spec[n++] = master[p];
		}
	struct field_value got[P_COUNT], v[P_COUNT];
	memset(v, 0, sizeof v);
	field_check(c->query, spec, n, 1, NULL, got, c->invalid);
	for (size_t i = 0; i < n; i++)
		v[idx[i]] = got[i];
	memset(q, 0, sizeof *q);
	q->project = c->obj_id;
	q->now = time_now_ms();
	int64_t today = metrics_day_of(q->now);
	q->to = v[P_TOT].set && v[P_TOT].ok ? okr_day(v[P_TOT].s) : today;
	if (q->to > today)
		q->to = today; /* days to come have no events */
	q->from = v[P_VAN].set && v[P_VAN].ok ? okr_day(v[P_VAN].s) : q->to - DEFAULT_DAYS + 1;
	if (v[P_VAN].set && v[P_VAN].ok && q->from > q->to)
		problem_add(c->invalid, "van", "err.growth.order");
	else if (q->to - q->from + 1 > MAX_DAYS)
		problem_add(c->invalid, "van", "err.growth.span");
	q->period = v[P_INTERVAL].ok && v[P_INTERVAL].i == GROWTH_MONTH ? GROWTH_MONTH : GROWTH_WEEK;
	for (int p = P_ACT_EVENT; p <= P_AMOUNT; p++)
		if (p != P_ACT_DAYS && p != P_CHURN_DAYS)
			q->name[p] = v[p].ok && v[p].s ? v[p].s : master[p].def;
	q->act_days = v[P_ACT_DAYS].ok ? v[P_ACT_DAYS].i : 7;
	q->churn_days = v[P_CHURN_DAYS].ok ? v[P_CHURN_DAYS].i : 28;
	if (v[P_BRON].set && v[P_BRON].ok) {
		struct event_source src;
		if (event_source_store_get(v[P_BRON].i, &src) < 0 || src.initiative_id != c->obj_id)
			problem_add(c->invalid, "bron", "err.growth.source");
		else
			q->source = v[P_BRON].i;
	}
	if (mask & BIT(P_COST)) {
		if (v[P_COST].set && v[P_COST].ok) {
			struct kpi_series ks;
			if (kpi_store_series_get(v[P_COST].i, &ks) < 0)
				problem_add(c->invalid, "kosten", "err.growth.cost_series");
			else {
				if (ks.initiative_id != c->obj_id)
					problem_add(c->invalid, "kosten", "err.growth.cost_series");
				q->cost = v[P_COST].i;
				kpi_series_free(&ks, 1);
			}
		} else
			q->cost = kpi_store_series_find(c->obj_id, "Marketingkosten");
	}
	if (json_array_size(c->invalid))
		return -ERR_INVALID;
	json_t *ini = api_initiative_doc(c->obj_id);
	if (!ini)
		return -ERR_NOTFOUND;
	q->ini = json_pack("{s:I,s:O}", "id", (json_int_t)c->obj_id, "name", json_object_get(ini, "name"));
	json_decref(ini);
	q->s = event_live_store();
	return 0;
}

/* The id of an event name (NO_NAME when never sent). */
static uint32_t name_id(const struct q *q, const char *name)
{
	uint32_t id;
	if (!q->s || !name || q->s->ops->name_id(q->s, q->project, name, strlen(name), &id) < 0)
		return NO_NAME;
	return id;
}

/* Scans [from_ms, to_ms) of the names given (n 0: every name; names that
 * were never sent are left out, and when none is left nothing is read). */
static int scan(const struct q *q, int64_t from_ms, int64_t to_ms, const uint32_t *names, size_t n, int props,
		event_batch_fn fn, void *arg)
{
	if (!q->s)
		return 0;
	uint32_t known[4];
	size_t k = 0;
	for (size_t i = 0; i < n && k < 4; i++)
		if (names[i] != NO_NAME)
			known[k++] = names[i];
	if (n && !k)
		return 0;
	if (to_ms > q->now + 1)
		to_ms = q->now + 1;
	struct event_filter f = {.from_ms = from_ms,
				 .to_ms = to_ms,
				 .names = k ? known : NULL,
				 .n_names = k,
				 .source_id = q->source,
				 .with_props = props};
	return q->s->ops->scan(q->s, q->project, &f, fn, arg) < 0 ? -ERR_IO : 0;
}

static json_t *head(const struct q *q, int with_period)
{
	json_t *o = json_pack("{s:O,s:o,s:o,s:b}", "initiative", q->ini, "from", date_json(q->from), "to",
			      date_json(q->to), "storeOpen", q->s != NULL);
	if (with_period)
		json_object_set_new(o, "interval", json_string(growth_period_words[q->period]));
	json_object_set_new(o, "source", q->source ? json_integer(q->source) : json_null());
	return o;
}

/* ---- activation ---------------------------------------------------------------------------- */

struct act_feed {
	struct growth_activation *a;
	uint32_t target;
	int oom;
};

static int act_batch(void *arg, const struct event_batch *b)
{
	struct act_feed *f = arg;
	for (size_t i = 0; i < b->n; i++)
		if (growth_activation_add(f->a, b->ts_ms[i], b->person[i], b->name[i] == f->target) < 0) {
			f->oom = 1;
			return 1;
		}
	return 0;
}

static int activation_doc(const struct q *q, json_t **out)
{
	struct act_feed f = {growth_activation_new(q->period, q->act_days * METRICS_DAY_MS),
			     name_id(q, q->name[P_ACT_EVENT]), 0};
	if (!f.a)
		return -ERR_IO;
	/* first seen needs the whole history, every event */
	int rc = scan(q, 0, (q->to + 1) * METRICS_DAY_MS, NULL, 0, 0, act_batch, &f);
	if (rc < 0 || f.oom) {
		growth_activation_free(f.a);
		return -ERR_IO;
	}
	size_t n = 0;
	struct growth_cohort *k = growth_activation_result(f.a, q->now, q->from, q->to, &n);
	growth_activation_free(f.a);
	json_t *rows = json_array();
	int64_t persons = 0, activated = 0;
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(
		    rows, json_pack("{s:o,s:I,s:I,s:o,s:b}", "start", date_json(k[i].period), "persons",
				    (json_int_t)k[i].persons, "activated", (json_int_t)k[i].activated, "rate",
				    k[i].persons ? json_real((double)k[i].activated / (double)k[i].persons)
						 : json_null(),
				    "complete", k[i].complete));
		persons += k[i].persons;
		activated += k[i].activated;
	}
	free(k);
	json_t *o = head(q, 1);
	json_object_set_new(o, "event", json_string(q->name[P_ACT_EVENT]));
	json_object_set_new(o, "days", json_integer(q->act_days));
	json_object_set_new(o, "cohorts", rows);
	json_object_set_new(
	    o, "total",
	    json_pack("{s:I,s:I,s:o}", "persons", (json_int_t)persons, "activated", (json_int_t)activated,
		      "rate", persons ? json_real((double)activated / (double)persons) : json_null()));
	*out = o;
	return 0;
}

/* ---- churn --------------------------------------------------------------------------------- */

struct churn_feed {
	struct growth_churn *c;
	int oom;
};

static int churn_batch(void *arg, const struct event_batch *b)
{
	struct churn_feed *f = arg;
	for (size_t i = 0; i < b->n; i++)
		if (growth_churn_add(f->c, b->ts_ms[i], b->person[i]) < 0) {
			f->oom = 1;
			return 1;
		}
	return 0;
}

static int churn_doc(const struct q *q, json_t **out)
{
	struct churn_feed f = {growth_churn_new(q->period, q->churn_days * METRICS_DAY_MS, q->from, q->to),
			       0};
	if (!f.c)
		return -ERR_IO;
	/* from the first period on, up to now: the silence after a period counts */
	int64_t base = growth_period_start(q->period, q->from);
	if (base < q->from)
		base = growth_period_next(q->period, base);
	int rc = scan(q, base * METRICS_DAY_MS, q->now + 1, NULL, 0, 0, churn_batch, &f);
	if (rc < 0 || f.oom) {
		growth_churn_free(f.c);
		return -ERR_IO;
	}
	size_t n = 0;
	struct growth_churn_row *r = growth_churn_result(f.c, q->now, &n);
	json_t *rows = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    rows, json_pack("{s:o,s:I,s:o,s:o,s:b}", "start", date_json(r[i].period), "active",
				    (json_int_t)r[i].active, "churned",
				    r[i].churned < 0 ? json_null() : json_integer(r[i].churned), "rate",
				    r[i].churned < 0 || !r[i].active
					? json_null()
					: json_real((double)r[i].churned / (double)r[i].active),
				    "complete", r[i].complete));
	growth_churn_free(f.c);
	json_t *o = head(q, 1);
	json_object_set_new(o, "days", json_integer(q->churn_days));
	json_object_set_new(o, "periods", rows);
	*out = o;
	return 0;
}

/* ---- K-factor ------------------------------------------------------------------------------ */

struct kf_feed {
	const struct q *q;
	int64_t base;
	size_t slots;
	uint32_t signup, invite, accept;
	roaring_bitmap_t **signups; /* per period */
	roaring_bitmap_t *all;
	int64_t *invites, *accepted;
};

static int kf_batch(void *arg, const struct event_batch *b)
{
	struct kf_feed *f = arg;
	for (size_t i = 0; i < b->n; i++) {
		int64_t k = growth_period_index(f->q->period, f->base, metrics_day_of(b->ts_ms[i]));
		if (k < 0 || (size_t)k >= f->slots)
			continue;
		uint32_t nm = b->name[i];
		/* one event name may play several parts (e.g. signup and accept) */
		if (nm == f->signup) {
			roaring_bitmap_add(f->signups[k], b->person[i]);
			roaring_bitmap_add(f->all, b->person[i]);
		}
		if (nm == f->invite)
			f->invites[k]++;
		if (nm == f->accept)
			f->accepted[k]++;
	}
	return 0;
}

static json_t *kf_json(int64_t start, int64_t signups, int64_t invites, int64_t accepted)
{
	struct growth_kfactor k;
	growth_kfactor(signups, invites, accepted, &k);
	json_t *o = json_pack("{s:I,s:I,s:I,s:o,s:o,s:o}", "signups", (json_int_t)k.signups, "invites",
			      (json_int_t)k.invites, "accepted", (json_int_t)k.accepted, "invitesPerSignup",
			      ratio_json(k.invites_per_signup), "acceptanceRate", ratio_json(k.acceptance),
			      "kFactor", ratio_json(k.k));
	if (start >= 0)
		json_object_set_new(o, "start", date_json(start));
	return o;
}

static int kfactor_doc(const struct q *q, json_t **out)
{
	struct kf_feed f = {.q = q,
			    .base = growth_period_start(q->period, q->from),
			    .signup = name_id(q, q->name[P_SIGNUP]),
			    .invite = name_id(q, q->name[P_INVITE]),
			    .accept = name_id(q, q->name[P_ACCEPT])};
	f.slots = (size_t)growth_period_index(q->period, f.base, q->to) + 1;
	f.signups = xcalloc(f.slots, sizeof *f.signups);
	for (size_t i = 0; i < f.slots; i++)
		f.signups[i] = roaring_bitmap_create();
	f.all = roaring_bitmap_create();
	f.invites = xcalloc(f.slots, sizeof *f.invites);
	f.accepted = xcalloc(f.slots, sizeof *f.accepted);
	uint32_t names[3] = {f.signup, f.invite, f.accept};
	int rc = scan(q, q->from * METRICS_DAY_MS, (q->to + 1) * METRICS_DAY_MS, names, 3, 0, kf_batch, &f);
	json_t *rows = json_array();
	int64_t inv = 0, acc = 0, d = f.base;
	for (size_t i = 0; i < f.slots; i++, d = growth_period_next(q->period, d)) {
		json_array_append_new(rows, kf_json(d < q->from ? q->from : d,
						    (int64_t)roaring_bitmap_get_cardinality(f.signups[i]),
						    f.invites[i], f.accepted[i]));
		inv += f.invites[i];
		acc += f.accepted[i];
		roaring_bitmap_free(f.signups[i]);
	}
	json_t *total = kf_json(-1, (int64_t)roaring_bitmap_get_cardinality(f.all), inv, acc);
	roaring_bitmap_free(f.all);
	free(f.signups);
	free(f.invites);
	free(f.accepted);
	if (rc < 0) {
		json_decref(rows);
		json_decref(total);
		return rc;
	}
	json_t *o = head(q, 1);
	json_object_set_new(o, "signupEvent", json_string(q->name[P_SIGNUP]));
	json_object_set_new(o, "inviteEvent", json_string(q->name[P_INVITE]));
	json_object_set_new(o, "acceptEvent", json_string(q->name[P_ACCEPT]));
	json_object_set_new(o, "total", total);
	json_object_set_new(o, "periods", rows);
	*out = o;
	return 0;
}

/* ---- NPS ----------------------------------------------------------------------------------- */

struct nps_feed {
	struct growth_nps_acc *a;
	const char *key;
	int oom;
};

static int nps_batch(void *arg, const struct event_batch *b)
{
	struct nps_feed *f = arg;
	for (size_t i = 0; i < b->n; i++) {
		const char *v;
		size_t len;
		int str, score = -1;
		if (growth_prop(b->props[i], b->props_len[i], f->key, &v, &len, &str) == 1)
			score = growth_score_parse(v, len, str);
		if (growth_nps_add(f->a, b->person[i], score) < 0) {
			f->oom = 1;
			return 1;
		}
	}
	return 0;
}

static int nps_doc(const struct q *q, json_t **out)
{
	struct nps_feed f = {growth_nps_new(), q->name[P_SCORE], 0};
	if (!f.a)
		return -ERR_IO;
	uint32_t survey = name_id(q, q->name[P_SURVEY]);
	int rc =
	    scan(q, q->from * METRICS_DAY_MS, (q->to + 1) * METRICS_DAY_MS, &survey, 1, 1, nps_batch, &f);
	struct growth_nps r;
	growth_nps_result(f.a, &r);
	growth_nps_free(f.a);
	if (rc < 0 || f.oom)
		return -ERR_IO;
	json_t *scores = json_array();
	for (int i = 0; i <= 10; i++)
		json_array_append_new(scores, json_integer(r.scores[i]));
	json_t *o = head(q, 0);
	json_object_update_new(
	    o, json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:o,s:o}", "event", q->name[P_SURVEY], "property",
			 q->name[P_SCORE], "respondents", (json_int_t)r.respondents, "promoters",
			 (json_int_t)r.promoters, "passives", (json_int_t)r.passives, "detractors",
			 (json_int_t)r.detractors, "ignored", (json_int_t)r.ignored, "nps",
			 r.respondents ? json_real(r.nps) : json_null(), "scores", scores));
	*out = o;
	return 0;
}

/* ---- revenue ------------------------------------------------------------------------------- */

struct rev_feed {
	struct growth_revenue *r;
	const char *key;
	int oom;
};

static int rev_batch(void *arg, const struct event_batch *b)
{
	struct rev_feed *f = arg;
	for (size_t i = 0; i < b->n; i++) {
		const char *v;
		size_t len;
		int str;
		int64_t micro;
		if (growth_prop(b->props[i], b->props_len[i], f->key, &v, &len, &str) == 1 &&
		    growth_amount_parse(v, len, str, &micro) == 0) {
			if (growth_revenue_add(f->r, b->ts_ms[i], b->person[i], micro) < 0) {
				f->oom = 1;
				return 1;
			}
		} else
			growth_revenue_ignore(f->r, b->ts_ms[i]);
	}
	return 0;
}

/* Feeds every purchase up to q->to (the first purchase of a person may lie
 * before the span). */
static struct growth_revenue *revenue_run(const struct q *q, enum growth_period p, int *rc)
{
	struct rev_feed f = {growth_revenue_new(p, q->from, q->to), q->name[P_AMOUNT], 0};
	if (!f.r) {
		*rc = -ERR_IO;
		return NULL;
	}
	uint32_t purchase = name_id(q, q->name[P_PURCHASE]);
	*rc = scan(q, 0, (q->to + 1) * METRICS_DAY_MS, &purchase, 1, 1, rev_batch, &f);
	if (!*rc && f.oom)
		*rc = -ERR_IO;
	if (*rc) {
		growth_revenue_free(f.r);
		return NULL;
	}
	return f.r;
}

static int revenue_doc(const struct q *q, json_t **out)
{
	int rc;
	struct growth_revenue *r = revenue_run(q, q->period, &rc);
	if (!r)
		return rc;
	struct growth_revenue_total t;
	size_t n;
	const struct growth_revenue_row *row = growth_revenue_result(r, &t, &n);
	json_t *rows = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    rows, json_pack("{s:o,s:o,s:I,s:I,s:I}", "start",
				    date_json(row[i].period < q->from ? q->from : row[i].period), "revenue",
				    money_json(row[i].micro), "purchases", (json_int_t)row[i].purchases,
				    "payingPersons", (json_int_t)row[i].payers, "newPayingPersons",
				    (json_int_t)row[i].new_payers));
	growth_revenue_free(r);
	json_t *o = head(q, 1);
	json_object_set_new(o, "event", json_string(q->name[P_PURCHASE]));
	json_object_set_new(o, "property", json_string(q->name[P_AMOUNT]));
	json_object_set_new(o, "currency", json_string("EUR"));
	json_object_set_new(o, "exact", json_boolean(!t.overflow));
	json_object_set_new(o, "total",
			    json_pack("{s:o,s:I,s:I,s:I,s:I}", "revenue", money_json(t.micro), "purchases",
				      (json_int_t)t.purchases, "payingPersons", (json_int_t)t.payers,
				      "newPayingPersons", (json_int_t)t.new_payers, "ignored",
				      (json_int_t)t.ignored));
	json_object_set_new(o, "periods", rows);
	*out = o;
	return 0;
}

/* ---- unit economics ------------------------------------------------------------------------ */

/* The marketing cost of the span: the series' values dated from .. to, in
 * whole cents. */
static int64_t cost_of(const struct q *q, json_t **series)
{
	*series = json_null();
	if (q->cost <= 0)
		return -1;
	struct kpi_series ks;
	if (kpi_store_series_get(q->cost, &ks) < 0)
		return -1;
	json_decref(*series);
	*series = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)ks.id, "name", ks.name, "unit",
			    ks.unit ? ks.unit : "");
	kpi_series_free(&ks, 1);
	size_t n;
	struct kpi_value *v = kpi_store_values(q->cost, &n);
	int64_t micro = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t day = okr_day(v[i].date);
		if (day >= q->from && day <= q->to)
			micro += (int64_t)llround(v[i].value * 100.0) * (GROWTH_MICRO / 100);
	}
	kpi_values_free(v, n);
	return micro;
}

static json_t *money_or_null(int64_t micro)
{
	return micro < 0 ? json_null() : money_json(micro);
}

static int unit_doc(const struct q *q, json_t **out)
{
	int rc;
	struct growth_revenue *r = revenue_run(q, GROWTH_MONTH, &rc);
	if (!r)
		return rc;
	struct growth_revenue_total t;
	size_t n;
	growth_revenue_result(r, &t, &n);
	growth_revenue_free(r);
	json_t *series;
	int64_t cost = cost_of(q, &series);
	struct growth_unit u;
	growth_unit_economics(&t, cost, q->to - q->from + 1, &u);
	json_t *o = head(q, 0);
	json_object_update_new(
	    o, json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:I,s:I,s:o,s:I,s:o,s:o,s:o,s:o,s:o}", "event",
			 q->name[P_PURCHASE], "property", q->name[P_AMOUNT], "currency", "EUR", "costSeries",
			 series, "marketingCost", money_or_null(cost), "revenue", money_json(t.micro),
			 "payingPersons", (json_int_t)t.payers, "newPayingPersons", (json_int_t)t.new_payers,
			 "lifetimeRevenue", money_json(t.lifetime_micro), "lifetimePayingPersons",
			 (json_int_t)t.lifetime_payers, "ltv", money_or_null(u.ltv_micro), "cac",
			 money_or_null(u.cac_micro), "ltvCac", ratio_json(u.ltv_cac), "arppuMonth",
			 money_or_null(u.arppu_month_micro), "paybackMonths", ratio_json(u.payback_months)));
	*out = o;
	return 0;
}

/* ---- handlers ------------------------------------------------------------------------------ */

typedef int (*doc_fn)(const struct q *q, json_t **out);

static int run(struct api_ctx *c, unsigned mask, doc_fn fn, json_t **out)
{
	struct q q;
	int rc = read_query(c, mask, &q);
	if (rc < 0)
		return rc;
	rc = fn(&q, out);
	json_decref(q.ini);
	return rc;
}

int api_growth_activation(struct api_ctx *c, json_t **out)
{
	return run(c, M_ACT, activation_doc, out);
}

int api_growth_churn(struct api_ctx *c, json_t **out)
{
	return run(c, M_CHURN, churn_doc, out);
}

int api_growth_kfactor(struct api_ctx *c, json_t **out)
{
	return run(c, M_KF, kfactor_doc, out);
}

int api_growth_nps(struct api_ctx *c, json_t **out)
{
	return run(c, M_NPS, nps_doc, out);
}

int api_growth_revenue(struct api_ctx *c, json_t **out)
{
	return run(c, M_REV, revenue_doc, out);
}

int api_growth_unit(struct api_ctx *c, json_t **out)
{
	return run(c, M_UNIT, unit_doc, out);
}

int api_growth_overview(struct api_ctx *c, json_t **out)
{
	struct q q;
	int rc = read_query(c, M_ALL, &q);
	if (rc < 0)
		return rc;
	static const struct {
		const char *key;
		doc_fn fn;
	} parts[] = {{"activation", activation_doc}, {"churn", churn_doc},
		     {"kfactor", kfactor_doc},	     {"nps", nps_doc},
		     {"revenue", revenue_doc},	     {"unitEconomics", unit_doc}};
	json_t *o = head(&q, 1);
	for (size_t i = 0; rc == 0 && i < sizeof parts / sizeof parts[0]; i++) {
		json_t *d = NULL;
		rc = parts[i].fn(&q, &d);
		if (rc == 0)
			json_object_set_new(o, parts[i].key, d);
	}
	/* the KPI series a marketing cost may come from (the page's choice) */
	size_t n;
	struct kpi_series *list = kpi_store_series_list(c->obj_id, 0, &n);
	json_t *choices = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(choices,
				      json_pack("{s:I,s:s,s:b}", "id", (json_int_t)list[i].id, "name",
						list[i].name, "selected", list[i].id == q.cost));
	kpi_series_free(list, n);
	free(list);
	json_object_set_new(o, "costSeriesOptions", choices);
	json_decref(q.ini);
	if (rc < 0) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

/* ---- a KPI series that follows a metric (key results bound to it follow too) ------------------ */

const char *const growth_series_metrics[] = {"dau",	"wau", "mau",	"activatie", "churn",
					     "kfactor", "nps", "omzet", "ltv_cac",   NULL};
const char *const growth_metrics[] = {"dau", "wau",   "mau",	 "activatie", "churn", "kfactor",
				      "nps", "omzet", "ltv_cac", "retentie",  NULL};

/* retentie: the percentage of the persons of every cohort whose cell at
 * interval `periode` (default 1) is complete who returned in it (the
 * retention route's own parameters besides), and per cohort as the trend. */
static int retention_value(struct api_ctx *c, json_t *query, double *value, json_t **trend)
{
	long long n = 1;
	json_t *pv = json_object_get(query, "periode");
	if (pv) {
		const char *t = json_string_value(pv);
		char *end = NULL;
		n = t ? strtoll(t, &end, 10) : -1;
		if (!t || !*t || *end || n < 0 || n > 14)
			problem_add(c->invalid, "periode", "err.growth.retention_period");
		json_object_del(query, "periode");
	}
	json_t *doc = NULL;
	int rc = api_metrics_retention(c, &doc);
	if (rc == 0 && json_array_size(c->invalid))
		rc = -ERR_INVALID;
	if (rc == 0 && n >= json_integer_value(json_object_get(doc, "intervals"))) {
		problem_add(c->invalid, "periode", "err.growth.retention_period");
		rc = -ERR_INVALID;
	}
	if (rc < 0) {
		json_decref(doc);
		return rc;
	}
	double returned = 0, size = 0;
	json_t *t = trend ? json_array() : NULL, *k;
	size_t i;
	json_array_foreach (json_object_get(doc, "cohorts"), i, k) {
		json_t *p = json_array_get(json_object_get(k, "persons"), (size_t)n);
		if (json_is_number(p)) {
			returned += json_number_value(p);
			size += (double)json_integer_value(json_object_get(k, "size"));
		}
		if (t)
			json_array_append_new(
			    t, json_pack("{s:O,s:O}", "date", json_object_get(k, "start"), "value",
					 json_array_get(json_object_get(k, "percentages"), (size_t)n)));
	}
	*value = size > 0 ? returned * 100 / size : NAN;
	if (trend)
		*trend = t;
	json_decref(doc);
	return 0;
}

static double number_at(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);
	if (b)
		v = json_object_get(v, b);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static json_t *trend_point(json_t *date, double v)
{
	return json_pack("{s:O,s:o}", "date", date ? date : json_null(), "value",
			 isnan(v) ? json_null() : json_real(v));
}

/* The per-period rows of a metric's document as a trend [{date, value}]
 * (member `rows`, value member `a` (.`b`), times scale); incomplete rows
 * (complete false) are null. */
static json_t *trend_of(json_t *doc, const char *rows, const char *a, double scale)
{
	json_t *t = json_array(), *p;
	size_t i;
	json_array_foreach (json_object_get(doc, rows), i, p) {
		double v = number_at(p, a, NULL) * scale;
		if (json_is_false(json_object_get(p, "complete")) && !strcmp(rows, "periods"))
			v = NAN;
		json_array_append_new(
		    t, trend_point(json_object_get(p, json_object_get(p, "date") ? "date" : "start"), v));
	}
	return t;
}

static double money_value(json_t *v)
{
	const char *s = json_string_value(v);
	int64_t micro;
	if (s && growth_decimal_parse(s, strlen(s), &micro) == 0)
		return (double)micro / (double)GROWTH_MICRO;
	return NAN;
}

int api_growth_metric(int64_t ini, const char *metric, const json_t *params, double *value, json_t **trend,
		      json_t *invalid)
{
	*value = NAN;
	if (trend)
		*trend = NULL;
	json_t *query = json_deep_copy(params), *doc = NULL;
	struct api_ctx c = {.method = "GET",
			    .query = query,
			    .lang = "en",
			    .obj_id = ini,
			    .role = ROLE_LEZER,
			    .invalid = invalid};
	int rc;
	int m = metrics_word_parse(growth_metrics, metric);
	if (m == 9)
		rc = retention_value(&c, query, value, trend);
	else if (m >= 0 && m <= 2) { /* dau, wau, mau of yesterday, the last complete day; 30 days of trend */
		char d[11];
		int64_t y = metrics_day_of(time_now_ms()) - 1;
		okr_date(y - 29, d);
		json_object_set_new(query, "van", json_string(d));
		okr_date(y, d);
		json_object_set_new(query, "tot", json_string(d));
		rc = api_metrics_active(&c, &doc);
		json_t *days = json_object_get(doc, "days");
		if (rc == 0)
			*value = number_at(json_array_get(days, json_array_size(days) - 1), metric, NULL);
		if (rc == 0 && trend)
			*trend = trend_of(doc, "days", metric, 1);
	} else if (m >= 3 && m <= 8) {
		static const unsigned masks[] = {0, 0, 0, M_ACT, M_CHURN, M_KF, M_NPS, M_REV, M_UNIT};
		static const doc_fn fns[] = {NULL,	  NULL,	   NULL,	activation_doc, churn_doc,
					     kfactor_doc, nps_doc, revenue_doc, unit_doc};
		rc = run(&c, masks[m], fns[m], &doc);
		json_t *t = NULL;
		if (rc == 0 && m == 3) {
			*value = number_at(doc, "total", "rate") * 100;
			t = trend_of(doc, "cohorts", "rate", 100);
		} else if (rc == 0 && m == 4) { /* the last complete period */
			size_t i;
			json_t *p;
			json_array_foreach (json_object_get(doc, "periods"), i, p)
				if (json_is_true(json_object_get(p, "complete")))
					*value = number_at(p, "rate", NULL) * 100;
			t = trend_of(doc, "periods", "rate", 100);
		} else if (rc == 0 && m == 5) {
			*value = number_at(doc, "total", "kFactor");
			t = trend_of(doc, "periods", "kFactor", 1);
		} else if (rc == 0 && m == 6)
			*value = number_at(doc, "nps", NULL);
		else if (rc == 0 && m == 7) {
			*value = money_value(json_object_get(json_object_get(doc, "total"), "revenue"));
			t = json_array();
			size_t i;
			json_t *p;
			json_array_foreach (json_object_get(doc, "periods"), i, p)
				json_array_append_new(
				    t, trend_point(json_object_get(p, "start"),
						   money_value(json_object_get(p, "revenue"))));
		} else if (rc == 0)
			*value = number_at(doc, "ltvCac", NULL);
		if (trend)
			*trend = t;
		else
			json_decref(t);
	} else
		rc = -ERR_INVALID;
	json_decref(doc);
	json_decref(query);
	return rc;
}

static int metric_value(int64_t ini, const char *metric, const json_t *params, double *value, json_t *invalid)
{
	return api_growth_metric(ini, metric, params, value, NULL, invalid);
}

int api_growth_metric_check(struct api_ctx *c, int64_t ini, const char *metric, const json_t *in,
			    const char *prefix, json_t **params)
{
	*params = json_object();
	const char *k;
	json_t *x;
	int bad = 0;
	json_object_foreach ((json_t *)(in ? in : *params), k, x) {
		char name[96];
		snprintf(name, sizeof name, "%s.%s", prefix, k);
		if (!json_is_string(x)) {
			problem_add(c->invalid, name, "err.growth.param_text");
			bad = 1;
		} else
			json_object_set(*params, k, x);
	}
	if (bad || json_array_size(c->invalid) || !metric || metrics_word_parse(growth_metrics, metric) < 0)
		return -ERR_INVALID;
	/* the parameters are those of the metric's route: checked by running it */
	json_t *inv = json_array();
	double val;
	int rc = metric_value(ini, metric, *params, &val, inv);
	size_t i;
	json_t *p;
	json_array_foreach (inv, i, p) {
		char name[96];
		snprintf(name, sizeof name, "%s.%s", prefix, json_string_value(json_object_get(p, "name")));
		json_object_set_new(p, "name", json_string(name));
		json_array_append(c->invalid, p);
	}
	json_decref(inv);
	return rc == -ERR_INVALID ? -ERR_INVALID : 0;
}

json_t *api_growth_metric_ref(int64_t ini, const char *metric, const json_t *params)
{
	json_t *src = json_null();
	int64_t sid;
	const char *b = json_string_value(json_object_get(params, "bron"));
	struct event_source es;
	if (b && api_parse_id(b, &sid) == 0 && event_source_store_get(sid, &es) == 0 &&
	    es.initiative_id == ini)
		src = json_pack("{s:I,s:s}", "id", (json_int_t)sid, "name", es.name);
	return json_pack("{s:s,s:O,s:o,s:o}", "metric", metric, "parameters", params, "source", src, "link",
			 api_growth_metric_link(ini, metric, params));
}

json_t *api_growth_metric_link(int64_t ini, const char *metric, const json_t *params)
{
	int m = metrics_word_parse(growth_metrics, metric);
	struct buf b = BUF_INIT;
	buf_printf(&b, "/initiatieven/%lld/metrieken/%s", (long long)ini,
		   m >= 0 && m <= 2 ? "actief"
		   : m == 9	    ? "retentie"
				    : "groei");
	const char *k;
	json_t *x;
	char sep = '?';
	json_object_foreach ((json_t *)params, k, x) {
		/* dau/wau/mau: the page's own van/tot; growth: every parameter of the overview */
		if (m >= 0 && m <= 2 && strcmp(k, "bron") && strcmp(k, "gebeurtenis") &&
		    strcmp(k, "tijdzone"))
			continue;
		if (m == 9 && !strcmp(k, "periode"))
			continue;
		buf_putc(&b, sep);
		sep = '&';
		buf_urlenc(&b, k);
		buf_putc(&b, '=');
		buf_urlenc(&b, json_string_value(x) ? json_string_value(x) : "");
	}
	json_t *s = json_string(buf_str(&b));
	buf_free(&b);
	return s;
}

int api_growth_series_value(int64_t series_id, int64_t initiative_id, double *value)
{
	char metric[16];
	json_t *params;
	if (growth_store_series_metric(series_id, metric, &params) < 0)
		return 0;
	json_t *invalid = json_array();
	if (metric_value(initiative_id, metric, params, value, invalid) < 0)
		*value = NAN;
	json_decref(invalid);
	json_decref(params);
	return 1;
}

static int series_doc(int64_t series_id, int64_t initiative_id, json_t **out)
{
	char metric[16];
	json_t *params = NULL, *trend = NULL;
	double v = NAN;
	int bound = growth_store_series_metric(series_id, metric, &params) == 0;
	if (bound) {
		json_t *invalid = json_array();
		if (api_growth_metric(initiative_id, metric, params, &v, &trend, invalid) < 0)
			v = NAN;
		json_decref(invalid);
	}
	char now[21];
	time_rfc3339(time_now(), now);
	json_t *ref = bound ? api_growth_metric_ref(initiative_id, metric, params) : NULL;
	*out = json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "seriesId", (json_int_t)series_id, "metric",
			 bound ? json_string(metric) : json_null(), "parameters",
			 params ? params : json_object(), "value", isnan(v) ? json_null() : json_real(v),
			 "source", ref ? json_incref(json_object_get(ref, "source")) : json_null(), "link",
			 ref ? json_incref(json_object_get(ref, "link")) : json_null(), "computedAt",
			 bound ? json_string(now) : json_null(), "trend", trend ? trend : json_array());
	json_decref(ref);
	return 0;
}

json_t *api_growth_series_follows(int64_t series_id, int64_t initiative_id)
{
	json_t *o = NULL;
	series_doc(series_id, initiative_id, &o);
	if (json_is_null(json_object_get(o, "metric"))) {
		json_decref(o);
		return json_null();
	}
	return o;
}

int api_growth_series_metric_get(struct api_ctx *c, json_t **out)
{
	struct kpi_series ks;
	if (kpi_store_series_get(c->obj_id, &ks) < 0)
		return -ERR_NOTFOUND;
	int64_t ini = ks.initiative_id;
	kpi_series_free(&ks, 1);
	return series_doc(c->obj_id, ini, out);
}

int api_growth_series_metric_put(struct api_ctx *c, json_t **out)
{
	static const struct field spec[] = {
	    {.name = "metric", .type = FIELD_ENUM, .flags = FIELD_REQUIRED, .values = growth_series_metrics},
	    {.name = "parameters", .type = FIELD_OBJECT, .flags = FIELD_OPEN},
	};
	char obj[64];
	snprintf(obj, sizeof obj, "kpi_series/%lld", (long long)c->obj_id);
	struct kpi_series ks;
	if (kpi_store_series_get(c->obj_id, &ks) < 0)
		return -ERR_NOTFOUND;
	int64_t ini = ks.initiative_id;
	kpi_series_free(&ks, 1);
	struct field_value v[FIELD_COUNT(spec)];
	api_fields(c, spec, FIELD_COUNT(spec), v);
	json_t *params = NULL;
	api_growth_metric_check(c, ini, v[0].s, v[1].j, "parameters", &params);
	if (json_array_size(c->invalid)) {
		json_decref(params);
		api_audit(c, "kpi.series.metric", obj, "invalid");
		return -ERR_INVALID;
	}
	int rc = growth_store_series_metric_put(c->obj_id, v[0].s, params);
	json_decref(params);
	if (rc < 0)
		return rc;
	api_audit(c, "kpi.series.metric", obj, "ok");
	return series_doc(c->obj_id, ini, out);
}

int api_growth_series_metric_delete(struct api_ctx *c, json_t **out)
{
	char obj[64];
	snprintf(obj, sizeof obj, "kpi_series/%lld", (long long)c->obj_id);
	int rc = growth_store_series_metric_delete(c->obj_id);
	if (rc < 0)
		return rc;
	api_audit(c, "kpi.series.metric.delete", obj, "ok");
	c->status = 204;
	*out = NULL;
	return 0;
}
