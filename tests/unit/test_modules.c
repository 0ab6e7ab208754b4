/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the module assembly: the migration plan across modules,
 * the route table and the scope resolvers declared by the modules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/module.h"
#include "store/migrations.h"
#include "test.h"

static const struct migration a[] = {{1, "a1"}, {3, "a3"}, {0, NULL}};
static const struct migration b[] = {{2, "b2"}, {4, "b4"}, {0, NULL}};
static const struct migration *const sets[] = {a, b, NULL};

TEST(test_migrations_run_in_version_order_across_modules)
{
	const struct migration **todo;
	char err[200];
	int n = migrations_plan(sets, NULL, 0, &todo, err, sizeof err);
	CHECK_INT(n, 4);
	for (int i = 0; i < n; i++)
		CHECK_INT(todo[i]->version, i + 1);
	free(todo);
}

TEST(test_migrations_skip_what_the_database_has)
{
	const struct migration **todo;
	char err[200];
	int applied[] = {2, 1};
	int n = migrations_plan(sets, applied, 2, &todo, err, sizeof err);
	CHECK_INT(n, 2);
	CHECK_STR(todo[0]->sql, "a3");
	CHECK_STR(todo[1]->sql, "b4");
	free(todo);
	int all[] = {1, 2, 3, 4};
	CHECK_INT(migrations_plan(sets, all, 4, &todo, err, sizeof err), 0);
	free(todo);
}

TEST(test_migrations_refuse_a_step_below_an_applied_one)
{
	const struct migration **todo;
	char err[200] = "";
	int applied[] = {1, 2, 4}; /* 3 arrived later, e.g. from another branch */
	CHECK_INT(migrations_plan(sets, applied, 3, &todo, err, sizeof err), -1);
	CHECK(todo == NULL);
	CHECK(strstr(err, "step 3 is missing below step 4") != NULL);
}

TEST(test_migrations_refuse_a_database_of_a_newer_release)
{
	const struct migration **todo;
	char err[200] = "";
	int applied[] = {1, 2, 3, 4, 5};
	CHECK_INT(migrations_plan(sets, applied, 5, &todo, err, sizeof err), -1);
	CHECK(strstr(err, "step 5") != NULL && strstr(err, "newer release") != NULL);
}

TEST(test_migrations_refuse_a_number_declared_twice)
{
	static const struct migration c[] = {{3, "c3"}, {0, NULL}};
	const struct migration *const dup[] = {a, b, c, NULL};
	const struct migration **todo;
	char err[200] = "";
	CHECK_INT(migrations_plan(dup, NULL, 0, &todo, err, sizeof err), -1);
	CHECK(strstr(err, "step 3 is declared twice") != NULL);
}

TEST(test_modules_schema_steps_form_one_sequence_from_one)
{
	const struct migration **todo;
	char err[200] = "";
	int n = migrations_plan(api_migrations(), NULL, 0, &todo, err, sizeof err);
	CHECK(n >= 5);
	for (int i = 0; i < n; i++)
		CHECK_INT(todo[i]->version, i + 1); /* no gaps: a gap is a step lost in a merge */
	free(todo);
}

TEST(test_modules_every_member_route_param_has_a_resolver)
{
	int n;
	const struct route *r = api_routes(&n);
	CHECK(n > 50);
	int members = 0;
	for (int i = 0; i < n; i++) {
		if (r[i].access != ACCESS_MEMBER)
			continue;
		members++;
		const char *p = strchr(r[i].path, '{');
		CHECK(p != NULL);
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)strcspn(p + 1, "}"), p + 1);
		const struct scope *s = api_scope(name);
		CHECK(s != NULL && s->parent == NULL);
	}
	CHECK(members > 30);
	const struct scope *rater = api_scope("raterId");
	CHECK(rater && !strcmp(rater->parent, "roundId"));
	CHECK(api_scope("analysisId") && !strcmp(api_scope("analysisId")->parent, "experimentId"));
}

TEST(test_modules_may_resolve_one_name_under_different_parents)
{
	/* {datum} is a day of a key result (okr) and a day of a KPI series (kpi) */
	const char *parents[4];
	size_t n = 0;
	for (const struct module *const *m = api_modules(); *m; m++)
		for (const struct scope *s = (*m)->scopes; s && s->param; s++)
			if (!strcmp(s->param, "datum") && n < 4)
				parents[n++] = s->parent;
	CHECK_INT(n, 2);
	CHECK(n == 2 && parents[0] && parents[1] && strcmp(parents[0], parents[1]) != 0);
	/* and the route table with both assembles (it aborts on a mismatch) */
	int count;
	const struct route *r = api_routes(&count);
	int found = 0;
	for (int i = 0; i < count; i++)
		found += !strcmp(r[i].path, "/kpi-reeksen/{seriesId}/waarden/{datum}") ||
			 !strcmp(r[i].path, "/kernresultaten/{krId}/waarden/{datum}");
	CHECK(found >= 3);
}

TEST(test_modules_have_unique_names)
{
	const struct module *const *m = api_modules();
	int n = 0;
	for (; m[n]; n++)
		for (int k = 0; k < n; k++)
			CHECK(strcmp(m[n]->name, m[k]->name) != 0);
	CHECK(n >= 5);
}

TEST(test_parse_id_takes_positive_decimals_only)
{
	int64_t id = 0;
	CHECK_INT(api_parse_id("42", &id), 0);
	CHECK_INT(id, 42);
	CHECK_INT(api_parse_id("0", &id), -1);
	CHECK_INT(api_parse_id("-1", &id), -1);
	CHECK_INT(api_parse_id("4x", &id), -1);
	CHECK_INT(api_parse_id("06", &id), -1); /* not a second path to id 6 */
	CHECK_INT(api_parse_id("+6", &id), -1);
	CHECK_INT(api_parse_id(" 6", &id), -1);
	CHECK_INT(api_parse_id("", &id), -1);
	CHECK_INT(api_parse_id("1234567890123456789", &id), -1);
}

int main(void)
{
	RUN(test_migrations_run_in_version_order_across_modules);
	RUN(test_modules_may_resolve_one_name_under_different_parents);
	RUN(test_migrations_skip_what_the_database_has);
	RUN(test_migrations_refuse_a_step_below_an_applied_one);
	RUN(test_migrations_refuse_a_database_of_a_newer_release);
	RUN(test_migrations_refuse_a_number_declared_twice);
	RUN(test_modules_schema_steps_form_one_sequence_from_one);
	RUN(test_modules_every_member_route_param_has_a_resolver);
	RUN(test_modules_have_unique_names);
	RUN(test_parse_id_takes_positive_decimals_only);
	return TEST_DONE();
}
