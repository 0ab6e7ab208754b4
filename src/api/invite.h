/* SPDX-License-Identifier: EUPL-1.2 */
/* invite: the handlers of the invite module (invite_module.c). */
#ifndef SL_API_INVITE_H
#define SL_API_INVITE_H

#include "api/api.h"

/* The open invitations of an organisation as JSON (for the members page). */
json_t *api_org_invitations(int64_t org_id);

int api_invite_list(struct api_ctx *c, json_t **out);
int api_invite_create(struct api_ctx *c, json_t **out);
int api_invite_revoke(struct api_ctx *c, json_t **out);
int api_invite_view(struct api_ctx *c, json_t **out);
int api_invite_accept(struct api_ctx *c, json_t **out);
int api_invite_decline(struct api_ctx *c, json_t **out);
int api_invite_account(struct api_ctx *c, json_t **out);
int api_my_invitations(struct api_ctx *c, json_t **out);
int api_my_invitation_accept(struct api_ctx *c, json_t **out);
int api_my_invitation_decline(struct api_ctx *c, json_t **out);
/* Scope resolver of {inviteId} under {org}. */
int64_t invite_scope(const char *value, int64_t org, int64_t *id);

#endif
