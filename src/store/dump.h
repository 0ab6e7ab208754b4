/* SPDX-License-Identifier: EUPL-1.2 */
/* dump: every user table as JSON (export) and back (import), and online backup. */
#ifndef SL_DUMP_H
#define SL_DUMP_H

#include <jansson.h>

/* The whole database (but sessions, tokens, login failures, secrets) as JSON. */
json_t *dump_export(void);
/* Loads an export into an empty database, inside the caller's transaction
 * (roll it back on an error); 0, -ERR_CONFLICT when not empty, -ERR_INVALID
 * (with a message in err) on malformed input. */
int dump_import(json_t *doc, char *err, size_t errlen);
/* Online backup into target; progress(pct) is called as pages are copied. */
int dump_backup(const char *target, void (*progress)(int pct));

#endif
