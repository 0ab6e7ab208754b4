/* SPDX-License-Identifier: EUPL-1.2 */
/* role: names of roles as stored and served (Dutch, stable API values). */
#include "role.h"

#include <string.h>

/* Index + 1 is the enum value; the schema's CHECK list says the same. */
const char *const role_names[] = {"lezer", "deelnemer", "bewerker", "beheerder", NULL};

const char *role_name(enum role r)
{
	return (r > ROLE_NONE && r <= ROLE_BEHEERDER) ? role_names[r - 1] : NULL;
}

enum role role_parse(const char *s)
{
	for (int r = ROLE_LEZER; r <= ROLE_BEHEERDER; r++)
		if (s && !strcmp(s, role_names[r - 1]))
			return (enum role)r;
	return ROLE_NONE;
}
