/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * businesscase_doc: a case computed once (bc_calc) and turned into the
 * document the API and the page share: parties with their net flow per
 * year, NPV, payback and break-even; lines; totals; the three scenarios
 * side by side; the rate sensitivity; the tornado; the deal (with the
 * parties that can block it, from the stakeholder module's evidence when
 * it is there); unit economics. Also the module's evidence hook.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/businesscase.h"
#include "api/module.h"
#include "api/organisation.h"
#include "lib/util.h"
#include "store/businesscase_store.h"

#define TORNADO_MAX 10

int bc_calc_load(int64_t case_id, struct bc_calc *k)
{
	memset(k, 0, sizeof *k);
	if (bc_store_case_load(case_id, &k->c) < 0)
		return -ERR_NOTFOUND;
	k->lines = xcalloc(k->c.n_lines + 1, sizeof *k->lines);
	bc_case_input(&k->c, k->lines, &k->in);
	for (int s = BC_SCENARIO_GUNSTIG; s <= BC_SCENARIO_ONGUNSTIG; s++) {
		k->res[s] = xcalloc(k->c.n_parties + 1, sizeof *k->res[s]);
		bc_evaluate(&k->in, (enum bc_scenario)s, k->c.rate, k->res[s], &k->total[s]);
	}
	return 0;
}

void bc_calc_free(struct bc_calc *k)
{
	for (int s = 0; s < 4; s++)
		free(k->res[s]);
	free(k->lines);
	bc_case_free(&k->c);
	memset(k, 0, sizeof *k);
}

static json_t *year_or_null(int y)
{
	return y >= 0 ? json_integer(y) : json_null();
}

static json_t *num_or_null(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *cents_or_null(double x)
{
	return isfinite(x) ? json_integer((json_int_t)llround(x)) : json_null();
}

/* Rate as a percentage with at most 4 decimals (0.0225 -> 2.25). */
static double pct(double rate)
{
	return round(rate * 1e6) / 1e4;
}

/* The stakeholders' power by name, from the stakeholder module's evidence;
 * NULL when that module is absent or has nothing on the initiative. */
static json_t *stakeholders(int64_t initiative_id)
{
	for (const struct module *const *m = api_modules(); *m; m++) {
		if (strcmp((*m)->name, "stakeholder") || !(*m)->evidence)
			continue;
		json_t *o = json_object();
		if ((*m)->evidence(initiative_id, o) < 0) {
			json_decref(o);
			return NULL;
		}
		json_t *list = json_object_get(json_object_get(o, "stakeholder"), "stakeholders");
		json_t *r = json_is_array(list) ? json_incref(list) : NULL;
		json_decref(o);
		return r;
	}
	return NULL;
}

/* The power (1-5) of the stakeholder named like the party (case-insensitive), or 0. */
static int power_of(const json_t *list, const char *name)
{
	size_t i;
	json_t *st;
	json_array_foreach (list, i, st) {
		const char *n = json_string_value(json_object_get(st, "name"));
		if (n && name && !strcasecmp(n, name))
			return (int)json_integer_value(json_object_get(st, "power"));
	}
	return 0;
}

void bc_parties_block(json_t *parties, const json_t *holders)
{
	size_t i;
	json_t *p;
	json_array_foreach (parties, i, p) {
		int power = holders ? power_of(holders, json_string_value(json_object_get(p, "name"))) : 0;
		int64_t npv = json_integer_value(json_object_get(p, "npvCents"));
		json_object_set_new(p, "power", power >= 1 && power <= 5 ? json_integer(power) : json_null());
		json_object_set_new(p, "canBlock",
				    holders ? json_boolean(bc_can_block(npv, power)) : json_null());
	}
}

static json_t *flows_json(const int64_t *net, int horizon)
{
	json_t *a = json_array();
	for (int y = 0; y <= horizon; y++)
		json_array_append_new(a, json_integer(net[y]));
	return a;
}

static json_t *parties_json(const struct bc_calc *k, json_t *holders)
{
	const struct bc_party_result *r = k->res[BC_SCENARIO_BASIS];
	json_t *a = json_array();
	for (size_t i = 0; i < k->c.n_parties; i++) {
		const struct bc_party_rec *p = &k->c.parties[i];
		json_t *j = json_pack("{s:I,s:s,s:s,s:o,s:I,s:o,s:o,s:I,s:I,s:b}", "id", (json_int_t)p->id,
				      "name", p->name, "helix", organisation_kind_name(p->helix), "netCents",
				      flows_json(r[i].net, k->c.horizon), "npvCents", (json_int_t)r[i].npv,
				      "paybackYear", year_or_null(r[i].payback), "breakEvenYear",
				      year_or_null(r[i].breakeven), "paysCents", (json_int_t)r[i].pays,
				      "gainsCents", (json_int_t)r[i].gains, "belowZero", r[i].npv < 0);
		json_array_append_new(a, j);
	}
	bc_parties_block(a, holders);
	return a;
}

static json_t *lines_json(const struct bc_calc *k)
{
	json_t *a = json_array();
	for (size_t i = 0; i < k->c.n_lines; i++) {
		const struct bc_line_rec *l = &k->c.lines[i];
		const struct bc_line *m = &k->lines[i];
		int pi = m->party;
		json_t *amounts = json_array();
		int64_t flows[BC_HORIZON_MAX + 1] = {0}, sum = 0;
		for (int y = 0; y <= BC_HORIZON_MAX; y++) {
			if (l->years & (1u << y))
				json_array_append_new(amounts, json_pack("{s:i,s:I}", "year", y, "cents",
									 (json_int_t)l->cents[y]));
			if (y <= k->c.horizon) {
				flows[y] = bc_line_flow(m, y, BC_SCENARIO_BASIS);
				sum += l->cents[y];
			}
		}
		json_array_append_new(
		    a,
		    json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:f,s:f,s:o,s:I,s:I}", "id",
			      (json_int_t)l->id, "partyId", (json_int_t)l->party_id, "partyName",
			      pi >= 0 ? k->c.parties[pi].name : "", "kind", bc_kind_name(l->kind), "category",
			      bc_category_name(l->category), "label", l->label, "source", l->source, "best",
			      l->has_best ? json_real(l->best) : json_null(), "worst",
			      l->has_worst ? json_real(l->worst) : json_null(), "bestEffective", m->best,
			      "worstEffective", m->worst, "amounts", amounts, "totalCents", (json_int_t)sum,
			      "npvCents", (json_int_t)bc_npv(flows, k->c.horizon, k->c.rate)));
	}
	return a;
}

static json_t *totals_json(const struct bc_calc *k)
{
	int64_t net[BC_HORIZON_MAX + 1] = {0};
	const struct bc_party_result *r = k->res[BC_SCENARIO_BASIS];
	for (size_t i = 0; i < k->c.n_parties; i++)
		for (int y = 0; y <= k->c.horizon; y++)
			net[y] += r[i].net[y];
	return json_pack("{s:o,s:I,s:o,s:o}", "netCents", flows_json(net, k->c.horizon), "npvCents",
			 (json_int_t)k->total[BC_SCENARIO_BASIS], "paybackYear",
			 year_or_null(bc_payback(net, k->c.horizon)), "breakEvenYear",
			 year_or_null(bc_breakeven(net, k->c.horizon, k->c.rate)));
}

static json_t *party_npvs(const struct bc_calc *k, const struct bc_party_result *r)
{
	json_t *a = json_array();
	for (size_t i = 0; i < k->c.n_parties; i++)
		json_array_append_new(a, json_pack("{s:I,s:I}", "partyId", (json_int_t)k->c.parties[i].id,
						   "npvCents", (json_int_t)r[i].npv));
	return a;
}

static json_t *scenarios_json(const struct bc_calc *k)
{
	json_t *a = json_array();
	for (int s = BC_SCENARIO_GUNSTIG; s <= BC_SCENARIO_ONGUNSTIG; s++) {
		int below = 0;
		for (size_t i = 0; i < k->c.n_parties; i++)
			below += k->res[s][i].npv < 0;
		json_array_append_new(a, json_pack("{s:s,s:I,s:i,s:o}", "scenario",
						   bc_scenario_name((enum bc_scenario)s), "totalNpvCents",
						   (json_int_t)k->total[s], "partiesBelowZero", below,
						   "parties", party_npvs(k, k->res[s])));
	}
	return a;
}

/* The NPVs at the case's rate and one percentage point either side. */
static json_t *sensitivity_json(const struct bc_calc *k)
{
	json_t *a = json_array();
	struct bc_party_result *r = xcalloc(k->c.n_parties + 1, sizeof *r);
	for (int d = -1; d <= 1; d++) {
		double rate = k->c.rate + d * 0.01;
		int64_t total;
		bc_evaluate(&k->in, BC_SCENARIO_BASIS, rate, r, &total);
		json_array_append_new(a, json_pack("{s:f,s:b,s:I,s:o}", "ratePct", pct(rate), "isCaseRate",
						   d == 0, "totalNpvCents", (json_int_t)total, "parties",
						   party_npvs(k, r)));
	}
	free(r);
	return a;
}

static json_t *tornado_json(const struct bc_calc *k)
{
	json_t *a = json_array();
	if (!k->c.n_lines)
		return a;
	struct bc_swing *s = xcalloc(k->c.n_lines, sizeof *s);
	int n = bc_tornado(&k->in, s);
	for (int i = 0; i < n && i < TORNADO_MAX; i++) {
		if (s[i].high == s[i].low)
			break; /* ranked widest first: the rest do not move the NPV either */
		const struct bc_line_rec *l = &k->c.lines[s[i].line];
		int pi = k->lines[s[i].line].party;
		json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:I,s:I,s:I}", "lineId", (json_int_t)l->id,
						   "label", l->label, "partyName",
						   pi >= 0 ? k->c.parties[pi].name : "", "lowCents",
						   (json_int_t)s[i].low, "highCents", (json_int_t)s[i].high,
						   "swingCents", (json_int_t)(s[i].high - s[i].low)));
	}
	free(s);
	return a;
}

static json_t *deal_json(const struct bc_calc *k, json_t *parties)
{
	size_t n = k->c.n_parties;
	int64_t *npv = xcalloc(n + 1, sizeof *npv), *after = xcalloc(n + 1, sizeof *after), deficit = 0;
	int below = 0;
	for (size_t i = 0; i < n; i++) {
		npv[i] = after[i] = k->res[BC_SCENARIO_BASIS][i].npv;
		if (npv[i] < 0) {
			deficit -= npv[i];
			below++;
		}
	}
	struct bc_transfer *t = xcalloc(n + 1, sizeof *t);
	int64_t moved = 0;
	int m = bc_deal(npv, (int)n, t, &moved);
	json_t *list = json_array();
	for (int j = 0; j < m; j++) {
		after[t[j].from] -= t[j].cents;
		after[t[j].to] += t[j].cents;
		const struct bc_party_rec *f = &k->c.parties[t[j].from], *to = &k->c.parties[t[j].to];
		json_array_append_new(list,
				      json_pack("{s:I,s:s,s:I,s:s,s:I}", "fromPartyId", (json_int_t)f->id,
						"fromName", f->name, "toPartyId", (json_int_t)to->id,
						"toName", to->name, "cents", (json_int_t)t[j].cents));
	}
	json_t *aft = json_array();
	for (size_t i = 0; m >= 0 && i < n; i++)
		json_array_append_new(aft, json_pack("{s:I,s:s,s:I}", "partyId",
						     (json_int_t)k->c.parties[i].id, "name",
						     k->c.parties[i].name, "npvCents", (json_int_t)after[i]));
	json_t *blocking = json_array();
	size_t i;
	json_t *p;
	json_array_foreach (parties, i, p)
		if (json_is_true(json_object_get(p, "canBlock")))
			json_array_append(blocking, json_object_get(p, "name"));
	json_t *d = json_pack("{s:b,s:I,s:i,s:I,s:I,s:o,s:o,s:o}", "possible", m >= 0, "totalNpvCents",
			      (json_int_t)k->total[BC_SCENARIO_BASIS], "partiesBelowZero", below,
			      "deficitCents", (json_int_t)deficit, "totalTransferCents", (json_int_t)moved,
			      "transfers", list, "after", aft, "blocking", blocking);
	free(t);
	free(npv);
	free(after);
	return d;
}

static struct bc_unit_in unit_in(const struct bc_unit_rec *u)
{
	return (struct bc_unit_in){.arpa = (double)u->arpa_cents,
				   .margin = u->margin,
				   .churn = u->churn,
				   .cac = (double)u->cac_cents,
				   .customers = u->customers,
				   .new_per_month = u->new_per_month,
				   .cash = (double)u->cash_cents,
				   .fixed = (double)u->fixed_cents};
}

static json_t *unit_json(const struct bc_calc *k)
{
	if (!k->c.has_unit)
		return json_null();
	const struct bc_unit_rec *u = &k->c.unit;
	struct bc_unit_in in = unit_in(u);
	struct bc_unit_out o;
	bc_unit(&in, &o);
	json_t *cash = json_object(), *months = json_array();
	for (int m = 0; m <= BC_CASH_MONTHS; m++)
		json_array_append_new(months, json_integer(m));
	json_object_set_new(cash, "months", months);
	for (int s = BC_SCENARIO_GUNSTIG; s <= BC_SCENARIO_ONGUNSTIG; s++) {
		double v[BC_CASH_MONTHS + 1];
		bc_unit_cash(&in, (enum bc_scenario)s, BC_CASH_MONTHS, v);
		json_t *a = json_array();
		for (int m = 0; m <= BC_CASH_MONTHS; m++)
			json_array_append_new(a, json_integer((json_int_t)llround(v[m])));
		json_object_set_new(cash, bc_scenario_name((enum bc_scenario)s), a);
	}
	json_t *j = json_pack("{s:s,s:I,s:f,s:f,s:I,s:f,s:f,s:I,s:I,s:s}", "kind", bc_unit_kind_name(u->kind),
			      "arpaCents", (json_int_t)u->arpa_cents, "grossMarginPct",
			      round(u->margin * 1e6) / 1e4, "churnPct", round(u->churn * 1e6) / 1e4,
			      "cacCents", (json_int_t)u->cac_cents, "customers", u->customers, "newPerMonth",
			      u->new_per_month, "cashCents", (json_int_t)u->cash_cents, "fixedCents",
			      (json_int_t)u->fixed_cents, "updatedAt", u->updated_at);
	json_object_set_new(j, "ltvCents", cents_or_null(o.ltv));
	json_object_set_new(j, "ltvCac", num_or_null(o.ltv_cac));
	json_object_set_new(j, "cacPaybackMonths", num_or_null(o.cac_payback));
	json_object_set_new(j, "burnCents", json_integer((json_int_t)llround(o.burn)));
	json_object_set_new(j, "runwayMonths", num_or_null(o.runway));
	json_object_set_new(j, "burnMultiple", num_or_null(o.burn_multiple));
	json_object_set_new(j, "netNewArrCents", json_integer((json_int_t)llround(o.net_new_arr)));
	json_object_set_new(j, "cash", cash);
	return j;
}

static json_t *factors_json(const struct bc_calc *k)
{
	json_t *a = json_array();
	for (int c = 1; c <= BC_CATEGORY_COUNT; c++)
		json_array_append_new(a, json_pack("{s:s,s:f,s:f}", "category",
						   bc_category_name((enum bc_category)c), "best",
						   k->c.best[c], "worst", k->c.worst[c]));
	return a;
}

json_t *bc_case_doc(const struct api_ctx *c, int64_t case_id)
{
	struct bc_calc k;
	if (bc_calc_load(case_id, &k) < 0)
		return NULL;
	json_t *holders = stakeholders(k.c.initiative_id);
	json_t *years = json_array();
	for (int y = 0; y <= k.c.horizon; y++)
		json_array_append_new(years, json_integer(y));
	json_t *parties = parties_json(&k, holders);
	json_t *d = json_pack("{s:I,s:{s:I,s:s},s:s,s:s,s:i,s:f,s:s,s:o,s:{s:f,s:s,s:s},s:b,s:s,s:s,s:o}",
			      "id", (json_int_t)k.c.id, "initiative", "id", (json_int_t)k.c.initiative_id,
			      "name", k.c.initiative_name, "name", k.c.name, "description", k.c.description,
			      "horizon", k.c.horizon, "ratePct", pct(k.c.rate), "rateSource", k.c.rate_source,
			      "rateDate", k.c.rate_date[0] ? json_string(k.c.rate_date) : json_null(),
			      "ratePreset", "ratePct", pct(BC_RATE_PRESET), "date", BC_RATE_PRESET_DATE,
			      "source", BC_RATE_PRESET_SOURCE, "stakeholderMap", holders != NULL, "createdAt",
			      k.c.created_at, "updatedAt", k.c.updated_at, "years", years);
	json_object_set_new(d, "parties", parties);
	json_object_set_new(d, "lines", lines_json(&k));
	json_object_set_new(d, "totals", totals_json(&k));
	json_object_set_new(d, "factors", factors_json(&k));
	json_object_set_new(d, "scenarios", scenarios_json(&k));
	json_object_set_new(d, "sensitivity", sensitivity_json(&k));
	json_object_set_new(d, "tornado", tornado_json(&k));
	json_object_set_new(d, "deal", deal_json(&k, parties));
	json_object_set_new(d, "unitEconomics", unit_json(&k));
	json_t *org = api_org_doc(k.c.org_id);
	json_object_set(d, "organisation", json_object_get(org, "slug"));
	json_object_set(d, "organisationName", json_object_get(org, "name"));
	json_decref(org);
	json_object_set_new(d, "canEdit", json_boolean(c && c->role >= ROLE_BEWERKER));
	json_decref(holders);
	bc_calc_free(&k);
	return d;
}

int bc_evidence(int64_t initiative_id, json_t *into)
{
	int64_t id = bc_store_latest_case(initiative_id);
	struct bc_calc k;
	if (id <= 0 || bc_calc_load(id, &k) < 0)
		return 0;
	json_t *parties = json_array();
	int below = 0;
	const struct bc_party_result *r = k.res[BC_SCENARIO_BASIS];
	for (size_t i = 0; i < k.c.n_parties; i++) {
		below += r[i].npv < 0;
		json_array_append_new(parties,
				      json_pack("{s:s,s:I,s:o,s:I,s:I}", "name", k.c.parties[i].name,
						"npvCents", (json_int_t)r[i].npv, "paybackYear",
						year_or_null(r[i].payback), "paysCents",
						(json_int_t)r[i].pays, "gainsCents", (json_int_t)r[i].gains));
	}
	json_object_set_new(into, "businesscase",
			    json_pack("{s:I,s:s,s:I,s:o,s:i,s:b}", "caseId", (json_int_t)k.c.id, "name",
				      k.c.name, "totalNpvCents", (json_int_t)k.total[BC_SCENARIO_BASIS],
				      "parties", parties, "partiesBelowZero", below, "dealPossible",
				      k.total[BC_SCENARIO_BASIS] >= 0));
	bc_calc_free(&k);
	return 0;
}
