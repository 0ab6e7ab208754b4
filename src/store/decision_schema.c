/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * decision_schema: schema step of the decision module: the criteria agreed
 * for an assessment round (with, once decided, whether each was met) and the
 * decision per round. Never edit a step that has shipped; add one with the
 * next free number (numbers are global across modules).
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration decision_migrations[] = {
    {21, "CREATE TABLE decision_criteria("
	 " id INTEGER PRIMARY KEY,"
	 " round_id INTEGER NOT NULL REFERENCES assessment_rounds(id) ON DELETE CASCADE,"
	 " position INTEGER NOT NULL,"
	 " text TEXT NOT NULL,"
	 " met INTEGER CHECK(met IN (0,1)),"
	 " note TEXT NOT NULL DEFAULT '',"
	 " created_at TEXT NOT NULL,"
	 " UNIQUE(round_id, position)) STRICT;"
	 /* One decision per round; taking it again replaces it (audited). */
	 "CREATE TABLE decisions("
	 " round_id INTEGER PRIMARY KEY REFERENCES assessment_rounds(id) ON DELETE CASCADE,"
	 " outcome TEXT NOT NULL CHECK(outcome IN ('opschalen','juistschalen','bijsturen','stoppen')),"
	 " rationale TEXT NOT NULL,"
	 " decider TEXT NOT NULL,"
	 " decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	 " decided_on TEXT NOT NULL,"
	 " criteria_in_advance INTEGER NOT NULL CHECK(criteria_in_advance IN (0,1)),"
	 " created_at TEXT NOT NULL,"
	 " updated_at TEXT NOT NULL) STRICT;"},
    {0, NULL},
};
