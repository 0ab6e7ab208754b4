/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the initiative domain rules and roles. */
#include "domain/initiative.h"
#include "domain/role.h"
#include "lib/util.h"
#include "test.h"

static int has(json_t *inv, const char *name, const char *reason)
{
	size_t i;
	json_t *p;
	json_array_foreach (inv, i, p)
		if (!strcmp(json_string_value(json_object_get(p, "name")), name) &&
		    !strcmp(json_string_value(json_object_get(p, "reason")), reason))
			return 1;
	return 0;
}

TEST(test_initiative_valid_minimal)
{
	struct initiative in = {.name = "Buurtteam", .stage = INITIATIVE_STAGE_PILOT, .target_reach = -1};
	json_t *inv = json_array();
	CHECK_INT(initiative_validate(&in, inv), 0);
	CHECK_INT(json_array_size(inv), 0);
	json_decref(inv);
}

TEST(test_initiative_reports_every_bad_field_at_once)
{
	struct initiative in = {.name = "  ",
				.stage = INITIATIVE_STAGE_NONE,
				.target_reach = -5,
				.target_date = "2025-02-30",
				.sector = "\xff"};
	json_t *inv = json_array();
	CHECK_INT(initiative_validate(&in, inv), -ERR_INVALID);
	CHECK(has(inv, "name", "err.required"));
	CHECK(has(inv, "stage", "err.stage"));
	CHECK(has(inv, "ambition.reach", "err.reach"));
	CHECK(has(inv, "ambition.targetDate", "err.date"));
	CHECK(has(inv, "sector", "err.utf8"));
	CHECK_INT(json_array_size(inv), 5);
	json_decref(inv);
}

TEST(test_initiative_name_limit_counts_code_points)
{
	char name[2 * INITIATIVE_NAME_MAX + 3];
	/* 200 two-byte characters fit; 201 do not. */
	for (int i = 0; i < INITIATIVE_NAME_MAX; i++)
		memcpy(name + 2 * i, "\xc3\xa9", 2);
	name[2 * INITIATIVE_NAME_MAX] = 0;
	struct initiative in = {.name = name, .stage = INITIATIVE_STAGE_IDEE, .target_reach = -1};
	json_t *inv = json_array();
	CHECK_INT(initiative_validate(&in, inv), 0);
	memcpy(name + 2 * INITIATIVE_NAME_MAX, "x", 2);
	CHECK_INT(initiative_validate(&in, inv), -ERR_INVALID);
	CHECK(has(inv, "name", "err.max_length"));
	json_decref(inv);
}

TEST(test_stages_are_the_five_in_order_and_round_trip)
{
	const char *want[] = {"idee", "pilot", "opschalen", "geborgd", "gestopt"};
	for (int i = 0; i < 5; i++) {
		CHECK_STR(initiative_stages[i], want[i]);
		CHECK_STR(initiative_stage_name((enum initiative_stage)(i + 1)), want[i]);
		CHECK_INT(initiative_stage_parse(want[i]), i + 1);
	}
	CHECK(initiative_stages[5] == NULL);
	CHECK(INITIATIVE_STAGE_IDEE < INITIATIVE_STAGE_PILOT &&
	      INITIATIVE_STAGE_PILOT < INITIATIVE_STAGE_OPSCHALEN &&
	      INITIATIVE_STAGE_OPSCHALEN < INITIATIVE_STAGE_GEBORGD &&
	      INITIATIVE_STAGE_GEBORGD < INITIATIVE_STAGE_GESTOPT);
	CHECK_INT(initiative_stage_parse("Pilot"), INITIATIVE_STAGE_NONE); /* exact, lower case */
	CHECK_INT(initiative_stage_parse("klaar"), INITIATIVE_STAGE_NONE);
	CHECK_INT(initiative_stage_parse(NULL), INITIATIVE_STAGE_NONE);
	CHECK(initiative_stage_name(INITIATIVE_STAGE_NONE) == NULL);
	CHECK(initiative_stage_name((enum initiative_stage)6) == NULL);
}

TEST(test_roles_are_ordered_and_round_trip)
{
	CHECK(ROLE_LEZER < ROLE_DEELNEMER && ROLE_DEELNEMER < ROLE_BEWERKER &&
	      ROLE_BEWERKER < ROLE_BEHEERDER);
	for (int r = ROLE_LEZER; r <= ROLE_BEHEERDER; r++)
		CHECK_INT(role_parse(role_name((enum role)r)), r);
	CHECK_INT(role_parse("admin"), ROLE_NONE);
	CHECK(role_name(ROLE_NONE) == NULL);
}

int main(void)
{
	RUN(test_initiative_valid_minimal);
	RUN(test_initiative_reports_every_bad_field_at_once);
	RUN(test_initiative_name_limit_counts_code_points);
	RUN(test_stages_are_the_five_in_order_and_round_trip);
	RUN(test_roles_are_ordered_and_round_trip);
	return TEST_DONE();
}
