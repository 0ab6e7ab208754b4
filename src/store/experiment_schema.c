/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * experiment_schema: schema steps of the experiment module: experiments and their analyses.
 * Never edit a step that has shipped; add one with the next free number
 * (numbers are global across modules: see db.c for the order check). All
 * tables are STRICT; times are RFC 3339 UTC text unless the column name
 * ends in _s (epoch seconds).
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration experiment_migrations[] = {
    /* Experiments of an initiative and their analyses (the stats ab input
     * as computed, and its result; both JSON text). */
    {2, "CREATE TABLE experiments("
	" id INTEGER PRIMARY KEY,"
	" initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
	" name TEXT NOT NULL,"
	" hypothesis TEXT NOT NULL,"
	" metric TEXT NOT NULL,"
	" metric_kind TEXT NOT NULL CHECK(metric_kind IN ('binomial','mean')),"
	" budget_eur INTEGER CHECK(budget_eur >= 0),"
	" starts_on TEXT,"
	" ends_on TEXT,"
	" success_criterion TEXT NOT NULL DEFAULT '',"
	" planned_n_per_arm INTEGER CHECK(planned_n_per_arm >= 2),"
	" planned_split TEXT NOT NULL DEFAULT '[50,50]',"
	" status TEXT NOT NULL DEFAULT 'ontwerp'"
	"  CHECK(status IN ('ontwerp','lopend','afgerond','gestopt')),"
	" decision TEXT CHECK(decision IN ('opschalen','aanpassen','stoppen')),"
	" decision_note TEXT NOT NULL DEFAULT '',"
	" decided_at TEXT,"
	" decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	" created_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL) STRICT;"
	"CREATE INDEX experiments_initiative ON experiments(initiative_id, id);"
	"CREATE TABLE analyses("
	" id INTEGER PRIMARY KEY,"
	" experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,"
	" input TEXT NOT NULL,"
	" result TEXT NOT NULL,"
	" created_at TEXT NOT NULL,"
	" created_by INTEGER REFERENCES users(id) ON DELETE SET NULL) STRICT;"
	"CREATE INDEX analyses_experiment ON analyses(experiment_id, id);"},
    /* Several metrics per experiment: the primary stays in metric and
     * metric_kind, the secondary ones are a JSON array [{name, kind}].
     * Each analysis names its metric; older ones were of the primary. */
    {4,
     "ALTER TABLE experiments ADD COLUMN secondary_metrics TEXT NOT NULL DEFAULT '[]';"
     "ALTER TABLE analyses ADD COLUMN metric_name TEXT NOT NULL DEFAULT '';"
     "UPDATE analyses SET metric_name=(SELECT e.metric FROM experiments e WHERE e.id=analyses.experiment_id);"
     "DROP INDEX analyses_experiment;"
     "CREATE INDEX analyses_experiment ON analyses(experiment_id, metric_name, id);"},
    {0, NULL},
};
