/* SPDX-License-Identifier: EUPL-1.2 */
/* audit: append-only log of who did what to which object, with the result. */
#ifndef SL_AUDIT_H
#define SL_AUDIT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* org_id 0 = no organisation, user_id 0 = anonymous. Never pass a secret in
 * any argument. */
void audit_log(int64_t org_id, int64_t user_id, const char *actor, const char *action, const char *object,
	       const char *result, const char *origin);
json_t *audit_list(int limit);

struct audit_entry;
struct audit_filter;
/* The rows of f->org_id that match f, newest first, at most f->limit; the
 * caller frees each with audit_entry_free and the array with free(). */
struct audit_entry *audit_find(const struct audit_filter *f, size_t *n);
/* The distinct actions (results: 0) or results (1) in the log of one
 * organisation, sorted. */
json_t *audit_distinct(int64_t org_id, int results);

#endif
