/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * organisation: an organisation (its quadruple-helix kind) and its
 * members with their roles, as the store hands them out.
 */
#ifndef SL_ORGANISATION_H
#define SL_ORGANISATION_H

#include <stddef.h>
#include <stdint.h>

#include "domain/role.h"

/* The quadruple-helix kinds. Their stored/API words live in one table
 * (organisation.c): organisation_kind_name() prints,
 * organisation_kind_parse() reads; NONE (0) is no kind, or a word that
 * names none. */
enum organisation_kind {
	ORGANISATION_KIND_NONE = 0,
	ORGANISATION_KIND_OVERHEID,    /* government */
	ORGANISATION_KIND_MARKT,       /* business */
	ORGANISATION_KIND_WETENSCHAP,  /* research */
	ORGANISATION_KIND_SAMENLEVING, /* civil society */
};

/* overheid, markt, wetenschap, samenleving: NULL-terminated, in enum order from 1. */
extern const char *const organisation_kinds[];

/* The stored/API word, or NULL for NONE (and out of range). */
const char *organisation_kind_name(enum organisation_kind k);
/* The kind a word names (exact, lower case); NONE for NULL and unknown words. */
enum organisation_kind organisation_kind_parse(const char *s);

/* One organisation read from the store; its strings point into text,
 * which it owns (organisation_free). */
struct organisation {
	int64_t id;
	const char *slug; /* short name used in paths */
	const char *name;
	enum organisation_kind kind;
	const char *created_at; /* RFC 3339 UTC */
	int64_t initiative_count;
	int64_t member_count; /* not set in a user's list of organisations */
	enum role role;	      /* only in a user's list: the user's role; NONE when not a member */
	char *text;
};

/* A member of an organisation and their role. */
struct organisation_member {
	int64_t user_id;
	const char *name;
	const char *email;
	enum role role;
	const char *since; /* member since, RFC 3339 UTC */
	char *text;
};

/* Free what a stored record owns (its text) and clear the pointer. */
void organisation_free(struct organisation *o);
void organisation_member_free(struct organisation_member *m);
/* Free a list of n records and the array itself. */
void organisation_list_free(struct organisation *list, size_t n);
void organisation_member_list_free(struct organisation_member *list, size_t n);

#endif
