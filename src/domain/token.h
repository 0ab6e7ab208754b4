/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * token: the lifetime of a personal access token. Chosen at creation in
 * whole days, TOKEN_DAYS_DEFAULT when not given, at most TOKEN_DAYS_MAX; a
 * token is accepted strictly before its expiry. Pure: no I/O.
 */
#ifndef SL_TOKEN_H
#define SL_TOKEN_H

#include <stdint.h>

#define TOKEN_DAYS_DEFAULT 90
#define TOKEN_DAYS_MAX 365

/* What a token may do: read only, or read and write. */
enum token_scope {
	TOKEN_SCOPE_NONE = 0,
	TOKEN_SCOPE_LEZEN = 1,
	TOKEN_SCOPE_SCHRIJVEN = 2,
};
extern const char *const token_scope_names[]; /* "lezen", "schrijven", NULL */
const char *token_scope_name(enum token_scope s);
enum token_scope token_scope_parse(const char *s);
/* A token's last use is recorded at most this often (seconds). */
#define TOKEN_TOUCH_S 3600

/* 1 when days is an allowed lifetime (1 .. TOKEN_DAYS_MAX), else 0. */
int token_days_ok(int64_t days);
/* Expiry (epoch seconds) of a token created at created_s for days days. */
int64_t token_expires(int64_t created_s, int64_t days);
/* 1 when a token expiring at expires_s is still valid at now_s, else 0. */
int token_valid(int64_t expires_s, int64_t now_s);

#endif
