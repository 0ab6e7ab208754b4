/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * stats: experiment statistics. Distributions (stats_dist.c) and the A/B
 * analyses built on them (stats.c): Welch t-test, two-proportion
 * chi-square, relative lift with delta-method variance, ratio metrics,
 * Bayesian lift, CUPED, sequential testing, SRM, power, Benjamini-Hochberg.
 * Pure computation: no I/O, no allocation a caller must free, libm only.
 * Never reads JSON or prints; src/api/stats_io.c does that.
 */
#ifndef SL_STATS_H
#define SL_STATS_H

#include <stddef.h>

/*
 * Distributions. These are math functions in the libm style: they return
 * the value, NaN for arguments outside the domain (df <= 0, p outside
 * [0, 1]) and never fail otherwise. _sf is the upper tail 1 - cdf computed
 * without cancellation; use it for p-values.
 */
double stats_norm_pdf(double x);
double stats_norm_cdf(double x);
double stats_norm_sf(double x);
double stats_norm_quantile(double p);
double stats_t_pdf(double t, double df);
double stats_t_cdf(double t, double df);
double stats_t_sf(double t, double df);
double stats_t_quantile(double p, double df);
double stats_chisq_pdf(double x, double df);
double stats_chisq_cdf(double x, double df);
double stats_chisq_sf(double x, double df);
double stats_chisq_quantile(double p, double df);
/* Upper tail of the noncentral t with ncp (power of t-tests). */
double stats_nct_sf(double t, double df, double ncp);
/* Regularized incomplete beta I_x(a, b) and gamma P(a, x), Q(a, x). */
double stats_ibeta(double a, double b, double x);
double stats_igamma_p(double a, double x);
double stats_igamma_q(double a, double x);

/* One arm of an experiment as the tests see it. */
struct stats_summary {
	double n;	 /* units; a double so huge counts stay exact-ish */
	double mean;	 /* conversion rate for binomial metrics */
	double variance; /* per-unit variance; p(1 - p) for binomial */
};

/* Binomial arm: mean = conversions / n, variance = p(1 - p).
 * -ERR_INVALID unless n > 0 and 0 <= conversions <= n. */
int stats_binomial(double conversions, double n, struct stats_summary *out);
/* Sample mean and (n - 1) variance of v[0..n). -ERR_INVALID if n < 2 or a
 * value is not finite. */
int stats_summarize(const double *v, size_t n, struct stats_summary *out);

struct stats_welch {
	double mean_x, mean_y;
	double diff; /* mean_x - mean_y */
	double se, t, df, p_value, ci_low, ci_high;
};

/* Welch two-sample t-test of x - y, two-sided, CI at 1 - alpha. Summaries
 * carry the (n - 1) sample variance. -ERR_INVALID if n < 2, alpha outside
 * (0, 1) or both variances are 0 (data essentially constant). */
int stats_welch(const struct stats_summary *x, const struct stats_summary *y, double alpha,
		struct stats_welch *out);
int stats_welch_samples(const double *x, size_t nx, const double *y, size_t ny, double alpha,
			struct stats_welch *out);

struct stats_chisq {
	double statistic, df, p_value;
};

/* Pearson chi-square test of x1/n1 against x2/n2 (R prop.test), with
 * Yates' continuity correction when yates != 0. -ERR_INVALID on counts
 * outside 0 <= x <= n, n > 0, or when nobody (or everybody) converted. */
int stats_prop_test(double x1, double n1, double x2, double n2, int yates, struct stats_chisq *out);

/* Treatment against control, frequentist z-test on the delta method. */
struct stats_lift {
	double diff, diff_se; /* absolute: mean_t - mean_c */
	double diff_ci_low, diff_ci_high;
	double lift, se; /* relative: (mean_t - mean_c) / |mean_c| */
	double z, p_value, ci_low, ci_high;
};

/* Relative lift with Var = sT^2/(mC^2 nT) + sC^2 mT^2/(mC^4 nC).
 * -ERR_INVALID if control mean is 0, n <= 0, alpha outside (0, 1) or the
 * standard error is 0 (no variance in either arm). */
int stats_lift(const struct stats_summary *control, const struct stats_summary *treatment, double alpha,
	       struct stats_lift *out);

/* Ratio metric per arm: sum M / sum D over units, e.g. revenue per order. */
struct stats_ratio_arm {
	double n;	      /* units */
	double mean_m, var_m; /* numerator per unit */
	double mean_d, var_d; /* denominator per unit */
	double cov_md;
};

/* Turns a ratio arm into a summary (mean = mean_m / mean_d, variance = n *
 * delta-method Var(ratio)) so stats_lift() applies unchanged.
 * -ERR_INVALID if mean_d is 0, n <= 0 or the variance comes out < 0. */
int stats_ratio(const struct stats_ratio_arm *arm, struct stats_summary *out);

/* Gaussian prior on the relative lift; sd <= 0 means flat (improper). */
struct stats_prior {
	double mean, sd;
};

struct stats_bayes {
	double post_mean, post_sd;
	double chance_to_win;	/* P(lift > 0) */
	double risk_control;	/* E[max(0, lift)]: expected loss shipping control */
	double risk_treatment;	/* E[max(0, -lift)]: loss shipping treatment */
	double ci_low, ci_high; /* central 1 - alpha credible interval */
};

/* Normal-normal update of lift ~ N(lift, se^2) with prior (NULL = flat).
 * -ERR_INVALID if se <= 0 or alpha outside (0, 1). */
int stats_bayes(double lift, double se, const struct stats_prior *prior, double alpha,
		struct stats_bayes *out);

#define STATS_TUNING_DEFAULT 5000.0

struct stats_seq {
	double rho, half_width, ci_low, ci_high;
	double p_value; /* always-valid: smallest alpha whose sequence drops 0 */
};

/* Always-valid confidence sequence (normal mixture of Howard et al. 2021,
 * in the form GrowthBook uses) around estimate with standard error se
 * after n_total units in both arms, tuning S. -ERR_INVALID on se <= 0,
 * n_total <= 0, S <= 0 or alpha outside (0, 1). */
int stats_seq(double estimate, double se, double n_total, double alpha, double tuning, struct stats_seq *out);

struct stats_msprt {
	double lambda;	/* mixture likelihood ratio */
	double p_value; /* min(1, 1 / lambda); callers keep the running min */
};

/* Mixture SPRT of H0: delta = 0 for an estimate with variance var_delta
 * (e.g. sigma^2 (1/nA + 1/nB)) and a N(0, tau2) mixing distribution.
 * -ERR_INVALID if var_delta <= 0 or tau2 <= 0. */
int stats_msprt(double delta, double var_delta, double tau2, struct stats_msprt *out);

/* CUPED: one arm with a pre-exposure covariate x of metric y. */
struct stats_cuped_arm {
	double n;
	double mean_y, var_y;
	double mean_x, var_x;
	double cov_xy;
};

struct stats_cuped {
	double theta;		      /* pooled Cov(y, x) / Var(x) */
	double variance_reduction;    /* 1 - pooled Var(adjusted) / Var(y) */
	struct stats_summary control; /* adjusted arms, ready for stats_lift */
	struct stats_summary treatment;
};

/* -ERR_INVALID if an arm has n < 2, a negative variance, or x has no
 * variance at all. */
int stats_cuped(const struct stats_cuped_arm *control, const struct stats_cuped_arm *treatment,
		struct stats_cuped *out);
/* Fills arm from paired samples y[i], x[i]; -ERR_INVALID if n < 2. */
int stats_cuped_arm_from_samples(const double *y, const double *x, size_t n, struct stats_cuped_arm *out);

#define STATS_SRM_THRESHOLD 0.001

struct stats_srm {
	double chi2, df, p_value;
	int flagged; /* p_value < STATS_SRM_THRESHOLD */
};

/* Chi-square goodness of fit of observed[0..k) to the planned split
 * weights[0..k) (any positive scale). -ERR_INVALID if k < 2, a count is
 * negative, a weight is not positive or nobody was observed. */
int stats_srm(const double *observed, const double *weights, size_t k, struct stats_srm *out);

/* Power of the two-sided two-proportion z-test with n per arm, as R's
 * power.prop.test; strict adds the far tail (R's strict = TRUE). */
int stats_power_prop(double n, double p1, double p2, double alpha, int strict, double *power);
/* n per arm reaching power; R power.prop.test(p1, p2, power, sig.level). */
int stats_power_prop_n(double p1, double p2, double alpha, double power, int strict, double *n);
/* Power of the two-sided two-sample t-test with n per arm (R power.t.test,
 * noncentral t, strict = FALSE) and the n per arm that reaches power. */
int stats_power_mean(double n, double delta, double sd, double alpha, double *power);
int stats_power_mean_n(double delta, double sd, double alpha, double power, double *n);

/* Benjamini-Hochberg adjusted p-values (R p.adjust "BH") of p[0..n) into
 * adj[0..n) (may alias p). -ERR_INVALID if a p-value is outside [0, 1]. */
int stats_bh(const double *p, size_t n, double *adj);

/* The whole `ab` analysis of one metric. */
enum stats_method {
	STATS_FREQUENTIST,
	STATS_BAYESIAN,
	STATS_SEQUENTIAL,
};

struct stats_ab {
	enum stats_method method;
	struct stats_summary control, treatment;
	double alpha;
	int has_prior;		  /* 0: flat prior */
	struct stats_prior prior; /* on the relative lift */
	double tuning;		  /* sequential S; <= 0 means default */
	double tau2;		  /* sequential mSPRT on the lift; 0 = skip */
	double weights[2];	  /* planned split control:treatment */
};

struct stats_ab_result {
	struct stats_lift lift;	  /* always computed */
	struct stats_bayes bayes; /* STATS_BAYESIAN */
	struct stats_seq seq;	  /* STATS_SEQUENTIAL */
	struct stats_msprt msprt; /* STATS_SEQUENTIAL with tau2 > 0 */
	struct stats_srm srm;	  /* units against weights */
	/* headline numbers of the chosen method */
	double p_value, ci_low, ci_high;
	double chance_to_win, risk_control, risk_treatment;
};

/* Runs lift, the chosen method and SRM. chance_to_win and the risks are
 * NaN unless the method is Bayesian. -ERR_INVALID as the parts do. */
int stats_ab_run(const struct stats_ab *in, struct stats_ab_result *out);

#endif
