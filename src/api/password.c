/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * password: a signed-in person changes their own password. The current
 * password is asked again (a wrong one counts as a failed login, with the
 * same growing waits); the new one must meet the rules of
 * domain/password.h. A change ends every session and revokes every token
 * of the person; this browser gets a new session. Only a session may do
 * it, never a token.
 */
#include <string.h>

#include "api/field.h"
#include "api/mfa.h"
#include "api/password.h"
#include "domain/login.h"
#include "domain/password.h"
#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "lib/wordlist.h"
#include "store/account.h"
#include "store/invite_store.h"
#include "store/mfa_store.h"

enum { P_CURRENT, P_NEW, P_REPEAT };
static const struct field fields[] = {
    [P_CURRENT] = {.name = "currentPassword",
		   .type = FIELD_STRING,
		   .flags = FIELD_REQUIRED,
		   .max_len = PASSWORD_MAX_BYTES},
    /* no max_len: a too long password gets the rule's own message */
    [P_NEW] = {.name = "newPassword", .type = FIELD_STRING, .flags = FIELD_REQUIRED},
    [P_REPEAT] = {.name = "repeatPassword", .type = FIELD_STRING},
};

/* The account page: what there is to manage, with a count of open
 * invitations and whether two-step sign-in is on. */
int api_me_page(struct api_ctx *c, json_t **out)
{
	size_t n = 0;
	struct member_invitation *list = invite_store_open_for(c->user_email, &n);
	invitation_list_free(list, n);
	struct mfa_state s;
	int rc = mfa_store_get(c->user_id, &s);
	if (rc < 0)
		return rc;
	*out = json_pack("{s:s,s:s,s:i,s:b}", "name", c->user_name, "email", c->user_email, "invitationsOpen",
			 (int)n, "mfaEnabled", s.confirmed);
	return 0;
}

int api_password_form(struct api_ctx *c, json_t **out)
{
	*out = json_pack("{s:i,s:b}", "minChars", PASSWORD_MIN_CHARS, "changed",
			 api_str(c->query, "gewijzigd") != NULL);
	return 0;
}

int api_password_change(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(fields)];
	if (api_fields(c, fields, FIELD_COUNT(fields), v) < 0)
		return -ERR_INVALID;
	if (c->via_token) {
		c->detail = "err.password.session_only";
		return -ERR_FORBIDDEN;
	}
	const char *why =
	    password_judge(v[P_NEW].s, c->user_email, c->user_name, wordlist_common_passwords());
	if (!why && !strcmp(v[P_NEW].s, v[P_CURRENT].s))
		why = "err.password.same";
	if (why)
		problem_add_params(
		    c->invalid, "newPassword", why,
		    json_pack("{s:i,s:i}", "min", PASSWORD_MIN_CHARS, "max", PASSWORD_MAX_BYTES));
	/* the page asks twice; the API once */
	if (c->is_page && (!v[P_REPEAT].s || strcmp(v[P_REPEAT].s, v[P_NEW].s)))
		problem_add(c->invalid, "repeatPassword", "err.password.repeat");
	/* The current password is judged last and throttled like a login. */
	int64_t now = time_now();
	if (api_login_throttled(c, c->user_email, "user.password", "self", now) < 0)
		return -ERR_LIMIT;
	struct user u;
	if (account_login(c->user_email, v[P_CURRENT].s, &u) < 0 || u.id != c->user_id) {
		c->commit_on_error = 1; /* the failure must count */
		account_failure_add(c->ip, c->user_email);
		problem_add(c->invalid, "currentPassword", "err.password.current");
		api_audit(c, "user.password", "self", "denied");
		return -ERR_INVALID;
	}
	if (json_array_size(c->invalid)) {
		api_audit(c, "user.password", "self", "invalid");
		return -ERR_INVALID;
	}
	account_failures_clear(c->ip, c->user_email);
	int rc = account_user_set_password(c->user_id, v[P_NEW].s);
	if (rc < 0)
		return rc;
	c->login_user = c->user_id; /* this browser stays signed in, with a new session */
	api_audit(c, "user.password", "self", "ok");
	snprintf(c->location, sizeof c->location, "/mij/wachtwoord?gewijzigd=1");
	*out = json_pack("{s:b}", "changed", 1);
	return 0;
}
