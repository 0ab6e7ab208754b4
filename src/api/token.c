/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * token: personal access tokens of the caller. The plain token is shown
 * once, at creation; only its hash is kept.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "lib/problem.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "store/account.h"

int api_token_list(struct api_ctx *c, json_t **out)
{
	*out = json_pack("{s:o}", "tokens", account_token_list(c->user_id));
	return 0;
}

static const char *const fields[] = {"name", NULL};

int api_token_create(struct api_ctx *c, json_t **out)
{
	api_check_fields(c, fields);
	const char *name = api_field_str(c, "name");
	if (!name || !*name)
		problem_add(c->invalid, "name", "err.required");
	else if (!utf8_valid(name, strlen(name)) || utf8_length(name) > 100)
		problem_add(c->invalid, "name", "err.too_long");
	if (json_array_size(c->invalid))
		return -ERR_INVALID;
	char tok[64];
	int64_t id = account_token_create(c->user_id, name, tok);
	api_audit_id(c, "token.create", "token", id, "ok");
	snprintf(c->location, sizeof c->location, "/mij/tokens/%lld", (long long)id);
	c->status = 201;
	*out = json_pack("{s:I,s:s,s:s,s:o}", "id", (json_int_t)id, "name", name, "token", tok, "tokens",
			 account_token_list(c->user_id));
	return 0;
}

int api_token_delete(struct api_ctx *c, json_t **out)
{
	long long id;
	char tail;
	if (!c->param[0] || sscanf(c->param[0], "%lld%c", &id, &tail) != 1)
		return -ERR_NOTFOUND;
	if (account_token_delete(c->user_id, id) < 0)
		return -ERR_NOTFOUND;
	api_audit_id(c, "token.delete", "token", id, "ok");
	snprintf(c->location, sizeof c->location, "/mij/tokens");
	c->status = 204;
	*out = NULL;
	return 0;
}
