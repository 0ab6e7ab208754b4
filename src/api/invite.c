/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * invite: membership by invitation. A beheerder invites an address with a
 * role and gets a link (shown once; the token is stored as a digest) to
 * send; the answer is the same whether or not the address has an account.
 * The person accepts or declines with the link, or in the product under
 * "Mijn uitnodigingen" when they already have an account with that
 * address; without an account, the link lets them make one for that
 * address and join at once. Accepting an invitation for a lower role than
 * one already held keeps the higher role.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/common.h"
#include "api/field.h"
#include "api/invite.h"
#include "api/module.h"
#include "api/organisation.h"
#include "domain/password.h"
#include "lib/problem.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "lib/wordlist.h"
#include "store/account.h"
#include "store/invite_store.h"
#include "store/org.h"

static json_t *invitation_json(const struct member_invitation *i)
{
	char now[21];
	time_rfc3339(time_now(), now);
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s*,s:s,s:s}", "id", (json_int_t)i->id, "organisation",
			 i->org_slug, "organisationName", i->org_name, "email", i->email, "role",
			 role_name(i->role), "invitedBy", i->invited_by, "status",
			 invitation_status_name(invitation_status_at(i, now)), "expiresAt", i->expires_at);
}

static json_t *list_json(struct member_invitation *list, size_t n)
{
	json_t *a = json_array();
	for (size_t k = 0; k < n; k++)
		json_array_append_new(a, invitation_json(&list[k]));
	invitation_list_free(list, n);
	return a;
}

json_t *api_org_invitations(int64_t org_id)
{
	size_t n = 0;
	struct member_invitation *list = invite_store_open_of_org(org_id, &n);
	return list_json(list, n);
}

int api_invite_list(struct api_ctx *c, json_t **out)
{
	*out = json_pack("{s:o}", "invitations", api_org_invitations(c->org_id));
	return 0;
}

int64_t invite_scope(const char *value, int64_t org, int64_t *id)
{
	struct member_invitation i;
	if (api_parse_id(value, id) < 0 || invite_store_get(*id, &i) < 0)
		return -ERR_NOTFOUND;
	int64_t owner = i.org_id;
	invitation_free(&i);
	return owner == org ? 0 : -ERR_NOTFOUND;
}

enum { I_EMAIL, I_ROLE };
static const struct field invite_fields[] = {
    [I_EMAIL] = {.name = "email", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 254},
    [I_ROLE] = {.name = "role",
		.type = FIELD_ENUM,
		.flags = FIELD_REQUIRED,
		.values = role_names,
		.reason = "err.role"},
};

/* A plausible address: one @ with text on both sides and a dot after it,
 * no spaces. (Whether it exists only a message to it can tell.) */
static int email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	return at && at > s && !strchr(at + 1, '@') && strchr(at + 1, '.') && at[1] != '.' &&
	       s[strlen(s) - 1] != '.' && !strpbrk(s, " \t\r\n<>\",;");
}

int api_invite_create(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(invite_fields)];
	api_fields(c, invite_fields, FIELD_COUNT(invite_fields), v);
	if (v[I_EMAIL].ok && !email_ok(v[I_EMAIL].s))
		problem_add(c->invalid, "email", "err.invite.email");
	if (json_array_size(c->invalid))
		return -ERR_INVALID;
	const char *email = v[I_EMAIL].s;
	enum role role = role_parse(v[I_ROLE].s);
	char tok[SECRET_TOKEN_LEN + 1], expires[21];
	unsigned char digest[SECRET_HASH_LEN];
	secret_token(tok);
	secret_digest(tok, digest);
	time_rfc3339(time_now() + INVITATION_DAYS * 86400, expires);
	int64_t id = invite_store_create(c->org_id, email, role, c->user_id, digest, expires);
	if (id < 0)
		return (int)id;
	api_audit_id(c, "member.invite", "invitation", id, "ok");
	char link[128];
	snprintf(link, sizeof link, "/lidmaatschappen/%s", tok);
	/* the full address to send: --public-url and the path */
	struct buf url = BUF_INIT;
	const char *base = c->public_url ? c->public_url : "";
	size_t bn = strlen(base);
	while (bn && base[bn - 1] == '/')
		bn--;
	buf_add(&url, base, bn);
	buf_puts(&url, link);
	snprintf(c->location, sizeof c->location, "/organisaties/%s/uitnodigingen/%lld", c->param[0],
		 (long long)id);
	c->status = 201;
	json_t *invited =
	    json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)id, "email", email, "role",
		      role_name(role), "expiresAt", expires, "link", link, "url", buf_str(&url));
	buf_free(&url);
	if (!c->is_page) {
		json_object_set_new(invited, "status", json_string("open"));
		*out = invited;
		return 0;
	}
	/* The page: the members page again, with the link shown this once. */
	int rc = api_member_list(c, out);
	if (rc < 0) {
		json_decref(invited);
		return rc;
	}
	json_object_set_new(*out, "invited", invited);
	return 0;
}

int api_invite_revoke(struct api_ctx *c, json_t **out)
{
	int64_t id = c->ids[1];
	int rc = invite_store_answer(id, INVITATION_REVOKED, c->user_id);
	if (rc == -ERR_NOTFOUND) {
		c->detail = "err.invite.not_open";
		return -ERR_CONFLICT;
	}
	if (rc < 0)
		return rc;
	api_audit_id(c, "member.invite_revoke", "invitation", id, "ok");
	snprintf(c->location, sizeof c->location, "/organisaties/%s/leden", c->param[0]);
	c->status = 204;
	*out = NULL;
	return 0;
}

/* --- the invited person ----------------------------------------------------- */

/* The invitation behind the token in the path: 0, or -ERR_NOTFOUND. */
static int by_token(struct api_ctx *c, struct member_invitation *i)
{
	unsigned char digest[SECRET_HASH_LEN];
	if (!c->param[0] || strlen(c->param[0]) != SECRET_TOKEN_LEN)
		return -ERR_NOTFOUND;
	secret_digest(c->param[0], digest);
	return invite_store_by_digest(digest, i);
}

static enum invitation_status status_now(const struct member_invitation *i)
{
	char now[21];
	time_rfc3339(time_now(), now);
	return invitation_status_at(i, now);
}

int api_invite_view(struct api_ctx *c, json_t **out)
{
	struct member_invitation i;
	if (by_token(c, &i) < 0)
		return -ERR_NOTFOUND;
	*out = invitation_json(&i);
	int mine = c->user_email && !strcasecmp(c->user_email, i.email);
	json_object_set_new(*out, "signedIn", json_boolean(c->user_id > 0));
	json_object_set_new(*out, "forYou", json_boolean(mine));
	json_object_set_new(*out, "token", json_string(c->param[0]));
	json_object_set_new(*out, "minChars", json_integer(PASSWORD_MIN_CHARS));
	invitation_free(&i);
	return 0;
}

/* Makes user a member with the invitation's role (keeping a higher role
 * held already) and closes the invitation. */
static int accept(struct api_ctx *c, const struct member_invitation *i, int64_t user_id)
{
	enum role now = org_role(i->org_id, user_id);
	int rc = 0;
	if (now == ROLE_NONE || i->role > now)
		rc = org_member_change(i->org_id, user_id, i->role, 1);
	if (rc < 0)
		return rc;
	rc = invite_store_answer(i->id, INVITATION_ACCEPTED, user_id);
	if (rc < 0)
		return rc;
	c->org_id = i->org_id; /* audited in the organisation joined */
	api_audit_id(c, "member.accept", "invitation", i->id, "ok");
	snprintf(c->location, sizeof c->location, "/organisaties/%s", i->org_slug);
	return 0;
}

/* The checks before an answer: open, for this person. */
static int answerable(struct api_ctx *c, const struct member_invitation *i)
{
	enum invitation_status s = status_now(i);
	if (s != INVITATION_OPEN) {
		c->detail = s == INVITATION_EXPIRED ? "err.invite.expired" : "err.invite.not_open";
		return s == INVITATION_EXPIRED ? -ERR_GONE : -ERR_CONFLICT;
	}
	if (!c->user_email || strcasecmp(c->user_email, i->email)) {
		c->detail = "err.invite.other_person";
		return -ERR_FORBIDDEN;
	}
	return 0;
}

/* Accepts or declines i for the caller after the checks; frees i. */
static int answer(struct api_ctx *c, struct member_invitation *i, json_t **out, int yes)
{
	int rc = answerable(c, i);
	if (rc == 0 && yes) {
		rc = accept(c, i, c->user_id);
	} else if (rc == 0) {
		rc = invite_store_answer(i->id, INVITATION_DECLINED, c->user_id);
		c->org_id = i->org_id;
		api_audit_id(c, "member.decline", "invitation", i->id, "ok");
		snprintf(c->location, sizeof c->location, "/mij/uitnodigingen");
	}
	invitation_free(i);
	if (rc < 0)
		return rc;
	*out = json_pack("{s:s}", "status", yes ? "accepted" : "declined");
	return 0;
}

static int answer_token(struct api_ctx *c, json_t **out, int yes)
{
	struct member_invitation i;
	if (by_token(c, &i) < 0)
		return -ERR_NOTFOUND;
	return answer(c, &i, out, yes);
}

int api_invite_accept(struct api_ctx *c, json_t **out)
{
	return answer_token(c, out, 1);
}

int api_invite_decline(struct api_ctx *c, json_t **out)
{
	return answer_token(c, out, 0);
}

enum { A_NAME, A_PASSWORD, A_REPEAT };
static const struct field account_fields[] = {
    [A_NAME] = {.name = "name", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 200},
    [A_PASSWORD] = {.name = "newPassword", .type = FIELD_STRING, .flags = FIELD_REQUIRED},
    [A_REPEAT] = {.name = "repeatPassword", .type = FIELD_STRING, .flags = FIELD_REQUIRED},
};

/* No account yet: make one for the invited address and join at once. */
int api_invite_account(struct api_ctx *c, json_t **out)
{
	struct member_invitation i;
	if (by_token(c, &i) < 0)
		return -ERR_NOTFOUND;
	struct field_value v[FIELD_COUNT(account_fields)];
	api_fields(c, account_fields, FIELD_COUNT(account_fields), v);
	enum invitation_status s = status_now(&i);
	int rc = 0;
	struct user u;
	if (s != INVITATION_OPEN) {
		c->detail = s == INVITATION_EXPIRED ? "err.invite.expired" : "err.invite.not_open";
		rc = s == INVITATION_EXPIRED ? -ERR_GONE : -ERR_CONFLICT;
	} else if (account_user_by_email(i.email, &u) == 0) {
		/* the link's holder is the address's owner: telling them is fine */
		c->detail = "err.invite.account_exists";
		rc = -ERR_CONFLICT;
	} else {
		const char *why = v[A_PASSWORD].ok ? password_judge(v[A_PASSWORD].s, i.email, v[A_NAME].s,
								    wordlist_common_passwords())
						   : NULL;
		if (why)
			problem_add_params(
			    c->invalid, "newPassword", why,
			    json_pack("{s:i,s:i}", "min", PASSWORD_MIN_CHARS, "max", PASSWORD_MAX_BYTES));
		if (v[A_PASSWORD].ok && v[A_REPEAT].ok && strcmp(v[A_PASSWORD].s, v[A_REPEAT].s))
			problem_add(c->invalid, "repeatPassword", "err.password.repeat");
		if (json_array_size(c->invalid))
			rc = -ERR_INVALID;
	}
	if (rc == 0) {
		int64_t uid = account_user_add(i.email, v[A_NAME].s, v[A_PASSWORD].s, 0);
		rc = uid < 0 ? (int)uid : accept(c, &i, uid);
		if (rc == 0) {
			c->login_user = uid;
			c->user_id = uid;
			api_audit_id(c, "user.add", "user", uid, "ok");
		}
	}
	invitation_free(&i);
	if (rc < 0)
		return rc;
	*out = json_pack("{s:s}", "status", "accepted");
	return 0;
}

int api_my_invitations(struct api_ctx *c, json_t **out)
{
	size_t n = 0;
	struct member_invitation *list = invite_store_open_for(c->user_email, &n);
	*out = json_pack("{s:o}", "invitations", list_json(list, n));
	return 0;
}

static int answer_mine(struct api_ctx *c, json_t **out, int yes)
{
	int64_t id;
	struct member_invitation i;
	if (api_parse_id(c->param[0], &id) < 0 || invite_store_get(id, &i) < 0)
		return -ERR_NOTFOUND;
	if (!c->user_email || strcasecmp(c->user_email, i.email)) { /* not yours: as if absent */
		invitation_free(&i);
		return -ERR_NOTFOUND;
	}
	return answer(c, &i, out, yes);
}

int api_my_invitation_accept(struct api_ctx *c, json_t **out)
{
	return answer_mine(c, out, 1);
}

int api_my_invitation_decline(struct api_ctx *c, json_t **out)
{
	return answer_mine(c, out, 0);
}
