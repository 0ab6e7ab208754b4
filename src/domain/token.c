/* SPDX-License-Identifier: EUPL-1.2 */
/* token: lifetime rules of personal access tokens. */
#include "domain/token.h"

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
