/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * mfa: two-step sign-in with an authenticator app (TOTP, domain/totp.h)
 * and one-time recovery codes. Handlers of the mfa module, and what the
 * login and the pipeline ask of it.
 */
#ifndef SL_API_MFA_H
#define SL_API_MFA_H

#include "api/api.h"
#include "api/auth.h"

/* Who must use two-step sign-in (scalelab serve --require-mfa). */
enum mfa_policy {
	MFA_REQUIRE_NONE = 0,
	MFA_REQUIRE_ADMIN = 1,	   /* the instance administrators */
	MFA_REQUIRE_BEHEERDER = 2, /* administrators and every beheerder (the default) */
};
/* Parses "none", "admin" or "beheerder"; -1 when unknown. */
int mfa_policy_parse(const char *s);
/* Set once at start (before serving). */
void mfa_set_policy(enum mfa_policy p);

/* 1 when u must set up two-step sign-in before doing anything else: the
 * policy covers them and they have no confirmed authenticator. */
int api_mfa_enrol_needed(const struct api_user *u);
/* 1 when a login of user_id needs a code as its second step. */
int api_mfa_login_needs_code(int64_t user_id);
/* The second step of a login: what api_login hands the page (a signed,
 * five-minute ticket naming the user, and where to go next). */
json_t *api_mfa_ticket(int64_t user_id, const char *next);

/* 1 when typed is the user's current authenticator code (not used
 * before) or one of their unused recovery codes (then spent and audited),
 * 0 when not, or a negative ERR_ code. Used by the login's second step and
 * by linking an account to a single sign-on identity. */
int api_mfa_code_ok(struct api_ctx *c, int64_t uid, const char *email, const char *typed, int64_t now);
/* The sign-in throttle for a password or code typed for `email` from the
 * request's address (domain/login.h's growing waits): 0 to go on; or
 * -ERR_LIMIT with Retry-After and the problem set and the refusal audited
 * as `action` on `target`. */
int api_login_throttled(struct api_ctx *c, const char *email, const char *action, const char *target,
			int64_t now);

int api_mfa_status(struct api_ctx *c, json_t **out);
int api_mfa_begin(struct api_ctx *c, json_t **out);
int api_mfa_confirm(struct api_ctx *c, json_t **out);
int api_mfa_remove(struct api_ctx *c, json_t **out);
int api_login_code(struct api_ctx *c, json_t **out);

#endif
