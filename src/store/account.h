/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * account: users, sessions, personal access tokens and login failures.
 * Secrets are stored only as hashes (argon2id for passwords, BLAKE2b for
 * session ids and tokens).
 */
#ifndef SL_ACCOUNT_H
#define SL_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/login.h"
#include "domain/user.h"

/* Creates a user; returns the id, -ERR_CONFLICT when the e-mail exists. */
int64_t account_user_add(const char *email, const char *name, const char *password, int is_admin);
/* Sets the password; ends the user's sessions and revokes their tokens. */
int account_user_set_password(int64_t id, const char *password);
/* Fills u; 0 or -ERR_NOTFOUND. */
int account_user_by_email(const char *email, struct user *u);
int account_user_by_id(int64_t id, struct user *u);
/* Checks the password (argon2id verify, also on unknown e-mail to keep timing flat). */
int account_login(const char *email, const char *password, struct user *u);
int account_user_set_lang(int64_t id, const char *lang);

/* Sessions: sid is the secret cookie value; only its digest is stored. */
void account_session_create(int64_t user_id, char sid_out[64]);
/* Fills u for the session's user; -ERR_AUTH when unknown or past the idle
 * or absolute timeout (the session is then deleted). */
int account_session_user(const char *sid, int64_t idle_s, int64_t absolute_s, struct user *u);
void account_session_delete(const char *sid);

/* Tokens: returns the token id and writes the plain token (shown once); it
 * expires days days from now (see domain/token.h). */
int64_t account_token_create(int64_t user_id, const char *name, int64_t days, int scope, int64_t org_id,
			     char tok_out[64]);
/* Fills u for the user of the token when it has not expired, or -ERR_AUTH. */
/* What a valid token grants (see domain/token.h). */
struct token_grant {
	int64_t id;
	int scope;	       /* enum token_scope */
	int64_t org_id;	       /* 0: every organisation of its owner */
	char last_used_at[21]; /* "" when never */
};
int account_token_user(const char *token, struct user *u, struct token_grant *g);
/* Records a token's use at hour (RFC 3339, to the hour) unless a use at or
 * after it is recorded already. */
int account_token_touch(int64_t token_id, const char *hour);
/* The user's tokens, oldest first (n in *n); caller frees with
 * user_token_list_free. NULL when there are none. */
struct user_token *account_token_list(int64_t user_id, size_t *n);
int account_token_delete(int64_t user_id, int64_t token_id);

/* The login failures since since_s for the pair (client address, e-mail;
 * e-mail without case) and for the address alone, into *k. */
void account_login_counts(const char *ip, const char *email, int64_t since_s, struct login_counts *k);
/* Records a failure (and forgets those older than a day). */
void account_failure_add(const char *ip, const char *email);
/* Forgets the failures of one pair: a success from one address gives no
 * other address a fresh budget. */
void account_failures_clear(const char *ip, const char *email);

#endif
