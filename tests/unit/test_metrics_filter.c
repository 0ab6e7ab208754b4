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
	struct metrics_filters f = {
	    .n = 3, .key = {"plan", "kanaal", "land"}, .value = {"pro", "web", "NL"}, .in_store = 1};
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
	struct metrics_filters one = {.n = 1, .key = {"plan"}, .value = {"pro"}, .in_store = 1};
	struct event_filter g = {0};
	metrics_filters_apply(&one, &g);
	CHECK_INT(g.with_props, 0); /* one filter: the store's column or JSON test only */
	CHECK_INT(metrics_filters_rest(&one, "", 0), 1);
	json_t *a = metrics_filters_json(&f);
	CHECK_INT(json_array_size(a), 3);
	CHECK_STR(json_string_value(json_object_get(json_array_get(a, 2), "property")), "land");
	json_decref(a);
}

/* Whether properties text passes the filters of query text. */
static int passes(const char *query, const char *props)
{
	struct metrics_filters f;
	json_t *inv, *q;
	CHECK_INT(read_q(query, &f, &inv, &q), 0);
	struct event_filter flt = {0};
	metrics_filters_apply(&f, &flt);
	int ok = metrics_filters_rest(&f, props, strlen(props));
	/* the store's "is" filter, applied here as the store would */
	if (flt.prop_key) {
		json_t *o = json_loads(props, 0, NULL), *v = json_object_get(o, flt.prop_key);
		ok &= json_is_string(v) && !strcmp(json_string_value(v), flt.prop_value);
		json_decref(o);
	}
	json_decref(inv);
	json_decref(q);
	return ok;
}

TEST(test_filter_operators)
{
	/* not equal: absent, another text, a number all pass; the text itself does not */
	const char *ne = "{\"eigenschap\":\"plan\",\"operator\":\"isniet\",\"waarde\":\"pro\"}";
	CHECK_INT(passes(ne, "{\"plan\":\"gratis\"}"), 1);
	CHECK_INT(passes(ne, "{}"), 1);
	CHECK_INT(passes(ne, "{\"plan\":1}"), 1);
	CHECK_INT(passes(ne, "{\"plan\":\"pro\"}"), 0);
	/* one of: exact texts, no trimming */
	const char *in = "{\"eigenschap\":\"kanaal\",\"operator\":\"eenvan\",\"waarde\":\"web,app\"}";
	CHECK_INT(passes(in, "{\"kanaal\":\"app\"}"), 1);
	CHECK_INT(passes(in, "{\"kanaal\":\"web\"}"), 1);
	CHECK_INT(passes(in, "{\"kanaal\":\"telefoon\"}"), 0);
	CHECK_INT(passes(in, "{\"kanaal\":\"web,app\"}"), 0);
	CHECK_INT(passes(in, "{\"kanaal\":\" app\"}"), 0);
	CHECK_INT(passes(in, "{\"kanaal\":\"\\u0061pp\"}"), 1);	     /* "app" escaped */
	CHECK_INT(passes(in, "{\"meta\":{\"kanaal\":\"web\"}}"), 0); /* top-level members only */
	/* numbers: JSON numbers and text that reads as one; 100 >= 100, not > 100 */
	const char *ge = "{\"eigenschap\":\"bedrag\",\"operator\":\"minstens\",\"waarde\":\"100\"}";
	const char *gt = "{\"eigenschap\":\"bedrag\",\"operator\":\"groter\",\"waarde\":\"100\"}";
	const char *lt = "{\"eigenschap\":\"bedrag\",\"operator\":\"kleiner\",\"waarde\":\"12.5\"}";
	const char *le = "{\"eigenschap\":\"bedrag\",\"operator\":\"hoogstens\",\"waarde\":\"-3\"}";
	CHECK_INT(passes(ge, "{\"bedrag\":100}"), 1);
	CHECK_INT(passes(gt, "{\"bedrag\":100}"), 0);
	CHECK_INT(passes(gt, "{\"bedrag\":100.01}"), 1);
	CHECK_INT(passes(ge, "{\"bedrag\":\"250\"}"), 1);
	CHECK_INT(passes(ge, "{\"bedrag\":\"veel\"}"), 0);
	CHECK_INT(passes(ge, "{\"bedrag\":true}"), 0);
	CHECK_INT(passes(ge, "{}"), 0);
	CHECK_INT(passes(lt, "{\"bedrag\":12.49}"), 1);
	CHECK_INT(passes(lt, "{\"bedrag\":12.5}"), 0);
	CHECK_INT(passes(le, "{\"bedrag\":-3}"), 1);
	CHECK_INT(passes(le, "{\"bedrag\":-2.9}"), 0);
	/* set and not set: null counts as not set */
	const char *set = "{\"eigenschap\":\"plan\",\"operator\":\"gezet\"}";
	const char *unset = "{\"eigenschap\":\"plan\",\"operator\":\"nietgezet\"}";
	CHECK_INT(passes(set, "{\"plan\":\"\"}"), 1);
	CHECK_INT(passes(set, "{\"plan\":0}"), 1);
	CHECK_INT(passes(set, "{\"plan\":null}"), 0);
	CHECK_INT(passes(unset, "{\"plan\":null}"), 1);
	CHECK_INT(passes(unset, "{}"), 1);
	CHECK_INT(passes(unset, "{\"plan\":\"pro\"}"), 0);
	/* ANDed, the store taking the first "is" wherever it stands */
	const char *two = "{\"eigenschap\":\"bedrag\",\"operator\":\"groter\",\"waarde\":\"10\","
			  "\"eigenschap2\":\"plan\",\"waarde2\":\"pro\"}";
	CHECK_INT(passes(two, "{\"bedrag\":11,\"plan\":\"pro\"}"), 1);
	CHECK_INT(passes(two, "{\"bedrag\":11,\"plan\":\"gratis\"}"), 0);
	CHECK_INT(passes(two, "{\"bedrag\":9,\"plan\":\"pro\"}"), 0);
	struct metrics_filters f;
	json_t *inv, *q;
	CHECK_INT(read_q(two, &f, &inv, &q), 0);
	CHECK_INT(f.in_store, 2);
	CHECK_INT(metrics_filters_store_only(&f), 0);
	json_decref(inv);
	json_decref(q);
}

TEST(test_filter_bad_parts_are_each_named)
{
	struct metrics_filters f;
	json_t *inv, *q;
	CHECK_INT(read_q("{\"eigenschap\":\"bedrag\",\"operator\":\"minstens\",\"waarde\":\"veel\","
			 "\"eigenschap2\":\"plan\",\"operator2\":\"gezet\",\"waarde2\":\"pro\","
			 "\"eigenschap3\":\"kanaal\",\"operator3\":\"eenvan\",\"waarde3\":\"web,,app\"}",
			 &f, &inv, &q),
		  3);
	CHECK_STR(bad_name(inv, 0), "waarde");
	CHECK_STR(bad_name(inv, 1), "waarde2");
	CHECK_STR(bad_name(inv, 2), "waarde3");
	json_decref(inv);
	json_decref(q);
	CHECK_INT(
	    read_q(
		"{\"eigenschap\":\"x\",\"operator\":\"ongeveer\",\"waarde\":\"1\",\"operator2\":\"isniet\"}",
		&f, &inv, &q),
	    2);
	CHECK_STR(bad_name(inv, 0), "operator");
	CHECK_STR(bad_name(inv, 1), "eigenschap2");
	json_decref(inv);
	json_decref(q);
	CHECK_INT(
	    read_q("{\"eigenschap\":\"bedrag\",\"operator\":\"groter\",\"waarde\":\"0x10\"}", &f, &inv, &q),
	    1);
	json_decref(inv);
	json_decref(q);
	CHECK_INT(
	    read_q("{\"eigenschap\":\"bedrag\",\"operator\":\"groter\",\"waarde\":\"inf\"}", &f, &inv, &q),
	    1);
	json_decref(inv);
	json_decref(q);
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
	RUN(test_filter_operators);
	RUN(test_filter_bad_parts_are_each_named);
	RUN(test_funnel_window_words);
	return TEST_DONE();
}
