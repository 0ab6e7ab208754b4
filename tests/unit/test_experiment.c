/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the experiment domain rules: design validation, the planned
 * split, secondary metrics, the Benjamini-Hochberg step across metrics, the
 * below-plan check, percentages for people, and the camelCase copy the
 * analyses endpoint stores. */
#include "api/experiment.h"
#include "domain/experiment.h"
#include "lib/util.h"
#include "test.h"

static int has(json_t *inv, const char *name, const char *reason)
{
	size_t i;
	json_t *p;
	json_array_foreach (inv, i, p)
		if (!strcmp(json_string_value(json_object_get(p, "name")), name) &&
		    !strcmp(json_string_value(json_object_get(p, "reason")), reason))
			return 1;
	return 0;
}

static struct experiment valid(void)
{
	struct experiment e = {.name = "Brief met QR-code",
			       .hypothesis = "Meer aanmeldingen",
			       .metric = "Aanmeldingen",
			       .metric_kind = EXPERIMENT_METRIC_BINOMIAL,
			       .budget_eur = -1,
			       .planned_n_per_arm = -1,
			       .split = {50, 50},
			       .status = EXPERIMENT_STATUS_ONTWERP};
	return e;
}

TEST(test_experiment_minimal_design_is_valid)
{
	struct experiment e = valid();
	json_t *inv = json_array();
	CHECK_INT(experiment_validate(&e, inv), 0);
	CHECK_INT(json_array_size(inv), 0);
	e.budget_eur = 0;
	e.planned_n_per_arm = 2;
	e.starts_on = e.ends_on = "2026-02-01"; /* a one-day time box */
	CHECK_INT(experiment_validate(&e, inv), 0);
	json_decref(inv);
}

TEST(test_experiment_reports_every_bad_field_at_once)
{
	struct experiment e = {.name = " \t",
			       .hypothesis = NULL,
			       .metric = "",
			       .metric_kind = experiment_metric_kind_parse("ratio"),
			       .budget_eur = -2,
			       .starts_on = "2026-02-30",
			       .ends_on = "gisteren",
			       .success_criterion = "\xc3\x28",
			       .planned_n_per_arm = 1,
			       .split = {50, 0},
			       .status = experiment_status_parse("klaar")};
	json_t *inv = json_array();
	CHECK_INT(experiment_validate(&e, inv), -ERR_INVALID);
	CHECK(has(inv, "name", "err.required"));
	CHECK(has(inv, "hypothesis", "err.required"));
	CHECK(has(inv, "metric", "err.required"));
	CHECK(has(inv, "metricKind", "err.experiment.metric_kind"));
	CHECK(has(inv, "budgetEur", "err.experiment.budget"));
	CHECK(has(inv, "startsOn", "err.date"));
	CHECK(has(inv, "endsOn", "err.date"));
	CHECK(has(inv, "successCriterion", "err.utf8"));
	CHECK(has(inv, "plannedNPerArm", "err.experiment.planned_n"));
	CHECK(has(inv, "plannedSplit", "err.experiment.split"));
	CHECK(has(inv, "status", "err.experiment.status"));
	CHECK_INT(json_array_size(inv), 11);
	json_decref(inv);
}

TEST(test_experiment_time_box_must_not_end_before_it_starts)
{
	struct experiment e = valid();
	e.starts_on = "2026-03-01";
	e.ends_on = "2026-02-28";
	json_t *inv = json_array();
	CHECK_INT(experiment_validate(&e, inv), -ERR_INVALID);
	CHECK(has(inv, "endsOn", "err.experiment.ends_before_start"));
	CHECK_INT(json_array_size(inv), 1);
	json_decref(inv);
}

TEST(test_experiment_limits_on_budget_sample_and_text)
{
	struct experiment e = valid();
	json_t *inv = json_array();
	e.budget_eur = EXPERIMENT_BUDGET_MAX;
	e.planned_n_per_arm = EXPERIMENT_N_MAX;
	CHECK_INT(experiment_validate(&e, inv), 0);
	e.budget_eur = EXPERIMENT_BUDGET_MAX + 1;
	e.planned_n_per_arm = EXPERIMENT_N_MAX + 1;
	char name[EXPERIMENT_NAME_MAX + 2];
	memset(name, 'x', sizeof name - 1);
	name[sizeof name - 1] = 0;
	e.name = name;
	CHECK_INT(experiment_validate(&e, inv), -ERR_INVALID);
	CHECK(has(inv, "budgetEur", "err.experiment.budget"));
	CHECK(has(inv, "plannedNPerArm", "err.experiment.planned_n"));
	CHECK(has(inv, "name", "err.max_length"));
	json_decref(inv);
}

TEST(test_experiment_split_reads_arrays_and_form_text)
{
	double w[2];
	json_t *inv = json_array();
	json_t *v = json_pack("[i,f]", 60, 40.5);
	CHECK_INT(experiment_read_split(v, "plannedSplit", w, inv), 0);
	CHECK_NEAR(w[0], 60, 0);
	CHECK_NEAR(w[1], 40.5, 0);
	json_decref(v);
	const char *ok[][3] = {{"50/50", "50", "50"}, {" 60 : 40 ", "60", "40"}, {"2,5/7.5", "2.5", "7.5"}};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		v = json_string(ok[i][0]);
		CHECK_INT(experiment_read_split(v, "plannedSplit", w, inv), 0);
		CHECK_NEAR(w[0], atof(ok[i][1]), 1e-15);
		CHECK_NEAR(w[1], atof(ok[i][2]), 1e-15);
		json_decref(v);
	}
	CHECK_INT(json_array_size(inv), 0);
	/* absent, null and an empty form field are the default 50/50 */
	CHECK_INT(experiment_read_split(NULL, "plannedSplit", w, inv), 0);
	CHECK(w[0] == 50 && w[1] == 50);
	v = json_string("");
	CHECK_INT(experiment_read_split(v, "plannedSplit", w, inv), 0);
	json_decref(v);
	CHECK_INT(json_array_size(inv), 0);
	json_decref(inv);
}

TEST(test_experiment_split_refuses_zero_negative_three_arms_and_junk)
{
	double w[2];
	const char *bad[] = {
	    "[50, 0]", "[-1, 1]",     "[1, 2, 3]", "[1]",	  "[\"1\", 1]",	 "{\"a\": 1}",	 "\"50/0\"",
	    "\"50\"",  "\"50/50/0\"", "\"1e3/5\"", "\"1,2,3/4\"", "\"abc/def\"", "[2000000, 1]", "7"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *inv = json_array();
		json_t *v = json_loads(bad[i], JSON_DECODE_ANY, NULL);
		CHECK(v != NULL);
		if (experiment_read_split(v, "plannedSplit", w, inv) != -ERR_INVALID)
			fprintf(stderr, "accepted split %s\n", bad[i]), test_failed_checks++;
		CHECK_INT(json_array_size(inv), 1);
		CHECK(has(inv, "plannedSplit", "err.experiment.split"));
		json_decref(v);
		json_decref(inv);
	}
}

/* Hand-computed: sorted p 0.01, 0.04 (m = 2) -> 0.01 * 2/1 = 0.02 and
 * 0.04 * 2/2 = 0.04; R: p.adjust(c(0.01, 0.04), "BH") gives 0.02 0.04. */
TEST(test_experiment_adjust_two_metrics_as_by_hand)
{
	struct experiment_metric_result r[] = {{.p = 0.01, .alpha = 0.05, .primary = 1},
					       {.p = 0.04, .alpha = 0.05, .primary = 0}};
	CHECK_INT(experiment_adjust(r, 2), 0);
	CHECK_NEAR(r[0].p_adjusted, 0.02, 1e-15);
	CHECK_NEAR(r[1].p_adjusted, 0.04, 1e-15);
	CHECK_INT(r[0].significant, 1);
	CHECK_INT(r[1].significant, 1); /* 0.04 < 0.05 after adjustment too */
}

/* R: p.adjust(c(0.03, 0.04, 0.20), "BH") = 0.06 0.06 0.20. The primary
 * metric is judged on its own p (0.03), a secondary one on its adjusted p,
 * so 0.04 is no longer significant at 0.05. */
TEST(test_experiment_adjust_judges_secondary_metrics_on_the_adjusted_p)
{
	struct experiment_metric_result r[] = {{.p = 0.03, .alpha = 0.05, .primary = 1},
					       {.p = 0.04, .alpha = 0.05, .primary = 0},
					       {.p = 0.20, .alpha = 0.05, .primary = 0}};
	CHECK_INT(experiment_adjust(r, 3), 0);
	CHECK_NEAR(r[0].p_adjusted, 0.06, 1e-15);
	CHECK_NEAR(r[1].p_adjusted, 0.06, 1e-15);
	CHECK_NEAR(r[2].p_adjusted, 0.20, 1e-15);
	CHECK_INT(r[0].significant, 1);
	CHECK_INT(r[1].significant, 0);
	CHECK_INT(r[2].significant, 0);
	/* a stricter level of the analysis itself is respected */
	r[0].alpha = 0.01;
	experiment_adjust(r, 3);
	CHECK_INT(r[0].significant, 0);
}

TEST(test_experiment_adjust_skips_metrics_without_analysis)
{
	struct experiment_metric_result r[] = {
	    {.p = NAN, .alpha = 0.05, .primary = 1}, {.p = 0.01, .alpha = 0.05}, {.p = 0.04, .alpha = 0.05}};
	CHECK_INT(experiment_adjust(r, 3), 0);
	CHECK(isnan(r[0].p_adjusted));
	CHECK_INT(r[0].significant, 0);
	CHECK_NEAR(r[1].p_adjusted, 0.02, 1e-15); /* the family is the two with a p */
	CHECK_NEAR(r[2].p_adjusted, 0.04, 1e-15);
	struct experiment_metric_result one = {.p = 0.3, .alpha = 0.05, .primary = 1};
	CHECK_INT(experiment_adjust(&one, 1), 0);
	CHECK_NEAR(one.p_adjusted, 0.3, 1e-15); /* one metric: nothing to correct */
	struct experiment_metric_result bad = {.p = 1.5, .alpha = 0.05};
	CHECK_INT(experiment_adjust(&bad, 1), -ERR_INVALID);
	CHECK_INT(experiment_adjust(NULL, 0), 0);
}

TEST(test_experiment_secondary_metrics_from_the_api_and_the_form)
{
	struct experiment e = valid();
	json_t *inv = json_array();
	json_t *api = json_loads(
	    "[{\"name\": \"Tevredenheid\", \"kind\": \"mean\"}, {\"name\": \"Klachten\"}]", 0, NULL);
	CHECK_INT(experiment_read_metrics(api, "secondaryMetrics", &e, inv), 0);
	CHECK_INT(e.n_secondary, 2);
	CHECK_INT(e.secondary[0].kind, EXPERIMENT_METRIC_MEAN);
	CHECK_INT(e.secondary[1].kind, EXPERIMENT_METRIC_BINOMIAL); /* the default */
	CHECK_INT(experiment_validate(&e, inv), 0);
	/* form rows: empty ones are skipped, problems name the row */
	json_t *form = json_loads("{\"0\": {\"name\": \"\", \"kind\": \"binomial\"},"
				  " \"1\": {\"name\": \"Klachten\", \"kind\": \"binomial\"},"
				  " \"2\": {\"name\": \"Aanmeldingen\", \"kind\": \"mean\"}}",
				  0, NULL);
	CHECK_INT(experiment_read_metrics(form, "secondaryMetrics", &e, inv), 0);
	CHECK_INT(e.n_secondary, 2);
	CHECK_STR(e.secondary[0].name, "Klachten");
	CHECK_INT(experiment_validate(&e, inv), -ERR_INVALID); /* "Aanmeldingen" is the primary */
	CHECK(has(inv, "secondaryMetrics.2.name", "err.experiment.metric_duplicate"));
	CHECK_INT(json_array_size(inv), 1);
	json_decref(api);
	json_decref(form);
	json_decref(inv);
}

TEST(test_experiment_secondary_metrics_refuse_bad_rows)
{
	struct experiment e = valid();
	json_t *inv = json_array();
	json_t *v = json_loads("[{\"name\": \"\"}, {\"name\": \"B\", \"kind\": \"ratio\"}, 7,"
			       " {\"name\": \"C\", \"colour\": 1}, {\"name\": \"B\"}]",
			       0, NULL);
	CHECK_INT(experiment_read_metrics(v, "secondaryMetrics", &e, inv), -ERR_INVALID);
	CHECK(has(inv, "secondaryMetrics.0.name", "err.required"));
	CHECK(has(inv, "secondaryMetrics.1.kind", "err.experiment.metric_kind"));
	CHECK(has(inv, "secondaryMetrics.2", "err.type_object"));
	CHECK(has(inv, "secondaryMetrics.3.colour", "err.unknown_field"));
	experiment_validate(&e, inv);
	CHECK(has(inv, "secondaryMetrics.4.name", "err.experiment.metric_duplicate"));
	json_decref(v);
	/* at most EXPERIMENT_SECONDARY_MAX */
	json_array_clear(inv);
	v = json_loads("[{\"name\": \"a\"}, {\"name\": \"b\"}, {\"name\": \"c\"}, {\"name\": \"d\"}]", 0,
		       NULL);
	CHECK_INT(experiment_read_metrics(v, "secondaryMetrics", &e, inv), -ERR_INVALID);
	CHECK(has(inv, "secondaryMetrics", "err.experiment.metrics_max"));
	CHECK_INT(e.n_secondary, EXPERIMENT_SECONDARY_MAX);
	json_decref(v);
	json_array_clear(inv);
	v = json_string("Klachten");
	CHECK_INT(experiment_read_metrics(v, "secondaryMetrics", &e, inv), -ERR_INVALID);
	CHECK(has(inv, "secondaryMetrics", "err.experiment.metrics"));
	json_decref(v);
	json_decref(inv);
}

TEST(test_experiment_below_plan_when_either_arm_is_short)
{
	CHECK_INT(experiment_below_plan(3841, 1000, 1000), 1);
	CHECK_INT(experiment_below_plan(3841, 3841, 3840), 1);
	CHECK_INT(experiment_below_plan(3841, 3841, 3841), 0);
	CHECK_INT(experiment_below_plan(3841, 5000, 4000), 0);
	CHECK_INT(experiment_below_plan(-1, 10, 10), 0); /* no plan, no note */
}

TEST(test_experiment_decision_sets_the_status)
{
	CHECK_INT(experiment_decision_status(EXPERIMENT_DECISION_OPSCHALEN), EXPERIMENT_STATUS_AFGEROND);
	CHECK_INT(experiment_decision_status(EXPERIMENT_DECISION_AANPASSEN), EXPERIMENT_STATUS_AFGEROND);
	CHECK_INT(experiment_decision_status(EXPERIMENT_DECISION_STOPPEN), EXPERIMENT_STATUS_GESTOPT);
	CHECK_INT(experiment_decision_status(EXPERIMENT_DECISION_NONE), EXPERIMENT_STATUS_NONE);
}

TEST(test_experiment_first_analysis_starts_a_designed_experiment_only)
{
	CHECK_INT(experiment_status_after_analysis(EXPERIMENT_STATUS_ONTWERP), EXPERIMENT_STATUS_LOPEND);
	CHECK_INT(experiment_status_after_analysis(EXPERIMENT_STATUS_LOPEND), EXPERIMENT_STATUS_LOPEND);
	/* a decided experiment that gets more counts stays decided */
	CHECK_INT(experiment_status_after_analysis(EXPERIMENT_STATUS_AFGEROND), EXPERIMENT_STATUS_AFGEROND);
	CHECK_INT(experiment_status_after_analysis(EXPERIMENT_STATUS_GESTOPT), EXPERIMENT_STATUS_GESTOPT);
}

/* Every word round-trips, in the documented order; unknown words, other
 * capitals, NULL and out-of-range values name nothing. */
TEST(test_experiment_state_words_round_trip_in_order)
{
	const char *status[] = {"ontwerp", "lopend", "afgerond", "gestopt"};
	const char *decision[] = {"opschalen", "aanpassen", "stoppen"};
	const char *kind[] = {"binomial", "mean"};
	for (int i = 0; i < 4; i++) {
		CHECK_STR(experiment_status_name((enum experiment_status)(i + 1)), status[i]);
		CHECK_INT(experiment_status_parse(status[i]), i + 1);
		CHECK_STR(experiment_statuses[i], status[i]);
	}
	CHECK(experiment_statuses[4] == NULL);
	CHECK_INT(EXPERIMENT_STATUS_GESTOPT, 4);
	for (int i = 0; i < 3; i++) {
		CHECK_STR(experiment_decision_name((enum experiment_decision)(i + 1)), decision[i]);
		CHECK_INT(experiment_decision_parse(decision[i]), i + 1);
		CHECK_STR(experiment_decisions[i], decision[i]);
	}
	CHECK(experiment_decisions[3] == NULL);
	CHECK_INT(EXPERIMENT_DECISION_STOPPEN, 3);
	for (int i = 0; i < 2; i++) {
		CHECK_STR(experiment_metric_kind_name((enum experiment_metric_kind)(i + 1)), kind[i]);
		CHECK_INT(experiment_metric_kind_parse(kind[i]), i + 1);
		CHECK_STR(experiment_metric_kinds[i], kind[i]);
	}
	CHECK(experiment_metric_kinds[2] == NULL);
	CHECK_INT(EXPERIMENT_METRIC_MEAN, 2);
	CHECK_INT(experiment_status_parse("Lopend"), EXPERIMENT_STATUS_NONE);
	CHECK_INT(experiment_status_parse(""), EXPERIMENT_STATUS_NONE);
	CHECK_INT(experiment_status_parse(NULL), EXPERIMENT_STATUS_NONE);
	CHECK_INT(experiment_decision_parse("Opschalen"), EXPERIMENT_DECISION_NONE);
	CHECK_INT(experiment_decision_parse("misschien"), EXPERIMENT_DECISION_NONE);
	CHECK_INT(experiment_metric_kind_parse("ratio"), EXPERIMENT_METRIC_NONE);
	CHECK(experiment_status_name(EXPERIMENT_STATUS_NONE) == NULL);
	CHECK(experiment_status_name((enum experiment_status)5) == NULL);
	CHECK(experiment_status_name((enum experiment_status) - 1) == NULL);
	CHECK(experiment_decision_name(EXPERIMENT_DECISION_NONE) == NULL);
	CHECK(experiment_decision_name((enum experiment_decision)4) == NULL);
	CHECK(experiment_metric_kind_name(EXPERIMENT_METRIC_NONE) == NULL);
	CHECK(experiment_metric_kind_name((enum experiment_metric_kind)3) == NULL);
}

/* The representation keeps absent values null and whole weights integers,
 * nests the decision record and lists the primary metric first. */
TEST(test_experiment_json_spells_states_and_keeps_absent_values_null)
{
	struct experiment e = valid();
	e.id = 7;
	e.initiative_id = 3;
	e.split[0] = 60.5;
	e.split[1] = 39.5;
	e.secondary[0] = (struct experiment_metric){"Klachten", EXPERIMENT_METRIC_MEAN};
	e.n_secondary = 1;
	e.status = EXPERIMENT_STATUS_LOPEND;
	json_t *o = api_experiment_json(&e);
	CHECK_STR(json_string_value(json_object_get(o, "status")), "lopend");
	CHECK_STR(json_string_value(json_object_get(o, "metricKind")), "binomial");
	CHECK(json_is_null(json_object_get(o, "budgetEur")));
	CHECK(json_is_null(json_object_get(o, "plannedNPerArm")));
	CHECK(json_is_null(json_object_get(o, "startsOn")));
	CHECK(json_is_null(json_object_get(o, "decision")));
	json_t *split = json_object_get(o, "plannedSplit");
	CHECK(json_is_real(json_array_get(split, 0)) && json_real_value(json_array_get(split, 0)) == 60.5);
	json_t *m = json_object_get(o, "metrics");
	CHECK_INT(json_array_size(m), 2);
	CHECK(json_is_true(json_object_get(json_array_get(m, 0), "primary")));
	CHECK_STR(json_string_value(json_object_get(json_array_get(m, 1), "kind")), "mean");
	json_decref(o);
	e.split[0] = e.split[1] = 50;
	e.budget_eur = 0;
	e.decision = EXPERIMENT_DECISION_STOPPEN;
	e.status = experiment_decision_status(e.decision);
	e.decision_note = "";
	e.decided_at = "2026-03-01T10:00:00Z";
	o = api_experiment_json(&e);
	split = json_object_get(o, "plannedSplit");
	CHECK(json_is_integer(json_array_get(split, 0)) &&
	      json_integer_value(json_array_get(split, 1)) == 50);
	CHECK_INT(json_integer_value(json_object_get(o, "budgetEur")), 0);
	CHECK_STR(json_string_value(json_object_get(o, "status")), "gestopt");
	json_t *d = json_object_get(o, "decision");
	CHECK_STR(json_string_value(json_object_get(d, "decision")), "stoppen");
	CHECK(json_is_null(json_object_get(d, "decidedBy"))); /* nobody known */
	json_decref(o);
	e.updated_at = "2026-03-01T10:00:00Z";
	o = api_experiment_summary_json(&e);
	CHECK_STR(json_string_value(json_object_get(o, "decision")), "stoppen");
	CHECK_INT(json_object_size(o), 10);
	json_decref(o);
}

TEST(test_experiment_camel_case_copy_of_the_stats_result)
{
	json_t *in =
	    json_pack("{s:f,s:f,s:{s:f,s:b},s:[{s:i}],s:i}", "p_value", 0.19, "chance_to_win", 0.9, "srm",
		      "p_value", 1.0, "flagged", 0, "list", "fixed_horizon_p_value", 1, "_x", 2);
	json_t *out = api_experiment_camel(in);
	CHECK(json_object_get(out, "pValue") != NULL);
	CHECK(json_object_get(out, "chanceToWin") != NULL);
	CHECK(json_object_get(json_object_get(out, "srm"), "pValue") != NULL);
	CHECK(json_object_get(json_array_get(json_object_get(out, "list"), 0), "fixedHorizonPValue") != NULL);
	CHECK(json_object_get(out, "_x") != NULL); /* a leading underscore is kept */
	CHECK(json_object_get(out, "p_value") == NULL);
	CHECK_INT(json_object_size(out), json_object_size(in));
	json_decref(in);
	json_decref(out);
}

TEST(test_criterion_reads_points_percent_and_units)
{
	struct experiment_criterion c;
	CHECK_INT(experiment_criterion_parse("+5 procentpunt", &c), 0);
	CHECK_INT(c.unit, EXPERIMENT_CRITERION_POINTS);
	CHECK_NEAR(c.threshold, 0.05, 1e-12);
	CHECK_INT(experiment_criterion_parse("minstens 2,5 pp meer aanmeldingen", &c), 0);
	CHECK_INT(c.unit, EXPERIMENT_CRITERION_POINTS);
	CHECK_NEAR(c.threshold, 0.025, 1e-12);
	CHECK_INT(experiment_criterion_parse("10% meer", &c), 0);
	CHECK_INT(c.unit, EXPERIMENT_CRITERION_RELATIVE);
	CHECK_NEAR(c.threshold, 0.10, 1e-12);
	CHECK_INT(experiment_criterion_parse("\xe2\x88\x92"
					     "3 dagen wachttijd",
					     &c),
		  0);
	CHECK_INT(c.unit, EXPERIMENT_CRITERION_ABSOLUTE);
	CHECK_NEAR(c.threshold, -3, 1e-12);
	CHECK_INT(experiment_criterion_parse("Daling van 1.5 dag", &c), 0);
	CHECK_NEAR(c.threshold, -1.5, 1e-12);
	CHECK_INT(experiment_criterion_parse("A-B test: 4 punten beter", &c), 0);
	CHECK_NEAR(c.threshold, 4, 1e-12); /* a dash inside a word is no minus sign */
	CHECK_INT(experiment_criterion_parse("beter dan nu", &c), -ERR_INVALID);
	CHECK_INT(c.unit, EXPERIMENT_CRITERION_NONE);
	CHECK_INT(experiment_criterion_parse(NULL, &c), -ERR_INVALID);
}

TEST(test_verdict_needs_the_whole_interval_past_the_threshold)
{
	/* +5 pp: difference 0.06 with interval 0.055..0.065 is met; 0.01..0.09 is uncertain; -0.01..0.04 is
	 * not met */
	CHECK_INT(experiment_verdict(0.05, 0.055, 0.065, -1, 0.05), EXPERIMENT_VERDICT_MET);
	CHECK_INT(experiment_verdict(0.05, 0.01, 0.09, -1, 0.05), EXPERIMENT_VERDICT_UNCERTAIN);
	CHECK_INT(experiment_verdict(0.05, -0.01, 0.04, -1, 0.05), EXPERIMENT_VERDICT_NOT_MET);
	/* a fall of at least 3: interval -5..-3.5 is met */
	CHECK_INT(experiment_verdict(-3, -5, -3.5, -1, 0.05), EXPERIMENT_VERDICT_MET);
	CHECK_INT(experiment_verdict(-3, -2, 1, -1, 0.05), EXPERIMENT_VERDICT_NOT_MET);
	/* Bayesian: the chance of passing the threshold */
	CHECK_INT(experiment_verdict(0.05, 0, 0, 0.97, 0.05), EXPERIMENT_VERDICT_MET);
	CHECK_INT(experiment_verdict(0.05, 0, 0, 0.5, 0.05), EXPERIMENT_VERDICT_UNCERTAIN);
	CHECK_INT(experiment_verdict(0.05, 0, 0, 0.01, 0.05), EXPERIMENT_VERDICT_NOT_MET);
	CHECK_STR(experiment_verdict_name(EXPERIMENT_VERDICT_NOT_MET), "niet_gehaald");
}

int main(void)
{
	RUN(test_criterion_reads_points_percent_and_units);
	RUN(test_verdict_needs_the_whole_interval_past_the_threshold);
	RUN(test_experiment_minimal_design_is_valid);
	RUN(test_experiment_reports_every_bad_field_at_once);
	RUN(test_experiment_time_box_must_not_end_before_it_starts);
	RUN(test_experiment_limits_on_budget_sample_and_text);
	RUN(test_experiment_split_reads_arrays_and_form_text);
	RUN(test_experiment_split_refuses_zero_negative_three_arms_and_junk);
	RUN(test_experiment_adjust_two_metrics_as_by_hand);
	RUN(test_experiment_adjust_judges_secondary_metrics_on_the_adjusted_p);
	RUN(test_experiment_adjust_skips_metrics_without_analysis);
	RUN(test_experiment_secondary_metrics_from_the_api_and_the_form);
	RUN(test_experiment_secondary_metrics_refuse_bad_rows);
	RUN(test_experiment_below_plan_when_either_arm_is_short);
	RUN(test_experiment_decision_sets_the_status);
	RUN(test_experiment_first_analysis_starts_a_designed_experiment_only);
	RUN(test_experiment_state_words_round_trip_in_order);
	RUN(test_experiment_json_spells_states_and_keeps_absent_values_null);
	RUN(test_experiment_camel_case_copy_of_the_stats_result);
	return TEST_DONE();
}
