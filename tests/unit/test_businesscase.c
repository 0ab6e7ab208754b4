/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Unit tests of the business-case maths (docs/businesscase.md) against values
 * worked out by hand (the 10 % NPV example is the textbook one: -1000, 300,
 * 400, 500 gives -21.04), and a property test of the deal over many random
 * cases with a fixed seed.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/businesscase.h"
#include "test.h"

TEST(test_bc_words_round_trip_and_unknown_words_are_none)
{
	CHECK_STR(bc_kind_name(BC_KIND_KOSTEN), "kosten");
	CHECK_INT(bc_kind_parse("baten"), BC_KIND_BATEN);
	CHECK_INT(bc_kind_parse("Baten"), BC_KIND_NONE);
	CHECK_STR(bc_category_name(BC_CATEGORY_MAATSCHAPPELIJK), "maatschappelijk");
	CHECK_INT(bc_category_parse("besparing"), BC_CATEGORY_BESPARING);
	CHECK_INT(bc_category_parse(NULL), BC_CATEGORY_NONE);
	CHECK_STR(bc_scenario_name(BC_SCENARIO_ONGUNSTIG), "ongunstig");
	CHECK_STR(bc_unit_kind_name(BC_UNIT_PUBLIEK), "publiek");
	CHECK_INT(bc_unit_kind_parse("scaleup"), BC_UNIT_SCALEUP);
	CHECK_STR(bc_kind_name(BC_KIND_NONE), "");
}

TEST(test_bc_factor_leaves_year_zero_undiscounted_and_discounts_end_of_year)
{
	CHECK_NEAR(bc_factor(0.0225, 0), 1.0, 0);
	CHECK_NEAR(bc_factor(0.0225, 1), 1 / 1.0225, 1e-15);
	CHECK_NEAR(bc_factor(0.10, 3), 1 / 1.331, 1e-12);
	CHECK_NEAR(bc_factor(0, 7), 1.0, 0);
}

TEST(test_bc_npv_textbook_example_at_ten_percent)
{
	/* -1000 + 300/1.1 + 400/1.21 + 500/1.331 = -21.036814... euro */
	int64_t f[] = {-100000, 30000, 40000, 50000};
	CHECK_INT(bc_npv(f, 3, 0.10), -2104);
	/* in cents to the cent: -1,000,000 + 272,727.27 + 330,578.51 + 375,657.40 */
	int64_t g[] = {-1000000, 300000, 400000, 500000};
	CHECK_INT(bc_npv(g, 3, 0.10), -21037);
	/* at 0 % the NPV is the plain sum */
	CHECK_INT(bc_npv(g, 3, 0), 200000);
}

TEST(test_bc_npv_at_the_dutch_standard_rate)
{
	/* 10,000.00 in year 1 at 2.25 %: 10000 / 1.0225 = 9779.9511 euro */
	int64_t f[] = {0, 1000000};
	CHECK_INT(bc_npv(f, 1, 0.0225), 977995);
	/* -1000 now, +1100 in year 2: -1000 + 1100 / 1.04550625 = 52.1219 */
	int64_t g[] = {-100000, 0, 110000};
	CHECK_INT(bc_npv(g, 2, 0.0225), 5212);
}

TEST(test_bc_payback_is_the_year_the_cumulative_flow_turns_for_good)
{
	int64_t a[] = {-1000, 300, 400, 500}; /* -1000, -700, -300, 200 */
	CHECK_INT(bc_payback(a, 3), 3);
	int64_t b[] = {-1000, 600, 600}; /* -1000, -400, 200 */
	CHECK_INT(bc_payback(b, 2), 2);
	int64_t c[] = {-100, 200, -150, 100}; /* -100, 100, -50, 50: back below in year 2 */
	CHECK_INT(bc_payback(c, 3), 3);
	int64_t d[] = {-100, 200, -300, 50}; /* ends at -150 */
	CHECK_INT(bc_payback(d, 3), -1);
	int64_t e[] = {0, 10, 10}; /* only gains: whole from year 0 */
	CHECK_INT(bc_payback(e, 2), 0);
	int64_t z[] = {-100, 100}; /* exactly zero counts as paid back */
	CHECK_INT(bc_payback(z, 1), 1);
}

TEST(test_bc_breakeven_uses_the_discounted_cumulative_flow)
{
	int64_t b[] = {-1000, 600, 600};
	/* 10 %: -1000 + 545.45 + 495.87 = 41.32 >= 0 in year 2 */
	CHECK_INT(bc_breakeven(b, 2, 0.10), 2);
	/* 20 %: -1000 + 500 + 416.67 = -83.33: never */
	CHECK_INT(bc_breakeven(b, 2, 0.20), -1);
	int64_t a[] = {-1000, 300, 400, 500}; /* -21.04 at 10 %: never, though paid back in year 3 */
	CHECK_INT(bc_breakeven(a, 3, 0.10), -1);
	CHECK_INT(bc_payback(a, 3), 3);
}

TEST(test_bc_rate_sensitivity_lower_rate_raises_a_late_benefit)
{
	int64_t b[] = {-100000, 60000, 60000};
	CHECK_INT(bc_npv(b, 2, 0.00), 20000);
	CHECK_INT(bc_npv(b, 2, 0.10), 4132);  /* 54545.45 + 49586.78 - 100000 */
	CHECK_INT(bc_npv(b, 2, 0.20), -8333); /* 50000 + 41666.67 - 100000 */
}

/* A small wrong-pocket case: the municipality pays, the insurer gains. */
static void two_party_case(struct bc_line *l, struct bc_input *in)
{
	memset(l, 0, 2 * sizeof *l);
	l[0] = (struct bc_line){.party = 0,
				.kind = BC_KIND_KOSTEN,
				.category = BC_CATEGORY_INVESTERING,
				.best = 0.9,
				.worst = 1.5};
	l[0].cents[0] = 100000;
	l[1] = (struct bc_line){
	    .party = 1, .kind = BC_KIND_BATEN, .category = BC_CATEGORY_BESPARING, .best = 1.2, .worst = 0.5};
	l[1].cents[1] = 110000;
	*in = (struct bc_input){.horizon = 1, .rate = 0.10, .n_parties = 2, .n_lines = 2, .lines = l};
}

TEST(test_bc_evaluate_builds_the_wrong_pocket_matrix_per_party)
{
	struct bc_line l[2];
	struct bc_input in;
	two_party_case(l, &in);
	struct bc_party_result r[2];
	int64_t total;
	bc_evaluate(&in, BC_SCENARIO_BASIS, in.rate, r, &total);
	CHECK_INT(r[0].net[0], -100000);
	CHECK_INT(r[0].net[1], 0);
	CHECK_INT(r[1].net[1], 110000);
	CHECK_INT(r[0].npv, -100000);
	CHECK_INT(r[1].npv, 100000); /* 110000 / 1.1 */
	CHECK_INT(total, 0);
	CHECK_INT(r[0].payback, -1);
	CHECK_INT(r[1].payback, 0);
	CHECK_INT(r[0].pays, 100000);
	CHECK_INT(r[0].gains, 0);
	CHECK_INT(r[1].gains, 110000);
}

TEST(test_bc_scenarios_multiply_flows_not_the_rate)
{
	struct bc_line l[2];
	struct bc_input in;
	two_party_case(l, &in);
	struct bc_party_result r[2];
	int64_t total;
	bc_evaluate(&in, BC_SCENARIO_GUNSTIG, in.rate, r, &total);
	CHECK_INT(r[0].npv, -90000); /* cost x 0.9 */
	CHECK_INT(r[1].npv, 120000); /* 132000 / 1.1 */
	CHECK_INT(total, 30000);
	bc_evaluate(&in, BC_SCENARIO_ONGUNSTIG, in.rate, r, &total);
	CHECK_INT(r[0].npv, -150000); /* cost x 1.5 */
	CHECK_INT(r[1].npv, 50000);   /* 55000 / 1.1 */
	CHECK_INT(total, -100000);
	/* a multiplier rounds each line-year to the cent, half away from zero */
	l[0].worst = 1.000005; /* 100000 x 1.000005 = 100000.5 -> 100001 */
	CHECK_INT(bc_line_flow(&l[0], 0, BC_SCENARIO_ONGUNSTIG), -100001);
}

TEST(test_bc_tornado_ranks_lines_by_swing)
{
	struct bc_line l[2];
	struct bc_input in;
	two_party_case(l, &in);
	struct bc_swing s[2];
	CHECK_INT(bc_tornado(&in, s), 2);
	/* benefit: 0.5 -> -50000, 1.2 -> +20000 (swing 70000); cost: 1.5 -> -50000, 0.9 -> +10000 (60000) */
	CHECK_INT(s[0].line, 1);
	CHECK_INT(s[0].low, -50000);
	CHECK_INT(s[0].high, 20000);
	CHECK_INT(s[1].line, 0);
	CHECK_INT(s[1].low, -50000);
	CHECK_INT(s[1].high, 10000);
}

TEST(test_bc_deal_worked_example_proportional_to_surplus)
{
	/* deficits 300 + 50 = 350; surpluses 500 and 100 pay 291.67 and 58.33:
	 * floored 291 and 58, the cent left goes to the larger remainder (.67) */
	int64_t npv[] = {-300, 500, 100, -50};
	struct bc_transfer t[4];
	int64_t sum;
	int k = bc_deal(npv, 4, t, &sum);
	CHECK_INT(k, 3);
	CHECK_INT(sum, 350);
	CHECK_INT(t[0].from, 1);
	CHECK_INT(t[0].to, 0);
	CHECK_INT(t[0].cents, 292);
	CHECK_INT(t[1].from, 2);
	CHECK_INT(t[1].to, 0);
	CHECK_INT(t[1].cents, 8);
	CHECK_INT(t[2].from, 2);
	CHECK_INT(t[2].to, 3);
	CHECK_INT(t[2].cents, 50);
}

TEST(test_bc_deal_says_no_when_the_total_is_negative_and_nothing_when_all_are_whole)
{
	int64_t neg[] = {-300, 100};
	struct bc_transfer t[2];
	int64_t sum = 99;
	CHECK_INT(bc_deal(neg, 2, t, &sum), -1);
	CHECK_INT(sum, 0);
	int64_t ok[] = {0, 100, 5};
	CHECK_INT(bc_deal(ok, 3, t, &sum), 0);
	CHECK_INT(sum, 0);
	int64_t zero[] = {-100, 100}; /* total exactly zero: a deal, everyone ends at 0 */
	CHECK_INT(bc_deal(zero, 2, t, &sum), 1);
	CHECK_INT(t[0].cents, 100);
}

static uint64_t rng = 0x5ca1e1abULL;
static int64_t rnd(int64_t lo, int64_t hi)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return lo + (int64_t)(rng % (uint64_t)(hi - lo + 1));
}

TEST(test_bc_deal_property_over_random_cases)
{
	int deals = 0, none = 0;
	for (int iter = 0; iter < 20000; iter++) {
		int n = (int)rnd(1, 15);
		int64_t npv[15], after[15], deficit = 0, total = 0;
		int64_t scale = rnd(0, 3) == 0 ? 100 : 1000000000; /* small values stress the cents */
		for (int i = 0; i < n; i++) {
			npv[i] = rnd(-scale, scale);
			if (rnd(0, 9) == 0)
				npv[i] = 0;
			total += npv[i];
			deficit += npv[i] < 0 ? -npv[i] : 0;
			after[i] = npv[i];
		}
		struct bc_transfer t[15];
		int64_t sum = -1;
		int k = bc_deal(npv, n, t, &sum);
		if (total < 0) {
			CHECK_INT(k, -1);
			none++;
			continue;
		}
		deals++;
		CHECK(k >= 0 && k <= (n > 0 ? n - 1 : 0));
		int64_t net = 0, paid = 0;
		for (int j = 0; j < k; j++) {
			CHECK(t[j].cents > 0);
			CHECK(npv[t[j].from] > 0); /* only a party with a surplus pays */
			CHECK(npv[t[j].to] < 0);   /* only a party below zero receives */
			after[t[j].from] -= t[j].cents;
			after[t[j].to] += t[j].cents;
			net +=
			    t[j].cents - t[j].cents; /* every payment leaves one party and reaches another */
			paid += t[j].cents;
		}
		int64_t moved = 0;
		for (int i = 0; i < n; i++) {
			CHECK(after[i] >= 0); /* no party below zero */
			moved += after[i] - npv[i];
		}
		CHECK_INT(moved, 0); /* transfers sum to zero over the parties */
		CHECK_INT(net, 0);
		CHECK_INT(sum, deficit); /* the total transfer is the sum of the deficits: the minimum */
		CHECK_INT(paid, deficit);
	}
	CHECK(deals > 1000 && none > 1000); /* both branches were exercised */
}

TEST(test_bc_deal_property_through_whole_random_cases)
{
	for (int iter = 0; iter < 500; iter++) {
		struct bc_line l[12];
		memset(l, 0, sizeof l);
		int parties = (int)rnd(2, 6), lines = (int)rnd(1, 12), horizon = (int)rnd(1, 30);
		for (int i = 0; i < lines; i++) {
			l[i].party = (int)rnd(0, parties - 1);
			l[i].kind = rnd(0, 1) ? BC_KIND_KOSTEN : BC_KIND_BATEN;
			l[i].best = l[i].worst = 1;
			for (int y = 0; y <= horizon; y++)
				l[i].cents[y] = rnd(0, 5) ? rnd(0, 10000000) : 0;
		}
		struct bc_input in = {horizon, (double)rnd(0, 500) / 10000.0, parties, lines, l};
		struct bc_party_result r[6];
		int64_t total, npv[6], sum;
		bc_evaluate(&in, BC_SCENARIO_BASIS, in.rate, r, &total);
		int64_t deficit = 0;
		for (int p = 0; p < parties; p++) {
			npv[p] = r[p].npv;
			deficit += npv[p] < 0 ? -npv[p] : 0;
		}
		struct bc_transfer t[6];
		int k = bc_deal(npv, parties, t, &sum);
		CHECK((k < 0) == (total < 0));
		if (k < 0)
			continue;
		for (int j = 0; j < k; j++) {
			npv[t[j].from] -= t[j].cents;
			npv[t[j].to] += t[j].cents;
		}
		int64_t after = 0;
		for (int p = 0; p < parties; p++) {
			CHECK(npv[p] >= 0);
			after += npv[p];
		}
		CHECK_INT(after, total);
		CHECK_INT(sum, deficit);
	}
}

static struct bc_unit_in scaleup(void)
{
	return (struct bc_unit_in){.arpa = 50000, /* EUR 500 a month */
				   .margin = 0.8,
				   .churn = 0.02,
				   .cac = 1200000, /* EUR 12,000 */
				   .customers = 100,
				   .new_per_month = 10,
				   .cash = 50000000, /* EUR 500,000 */
				   .fixed = 6000000};
}

TEST(test_bc_unit_economics_worked_example)
{
	struct bc_unit_in in = scaleup();
	struct bc_unit_out o;
	bc_unit(&in, &o);
	CHECK_NEAR(o.ltv, 2000000, 1e-12); /* 500 x 0.8 / 0.02 = EUR 20,000 */
	CHECK_NEAR(o.ltv_cac, 20000.0 / 12000.0, 1e-12);
	CHECK_NEAR(o.cac_payback, 30, 1e-12);	   /* 12,000 / 400 */
	CHECK_NEAR(o.burn, 14000000, 1e-12);	   /* 60,000 + 10 x 12,000 - 100 x 400 */
	CHECK_NEAR(o.runway, 50.0 / 14.0, 1e-12);  /* 500,000 / 140,000 */
	CHECK_NEAR(o.net_new_arr, 4800000, 1e-12); /* (10 - 2) x 500 x 12 */
	CHECK_NEAR(o.burn_multiple, 14.0 / 4.8, 1e-12);
}

TEST(test_bc_unit_economics_without_churn_or_burn_has_no_bound)
{
	struct bc_unit_in in = scaleup();
	in.churn = 0;
	in.fixed = 0;
	in.new_per_month = 0;
	struct bc_unit_out o;
	bc_unit(&in, &o);
	CHECK(isnan(o.ltv));
	CHECK(isnan(o.ltv_cac));
	CHECK(o.burn < 0); /* 100 adopters bring in 40,000 a month */
	CHECK(isnan(o.runway));
	CHECK(isnan(o.burn_multiple));
}

TEST(test_bc_unit_cash_over_months_follows_the_adopters)
{
	struct bc_unit_in in = scaleup();
	double c[BC_CASH_MONTHS + 1];
	bc_unit_cash(&in, BC_SCENARIO_BASIS, BC_CASH_MONTHS, c);
	CHECK_NEAR(c[0], 50000000, 0);
	CHECK_NEAR(c[1], 36000000, 1e-12); /* minus the burn */
	/* 108 adopters (100 x 0.98 + 10) bring 4,320,000; costs 18,000,000 */
	CHECK_NEAR(c[2], 22320000, 1e-12);
	double g[BC_CASH_MONTHS + 1], w[BC_CASH_MONTHS + 1];
	bc_unit_cash(&in, BC_SCENARIO_GUNSTIG, BC_CASH_MONTHS, g);
	bc_unit_cash(&in, BC_SCENARIO_ONGUNSTIG, BC_CASH_MONTHS, w);
	/* month 2 gunstig: 12 new x 12,000 = 144,000 a month; churn 1.6 %: 110.4 adopters */
	CHECK_NEAR(g[1], 50000000 + 4000000 - 6000000 - 14400000, 1e-12);
	CHECK_NEAR(g[2], g[1] + 110.4 * 40000 - 6000000 - 14400000, 1e-12);
	CHECK(w[BC_CASH_MONTHS] != c[BC_CASH_MONTHS]);
}

TEST(test_bc_euro_cents_reads_dutch_and_english_amounts)
{
	CHECK_INT(bc_euro_cents("180.000", 7, "nl"), 18000000);
	CHECK_INT(bc_euro_cents("95.000,50", 9, "nl"), 9500050);
	CHECK_INT(bc_euro_cents("95,000.50", 9, "en"), 9500050);
	CHECK_INT(bc_euro_cents("\xe2\x82\xac 1.250", 9, "nl"), 125000);
	CHECK_INT(bc_euro_cents("", 0, "nl"), 0);
	CHECK_INT(bc_euro_cents("  ", 2, "nl"), 0);
	CHECK_INT(bc_euro_cents("-5", 2, "nl"), -1);
	CHECK_INT(bc_euro_cents("1,005", 5, "nl"), -1); /* a tenth of a cent */
	CHECK_INT(bc_euro_cents("1,2,3", 5, "nl"), -1);
	CHECK_INT(bc_euro_cents("veel", 4, "nl"), -1);
	CHECK_INT(bc_euro_cents(",", 1, "nl"), -1);
}

TEST(test_bc_amounts_parse_counts_years_from_zero_and_refuses_past_the_horizon)
{
	int64_t c[BC_HORIZON_MAX + 1] = {0};
	uint32_t years = 0;
	int bad;
	const char *s = "180.000; 95.000,50\n\n1.000\n";
	CHECK_INT(bc_amounts_parse(s, strlen(s), 10, "nl", c, &years, &bad), 0);
	CHECK_INT(years, 0xf);
	CHECK_INT(c[0], 18000000);
	CHECK_INT(c[1], 9500050);
	CHECK_INT(c[2], 0);
	CHECK_INT(c[3], 100000);
	years = 0;
	CHECK_INT(bc_amounts_parse("1;2;3", 5, 1, "nl", c, &years, &bad), -2); /* years 0..2, horizon 1 */
	years = 0;
	CHECK_INT(bc_amounts_parse("1;twee", 6, 5, "nl", c, &years, &bad), -1);
	CHECK_INT(bad, 1);
	years = 0;
	CHECK_INT(bc_amounts_parse("", 0, 5, "nl", c, &years, &bad), 0);
	CHECK_INT(years, 0);
}

TEST(test_bc_a_party_below_zero_with_power_four_or_five_can_block)
{
	CHECK(bc_can_block(-1, 4));
	CHECK(bc_can_block(-1, 5));
	CHECK(!bc_can_block(-1, 3));
	CHECK(!bc_can_block(0, 5)); /* at zero it loses nothing */
	CHECK(!bc_can_block(100, 5));
}

int main(void)
{
	RUN(test_bc_words_round_trip_and_unknown_words_are_none);
	RUN(test_bc_factor_leaves_year_zero_undiscounted_and_discounts_end_of_year);
	RUN(test_bc_npv_textbook_example_at_ten_percent);
	RUN(test_bc_npv_at_the_dutch_standard_rate);
	RUN(test_bc_payback_is_the_year_the_cumulative_flow_turns_for_good);
	RUN(test_bc_breakeven_uses_the_discounted_cumulative_flow);
	RUN(test_bc_rate_sensitivity_lower_rate_raises_a_late_benefit);
	RUN(test_bc_evaluate_builds_the_wrong_pocket_matrix_per_party);
	RUN(test_bc_scenarios_multiply_flows_not_the_rate);
	RUN(test_bc_tornado_ranks_lines_by_swing);
	RUN(test_bc_deal_worked_example_proportional_to_surplus);
	RUN(test_bc_deal_says_no_when_the_total_is_negative_and_nothing_when_all_are_whole);
	RUN(test_bc_deal_property_over_random_cases);
	RUN(test_bc_deal_property_through_whole_random_cases);
	RUN(test_bc_unit_economics_worked_example);
	RUN(test_bc_unit_economics_without_churn_or_burn_has_no_bound);
	RUN(test_bc_unit_cash_over_months_follows_the_adopters);
	RUN(test_bc_euro_cents_reads_dutch_and_english_amounts);
	RUN(test_bc_amounts_parse_counts_years_from_zero_and_refuses_past_the_horizon);
	RUN(test_bc_a_party_below_zero_with_power_four_or_five_can_block);
	return TEST_DONE();
}
