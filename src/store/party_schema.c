/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * party_schema: schema step 16 of the party module: an organisation's
 * public party profile (its helix type is organisations.kind), what it
 * offers (method ingredients), the initiatives it took part in, and
 * connect requests between parties and initiatives. Never edit a step
 * that has shipped.
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration party_migrations[] = {
    {16, "CREATE TABLE party_profiles("
	 " org_id INTEGER PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,"
	 " summary TEXT NOT NULL DEFAULT '',"
	 " seeks TEXT NOT NULL DEFAULT '',"
	 " regions TEXT NOT NULL DEFAULT '',"
	 " sectors TEXT NOT NULL DEFAULT '',"
	 " website TEXT NOT NULL DEFAULT '',"
	 " confirmed_at TEXT NOT NULL,"
	 " updated_at TEXT NOT NULL) STRICT;"
	 /* A capability, named by the method ingredient it strengthens. */
	 "CREATE TABLE party_offers("
	 " org_id INTEGER NOT NULL REFERENCES party_profiles(org_id) ON DELETE CASCADE,"
	 " ingredient TEXT NOT NULL,"
	 " note TEXT NOT NULL DEFAULT '',"
	 " PRIMARY KEY(org_id, ingredient)) STRICT;"
	 /* An organisation that took part in another's initiative. */
	 "CREATE TABLE initiative_partners("
	 " initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
	 " org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
	 " since TEXT NOT NULL,"
	 " PRIMARY KEY(initiative_id, org_id)) STRICT;"
	 "CREATE TABLE connect_requests("
	 " id INTEGER PRIMARY KEY,"
	 " from_user INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	 " from_org INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
	 " from_initiative INTEGER REFERENCES initiatives(id) ON DELETE SET NULL,"
	 " to_org INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
	 " to_initiative INTEGER REFERENCES initiatives(id) ON DELETE CASCADE,"
	 " message TEXT NOT NULL,"
	 " status TEXT NOT NULL CHECK(status IN ('open','geaccepteerd','afgewezen')),"
	 " created_at TEXT NOT NULL,"
	 " decided_at TEXT,"
	 " decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL) STRICT;"
	 "CREATE INDEX connect_requests_to ON connect_requests(to_org, status);"},
    {0, NULL},
};
