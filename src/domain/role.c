/* SPDX-License-Identifier: EUPL-1.2 */
/* role: names of roles as stored and served (Dutch, stable API values). */
#include "role.h"

#include <string.h>

static const char *const names[] = {NULL, "lezer", "deelnemer", "bewerker", "beheerder"};

const char *role_name(enum role r)
{
	return (r > ROLE_NONE && r <= ROLE_BEHEERDER) ? names[r] : NULL;
}

enum role role_parse(const char *s)
{
	for (int r = ROLE_LEZER; r <= ROLE_BEHEERDER; r++)
		if (s && !strcmp(s, names[r]))
			return (enum role)r;
	return ROLE_NONE;
}
