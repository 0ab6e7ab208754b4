/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_method_ext: the method-format extensions of issue 10 (methods/
 * README.md): based_on, scale kinds and question forms with the prompt's
 * shape, "niet van toepassing", route kinds and the pitfalls a route
 * triggers, rule outcomes and route rules, number questions and measures,
 * decision criteria; the rule condition sentence and {ambitie}. Each test
 * changes one line of a small valid method and asserts the exact line and
 * message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/method.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "test.h"

#define T(s) "{\"nl\": \"" s "\", \"en\": \"" s "\"}"
#define TQ "{\"nl\": \"Hoe ver?\", \"en\": \"How far?\"}"

static const char *const base[] = {
    /*  1 */ "{\"format\": \"scalelab-method/1\", \"id\": \"ext\", \"version\": 1,",
    /*  2 */ "  \"title\": " T("X") ", \"description\": " T("D") ",",
    /*  3 */ "  \"based_on\": {\"name\": " T("Bron") ", \"note\": " T("Eigen vorm") "},",
    /*  4 */ "  \"decision_criteria\": [" T("Effect aangetoond") ", " T("Geld geregeld") "],",
    /*  5 */ "  \"scales\": [{\"id\": \"p\", \"kind\": \"progress\", \"min\": 0, \"max\": 2, \"anchors\": [",
    /*  6 */
    "    {\"level\": 0, \"text\": " T("a") "}, {\"level\": 1, \"text\": " T("b") "}, {\"level\": 2, "
										 "\"text\": " T("c") "}]},",
    /*  7 */
    "    {\"id\": \"a\", \"kind\": \"agreement\", \"min\": 0, \"max\": 1, \"anchors\": [{\"level\": 0, "
    "\"text\": " T("niet waar") "}, {\"level\": 1, \"text\": " T("waar") "}]}],",
    /*  8 */ "  \"ingredients\": [{\"id\": \"ing\", \"title\": " T("Geld") ", \"description\": " T("d") "},",
    /*  9 */ "    {\"id\": \"two\", \"title\": " T("Mensen") ", \"description\": " T("d") "}],",
    /* 10 */
    "  \"routes\": [{\"id\": \"out\", \"title\": " T("Breder") ", \"description\": " T(
	"d") ", "
	     "\"kind\": \"direction\", \"pitfalls\": [\"pit\"]},",
    /* 11 */
    "    {\"id\": \"up\", \"title\": " T("Hoger") ", \"description\": " T("d") ", \"kind\": \"direction\"},",
    /* 12 */
    "    {\"id\": \"copy\", \"title\": " T("Kopie") ", \"description\": " T(
	"d") ", \"kind\": \"mechanism\"},",
    /* 13 */
    "    {\"id\": \"lic\", \"title\": " T("Licentie") ", \"description\": " T(
	"d") ", \"kind\": \"mechanism\"}],",
    /* 14 */
    "  \"pitfalls\": [{\"id\": \"pit\", \"title\": " T("Kopieren") ", \"description\": " T(
	"d") ", "
	     "\"prevention\": " T("v") "}],",
    /* 15 */ "  \"sections\": [{\"id\": \"s\", \"title\": " T("S") ", \"questions\": [",
    /* 16 */
    "    {\"id\": \"q1\", \"kind\": \"scale\", \"form\": \"how-far\", \"prompt\": " TQ ", \"scale\": "
    "\"p\", \"ingredient\": \"ing\", \"not_applicable\": true},",
    /* 17 */
    "    {\"id\": \"q2\", \"kind\": \"scale\", \"form\": \"statement\", \"prompt\": " T(
	"Het klopt.") ", "
		      "\"scale\": \"a\", \"ingredient\": \"two\"},",
    /* 18 */
    "    {\"id\": \"dir\", \"kind\": \"multi\", \"prompt\": " TQ ", \"options_from\": \"route-directions\"},",
    /* 19 */
    "    {\"id\": \"mech\", \"kind\": \"single\", \"prompt\": " TQ
    ", \"options_from\": \"route-mechanisms\", "
    "\"not_applicable\": true},",
    /* 20 */
    "    {\"id\": \"cost\", \"kind\": \"number\", \"prompt\": " TQ ", \"unit\": \"euro\", \"min\": 0, "
    "\"measure\": \"unit-cost-pilot\"},",
    /* 21 */ "    {\"id\": \"unit\", \"kind\": \"text\", \"prompt\": " TQ ", \"measure\": \"scalable-unit\"}",
    /* 22 */ "  ]}],",
    /* 23 */ "  \"rules\": [",
    /* 24 */
    "    {\"id\": \"r1\", \"when\": {\"ingredient\": \"ing\", \"unknown_at_least\": 0.5}, \"actions\": "
    "[" T("zoek uit") "]},",
    /* 25 */
    "    {\"id\": \"r2\", \"when\": {\"route\": \"copy\"}, \"outcome\": \"adjust\", \"actions\": [" T(
	"let op") "]},",
    /* 26 */
    "    {\"id\": \"r3\", \"when\": {\"ingredient\": \"two\", \"below\": 1}, \"outcome\": \"stop\", "
    "\"actions\": "
    "[" T("stop") "]}",
    /* 27 */ "  ]}",
    NULL,
};

#include "method_fixture.h"

static struct method *load_base(void)
{
	char *s = variant(0, NULL);
	struct method_problems pr = {0};
	struct method *m = NULL;
	CHECK_INT(method_load(s, strlen(s), &m, &pr), 0);
	for (size_t i = 0; i < pr.n; i++)
		fprintf(stderr, "base:%d: %s\n", pr.v[i].line, pr.v[i].message);
	method_problems_free(&pr);
	free(s);
	return m;
}

TEST(test_ext_base_loads_every_extension)
{
	struct method *m = load_base();
	if (!m)
		return;
	CHECK_STR(m->based_on_name.nl, "Bron");
	CHECK_STR(m->based_on_note.en, "Eigen vorm");
	CHECK_INT(m->n_decision_criteria, 2);
	CHECK_STR(m->decision_criteria[1].nl, "Geld geregeld");
	CHECK_INT(m->scales[0].kind, METHOD_SCALE_PROGRESS);
	CHECK_INT(m->scales[1].kind, METHOD_SCALE_AGREEMENT);
	const struct method_question *q1 = method_question_find(m, "q1");
	CHECK(q1->not_applicable && q1->form == METHOD_FORM_HOW_FAR);
	CHECK(!method_question_find(m, "q2")->not_applicable);
	const struct method_question *dir = method_question_find(m, "dir");
	CHECK(dir->options_are_routes && dir->route_kind == METHOD_ROUTE_DIRECTION);
	CHECK_INT(dir->n_options, 2);
	CHECK_STR(dir->options[1].id, "up");
	const struct method_question *mech = method_question_find(m, "mech");
	CHECK_INT(mech->n_options, 2);
	CHECK_STR(mech->options[0].id, "copy");
	CHECK(mech->not_applicable);
	CHECK_INT(m->routes[0].n_pitfalls, 1);
	CHECK(m->routes[0].pitfalls[0] == &m->pitfalls[0]);
	CHECK_INT(m->routes[2].kind, METHOD_ROUTE_MECHANISM);
	const struct method_question *cost = method_question_find(m, "cost");
	CHECK_INT(cost->kind, METHOD_NUMBER);
	CHECK_INT(cost->unit, METHOD_UNIT_EURO);
	CHECK(cost->has_min && cost->min == 0 && !cost->has_max);
	CHECK(method_measure_question(m, METHOD_MEASURE_UNIT_COST_PILOT) == cost);
	CHECK(method_measure_question(m, METHOD_MEASURE_SCALABLE_UNIT) == method_question_find(m, "unit"));
	CHECK(method_measure_question(m, METHOD_MEASURE_AMBITION) == NULL);
	CHECK_INT(m->rules[0].outcome, METHOD_OUTCOME_IMPROVE);
	CHECK_INT(m->rules[1].kind, METHOD_RULE_ROUTE_CHOSEN);
	CHECK(m->rules[1].route == &m->routes[2]);
	CHECK_INT(m->rules[1].outcome, METHOD_OUTCOME_ADJUST);
	CHECK_INT(m->rules[2].outcome, METHOD_OUTCOME_STOP);
	CHECK_STR(method_outcome_label(METHOD_OUTCOME_RIGHT_SIZE, "nl"), "juistschalen");
	CHECK_STR(method_outcome_label(METHOD_OUTCOME_ADJUST, "nl"), "bijsturen");
	CHECK_STR(method_outcome_name(METHOD_OUTCOME_RIGHT_SIZE), "right-size");
	method_free(m);
}

TEST(test_ext_based_on_is_required)
{
	EXPECT(3, "", 1, 1, "method: missing key \"based_on\"");
	EXPECT(3, "  \"based_on\": {\"name\": " T("Bron") "},", 1, 3,
	       "method: based_on: missing key \"note\"");
}

TEST(test_ext_scale_kind_is_required_and_known)
{
	EXPECT(7,
	       "    {\"id\": \"a\", \"min\": 0, \"max\": 1, \"anchors\": [{\"level\": 0, \"text\": " T(
		   "niet waar") "}, {\"level\": 1, \"text\": " T("waar") "}]}],",
	       1, 7, "scale \"a\": missing key \"kind\"");
	EXPECT(
	    7,
	    "    {\"id\": \"a\", \"kind\": \"likert\", \"min\": 0, \"max\": 1, \"anchors\": [{\"level\": 0, "
	    "\"text\": " T("niet waar") "}, {\"level\": 1, \"text\": " T("waar") "}]}],",
	    1, 7, "scale \"a\": unknown kind \"likert\"; use progress, agreement, extent, level or evidence");
}

TEST(test_ext_form_must_fit_the_scale_kind)
{
	/* a yes/no style statement on a progress scale: the misfit of the issue */
	EXPECT(
	    16,
	    "    {\"id\": \"q1\", \"kind\": \"scale\", \"form\": \"statement\", \"prompt\": " T(
		"Er is geld.") ", \"scale\": \"p\", \"ingredient\": \"ing\"},",
	    1, 16,
	    "question \"q1\": form \"statement\" does not fit scale \"p\" of kind progress; use \"how-far\"");
	EXPECT(17,
	       "    {\"id\": \"q2\", \"kind\": \"scale\", \"form\": \"which-level\", \"prompt\": " TQ
	       ", \"scale\": \"a\", \"ingredient\": \"two\"},",
	       1, 17,
	       "question \"q2\": form \"which-level\" does not fit scale \"a\" of kind agreement; use "
	       "\"statement\"");
	EXPECT(16,
	       "    {\"id\": \"q1\", \"kind\": \"scale\", \"prompt\": " TQ
	       ", \"scale\": \"p\", \"ingredient\": "
	       "\"ing\"},",
	       1, 16, "question \"q1\": missing key \"form\"");
	EXPECT(16,
	       "    {\"id\": \"q1\", \"kind\": \"scale\", \"form\": \"yes-no\", \"prompt\": " TQ
	       ", \"scale\": \"p\", \"ingredient\": \"ing\"},",
	       1, 16,
	       "question \"q1\": unknown form \"yes-no\"; use how-far, statement, to-what-extent or "
	       "which-level");
	EXPECT(21, "    {\"id\": \"unit\", \"kind\": \"text\", \"prompt\": " TQ ", \"form\": \"how-far\"}", 1,
	       21, "question \"unit\": \"form\" is not allowed on a text question");
}

TEST(test_ext_prompt_shape_follows_the_form)
{
	/* a statement asked as a question, in both languages */
	EXPECT(
	    17,
	    "    {\"id\": \"q2\", \"kind\": \"scale\", \"form\": \"statement\", \"prompt\": {\"nl\": \"Klopt "
	    "het?\", \"en\": \"It is so.\"}, \"scale\": \"a\", \"ingredient\": \"two\"},",
	    1, 17,
	    "question \"q2\": prompt.nl is a question but the form is \"statement\"; state it, a rater says "
	    "how true it is");
	/* a how-far question that is no question */
	EXPECT(16,
	       "    {\"id\": \"q1\", \"kind\": \"scale\", \"form\": \"how-far\", \"prompt\": {\"nl\": \"Hoe "
	       "ver?\", "
	       "\"en\": \"Funding is arranged\"}, \"scale\": \"p\", \"ingredient\": \"ing\"},",
	       1, 16, "question \"q1\": prompt.en must end in \"?\" for the form \"how-far\"");
}

TEST(test_ext_not_applicable_only_on_scale_and_single)
{
	EXPECT(
	    18,
	    "    {\"id\": \"dir\", \"kind\": \"multi\", \"prompt\": " TQ
	    ", \"options_from\": \"route-directions\", \"not_applicable\": true},",
	    1, 18,
	    "question \"dir\": \"not_applicable\" is for scale and single questions; a multi question can be "
	    "left empty");
	EXPECT(21, "    {\"id\": \"unit\", \"kind\": \"text\", \"prompt\": " TQ ", \"not_applicable\": true}",
	       1, 21, "question \"unit\": \"not_applicable\" is not allowed on a text question");
	EXPECT(16,
	       "    {\"id\": \"q1\", \"kind\": \"scale\", \"form\": \"how-far\", \"prompt\": " TQ
	       ", \"scale\": \"p\", \"ingredient\": \"ing\", \"not_applicable\": \"ja\"},",
	       1, 16, "question \"q1\": \"not_applicable\" must be true or false");
}

TEST(test_ext_routes_need_a_kind_and_known_pitfalls)
{
	EXPECT(11, "    {\"id\": \"up\", \"title\": " T("Hoger") ", \"description\": " T("d") "},", 2, 11,
	       "route \"up\": missing key \"kind\""); /* and "dir" then offers one direction */
	EXPECT(11,
	       "    {\"id\": \"up\", \"title\": " T("Hoger") ", \"description\": " T(
		   "d") ", \"kind\": \"sideways\"},",
	       2, 11, "route \"up\": unknown kind \"sideways\"; use direction or mechanism");
	EXPECT(10,
	       "  \"routes\": [{\"id\": \"out\", \"title\": " T("Breder") ", \"description\": " T(
		   "d") ", \"kind\": \"direction\", \"pitfalls\": [\"pit\", \"nope\"]},",
	       1, 10, "route \"out\": unknown pitfall \"nope\"");
	EXPECT(10,
	       "  \"routes\": [{\"id\": \"out\", \"title\": " T("Breder") ", \"description\": " T(
		   "d") ", \"kind\": \"direction\", \"pitfalls\": [\"pit\", \"pit\"]},",
	       1, 10, "route \"out\": pitfall \"pit\" is listed twice");
	/* only one mechanism left: the mechanism question has too few options */
	EXPECT(
	    13,
	    "    {\"id\": \"lic\", \"title\": " T("Licentie") ", \"description\": " T("d") ", \"kind\": "
											   "\"direction\"}],",
	    1, 19, "question \"mech\": a choice question needs at least 2 options");
}

TEST(test_ext_rule_outcome_and_route_rules)
{
	EXPECT(
	    25,
	    "    {\"id\": \"r2\", \"when\": {\"route\": \"copy\"}, \"outcome\": \"quit\", \"actions\": [" T(
		"x") "]},",
	    1, 25,
	    "rule \"r2\": unknown outcome \"quit\"; use improve, right-size, adjust, substitute, postpone or "
	    "stop");
	EXPECT(25, "    {\"id\": \"r2\", \"when\": {\"route\": \"side\"}, \"actions\": [" T("x") "]},", 1, 25,
	       "rule \"r2\": unknown route \"side\"");
	EXPECT(
	    25,
	    "    {\"id\": \"r2\", \"when\": {\"route\": \"copy\", \"below\": 1}, \"actions\": [" T("x") "]},",
	    1, 25,
	    "rule \"r2\": a route rule fires when most raters choose the route and takes no threshold");
	/* the mechanism question becomes a plain choice: no question offers "copy" */
	EXPECT(19,
	       "    {\"id\": \"mech\", \"kind\": \"single\", \"prompt\": " TQ
	       ", \"options\": [{\"id\": \"x\", "
	       "\"text\": " T("x") "}, {\"id\": \"y\", \"text\": " T("y") "}]},",
	       1, 25, "rule \"r2\": no question offers route \"copy\", so the rule can never fire");
}

TEST(test_ext_number_questions)
{
	EXPECT(20, "    {\"id\": \"cost\", \"kind\": \"number\", \"prompt\": " TQ "},", 1, 20,
	       "question \"cost\": missing key \"unit\"");
	EXPECT(20, "    {\"id\": \"cost\", \"kind\": \"number\", \"prompt\": " TQ ", \"unit\": \"dollar\"},",
	       1, 20, "question \"cost\": unknown unit \"dollar\"; use euro, fte, count or percent");
	EXPECT(20,
	       "    {\"id\": \"cost\", \"kind\": \"number\", \"prompt\": " TQ
	       ", \"unit\": \"euro\", \"min\": 10, \"max\": 5},",
	       1, 20, "question \"cost\": \"min\" 10 is above \"max\" 5");
	EXPECT(20,
	       "    {\"id\": \"cost\", \"kind\": \"number\", \"prompt\": " TQ
	       ", \"unit\": \"euro\", \"scale\": \"p\"},",
	       1, 20, "question \"cost\": \"scale\" is not allowed on a number question");
	EXPECT(20,
	       "    {\"id\": \"cost\", \"kind\": \"number\", \"prompt\": " TQ
	       ", \"unit\": \"euro\", \"measure\": \"ambition\"},",
	       1, 20, "question \"cost\": measure \"ambition\" belongs to a text question");
	EXPECT(21,
	       "    {\"id\": \"unit\", \"kind\": \"text\", \"prompt\": " TQ ", \"measure\": \"units-pilot\"}",
	       1, 21, "question \"unit\": measure \"units-pilot\" belongs to a number question");
	EXPECT(20,
	       "    {\"id\": \"cost\", \"kind\": \"number\", \"prompt\": " TQ
	       ", \"unit\": \"euro\", \"measure\": \"cost\"},",
	       1, 20,
	       "question \"cost\": unknown measure \"cost\"; use scale-target, unit-cost-pilot, "
	       "unit-cost-scale, "
	       "unit-cost-current, units-pilot, units-target, scalable-unit or ambition");
	/* a measure names one figure: a second question with it is refused */
	EXPECT(20,
	       "    {\"id\": \"cost\", \"kind\": \"number\", \"prompt\": " TQ
	       ", \"unit\": \"euro\", \"measure\": \"unit-cost-pilot\"}, {\"id\": \"cost2\", \"kind\": "
	       "\"number\", "
	       "\"prompt\": " TQ ", \"unit\": \"euro\", \"measure\": \"unit-cost-pilot\"},",
	       1, 20,
	       "question \"cost2\": measure \"unit-cost-pilot\" is already carried by question \"cost\"");
}

TEST(test_ext_decision_criteria)
{
	EXPECT(4, "  \"decision_criteria\": [],", 1, 4,
	       "method: \"decision_criteria\" needs at least one criterion when present");
	EXPECT(4, "  \"decision_criteria\": [\"Effect\"],", 1, 4,
	       "method: decision_criteria[0] must be an object with \"nl\" and \"en\" texts");
	struct method_problems pr = problems_of(4, ""); /* optional: valid without it */
	CHECK_INT(pr.n, 0);
	method_problems_free(&pr);
}

/* The sentence states the threshold exactly as score.c fires it. */
TEST(test_ext_rule_condition_sentences)
{
	struct method *m = load_base();
	if (!m)
		return;
	struct buf b = BUF_INIT;
	method_rule_condition(&m->rules[0], "nl", &b);
	CHECK_STR(buf_str(&b), "de helft of meer van de antwoorden op \xE2\x80\x9cGeld\xE2\x80\x9d is "
			       "\xE2\x80\x9cweet niet\xE2\x80\x9d");
	buf_reset(&b);
	method_rule_condition(&m->rules[0], "en", &b);
	CHECK_STR(buf_str(&b), "half or more of the answers on \xE2\x80\x9cGeld\xE2\x80\x9d are "
			       "\xE2\x80\x9c"
			       "don't know\xE2\x80\x9d");
	buf_reset(&b);
	method_rule_condition(&m->rules[2], "nl", &b);
	CHECK_STR(buf_str(&b), "mediaan van \xE2\x80\x9cMensen\xE2\x80\x9d lager dan 1");
	struct method_rule r = m->rules[2];
	r.threshold = 2.5;
	buf_reset(&b);
	method_rule_condition(&r, "nl", &b);
	CHECK_STR(buf_str(&b), "mediaan van \xE2\x80\x9cMensen\xE2\x80\x9d lager dan 2,5");
	buf_reset(&b);
	method_rule_condition(&r, "en", &b);
	CHECK_STR(buf_str(&b), "median of \xE2\x80\x9cMensen\xE2\x80\x9d below 2.5");
	r = m->rules[0];
	r.threshold = 0.4;
	buf_reset(&b);
	method_rule_condition(&r, "nl", &b);
	CHECK(strncmp(buf_str(&b), "40% of meer", 11) == 0);
	r.threshold = 1;
	buf_reset(&b);
	method_rule_condition(&r, "nl", &b);
	CHECK_STR(buf_str(&b),
		  "alle antwoorden op \xE2\x80\x9cGeld\xE2\x80\x9d zijn \xE2\x80\x9cweet niet\xE2\x80\x9d");
	buf_reset(&b);
	method_rule_condition(&m->rules[1], "nl", &b);
	CHECK(strstr(buf_str(&b), "route \xE2\x80\x9cKopie\xE2\x80\x9d is het vaakst gekozen") != NULL);
	buf_free(&b);
	method_free(m);
}

TEST(test_ext_ambition_placeholder)
{
	struct buf b = BUF_INIT;
	method_fill_ambition("Genoeg mensen voor {ambitie}? En {ambition}.", "20 wijken in 2028", &b);
	CHECK_STR(buf_str(&b), "Genoeg mensen voor 20 wijken in 2028? En 20 wijken in 2028.");
	buf_reset(&b);
	method_fill_ambition("{ambitie", "x", &b);
	CHECK_STR(buf_str(&b), "{ambitie");
	buf_free(&b);
}

int main(void)
{
	RUN(test_ext_base_loads_every_extension);
	RUN(test_ext_based_on_is_required);
	RUN(test_ext_scale_kind_is_required_and_known);
	RUN(test_ext_form_must_fit_the_scale_kind);
	RUN(test_ext_prompt_shape_follows_the_form);
	RUN(test_ext_not_applicable_only_on_scale_and_single);
	RUN(test_ext_routes_need_a_kind_and_known_pitfalls);
	RUN(test_ext_rule_outcome_and_route_rules);
	RUN(test_ext_number_questions);
	RUN(test_ext_decision_criteria);
	RUN(test_ext_rule_condition_sentences);
	RUN(test_ext_ambition_placeholder);
	return TEST_DONE();
}
