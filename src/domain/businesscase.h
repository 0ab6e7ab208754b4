/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * businesscase: the maths of a business case per party (docs/businesscase.md):
 * the wrong-pocket matrix (parties x years, net cash flow in cents), NPV with
 * end-of-year flows and year 0 undiscounted, payback and break-even years,
 * scenarios (multipliers on flows, never on the rate), the rate sensitivity,
 * the tornado of lines, the smallest transfers that make every party whole,
 * and unit economics (LTV, CAC payback, burn, runway, burn multiple, cash
 * over 36 months). Pure: no I/O, money as integer cents.
 */
#ifndef SL_BUSINESSCASE_H
#define SL_BUSINESSCASE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/organisation.h"

#define BC_HORIZON_MAX 30 /* years after year 0 */
#define BC_PARTIES_MAX 20
#define BC_LINES_MAX 200
#define BC_NAME_MAX 120
#define BC_TEXT_MAX 2000
#define BC_CENTS_MAX 100000000000000LL /* 1 trillion euro: a line-year's bound */
#define BC_RATE_MIN (-0.05)	       /* -5 %: below the risk-free -1 % with room */
#define BC_RATE_MAX 0.20
#define BC_FACTOR_MAX 10.0 /* scenario multiplier bound */
#define BC_CASH_MONTHS 36

/* The preset discount rate: the Dutch standard rate for social cost-benefit
 * analysis (MKBA), 2.25 % real, in force for MKBAs started from 1 January 2021
 * (Werkgroep discontovoet 2020, adopted by the cabinet). */
#define BC_RATE_PRESET 0.0225
#define BC_RATE_PRESET_DATE "2021-01-01"

enum bc_kind { BC_KIND_NONE = 0, BC_KIND_KOSTEN, BC_KIND_BATEN };
enum bc_category {
	BC_CATEGORY_NONE = 0,
	BC_CATEGORY_INVESTERING,     /* one-off investment */
	BC_CATEGORY_EXPLOITATIE,     /* running costs */
	BC_CATEGORY_BESPARING,	     /* avoided costs */
	BC_CATEGORY_OPBRENGST,	     /* revenue */
	BC_CATEGORY_MAATSCHAPPELIJK, /* social effects valued in money */
	BC_CATEGORY_OVERIG,
};
#define BC_CATEGORY_COUNT 6
enum bc_scenario { BC_SCENARIO_NONE = 0, BC_SCENARIO_GUNSTIG, BC_SCENARIO_BASIS, BC_SCENARIO_ONGUNSTIG };
enum bc_unit_kind { BC_UNIT_NONE = 0, BC_UNIT_SCALEUP, BC_UNIT_PUBLIEK };

/* Stored and API words, index + 1 being the enum value, NULL-terminated. */
extern const char *const bc_kinds[];	  /* kosten, baten */
extern const char *const bc_categories[]; /* investering, exploitatie, besparing, ... */
extern const char *const bc_scenarios[];  /* gunstig, basis, ongunstig */
extern const char *const bc_unit_kinds[]; /* scaleup, publiek */
const char *bc_kind_name(enum bc_kind k);
enum bc_kind bc_kind_parse(const char *s);
const char *bc_category_name(enum bc_category c);
enum bc_category bc_category_parse(const char *s);
const char *bc_scenario_name(enum bc_scenario s);
const char *bc_unit_kind_name(enum bc_unit_kind k);
enum bc_unit_kind bc_unit_kind_parse(const char *s);

/* One line of cost or benefit of one party. */
struct bc_line {
	int party; /* index into the case's parties */
	enum bc_kind kind;
	enum bc_category category;
	int64_t cents[BC_HORIZON_MAX + 1]; /* amount per year, >= 0; sign from kind */
	double best, worst;		   /* effective multipliers of the two scenarios */
};

/* A case as the maths needs it; lines borrowed. */
struct bc_input {
	int horizon; /* 1..BC_HORIZON_MAX: years 0..horizon */
	double rate; /* fraction: 0.0225 */
	int n_parties;
	int n_lines;
	const struct bc_line *lines;
};

/* One party's figures in one scenario at one rate. */
struct bc_party_result {
	int64_t net[BC_HORIZON_MAX + 1]; /* net cash flow per year, cents */
	int64_t npv;			 /* cents, rounded half away from zero */
	int payback;			 /* first year from which the cumulative flow stays >= 0; -1: none */
	int breakeven;			 /* the same on the discounted cumulative flow; -1: none */
	int64_t pays, gains;		 /* nominal sums of its costs and benefits, cents */
};

/* Discount factor of year y at rate r: 1 / (1 + r)^y (year 0: 1). */
double bc_factor(double rate, int year);
/* The flow of one line in year y in a scenario: cents x multiplier, rounded,
 * negative for a cost. */
int64_t bc_line_flow(const struct bc_line *l, int year, enum bc_scenario s);
/* NPV of flows[0..horizon] in cents: round(sum flows[y] / (1 + r)^y). */
int64_t bc_npv(const int64_t *flows, int horizon, double rate);
/* First year from which the cumulative sum of flows[0..horizon] stays >= 0
 * to the horizon; -1 when it ends below zero. */
int bc_payback(const int64_t *flows, int horizon);
/* bc_payback on the discounted flows (the discounted payback). */
int bc_breakeven(const int64_t *flows, int horizon, double rate);
/* Every party's figures (out has in->n_parties entries); *total is the sum
 * of the parties' rounded NPVs. */
void bc_evaluate(const struct bc_input *in, enum bc_scenario s, double rate, struct bc_party_result *out,
		 int64_t *total);

/* One line's swing in the tornado: total NPV with only that line at its
 * ongunstig and its gunstig multiplier (all others at basis). */
struct bc_swing {
	int line; /* index into in->lines */
	int64_t low, high;
};
/* The swings of all lines, largest |high - low| first (ties: lower index
 * first); returns the count (in->n_lines). out has in->n_lines entries. */
int bc_tornado(const struct bc_input *in, struct bc_swing *out);

/* A payment from one party to another, in cents (> 0). */
struct bc_transfer {
	int from, to;
	int64_t cents;
};
/*
 * The deal: transfers that leave every party's NPV >= 0 with the smallest
 * total. When the total NPV is >= 0 the minimal total equals the sum of the
 * deficits; each party with a surplus pays its share of that sum in
 * proportion to its surplus (largest remainder, to the cent), and payers
 * are matched to receivers in order. Returns the number of transfers
 * written to out (at most n - 1 + n; out needs 2n entries), or -1 when
 * the total NPV is negative: no transfers can make everyone whole.
 */
int bc_deal(const int64_t *npv, int n, struct bc_transfer *out, int64_t *total_transfer);

/* Unit economics: monthly figures of one adopter (customer, adopting
 * organisation). */
struct bc_unit_in {
	double arpa;	  /* cents per adopter per month (revenue, or saving for publiek) */
	double margin;	  /* gross margin, fraction 0..1 */
	double churn;	  /* share of adopters lost per month, fraction 0..1 */
	double cac;	  /* cents to win and onboard one adopter */
	double customers; /* adopters today */
	double new_per_month;
	double cash;  /* cents in the bank today */
	double fixed; /* other costs per month, cents */
};
struct bc_unit_out {
	double ltv;	      /* cents; NAN when churn is 0 (unbounded) */
	double ltv_cac;	      /* NAN when cac or churn is 0 */
	double cac_payback;   /* months; NAN when arpa x margin is 0 */
	double burn;	      /* net cash out per month, cents (negative: cash comes in) */
	double runway;	      /* months; NAN when burn <= 0 (no end) */
	double burn_multiple; /* burn / net new ARR; NAN when burn <= 0 or ARR does not grow */
	double net_new_arr;   /* cents per month */
};
void bc_unit(const struct bc_unit_in *in, struct bc_unit_out *out);
/* Scenario multipliers of the cash chart: new adopters and churn. */
void bc_unit_scenario(enum bc_scenario s, double *new_factor, double *churn_factor);
/* Cash at the end of months 0..months (cash[0] today) in a scenario. */
void bc_unit_cash(const struct bc_unit_in *in, enum bc_scenario s, int months, double *cash);

/* Amounts as a person types them on a page: euros of year 0, 1, 2, ...
 * separated by ";" or line breaks, in the page's language (nl: "180.000"
 * and "95.000,50"; en: "180,000" and "95,000.50"; spaces and a euro sign
 * are ignored; an empty year is 0). Fills cents[0..] and the bit of each
 * year given in *years. Returns 0; -1 with *bad_year the year whose text is
 * no amount of 0 or more; -2 when there are more years than horizon + 1. */
int bc_amounts_parse(const char *s, size_t len, int horizon, const char *lang, int64_t *cents,
		     uint32_t *years, int *bad_year);
/* One typed amount in euros (see bc_amounts_parse): cents, or -1. */
int64_t bc_euro_cents(const char *s, size_t n, const char *lang);
/* Whether a party can block the deal: below zero with power >= 4 (1-5). */
int bc_can_block(int64_t npv, int power);

/* --- a stored case ------------------------------------------------------ */

struct bc_party_rec {
	int64_t id;
	char *name;
	enum organisation_kind helix;
};

struct bc_line_rec {
	int64_t id, party_id;
	enum bc_kind kind;
	enum bc_category category;
	char *label, *source;
	int has_best, has_worst; /* the line's own multipliers; else its category's */
	double best, worst;
	int64_t cents[BC_HORIZON_MAX + 1];
	uint32_t years; /* bit y: year y has a stored amount */
};

struct bc_unit_rec {
	enum bc_unit_kind kind;
	int64_t arpa_cents, cac_cents, cash_cents, fixed_cents;
	double margin, churn; /* fractions */
	double customers, new_per_month;
	char updated_at[21];
};

/* A case with everything under it, as the store hands it out (bc_case_free). */
struct bc_case {
	int64_t id, initiative_id, org_id;
	char *name, *description, *rate_source, *initiative_name;
	int horizon;
	double rate;	    /* fraction */
	char rate_date[11]; /* "" when none */
	char created_at[21], updated_at[21];
	struct bc_party_rec *parties; /* by id */
	size_t n_parties;
	struct bc_line_rec *lines; /* by party, kind, id */
	size_t n_lines;
	double best[BC_CATEGORY_COUNT + 1], worst[BC_CATEGORY_COUNT + 1]; /* by category; 1 when unset */
	int has_unit;
	struct bc_unit_rec unit;
};

void bc_case_free(struct bc_case *c);
/* Index of party id in c->parties, or -1. */
int bc_case_party_index(const struct bc_case *c, int64_t party_id);
/* Fills lines (c->n_lines entries) and *in for the maths: party indexes and
 * the effective multipliers (the line's own, else its category's). */
void bc_case_input(const struct bc_case *c, struct bc_line *lines, struct bc_input *in);

#endif
