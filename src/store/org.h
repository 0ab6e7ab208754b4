/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * org: organisations and their members with roles. Reads fill the structs
 * of domain/organisation.h; the caller releases them with that header's
 * free functions.
 */
#ifndef SL_ORG_H
#define SL_ORG_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/organisation.h"
#include "domain/role.h"

/* Returns the new org id, or -ERR_CONFLICT when the slug is taken. kind
 * must name a kind. */
int64_t org_create(const char *slug, const char *name, enum organisation_kind kind);
/* Returns the org id for slug, or -ERR_NOTFOUND. */
int64_t org_id_by_slug(const char *slug);
/* Fills *out (every member but role); 0, or -ERR_NOTFOUND (out untouched).
 * Caller frees with organisation_free. */
int org_read(int64_t id, struct organisation *out);
/* Organisations the user belongs to, by name, with the user's role (all of
 * them for a site administrator, role NONE where they are no member);
 * member_count is not set. n in *n; caller frees with
 * organisation_list_free. NULL when there are none. */
struct organisation *org_list_for_user(int64_t user_id, int is_admin, size_t *n);
/* Role of the user in the org, ROLE_NONE when not a member. */
enum role org_role(int64_t org_id, int64_t user_id);
int org_member_set(int64_t org_id, int64_t user_id, enum role role);
int org_member_remove(int64_t org_id, int64_t user_id);
/* Members by name (n in *n); caller frees with
 * organisation_member_list_free. NULL when there are none. */
struct organisation_member *org_members(int64_t org_id, size_t *n);
int org_beheerder_count(int64_t org_id);
/* Sets the user's role (ROLE_NONE: removes the membership); the check and
 * the change are atomic inside the caller's (the request's) transaction.
 * Returns 0, -ERR_NOTFOUND when the user is no member and create is 0, or
 * -ERR_CONFLICT when it would leave no beheerder. */
int org_member_change(int64_t org_id, int64_t user_id, enum role role, int create);

#endif
