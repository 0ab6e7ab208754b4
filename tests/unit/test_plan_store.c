/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Unit tests of the plan and stakeholder tables against the other places
 * that spell the same words (the schema's CHECK lists, the OpenAPI enums),
 * and of the plan module's due hook: steps fall due for their owner and
 * their initiative, gates at the end of a phase, done when finished. One
 * migrated database in a temp directory.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/module.h"
#include "domain/initiative.h"
#include "domain/organisation.h"
#include "domain/plan.h"
#include "domain/stakeholder.h"
#include "lib/assets.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/db.h"
#include "store/initiative_store.h"
#include "store/org.h"
#include "store/plan_store.h"
#include "test.h"

static char dir[] = "/tmp/scalelab-test-plan-store-XXXXXX";

/* The quoted words of "<col> IN ('a',...)" in table's CREATE statement equal names, in order. */
static int check_list_is(const char *table, const char *col, const char *const *names)
{
	sqlite3_stmt *st = db_prep("SELECT sql FROM sqlite_master WHERE type='table' AND name=?");
	db_bind_text(st, 1, table);
	char sql[4096] = "";
	if (db_step(st) == SQLITE_ROW)
		snprintf(sql, sizeof sql, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	char key[64];
	snprintf(key, sizeof key, "(%s IN (", col);
	const char *p = strstr(sql, key);
	if (!p)
		return 0;
	p += strlen(key);
	int i = 0;
	while (*p == '\'') {
		const char *end = strchr(p + 1, '\'');
		if (!end || !names[i] || strlen(names[i]) != (size_t)(end - p - 1) ||
		    strncmp(p + 1, names[i], (size_t)(end - p - 1)))
			return 0;
		i++;
		p = end + 1;
		if (*p == ',')
			p++;
	}
	return !names[i] && *p == ')';
}

/* The enum of schema name's property prop in web/openapi/<file>.json is names (+ null when nullable). */
static int openapi_enum_is(const char *file, const char *name, const char *prop, const char *const *names,
			   int nullable)
{
	char path[128];
	snprintf(path, sizeof path, "web/openapi/%s.json", file);
	const struct asset *a = assets_find(path);
	json_t *doc = a ? json_loadb((const char *)a->data, a->len, 0, NULL) : NULL;
	json_t *e = json_object_get(
	    json_object_get(
		json_object_get(json_object_get(json_object_get(doc, "schemas"), name), "properties"), prop),
	    "enum");
	size_t n = 0;
	int ok = json_is_array(e);
	for (; ok && names[n]; n++) {
		const char *word = json_string_value(json_array_get(e, n));
		ok = word && !strcmp(word, names[n]);
	}
	if (ok && nullable) {
		json_t *last = json_array_get(e, n++); /* json_is_null reads its argument twice */
		ok = json_is_null(last);
	}
	ok = ok && json_array_size(e) == n;
	json_decref(doc);
	return ok;
}

TEST(test_plan_store_tables_say_what_the_schema_checks)
{
	CHECK(check_list_is("plan_criteria", "kind", plan_criterion_kinds));
	CHECK(check_list_is("plan_criteria", "evidence", plan_evidences));
	CHECK(check_list_is("plan_reviews", "status", plan_review_statuses));
	CHECK(check_list_is("plan_reviews", "decision", plan_decisions));
	CHECK(check_list_is("plan_reviews", "route", plan_routes));
	CHECK(check_list_is("plan_steps", "status", plan_step_statuses));
	CHECK(check_list_is("stakeholders", "party_type", stakeholder_parties));
	CHECK(check_list_is("stakeholders", "support", stakeholder_supports));
	CHECK(check_list_is("stakeholders", "desired_support", stakeholder_supports));
	CHECK(!check_list_is("plan_reviews", "decision", plan_routes)); /* the check can fail */
}

TEST(test_plan_store_tables_say_what_the_openapi_document_declares)
{
	CHECK(openapi_enum_is("plan", "Criterion", "kind", plan_criterion_kinds, 0));
	CHECK(openapi_enum_is("plan", "CriterionInput", "evidence", plan_evidences, 0));
	CHECK(openapi_enum_is("plan", "Step", "status", plan_step_statuses, 0));
	CHECK(openapi_enum_is("plan", "StepInput", "status", plan_step_statuses, 0));
	CHECK(openapi_enum_is("plan", "GateDecisionInput", "decision", plan_decisions, 0));
	CHECK(openapi_enum_is("plan", "GateDecisionInput", "route", plan_routes, 1));
	CHECK(openapi_enum_is("plan", "ReviewSummary", "decision", plan_decisions, 1));
	CHECK(openapi_enum_is("plan", "ReviewSummary", "status", plan_review_statuses, 0));
	CHECK(openapi_enum_is("stakeholder", "StakeholderInput", "partyType", stakeholder_parties, 0));
	CHECK(openapi_enum_is("stakeholder", "Stakeholder", "support", stakeholder_supports, 0));
	CHECK(openapi_enum_is("stakeholder", "Stakeholder", "salience", stakeholder_saliences, 0));
	CHECK(!openapi_enum_is("plan", "Step", "status", plan_decisions, 0));
}

struct seen {
	struct due_item items[16];
	size_t n;
};

static void collect(void *arg, const struct due_item *it)
{
	struct seen *s = arg;
	if (s->n < 16)
		s->items[s->n++] = *it;
}

static const struct due_item *find(const struct seen *s, const char *kind, const char *title)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->items[i].kind, kind) && !strcmp(s->items[i].title, title))
			return &s->items[i];
	return NULL;
}

TEST(test_plan_store_due_reports_steps_to_owner_and_initiative_and_gates_at_phase_end)
{
	CHECK_INT(db_begin(), 0);
	int64_t org = org_create("plan-org", "Planorganisatie", ORGANISATION_KIND_OVERHEID);
	int64_t ann = account_user_add("ann@plan.test", "Ann", "wachtwoord-lang-genoeg-1", 0);
	int64_t bob = account_user_add("bob@plan.test", "Bob", "wachtwoord-lang-genoeg-2", 0);
	CHECK(org > 0 && ann > 0 && bob > 0);
	struct initiative in = {
	    .org_id = org, .name = "Plan", .stage = INITIATIVE_STAGE_PILOT, .target_reach = -1};
	int64_t ini = initiative_store_create(&in);
	in.name = "Ander";
	int64_t ini2 = initiative_store_create(&in);
	CHECK(ini > 0 && ini2 > 0);
	int64_t phase = plan_store_phase_add(ini, 1, "pilot", "2026-01-01", "2026-06-30");
	CHECK(phase > 0);
	struct plan_step_in s = {.initiative_id = ini,
				 .owner_id = ann,
				 .title = "Convenant",
				 .due_on = "2026-03-01",
				 .status = "open",
				 .effort_days = 5};
	int64_t s1 = plan_store_step_create(&s);
	s.title = "Training", s.due_on = "2026-04-01", s.status = "klaar";
	CHECK(plan_store_step_create(&s) > 0);
	s.title = "Livegang", s.owner_id = bob, s.due_on = "2026-05-01", s.status = "bezig";
	CHECK(plan_store_step_create(&s) > 0);
	s.initiative_id = ini2, s.title = "Elders", s.owner_id = ann, s.due_on = "2026-03-15";
	CHECK(plan_store_step_create(&s) > 0);
	s.initiative_id = ini, s.title = "Zonder datum", s.due_on = NULL;
	CHECK(plan_store_step_create(&s) > 0);

	/* Ann's items: her three dated steps in both initiatives, no gate (she opened no review) */
	struct seen a = {0};
	CHECK_INT(plan_store_due(&(struct due_query){.user_id = ann}, collect, &a), 0);
	CHECK_INT(a.n, 3);
	const struct due_item *c = find(&a, "step", "Convenant");
	CHECK(c != NULL);
	CHECK_INT(c->id, s1);
	CHECK_INT(c->initiative_id, ini);
	CHECK_STR(c->date, "2026-03-01");
	CHECK_INT(c->done, 0);
	char path[64];
	snprintf(path, sizeof path, "/stappen/%lld", (long long)s1);
	CHECK_STR(c->path, path);
	CHECK_INT(find(&a, "step", "Training")->done, 1);
	CHECK(find(&a, "step", "Elders") != NULL);

	/* the initiative's feed: its four dated steps and the gate at the end of the phase */
	struct seen f = {0};
	CHECK_INT(plan_store_due(&(struct due_query){.initiative_id = ini}, collect, &f), 0);
	CHECK_INT(f.n, 4);
	const struct due_item *g = find(&f, "gate", "pilot");
	CHECK(g != NULL);
	CHECK_STR(g->date, "2026-06-30");
	CHECK_INT(g->done, 0);

	/* a date range, both ends inclusive */
	struct seen r = {0};
	CHECK_INT(plan_store_due(
		      &(struct due_query){.initiative_id = ini, .from = "2026-04-01", .to = "2026-05-01"},
		      collect, &r),
		  0);
	CHECK_INT(r.n, 2);
	CHECK(find(&r, "step", "Training") && find(&r, "step", "Livegang"));

	/* an open review makes the gate its opener's; a decided one makes it done */
	int64_t rv = plan_store_review_create(phase, "{}", "[]", bob, NULL);
	CHECK(rv > 0);
	struct seen b = {0};
	CHECK_INT(plan_store_due(&(struct due_query){.user_id = bob}, collect, &b), 0);
	CHECK(find(&b, "gate", "pilot") != NULL);
	struct plan_decision_in d = {
	    .decision = "door", .rationale = "r", .makers = "m", .decided_on = "2026-06-30"};
	CHECK_INT(plan_store_review_decide(rv, &d), 0);
	CHECK_INT(plan_store_review_decide(rv, &d), -ERR_NOTFOUND); /* decided once */
	struct seen f2 = {0};
	CHECK_INT(plan_store_due(&(struct due_query){.initiative_id = ini}, collect, &f2), 0);
	CHECK_INT(find(&f2, "gate", "pilot")->done, 1);
	db_rollback();
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	char path[300];
	snprintf(path, sizeof path, "%s/plan.db", dir);
	if (db_open(path, api_migrations()) < 0) {
		fprintf(stderr, "cannot open %s\n", path);
		return 1;
	}
	RUN(test_plan_store_tables_say_what_the_schema_checks);
	RUN(test_plan_store_tables_say_what_the_openapi_document_declares);
	RUN(test_plan_store_due_reports_steps_to_owner_and_initiative_and_gates_at_phase_end);
	db_close_thread();
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return TEST_DONE();
}
