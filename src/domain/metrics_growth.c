/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_growth: activation, churn, K-factor, NPS, revenue and unit
 * economics (metrics_growth.h, docs/metrics.md "Growth"). Per-person state
 * lives in arrays indexed by the store's dense person ids, so memory grows
 * with the persons, not with the events.
 */
#include "domain/metrics_growth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/metrics.h"

/* ---- decimals ------------------------------------------------------------------------------ */

int growth_decimal_parse(const char *s, size_t len, int64_t *micro)
{
	size_t i = 0;
	int neg = 0;
	if (i < len && s[i] == '-') {
		neg = 1;
		i++;
	}
	int64_t m = 0;
	int digits = 0, frac = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		if (m > (INT64_MAX - 9) / 10)
			return -1;
		m = m * 10 + (s[i] - '0');
		digits++;
		i++;
	}
	if (!digits)
		return -1;
	if (i < len && s[i] == '.') {
		i++;
		int fd = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			if (m > (INT64_MAX - 9) / 10)
				return -1;
			m = m * 10 + (s[i] - '0');
			fd++;
			i++;
		}
		if (!fd)
			return -1;
		frac = fd;
	}
	int64_t e = 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		int eneg = 0;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		int ed = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			e = e * 10 + (s[i] - '0');
			if (e > 40)
				return -1;
			ed++;
			i++;
		}
		if (!ed)
			return -1;
		if (eneg)
			e = -e;
	}
	if (i != len)
		return -1;
	int64_t shift = e - frac + 6;
	while (shift < 0) {
		if (m % 10)
			return -1; /* more than 6 decimals */
		m /= 10;
		shift++;
	}
	while (shift > 0) {
		if (m > INT64_MAX / 10)
			return -1;
		m *= 10;
		shift--;
	}
	*micro = neg ? -m : m;
	return 0;
}

void growth_decimal_format(int64_t micro, int min_dec, char out[32])
{
	if (min_dec < 0)
		min_dec = 0;
	if (min_dec > 6)
		min_dec = 6;
	uint64_t a = micro < 0 ? (uint64_t)0 - (uint64_t)micro : (uint64_t)micro;
	uint64_t whole = a / GROWTH_MICRO, frac = a % GROWTH_MICRO;
	char f[8];
	for (int k = 5; k >= 0; k--) {
		f[k] = (char)('0' + frac % 10);
		frac /= 10;
	}
	int nd = 6;
	while (nd > min_dec && f[nd - 1] == '0')
		nd--;
	f[nd] = 0;
	char *p = out;
	if (micro < 0)
		*p++ = '-';
	p += snprintf(p, 24, "%llu", (unsigned long long)whole);
	if (nd) {
		*p++ = '.';
		memcpy(p, f, (size_t)nd + 1);
	} else
		*p = 0;
}

int growth_decimal_add(int64_t *sum, int64_t v)
{
	int64_t r;
	if (__builtin_add_overflow(*sum, v, &r))
		return -1;
	*sum = r;
	return 0;
}

int64_t growth_div_round(int64_t a, int64_t b)
{
	int64_t q = a / b, r = a % b;
	if (r < 0)
		r = -r;
	if (2 * r >= b)
		q += a < 0 ? -1 : 1;
	return q;
}

/* ---- a JSON object's top-level members ------------------------------------------------------- */

static size_t skip_ws(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/* s[i] == '"': the index after the closing quote, or len + 1 when none. */
static size_t skip_string(const char *s, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return len + 1;
}

/* One value from s[i]: the index after it, or len + 1 when broken. */
static size_t skip_value(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return len + 1;
	if (s[i] == '"')
		return skip_string(s, len, i);
	if (s[i] == '{' || s[i] == '[') {
		char stack[64];
		int depth = 0;
		while (i < len) {
			char ch = s[i];
			if (ch == '"') {
				i = skip_string(s, len, i);
				if (i > len)
					return len + 1;
				continue;
			}
			if (ch == '{' || ch == '[') {
				if (depth == 64)
					return len + 1;
				stack[depth++] = ch == '{' ? '}' : ']';
			} else if (ch == '}' || ch == ']') {
				if (!depth || stack[depth - 1] != ch)
					return len + 1;
				if (--depth == 0)
					return i + 1;
			}
			i++;
		}
		return len + 1;
	}
	size_t b = i;
	while (i < len && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\t' &&
	       s[i] != '\n' && s[i] != '\r' && s[i] != '"' && s[i] != '{' && s[i] != '[' && s[i] != ':')
		i++;
	return i > b ? i : len + 1;
}

/* Whether the JSON string token s[b..e) (quotes excluded) spells key;
 * escapes other than \" \\ \/ never match (keys we look up have none). */
static int key_is(const char *s, size_t b, size_t e, const char *key)
{
	size_t k = 0, kl = strlen(key);
	for (size_t i = b; i < e; i++, k++) {
		char ch = s[i];
		if (ch == '\\') {
			if (i + 1 >= e)
				return 0;
			ch = s[++i];
			if (ch != '"' && ch != '\\' && ch != '/')
				return 0;
		}
		if (k >= kl || key[k] != ch)
			return 0;
	}
	return k == kl;
}

int growth_prop(const char *json, size_t len, const char *key, const char **val, size_t *vlen, int *is_string)
{
	size_t i = skip_ws(json, len, 0);
	if (i >= len || json[i] != '{')
		return -1;
	i = skip_ws(json, len, i + 1);
	if (i < len && json[i] == '}')
		return 0;
	while (i < len) {
		if (json[i] != '"')
			return -1;
		size_t ke = skip_string(json, len, i);
		if (ke > len)
			return -1;
		size_t kb = i + 1;
		i = skip_ws(json, len, ke);
		if (i >= len || json[i] != ':')
			return -1;
		i = skip_ws(json, len, i + 1);
		size_t vb = i, ve = skip_value(json, len, i);
		if (ve > len)
			return -1;
		if (key_is(json, kb, ke - 1, key)) {
			*is_string = json[vb] == '"';
			*val = json + vb + (*is_string ? 1 : 0);
			*vlen = ve - vb - (*is_string ? 2 : 0);
			return 1;
		}
		i = skip_ws(json, len, ve);
		if (i < len && json[i] == ',')
			i = skip_ws(json, len, i + 1);
		else if (i < len && json[i] == '}')
			return 0;
		else
			return -1;
	}
	return -1;
}

int growth_amount_parse(const char *val, size_t len, int is_string, int64_t *micro)
{
	if (growth_decimal_parse(val, len, micro) == 0)
		return 0;
	if (is_string || len >= 64)
		return -1;
	/* A JSON number may have been kept as a binary double and written back
	 * with 17 digits (0.2 as 0.20000000000000001). The decimal the client
	 * sent is recovered exactly when it had at most 6 decimals: the nearest
	 * millionth must read back as the very same double. */
	char t[64], *end;
	memcpy(t, val, len);
	t[len] = 0;
	double x = strtod(t, &end);
	if (*end || !(x > -1e9 && x < 1e9)) /* x * 1e6 stays an exact integer in a double */
		return -1;
	int64_t m = (int64_t)(x * 1e6 + (x < 0 ? -0.5 : 0.5));
	char back[32];
	growth_decimal_format(m, 0, back);
	if (strtod(back, NULL) != x)
		return -1;
	*micro = m;
	return 0;
}

int growth_score_parse(const char *val, size_t len, int is_string)
{
	int64_t m;
	if (growth_amount_parse(val, len, is_string, &m) < 0 || m % GROWTH_MICRO || m < 0 ||
	    m > 10 * GROWTH_MICRO)
		return -1;
	return (int)(m / GROWTH_MICRO);
}

/* ---- periods ------------------------------------------------------------------------------- */

const char *const growth_period_words[] = {"week", "maand", NULL};

int64_t growth_days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void growth_civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int64_t growth_period_start(enum growth_period p, int64_t d)
{
	if (p == GROWTH_WEEK)
		return metrics_monday_of(d);
	int64_t y, m, dd;
	growth_civil_from_days(d, &y, &m, &dd);
	return growth_days_from_civil(y, m, 1);
}

int64_t growth_period_next(enum growth_period p, int64_t start)
{
	if (p == GROWTH_WEEK)
		return start + 7;
	int64_t y, m, dd;
	growth_civil_from_days(start, &y, &m, &dd);
	return m == 12 ? growth_days_from_civil(y + 1, 1, 1) : growth_days_from_civil(y, m + 1, 1);
}

int64_t growth_period_index(enum growth_period p, int64_t base, int64_t d)
{
	if (p == GROWTH_WEEK) {
		int64_t k = d - base;
		return k >= 0 ? k / 7 : -((-k + 6) / 7);
	}
	int64_t y0, m0, y1, m1, dd;
	growth_civil_from_days(base, &y0, &m0, &dd);
	growth_civil_from_days(d, &y1, &m1, &dd);
	return (y1 - y0) * 12 + (m1 - m0);
}

/* Grows a per-person array of elem-sized cells to hold person, filling new
 * cells with fill (one byte repeated) . 0, or -1. */
static int grow(void **arr, size_t *cap, size_t elem, uint32_t person, int fill)
{
	if (person < *cap)
		return 0;
	size_t n = *cap ? *cap : 1024;
	while (n <= person)
		n *= 2;
	char *p = realloc(*arr, n * elem);
	if (!p)
		return -1;
	memset(p + *cap * elem, fill, (n - *cap) * elem);
	*arr = p;
	*cap = n;
	return 0;
}

/* ---- activation ---------------------------------------------------------------------------- */

#define UNSEEN INT64_MIN

struct act_person {
	int64_t first; /* UNSEEN */
	int activated;
};

struct growth_activation {
	enum growth_period p;
	int64_t window;
	struct act_person *pp;
	size_t cap;
};

struct growth_activation *growth_activation_new(enum growth_period p, int64_t window_ms)
{
	struct growth_activation *a = calloc(1, sizeof *a);
	if (a) {
		a->p = p;
		a->window = window_ms;
	}
	return a;
}

int growth_activation_add(struct growth_activation *a, int64_t ts_ms, uint32_t person, int is_target)
{
	size_t old = a->cap;
	if (grow((void **)&a->pp, &a->cap, sizeof *a->pp, person, 0) < 0)
		return -1;
	for (size_t i = old; i < a->cap; i++)
		a->pp[i].first = UNSEEN;
	struct act_person *q = &a->pp[person];
	if (q->first == UNSEEN)
		q->first = ts_ms;
	if (is_target && !q->activated && ts_ms - q->first <= a->window)
		q->activated = 1;
	return 0;
}

struct growth_cohort *growth_activation_result(const struct growth_activation *a, int64_t now_ms,
					       int64_t from_day, int64_t to_day, size_t *n)
{
	*n = 0;
	int64_t base = growth_period_start(a->p, from_day);
	if (base < from_day)
		base = growth_period_next(a->p, base);
	if (base > to_day)
		return NULL;
	size_t slots = (size_t)growth_period_index(a->p, base, to_day) + 1;
	struct growth_cohort *c = calloc(slots, sizeof *c);
	if (!c)
		return NULL;
	int64_t d = base;
	for (size_t i = 0; i < slots; i++, d = growth_period_next(a->p, d)) {
		c[i].period = d;
		c[i].complete = 1;
	}
	for (size_t i = 0; i < a->cap; i++) {
		const struct act_person *q = &a->pp[i];
		if (q->first == UNSEEN)
			continue;
		int64_t day = metrics_day_of(q->first);
		if (day < base || day > to_day)
			continue;
		struct growth_cohort *k = &c[growth_period_index(a->p, base, day)];
		k->persons++;
		k->activated += q->activated;
		if (q->first + a->window > now_ms)
			k->complete = 0;
	}
	*n = slots;
	return c;
}

void growth_activation_free(struct growth_activation *a)
{
	if (a) {
		free(a->pp);
		free(a);
	}
}

/* ---- churn --------------------------------------------------------------------------------- */

struct growth_churn {
	enum growth_period p;
	int64_t window, base;
	size_t slots;
	int64_t *last; /* per person: the latest event, UNSEEN */
	size_t cap;
	struct growth_churn_row *rows;
};

struct growth_churn *growth_churn_new(enum growth_period p, int64_t window_ms, int64_t from_day,
				      int64_t to_day)
{
	struct growth_churn *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->p = p;
	c->window = window_ms;
	c->base = growth_period_start(p, from_day);
	if (c->base < from_day)
		c->base = growth_period_next(p, c->base);
	c->slots = c->base > to_day ? 0 : (size_t)growth_period_index(p, c->base, to_day) + 1;
	c->rows = calloc(c->slots ? c->slots : 1, sizeof *c->rows);
	if (!c->rows) {
		free(c);
		return NULL;
	}
	int64_t d = c->base;
	for (size_t i = 0; i < c->slots; i++, d = growth_period_next(p, d))
		c->rows[i].period = d;
	return c;
}

/* The person's last event in its period was last; the next came at next
 * (UNSEEN: none yet, judged at now). */
static void settle(struct growth_churn *c, int64_t last, int64_t next, int64_t now)
{
	int64_t k = growth_period_index(c->p, c->base, metrics_day_of(last));
	if (k < 0 || (size_t)k >= c->slots)
		return;
	struct growth_churn_row *r = &c->rows[k];
	r->active++;
	if (next != UNSEEN ? next - last > c->window : now - last >= c->window)
		r->churned++;
}

int growth_churn_add(struct growth_churn *c, int64_t ts_ms, uint32_t person)
{
	size_t old = c->cap;
	if (grow((void **)&c->last, &c->cap, sizeof *c->last, person, 0) < 0)
		return -1;
	for (size_t i = old; i < c->cap; i++)
		c->last[i] = UNSEEN;
	int64_t l = c->last[person];
	if (l != UNSEEN &&
	    growth_period_start(c->p, metrics_day_of(l)) != growth_period_start(c->p, metrics_day_of(ts_ms)))
		settle(c, l, ts_ms, 0);
	c->last[person] = ts_ms;
	return 0;
}

struct growth_churn_row *growth_churn_result(struct growth_churn *c, int64_t now_ms, size_t *n)
{
	for (size_t i = 0; i < c->cap; i++)
		if (c->last[i] != UNSEEN) {
			settle(c, c->last[i], UNSEEN, now_ms);
			c->last[i] = UNSEEN;
		}
	for (size_t i = 0; i < c->slots; i++) {
		int64_t end = growth_period_next(c->p, c->rows[i].period) * METRICS_DAY_MS;
		c->rows[i].complete = end + c->window <= now_ms;
		if (!c->rows[i].complete)
			c->rows[i].churned = -1;
	}
	*n = c->slots;
	return c->rows;
}

void growth_churn_free(struct growth_churn *c)
{
	if (c) {
		free(c->last);
		free(c->rows);
		free(c);
	}
}

/* ---- K-factor ------------------------------------------------------------------------------ */

void growth_kfactor(int64_t signups, int64_t invites, int64_t accepted, struct growth_kfactor *out)
{
	out->signups = signups;
	out->invites = invites;
	out->accepted = accepted;
	out->invites_per_signup = signups > 0 ? (double)invites / (double)signups : -1;
	out->acceptance = invites > 0 ? (double)accepted / (double)invites : -1;
	if (signups <= 0)
		out->k = -1;
	else if (invites == 0)
		out->k = 0;
	else
		out->k = out->invites_per_signup * out->acceptance;
}

/* ---- NPS ----------------------------------------------------------------------------------- */

struct growth_nps_acc {
	int8_t *score; /* per person: the latest valid score, -1 none */
	size_t cap;
	int64_t ignored;
};

struct growth_nps_acc *growth_nps_new(void)
{
	return calloc(1, sizeof(struct growth_nps_acc));
}

int growth_nps_add(struct growth_nps_acc *a, uint32_t person, int score)
{
	if (score < 0 || score > 10) {
		a->ignored++;
		return 0;
	}
	if (grow((void **)&a->score, &a->cap, 1, person, 0xff) < 0)
		return -1;
	a->score[person] = (int8_t)score;
	return 0;
}

void growth_nps_result(const struct growth_nps_acc *a, struct growth_nps *out)
{
	memset(out, 0, sizeof *out);
	out->ignored = a->ignored;
	for (size_t i = 0; i < a->cap; i++) {
		int s = a->score[i];
		if (s < 0)
			continue;
		out->respondents++;
		out->scores[s]++;
		if (s >= 9)
			out->promoters++;
		else if (s >= 7)
			out->passives++;
		else
			out->detractors++;
	}
	out->nps = out->respondents
		       ? 100.0 * (double)(out->promoters - out->detractors) / (double)out->respondents
		       : -1000;
}

void growth_nps_free(struct growth_nps_acc *a)
{
	if (a) {
		free(a->score);
		free(a);
	}
}

/* ---- revenue ------------------------------------------------------------------------------- */

struct rev_person {
	int64_t first_day; /* the first purchase's day; UNSEEN */
	int64_t last_slot; /* the last period (index) counted for payers; -1 */
	int in_span;	   /* counted among the span's payers */
};

struct growth_revenue {
	enum growth_period p;
	int64_t from, to, base;
	size_t slots;
	struct growth_revenue_row *rows;
	struct growth_revenue_total t;
	struct rev_person *pp;
	size_t cap;
};

struct growth_revenue *growth_revenue_new(enum growth_period p, int64_t from_day, int64_t to_day)
{
	struct growth_revenue *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->p = p;
	r->from = from_day;
	r->to = to_day;
	r->base = growth_period_start(p, from_day); /* the first period may be partial */
	r->slots = to_day < from_day ? 0 : (size_t)growth_period_index(p, r->base, to_day) + 1;
	r->rows = calloc(r->slots ? r->slots : 1, sizeof *r->rows);
	if (!r->rows) {
		free(r);
		return NULL;
	}
	int64_t d = r->base;
	for (size_t i = 0; i < r->slots; i++, d = growth_period_next(p, d))
		r->rows[i].period = d;
	return r;
}

int growth_revenue_add(struct growth_revenue *r, int64_t ts_ms, uint32_t person, int64_t micro)
{
	int64_t day = metrics_day_of(ts_ms);
	if (day > r->to)
		return 0;
	size_t old = r->cap;
	if (grow((void **)&r->pp, &r->cap, sizeof *r->pp, person, 0) < 0)
		return -1;
	for (size_t i = old; i < r->cap; i++)
		r->pp[i] = (struct rev_person){.first_day = UNSEEN, .last_slot = -1};
	struct rev_person *q = &r->pp[person];
	int first = q->first_day == UNSEEN;
	if (first) {
		q->first_day = day;
		r->t.lifetime_payers++;
	}
	r->t.overflow |= growth_decimal_add(&r->t.lifetime_micro, micro) < 0;
	if (day < r->from)
		return 0;
	struct growth_revenue_row *row = &r->rows[growth_period_index(r->p, r->base, day)];
	r->t.overflow |= growth_decimal_add(&row->micro, micro) < 0;
	r->t.overflow |= growth_decimal_add(&r->t.micro, micro) < 0;
	row->purchases++;
	r->t.purchases++;
	int64_t slot = row - r->rows;
	if (q->last_slot != slot) {
		q->last_slot = slot;
		row->payers++;
		row->new_payers += first;
	}
	if (!q->in_span) {
		q->in_span = 1;
		r->t.payers++;
		r->t.new_payers += first;
	}
	return 0;
}

void growth_revenue_ignore(struct growth_revenue *r, int64_t ts_ms)
{
	int64_t day = metrics_day_of(ts_ms);
	if (day >= r->from && day <= r->to)
		r->t.ignored++;
}

struct growth_revenue_row *growth_revenue_result(const struct growth_revenue *r,
						 struct growth_revenue_total *t, size_t *n)
{
	*t = r->t;
	*n = r->slots;
	return r->rows;
}

void growth_revenue_free(struct growth_revenue *r)
{
	if (r) {
		free(r->rows);
		free(r->pp);
		free(r);
	}
}

/* ---- unit economics ------------------------------------------------------------------------ */

void growth_unit_economics(const struct growth_revenue_total *t, int64_t cost_micro, int64_t days,
			   struct growth_unit *out)
{
	out->ltv_micro =
	    t->lifetime_payers > 0 ? growth_div_round(t->lifetime_micro, t->lifetime_payers) : -1;
	out->cac_micro =
	    t->new_payers > 0 && cost_micro >= 0 ? growth_div_round(cost_micro, t->new_payers) : -1;
	out->ltv_cac =
	    out->ltv_micro >= 0 && out->cac_micro > 0 ? (double)out->ltv_micro / (double)out->cac_micro : -1;
	/* revenue per paying person per 30 days of the span */
	out->arppu_month_micro = -1;
	out->payback_months = -1;
	if (t->payers > 0 && days > 0) {
		double per = (double)t->micro / (double)t->payers * 30.0 / (double)days;
		out->arppu_month_micro = (int64_t)(per >= 0 ? per + 0.5 : per - 0.5);
		if (out->cac_micro >= 0 && per > 0)
			out->payback_months = (double)out->cac_micro / per;
	}
}

/* ---- experiments from events --------------------------------------------------------------- */

struct exp_person {
	int64_t at; /* exposure; UNSEEN */
	uint8_t arm, converted, switched;
};

struct growth_exposure {
	int64_t window;
	struct exp_person *pp;
	size_t cap;
};

struct growth_exposure *growth_exposure_new(int64_t window_ms)
{
	struct growth_exposure *x = calloc(1, sizeof *x);
	if (x)
		x->window = window_ms;
	return x;
}

int growth_exposure_add(struct growth_exposure *x, int64_t ts_ms, uint32_t person, int arm)
{
	if (arm != 1 && arm != 2)
		return 0;
	size_t old = x->cap;
	if (grow((void **)&x->pp, &x->cap, sizeof *x->pp, person, 0) < 0)
		return -1;
	for (size_t i = old; i < x->cap; i++)
		x->pp[i].at = UNSEEN;
	struct exp_person *q = &x->pp[person];
	if (q->at == UNSEEN) {
		q->at = ts_ms;
		q->arm = (uint8_t)arm;
	} else if (q->arm != arm)
		q->switched = 1;
	return 0;
}

void growth_exposure_convert(struct growth_exposure *x, int64_t ts_ms, uint32_t person)
{
	if (person >= x->cap)
		return;
	struct exp_person *q = &x->pp[person];
	if (q->at != UNSEEN && ts_ms >= q->at && ts_ms - q->at <= x->window)
		q->converted = 1;
}

void growth_exposure_result(const struct growth_exposure *x, struct growth_arms *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < x->cap; i++) {
		const struct exp_person *q = &x->pp[i];
		if (q->at == UNSEEN)
			continue;
		out->exposed[q->arm - 1]++;
		out->converted[q->arm - 1] += q->converted;
		out->switched += q->switched;
	}
}

void growth_exposure_free(struct growth_exposure *x)
{
	if (x) {
		free(x->pp);
		free(x);
	}
}
