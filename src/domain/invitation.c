/* SPDX-License-Identifier: EUPL-1.2 */
#include "domain/invitation.h"

#include <stdlib.h>
#include <string.h>

static const char *const names[] = {"", "open", "accepted", "declined", "revoked", "expired", NULL};

const char *invitation_status_name(enum invitation_status s)
{
	return (unsigned)s <= INVITATION_EXPIRED ? names[s] : "";
}

enum invitation_status invitation_status_parse(const char *s)
{
	for (int i = 1; s && names[i]; i++)
		if (!strcmp(names[i], s))
			return (enum invitation_status)i;
	return INVITATION_NONE;
}

enum invitation_status invitation_status_at(const struct member_invitation *i, const char *now)
{
	if (i->status == INVITATION_OPEN && i->expires_at && strcmp(i->expires_at, now) <= 0)
		return INVITATION_EXPIRED;
	return i->status;
}

void invitation_free(struct member_invitation *i)
{
	if (i)
		free(i->text);
}

void invitation_list_free(struct member_invitation *list, size_t n)
{
	for (size_t k = 0; k < n; k++)
		invitation_free(&list[k]);
	free(list);
}
