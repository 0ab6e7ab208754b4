/* SPDX-License-Identifier: EUPL-1.2 */
/* token: lifetime rules of personal access tokens. */
#include "domain/token.h"

#include <string.h>

int token_days_ok(int64_t days)
{
	return days >= 1 && days <= TOKEN_DAYS_MAX;
}

int64_t token_expires(int64_t created_s, int64_t days)
{
	return created_s + days * 86400;
}

int token_valid(int64_t expires_s, int64_t now_s)
{
	return now_s < expires_s;
}

const char *const token_scope_names[] = {"lezen", "schrijven", NULL};

const char *token_scope_name(enum token_scope s)
{
	return s == TOKEN_SCOPE_LEZEN ? "lezen" : s == TOKEN_SCOPE_SCHRIJVEN ? "schrijven" : "";
}

enum token_scope token_scope_parse(const char *s)
{
	if (s && !strcmp(s, "lezen"))
		return TOKEN_SCOPE_LEZEN;
	if (s && !strcmp(s, "schrijven"))
		return TOKEN_SCOPE_SCHRIJVEN;
	return TOKEN_SCOPE_NONE;
}
