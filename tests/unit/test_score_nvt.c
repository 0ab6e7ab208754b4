/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_score_nvt: scoring with "niet van toepassing" (n.v.t.), routes
 * chosen by plurality, the pitfalls a route triggers, route rules and
 * number questions, against values worked out by hand (quantiles: R's
 * quantile(x, type = 7); e.g. quantile(c(1000, 2000, 3000, 10000)) gives
 * 1750, 2500, 4750 and quantile(c(1, 2, 3)) gives 1.5, 2, 2.5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/method.h"
#include "domain/score.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "test.h"

#define T(s) "{\"nl\": \"" s "\", \"en\": \"" s "\"}"
#define Q "{\"nl\": \"Hoe ver?\", \"en\": \"How far?\"}"
#define ENTRY(id) "{\"id\": \"" id "\", \"title\": " T(id) ", \"description\": " T("d")

static const char method_json[] = "{\"format\": \"scalelab-method/1\", \"id\": \"nvt\", \"version\": 1, "
				  "\"title\": " T("t") ", \"description\": " T(
				      "d") ", \"based_on\": "
					   "{\"name\": " T("b") ", "
								"\"n"
								"ote"
								"\":"
								" " T(
								    "n") "},"
									 " \"scales\": [{\"id\": \"s\", "
									 "\"kind\": \"progress\", \"min\": "
									 "0, \"max\": 4, \"anchors\": ["
									 "{\"level\": 0, \"text\": " T("0") "}, {\"level\": 1, \"text\": " T("1") "}, {\"level\": 2, \"text\": " T("2") "}, {\"level\": 3, \"text\": " T("3") "}, {\"level\": 4, \"text\": " T("4") "}]}],"
																																    " \"option_sets\": [{\"id\": \"ps\", \"options\": [{\"id\": \"no\", \"text\": " T("nee") ", \"pitfall_state\": \"absent\"}, {\"id\": \"yes\", \"text\": " T("ja") ", "
																																																				      "\"pitfall_state\": \"present\"}]}],"
																																																				      " \"ingredients\": [" ENTRY(
																																																					  "a") "}, " ENTRY("b") "}, " ENTRY("c") "}],"
																																																										 " \"components\": [" ENTRY(
																																																										     "x") "}, " ENTRY("y") "}],"
																																																													   " \"routes\": [" ENTRY(
																																																													       "out") ", \"kind\": \"direction\", \"pitfalls\": [\"p1\"]}, " ENTRY("up") ", \"kind\": \"direction\"}, " ENTRY("copy") ", \"kind\": \"mechanism\"}, " ENTRY("lic") ", \"kind\": "
																																																																																		  "\"mechanism\"}],"
																																																																																		  " \"pitfalls\": [" ENTRY("p1") ", \"prevention\": " T("v") "}, " ENTRY("p2") ", \"prevention\": " T("v") "}],"
																																																																																															   " \"sections\": [{\"id\": \"s\", \"title\": " T(
																																																																																															       "S") ", \"questions\": ["
																																																																																																    "{\"id\": \"a1\", \"kind\": \"scale\", \"form\": \"how-far\", \"prompt\": " Q
																																																																																																    ", \"scale\": \"s\", \"ingredient\": "
																																																																																																    "\"a\", \"not_applicable\": true},"
																																																																																																    "{\"id\": \"a2\", \"kind\": \"scale\", \"form\": \"how-far\", \"prompt\": " Q
																																																																																																    ", \"scale\": \"s\", \"ingredient\": "
																																																																																																    "\"a\", \"not_applicable\": true},"
																																																																																																    "{\"id\": \"b1\", \"kind\": \"scale\", \"form\": \"how-far\", \"prompt\": " Q
																																																																																																    ", \"scale\": \"s\", \"ingredient\": "
																																																																																																    "\"b\", \"not_applicable\": true},"
																																																																																																    "{\"id\": \"c1\", \"kind\": \"scale\", \"form\": \"how-far\", \"prompt\": " Q
																																																																																																    ", \"scale\": \"s\", \"ingredient\": "
																																																																																																    "\"c\", \"not_applicable\": true},"
																																																																																																    "{\"id\": \"c2\", \"kind\": \"scale\", \"form\": \"how-far\", \"prompt\": " Q
																																																																																																    ", \"scale\": \"s\", \"ingredient\": "
																																																																																																    "\"c\"},"
																																																																																																    "{\"id\": \"xr\", \"kind\": \"scale\", \"form\": \"how-far\", \"prompt\": " Q
																																																																																																    ", \"scale\": \"s\", \"component\": "
																																																																																																    "\"x\", \"dimension\": \"readiness\", \"not_applicable\": true},"
																																																																																																    "{\"id\": \"xu\", \"kind\": \"scale\", \"form\": \"how-far\", \"prompt\": " Q
																																																																																																    ", \"scale\": \"s\", \"component\": "
																																																																																																    "\"x\", \"dimension\": \"use\", \"not_applicable\": true},"
																																																																																																    "{\"id\": \"yr\", \"kind\": \"scale\", \"form\": \"how-far\", \"prompt\": " Q
																																																																																																    ", \"scale\": \"s\", \"component\": "
																																																																																																    "\"y\", \"dimension\": \"readiness\"},"
																																																																																																    "{\"id\": \"yu\", \"kind\": \"scale\", \"form\": \"how-far\", \"prompt\": " Q
																																																																																																    ", \"scale\": \"s\", \"component\": "
																																																																																																    "\"y\", \"dimension\": \"use\", \"not_applicable\": true},"
																																																																																																    "{\"id\": \"qp\", \"kind\": \"single\", \"prompt\": " Q
																																																																																																    ", \"pitfall\": \"p2\", \"options_from\": \"ps\", "
																																																																																																    "\"not_applicable\": true},"
																																																																																																    "{\"id\": \"dirs\", \"kind\": \"multi\", \"prompt\": " Q
																																																																																																    ", \"options_from\": \"route-directions\"},"
																																																																																																    "{\"id\": \"mech\", \"kind\": \"single\", \"prompt\": " Q
																																																																																																    ", \"options_from\": \"route-mechanisms\", "
																																																																																																    "\"not_applicable\": true},"
																																																																																																    "{\"id\": \"cost\", \"kind\": \"number\", \"prompt\": " Q
																																																																																																    ", \"unit\": \"euro\", \"min\": 0, \"measure\": "
																																																																																																    "\"unit-cost-pilot\"}]}],"
																																																																																																    " \"rules\": ["
																																																																																																    "{\"id\": \"b-low\", \"when\": {\"ingredient\": \"b\", \"below\": 4}, \"actions\": [" T(
																																																																																																	"x") "]},"
																																																																																																	     "{\"id\": \"b-unk\", \"when\": {\"ingredient\": \"b\", \"unknown_at_least\": 0.25}, \"actions\": [" T(
																																																																																																		 "x") "]},"
																																																																																																		      "{\"id\": \"c-unk\", \"when\": {\"ingredient\": \"c\", \"unknown_at_least\": 0.3}, \"outcome\": \"postpone\", "
																																																																																																		      "\"actions\": [" T("x") "]},"
																																																																																																					      "{\"id\": \"x-low\", \"when\": {\"component\": \"x\", \"below\": 4}, \"actions\": [" T("x") "]},"
																																																																																																																	  "{\"id\": \"y-low\", \"when\": {\"component\": \"y\", \"below\": 4}, \"outcome\": \"right-size\", \"actions\": [" T(
																																																																																																																	      "x") "]},"
																																																																																																																		   "{\"id\": \"r-out\", \"when\": {\"route\": \"out\"}, \"outcome\": \"adjust\", \"actions\": [" T(
																																																																																																																		       "x") "]},"
																																																																																																																			    "{\"id\": \"r-up\", \"when\": {\"route\": \"up\"}, \"actions\": [" T(
																																																																																																																				"x") "]},"
																																																																																																																				     "{\"id\": \"r-lic\", \"when\": {\"route\": \"lic\"}, \"outcome\": \"stop\", \"actions\": [" T(
																																																																																																																					 "x") "]}]}";

static struct method *load(void)
{
	struct method *m = NULL;
	struct method_problems pr = {0};
	int rc = method_load(method_json, strlen(method_json), &m, &pr);
	for (size_t i = 0; i < pr.n; i++)
		fprintf(stderr, "method line %d: %s\n", pr.v[i].line, pr.v[i].message);
	CHECK_INT(rc, 0);
	method_problems_free(&pr);
	if (!m)
		BUG("test method does not load");
	return m;
}

#define NA (-2)	 /* "niet van toepassing" */
#define UNK (-1) /* "weet niet" */
#define NO (-9)	 /* no answer */

struct sheet {
	struct score_answer v[64];
	size_t n;
	const char *opts[64][2];
};

static void level(struct sheet *s, size_t rater, const char *q, int lv)
{
	if (lv == NO)
		return;
	struct score_answer *a = &s->v[s->n++];
	memset(a, 0, sizeof *a);
	a->rater = rater;
	a->question = q;
	a->unknown = lv == UNK;
	a->not_applicable = lv == NA;
	a->level = lv >= 0 ? lv : 0;
}

static void choice(struct sheet *s, size_t rater, const char *q, const char *o1, const char *o2, bool na)
{
	size_t k = s->n++;
	struct score_answer *a = &s->v[k];
	memset(a, 0, sizeof *a);
	a->rater = rater;
	a->question = q;
	a->not_applicable = na;
	s->opts[k][0] = o1;
	s->opts[k][1] = o2;
	a->options = s->opts[k];
	a->n_options = na ? 0 : o2 ? 2 : 1;
}

static void number(struct sheet *s, size_t rater, const char *q, long long x)
{
	struct score_answer *a = &s->v[s->n++];
	memset(a, 0, sizeof *a);
	a->rater = rater;
	a->question = q;
	a->number = x;
}

/* The round of the header comment: four raters. */
static void fill(struct sheet *s)
{
	static const struct {
		const char *q;
		int lv[4];
	} rows[] = {
	    {"a1", {4, NA, 2, NA}},  {"a2", {2, 1, NA, NA}},   {"b1", {NA, NA, NA, NA}},
	    {"c1", {0, UNK, 1, NA}}, {"xr", {NA, NA, NA, NA}}, {"xu", {NA, NA, NA, NO}},
	    {"yr", {3, 4, NO, NO}},  {"yu", {2, NA, 4, NO}},
	};
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		for (size_t r = 0; r < 4; r++)
			level(s, r, rows[i].q, rows[i].lv[r]);
	choice(s, 0, "qp", "yes", NULL, false);
	choice(s, 1, "qp", NULL, NULL, true);
	choice(s, 2, "qp", NULL, NULL, true);
	choice(s, 3, "qp", "no", NULL, false);
	choice(s, 0, "dirs", "out", NULL, false);
	choice(s, 1, "dirs", "out", "up", false);
	choice(s, 2, "dirs", "up", NULL, false);
	choice(s, 3, "dirs", "out", NULL, false);
	choice(s, 0, "mech", "copy", NULL, false);
	choice(s, 1, "mech", "lic", NULL, false);
	choice(s, 2, "mech", NULL, NULL, true);
	number(s, 0, "cost", 1000);
	number(s, 1, "cost", 3000);
	number(s, 2, "cost", 2000);
	number(s, 3, "cost", 10000);
}

static const struct score_rater raters[4] = {{"gemeente"}, {"gemeente"}, {"zorg"}, {"inwoner"}};

static bool fired(const struct score *s, const char *rule)
{
	for (size_t i = 0; i < s->n_suggestions; i++)
		if (!strcmp(s->suggestions[i]->id, rule))
			return true;
	return false;
}

TEST(test_nvt_is_left_out_of_values_and_medians)
{
	struct method *m = load();
	struct sheet sh;
	fill(&sh);
	struct score s;
	struct buf err = BUF_INIT;
	int rc = score_round(m, raters, 4, sh.v, sh.n, &s, &err);
	if (rc)
		fprintf(stderr, "%s\n", buf_str(&err));
	CHECK_INT(rc, 0);
	if (!rc) {
		/* a: rater values 3 (mean of 4 and 2), 1, 2; rater 3 said n.v.t. twice: no value */
		const struct score_stat *a = &s.ingredients[0].stat;
		CHECK_INT(a->n_raters, 3);
		CHECK_NEAR(a->median, 2, 1e-12);
		CHECK_NEAR(a->q1, 1.5, 1e-12);
		CHECK_NEAR(a->q3, 2.5, 1e-12);
		CHECK_INT(a->n_answers, 4); /* the levels; n.v.t. is no answer on the scale */
		CHECK_INT(a->n_na, 4);
		CHECK_NEAR(a->na_share, 0.5, 1e-12);
		CHECK_NEAR(a->unknown_share, 0, 1e-12);
		CHECK(!s.ingredients[0].not_applicable);
		/* c: values 0 and 1; "weet niet" is 1 of the 3 applicable answers, not 1 of 4 */
		const struct score_stat *c = &s.ingredients[2].stat;
		CHECK_INT(c->n_raters, 2);
		CHECK_NEAR(c->median, 0.5, 1e-12);
		CHECK_INT(c->n_answers, 3);
		CHECK_INT(c->n_unknown, 1);
		CHECK_NEAR(c->unknown_share, 1.0 / 3, 1e-12);
		CHECK_INT(c->n_na, 1);
		CHECK_NEAR(c->na_share, 0.25, 1e-12);
		/* so the 0.3 "weet niet" rule fires (1/3 >= 0.3; 1/4 would not) */
		CHECK(fired(&s, "c-unk"));
		score_free(&s);
	}
	buf_free(&err);
	method_free(m);
}

TEST(test_all_nvt_is_never_weakest_nor_bottleneck_and_fires_no_rule)
{
	struct method *m = load();
	struct sheet sh;
	fill(&sh);
	struct score s;
	CHECK_INT(score_round(m, raters, 4, sh.v, sh.n, &s, NULL), 0);
	/* b: every answer n.v.t. */
	CHECK(s.ingredients[1].not_applicable);
	CHECK(!s.ingredients[1].stat.scored);
	CHECK(!s.ingredients[1].weakest);
	CHECK_INT(s.ingredients[1].stat.n_na, 4);
	CHECK_NEAR(s.ingredients[1].stat.na_share, 1, 1e-12);
	/* weakest: c (0.5 of 4 = 0.125) below a (2 of 4 = 0.5) */
	CHECK_INT(s.n_weakest, 1);
	CHECK_INT(s.weakest[0], 2);
	CHECK(!fired(&s, "b-low"));
	CHECK(!fired(&s, "b-unk"));
	/* x: every answer n.v.t. on both dimensions; y: readiness 3.5, use 3 (rater 1's n.v.t. left out) */
	CHECK(s.components[0].not_applicable);
	CHECK(!s.components[0].scored);
	CHECK(!s.components[0].bottleneck);
	CHECK(!s.components[1].not_applicable);
	CHECK_NEAR(s.components[1].readiness.median, 3.5, 1e-12);
	CHECK_NEAR(s.components[1].use.median, 3, 1e-12);
	CHECK_INT(s.components[1].use.n_na, 1);
	CHECK_NEAR(s.components[1].level, 3, 1e-12);
	CHECK_INT(s.n_bottleneck, 1);
	CHECK_INT(s.bottleneck[0], 1);
	CHECK(!fired(&s, "x-low"));
	CHECK(fired(&s, "y-low"));
	/* the pitfall: 1 present, 1 absent, 2 n.v.t.; the tie goes to present */
	CHECK_INT(s.pitfalls[1].n_na, 2);
	CHECK_INT(s.pitfalls[1].n_present, 1);
	CHECK_INT(s.pitfalls[1].state, SCORE_PITFALL_PRESENT);
	score_free(&s);
	method_free(m);
}

TEST(test_routes_by_plurality_trigger_pitfalls_and_rules)
{
	struct method *m = load();
	struct sheet sh;
	fill(&sh);
	struct score s;
	CHECK_INT(score_round(m, raters, 4, sh.v, sh.n, &s, NULL), 0);
	/* directions: out 3, up 2 -> out chosen; mechanisms: copy 1, lic 1 (a tie counts), 1 n.v.t. */
	CHECK_INT(s.n_routes, 4);
	CHECK_INT(s.routes[0].n_chosen, 3);
	CHECK(s.routes[0].chosen);
	CHECK_INT(s.routes[1].n_chosen, 2);
	CHECK(!s.routes[1].chosen);
	CHECK(s.routes[2].chosen && s.routes[3].chosen);
	CHECK(s.pitfalls[0].triggered_by == &m->routes[0]);
	CHECK(s.pitfalls[1].triggered_by == NULL);
	CHECK_INT(s.n_pitfalls_triggered, 1);
	CHECK(fired(&s, "r-out"));
	CHECK(!fired(&s, "r-up"));
	CHECK(fired(&s, "r-lic"));
	const struct score_choice *mech = NULL;
	for (size_t i = 0; i < s.n_choices; i++)
		if (!strcmp(s.choices[i].question->id, "mech"))
			mech = &s.choices[i];
	CHECK(mech && mech->n_na == 1 && mech->n_raters == 2);
	/* the rule's outcome travels with it */
	for (size_t i = 0; i < s.n_suggestions; i++)
		if (!strcmp(s.suggestions[i]->id, "r-out"))
			CHECK_INT(s.suggestions[i]->outcome, METHOD_OUTCOME_ADJUST);
	score_free(&s);
	method_free(m);
}

TEST(test_number_question_median_and_quartiles)
{
	struct method *m = load();
	struct sheet sh;
	fill(&sh);
	struct score s;
	CHECK_INT(score_round(m, raters, 4, sh.v, sh.n, &s, NULL), 0);
	CHECK_INT(s.n_numbers, 1);
	CHECK_INT(s.numbers[0].n, 4);
	CHECK_NEAR(s.numbers[0].median, 2500, 1e-9);
	CHECK_NEAR(s.numbers[0].q1, 1750, 1e-9);
	CHECK_NEAR(s.numbers[0].q3, 4750, 1e-9);
	CHECK_NEAR(s.numbers[0].min, 1000, 1e-9);
	CHECK_NEAR(s.numbers[0].max, 10000, 1e-9);
	score_free(&s);
	method_free(m);
}

TEST(test_nvt_refused_where_the_question_does_not_allow_it)
{
	struct method *m = load();
	struct sheet sh;
	struct score s;
	struct buf err = BUF_INIT;
	memset(&sh, 0, sizeof sh);
	level(&sh, 0, "c2", NA); /* c2 has no not_applicable */
	CHECK_INT(score_round(m, raters, 4, sh.v, sh.n, &s, &err), -ERR_INVALID);
	CHECK(strstr(buf_str(&err), "\"niet van toepassing\" is not an answer to question \"c2\"") != NULL);
	memset(&sh, 0, sizeof sh);
	level(&sh, 0, "a1", NA);
	sh.v[0].unknown = true;
	CHECK_INT(score_round(m, raters, 4, sh.v, sh.n, &s, &err), -ERR_INVALID);
	memset(&sh, 0, sizeof sh);
	number(&sh, 0, "cost", -5); /* below the question's min 0 */
	CHECK_INT(score_round(m, raters, 4, sh.v, sh.n, &s, &err), -ERR_INVALID);
	buf_free(&err);
	method_free(m);
}

/* Without any n.v.t. the scores are what they always were: a round of
 * before the extension scores the same. */
TEST(test_rounds_without_nvt_score_as_before)
{
	struct method *m = load();
	struct sheet sh;
	memset(&sh, 0, sizeof sh);
	level(&sh, 0, "a1", 1);
	level(&sh, 1, "a1", 3);
	level(&sh, 2, "a1", UNK);
	struct score s;
	CHECK_INT(score_round(m, raters, 4, sh.v, sh.n, &s, NULL), 0);
	CHECK_NEAR(s.ingredients[0].stat.median, 2, 1e-12);
	CHECK_NEAR(s.ingredients[0].stat.unknown_share, 1.0 / 3, 1e-12);
	CHECK_INT(s.ingredients[0].stat.n_na, 0);
	CHECK_NEAR(s.ingredients[0].stat.na_share, 0, 1e-12);
	CHECK(!s.ingredients[0].not_applicable);
	CHECK(!s.ingredients[1].not_applicable); /* unanswered is not n.v.t. */
	score_free(&s);
	method_free(m);
}

int main(void)
{
	RUN(test_nvt_is_left_out_of_values_and_medians);
	RUN(test_all_nvt_is_never_weakest_nor_bottleneck_and_fires_no_rule);
	RUN(test_routes_by_plurality_trigger_pitfalls_and_rules);
	RUN(test_number_question_median_and_quartiles);
	RUN(test_nvt_refused_where_the_question_does_not_allow_it);
	RUN(test_rounds_without_nvt_score_as_before);
	return TEST_DONE();
}
