/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * stats_io: JSON documents in, domain structs, JSON results out. Readers
 * check every field and collect all problems before computing anything;
 * numbers that cannot be represented in JSON (NaN, infinity) come out as
 * null. No stdin/stdout, no database: the CLI and HTTP API share it.
 */
#include "api/stats_io.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/util.h"

/* dotted path of a field: prefix "" gives just key */
static const char *path(struct buf *b, const char *prefix, const char *key)
{
	buf_reset(b);
	if (prefix && *prefix)
		buf_printf(b, "%s.%s", prefix, key);
	else
		buf_puts(b, key);
	return buf_str(b);
}

enum { ABSENT = 0, PRESENT = 1, BAD = -1 };

/* Reads obj.key as a number. Absent: reports when required. */
static int get_num(const json_t *obj, const char *prefix, const char *key, int required, double *out,
		   json_t *pr)
{
	struct buf b = BUF_INIT;
	const json_t *v = json_object_get(obj, key);
	int rc = PRESENT;
	if (!v || json_is_null(v)) {
		if (required)
			problem_add(pr, path(&b, prefix, key), "err.required");
		rc = required ? BAD : ABSENT;
	} else if (!json_is_number(v)) {
		problem_add(pr, path(&b, prefix, key), "err.type_number");
		rc = BAD;
	} else {
		*out = json_number_value(v);
		if (!isfinite(*out)) {
			problem_add(pr, path(&b, prefix, key), "err.type_number");
			rc = BAD;
		}
	}
	buf_free(&b);
	return rc;
}

/* Reads obj.key as a string; absent is ABSENT. */
static int get_str(const json_t *obj, const char *key, const char **out, json_t *pr)
{
	const json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return ABSENT;
	if (!json_is_string(v)) {
		problem_add(pr, key, "err.type_string");
		return BAD;
	}
	*out = json_string_value(v);
	return PRESENT;
}

/* reason: a catalogue key */
static void bad(json_t *pr, const char *prefix, const char *key, const char *reason)
{
	struct buf b = BUF_INIT;
	problem_add_params(pr, path(&b, prefix, key), reason, NULL);
	buf_free(&b);
}

static int whole(double v)
{
	return v == floor(v);
}

/* alpha: optional, default 0.05, strictly between 0 and 1 */
static void read_alpha(const json_t *in, double *alpha, json_t *pr)
{
	*alpha = 0.05;
	if (get_num(in, "", "alpha", 0, alpha, pr) == PRESENT && !(*alpha > 0 && *alpha < 1))
		bad(pr, "", "alpha", "err.stats.alpha");
}

static int need_object(const json_t *in, json_t *pr)
{
	if (json_is_object(in))
		return 0;
	problem_add(pr, "(document)", "err.type_object");
	return -ERR_INVALID;
}

/* Sets a number, or null when it has no JSON representation. */
static void put(json_t *o, const char *key, double v)
{
	json_object_set_new(o, key, isfinite(v) ? json_real(v) : json_null());
}

/* Counts print as integers when they are whole and exact in a double. */
static void put_count(json_t *o, const char *key, double v)
{
	if (isfinite(v) && v == floor(v) && fabs(v) < 9007199254740992.0)
		json_object_set_new(o, key, json_integer((json_int_t)v));
	else
		put(o, key, v);
}

static json_t *summary_json(const struct stats_summary *s)
{
	json_t *o = json_object();
	put_count(o, "n", s->n);
	put(o, "mean", s->mean);
	put(o, "variance", s->variance);
	return o;
}

enum metric { METRIC_BINOMIAL, METRIC_MEAN, METRIC_RATIO };

static const char *const metric_names[] = {"binomial", "mean", "ratio"};

/* Reads a required variance: a number >= 0. */
static int get_var(const json_t *obj, const char *prefix, const char *key, double *out, json_t *pr)
{
	int h = get_num(obj, prefix, key, 1, out, pr);
	if (h == PRESENT && *out < 0) {
		bad(pr, prefix, key, "err.stats.negative");
		h = BAD;
	}
	return h;
}

/* arm.covariate of a mean arm: {mean, variance, covariance} of the
 * pre-exposure covariate X. Returns ABSENT, PRESENT (cx filled) or BAD. */
static int read_covariate(const json_t *arm, const char *name, double var_y, int var_y_ok,
			  struct stats_cuped_arm *cx, json_t *pr)
{
	const json_t *cov = json_object_get(arm, "covariate");
	struct buf b = BUF_INIT;

	if (!cov || json_is_null(cov))
		return ABSENT;
	if (!json_is_object(cov)) {
		bad(pr, name, "covariate", "err.type_object");
		return BAD;
	}
	const char *p = path(&b, name, "covariate");
	int hm = get_num(cov, p, "mean", 1, &cx->mean_x, pr);
	int hv = get_var(cov, p, "variance", &cx->var_x, pr);
	int hc = get_num(cov, p, "covariance", 1, &cx->cov_xy, pr);
	/* Cauchy-Schwarz: a larger covariance is impossible for real data and
	 * would make the adjusted variance negative */
	if (hv == PRESENT && hc == PRESENT && var_y_ok &&
	    cx->cov_xy * cx->cov_xy > var_y * cx->var_x * (1 + 1e-9)) {
		struct buf k = BUF_INIT;
		problem_add(pr, path(&k, p, "covariance"), "err.stats.covariance_max");
		buf_free(&k);
		hc = BAD;
	}
	buf_free(&b);
	return hm == PRESENT && hv == PRESENT && hc == PRESENT ? PRESENT : BAD;
}

/* One ratio arm; on success *s is its delta-method summary. */
static int read_ratio(const json_t *arm, const char *name, double n, int n_ok, struct stats_summary *s,
		      json_t *pr)
{
	struct stats_ratio_arm ra = {.n = n};
	int hmm = get_num(arm, name, "mean_m", 1, &ra.mean_m, pr);
	int hvm = get_var(arm, name, "var_m", &ra.var_m, pr);
	int hmd = get_num(arm, name, "mean_d", 1, &ra.mean_d, pr);
	if (hmd == PRESENT && ra.mean_d == 0) {
		bad(pr, name, "mean_d", "err.stats.denominator_zero");
		hmd = BAD;
	}
	int hvd = get_var(arm, name, "var_d", &ra.var_d, pr);
	int hc = get_num(arm, name, "cov_md", 1, &ra.cov_md, pr);
	if (!(n_ok && hmm == PRESENT && hvm == PRESENT && hmd == PRESENT && hvd == PRESENT && hc == PRESENT))
		return BAD;
	if (stats_ratio(&ra, s)) {
		bad(pr, name, "cov_md", "err.stats.ratio_variance");
		return BAD;
	}
	return PRESENT;
}

/* Reads one arm into *s. A mean arm may carry a covariate: *has_cov says
 * whether one was given (PRESENT, or BAD when given but wrong) and cx
 * holds the arm for stats_cuped(). Returns PRESENT when *s is complete. */
static int read_arm(const json_t *in, const char *name, enum metric metric, struct stats_summary *s,
		    struct stats_cuped_arm *cx, int *has_cov, json_t *pr)
{
	const json_t *arm = json_object_get(in, name);
	double n = 0, conv = 0, mean = 0, var = 0;

	*has_cov = ABSENT;
	if (!arm || json_is_null(arm)) {
		bad(pr, "", name, "err.required");
		return BAD;
	}
	if (!json_is_object(arm)) {
		bad(pr, "", name, "err.type_object");
		return BAD;
	}
	int hn = get_num(arm, name, "n", 1, &n, pr);
	if (hn == PRESENT && !whole(n)) {
		bad(pr, name, "n", "err.stats.whole");
		hn = BAD;
	} else if (hn == PRESENT && n < 2) {
		bad(pr, name, "n", "err.stats.n_min");
		hn = BAD;
	} else if (hn == PRESENT && n > STATS_IO_N_MAX) {
		/* beyond it counts are no longer exact in a double */
		struct buf k = BUF_INIT;
		problem_add_params(pr, path(&k, name, "n"), "err.max",
				   json_pack("{s:I}", "max", (json_int_t)STATS_IO_N_MAX));
		buf_free(&k);
		hn = BAD;
	}
	int ok = hn == PRESENT;
	if (metric != METRIC_MEAN) {
		const json_t *cov = json_object_get(arm, "covariate");
		if (cov && !json_is_null(cov))
			bad(pr, name, "covariate", "err.stats.covariate_mean_only");
	}
	if (metric == METRIC_RATIO)
		return read_ratio(arm, name, n, ok, s, pr);
	if (metric == METRIC_BINOMIAL) {
		int hc = get_num(arm, name, "conversions", 1, &conv, pr);
		if (hc == PRESENT && !whole(conv)) {
			bad(pr, name, "conversions", "err.stats.whole");
			hc = BAD;
		} else if (hc == PRESENT && conv < 0) {
			bad(pr, name, "conversions", "err.stats.negative");
			hc = BAD;
		} else if (hc == PRESENT && hn == PRESENT && conv > n) {
			bad(pr, name, "conversions", "err.stats.conversions_max");
			hc = BAD;
		}
		if (ok && hc == PRESENT) {
			stats_binomial(conv, n, s);
			return PRESENT;
		}
		return BAD;
	}
	int hm = get_num(arm, name, "mean", 1, &mean, pr);
	int hv = get_var(arm, name, "variance", &var, pr);
	*has_cov = read_covariate(arm, name, var, hv == PRESENT, cx, pr);
	if (!(ok && hm == PRESENT && hv == PRESENT))
		return BAD;
	s->n = cx->n = n;
	s->mean = cx->mean_y = mean;
	s->variance = cx->var_y = var;
	return PRESENT;
}

/* CUPED on both arms: replaces them by their adjusted summaries. */
static void adjust(struct stats_io_ab *r, const struct stats_cuped_arm *cx, json_t *pr)
{
	if (!stats_cuped(&cx[0], &cx[1], &r->cuped)) {
		r->ab.control = r->cuped.control;
		r->ab.treatment = r->cuped.treatment;
		r->has_cuped = 1;
	} else if (cx[0].var_x == 0 && cx[1].var_x == 0) {
		bad(pr, "control.covariate", "variance", "err.stats.covariate_no_variance");
	} else {
		problem_add(pr, "(document)", "err.stats.adjust_overflow");
	}
}

int stats_io_read_ab(const json_t *in, struct stats_io_ab *r, json_t *problems)
{
	size_t before = json_array_size(problems);
	const char *metric = "binomial", *method = "frequentist";
	struct stats_ab *ab = &r->ab;
	enum metric m = METRIC_BINOMIAL;

	memset(r, 0, sizeof(*r));
	r->metric = metric_names[m];
	if (need_object(in, problems))
		return -ERR_INVALID;
	if (get_str(in, "metric", &metric, problems) == PRESENT) {
		if (!strcmp(metric, "mean"))
			m = METRIC_MEAN;
		else if (!strcmp(metric, "ratio"))
			m = METRIC_RATIO;
		else if (strcmp(metric, "binomial"))
			bad(problems, "", "metric", "err.stats.metric");
	}
	r->metric = metric_names[m];
	if (get_str(in, "method", &method, problems) == PRESENT) {
		if (!strcmp(method, "frequentist"))
			ab->method = STATS_FREQUENTIST;
		else if (!strcmp(method, "bayesian"))
			ab->method = STATS_BAYESIAN;
		else if (!strcmp(method, "sequential"))
			ab->method = STATS_SEQUENTIAL;
		else
			bad(problems, "", "method", "err.stats.method");
	}
	struct stats_cuped_arm cx[2];
	int has_cov[2];
	memset(cx, 0, sizeof(cx));
	read_arm(in, "control", m, &ab->control, &cx[0], &has_cov[0], problems);
	read_arm(in, "treatment", m, &ab->treatment, &cx[1], &has_cov[1], problems);
	if ((has_cov[0] == ABSENT) != (has_cov[1] == ABSENT))
		bad(problems, has_cov[0] == ABSENT ? "control" : "treatment", "covariate",
		    "err.stats.covariate_both");
	read_alpha(in, &ab->alpha, problems);

	const json_t *prior = json_object_get(in, "prior");
	if (prior && !json_is_null(prior)) {
		if (!json_is_object(prior)) {
			bad(problems, "", "prior", "err.type_object");
		} else {
			ab->prior.mean = 0;
			get_num(prior, "prior", "mean", 0, &ab->prior.mean, problems);
			if (get_num(prior, "prior", "sd", 1, &ab->prior.sd, problems) == PRESENT &&
			    !(ab->prior.sd > 0))
				bad(problems, "prior", "sd", "err.stats.positive");
			ab->has_prior = 1;
		}
	}
	ab->tuning = STATS_TUNING_DEFAULT;
	if (get_num(in, "", "tuning", 0, &ab->tuning, problems) == PRESENT && !(ab->tuning > 0))
		bad(problems, "", "tuning", "err.stats.positive");
	if (get_num(in, "", "tau2", 0, &ab->tau2, problems) == PRESENT && !(ab->tau2 > 0))
		bad(problems, "", "tau2", "err.stats.positive");

	ab->weights[0] = ab->weights[1] = 1;
	const json_t *w = json_object_get(in, "weights");
	if (w && !json_is_null(w)) {
		if (!json_is_array(w) || json_array_size(w) != 2 || !json_is_number(json_array_get(w, 0)) ||
		    !json_is_number(json_array_get(w, 1)) || !(json_number_value(json_array_get(w, 0)) > 0) ||
		    !(json_number_value(json_array_get(w, 1)) > 0)) {
			bad(problems, "", "weights", "err.stats.weights");
		} else {
			ab->weights[0] = json_number_value(json_array_get(w, 0));
			ab->weights[1] = json_number_value(json_array_get(w, 1));
		}
	}
	if (json_array_size(problems) > before)
		return -ERR_INVALID;
	if (has_cov[0] == PRESENT && has_cov[1] == PRESENT) {
		adjust(r, cx, problems);
		if (json_array_size(problems) > before)
			return -ERR_INVALID;
	}
	/* conditions the numbers can only be judged on together, named after
	 * the field the metric kind takes them from */
	static const char *const mean_key[] = {"conversions", "mean", "mean_m"};
	static const char *const var_key[] = {"conversions", "variance", "var_m"};
	if (ab->control.mean == 0)
		bad(problems, "control", mean_key[m], "err.stats.control_zero");
	else if (ab->control.variance == 0 && ab->treatment.variance == 0)
		bad(problems, "treatment", var_key[m], "err.stats.no_variance");
	else if (ab->treatment.mean == 0 && ab->treatment.variance == 0)
		bad(problems, "treatment", mean_key[m], "err.stats.treatment_zero");
	return json_array_size(problems) > before ? -ERR_INVALID : 0;
}

static const char *method_name(enum stats_method m)
{
	switch (m) {
	case STATS_BAYESIAN: return "bayesian";
	case STATS_SEQUENTIAL: return "sequential";
	default: return "frequentist";
	}
}

int stats_io_ab(const json_t *in, json_t *problems, json_t **out)
{
	struct stats_io_ab rd;
	struct stats_ab_result r;

	*out = NULL;
	if (stats_io_read_ab(in, &rd, problems))
		return -ERR_INVALID;
	const struct stats_ab ab = rd.ab;
	if (stats_ab_run(&ab, &r)) {
		problem_add(problems, "(document)", "err.stats.no_estimate");
		return -ERR_INVALID;
	}
	json_t *o = json_object();
	json_object_set_new(o, "metric", json_string(rd.metric));
	json_object_set_new(o, "method", json_string(method_name(ab.method)));
	put(o, "alpha", ab.alpha);
	json_object_set_new(o, "control", summary_json(&ab.control));
	json_object_set_new(o, "treatment", summary_json(&ab.treatment));
	if (rd.has_cuped) {
		json_t *c = json_object();
		put(c, "theta", rd.cuped.theta);
		put(c, "variance_reduction", rd.cuped.variance_reduction);
		json_object_set_new(o, "cuped", c);
	}
	put(o, "difference", r.lift.diff);
	put(o, "difference_se", r.lift.diff_se);
	put(o, "difference_ci_low", r.lift.diff_ci_low);
	put(o, "difference_ci_high", r.lift.diff_ci_high);
	put(o, "lift", r.lift.lift);
	put(o, "se", r.lift.se);
	put(o, "p_value", r.p_value);
	put(o, "ci_low", r.ci_low);
	put(o, "ci_high", r.ci_high);
	switch (ab.method) {
	case STATS_BAYESIAN:
		put(o, "chance_to_win", r.chance_to_win);
		put(o, "risk_control", r.risk_control);
		put(o, "risk_treatment", r.risk_treatment);
		put(o, "posterior_mean", r.bayes.post_mean);
		put(o, "posterior_sd", r.bayes.post_sd);
		if (ab.has_prior)
			json_object_set_new(o, "prior",
					    json_pack("{s:f,s:f}", "mean", ab.prior.mean, "sd", ab.prior.sd));
		else
			json_object_set_new(o, "prior", json_string("flat"));
		break;
	case STATS_SEQUENTIAL:
		put(o, "fixed_horizon_p_value", r.lift.p_value);
		put(o, "tuning", ab.tuning);
		put(o, "rho", r.seq.rho);
		put(o, "half_width", r.seq.half_width);
		if (ab.tau2 > 0) {
			put(o, "tau2", ab.tau2);
			put(o, "msprt_lambda", r.msprt.lambda);
			put(o, "msprt_p_value", r.msprt.p_value);
		}
		break;
	default: break;
	}
	json_t *srm = json_object();
	put(srm, "chi2", r.srm.chi2);
	put_count(srm, "df", r.srm.df);
	put(srm, "p_value", r.srm.p_value);
	json_object_set_new(srm, "flagged", json_boolean(r.srm.flagged));
	json_object_set_new(o, "srm", srm);
	*out = o;
	return 0;
}

/* Reads obj.key as a non-empty array of finite numbers; caller frees *v. */
static int get_array(const json_t *obj, const char *key, double **v, size_t *n, json_t *pr)
{
	const json_t *a = json_object_get(obj, key);
	*v = NULL;
	*n = 0;
	if (!a || json_is_null(a)) {
		problem_add(pr, key, "err.required");
		return BAD;
	}
	if (!json_is_array(a)) {
		problem_add(pr, key, "err.type_array");
		return BAD;
	}
	size_t len = json_array_size(a), nbad = 0;
	double *vals = xcalloc(len ? len : 1, sizeof(*vals));
	for (size_t i = 0; i < len; i++) {
		const json_t *e = json_array_get(a, i);
		if (!json_is_number(e)) {
			/* one line per array is enough to point at the mistake */
			if (nbad++ == 0) {
				struct buf b = BUF_INIT;
				buf_printf(&b, "%s[%zu]", key, i);
				problem_add(pr, buf_str(&b), "err.type_number");
				buf_free(&b);
			}
			continue;
		}
		vals[i] = json_number_value(e);
	}
	if (nbad) {
		free(vals);
		return BAD;
	}
	*v = vals;
	*n = len;
	return PRESENT;
}

int stats_io_ttest(const json_t *in, json_t *problems, json_t **out)
{
	size_t before = json_array_size(problems), nx = 0, ny = 0;
	double *x = NULL, *y = NULL, alpha;
	struct stats_welch w = {0};

	*out = NULL;
	if (need_object(in, problems))
		return -ERR_INVALID;
	if (get_array(in, "x", &x, &nx, problems) == PRESENT && nx < 2)
		problem_add(problems, "x", "err.stats.values_min");
	if (get_array(in, "y", &y, &ny, problems) == PRESENT && ny < 2)
		problem_add(problems, "y", "err.stats.values_min");
	read_alpha(in, &alpha, problems);
	if (json_array_size(problems) == before && stats_welch_samples(x, nx, y, ny, alpha, &w))
		problem_add(problems, "x", "err.stats.constant");
	free(x);
	free(y);
	if (json_array_size(problems) > before)
		return -ERR_INVALID;
	json_t *o = json_object();
	put(o, "alpha", alpha);
	put_count(o, "n_x", (double)nx);
	put_count(o, "n_y", (double)ny);
	put(o, "mean_x", w.mean_x);
	put(o, "mean_y", w.mean_y);
	put(o, "difference", w.diff);
	put(o, "se", w.se);
	put(o, "t", w.t);
	put(o, "df", w.df);
	put(o, "p_value", w.p_value);
	put(o, "ci_low", w.ci_low);
	put(o, "ci_high", w.ci_high);
	*out = o;
	return 0;
}

/* power: probabilities strictly inside (0, 1) */
static void read_prob(const json_t *in, const char *key, int required, double *v, json_t *pr)
{
	if (get_num(in, "", key, required, v, pr) == PRESENT && !(*v > 0 && *v < 1))
		bad(pr, "", key, "err.stats.alpha");
}

int stats_io_power(const json_t *in, json_t *problems, json_t **out)
{
	size_t before = json_array_size(problems);
	double alpha, power = 0.8, n = 0, p1 = 0, p2 = 0, delta = 0, sd = 0, m1 = 0, m2 = 0;
	int strict = 0, has_n;

	*out = NULL;
	if (need_object(in, problems))
		return -ERR_INVALID;
	int props = json_object_get(in, "p1") || json_object_get(in, "p2");
	read_alpha(in, &alpha, problems);
	has_n = get_num(in, "", "n", 0, &n, problems) == PRESENT;
	if (has_n && !(n >= 2))
		bad(problems, "", "n", "err.stats.n_min");
	if (has_n && json_object_get(in, "power"))
		bad(problems, "", "n", "err.stats.n_or_power");
	if (!has_n)
		read_prob(in, "power", 0, &power, problems);
	const json_t *js = json_object_get(in, "strict");
	if (js && !json_is_null(js)) {
		if (!json_is_boolean(js))
			bad(problems, "", "strict", "err.type_boolean");
		else
			strict = json_is_true(js);
	}
	if (props) {
		read_prob(in, "p1", 1, &p1, problems);
		read_prob(in, "p2", 1, &p2, problems);
		if (json_array_size(problems) == before && p1 == p2)
			bad(problems, "", "p2", "err.stats.p_differ");
	} else {
		int hd = get_num(in, "", "delta", 0, &delta, problems);
		if (hd == ABSENT) {
			int h1 = get_num(in, "", "mean1", 0, &m1, problems);
			int h2 = get_num(in, "", "mean2", 0, &m2, problems);
			if (h1 == ABSENT && h2 == ABSENT)
				problem_add(problems, "p1", "err.stats.effect_required");
			else if (h1 == ABSENT || h2 == ABSENT)
				bad(problems, "", h1 == ABSENT ? "mean1" : "mean2", "err.stats.mean_pair");
			delta = m2 - m1;
		}
		if (json_array_size(problems) == before) {
			if (delta == 0)
				bad(problems, "", hd == PRESENT ? "delta" : "mean2",
				    "err.stats.difference_zero");
			if (get_num(in, "", "sd", 1, &sd, problems) == PRESENT && !(sd > 0))
				bad(problems, "", "sd", "err.stats.positive");
		}
	}
	if (json_array_size(problems) > before)
		return -ERR_INVALID;

	int rc;
	if (props)
		rc = has_n ? stats_power_prop(n, p1, p2, alpha, strict, &power)
			   : stats_power_prop_n(p1, p2, alpha, power, strict, &n);
	else
		rc = has_n ? stats_power_mean(n, delta, sd, alpha, &power)
			   : stats_power_mean_n(delta, sd, alpha, power, &n);
	if (rc) {
		bad(problems, "", "power", "err.stats.power_unreachable");
		return -ERR_INVALID;
	}
	json_t *o = json_object();
	json_object_set_new(o, "test", json_string(props ? "proportions" : "means"));
	if (props) {
		put(o, "p1", p1);
		put(o, "p2", p2);
		json_object_set_new(o, "strict", json_boolean(strict));
	} else {
		put(o, "delta", delta);
		put(o, "sd", sd);
	}
	put(o, "alpha", alpha);
	put(o, "power", power);
	put(o, "n", n);
	put_count(o, "n_per_arm", ceil(n));
	put_count(o, "n_total", 2 * ceil(n));
	*out = o;
	return 0;
}

int stats_io_srm(const json_t *in, json_t *problems, json_t **out)
{
	size_t before = json_array_size(problems), k = 0, kw = 0;
	double *obs = NULL, *w = NULL;
	struct stats_srm s = {0};

	*out = NULL;
	if (need_object(in, problems))
		return -ERR_INVALID;
	if (get_array(in, "observed", &obs, &k, problems) == PRESENT) {
		if (k < 2)
			problem_add(problems, "observed", "err.stats.counts_min");
		double total = 0;
		for (size_t i = 0; i < k; i++) {
			if (obs[i] < 0 || !whole(obs[i])) {
				struct buf b = BUF_INIT;
				buf_printf(&b, "observed[%zu]", i);
				problem_add(problems, buf_str(&b), "err.stats.count");
				buf_free(&b);
				break;
			}
			total += obs[i];
		}
		if (k >= 2 && !(total > 0))
			problem_add(problems, "observed", "err.stats.count_total");
	}
	if (json_object_get(in, "weights") && !json_is_null(json_object_get(in, "weights"))) {
		if (get_array(in, "weights", &w, &kw, problems) == PRESENT) {
			if (obs && kw != k)
				problem_add(problems, "weights", "err.stats.weights_count");
			for (size_t i = 0; i < kw; i++) {
				if (!(w[i] > 0)) {
					struct buf b = BUF_INIT;
					buf_printf(&b, "weights[%zu]", i);
					problem_add(problems, buf_str(&b), "err.stats.positive");
					buf_free(&b);
					break;
				}
			}
		}
	} else if (obs) {
		w = xcalloc(k ? k : 1, sizeof(*w));
		for (size_t i = 0; i < k; i++)
			w[i] = 1;
	}
	int rc = -ERR_INVALID;
	if (json_array_size(problems) == before) {
		rc = stats_srm(obs, w, k, &s);
		if (rc)
			problem_add(problems, "observed", "err.stats.srm_overflow");
	}
	json_t *o = NULL;
	if (!rc) {
		o = json_object();
		put(o, "chi2", s.chi2);
		put_count(o, "df", s.df);
		put(o, "p_value", s.p_value);
		put(o, "threshold", STATS_SRM_THRESHOLD);
		json_object_set_new(o, "flagged", json_boolean(s.flagged));
		double total = 0, wsum = 0;
		for (size_t i = 0; i < k; i++) {
			total += obs[i];
			wsum += w[i];
		}
		json_t *e = json_array();
		for (size_t i = 0; i < k; i++)
			json_array_append_new(e, json_real(total * (w[i] / wsum)));
		json_object_set_new(o, "expected", e);
	}
	free(obs);
	free(w);
	*out = o;
	return rc ? -ERR_INVALID : 0;
}

int stats_io_run(const char *kind, const json_t *in, json_t *problems, json_t **out)
{
	*out = NULL;
	if (!strcmp(kind, "ab"))
		return stats_io_ab(in, problems, out);
	if (!strcmp(kind, "ttest"))
		return stats_io_ttest(in, problems, out);
	if (!strcmp(kind, "power"))
		return stats_io_power(in, problems, out);
	if (!strcmp(kind, "srm"))
		return stats_io_srm(in, problems, out);
	problem_add(problems, "kind", "err.stats.kind");
	return -ERR_INVALID;
}
