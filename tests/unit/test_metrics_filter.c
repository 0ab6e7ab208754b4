/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the property filters of the metric routes (api/metrics_filter.h, docs/metrics.md
 * "Filters on event properties"): the pairs read from a query with each missing half named, the first
 * left to the store, the others matched as exact strings on the event's properties, and the funnel
 * window a saved funnel gives. */
#include <jansson.h>
#include <string.h>

#include "api/metrics_filter.h"
#include "api/metrics_funnel.h"
#include "test.h"

static const struct field spec[] = {METRICS_FILTER_FIELDS};

/* Reads query text (a JSON object) as a route does: 0 or the number of problems. */
static size_t read_q(const char *query, struct metrics_filters *f, json_t **inv, json_t **q)
{
	struct field_value v[FIELD_COUNT(spec)];
	struct api_ctx c = {0};
	*q = json_loads(query, 0, NULL);
	CHECK(*q != NULL);
	c.invalid = *inv = json_array();
	field_check(*q, spec, FIELD_COUNT(spec), 1, NULL, v, c.invalid);
	metrics_filters_read(&c, v, f);
	return json_array_size(c.invalid);
}

static const char *bad_name(json_t *inv, size_t i)
{
	return json_string_value(json_object_get(json_array_get(inv, i), "name"));
}

TEST(test_filter_pairs_are_read_in_order_and_a_missing_half_is_named)
{
	struct metrics_filters f;
	json_t *inv, *q;
	CHECK_INT(
	    read_q(
		"{\"eigenschap\":\"plan\",\"waarde\":\"pro\",\"eigenschap3\":\"kanaal\",\"waarde3\":\"web\"}",
		&f, &inv, &q),
	    0);
	CHECK_INT(f.n, 2);
	CHECK_STR(f.key[0], "plan");
	CHECK_STR(f.value[1], "web");
	json_decref(inv);
	json_decref(q);
	CHECK_INT(read_q("{\"eigenschap\":\"plan\",\"waarde2\":\"web\"}", &f, &inv, &q), 2);
	CHECK_STR(bad_name(inv, 0), "waarde");
	CHECK_STR(bad_name(inv, 1), "eigenschap2");
	json_decref(inv);
	json_decref(q);
	CHECK_INT(read_q("{}", &f, &inv, &q), 0);
	CHECK_INT(f.n, 0);
	json_decref(inv);
	json_decref(q);
}

TEST(test_filter_first_goes_to_the_store_the_rest_are_exact_strings)
{
	struct metrics_filters f = {3, {"plan", "kanaal", "land"}, {"pro", "web", "NL"}};
	struct event_filter flt = {0};
	metrics_filters_apply(&f, &flt);
	CHECK_STR(flt.prop_key, "plan");
	CHECK_STR(flt.prop_value, "pro");
	CHECK_INT(flt.with_props, 1);
	const char *ok = "{\"kanaal\":\"web\",\"land\":\"NL\",\"plan\":\"gratis\"}"; /* plan is the store's */
	CHECK_INT(metrics_filters_rest(&f, ok, strlen(ok)), 1);
	const char *unicode = "{\"kanaal\":\"\\u0077eb\",\"land\":\"NL\"}"; /* "web" escaped */
	CHECK_INT(metrics_filters_rest(&f, unicode, strlen(unicode)), 1);
	const char *other[] = {"{\"kanaal\":\"Web\",\"land\":\"NL\"}",
			       "{\"kanaal\":\"web\"}",
			       "{\"kanaal\":\"web\",\"land\":[\"NL\"]}",
			       "{\"kanaal\":\"web\",\"land\":\"NL \"}",
			       "",
			       "niet json"};
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
		CHECK_INT(metrics_filters_rest(&f, other[i], strlen(other[i])), 0);
	struct metrics_filters one = {1, {"plan"}, {"pro"}};
	struct event_filter g = {0};
	metrics_filters_apply(&one, &g);
	CHECK_INT(g.with_props, 0); /* one filter: the store's column or JSON test only */
	CHECK_INT(metrics_filters_rest(&one, "", 0), 1);
	json_t *a = metrics_filters_json(&f);
	CHECK_INT(json_array_size(a), 3);
	CHECK_STR(json_string_value(json_object_get(json_array_get(a, 2), "property")), "land");
	json_decref(a);
}

TEST(test_funnel_window_words)
{
	CHECK_INT(metrics_funnel_window_parse("7d"), 7 * 86400);
	CHECK_INT(metrics_funnel_window_parse("30m"), 1800);
	CHECK_INT(metrics_funnel_window_parse("90d"), 90 * 86400);
	CHECK_INT(metrics_funnel_window_parse("91d"), -1);
	CHECK_INT(metrics_funnel_window_parse("59"), -1); /* under a minute */
	CHECK_INT(metrics_funnel_window_parse("1w"), -1);
	CHECK_INT(metrics_funnel_window_parse(""), -1);
}

int main(void)
{
	RUN(test_filter_pairs_are_read_in_order_and_a_missing_half_is_named);
	RUN(test_filter_first_goes_to_the_store_the_rest_are_exact_strings);
	RUN(test_funnel_window_words);
	return TEST_DONE();
}
