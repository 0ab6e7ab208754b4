/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * sso_schema: schema step of the sso module (single sign-on with OpenID
 * Connect): an organisation's provider (client secret sealed with a server
 * key), the e-mail domains that lead to it (one organisation per domain),
 * provider groups mapped to roles, linked identities (issuer, subject), used
 * login states (no replay) and which sessions an SSO login made. Never edit
 * a step that has shipped; add one with the next free number.
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration sso_migrations[] = {
    {22, "CREATE TABLE sso_providers("
	 " org_id INTEGER PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,"
	 " display_name TEXT NOT NULL,"
	 " issuer TEXT NOT NULL,"
	 " client_id TEXT NOT NULL,"
	 " secret_box BLOB NOT NULL,"
	 " auth_method TEXT NOT NULL CHECK(auth_method IN ('client_secret_basic','client_secret_post')),"
	 " groups_claim TEXT NOT NULL DEFAULT 'groups',"
	 " mfa_acr TEXT NOT NULL DEFAULT '',"
	 " jit INTEGER NOT NULL DEFAULT 0 CHECK(jit IN (0,1)),"
	 " enabled INTEGER NOT NULL DEFAULT 1 CHECK(enabled IN (0,1)),"
	 " created_at TEXT NOT NULL,"
	 " updated_at TEXT NOT NULL) STRICT;"
	 "CREATE TABLE sso_domains("
	 " domain TEXT PRIMARY KEY,"
	 " org_id INTEGER NOT NULL REFERENCES sso_providers(org_id) ON DELETE CASCADE) STRICT;"
	 "CREATE INDEX sso_domains_org ON sso_domains(org_id);"
	 "CREATE TABLE sso_group_roles("
	 " org_id INTEGER NOT NULL REFERENCES sso_providers(org_id) ON DELETE CASCADE,"
	 " group_name TEXT NOT NULL,"
	 " role TEXT NOT NULL CHECK(role IN ('lezer','deelnemer','bewerker','beheerder')),"
	 " PRIMARY KEY(org_id, group_name)) STRICT;"
	 "CREATE TABLE sso_identities("
	 " id INTEGER PRIMARY KEY,"
	 " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	 " org_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,"
	 " issuer TEXT NOT NULL,"
	 " subject TEXT NOT NULL,"
	 " created_at TEXT NOT NULL,"
	 " last_login_at TEXT NOT NULL,"
	 " UNIQUE(issuer, subject)) STRICT;"
	 "CREATE INDEX sso_identities_user ON sso_identities(user_id);"
	 "CREATE TABLE sso_states("
	 " state_hash BLOB PRIMARY KEY,"
	 " used_s INTEGER NOT NULL) STRICT;"
	 "CREATE TABLE sso_sessions("
	 " session_hash BLOB PRIMARY KEY REFERENCES sessions(id_hash) ON DELETE CASCADE,"
	 " org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
	 " mfa INTEGER NOT NULL CHECK(mfa IN (0,1))) STRICT;"},
    {0, NULL},
};
