/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan_schema: schema step 12 of the plan module: an organisation's default
 * phases, an initiative's phases (a gate at the end of each), gate criteria,
 * gate reviews with their evidence snapshot and decision, and the step plan
 * with dependencies. Step 28: gate criteria may name a growth metric of the
 * initiative's events (evidence 'metriek': evidence_param is the metric,
 * metric_parameters its query parameters as a JSON object of strings,
 * comparison >= or <=); the table is rebuilt to widen its CHECK. Never edit a step that has shipped; add one
 * with the next free number (numbers are global across modules).
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration plan_migrations[] = {
    {12, "CREATE TABLE plan_org_phases("
	 " org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
	 " position INTEGER NOT NULL CHECK(position >= 1),"
	 " name TEXT NOT NULL,"
	 " PRIMARY KEY(org_id, position)) STRICT;"
	 /* The phases of an initiative, in order; current marks where it is. */
	 "CREATE TABLE plan_phases("
	 " id INTEGER PRIMARY KEY,"
	 " initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
	 " position INTEGER NOT NULL CHECK(position >= 1),"
	 " name TEXT NOT NULL,"
	 " starts_on TEXT,"
	 " ends_on TEXT,"
	 " current INTEGER NOT NULL DEFAULT 0 CHECK(current IN (0,1)),"
	 " UNIQUE(initiative_id, position)) STRICT;"
	 /* Criteria of the gate at the end of a phase. */
	 "CREATE TABLE plan_criteria("
	 " id INTEGER PRIMARY KEY,"
	 " phase_id INTEGER NOT NULL REFERENCES plan_phases(id) ON DELETE CASCADE,"
	 " title TEXT NOT NULL,"
	 " kind TEXT NOT NULL CHECK(kind IN ('knock-out','score')),"
	 " weight INTEGER NOT NULL DEFAULT 1 CHECK(weight BETWEEN 1 AND 100),"
	 " evidence TEXT NOT NULL DEFAULT 'geen' CHECK(evidence IN ('geen','ingredient','acties-op-tijd',"
	 "'stappen-op-tijd','businesscase-npv','geen-machtige-tegenstander','okr-tempo')),"
	 " evidence_param TEXT NOT NULL DEFAULT '',"
	 " threshold REAL,"
	 " created_at TEXT NOT NULL) STRICT;"
	 "CREATE INDEX plan_criteria_phase ON plan_criteria(phase_id);"
	 /* A gate review: the evidence as it was when it opened (JSON), the
	  * criteria as judged (JSON array) and the decision. */
	 "CREATE TABLE plan_reviews("
	 " id INTEGER PRIMARY KEY,"
	 " phase_id INTEGER NOT NULL REFERENCES plan_phases(id) ON DELETE CASCADE,"
	 " status TEXT NOT NULL CHECK(status IN ('open','besloten')),"
	 " snapshot TEXT NOT NULL,"
	 " judgements TEXT NOT NULL,"
	 " opened_at TEXT NOT NULL,"
	 " opened_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	 " decision TEXT CHECK(decision IN ('door','bijsturen','juist-schalen','pauzeren','stoppen')),"
	 " rationale TEXT NOT NULL DEFAULT '',"
	 " decision_makers TEXT NOT NULL DEFAULT '',"
	 " decided_on TEXT,"
	 " conditions TEXT NOT NULL DEFAULT '',"
	 " route TEXT CHECK(route IN ('out','up','deep','in')),"
	 " method_route TEXT NOT NULL DEFAULT '',"
	 " override_reason TEXT NOT NULL DEFAULT '',"
	 " readiness REAL,"
	 " decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL) STRICT;"
	 "CREATE INDEX plan_reviews_phase ON plan_reviews(phase_id);"
	 "CREATE TABLE plan_steps("
	 " id INTEGER PRIMARY KEY,"
	 " initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
	 " phase_id INTEGER REFERENCES plan_phases(id) ON DELETE SET NULL,"
	 " title TEXT NOT NULL,"
	 " owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	 " due_on TEXT,"
	 " status TEXT NOT NULL CHECK(status IN ('open','bezig','klaar','geblokkeerd')),"
	 " effort_days INTEGER NOT NULL DEFAULT 1 CHECK(effort_days BETWEEN 0 AND 3650),"
	 " action_id INTEGER REFERENCES actions(id) ON DELETE SET NULL,"
	 " note TEXT NOT NULL DEFAULT '',"
	 " created_at TEXT NOT NULL,"
	 " updated_at TEXT NOT NULL) STRICT;"
	 "CREATE INDEX plan_steps_initiative ON plan_steps(initiative_id);"
	 "CREATE INDEX plan_steps_owner ON plan_steps(owner_id);"
	 "CREATE TABLE plan_step_deps("
	 " step_id INTEGER NOT NULL REFERENCES plan_steps(id) ON DELETE CASCADE,"
	 " depends_on INTEGER NOT NULL REFERENCES plan_steps(id) ON DELETE CASCADE,"
	 " PRIMARY KEY(step_id, depends_on)) STRICT;"},
    {28,
     "CREATE TABLE plan_criteria_new("
     " id INTEGER PRIMARY KEY,"
     " phase_id INTEGER NOT NULL REFERENCES plan_phases(id) ON DELETE CASCADE,"
     " title TEXT NOT NULL,"
     " kind TEXT NOT NULL CHECK(kind IN ('knock-out','score')),"
     " weight INTEGER NOT NULL DEFAULT 1 CHECK(weight BETWEEN 1 AND 100),"
     " evidence TEXT NOT NULL DEFAULT 'geen' CHECK(evidence IN ('geen','ingredient','acties-op-tijd',"
     "'stappen-op-tijd','businesscase-npv','geen-machtige-tegenstander','okr-tempo','metriek')),"
     " evidence_param TEXT NOT NULL DEFAULT '',"
     " threshold REAL,"
     " created_at TEXT NOT NULL,"
     " metric_parameters TEXT NOT NULL DEFAULT '{}',"
     " comparison TEXT NOT NULL DEFAULT '>=' CHECK(comparison IN ('>=','<='))) STRICT;"
     "INSERT INTO plan_criteria_new(id, phase_id, title, kind, weight, evidence, evidence_param, threshold,"
     " created_at) SELECT id, phase_id, title, kind, weight, evidence, evidence_param, threshold, created_at"
     " FROM plan_criteria;"
     "DROP TABLE plan_criteria;"
     "ALTER TABLE plan_criteria_new RENAME TO plan_criteria;"
     "CREATE INDEX plan_criteria_phase ON plan_criteria(phase_id);"},
    {0, NULL},
};
