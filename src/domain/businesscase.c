/* SPDX-License-Identifier: EUPL-1.2 */
/* businesscase: word tables and the maths of a business case per party (docs/businesscase.md). */
#include "domain/businesscase.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

const char *const bc_kinds[] = {"kosten", "baten", NULL};
const char *const bc_categories[] = {"investering",	"exploitatie", "besparing", "opbrengst",
				     "maatschappelijk", "overig",      NULL};
const char *const bc_scenarios[] = {"gunstig", "basis", "ongunstig", NULL};
const char *const bc_unit_kinds[] = {"scaleup", "publiek", NULL};

static int word_index(const char *const *list, const char *s)
{
	for (int i = 0; s && list[i]; i++)
		if (!strcmp(list[i], s))
			return i + 1;
	return 0;
}

static const char *word(const char *const *list, int n, int v)
{
	return v >= 1 && v <= n ? list[v - 1] : "";
}

const char *bc_kind_name(enum bc_kind k)
{
	return word(bc_kinds, 2, (int)k);
}

enum bc_kind bc_kind_parse(const char *s)
{
	return (enum bc_kind)word_index(bc_kinds, s);
}

const char *bc_category_name(enum bc_category c)
{
	return word(bc_categories, BC_CATEGORY_COUNT, (int)c);
}

enum bc_category bc_category_parse(const char *s)
{
	return (enum bc_category)word_index(bc_categories, s);
}

const char *bc_scenario_name(enum bc_scenario s)
{
	return word(bc_scenarios, 3, (int)s);
}

const char *bc_unit_kind_name(enum bc_unit_kind k)
{
	return word(bc_unit_kinds, 2, (int)k);
}

enum bc_unit_kind bc_unit_kind_parse(const char *s)
{
	return (enum bc_unit_kind)word_index(bc_unit_kinds, s);
}

double bc_factor(double rate, int year)
{
	return year == 0 ? 1.0 : 1.0 / pow(1.0 + rate, year);
}

int64_t bc_line_flow(const struct bc_line *l, int year, enum bc_scenario s)
{
	double m = s == BC_SCENARIO_GUNSTIG ? l->best : s == BC_SCENARIO_ONGUNSTIG ? l->worst : 1.0;
	int64_t v = s == BC_SCENARIO_BASIS || m == 1.0 ? l->cents[year] : llround((double)l->cents[year] * m);
	return l->kind == BC_KIND_KOSTEN ? -v : v;
}

int64_t bc_npv(const int64_t *flows, int horizon, double rate)
{
	double sum = 0;
	for (int y = 0; y <= horizon; y++)
		sum += (double)flows[y] * bc_factor(rate, y);
	return llround(sum);
}

/* First index from which the running sum of v[0..n-1] stays >= 0; -1 none. */
static int stays_nonnegative(const double *v, int n)
{
	double cum = 0;
	int from = -1;
	for (int y = 0; y < n; y++) {
		cum += v[y];
		/* a tolerance far below a cent keeps exact zeros exact */
		if (cum >= -1e-6) {
			if (from < 0)
				from = y;
		} else {
			from = -1;
		}
	}
	return from;
}

int bc_payback(const int64_t *flows, int horizon)
{
	double v[BC_HORIZON_MAX + 1];
	for (int y = 0; y <= horizon; y++)
		v[y] = (double)flows[y];
	return stays_nonnegative(v, horizon + 1);
}

int bc_breakeven(const int64_t *flows, int horizon, double rate)
{
	double v[BC_HORIZON_MAX + 1];
	for (int y = 0; y <= horizon; y++)
		v[y] = (double)flows[y] * bc_factor(rate, y);
	return stays_nonnegative(v, horizon + 1);
}

void bc_evaluate(const struct bc_input *in, enum bc_scenario s, double rate, struct bc_party_result *out,
		 int64_t *total)
{
	memset(out, 0, sizeof *out * (size_t)in->n_parties);
	for (int i = 0; i < in->n_lines; i++) {
		const struct bc_line *l = &in->lines[i];
		if (l->party < 0 || l->party >= in->n_parties)
			continue;
		struct bc_party_result *p = &out[l->party];
		for (int y = 0; y <= in->horizon; y++) {
			int64_t f = bc_line_flow(l, y, s);
			p->net[y] += f;
			if (f < 0)
				p->pays -= f;
			else
				p->gains += f;
		}
	}
	*total = 0;
	for (int k = 0; k < in->n_parties; k++) {
		struct bc_party_result *p = &out[k];
		p->npv = bc_npv(p->net, in->horizon, rate);
		p->payback = bc_payback(p->net, in->horizon);
		p->breakeven = bc_breakeven(p->net, in->horizon, rate);
		*total += p->npv;
	}
}

/* Total NPV at in->rate with line `only` at scenario s and the rest at basis. */
static int64_t total_with(const struct bc_input *in, int only, enum bc_scenario s)
{
	int64_t flows[BC_HORIZON_MAX + 1] = {0};
	for (int i = 0; i < in->n_lines; i++)
		for (int y = 0; y <= in->horizon; y++)
			flows[y] += bc_line_flow(&in->lines[i], y, i == only ? s : BC_SCENARIO_BASIS);
	return bc_npv(flows, in->horizon, in->rate);
}

static int swing_cmp(const void *a, const void *b)
{
	const struct bc_swing *x = a, *y = b;
	int64_t dx = llabs(x->high - x->low), dy = llabs(y->high - y->low);
	if (dx != dy)
		return dx > dy ? -1 : 1;
	return x->line - y->line;
}

int bc_tornado(const struct bc_input *in, struct bc_swing *out)
{
	for (int i = 0; i < in->n_lines; i++) {
		out[i].line = i;
		out[i].low = total_with(in, i, BC_SCENARIO_ONGUNSTIG);
		out[i].high = total_with(in, i, BC_SCENARIO_GUNSTIG);
		if (out[i].low > out[i].high) { /* a multiplier below 1 on a cost raises the NPV */
			int64_t t = out[i].low;
			out[i].low = out[i].high;
			out[i].high = t;
		}
	}
	qsort(out, (size_t)in->n_lines, sizeof *out, swing_cmp);
	return in->n_lines;
}

int bc_deal(const int64_t *npv, int n, struct bc_transfer *out, int64_t *total_transfer)
{
	int64_t total = 0, deficit = 0, surplus = 0;
	for (int i = 0; i < n; i++) {
		total += npv[i];
		if (npv[i] < 0)
			deficit -= npv[i];
		else
			surplus += npv[i];
	}
	*total_transfer = 0;
	if (total < 0)
		return -1;
	if (deficit == 0)
		return 0;
	/* Each surplus party pays deficit * surplus_i / surplus, floored; the
	 * cents left go one each to the largest remainders (ties: lower index). */
	int64_t *pay = xcalloc((size_t)n, sizeof *pay);
	long double *rem = xcalloc((size_t)n, sizeof *rem);
	int64_t given = 0;
	for (int i = 0; i < n; i++) {
		if (npv[i] <= 0)
			continue;
		long double share = (long double)deficit * (long double)npv[i] / (long double)surplus;
		pay[i] = (int64_t)floorl(share);
		rem[i] = share - (long double)pay[i];
		given += pay[i];
	}
	for (int64_t left = deficit - given; left > 0; left--) {
		int best = -1;
		for (int i = 0; i < n; i++)
			if (npv[i] > 0 && pay[i] < npv[i] && (best < 0 || rem[i] > rem[best]))
				best = i;
		if (best < 0)
			break; /* cannot happen: deficit <= surplus */
		pay[best]++;
		rem[best] = -1;
	}
	/* Match payers to receivers in index order (at most n - 1 payments). */
	int k = 0, r = 0;
	int64_t need = 0;
	for (int p = 0; p < n; p++) {
		int64_t left = pay[p];
		while (left > 0) {
			if (need == 0) {
				while (r < n && npv[r] >= 0)
					r++;
				if (r == n)
					break;
				need = -npv[r];
			}
			int64_t c = left < need ? left : need;
			out[k++] = (struct bc_transfer){p, r, c};
			*total_transfer += c;
			left -= c;
			need -= c;
			if (need == 0)
				r++;
		}
	}
	free(pay);
	free(rem);
	return k;
}

void bc_unit(const struct bc_unit_in *in, struct bc_unit_out *out)
{
	double gross = in->arpa * in->margin; /* gross profit per adopter per month */
	out->ltv = in->churn > 0 ? gross / in->churn : NAN;
	out->ltv_cac = in->cac > 0 && !isnan(out->ltv) ? out->ltv / in->cac : NAN;
	out->cac_payback = gross > 0 ? in->cac / gross : NAN;
	out->burn = in->fixed + in->new_per_month * in->cac - in->customers * gross;
	out->runway = out->burn > 0 ? in->cash / out->burn : NAN;
	out->net_new_arr = (in->new_per_month - in->customers * in->churn) * in->arpa * 12;
	out->burn_multiple = out->burn > 0 && out->net_new_arr > 0 ? out->burn / out->net_new_arr : NAN;
}

void bc_unit_scenario(enum bc_scenario s, double *new_factor, double *churn_factor)
{
	*new_factor = s == BC_SCENARIO_GUNSTIG ? 1.2 : s == BC_SCENARIO_ONGUNSTIG ? 0.8 : 1.0;
	*churn_factor = s == BC_SCENARIO_GUNSTIG ? 0.8 : s == BC_SCENARIO_ONGUNSTIG ? 1.2 : 1.0;
}

void bc_unit_cash(const struct bc_unit_in *in, enum bc_scenario s, int months, double *cash)
{
	double nf, cf;
	bc_unit_scenario(s, &nf, &cf);
	double churn = fmin(1.0, in->churn * cf), add = in->new_per_month * nf;
	double customers = in->customers;
	cash[0] = in->cash;
	for (int m = 1; m <= months; m++) {
		/* this month's flow on the adopters at its start, then the month's churn and gain */
		double flow = customers * in->arpa * in->margin - in->fixed - add * in->cac;
		cash[m] = cash[m - 1] + flow;
		customers = customers * (1 - churn) + add;
	}
}

void bc_case_free(struct bc_case *c)
{
	if (!c)
		return;
	free(c->name);
	free(c->description);
	free(c->rate_source);
	free(c->initiative_name);
	for (size_t i = 0; i < c->n_parties; i++)
		free(c->parties[i].name);
	free(c->parties);
	for (size_t i = 0; i < c->n_lines; i++) {
		free(c->lines[i].label);
		free(c->lines[i].source);
	}
	free(c->lines);
	memset(c, 0, sizeof *c);
}

int bc_case_party_index(const struct bc_case *c, int64_t party_id)
{
	for (size_t i = 0; i < c->n_parties; i++)
		if (c->parties[i].id == party_id)
			return (int)i;
	return -1;
}

void bc_case_input(const struct bc_case *c, struct bc_line *lines, struct bc_input *in)
{
	for (size_t i = 0; i < c->n_lines; i++) {
		const struct bc_line_rec *r = &c->lines[i];
		struct bc_line *l = &lines[i];
		memset(l, 0, sizeof *l);
		l->party = bc_case_party_index(c, r->party_id);
		l->kind = r->kind;
		l->category = r->category;
		memcpy(l->cents, r->cents, sizeof l->cents);
		l->best = r->has_best ? r->best : c->best[r->category];
		l->worst = r->has_worst ? r->worst : c->worst[r->category];
	}
	*in = (struct bc_input){c->horizon, c->rate, (int)c->n_parties, (int)c->n_lines, lines};
}

int64_t bc_euro_cents(const char *s, size_t n, const char *lang)
{
	char t[48];
	size_t k = 0;
	int en = lang && !strcmp(lang, "en"), dec = 0, frac = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == ' ' || ch == '\t')
			continue;
		if (ch == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0) { /* no-break space */
			i++;
			continue;
		}
		if (ch == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x82 &&
		    (unsigned char)s[i + 2] == 0xac) {
			i += 2; /* the euro sign */
			continue;
		}
		if (ch == (en ? ',' : '.')) /* a thousands mark: skipped */
			continue;
		if (ch == (en ? '.' : ',')) {
			if (dec++)
				return -1;
			ch = '.';
		} else if (!isdigit(ch)) {
			return -1;
		} else if (dec && ++frac > 2) {
			return -1; /* no fractions of a cent */
		}
		if (k + 1 >= sizeof t)
			return -1;
		t[k++] = (char)ch;
	}
	t[k] = 0;
	if (!k)
		return 0;
	if (!strcmp(t, "."))
		return -1;
	char *end;
	double x = strtod(t, &end);
	if (*end || !isfinite(x) || x < 0 || x * 100 > (double)BC_CENTS_MAX)
		return -1;
	return llround(x * 100);
}

int bc_amounts_parse(const char *s, size_t len, int horizon, const char *lang, int64_t *cents,
		     uint32_t *years, int *bad_year)
{
	size_t i = 0;
	int y = 0;
	*bad_year = -1;
	/* trailing separators and blank lines add no years */
	while (len > 0 &&
	       (s[len - 1] == ';' || s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == ' '))
		len--;
	while (i < len) {
		size_t n = 0;
		while (i + n < len && s[i + n] != ';' && s[i + n] != '\n' && s[i + n] != '\r')
			n++;
		if (y > horizon || y > BC_HORIZON_MAX)
			return -2;
		int64_t v = bc_euro_cents(s + i, n, lang);
		if (v < 0) {
			*bad_year = y;
			return -1;
		}
		cents[y] = v;
		*years |= 1u << y;
		i += n;
		if (i < len && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
			i++;
		if (i < len)
			i++;
		y++;
	}
	return 0;
}

int bc_can_block(int64_t npv, int power)
{
	return npv < 0 && power >= 4;
}
