/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * funnel_schema: schema step of the funnel module: saved funnels of an
 * initiative (name, steps, window, order, optionally one event source) and
 * saved retention and lifecycle queries, so a dashboard shows them without
 * retyping. Never edit a step that has
 * shipped; add one with the next free number (numbers are global across
 * modules).
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration funnel_migrations[] = {
    /* steps: a JSON array of 2 to 10 event names; window: as typed ("7d"),
     * window_s its seconds; source_id NULL: every source of the initiative.
     * No user column: who saved it is in the audit log. */
    {27, "CREATE TABLE saved_funnels("
	 " id INTEGER PRIMARY KEY,"
	 " initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
	 " source_id INTEGER REFERENCES event_sources(id) ON DELETE SET NULL,"
	 " title TEXT NOT NULL CHECK(length(title) BETWEEN 1 AND 200),"
	 " steps TEXT NOT NULL,"
	 " window TEXT NOT NULL,"
	 " window_s INTEGER NOT NULL CHECK(window_s BETWEEN 60 AND 7776000),"
	 " order_mode TEXT NOT NULL CHECK(order_mode IN ('los','strikt')),"
	 " created_at TEXT NOT NULL,"
	 " UNIQUE(initiative_id, title)) STRICT;"},
    /* saved retention and lifecycle queries (kind: the route's word);
     * parameters: a JSON object of the route's query parameters as
     * strings (no van/tot: a saved query runs over the range asked) */
    {31, "CREATE TABLE saved_metric_queries("
	 " id INTEGER PRIMARY KEY,"
	 " initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
	 " kind TEXT NOT NULL CHECK(kind IN ('retentie','levenscyclus')),"
	 " title TEXT NOT NULL CHECK(length(title) BETWEEN 1 AND 200),"
	 " parameters TEXT NOT NULL,"
	 " created_at TEXT NOT NULL,"
	 " UNIQUE(initiative_id, kind, title)) STRICT;"},
    {0, NULL},
};
