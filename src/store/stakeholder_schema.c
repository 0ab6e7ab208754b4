/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * stakeholder_schema: schema step 13 of the stakeholder module: the
 * stakeholders of an initiative (party type, power, interest, legitimacy,
 * urgency, current and desired support, role in scaling) and the history
 * of their changes. Never edit a step that has shipped.
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration stakeholder_migrations[] = {
    {13, "CREATE TABLE stakeholders("
	 " id INTEGER PRIMARY KEY,"
	 " initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
	 " name TEXT NOT NULL,"
	 " party_type TEXT NOT NULL CHECK(party_type IN ('overheid','markt','wetenschap','samenleving')),"
	 " power INTEGER NOT NULL CHECK(power BETWEEN 1 AND 5),"
	 " interest INTEGER NOT NULL CHECK(interest BETWEEN 1 AND 5),"
	 " legitimate INTEGER NOT NULL CHECK(legitimate IN (0,1)),"
	 " urgent INTEGER NOT NULL CHECK(urgent IN (0,1)),"
	 " support TEXT NOT NULL CHECK(support IN ('onbekend','tegen','neutraal','steunend','trekkend')),"
	 " desired_support TEXT NOT NULL CHECK(desired_support IN "
	 "('onbekend','tegen','neutraal','steunend','trekkend')),"
	 " role TEXT NOT NULL DEFAULT '',"
	 " note TEXT NOT NULL DEFAULT '',"
	 " created_at TEXT NOT NULL,"
	 " updated_at TEXT NOT NULL,"
	 " UNIQUE(initiative_id, name)) STRICT;"
	 /* One row per change: what changed (JSON array of {field, from, to}). */
	 "CREATE TABLE stakeholder_history("
	 " id INTEGER PRIMARY KEY,"
	 " stakeholder_id INTEGER NOT NULL REFERENCES stakeholders(id) ON DELETE CASCADE,"
	 " changed_at TEXT NOT NULL,"
	 " user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	 " changes TEXT NOT NULL) STRICT;"
	 "CREATE INDEX stakeholder_history_of ON stakeholder_history(stakeholder_id);"},
    {0, NULL},
};
