/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the KPI page decoration: values with their unit in Dutch
 * and English (euros with the sign in front), the bar clamped while the
 * text keeps the real figure, the chart's target line and the table rows
 * newest first, and the edit form's target typed in the page's language. */
#include <jansson.h>
#include <string.h>

#include "lib/i18n.h"
#include "test.h"
#include "view/view.h"

static json_t *series(const char *unit, double progress)
{
	return json_pack(
	    "{s:s,s:f,s:{s:s,s:f},s:{s:s,s:f},s:f,s:[{s:s,s:f,s:s,s:s,s:n},{s:s,s:f,s:s,s:s,s:s}]}", "unit",
	    unit, "target", 350.0, "latest", "date", "2026-11-01", "value", 1398.5, "baseline", "date",
	    "2025-12-01", "value", 540.0, "progress", progress, "values", "date", "2025-12-01", "value",
	    540.0, "note", "", "source", "handmatig", "by", "date", "2026-11-01", "value", 1398.5, "note",
	    "telling", "source", "api", "by", "Dewi");
}

static const char *view_str(json_t *doc, const char *key)
{
	return json_string_value(json_object_get(json_object_get(doc, "view"), key));
}

TEST(test_kpi_view_writes_values_with_their_unit_per_language)
{
	struct view_ctx nl = {"nl", ROLE_LEZER, 0}, en = {"en", ROLE_LEZER, 0};
	json_t *s = series("euro", 0.5);
	view_page("kpi_series", &nl, s);
	CHECK_STR(view_str(s, "latestText"), "€\u00a01.398,5");
	CHECK_STR(view_str(s, "targetText"), "€\u00a0350");
	json_decref(s);
	s = series("gemeenten", 0.5);
	view_page("kpi_series", &en, s);
	CHECK_STR(view_str(s, "latestText"), "1,398.5 gemeenten");
	CHECK_STR(view_str(s, "baselineText"), "540 gemeenten");
	json_decref(s);
	s = series("%", 0.5);
	view_page("kpi_series", &nl, s);
	CHECK_STR(view_str(s, "targetText"), "350%");
	json_decref(s);
}

TEST(test_kpi_view_clamps_the_bar_and_keeps_the_real_figure)
{
	struct view_ctx nl = {"nl", ROLE_LEZER, 0};
	json_t *s = series("", 1.25);
	view_page("kpi_series", &nl, s);
	CHECK_INT(json_integer_value(json_object_get(json_object_get(s, "view"), "bar")), 100);
	CHECK_STR(view_str(s, "progressText"), "125%");
	json_decref(s);
	s = series("", -0.2);
	view_page("kpi_series", &nl, s);
	CHECK_INT(json_integer_value(json_object_get(json_object_get(s, "view"), "bar")), 0);
	json_decref(s);
	s = series("", 0);
	json_object_set_new(s, "progress", json_null());
	view_page("kpi_series", &nl, s);
	CHECK(json_object_get(json_object_get(s, "view"), "progressText") == NULL);
	json_decref(s);
}

TEST(test_kpi_view_chart_has_the_target_line_and_the_table_newest_first)
{
	struct view_ctx nl = {"nl", ROLE_LEZER, 0};
	json_t *s = series("gezinnen", 0.5);
	view_page("kpi_series", &nl, s);
	json_t *chart = json_object_get(json_object_get(s, "view"), "chart");
	CHECK_STR(json_string_value(json_object_get(chart, "kind")), "line");
	json_t *sr = json_object_get(chart, "series");
	CHECK_INT(json_array_size(sr), 2);
	CHECK_STR(json_string_value(json_object_get(json_array_get(sr, 1), "name")), "Doel");
	CHECK(json_number_value(json_array_get(json_object_get(json_array_get(sr, 1), "values"), 0)) ==
	      350.0);
	CHECK_STR(json_string_value(json_array_get(json_object_get(chart, "x"), 1)), "2026-11-01");
	json_t *rows = json_object_get(json_object_get(s, "view"), "rows");
	json_t *first = json_array_get(rows, 0);
	CHECK_STR(json_string_value(json_object_get(first, "date")), "2026-11-01");
	CHECK_STR(json_string_value(json_object_get(first, "valueText")), "1.398,5 gezinnen");
	CHECK_STR(json_string_value(json_object_get(first, "meta")), "via de API · Dewi");
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 1), "meta")), "");
	json_decref(s);
	/* without a target: the values alone */
	s = series("", 0.5);
	json_object_set_new(s, "target", json_null());
	view_page("kpi_series", &nl, s);
	CHECK_INT(
	    json_array_size(json_object_get(json_object_get(json_object_get(s, "view"), "chart"), "series")),
	    1);
	json_decref(s);
}

TEST(test_kpi_view_edit_form_types_the_target_in_the_page_language)
{
	struct view_ctx nl = {"nl", ROLE_BEWERKER, 0}, en = {"en", ROLE_BEWERKER, 0};
	json_t *s = series("", 0.5);
	json_object_set_new(s, "target", json_real(12.5));
	view_page("kpi_series_edit", &nl, s);
	CHECK_STR(json_string_value(json_object_get(s, "target")), "12,5");
	json_decref(s);
	s = series("", 0.5);
	json_object_set_new(s, "target", json_real(12.5));
	view_page("kpi_series_edit", &en, s);
	CHECK_STR(json_string_value(json_object_get(s, "target")), "12.5");
	json_decref(s);
}

/* A series that follows a metric: its name from the catalogue, the value
 * in the metric's own notation (activation in %, revenue in euros), the
 * parameters in words without the source, the trend charted oldest first
 * and tabled newest first, an incomplete period said in words. */
TEST(test_kpi_view_words_the_metric_a_series_follows)
{
	struct view_ctx nl = {"nl", ROLE_LEZER, 0}, en = {"en", ROLE_LEZER, 0};
	json_t *s = series("%", 0.5);
	json_object_set_new(s, "followsMetric",
			    json_pack("{s:s,s:{s:s,s:s},s:f,s:[{s:s,s:f},{s:s,s:n}]}", "metric", "activatie",
				      "parameters", "bron", "3", "activatiedagen", "7", "value", 23.617,
				      "trend", "date", "2026-11-09", "value", 20.0, "date", "2026-11-16",
				      "value"));
	view_page("kpi_series", &nl, s);
	json_t *v = json_object_get(json_object_get(s, "followsMetric"), "view");
	CHECK_STR(json_string_value(json_object_get(v, "label")), "Activatie");
	CHECK_STR(json_string_value(json_object_get(v, "valueText")), "23,6%");
	CHECK_STR(json_string_value(json_object_get(v, "paramsText")), "activatiedagen = 7");
	json_t *rows = json_object_get(v, "rows");
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "valueText")),
		  "nog niet compleet");
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 1), "valueText")), "20,0%");
	json_t *vals = json_object_get(
	    json_array_get(json_object_get(json_object_get(v, "chart"), "series"), 0), "values");
	CHECK(json_number_value(json_array_get(vals, 0)) == 20.0);
	CHECK(json_is_null(json_array_get(vals, 1)));
	json_decref(s);
	s = series("euro", 0.5);
	json_object_set_new(
	    s, "followsMetric",
	    json_pack("{s:s,s:{},s:f,s:[]}", "metric", "omzet", "parameters", "value", 1234.5, "trend"));
	view_page("kpi_series", &en, s);
	v = json_object_get(json_object_get(s, "followsMetric"), "view");
	CHECK_STR(json_string_value(json_object_get(v, "valueText")), "€1,234.50");
	CHECK(!json_object_get(v, "chart"));
	json_decref(s);
}

int main(void)
{
	CHECK_INT(i18n_init(), 0);
	RUN(test_kpi_view_writes_values_with_their_unit_per_language);
	RUN(test_kpi_view_clamps_the_bar_and_keeps_the_real_figure);
	RUN(test_kpi_view_chart_has_the_target_line_and_the_table_newest_first);
	RUN(test_kpi_view_edit_form_types_the_target_in_the_page_language);
	RUN(test_kpi_view_words_the_metric_a_series_follows);
	return TEST_DONE();
}
