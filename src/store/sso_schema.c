/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * sso_schema: schema steps of the sso module (single sign-on with OpenID
 * Connect): an organisation's provider (client secret, or since step 30 a
 * client key pair for private_key_jwt, sealed with a server key), the e-mail domains that lead to it (one
 * organisation per domain), provider groups mapped to roles, linked identities (issuer, subject), used login
 * states (no replay) and which sessions an SSO login made. Never edit a step that has shipped; add one with
 * the next free number.
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
    /* 30: client authentication with a key pair (private_key_jwt): the
     * auth_method CHECK gains the word, and the provider row holds the
     * sealed private key and its public JWK. SQLite cannot change a CHECK,
     * so the table is built again; its two child tables are copied aside
     * first, because dropping the parent would cascade into them. */
    {30, "CREATE TEMP TABLE sso_domains_keep AS SELECT domain, org_id FROM sso_domains;"
	 "CREATE TEMP TABLE sso_group_roles_keep AS SELECT org_id, group_name, role FROM sso_group_roles;"
	 "DROP TABLE sso_domains;"
	 "DROP TABLE sso_group_roles;"
	 "CREATE TABLE sso_providers_30("
	 " org_id INTEGER PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,"
	 " display_name TEXT NOT NULL,"
	 " issuer TEXT NOT NULL,"
	 " client_id TEXT NOT NULL,"
	 " secret_box BLOB NOT NULL,"
	 " auth_method TEXT NOT NULL"
	 "  CHECK(auth_method IN ('client_secret_basic','client_secret_post','private_key_jwt')),"
	 " groups_claim TEXT NOT NULL DEFAULT 'groups',"
	 " mfa_acr TEXT NOT NULL DEFAULT '',"
	 " jit INTEGER NOT NULL DEFAULT 0 CHECK(jit IN (0,1)),"
	 " enabled INTEGER NOT NULL DEFAULT 1 CHECK(enabled IN (0,1)),"
	 " created_at TEXT NOT NULL,"
	 " updated_at TEXT NOT NULL,"
	 " key_box BLOB,"
	 " key_public TEXT,"
	 " key_created_at TEXT) STRICT;"
	 "INSERT INTO sso_providers_30(org_id, display_name, issuer, client_id, secret_box, auth_method,"
	 " groups_claim, mfa_acr, jit, enabled, created_at, updated_at)"
	 " SELECT org_id, display_name, issuer, client_id, secret_box, auth_method, groups_claim, mfa_acr,"
	 " jit, enabled, created_at, updated_at FROM sso_providers;"
	 "DROP TABLE sso_providers;"
	 "ALTER TABLE sso_providers_30 RENAME TO sso_providers;"
	 "CREATE TABLE sso_domains("
	 " domain TEXT PRIMARY KEY,"
	 " org_id INTEGER NOT NULL REFERENCES sso_providers(org_id) ON DELETE CASCADE) STRICT;"
	 "CREATE INDEX sso_domains_org ON sso_domains(org_id);"
	 "CREATE TABLE sso_group_roles("
	 " org_id INTEGER NOT NULL REFERENCES sso_providers(org_id) ON DELETE CASCADE,"
	 " group_name TEXT NOT NULL,"
	 " role TEXT NOT NULL CHECK(role IN ('lezer','deelnemer','bewerker','beheerder')),"
	 " PRIMARY KEY(org_id, group_name)) STRICT;"
	 "INSERT INTO sso_domains SELECT domain, org_id FROM sso_domains_keep;"
	 "INSERT INTO sso_group_roles SELECT org_id, group_name, role FROM sso_group_roles_keep;"
	 "DROP TABLE sso_domains_keep;"
	 "DROP TABLE sso_group_roles_keep;"},
    {0, NULL},
};
