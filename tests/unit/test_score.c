/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_score: honest scoring of a round, against hand-computed values.
 * Quantile reference values are those of R's quantile(x, type = 7), the
 * default, e.g. quantile(c(0, 1, 1, 4)) gives 0.75, 1, 1.75 for the
 * quartiles and quantile(c(1, 3, 7, 15, 20), 0.3) gives 3.8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/method.h"
#include "domain/score.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "test.h"

static const char method_json[] =
    "{\"format\": \"scalelab-method/1\", \"id\": \"score-mini\", \"version\": 1,"
    " \"title\": {\"nl\": \"t\", \"en\": \"t\"}, \"description\": {\"nl\": \"d\", \"en\": \"d\"},"
    " \"based_on\": {\"name\": {\"nl\": \"b\", \"en\": \"b\"}, \"note\": {\"nl\": \"n\", \"en\": \"n\"}},"
    " \"scales\": ["
    "  {\"id\": \"s4\", \"kind\": \"progress\", \"min\": 0, \"max\": 4, \"anchors\": ["
    "   {\"level\": 0, \"text\": {\"nl\": \"0\", \"en\": \"0\"}}, {\"level\": 1, \"text\": {\"nl\": \"1\", "
    "\"en\": \"1\"}},"
    "   {\"level\": 2, \"text\": {\"nl\": \"2\", \"en\": \"2\"}}, {\"level\": 3, \"text\": {\"nl\": \"3\", "
    "\"en\": \"3\"}},"
    "   {\"level\": 4, \"text\": {\"nl\": \"4\", \"en\": \"4\"}}]},"
    "  {\"id\": \"s9\", \"kind\": \"level\", \"min\": 0, \"max\": 9, \"anchors\": ["
    "   {\"level\": 0, \"text\": {\"nl\": \"0\", \"en\": \"0\"}}, {\"level\": 1, \"text\": {\"nl\": \"1\", "
    "\"en\": \"1\"}},"
    "   {\"level\": 2, \"text\": {\"nl\": \"2\", \"en\": \"2\"}}, {\"level\": 3, \"text\": {\"nl\": \"3\", "
    "\"en\": \"3\"}},"
    "   {\"level\": 4, \"text\": {\"nl\": \"4\", \"en\": \"4\"}}, {\"level\": 5, \"text\": {\"nl\": \"5\", "
    "\"en\": \"5\"}},"
    "   {\"level\": 6, \"text\": {\"nl\": \"6\", \"en\": \"6\"}}, {\"level\": 7, \"text\": {\"nl\": \"7\", "
    "\"en\": \"7\"}},"
    "   {\"level\": 8, \"text\": {\"nl\": \"8\", \"en\": \"8\"}}, {\"level\": 9, \"text\": {\"nl\": \"9\", "
    "\"en\": \"9\"}}]}],"
    " \"option_sets\": [{\"id\": \"ps\", \"options\": ["
    "  {\"id\": \"absent\", \"text\": {\"nl\": \"a\", \"en\": \"a\"}, \"pitfall_state\": \"absent\"},"
    "  {\"id\": \"present\", \"text\": {\"nl\": \"p\", \"en\": \"p\"}, \"pitfall_state\": \"present\"},"
    "  {\"id\": \"mitigated\", \"text\": {\"nl\": \"m\", \"en\": \"m\"}, \"pitfall_state\": "
    "\"mitigated\"}]}],"
    " \"ingredients\": ["
    "  {\"id\": \"a\", \"title\": {\"nl\": \"A\", \"en\": \"A\"}, \"description\": {\"nl\": \"d\", \"en\": "
    "\"d\"}},"
    "  {\"id\": \"b\", \"title\": {\"nl\": \"B\", \"en\": \"B\"}, \"description\": {\"nl\": \"d\", \"en\": "
    "\"d\"}},"
    "  {\"id\": \"c\", \"title\": {\"nl\": \"C\", \"en\": \"C\"}, \"description\": {\"nl\": \"d\", \"en\": "
    "\"d\"}}],"
    " \"components\": ["
    "  {\"id\": \"x\", \"title\": {\"nl\": \"X\", \"en\": \"X\"}, \"description\": {\"nl\": \"d\", \"en\": "
    "\"d\"}},"
    "  {\"id\": \"y\", \"title\": {\"nl\": \"Y\", \"en\": \"Y\"}, \"description\": {\"nl\": \"d\", \"en\": "
    "\"d\"}}],"
    " \"routes\": ["
    "  {\"id\": \"out\", \"title\": {\"nl\": \"O\", \"en\": \"O\"}, \"description\": {\"nl\": \"d\", \"en\": "
    "\"d\"}, \"kind\": \"direction\"},"
    "  {\"id\": \"deep\", \"title\": {\"nl\": \"D\", \"en\": \"D\"}, \"description\": {\"nl\": \"d\", "
    "\"en\": \"d\"}, \"kind\": \"direction\"}],"
    " \"pitfalls\": ["
    "  {\"id\": \"p1\", \"title\": {\"nl\": \"P\", \"en\": \"P\"}, \"description\": {\"nl\": \"d\", \"en\": "
    "\"d\"}, \"prevention\": {\"nl\": \"v\", \"en\": \"v\"}},"
    "  {\"id\": \"p2\", \"title\": {\"nl\": \"Q\", \"en\": \"Q\"}, \"description\": {\"nl\": \"d\", \"en\": "
    "\"d\"}, \"prevention\": {\"nl\": \"v\", \"en\": \"v\"}}],"
    " \"sections\": [{\"id\": \"s\", \"title\": {\"nl\": \"S\", \"en\": \"S\"}, \"questions\": ["
    "  {\"id\": \"a1\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, \"form\": "
    "\"how-far\", \"scale\": \"s4\", "
    "\"ingredient\": \"a\"},"
    "  {\"id\": \"a2\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, \"form\": "
    "\"how-far\", \"scale\": \"s4\", "
    "\"ingredient\": \"a\"},"
    "  {\"id\": \"b1\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, \"form\": "
    "\"how-far\", \"scale\": \"s4\", "
    "\"ingredient\": \"b\"},"
    "  {\"id\": \"c1\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, \"form\": "
    "\"how-far\", \"scale\": \"s4\", "
    "\"ingredient\": \"c\"},"
    "  {\"id\": \"xr\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, \"form\": "
    "\"which-level\", \"scale\": \"s9\", "
    "\"component\": \"x\", \"dimension\": \"readiness\"},"
    "  {\"id\": \"xu\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, \"form\": "
    "\"which-level\", \"scale\": \"s9\", "
    "\"component\": \"x\", \"dimension\": \"use\"},"
    "  {\"id\": \"yr\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, \"form\": "
    "\"which-level\", \"scale\": \"s9\", "
    "\"component\": \"y\", \"dimension\": \"readiness\"},"
    "  {\"id\": \"yu\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, \"form\": "
    "\"which-level\", \"scale\": \"s9\", "
    "\"component\": \"y\", \"dimension\": \"use\"},"
    "  {\"id\": \"qp1\", \"kind\": \"single\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, \"pitfall\": "
    "\"p1\", \"options_from\": \"ps\"},"
    "  {\"id\": \"qp2\", \"kind\": \"single\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, \"pitfall\": "
    "\"p2\", \"options_from\": \"ps\"},"
    "  {\"id\": \"routes\", \"kind\": \"multi\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
    "\"options_from\": \"routes\"},"
    "  {\"id\": \"note\", \"kind\": \"text\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}}]}],"
    " \"rules\": ["
    "  {\"id\": \"pit-p1\", \"when\": {\"pitfall\": \"p1\"}, \"actions\": [{\"nl\": \"x\", \"en\": \"x\"}]},"
    "  {\"id\": \"weak-a\", \"when\": {\"ingredient\": \"a\", \"below\": 2.5}, \"actions\": [{\"nl\": \"x\", "
    "\"en\": \"x\"}]},"
    "  {\"id\": \"weak-b\", \"when\": {\"ingredient\": \"b\", \"below\": 2}, \"actions\": [{\"nl\": \"x\", "
    "\"en\": \"x\"}],"
    "   \"parties\": [{\"type\": \"wetenschap\", \"label\": {\"nl\": \"hogeschool\", \"en\": "
    "\"university\"}}]},"
    "  {\"id\": \"unknown-c\", \"when\": {\"ingredient\": \"c\", \"unknown_at_least\": 0.5}, \"actions\": "
    "[{\"nl\": \"x\", \"en\": \"x\"}]},"
    "  {\"id\": \"low-y\", \"when\": {\"component\": \"y\", \"below\": 5}, \"actions\": [{\"nl\": \"x\", "
    "\"en\": \"x\"}]},"
    "  {\"id\": \"low-x\", \"when\": {\"component\": \"x\", \"below\": 5}, \"actions\": [{\"nl\": \"x\", "
    "\"en\": \"x\"}]}]}";

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

#define UNK (-1) /* "weet niet" in the level tables below */

static struct score_answer level(size_t rater, const char *q, int lv)
{
	struct score_answer a = {0};
	a.rater = rater;
	a.question = q;
	a.unknown = lv == UNK;
	a.level = lv == UNK ? 0 : lv;
	return a;
}

static const char *const opt_absent[] = {"absent"};
static const char *const opt_present[] = {"present"};
static const char *const opt_mitigated[] = {"mitigated"};
static const char *const opt_routes_both[] = {"out", "deep"};
static const char *const opt_routes_deep[] = {"deep"};

static struct score_answer choice(size_t rater, const char *q, const char *const *opts, size_t n)
{
	struct score_answer a = {0};
	a.rater = rater;
	a.question = q;
	a.options = opts;
	a.n_options = n;
	return a;
}

static const struct score_ingredient *ing(const struct score *s, const char *id)
{
	for (size_t i = 0; i < s->n_ingredients; i++)
		if (!strcmp(s->ingredients[i].ingredient->id, id))
			return &s->ingredients[i];
	BUG("no ingredient %s", id);
}

static bool suggested(const struct score *s, const char *rule)
{
	for (size_t i = 0; i < s->n_suggestions; i++)
		if (!strcmp(s->suggestions[i]->id, rule))
			return true;
	return false;
}

TEST(test_score_quantile_matches_r_type_7)
{
	double x[] = {1, 3, 7, 15, 20};
	CHECK_NEAR(score_quantile(x, 5, 0.3), 3.8, 1e-12);
	CHECK_NEAR(score_quantile(x, 5, 0.5), 7, 1e-12);
	CHECK_NEAR(score_quantile(x, 5, 0.0), 1, 1e-12);
	CHECK_NEAR(score_quantile(x, 5, 1.0), 20, 1e-12);
	double y[] = {0, 1, 1, 4};
	CHECK_NEAR(score_quantile(y, 4, 0.25), 0.75, 1e-12);
	CHECK_NEAR(score_quantile(y, 4, 0.5), 1, 1e-12);
	CHECK_NEAR(score_quantile(y, 4, 0.75), 1.75, 1e-12);
	double one[] = {2.5};
	CHECK_NEAR(score_quantile(one, 1, 0.25), 2.5, 1e-12);
}

/*
 * Four raters. b: levels 0, 1, 1, 4 (one question). a: two questions,
 * rater means 3, 1, -, 2 (rater 2 answered "weet niet" twice). c: all
 * "weet niet".
 */
static const struct score_rater four_raters[] = {{"gemeente"}, {"gemeente"}, {"inwoner"}, {"gemeente"}};

static size_t four_answers(struct score_answer *a)
{
	size_t n = 0;
	const int a1[] = {4, 1, UNK, 2}, a2[] = {2, UNK, UNK, 2}, b1[] = {0, 4, 1, 1};
	for (size_t r = 0; r < 4; r++) {
		a[n] = level(r, "a1", a1[r]);
		a[n].has_evidence = r == 0;
		a[n].confidence = r == 1 ? SCORE_CONFIDENCE_LOW : SCORE_CONFIDENCE_HIGH;
		n++;
		a[n] = level(r, "a2", a2[r]);
		a[n].has_evidence = r == 3 || r == 2; /* evidence on a "weet niet" does not count */
		n++;
		a[n++] = level(r, "b1", b1[r]);
		a[n++] = level(r, "c1", UNK);
	}
	return n;
}

TEST(test_score_median_and_iqr_with_an_even_number_of_raters)
{
	struct method *m = load();
	struct score_answer a[64];
	size_t n = four_answers(a);
	struct score s;
	CHECK_INT(score_round(m, four_raters, 4, a, n, &s, NULL), 0);
	const struct score_stat *b = &ing(&s, "b")->stat;
	CHECK(b->scored);
	CHECK_INT(b->n_raters, 4);
	CHECK_NEAR(b->median, 1.0, 1e-12);
	CHECK_NEAR(b->q1, 0.75, 1e-12);
	CHECK_NEAR(b->q3, 1.75, 1e-12);
	CHECK_NEAR(b->iqr, 1.0, 1e-12);
	CHECK_NEAR(b->min, 0, 1e-12);
	CHECK_NEAR(b->max, 4, 1e-12);
	CHECK(b->disagreement); /* 4 - 0 >= 4 / 2 */
	score_free(&s);
	method_free(m);
}

TEST(test_score_ingredient_uses_rater_means_and_counts_unknown_and_evidence)
{
	struct method *m = load();
	struct score_answer a[64];
	size_t n = four_answers(a);
	struct score s;
	CHECK_INT(score_round(m, four_raters, 4, a, n, &s, NULL), 0);
	const struct score_stat *st = &ing(&s, "a")->stat;
	/* rater values 3, 1, 2: median 2, Q1 1.5, Q3 2.5 */
	CHECK_INT(st->n_raters, 3);
	CHECK_INT(st->n_answers, 8);
	CHECK_INT(st->n_unknown, 3);
	CHECK_NEAR(st->unknown_share, 3.0 / 8.0, 1e-12);
	CHECK_INT(st->n_evidence, 2); /* rater 0 on a1, rater 3 on a2 */
	CHECK_NEAR(st->evidence_coverage, 2.0 / 5.0, 1e-12);
	CHECK_INT(st->n_low_confidence, 1);
	CHECK_NEAR(st->median, 2, 1e-12);
	CHECK_NEAR(st->q1, 1.5, 1e-12);
	CHECK_NEAR(st->q3, 2.5, 1e-12);
	CHECK_NEAR(st->iqr, 1, 1e-12);
	CHECK(st->disagreement); /* 3 - 1 = 2 >= 4 / 2 */
	CHECK_NEAR(ing(&s, "a")->relative, 0.5, 1e-12);
	score_free(&s);
	method_free(m);
}

TEST(test_score_all_weet_niet_gives_no_score_and_fires_unknown_rule)
{
	struct method *m = load();
	struct score_answer a[64];
	size_t n = four_answers(a);
	struct score s;
	CHECK_INT(score_round(m, four_raters, 4, a, n, &s, NULL), 0);
	const struct score_ingredient *c = ing(&s, "c");
	CHECK(!c->stat.scored);
	CHECK_INT(c->stat.n_raters, 0);
	CHECK_INT(c->stat.n_answers, 4);
	CHECK_NEAR(c->stat.unknown_share, 1.0, 1e-12);
	CHECK_NEAR(c->stat.evidence_coverage, 0, 1e-12);
	CHECK(!c->weakest); /* an unknown is not a low score */
	CHECK(!c->stat.disagreement);
	CHECK(suggested(&s, "unknown-c"));
	/* b (median 1 of 4 = 0.25) is weakest, a (0.5) is not */
	CHECK_INT(s.n_weakest, 1);
	CHECK(ing(&s, "b")->weakest);
	CHECK(!ing(&s, "a")->weakest);
	/* weak-b fires (1 < 2) and comes first because b is weakest; weak-a too (2 < 2.5) */
	CHECK(s.n_suggestions >= 3);
	if (s.n_suggestions)
		CHECK_STR(s.suggestions[0]->id, "weak-b");
	CHECK(suggested(&s, "weak-a"));
	score_free(&s);
	method_free(m);
}

TEST(test_score_every_rater_weet_niet_everywhere)
{
	struct method *m = load();
	struct score_rater raters[2] = {{"a"}, {"b"}};
	struct score_answer a[32];
	size_t n = 0;
	const char *qs[] = {"a1", "a2", "b1", "c1", "xr", "xu", "yr", "yu", "qp1", "qp2", "routes"};
	for (size_t r = 0; r < 2; r++)
		for (size_t q = 0; q < sizeof qs / sizeof qs[0]; q++)
			a[n++] = level(r, qs[q], UNK);
	struct score s;
	CHECK_INT(score_round(m, raters, 2, a, n, &s, NULL), 0);
	for (size_t i = 0; i < s.n_ingredients; i++) {
		CHECK(!s.ingredients[i].stat.scored);
		CHECK_NEAR(s.ingredients[i].stat.unknown_share, 1, 1e-12);
	}
	CHECK_INT(s.n_weakest, 0);
	CHECK_INT(s.n_bottleneck, 0);
	CHECK_INT(s.pitfalls[0].state, SCORE_PITFALL_UNKNOWN);
	CHECK_INT(s.pitfalls[0].n_unknown, 2);
	CHECK_INT(s.n_pitfalls_present, 0);
	CHECK_INT(s.choices[0].n_unknown, 2);
	/* only the "weet niet" rule can fire */
	CHECK_INT(s.n_suggestions, 1);
	if (s.n_suggestions)
		CHECK_STR(s.suggestions[0]->id, "unknown-c");
	for (size_t i = 0; i < s.n_roles * s.n_ingredients; i++)
		CHECK_INT(s.role_n[i], 0);
	score_free(&s);
	method_free(m);
}

TEST(test_score_one_rater_has_no_spread_and_no_disagreement)
{
	struct method *m = load();
	struct score_rater raters[1] = {{"leverancier"}};
	struct score_answer a[3] = {level(0, "a1", 3), level(0, "a2", 0), level(0, "b1", 4)};
	struct score s;
	CHECK_INT(score_round(m, raters, 1, a, 3, &s, NULL), 0);
	const struct score_stat *st = &ing(&s, "a")->stat;
	CHECK_INT(st->n_raters, 1);
	CHECK_NEAR(st->median, 1.5, 1e-12);
	CHECK_NEAR(st->q1, 1.5, 1e-12);
	CHECK_NEAR(st->q3, 1.5, 1e-12);
	CHECK_NEAR(st->iqr, 0, 1e-12);
	CHECK(!st->disagreement);
	CHECK(ing(&s, "a")->weakest);
	CHECK(!ing(&s, "b")->weakest);
	CHECK(!ing(&s, "c")->stat.scored);
	CHECK_INT(ing(&s, "c")->stat.n_answers, 0);
	CHECK(!suggested(&s, "unknown-c")); /* nobody answered: no share to judge */
	score_free(&s);
	method_free(m);
}

TEST(test_score_weakest_tie_on_median_goes_to_the_lower_quartile)
{
	struct method *m = load();
	struct score_rater raters[2] = {{"x"}, {"y"}};
	/* a: means 2 and 2 -> median 2, q1 2; b: 1 and 3 -> median 2, q1 1.5
	 * (R: quantile(c(1, 3), .25) = 1.5); c: 3 and 4 -> 3.5 */
	struct score_answer a[] = {level(0, "a1", 2), level(0, "a2", 2), level(1, "a1", 1),
				   level(1, "a2", 3), level(0, "b1", 1), level(1, "b1", 3),
				   level(0, "c1", 3), level(1, "c1", 4)};
	struct score s;
	CHECK_INT(score_round(m, raters, 2, a, sizeof a / sizeof a[0], &s, NULL), 0);
	CHECK_INT(s.n_weakest, 1);
	if (s.n_weakest == 1)
		CHECK_STR(s.ingredients[s.weakest[0]].ingredient->id, "b");
	CHECK_INT(s.weakest_by, SCORE_TIE_Q1);
	CHECK(!s.all_tied);
	CHECK(!ing(&s, "a")->weakest);
	CHECK(!ing(&s, "c")->weakest);
	/* b: 3 - 1 = 2 >= 2 flags disagreement; c: 4 - 3 = 1 does not */
	CHECK(ing(&s, "b")->stat.disagreement);
	CHECK(!ing(&s, "c")->stat.disagreement);
	CHECK(!ing(&s, "a")->stat.disagreement); /* both raters at 2 */
	score_free(&s);
	method_free(m);
}

TEST(test_score_weakest_tie_then_evidence_then_unknown_share)
{
	struct method *m = load();
	struct score_rater raters[2] = {{"x"}, {"y"}};
	/* a, b and c all at 1 and 1; a and c carry evidence on one answer each,
	 * b on none: b is weakest by evidence coverage. */
	struct score_answer a[] = {level(0, "a1", 1), level(1, "a1", 1), level(0, "b1", 1),
				   level(1, "b1", 1), level(0, "c1", 1), level(1, "c1", 1)};
	a[0].has_evidence = true;
	a[4].has_evidence = true;
	struct score s;
	CHECK_INT(score_round(m, raters, 2, a, sizeof a / sizeof a[0], &s, NULL), 0);
	CHECK_INT(s.n_weakest, 1);
	CHECK(ing(&s, "b")->weakest);
	CHECK_INT(s.weakest_by, SCORE_TIE_EVIDENCE);
	score_free(&s);
	/* Same levels, no evidence, c has a third "weet niet": c is weakest by it. */
	struct score_answer u[] = {level(0, "a1", 1),  level(1, "a1", 1), level(0, "b1", 1),
				   level(1, "b1", 1),  level(0, "c1", 1), level(1, "c1", 1),
				   level(0, "c1", UNK)};
	struct score_rater r3[3] = {{"x"}, {"y"}, {"z"}};
	u[6].rater = 2;
	CHECK_INT(score_round(m, r3, 3, u, sizeof u / sizeof u[0], &s, NULL), 0);
	CHECK_INT(s.n_weakest, 1);
	CHECK(ing(&s, "c")->weakest);
	CHECK_INT(s.weakest_by, SCORE_TIE_UNKNOWN);
	score_free(&s);
	method_free(m);
}

TEST(test_score_all_equally_weak_marks_none)
{
	struct method *m = load();
	struct score_rater raters[2] = {{"x"}, {"y"}};
	struct score_answer a[] = {level(0, "a1", 2), level(1, "a1", 2), level(0, "b1", 2),
				   level(1, "b1", 2), level(0, "c1", 2), level(1, "c1", 2)};
	struct score s;
	CHECK_INT(score_round(m, raters, 2, a, sizeof a / sizeof a[0], &s, NULL), 0);
	CHECK(s.all_tied);
	CHECK_INT(s.n_weakest, 0);
	CHECK(!ing(&s, "a")->weakest && !ing(&s, "b")->weakest && !ing(&s, "c")->weakest);
	CHECK_STR(score_tie_break_name(s.weakest_by), "");
	score_free(&s);
	method_free(m);
}

/* x: readiness 6, 7, 8 (7) and use 2, 3, 9 (3) -> 3; y: readiness 4, 4, 5
 * (4) and use 5, 6, 7 (6) -> 4. The bottleneck is x at level 3. */
TEST(test_score_readiness_use_bottleneck_is_the_weakest_component)
{
	struct method *m = load();
	struct score_rater raters[3] = {{"r"}, {"r"}, {"r"}};
	const int xr[] = {6, 7, 8}, xu[] = {2, 3, 9}, yr[] = {4, 4, 5}, yu[] = {5, 6, 7};
	struct score_answer a[12];
	size_t n = 0;
	for (size_t r = 0; r < 3; r++) {
		a[n++] = level(r, "xr", xr[r]);
		a[n++] = level(r, "xu", xu[r]);
		a[n++] = level(r, "yr", yr[r]);
		a[n++] = level(r, "yu", yu[r]);
	}
	struct score s;
	CHECK_INT(score_round(m, raters, 3, a, n, &s, NULL), 0);
	CHECK_NEAR(s.components[0].readiness.median, 7, 1e-12);
	CHECK_NEAR(s.components[0].use.median, 3, 1e-12);
	CHECK_NEAR(s.components[0].level, 3, 1e-12);
	CHECK(s.components[0].use.disagreement); /* 9 - 2 = 7 >= 4.5 */
	CHECK(!s.components[0].readiness.disagreement);
	CHECK_NEAR(s.components[1].level, 4, 1e-12);
	CHECK_INT(s.n_bottleneck, 1);
	if (s.n_bottleneck)
		CHECK_STR(s.components[s.bottleneck[0]].component->id, "x");
	CHECK(s.components[0].bottleneck && !s.components[1].bottleneck);
	CHECK_NEAR(s.package_level, 3, 1e-12);
	/* both component rules fire; the bottleneck's comes first */
	CHECK_INT(s.n_suggestions, 2);
	if (s.n_suggestions == 2) {
		CHECK_STR(s.suggestions[0]->id, "low-x");
		CHECK_STR(s.suggestions[1]->id, "low-y");
	}
	CHECK_INT(s.n_weakest, 0); /* no ingredient answered */
	score_free(&s);
	method_free(m);
}

TEST(test_score_bottleneck_ties_are_all_named_and_unscored_components_excluded)
{
	struct method *m = load();
	struct score_rater raters[2] = {{"r"}, {"r"}};
	/* x: readiness 3, 4 (3.5), use 8, 8 -> 3.5; y: readiness 9, 9, use 3, 4 -> 3.5 */
	struct score_answer a[] = {level(0, "xr", 3), level(1, "xr", 4), level(0, "xu", 8),
				   level(1, "xu", 8), level(0, "yr", 9), level(1, "yr", 9),
				   level(0, "yu", 3), level(1, "yu", 4)};
	struct score s;
	CHECK_INT(score_round(m, raters, 2, a, 8, &s, NULL), 0);
	CHECK_INT(s.n_bottleneck, 2);
	CHECK_NEAR(s.package_level, 3.5, 1e-12);
	score_free(&s);
	/* y's use unknown: y is not scored and cannot be the bottleneck */
	a[6] = level(0, "yu", UNK);
	a[7] = level(1, "yu", UNK);
	CHECK_INT(score_round(m, raters, 2, a, 8, &s, NULL), 0);
	CHECK(!s.components[1].scored);
	CHECK_INT(s.n_bottleneck, 1);
	if (s.n_bottleneck)
		CHECK_STR(s.components[s.bottleneck[0]].component->id, "x");
	score_free(&s);
	method_free(m);
}

TEST(test_score_pitfalls_by_plurality_and_route_counts)
{
	struct method *m = load();
	struct score_answer a[] = {
	    choice(0, "qp1", opt_present, 1),
	    choice(1, "qp1", opt_present, 1),
	    choice(2, "qp1", opt_mitigated, 1),
	    choice(3, "qp1", opt_absent, 1),
	    choice(0, "qp2", opt_mitigated, 1),
	    choice(1, "qp2", opt_absent, 1),
	    choice(0, "routes", opt_routes_both, 2),
	    choice(1, "routes", opt_routes_deep, 1),
	    level(2, "routes", UNK),
	};
	struct score s;
	CHECK_INT(score_round(m, four_raters, 4, a, sizeof a / sizeof a[0], &s, NULL), 0);
	CHECK_INT(s.pitfalls[0].n_present, 2);
	CHECK_INT(s.pitfalls[0].n_mitigated, 1);
	CHECK_INT(s.pitfalls[0].n_absent, 1);
	CHECK_INT(s.pitfalls[0].state, SCORE_PITFALL_PRESENT);
	CHECK_STR(s.pitfalls[0].pitfall->id, "p1"); /* each entry names its pitfall */
	CHECK_STR(s.pitfalls[1].pitfall->id, "p2");
	CHECK_INT(s.pitfalls[1].state, SCORE_PITFALL_MITIGATED); /* tie goes to caution */
	CHECK_INT(s.n_pitfalls_present, 1);
	CHECK_INT(s.n_pitfalls_mitigated, 1);
	CHECK(suggested(&s, "pit-p1"));
	CHECK_INT(s.n_choices, 1);
	CHECK_STR(s.choices[0].question->id, "routes");
	CHECK_INT(s.choices[0].n_raters, 2);
	CHECK_INT(s.choices[0].n_unknown, 1);
	CHECK_INT(s.choices[0].counts[0], 1); /* out */
	CHECK_INT(s.choices[0].counts[1], 2); /* deep */
	score_free(&s);
	method_free(m);
}

TEST(test_score_role_heat_map)
{
	struct method *m = load();
	struct score_answer a[64];
	size_t n = four_answers(a);
	struct score s;
	CHECK_INT(score_round(m, four_raters, 4, a, n, &s, NULL), 0);
	CHECK_INT(s.n_roles, 2);
	CHECK_STR(s.roles[0], "gemeente");
	CHECK_STR(s.roles[1], "inwoner");
	size_t ni = s.n_ingredients;
	/* a for gemeente: raters 0, 1, 3 with 3, 1, 2 -> 2; inwoner: only "weet niet" */
	CHECK_INT(s.role_n[0 * ni + 0], 3);
	CHECK_NEAR(s.role_median[0 * ni + 0], 2, 1e-12);
	CHECK_INT(s.role_n[1 * ni + 0], 0);
	/* b for gemeente: 0, 4, 1 -> 1; inwoner: 1 */
	CHECK_NEAR(s.role_median[0 * ni + 1], 1, 1e-12);
	CHECK_INT(s.role_n[1 * ni + 1], 1);
	CHECK_NEAR(s.role_median[1 * ni + 1], 1, 1e-12);
	score_free(&s);
	method_free(m);
}

TEST(test_score_compare_rounds_gives_delta_per_ingredient)
{
	struct method *m = load();
	struct score_rater raters[1] = {{"r"}};
	struct score_answer r1[] = {level(0, "a1", 1), level(0, "a2", 1), level(0, "b1", 3),
				    level(0, "xr", 2), level(0, "xu", 2)};
	struct score_answer r2[] = {level(0, "a1", 3), level(0, "a2", 4), level(0, "b1", 2),
				    level(0, "c1", 1), level(0, "xr", 5), level(0, "xu", 4)};
	struct score s1, s2;
	CHECK_INT(score_round(m, raters, 1, r1, 5, &s1, NULL), 0);
	CHECK_INT(score_round(m, raters, 1, r2, 6, &s2, NULL), 0);
	struct score_delta *d;
	size_t n;
	CHECK_INT(score_compare(&s1, &s2, &d, &n), 0);
	CHECK_INT(n, 5); /* a, b, c, x, y */
	if (n == 5) {
		CHECK_STR(d[0].id, "a");
		CHECK_NEAR(d[0].before, 1, 1e-12);
		CHECK_NEAR(d[0].after, 3.5, 1e-12);
		CHECK_NEAR(d[0].delta, 2.5, 1e-12);
		CHECK_STR(d[1].id, "b");
		CHECK_NEAR(d[1].delta, -1, 1e-12);
		CHECK_STR(d[2].id, "c");
		CHECK(!d[2].has_before && d[2].has_after);
		CHECK_NEAR(d[2].delta, 0, 1e-12);
		CHECK_STR(d[3].id, "x");
		CHECK(d[3].component);
		CHECK_NEAR(d[3].delta, 2, 1e-12); /* min(2,2) -> min(5,4) */
		CHECK(!d[4].has_before && !d[4].has_after);
	}
	free(d);
	score_free(&s1);
	score_free(&s2);
	method_free(m);
}

TEST(test_score_rejects_bad_answers_with_a_message)
{
	struct method *m = load();
	struct score_rater raters[1] = {{"r"}};
	struct score s;
	struct buf err = BUF_INIT;
	const char *const bogus[] = {"sideways"};
	struct {
		struct score_answer a[2];
		size_t n;
		const char *msg;
	} cases[] = {
	    {{level(0, "zz", 1)}, 1, "answer 0: unknown question \"zz\""},
	    {{level(0, "a1", 5)}, 1, "answer 0: level outside the scale of question \"a1\""},
	    {{level(0, "a1", -2)}, 1, "answer 0: level outside the scale of question \"a1\""},
	    {{level(0, "a1", 1), level(0, "a1", 2)},
	     2,
	     "answer 1: second answer of one rater to question \"a1\""},
	    {{level(1, "a1", 1)}, 1, "answer 0: refers to a rater that does not exist"},
	    {{choice(0, "qp1", bogus, 1)}, 1, "answer 0: unknown option \"sideways\""},
	    {{choice(0, "qp1", opt_routes_both, 2)},
	     1,
	     "answer 0: needs exactly one option for question \"qp1\""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_INT(score_round(m, raters, 1, cases[i].a, cases[i].n, &s, &err), -ERR_INVALID);
		CHECK_STR(buf_str(&err), cases[i].msg);
		CHECK(s.ingredients == NULL);
	}
	buf_free(&err);
	method_free(m);
}

TEST(test_score_text_answers_are_accepted_and_not_scored)
{
	struct method *m = load();
	struct score_rater raters[1] = {{NULL}};
	struct score_answer a[] = {level(0, "note", 0), level(0, "b1", 2)};
	struct score s;
	CHECK_INT(score_round(m, raters, 1, a, 2, &s, NULL), 0);
	CHECK_INT(s.n_roles, 1);
	CHECK_STR(s.roles[0], "");
	CHECK_NEAR(ing(&s, "b")->stat.median, 2, 1e-12);
	score_free(&s);
	method_free(m);
}

int main(void)
{
	RUN(test_score_quantile_matches_r_type_7);
	RUN(test_score_median_and_iqr_with_an_even_number_of_raters);
	RUN(test_score_ingredient_uses_rater_means_and_counts_unknown_and_evidence);
	RUN(test_score_all_weet_niet_gives_no_score_and_fires_unknown_rule);
	RUN(test_score_every_rater_weet_niet_everywhere);
	RUN(test_score_one_rater_has_no_spread_and_no_disagreement);
	RUN(test_score_weakest_tie_on_median_goes_to_the_lower_quartile);
	RUN(test_score_weakest_tie_then_evidence_then_unknown_share);
	RUN(test_score_all_equally_weak_marks_none);
	RUN(test_score_readiness_use_bottleneck_is_the_weakest_component);
	RUN(test_score_bottleneck_ties_are_all_named_and_unscored_components_excluded);
	RUN(test_score_pitfalls_by_plurality_and_route_counts);
	RUN(test_score_role_heat_map);
	RUN(test_score_compare_rounds_gives_delta_per_ingredient);
	RUN(test_score_rejects_bad_answers_with_a_message);
	RUN(test_score_text_answers_are_accepted_and_not_scored);
	return TEST_DONE();
}
