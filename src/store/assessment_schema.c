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
    /* Stored scores (issue 17): per round what the portfolio and the trend
     * show (per ingredient or component the median or level, and the
     * weakest ones), so an organisation with thousands of initiatives reads
     * one row per initiative instead of scoring every round's answers. The
     * rows are kept true by triggers: raters = the round's submitted raters
     * (never revoked), latest = the newest round of its initiative and
     * method with submitted raters (the portfolio's row), and any change to
     * a submitted rater or to a submitted answer clears fingerprint: the
     * cells are then recomputed (api/round_scores.c) and never read as
     * true. fingerprint names the method definition and scorer version the
     * cells were computed with. This step fills the rows of existing rounds;
     * the cells follow from the first pass of the filler. */
    {29,
     "CREATE TABLE round_scores("
     " round_id INTEGER PRIMARY KEY REFERENCES assessment_rounds(id) ON DELETE CASCADE,"
     " initiative_id INTEGER NOT NULL,"
     " method_id TEXT NOT NULL,"
     " period_start TEXT NOT NULL,"
     " raters INTEGER NOT NULL DEFAULT 0,"
     " latest INTEGER NOT NULL DEFAULT 0 CHECK(latest IN (0,1)),"
     " fingerprint TEXT,"
     " cells TEXT,"
     " weakest TEXT,"
     " computed_at TEXT) STRICT;"
     "CREATE INDEX round_scores_series ON round_scores(initiative_id, method_id, period_start, round_id);"
     "CREATE INDEX round_scores_latest ON round_scores(initiative_id, method_id, fingerprint, weakest)"
     " WHERE latest=1;"
     /* the portfolio reads an organisation's initiatives by name with their stage */
     "CREATE INDEX initiatives_portfolio ON initiatives(org_id, name, id, stage);"
     "CREATE INDEX round_scores_pending ON round_scores(latest, round_id) WHERE fingerprint IS NULL AND "
     "raters>0;"
     "INSERT INTO round_scores(round_id, initiative_id, method_id, period_start, raters)"
     " SELECT r.id, r.initiative_id, r.method_id, r.period_start, (SELECT count(*) FROM assessment_raters a"
     "  WHERE a.round_id=r.id AND a.status='ingediend' AND a.revoked_at IS NULL) FROM assessment_rounds r;"
     "UPDATE round_scores SET latest=1 WHERE round_id IN (SELECT (SELECT s.round_id FROM round_scores s"
     " WHERE s.initiative_id=g.initiative_id AND s.method_id=g.method_id AND s.raters>0"
     " ORDER BY s.period_start DESC, s.round_id DESC LIMIT 1)"
     " FROM (SELECT DISTINCT initiative_id, method_id FROM round_scores) g);"
     /* which round of an (initiative, method) is the latest */
     "CREATE TRIGGER round_scores_latest_upd AFTER UPDATE OF raters, initiative_id, method_id, period_start"
     " ON round_scores WHEN (OLD.raters>0) <> (NEW.raters>0) OR OLD.initiative_id <> NEW.initiative_id"
     " OR OLD.method_id <> NEW.method_id OR OLD.period_start <> NEW.period_start BEGIN"
     " UPDATE round_scores SET latest=(round_id IS (SELECT s.round_id FROM round_scores s"
     "  WHERE s.initiative_id=NEW.initiative_id AND s.method_id=NEW.method_id AND s.raters>0"
     "  ORDER BY s.period_start DESC, s.round_id DESC LIMIT 1))"
     "  WHERE initiative_id=NEW.initiative_id AND method_id=NEW.method_id;"
     " UPDATE round_scores SET latest=(round_id IS (SELECT s.round_id FROM round_scores s"
     "  WHERE s.initiative_id=OLD.initiative_id AND s.method_id=OLD.method_id AND s.raters>0"
     "  ORDER BY s.period_start DESC, s.round_id DESC LIMIT 1))"
     "  WHERE initiative_id=OLD.initiative_id AND method_id=OLD.method_id"
     "  AND (OLD.initiative_id <> NEW.initiative_id OR OLD.method_id <> NEW.method_id);"
     " END;"
     "CREATE TRIGGER round_scores_latest_del AFTER DELETE ON round_scores WHEN OLD.latest=1 BEGIN"
     " UPDATE round_scores SET latest=(round_id IS (SELECT s.round_id FROM round_scores s"
     "  WHERE s.initiative_id=OLD.initiative_id AND s.method_id=OLD.method_id AND s.raters>0"
     "  ORDER BY s.period_start DESC, s.round_id DESC LIMIT 1))"
     "  WHERE initiative_id=OLD.initiative_id AND method_id=OLD.method_id;"
     " END;"
     /* rounds */
     "CREATE TRIGGER round_scores_round_ins AFTER INSERT ON assessment_rounds BEGIN"
     " INSERT INTO round_scores(round_id, initiative_id, method_id, period_start)"
     "  VALUES(NEW.id, NEW.initiative_id, NEW.method_id, NEW.period_start);"
     " END;"
     "CREATE TRIGGER round_scores_round_upd AFTER UPDATE OF initiative_id, method_id, period_start"
     " ON assessment_rounds BEGIN"
     " UPDATE round_scores SET initiative_id=NEW.initiative_id, method_id=NEW.method_id,"
     "  period_start=NEW.period_start, fingerprint=NULL WHERE round_id=NEW.id;"
     " END;"
     /* raters: the count of submitted ones, and their sheets count */
     "CREATE TRIGGER round_scores_rater_ins AFTER INSERT ON assessment_raters WHEN NEW.status='ingediend' "
     "BEGIN"
     " UPDATE round_scores SET raters=(SELECT count(*) FROM assessment_raters a WHERE a.round_id=NEW.round_id"
     "  AND a.status='ingediend' AND a.revoked_at IS NULL), fingerprint=NULL WHERE round_id=NEW.round_id;"
     " END;"
     "CREATE TRIGGER round_scores_rater_upd AFTER UPDATE ON assessment_raters"
     " WHEN OLD.status='ingediend' OR NEW.status='ingediend' BEGIN"
     " UPDATE round_scores SET raters=(SELECT count(*) FROM assessment_raters a WHERE "
     "a.round_id=round_scores.round_id"
     "  AND a.status='ingediend' AND a.revoked_at IS NULL), fingerprint=NULL"
     "  WHERE round_id IN (OLD.round_id, NEW.round_id);"
     " END;"
     "CREATE TRIGGER round_scores_rater_del AFTER DELETE ON assessment_raters WHEN OLD.status='ingediend' "
     "BEGIN"
     " UPDATE round_scores SET raters=(SELECT count(*) FROM assessment_raters a WHERE a.round_id=OLD.round_id"
     "  AND a.status='ingediend' AND a.revoked_at IS NULL), fingerprint=NULL WHERE round_id=OLD.round_id;"
     " END;"
     /* answers of submitted raters */
     "CREATE TRIGGER round_scores_answer_ins AFTER INSERT ON assessment_answers BEGIN"
     " UPDATE round_scores SET fingerprint=NULL WHERE fingerprint IS NOT NULL AND round_id=(SELECT a.round_id"
     "  FROM assessment_raters a WHERE a.id=NEW.rater_id AND a.status='ingediend');"
     " END;"
     "CREATE TRIGGER round_scores_answer_upd AFTER UPDATE ON assessment_answers BEGIN"
     " UPDATE round_scores SET fingerprint=NULL WHERE fingerprint IS NOT NULL AND round_id IN (SELECT "
     "a.round_id"
     "  FROM assessment_raters a WHERE a.id IN (OLD.rater_id, NEW.rater_id) AND a.status='ingediend');"
     " END;"
     "CREATE TRIGGER round_scores_answer_del AFTER DELETE ON assessment_answers BEGIN"
     " UPDATE round_scores SET fingerprint=NULL WHERE fingerprint IS NOT NULL AND round_id=(SELECT a.round_id"
     "  FROM assessment_raters a WHERE a.id=OLD.rater_id AND a.status='ingediend');"
     " END;"},
    {0, NULL},
};
