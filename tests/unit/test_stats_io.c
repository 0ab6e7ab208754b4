/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_stats_io: the `ab` document reader for ratio metrics and CUPED
 * covariates. Reference values come from per-unit data with exact
 * rationals (Python fractions; the data and script are in the comments):
 * CUPED on the adjusted values y - theta (x - pooled mean x) themselves,
 * ratios both by the brief's delta-method formula and as the variance of
 * the linearized units (m - r d) / mean d, which agree exactly.
 */
#include "api/stats_io.h"

#include <jansson.h>

#include "lib/util.h"
#include "test.h"

/* qnorm(0.975) as in R */
#define Z975 1.959963984540054

/* Runs the `ab` document text; result in *out or problems in *problems. */
static int run(const char *text, json_t **out, json_t **problems)
{
	json_error_t err;
	json_t *in = json_loads(text, 0, &err);
	if (!in) {
		fprintf(stderr, "bad test JSON: %s\n", err.text);
		return -1;
	}
	*problems = json_array();
	int rc = stats_io_ab(in, *problems, out);
	json_decref(in);
	return rc;
}

static double num(const json_t *o, const char *a, const char *b)
{
	const json_t *v = json_object_get(o, a);
	if (b)
		v = json_object_get(v, b);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* 1 when some problem is named name */
static int named(const json_t *problems, const char *name)
{
	size_t i;
	json_t *p;
	json_array_foreach (problems, i, p)
		if (!strcmp(json_string_value(json_object_get(p, "name")), name))
			return 1;
	return 0;
}

static void dump(const json_t *problems)
{
	size_t i;
	json_t *p;
	json_array_foreach (problems, i, p)
		fprintf(stderr, "  problem %s: %s\n", json_string_value(json_object_get(p, "name")),
			json_string_value(json_object_get(p, "reason")));
}

/*
 * Per-unit data of the CUPED case (y: metric, x: pre-exposure covariate):
 *   control   y = 12 15 9 20 14 11 17 13   x = 10 14 8 17 12 10 15 11
 *   treatment y = 16 14 19 13 21 15 18 17  x = 13 11 15 10 18 12 15 14
 * Summaries: control mean 13.875, var 12.125, x mean 12.125, var 503/56,
 * cov 577/56; treatment mean 16.625, var 7.125, x mean 13.5, var 46/7,
 * cov 95/14.
 */
static const char cuped_doc[] =
    "{\"metric\": \"mean\","
    " \"control\": {\"n\": 8, \"mean\": 13.875, \"variance\": 12.125, \"covariate\":"
    "  {\"mean\": 12.125, \"variance\": 8.982142857142858, \"covariance\": 10.303571428571429}},"
    " \"treatment\": {\"n\": 8, \"mean\": 16.625, \"variance\": 7.125, \"covariate\":"
    "  {\"mean\": 13.5, \"variance\": 6.571428571428571, \"covariance\": 6.785714285714286}}}";

TEST(test_stats_io_cuped_computes_the_lift_on_adjusted_arms)
{
	json_t *out = NULL, *pr = NULL;
	CHECK_INT(run(cuped_doc, &out, &pr), 0);
	dump(pr);
	CHECK(out != NULL);
	/* pooled within-arm slope and the share of variance removed */
	CHECK_NEAR(num(out, "cuped", "theta"), 1.0987370838117108, 1e-12);
	CHECK_NEAR(num(out, "cuped", "variance_reduction"), 0.9754094519552942, 1e-12);
	/* the arms as tested are the adjusted ones */
	CHECK_NEAR(num(out, "control", "mean"), 14.630381745120552, 1e-12);
	CHECK_NEAR(num(out, "control", "variance"), 0.32661900876510946, 1e-10);
	CHECK_NEAR(num(out, "treatment", "mean"), 15.869618254879448, 1e-12);
	CHECK_NEAR(num(out, "treatment", "variance"), 0.14674904109547768, 1e-10);
	CHECK_NEAR(num(out, "difference", NULL), 1.2392365097588978, 1e-12);
	CHECK_NEAR(num(out, "difference_se", NULL), 0.24325091208991056, 1e-10);
	CHECK_NEAR(num(out, "lift", NULL), 0.08470295111555798, 1e-12);
	CHECK_NEAR(num(out, "se", NULL), 0.01761018940725439, 1e-10);
	CHECK_NEAR(num(out, "p_value", NULL), 1.5101864675418094e-06, 1e-8);
	CHECK_NEAR(num(out, "ci_low", NULL), 0.05018761411641061, 1e-9);
	CHECK_NEAR(num(out, "ci_high", NULL), 0.11921828811470535, 1e-9);
	CHECK_STR(json_string_value(json_object_get(out, "metric")), "mean");
	json_decref(out);
	json_decref(pr);
}

TEST(test_stats_io_mean_without_covariate_has_no_cuped_and_plain_lift)
{
	json_t *out = NULL, *pr = NULL;
	CHECK_INT(
	    run("{\"metric\": \"mean\", \"control\": {\"n\": 8, \"mean\": 13.875, \"variance\": 12.125},"
		" \"treatment\": {\"n\": 8, \"mean\": 16.625, \"variance\": 7.125}}",
		&out, &pr),
	    0);
	CHECK(json_object_get(out, "cuped") == NULL);
	/* the same data unadjusted: a far wider interval */
	CHECK_NEAR(num(out, "lift", NULL), 0.1981981981981982, 1e-12);
	CHECK_NEAR(num(out, "se", NULL), 0.12621002854406022, 1e-10);
	CHECK_NEAR(num(out, "p_value", NULL), 0.11632582325783847, 1e-8);
	json_decref(out);
	json_decref(pr);
}

/*
 * Per-unit data of the ratio case (m: revenue, d: orders):
 *   control   m = 30 45 12 60 25 40 18 50   d = 2 3 1 4 2 3 1 3
 *   treatment m = 35 55 20 48 30 62 24 41   d = 2 3 1 3 2 4 2 2
 * Summaries: control mean_m 35, var_m 274, mean_d 2.375, var_d 1.125,
 * cov_md 120/7; treatment 39.375, 12415/56, 2.375, 47/56, 711/56.
 */
static const char ratio_doc[] =
    "{\"metric\": \"ratio\", \"method\": \"frequentist\","
    " \"control\": {\"n\": 8, \"mean_m\": 35, \"var_m\": 274, \"mean_d\": 2.375, \"var_d\": 1.125,"
    "  \"cov_md\": 17.142857142857142},"
    " \"treatment\": {\"n\": 8, \"mean_m\": 39.375, \"var_m\": 221.69642857142858, \"mean_d\": 2.375,"
    "  \"var_d\": 0.8392857142857143, \"cov_md\": 12.696428571428571}}";

TEST(test_stats_io_ratio_uses_the_delta_method_per_unit)
{
	json_t *out = NULL, *pr = NULL;
	CHECK_INT(run(ratio_doc, &out, &pr), 0);
	dump(pr);
	CHECK_STR(json_string_value(json_object_get(out, "metric")), "ratio");
	CHECK_NEAR(num(out, "control", "mean"), 14.736842105263158, 1e-13);
	CHECK_NEAR(num(out, "control", "variance"), 2.3150221376447386, 1e-11);
	CHECK_NEAR(num(out, "treatment", "mean"), 16.57894736842105, 1e-13);
	CHECK_NEAR(num(out, "treatment", "variance"), 5.566211782554506, 1e-11);
	CHECK_NEAR(num(out, "lift", NULL), 0.125, 1e-12);
	CHECK_NEAR(num(out, "se", NULL), 0.06992974751012324, 1e-10);
	CHECK_NEAR(num(out, "p_value", NULL), 0.07385538128525353, 1e-8);
	CHECK_NEAR(num(out, "ci_low", NULL), 0.125 - Z975 * 0.06992974751012324, 1e-9);
	CHECK_NEAR(num(out, "ci_high", NULL), 0.26205978656782103, 1e-10);
	CHECK_NEAR(num(out, "difference", NULL), 1.8421052631578947, 1e-12);
	CHECK_NEAR(num(out, "difference_se", NULL), 0.992549364024231, 1e-10);
	CHECK(json_object_get(out, "cuped") == NULL);
	json_decref(out);
	json_decref(pr);
}

TEST(test_stats_io_ratio_reports_every_bad_field_at_once)
{
	json_t *out = NULL, *pr = NULL;
	CHECK_INT(
	    run("{\"metric\": \"ratio\","
		" \"control\": {\"n\": 1, \"mean_m\": \"12\", \"var_m\": -1, \"mean_d\": 0, \"var_d\": -2},"
		" \"treatment\": {\"n\": 10, \"mean_m\": 5, \"var_m\": 1, \"mean_d\": 2, \"var_d\": 1,"
		"  \"cov_md\": 1, \"covariate\": {\"mean\": 1, \"variance\": 1, \"covariance\": 0}}}",
		&out, &pr),
	    -ERR_INVALID);
	CHECK(out == NULL);
	CHECK(named(pr, "control.n"));
	CHECK(named(pr, "control.mean_m"));
	CHECK(named(pr, "control.var_m"));
	CHECK(named(pr, "control.mean_d"));
	CHECK(named(pr, "control.var_d"));
	CHECK(named(pr, "control.cov_md"));
	CHECK(named(pr, "treatment.covariate")); /* covariates are for means */
	CHECK_INT(json_array_size(pr), 7);
	json_decref(pr);
}

TEST(test_stats_io_ratio_with_impossible_covariance_names_cov_md)
{
	/* r = 1: (1 - 2 * 2 + 1) / 1 = -2 per unit */
	json_t *out = NULL, *pr = NULL;
	CHECK_INT(run("{\"metric\": \"ratio\","
		      " \"control\": {\"n\": 10, \"mean_m\": 1, \"var_m\": 1, \"mean_d\": 1, \"var_d\": 1, "
		      "\"cov_md\": 2},"
		      " \"treatment\": {\"n\": 10, \"mean_m\": 1, \"var_m\": 1, \"mean_d\": 1, \"var_d\": 1, "
		      "\"cov_md\": 0}}",
		      &out, &pr),
		  -ERR_INVALID);
	CHECK(named(pr, "control.cov_md"));
	CHECK_INT(json_array_size(pr), 1);
	json_decref(pr);
}

TEST(test_stats_io_covariate_in_one_arm_names_the_other)
{
	json_t *out = NULL, *pr = NULL;
	CHECK_INT(run("{\"metric\": \"mean\", \"control\": {\"n\": 10, \"mean\": 1, \"variance\": 1},"
		      " \"treatment\": {\"n\": 10, \"mean\": 2, \"variance\": 1,"
		      "  \"covariate\": {\"mean\": 1, \"variance\": 1, \"covariance\": 0.5}}}",
		      &out, &pr),
		  -ERR_INVALID);
	CHECK(named(pr, "control.covariate"));
	CHECK_INT(json_array_size(pr), 1);
	json_decref(pr);
}

TEST(test_stats_io_covariate_fields_are_checked_one_by_one)
{
	json_t *out = NULL, *pr = NULL;
	CHECK_INT(run("{\"metric\": \"mean\", \"control\": {\"n\": 10, \"mean\": 1, \"variance\": 1,"
		      "  \"covariate\": {\"mean\": \"a\", \"variance\": -1}},"
		      " \"treatment\": {\"n\": 10, \"mean\": 2, \"variance\": 1,"
		      "  \"covariate\": {\"mean\": 1, \"variance\": 1, \"covariance\": 3}}}",
		      &out, &pr),
		  -ERR_INVALID);
	CHECK(named(pr, "control.covariate.mean"));
	CHECK(named(pr, "control.covariate.variance"));
	CHECK(named(pr, "control.covariate.covariance")); /* missing */
	/* |3| > sqrt(1 * 1): no real data has that covariance */
	CHECK(named(pr, "treatment.covariate.covariance"));
	CHECK_INT(json_array_size(pr), 4);
	json_decref(pr);
	CHECK_INT(run("{\"metric\": \"mean\", \"control\": {\"n\": 10, \"mean\": 1, \"variance\": 1,"
		      "  \"covariate\": [1, 2, 3]},"
		      " \"treatment\": {\"n\": 10, \"mean\": 2, \"variance\": 1,"
		      "  \"covariate\": {\"mean\": 1, \"variance\": 0, \"covariance\": 0}}}",
		      &out, &pr),
		  -ERR_INVALID);
	CHECK(named(pr, "control.covariate"));
	CHECK_INT(json_array_size(pr), 1);
	json_decref(pr);
}

TEST(test_stats_io_constant_covariate_explains_nothing)
{
	json_t *out = NULL, *pr = NULL;
	CHECK_INT(run("{\"metric\": \"mean\", \"control\": {\"n\": 10, \"mean\": 1, \"variance\": 1,"
		      "  \"covariate\": {\"mean\": 3, \"variance\": 0, \"covariance\": 0}},"
		      " \"treatment\": {\"n\": 10, \"mean\": 2, \"variance\": 1,"
		      "  \"covariate\": {\"mean\": 3, \"variance\": 0, \"covariance\": 0}}}",
		      &out, &pr),
		  -ERR_INVALID);
	CHECK(named(pr, "control.covariate.variance"));
	CHECK_INT(json_array_size(pr), 1);
	json_decref(pr);
}

TEST(test_stats_io_ratio_with_zero_control_numerator_names_mean_m)
{
	json_t *out = NULL, *pr = NULL;
	CHECK_INT(run("{\"metric\": \"ratio\","
		      " \"control\": {\"n\": 10, \"mean_m\": 0, \"var_m\": 1, \"mean_d\": 1, \"var_d\": 1, "
		      "\"cov_md\": 0},"
		      " \"treatment\": {\"n\": 10, \"mean_m\": 1, \"var_m\": 1, \"mean_d\": 1, \"var_d\": 1, "
		      "\"cov_md\": 0}}",
		      &out, &pr),
		  -ERR_INVALID);
	CHECK(named(pr, "control.mean_m"));
	CHECK_INT(json_array_size(pr), 1);
	json_decref(pr);
}

/* Reasons are catalogue keys where they arise, for every kind of document:
 * the CLI and the API word them, each in its own language. */
TEST(test_stats_io_reasons_are_catalogue_keys_for_every_kind)
{
	static const struct {
		const char *kind, *doc;
	} bad[] = {
	    {"ab", "[1]"},
	    {"ab", "{\"metric\": 3, \"method\": \"magic\", \"control\": {\"n\": 1e16, \"conversions\": -1}, "
		   "\"treatment\": \"veel\", \"alpha\": 2, \"prior\": 1, \"tuning\": 0, \"weights\": [1]}"},
	    {"ab",
	     "{\"metric\": \"ratio\", \"control\": {\"n\": 8, \"mean_m\": 1, \"var_m\": -1, \"mean_d\": 0}, "
	     "\"treatment\": {\"n\": 2.5, \"covariate\": {}}}"},
	    {"ab", "{\"control\": {\"n\": 10, \"conversions\": 0}, \"treatment\": {\"n\": 10, "
		   "\"conversions\": 0}}"},
	    {"ttest", "{\"x\": [1], \"y\": \"z\", \"alpha\": 0}"},
	    {"ttest", "{\"x\": [1, 1], \"y\": [1, 1]}"},
	    {"power", "{\"n\": 1, \"power\": 0.8, \"strict\": 3}"},
	    {"power", "{\"mean1\": 1}"},
	    {"power", "{\"p1\": 0.5, \"p2\": 0.5}"},
	    {"srm", "{\"observed\": [0, -1.5], \"weights\": [1, 0, 2]}"},
	    {"nope", "{}"},
	};
	size_t total = 0;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *in = json_loads(bad[i].doc, JSON_DECODE_ANY, NULL), *problems = json_array(),
		       *out = NULL;
		CHECK(in != NULL);
		CHECK_INT(stats_io_run(bad[i].kind, in, problems, &out), -ERR_INVALID);
		CHECK(json_array_size(problems) > 0);
		size_t k;
		json_t *p;
		json_array_foreach (problems, k, p) {
			const char *reason = json_string_value(json_object_get(p, "reason"));
			if (!reason || strncmp(reason, "err.", 4) || strchr(reason, ' ')) {
				fprintf(stderr, "%s %s: reason \"%s\" is no catalogue key\n", bad[i].kind,
					bad[i].doc, reason ? reason : "(null)");
				CHECK(0);
			}
			total++;
		}
		json_decref(out);
		json_decref(problems);
		json_decref(in);
	}
	CHECK(total >= 25);
}

int main(void)
{
	RUN(test_stats_io_cuped_computes_the_lift_on_adjusted_arms);
	RUN(test_stats_io_mean_without_covariate_has_no_cuped_and_plain_lift);
	RUN(test_stats_io_ratio_uses_the_delta_method_per_unit);
	RUN(test_stats_io_ratio_reports_every_bad_field_at_once);
	RUN(test_stats_io_ratio_with_impossible_covariance_names_cov_md);
	RUN(test_stats_io_covariate_in_one_arm_names_the_other);
	RUN(test_stats_io_covariate_fields_are_checked_one_by_one);
	RUN(test_stats_io_constant_covariate_explains_nothing);
	RUN(test_stats_io_ratio_with_zero_control_numerator_names_mean_m);
	RUN(test_stats_io_reasons_are_catalogue_keys_for_every_kind);
	return TEST_DONE();
}
