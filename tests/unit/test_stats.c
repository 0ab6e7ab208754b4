/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_stats: the statistics module against outside reference values: the
 * R rows of issue 5, R's documented examples, and values computed with
 * mpmath at 40 digits (marked "mpmath"). Plus edge cases (zero
 * conversions, identical arms, huge n) and round-trip properties.
 */
#include "domain/stats.h"

#include <math.h>

#include "lib/util.h"
#include "test.h"

#define REF 1e-6  /* the tolerance for R rows printed to 7 digits */
#define DIST 1e-9 /* the accuracy target for distributions */

static const double sleep1[] = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
static const double sleep2[] = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

TEST(test_norm_cdf_matches_known_values)
{
	CHECK_NEAR(stats_norm_cdf(1.96), 0.9750021048517795658, 1e-14);
	CHECK_NEAR(stats_norm_cdf(0), 0.5, 1e-15);
	/* mpmath: lower tail far out keeps its relative accuracy */
	CHECK_NEAR(stats_norm_cdf(-10), 7.619853024160526066e-24, 1e-12);
	CHECK_NEAR(stats_norm_sf(10), 7.619853024160526066e-24, 1e-12);
}

TEST(test_norm_quantile_matches_r)
{
	CHECK_NEAR(stats_norm_quantile(0.975), 1.959963984540054, 1e-14);
	CHECK_NEAR(stats_norm_quantile(0.025), -1.959963984540054, 1e-14);
	CHECK_NEAR(stats_norm_quantile(1e-10), -6.361340902404056205, 1e-13); /* mpmath */
	CHECK(stats_norm_quantile(0.5) == 0);
	CHECK(isinf(stats_norm_quantile(0)) && stats_norm_quantile(0) < 0);
	CHECK(isinf(stats_norm_quantile(1)) && stats_norm_quantile(1) > 0);
	CHECK(isnan(stats_norm_quantile(1.5)));
	CHECK(isnan(stats_norm_quantile(NAN)));
}

TEST(test_t_cdf_matches_known_values)
{
	CHECK_NEAR(stats_t_cdf(2, 5), 0.9490302605850708219, DIST);	/* mpmath */
	CHECK_NEAR(stats_t_cdf(-3, 3), 0.02883444281121865429, DIST);	/* mpmath */
	CHECK_NEAR(stats_t_cdf(1.5, 0.5), 0.7460491046759457763, DIST); /* mpmath */
	CHECK_NEAR(stats_t_cdf(0, 7), 0.5, 1e-15);
	/* Cauchy: P(T <= 1) = 3/4 exactly */
	CHECK_NEAR(stats_t_cdf(1, 1), 0.75, 1e-14);
	CHECK_NEAR(stats_t_sf(1, 1), 0.25, 1e-14);
	CHECK(isnan(stats_t_cdf(1, 0)));
	CHECK(isnan(stats_t_cdf(1, -3)));
}

TEST(test_t_quantile_matches_r)
{
	CHECK_NEAR(stats_t_quantile(0.975, 10), 2.228138851986274, 1e-13);
	CHECK_NEAR(stats_t_quantile(0.025, 10), -2.228138851986274, 1e-13);
	CHECK_NEAR(stats_t_quantile(0.999, 3), 10.21453185240738655, 1e-12); /* mpmath */
	/* the closed forms for 1 and 2 df, as printed in every t table */
	CHECK_NEAR(stats_t_quantile(0.975, 1), 12.70620473617471, 1e-13);
	CHECK_NEAR(stats_t_quantile(0.975, 2), 4.302652729749464, 1e-13);
	CHECK(stats_t_quantile(0.5, 4) == 0);
}

TEST(test_chisq_cdf_matches_known_values)
{
	CHECK_NEAR(stats_chisq_cdf(3.84, 1), 0.9499564787512949011, DIST);
	CHECK_NEAR(stats_chisq_sf(30, 10), 0.0008566412107753003921, DIST);  /* mpmath */
	CHECK_NEAR(stats_chisq_cdf(100, 120), 0.09226505195893311030, DIST); /* mpmath */
	/* df = 2 is the exponential: P(X > x) = exp(-x/2) */
	CHECK_NEAR(stats_chisq_sf(7, 2), exp(-3.5), 1e-13);
	CHECK(stats_chisq_cdf(0, 3) == 0);
	CHECK(stats_chisq_cdf(-1, 3) == 0);
}

TEST(test_chisq_quantile_matches_r)
{
	CHECK_NEAR(stats_chisq_quantile(0.95, 1), 3.841458820694124, 1e-13);
	CHECK_NEAR(stats_chisq_quantile(0.95, 10), 18.30703805327515, 1e-13);
	CHECK(stats_chisq_quantile(0, 4) == 0);
	CHECK(isinf(stats_chisq_quantile(1, 4)));
}

TEST(test_quantiles_invert_their_cdfs)
{
	static const double ps[] = {1e-12, 1e-6, 0.001, 0.02,  0.1,   0.3,
				    0.5,   0.7,	 0.9,	0.975, 0.999, 1 - 1e-9};
	static const double dfs[] = {0.7, 1, 2, 3, 5, 17.776474, 30, 250, 1e4, 1e6};
	for (size_t i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		double p = ps[i];
		/* compare the smaller tail, where p carries full precision */
		double z = stats_norm_quantile(p);
		CHECK_NEAR(p < 0.5 ? stats_norm_cdf(z) : stats_norm_sf(z), p < 0.5 ? p : 1 - p, 1e-12);
		for (size_t j = 0; j < sizeof(dfs) / sizeof(dfs[0]); j++) {
			double df = dfs[j];
			double t = stats_t_quantile(p, df);
			/* 1e-10: the t tail is that smooth near df = 1e6 */
			CHECK_NEAR(p < 0.5 ? stats_t_cdf(t, df) : stats_t_sf(t, df), p < 0.5 ? p : 1 - p,
				   1e-10);
			double x = stats_chisq_quantile(p, df);
			CHECK_NEAR(p < 0.5 ? stats_chisq_cdf(x, df) : stats_chisq_sf(x, df),
				   p < 0.5 ? p : 1 - p, 1e-11);
		}
	}
}

TEST(test_t_tends_to_normal_for_huge_df)
{
	CHECK_NEAR(stats_t_cdf(1.96, 1e12), stats_norm_cdf(1.96), 1e-12);
	CHECK_NEAR(stats_t_quantile(0.975, INFINITY), 1.959963984540054, 1e-14);
	/* no seam where the algorithm changes for large df */
	CHECK_NEAR(stats_t_sf(2.5, 1e6 - 0.1), stats_t_sf(2.5, 1e6 + 0.1), 1e-10);
	/* mpmath, df = 1e7 */
	CHECK_NEAR(stats_t_cdf(-1.86, 1e7), 0.03144277765028741, DIST);
}

TEST(test_ibeta_reflection_and_igamma_complement)
{
	CHECK_NEAR(stats_ibeta(2.5, 4, 0.3) + stats_ibeta(4, 2.5, 0.7), 1, 1e-14);
	CHECK_NEAR(stats_ibeta(1, 1, 0.37), 0.37, 1e-14); /* uniform */
	CHECK_NEAR(stats_igamma_p(3.5, 2) + stats_igamma_q(3.5, 2), 1, 1e-14);
	CHECK_NEAR(stats_igamma_p(1, 2), 1 - exp(-2), 1e-14); /* exponential */
	CHECK(isnan(stats_ibeta(-1, 1, 0.5)));
}

TEST(test_nct_matches_numerical_integration)
{
	/* mpmath: integral of Phi(t sqrt(u/df) - d) over the chi-square(df) density */
	CHECK_NEAR(stats_nct_sf(1.5, 5, 0.5), 0.2002314358507592019, DIST);
	CHECK_NEAR(stats_nct_sf(3, 10, -1), 0.0004157031586696089668, 1e-8);
	CHECK_NEAR(stats_nct_sf(-2, 7, 1.2), 0.9974880846259754609, DIST);
	CHECK_NEAR(stats_nct_sf(20, 30, 25), 0.9664953667518688517, DIST);
	/* ncp 0 is the central t */
	CHECK_NEAR(stats_nct_sf(2, 5, 0), stats_t_sf(2, 5), 1e-13);
}

TEST(test_welch_sleep_matches_r_t_test)
{
	struct stats_welch w;
	CHECK_INT(stats_welch_samples(sleep1, 10, sleep2, 10, 0.05, &w), 0);
	CHECK_NEAR(w.t, -1.860813, REF);
	CHECK_NEAR(w.df, 17.776474, REF);
	CHECK_NEAR(w.p_value, 0.0793941, REF);
	CHECK_NEAR(w.ci_low, -3.365483, REF);
	/* R prints 0.2054832; the row rounds it to 0.205483 */
	CHECK_NEAR(w.ci_high, 0.2054832, REF);
	CHECK(fabs(w.ci_high - 0.205483) <= 5e-7);
	CHECK_NEAR(w.mean_x, 0.75, 1e-14);
	CHECK_NEAR(w.mean_y, 2.33, 1e-14);
	CHECK_NEAR(w.diff, -1.58, 1e-13);
}

TEST(test_welch_on_summaries_equals_welch_on_samples)
{
	struct stats_summary x, y;
	struct stats_welch a, b;
	CHECK_INT(stats_summarize(sleep1, 10, &x), 0);
	CHECK_INT(stats_summarize(sleep2, 10, &y), 0);
	CHECK_NEAR(x.variance, 3.200555555555556, 1e-13); /* var(sleep group 1) */
	CHECK_INT(stats_welch(&x, &y, 0.05, &a), 0);
	CHECK_INT(stats_welch_samples(sleep1, 10, sleep2, 10, 0.05, &b), 0);
	CHECK_NEAR(a.t, b.t, 1e-14);
	CHECK_NEAR(a.ci_high, b.ci_high, 1e-14);
}

TEST(test_welch_rejects_constant_data_tiny_n_and_bad_alpha)
{
	static const double c[] = {1, 1, 1};
	struct stats_welch w;
	CHECK_INT(stats_welch_samples(c, 3, c, 3, 0.05, &w), -ERR_INVALID);
	CHECK_INT(stats_welch_samples(sleep1, 1, sleep2, 10, 0.05, &w), -ERR_INVALID);
	CHECK_INT(stats_welch_samples(sleep1, 10, sleep2, 10, 0, &w), -ERR_INVALID);
	CHECK_INT(stats_welch_samples(sleep1, 10, sleep2, 10, 1, &w), -ERR_INVALID);
}

TEST(test_welch_identical_samples_give_p_one)
{
	struct stats_welch w;
	CHECK_INT(stats_welch_samples(sleep1, 10, sleep1, 10, 0.05, &w), 0);
	CHECK(w.t == 0);
	CHECK_NEAR(w.p_value, 1, 1e-15);
	CHECK_NEAR(w.ci_low, -w.ci_high, 1e-15);
}

TEST(test_prop_test_with_yates_matches_r)
{
	struct stats_chisq c;
	CHECK_INT(stats_prop_test(120, 1000, 150, 1000, 1, &c), 0);
	CHECK_NEAR(c.statistic, 3.600942, REF);
	CHECK_NEAR(c.p_value, 0.0577468, REF);
	CHECK(c.df == 1);
}

TEST(test_prop_test_without_yates_matches_r)
{
	struct stats_chisq c;
	CHECK_INT(stats_prop_test(120, 1000, 150, 1000, 0, &c), 0);
	CHECK_NEAR(c.statistic, 3.853565, REF);
	CHECK_NEAR(c.p_value, 0.0496404, REF);
}

TEST(test_prop_test_identical_arms_give_zero_statistic)
{
	struct stats_chisq c;
	/* R caps Yates at |difference|, so equal rates give X2 = 0, p = 1 */
	CHECK_INT(stats_prop_test(100, 1000, 100, 1000, 1, &c), 0);
	CHECK_NEAR(c.statistic, 0, 1e-15);
	CHECK_NEAR(c.p_value, 1, 1e-15);
}

TEST(test_prop_test_rejects_no_conversions_and_impossible_counts)
{
	struct stats_chisq c;
	CHECK_INT(stats_prop_test(0, 1000, 0, 1000, 1, &c), -ERR_INVALID);
	CHECK_INT(stats_prop_test(1000, 1000, 1000, 1000, 0, &c), -ERR_INVALID);
	CHECK_INT(stats_prop_test(1001, 1000, 5, 1000, 0, &c), -ERR_INVALID);
	CHECK_INT(stats_prop_test(-1, 1000, 5, 1000, 0, &c), -ERR_INVALID);
	/* one arm with zero conversions is a perfectly good test */
	CHECK_INT(stats_prop_test(0, 1000, 10, 1000, 0, &c), 0);
	CHECK(c.p_value > 0 && c.p_value < 0.01);
}

TEST(test_power_prop_n_matches_r_power_prop_test)
{
	double n;
	CHECK_INT(stats_power_prop_n(0.10, 0.12, 0.05, 0.8, 0, &n), 0);
	CHECK_NEAR(n, 3840.847, REF);
	CHECK_INT(stats_power_prop_n(0.5, 0.75, 0.05, 0.9, 0, &n), 0);
	CHECK_NEAR(n, 76.70693, REF);
	/* the order of p1 and p2 does not matter */
	CHECK_INT(stats_power_prop_n(0.75, 0.5, 0.05, 0.9, 0, &n), 0);
	CHECK_NEAR(n, 76.70693, REF);
}

TEST(test_power_prop_strict_counts_far_tail_and_needs_fewer_units)
{
	double n1, n2, pw;
	CHECK_INT(stats_power_prop_n(0.10, 0.12, 0.05, 0.8, 0, &n1), 0);
	CHECK_INT(stats_power_prop_n(0.10, 0.12, 0.05, 0.8, 1, &n2), 0);
	CHECK(n2 < n1);
	CHECK_INT(stats_power_prop(n2, 0.10, 0.12, 0.05, 1, &pw), 0);
	CHECK_NEAR(pw, 0.8, 1e-12);
	CHECK_INT(stats_power_prop(n1, 0.10, 0.12, 0.05, 0, &pw), 0);
	CHECK_NEAR(pw, 0.8, 1e-12);
	CHECK_INT(stats_power_prop_n(0.1, 0.1, 0.05, 0.8, 0, &n1), -ERR_INVALID);
	CHECK_INT(stats_power_prop_n(0.1, 0.2, 0.05, 1, 0, &n1), -ERR_INVALID);
}

TEST(test_power_mean_matches_r_power_t_test_examples)
{
	double n, pw;
	/* R's ?power.t.test examples */
	CHECK_INT(stats_power_mean(20, 1, 1, 0.05, &pw), 0);
	CHECK_NEAR(pw, 0.8689528, REF);
	CHECK_INT(stats_power_mean_n(1, 1, 0.05, 0.9, &n), 0);
	CHECK_NEAR(n, 22.02110, REF);
	/* only delta / sd matters */
	CHECK_INT(stats_power_mean_n(-5, 5, 0.05, 0.9, &n), 0);
	CHECK_NEAR(n, 22.02110, REF);
	CHECK_INT(stats_power_mean_n(0, 1, 0.05, 0.9, &n), -ERR_INVALID);
	CHECK_INT(stats_power_mean_n(1, 0, 0.05, 0.9, &n), -ERR_INVALID);
}

TEST(test_srm_matches_chisq_test_and_stays_below_the_flag)
{
	static const double obs[] = {50000, 51000}, w[] = {1, 1};
	struct stats_srm s;
	CHECK_INT(stats_srm(obs, w, 2, &s), 0);
	CHECK_NEAR(s.chi2, 9.900990, REF);
	CHECK_NEAR(s.p_value, 0.001651899, REF);
	CHECK(s.df == 1);
	CHECK(!s.flagged);
}

TEST(test_srm_flags_a_clear_mismatch_and_respects_weights)
{
	static const double obs[] = {50000, 52000}, w[] = {1, 1};
	static const double obs2[] = {200, 800}, w2[] = {20, 80};
	static const double obs3[] = {100, 100, 130}, w3[] = {1, 1, 1};
	struct stats_srm s;
	CHECK_INT(stats_srm(obs, w, 2, &s), 0);
	CHECK(s.flagged);
	CHECK_INT(stats_srm(obs2, w2, 2, &s), 0);
	CHECK_NEAR(s.chi2, 0, 1e-15);
	CHECK(!s.flagged);
	/* chisq.test(c(100, 100, 130)): X2 = 5.454545, df 2 */
	CHECK_INT(stats_srm(obs3, w3, 3, &s), 0);
	CHECK_NEAR(s.chi2, 60.0 / 11, 1e-14);
	CHECK_NEAR(s.p_value, exp(-30.0 / 11), 1e-12); /* df 2: exp(-x/2) */
	CHECK(s.df == 2);
}

TEST(test_srm_rejects_bad_input)
{
	static const double obs[] = {10, -1}, w[] = {1, 1}, w0[] = {1, 0}, z[] = {0, 0};
	struct stats_srm s;
	CHECK_INT(stats_srm(obs, w, 2, &s), -ERR_INVALID);
	CHECK_INT(stats_srm(w, w0, 2, &s), -ERR_INVALID);
	CHECK_INT(stats_srm(z, w, 2, &s), -ERR_INVALID);
	CHECK_INT(stats_srm(w, w, 1, &s), -ERR_INVALID);
}

static void binomial_arms(struct stats_summary *c, struct stats_summary *t)
{
	CHECK_INT(stats_binomial(100, 1000, c), 0);
	CHECK_INT(stats_binomial(120, 1000, t), 0);
}

TEST(test_lift_matches_delta_method_reference)
{
	struct stats_summary c, t;
	struct stats_lift l;
	binomial_arms(&c, &t);
	CHECK_INT(stats_lift(&c, &t, 0.05, &l), 0);
	CHECK_NEAR(l.lift, 0.2, 1e-14);
	CHECK_NEAR(l.se, 0.1533623, REF);
	CHECK_NEAR(l.p_value, 0.192199, REF);
	CHECK_NEAR(l.ci_low, -0.1005846, REF);
	CHECK_NEAR(l.ci_high, 0.5005846, REF);
	/* absolute difference: 0.02 with se sqrt(.1056/1000 + .09/1000) */
	CHECK_NEAR(l.diff, 0.02, 1e-13);
	CHECK_NEAR(l.diff_se, sqrt(0.1956 / 1000), 1e-13);
}

/* Net margin -10 -> -5 is an improvement: lift +50 %, not -50 %, and the
 * chance to win is near one. Reference: (mt - mc) / |mc| = 5 / 10; delta
 * variance (25/400)/100 + (25/400)(25)/10^4 = 0.00078125. */
TEST(test_lift_with_negative_control_follows_the_improvement)
{
	struct stats_summary c = {400, -10, 25}, t = {400, -5, 25};
	struct stats_lift l;
	CHECK_INT(stats_lift(&c, &t, 0.05, &l), 0);
	CHECK_NEAR(l.lift, 0.5, 1e-14);
	CHECK_NEAR(l.se, sqrt(0.00078125), 1e-14);
	CHECK(l.z > 0);
	CHECK(l.ci_low > 0);
	struct stats_ab in = {
	    .method = STATS_BAYESIAN, .control = c, .treatment = t, .alpha = 0.05, .weights = {1, 1}};
	struct stats_ab_result r;
	CHECK_INT(stats_ab_run(&in, &r), 0);
	CHECK(r.chance_to_win > 0.999);
	/* and the other way round: -5 -> -10 is a loss of 100 % of |control| */
	CHECK_INT(stats_lift(&t, &c, 0.05, &l), 0);
	CHECK_NEAR(l.lift, -1, 1e-14);
}

TEST(test_lift_identical_arms_give_p_one_and_symmetric_ci)
{
	struct stats_summary c;
	struct stats_lift l;
	CHECK_INT(stats_binomial(100, 1000, &c), 0);
	CHECK_INT(stats_lift(&c, &c, 0.05, &l), 0);
	CHECK(l.lift == 0);
	CHECK_NEAR(l.p_value, 1, 1e-15);
	CHECK_NEAR(l.ci_low, -l.ci_high, 1e-15);
}

TEST(test_lift_rejects_zero_control_conversions)
{
	struct stats_summary c, t;
	struct stats_lift l;
	CHECK_INT(stats_binomial(0, 1000, &c), 0);
	CHECK_INT(stats_binomial(10, 1000, &t), 0);
	CHECK_INT(stats_lift(&c, &t, 0.05, &l), -ERR_INVALID);
	/* treatment without conversions: lift -1 but the delta se is 0 */
	CHECK_INT(stats_lift(&t, &c, 0.05, &l), -ERR_INVALID);
}

TEST(test_lift_stays_finite_and_tight_for_huge_n)
{
	struct stats_summary c, t;
	struct stats_lift l;
	CHECK_INT(stats_binomial(1e8, 1e9, &c), 0);
	CHECK_INT(stats_binomial(1.001e8, 1e9, &t), 0);
	CHECK_INT(stats_lift(&c, &t, 0.05, &l), 0);
	CHECK_NEAR(l.lift, 0.001, 1e-9);
	/* se^2 = (pt qt + pc qc pt^2 / pc^2) / (pc^2 n) */
	double pt = 0.1001, pc = 0.1;
	double v = (pt * (1 - pt) + pc * (1 - pc) * pt * pt / (pc * pc)) / (pc * pc * 1e9);
	CHECK_NEAR(l.se, sqrt(v), 1e-12);
	CHECK(l.p_value > 0 && l.p_value < 0.05);
	CHECK(l.ci_low > 0);
}

TEST(test_binomial_rejects_impossible_counts)
{
	struct stats_summary s;
	CHECK_INT(stats_binomial(11, 10, &s), -ERR_INVALID);
	CHECK_INT(stats_binomial(-1, 10, &s), -ERR_INVALID);
	CHECK_INT(stats_binomial(0, 0, &s), -ERR_INVALID);
	CHECK_INT(stats_binomial(NAN, 10, &s), -ERR_INVALID);
}

TEST(test_ratio_metric_uses_delta_method)
{
	struct stats_ratio_arm a = {100, 2, 1, 4, 4, 1};
	struct stats_summary s;
	CHECK_INT(stats_ratio(&a, &s), 0);
	CHECK_NEAR(s.mean, 0.5, 1e-15);
	/* 1/16 - 2 * 0.5 * 1/16 + 0.25 * 4/16 by hand */
	CHECK_NEAR(s.variance, 0.0625, 1e-14);
	/* a constant denominator reduces to a scaled mean */
	struct stats_ratio_arm b = {50, 3, 2, 2, 0, 0};
	CHECK_INT(stats_ratio(&b, &s), 0);
	CHECK_NEAR(s.variance, 0.5, 1e-14);
	b.mean_d = 0;
	CHECK_INT(stats_ratio(&b, &s), -ERR_INVALID);
}

TEST(test_bayes_flat_prior_matches_reference)
{
	struct stats_summary c, t;
	struct stats_lift l;
	struct stats_bayes b;
	binomial_arms(&c, &t);
	CHECK_INT(stats_lift(&c, &t, 0.05, &l), 0);
	CHECK_INT(stats_bayes(l.lift, l.se, NULL, 0.05, &b), 0);
	CHECK_NEAR(b.chance_to_win, 0.9039005, REF);
	CHECK_NEAR(b.risk_treatment, 0.006921608, REF);
	CHECK_NEAR(b.post_mean, 0.2, 1e-14);
	/* a flat prior gives back the z-interval */
	CHECK_NEAR(b.ci_low, l.ci_low, 1e-13);
}

TEST(test_bayes_normal_prior_matches_reference)
{
	struct stats_summary c, t;
	struct stats_lift l;
	struct stats_bayes b;
	struct stats_prior pr = {0, 0.3};
	binomial_arms(&c, &t);
	CHECK_INT(stats_lift(&c, &t, 0.05, &l), 0);
	CHECK_INT(stats_bayes(l.lift, l.se, &pr, 0.05, &b), 0);
	CHECK_NEAR(b.post_mean, 0.1585624, REF);
	CHECK_NEAR(b.post_sd, 0.1365538, REF);
	CHECK_NEAR(b.chance_to_win, 0.8772139, REF);
}

TEST(test_bayes_risks_differ_by_the_posterior_mean)
{
	struct stats_bayes b;
	/* E[max(0, X)] - E[max(0, -X)] = E[X] */
	CHECK_INT(stats_bayes(0.05, 0.02, NULL, 0.05, &b), 0);
	CHECK_NEAR(b.risk_control - b.risk_treatment, 0.05, 1e-12);
	/* identical arms: a coin flip with equal risks */
	CHECK_INT(stats_bayes(0, 0.1, NULL, 0.05, &b), 0);
	CHECK_NEAR(b.chance_to_win, 0.5, 1e-15);
	CHECK_NEAR(b.risk_control, b.risk_treatment, 1e-15);
	CHECK_NEAR(b.risk_control, 0.1 / sqrt(2 * 3.14159265358979323846), 1e-14);
	CHECK_INT(stats_bayes(0, 0, NULL, 0.05, &b), -ERR_INVALID);
}

TEST(test_seq_matches_growthbook_reference)
{
	struct stats_summary c, t;
	struct stats_lift l;
	struct stats_seq s;
	binomial_arms(&c, &t);
	CHECK_INT(stats_lift(&c, &t, 0.05, &l), 0);
	CHECK_INT(stats_seq(l.lift, l.se, 2000, 0.05, 5000, &s), 0);
	CHECK_NEAR(s.rho, 0.03984007, REF);
	CHECK_NEAR(s.half_width, 0.4790700, REF);
	CHECK_NEAR(s.ci_low, 0.2 - 0.4790700, REF);
	/* wider than the fixed-horizon interval: the price of peeking */
	CHECK(s.half_width > l.ci_high - l.lift);
	CHECK(s.p_value == 1);
}

TEST(test_seq_p_value_is_where_the_sequence_touches_zero)
{
	struct stats_seq s, at;
	CHECK_INT(stats_seq(0.05, 0.01, 40000, 0.05, 5000, &s), 0);
	CHECK(s.ci_low > 0);
	CHECK(s.p_value > 0 && s.p_value < 0.05);
	CHECK_INT(stats_seq(0.05, 0.01, 40000, s.p_value, 5000, &at), 0);
	CHECK_NEAR(at.half_width, 0.05, 1e-9);
	CHECK_INT(stats_seq(0.05, 0, 40000, 0.05, 5000, &s), -ERR_INVALID);
}

TEST(test_msprt_matches_reference)
{
	struct stats_msprt m;
	CHECK_INT(stats_msprt(0.02, 0.0975 * (1.0 / 5000 + 1.0 / 5000), 1e-4, &m), 0);
	CHECK_NEAR(m.lambda, 21.19786, REF);
	CHECK_NEAR(m.p_value, 0.04717458, REF);
	/* no effect: lambda < 1, p capped at 1 */
	CHECK_INT(stats_msprt(0, 1e-4, 1e-4, &m), 0);
	CHECK(m.lambda < 1 && m.p_value == 1);
	CHECK_INT(stats_msprt(0.02, 0, 1e-4, &m), -ERR_INVALID);
}

TEST(test_cuped_recovers_slope_and_variance_reduction)
{
	/* y = 2x + e with e orthogonal to x in each arm: theta = 2 exactly,
	 * Var(y) = 8, Var(e) = 4/3, so the reduction is 5/6 */
	static const double x[] = {1, 2, 3, 4}, yc[] = {3, 3, 5, 9};
	static const double yt[] = {4, 4, 6, 10};
	struct stats_cuped_arm c, t;
	struct stats_cuped r;
	CHECK_INT(stats_cuped_arm_from_samples(yc, x, 4, &c), 0);
	CHECK_INT(stats_cuped_arm_from_samples(yt, x, 4, &t), 0);
	CHECK_INT(stats_cuped(&c, &t, &r), 0);
	CHECK_NEAR(r.theta, 2, 1e-14);
	CHECK_NEAR(r.variance_reduction, 5.0 / 6, 1e-13);
	CHECK_NEAR(r.control.variance, 4.0 / 3, 1e-13);
	/* equal covariate means: the treatment effect of 1 is untouched */
	CHECK_NEAR(r.treatment.mean - r.control.mean, 1, 1e-13);
}

TEST(test_cuped_with_uncorrelated_covariate_changes_nothing)
{
	struct stats_cuped_arm c = {100, 5, 4, 1, 2, 0}, t = {100, 6, 4, 1.2, 2, 0};
	struct stats_cuped r;
	CHECK_INT(stats_cuped(&c, &t, &r), 0);
	CHECK(r.theta == 0);
	CHECK(r.variance_reduction == 0);
	CHECK(r.treatment.mean == 6 && r.treatment.variance == 4);
	c.var_x = t.var_x = 0;
	CHECK_INT(stats_cuped(&c, &t, &r), -ERR_INVALID);
}

/* Reference: exact rationals in Python on the adjusted units themselves,
 * y - theta (x - mean of all x), theta from the pooled raw deviations. */
TEST(test_cuped_matches_per_unit_reference)
{
	static const double yc[] = {12, 15, 9, 20, 14, 11, 17, 13}, xc[] = {10, 14, 8, 17, 12, 10, 15, 11};
	static const double yt[] = {16, 14, 19, 13, 21, 15, 18, 17}, xt[] = {13, 11, 15, 10, 18, 12, 15, 14};
	struct stats_cuped_arm c, t;
	struct stats_cuped r;
	CHECK_INT(stats_cuped_arm_from_samples(yc, xc, 8, &c), 0);
	CHECK_INT(stats_cuped_arm_from_samples(yt, xt, 8, &t), 0);
	CHECK_INT(stats_cuped(&c, &t, &r), 0);
	CHECK_NEAR(r.theta, 1.0987370838117108, 1e-13);
	CHECK_NEAR(r.variance_reduction, 0.9754094519552942, 1e-13);
	CHECK_NEAR(r.control.mean, 14.630381745120552, 1e-13);
	CHECK_NEAR(r.control.variance, 0.32661900876510946, 1e-11);
	CHECK_NEAR(r.treatment.mean, 15.869618254879448, 1e-13);
	CHECK_NEAR(r.treatment.variance, 0.14674904109547768, 1e-11);
	CHECK(r.control.n == 8 && r.treatment.n == 8);
}

/* Reference: exact rationals in Python, as the variance of the linearized
 * units (m - r d) / mean d of revenue m and orders d; it equals the
 * delta-method formula var_m/mu_d^2 - 2 mu_m cov/mu_d^3 + mu_m^2 var_d/mu_d^4. */
TEST(test_ratio_matches_linearized_units)
{
	/* m = 30 45 12 60 25 40 18 50, d = 2 3 1 4 2 3 1 3 */
	struct stats_ratio_arm a = {8, 35, 274, 2.375, 1.125, 120.0 / 7};
	struct stats_summary s;
	CHECK_INT(stats_ratio(&a, &s), 0);
	CHECK_NEAR(s.mean, 14.736842105263158, 1e-15);
	CHECK_NEAR(s.variance, 2.3150221376447386, 1e-12);
	CHECK(s.n == 8);
	/* m = 35 55 20 48 30 62 24 41, d = 2 3 1 3 2 4 2 2 */
	struct stats_ratio_arm b = {8, 39.375, 12415.0 / 56, 2.375, 47.0 / 56, 711.0 / 56};
	CHECK_INT(stats_ratio(&b, &s), 0);
	CHECK_NEAR(s.mean, 16.57894736842105, 1e-15);
	CHECK_NEAR(s.variance, 5.566211782554506, 1e-12);
	/* a covariance beyond Cauchy-Schwarz makes the variance negative */
	struct stats_ratio_arm bad = {8, 1, 1, 1, 1, 2};
	CHECK_INT(stats_ratio(&bad, &s), -ERR_INVALID);
}

TEST(test_bh_matches_r_p_adjust)
{
	static const double p[] = {0.01, 0.04, 0.03, 0.005};
	double adj[4];
	CHECK_INT(stats_bh(p, 4, adj), 0);
	CHECK_NEAR(adj[0], 0.02, 1e-15);
	CHECK_NEAR(adj[1], 0.04, 1e-15);
	CHECK_NEAR(adj[2], 0.04, 1e-15);
	CHECK_NEAR(adj[3], 0.02, 1e-15);
}

TEST(test_bh_shares_the_adjustment_between_ties_and_rejects_bad_p)
{
	/* p.adjust(c(0.01, 0.02, 0.02, 0.5), "BH") = 0.02667 0.02667 0.02667 0.5 */
	double p[] = {0.01, 0.02, 0.02, 0.5};
	CHECK_INT(stats_bh(p, 4, p), 0); /* in place */
	CHECK_NEAR(p[0], 0.08 / 3, 1e-15);
	CHECK_NEAR(p[1], 0.08 / 3, 1e-15);
	CHECK_NEAR(p[2], 0.08 / 3, 1e-15);
	CHECK_NEAR(p[3], 0.5, 1e-15);
	double bad[] = {0.1, 1.5};
	CHECK_INT(stats_bh(bad, 2, bad), -ERR_INVALID);
	CHECK_INT(stats_bh(NULL, 0, NULL), 0);
}

TEST(test_ab_run_fills_the_chosen_method)
{
	struct stats_ab in = {0};
	struct stats_ab_result r;
	binomial_arms(&in.control, &in.treatment);
	in.alpha = 0.05;
	in.method = STATS_BAYESIAN;
	CHECK_INT(stats_ab_run(&in, &r), 0);
	CHECK_NEAR(r.chance_to_win, 0.9039005, REF);
	CHECK_NEAR(r.risk_treatment, 0.006921608, REF);
	CHECK_NEAR(r.p_value, 0.192199, REF);
	CHECK(!r.srm.flagged && r.srm.chi2 == 0);
	in.method = STATS_SEQUENTIAL;
	in.tuning = 5000;
	CHECK_INT(stats_ab_run(&in, &r), 0);
	CHECK_NEAR(r.ci_high, 0.2 + 0.4790700, REF);
	CHECK(isnan(r.chance_to_win));
	in.method = STATS_FREQUENTIST;
	CHECK_INT(stats_ab_run(&in, &r), 0);
	CHECK_NEAR(r.ci_low, -0.1005846, REF);
	in.control.mean = 0;
	CHECK_INT(stats_ab_run(&in, &r), -ERR_INVALID);
}

int main(void)
{
	RUN(test_norm_cdf_matches_known_values);
	RUN(test_norm_quantile_matches_r);
	RUN(test_t_cdf_matches_known_values);
	RUN(test_t_quantile_matches_r);
	RUN(test_chisq_cdf_matches_known_values);
	RUN(test_chisq_quantile_matches_r);
	RUN(test_quantiles_invert_their_cdfs);
	RUN(test_t_tends_to_normal_for_huge_df);
	RUN(test_ibeta_reflection_and_igamma_complement);
	RUN(test_nct_matches_numerical_integration);
	RUN(test_welch_sleep_matches_r_t_test);
	RUN(test_welch_on_summaries_equals_welch_on_samples);
	RUN(test_welch_rejects_constant_data_tiny_n_and_bad_alpha);
	RUN(test_welch_identical_samples_give_p_one);
	RUN(test_prop_test_with_yates_matches_r);
	RUN(test_prop_test_without_yates_matches_r);
	RUN(test_prop_test_identical_arms_give_zero_statistic);
	RUN(test_prop_test_rejects_no_conversions_and_impossible_counts);
	RUN(test_power_prop_n_matches_r_power_prop_test);
	RUN(test_power_prop_strict_counts_far_tail_and_needs_fewer_units);
	RUN(test_power_mean_matches_r_power_t_test_examples);
	RUN(test_srm_matches_chisq_test_and_stays_below_the_flag);
	RUN(test_srm_flags_a_clear_mismatch_and_respects_weights);
	RUN(test_srm_rejects_bad_input);
	RUN(test_lift_matches_delta_method_reference);
	RUN(test_lift_with_negative_control_follows_the_improvement);
	RUN(test_lift_identical_arms_give_p_one_and_symmetric_ci);
	RUN(test_lift_rejects_zero_control_conversions);
	RUN(test_lift_stays_finite_and_tight_for_huge_n);
	RUN(test_binomial_rejects_impossible_counts);
	RUN(test_ratio_metric_uses_delta_method);
	RUN(test_bayes_flat_prior_matches_reference);
	RUN(test_bayes_normal_prior_matches_reference);
	RUN(test_bayes_risks_differ_by_the_posterior_mean);
	RUN(test_seq_matches_growthbook_reference);
	RUN(test_seq_p_value_is_where_the_sequence_touches_zero);
	RUN(test_msprt_matches_reference);
	RUN(test_cuped_recovers_slope_and_variance_reduction);
	RUN(test_cuped_with_uncorrelated_covariate_changes_nothing);
	RUN(test_cuped_matches_per_unit_reference);
	RUN(test_ratio_matches_linearized_units);
	RUN(test_bh_matches_r_p_adjust);
	RUN(test_bh_shares_the_adjustment_between_ties_and_rejects_bad_p);
	RUN(test_ab_run_fills_the_chosen_method);
	return TEST_DONE();
}
