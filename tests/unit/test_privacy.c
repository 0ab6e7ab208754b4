/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Unit tests of the privacy duties (docs/privacy.md) on a migrated database
 * with the demo data: the processing register covers every column of the
 * schema that looks personal and every foreign key to users; the export of
 * one person holds their rows in every table that refers to them; erasure
 * leaves neither their e-mail nor their name anywhere (a generic search
 * over every table and column), pseudonymises the audit log with its guard
 * back in place, and leaves other people's data and the foreign keys intact.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/module.h"
#include "cli/demo.h"
#include "domain/privacy_register.h"
#include "domain/user.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/privacy_store.h"
#include "test.h"

static char dir[] = "/tmp/scalelab-test-privacy-XXXXXX";

static int64_t count(const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db_conn(), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

/* Columns with a foreign key to users or a personal-looking name that the
 * register does not annotate (named on stderr when loud); refs: how many
 * foreign keys to users there are. */
static int unannotated(int loud, int *refs)
{
	size_t n;
	struct privacy_column *cols = privacy_columns(&n);
	if (!cols)
		return -1;
	int missing = 0;
	*refs = 0;
	for (size_t i = 0; i < n; i++) {
		*refs += cols[i].user_ref;
		if ((cols[i].user_ref || privacy_looks_personal(cols[i].column)) &&
		    !privacy_register_find(cols[i].table, cols[i].column)) {
			if (loud)
				fprintf(stderr, "  not in the processing register: %s.%s\n", cols[i].table,
					cols[i].column);
			missing++;
		}
	}
	free(cols);
	return missing;
}

TEST(test_privacy_register_annotates_every_personal_looking_column_and_every_user_reference)
{
	int refs = 0;
	CHECK_INT(unannotated(1, &refs), 0);
	CHECK(refs >= 36); /* the foreign keys to users(id) today */
	/* a new table that refers to users, under a name that does not look
	 * personal, is caught until it is annotated; so is a personal-looking column */
	CHECK(sqlite3_exec(db_conn(),
			   "CREATE TABLE probe(id INTEGER PRIMARY KEY, reviewer INTEGER REFERENCES users(id),"
			   " contact_email TEXT)",
			   NULL, NULL, NULL) == SQLITE_OK);
	CHECK_INT(unannotated(0, &refs), 2);
	/* and the export finds its rows without being told about it */
	struct user p;
	CHECK_INT(account_user_by_email("pilot@scalelab.test", &p), 0);
	CHECK(
	    sqlite3_exec(db_conn(),
			 "INSERT INTO probe(reviewer) SELECT id FROM users WHERE email='pilot@scalelab.test'",
			 NULL, NULL, NULL) == SQLITE_OK);
	json_t *x = privacy_export(p.id, p.email);
	CHECK_INT((int)json_array_size(json_object_get(x, "probe")), 1);
	json_decref(x);
	CHECK(sqlite3_exec(db_conn(), "DROP TABLE probe", NULL, NULL, NULL) == SQLITE_OK);
	size_t n;
	struct privacy_column *cols = privacy_columns(&n);
	CHECK(cols != NULL);
	CHECK(n > 200);
	/* and the register names no column the schema does not have */
	size_t rn;
	const struct privacy_register_entry *r = privacy_register(&rn);
	for (size_t k = 0; k < rn; k++) {
		int found = 0;
		for (size_t i = 0; cols && i < n && !found; i++)
			found = !strcmp(cols[i].table, r[k].table) && !strcmp(cols[i].column, r[k].column);
		if (!found)
			fprintf(stderr, "  register entry without a column: %s.%s\n", r[k].table,
				r[k].column);
		CHECK(found);
	}
	free(cols);
	/* the detector itself */
	CHECK(privacy_looks_personal("decided_by"));
	CHECK(privacy_looks_personal("contact_email"));
	CHECK(!privacy_looks_personal("created_at"));
}

TEST(test_privacy_export_holds_the_person_in_every_table_that_refers_to_them)
{
	struct user u;
	CHECK_INT(account_user_by_email("pilot@scalelab.test", &u), 0);
	json_t *x = privacy_export(u.id, u.email);
	CHECK(x != NULL);
	json_t *users = json_object_get(x, "users");
	CHECK_INT((int)json_array_size(users), 1);
	CHECK_STR(json_string_value(json_object_get(json_array_get(users, 0), "email")),
		  "pilot@scalelab.test");
	CHECK(!json_object_get(json_array_get(users, 0), "pw_hash"));
	/* every table with a row referring to the person is in the export, row for row */
	size_t n;
	struct privacy_column *cols = privacy_columns(&n);
	char sql[512];
	for (size_t i = 0; cols && i < n; i++) {
		if (!cols[i].user_ref)
			continue;
		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\" WHERE \"%s\"=%lld", cols[i].table,
			 cols[i].column, (long long)u.id);
		int64_t k = count(sql);
		if (k > 0 && !json_array_size(json_object_get(x, cols[i].table)))
			fprintf(stderr, "  export misses %s.%s (%lld rows)\n", cols[i].table, cols[i].column,
				(long long)k);
		CHECK(k <= 0 || json_array_size(json_object_get(x, cols[i].table)) >= (size_t)k);
	}
	free(cols);
	CHECK(json_array_size(json_object_get(x, "memberships")) >= 1);
	/* no credential leaves: no hash column in any exported row */
	char *s = json_dumps(x, JSON_COMPACT);
	CHECK(!strstr(s, "\"pw_hash\"") && !strstr(s, "\"token_hash\"") && !strstr(s, "\"id_hash\""));
	free(s);
	json_decref(x);
}

TEST(test_privacy_erase_leaves_no_email_or_name_in_any_table_and_others_intact)
{
	struct user u, other;
	CHECK_INT(account_user_by_email("pilot@scalelab.test", &u), 0);
	CHECK_INT(account_user_by_email("demo@scalelab.test", &other), 0);
	/* the person is everywhere before: as a user, in the audit log, in an outbox row, in free text */
	CHECK_INT(db_begin(), 0);
	audit_log(0, u.id, u.email, "login", "", "ok", "198.51.100.7");
	audit_log(0, 0, "Pilot@Scalelab.test", "login", "", "denied", "198.51.100.7");
	CHECK(
	    sqlite3_exec(
		db_conn(),
		"INSERT INTO notify_outbox(user_id,to_addr,lang,kind,message_id,next_s,created_at)"
		" VALUES(NULL,'pilot@scalelab.test','nl','test','<privacy-1@test>',0,'2026-11-29T10:00:00Z');"
		"INSERT INTO login_failures(ip,email,at_s) VALUES('198.51.100.7','pilot@scalelab.test',1)",
		NULL, NULL, NULL) == SQLITE_OK);
	CHECK_INT(db_commit(), 0);
	int64_t outbox_before = count("SELECT count(*) FROM notify_outbox");
	CHECK(privacy_scan("pilot@scalelab.test", NULL) > 0);
	CHECK(privacy_scan("Pieter Pilotleider", NULL) > 0);
	/* another account whose address contains the person's stays as it is */
	CHECK(account_user_add("copilot@scalelab.test", "Cora Copiloot", "een-lang-wachtwoord-2026", 0) > 0);
	int64_t users_before = count("SELECT count(*) FROM users");
	int64_t audit_before = count("SELECT count(*) FROM audit_log");
	int64_t other_members =
	    count("SELECT count(*) FROM memberships WHERE user_id=(SELECT id FROM users WHERE "
		  "email='demo@scalelab.test')");
	char pseudo[32];
	privacy_pseudonym(u.email, pseudo);
	CHECK(!strncmp(pseudo, "verwijderd-", 11) && strlen(pseudo) == 21);
	char again[32];
	privacy_pseudonym("PILOT@scalelab.test", again);
	CHECK_STR(again, pseudo); /* stable, any case */

	CHECK_INT(db_begin(), 0);
	int64_t k = privacy_erase(u.id, u.email, u.name, pseudo);
	CHECK(k > 0);
	CHECK_INT(db_commit(), 0);
	CHECK_INT(count("PRAGMA secure_delete"), 0); /* back to the default afterwards */
	/* the database file itself, free pages included, no longer holds the address
	 * (after a checkpoint: the WAL keeps old page images until then) */
	CHECK(sqlite3_wal_checkpoint_v2(db_conn(), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) ==
	      SQLITE_OK);
	{
		char path[300];
		snprintf(path, sizeof path, "%s/privacy.db", dir);
		FILE *f = fopen(path, "rb");
		CHECK(f != NULL);
		size_t cap = 1 << 20, len = 0, got;
		char *buf = xmalloc(cap);
		while (f && (got = fread(buf + len, 1, cap - len, f)) > 0)
			if ((len += got) == cap)
				buf = xrealloc(buf, cap *= 2);
		if (f)
			fclose(f);
		CHECK(memmem(buf, len, "Pieter Pilotleider", 18) == NULL);
		CHECK(len > 0 && memmem(buf, len, "Dewi de Programmamanager", 24) != NULL);
		free(buf);
	}

	json_t *hits = json_array();
	CHECK_INT(privacy_scan("pilot@scalelab.test", hits), 1); /* copilot@scalelab.test */
	CHECK_INT(count("SELECT count(*) FROM users WHERE email='copilot@scalelab.test'"), 1);
	CHECK_INT(privacy_scan("Pieter Pilotleider", hits), 0);
	if (json_array_size(hits) != 1) {
		char *s = json_dumps(hits, 0);
		fprintf(stderr, "  still found in: %s\n", s);
		free(s);
	}
	json_decref(hits);
	CHECK_INT(count("SELECT count(*) FROM users"), users_before - 1);
	CHECK_INT(count("SELECT count(*) FROM audit_log"), audit_before); /* rows kept, pseudonymised */
	CHECK_INT(count("SELECT count(*) FROM audit_log WHERE actor LIKE 'verwijderd-%' AND user_id IS NULL"),
		  2);
	CHECK_INT(count("SELECT count(*) FROM notify_outbox"), outbox_before - 1);
	CHECK_INT(count("SELECT count(*) FROM login_failures"), 0);
	CHECK_INT(count("SELECT count(*) FROM memberships WHERE user_id=(SELECT id FROM users WHERE "
			"email='demo@scalelab.test')"),
		  other_members);
	CHECK_INT(account_user_by_email("demo@scalelab.test", &other), 0);
	CHECK_STR(other.name, "Dewi de Programmamanager");
	CHECK_INT(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
	CHECK_STR(count("SELECT count(*) FROM pragma_integrity_check WHERE integrity_check<>'ok'") == 0
		      ? "ok"
		      : "bad",
		  "ok");
	/* the audit log is append-only again */
	CHECK_INT(
	    count("SELECT count(*) FROM sqlite_schema WHERE type='trigger' AND name='audit_log_no_update'"),
	    1);
	CHECK(sqlite3_exec(db_conn(), "UPDATE audit_log SET actor='x'", NULL, NULL, NULL) != SQLITE_OK);
	/* a second erasure finds no one */
	CHECK_INT(account_user_by_email("pilot@scalelab.test", &u) < 0, 1);
}

TEST(test_privacy_purge_keeps_what_is_within_retention_by_an_injected_clock)
{
	const int64_t now = 1796000000; /* 2026-11-29, the clock the purge is given */
	CHECK_INT(db_begin(), 0);
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "DELETE FROM login_failures; DELETE FROM workshop_join_failures;"
		 "INSERT INTO login_failures(ip,email,at_s) VALUES('192.0.2.1','oud@example.nl',%lld),"
		 "('192.0.2.2','nieuw@example.nl',%lld);"
		 "INSERT INTO workshop_join_failures(ip,at_s) VALUES('192.0.2.3',%lld),('192.0.2.4',%lld);"
		 "INSERT INTO "
		 "member_invitations(org_id,email,role,token_hash,created_at,expires_at,status,answered_at)"
		 " VALUES((SELECT min(id) FROM organisations),'lang-geleden@example.nl','lezer',x'01',"
		 "'2026-01-01T00:00:00Z','2026-01-15T00:00:00Z','declined','2026-01-02T00:00:00Z'),"
		 "((SELECT min(id) FROM organisations),'onlangs@example.nl','lezer',x'02',"
		 "'2026-11-01T00:00:00Z','2026-11-15T00:00:00Z','open',NULL)",
		 (long long)(now - 86401), (long long)(now - 86399), (long long)(now - 90000),
		 (long long)(now - 60));
	CHECK(sqlite3_exec(db_conn(), sql, NULL, NULL, NULL) == SQLITE_OK);
	int64_t inv = count("SELECT count(*) FROM member_invitations");
	snprintf(sql, sizeof sql,
		 "INSERT INTO tokens(user_id,name,hash,created_at,expires_s) VALUES"
		 "((SELECT min(id) FROM users),'oud',x'0a','2026-01-01T00:00:00Z',%lld),"
		 "((SELECT min(id) FROM users),'net verlopen',x'0b','2026-01-01T00:00:00Z',%lld)",
		 (long long)(now - 90 * 86400 - 1), (long long)(now - 86400));
	CHECK(sqlite3_exec(db_conn(), sql, NULL, NULL, NULL) == SQLITE_OK);
	int64_t tokens = count("SELECT count(*) FROM tokens");
	CHECK_INT(privacy_purge(now), 4);
	CHECK_INT(count("SELECT count(*) FROM tokens"), tokens - 1);
	CHECK_INT(count("SELECT count(*) FROM tokens WHERE name='net verlopen'"), 1);
	CHECK_INT(db_commit(), 0);
	CHECK_INT(count("SELECT count(*) FROM login_failures WHERE email='nieuw@example.nl'"), 1);
	CHECK_INT(count("SELECT count(*) FROM login_failures"), 1);
	CHECK_INT(count("SELECT count(*) FROM workshop_join_failures"), 1);
	CHECK_INT(count("SELECT count(*) FROM member_invitations"), inv - 1);
	CHECK_INT(count("SELECT count(*) FROM member_invitations WHERE email='onlangs@example.nl'"), 1);
	/* a day later the recent failure goes too; the same clock again removes nothing */
	CHECK_INT(db_begin(), 0);
	CHECK_INT(privacy_purge(now), 0);
	CHECK_INT(privacy_purge(now + 86400), 2);
	CHECK_INT(db_commit(), 0);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	char path[300];
	snprintf(path, sizeof path, "%s/privacy.db", dir);
	if (db_open(path, api_migrations()) < 0 || demo_load() < 0) {
		fprintf(stderr, "cannot open %s with the demo data\n", path);
		return 1;
	}
	RUN(test_privacy_register_annotates_every_personal_looking_column_and_every_user_reference);
	RUN(test_privacy_export_holds_the_person_in_every_table_that_refers_to_them);
	RUN(test_privacy_erase_leaves_no_email_or_name_in_any_table_and_others_intact);
	RUN(test_privacy_purge_keeps_what_is_within_retention_by_an_injected_clock);
	db_close_thread();
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return TEST_DONE();
}
