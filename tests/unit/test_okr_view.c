/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the OKR page decoration: bars clamped with the real figure
 * beside them, goals and values worded in Dutch and English, the history
 * chart's ideal line and the check-in form's row numbers. */
#include <jansson.h>
#include <string.h>

#include "lib/i18n.h"
#include "test.h"
#include "view/view.h"

static json_t *kr(const char *kind, double progress)
{
	return json_pack("{s:s,s:f,s:f,s:s,s:b,s:f,s:f,s:i,s:i,s:f,s:f,s:s,s:o,s:{s:s,s:s}}", "kind", kind,
			 "start", 20.0, "target", 60.0, "unit", "%", "equalCounts", 1, "value", 70.0,
			 "weight", 1.5, "milestonesTotal", 0, "milestonesDone", 0, "progress", progress,
			 "expected", 0.5, "status", "op_koers", "checkins", json_array(), "period",
			 "startsOn", "2026-01-01", "endsOn", "2026-01-31");
}

static const char *view_str(json_t *doc, const char *key)
{
	return json_string_value(json_object_get(json_object_get(doc, "view"), key));
}

TEST(test_okr_view_clamps_the_bar_and_shows_the_real_figure_beside_it)
{
	struct view_ctx v = {"nl", ROLE_LEZER, 0};
	json_t *k = kr("stijgen", 1.25);
	view_page("okr_kr", &v, k);
	CHECK_INT(json_integer_value(json_object_get(json_object_get(k, "view"), "pct")), 100);
	CHECK_STR(view_str(k, "pctText"), "100%");
	CHECK_STR(view_str(k, "realText"), "125%");
	json_decref(k);
	k = kr("stijgen", 0.5);
	view_page("okr_kr", &v, k);
	CHECK(json_object_get(json_object_get(k, "view"), "realText") == NULL);
	json_decref(k);
}

TEST(test_okr_view_words_goals_and_values_per_language)
{
	struct view_ctx nl = {"nl", ROLE_LEZER, 0}, en = {"en", ROLE_LEZER, 0};
	json_t *k = kr("stijgen", 0.5);
	json_object_set_new(k, "value", json_real(1234.5));
	view_page("okr_kr", &nl, k);
	CHECK_STR(view_str(k, "goalText"), "van 20% naar 60%");
	CHECK_STR(view_str(k, "valueText"), "1.234,5%");
	CHECK_STR(view_str(k, "valueInput"), "1234,5");
	CHECK_STR(view_str(k, "weightText"), "1,5");
	json_decref(k);
	k = kr("boven", 1);
	json_object_set_new(k, "target", json_real(7.5));
	json_object_set_new(k, "unit", json_string(""));
	view_page("okr_kr", &en, k);
	CHECK_STR(view_str(k, "goalText"), "stay above 7.5 (equal counts)");
	json_decref(k);
}

TEST(test_okr_view_chart_draws_the_ideal_line_from_start_to_target)
{
	struct view_ctx v = {"nl", ROLE_LEZER, 0};
	json_t *k = kr("stijgen", 0.5);
	/* one check-in in the middle of January: ideal 20 + 40 * 15/30 = 40 */
	json_array_append_new(json_object_get(k, "checkins"),
			      json_pack("{s:s,s:f,s:i,s:s,s:s,s:s,s:n,s:s}", "date", "2026-01-16", "value",
					35.0, "confidence", 7, "changed", "", "blocker", "", "nextStep", "",
					"by", "source", "handmatig"));
	view_page("okr_kr", &v, k);
	json_t *chart = json_object_get(json_object_get(k, "view"), "chart");
	CHECK_STR(json_string_value(json_object_get(chart, "kind")), "line");
	json_t *x = json_object_get(chart, "x");
	CHECK_INT(json_array_size(x), 3); /* period start, the check-in, period end */
	json_t *ideal = json_object_get(json_array_get(json_object_get(chart, "series"), 1), "values");
	CHECK_NEAR(json_number_value(json_array_get(ideal, 0)), 20, 1e-9);
	CHECK_NEAR(json_number_value(json_array_get(ideal, 1)), 40, 1e-9);
	CHECK_NEAR(json_number_value(json_array_get(ideal, 2)), 60, 1e-9);
	json_t *rows = json_object_get(json_object_get(k, "view"), "rows");
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "idealText")), "40%");
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "confidenceText")), "7/10");
	json_decref(k);
}

TEST(test_okr_view_numbers_the_rows_of_the_weekly_form)
{
	struct view_ctx v = {"nl", ROLE_DEELNEMER, 0};
	json_t *page = json_pack("{s:[o,o]}", "keyResults", kr("stijgen", 0.1), kr("dalen", 0.2));
	view_page("okr_checkin", &v, page);
	json_t *second = json_array_get(json_object_get(page, "keyResults"), 1);
	CHECK_INT(json_integer_value(json_object_get(json_object_get(second, "view"), "i")), 1);
	json_decref(page);
}

int main(void)
{
	CHECK_INT(i18n_init(), 0);
	RUN(test_okr_view_clamps_the_bar_and_shows_the_real_figure_beside_it);
	RUN(test_okr_view_words_goals_and_values_per_language);
	RUN(test_okr_view_chart_draws_the_ideal_line_from_start_to_target);
	RUN(test_okr_view_numbers_the_rows_of_the_weekly_form);
	return TEST_DONE();
}
