/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * notify_schema: schema step of the notify module: the in-app inbox, the
 * durable e-mail outbox, per-person preferences, calendar feed tokens and
 * the organisation's time zone (digests go out on Monday morning there).
 * Never edit a step that has shipped; add one with the next free number.
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration notify_migrations[] = {
    {11, "ALTER TABLE organisations ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Amsterdam';"
	 /* One notification for one person; params are the message's
	  * placeholders (JSON), path the page it is about. */
	 "CREATE TABLE notify_inbox("
	 " id INTEGER PRIMARY KEY,"
	 " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	 " org_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,"
	 " kind TEXT NOT NULL,"
	 " params TEXT NOT NULL DEFAULT '{}',"
	 " path TEXT NOT NULL DEFAULT '',"
	 " dedup TEXT UNIQUE,"
	 " created_at TEXT NOT NULL,"
	 " read_at TEXT) STRICT;"
	 "CREATE INDEX notify_inbox_user ON notify_inbox(user_id, read_at, id);"
	 /* An e-mail to send. Queued in the transaction of the change that
	  * causes it; the worker claims it (verzenden), sends it and marks
	  * it. secret holds a credential the message must carry (an
	  * invitation link) until it is sent or given up, then it is wiped.
	  * dedup stops a scheduled message (digest, reminder) being queued
	  * twice. */
	 "CREATE TABLE notify_outbox("
	 " id INTEGER PRIMARY KEY,"
	 " org_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,"
	 " user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,"
	 " to_addr TEXT NOT NULL,"
	 " lang TEXT NOT NULL CHECK(lang IN ('nl','en')),"
	 " kind TEXT NOT NULL,"
	 " params TEXT NOT NULL DEFAULT '{}',"
	 " secret TEXT,"
	 " message_id TEXT NOT NULL UNIQUE,"
	 " dedup TEXT UNIQUE,"
	 " status TEXT NOT NULL DEFAULT 'wachtrij'"
	 "  CHECK(status IN ('wachtrij','verzenden','verzonden','mislukt')),"
	 " attempts INTEGER NOT NULL DEFAULT 0,"
	 " next_s INTEGER NOT NULL,"
	 " claimed_s INTEGER,"
	 " last_error TEXT NOT NULL DEFAULT '',"
	 " created_at TEXT NOT NULL,"
	 " sent_at TEXT) STRICT;"
	 "CREATE INDEX notify_outbox_due ON notify_outbox(status, next_s);"
	 "CREATE INDEX notify_outbox_org ON notify_outbox(org_id, id);"
	 /* A person's choice per kind (no row: e-mail on). */
	 "CREATE TABLE notify_prefs("
	 " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	 " kind TEXT NOT NULL,"
	 " email INTEGER NOT NULL CHECK(email IN (0,1)),"
	 " PRIMARY KEY(user_id, kind)) STRICT;"
	 /* A secret calendar feed of a person or of an initiative; only the
	  * token's digest is stored. A revoked feed answers 404. */
	 "CREATE TABLE notify_feeds("
	 " id INTEGER PRIMARY KEY,"
	 " user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,"
	 " initiative_id INTEGER REFERENCES initiatives(id) ON DELETE CASCADE,"
	 " token_hash BLOB NOT NULL UNIQUE,"
	 " created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	 " created_at TEXT NOT NULL,"
	 " revoked_at TEXT,"
	 " CHECK((user_id IS NULL) <> (initiative_id IS NULL))) STRICT;"},
    {0, NULL},
};
