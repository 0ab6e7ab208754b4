/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kpi_schema: schema steps of the kpi module: KPI series of an initiative,
 * their values (one per series per day) and the binding of an OKR key
 * result to a series. Never edit a step that has shipped; add one with
 * the next free number (numbers are global across modules).
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration kpi_migrations[] = {
    {7, "CREATE TABLE kpi_series("
	" id INTEGER PRIMARY KEY,"
	" initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
	" name TEXT NOT NULL,"
	" unit TEXT NOT NULL DEFAULT '',"
	" kind TEXT NOT NULL CHECK(kind IN ('adoptie','indicator')),"
	" direction TEXT NOT NULL CHECK(direction IN ('hoger','lager')),"
	" target_value REAL,"
	" target_date TEXT,"
	" description TEXT NOT NULL DEFAULT '',"
	" created_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL,"
	" UNIQUE(initiative_id, name)) STRICT;"
	/* One value per series per day: writing a day again replaces it. */
	"CREATE TABLE kpi_values("
	" series_id INTEGER NOT NULL REFERENCES kpi_series(id) ON DELETE CASCADE,"
	" on_date TEXT NOT NULL,"
	" value REAL NOT NULL,"
	" note TEXT NOT NULL DEFAULT '',"
	" source TEXT NOT NULL CHECK(source IN ('handmatig','api','import')),"
	" user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	" updated_at TEXT NOT NULL,"
	" PRIMARY KEY(series_id, on_date)) STRICT;"
	/* A key result whose value is the series' latest value. The key
	 * result row keeps source 'handmatig'; this row makes it 'kpi'. */
	"CREATE TABLE kpi_kr_bindings("
	" kr_id INTEGER PRIMARY KEY REFERENCES okr_key_results(id) ON DELETE CASCADE,"
	" series_id INTEGER NOT NULL REFERENCES kpi_series(id) ON DELETE CASCADE) STRICT;"
	"CREATE INDEX kpi_kr_bindings_series ON kpi_kr_bindings(series_id);"},
    {0, NULL},
};
