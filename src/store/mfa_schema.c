/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * mfa_schema: schema steps of the mfa module: a person's TOTP secret
 * (encrypted with a server key, see api/mfa.c), the last step used (no
 * replay), and their one-time recovery codes (stored as digests). Never
 * edit a step that has shipped; add one with the next free number
 * (numbers are global across modules).
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration mfa_migrations[] = {
    {18, "CREATE TABLE user_totp("
	 " user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
	 " secret_box BLOB NOT NULL,"
	 " confirmed_at TEXT,"
	 " last_step INTEGER NOT NULL DEFAULT 0,"
	 " created_at TEXT NOT NULL) STRICT;"
	 "CREATE TABLE user_recovery_codes("
	 " id INTEGER PRIMARY KEY,"
	 " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	 " code_hash BLOB NOT NULL,"
	 " used_at TEXT) STRICT;"
	 "CREATE INDEX user_recovery_codes_user ON user_recovery_codes(user_id);"},
    {0, NULL},
};
