/* SPDX-License-Identifier: EUPL-1.2 */
/* audit: append-only log of who did what to which object, with the result. */
#ifndef SL_AUDIT_H
#define SL_AUDIT_H

#include <jansson.h>
#include <stdint.h>

/* org_id 0 = no organisation, user_id 0 = anonymous. Never pass a secret in
 * any argument. */
void audit_log(int64_t org_id, int64_t user_id, const char *actor, const char *action, const char *object,
	       const char *result, const char *origin);
json_t *audit_list(int limit);

#endif
