/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * The search reference set (tests/search/queries.json) against the demo
 * knowledge items (web/demo/knowledge.json), through the real store and
 * tokenizer: every query's expected items must be in the top 3. Prints
 * precision@3 (hits in the top 3 / min(3, expected)) and recall@10 (hits
 * in the top 10 / expected), averaged over the queries, with compound
 * splitting and without it (the index rebuilt with 'scalelab nosplit').
 * Also: an organisation's own item is never found by another's member.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/module.h"
#include "domain/organisation.h"
#include "domain/tokenizer.h"
#include "lib/assets.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/db.h"
#include "store/knowledge_store.h"
#include "store/initiative_store.h"
#include "store/org.h"
#include "store/party_store.h"
#include "store/search_fts.h"
#include "test.h"

static char dir[] = "/tmp/scalelab-test-search-XXXXXX";
static json_t *ids; /* demo key -> item id */

static void load(void)
{
	char path[300];
	BUG_ON(!mkdtemp(dir));
	snprintf(path, sizeof path, "%s/s.db", dir);
	CHECK_INT(db_open(path, api_migrations()), 0);
	const struct asset *a = assets_find("web/demo/knowledge.json");
	json_t *d = json_loadb((const char *)a->data, a->len, 0, NULL);
	ids = json_object();
	CHECK_INT(db_begin(), 0);
	size_t i;
	json_t *it;
	json_array_foreach (json_object_get(d, "items"), i, it) {
		const char *slug = json_string_value(json_object_get(it, "org"));
		int64_t org = org_id_by_slug(slug);
		if (org <= 0)
			org = org_create(slug, slug, ORGANISATION_KIND_OVERHEID);
		struct knowledge_in in = {
		    .org_id = org,
		    .kind = json_string_value(json_object_get(it, "kind")),
		    .title = json_string_value(json_object_get(it, "title")),
		    .summary = json_string_value(json_object_get(it, "summary")),
		    .body = json_string_value(json_object_get(it, "body")),
		    .visibility = json_string_value(json_object_get(it, "vis")),
		    .level = json_string_value(json_object_get(it, "level")),
		    .tags = json_object_get(it, "tags"),
		    .links = json_object_get(it, "links"),
		};
		int64_t id = knowledge_store_create(&in, 0);
		CHECK(id > 0);
		json_object_set_new(ids, json_string_value(json_object_get(it, "key")), json_integer(id));
	}
	CHECK_INT(db_commit(), 0);
	json_decref(d);
}

/* The ids found for q (as the API searches: user 0 sees public items only). */
static const struct tokenizer_lexicon *lexicon; /* NULL: no compound splitting */

static json_t *search(const char *q)
{
	struct buf m = BUF_INIT;
	tokenizer_query(q, lexicon, &m);
	json_t *r = knowledge_store_search(buf_str(&m), NULL, 0, 10);
	buf_free(&m);
	db_read_end();
	return r;
}

static int rank_of(json_t *rows, int64_t id)
{
	size_t i;
	json_t *r;
	json_array_foreach (rows, i, r)
		if (json_integer_value(json_object_get(r, "id")) == id)
			return (int)i;
	return -1;
}

/* Runs the reference set: precision@3 and recall@10 in *p3, *r10; when
 * strict, every expected item must be in the top 3. */
static void run_set(int strict, double *p3, double *r10, int *n_queries)
{
	json_t *set = json_load_file("tests/search/queries.json", 0, NULL);
	CHECK(set != NULL);
	if (!set)
		return;
	double sp = 0, sr = 0;
	size_t i;
	json_t *q;
	json_array_foreach (json_object_get(set, "queries"), i, q) {
		const char *text = json_string_value(json_object_get(q, "q"));
		json_t *want = json_object_get(q, "top3"), *rows = search(text);
		size_t n = json_array_size(want), in3 = 0, in10 = 0, k;
		json_t *w;
		json_array_foreach (want, k, w) {
			json_t *id = json_object_get(ids, json_string_value(w));
			CHECK(id != NULL);
			int r = id ? rank_of(rows, json_integer_value(id)) : -1;
			in3 += r >= 0 && r < 3;
			in10 += r >= 0 && r < 10;
			if (strict && !(r >= 0 && r < 3)) {
				fprintf(stderr, "query \"%s\": %s at rank %d, expected in the top 3\n", text,
					json_string_value(w), r + 1);
				test_failed_checks++;
			}
		}
		sp += (double)in3 / (double)(n < 3 ? n : 3);
		sr += (double)in10 / (double)n;
		json_decref(rows);
	}
	*n_queries = (int)json_array_size(json_object_get(set, "queries"));
	*p3 = sp / *n_queries;
	*r10 = sr / *n_queries;
	json_decref(set);
}

static double split_p3, split_r10;

TEST(test_search_reference_set_finds_every_expected_item_in_the_top_3)
{
	int n = 0;
	run_set(1, &split_p3, &split_r10, &n);
	CHECK(n >= 30);
}

TEST(test_search_without_compound_splitting_does_worse_and_both_are_reported)
{
	/* the same items indexed by the tokenizer without compound splitting */
	CHECK_INT(db_begin(), 0);
	CHECK_INT(db_exec1(db_prep("DROP TABLE knowledge_fts")), SQLITE_DONE);
	CHECK_INT(db_exec1(db_prep("CREATE VIRTUAL TABLE knowledge_fts USING fts5(title, tags, body, "
				   "tokenize='scalelab nosplit')")),
		  SQLITE_DONE);
	knowledge_store_reindex_all();
	CHECK_INT(db_commit(), 0);
	lexicon = NULL;
	double p3, r10;
	int n = 0;
	run_set(0, &p3, &r10, &n);
	printf("search reference set: %d queries; with compound splitting precision@3 %.3f recall@10 %.3f; "
	       "without precision@3 %.3f recall@10 %.3f\n",
	       n, split_p3, split_r10, p3, r10);
	CHECK(split_r10 > r10);
}

TEST(test_search_never_finds_another_organisations_own_items)
{
	json_t *rows = search("budgetafspraken wethouder schuldenaanpak");
	json_t *memo = json_object_get(ids, "intern-memo");
	CHECK(memo != NULL);
	CHECK_INT(rank_of(rows, json_integer_value(memo)), -1);
	json_decref(rows);
}

static void count_due(void *arg, const struct due_item *it)
{
	json_t *a = arg;
	json_array_append_new(
	    a, json_pack("{s:s,s:s,s:s}", "kind", it->kind, "date", it->date, "path", it->path));
}

TEST(test_module_hooks_report_lessons_adoptions_and_profile_renewals)
{
	CHECK_INT(db_begin(), 0);
	int64_t org = org_id_by_slug("gemeente-voorbeeldstad");
	int64_t uid = account_user_add("hooks@scalelab.test", "Hanna Hooks", "lang-genoeg-wachtwoord", 0);
	CHECK(uid > 0);
	org_member_set(org, uid, ROLE_BEWERKER);
	struct initiative ini = {
	    .org_id = org, .name = "Hookproef", .stage = INITIATIVE_STAGE_PILOT, .target_reach = -1};
	int64_t iid = initiative_store_create(&ini);
	CHECK(iid > 0);
	struct knowledge_in in = {
	    .org_id = org, .kind = "les", .title = "Les", .visibility = "organisatie", .initiative_id = iid};
	CHECK(knowledge_store_create(&in, uid) > 0);
	knowledge_store_adopt(json_integer_value(json_object_get(ids, "effect-meten")), iid, "", uid);
	CHECK_INT(party_store_put(org, "Profiel", "", "", "", "", NULL), 0);
	CHECK_INT(party_store_confirm_at(org, "2026-01-15T10:00:00Z"), 0);
	CHECK_INT(db_commit(), 0);
	int err;
	json_t *ev = api_evidence(iid, &err);
	CHECK_INT(err, 0);
	json_t *k = json_object_get(ev, "knowledge");
	CHECK_INT(json_integer_value(json_object_get(k, "lessons")), 1);
	CHECK_INT(json_integer_value(json_object_get(k, "adopted")), 1);
	json_decref(ev);
	/* confirmed on 15 January 2026: to be renewed 365 days later */
	json_t *due = json_array();
	struct due_query q = {.user_id = uid, .from = "2027-01-01", .to = "2027-01-31"};
	CHECK_INT(api_due(&q, count_due, due), 0);
	CHECK_INT(json_array_size(due), 1);
	CHECK_STR(json_string_value(json_object_get(json_array_get(due, 0), "date")), "2027-01-15");
	CHECK_STR(json_string_value(json_object_get(json_array_get(due, 0), "path")),
		  "/organisaties/gemeente-voorbeeldstad/partijprofiel");
	json_decref(due);
	due = json_array();
	struct due_query later = {.user_id = uid, .from = "2027-02-01", .to = NULL};
	CHECK_INT(api_due(&later, count_due, due), 0);
	CHECK_INT(json_array_size(due), 0);
	json_decref(due);
	db_read_end();
}

int main(void)
{
	load();
	lexicon = search_fts_lexicon();
	RUN(test_search_reference_set_finds_every_expected_item_in_the_top_3);
	RUN(test_search_never_finds_another_organisations_own_items);
	RUN(test_module_hooks_report_lessons_adoptions_and_profile_renewals);
	RUN(test_search_without_compound_splitting_does_worse_and_both_are_reported);
	json_decref(ids);
	db_close_thread();
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return TEST_DONE();
}
