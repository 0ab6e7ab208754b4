/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of pagination (api/page.c): the page parameters, cursors that
 * read back as their key and refuse forgeries, the page cut out of a list
 * with its HAL links (filters kept) by number and by keyset, and the
 * assembly's .paged rows. Expected links are written out by hand from the
 * NL API Design Rules' shape, not computed by the code under test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/module.h"
#include "api/page.h"
#include "lib/util.h"
#include "test.h"

static const struct paged by_number = {.op = "n", .array = "items", .kind = PAGE_NUMBER};
static const struct paged by_id_desc = {.op = "c", .array = "items", .kind = PAGE_CURSOR, .desc = 1};

/* A list of n items with ids from..(from + n - 1), or the other way round. */
static json_t *list_doc(int n, int first, int step)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:i}", "id", first + i * step));
	return json_pack("{s:o}", "items", a);
}

static const char *href(json_t *doc, const char *rel)
{
	return json_string_value(
	    json_object_get(json_object_get(json_object_get(doc, "_links"), rel), "href"));
}

static int parse(const char *query_json, const struct paged *spec, struct page_req *p, json_t **invalid)
{
	struct api_ctx c = {.query = json_loads(query_json, 0, NULL), .invalid = json_array()};
	int rc = api_page_parse(&c, spec, p);
	json_decref(c.query);
	*invalid = c.invalid;
	return rc;
}

TEST(test_page_parameters_have_defaults_and_bounds)
{
	struct page_req p;
	json_t *inv;
	CHECK_INT(parse("{}", &by_number, &p, &inv), 0);
	CHECK_INT(p.size, 50);
	CHECK_INT(p.number, 1);
	json_decref(inv);
	CHECK_INT(parse("{\"aantal\":\"200\",\"pagina\":\"3\"}", &by_number, &p, &inv), 0);
	CHECK_INT(p.size, 200);
	CHECK_INT(p.number, 3);
	json_decref(inv);
	const char *bad[] = {"{\"aantal\":\"0\"}",   "{\"aantal\":\"201\"}",
			     "{\"aantal\":\"-1\"}",  "{\"aantal\":\"05\"}",
			     "{\"aantal\":\"1e2\"}", "{\"aantal\":\"9999999999999999999\"}"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK_INT(parse(bad[i], &by_number, &p, &inv), -ERR_INVALID);
		CHECK_STR(json_string_value(json_object_get(json_array_get(inv, 0), "name")), "aantal");
		CHECK_STR(json_string_value(json_object_get(json_array_get(inv, 0), "reason")),
			  "err.page.size");
		json_decref(inv);
	}
	/* every bad one is named, and a parameter of the other kind too */
	CHECK_INT(parse("{\"aantal\":\"0\",\"pagina\":\"0\",\"na\":\"5\"}", &by_number, &p, &inv),
		  -ERR_INVALID);
	CHECK_INT(json_array_size(inv), 3);
	json_decref(inv);
	CHECK_INT(parse("{\"pagina\":\"2\"}", &by_id_desc, &p, &inv), -ERR_INVALID);
	CHECK_STR(json_string_value(json_object_get(json_array_get(inv, 0), "name")), "pagina");
	json_decref(inv);
}

TEST(test_cursors_read_back_and_refuse_forgeries)
{
	json_t *k = json_pack("[i,i,s,i]", 0, 1, "2026-12-01", 42);
	char *c = api_page_cursor(k);
	/* base64url of [0,1,"2026-12-01",42], no padding */
	CHECK_STR(c, "WzAsMSwiMjAyNi0xMi0wMSIsNDJd");
	json_t *back = api_page_cursor_key(c);
	CHECK(json_equal(back, k));
	json_decref(back);
	free(c);
	json_decref(k);
	k = json_pack("[i]", 1234);
	c = api_page_cursor(k);
	CHECK_STR(c, "1234"); /* a list keyed by id alone: the id itself */
	free(c);
	json_decref(k);
	const char *forged[] = {"",
				"0",
				"007",
				"x",
				"bGFsYWxh" /* "lalala" */,
				"e30" /* {} */,
				"W10" /* [] */,
				"W251bGxd" /* [null] */,
				"WzBd" /* [0]: a lone integer is written as digits */,
				"W1tdXQ" /* [[]] */,
				"WzEsMl0=" /* padded */,
				"WzEsMl0+"};
	for (size_t i = 0; i < sizeof forged / sizeof forged[0]; i++)
		CHECK(api_page_cursor_key(forged[i]) == NULL);
	char big[PAGE_CURSOR_MAX + 2];
	memset(big, 'A', sizeof big - 1);
	big[sizeof big - 1] = 0;
	CHECK(api_page_cursor_key(big) == NULL);
}

TEST(test_page_numbers_cut_the_list_and_link_with_the_filters)
{
	struct page_req p;
	json_t *inv;
	CHECK_INT(parse("{\"soort\":\"les\",\"aantal\":\"10\",\"pagina\":\"2\"}", &by_number, &p, &inv), 0);
	struct api_ctx c = {.query =
				json_pack("{s:s,s:s,s:s}", "soort", "les", "aantal", "10", "pagina", "2"),
			    .invalid = inv,
			    .path = "/kennisitems"};
	json_t *doc = list_doc(25, 1, 1);
	CHECK_INT(api_page_apply(&c, doc, &p), 0);
	json_t *items = json_object_get(doc, "items");
	CHECK_INT(json_array_size(items), 10);
	CHECK_INT(json_integer_value(json_object_get(json_array_get(items, 0), "id")), 11);
	CHECK_STR(href(doc, "self"), "/api/v1/kennisitems?soort=les&aantal=10&pagina=2");
	CHECK_STR(href(doc, "first"), "/api/v1/kennisitems?soort=les&aantal=10&pagina=1");
	CHECK_STR(href(doc, "prev"), "/api/v1/kennisitems?soort=les&aantal=10&pagina=1");
	CHECK_STR(href(doc, "next"), "/api/v1/kennisitems?soort=les&aantal=10&pagina=3");
	CHECK_STR(href(doc, "last"), "/api/v1/kennisitems?soort=les&aantal=10&pagina=3");
	CHECK(c.has_total);
	CHECK_INT(c.total_count, 25);
	CHECK(json_object_get(doc, "pager") == NULL); /* page-only */
	json_decref(doc);
	/* the last page: no next; a page of the site links without /api/v1 */
	p.number = 3;
	c.is_page = 1;
	doc = list_doc(25, 1, 1);
	CHECK_INT(api_page_apply(&c, doc, &p), 0);
	CHECK_INT(json_array_size(json_object_get(doc, "items")), 5);
	CHECK(href(doc, "next") == NULL);
	CHECK_STR(href(doc, "prev"), "/kennisitems?soort=les&aantal=10&pagina=2");
	json_t *pg = json_object_get(doc, "pager");
	CHECK_INT(json_integer_value(json_object_get(pg, "from")), 21);
	CHECK_INT(json_integer_value(json_object_get(pg, "to")), 25);
	CHECK_INT(json_integer_value(json_object_get(pg, "pages")), 3);
	json_decref(doc);
	json_decref(c.query);
	json_decref(c.invalid);
	api_page_free(&p);
}

TEST(test_a_cursor_continues_after_its_key_even_when_rows_came_before_it)
{
	struct page_req p;
	json_t *inv;
	CHECK_INT(parse("{\"aantal\":\"3\"}", &by_id_desc, &p, &inv), 0);
	struct api_ctx c = {.query = json_pack("{s:s}", "aantal", "3"), .invalid = inv, .path = "/meldingen"};
	json_t *doc = list_doc(8, 108, -1); /* 108 .. 101, newest first */
	CHECK_INT(api_page_apply(&c, doc, &p), 0);
	CHECK_STR(href(doc, "next"), "/api/v1/meldingen?aantal=3&na=106");
	CHECK(href(doc, "last") == NULL && href(doc, "prev") == NULL);
	json_decref(doc);
	/* two newer rows arrive; the next page still starts after 106 */
	p.after = api_page_cursor_key("106");
	doc = list_doc(10, 110, -1);
	CHECK_INT(api_page_apply(&c, doc, &p), 0);
	json_t *items = json_object_get(doc, "items");
	CHECK_INT(json_integer_value(json_object_get(json_array_get(items, 0), "id")), 105);
	CHECK_STR(href(doc, "self"), "/api/v1/meldingen?aantal=3&na=106");
	CHECK_STR(href(doc, "next"), "/api/v1/meldingen?aantal=3&na=103");
	json_decref(doc);
	/* a cursor of another shape than the list's keys is forged: 400 */
	api_page_free(&p);
	p.after = json_pack("[s]", "x");
	doc = list_doc(3, 1, 1);
	CHECK_INT(api_page_apply(&c, doc, &p), -ERR_INVALID);
	CHECK_STR(json_string_value(json_object_get(json_array_get(c.invalid, 0), "name")), "na");
	json_decref(doc);
	api_page_free(&p);
	json_decref(c.query);
	json_decref(c.invalid);
}

TEST(test_every_paged_route_has_its_row)
{
	int n, paged = 0;
	const struct route *r = api_routes(&n);
	for (int i = 0; i < n; i++) {
		if (!(r[i].flags & R_PAGED))
			continue;
		paged++;
		const struct paged *p = api_paged(&r[i]);
		CHECK(p != NULL);
		CHECK(!strcmp(r[i].method, "GET"));
		CHECK(p && p->array && *p->array);
	}
	CHECK(paged >= 25);
}

int main(void)
{
	RUN(test_page_parameters_have_defaults_and_bounds);
	RUN(test_cursors_read_back_and_refuse_forgeries);
	RUN(test_page_numbers_cut_the_list_and_link_with_the_filters);
	RUN(test_a_cursor_continues_after_its_key_even_when_rows_came_before_it);
	RUN(test_every_paged_route_has_its_row);
	return TEST_DONE();
}
