/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the growth kernels (docs/metrics.md, "Growth") with values worked out by hand. */
#include <stdlib.h>
#include <string.h>

#include "domain/metrics.h"
#include "domain/metrics_growth.h"
#include "test.h"

#define D METRICS_DAY_MS
/* 2026-11-02, a Monday, 00:00:00Z */
#define MON 20759LL

static int64_t dec(const char *s)
{
	int64_t m = 0;
	return growth_decimal_parse(s, strlen(s), &m) == 0 ? m : 999999999999LL;
}

TEST(test_growth_decimals_are_exact)
{
	/* 0.1 + 0.2 is exactly 0.30 (a double gives 0.30000000000000004) */
	int64_t sum = 0;
	CHECK_INT(growth_decimal_add(&sum, dec("0.1")), 0);
	CHECK_INT(growth_decimal_add(&sum, dec("0.2")), 0);
	char out[32];
	growth_decimal_format(sum, 2, out);
	CHECK_STR(out, "0.30");
	CHECK_INT(dec("12.5"), 12500000);
	CHECK_INT(dec("-3"), -3000000);
	CHECK_INT(dec("1e2"), 100000000);
	CHECK_INT(dec("1.5E-3"), 1500);
	CHECK_INT(dec("0.000001"), 1);
	CHECK_INT(dec("19.990000000"), 19990000); /* trailing zeros past 6 decimals are fine */
	int64_t m;
	CHECK_INT(growth_decimal_parse("0.0000001", 9, &m), -1); /* finer than millionths */
	CHECK_INT(growth_decimal_parse("1,50", 4, &m), -1);
	CHECK_INT(growth_decimal_parse(".5", 2, &m), -1);
	CHECK_INT(growth_decimal_parse("5.", 2, &m), -1);
	CHECK_INT(growth_decimal_parse("", 0, &m), -1);
	CHECK_INT(growth_decimal_parse("1e", 2, &m), -1);
	CHECK_INT(growth_decimal_parse("99999999999999", 14, &m), -1); /* over 9.2e12 units */
	CHECK_INT(growth_decimal_parse("NaN", 3, &m), -1);
	growth_decimal_format(-12345000, 2, out);
	CHECK_STR(out, "-12.345");
	growth_decimal_format(7000000, 2, out);
	CHECK_STR(out, "7.00");
	growth_decimal_format(7000000, 0, out);
	CHECK_STR(out, "7");
	sum = INT64_MAX - 1;
	CHECK_INT(growth_decimal_add(&sum, 2), -1);
	CHECK_INT(sum, INT64_MAX - 1);
	CHECK_INT(growth_div_round(5, 2), 3);
	CHECK_INT(growth_div_round(-5, 2), -3);
	CHECK_INT(growth_div_round(4, 3), 1);
}

TEST(test_growth_prop_reads_top_level_members_raw)
{
	const char *j =
	    "{\"a\":{\"revenue\":1},\"$survey_response\": \"9\" ,\"revenue\":19.99,\"x\":[1,\"]\"]}";
	const char *v;
	size_t n;
	int str;
	CHECK_INT(growth_prop(j, strlen(j), "revenue", &v, &n, &str), 1);
	CHECK(n == 5 && !memcmp(v, "19.99", 5) && !str);
	CHECK_INT(growth_prop(j, strlen(j), "$survey_response", &v, &n, &str), 1);
	CHECK(n == 1 && v[0] == '9' && str);
	CHECK_INT(growth_prop(j, strlen(j), "missing", &v, &n, &str), 0);
	CHECK_INT(growth_prop("[1]", 3, "a", &v, &n, &str), -1);
	CHECK_INT(growth_prop("{\"a\":\"open", 10, "b", &v, &n, &str), -1);
	CHECK_INT(growth_prop("{}", 2, "a", &v, &n, &str), 0);
	CHECK_INT(growth_prop("{\"a\":[}", 7, "b", &v, &n, &str), -1);
	/* a number kept as a double and written back with 17 digits is the
	 * decimal the client sent; a string is taken as written */
	int64_t m;
	CHECK_INT(growth_amount_parse("0.20000000000000001", 19, 0, &m), 0);
	CHECK_INT(m, 200000);
	CHECK_INT(growth_amount_parse("19.989999999999998", 18, 0, &m), 0);
	CHECK_INT(m, 19990000);
	CHECK_INT(growth_amount_parse("0.20000000000000001", 19, 1, &m), -1);
	CHECK_INT(growth_amount_parse("0.1234567", 9, 0, &m), -1); /* a real 7th decimal */
	CHECK_INT(growth_score_parse("9", 1, 1), 9);
	CHECK_INT(growth_score_parse("10", 2, 0), 10);
	CHECK_INT(growth_score_parse("9.0", 3, 0), 9);
	CHECK_INT(growth_score_parse("11", 2, 0), -1);
	CHECK_INT(growth_score_parse("-1", 2, 0), -1);
	CHECK_INT(growth_score_parse("8.5", 3, 0), -1);
	CHECK_INT(growth_score_parse("nine", 4, 1), -1);
}

TEST(test_growth_nps_counts_each_persons_latest_answer_and_ignores_bad_scores)
{
	/* person 1: 3 then 10 (latest counts: promoter); person 2: 9; person 3: 6
	 * (detractor) then 12 (ignored: 6 stays); person 4: 7 (passive); person 5:
	 * only "x" (ignored, no respondent). Respondents 4: promoters 2, passives 1,
	 * detractors 1; NPS = 100 x (2 - 1) / 4 = 25; ignored 2. */
	struct growth_nps_acc *a = growth_nps_new();
	growth_nps_add(a, 1, 3);
	growth_nps_add(a, 2, 9);
	growth_nps_add(a, 3, 6);
	growth_nps_add(a, 1, 10);
	growth_nps_add(a, 3, -1);
	growth_nps_add(a, 4, 7);
	growth_nps_add(a, 5, -1);
	struct growth_nps r;
	growth_nps_result(a, &r);
	CHECK_INT(r.respondents, 4);
	CHECK_INT(r.promoters, 2);
	CHECK_INT(r.passives, 1);
	CHECK_INT(r.detractors, 1);
	CHECK_INT(r.ignored, 2);
	CHECK_NEAR(r.nps, 25.0, 1e-12);
	CHECK_INT(r.scores[10], 1);
	CHECK_INT(r.scores[3], 0);
	growth_nps_free(a);
	a = growth_nps_new();
	growth_nps_result(a, &r);
	CHECK_INT(r.respondents, 0);
	CHECK(r.nps < -100); /* undefined */
	growth_nps_add(a, 0, 0);
	growth_nps_result(a, &r);
	CHECK_NEAR(r.nps, -100.0, 1e-12);
	growth_nps_free(a);
}

TEST(test_growth_kfactor_with_and_without_invites)
{
	struct growth_kfactor k;
	/* 40 signups sent 60 invites, 12 accepted: 1.5 x 0.2 = 0.3 */
	growth_kfactor(40, 60, 12, &k);
	CHECK_NEAR(k.invites_per_signup, 1.5, 1e-12);
	CHECK_NEAR(k.acceptance, 0.2, 1e-12);
	CHECK_NEAR(k.k, 0.3, 1e-12);
	growth_kfactor(40, 0, 0, &k); /* nobody invited: K = 0, acceptance undefined */
	CHECK_NEAR(k.invites_per_signup, 0, 1e-12);
	CHECK(k.acceptance < 0);
	CHECK_NEAR(k.k, 0, 1e-12);
	growth_kfactor(0, 5, 1, &k); /* no signups: K undefined */
	CHECK(k.invites_per_signup < 0);
	CHECK_NEAR(k.acceptance, 0.2, 1e-12);
	CHECK(k.k < 0);
}

TEST(test_growth_activation_window_edge_is_inclusive)
{
	/* window 7 days. Person 1 first seen Mon 10:00, activates at exactly +7 d
	 * (counts); person 2 first seen Tue, activates at +7 d + 1 ms (too late);
	 * person 3 first seen Wed with the activation event as first event (counts);
	 * person 4 first seen the next Monday, never activates. */
	struct growth_activation *a = growth_activation_new(GROWTH_WEEK, 7 * D);
	int64_t t1 = MON * D + 10 * 3600000LL, t2 = (MON + 1) * D, t3 = (MON + 2) * D, t4 = (MON + 7) * D;
	growth_activation_add(a, t1, 1, 0);
	growth_activation_add(a, t2, 2, 0);
	growth_activation_add(a, t3, 3, 1);
	growth_activation_add(a, t1 + 7 * D, 1, 1);
	growth_activation_add(a, t4, 4, 0);
	growth_activation_add(a, t2 + 7 * D + 1, 2, 1);
	size_t n;
	/* now: the second week's only person still has 3 days to go */
	struct growth_cohort *c = growth_activation_result(a, t4 + 4 * D, MON, MON + 13, &n);
	CHECK_INT(n, 2);
	CHECK_INT(c[0].period, MON);
	CHECK_INT(c[0].persons, 3);
	CHECK_INT(c[0].activated, 2);
	CHECK_INT(c[0].complete, 1);
	CHECK_INT(c[1].persons, 1);
	CHECK_INT(c[1].activated, 0);
	CHECK_INT(c[1].complete, 0);
	free(c);
	/* from a Wednesday: the first whole week starts the Monday after */
	c = growth_activation_result(a, t4 + 8 * D, MON + 2, MON + 13, &n);
	CHECK_INT(n, 1);
	CHECK_INT(c[0].period, MON + 7);
	free(c);
	growth_activation_free(a);
}

TEST(test_growth_churn_needs_the_silence_after_the_last_event_in_the_period)
{
	/* window 14 days, weeks from MON. Person 1: Mon, Wed; next event Wed + 14 d
	 * exactly (not churned). Person 2: Tue; next event Tue + 14 d + 1 s
	 * (churned). Person 3: Thu, never again (churned once 14 days passed).
	 * Person 4: Fri and Mon of the next week (not churned in week 1; in week 2
	 * nothing after, churned). */
	int64_t W = 14 * D;
	struct growth_churn *c = growth_churn_new(GROWTH_WEEK, W, MON, MON + 13);
	int64_t mon = MON * D;
	growth_churn_add(c, mon, 1);
	growth_churn_add(c, mon + D, 2);
	growth_churn_add(c, mon + 2 * D, 1);
	growth_churn_add(c, mon + 3 * D, 3);
	growth_churn_add(c, mon + 4 * D, 4);
	growth_churn_add(c, mon + 7 * D, 4);
	growth_churn_add(c, mon + 2 * D + W, 1);
	growth_churn_add(c, mon + D + W + 1000, 2);
	size_t n;
	struct growth_churn_row *r = growth_churn_result(c, mon + 40 * D, &n);
	CHECK_INT(n, 2);
	CHECK_INT(r[0].active, 4);
	CHECK_INT(r[0].churned, 2); /* persons 2 and 3 */
	CHECK_INT(r[0].complete, 1);
	/* week 2: person 4 (Mon), nobody else had an event in it; 1 and 2 came back
	 * in week 3 (outside) */
	CHECK_INT(r[1].active, 1);
	CHECK_INT(r[1].churned, 1);
	growth_churn_free(c);
	/* a period whose end + window lies after now is incomplete: churn unknown */
	c = growth_churn_new(GROWTH_WEEK, W, MON, MON + 6);
	growth_churn_add(c, mon, 1);
	r = growth_churn_result(c, mon + 7 * D + W - 1, &n);
	CHECK_INT(r[0].active, 1);
	CHECK_INT(r[0].churned, -1);
	CHECK_INT(r[0].complete, 0);
	growth_churn_free(c);
}

TEST(test_growth_months_and_revenue_periods)
{
	int64_t nov1 = growth_days_from_civil(2026, 11, 1), dec1 = growth_days_from_civil(2026, 12, 1);
	CHECK_INT(growth_period_start(GROWTH_MONTH, nov1 + 29), nov1);
	CHECK_INT(growth_period_next(GROWTH_MONTH, nov1), dec1);
	CHECK_INT(growth_period_next(GROWTH_MONTH, dec1), growth_days_from_civil(2027, 1, 1));
	CHECK_INT(growth_period_index(GROWTH_MONTH, nov1, growth_days_from_civil(2027, 2, 3)), 3);
	CHECK_INT(growth_period_index(GROWTH_WEEK, MON, MON - 1), -1);
	/* purchases: person 1 bought 0.1 in October (before the span), 0.2 on 2
	 * Nov; person 2 bought 19.99 twice in Nov and 5 in Dec; person 3 only in
	 * Dec (new). One unreadable amount in Dec. */
	struct growth_revenue *r = growth_revenue_new(GROWTH_MONTH, nov1, dec1 + 30);
	growth_revenue_add(r, (nov1 - 5) * D, 1, dec("0.1"));
	growth_revenue_add(r, (nov1 + 1) * D, 1, dec("0.2"));
	growth_revenue_add(r, (nov1 + 2) * D, 2, dec("19.99"));
	growth_revenue_add(r, (nov1 + 3) * D, 2, dec("19.99"));
	growth_revenue_add(r, (dec1 + 1) * D, 2, dec("5"));
	growth_revenue_add(r, (dec1 + 2) * D, 3, dec("100.005"));
	growth_revenue_ignore(r, (dec1 + 2) * D);
	growth_revenue_add(r, (dec1 + 40) * D, 3, dec("1000")); /* after the span: not counted */
	struct growth_revenue_total t;
	size_t n;
	const struct growth_revenue_row *row = growth_revenue_result(r, &t, &n);
	CHECK_INT(n, 2);
	CHECK_INT(row[0].micro, dec("40.18"));
	CHECK_INT(row[0].purchases, 3);
	CHECK_INT(row[0].payers, 2);
	CHECK_INT(row[0].new_payers, 1); /* person 1 first bought in October */
	CHECK_INT(row[1].micro, dec("105.005"));
	CHECK_INT(row[1].payers, 2);
	CHECK_INT(row[1].new_payers, 1);
	CHECK_INT(t.micro, dec("145.185"));
	CHECK_INT(t.payers, 3);
	CHECK_INT(t.new_payers, 2);
	CHECK_INT(t.ignored, 1);
	CHECK_INT(t.lifetime_micro, dec("145.285"));
	CHECK_INT(t.lifetime_payers, 3);
	CHECK_INT(t.overflow, 0);
	/* unit economics: cost 500 over the span of 61 days, 2 new payers:
	 * CAC 250; LTV 145.285 / 3 = 48.428333 -> 48.428333; LTV/CAC 0.19371;
	 * monthly revenue per payer 145.185 / 3 x 30 / 61 = 23.80082; payback
	 * 250 / 23.80082 = 10.5039 months */
	struct growth_unit u;
	growth_unit_economics(&t, dec("500"), 61, &u);
	CHECK_INT(u.cac_micro, dec("250"));
	CHECK_INT(u.ltv_micro, 48428333);
	CHECK_NEAR(u.ltv_cac, 48.428333 / 250, 1e-9);
	CHECK_INT(u.arppu_month_micro, 23800820);
	CHECK_NEAR(u.payback_months, 250.0 / (145.185 / 3 * 30 / 61), 1e-9);
	growth_revenue_free(r);
	/* nothing bought: everything undefined */
	r = growth_revenue_new(GROWTH_WEEK, MON, MON + 6);
	growth_revenue_result(r, &t, &n);
	growth_unit_economics(&t, dec("10"), 7, &u);
	CHECK_INT(u.ltv_micro, -1);
	CHECK_INT(u.cac_micro, -1);
	CHECK(u.ltv_cac < 0 && u.payback_months < 0);
	growth_revenue_free(r);
}

TEST(test_growth_exposure_counts_persons_per_arm_and_conversions_in_the_window)
{
	/* window 3 days. Person 1: control at t, converts at t + 3 d (counts).
	 * Person 2: treatment, converts at t + 3 d + 1 ms (too late). Person 3:
	 * treatment, converts before exposure only (no), then exposed to control
	 * too (stays treatment, switched). Person 4: treatment, converts at once. */
	struct growth_exposure *x = growth_exposure_new(3 * D);
	int64_t t = MON * D;
	growth_exposure_convert(x, t - 1, 3);
	growth_exposure_add(x, t, 1, 1);
	growth_exposure_add(x, t, 2, 2);
	growth_exposure_add(x, t, 3, 2);
	growth_exposure_add(x, t + 5, 4, 2);
	growth_exposure_convert(x, t - 1, 3);
	growth_exposure_convert(x, t + 5, 4);
	growth_exposure_add(x, t + D, 3, 1);
	growth_exposure_add(x, t + D, 1, 1);
	growth_exposure_add(x, t + D, 5, 0); /* no arm: not exposed */
	growth_exposure_convert(x, t + 3 * D, 1);
	growth_exposure_convert(x, t + 3 * D + 1, 2);
	growth_exposure_convert(x, t, 9); /* never exposed */
	struct growth_arms a;
	growth_exposure_result(x, &a);
	CHECK_INT(a.exposed[0], 1);
	CHECK_INT(a.converted[0], 1);
	CHECK_INT(a.exposed[1], 3);
	CHECK_INT(a.converted[1], 1);
	CHECK_INT(a.switched, 1);
	growth_exposure_free(x);
}

int main(void)
{
	RUN(test_growth_exposure_counts_persons_per_arm_and_conversions_in_the_window);
	RUN(test_growth_decimals_are_exact);
	RUN(test_growth_prop_reads_top_level_members_raw);
	RUN(test_growth_nps_counts_each_persons_latest_answer_and_ignores_bad_scores);
	RUN(test_growth_kfactor_with_and_without_invites);
	RUN(test_growth_activation_window_edge_is_inclusive);
	RUN(test_growth_churn_needs_the_silence_after_the_last_event_in_the_period);
	RUN(test_growth_months_and_revenue_periods);
	return TEST_DONE();
}
