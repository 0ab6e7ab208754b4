/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * invite_schema: schema steps of the invite module: invitations to become
 * a member of an organisation (the link's token stored as a digest only).
 * Never edit a step that has shipped; add one with the next free number
 * (numbers are global across modules).
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration invite_migrations[] = {
    {19, "CREATE TABLE member_invitations("
	 " id INTEGER PRIMARY KEY,"
	 " org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
	 " email TEXT NOT NULL COLLATE NOCASE,"
	 " role TEXT NOT NULL CHECK(role IN ('beheerder','bewerker','deelnemer','lezer')),"
	 " token_hash BLOB NOT NULL UNIQUE,"
	 " invited_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	 " created_at TEXT NOT NULL,"
	 " expires_at TEXT NOT NULL,"
	 " status TEXT NOT NULL DEFAULT 'open'"
	 "  CHECK(status IN ('open','accepted','declined','revoked')),"
	 " answered_at TEXT,"
	 " answered_by INTEGER REFERENCES users(id) ON DELETE SET NULL) STRICT;"
	 "CREATE INDEX member_invitations_org ON member_invitations(org_id, status);"
	 "CREATE INDEX member_invitations_email ON member_invitations(email, status);"},
    {0, NULL},
};
