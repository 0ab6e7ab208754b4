/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Unit tests of store/businesscase_store and the module's evidence hook:
 * a case comes back whole (parties, lines with their years, multipliers,
 * unit economics), party names are unique regardless of case, and
 * api_evidence() puts the initiative's most recently changed case under
 * "businesscase" with the figures the plan module reads. Each test uses a
 * fresh migrated database in a temp dir.
 */
#include <stdlib.h>
#include <string.h>

#include "api/businesscase.h"
#include "api/module.h"
#include "lib/util.h"
#include "store/businesscase_store.h"
#include "store/db.h"
#include "test.h"

static char dir[] = "/tmp/scalelab-test-bcstore-XXXXXX";
static int n_db;

static void exec(const char *sql)
{
	CHECK_INT(db_exec1(db_prep(sql)), SQLITE_DONE);
}

static void fresh_db(void)
{
	char path[300];
	snprintf(path, sizeof path, "%s/t%d.db", dir, ++n_db);
	db_close_thread();
	CHECK_INT(db_open(path, api_migrations()), 0);
	exec("INSERT INTO organisations(id,slug,name,created_at) "
	     "VALUES(1,'org','Org','2026-01-01T00:00:00Z')");
	exec("INSERT INTO initiatives(id,org_id,name,stage,created_at,updated_at) VALUES"
	     "(1,1,'Valpreventie','pilot','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),"
	     "(2,1,'Leeg','idee','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z')");
}

static int64_t new_case(const char *name, int horizon, double rate)
{
	struct bc_case_in in = {
	    .initiative_id = 1, .name = name, .horizon = horizon, .rate = rate, .rate_source = "test"};
	return bc_store_case_create(&in);
}

static int64_t new_line(int64_t c, int64_t party, enum bc_kind kind, int64_t y0, int64_t y1)
{
	struct bc_line_in l = {
	    .party_id = party, .kind = kind, .category = BC_CATEGORY_BESPARING, .label = "r"};
	l.cents[0] = y0;
	l.cents[1] = y1;
	l.years = 3;
	return bc_store_line_create(c, &l);
}

TEST(test_bc_store_case_comes_back_whole)
{
	fresh_db();
	int64_t c = new_case("Case", 1, 0.10);
	CHECK(c > 0);
	CHECK_INT(new_case("Case", 5, 0.10), -ERR_CONFLICT);
	int64_t a = bc_store_party_create(c, "Gemeente", ORGANISATION_KIND_OVERHEID);
	int64_t b = bc_store_party_create(c, "Verzekeraar", ORGANISATION_KIND_MARKT);
	CHECK_INT(bc_store_party_create(c, "GEMEENTE", ORGANISATION_KIND_MARKT), -ERR_CONFLICT);
	int64_t l1 = new_line(c, a, BC_KIND_KOSTEN, 100000, 0);
	new_line(c, b, BC_KIND_BATEN, 0, 110000);
	double best[BC_CATEGORY_COUNT + 1] = {1, 1, 1, 1.2, 1, 1, 1},
					worst[BC_CATEGORY_COUNT + 1] = {1, 1, 1, 0.5, 1, 1, 1};
	bc_store_factors_set(c, best, worst);
	struct bc_unit_rec u = {.kind = BC_UNIT_PUBLIEK, .arpa_cents = 450000, .margin = 0.7, .churn = 0.005};
	bc_store_unit_set(c, &u);
	CHECK_INT(bc_store_case_org(c), 1);
	CHECK_INT(bc_store_party_case(a), c);
	CHECK_INT(bc_store_line_case(l1), c);
	CHECK_INT(bc_store_case_last_year(c), 1);
	struct bc_case k;
	CHECK_INT(bc_store_case_load(c, &k), 0);
	CHECK_STR(k.name, "Case");
	CHECK_STR(k.initiative_name, "Valpreventie");
	CHECK_INT(k.n_parties, 2);
	CHECK_INT(k.parties[1].helix, ORGANISATION_KIND_MARKT);
	CHECK_INT(k.n_lines, 2);
	CHECK_INT(k.lines[0].cents[0], 100000);
	CHECK_INT(k.lines[0].years, 3);
	CHECK_NEAR(k.best[BC_CATEGORY_BESPARING], 1.2, 1e-12);
	CHECK_NEAR(k.worst[BC_CATEGORY_INVESTERING], 1, 0);
	CHECK(k.has_unit && k.unit.kind == BC_UNIT_PUBLIEK && k.unit.arpa_cents == 450000);
	/* the maths input takes the category's multipliers for lines without their own */
	struct bc_line lines[2];
	struct bc_input in;
	bc_case_input(&k, lines, &in);
	CHECK_NEAR(lines[1].best, 1.2, 1e-12);
	CHECK_INT(lines[1].party, 1);
	bc_case_free(&k);
	/* a party goes with its lines */
	bc_store_party_delete(b);
	CHECK_INT(bc_store_case_load(c, &k), 0);
	CHECK_INT(k.n_lines, 1);
	bc_case_free(&k);
	CHECK_INT(bc_store_case_load(c + 100, &k), -ERR_NOTFOUND);
}

TEST(test_bc_evidence_reports_the_latest_case_per_party)
{
	fresh_db();
	int err;
	json_t *e = api_evidence(2, &err);
	CHECK(e && !json_object_get(e, "businesscase")); /* no case: nothing said */
	json_decref(e);
	int64_t old = new_case("Oud", 1, 0.10);
	bc_store_party_create(old, "X", ORGANISATION_KIND_MARKT);
	exec("UPDATE bc_cases SET updated_at='2020-01-01T00:00:00Z'");
	int64_t c = new_case("Nieuw", 1, 0.10);
	int64_t a = bc_store_party_create(c, "Gemeente", ORGANISATION_KIND_OVERHEID);
	int64_t b = bc_store_party_create(c, "Verzekeraar", ORGANISATION_KIND_MARKT);
	new_line(c, a, BC_KIND_KOSTEN, 100000, 0);
	new_line(c, b, BC_KIND_BATEN, 0, 121000);
	e = api_evidence(1, &err);
	CHECK_INT(err, 0);
	json_t *bc = json_object_get(e, "businesscase");
	CHECK(json_is_object(bc));
	CHECK_INT(json_integer_value(json_object_get(bc, "caseId")), c);
	CHECK_INT(json_integer_value(json_object_get(bc, "totalNpvCents")), 10000); /* -1000 + 1210 / 1.1 */
	CHECK_INT(json_integer_value(json_object_get(bc, "partiesBelowZero")), 1);
	json_t *p0 = json_array_get(json_object_get(bc, "parties"), 0),
	       *p1 = json_array_get(json_object_get(bc, "parties"), 1);
	CHECK_STR(json_string_value(json_object_get(p0, "name")), "Gemeente");
	CHECK_INT(json_integer_value(json_object_get(p0, "npvCents")), -100000);
	CHECK(json_is_null(json_object_get(p0, "paybackYear")));
	CHECK_INT(json_integer_value(json_object_get(p0, "paysCents")), 100000);
	CHECK_INT(json_integer_value(json_object_get(p0, "gainsCents")), 0);
	CHECK_INT(json_integer_value(json_object_get(p1, "npvCents")), 110000);
	CHECK_INT(json_integer_value(json_object_get(p1, "paybackYear")), 0);
	CHECK_INT(json_integer_value(json_object_get(p1, "gainsCents")), 121000);
	json_decref(e);
}

TEST(test_bc_parties_below_zero_with_much_power_can_block)
{
	json_t *parties = json_pack(
	    "[{s:s,s:I},{s:s,s:I},{s:s,s:I},{s:s,s:I}]", "name", "Gemeente Voorbeeldstad", "npvCents",
	    (json_int_t)-100, "name", "Thuiszorg", "npvCents", (json_int_t)-5, "name", "Verzekeraar",
	    "npvCents", (json_int_t)900, "name", "Woonstichting", "npvCents", (json_int_t)-1);
	/* the stakeholder module spells names its own way: matched case-insensitively */
	json_t *holders =
	    json_pack("[{s:s,s:i},{s:s,s:i},{s:s,s:i}]", "name", "gemeente voorbeeldstad", "power", 5, "name",
		      "THUISZORG", "power", 3, "name", "Verzekeraar", "power", 4);
	bc_parties_block(parties, holders);
	json_t *g = json_array_get(parties, 0), *t = json_array_get(parties, 1),
	       *v = json_array_get(parties, 2), *w = json_array_get(parties, 3);
	CHECK(json_is_true(json_object_get(g, "canBlock"))); /* below zero, power 5 */
	CHECK_INT(json_integer_value(json_object_get(g, "power")), 5);
	CHECK(json_is_false(json_object_get(t, "canBlock"))); /* below zero, power 3 */
	CHECK(json_is_false(json_object_get(v, "canBlock"))); /* power 4, but it gains */
	CHECK(json_is_false(json_object_get(w, "canBlock"))); /* not in the map */
	CHECK(json_is_null(json_object_get(w, "power")));
	/* without a stakeholder map there is no flag at all */
	bc_parties_block(parties, NULL);
	CHECK(json_is_null(json_object_get(g, "canBlock")));
	CHECK(json_is_null(json_object_get(g, "power")));
	json_decref(holders);
	json_decref(parties);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(test_bc_store_case_comes_back_whole);
	RUN(test_bc_evidence_reports_the_latest_case_per_party);
	RUN(test_bc_parties_below_zero_with_much_power_can_block);
	db_close_thread();
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return TEST_DONE();
}
