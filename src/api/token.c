/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * token: personal access tokens of the caller. The plain token is shown
 * once, at creation; only its hash is kept.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/field.h"
#include "api/module.h"
#include "domain/token.h"
#include "lib/timeutil.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/org.h"

/* The caller's tokens as the API shows them: [{id, name, createdAt, expiresAt}]. */
static json_t *tokens_json(int64_t user_id)
{
	size_t n;
	struct user_token *list = account_token_list(user_id, &n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		char exp[21];
		time_rfc3339(list[i].expires_s, exp);
		json_t *t = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s*,s:s*}", "id", (json_int_t)list[i].id, "name",
				      list[i].name, "createdAt", list[i].created_at, "expiresAt", exp,
				      "scope", token_scope_name((enum token_scope)list[i].scope),
				      "organisation", list[i].org_slug, "lastUsedAt", list[i].last_used_at);
		BUG_ON(!t);
		json_array_append_new(a, t);
	}
	user_token_list_free(list, n);
	return a;
}

/* Page-only: the caller's organisations, to limit a new token to one. */
static json_t *my_orgs(const struct api_ctx *c)
{
	size_t n = 0;
	struct organisation *list = org_list_for_user(c->user_id, c->is_admin, &n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s,s:s}", "slug", list[i].slug, "name", list[i].name));
	organisation_list_free(list, n);
	return a;
}

int api_token_list(struct api_ctx *c, json_t **out)
{
	*out = json_pack("{s:o}", "tokens", tokens_json(c->user_id));
	if (c->is_page)
		json_object_set_new(*out, "organisations", my_orgs(c));
	return 0;
}

#define STR_(x) #x
#define STR(x) STR_(x)
static const struct field fields[] = {
    {.name = "name", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 100},
    {.name = "days", .type = FIELD_INTEGER, .min = 1, .max = TOKEN_DAYS_MAX, .def = STR(TOKEN_DAYS_DEFAULT)},
    /* least privilege by default: a token reads unless asked to write */
    {.name = "scope",
     .type = FIELD_ENUM,
     .values = token_scope_names,
     .def = "lezen",
     .reason = "err.token_scope"},
    {.name = "organisation", .type = FIELD_STRING, .max_len = 100},
};

/* Only a session manages tokens: a (leaked) token cannot mint or revoke
 * tokens. 0, or -ERR_FORBIDDEN with the reason. */
static int session_only(struct api_ctx *c)
{
	if (!c->via_token)
		return 0;
	c->detail = "err.token_session_only";
	return -ERR_FORBIDDEN;
}

int api_token_create(struct api_ctx *c, json_t **out)
{
	/* The body is judged first (a bad one is 400 for anyone), then who asks. */
	struct field_value v[FIELD_COUNT(fields)];
	if (api_fields(c, fields, FIELD_COUNT(fields), v) < 0)
		return -ERR_INVALID;
	if (session_only(c) < 0)
		return -ERR_FORBIDDEN;
	const char *name = v[0].s;
	int64_t org = 0;
	if (v[3].s && v[3].s[0]) { /* one organisation of the caller's */
		org = org_id_by_slug(v[3].s);
		if (org <= 0 || (!c->is_admin && org_role(org, c->user_id) == ROLE_NONE)) {
			problem_add(c->invalid, "organisation", "err.token_org");
			return -ERR_INVALID;
		}
	}
	char tok[64];
	int64_t id = account_token_create(c->user_id, name, v[1].i, token_scope_parse(v[2].s), org, tok);
	api_audit_id(c, "token.create", "token", id, "ok");
	snprintf(c->location, sizeof c->location, "/mij/tokens/%lld", (long long)id);
	c->status = 201;
	*out = json_pack("{s:I,s:s,s:s,s:o}", "id", (json_int_t)id, "name", name, "token", tok, "tokens",
			 tokens_json(c->user_id));
	if (c->is_page)
		json_object_set_new(*out, "organisations", my_orgs(c));
	return 0;
}

int api_token_delete(struct api_ctx *c, json_t **out)
{
	if (session_only(c) < 0)
		return -ERR_FORBIDDEN;
	int64_t id;
	if (api_parse_id(c->param[0], &id) < 0)
		return -ERR_NOTFOUND;
	if (account_token_delete(c->user_id, id) < 0)
		return -ERR_NOTFOUND;
	api_audit_id(c, "token.delete", "token", id, "ok");
	snprintf(c->location, sizeof c->location, "/mij/tokens");
	c->status = 204;
	*out = NULL;
	return 0;
}
