/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the plan rules (docs/plan.md): gate readiness, criteria
 * judged against an evidence snapshot, cycles and the critical path of a
 * step plan, and pace of key results, with values worked out by hand. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/okr.h"
#include "domain/plan.h"
#include "test.h"

TEST(test_plan_words_round_trip_and_unknown_words_are_none)
{
	CHECK_INT(plan_word(plan_decisions, "juist-schalen"), PLAN_DECISION_JUIST_SCHALEN);
	CHECK_INT(plan_word(plan_decisions, "Door"), PLAN_DECISION_NONE);
	CHECK_INT(plan_word(plan_decisions, NULL), 0);
	CHECK_STR(plan_word_name(plan_decisions, PLAN_DECISION_STOPPEN), "stoppen");
	CHECK_STR(plan_word_name(plan_routes, PLAN_ROUTE_DEEP), "deep");
	CHECK_INT(plan_word(plan_evidences, "okr-tempo"), PLAN_EVIDENCE_OKR);
	CHECK_INT(plan_word(plan_evidences, "geen"), PLAN_EVIDENCE_GEEN);
	CHECK_INT(plan_word(plan_criterion_kinds, "knock-out"), PLAN_CRITERION_KNOCKOUT);
	CHECK_INT(plan_word(plan_step_statuses, "geblokkeerd"), PLAN_STEP_GEBLOKKEERD);
	CHECK_STR(plan_word_name(plan_step_statuses, 0), "");
}

#define SCORE(w, s)                                                                                          \
	{                                                                                                    \
		PLAN_CRITERION_SCORE, (w), 1, (s), -1                                                        \
	}
#define UNSCORED(w)                                                                                          \
	{                                                                                                    \
		PLAN_CRITERION_SCORE, (w), 0, 0, -1                                                          \
	}
#define KO(m)                                                                                                \
	{                                                                                                    \
		PLAN_CRITERION_KNOCKOUT, 1, 0, 0, (m)                                                        \
	}

TEST(test_plan_readiness_is_weighted_score_over_weighted_maximum)
{
	/* (2*3 + 1*4 + 3*1) / ((2+1+3)*4) = 13/24 = 54.17 %: below 60, not ready */
	struct plan_judgement j[] = {SCORE(2, 3), SCORE(1, 4), SCORE(3, 1), KO(1)};
	struct plan_readiness r;
	plan_readiness(j, 4, &r);
	CHECK(r.has_percent);
	CHECK_NEAR(r.percent, 1300.0 / 24.0, 1e-9);
	CHECK_INT(r.scored, 3);
	CHECK_INT(r.knockouts, 1);
	CHECK_INT(r.failed, 0);
	CHECK_INT(r.ready, 0);
}

TEST(test_plan_readiness_of_exactly_sixty_percent_is_ready)
{
	/* (2*3 + 3*2) / (5*4) = 12/20 = 60 % */
	struct plan_judgement j[] = {SCORE(2, 3), SCORE(3, 2), KO(1), KO(1)};
	struct plan_readiness r;
	plan_readiness(j, 4, &r);
	CHECK_NEAR(r.percent, 60.0, 1e-9);
	CHECK_INT(r.ready, 1);
}

TEST(test_plan_a_failed_or_unknown_knockout_or_a_missing_score_is_not_ready)
{
	struct plan_judgement fail[] = {SCORE(1, 4), SCORE(1, 2), KO(0)}; /* 6/8 = 75 % */
	struct plan_readiness r;
	plan_readiness(fail, 3, &r);
	CHECK_NEAR(r.percent, 75.0, 1e-9);
	CHECK_INT(r.failed, 1);
	CHECK_INT(r.ready, 0);
	struct plan_judgement unknown[] = {SCORE(1, 4), KO(-1)};
	plan_readiness(unknown, 2, &r);
	CHECK_INT(r.unknown, 1);
	CHECK_INT(r.ready, 0);
	struct plan_judgement missing[] = {SCORE(1, 4), UNSCORED(5)};
	plan_readiness(missing, 2, &r);
	CHECK_NEAR(r.percent, 100.0, 1e-9); /* the missing score does not count... */
	CHECK_INT(r.unscored, 1);
	CHECK_INT(r.ready, 0); /* ...but the gate is not ready without it */
}

TEST(test_plan_only_knockouts_that_hold_is_ready_without_a_percentage)
{
	struct plan_judgement j[] = {KO(1), KO(1)};
	struct plan_readiness r;
	plan_readiness(j, 2, &r);
	CHECK_INT(r.has_percent, 0);
	CHECK_INT(r.ready, 1);
	plan_readiness(NULL, 0, &r);
	CHECK_INT(r.ready, 1);
}

static json_t *snap(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	CHECK(j != NULL);
	return j;
}

TEST(test_plan_ingredient_evidence_takes_the_weakest_or_the_named_one)
{
	json_t *s = snap("{\"assessment\":{\"ingredients\":[{\"id\":\"a\",\"median\":2.5,\"relative\":0.625},"
			 "{\"id\":\"b\",\"median\":1.5,\"relative\":0.375}]}}");
	double rel;
	/* the weakest (b, median 1.5) against the default threshold 2: fails */
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_INGREDIENT, "", NAN, s, &rel), 0);
	CHECK_NEAR(rel, 0.375, 1e-12);
	CHECK_INT(plan_suggested_score(0, rel), 2); /* round(4 * 0.375) = round(1.5) = 2 */
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_INGREDIENT, "a", 2.0, s, &rel), 1);
	CHECK_INT(plan_suggested_score(1, rel), 3);				  /* round(2.5) = 3 */
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_INGREDIENT, "b", 1.5, s, &rel), 1); /* >= holds */
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_INGREDIENT, "zzz", NAN, s, &rel), -1);
	json_decref(s);
}

TEST(test_plan_evidence_of_actions_steps_npv_stakeholders_and_pace)
{
	double rel;
	json_t *s = snap("{\"assessment\":{\"actionsOverdue\":2},\"plan\":{\"stepsOverdue\":0},"
			 "\"businesscase\":{\"totalNpvCents\":-100},"
			 "\"stakeholder\":{\"stakeholders\":[{\"power\":3,\"support\":\"tegen\"},"
			 "{\"power\":4,\"support\":\"tegen\"}]},"
			 "\"okr\":{\"keyResults\":[{\"behindPoints\":30.0},{\"behindPoints\":null}]}}");
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_ACTIONS, NULL, NAN, s, &rel), 0);
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_STEPS, NULL, NAN, s, &rel), 1);
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_NPV, NULL, NAN, s, &rel), 0);  /* below 0 */
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_NPV, NULL, -200, s, &rel), 1); /* above the threshold */
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_STAKEHOLDERS, NULL, NAN, s, &rel), 0);
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_OKR, NULL, NAN, s, &rel), 0); /* 30 > 25 */
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_OKR, NULL, 35, s, &rel), 1);
	CHECK_INT(plan_suggested_score(1, -1), 4);
	CHECK_INT(plan_suggested_score(0, -1), 0);
	CHECK_INT(plan_suggested_score(-1, -1), -1);
	json_decref(s);
	/* power 3 is not high; nothing there is no evidence */
	s = snap("{\"stakeholder\":{\"stakeholders\":[{\"power\":3,\"support\":\"tegen\"}]},"
		 "\"okr\":{\"keyResults\":[{\"behindPoints\":null}]}}");
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_STAKEHOLDERS, NULL, NAN, s, &rel), 1);
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_OKR, NULL, NAN, s, &rel), -1);
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_NPV, NULL, NAN, s, &rel), -1);
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_ACTIONS, NULL, NAN, s, &rel), -1);
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_GEEN, NULL, NAN, s, &rel), -1);
	json_decref(s);
}

TEST(test_plan_cycle_is_found_and_named_in_order)
{
	/* 0 -> 1 -> 2 -> 0, and 2 -> 3 */
	struct plan_edge e[] = {{0, 1}, {1, 2}, {2, 0}, {2, 3}};
	size_t path[8];
	CHECK_INT(plan_cycle(4, e, 4, path, 8), 3);
	CHECK_INT(path[0], 0);
	CHECK_INT(path[1], 1);
	CHECK_INT(path[2], 2);
	CHECK_INT(path[3], 0);
	struct plan_edge self[] = {{1, 1}};
	CHECK_INT(plan_cycle(2, self, 1, path, 8), 1);
	CHECK_INT(path[0], 1);
	struct plan_edge dag[] = {{0, 1}, {0, 2}, {1, 2}};
	CHECK_INT(plan_cycle(3, dag, 3, path, 8), 0);
	CHECK_INT(plan_cycle(0, NULL, 0, path, 8), 0);
}

TEST(test_plan_critical_path_of_a_textbook_network)
{
	/* A(3), B(4), C(2) after A, D(5) after A and B, E(1) after C and D:
	 * A-C-E 6, A-D-E 9, B-D-E 10: the critical path is B, D, E. */
	int64_t effort[] = {3, 4, 2, 5, 1};
	struct plan_edge e[] = {{0, 2}, {0, 3}, {1, 3}, {2, 4}, {3, 4}};
	size_t path[5], len;
	CHECK_INT(plan_critical_path(5, effort, e, 5, path, &len), 10);
	CHECK_INT(len, 3);
	CHECK_INT(path[0], 1);
	CHECK_INT(path[1], 3);
	CHECK_INT(path[2], 4);
}

TEST(test_plan_critical_path_of_the_demo_plan_and_ties)
{
	/* the demo's regional roll-out: 10, 15, 15, 10, 5, 10, 20 days */
	int64_t effort[] = {10, 15, 15, 10, 5, 10, 20};
	struct plan_edge e[] = {{0, 1}, {0, 3}, {1, 4}, {2, 4}, {3, 4}, {4, 5}, {5, 6}};
	size_t path[7], len;
	CHECK_INT(plan_critical_path(7, effort, e, 7, path, &len), 60); /* 10+15+5+10+20 */
	CHECK_INT(len, 5);
	size_t want[] = {0, 1, 4, 5, 6};
	for (size_t i = 0; i < 5; i++)
		CHECK_INT(path[i], want[i]);
	/* two equal chains 0->2 and 1->3: the one that starts first */
	int64_t ones[] = {1, 1, 1, 1};
	struct plan_edge two[] = {{1, 3}, {0, 2}};
	CHECK_INT(plan_critical_path(4, ones, two, 2, path, &len), 2);
	CHECK_INT(len, 2);
	CHECK_INT(path[0], 0);
	CHECK_INT(path[1], 2);
	/* no dependencies: the single largest step */
	int64_t lone[] = {3, 8, 2};
	CHECK_INT(plan_critical_path(3, lone, NULL, 0, path, &len), 8);
	CHECK_INT(len, 1);
	CHECK_INT(path[0], 1);
}

TEST(test_plan_behind_points_against_the_expected_pace)
{
	/* a 90-day period on day 45 expects half: 30 % progress is 20 points behind */
	double expected = okr_expected(1000, 1090, 1045);
	CHECK_NEAR(expected, 0.5, 1e-12);
	CHECK_NEAR(plan_behind_points(0.3, expected), 20.0, 1e-9);
	CHECK_NEAR(plan_behind_points(0.7, expected), -20.0, 1e-9);
	/* the demo key result: 25.714 % against 61.538 %: 35.8 points */
	CHECK_NEAR(plan_behind_points(0.25714285714285712, 0.61538461538461542), 35.8, 1e-9);
	/* before the period nothing is expected yet */
	CHECK_NEAR(plan_behind_points(0.0, okr_expected(1000, 1090, 900)), 0.0, 1e-9);
}

/* "NPS >= 30" holds at 30 and fails at 29.9; "churn <= 10 %" holds at 10; a
 * metric the snapshot did not compute, a null value (no respondents) or no
 * threshold is no evidence; the key ignores the order of the parameters. */
TEST(test_plan_metric_criterion_compares_the_snapshots_value)
{
	json_t *p1 = snap("{\"bron\":\"3\",\"van\":\"2026-09-01\"}");
	json_t *p2 = snap("{\"van\":\"2026-09-01\",\"bron\":\"3\"}");
	char *k1 = plan_metric_key("nps", p1), *k2 = plan_metric_key("nps", p2),
	     *k3 = plan_metric_key("churn", NULL);
	CHECK_STR(k1, k2);
	CHECK_STR(k1, "nps {\"bron\":\"3\",\"van\":\"2026-09-01\"}");
	CHECK_STR(k3, "churn {}");
	json_t *s = json_pack("{s:{s:[{s:s,s:f},{s:s,s:f},{s:s,s:n}]}}", "plan", "metrics", "key", k1,
			      "value", 30.0, "key", k3, "value", 10.0, "key", "wau {}", "value");
	double v;
	CHECK_INT(plan_metric_verdict(s, k1, ">=", 30, &v), 1);
	CHECK(fabs(v - 30) < 1e-12);
	CHECK_INT(plan_metric_verdict(s, k1, ">=", 30.1, &v), 0);
	CHECK_INT(plan_metric_verdict(s, k3, "<=", 10, &v), 1);
	CHECK_INT(plan_metric_verdict(s, k3, "<=", 9.99, &v), 0);
	CHECK_INT(plan_metric_verdict(s, "wau {}", ">=", 400, &v), -1);
	CHECK(isnan(v));
	CHECK_INT(plan_metric_verdict(s, "mau {}", ">=", 1, &v), -1);
	CHECK_INT(plan_metric_verdict(s, k1, ">=", NAN, &v), -1);
	double rel;
	CHECK_INT(plan_evaluate(PLAN_EVIDENCE_METRIC, k1, 25, s, &rel), 1);
	CHECK_INT(plan_word(plan_evidences, "metriek"), PLAN_EVIDENCE_METRIC);
	free(k1);
	free(k2);
	free(k3);
	json_decref(s);
	json_decref(p1);
	json_decref(p2);
}

int main(void)
{
	RUN(test_plan_words_round_trip_and_unknown_words_are_none);
	RUN(test_plan_readiness_is_weighted_score_over_weighted_maximum);
	RUN(test_plan_readiness_of_exactly_sixty_percent_is_ready);
	RUN(test_plan_a_failed_or_unknown_knockout_or_a_missing_score_is_not_ready);
	RUN(test_plan_only_knockouts_that_hold_is_ready_without_a_percentage);
	RUN(test_plan_ingredient_evidence_takes_the_weakest_or_the_named_one);
	RUN(test_plan_evidence_of_actions_steps_npv_stakeholders_and_pace);
	RUN(test_plan_metric_criterion_compares_the_snapshots_value);
	RUN(test_plan_cycle_is_found_and_named_in_order);
	RUN(test_plan_critical_path_of_a_textbook_network);
	RUN(test_plan_critical_path_of_the_demo_plan_and_ties);
	RUN(test_plan_behind_points_against_the_expected_pace);
	return TEST_DONE();
}
