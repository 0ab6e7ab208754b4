/* SPDX-License-Identifier: EUPL-1.2 */
/* invite_store: table member_invitations (invite_schema.c). */
#ifndef SL_INVITE_STORE_H
#define SL_INVITE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/invitation.h"

/* A new open invitation (an open one for the same address and organisation
 * is revoked first); the token's digest is stored. Returns the id. */
int64_t invite_store_create(int64_t org_id, const char *email, enum role role, int64_t invited_by,
			    const unsigned char digest[32], const char *expires_at);
/* The invitation with this token digest (any status): 0, or -ERR_NOTFOUND. */
int invite_store_by_digest(const unsigned char digest[32], struct member_invitation *out);
int invite_store_get(int64_t id, struct member_invitation *out);
/* The open invitations of an organisation, newest first. */
struct member_invitation *invite_store_open_of_org(int64_t org_id, size_t *n);
/* The open invitations addressed to an e-mail address, newest first. */
struct member_invitation *invite_store_open_for(const char *email, size_t *n);
/* Moves an open invitation to status (accepted, declined, revoked), by
 * user_id (0: none): 0, or -ERR_NOTFOUND when it was not open. */
int invite_store_answer(int64_t id, enum invitation_status status, int64_t user_id);

#endif
