/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * user: a person with an account, and their personal access tokens, as the
 * store hands them out. Secrets (password, session id, token) are never
 * part of these structs.
 */
#ifndef SL_USER_H
#define SL_USER_H

#include <stddef.h>
#include <stdint.h>

struct user {
	int64_t id;
	char email[256];
	char name[256];
	char lang[3]; /* "nl" or "en" */
	int is_admin; /* site administrator: beheerder of every organisation */
};

/* A personal access token as its owner sees it (the token itself is shown
 * once, at creation). Strings point into text, which it owns. */
struct user_token {
	int64_t id;
	const char *name;
	const char *created_at;	  /* RFC 3339 UTC */
	int64_t expires_s;	  /* expiry, epoch seconds */
	int scope;		  /* enum token_scope */
	const char *org_slug;	  /* the one organisation it works in, or NULL: all */
	const char *last_used_at; /* RFC 3339 UTC to the hour, or NULL: never */
	char *text;
};

/* Frees a list of n tokens (their text) and the array itself. */
void user_token_list_free(struct user_token *list, size_t n);

#endif
