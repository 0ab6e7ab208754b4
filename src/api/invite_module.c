/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * invite_module: membership by invitation (api/invite.c). Scope:
 * {inviteId} (an invitation of {org}). The invited person's routes carry
 * the link's token ({token}) or their own session.
 */
#include "api/invite.h"
#include "api/route_rows.h"
#include "lib/util.h"

/* clang-format off */
static const struct route routes[] = {
/* method  path                                                 handler                    flags            access  role            csrf template          operationId              tag               summary, request, response */
{"GET",  "/organisaties/{org}/uitnodigingen",                   api_invite_list,           API | R_PAGED,             MEMBER, ROLE_BEHEERDER, 0, NULL,              "listMemberInvitations", "leden", "Open invitations to become a member", NULL, "MemberInvitationList"},
{"POST", "/organisaties/{org}/uitnodigingen",                   api_invite_create,         BOTH | R_RENDER, MEMBER, ROLE_BEHEERDER, 1, "members",         "inviteMember",          "leden", "Invite an e-mail address with a role; the same answer whether or not it has an account; the link (shown once) is to be sent to the person, who accepts or declines", "MemberInvitationInput", "MemberInvitationCreated"},
{"DELETE","/organisaties/{org}/uitnodigingen/{inviteId}",       api_invite_revoke,         API,             MEMBER, ROLE_BEHEERDER, 1, NULL,              "revokeMemberInvitation", "leden", "Revoke an open invitation", NULL, NULL},
{"POST", "/organisaties/{org}/uitnodigingen/{inviteId}/intrekken", api_invite_revoke,      PAGE,            MEMBER, ROLE_BEHEERDER, 1, "members",         NULL, NULL, NULL, NULL, NULL},
{"GET",  "/lidmaatschappen/{token}",                            api_invite_view,           BOTH,            PUBLIC, ROLE_NONE,      0, "invite",          "getMemberInvitation",   "leden", "An invitation behind its link (the link is the credential)", NULL, "MemberInvitationView"},
{"POST", "/lidmaatschappen/{token}/aanvaarden",                 api_invite_accept,         BOTH | R_UPDATE, USER,   ROLE_NONE,      1, "invite",          "acceptMemberInvitation", "leden", "Accept: signed in with the invited address, you become a member (a higher role you hold stays)", NULL, "MemberInvitationAnswer"},
{"POST", "/lidmaatschappen/{token}/afwijzen",                   api_invite_decline,        BOTH | R_UPDATE, USER,   ROLE_NONE,      1, "invite",          "declineMemberInvitation", "leden", "Decline: signed in with the invited address", NULL, "MemberInvitationAnswer"},
{"POST", "/lidmaatschappen/{token}/account",                    api_invite_account,        PAGE,            PUBLIC, ROLE_NONE,      1, "invite",          NULL, NULL, NULL, NULL, NULL},
{"GET",  "/mij/uitnodigingen",                                  api_my_invitations,        BOTH | R_PAGED,            USER,   ROLE_NONE,      0, "my_invitations",  "listMyInvitations",     "leden", "Open invitations addressed to your e-mail address", NULL, "MemberInvitationList"},
{"POST", "/mij/uitnodigingen/{inviteId}/aanvaarden",            api_my_invitation_accept,  BOTH | R_UPDATE, USER,   ROLE_NONE,      1, "my_invitations",  "acceptMyInvitation",    "leden", "Accept an invitation addressed to you", NULL, "MemberInvitationAnswer"},
{"POST", "/mij/uitnodigingen/{inviteId}/afwijzen",              api_my_invitation_decline, BOTH | R_UPDATE, USER,   ROLE_NONE,      1, "my_invitations",  "declineMyInvitation",   "leden", "Decline an invitation addressed to you", NULL, "MemberInvitationAnswer"},
ROUTES_END,
};
/* clang-format on */

static const struct scope scopes[] = {
    {"inviteId", "org", 2, invite_scope},
    {NULL, NULL, 0, NULL},
};

extern const struct migration invite_migrations[];

/* Its collections and how they are paged (api/page.h; docs/architecture.md). */
static const struct paged paged[] = {
    {.op = "listMemberInvitations", .array = "invitations", .kind = PAGE_NUMBER},
    {.op = "listMyInvitations", .array = "invitations", .kind = PAGE_NUMBER},
    {0},
};

const struct module invite_module = {
    .paged = paged, .name = "invite", .routes = routes, .scopes = scopes, .migrations = invite_migrations};
