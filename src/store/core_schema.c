/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * core_schema: schema steps of the core module: the round-1 base schema (step 1): meta, users, organisations,
 * memberships, initiatives, sessions, tokens, login failures, audit log.
 * Shipped steps are never edited, so it stays whole here although its
 * tables serve the account and initiative modules too.
 * Never edit a step that has shipped; add one with the next free number
 * (numbers are global across modules: see db.c for the order check). All
 * tables are STRICT; times are RFC 3339 UTC text unless the column name
 * ends in _s (epoch seconds).
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration core_migrations[] = {
    {1, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
	"CREATE TABLE users("
	" id INTEGER PRIMARY KEY,"
	" email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	" name TEXT NOT NULL,"
	" pw_hash TEXT NOT NULL,"
	" is_admin INTEGER NOT NULL DEFAULT 0,"
	" lang TEXT NOT NULL DEFAULT 'nl',"
	" created_at TEXT NOT NULL) STRICT;"
	"CREATE TABLE organisations("
	" id INTEGER PRIMARY KEY,"
	" slug TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL,"
	" kind TEXT NOT NULL DEFAULT 'overheid'"
	"  CHECK(kind IN ('overheid','markt','wetenschap','samenleving')),"
	" created_at TEXT NOT NULL) STRICT;"
	"CREATE TABLE memberships("
	" org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
	" user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	" role TEXT NOT NULL CHECK(role IN ('beheerder','bewerker','deelnemer','lezer')),"
	" created_at TEXT NOT NULL,"
	" PRIMARY KEY(org_id, user_id)) STRICT;"
	"CREATE INDEX memberships_user ON memberships(user_id);"
	"CREATE TABLE initiatives("
	" id INTEGER PRIMARY KEY,"
	" org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
	" name TEXT NOT NULL,"
	" description TEXT NOT NULL DEFAULT '',"
	" sector TEXT NOT NULL DEFAULT '',"
	" stage TEXT NOT NULL CHECK(stage IN ('idee','pilot','opschalen','geborgd','gestopt')),"
	" owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	" target_group TEXT NOT NULL DEFAULT '',"
	" target_area TEXT NOT NULL DEFAULT '',"
	" target_reach INTEGER,"
	" target_date TEXT,"
	" scalable_unit TEXT NOT NULL DEFAULT '',"
	" created_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL) STRICT;"
	"CREATE INDEX initiatives_org ON initiatives(org_id, name);"
	"CREATE TABLE sessions("
	" id_hash BLOB PRIMARY KEY,"
	" user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	" created_s INTEGER NOT NULL,"
	" seen_s INTEGER NOT NULL) STRICT;"
	"CREATE TABLE tokens("
	" id INTEGER PRIMARY KEY,"
	" user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	" name TEXT NOT NULL,"
	" hash BLOB NOT NULL UNIQUE,"
	" created_at TEXT NOT NULL,"
	" last_used_at TEXT) STRICT;"
	"CREATE TABLE login_failures("
	" id INTEGER PRIMARY KEY,"
	" ip TEXT NOT NULL,"
	" email TEXT NOT NULL,"
	" at_s INTEGER NOT NULL) STRICT;"
	"CREATE INDEX login_failures_ip ON login_failures(ip, at_s);"
	"CREATE INDEX login_failures_email ON login_failures(email, at_s);"
	"CREATE TABLE audit_log("
	" id INTEGER PRIMARY KEY,"
	" at TEXT NOT NULL,"
	" user_id INTEGER,"
	" actor TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" object TEXT NOT NULL DEFAULT '',"
	" result TEXT NOT NULL,"
	" origin TEXT NOT NULL DEFAULT '') STRICT;"},
    /* Audit rows name their organisation (0/NULL: none, e.g. a login or a
     * CLI action on the instance) and cannot be changed: UPDATE and DELETE
     * are refused by triggers, so no route, import or bug can rewrite the
     * log. org_id has no foreign key on purpose: ON DELETE SET NULL would be
     * an UPDATE. `scalelab import` only inserts, into a fresh database. The
     * later erasure duty (AVG art. 17: pseudonymise a person's rows) must
     * drop audit_log_no_update, update and recreate it in one transaction,
     * and audit that it did so. */
    {8, "ALTER TABLE audit_log ADD COLUMN org_id INTEGER;"
	"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
	" BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
	"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
	" BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"},
    {0, NULL},
};
