/* SPDX-License-Identifier: EUPL-1.2 */
/* role: the four organisation roles, ordered by what they may do. */
#ifndef SL_ROLE_H
#define SL_ROLE_H

enum role {
	ROLE_NONE = 0,	    /* not a member */
	ROLE_LEZER = 1,	    /* reads */
	ROLE_DEELNEMER = 2, /* reads, answers assessments, checks in */
	ROLE_BEWERKER = 3,  /* edits initiatives and plans */
	ROLE_BEHEERDER = 4, /* manages members and roles */
};

/* lezer, deelnemer, bewerker, beheerder: the one table of the stored/API
 * words, NULL-terminated, in enum order from ROLE_LEZER (also the choices
 * of field specs and page selects). */
extern const char *const role_names[];

/* "beheerder" etc. or NULL for ROLE_NONE. */
const char *role_name(enum role r);
/* ROLE_NONE when s names no role. */
enum role role_parse(const char *s);

#endif
