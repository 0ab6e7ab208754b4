/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_method: the JSON reader with positions (jsonpos) and the method
 * validator. Each validator test changes one line of a small valid method
 * and asserts the exact FILE line and message of the problem it causes;
 * the shipped methods in methods/ must load without any problem.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/method.h"
#include "lib/buf.h"
#include "lib/jsonpos.h"
#include "lib/util.h"
#include "test.h"

/* ---- jsonpos ---- */

static json_t *parse(const char *s, struct jsonpos **pos, struct jsonpos_error *err)
{
	return jsonpos_parse(s, strlen(s), pos, err);
}

TEST(test_jsonpos_records_lines_of_values_members_and_elements)
{
	const char *s = "{\n  \"a\": 1,\n  \"b\": [\n    true,\n    \"x\"\n  ],\n  \"c\": null\n}";
	struct jsonpos *pos;
	struct jsonpos_error err;
	json_t *root = parse(s, &pos, &err);
	CHECK(root != NULL);
	if (!root)
		return;
	CHECK_INT(jsonpos_line(pos, root), 1);
	CHECK_INT(jsonpos_member_line(pos, root, "a"), 2);
	CHECK_INT(jsonpos_line(pos, json_object_get(root, "a")), 2);
	json_t *b = json_object_get(root, "b");
	CHECK_INT(jsonpos_line(pos, b), 3);
	CHECK_INT(jsonpos_element_line(pos, b, 0), 4); /* true: a singleton */
	CHECK_INT(jsonpos_line(pos, json_array_get(b, 0)), 0);
	CHECK_INT(jsonpos_element_line(pos, b, 1), 5);
	CHECK_INT(jsonpos_line(pos, json_array_get(b, 1)), 5);
	CHECK_INT(jsonpos_member_line(pos, root, "c"), 7);
	CHECK_INT(jsonpos_member_line(pos, root, "zz"), 0);
	CHECK_INT(jsonpos_element_line(pos, b, 2), 0);
	json_decref(root);
	jsonpos_free(pos);
}

TEST(test_jsonpos_decodes_escapes_and_surrogate_pairs)
{
	struct jsonpos *pos;
	struct jsonpos_error err;
	json_t *root =
	    parse("\xEF\xBB\xBF[\"a\\u00e9\\ud83d\\ude00\\n\\\"\", \"ingredi\xC3\xABnt\"]", &pos, &err);
	CHECK(root != NULL);
	if (!root)
		return;
	CHECK_STR(json_string_value(json_array_get(root, 0)), "a\xC3\xA9\xF0\x9F\x98\x80\n\"");
	CHECK_STR(json_string_value(json_array_get(root, 1)), "ingredi\xC3\xABnt");
	json_decref(root);
	jsonpos_free(pos);
}

TEST(test_jsonpos_numbers_follow_the_rfc_grammar)
{
	struct jsonpos *pos;
	struct jsonpos_error err;
	json_t *root = parse("[0, -12, 2.5, 1e2, 9223372036854775807]", &pos, &err);
	CHECK(root != NULL);
	if (root) {
		CHECK_INT(json_integer_value(json_array_get(root, 1)), -12);
		CHECK_NEAR(json_real_value(json_array_get(root, 2)), 2.5, 1e-12);
		CHECK(json_is_real(json_array_get(root, 3)));
		json_decref(root);
		jsonpos_free(pos);
	}
	const char *bad[] = {"[01]",	"[1.]", "[.5]", "[-]", "[1e]", "[+1]", "[9223372036854775808]",
			     "[1e999]", NULL};
	for (int i = 0; bad[i]; i++) {
		root = parse(bad[i], &pos, &err);
		CHECK(root == NULL);
		CHECK(pos == NULL);
		json_decref(root);
	}
}

TEST(test_jsonpos_rejects_duplicate_keys_with_line)
{
	struct jsonpos *pos;
	struct jsonpos_error err;
	json_t *root = parse("{\n\"a\": 1,\n\n  \"a\": 2}", &pos, &err);
	CHECK(root == NULL);
	CHECK_INT(err.line, 4);
	CHECK_INT(err.column, 3);
	CHECK_STR(err.message, "duplicate key \"a\"");
}

TEST(test_jsonpos_rejects_invalid_utf8)
{
	const char *bad[] = {
	    "\"\xff\"",		    /* not a lead byte */
	    "\"\xC0\xAF\"",	    /* overlong '/' */
	    "\"\xE0\x80\xAF\"",	    /* overlong, 3 bytes */
	    "\"\xED\xA0\x80\"",	    /* UTF-16 surrogate encoded in UTF-8 */
	    "\"\xF4\x90\x80\x80\"", /* above U+10FFFF */
	    "\"\xC3\"",		    /* truncated */
	    NULL,
	};
	for (int i = 0; bad[i]; i++) {
		struct jsonpos *pos;
		struct jsonpos_error err;
		json_t *root = parse(bad[i], &pos, &err);
		CHECK(root == NULL);
		CHECK_STR(err.message, "invalid UTF-8 in string");
		CHECK_INT(err.line, 1);
		CHECK_INT(err.column, 2);
	}
}

TEST(test_jsonpos_rejects_lone_surrogates_nul_and_controls)
{
	struct {
		const char *in, *msg;
	} cases[] = {
	    {"\"\\ud800\"", "high surrogate without a low surrogate"},
	    {"\"\\udc00\"", "lone low surrogate in \\u escape"},
	    {"\"\\u0000\"", "\\u0000 is not allowed in strings"},
	    {"\"a\tb\"", "control character 0x09 in string; use an escape"},
	    {"\"\\x\"", "invalid escape in string"},
	    {"\"abc", "unterminated string"},
	    {"[1,]", "expected a value, found ']'"},
	    {"{\"a\" 1}", "expected ':' after the key, found '1'"},
	    {"[1] x", "expected end of input after the value, found 'x'"},
	    {"", "expected a value, found end of input"},
	    {"tru", "invalid literal; expected a value"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct jsonpos *pos;
		struct jsonpos_error err;
		json_t *root = parse(cases[i].in, &pos, &err);
		CHECK(root == NULL);
		CHECK_STR(err.message, cases[i].msg);
	}
}

TEST(test_jsonpos_limits_depth_to_64)
{
	struct buf ok = BUF_INIT, deep = BUF_INIT;
	for (int i = 0; i < 64; i++)
		buf_putc(&ok, '[');
	for (int i = 0; i < 64; i++)
		buf_putc(&ok, ']');
	for (int i = 0; i < 65; i++)
		buf_putc(&deep, '[');
	for (int i = 0; i < 65; i++)
		buf_putc(&deep, ']');
	struct jsonpos *pos;
	struct jsonpos_error err;
	json_t *root = jsonpos_parse(ok.data, ok.len, &pos, &err);
	CHECK(root != NULL);
	json_decref(root);
	jsonpos_free(pos);
	root = jsonpos_parse(deep.data, deep.len, &pos, &err);
	CHECK(root == NULL);
	CHECK_STR(err.message, "nesting deeper than 64 levels");
	CHECK_INT(err.column, 65);
	buf_free(&ok);
	buf_free(&deep);
}

/* ---- the validator ---- */

/* A small method using every feature; line numbers matter to the tests. */
static const char *const base[] = {
    /*  1 */ "{",
    /*  2 */ "  \"format\": \"scalelab-method/1\",",
    /*  3 */ "  \"id\": \"mini\",",
    /*  4 */ "  \"version\": 1,",
    /*  5 */ "  \"title\": {\"nl\": \"Mini\", \"en\": \"Mini\"},",
    /*  6 */
    "  \"description\": {\"nl\": \"Klein\", \"en\": \"Small\"}, \"based_on\": {\"name\": {\"nl\": \"B\", "
    "\"en\": \"B\"}, \"note\": {\"nl\": \"n\", \"en\": \"n\"}},",
    /*  7 */ "  \"scales\": [",
    /*  8 */ "    {\"id\": \"s\", \"kind\": \"progress\", \"min\": 0, \"max\": 2, \"anchors\": [",
    /*  9 */ "      {\"level\": 0, \"text\": {\"nl\": \"nul\", \"en\": \"zero\"}},",
    /* 10 */ "      {\"level\": 1, \"text\": {\"nl\": \"een\", \"en\": \"one\"}},",
    /* 11 */ "      {\"level\": 2, \"text\": {\"nl\": \"twee\", \"en\": \"two\"}}]},",
    /* 12 */
    "    {\"id\": \"t\", \"kind\": \"progress\", \"min\": 1, \"max\": 2, \"anchors\": [{\"level\": 1, "
    "\"text\": {\"nl\": \"a\", "
    "\"en\": \"a\"}}, {\"level\": 2, \"text\": {\"nl\": \"b\", \"en\": \"b\"}}]}",
    /* 13 */ "  ],",
    /* 14 */ "  \"option_sets\": [{\"id\": \"ps\", \"options\": [",
    /* 15 */
    "    {\"id\": \"no\", \"text\": {\"nl\": \"nee\", \"en\": \"no\"}, \"pitfall_state\": \"absent\"},",
    /* 16 */
    "    {\"id\": \"yes\", \"text\": {\"nl\": \"ja\", \"en\": \"yes\"}, \"pitfall_state\": \"present\"}]}],",
    /* 17 */ "  \"ingredients\": [",
    /* 18 */
    "    {\"id\": \"ing\", \"title\": {\"nl\": \"I\", \"en\": \"I\"}, \"description\": {\"nl\": \"d\", "
    "\"en\": \"d\"}}],",
    /* 19 */ "  \"components\": [",
    /* 20 */
    "    {\"id\": \"comp\", \"title\": {\"nl\": \"C\", \"en\": \"C\"}, \"description\": {\"nl\": \"d\", "
    "\"en\": \"d\"}}],",
    /* 21 */
    "  \"routes\": [{\"id\": \"out\", \"title\": {\"nl\": \"R\", \"en\": \"R\"}, \"description\": {\"nl\": "
    "\"d\", \"en\": \"d\"}, \"kind\": \"direction\"}, {\"id\": \"deep\", \"title\": {\"nl\": \"D\", \"en\": "
    "\"D\"}, \"description\": {\"nl\": \"d\", \"en\": \"d\"}, \"kind\": \"direction\"}],",
    /* 22 */ "  \"pitfalls\": [",
    /* 23 */
    "    {\"id\": \"pit\", \"title\": {\"nl\": \"P\", \"en\": \"P\"}, \"description\": {\"nl\": \"d\", "
    "\"en\": \"d\"}, \"prevention\": {\"nl\": \"v\", \"en\": \"p\"}}],",
    /* 24 */ "  \"sections\": [{\"id\": \"sec\", \"title\": {\"nl\": \"S\", \"en\": \"S\"}, \"questions\": [",
    /* 25 */
    "    {\"id\": \"q-ing\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, \"form\": "
    "\"how-far\", \"scale\": "
    "\"s\", \"ingredient\": \"ing\"},",
    /* 26 */
    "    {\"id\": \"q-r\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, \"form\": "
    "\"how-far\", \"scale\": "
    "\"s\", \"component\": \"comp\", \"dimension\": \"readiness\"},",
    /* 27 */
    "    {\"id\": \"q-u\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, \"form\": "
    "\"how-far\", \"scale\": "
    "\"s\", \"component\": \"comp\", \"dimension\": \"use\"},",
    /* 28 */
    "    {\"id\": \"q-pit\", \"kind\": \"single\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, \"pitfall\": "
    "\"pit\", \"options_from\": \"ps\"},",
    /* 29 */
    "    {\"id\": \"q-routes\", \"kind\": \"multi\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
    "\"options_from\": \"routes\"},",
    /* 30 */ "    {\"id\": \"q-text\", \"kind\": \"text\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}}",
    /* 31 */ "  ]}],",
    /* 32 */ "  \"rules\": [",
    /* 33 */
    "    {\"id\": \"r-ing\", \"when\": {\"ingredient\": \"ing\", \"below\": 1}, \"actions\": [{\"nl\": "
    "\"doe\", \"en\": \"do\"}], \"parties\": [{\"type\": \"overheid\", \"label\": {\"nl\": \"inkoopexpert\", "
    "\"en\": \"procurement expert\"}}]},",
    /* 34 */
    "    {\"id\": \"r-pit\", \"when\": {\"pitfall\": \"pit\"}, \"actions\": [{\"nl\": \"doe\", \"en\": "
    "\"do\"}]}",
    /* 35 */ "  ]",
    /* 36 */ "}",
    NULL,
};

#include "method_fixture.h"

TEST(test_method_base_is_valid_and_lookups_work)
{
	char *s = variant(0, NULL);
	struct method_problems pr = {0};
	struct method *m = NULL;
	CHECK_INT(method_load(s, strlen(s), &m, &pr), 0);
	CHECK_INT(pr.n, 0);
	free(s);
	if (!m)
		return;
	CHECK_STR(m->id, "mini");
	CHECK_INT(m->n_questions, 6);
	const struct method_question *q = method_question_find(m, "q-ing");
	CHECK(q && q->kind == METHOD_SCALE && q->ingredient == &m->ingredients[0]);
	CHECK(method_level_valid(q, 0));
	CHECK(method_level_valid(q, 2));
	CHECK(!method_level_valid(q, 3));
	CHECK(!method_level_valid(q, -1));
	CHECK_STR(method_text_get(method_anchor(q, 1), "en"), "one");
	CHECK_STR(method_text_get(method_anchor(q, 1), "nl"), "een");
	CHECK(method_anchor(q, 5) == NULL);
	CHECK(!method_level_valid(method_question_find(m, "q-text"), 0));
	const struct method_question *qr = method_question_find(m, "q-routes");
	CHECK(qr && qr->options_are_routes && qr->n_options == 2);
	CHECK(method_option_find(qr, "deep") != NULL);
	CHECK_STR(method_option_find(qr, "deep")->text.nl, "D");
	const struct method_question *qp = method_question_find(m, "q-pit");
	CHECK(qp && qp->pitfall == &m->pitfalls[0] && m->pitfalls[0].question == qp);
	CHECK_INT(method_option_find(qp, "yes")->pitfall_state, METHOD_PITFALL_PRESENT);
	CHECK(m->components[0].readiness_scale == &m->scales[0]);
	CHECK(m->ingredients[0].scale == &m->scales[0]);
	CHECK_INT(m->ingredients[0].n_questions, 1);
	CHECK_INT(m->rules[0].kind, METHOD_RULE_INGREDIENT_BELOW);
	CHECK_INT(m->rules[0].parties[0].type, METHOD_PARTY_OVERHEID);
	CHECK_STR(m->rules[0].parties[0].label.nl, "inkoopexpert");
	CHECK_INT(m->rules[1].kind, METHOD_RULE_PITFALL_PRESENT);
	CHECK(method_question_find(m, "nope") == NULL);
	CHECK(method_ingredient_find(m, "ing") == &m->ingredients[0]);
	method_free(m);
}

TEST(test_method_reports_invalid_json_with_line)
{
	EXPECT(4, "  \"version\": 1,,", 1, 4, "invalid JSON at column 16: expected a string key, found ','");
}

TEST(test_method_reports_duplicate_json_key)
{
	EXPECT(4, "  \"version\": 1, \"id\": \"x\",", 1, 4,
	       "invalid JSON at column 17: duplicate key \"id\"");
}

TEST(test_method_reports_unknown_key)
{
	EXPECT(4, "  \"version\": 1, \"colour\": \"red\",", 1, 4, "method: unknown key \"colour\"");
	EXPECT(25,
	       "    {\"id\": \"q-ing\", \"kind\": \"scale\", \"promt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, \"form\": \"how-far\", \"scale\": \"s\", "
	       "\"ingredient\": \"ing\"},",
	       1, 25, "question \"q-ing\": unknown key \"promt\"");
}

TEST(test_method_reports_missing_key)
{
	EXPECT(5, "", 1, 1, "method: missing key \"title\"");
	EXPECT(23,
	       "    {\"id\": \"pit\", \"title\": {\"nl\": \"P\", \"en\": \"P\"}, \"description\": {\"nl\": "
	       "\"d\", \"en\": \"d\"}}],",
	       1, 23, "pitfall \"pit\": missing key \"prevention\"");
}

TEST(test_method_reports_wrong_type)
{
	EXPECT(4, "  \"version\": \"1\",", 1, 4, "method: \"version\" must be an integer");
	EXPECT(8, "    {\"id\": \"s\", \"kind\": \"progress\", \"min\": 0.5, \"max\": 2, \"anchors\": [", 1,
	       8, "scale \"s\": \"min\" must be an integer");
}

TEST(test_method_reports_wrong_format)
{
	EXPECT(2, "  \"format\": \"scalelab-method/2\",", 1, 2,
	       "method: \"format\" must be \"scalelab-method/1\", not \"scalelab-method/2\"");
}

TEST(test_method_reports_bad_id_and_version)
{
	EXPECT(3, "  \"id\": \"Mini Method\",", 1, 3,
	       "method: \"id\" value \"Mini Method\" must be lower-case letters, digits and single "
	       "hyphens, at most 64 characters");
	EXPECT(4, "  \"version\": 0,", 1, 4, "method: \"version\" must be a whole number from 1 up, not 0");
}

TEST(test_method_reports_duplicate_ids)
{
	EXPECT(18,
	       "    {\"id\": \"ing\", \"title\": {\"nl\": \"I\", \"en\": \"I\"}, \"description\": {\"nl\": "
	       "\"d\", \"en\": \"d\"}}, {\"id\": \"ing\", \"title\": {\"nl\": \"I\", \"en\": \"I\"}, "
	       "\"description\": {\"nl\": \"d\", \"en\": \"d\"}}],",
	       2, 18, "ingredient \"ing\": duplicate id (first used on line 18)");
	EXPECT(27,
	       "    {\"id\": \"q-r\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"form\": \"how-far\", \"scale\": \"s\", \"component\": \"comp\", \"dimension\": \"use\"},",
	       1, 27, "question \"q-r\": duplicate id (first used on line 26)");
}

TEST(test_method_reports_question_feeding_unknown_ingredient)
{
	/* Two problems: the unknown reference, and "ing" now fed by nobody (line 18). */
	EXPECT(25,
	       "    {\"id\": \"q-ing\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"form\": \"how-far\", \"scale\": \"s\", \"ingredient\": \"ign\"},",
	       2, 18, "ingredient \"ing\": no question feeds it");
	struct method_problems pr = problems_of(
	    25, "    {\"id\": \"q-ing\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", "
		"\"en\": \"?\"}, \"form\": \"how-far\", \"scale\": \"s\", \"ingredient\": \"ign\"},");
	CHECK_INT(pr.n, 2);
	if (pr.n == 2) {
		CHECK_INT(pr.v[1].line, 25);
		CHECK_STR(pr.v[1].message, "question \"q-ing\": feeds unknown ingredient \"ign\"");
	}
	method_problems_free(&pr);
}

TEST(test_method_reports_unknown_scale_and_component)
{
	EXPECT(25,
	       "    {\"id\": \"q-ing\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"form\": \"how-far\", \"scale\": \"x\", \"ingredient\": \"ing\"},",
	       1, 25, "question \"q-ing\": unknown scale \"x\"");
	EXPECT(27,
	       "    {\"id\": \"q-u\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"form\": \"how-far\", \"scale\": \"s\", \"component\": \"kom\", \"dimension\": \"use\"},",
	       2, 20, "component \"comp\": no question scores its use");
}

TEST(test_method_reports_scale_without_anchor_per_level)
{
	EXPECT(10, "", 1, 8, "scale \"s\": no anchor for level 1");
}

TEST(test_method_reports_anchor_level_out_of_range)
{
	EXPECT(10, "      {\"level\": 3, \"text\": {\"nl\": \"een\", \"en\": \"one\"}},", 2, 8,
	       "scale \"s\": no anchor for level 1");
	struct method_problems pr =
	    problems_of(10, "      {\"level\": 3, \"text\": {\"nl\": \"een\", \"en\": \"one\"}},");
	CHECK(pr.n == 2 && pr.v[1].line == 10);
	if (pr.n == 2)
		CHECK_STR(pr.v[1].message, "scale \"s\": anchor level 3 is outside the scale 0..2");
	method_problems_free(&pr);
}

TEST(test_method_reports_second_anchor_for_a_level)
{
	EXPECT(10, "      {\"level\": 0, \"text\": {\"nl\": \"een\", \"en\": \"one\"}},", 2, 8,
	       "scale \"s\": no anchor for level 1");
	struct method_problems pr =
	    problems_of(10, "      {\"level\": 0, \"text\": {\"nl\": \"een\", \"en\": \"one\"}},");
	CHECK(pr.n == 2 && pr.v[1].line == 10);
	if (pr.n == 2)
		CHECK_STR(pr.v[1].message, "scale \"s\": level 0 has a second anchor (first on line 9)");
	method_problems_free(&pr);
}

TEST(test_method_reports_invalid_scale_range)
{
	EXPECT(12, "    {\"id\": \"t\", \"kind\": \"progress\", \"min\": 2, \"max\": 2, \"anchors\": []}", 1,
	       12, "scale \"t\": range 2..2 is invalid; need 0 <= min < max <= 10");
	EXPECT(12, "    {\"id\": \"t\", \"kind\": \"progress\", \"min\": 0, \"max\": 11, \"anchors\": []}", 1,
	       12, "scale \"t\": range 0..11 is invalid; need 0 <= min < max <= 10");
}

TEST(test_method_reports_missing_language)
{
	EXPECT(5, "  \"title\": {\"nl\": \"Mini\"},", 1, 5,
	       "method: \"title\" lacks the English text (\"en\")");
	EXPECT(30, "    {\"id\": \"q-text\", \"kind\": \"text\", \"prompt\": {\"en\": \"?\"}}", 1, 30,
	       "question \"q-text\": \"prompt\" lacks the Dutch text (\"nl\")");
}

TEST(test_method_reports_empty_text_and_unknown_language)
{
	EXPECT(6,
	       "  \"description\": {\"nl\": \" \", \"en\": \"Small\"}, \"based_on\": {\"name\": {\"nl\": "
	       "\"B\", \"en\": \"B\"}, \"note\": {\"nl\": \"n\", \"en\": \"n\"}},",
	       1, 6, "method: \"description\".nl is empty");
	EXPECT(6,
	       "  \"description\": {\"nl\": \"Klein\", \"en\": \"Small\", \"de\": \"Klein\"}, \"based_on\": "
	       "{\"name\": {\"nl\": \"B\", \"en\": \"B\"}, \"note\": {\"nl\": \"n\", \"en\": \"n\"}},",
	       1, 6, "method: \"description\" has unknown language \"de\"; use nl and en");
	EXPECT(6,
	       "  \"description\": \"Klein\", \"based_on\": {\"name\": {\"nl\": \"B\", \"en\": \"B\"}, "
	       "\"note\": {\"nl\": \"n\", \"en\": \"n\"}},",
	       1, 6, "method: \"description\" must be an object with \"nl\" and \"en\" texts");
}

TEST(test_method_reports_unknown_kind)
{
	EXPECT(30,
	       "    {\"id\": \"q-text\", \"kind\": \"essay\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}}", 1,
	       30, "question \"q-text\": unknown kind \"essay\"; use text, single, multi, scale or number");
}

TEST(test_method_reports_key_not_allowed_for_kind)
{
	EXPECT(30,
	       "    {\"id\": \"q-text\", \"kind\": \"text\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"scale\": \"s\"}",
	       1, 30, "question \"q-text\": \"scale\" is not allowed on a text question");
}

TEST(test_method_reports_scale_question_without_target)
{
	EXPECT(25,
	       "    {\"id\": \"q-ing\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"form\": \"how-far\", \"scale\": \"s\"},",
	       2, 18, "ingredient \"ing\": no question feeds it");
	EXPECT(25,
	       "    {\"id\": \"q-ing\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"form\": \"how-far\", \"scale\": \"s\", \"ingredient\": \"ing\", \"component\": \"comp\"},",
	       2, 25, "question \"q-ing\": a scale question feeds an ingredient or a component, not both");
}

TEST(test_method_reports_bad_dimension)
{
	EXPECT(27,
	       "    {\"id\": \"q-u\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"form\": \"how-far\", \"scale\": \"s\", \"component\": \"comp\", \"dimension\": \"usage\"},",
	       2, 20, "component \"comp\": no question scores its use");
	EXPECT(27,
	       "    {\"id\": \"q-u\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"form\": \"how-far\", \"scale\": \"s\", \"component\": \"comp\"},",
	       2, 20, "component \"comp\": no question scores its use");
}

TEST(test_method_reports_mixed_scales_on_one_ingredient)
{
	/* q-text becomes a second question on "ing", on scale t instead of s. */
	EXPECT(30,
	       "    {\"id\": \"q-text\", \"kind\": \"scale\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"form\": \"how-far\", \"scale\": \"t\", \"ingredient\": \"ing\"}",
	       1, 30,
	       "question \"q-text\": ingredient \"ing\" is scored on scale \"s\" by other questions; all its "
	       "questions must use one scale");
}

TEST(test_method_reports_choice_option_problems)
{
	EXPECT(29,
	       "    {\"id\": \"q-routes\", \"kind\": \"multi\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"options_from\": \"routes\", \"options\": []},",
	       1, 29, "question \"q-routes\": give either \"options\" or \"options_from\", not both");
	EXPECT(29,
	       "    {\"id\": \"q-routes\", \"kind\": \"multi\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}},",
	       1, 29, "question \"q-routes\": a multi question needs \"options\" or \"options_from\"");
	EXPECT(29,
	       "    {\"id\": \"q-routes\", \"kind\": \"multi\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"options\": [{\"id\": \"a\", \"text\": {\"nl\": \"a\", \"en\": \"a\"}}]},",
	       1, 29, "question \"q-routes\": a choice question needs at least 2 options");
	EXPECT(29,
	       "    {\"id\": \"q-routes\", \"kind\": \"multi\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"options_from\": \"colours\"},",
	       1, 29, "question \"q-routes\": unknown option set \"colours\" in \"options_from\"");
	EXPECT(29,
	       "    {\"id\": \"q-routes\", \"kind\": \"multi\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"options\": [{\"id\": \"a\", \"text\": {\"nl\": \"a\", \"en\": \"a\"}}, {\"id\": \"a\", "
	       "\"text\": {\"nl\": \"b\", \"en\": \"b\"}}]},",
	       1, 29, "option \"a\": duplicate id (first used on line 29)");
}

TEST(test_method_reports_pitfall_question_problems)
{
	EXPECT(28,
	       "    {\"id\": \"q-pit\", \"kind\": \"single\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"pitfall\": \"pit\", \"options_from\": \"routes\"},",
	       3, 28, "question \"q-pit\": option \"out\" lacks \"pitfall_state\"");
	EXPECT(28,
	       "    {\"id\": \"q-pit\", \"kind\": \"single\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"pitfall\": \"pit\", \"options\": [{\"id\": \"a\", \"text\": {\"nl\": \"a\", \"en\": "
	       "\"a\"}, \"pitfall_state\": \"absent\"}, {\"id\": \"b\", \"text\": {\"nl\": \"b\", \"en\": "
	       "\"b\"}, \"pitfall_state\": \"mitigated\"}]},",
	       1, 28, "question \"q-pit\": no option marks the pitfall as present");
	EXPECT(29,
	       "    {\"id\": \"q-routes\", \"kind\": \"single\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"options_from\": \"ps\"},",
	       2, 29,
	       "question \"q-routes\": option \"no\" has a \"pitfall_state\" but the question asks about no "
	       "pitfall");
	EXPECT(29,
	       "    {\"id\": \"q-routes\", \"kind\": \"single\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"pitfall\": \"pit\", \"options_from\": \"ps\"},",
	       1, 29, "question \"q-routes\": pitfall \"pit\" is already asked by question \"q-pit\"");
	EXPECT(28,
	       "    {\"id\": \"q-pit\", \"kind\": \"single\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"pitfall\": \"pot\", \"options_from\": \"ps\"},",
	       2, 28, "question \"q-pit\": unknown pitfall \"pot\"");
	EXPECT(
	    15,
	    "    {\"id\": \"no\", \"text\": {\"nl\": \"nee\", \"en\": \"no\"}, \"pitfall_state\": \"gone\"},",
	    2, 15,
	    "option set \"ps\", option \"no\": unknown pitfall_state \"gone\"; use absent, present or "
	    "mitigated");
}

TEST(test_method_reports_rule_on_unknown_ingredient)
{
	EXPECT(33,
	       "    {\"id\": \"r-ing\", \"when\": {\"ingredient\": \"ign\", \"below\": 1}, \"actions\": "
	       "[{\"nl\": \"doe\", \"en\": \"do\"}]},",
	       1, 33, "rule \"r-ing\": unknown ingredient \"ign\"");
}

TEST(test_method_reports_rule_on_unknown_pitfall)
{
	EXPECT(34,
	       "    {\"id\": \"r-pit\", \"when\": {\"pitfall\": \"pot\"}, \"actions\": [{\"nl\": \"doe\", "
	       "\"en\": \"do\"}]}",
	       1, 34, "rule \"r-pit\": unknown pitfall \"pot\"");
}

TEST(test_method_reports_rule_threshold_out_of_range)
{
	EXPECT(33,
	       "    {\"id\": \"r-ing\", \"when\": {\"ingredient\": \"ing\", \"below\": 3}, \"actions\": "
	       "[{\"nl\": \"doe\", \"en\": \"do\"}]},",
	       1, 33,
	       "rule \"r-ing\": threshold 3 is out of range for ingredient \"ing\" (scale 0..2; need min < "
	       "below <= max)");
	EXPECT(33,
	       "    {\"id\": \"r-ing\", \"when\": {\"ingredient\": \"ing\", \"unknown_at_least\": 1.5}, "
	       "\"actions\": [{\"nl\": \"doe\", \"en\": \"do\"}]},",
	       1, 33, "rule \"r-ing\": \"unknown_at_least\" is a share and must lie in (0, 1], not 1.5");
	EXPECT(33,
	       "    {\"id\": \"r-ing\", \"when\": {\"component\": \"comp\", \"below\": 0}, \"actions\": "
	       "[{\"nl\": \"doe\", \"en\": \"do\"}]},",
	       1, 33,
	       "rule \"r-ing\": threshold 0 is out of range for component \"comp\" (scale 0..2; need min < "
	       "below <= max)");
}

TEST(test_method_reports_rule_condition_problems)
{
	EXPECT(33,
	       "    {\"id\": \"r-ing\", \"when\": {\"ingredient\": \"ing\", \"pitfall\": \"pit\"}, "
	       "\"actions\": [{\"nl\": \"doe\", \"en\": \"do\"}]},",
	       1, 33,
	       "rule \"r-ing\": \"when\" must name exactly one ingredient, component, pitfall or route");
	EXPECT(33,
	       "    {\"id\": \"r-ing\", \"when\": {\"ingredient\": \"ing\"}, \"actions\": [{\"nl\": \"doe\", "
	       "\"en\": \"do\"}]},",
	       1, 33,
	       "rule \"r-ing\": an ingredient rule needs exactly one of \"below\" and \"unknown_at_least\"");
	EXPECT(34,
	       "    {\"id\": \"r-pit\", \"when\": {\"pitfall\": \"pit\", \"below\": 1}, \"actions\": "
	       "[{\"nl\": \"doe\", \"en\": \"do\"}]}",
	       1, 34,
	       "rule \"r-pit\": a pitfall rule fires when the pitfall is present and takes no threshold");
}

TEST(test_method_reports_rule_on_pitfall_nobody_asks)
{
	EXPECT(28,
	       "    {\"id\": \"q-pit\", \"kind\": \"single\", \"prompt\": {\"nl\": \"?\", \"en\": \"?\"}, "
	       "\"options\": [{\"id\": \"a\", \"text\": {\"nl\": \"a\", \"en\": \"a\"}}, {\"id\": \"b\", "
	       "\"text\": {\"nl\": \"b\", \"en\": \"b\"}}]},",
	       1, 34, "rule \"r-pit\": no question asks about pitfall \"pit\", so the rule can never fire");
}

TEST(test_method_reports_rule_actions_and_parties)
{
	EXPECT(34, "    {\"id\": \"r-pit\", \"when\": {\"pitfall\": \"pit\"}, \"actions\": []}", 1, 34,
	       "rule \"r-pit\": \"actions\" needs at least one action");
	EXPECT(34,
	       "    {\"id\": \"r-pit\", \"when\": {\"pitfall\": \"pit\"}, \"actions\": [{\"nl\": \"doe\", "
	       "\"en\": \"do\"}], \"parties\": [{\"type\": \"bank\"}]}",
	       1, 34,
	       "rule \"r-pit\": unknown party type \"bank\"; use overheid, markt, wetenschap or samenleving");
	EXPECT(34,
	       "    {\"id\": \"r-pit\", \"when\": {\"pitfall\": \"pit\"}, \"actions\": [{\"nl\": \"doe\"}]}",
	       1, 34, "rule \"r-pit\": actions[0] lacks the English text (\"en\")");
}

TEST(test_method_reports_section_problems)
{
	struct method_problems none = problems_of(24, "  \"sections\": [], \"x\": [{\"questions\": [");
	CHECK(has_problem(&none, 24, "method: \"sections\" needs at least one section"));
	CHECK(has_problem(&none, 24, "method: unknown key \"x\""));
	method_problems_free(&none);
	/* a section without questions, and everything the lost questions fed */
	char *s = variant(
	    24,
	    "  \"sections\": [{\"id\": \"sec\", \"title\": {\"nl\": \"S\", \"en\": \"S\"}, \"questions\": "
	    "[]}, {\"id\": \"sec2\", \"title\": {\"nl\": \"S\", \"en\": \"S\"}, \"questions\": [");
	struct method_problems pr = {0};
	struct method *m = NULL;
	method_load(s, strlen(s), &m, &pr);
	CHECK(m == NULL);
	bool found = false;
	for (size_t i = 0; i < pr.n; i++)
		found |= pr.v[i].line == 24 && !strcmp(pr.v[i].message, "section \"sec\": has no questions");
	CHECK(found);
	method_problems_free(&pr);
	free(s);
}

TEST(test_method_reports_every_problem_sorted_by_line)
{
	struct buf b = BUF_INIT;
	for (int i = 0; base[i]; i++) {
		const char *line = base[i];
		if (i + 1 == 3)
			line = "  \"id\": \"BAD\",";
		else if (i + 1 == 34)
			line = "    {\"id\": \"r-pit\", \"when\": {\"pitfall\": \"pot\"}, \"actions\": "
			       "[{\"nl\": \"doe\", \"en\": \"do\"}]}";
		else if (i + 1 == 5)
			line = "  \"title\": {\"nl\": \"Mini\", \"en\": \"\"}, \"extra\": 1,";
		buf_puts(&b, line);
		buf_putc(&b, '\n');
	}
	struct method_problems pr = {0};
	struct method *m = NULL;
	CHECK_INT(method_load(b.data, b.len, &m, &pr), -ERR_INVALID);
	CHECK_INT(pr.n, 4);
	if (pr.n == 4) {
		CHECK_INT(pr.v[0].line, 3);
		CHECK_INT(pr.v[1].line, 5);
		CHECK_INT(pr.v[2].line, 5);
		CHECK_INT(pr.v[3].line, 34);
	}
	for (size_t i = 1; i < pr.n; i++)
		CHECK(pr.v[i - 1].line <= pr.v[i].line);
	method_problems_free(&pr);
	buf_free(&b);
}

TEST(test_method_rejects_non_object_root)
{
	struct method_problems pr = {0};
	struct method *m = NULL;
	CHECK_INT(method_load("[1, 2]", 6, &m, &pr), -ERR_INVALID);
	CHECK_INT(pr.n, 1);
	if (pr.n)
		CHECK_STR(pr.v[0].message, "a method must be a JSON object");
	method_problems_free(&pr);
}

/* ---- the shipped methods ---- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_steal(&b);
}

static struct method *load_shipped(const char *name)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "methods/%s.json", name);
	size_t len = 0;
	char *data = slurp(path.data, &len);
	if (!data)
		fprintf(stderr, "cannot read %s (run the tests from the repository root)\n", path.data);
	CHECK(data != NULL);
	struct method *m = NULL;
	struct method_problems pr = {0};
	if (data) {
		CHECK_INT(method_load(data, len, &m, &pr), 0);
		for (size_t i = 0; i < pr.n; i++)
			fprintf(stderr, "%s:%d: %s\n", path.data, pr.v[i].line, pr.v[i].message);
		CHECK_INT(pr.n, 0);
	}
	method_problems_free(&pr);
	free(data);
	buf_free(&path);
	return m;
}

TEST(test_method_shipped_pilot_scaling_canvas_is_valid)
{
	struct method *m = load_shipped("pilot-scaling-canvas");
	if (!m)
		return;
	CHECK_STR(m->id, "pilot-scaling-canvas");
	CHECK(m->n_ingredients >= 10);
	CHECK(m->n_pitfalls >= 10);
	CHECK(m->n_routes >= 8);
	CHECK_INT(m->n_sections, 6);
	CHECK_INT(m->n_questions, 57);
	const char *routes[] = {"scaling-out", "scaling-up", "scaling-deep", "replicate",
				"license",     "adapt",	     "embed",	     "right-size"};
	for (size_t i = 0; i < 8; i++)
		CHECK(method_route_find(m, routes[i]) != NULL);
	for (size_t i = 0; i < m->n_pitfalls; i++)
		CHECK(m->pitfalls[i].question != NULL && m->pitfalls[i].prevention.en != NULL);
	method_free(m);
}

TEST(test_method_shipped_ten_ingredient_scan_is_valid)
{
	struct method *m = load_shipped("ten-ingredient-scan");
	if (!m)
		return;
	CHECK_INT(m->n_ingredients, 10);
	CHECK_INT(m->n_questions, 43); /* the ambition (3) and four statements per ingredient */
	for (size_t i = 0; i < m->n_ingredients; i++) {
		CHECK_INT(m->ingredients[i].n_questions, 4);
		CHECK(m->ingredients[i].scale && m->ingredients[i].scale->min == 0 &&
		      m->ingredients[i].scale->max == 5);
	}
	method_free(m);
}

TEST(test_method_shipped_readiness_use_ladder_is_valid)
{
	struct method *m = load_shipped("readiness-use-ladder");
	if (!m)
		return;
	CHECK(m->n_components >= 5);
	CHECK_INT(m->n_questions, 18);
	for (size_t i = 0; i < m->n_components; i++) {
		const struct method_component *c = &m->components[i];
		CHECK(c->readiness_scale && c->readiness_scale->min == 0 && c->readiness_scale->max == 9);
		CHECK(c->use_scale && c->use_scale->min == 0 && c->use_scale->max == 9);
	}
	method_free(m);
}

TEST(test_method_shipped_mvp_scale_obstacles_is_valid)
{
	struct method *m = load_shipped("mvp-scale-obstacles");
	if (!m)
		return;
	CHECK_INT(m->n_ingredients, 5);
	CHECK_INT(m->n_questions, 27);
	const char *ids[] = {"kpis", "competences", "management-attention", "delivery",
			     "production-at-scale"};
	for (size_t i = 0; i < 5; i++)
		CHECK(method_ingredient_find(m, ids[i]) != NULL);
	method_free(m);
}

int main(void)
{
	RUN(test_jsonpos_records_lines_of_values_members_and_elements);
	RUN(test_jsonpos_decodes_escapes_and_surrogate_pairs);
	RUN(test_jsonpos_numbers_follow_the_rfc_grammar);
	RUN(test_jsonpos_rejects_duplicate_keys_with_line);
	RUN(test_jsonpos_rejects_invalid_utf8);
	RUN(test_jsonpos_rejects_lone_surrogates_nul_and_controls);
	RUN(test_jsonpos_limits_depth_to_64);
	RUN(test_method_base_is_valid_and_lookups_work);
	RUN(test_method_reports_invalid_json_with_line);
	RUN(test_method_reports_duplicate_json_key);
	RUN(test_method_reports_unknown_key);
	RUN(test_method_reports_missing_key);
	RUN(test_method_reports_wrong_type);
	RUN(test_method_reports_wrong_format);
	RUN(test_method_reports_bad_id_and_version);
	RUN(test_method_reports_duplicate_ids);
	RUN(test_method_reports_question_feeding_unknown_ingredient);
	RUN(test_method_reports_unknown_scale_and_component);
	RUN(test_method_reports_scale_without_anchor_per_level);
	RUN(test_method_reports_anchor_level_out_of_range);
	RUN(test_method_reports_second_anchor_for_a_level);
	RUN(test_method_reports_invalid_scale_range);
	RUN(test_method_reports_missing_language);
	RUN(test_method_reports_empty_text_and_unknown_language);
	RUN(test_method_reports_unknown_kind);
	RUN(test_method_reports_key_not_allowed_for_kind);
	RUN(test_method_reports_scale_question_without_target);
	RUN(test_method_reports_bad_dimension);
	RUN(test_method_reports_mixed_scales_on_one_ingredient);
	RUN(test_method_reports_choice_option_problems);
	RUN(test_method_reports_pitfall_question_problems);
	RUN(test_method_reports_rule_on_unknown_ingredient);
	RUN(test_method_reports_rule_on_unknown_pitfall);
	RUN(test_method_reports_rule_threshold_out_of_range);
	RUN(test_method_reports_rule_condition_problems);
	RUN(test_method_reports_rule_on_pitfall_nobody_asks);
	RUN(test_method_reports_rule_actions_and_parties);
	RUN(test_method_reports_section_problems);
	RUN(test_method_reports_every_problem_sorted_by_line);
	RUN(test_method_rejects_non_object_root);
	RUN(test_method_shipped_pilot_scaling_canvas_is_valid);
	RUN(test_method_shipped_ten_ingredient_scan_is_valid);
	RUN(test_method_shipped_readiness_use_ladder_is_valid);
	RUN(test_method_shipped_mvp_scale_obstacles_is_valid);
	return TEST_DONE();
}
