/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * account_schema: schema steps of the account module (its base tables are
 * in core_schema's step 1). Never edit a step that has shipped; add one
 * with the next free number (numbers are global across modules).
 */
#include <stddef.h>

#include "store/migrations.h"

const struct migration account_migrations[] = {
    /* Personal access tokens expire. Tokens made before this step keep
     * working for 90 days from the upgrade. */
    {9, "ALTER TABLE tokens ADD COLUMN expires_s INTEGER;"
	"UPDATE tokens SET expires_s = CAST(strftime('%s','now') AS INTEGER) + 90 * 86400;"},
    /* A token reads only (lezen) or also writes (schrijven), in every
     * organisation of its owner or in one; tokens made before this step
     * keep what they could do. */
    {20, "ALTER TABLE tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'schrijven'"
	 " CHECK(scope IN ('lezen','schrijven'));"
	 "ALTER TABLE tokens ADD COLUMN org_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE;"},
    {0, NULL},
};
