/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * invitation: an invitation to become a member of an organisation. A
 * beheerder invites an e-mail address with a role; the person behind that
 * address accepts or declines (with the link, or in the product when they
 * already have an account). Nobody becomes a member without saying yes,
 * and inviting gives the same answer whether or not the address has an
 * account, so it cannot be used to find out who has one.
 */
#ifndef SL_INVITATION_H
#define SL_INVITATION_H

#include <stddef.h>
#include <stdint.h>

#include "domain/role.h"

#define INVITATION_DAYS 14

enum invitation_status {
	INVITATION_NONE = 0,
	INVITATION_OPEN,
	INVITATION_ACCEPTED,
	INVITATION_DECLINED,
	INVITATION_REVOKED,
	INVITATION_EXPIRED, /* open, but past its date: never stored, judged */
};

struct member_invitation {
	int64_t id;
	int64_t org_id;
	const char *org_slug;
	const char *org_name;
	const char *email;
	enum role role;
	enum invitation_status status;
	const char *invited_by; /* the inviter's name, or NULL */
	const char *created_at; /* RFC 3339 UTC */
	const char *expires_at;
	char *text; /* owns the strings */
};

const char *invitation_status_name(enum invitation_status s);
enum invitation_status invitation_status_parse(const char *s);
/* The status as it stands at now (RFC 3339 UTC): an open invitation past
 * its date is expired. */
enum invitation_status invitation_status_at(const struct member_invitation *i, const char *now);
void invitation_free(struct member_invitation *i);
void invitation_list_free(struct member_invitation *list, size_t n);

#endif
