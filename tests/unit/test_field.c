/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests for api/field (declarative field specs) and problem_text(). */
#include <jansson.h>
#include <stdint.h>

#include "api/field.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "test.h"

static const char *const colours[] = {"rood", "groen", NULL};

enum { F_NAME, F_LEVEL, F_SHARE, F_DONE, F_COLOUR, F_DAY, F_OWNER, F_BOX, F_BOX_SIZE, F_COUNT };
static const struct field spec[] = {
    [F_NAME] = {.name = "name", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 3},
    [F_LEVEL] = {.name = "level", .type = FIELD_INTEGER, .min = 0, .max = 5, .reason = "err.level"},
    [F_SHARE] = {.name = "share", .type = FIELD_NUMBER, .flags = FIELD_GT, .nmin = 0, .nmax = 1},
    [F_DONE] = {.name = "done", .type = FIELD_BOOLEAN},
    [F_COLOUR] = {.name = "colour", .type = FIELD_ENUM, .values = colours, .def = "groen"},
    [F_DAY] = {.name = "day", .type = FIELD_DATE},
    [F_OWNER] = {.name = "ownerId", .type = FIELD_ID, .flags = FIELD_NULLABLE},
    [F_BOX] = {.name = "box", .type = FIELD_OBJECT},
    [F_BOX_SIZE] = {.name = "box.size", .type = FIELD_INTEGER, .flags = FIELD_REQUIRED, FIELD_INT64},
    [F_COUNT] = {.name = "count", .type = FIELD_INTEGER, .min = 1, .max = 90},
};
#define N FIELD_COUNT(spec)

struct run {
	json_t *body, *inv;
	struct field_value v[N];
	int rc;
};

/* Checks the JSON text (form: 1 for form text) against spec. */
static void run(struct run *r, const char *json, int form)
{
	json_error_t e;
	r->body = json_loads(json, 0, &e);
	if (!r->body)
		fprintf(stderr, "bad test JSON %s: %s\n", json, e.text);
	r->inv = json_array();
	r->rc = field_check(r->body, spec, N, form, NULL, r->v, r->inv);
}

static void done(struct run *r)
{
	json_decref(r->body);
	json_decref(r->inv);
}

/* The reason recorded for name, or NULL. */
static const char *reason(const struct run *r, const char *name)
{
	size_t i;
	json_t *p;
	json_array_foreach (r->inv, i, p)
		if (!strcmp(json_string_value(json_object_get(p, "name")), name))
			return json_string_value(json_object_get(p, "reason"));
	return NULL;
}

static json_t *params(const struct run *r, const char *name)
{
	size_t i;
	json_t *p;
	json_array_foreach (r->inv, i, p)
		if (!strcmp(json_string_value(json_object_get(p, "name")), name))
			return json_object_get(p, "params");
	return NULL;
}

TEST(test_field_integer_past_32_bits_is_out_of_range_not_wrapped)
{
	/* 4294967299 narrowed to 32 bits is 3: on a 0-5 scale that would pass */
	struct run r;
	run(&r, "{\"name\": \"a\", \"level\": 4294967299}", 0);
	CHECK_INT(r.rc, -1);
	CHECK_STR(reason(&r, "level"), "err.level");
	CHECK_INT(r.v[F_LEVEL].ok, 0);
	done(&r);
	run(&r, "{\"name\": \"a\", \"level\": 2147483648}", 0);
	CHECK_STR(reason(&r, "level"), "err.level");
	done(&r);
}

TEST(test_field_int64_extremes_are_judged_whole)
{
	struct run r;
	run(&r, "{\"name\": \"a\", \"level\": -9223372036854775808, \"count\": 9223372036854775807}", 0);
	CHECK_STR(reason(&r, "level"), "err.level");
	CHECK_STR(reason(&r, "count"), "err.max");
	CHECK_INT(json_integer_value(json_object_get(params(&r, "count"), "max")), 90);
	done(&r);
}

TEST(test_field_whole_real_within_range_is_an_integer)
{
	struct run r;
	run(&r, "{\"name\": \"a\", \"level\": 3.0}", 0);
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.v[F_LEVEL].ok, 1);
	CHECK_INT(r.v[F_LEVEL].i, 3);
	done(&r);
}

TEST(test_field_fraction_and_string_are_not_integers_in_json)
{
	struct run r;
	run(&r, "{\"name\": \"a\", \"level\": 2.5, \"count\": \"3\", \"ownerId\": true}", 0);
	CHECK_STR(reason(&r, "level"), "err.type_integer");
	CHECK_STR(reason(&r, "count"), "err.type_integer");
	CHECK_STR(reason(&r, "ownerId"), "err.type_integer");
	done(&r);
}

TEST(test_field_1e300_is_beyond_every_integer_range)
{
	struct run r;
	run(&r, "{\"name\": \"a\", \"count\": 1e300, \"box\": {\"size\": -1e300}}", 0);
	CHECK_STR(reason(&r, "count"), "err.max");
	CHECK_STR(reason(&r, "box.size"), "err.min");
	CHECK(json_integer_value(json_object_get(params(&r, "box.size"), "min")) == INT64_MIN);
	done(&r);
}

TEST(test_field_form_text_is_parsed_on_its_full_value)
{
	struct run r;
	run(&r,
	    "{\"name\": \"a\", \"level\": \" 4 \", \"count\": \"99999999999999999999\", \"share\": \"0,25\"}",
	    1);
	CHECK_INT(r.v[F_LEVEL].ok, 1);
	CHECK_INT(r.v[F_LEVEL].i, 4);
	CHECK_STR(reason(&r, "count"), "err.max");
	CHECK_INT(r.v[F_SHARE].ok, 1);
	CHECK_NEAR(r.v[F_SHARE].d, 0.25, 1e-15);
	done(&r);
	run(&r, "{\"name\": \"a\", \"count\": \"-99999999999999999999\", \"level\": \"4294967299\"}", 1);
	CHECK_STR(reason(&r, "count"), "err.min");
	CHECK_STR(reason(&r, "level"), "err.level");
	done(&r);
}

TEST(test_field_form_refuses_text_that_is_no_plain_number)
{
	static const char *const bad[] = {"nan", "inf", "0x10", "1.5.2", "2,5,1",
					  "3e",	 "e3",	"- 1",	"1 000", "abc"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char json[128];
		snprintf(json, sizeof json, "{\"name\": \"a\", \"share\": \"%s\", \"count\": \"%s\"}", bad[i],
			 bad[i]);
		struct run r;
		run(&r, json, 1);
		CHECK_STR(reason(&r, "share"), "err.type_number");
		CHECK_STR(reason(&r, "count"), "err.type_integer");
		done(&r);
	}
	struct run r;
	run(&r, "{\"name\": \"a\", \"share\": \"1e400\"}", 1);
	CHECK_STR(reason(&r, "share"), "err.max");
	done(&r);
}

TEST(test_field_json_string_is_not_a_number_but_form_text_is)
{
	struct run r;
	run(&r, "{\"name\": \"a\", \"share\": \"0.5\"}", 0);
	CHECK_STR(reason(&r, "share"), "err.type_number");
	done(&r);
	run(&r, "{\"name\": \"a\", \"share\": \"0.5\"}", 1);
	CHECK_INT(r.rc, 0);
	CHECK_NEAR(r.v[F_SHARE].d, 0.5, 1e-15);
	done(&r);
}

TEST(test_field_exclusive_bound_refuses_the_bound_itself)
{
	struct run r;
	run(&r, "{\"name\": \"a\", \"share\": 0}", 0);
	CHECK_STR(reason(&r, "share"), "err.gt");
	CHECK_INT(json_integer_value(json_object_get(params(&r, "share"), "min")), 0);
	done(&r);
	run(&r, "{\"name\": \"a\", \"share\": 1}", 0);
	CHECK_INT(r.rc, 0);
	done(&r);
	run(&r, "{\"name\": \"a\", \"share\": 1.5}", 0);
	CHECK_STR(reason(&r, "share"), "err.max");
	done(&r);
}

TEST(test_field_null_is_absent_only_where_allowed)
{
	struct run r;
	run(&r, "{\"name\": \"a\", \"ownerId\": null, \"colour\": null, \"day\": null, \"box\": null}", 0);
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.v[F_OWNER].set, 0);
	done(&r);
	run(&r, "{\"name\": \"a\", \"level\": null, \"share\": null, \"done\": null}", 0);
	CHECK_STR(reason(&r, "level"), "err.type_integer");
	CHECK_STR(reason(&r, "share"), "err.type_number");
	CHECK_STR(reason(&r, "done"), "err.type_boolean");
	done(&r);
	run(&r, "{\"name\": null}", 0);
	CHECK_STR(reason(&r, "name"), "err.required");
	done(&r);
}

TEST(test_field_required_refuses_absent_empty_and_blank)
{
	static const char *const bodies[] = {"{}", "{\"name\": \"\"}", "{\"name\": \"  \"}"};
	for (size_t i = 0; i < 3; i++) {
		struct run r;
		run(&r, bodies[i], 0);
		CHECK_STR(reason(&r, "name"), "err.required");
		done(&r);
	}
}

TEST(test_field_every_bad_field_is_reported_at_once)
{
	struct run r;
	run(&r,
	    "{\"name\": 5, \"level\": 9, \"share\": \"x\", \"done\": \"yes\", \"colour\": \"blauw\","
	    " \"day\": \"2026-02-30\", \"ownerId\": 0, \"box\": {\"size\": 1.5}, \"count\": 0}",
	    0);
	CHECK_INT(json_array_size(r.inv), 9);
	CHECK_STR(reason(&r, "name"), "err.type_string");
	CHECK_STR(reason(&r, "level"), "err.level");
	CHECK_STR(reason(&r, "share"), "err.type_number");
	CHECK_STR(reason(&r, "done"), "err.type_boolean");
	CHECK_STR(reason(&r, "colour"), "err.enum");
	CHECK_STR(json_string_value(json_object_get(params(&r, "colour"), "values")), "rood, groen");
	CHECK_STR(reason(&r, "day"), "err.date");
	CHECK_STR(reason(&r, "ownerId"), "err.min");
	CHECK_STR(reason(&r, "box.size"), "err.type_integer");
	CHECK_STR(reason(&r, "count"), "err.min");
	done(&r);
}

TEST(test_field_unknown_members_are_named_top_level_and_nested)
{
	struct run r;
	run(&r, "{\"name\": \"a\", \"Name\": 1, \"_csrf\": \"x\", \"box\": {\"size\": 1, \"colour\": 2}}", 0);
	CHECK_STR(reason(&r, "Name"), "err.unknown_field");
	CHECK_STR(reason(&r, "box.colour"), "err.unknown_field");
	CHECK_STR(reason(&r, "_csrf"), "err.unknown_field"); /* JSON has no form token */
	CHECK_INT(json_array_size(r.inv), 3);
	done(&r);
}

TEST(test_field_form_allows_only_the_csrf_token_among_underscore_names)
{
	struct run r;
	run(&r, "{\"name\": \"a\", \"_csrf\": \"x\", \"_admin\": \"1\", \"_\": \"\"}", 1);
	CHECK(reason(&r, "_csrf") == NULL);
	CHECK_STR(reason(&r, "_admin"), "err.unknown_field");
	CHECK_STR(reason(&r, "_"), "err.unknown_field");
	CHECK_INT(json_array_size(r.inv), 2);
	done(&r);
}

TEST(test_field_members_of_an_absent_or_bad_object_are_not_required)
{
	struct run r;
	run(&r, "{\"name\": \"a\"}", 0);
	CHECK_INT(r.rc, 0);
	done(&r);
	run(&r, "{\"name\": \"a\", \"box\": \"groot\"}", 0);
	CHECK_STR(reason(&r, "box"), "err.type_object");
	CHECK_INT(json_array_size(r.inv), 1);
	done(&r);
	run(&r, "{\"name\": \"a\", \"box\": {}}", 0);
	CHECK_STR(reason(&r, "box.size"), "err.required");
	done(&r);
}

TEST(test_field_length_counts_characters_not_bytes)
{
	struct run r;
	run(&r, "{\"name\": \"\xc3\xa9\xc3\xa9\xc3\xa9\"}", 0); /* 3 characters, 6 bytes */
	CHECK_INT(r.rc, 0);
	CHECK_STR(r.v[F_NAME].s, "\xc3\xa9\xc3\xa9\xc3\xa9");
	done(&r);
	run(&r, "{\"name\": \"abcd\"}", 0);
	CHECK_STR(reason(&r, "name"), "err.max_length");
	CHECK_INT(json_integer_value(json_object_get(params(&r, "name"), "max")), 3);
	done(&r);
}

TEST(test_field_defaults_fill_absent_and_empty_fields)
{
	struct run r;
	run(&r, "{\"name\": \"a\", \"colour\": \"\"}", 1);
	CHECK_INT(r.v[F_COLOUR].set, 0);
	CHECK_INT(r.v[F_COLOUR].ok, 1);
	CHECK_STR(r.v[F_COLOUR].s, "groen");
	CHECK_INT(r.v[F_COLOUR].i, 1);
	CHECK_INT(r.v[F_LEVEL].ok, 0);
	done(&r);
}

TEST(test_field_form_booleans_and_enums)
{
	struct run r;
	run(&r, "{\"name\": \"a\", \"done\": \"1\", \"colour\": \"rood\", \"day\": \"2028-02-29\"}", 1);
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.v[F_DONE].b, 1);
	CHECK_STR(r.v[F_COLOUR].s, "rood");
	CHECK_INT(r.v[F_COLOUR].i, 0);
	CHECK_STR(r.v[F_DAY].s, "2028-02-29");
	done(&r);
	run(&r, "{\"name\": \"a\", \"done\": \"misschien\"}", 1);
	CHECK_STR(reason(&r, "done"), "err.type_boolean");
	done(&r);
}

TEST(test_field_leaves_the_body_as_typed)
{
	struct run r;
	run(&r, "{\"name\": \"abcdef\", \"level\": \"4294967299\", \"share\": \"0,5\", \"extra\": 1}", 1);
	json_t *want = json_loads(
	    "{\"name\": \"abcdef\", \"level\": \"4294967299\", \"share\": \"0,5\", \"extra\": 1}", 0, NULL);
	CHECK(json_equal(r.body, want));
	json_decref(want);
	done(&r);
}

TEST(test_field_problems_carry_the_prefix)
{
	json_t *a = json_loads("{\"name\": \"a\", \"level\": 6}", 0, NULL), *inv = json_array();
	struct field_value v[N];
	field_check(a, spec, N, 0, "answers.q1", v, inv);
	CHECK_STR(json_string_value(json_object_get(json_array_get(inv, 0), "name")), "answers.q1.level");
	json_decref(a);
	json_decref(inv);
}

TEST(test_field_json_of_form_text_is_typed_and_skips_bad_values)
{
	struct run r;
	run(&r,
	    "{\"name\": \"a\", \"level\": \"4\", \"share\": \"0,5\", \"done\": \"0\", \"box\": {\"size\": "
	    "\"x\"}}",
	    1);
	json_t *o = field_json(spec, N, r.v, 1);
	json_t *want = json_loads(
	    "{\"name\": \"a\", \"level\": 4, \"share\": 0.5, \"done\": false, \"box\": {}}", 0, NULL);
	CHECK(json_equal(o, want));
	json_decref(o);
	json_decref(want);
	done(&r);
}

TEST(test_problem_text_fills_params_in_the_language)
{
	json_t *inv = json_array();
	problem_add_params(inv, "alpha", "err.between", json_pack("{s:f,s:i}", "min", 0.5, "max", 2));
	struct buf b = BUF_INIT;
	problem_text(json_array_get(inv, 0), "van {min} tot {max}, {missing}", "nl", &b);
	CHECK_STR(buf_str(&b), "van 0,5 tot 2, {missing}");
	buf_reset(&b);
	problem_text(json_array_get(inv, 0), "from {min} to {max}", "en", &b);
	CHECK_STR(buf_str(&b), "from 0.5 to 2");
	buf_reset(&b);
	problem_text(json_array_get(inv, 0), "no {params here", "en", &b);
	CHECK_STR(buf_str(&b), "no {params here");
	buf_free(&b);
	json_decref(inv);
}

int main(void)
{
	RUN(test_field_integer_past_32_bits_is_out_of_range_not_wrapped);
	RUN(test_field_int64_extremes_are_judged_whole);
	RUN(test_field_whole_real_within_range_is_an_integer);
	RUN(test_field_fraction_and_string_are_not_integers_in_json);
	RUN(test_field_1e300_is_beyond_every_integer_range);
	RUN(test_field_form_text_is_parsed_on_its_full_value);
	RUN(test_field_form_refuses_text_that_is_no_plain_number);
	RUN(test_field_json_string_is_not_a_number_but_form_text_is);
	RUN(test_field_exclusive_bound_refuses_the_bound_itself);
	RUN(test_field_null_is_absent_only_where_allowed);
	RUN(test_field_required_refuses_absent_empty_and_blank);
	RUN(test_field_every_bad_field_is_reported_at_once);
	RUN(test_field_unknown_members_are_named_top_level_and_nested);
	RUN(test_field_form_allows_only_the_csrf_token_among_underscore_names);
	RUN(test_field_members_of_an_absent_or_bad_object_are_not_required);
	RUN(test_field_length_counts_characters_not_bytes);
	RUN(test_field_defaults_fill_absent_and_empty_fields);
	RUN(test_field_form_booleans_and_enums);
	RUN(test_field_leaves_the_body_as_typed);
	RUN(test_field_problems_carry_the_prefix);
	RUN(test_field_json_of_form_text_is_typed_and_skips_bad_values);
	RUN(test_problem_text_fills_params_in_the_language);
	return TEST_DONE();
}
