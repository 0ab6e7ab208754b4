/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_source_store: tables event_sources, event_source_stats and
 * event_salts. Stored words become enums here, once; a stored word we do
 * not know is a bug (the CHECK constraints allow only ours).
 */
#include "store/event_source_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "store/db.h"
#include "store/record.h"

/* 32 bytes as 64 hex digits. */
static void hex(const unsigned char *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void col_copy(sqlite3_stmt *st, int i, char *out, size_t n)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	snprintf(out, n, "%s", s ? (const char *)s : "");
}

#define SOURCE_COLS                                                                                          \
	"SELECT s.id, s.initiative_id, i.org_id, s.kind, s.status, s.name, i.name, s.key_hint, s.domain, "   \
	"s.retention_days, s.created_at, s.rotated_at, s.revoked_at FROM event_sources s "                   \
	"JOIN initiatives i ON i.id=s.initiative_id "

static void source_row(sqlite3_stmt *st, void *record)
{
	struct event_source *s = record;
	s->id = sqlite3_column_int64(st, 0);
	s->initiative_id = sqlite3_column_int64(st, 1);
	s->org_id = sqlite3_column_int64(st, 2);
	s->kind = event_source_kind_parse((const char *)sqlite3_column_text(st, 3));
	s->status = event_source_status_parse((const char *)sqlite3_column_text(st, 4));
	BUG_ON(!s->kind || !s->status);
	col_copy(st, 5, s->name, sizeof s->name);
	col_copy(st, 6, s->initiative_name, sizeof s->initiative_name);
	col_copy(st, 7, s->key_hint, sizeof s->key_hint);
	col_copy(st, 8, s->domain, sizeof s->domain);
	s->retention_days = sqlite3_column_int(st, 9);
	col_copy(st, 10, s->created_at, sizeof s->created_at);
	col_copy(st, 11, s->rotated_at, sizeof s->rotated_at);
	col_copy(st, 12, s->revoked_at, sizeof s->revoked_at);
}

int64_t event_source_store_org(int64_t id)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT i.org_id FROM event_sources s JOIN initiatives i ON i.id=s.initiative_id WHERE s.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

int64_t event_source_store_create(const struct event_source_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("INSERT INTO event_sources(initiative_id, kind, name, key_digest, "
				   "key_hint, domain, status, retention_days, created_at, created_by) "
				   "VALUES(?,?,?,?,?,?,?,?,?,?)");
	db_bind_int(st, 1, in->initiative_id);
	db_bind_text(st, 2, event_source_kind_name(in->kind));
	db_bind_text(st, 3, in->name ? in->name : "");
	char h[2 * EVENT_DIGEST_LEN + 1];
	if (in->digest)
		hex(in->digest, EVENT_DIGEST_LEN, h);
	db_bind_text(st, 4, in->digest ? h : NULL);
	db_bind_text(st, 5, in->key_hint ? in->key_hint : "");
	db_bind_text(st, 6, in->domain);
	db_bind_text(st, 7, event_source_status_name(EVENT_SOURCE_STATUS_ACTIEF));
	db_bind_int(st, 8, in->retention_days);
	db_bind_text(st, 9, now);
	if (in->user_id > 0)
		db_bind_int(st, 10, in->user_id);
	else
		db_bind_text(st, 10, NULL);
	int64_t id = db_insert(st);
	return id == -ERR_INVALID ? -ERR_CONFLICT : id;
}

int event_source_store_get(int64_t id, struct event_source *s)
{
	sqlite3_stmt *st = db_prep(SOURCE_COLS "WHERE s.id=?");
	db_bind_int(st, 1, id);
	return record_one(st, s, sizeof *s, source_row);
}

int event_source_store_by_digest(const unsigned char digest[EVENT_DIGEST_LEN], struct event_source *s)
{
	char h[2 * EVENT_DIGEST_LEN + 1];
	hex(digest, EVENT_DIGEST_LEN, h);
	sqlite3_stmt *st = db_prep(SOURCE_COLS "WHERE s.key_digest=? AND s.status=?");
	db_bind_text(st, 1, h);
	db_bind_text(st, 2, event_source_status_name(EVENT_SOURCE_STATUS_ACTIEF));
	return record_one(st, s, sizeof *s, source_row);
}

int event_source_store_by_domain(const char *domain, struct event_source *s)
{
	sqlite3_stmt *st = db_prep(SOURCE_COLS "WHERE s.domain=? AND s.status=?");
	db_bind_text(st, 1, domain);
	db_bind_text(st, 2, event_source_status_name(EVENT_SOURCE_STATUS_ACTIEF));
	return record_one(st, s, sizeof *s, source_row);
}

struct event_source *event_source_store_list(int64_t initiative_id, size_t *n)
{
	sqlite3_stmt *st = db_prep(SOURCE_COLS "WHERE ?1=0 OR s.initiative_id=?1 ORDER BY s.id");
	db_bind_int(st, 1, initiative_id);
	return record_rows(st, sizeof(struct event_source), n, source_row);
}

int event_source_store_rotate(int64_t id, const unsigned char digest[EVENT_DIGEST_LEN], const char *hint)
{
	char now[21];
	db_now(now);
	char h[2 * EVENT_DIGEST_LEN + 1];
	hex(digest, EVENT_DIGEST_LEN, h);
	sqlite3_stmt *st = db_prep(
	    "UPDATE event_sources SET key_digest=?, key_hint=?, rotated_at=? WHERE id=? AND status=?");
	db_bind_text(st, 1, h);
	db_bind_text(st, 2, hint);
	db_bind_text(st, 3, now);
	db_bind_int(st, 4, id);
	db_bind_text(st, 5, event_source_status_name(EVENT_SOURCE_STATUS_ACTIEF));
	return db_change(st);
}

int event_source_store_revoke(int64_t id)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("UPDATE event_sources SET status=?, revoked_at=? WHERE id=? AND status=?");
	db_bind_text(st, 1, event_source_status_name(EVENT_SOURCE_STATUS_INGETROKKEN));
	db_bind_text(st, 2, now);
	db_bind_int(st, 3, id);
	db_bind_text(st, 4, event_source_status_name(EVENT_SOURCE_STATUS_ACTIEF));
	int rc = db_change(st);
	if (rc == -ERR_NOTFOUND && event_source_store_org(id) > 0)
		return -ERR_CONFLICT;
	return rc;
}

int event_source_store_update(int64_t id, const char *name, int retention_days)
{
	sqlite3_stmt *st = db_prep("UPDATE event_sources SET name=?, retention_days=? WHERE id=?");
	db_bind_text(st, 1, name ? name : "");
	db_bind_int(st, 2, retention_days);
	db_bind_int(st, 3, id);
	return db_change(st);
}

json_t *event_source_store_stats(int64_t id, struct event_source_counts *s)
{
	memset(s, 0, sizeof *s);
	sqlite3_stmt *st = db_prep("SELECT accepted, duplicates, refused, last_event_ms, "
				   "last_received_ms, last_errors FROM event_source_stats WHERE source_id=?");
	db_bind_int(st, 1, id);
	json_t *errors = NULL;
	if (db_step(st) == SQLITE_ROW) {
		s->accepted = sqlite3_column_int64(st, 0);
		s->duplicates = sqlite3_column_int64(st, 1);
		s->refused = sqlite3_column_int64(st, 2);
		s->last_event_ms = sqlite3_column_int64(st, 3);
		s->last_received_ms = sqlite3_column_int64(st, 4);
		const char *t = (const char *)sqlite3_column_text(st, 5);
		errors = t ? json_loads(t, 0, NULL) : NULL;
	}
	sqlite3_reset(st);
	if (!json_is_array(errors)) {
		json_decref(errors);
		errors = json_array();
	}
	return errors;
}

void event_source_store_stats_add(int64_t id, const struct event_source_counts *d, const json_t *errors)
{
	struct event_source_counts cur;
	json_t *old = event_source_store_stats(id, &cur);
	json_t *all = json_array();
	size_t i;
	json_t *e;
	json_array_foreach (errors, i, e)
		if (json_array_size(all) < EVENT_SOURCE_ERRORS_MAX)
			json_array_append(all, e);
	json_array_foreach (old, i, e)
		if (json_array_size(all) < EVENT_SOURCE_ERRORS_MAX)
			json_array_append(all, e);
	char *text = json_dumps(all, JSON_COMPACT);
	sqlite3_stmt *st = db_prep(
	    "INSERT INTO event_source_stats(source_id, accepted, duplicates, refused, last_event_ms, "
	    "last_received_ms, last_errors) VALUES(?1,?2,?3,?4,?5,?6,?7) ON CONFLICT(source_id) DO UPDATE "
	    "SET accepted=accepted+?2, duplicates=duplicates+?3, refused=refused+?4, "
	    "last_event_ms=max(last_event_ms, ?5), last_received_ms=max(last_received_ms, ?6), "
	    "last_errors=?7");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, d->accepted);
	db_bind_int(st, 3, d->duplicates);
	db_bind_int(st, 4, d->refused);
	db_bind_int(st, 5, d->last_event_ms);
	db_bind_int(st, 6, d->last_received_ms);
	db_bind_text(st, 7, text);
	db_exec1(st);
	free(text);
	json_decref(all);
	json_decref(old);
}

int event_source_store_salt(int64_t day, const unsigned char fresh[32], unsigned char salt[32])
{
	sqlite3_stmt *st = db_prep("SELECT salt FROM event_salts WHERE day=?");
	db_bind_int(st, 1, day);
	int found = 0;
	const char *t;
	if (db_step(st) == SQLITE_ROW && (t = (const char *)sqlite3_column_text(st, 0)) && strlen(t) == 64) {
		for (int i = 0; i < 32; i++) {
			unsigned v = 0;
			sscanf(t + 2 * i, "%2x", &v);
			salt[i] = (unsigned char)v;
		}
		found = 1;
	}
	sqlite3_reset(st);
	if (found)
		return 0;
	st = db_prep("DELETE FROM event_salts WHERE day<>?");
	db_bind_int(st, 1, day);
	db_exec1(st);
	st = db_prep("INSERT INTO event_salts(day, salt) VALUES(?,?)");
	char h[65];
	hex(fresh, 32, h);
	db_bind_int(st, 1, day);
	db_bind_text(st, 2, h);
	db_exec1(st);
	memcpy(salt, fresh, 32);
	return db_failure();
}
