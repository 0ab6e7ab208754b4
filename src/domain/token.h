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

/* 1 when days is an allowed lifetime (1 .. TOKEN_DAYS_MAX), else 0. */
int token_days_ok(int64_t days);
/* Expiry (epoch seconds) of a token created at created_s for days days. */
int64_t token_expires(int64_t created_s, int64_t days);
/* 1 when a token expiring at expires_s is still valid at now_s, else 0. */
int token_valid(int64_t expires_s, int64_t now_s);

#endif
