/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * knowledge_schema: schema step 15 of the knowledge module: knowledge
 * items (cases, lessons, obstacles, approaches) with tags, links to the
 * methods' ingredients, routes and pitfalls, versions, evidence reviews,
 * adoptions by initiatives, initiatives shared for "who already did this",
 * and the full-text index (FTS5, our tokenizer; rebuilt, never exported).
 * Never edit a step that has shipped.
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration knowledge_migrations[] = {
    {15, "CREATE TABLE knowledge_items("
	 " id INTEGER PRIMARY KEY,"
	 " org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
	 " kind TEXT NOT NULL CHECK(kind IN ('praktijkvoorbeeld','les','belemmering','aanpak')),"
	 " title TEXT NOT NULL,"
	 " summary TEXT NOT NULL DEFAULT '',"
	 " body TEXT NOT NULL DEFAULT '',"
	 " sector TEXT NOT NULL DEFAULT '',"
	 " region TEXT NOT NULL DEFAULT '',"
	 " party_type TEXT NOT NULL DEFAULT '',"
	 " visibility TEXT NOT NULL CHECK(visibility IN ('organisatie','publiek')),"
	 " evidence_level TEXT NOT NULL CHECK(evidence_level IN ('beschreven','onderbouwd',"
	 "'eerste-aanwijzingen','effectief')),"
	 " evidence_date TEXT NOT NULL,"
	 " evidence_note TEXT NOT NULL DEFAULT '',"
	 " initiative_id INTEGER REFERENCES initiatives(id) ON DELETE SET NULL,"
	 " phase TEXT NOT NULL DEFAULT '',"
	 " source TEXT NOT NULL DEFAULT '',"
	 " author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	 " version INTEGER NOT NULL DEFAULT 1,"
	 " created_at TEXT NOT NULL,"
	 " updated_at TEXT NOT NULL) STRICT;"
	 "CREATE INDEX knowledge_items_org ON knowledge_items(org_id);"
	 "CREATE TABLE knowledge_tags("
	 " item_id INTEGER NOT NULL REFERENCES knowledge_items(id) ON DELETE CASCADE,"
	 " tag TEXT NOT NULL,"
	 " PRIMARY KEY(item_id, tag)) STRICT;"
	 /* A link to a method's ingredient, route or pitfall (ids as in methods/). */
	 "CREATE TABLE knowledge_links("
	 " item_id INTEGER NOT NULL REFERENCES knowledge_items(id) ON DELETE CASCADE,"
	 " kind TEXT NOT NULL CHECK(kind IN ('ingredient','route','valkuil')),"
	 " ref TEXT NOT NULL,"
	 " PRIMARY KEY(item_id, kind, ref)) STRICT;"
	 /* Every version as it was written, and which fields changed. */
	 "CREATE TABLE knowledge_versions("
	 " item_id INTEGER NOT NULL REFERENCES knowledge_items(id) ON DELETE CASCADE,"
	 " version INTEGER NOT NULL,"
	 " user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	 " changed TEXT NOT NULL,"
	 " title TEXT NOT NULL,"
	 " summary TEXT NOT NULL,"
	 " body TEXT NOT NULL,"
	 " at TEXT NOT NULL,"
	 " PRIMARY KEY(item_id, version)) STRICT;"
	 "CREATE TABLE knowledge_reviews("
	 " id INTEGER PRIMARY KEY,"
	 " item_id INTEGER NOT NULL REFERENCES knowledge_items(id) ON DELETE CASCADE,"
	 " from_level TEXT NOT NULL,"
	 " to_level TEXT NOT NULL,"
	 " level_date TEXT NOT NULL,"
	 " note TEXT NOT NULL,"
	 " user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	 " at TEXT NOT NULL) STRICT;"
	 "CREATE TABLE knowledge_adoptions("
	 " item_id INTEGER NOT NULL REFERENCES knowledge_items(id) ON DELETE CASCADE,"
	 " initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
	 " note TEXT NOT NULL DEFAULT '',"
	 " user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	 " at TEXT NOT NULL,"
	 " PRIMARY KEY(item_id, initiative_id)) STRICT;"
	 /* An initiative its organisation shows to other organisations in
	  * "who already did this?" and in parties' track records. */
	 "CREATE TABLE initiative_shares("
	 " initiative_id INTEGER PRIMARY KEY REFERENCES initiatives(id) ON DELETE CASCADE,"
	 " user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	 " at TEXT NOT NULL) STRICT;"
	 "CREATE VIRTUAL TABLE knowledge_fts USING fts5(title, tags, body, tokenize='scalelab');"},
    {0, NULL},
};
