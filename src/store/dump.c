/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * dump: export/import and backup. SQL text is built only from our own
 * schema (table names below and PRAGMA table_info), never from the input;
 * values are always bound.
 */
#include "dump.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/buf.h"
#include "lib/secret.h"
#include "lib/util.h"
#include "store/db.h"
#include "store/knowledge_store.h"

/* Tables that hold secrets (sessions, tokens, server keys, two-step
 * secrets and recovery codes, invitation links, calendar feed tokens,
 * links waiting in the outbox) or transient state (the e-mail queue), or
 * belong to SQLite; every other table is exported. After an import people
 * sign in again, set up two-step sign-in again and get new invitations.
 * Single sign-on's tables are skipped too (sso_skipped), but for the
 * linked identities: the client secret is sealed with this server's key,
 * so a beheerder sets the provider up again. round_scores is derived
 * (schema step 29): the import's own rounds, raters and answers rebuild it
 * through its triggers, and the server's filler computes the cells. */
static const char *const skipped[] = {
    "sessions",		 "tokens",	  "login_failures",	 "meta",
    "schema_migrations", "user_totp",	  "user_recovery_codes", "member_invitations",
    "notify_feeds",	 "notify_outbox", "round_scores",	 NULL};
static const char *const sso_skipped[] = {"sso_providers", "sso_domains",  "sso_group_roles",
					  "sso_states",	   "sso_sessions", NULL};

/* The exported tables in creation order, which the migrations keep in
 * dependency order (a parent before the tables that reference it).
 * NULL-terminated; caller frees the array and its strings. */
static char **table_list(sqlite3 *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(
		db,
		"SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite%' "
		"AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY rowid",
		-1, &st, NULL) != SQLITE_OK)
		BUG("%s", sqlite3_errmsg(db));
	char **v = NULL;
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		int skip = 0;
		for (int i = 0; skipped[i]; i++)
			skip |= !strcmp(name, skipped[i]);
		for (int i = 0; sso_skipped[i]; i++)
			skip |= !strcmp(name, sso_skipped[i]);
		/* FTS shadow tables ("x_data", "x_idx"...) are rebuilt, not exported. */
		skip |= strstr(name, "_fts") != NULL;
		if (skip)
			continue;
		v = xrealloc(v, (n + 2) * sizeof *v);
		v[n++] = xstrdup(name);
		v[n] = NULL;
	}
	sqlite3_finalize(st);
	if (!v)
		v = xcalloc(1, sizeof *v);
	return v;
}

static void table_list_free(char **v)
{
	for (size_t i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

static json_t *table_rows(sqlite3 *db, const char *table)
{
	struct buf sql = BUF_INIT;
	buf_printf(&sql, "SELECT * FROM %s ORDER BY rowid", table);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, buf_str(&sql), -1, &st, NULL) != SQLITE_OK)
		BUG("%s", sqlite3_errmsg(db));
	buf_free(&sql);
	json_t *rows = json_array();
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(rows, db_row_json(st));
	sqlite3_finalize(st);
	return rows;
}

json_t *dump_export(void)
{
	sqlite3 *db = db_conn();
	char ts[21];
	db_now(ts);
	json_t *t = json_object();
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL); /* one consistent snapshot */
	char **tables = table_list(db);
	for (int i = 0; tables[i]; i++)
		json_object_set_new(t, tables[i], table_rows(db, tables[i]));
	table_list_free(tables);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return json_pack("{s:s,s:i,s:i,s:s,s:o}", "format", "scalelab-export", "version", 1, "schemaVersion",
			 db_schema_version(), "exportedAt", ts, "tables", t);
}

static int import_table(sqlite3 *db, const char *table, json_t *rows, char *err, size_t errlen)
{
	/* Column names come from our schema, not from the file. */
	struct buf q = BUF_INIT, cols = BUF_INIT, marks = BUF_INIT;
	buf_printf(&q, "SELECT name, type FROM pragma_table_info('%s')", table);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, buf_str(&q), -1, &st, NULL);
	char *names[64];
	int blob[64];
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && n < 64) {
		const char *type = (const char *)sqlite3_column_text(st, 1);
		blob[n] = type && !strcmp(type, "BLOB");
		names[n] = xstrdup((const char *)sqlite3_column_text(st, 0));
		buf_printf(&cols, "%s%s", n ? "," : "", names[n]);
		buf_printf(&marks, "%s?", n ? "," : "");
		n++;
	}
	sqlite3_finalize(st);
	buf_reset(&q);
	buf_printf(&q, "INSERT INTO %s(%s) VALUES(%s)", table, buf_str(&cols), buf_str(&marks));
	sqlite3_prepare_v2(db, buf_str(&q), -1, &st, NULL);
	int rc = 0;
	size_t i;
	json_t *row;
	json_array_foreach (rows, i, row) {
		if (!json_is_object(row)) {
			snprintf(err, errlen, "tables.%s[%zu]: not an object", table, i);
			rc = -ERR_INVALID;
			break;
		}
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		for (int k = 0; k < n; k++) {
			json_t *v = json_object_get(row, names[k]);
			if (json_is_integer(v))
				sqlite3_bind_int64(st, k + 1, json_integer_value(v));
			else if (json_is_real(v))
				sqlite3_bind_double(st, k + 1, json_real_value(v));
			else if (json_is_string(v))
				sqlite3_bind_text(st, k + 1, json_string_value(v), -1, SQLITE_TRANSIENT);
			else if (json_is_boolean(v))
				sqlite3_bind_int(st, k + 1, json_is_true(v));
			else if (!v && blob[k]) {
				/* A digest of a secret token (an invitation link, a
				 * workshop participant) is not exported: the token is
				 * nowhere to be had. A fresh random digest keeps the row
				 * whole while no token will ever match it again. */
				char tok[SECRET_TOKEN_LEN + 1];
				unsigned char h[SECRET_HASH_LEN];
				secret_token(tok);
				secret_digest(tok, h);
				sqlite3_bind_blob(st, k + 1, h, SECRET_HASH_LEN, SQLITE_TRANSIENT);
			} else
				sqlite3_bind_null(st, k + 1);
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			snprintf(err, errlen, "tables.%s[%zu]: %s", table, i, sqlite3_errmsg(db));
			rc = -ERR_INVALID;
			break;
		}
	}
	sqlite3_finalize(st);
	for (int k = 0; k < n; k++)
		free(names[k]);
	buf_free(&q);
	buf_free(&cols);
	buf_free(&marks);
	return rc;
}

int dump_import(json_t *doc, char *err, size_t errlen)
{
	json_t *t = json_object_get(doc, "tables");
	if (strcmp(json_string_value(json_object_get(doc, "format")) ?: "", "scalelab-export") ||
	    !json_is_object(t)) {
		snprintf(err, errlen, "not a scalelab export (format and tables are required)");
		return -ERR_INVALID;
	}
	sqlite3 *db = db_conn();
	sqlite3_stmt *st =
	    db_prep("SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM organisations)");
	db_step(st);
	int used = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (used) {
		snprintf(err, errlen, "the database is not empty; import into a new one");
		return -ERR_CONFLICT;
	}
	char **tables = table_list(db);
	int rc = 0;
	const char *key;
	json_t *rows;
	json_object_foreach (t, key, rows) {
		int known = 0;
		for (int i = 0; tables[i]; i++)
			known |= !strcmp(tables[i], key);
		if (!known) {
			snprintf(err, errlen, "tables.%s: no such table in this version", key);
			table_list_free(tables);
			return -ERR_INVALID;
		}
	}
	for (int i = 0; tables[i] && rc == 0; i++) {
		rows = json_object_get(t, tables[i]);
		if (!rows)
			continue;
		if (!json_is_array(rows)) {
			snprintf(err, errlen, "tables.%s: not an array", tables[i]);
			rc = -ERR_INVALID;
		} else if (import_table(db, tables[i], rows, err, errlen) < 0) {
			rc = -ERR_INVALID;
		}
	}
	table_list_free(tables);
	/* the search index is not exported: it is built again from the items */
	if (rc == 0)
		knowledge_store_reindex_all();
	return rc;
}

/* Progress of a VACUUM INTO: the target's size against the source's. */
struct backup_progress {
	const char *target;
	int64_t total;
	void (*report)(int pct);
	int last;
};

static int backup_tick(void *arg)
{
	struct backup_progress *p = arg;
	struct stat st;
	if (p->report && p->total > 0 && stat(p->target, &st) == 0) {
		int pct = (int)(100 * st.st_size / p->total);
		if (pct > 99)
			pct = 99; /* the copy is more compact than the source: 100 comes at the end */
		if (pct != p->last)
			p->report(pct);
		p->last = pct;
	}
	return 0;
}

int dump_backup(const char *target, void (*progress)(int pct))
{
	/* VACUUM INTO copies one consistent snapshot (one read transaction)
	 * however busy the server is; the page-by-page backup API restarts
	 * whenever another process writes, and under steady load never ends. */
	sqlite3 *db = db_conn();
	sqlite3_stmt *st = db_prep("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size");
	struct backup_progress p = {target, 0, progress, -1};
	if (db_step(st) == SQLITE_ROW)
		p.total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_progress_handler(db, 2000, backup_tick, &p);
	st = db_prep("VACUUM INTO ?");
	db_bind_text(st, 1, target);
	int rc = db_exec1(st);
	sqlite3_progress_handler(db, 0, NULL, NULL);
	if (rc != SQLITE_DONE || db_failure())
		return db_failure() ? db_failure() : -ERR_IO;
	if (progress)
		progress(100);
	return 0;
}
