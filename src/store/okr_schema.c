/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr_schema: schema steps of the okr module: teams and their members,
 * periods, objectives with their alignments, key results with sub-
 * milestones, and check-ins (one row per key result per day).
 * Never edit a step that has shipped; add one with the next free number
 * (numbers are global across modules). All tables are STRICT; times are
 * RFC 3339 UTC text, dates YYYY-MM-DD.
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration okr_migrations[] = {
    /* A team is a department (afdeling, no parent) or a team (under a
     * department of the same organisation, or directly under it). */
    {6, "CREATE TABLE okr_teams("
	" id INTEGER PRIMARY KEY,"
	" org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
	" parent_id INTEGER REFERENCES okr_teams(id) ON DELETE CASCADE,"
	" kind TEXT NOT NULL CHECK(kind IN ('afdeling','team')),"
	" name TEXT NOT NULL,"
	" created_at TEXT NOT NULL,"
	" UNIQUE(org_id, name)) STRICT;"
	"CREATE TABLE okr_team_members("
	" team_id INTEGER NOT NULL REFERENCES okr_teams(id) ON DELETE CASCADE,"
	" user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	" PRIMARY KEY(team_id, user_id)) STRICT;"
	"CREATE INDEX okr_team_members_user ON okr_team_members(user_id);"
	"CREATE TABLE okr_periods("
	" id INTEGER PRIMARY KEY,"
	" org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
	" name TEXT NOT NULL,"
	" starts_on TEXT NOT NULL,"
	" ends_on TEXT NOT NULL CHECK(ends_on >= starts_on),"
	" created_at TEXT NOT NULL,"
	" UNIQUE(org_id, name)) STRICT;"
	"CREATE TABLE okr_objectives("
	" id INTEGER PRIMARY KEY,"
	" org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
	" period_id INTEGER NOT NULL REFERENCES okr_periods(id) ON DELETE CASCADE,"
	" level TEXT NOT NULL CHECK(level IN ('organisatie','team','initiatief')),"
	" team_id INTEGER REFERENCES okr_teams(id) ON DELETE SET NULL,"
	" initiative_id INTEGER REFERENCES initiatives(id) ON DELETE CASCADE,"
	" title TEXT NOT NULL,"
	" description TEXT NOT NULL DEFAULT '',"
	" owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	" state TEXT NOT NULL DEFAULT 'concept' CHECK(state IN ('concept','gepubliceerd','afgesloten')),"
	" score REAL CHECK(score BETWEEN 0 AND 1),"
	" retrospective TEXT NOT NULL DEFAULT '',"
	" carried_from INTEGER REFERENCES okr_objectives(id) ON DELETE SET NULL,"
	" created_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL) STRICT;"
	"CREATE INDEX okr_objectives_org ON okr_objectives(org_id, period_id);"
	"CREATE INDEX okr_objectives_initiative ON okr_objectives(initiative_id);"
	"CREATE TABLE okr_alignments("
	" child_id INTEGER NOT NULL REFERENCES okr_objectives(id) ON DELETE CASCADE,"
	" parent_id INTEGER NOT NULL REFERENCES okr_objectives(id) ON DELETE CASCADE,"
	" link TEXT NOT NULL CHECK(link IN ('bijdragend','ondersteunend')),"
	" PRIMARY KEY(child_id, parent_id), CHECK(child_id <> parent_id)) STRICT;"
	"CREATE INDEX okr_alignments_parent ON okr_alignments(parent_id);"
	/* source_ref of an assessment binding: {"initiativeId", "methodId", "ingredient"} */
	"CREATE TABLE okr_key_results("
	" id INTEGER PRIMARY KEY,"
	" objective_id INTEGER NOT NULL REFERENCES okr_objectives(id) ON DELETE CASCADE,"
	" title TEXT NOT NULL,"
	" kind TEXT NOT NULL CHECK(kind IN ('stijgen','dalen','boven','onder','mijlpaal','nulmeting')),"
	" start_value REAL NOT NULL DEFAULT 0,"
	" target_value REAL,"
	" equal_counts INTEGER NOT NULL DEFAULT 1 CHECK(equal_counts IN (0,1)),"
	" unit TEXT NOT NULL DEFAULT '',"
	" weight REAL NOT NULL DEFAULT 1 CHECK(weight > 0),"
	" owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	" commitment TEXT NOT NULL DEFAULT 'toegezegd' CHECK(commitment IN ('toegezegd','ambitieus')),"
	" due_on TEXT,"
	" source TEXT NOT NULL DEFAULT 'handmatig' CHECK(source IN ('handmatig','beoordeling','api')),"
	" source_ref TEXT NOT NULL DEFAULT '',"
	" score REAL CHECK(score BETWEEN 0 AND 1),"
	" carried_from INTEGER REFERENCES okr_key_results(id) ON DELETE SET NULL,"
	" position INTEGER NOT NULL DEFAULT 0,"
	" created_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL) STRICT;"
	"CREATE INDEX okr_key_results_objective ON okr_key_results(objective_id, position);"
	"CREATE INDEX okr_key_results_owner ON okr_key_results(owner_id);"
	"CREATE TABLE okr_milestones("
	" id INTEGER PRIMARY KEY,"
	" kr_id INTEGER NOT NULL REFERENCES okr_key_results(id) ON DELETE CASCADE,"
	" title TEXT NOT NULL,"
	" done INTEGER NOT NULL DEFAULT 0 CHECK(done IN (0,1))) STRICT;"
	"CREATE INDEX okr_milestones_kr ON okr_milestones(kr_id);"
	/* One row per key result per day: a later check-in or value of the
	 * same day replaces it (the value API is idempotent). */
	"CREATE TABLE okr_checkins("
	" id INTEGER PRIMARY KEY,"
	" kr_id INTEGER NOT NULL REFERENCES okr_key_results(id) ON DELETE CASCADE,"
	" on_date TEXT NOT NULL,"
	" value REAL,"
	" confidence INTEGER CHECK(confidence BETWEEN 0 AND 10),"
	" changed TEXT NOT NULL DEFAULT '',"
	" blocker TEXT NOT NULL DEFAULT '',"
	" next_step TEXT NOT NULL DEFAULT '',"
	" source TEXT NOT NULL DEFAULT 'handmatig' CHECK(source IN ('handmatig','beoordeling','api')),"
	" user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	" created_at TEXT NOT NULL,"
	" UNIQUE(kr_id, on_date)) STRICT;"},
    {0, NULL},
};
