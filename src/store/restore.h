/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * restore: puts a backup (a database file made by `scalelab backup`) in
 * place of the database, after checking it: SQLite's integrity check, the
 * foreign keys, and schema steps this program knows. The database it
 * replaces is kept beside it, and nothing is replaced while another
 * process (a running server) uses the database.
 */
#ifndef SL_RESTORE_H
#define SL_RESTORE_H

#include <stddef.h>

#include "store/migrations.h"

struct restore_check {
	int integrity_ok;   /* PRAGMA integrity_check said ok */
	long fk_violations; /* rows PRAGMA foreign_key_check reported */
	int schema_version; /* highest schema step applied in the backup */
	int unknown_step;   /* a step this program does not know (a newer program made it) */
	char problem[256];  /* the first problem, in words; "" when none */
};

/* Checks the backup at path against the schema steps in sets. 0 when it
 * can be restored, -ERR_INVALID (problem filled) when not, -ERR_IO when it
 * cannot be opened. */
int restore_check(const char *path, const struct migration *const *sets, struct restore_check *c);

/* Replaces the database at db with the backup (checked before): refuses
 * with -ERR_BUSY when the database is in use; keeps the old file as
 * kept_as (written, n bytes) when there was one. 0, or -ERR_IO. */
int restore_replace(const char *backup, const char *db, char *kept_as, size_t n);

/* What `scalelab doctor` reads of a database file, opened read-only. */
struct db_health {
	int opened; /* 0: open_error says why */
	char open_error[256];
	int intact;	    /* PRAGMA quick_check said ok */
	char journal[16];   /* journal mode, e.g. "wal" */
	int schema_version; /* highest schema step applied; 0 when none */
};
void db_health_read(const char *path, struct db_health *h);

#endif
