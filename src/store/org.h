/* SPDX-License-Identifier: EUPL-1.2 */
/* org: organisations and their members with roles. */
#ifndef SL_ORG_H
#define SL_ORG_H

#include <jansson.h>
#include <stdint.h>

#include "domain/role.h"

int64_t org_create(const char *slug, const char *name, const char *kind);
/* Returns the org id for slug, or -ERR_NOTFOUND. */
int64_t org_id_by_slug(const char *slug);
json_t *org_get(int64_t id);
/* Organisations the user belongs to (all for a site administrator). */
json_t *org_list_for_user(int64_t user_id, int is_admin);
/* Role of the user in the org, ROLE_NONE when not a member. */
enum role org_role(int64_t org_id, int64_t user_id);
int org_member_set(int64_t org_id, int64_t user_id, enum role role);
int org_member_remove(int64_t org_id, int64_t user_id);
json_t *org_member_list(int64_t org_id);
int org_beheerder_count(int64_t org_id);
/* Sets the user's role (ROLE_NONE: removes the membership); the check and
 * the change are atomic inside the caller's (the request's) transaction.
 * Returns 0, -ERR_NOTFOUND when the user is no member and create is 0, or
 * -ERR_CONFLICT when it would leave no beheerder. */
int org_member_change(int64_t org_id, int64_t user_id, enum role role, int create);

#endif
