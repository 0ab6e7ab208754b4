/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Unit tests of the business-case page decoration on a real case document
 * (built from a fresh database): whole euros in Dutch and English, the
 * heatmap with the first party on top in thousands, the deal worded with its
 * total, "no deal" with the negative total, years and "not within the
 * horizon", the tornado as differences from the base, unit economics with
 * the yearly saving of public scaling, and form values typed in the page's
 * language.
 */
#include <stdlib.h>
#include <string.h>

#include "api/businesscase.h"
#include "api/module.h"
#include "lib/i18n.h"
#include "store/businesscase_store.h"
#include "store/db.h"
#include "test.h"
#include "view/view.h"

static char dir[] = "/tmp/scalelab-test-bcview-XXXXXX";
static int n_db;

static void exec(const char *sql)
{
	CHECK_INT(db_exec1(db_prep(sql)), SQLITE_DONE);
}

/* A case at 10 %: the municipality pays 1,000 now, the insurer gains 1,210 (plus extra) in year 1. */
static int64_t fresh_case(int64_t extra)
{
	char path[300];
	snprintf(path, sizeof path, "%s/t%d.db", dir, ++n_db);
	db_close_thread();
	CHECK_INT(db_open(path, api_migrations()), 0);
	exec("INSERT INTO organisations(id,slug,name,created_at) "
	     "VALUES(1,'org','Org','2026-01-01T00:00:00Z')");
	exec("INSERT INTO initiatives(id,org_id,name,stage,created_at,updated_at) VALUES"
	     "(1,1,'Valpreventie','pilot','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z')");
	struct bc_case_in in = {
	    .initiative_id = 1, .name = "Case", .horizon = 1, .rate = 0.10, .rate_source = "t"};
	int64_t c = bc_store_case_create(&in);
	int64_t a = bc_store_party_create(c, "Gemeente", ORGANISATION_KIND_OVERHEID);
	int64_t b = bc_store_party_create(c, "Verzekeraar", ORGANISATION_KIND_MARKT);
	struct bc_line_in cost = {.party_id = a,
				  .kind = BC_KIND_KOSTEN,
				  .category = BC_CATEGORY_INVESTERING,
				  .label = "Start",
				  .worst = 1.5,
				  .has_worst = 1};
	cost.cents[0] = 100000;
	cost.years = 1;
	bc_store_line_create(c, &cost);
	struct bc_line_in gain = {.party_id = b,
				  .kind = BC_KIND_BATEN,
				  .category = BC_CATEGORY_BESPARING,
				  .label = "Minder opnames"};
	gain.cents[1] = 121000 + extra;
	gain.years = 2;
	bc_store_line_create(c, &gain);
	struct bc_unit_rec u = {.kind = BC_UNIT_PUBLIEK,
				.arpa_cents = 450000,
				.margin = 0.7,
				.churn = 0.005,
				.cac_cents = 2500000,
				.customers = 1,
				.new_per_month = 0.5,
				.cash_cents = 40000000,
				.fixed_cents = 1800000};
	bc_store_unit_set(c, &u);
	return c;
}

static const char *vs(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

TEST(test_bc_view_words_the_case_in_dutch)
{
	int64_t id = fresh_case(0);
	json_t *d = bc_case_doc(NULL, id);
	struct view_ctx nl = {"nl", ROLE_LEZER, 0};
	view_page("bc_case", &nl, d);
	json_t *v = json_object_get(d, "view");
	CHECK_STR(vs(v, "rateText"), "10,00 %");
	CHECK_STR(vs(v, "totalNpvText"), "€\u00a0100"); /* -1000 + 1210 / 1.1 */
	CHECK_STR(vs(v, "totalPaybackText"), "jaar 1");
	json_t *g = json_object_get(json_array_get(json_object_get(d, "parties"), 0), "view");
	CHECK_STR(vs(g, "npvText"), "€\u00a0\u22121.000");
	CHECK_STR(vs(g, "paybackText"), "niet binnen de horizon");
	CHECK_STR(json_string_value(json_array_get(json_object_get(g, "cells"), 0)), "€\u00a0\u22121.000");
	/* the heatmap in thousands, the first party on top (the axis runs upward) */
	json_t *h = json_object_get(v, "matrixChart");
	CHECK_STR(json_string_value(json_array_get(json_object_get(h, "y"), 1)), "Gemeente");
	CHECK_NEAR(json_number_value(json_array_get(json_array_get(json_object_get(h, "values"), 1), 0)), -1,
		   1e-12);
	/* the deal: the insurer pays the municipality 1,000 */
	CHECK(strstr(vs(v, "dealText"), "in totaal €\u00a01.000") != NULL);
	/* the tornado: the cost at 1.5 takes the total from 100 to -400 */
	json_t *t = json_array_get(json_object_get(d, "tornado"), 0);
	CHECK_STR(vs(t, "lowText"), "€\u00a0\u2212400");
	/* unit economics of public scaling: the saving a year too */
	json_t *u = json_object_get(v, "unit");
	CHECK_STR(vs(u, "yearly"), "€\u00a054.000");
	CHECK_STR(vs(u, "ltv"), "€\u00a0630.000");
	CHECK_STR(vs(u, "cacPayback"), "7,9 maanden");
	CHECK(json_is_true(json_object_get(u, "isPublic")));
	CHECK_INT(json_array_size(json_object_get(u, "cashRows")), 37);
	json_decref(d);
}

TEST(test_bc_view_says_no_deal_with_the_negative_total_in_english)
{
	int64_t id = fresh_case(-11000); /* 1,100 in year 1: 1,000 in present value, a total of 0 */
	json_t *d = bc_case_doc(NULL, id);
	struct view_ctx en = {"en", ROLE_LEZER, 0};
	view_page("bc_case", &en, d);
	json_t *v = json_object_get(d, "view");
	CHECK_STR(vs(v, "totalNpvText"), "€0");
	CHECK(strstr(vs(v, "dealText"), "With transfers totalling €1,000") !=
	      NULL); /* a total of 0 is a deal */
	json_decref(d);
	id = fresh_case(-21000); /* 1,000 in year 1: a total of -90.91 */
	d = bc_case_doc(NULL, id);
	view_page("bc_case", &en, d);
	v = json_object_get(d, "view");
	CHECK(strstr(vs(v, "dealText"), "No deal is possible: the total NPV is negative (€\u221291)") !=
	      NULL);
	json_decref(d);
}

TEST(test_bc_view_types_form_values_in_the_page_language)
{
	int64_t id = fresh_case(0);
	json_t *d = bc_case_doc(NULL, id);
	struct view_ctx nl = {"nl", ROLE_BEWERKER, 0};
	view_page("bc_edit", &nl, d);
	CHECK_STR(vs(d, "ratePct"), "10");
	json_decref(d);
	d = bc_case_doc(NULL, id);
	view_page("bc_unit", &nl, d);
	CHECK_STR(vs(d, "arpaEuro"), "4500");
	CHECK_STR(vs(d, "churnPct"), "0,5");
	CHECK_STR(vs(d, "kind"), "publiek");
	json_decref(d);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	CHECK_INT(i18n_init(), 0);
	RUN(test_bc_view_words_the_case_in_dutch);
	RUN(test_bc_view_says_no_deal_with_the_negative_total_in_english);
	RUN(test_bc_view_types_form_values_in_the_page_language);
	db_close_thread();
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return TEST_DONE();
}
