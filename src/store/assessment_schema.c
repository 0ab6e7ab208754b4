/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_schema: schema steps of the assessment module: assessment rounds, raters, answers and actions.
 * Never edit a step that has shipped; add one with the next free number
 * (numbers are global across modules: see db.c for the order check). All
 * tables are STRICT; times are RFC 3339 UTC text unless the column name
 * ends in _s (epoch seconds).
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration assessment_migrations[] = {
    {3,
     "CREATE TABLE assessment_rounds("
     " id INTEGER PRIMARY KEY,"
     " initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
     " method_id TEXT NOT NULL,"
     " method_version INTEGER NOT NULL,"
     " title TEXT NOT NULL,"
     " period_start TEXT NOT NULL,"
     " period_end TEXT NOT NULL,"
     " status TEXT NOT NULL DEFAULT 'open' CHECK(status IN ('open','gesloten')),"
     " created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
     " created_at TEXT NOT NULL,"
     " closed_at TEXT) STRICT;"
     "CREATE INDEX assessment_rounds_initiative ON assessment_rounds(initiative_id, method_id, period_start);"
     /* A rater is a member (user_id) or a stranger with an invitation
      * link; only the link token's digest is stored. */
     "CREATE TABLE assessment_raters("
     " id INTEGER PRIMARY KEY,"
     " round_id INTEGER NOT NULL REFERENCES assessment_rounds(id) ON DELETE CASCADE,"
     " user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,"
     " name TEXT NOT NULL,"
     " role_label TEXT NOT NULL,"
     " token_hash BLOB UNIQUE,"
     " expires_s INTEGER,"
     " status TEXT NOT NULL DEFAULT 'uitgenodigd' CHECK(status IN ('uitgenodigd','concept','ingediend')),"
     " created_at TEXT NOT NULL,"
     " submitted_at TEXT,"
     " UNIQUE(round_id, user_id),"
     " CHECK((user_id IS NULL) <> (token_hash IS NULL))) STRICT;"
     "CREATE TABLE assessment_answers("
     " rater_id INTEGER NOT NULL REFERENCES assessment_raters(id) ON DELETE CASCADE,"
     " question_id TEXT NOT NULL,"
     " unknown INTEGER NOT NULL DEFAULT 0,"
     " level INTEGER,"
     " options TEXT,"
     " text TEXT NOT NULL DEFAULT '',"
     " evidence TEXT NOT NULL DEFAULT '',"
     " evidence_url TEXT NOT NULL DEFAULT '',"
     " confidence TEXT NOT NULL DEFAULT '' CHECK(confidence IN ('','laag','middel','hoog')),"
     " updated_at TEXT NOT NULL,"
     " PRIMARY KEY(rater_id, question_id)) STRICT;"
     "CREATE TABLE actions("
     " id INTEGER PRIMARY KEY,"
     " initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
     " round_id INTEGER REFERENCES assessment_rounds(id) ON DELETE SET NULL,"
     " rule_id TEXT NOT NULL DEFAULT '',"
     " ingredient TEXT NOT NULL DEFAULT '',"
     " title TEXT NOT NULL,"
     " owner TEXT NOT NULL DEFAULT '',"
     " due_date TEXT,"
     " status TEXT NOT NULL DEFAULT 'open' CHECK(status IN ('open','bezig','klaar','vervallen')),"
     " parties TEXT NOT NULL DEFAULT '[]',"
     " created_at TEXT NOT NULL,"
     " updated_at TEXT NOT NULL) STRICT;"
     "CREATE INDEX actions_initiative ON actions(initiative_id, status, due_date);"},
    /* A revoked invitation link answers 410; an action's owner can be a
     * member (owner_id) besides the free-text owner for outside parties. */
    {5, "ALTER TABLE assessment_raters ADD COLUMN revoked_at TEXT;"
	"ALTER TABLE actions ADD COLUMN owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL;"},
    {0, NULL},
};
