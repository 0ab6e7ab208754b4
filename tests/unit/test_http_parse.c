/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the pure HTTP readers and the template language. */
#include <stdlib.h>
#include <time.h>

#include "http/parse.h"
#include "http/template.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/util.h"
#include "test.h"

TEST(test_form_decodes_plus_percent_and_nests_dotted_keys)
{
	const char *s = "name=Buurt+team&ambition.reach=12&ambition.area=Noord%20%26%20Zuid&x=%C3%A9";
	json_t *j = parse_form(s, strlen(s));
	CHECK(j != NULL);
	CHECK_STR(json_string_value(json_object_get(j, "name")), "Buurt team");
	json_t *amb = json_object_get(j, "ambition");
	CHECK_STR(json_string_value(json_object_get(amb, "reach")), "12");
	CHECK_STR(json_string_value(json_object_get(amb, "area")), "Noord & Zuid");
	CHECK_STR(json_string_value(json_object_get(j, "x")), "é");
	json_decref(j);
}

TEST(test_form_rejects_bad_escapes_invalid_utf8_and_conflicts)
{
	const char *bad[] = {"a=%zz",	  "a=%4", "a=%C0%AF", "a=1&a.b=2",
			     "a.b=1&a=2", ".a=1", "a..b=1",   "a=%00"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *j = parse_form(bad[i], strlen(bad[i]));
		if (j)
			fprintf(stderr, "accepted: %s\n", bad[i]);
		CHECK(j == NULL);
		json_decref(j);
	}
}

TEST(test_form_first_value_wins_and_empty_pairs_skip)
{
	json_t *j = parse_form("a=1&&a=2&b", 10);
	CHECK_STR(json_string_value(json_object_get(j, "a")), "1");
	CHECK_STR(json_string_value(json_object_get(j, "b")), "");
	json_decref(j);
}

TEST(test_form_takes_a_long_answer_sheet_and_refuses_more_than_1000_fields)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%sf%d=%d", i ? "&" : "", i, i);
	json_t *j = parse_form(buf_str(&b), b.len);
	CHECK(j != NULL);
	CHECK_INT(json_object_size(j), 1000);
	json_decref(j);
	buf_puts(&b, "&one=more");
	CHECK(parse_form(buf_str(&b), b.len) == NULL);
	buf_free(&b);
}

TEST(test_cookie_finds_exact_name_only)
{
	char out[16];
	CHECK_INT(parse_cookie("x_sid=1; sid=abc; other=2", "sid", out, sizeof out), 0);
	CHECK_STR(out, "abc");
	CHECK_INT(parse_cookie("sidx=1", "sid", out, sizeof out), -1);
	CHECK_INT(parse_cookie("sid=\"q\"", "sid", out, sizeof out), 0);
	CHECK_STR(out, "q");
	CHECK_INT(parse_cookie("sid=0123456789abcdefXYZ", "sid", out, sizeof out), -1);
	CHECK_INT(parse_cookie(NULL, "sid", out, sizeof out), -1);
}

TEST(test_json_body_must_be_object_without_duplicates)
{
	char err[200];
	json_t *j = parse_json_body("{\"a\":1}", 7, err, sizeof err);
	CHECK(j != NULL);
	json_decref(j);
	CHECK(parse_json_body("[1]", 3, err, sizeof err) == NULL);
	CHECK(parse_json_body("{\"a\":1,\"a\":2}", 13, err, sizeof err) == NULL);
	CHECK(strstr(err, "duplicate") != NULL);
	CHECK(parse_json_body("{\"a\":", 5, err, sizeof err) == NULL);
	CHECK(strstr(err, "line 1") != NULL);
}

static char *render(const char *tpl, json_t *ctx)
{
	struct buf b = BUF_INIT;
	if (template_render_text(tpl, strlen(tpl), ctx, "nl", &b) < 0) {
		buf_free(&b);
		return xstrdup("<error>");
	}
	return buf_steal(&b);
}

TEST(test_template_escapes_by_default_and_raw_does_not)
{
	json_t *ctx = json_pack("{s:s}", "x", "<b>&\"");
	char *s = render("{{! SPDX-License-Identifier: EUPL-1.2 }}{{x}}|{{raw x}}", ctx);
	CHECK_STR(s, "&lt;b&gt;&amp;&quot;|<b>&\"");
	free(s);
	json_decref(ctx);
}

TEST(test_template_sections_loop_enter_and_compare)
{
	json_t *ctx = json_pack("{s:[{s:s},{s:s}],s:{s:i},s:s,s:[]}", "items", "n", "a", "n", "b", "o", "k",
				7, "stage", "pilot", "empty");
	char *s =
	    render("{{#items}}[{{n}}]{{/items}}{{#o}}{{k}}{{/o}}{{#stage==pilot}}P{{/stage==pilot}}"
		   "{{#stage==idee}}I{{/stage==idee}}{{^empty}}E{{/empty}}{{#items.1}}{{n}}{{/items.1}}",
		   ctx);
	CHECK_STR(s, "[a][b]7PEb");
	free(s);
	json_decref(ctx);
}

TEST(test_template_compares_against_other_path_inside_loop)
{
	json_t *ctx = json_pack("{s:[i,i,i],s:{s:s}}", "ids", 1, 2, 3, "v", "sel", "2");
	char *s = render("{{#ids}}{{.}}{{#.==@v.sel}}*{{/.==@v.sel}} {{/ids}}", ctx);
	CHECK_STR(s, "1 2* 3 ");
	free(s);
	json_decref(ctx);
}

TEST(test_template_translates_keys_and_values)
{
	json_t *ctx = json_pack("{s:s}", "stage", "opschalen");
	char *s = render("{{t nav.logout}}/{{tv stage. stage}}", ctx);
	CHECK_STR(s, "Uitloggen/Opschalen");
	free(s);
	json_decref(ctx);
}

TEST(test_template_json_block_cannot_close_script)
{
	json_t *ctx = json_pack("{s:{s:s,s:[i]}}", "d", "n", "</script><b>&", "v", 3);
	char *s = render("{{json d}}", ctx);
	CHECK(strstr(s, "</script>") == NULL);
	CHECK(strstr(s, "<") == NULL && strstr(s, "&") == NULL);
	json_t *back = json_loads(s, 0, NULL);
	CHECK_STR(json_string_value(json_object_get(back, "n")), "</script><b>&");
	json_decref(back);
	free(s);
	json_decref(ctx);
}

TEST(test_template_date_shows_dates_and_local_times)
{
	json_t *ctx = json_pack("{s:s,s:s,s:s}", "d", "2027-03-03", "t", "2026-11-22T19:42:21Z", "x", "soon");
	setenv("TZ", "Europe/Amsterdam", 1);
	tzset();
	char *s = render("{{date d}}|{{date t}}|{{date x}}", ctx);
	/* 19:42 UTC is 20:42 in Amsterdam in winter (CET, UTC+1). */
	CHECK_STR(s, "3 maart 2027|22 november 2026, 20:42|soon");
	free(s);
	json_decref(ctx);
}

TEST(test_template_rejects_unbalanced_sections)
{
	json_t *ctx = json_object();
	char *s = render("{{#a}}x", ctx);
	CHECK_STR(s, "<error>");
	free(s);
	s = render("x{{/a}}", ctx);
	CHECK_STR(s, "<error>");
	free(s);
	s = render("{{a", ctx);
	CHECK_STR(s, "<error>");
	free(s);
	json_decref(ctx);
}

int main(void)
{
	if (i18n_init() < 0)
		return 1;
	RUN(test_form_decodes_plus_percent_and_nests_dotted_keys);
	RUN(test_form_rejects_bad_escapes_invalid_utf8_and_conflicts);
	RUN(test_form_first_value_wins_and_empty_pairs_skip);
	RUN(test_form_takes_a_long_answer_sheet_and_refuses_more_than_1000_fields);
	RUN(test_cookie_finds_exact_name_only);
	RUN(test_json_body_must_be_object_without_duplicates);
	RUN(test_template_escapes_by_default_and_raw_does_not);
	RUN(test_template_sections_loop_enter_and_compare);
	RUN(test_template_compares_against_other_path_inside_loop);
	RUN(test_template_translates_keys_and_values);
	RUN(test_template_json_block_cannot_close_script);
	RUN(test_template_date_shows_dates_and_local_times);
	RUN(test_template_rejects_unbalanced_sections);
	return TEST_DONE();
}
