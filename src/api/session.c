/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * session: log in (throttled per account and client address and per client
 * address with growing waits, domain/login.h; never per account alone, so
 * failures elsewhere cannot lock a user out), log out, language choice,
 * and the plain pages. The HTTP layer issues and clears cookies.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/field.h"
#include "api/mfa.h"
#include "api/sso.h"
#include "domain/login.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/account.h"

int api_static_page(struct api_ctx *c, json_t **out)
{
	(void)c;
	*out = json_object();
	return 0;
}

const char *api_safe_next(const char *next)
{
	/* Only local paths: no scheme, no protocol-relative "//host". Browsers
	 * drop tabs and newlines inside a URL and read a backslash as "/", so
	 * "/<TAB>/host" and "/<backslash>host" are "//host" to them: refuse any
	 * control character or backslash anywhere. */
	if (!next || next[0] != '/' || next[1] == '/')
		return "/";
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return "/";
	return next;
}

int api_login_form(struct api_ctx *c, json_t **out)
{
	*out = json_pack("{s:s}", "next", api_safe_next(api_str(c->query, "next")));
	/* /inloggen?organisatie=slug: that organisation's own provider first */
	json_t *sso =
	    api_sso_login_option(api_str(c->query, "organisatie"), api_safe_next(api_str(c->query, "next")));
	if (sso)
		json_object_set_new(*out, "sso", sso);
	return 0;
}

enum { L_EMAIL, L_PASSWORD, L_NEXT };
static const struct field login_fields[] = {
    [L_EMAIL] = {.name = "email", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 254},
    [L_PASSWORD] = {.name = "password", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 1024},
    [L_NEXT] = {.name = "next", .type = FIELD_STRING, .max_len = 2000},
};

int api_login(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(login_fields)];
	if (api_fields(c, login_fields, FIELD_COUNT(login_fields), v) < 0)
		return -ERR_INVALID;
	const char *email = v[L_EMAIL].s;
	const char *pw = v[L_PASSWORD].s;
	/* Counted and recorded in the request's one write transaction, so
	 * parallel guesses are judged one after the other: none slips past. */
	int64_t now = time_now();
	if (api_login_throttled(c, email, "login", email, now) < 0)
		return -ERR_LIMIT;
	struct user u;
	if (account_login(email, pw, &u) < 0) {
		c->commit_on_error = 1; /* the 401 is the result: the failure must count */
		account_failure_add(c->ip, email);
		api_audit(c, "login", email, "denied");
		c->detail = "err.login";
		return -ERR_AUTH;
	}
	if (api_mfa_login_needs_code(u.id)) {
		/* the right password; the session starts after the second step */
		api_audit(c, "login.password", email, "ok");
		c->render = "login_code";
		*out = api_mfa_ticket(u.id, api_safe_next(v[L_NEXT].s));
		return 0;
	}
	account_failures_clear(c->ip, email);
	c->login_user = u.id;
	c->user_id = u.id;
	c->user_email = email;
	api_audit(c, "login", email, "ok");
	snprintf(c->location, sizeof c->location, "%s", api_safe_next(v[L_NEXT].s));
	*out = json_object();
	return 0;
}

int api_logout(struct api_ctx *c, json_t **out)
{
	c->logout = 1;
	api_audit(c, "logout", "", "ok");
	snprintf(c->location, sizeof c->location, "/inloggen");
	*out = json_object();
	return 0;
}

int api_lang(struct api_ctx *c, json_t **out)
{
	static const char *const langs[] = {"nl", "en", NULL};
	static const struct field f[] = {
	    {.name = "lang",
	     .type = FIELD_ENUM,
	     .flags = FIELD_REQUIRED,
	     .values = langs,
	     .reason = "err.lang"},
	    {.name = "next", .type = FIELD_STRING, .max_len = 2000},
	};
	struct field_value v[FIELD_COUNT(f)];
	if (api_fields(c, f, FIELD_COUNT(f), v) < 0)
		return -ERR_INVALID;
	c->set_lang = v[0].s; /* a static string of langs[] */
	if (c->user_id)
		account_user_set_lang(c->user_id, c->set_lang);
	snprintf(c->location, sizeof c->location, "%s", api_safe_next(v[1].s));
	*out = json_object();
	return 0;
}
