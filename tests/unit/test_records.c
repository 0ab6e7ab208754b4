/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Unit tests of the name tables of states and kinds, held against the two
 * other places that spell the same words (the schema's CHECK lists and the
 * OpenAPI enums), and of the stores' typed reads: every word is written
 * and read back as the same enum, absent values stay absent, and a record
 * owns its strings. One migrated database in a temp directory.
 */
#include <stdlib.h>
#include <unistd.h>

#include "api/module.h"
#include "domain/businesscase.h"
#include "domain/event_source.h"
#include "domain/experiment.h"
#include "domain/initiative.h"
#include "domain/knowledge.h"
#include "domain/kpi.h"
#include "domain/organisation.h"
#include "domain/role.h"
#include "lib/assets.h"
#include "lib/util.h"
#include "store/db.h"
#include "store/experiment_store.h"
#include "store/initiative_store.h"
#include "store/org.h"
#include "store/record.h"
#include "test.h"

static char dir[] = "/tmp/scalelab-test-records-XXXXXX";
static int quiet; /* 1 while a check is expected to fail: no message */

/* The quoted words of "<col> IN ('a','b',...)" in the CREATE statement of
 * table (as SQLite keeps it, later ALTERs included), compared with names:
 * same words, same order. */
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
	if (!p) {
		if (!quiet)
			fprintf(stderr, "%s: no CHECK(%s IN (...))\n", table, col);
		return 0;
	}
	p += strlen(key);
	int i = 0;
	while (*p == '\'') {
		const char *end = strchr(p + 1, '\'');
		if (!end || !names[i] || strlen(names[i]) != (size_t)(end - p - 1) ||
		    strncmp(p + 1, names[i], (size_t)(end - p - 1))) {
			if (!quiet)
				fprintf(stderr, "%s.%s: word %d differs from the table (%s)\n", table, col, i,
					names[i] ? names[i] : "table ended");
			return 0;
		}
		i++;
		p = end + 1;
		if (*p == ',')
			p++;
	}
	if (names[i] || *p != ')') {
		if (!quiet)
			fprintf(stderr, "%s.%s: the table has %s\n", table, col,
				names[i] ? "more words" : "fewer words");
		return 0;
	}
	return 1;
}

TEST(test_records_tables_say_what_the_schema_checks)
{
	CHECK(check_list_is("experiments", "status", experiment_statuses));
	CHECK(check_list_is("experiments", "decision", experiment_decisions));
	CHECK(check_list_is("experiments", "metric_kind", experiment_metric_kinds));
	CHECK(check_list_is("initiatives", "stage", initiative_stages));
	CHECK(check_list_is("organisations", "kind", organisation_kinds));
	CHECK(check_list_is("kpi_series", "kind", kpi_kinds));
	CHECK(check_list_is("kpi_series", "direction", kpi_directions));
	CHECK(check_list_is("kpi_values", "source", kpi_sources));
	CHECK(check_list_is("bc_parties", "helix", organisation_kinds));
	CHECK(check_list_is("bc_lines", "kind", bc_kinds));
	CHECK(check_list_is("bc_lines", "category", bc_categories));
	CHECK(check_list_is("bc_factors", "category", bc_categories));
	CHECK(check_list_is("bc_units", "kind", bc_unit_kinds));
	CHECK(check_list_is("knowledge_items", "kind", knowledge_kinds));
	CHECK(check_list_is("knowledge_items", "visibility", knowledge_visibilities));
	CHECK(check_list_is("knowledge_items", "evidence_level", knowledge_levels));
	CHECK(check_list_is("knowledge_links", "kind", knowledge_link_kinds));
	CHECK(check_list_is("event_sources", "kind", event_source_kinds));
	CHECK(check_list_is("event_sources", "status", event_source_statuses));
	/* the schema lists roles from the most rights down; the table is in rank order */
	const char *const roles_down[] = {role_names[3], role_names[2], role_names[1], role_names[0], NULL};
	CHECK(check_list_is("memberships", "role", roles_down));
	/* and the check can fail */
	const char *const wrong[] = {"ontwerp", "lopend", NULL};
	quiet = 1;
	CHECK(!check_list_is("experiments", "status", wrong));
	CHECK(!check_list_is("experiments", "decision", experiment_statuses));
	quiet = 0;
}

/* The enum of property prop of schema name in web/openapi/<file>.json is
 * names (in order), with a trailing null when nullable is set. */
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
		json_t *last = json_array_get(e, n++);
		ok = json_is_null(last);
	}
	ok = ok && json_array_size(e) == n;
	if (!ok && !quiet)
		fprintf(stderr, "%s: %s.%s enum differs from the table\n", path, name, prop);
	json_decref(doc);
	return ok;
}

TEST(test_records_tables_say_what_the_openapi_document_declares)
{
	CHECK(openapi_enum_is("experiment", "ExperimentSummary", "status", experiment_statuses, 0));
	CHECK(openapi_enum_is("experiment", "Experiment", "status", experiment_statuses, 0));
	CHECK(openapi_enum_is("experiment", "ExperimentInput", "status", experiment_statuses, 0));
	CHECK(openapi_enum_is("experiment", "ExperimentSummary", "decision", experiment_decisions, 1));
	CHECK(openapi_enum_is("experiment", "DecisionInput", "decision", experiment_decisions, 0));
	CHECK(openapi_enum_is("experiment", "Experiment", "metricKind", experiment_metric_kinds, 0));
	CHECK(openapi_enum_is("experiment", "ExperimentMetric", "kind", experiment_metric_kinds, 0));
	CHECK(openapi_enum_is("initiative", "Initiative", "stage", initiative_stages, 0));
	CHECK(openapi_enum_is("initiative", "InitiativeInput", "stage", initiative_stages, 0));
	CHECK(openapi_enum_is("initiative", "InitiativeSummary", "stage", initiative_stages, 0));
	CHECK(openapi_enum_is("kpi", "KpiSeries", "kind", kpi_kinds, 0));
	CHECK(openapi_enum_is("kpi", "KpiSeriesItem", "direction", kpi_directions, 0));
	CHECK(openapi_enum_is("kpi", "KpiSeriesInput", "kind", kpi_kinds, 0));
	CHECK(openapi_enum_is("kpi", "KpiSeriesInput", "direction", kpi_directions, 0));
	CHECK(openapi_enum_is("kpi", "KpiValueRow", "source", kpi_sources, 0));
	CHECK(openapi_enum_is("businesscase", "BusinessCasePartyInput", "helix", organisation_kinds, 0));
	CHECK(openapi_enum_is("businesscase", "BusinessCaseParty", "helix", organisation_kinds, 0));
	CHECK(openapi_enum_is("businesscase", "BusinessCaseLineInput", "kind", bc_kinds, 0));
	CHECK(openapi_enum_is("businesscase", "BusinessCaseLineInput", "category", bc_categories, 0));
	CHECK(openapi_enum_is("businesscase", "BusinessCaseLine", "kind", bc_kinds, 0));
	CHECK(openapi_enum_is("businesscase", "BusinessCaseLine", "category", bc_categories, 0));
	CHECK(openapi_enum_is("businesscase", "BusinessCaseUnitInput", "kind", bc_unit_kinds, 0));
	CHECK(openapi_enum_is("knowledge", "KnowledgeItem", "kind", knowledge_kinds, 0));
	CHECK(openapi_enum_is("knowledge", "KnowledgeItemInput", "kind", knowledge_kinds, 0));
	CHECK(openapi_enum_is("knowledge", "KnowledgeHit", "kind", knowledge_kinds, 0));
	CHECK(openapi_enum_is("knowledge", "KnowledgeItem", "evidenceLevel", knowledge_levels, 0));
	CHECK(openapi_enum_is("knowledge", "KnowledgeItemInput", "evidenceLevel", knowledge_levels, 0));
	CHECK(openapi_enum_is("knowledge", "KnowledgeReviewInput", "evidenceLevel", knowledge_levels, 0));
	CHECK(openapi_enum_is("knowledge", "KnowledgeItemInput", "visibility", knowledge_visibilities, 0));
	CHECK(openapi_enum_is("knowledge", "KnowledgeLinkInput", "kind", knowledge_link_kinds, 0));
	CHECK(openapi_enum_is("events", "EventSource", "kind", event_source_kinds, 0));
	CHECK(openapi_enum_is("events", "EventSource", "status", event_source_statuses, 0));
	CHECK(openapi_enum_is("events", "EventSourceInput", "kind", event_source_kinds, 0));
	/* roles from the most rights down, as in the schema */
	const char *const roles_down[] = {role_names[3], role_names[2], role_names[1], role_names[0], NULL};
	CHECK(openapi_enum_is("invite", "MemberInvitationInput", "role", roles_down, 0));
	CHECK(openapi_enum_is("account", "Member", "role", roles_down, 0));
	quiet = 1;
	CHECK(!openapi_enum_is("experiment", "ExperimentSummary", "status", experiment_decisions, 0));
	CHECK(!openapi_enum_is("experiment", "ExperimentSummary", "decision", experiment_decisions, 0));
	quiet = 0;
}

TEST(test_records_organisation_kinds_round_trip_in_order)
{
	const char *want[] = {"overheid", "markt", "wetenschap", "samenleving"};
	for (int i = 0; i < 4; i++) {
		CHECK_STR(organisation_kinds[i], want[i]);
		CHECK_STR(organisation_kind_name((enum organisation_kind)(i + 1)), want[i]);
		CHECK_INT(organisation_kind_parse(want[i]), i + 1);
	}
	CHECK(organisation_kinds[4] == NULL);
	CHECK_INT(organisation_kind_parse("Markt"), ORGANISATION_KIND_NONE);
	CHECK_INT(organisation_kind_parse("bedrijf"), ORGANISATION_KIND_NONE);
	CHECK_INT(organisation_kind_parse(NULL), ORGANISATION_KIND_NONE);
	CHECK(organisation_kind_name(ORGANISATION_KIND_NONE) == NULL);
	CHECK(organisation_kind_name((enum organisation_kind)5) == NULL);
}

TEST(test_records_role_table_is_in_rank_order)
{
	for (int r = ROLE_LEZER; r <= ROLE_BEHEERDER; r++)
		CHECK_STR(role_names[r - 1], role_name((enum role)r));
	CHECK(role_names[ROLE_BEHEERDER] == NULL);
	CHECK_STR(role_names[0], "lezer");
	CHECK_STR(role_names[3], "beheerder");
}

TEST(test_records_text_keeps_null_empty_and_text_apart)
{
	const char *a = "x", *b = "x", *c = "x";
	struct record_text p = RECORD_TEXT_INIT;
	record_text_add(&p, &a, NULL);
	record_text_add(&p, &b, "");
	record_text_add(&p, &c, "Zorgcoöperatie");
	char *text = record_text_finish(&p);
	CHECK(a == NULL);
	CHECK_STR(b, "");
	CHECK_STR(c, "Zorgcoöperatie");
	CHECK(b >= text && c > b); /* both in the one allocation */
	free(text);
	struct record_text empty = RECORD_TEXT_INIT;
	text = record_text_finish(&empty);
	CHECK(text != NULL);
	free(text);
}

static int64_t org, initiative;

TEST(test_records_every_kind_and_stage_is_stored_and_read_back)
{
	CHECK_INT(db_begin(), 0);
	for (int k = ORGANISATION_KIND_OVERHEID; k <= ORGANISATION_KIND_SAMENLEVING; k++) {
		char slug[32];
		snprintf(slug, sizeof slug, "org-%d", k);
		int64_t id = org_create(slug, "Organisatie", (enum organisation_kind)k);
		CHECK(id > 0);
		struct organisation o;
		CHECK_INT(org_read(id, &o), 0);
		CHECK_INT(o.kind, k);
		CHECK_STR(o.slug, slug);
		CHECK_INT(o.member_count, 0);
		organisation_free(&o);
		CHECK(o.text == NULL);
		org = id;
	}
	for (int s = INITIATIVE_STAGE_IDEE; s <= INITIATIVE_STAGE_GESTOPT; s++) {
		struct initiative in = {.org_id = org,
					.name = "Buurtteam",
					.stage = (enum initiative_stage)s,
					.target_reach = -1};
		int64_t id = initiative_store_create(&in);
		CHECK(id > 0);
		struct initiative back;
		CHECK_INT(initiative_store_read(id, &back), 0);
		CHECK_INT(back.stage, s);
		CHECK_STR(back.name, "Buurtteam");
		CHECK_STR(back.description, ""); /* NOT NULL DEFAULT '' */
		CHECK(back.target_date == NULL); /* absent stays absent */
		CHECK_INT(back.target_reach, -1);
		CHECK_INT(back.owner_id, 0);
		CHECK(back.owner_name == NULL);
		CHECK_STR(back.organisation, "org-4");
		initiative_free(&back);
		initiative = id;
	}
	size_t n;
	struct initiative *list = initiative_store_summaries(org, &n);
	CHECK_INT(n, 5);
	for (size_t i = 0; i < n; i++)
		CHECK_INT(list[i].stage, (int)i + 1); /* same name: by id */
	initiative_list_free(list, n);
	struct initiative missing;
	CHECK_INT(initiative_store_read(initiative + 100, &missing), -ERR_NOTFOUND);
	CHECK_INT(db_commit(), 0);
}

TEST(test_records_experiment_states_decisions_and_kinds_round_trip)
{
	CHECK_INT(db_begin(), 0);
	for (int s = EXPERIMENT_STATUS_ONTWERP; s <= EXPERIMENT_STATUS_GESTOPT; s++) {
		struct experiment in = {
		    .initiative_id = initiative,
		    .name = "Brief",
		    .hypothesis = "Meer aanmeldingen",
		    .metric = "Aanmeldingen",
		    .metric_kind = EXPERIMENT_METRIC_MEAN,
		    .budget_eur = -1,
		    .planned_n_per_arm = -1,
		    .split = {60.5, 39.5},
		    .status = (enum experiment_status)s,
		    .secondary = {{"Klachten", EXPERIMENT_METRIC_BINOMIAL}, {"Duur", EXPERIMENT_METRIC_MEAN}},
		    .n_secondary = 2};
		int64_t id = experiment_store_create(&in);
		CHECK(id > 0);
		struct experiment e;
		CHECK_INT(experiment_store_get(id, &e), 0);
		CHECK_INT(e.status, s);
		CHECK_INT(e.metric_kind, EXPERIMENT_METRIC_MEAN);
		CHECK_INT(e.decision, EXPERIMENT_DECISION_NONE);
		CHECK(e.decided_at == NULL && e.decided_by == 0);
		CHECK_INT(e.budget_eur, -1);
		CHECK(e.starts_on == NULL);
		CHECK(e.split[0] == 60.5 && e.split[1] == 39.5);
		CHECK_INT(e.n_secondary, 2);
		CHECK_STR(e.secondary[1].name, "Duur");
		CHECK_INT(e.secondary[0].kind, EXPERIMENT_METRIC_BINOMIAL);
		CHECK_INT(e.secondary[1].kind, EXPERIMENT_METRIC_MEAN);
		CHECK_STR(e.organisation, "org-4");
		experiment_free(&e);
	}
	int64_t id = 0;
	size_t n;
	struct experiment *list = experiment_store_list(initiative, &n);
	CHECK_INT(n, 4);
	if (n)
		id = list[0].id; /* newest first: the gestopt one */
	CHECK_INT(n ? list[0].status : 0, EXPERIMENT_STATUS_GESTOPT);
	experiment_list_free(list, n);
	for (int d = EXPERIMENT_DECISION_OPSCHALEN; d <= EXPERIMENT_DECISION_STOPPEN; d++) {
		enum experiment_status s = experiment_decision_status((enum experiment_decision)d);
		CHECK_INT(experiment_store_decide(id, (enum experiment_decision)d, NULL, s, 0), 0);
		struct experiment e;
		CHECK_INT(experiment_store_get(id, &e), 0);
		CHECK_INT(e.decision, d);
		CHECK_INT(e.status, s);
		CHECK_STR(e.decision_note, ""); /* no note is an empty one */
		CHECK(e.decided_at != NULL);
		experiment_free(&e);
	}
	CHECK_INT(experiment_store_set_status(id, EXPERIMENT_STATUS_LOPEND), 0);
	struct experiment e;
	CHECK_INT(experiment_store_get(id, &e), 0);
	CHECK_INT(e.status, EXPERIMENT_STATUS_LOPEND);
	experiment_free(&e);
	CHECK_INT(experiment_store_get(id + 100, &e), -ERR_NOTFOUND);
	CHECK_INT(db_commit(), 0);
}

TEST(test_records_analyses_own_their_documents)
{
	CHECK_INT(db_begin(), 0);
	size_t n;
	struct experiment *list = experiment_store_list(initiative, &n);
	int64_t exp = n ? list[0].id : 0;
	experiment_list_free(list, n);
	json_t *in = json_pack("{s:f}", "alpha", 0.05), *res = json_pack("{s:f}", "pValue", 0.25);
	int64_t a1 = experiment_store_analysis_add(exp, "Aanmeldingen", in, res, 0);
	int64_t a2 = experiment_store_analysis_add(exp, "Klachten", in, res, 0);
	int64_t a3 = experiment_store_analysis_add(exp, "Aanmeldingen", in, res, 0);
	CHECK(a1 > 0 && a2 > a1 && a3 > a2);
	CHECK_INT(experiment_store_analysis_add(exp + 100, "Aanmeldingen", in, res, 0), -ERR_NOTFOUND);
	json_decref(in);
	json_decref(res);
	struct experiment_analysis *latest = experiment_store_latest_by_metric(exp, &n);
	CHECK_INT(n, 2);
	CHECK_INT(n ? latest[0].id : 0, a3); /* newest first: the newest of all leads */
	CHECK_INT(n > 1 ? latest[1].id : 0, a2);
	CHECK(n && json_real_value(json_object_get(latest[0].result, "pValue")) == 0.25);
	CHECK(n && latest[0].created_by == 0 && latest[0].created_by_name == NULL);
	experiment_analysis_list_free(latest, n);
	struct experiment_analysis a;
	CHECK_INT(experiment_store_analysis_get(a2, &a), 0);
	CHECK_STR(a.metric_name, "Klachten");
	CHECK_INT(a.experiment_id, exp);
	experiment_analysis_free(&a);
	CHECK(a.input == NULL && a.text == NULL);
	CHECK_INT(experiment_store_analysis_get(a3 + 100, &a), -ERR_NOTFOUND);
	db_rollback();
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	char path[300];
	snprintf(path, sizeof path, "%s/records.db", dir);
	if (db_open(path, api_migrations()) < 0) {
		fprintf(stderr, "cannot open %s\n", path);
		return 1;
	}
	RUN(test_records_tables_say_what_the_schema_checks);
	RUN(test_records_tables_say_what_the_openapi_document_declares);
	RUN(test_records_organisation_kinds_round_trip_in_order);
	RUN(test_records_role_table_is_in_rank_order);
	RUN(test_records_text_keeps_null_empty_and_text_apart);
	RUN(test_records_every_kind_and_stage_is_stored_and_read_back);
	RUN(test_records_experiment_states_decisions_and_kinds_round_trip);
	RUN(test_records_analyses_own_their_documents);
	db_close_thread();
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return TEST_DONE();
}
