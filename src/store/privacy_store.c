/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * privacy_store: export, erasure and a search over the whole schema for one
 * person (see privacy_store.h and docs/privacy.md). The SQL is built from
 * table and column names read from sqlite_schema (quoted), never from
 * input; every value is bound. These statements are prepared and finalized
 * here, not cached: their text is not a literal.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/privacy_register.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/db.h"
#include "store/privacy_store.h"

/* The step 8 trigger, recreated after the pseudonymisation. */
static const char no_update_sql[] = "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
				    " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;";

static sqlite3_stmt *prep(const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db_conn(), sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* An ordinary table: not virtual, not the shadow table of a virtual one, not sqlite's own. */
static int ordinary(const char *name, const char *sql, char virt[][64], int nvirt)
{
	if (!strncmp(name, "sqlite_", 7) || !sql || !strncmp(sql, "CREATE VIRTUAL", 14))
		return 0;
	for (int i = 0; i < nvirt; i++) {
		size_t l = strlen(virt[i]);
		if (!strncmp(name, virt[i], l) && name[l] == '_')
			return 0;
	}
	return 1;
}

struct privacy_column *privacy_columns(size_t *n)
{
	*n = 0;
	char virt[16][64];
	int nvirt = 0;
	sqlite3_stmt *st =
	    prep("SELECT name FROM sqlite_schema WHERE type='table' AND sql LIKE 'CREATE VIRTUAL%'");
	if (!st)
		return NULL;
	while (sqlite3_step(st) == SQLITE_ROW && nvirt < 16)
		snprintf(virt[nvirt++], 64, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	st = prep("SELECT m.name, m.sql, c.name, upper(c.type),"
		  " (SELECT p.on_delete FROM pragma_foreign_key_list(m.name) p"
		  "   WHERE p.\"from\"=c.name AND p.\"table\"='users')"
		  " FROM sqlite_schema m, pragma_table_info(m.name) c"
		  " WHERE m.type='table' AND m.sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY m.rowid, c.cid");
	if (!st)
		return NULL;
	size_t cap = 64;
	struct privacy_column *v = xmalloc(cap * sizeof *v);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (!ordinary(t, (const char *)sqlite3_column_text(st, 1), virt, nvirt))
			continue;
		if (*n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof *v);
		struct privacy_column *c = &v[(*n)++];
		memset(c, 0, sizeof *c);
		snprintf(c->table, sizeof c->table, "%s", t);
		snprintf(c->column, sizeof c->column, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(c->type, sizeof c->type, "%s", (const char *)sqlite3_column_text(st, 3));
		const char *od = (const char *)sqlite3_column_text(st, 4);
		c->user_ref = od != NULL;
		c->on_delete = !od ? 0 : !strcmp(od, "CASCADE") ? 'C' : !strcmp(od, "SET NULL") ? 'N' : 0;
	}
	sqlite3_finalize(st);
	return v;
}

/* Columns never exported: credentials and their hashes. */
static int secret_column(const char *name, int type)
{
	return type == SQLITE_BLOB || strstr(name, "hash") || strstr(name, "secret") || !strcmp(name, "totp");
}

/* Appends the rows of st (bound by the caller) to out[table]. */
static int rows_into(json_t *out, const char *table, sqlite3_stmt *st)
{
	json_t *arr = json_object_get(out, table);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!arr) {
			arr = json_array();
			json_object_set_new(out, table, arr);
		}
		json_t *row = json_object();
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *name = sqlite3_column_name(st, i);
			int type = sqlite3_column_type(st, i);
			if (secret_column(name, type))
				continue;
			if (type == SQLITE_INTEGER)
				json_object_set_new(row, name, json_integer(sqlite3_column_int64(st, i)));
			else if (type == SQLITE_FLOAT)
				json_object_set_new(row, name, json_real(sqlite3_column_double(st, i)));
			else if (type == SQLITE_TEXT)
				json_object_set_new(row, name,
						    json_string((const char *)sqlite3_column_text(st, i)));
			else
				json_object_set_new(row, name, json_null());
		}
		json_array_append_new(arr, row);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Rows of tables that hang (by a foreign key) on a row of parent owned by
 * the person through parent.col, e.g. assessment_answers of their rater rows. */
static int children(json_t *out, const char *parent, const char *col, int64_t uid,
		    const struct privacy_column *cols, size_t n)
{
	char sql[512];
	for (size_t i = 0; i < n; i++) {
		if (i && !strcmp(cols[i].table, cols[i - 1].table))
			continue;
		snprintf(sql, sizeof sql,
			 "SELECT \"from\", coalesce(\"to\",'rowid') FROM pragma_foreign_key_list('%s') WHERE "
			 "\"table\"=?",
			 cols[i].table);
		sqlite3_stmt *fk = prep(sql);
		if (!fk)
			return -1;
		sqlite3_bind_text(fk, 1, parent, -1, SQLITE_TRANSIENT);
		while (sqlite3_step(fk) == SQLITE_ROW) {
			snprintf(
			    sql, sizeof sql,
			    "SELECT * FROM \"%s\" WHERE \"%s\" IN (SELECT \"%s\" FROM \"%s\" WHERE \"%s\"=?)",
			    cols[i].table, (const char *)sqlite3_column_text(fk, 0),
			    (const char *)sqlite3_column_text(fk, 1), parent, col);
			sqlite3_stmt *st = prep(sql);
			if (!st) {
				sqlite3_finalize(fk);
				return -1;
			}
			sqlite3_bind_int64(st, 1, uid);
			if (rows_into(out, cols[i].table, st) < 0) {
				sqlite3_finalize(fk);
				return -1;
			}
		}
		sqlite3_finalize(fk);
	}
	return 0;
}

json_t *privacy_export(int64_t user_id, const char *email)
{
	size_t n;
	struct privacy_column *cols = privacy_columns(&n);
	if (!cols)
		return NULL;
	json_t *out = json_object();
	char sql[512];
	int bad = 0;
	/* the person's own row (without the password hash) */
	sqlite3_stmt *st = prep("SELECT * FROM users WHERE id=?");
	sqlite3_bind_int64(st, 1, user_id);
	bad |= !st || rows_into(out, "users", st) < 0;
	for (size_t i = 0; i < n && !bad; i++) {
		const struct privacy_register_entry *e = privacy_register_find(cols[i].table, cols[i].column);
		int by_email = e && (e->match == PRIVACY_MATCH_EMAIL || e->match == PRIVACY_MATCH_ACTOR);
		if (!cols[i].user_ref && !by_email && !(e && e->match == PRIVACY_MATCH_USER_ID))
			continue;
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" WHERE \"%s\"=?%s", cols[i].table,
			 cols[i].column, by_email ? " COLLATE NOCASE" : "");
		st = prep(sql);
		if (!st) {
			bad = 1;
			break;
		}
		if (by_email)
			sqlite3_bind_text(st, 1, email, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_int64(st, 1, user_id);
		bad |= rows_into(out, cols[i].table, st) < 0;
		/* rows the person owns outright also carry what hangs on them */
		if (!bad && cols[i].on_delete == 'C')
			bad |= children(out, cols[i].table, cols[i].column, user_id, cols, n) < 0;
	}
	free(cols);
	if (bad) {
		json_decref(out);
		return NULL;
	}
	/* a row can be reached along two references: keep each once */
	const char *t;
	json_t *arr;
	json_object_foreach (out, t, arr) {
		for (size_t i = json_array_size(arr); i-- > 1;)
			for (size_t j = 0; j < i; j++)
				if (json_equal(json_array_get(arr, i), json_array_get(arr, j))) {
					json_array_remove(arr, i);
					break;
				}
	}
	return out;
}

void privacy_pseudonym(const char *email, char out[32])
{
	char *key = db_meta_get("privacy_key");
	if (!key) {
		char fresh[SECRET_TOKEN_LEN + 1];
		secret_token(fresh);
		db_meta_set("privacy_key", fresh);
		key = xstrdup(fresh);
	}
	char low[256], mac[SECRET_TOKEN_LEN + 1];
	size_t i = 0;
	for (; email[i] && i < sizeof low - 1; i++)
		low[i] = (char)tolower((unsigned char)email[i]);
	low[i] = 0;
	secret_mac(key, low, mac);
	free(key);
	snprintf(out, 32, "verwijderd-%.10s", mac);
}

static int exec(const char *sql)
{
	return sqlite3_exec(db_conn(), sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* Runs sql with up to two text parameters and one integer; the rows changed or -1. */
static int64_t change(const char *sql, const char *a, const char *b, int64_t id)
{
	sqlite3_stmt *st = prep(sql);
	if (!st)
		return -1;
	int np = sqlite3_bind_parameter_count(st);
	for (int k = 1; k <= np; k++) {
		const char *name = sqlite3_bind_parameter_name(st, k);
		if (name && !strcmp(name, "?3"))
			sqlite3_bind_int64(st, k, id);
		else
			sqlite3_bind_text(st, k, k == 1 ? a : b, -1, SQLITE_TRANSIENT);
	}
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? sqlite3_changes(db_conn()) : -1;
}

/* Replaces every mention of needle (any case) by with in text columns of
 * ordinary tables and of virtual tables (their shadow tables follow). */
static int64_t replace_all(const char *needle, const char *with)
{
	size_t n;
	struct privacy_column *cols = privacy_columns(&n);
	if (!cols)
		return -1;
	int64_t total = 0;
	char sql[640];
	for (size_t i = 0; i < n && total >= 0; i++) {
		if (strcmp(cols[i].type, "TEXT") && cols[i].type[0])
			continue;
		/* other people's accounts, and columns matched exactly above, are never
		 * rewritten: an address can be part of another one (jan@x.nl in
		 * anna.jan@x.nl) */
		const struct privacy_register_entry *e = privacy_register_find(cols[i].table, cols[i].column);
		if (!strcmp(cols[i].table, "users") || (e && e->match != PRIVACY_MATCH_NONE))
			continue;
		snprintf(sql, sizeof sql,
			 "UPDATE \"%s\" SET \"%s\"=replace(replace(\"%s\",?1,?2),lower(?1),?2)"
			 " WHERE instr(lower(\"%s\"),lower(?1))>0",
			 cols[i].table, cols[i].column, cols[i].column, cols[i].column);
		int64_t k = change(sql, needle, with, 0);
		total = k < 0 ? -1 : total + k;
	}
	free(cols);
	/* the full-text index keeps a copy of its columns */
	sqlite3_stmt *st =
	    prep("SELECT name FROM sqlite_schema WHERE type='table' AND sql LIKE 'CREATE VIRTUAL%'");
	while (st && total >= 0 && sqlite3_step(st) == SQLITE_ROW) {
		const char *vt = (const char *)sqlite3_column_text(st, 0);
		snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s')", vt);
		sqlite3_stmt *c = prep(sql);
		while (c && total >= 0 && sqlite3_step(c) == SQLITE_ROW) {
			const char *col = (const char *)sqlite3_column_text(c, 0);
			snprintf(sql, sizeof sql,
				 "UPDATE \"%s\" SET \"%s\"=replace(replace(\"%s\",?1,?2),lower(?1),?2)"
				 " WHERE instr(lower(\"%s\"),lower(?1))>0",
				 vt, col, col, col);
			int64_t k = change(sql, needle, with, 0);
			total = k < 0 ? -1 : total + k;
		}
		sqlite3_finalize(c);
	}
	sqlite3_finalize(st);
	return total;
}

int64_t privacy_erase(int64_t user_id, const char *email, const char *name, const char *pseudonym)
{
	int64_t total = 0, k;
	/* deleted content is overwritten with zeros, not left in free pages */
	if (exec("PRAGMA secure_delete=ON") < 0)
		return -ERR_IO;
	/* the audit log: pseudonymise in place, its guard down only inside this transaction */
	if (exec("DROP TRIGGER audit_log_no_update") < 0)
		return -ERR_IO;
	k = change("UPDATE audit_log SET actor=?2, user_id=NULL WHERE user_id=?3 OR actor=?1 COLLATE NOCASE",
		   email, pseudonym, user_id);
	if (k < 0)
		return -ERR_IO;
	total += k;
	/* outbox rows to the person, rows keyed by their address */
	size_t n;
	struct privacy_column *cols = privacy_columns(&n);
	if (!cols)
		return -ERR_IO;
	char sql[512];
	for (size_t i = 0; i < n; i++) {
		const struct privacy_register_entry *e = privacy_register_find(cols[i].table, cols[i].column);
		if (!e || e->match != PRIVACY_MATCH_EMAIL || !strcmp(cols[i].table, "users"))
			continue;
		snprintf(sql, sizeof sql, "DELETE FROM \"%s\" WHERE \"%s\"=?1 COLLATE NOCASE", cols[i].table,
			 cols[i].column);
		k = change(sql, email, NULL, 0);
		if (k < 0) {
			free(cols);
			return -ERR_IO;
		}
		total += k;
	}
	free(cols);
	k = change("DELETE FROM notify_outbox WHERE user_id=?3", NULL, NULL, user_id);
	if (k < 0)
		return -ERR_IO;
	total += k;
	/* the account: owned rows cascade, references become NULL */
	k = change("DELETE FROM users WHERE id=?3", NULL, NULL, user_id);
	if (k != 1)
		return k < 0 ? -ERR_IO : -ERR_NOTFOUND;
	total += k;
	/* mentions in free text (messages, parameters of notifications, audit objects) */
	k = replace_all(email, pseudonym);
	if (k < 0)
		return -ERR_IO;
	total += k;
	sqlite3_stmt *st = db_prep("SELECT count(*) FROM users WHERE name=? COLLATE NOCASE");
	db_bind_text(st, 1, name);
	if (strlen(name) >= 4 && db_one_int(st, 1) == 0) {
		k = replace_all(name, pseudonym);
		if (k < 0)
			return -ERR_IO;
		total += k;
	}
	if (exec(no_update_sql) < 0 || exec("PRAGMA secure_delete=OFF") < 0)
		return -ERR_IO;
	return total;
}

int64_t privacy_scan(const char *needle, json_t *hits)
{
	size_t n;
	struct privacy_column *cols = privacy_columns(&n);
	if (!cols)
		return -1;
	int64_t total = 0;
	char sql[512];
	for (size_t i = 0; i < n && total >= 0; i++) {
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM \"%s\" WHERE instr(lower(CAST(\"%s\" AS TEXT)),lower(?))>0",
			 cols[i].table, cols[i].column);
		sqlite3_stmt *st = prep(sql);
		if (!st) {
			total = -1;
			break;
		}
		sqlite3_bind_text(st, 1, needle, -1, SQLITE_TRANSIENT);
		int64_t k = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
		sqlite3_finalize(st);
		if (k > 0 && hits)
			json_array_append_new(hits, json_sprintf("%s.%s", cols[i].table, cols[i].column));
		total = k < 0 ? -1 : total + k;
	}
	free(cols);
	return total;
}

int64_t privacy_row_total(void)
{
	size_t n;
	struct privacy_column *cols = privacy_columns(&n);
	if (!cols)
		return -1;
	int64_t total = 0;
	char sql[160];
	for (size_t i = 0; i < n && total >= 0; i++) {
		if (i && !strcmp(cols[i].table, cols[i - 1].table))
			continue;
		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", cols[i].table);
		sqlite3_stmt *st = prep(sql);
		int64_t k = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
		sqlite3_finalize(st);
		total = k < 0 ? -1 : total + k;
	}
	free(cols);
	return total;
}

int64_t privacy_purge(int64_t now_s)
{
	static const struct {
		const char *sql;
		int text; /* 1: the bound limit is an RFC 3339 time, 0: seconds */
		int64_t age_s;
	} rules[] = {
	    {"DELETE FROM login_failures WHERE at_s<?", 0, PRIVACY_SHORT_S},
	    {"DELETE FROM workshop_join_failures WHERE at_s<?", 0, PRIVACY_SHORT_S},
	    {"DELETE FROM member_invitations WHERE coalesce(answered_at, expires_at)<?", 1,
	     PRIVACY_INVITATION_S},
	    {"DELETE FROM tokens WHERE expires_s<?", 0, PRIVACY_EXPIRED_TOKEN_S},
	};
	int64_t total = 0;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		sqlite3_stmt *st = db_prep(rules[i].sql);
		if (rules[i].text) {
			char ts[21];
			time_rfc3339(now_s - rules[i].age_s, ts);
			db_bind_text(st, 1, ts);
		} else {
			db_bind_int(st, 1, now_s - rules[i].age_s);
		}
		db_exec1(st);
		if (db_failure())
			return -ERR_IO;
		total += sqlite3_changes(db_conn());
	}
	return total;
}
