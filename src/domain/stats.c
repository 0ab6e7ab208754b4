/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * stats: the A/B analyses on top of stats_dist.c. Everything reduces an
 * arm to (n, mean, per-unit variance) so binomial, mean, ratio and CUPED
 * metrics share one lift, Bayesian and sequential path. Conventions follow
 * R where R has the function (t.test, prop.test, chisq.test,
 * power.prop.test, power.t.test, p.adjust) so analysts can check us.
 * Pure computation: no I/O; the only allocation is BH's scratch index.
 */
#include "domain/stats.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "lib/util.h"

static int valid_alpha(double alpha)
{
	return alpha > 0 && alpha < 1;
}

/* two-sided critical value z_{1 - alpha/2} */
static double z_crit(double alpha)
{
	return -stats_norm_quantile(0.5 * alpha);
}

int stats_binomial(double conversions, double n, struct stats_summary *out)
{
	if (!(n > 0 && isfinite(n)) || !(conversions >= 0 && conversions <= n))
		return -ERR_INVALID;
	double p = conversions / n;
	out->n = n;
	out->mean = p;
	out->variance = p * (1 - p);
	return 0;
}

int stats_summarize(const double *v, size_t n, struct stats_summary *out)
{
	if (n < 2)
		return -ERR_INVALID;
	double sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(v[i]))
			return -ERR_INVALID;
		sum += v[i];
	}
	double mean = sum / (double)n, ss = 0, corr = 0;
	/* two passes, with the rounding error of the mean compensated */
	for (size_t i = 0; i < n; i++) {
		double d = v[i] - mean;
		ss += d * d;
		corr += d;
	}
	out->n = (double)n;
	out->mean = mean + corr / (double)n;
	out->variance = (ss - corr * corr / (double)n) / (double)(n - 1);
	if (!isfinite(out->variance))
		return -ERR_INVALID;
	return 0;
}

int stats_welch(const struct stats_summary *x, const struct stats_summary *y, double alpha,
		struct stats_welch *out)
{
	if (!(x->n >= 2 && y->n >= 2) || !valid_alpha(alpha))
		return -ERR_INVALID;
	if (!(x->variance >= 0 && y->variance >= 0))
		return -ERR_INVALID;
	double vx = x->variance / x->n, vy = y->variance / y->n;
	double v = vx + vy;
	if (!(v > 0) || !isfinite(v))
		return -ERR_INVALID;
	out->mean_x = x->mean;
	out->mean_y = y->mean;
	out->diff = x->mean - y->mean;
	out->se = sqrt(v);
	out->t = out->diff / out->se;
	out->df = v * v / (vx * vx / (x->n - 1) + vy * vy / (y->n - 1));
	out->p_value = 2 * stats_t_sf(fabs(out->t), out->df);
	if (out->p_value > 1)
		out->p_value = 1;
	double q = stats_t_quantile(1 - 0.5 * alpha, out->df);
	out->ci_low = out->diff - q * out->se;
	out->ci_high = out->diff + q * out->se;
	return 0;
}

int stats_welch_samples(const double *x, size_t nx, const double *y, size_t ny, double alpha,
			struct stats_welch *out)
{
	struct stats_summary sx, sy;
	if (stats_summarize(x, nx, &sx) || stats_summarize(y, ny, &sy))
		return -ERR_INVALID;
	return stats_welch(&sx, &sy, alpha, out);
}

int stats_prop_test(double x1, double n1, double x2, double n2, int yates, struct stats_chisq *out)
{
	if (!(n1 > 0 && n2 > 0 && x1 >= 0 && x2 >= 0 && x1 <= n1 && x2 <= n2))
		return -ERR_INVALID;
	if (!isfinite(n1 + n2))
		return -ERR_INVALID;
	double p = (x1 + x2) / (n1 + n2);
	if (p <= 0 || p >= 1)
		return -ERR_INVALID;
	/* R caps the correction so it never crosses zero */
	double corr = 0;
	if (yates) {
		corr = fabs(x1 / n1 - x2 / n2) / (1 / n1 + 1 / n2);
		if (corr > 0.5)
			corr = 0.5;
	}
	double obs[4] = {x1, n1 - x1, x2, n2 - x2};
	double exp_[4] = {n1 * p, n1 * (1 - p), n2 * p, n2 * (1 - p)};
	double chi = 0;
	for (int i = 0; i < 4; i++) {
		double d = fabs(obs[i] - exp_[i]) - corr;
		chi += d * d / exp_[i];
	}
	out->statistic = chi;
	out->df = 1;
	out->p_value = stats_chisq_sf(chi, 1);
	return 0;
}

int stats_lift(const struct stats_summary *c, const struct stats_summary *t, double alpha,
	       struct stats_lift *out)
{
	if (!(c->n > 0 && t->n > 0) || !valid_alpha(alpha))
		return -ERR_INVALID;
	if (!(c->variance >= 0 && t->variance >= 0) || c->mean == 0)
		return -ERR_INVALID;
	double mc = c->mean, mt = t->mean, z = z_crit(alpha);
	double vt = t->variance / t->n, vc = c->variance / c->n;

	out->diff = mt - mc;
	out->diff_se = sqrt(vt + vc);
	out->diff_ci_low = out->diff - z * out->diff_se;
	out->diff_ci_high = out->diff + z * out->diff_se;

	/* Divided by |control| so that the sign follows the difference: a
	 * metric below zero (net margin -10 -> -5) that rises has a positive
	 * lift, as in GrowthBook's fix of the same bug. The variance is the
	 * same as for mt / mc - 1, the sign being squared away. */
	out->lift = (mt - mc) / fabs(mc);
	double mc2 = mc * mc;
	double var = vt / mc2 + vc * mt * mt / (mc2 * mc2);
	if (!(var > 0) || !isfinite(var))
		return -ERR_INVALID;
	out->se = sqrt(var);
	out->z = out->lift / out->se;
	out->p_value = 2 * stats_norm_sf(fabs(out->z));
	out->ci_low = out->lift - z * out->se;
	out->ci_high = out->lift + z * out->se;
	return 0;
}

int stats_ratio(const struct stats_ratio_arm *a, struct stats_summary *out)
{
	if (!(a->n > 0) || a->mean_d == 0 || !(a->var_m >= 0 && a->var_d >= 0))
		return -ERR_INVALID;
	double r = a->mean_m / a->mean_d, d2 = a->mean_d * a->mean_d;
	/* Var(M/D) ~ (s_M^2 - 2 r s_MD + r^2 s_D^2) / mu_D^2, per unit */
	double v = (a->var_m - 2 * r * a->cov_md + r * r * a->var_d) / d2;
	if (!(v >= 0) || !isfinite(v))
		return -ERR_INVALID;
	out->n = a->n;
	out->mean = r;
	out->variance = v;
	return 0;
}

/* E[max(0, X)] for X ~ N(mu, sd^2) */
static double positive_part_mean(double mu, double sd)
{
	double z = mu / sd;
	double v = sd * stats_norm_pdf(z) + mu * stats_norm_cdf(z);
	return v > 0 ? v : 0;
}

int stats_bayes(double lift, double se, const struct stats_prior *prior, double alpha,
		struct stats_bayes *out)
{
	if (!(se > 0) || !isfinite(lift) || !isfinite(se) || !valid_alpha(alpha))
		return -ERR_INVALID;
	double prec = 1 / (se * se), mean = lift;
	if (prior && prior->sd > 0) {
		if (!isfinite(prior->mean) || !isfinite(prior->sd))
			return -ERR_INVALID;
		double pp = 1 / (prior->sd * prior->sd);
		mean = (lift * prec + prior->mean * pp) / (prec + pp);
		prec += pp;
	}
	double sd = 1 / sqrt(prec), z = z_crit(alpha);
	out->post_mean = mean;
	out->post_sd = sd;
	out->chance_to_win = stats_norm_cdf(mean / sd);
	out->risk_control = positive_part_mean(mean, sd);
	out->risk_treatment = positive_part_mean(-mean, sd);
	out->ci_low = mean - z * sd;
	out->ci_high = mean + z * sd;
	return 0;
}

/*
 * Half-width of the normal-mixture confidence sequence, in units of se:
 * with v = N rho^2,
 *   sqrt( 2 (v + 1) / v * log( sqrt(v + 1) / alpha ) ),
 * where rho^2 = (-2 log alpha + log(1 - 2 log alpha)) / S picks the
 * mixture so the sequence is tightest near N = S: the two-sided normal
 * mixture boundary of Howard et al. (2021) in the asymptotic form
 * GrowthBook uses, N the units in both arms.
 */
static double seq_width(double n_total, double alpha, double tuning, double *rho)
{
	double l = -2 * log(alpha);
	double r2 = (l + log1p(l)) / tuning;
	double v = n_total * r2;
	if (rho)
		*rho = sqrt(r2);
	return sqrt(2 * (v + 1) / v * (0.5 * log1p(v) - log(alpha)));
}

int stats_seq(double estimate, double se, double n_total, double alpha, double tuning, struct stats_seq *out)
{
	if (!(se > 0) || !(n_total > 0) || !(tuning > 0) || !valid_alpha(alpha))
		return -ERR_INVALID;
	if (!isfinite(estimate) || !isfinite(se) || !isfinite(n_total) || !isfinite(tuning))
		return -ERR_INVALID;
	out->half_width = se * seq_width(n_total, alpha, tuning, &out->rho);
	out->ci_low = estimate - out->half_width;
	out->ci_high = estimate + out->half_width;

	/*
	 * Always-valid p-value: the alpha at which the sequence just touches
	 * 0. The width falls monotonically as alpha grows, towards
	 * sqrt(1 + S / (2N)) at alpha = 1; bisect on log alpha.
	 */
	double k = fabs(estimate) / se;
	if (!(k > sqrt(1 + tuning / (2 * n_total)))) {
		out->p_value = 1;
		return 0;
	}
	double lo = -745, hi = 0; /* log alpha */
	if (seq_width(n_total, exp(lo), tuning, NULL) < k) {
		out->p_value = 0;
		return 0;
	}
	for (int i = 0; i < 200 && hi - lo > 1e-15 * fabs(lo); i++) {
		double mid = 0.5 * (lo + hi);
		if (seq_width(n_total, exp(mid), tuning, NULL) > k)
			lo = mid;
		else
			hi = mid;
	}
	out->p_value = exp(0.5 * (lo + hi));
	return 0;
}

int stats_msprt(double delta, double var_delta, double tau2, struct stats_msprt *out)
{
	if (!(var_delta > 0) || !(tau2 > 0) || !isfinite(delta) || !isfinite(var_delta) || !isfinite(tau2))
		return -ERR_INVALID;
	/*
	 * Lambda = integral of N(delta; theta, V) / N(delta; 0, V) over
	 * theta ~ N(0, tau2) = sqrt(V / (V + tau2)) exp(tau2 delta^2 / (2 V (V + tau2))).
	 */
	double s = var_delta + tau2;
	double lg = 0.5 * log(var_delta / s) + tau2 * delta * delta / (2 * var_delta * s);
	out->lambda = exp(lg);
	out->p_value = lg > 0 ? exp(-lg) : 1;
	return 0;
}

int stats_cuped(const struct stats_cuped_arm *c, const struct stats_cuped_arm *t, struct stats_cuped *out)
{
	const struct stats_cuped_arm *arm[2] = {c, t};
	double sxx = 0, sxy = 0, syy = 0, n = 0, xbar = 0;

	for (int i = 0; i < 2; i++) {
		const struct stats_cuped_arm *a = arm[i];
		if (!(a->n >= 2) || !(a->var_x >= 0 && a->var_y >= 0))
			return -ERR_INVALID;
		sxx += (a->n - 1) * a->var_x;
		sxy += (a->n - 1) * a->cov_xy;
		syy += (a->n - 1) * a->var_y;
		n += a->n;
		xbar += a->n * a->mean_x;
	}
	if (!(sxx > 0) || !isfinite(sxx + sxy + syy + xbar))
		return -ERR_INVALID;
	/* pooled within-arm slope: unaffected by the treatment shifting y */
	double theta = sxy / sxx, sadj = 0;
	xbar /= n;
	struct stats_summary *res[2] = {&out->control, &out->treatment};
	for (int i = 0; i < 2; i++) {
		const struct stats_cuped_arm *a = arm[i];
		double v = a->var_y - 2 * theta * a->cov_xy + theta * theta * a->var_x;
		if (v < 0)
			v = 0; /* rounding when y is an exact linear function of x */
		res[i]->n = a->n;
		res[i]->mean = a->mean_y - theta * (a->mean_x - xbar);
		res[i]->variance = v;
		sadj += (a->n - 1) * v;
	}
	out->theta = theta;
	out->variance_reduction = syy > 0 ? 1 - sadj / syy : 0;
	return 0;
}

int stats_cuped_arm_from_samples(const double *y, const double *x, size_t n, struct stats_cuped_arm *out)
{
	struct stats_summary sy, sx;
	if (stats_summarize(y, n, &sy) || stats_summarize(x, n, &sx))
		return -ERR_INVALID;
	double sxy = 0;
	for (size_t i = 0; i < n; i++)
		sxy += (x[i] - sx.mean) * (y[i] - sy.mean);
	out->n = (double)n;
	out->mean_y = sy.mean;
	out->var_y = sy.variance;
	out->mean_x = sx.mean;
	out->var_x = sx.variance;
	out->cov_xy = sxy / (double)(n - 1);
	return 0;
}

int stats_srm(const double *observed, const double *weights, size_t k, struct stats_srm *out)
{
	double total = 0, wsum = 0;
	if (k < 2)
		return -ERR_INVALID;
	for (size_t i = 0; i < k; i++) {
		if (!(observed[i] >= 0) || !(weights[i] > 0))
			return -ERR_INVALID;
		total += observed[i];
		wsum += weights[i];
	}
	if (!(total > 0) || !isfinite(total) || !isfinite(wsum))
		return -ERR_INVALID;
	double chi = 0;
	for (size_t i = 0; i < k; i++) {
		double e = total * (weights[i] / wsum);
		double d = observed[i] - e;
		chi += d * d / e;
	}
	if (!isfinite(chi))
		return -ERR_INVALID;
	out->chi2 = chi;
	out->df = (double)(k - 1);
	out->p_value = stats_chisq_sf(chi, out->df);
	out->flagged = out->p_value < STATS_SRM_THRESHOLD;
	return 0;
}

static int valid_props(double p1, double p2, double alpha)
{
	return p1 > 0 && p1 < 1 && p2 > 0 && p2 < 1 && p1 != p2 && valid_alpha(alpha);
}

int stats_power_prop(double n, double p1, double p2, double alpha, int strict, double *power)
{
	if (!valid_props(p1, p2, alpha) || !(n > 0) || !isfinite(n))
		return -ERR_INVALID;
	double q = z_crit(alpha), d = fabs(p1 - p2);
	double s0 = sqrt((p1 + p2) * (2 - p1 - p2) / 2); /* pooled, under H0 */
	double s1 = sqrt(p1 * (1 - p1) + p2 * (1 - p2));
	double sn = sqrt(n) * d;
	double pw = stats_norm_cdf((sn - q * s0) / s1);
	if (strict)
		pw += stats_norm_sf((sn + q * s0) / s1);
	*power = pw;
	return 0;
}

int stats_power_prop_n(double p1, double p2, double alpha, double power, int strict, double *n)
{
	if (!valid_props(p1, p2, alpha) || !(power > 0 && power < 1))
		return -ERR_INVALID;
	double q = z_crit(alpha), d = fabs(p1 - p2);
	double s0 = sqrt((p1 + p2) * (2 - p1 - p2) / 2);
	double s1 = sqrt(p1 * (1 - p1) + p2 * (1 - p2));
	/* one tail: power = Phi((sqrt(n) d - q s0) / s1) solves in closed form */
	double r = (q * s0 + stats_norm_quantile(power) * s1) / d;
	if (!(r > 0))
		return -ERR_INVALID; /* the test has that power with no data at all */
	if (!strict) {
		*n = r * r;
		return 0;
	}
	/*
	 * Both tails: power rises with sqrt(n) and the far tail only adds, so
	 * the root lies in (0, r]. Bisect on sqrt(n) to full precision.
	 */
	double lo = 0, hi = r;
	for (int i = 0; i < 200 && hi - lo > 4 * DBL_EPSILON * hi; i++) {
		double mid = 0.5 * (lo + hi), pw;
		stats_power_prop(mid * mid, p1, p2, alpha, 1, &pw);
		if (pw < power)
			lo = mid;
		else
			hi = mid;
	}
	double s = 0.5 * (lo + hi);
	*n = s * s;
	return 0;
}
static int valid_mean(double delta, double sd, double alpha)
{
	return delta != 0 && isfinite(delta) && sd > 0 && isfinite(sd) && valid_alpha(alpha);
}

int stats_power_mean(double n, double delta, double sd, double alpha, double *power)
{
	if (!valid_mean(delta, sd, alpha) || !(n >= 2) || !isfinite(n))
		return -ERR_INVALID;
	double df = 2 * (n - 1);
	double tc = stats_t_quantile(1 - 0.5 * alpha, df);
	*power = stats_nct_sf(tc, df, sqrt(n / 2) * fabs(delta) / sd);
	return 0;
}

int stats_power_mean_n(double delta, double sd, double alpha, double power, double *n)
{
	if (!valid_mean(delta, sd, alpha) || !(power > 0 && power < 1))
		return -ERR_INVALID;
	double lo = 2, hi = 4, pw;
	stats_power_mean(lo, delta, sd, alpha, &pw);
	if (pw >= power) {
		*n = lo; /* R's uniroot would fail here; 2 is the least n */
		return 0;
	}
	for (;;) {
		stats_power_mean(hi, delta, sd, alpha, &pw);
		if (pw >= power)
			break;
		lo = hi;
		hi *= 2;
		if (hi > 1e13)
			return -ERR_INVALID;
	}
	for (int i = 0; i < 200 && hi - lo > 4 * DBL_EPSILON * hi; i++) {
		double mid = 0.5 * (lo + hi);
		stats_power_mean(mid, delta, sd, alpha, &pw);
		if (pw < power)
			lo = mid;
		else
			hi = mid;
	}
	*n = 0.5 * (lo + hi);
	return 0;
}

struct bh_item {
	double p;
	size_t i;
};

static int bh_cmp(const void *a, const void *b)
{
	const struct bh_item *x = a, *y = b;
	if (x->p != y->p)
		return x->p < y->p ? 1 : -1; /* descending p */
	return (x->i > y->i) - (x->i < y->i);
}

int stats_bh(const double *p, size_t n, double *adj)
{
	for (size_t i = 0; i < n; i++)
		if (!(p[i] >= 0 && p[i] <= 1))
			return -ERR_INVALID;
	if (n == 0)
		return 0;
	struct bh_item *it = xmalloc(n * sizeof(*it));
	for (size_t i = 0; i < n; i++) {
		it[i].p = p[i];
		it[i].i = i;
	}
	qsort(it, n, sizeof(*it), bh_cmp);
	/* rank r (1 = smallest p) gets the min over ranks >= r of p n / rank */
	double run = 1;
	for (size_t k = 0; k < n; k++) {
		double v = it[k].p * (double)n / (double)(n - k);
		if (v < run)
			run = v;
		adj[it[k].i] = run;
	}
	free(it);
	return 0;
}

int stats_ab_run(const struct stats_ab *in, struct stats_ab_result *out)
{
	int rc = stats_lift(&in->control, &in->treatment, in->alpha, &out->lift);
	if (rc)
		return rc;
	double obs[2] = {in->control.n, in->treatment.n};
	double w[2] = {in->weights[0], in->weights[1]};
	if (!(w[0] > 0 && w[1] > 0))
		w[0] = w[1] = 1;
	rc = stats_srm(obs, w, 2, &out->srm);
	if (rc)
		return rc;
	out->p_value = out->lift.p_value;
	out->ci_low = out->lift.ci_low;
	out->ci_high = out->lift.ci_high;
	out->chance_to_win = out->risk_control = out->risk_treatment = NAN;
	switch (in->method) {
	case STATS_FREQUENTIST: break;
	case STATS_BAYESIAN:
		rc = stats_bayes(out->lift.lift, out->lift.se, in->has_prior ? &in->prior : NULL, in->alpha,
				 &out->bayes);
		if (rc)
			return rc;
		out->ci_low = out->bayes.ci_low;
		out->ci_high = out->bayes.ci_high;
		out->chance_to_win = out->bayes.chance_to_win;
		out->risk_control = out->bayes.risk_control;
		out->risk_treatment = out->bayes.risk_treatment;
		break;
	case STATS_SEQUENTIAL:
		rc = stats_seq(out->lift.lift, out->lift.se, in->control.n + in->treatment.n, in->alpha,
			       in->tuning > 0 ? in->tuning : STATS_TUNING_DEFAULT, &out->seq);
		if (rc)
			return rc;
		out->p_value = out->seq.p_value;
		out->ci_low = out->seq.ci_low;
		out->ci_high = out->seq.ci_high;
		if (in->tau2 > 0) {
			rc = stats_msprt(out->lift.lift, out->lift.se * out->lift.se, in->tau2, &out->msprt);
			if (rc)
				return rc;
		}
		break;
	default: return -ERR_INVALID;
	}
	return 0;
}
