/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Unit tests of store/assessment_store and store/action_store: what goes in
 * comes back as the domain's structs, with states as enums (words only in
 * the database). Each test uses a fresh migrated database in a temp dir.
 */
#include <stdlib.h>
#include <string.h>

#include "api/module.h"
#include "lib/util.h"
#include "store/action_store.h"
#include "store/assessment_store.h"
#include "store/db.h"
#include "test.h"

static char dir[] = "/tmp/scalelab-test-astore-XXXXXX";
static int n_db;

static void exec(const char *sql)
{
	CHECK_INT(db_exec1(db_prep(sql)), SQLITE_DONE);
}

/* A fresh database with users 1 and 2, an organisation and initiatives 1 and 2. */
static void fresh_db(void)
{
	char path[300];
	snprintf(path, sizeof path, "%s/t%d.db", dir, ++n_db);
	db_close_thread();
	CHECK_INT(db_open(path, api_migrations()), 0);
	exec("INSERT INTO users(id,email,name,pw_hash,created_at) VALUES"
	     "(1,'a@x.test','Anna','-','2026-01-01T00:00:00Z'),(2,'b@x.test','Bram','-','2026-01-01T00:00:"
	     "00Z')");
	exec("INSERT INTO organisations(id,slug,name,created_at) "
	     "VALUES(1,'org','Org','2026-01-01T00:00:00Z')");
	exec("INSERT INTO initiatives(id,org_id,name,stage,created_at,updated_at) VALUES"
	     "(1,1,'Buurtteam','pilot','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),"
	     "(2,1,'Andere','opschalen','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z')");
}

static int64_t new_round(int64_t initiative, const char *method, const char *start)
{
	struct assessment_round_in in = {initiative, method, 1, "Ronde", start, start, 1};
	return assessment_store_round_create(&in);
}

static const unsigned char hash1[SECRET_HASH_LEN] = {1}, hash2[SECRET_HASH_LEN] = {2};

TEST(test_assessment_store_round_comes_back_whole_and_closes_with_a_stamp)
{
	fresh_db();
	int64_t id = new_round(1, "pilot-scaling-canvas", "2026-01-01");
	CHECK(id > 0);
	struct assessment_round r;
	CHECK_INT(assessment_store_round_get(id, &r), 0);
	CHECK_INT(r.id, id);
	CHECK_INT(r.initiative_id, 1);
	CHECK_STR(r.initiative_name, "Buurtteam");
	CHECK_STR(r.organisation, "org");
	CHECK_STR(r.organisation_name, "Org");
	CHECK_STR(r.method_id, "pilot-scaling-canvas");
	CHECK_INT(r.method_version, 1);
	CHECK_STR(r.period_start, "2026-01-01");
	CHECK_INT(r.status, ASSESSMENT_ROUND_OPEN);
	CHECK(r.created_at != NULL);
	CHECK(r.closed_at == NULL);
	assessment_round_free(&r);
	CHECK_INT(assessment_store_round_set_status(id, ASSESSMENT_ROUND_CLOSED), 0);
	CHECK_INT(assessment_store_round_get(id, &r), 0);
	CHECK_INT(r.status, ASSESSMENT_ROUND_CLOSED);
	CHECK(r.closed_at != NULL);
	assessment_round_free(&r);
	sqlite3_stmt *st = db_prep("SELECT status FROM assessment_rounds WHERE id=?");
	db_bind_int(st, 1, id);
	CHECK(db_step(st) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(st, 0), "gesloten"));
	sqlite3_reset(st);
	CHECK_INT(assessment_store_round_set_status(id, ASSESSMENT_ROUND_OPEN), 0);
	CHECK_INT(assessment_store_round_get(id, &r), 0);
	CHECK(r.closed_at == NULL);
	assessment_round_free(&r);
	CHECK_INT(assessment_store_round_get(id + 1, &r), -ERR_NOTFOUND);
	CHECK(r.title == NULL);
	CHECK_INT(assessment_store_round_set_status(id + 1, ASSESSMENT_ROUND_CLOSED), -ERR_NOTFOUND);
}

TEST(test_assessment_store_raters_keep_kind_status_and_revocation)
{
	fresh_db();
	int64_t round = new_round(1, "pilot-scaling-canvas", "2026-01-01");
	int64_t m = assessment_store_rater_add(round, 2, "Bram", "gemeente", NULL, 0);
	int64_t k = assessment_store_rater_add(round, 0, "Inwoner", "inwoner", hash1, 1767225600);
	CHECK(m > 0 && k > m);
	CHECK_INT(assessment_store_rater_add(round, 2, "Bram", "gemeente", NULL, 0), -ERR_CONFLICT);
	struct rater r;
	CHECK_INT(assessment_store_rater_by_user(round, 2, &r), 0);
	CHECK_INT(r.id, m);
	CHECK_INT(r.user_id, 2);
	CHECK_INT(r.state.kind, RATER_MEMBER);
	CHECK_INT(r.state.status, RATER_INVITED);
	rater_free(&r);
	CHECK_INT(assessment_store_rater_by_hash(hash1, &r), 0);
	CHECK_INT(r.id, k);
	CHECK_INT(r.user_id, 0);
	CHECK_INT(r.state.kind, RATER_LINK);
	CHECK_INT(r.state.expires_s, 1767225600);
	CHECK_STR(r.name, "Inwoner");
	CHECK_STR(r.role_label, "inwoner");
	rater_free(&r);
	CHECK_INT(assessment_store_rater_by_hash(hash2, &r), -ERR_NOTFOUND);
	/* submitted: stamped; reopened: back to concept, stamp gone */
	assessment_store_rater_set_status(m, RATER_SUBMITTED);
	CHECK_INT(assessment_store_rater_get(m, &r), 0);
	CHECK_INT(r.state.status, RATER_SUBMITTED);
	CHECK(r.submitted_at != NULL);
	rater_free(&r);
	CHECK_INT(assessment_store_rater_reopen(m), 0);
	CHECK_INT(assessment_store_rater_get(m, &r), 0);
	CHECK_INT(r.state.status, RATER_DRAFT);
	CHECK(r.submitted_at == NULL);
	rater_free(&r);
	CHECK_INT(assessment_store_rater_reopen(m), -ERR_CONFLICT); /* not submitted now */
	CHECK_INT(assessment_store_rater_revoke(m), -ERR_CONFLICT); /* a member has no link */
	/* the link: revoked, shown as ingetrokken, stored status unchanged */
	CHECK_INT(assessment_store_rater_revoke(k), 0);
	struct rater_list l;
	assessment_store_rater_list(round, &l);
	CHECK_INT(l.n, 2);
	CHECK_INT(l.items[0].id, m);
	CHECK_INT(l.items[1].state.revoked, 1);
	CHECK(l.items[1].revoked_at != NULL);
	CHECK_INT(l.items[1].state.status, RATER_INVITED);
	CHECK_INT(rater_shown_status(&l.items[1].state), RATER_REVOKED);
	rater_list_free(&l);
	CHECK_INT(assessment_store_rater_round(k), round);
	/* the round list counts raters whose link was not revoked, and the submitted */
	assessment_store_rater_set_status(m, RATER_SUBMITTED);
	struct assessment_round_list rl;
	assessment_store_round_list(1, &rl);
	CHECK_INT(rl.n, 1);
	CHECK_INT(rl.items[0].n_raters, 1);
	CHECK_INT(rl.items[0].n_submitted, 1);
	assessment_round_list_free(&rl);
}

TEST(test_assessment_store_answers_come_back_typed_and_empty_ones_go)
{
	fresh_db();
	int64_t round = new_round(1, "pilot-scaling-canvas", "2026-01-01");
	int64_t a = assessment_store_rater_add(round, 1, "Anna", "gemeente", NULL, 0);
	int64_t b = assessment_store_rater_add(round, 2, "Bram", "", NULL, 0);
	struct assessment_answer_in scale = {.question = "evidence-1",
					     .has_level = 1,
					     .level = 3,
					     .evidence = "Evaluatie",
					     .confidence = SCORE_CONFIDENCE_MEDIUM};
	struct assessment_answer_in multi = {.question = "routes-mechanism",
					     .options = "[\"embed\",\"replicate\"]",
					     .confidence = SCORE_CONFIDENCE_NONE};
	struct assessment_answer_in unknown = {
	    .question = "funding-1", .unknown = 1, .confidence = SCORE_CONFIDENCE_LOW};
	/* "niet van toepassing" and a number (whole euros) come back as given */
	struct assessment_answer_in nvt = {.question = "technical-1", .not_applicable = 1};
	struct assessment_answer_in number = {.question = "unit-cost-scale", .has_level = 1, .level = 52000};
	assessment_store_answer_put(a, &scale);
	assessment_store_answer_put(a, &multi);
	assessment_store_answer_put(a, &unknown);
	assessment_store_answer_put(a, &nvt);
	assessment_store_answer_put(a, &number);
	assessment_store_answer_put(b, &scale);
	struct assessment_answer_list l;
	assessment_store_answers(a, &l);
	CHECK_INT(l.n, 5);
	int seen = 0;
	for (size_t i = 0; i < l.n; i++) {
		const struct assessment_answer *x = &l.items[i];
		CHECK_INT(x->rater_id, a);
		CHECK(x->rater_name == NULL);
		if (!strcmp(x->question_id, "evidence-1")) {
			seen |= 1;
			CHECK(x->has_level && x->level == 3 && !x->unknown && !x->has_options);
			CHECK_STR(x->evidence, "Evaluatie");
			CHECK_STR(x->text, "");
			CHECK_INT(x->confidence, SCORE_CONFIDENCE_MEDIUM);
		} else if (!strcmp(x->question_id, "routes-mechanism")) {
			seen |= 2;
			CHECK(!x->has_level && x->has_options);
			CHECK_INT(x->n_options, 2);
			CHECK_STR(x->options[0], "embed");
			CHECK_STR(x->options[1], "replicate");
			CHECK_INT(x->confidence, SCORE_CONFIDENCE_NONE);
		} else if (!strcmp(x->question_id, "funding-1")) {
			seen |= 4;
			CHECK(x->unknown && !x->not_applicable && !x->has_level);
			CHECK_INT(x->confidence, SCORE_CONFIDENCE_LOW);
		} else if (!strcmp(x->question_id, "technical-1")) {
			seen |= 8;
			CHECK(x->not_applicable && !x->unknown && !x->has_level);
		} else if (!strcmp(x->question_id, "unit-cost-scale")) {
			seen |= 16;
			CHECK(x->has_level && x->level == 52000 && !x->unknown && !x->not_applicable);
		}
	}
	CHECK_INT(seen, 31);
	assessment_answer_list_free(&l);
	/* an empty answer deletes the stored one */
	struct assessment_answer_in none = {.question = "funding-1"};
	assessment_store_answer_put(a, &none);
	assessment_store_answers(a, &l);
	CHECK_INT(l.n, 4);
	assessment_answer_list_free(&l);
	/* round-wide: submitted raters only, with their names, by rater then question */
	assessment_store_round_answers(round, &l);
	CHECK_INT(l.n, 0);
	assessment_store_rater_set_status(a, RATER_SUBMITTED);
	assessment_store_round_answers(round, &l);
	CHECK_INT(l.n, 4);
	CHECK_STR(l.items[0].question_id, "evidence-1");
	CHECK_STR(l.items[1].question_id, "routes-mechanism");
	CHECK_STR(l.items[2].question_id, "technical-1");
	CHECK_STR(l.items[3].question_id, "unit-cost-scale");
	CHECK_STR(l.items[0].rater_name, "Anna");
	CHECK_STR(l.items[0].role_label, "gemeente");
	assessment_answer_list_free(&l);
}

TEST(test_assessment_store_latest_rounds_take_the_newest_with_answers)
{
	fresh_db();
	int64_t old = new_round(1, "pilot-scaling-canvas", "2025-01-01");
	int64_t newer = new_round(1, "pilot-scaling-canvas", "2025-06-01");
	new_round(1, "pilot-scaling-canvas", "2026-01-01"); /* no answers yet */
	int64_t other = new_round(2, "pilot-scaling-canvas", "2025-01-01");
	assessment_store_rater_set_status(assessment_store_rater_add(old, 1, "Anna", "g", NULL, 0),
					  RATER_SUBMITTED);
	assessment_store_rater_set_status(assessment_store_rater_add(newer, 1, "Anna", "g", NULL, 0),
					  RATER_SUBMITTED);
	assessment_store_rater_set_status(assessment_store_rater_add(other, 1, "Anna", "g", NULL, 0),
					  RATER_SUBMITTED);
	struct assessment_round_list l;
	assessment_store_latest_rounds(1, &l);
	CHECK_INT(l.n, 2);
	CHECK_INT(l.items[0].id, other); /* by initiative name: Andere before Buurtteam */
	CHECK_STR(l.items[0].initiative_stage, "opschalen");
	CHECK_INT(l.items[1].id, newer);
	CHECK_INT(l.items[1].initiative_id, 1);
	CHECK_STR(l.items[1].initiative_name, "Buurtteam");
	CHECK_STR(l.items[1].method_id, "pilot-scaling-canvas");
	CHECK_STR(l.items[1].period_end, "2025-06-01");
	assessment_round_list_free(&l);
	assessment_store_round_series(1, "pilot-scaling-canvas", &l);
	CHECK_INT(l.n, 3);
	CHECK_INT(l.items[0].id, old);
	CHECK_STR(l.items[2].period_start, "2026-01-01");
	assessment_round_list_free(&l);
}

TEST(test_action_store_fills_the_struct_and_lists_unfinished_first)
{
	fresh_db();
	int64_t round = new_round(1, "pilot-scaling-canvas", "2026-01-01");
	struct action_in done = {1, 0, "", "", "Klaar", "", 0, "2024-01-01", ACTION_DONE, NULL};
	struct action_in busy = {
	    1,
	    round,
	    "r1",
	    "funding",
	    "Bezig",
	    "Partner",
	    2,
	    "2025-01-01",
	    ACTION_IN_PROGRESS,
	    "[{\"type\":\"markt\",\"label\":\"\"},{\"type\":\"wetenschap\",\"label\":\"Hogeschool\"}]"};
	struct action_in open = {1, 0, NULL, NULL, "Open", NULL, 0, NULL, ACTION_OPEN, NULL};
	int64_t d = action_store_create(&done), b = action_store_create(&busy),
		o = action_store_create(&open);
	CHECK(d > 0 && b > d && o > b);
	struct action a;
	CHECK_INT(action_store_get(b, &a), 0);
	CHECK_INT(a.initiative_id, 1);
	CHECK_STR(a.initiative_name, "Buurtteam");
	CHECK_INT(a.round_id, round);
	CHECK_STR(a.rule_id, "r1");
	CHECK_STR(a.ingredient, "funding");
	CHECK_STR(a.owner, "Partner");
	CHECK_INT(a.owner_id, 2);
	CHECK_STR(a.owner_name, "Bram");
	CHECK_STR(a.due_date, "2025-01-01");
	CHECK_INT(a.status, ACTION_IN_PROGRESS);
	CHECK_INT(a.n_parties, 2);
	CHECK_STR(a.parties[1].type, "wetenschap");
	CHECK_STR(a.parties[1].label, "Hogeschool");
	action_free(&a);
	CHECK_INT(action_store_get(o, &a), 0);
	CHECK_INT(a.round_id, 0);
	CHECK_INT(a.owner_id, 0);
	CHECK(a.owner_name == NULL && a.due_date == NULL);
	CHECK_STR(a.rule_id, "");
	CHECK_INT(a.n_parties, 0);
	action_free(&a);
	struct action_list l;
	action_store_list(1, &l);
	CHECK_INT(l.n, 3);
	CHECK_INT(l.items[0].id, b); /* unfinished with a date, unfinished without, then done */
	CHECK_INT(l.items[1].id, o);
	CHECK_INT(l.items[2].id, d);
	action_list_free(&l);
	action_store_list_due(1, &l);
	CHECK_INT(l.n, 2);
	CHECK_INT(l.items[0].id, d);
	action_list_free(&l);
	open.status = ACTION_DROPPED;
	CHECK_INT(action_store_update(o, &open), 0);
	CHECK_INT(action_store_get(o, &a), 0);
	CHECK_INT(a.status, ACTION_DROPPED);
	action_free(&a);
	CHECK_INT(action_store_update(o + 100, &open), -ERR_NOTFOUND);
	CHECK_INT(action_store_get(o + 100, &a), -ERR_NOTFOUND);
	CHECK_INT(action_store_org(b), 1);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(test_assessment_store_round_comes_back_whole_and_closes_with_a_stamp);
	RUN(test_assessment_store_raters_keep_kind_status_and_revocation);
	RUN(test_assessment_store_answers_come_back_typed_and_empty_ones_go);
	RUN(test_assessment_store_latest_rounds_take_the_newest_with_answers);
	RUN(test_action_store_fills_the_struct_and_lists_unfinished_first);
	db_close_thread();
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return TEST_DONE();
}
