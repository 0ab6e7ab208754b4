/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * businesscase_schema: schema step of the businesscase module: business
 * cases of an initiative, their parties, lines of cost and benefit with an
 * amount per year, scenario multipliers per category and the unit
 * economics of a case. Never edit a step that has shipped; add one with the
 * next free number (numbers are global across modules).
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration businesscase_migrations[] = {
    {14, "CREATE TABLE bc_cases("
	 " id INTEGER PRIMARY KEY,"
	 " initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
	 " name TEXT NOT NULL,"
	 " description TEXT NOT NULL DEFAULT '',"
	 " horizon INTEGER NOT NULL CHECK(horizon BETWEEN 1 AND 30),"
	 /* the discount rate as a fraction (0.0225), its source and the date the source is of */
	 " rate REAL NOT NULL,"
	 " rate_source TEXT NOT NULL DEFAULT '',"
	 " rate_date TEXT,"
	 " created_at TEXT NOT NULL,"
	 " updated_at TEXT NOT NULL,"
	 " UNIQUE(initiative_id, name)) STRICT;"
	 "CREATE TABLE bc_parties("
	 " id INTEGER PRIMARY KEY,"
	 " case_id INTEGER NOT NULL REFERENCES bc_cases(id) ON DELETE CASCADE,"
	 " name TEXT NOT NULL COLLATE NOCASE,"
	 " helix TEXT NOT NULL CHECK(helix IN ('overheid','markt','wetenschap','samenleving')),"
	 " UNIQUE(case_id, name)) STRICT;"
	 /* A line of cost (the party pays) or benefit (the party gains); the
	  * scenario multipliers override the category's when set. */
	 "CREATE TABLE bc_lines("
	 " id INTEGER PRIMARY KEY,"
	 " case_id INTEGER NOT NULL REFERENCES bc_cases(id) ON DELETE CASCADE,"
	 " party_id INTEGER NOT NULL REFERENCES bc_parties(id) ON DELETE CASCADE,"
	 " kind TEXT NOT NULL CHECK(kind IN ('kosten','baten')),"
	 " category TEXT NOT NULL CHECK(category IN ('investering','exploitatie','besparing',"
	 "'opbrengst','maatschappelijk','overig')),"
	 " label TEXT NOT NULL,"
	 " source TEXT NOT NULL DEFAULT '',"
	 " best REAL,"
	 " worst REAL,"
	 " created_at TEXT NOT NULL,"
	 " updated_at TEXT NOT NULL) STRICT;"
	 "CREATE INDEX bc_lines_case ON bc_lines(case_id);"
	 "CREATE INDEX bc_lines_party ON bc_lines(party_id);"
	 "CREATE TABLE bc_amounts("
	 " line_id INTEGER NOT NULL REFERENCES bc_lines(id) ON DELETE CASCADE,"
	 " year INTEGER NOT NULL CHECK(year BETWEEN 0 AND 30),"
	 " cents INTEGER NOT NULL CHECK(cents >= 0),"
	 " PRIMARY KEY(line_id, year)) STRICT;"
	 "CREATE TABLE bc_factors("
	 " case_id INTEGER NOT NULL REFERENCES bc_cases(id) ON DELETE CASCADE,"
	 " category TEXT NOT NULL CHECK(category IN ('investering','exploitatie','besparing',"
	 "'opbrengst','maatschappelijk','overig')),"
	 " best REAL NOT NULL,"
	 " worst REAL NOT NULL,"
	 " PRIMARY KEY(case_id, category)) STRICT;"
	 /* Unit economics: money in cents per month, margin and churn as fractions. */
	 "CREATE TABLE bc_units("
	 " case_id INTEGER PRIMARY KEY REFERENCES bc_cases(id) ON DELETE CASCADE,"
	 " kind TEXT NOT NULL CHECK(kind IN ('scaleup','publiek')),"
	 " arpa_cents INTEGER NOT NULL,"
	 " margin REAL NOT NULL,"
	 " churn REAL NOT NULL,"
	 " cac_cents INTEGER NOT NULL,"
	 " customers REAL NOT NULL,"
	 " new_per_month REAL NOT NULL,"
	 " cash_cents INTEGER NOT NULL,"
	 " fixed_cents INTEGER NOT NULL,"
	 " updated_at TEXT NOT NULL) STRICT;"},
    {0, NULL},
};
