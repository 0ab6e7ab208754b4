/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Unit tests of src/store/db: the statement cache past its slots, failures
 * of the environment (lock held by another connection, a full database)
 * recorded instead of aborting, the transaction rules (mark/undo, nested
 * begin is a bug). Each test uses a fresh database in a temp directory.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/util.h"
#include "api/module.h"
#include "store/db.h"
#include "test.h"

static char dir[] = "/tmp/scalelab-test-db-XXXXXX";
static char path[300];
static int n_db;

/* A fresh, migrated database for the calling test. */
static void fresh_db(void)
{
	snprintf(path, sizeof path, "%s/t%d.db", dir, ++n_db);
	CHECK_INT(db_open(path, api_migrations()), 0);
	sqlite3_stmt *st = db_prep("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v TEXT)");
	db_exec1(st);
}

/* Count of rows in t as another connection sees it (committed data only). */
static int committed_rows(void)
{
	sqlite3 *o;
	sqlite3_stmt *st;
	int n = -1;
	sqlite3_open_v2(path, &o, SQLITE_OPEN_READONLY, NULL);
	if (sqlite3_prepare_v2(o, "SELECT count(*) FROM t", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(o);
	return n;
}

static int64_t insert(const char *v)
{
	sqlite3_stmt *st = db_prep("INSERT INTO t(v) VALUES(?)");
	db_bind_text(st, 1, v);
	return db_insert(st);
}

TEST(test_db_nested_begin_is_a_bug_and_aborts)
{
	/* Forked before this process opens any database: the child may abort freely. */
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 2);
		char p[300];
		snprintf(p, sizeof p, "%s/child.db", dir);
		if (db_open(p, api_migrations()) < 0 || db_begin() < 0)
			_exit(3);
		db_begin();
		_exit(0);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status));
	CHECK_INT(WIFSIGNALED(status) ? WTERMSIG(status) : 0, SIGABRT);
}

TEST(test_db_prep_more_distinct_statements_than_slots_still_works)
{
	fresh_db();
	enum { N = 2 * DB_CACHE_SLOTS + 17 };
	static char sql[N][32]; /* distinct addresses: the cache keys on them */
	for (int i = 0; i < N; i++)
		snprintf(sql[i], sizeof sql[i], "SELECT %d", i);
	for (int round = 0; round < 3; round++) {
		int bad = 0;
		for (int i = 0; i < N; i++) {
			sqlite3_stmt *st = db_prep(sql[i]);
			bad += db_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != i;
			sqlite3_reset(st);
		}
		CHECK_INT(bad, 0);
		/* Two statements past the cache held at once stay distinct. */
		sqlite3_stmt *a = db_prep(sql[N - 1]), *b = db_prep(sql[N - 2]);
		CHECK(a != b);
		CHECK(db_step(a) == SQLITE_ROW && sqlite3_column_int(a, 0) == N - 1);
		CHECK(db_step(b) == SQLITE_ROW && sqlite3_column_int(b, 0) == N - 2);
		if (round == 1)
			db_release(); /* the end of a request finalizes the uncached ones */
	}
	CHECK_INT(db_failure(), 0);
	db_release();
}

TEST(test_db_lock_held_elsewhere_is_recorded_as_busy_not_abort)
{
	fresh_db();
	sqlite3 *other;
	CHECK_INT(sqlite3_open(path, &other), SQLITE_OK);
	CHECK_INT(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db_conn(), 20); /* the test need not wait the full timeout */

	CHECK_INT(db_begin(), -ERR_BUSY);
	CHECK_INT(db_failure(), -ERR_BUSY);
	CHECK(strstr(db_failure_text(), "locked") != NULL);
	/* Later steps are skipped: no rows, no writes, the failure as result. */
	CHECK_INT(insert("lost"), -ERR_BUSY);
	CHECK_INT(db_step(db_prep("SELECT 1")), SQLITE_DONE);
	db_release();

	/* An autocommit write outside a transaction fails the same way. */
	CHECK_INT(insert("also lost"), -ERR_BUSY);
	CHECK_INT(db_failure(), -ERR_BUSY);
	db_release();

	/* Released: the same thread writes again. */
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	CHECK_INT(db_begin(), 0);
	CHECK(insert("kept") > 0);
	CHECK_INT(db_commit(), 0);
	CHECK_INT(committed_rows(), 1);
	db_release();
}

TEST(test_db_full_database_is_recorded_and_rolled_back)
{
	fresh_db();
	sqlite3_stmt *st = db_prep("PRAGMA page_count");
	db_step(st);
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA max_page_count=%d", sqlite3_column_int(st, 0) + 2);
	sqlite3_reset(st);
	CHECK_INT(sqlite3_exec(db_conn(), pragma, NULL, NULL, NULL), SQLITE_OK);

	static char big[64 * 1024];
	memset(big, 'x', sizeof big - 1);
	CHECK_INT(db_begin(), 0);
	CHECK(insert("small") > 0);
	CHECK_INT(insert(big), -ERR_FULL);
	CHECK_INT(db_failure(), -ERR_FULL);
	CHECK_INT(db_commit(), -ERR_FULL);
	CHECK_INT(committed_rows(), 0); /* "small" went with the transaction */
	db_release();

	CHECK_INT(sqlite3_exec(db_conn(), "PRAGMA max_page_count=1000000", NULL, NULL, NULL), SQLITE_OK);
	CHECK_INT(db_begin(), 0);
	CHECK(insert(big) > 0);
	CHECK_INT(db_commit(), 0);
	CHECK_INT(committed_rows(), 1);
	db_release();
}

TEST(test_db_undo_drops_changes_after_the_mark_only)
{
	fresh_db();
	CHECK_INT(db_begin(), 0);
	insert("before");
	db_mark();
	insert("handler");
	db_undo();
	insert("after");
	CHECK_INT(db_commit(), 0);
	sqlite3_stmt *st = db_prep("SELECT group_concat(v, ',') FROM (SELECT v FROM t ORDER BY id)");
	CHECK(db_step(st) == SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "before,after");
	sqlite3_reset(st);
	db_release();
}

TEST(test_db_rollback_leaves_nothing_and_allows_a_new_begin)
{
	fresh_db();
	CHECK_INT(db_begin(), 0);
	insert("gone");
	db_rollback();
	db_rollback(); /* no transaction: nothing to do */
	CHECK_INT(committed_rows(), 0);
	CHECK_INT(db_begin(), 0);
	insert("here");
	CHECK_INT(db_commit(), 0);
	CHECK_INT(committed_rows(), 1);
	db_release();
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(test_db_nested_begin_is_a_bug_and_aborts);
	RUN(test_db_prep_more_distinct_statements_than_slots_still_works);
	RUN(test_db_lock_held_elsewhere_is_recorded_as_busy_not_abort);
	RUN(test_db_full_database_is_recorded_and_rolled_back);
	RUN(test_db_undo_drops_changes_after_the_mark_only);
	RUN(test_db_rollback_leaves_nothing_and_allows_a_new_begin);
	db_close_thread();
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return TEST_DONE();
}
