/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * events_schema: schema step of the events module: an initiative's event
 * sources (kind, key digest, Plausible domain, retention), their counters
 * (flushed from memory in the background, never per request) and the
 * daily salts of Plausible's visitor ids. The events themselves live in
 * the event store's own files (store/event_store.h), never here. Never
 * edit a step that has shipped; add one with the next free number.
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration events_migrations[] = {
    {10, "CREATE TABLE event_sources("
	 " id INTEGER PRIMARY KEY,"
	 " initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
	 " kind TEXT NOT NULL CHECK(kind IN ('posthog','segment','mixpanel','plausible')),"
	 " name TEXT NOT NULL DEFAULT '',"
	 /* BLAKE2b of the key in hex: the key itself is shown once and never
	  * stored (text, so an export carries it: blobs never go out) */
	 " key_digest TEXT UNIQUE,"
	 " key_hint TEXT NOT NULL DEFAULT '',"
	 " domain TEXT,"
	 " status TEXT NOT NULL CHECK(status IN ('actief','ingetrokken')),"
	 " retention_days INTEGER NOT NULL CHECK(retention_days BETWEEN 1 AND 3650),"
	 " created_at TEXT NOT NULL,"
	 " rotated_at TEXT,"
	 " revoked_at TEXT,"
	 " created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	 " CHECK((kind='plausible') = (domain IS NOT NULL))) STRICT;"
	 "CREATE INDEX event_sources_initiative ON event_sources(initiative_id);"
	 /* one active source per Plausible domain: the domain is the key */
	 "CREATE UNIQUE INDEX event_sources_domain ON event_sources(domain) WHERE status='actief';"
	 "CREATE TABLE event_source_stats("
	 " source_id INTEGER PRIMARY KEY REFERENCES event_sources(id) ON DELETE CASCADE,"
	 " accepted INTEGER NOT NULL DEFAULT 0,"
	 " duplicates INTEGER NOT NULL DEFAULT 0,"
	 " refused INTEGER NOT NULL DEFAULT 0,"
	 " last_event_ms INTEGER NOT NULL DEFAULT 0,"
	 " last_received_ms INTEGER NOT NULL DEFAULT 0,"
	 /* JSON array of {at, message}, newest first, at most 20 */
	 " last_errors TEXT NOT NULL DEFAULT '[]') STRICT;"
	 /* Plausible: one random salt per UTC day; older ones are deleted so
	  * yesterday's visitor ids cannot be computed again */
	 "CREATE TABLE event_salts(day INTEGER PRIMARY KEY, salt TEXT NOT NULL) STRICT;"},
    {0, NULL},
};
