/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * workshop_schema: schema step 17 of the workshop module: live workshops
 * on an assessment round (join code, current part, closed parts), their
 * participants (each a rater of the round), failed join attempts (the
 * guessing limit) and the values a group agrees on per ingredient or part,
 * stored beside the raters' own answers. Never edit a step that has
 * shipped; add one with the next free number (numbers are global).
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration workshop_migrations[] = {
    {17, "CREATE TABLE workshops("
	 " id INTEGER PRIMARY KEY,"
	 " round_id INTEGER NOT NULL UNIQUE REFERENCES assessment_rounds(id) ON DELETE CASCADE,"
	 " status TEXT NOT NULL DEFAULT 'open' CHECK(status IN ('open','gesloten')),"
	 /* the join code exists only while the workshop is open */
	 " code TEXT UNIQUE CHECK(code IS NULL OR length(code) = 6),"
	 " part TEXT NOT NULL,"
	 " closed_parts TEXT NOT NULL DEFAULT '[]',"
	 " created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	 " created_at TEXT NOT NULL,"
	 " closed_at TEXT,"
	 " CHECK((status = 'open') = (code IS NOT NULL))) STRICT;"
	 "CREATE TABLE workshop_participants("
	 " id INTEGER PRIMARY KEY,"
	 " workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,"
	 " rater_id INTEGER NOT NULL UNIQUE REFERENCES assessment_raters(id) ON DELETE CASCADE,"
	 " token_hash BLOB NOT NULL UNIQUE,"
	 " name TEXT NOT NULL,"
	 " joined_at TEXT NOT NULL,"
	 " removed_at TEXT) STRICT;"
	 "CREATE INDEX workshop_participants_workshop ON workshop_participants(workshop_id);"
	 /* wrong join codes per client address, for the guessing limit */
	 "CREATE TABLE workshop_join_failures("
	 " ip TEXT NOT NULL,"
	 " at_s INTEGER NOT NULL) STRICT;"
	 "CREATE INDEX workshop_join_failures_ip ON workshop_join_failures(ip, at_s);"
	 /* What the group agreed: per ingredient a level with conclusion,
	  * evidence and dissent; per part (impact, routes) a statement and,
	  * for routes, the chosen route ids (JSON array). */
	 "CREATE TABLE assessment_agreed("
	 " round_id INTEGER NOT NULL REFERENCES assessment_rounds(id) ON DELETE CASCADE,"
	 " item TEXT NOT NULL,"
	 " level INTEGER,"
	 " conclusion TEXT NOT NULL DEFAULT '',"
	 " evidence TEXT NOT NULL DEFAULT '',"
	 " dissent TEXT NOT NULL DEFAULT '',"
	 " choices TEXT NOT NULL DEFAULT '[]',"
	 " updated_at TEXT NOT NULL,"
	 " PRIMARY KEY(round_id, item)) STRICT;"},
    {0, NULL},
};
