/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * stats_cmd: `scalelab stats ab|ttest|power|srm` for analysts and scripts.
 * Reads one JSON document on stdin, writes one on stdout. Bad input exits
 * 2 with "scalelab stats KIND: field: reason" lines on stderr and nothing
 * on stdout. All reading and computing lives in src/api/stats_io.c. The
 * reasons come from there as catalogue keys and are worded here with the
 * English catalogue (the i18n/ files of each module), the same text the API gives for
 * Accept-Language: en, so no reason has a second, CLI-only wording.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api/stats_io.h"
#include "cli.h"
#include "lib/i18n.h"
#include "lib/buf.h"
#include "lib/problem.h"

static const char help[] = "usage: scalelab stats ab|ttest|power|srm < input.json > result.json\n"
			   "\n"
			   "Reads one JSON object on standard input and writes the result as JSON on\n"
			   "standard output. Bad input: exit status 2, one line per bad field on\n"
			   "standard error. Optional fields show their default in brackets.\n"
			   "\n"
			   "ab: A/B test of one metric; lift is treatment / control - 1.\n"
			   "  metric       \"binomial\", \"mean\" or \"ratio\" [\"binomial\"]\n"
			   "  control      binomial: {\"n\", \"conversions\"}; mean: {\"n\", \"mean\",\n"
			   "  treatment    \"variance\", \"covariate\"?}; ratio: {\"n\", \"mean_m\",\n"
			   "               \"var_m\", \"mean_d\", \"var_d\", \"cov_md\"}. n: whole number\n"
			   "               >= 2 (units in the arm); conversions: 0..n; variance:\n"
			   "               per-unit sample variance >= 0\n"
			   "  ratio arms   mean of M over mean of D per unit, e.g. revenue per order:\n"
			   "               mean_m, var_m  mean and variance (>= 0) of the numerator\n"
			   "               mean_d, var_d  the same of the denominator; mean_d != 0\n"
			   "               cov_md         per-unit covariance of numerator and\n"
			   "                              denominator\n"
			   "               The lift is on r = mean_m / mean_d with the delta-method\n"
			   "               variance (var_m - 2 r cov_md + r^2 var_d) / mean_d^2 per\n"
			   "               unit; a cov_md that makes it negative is refused. The\n"
			   "               HTTP API spells these meanM, varM, meanD, varD, covMd.\n"
			   "  covariate    mean only, CUPED: {\"mean\", \"variance\" >= 0, \"covariance\"}\n"
			   "               of a pre-exposure covariate X in the arm, covariance =\n"
			   "               Cov(Y, X) with the metric Y, at most sqrt(variance *\n"
			   "               covariate.variance) in size; in both arms or neither.\n"
			   "               theta = pooled Cov(Y, X) / Var(X); each arm becomes\n"
			   "               mean - theta (covariate.mean - pooled X mean) with variance\n"
			   "               variance - 2 theta covariance + theta^2 covariate.variance\n"
			   "  alpha        error rate, 0 < alpha < 1 [0.05]\n"
			   "  method       \"frequentist\" (z-test), \"bayesian\" (normal prior on the\n"
			   "               lift) or \"sequential\" (always-valid) [\"frequentist\"]\n"
			   "  prior        bayesian: {\"mean\" [0], \"sd\" > 0} on the lift [flat]\n"
			   "  tuning       sequential: S, the sample size the sequence is tuned for\n"
			   "               [5000]\n"
			   "  tau2         sequential: adds a mixture SPRT with mixing variance tau2\n"
			   "               on the lift\n"
			   "  weights      planned split [control, treatment] for the SRM check [1, 1]\n"
			   "  -> lift, se (delta method), p_value, ci_low, ci_high, difference (and\n"
			   "     its se and CI), control and treatment {n, mean, variance} as tested\n"
			   "     (ratio: the ratio and its per-unit variance; CUPED: the adjusted\n"
			   "     arms), srm {chi2, df, p_value, flagged}; with covariates also\n"
			   "     cuped {theta, variance_reduction (share of the pooled variance\n"
			   "     removed)}, and lift and the rest are computed on the adjusted\n"
			   "     arms; bayesian adds\n"
			   "     chance_to_win, risk_control, risk_treatment (expected loss of\n"
			   "     shipping that arm), posterior_mean, posterior_sd and a credible\n"
			   "     interval as ci_low/ci_high; sequential gives the confidence sequence\n"
			   "     as ci_low/ci_high, an always-valid p_value, rho, half_width and\n"
			   "     fixed_horizon_p_value\n"
			   "\n"
			   "ttest: Welch two-sample t-test of x - y, two-sided.\n"
			   "  x, y         arrays of at least 2 numbers\n"
			   "  alpha        [0.05]\n"
			   "  -> t, df, p_value, ci_low, ci_high, mean_x, mean_y, difference, se\n"
			   "\n"
			   "power: units per arm for a two-sided test (as R power.prop.test and\n"
			   "power.t.test), or the power reached with n units per arm.\n"
			   "  p1, p2       proportions: the two conversion rates, 0 < p < 1\n"
			   "  delta, sd    means: difference to detect and per-unit sd > 0; or give\n"
			   "               mean1 and mean2 instead of delta\n"
			   "  alpha        [0.05]\n"
			   "  power        wanted power, 0 < power < 1 [0.8]\n"
			   "  n            units per arm; then power is computed instead of n\n"
			   "  strict       proportions: count the far rejection tail too [false]\n"
			   "  -> n (exact, per arm), n_per_arm (rounded up), n_total, power\n"
			   "\n"
			   "srm: sample-ratio mismatch, chi-square goodness of fit.\n"
			   "  observed     units per arm, whole numbers >= 0 (at least 2 arms)\n"
			   "  weights      planned split, positive numbers [equal]\n"
			   "  -> chi2, df, p_value, expected, flagged (p_value < 0.001)\n";

int cmd_stats(int argc, char **argv)
{
	if (argc < 2) {
		fputs(help, stderr);
		return 2;
	}
	const char *kind = argv[1];
	if (!strcmp(kind, "--help") || !strcmp(kind, "-h") || !strcmp(kind, "help") ||
	    (argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")))) {
		fputs(help, stdout);
		return 0;
	}
	if (strcmp(kind, "ab") && strcmp(kind, "ttest") && strcmp(kind, "power") && strcmp(kind, "srm")) {
		fprintf(stderr, "scalelab stats: unknown subcommand '%s' (try --help)\n", kind);
		return 2;
	}
	if (argc > 2) {
		fprintf(stderr, "scalelab stats %s: unexpected argument '%s'\n", kind, argv[2]);
		return 2;
	}

	json_error_t err;
	json_t *in = json_loadf(stdin, JSON_REJECT_DUPLICATES, &err);
	if (!in) {
		fprintf(stderr, "stdin:%d: %s\n", err.line, err.text);
		return 2;
	}
	json_t *problems = json_array(), *out = NULL;
	int rc = stats_io_run(kind, in, problems, &out);
	json_decref(in);
	if (rc) {
		size_t i;
		json_t *p;
		struct buf text = BUF_INIT;
		if (i18n_init() < 0)
			fprintf(stderr, "scalelab stats %s: the message catalogue is broken\n", kind);
		json_array_foreach (problems, i, p) {
			buf_reset(&text);
			problem_text(p, i18n_t("en", json_string_value(json_object_get(p, "reason"))), "en",
				     &text);
			fprintf(stderr, "scalelab stats %s: %s: %s\n", kind,
				json_string_value(json_object_get(p, "name")), buf_str(&text));
		}
		buf_free(&text);
		json_decref(problems);
		return 2;
	}
	json_decref(problems);
	int werr = json_dumpf(out, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	json_decref(out);
	if (werr || fputc('\n', stdout) == EOF || fflush(stdout) == EOF) {
		fprintf(stderr, "scalelab stats %s: cannot write standard output\n", kind);
		return 1;
	}
	return 0;
}
