/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * sso_link: linking a provider identity (issuer, subject) to an account
 * that exists already, only with the owner's proof, and unlinking it.
 * Two ways in: a sign-in through organisation A's provider finds an
 * account (by a verified e-mail in A's domains) that also belongs to
 * another organisation: the person confirms once with their password (and
 * their authenticator code when they have one); or the signed-in person
 * links from their account page (start, provider, then one confirming
 * click). Between the provider and the confirmation the facts travel in a
 * sealed, ten-minute, single-use ticket. A's group mapping only ever sets
 * the role in A. Every step is audited in A's log.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "api/common.h"
#include "api/field.h"
#include "api/mfa.h"
#include "api/module.h"
#include "api/sso.h"
#include "domain/login.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/org.h"
#include "store/sso_store.h"

#define TICKET_S 600
#define TICKET_MAX 6000

/* --- the ticket -------------------------------------------------------------- */

static void ticket_key(unsigned char key[crypto_secretbox_KEYBYTES])
{
	/* the pre-login cookie's secret, separated by its own context */
	char *k = api_secret("sso-cookie");
	crypto_generichash(key, crypto_secretbox_KEYBYTES, (const unsigned char *)k, strlen(k),
			   (const unsigned char *)"sso-link-ticket", 15);
	free(k);
}

/* Seals the facts (a JSON object) into a base64url ticket (caller frees). */
static char *ticket_seal(json_t *facts)
{
	char *msg = json_dumps(facts, JSON_COMPACT);
	size_t n = strlen(msg);
	size_t blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
	unsigned char *box = xmalloc(blen);
	unsigned char key[crypto_secretbox_KEYBYTES];
	ticket_key(key);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)msg, n, box, key);
	sodium_memzero(key, sizeof key);
	size_t cap = sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = xmalloc(cap);
	sodium_bin2base64(out, cap, box, blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	free(box);
	free(msg);
	return out;
}

/* The facts of a genuine, unexpired ticket (a new reference), or NULL. */
static json_t *ticket_open(const char *text)
{
	if (!text || strlen(text) > TICKET_MAX)
		return NULL;
	unsigned char box[TICKET_MAX];
	size_t blen;
	if (sodium_base642bin(box, sizeof box, text, strlen(text), NULL, &blen, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    blen <= crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return NULL;
	size_t mlen = blen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	char msg[TICKET_MAX];
	unsigned char key[crypto_secretbox_KEYBYTES];
	ticket_key(key);
	int rc = crypto_secretbox_open_easy((unsigned char *)msg, box + crypto_secretbox_NONCEBYTES,
					    blen - crypto_secretbox_NONCEBYTES, box, key);
	sodium_memzero(key, sizeof key);
	if (rc != 0)
		return NULL;
	json_t *j = json_loadb(msg, mlen, 0, NULL);
	if (!json_is_object(j) || json_integer_value(json_object_get(j, "exp")) < time_now()) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static const char *str(const json_t *j, const char *name)
{
	const char *s = json_string_value(json_object_get(j, name));
	return s ? s : "";
}

/* The page that asks for the confirmation: what is linked to what. */
static json_t *offer_json(const json_t *f, const char *ticket)
{
	int64_t org = json_integer_value(json_object_get(f, "org"));
	int64_t uid = json_integer_value(json_object_get(f, "user"));
	struct sso_provider *p = xcalloc(1, sizeof *p);
	sso_store_get(org, p);
	struct user u;
	int have = account_user_by_id(uid, &u) == 0;
	int login = !strcmp(str(f, "mode"), "inloggen");
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:s}", "ticket", ticket, "mode",
			      str(f, "mode"), "email", have ? u.email : "", "providerEmail", str(f, "email"),
			      "orgName", p->org_name, "providerName", p->display_name, "viaLogin", login,
			      "needsCode", login && api_mfa_login_needs_code(uid), "next", str(f, "next"));
	free(p);
	return o;
}

int api_sso_link_offer(struct api_ctx *c, json_t **out, const char *mode, int64_t uid)
{
	json_t *k = c->carry;
	char id[SECRET_TOKEN_LEN + 1];
	secret_token(id);
	json_t *f = json_pack("{s:s,s:s,s:I,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:I}", "id", id, "mode", mode, "user",
			      (json_int_t)uid, "org", json_object_get(k, "org"), "issuer",
			      json_object_get(k, "issuer"), "sub", json_object_get(k, "sub"), "email",
			      json_object_get(k, "email"), "role", json_object_get(k, "role"), "mfa",
			      json_object_get(k, "mfa"), "next", json_object_get(k, "next"), "exp",
			      (json_int_t)(time_now() + TICKET_S));
	char *ticket = ticket_seal(f);
	api_audit(c, "sso.link.asked", str(f, "email"), "ok");
	*out = offer_json(f, ticket);
	c->render = "sso_link";
	free(ticket);
	json_decref(f);
	return 0;
}

/* --- confirming ------------------------------------------------------------ */

enum { L_TICKET, L_PASSWORD, L_CODE };
static const struct field link_fields[] = {
    [L_TICKET] = {.name = "ticket", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = TICKET_MAX},
    [L_PASSWORD] = {.name = "password", .type = FIELD_STRING, .max_len = 1024},
    [L_CODE] = {.name = "code", .type = FIELD_STRING, .max_len = 32},
};

int api_sso_link_form(struct api_ctx *c, json_t **out)
{
	/* after a failed confirmation the pipeline asks again with the body */
	const char *t = c->body ? json_string_value(json_object_get(c->body, "ticket")) : NULL;
	if (!t)
		t = api_str(c->query, "ticket");
	json_t *f = ticket_open(t);
	if (!f) {
		c->detail = "err.sso.link_ticket";
		return -ERR_GONE;
	}
	*out = offer_json(f, t);
	json_decref(f);
	return 0;
}

/* Sets the role the provider's groups give in org (only there). */
static int role_from_groups(struct api_ctx *c, int64_t org, int64_t uid, const char *role_word)
{
	enum role role = role_parse(role_word);
	if (role == ROLE_NONE || org_role(org, uid) == role)
		return 0;
	int rc = org_member_change(org, uid, role, 1);
	if (rc == 0)
		api_audit(c, "sso.role", role_name(role), "ok");
	return rc == -ERR_CONFLICT ? 0 : rc; /* the last beheerder stays one */
}

int api_sso_link_confirm(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(link_fields)];
	if (api_fields(c, link_fields, FIELD_COUNT(link_fields), v) < 0)
		return -ERR_INVALID;
	json_t *f = ticket_open(v[L_TICKET].s);
	if (!f) {
		c->detail = "err.sso.link_ticket";
		return -ERR_GONE;
	}
	int rc = 0;
	int64_t uid = json_integer_value(json_object_get(f, "user"));
	int64_t org = json_integer_value(json_object_get(f, "org"));
	const char *iss = str(f, "issuer"), *sub = str(f, "sub");
	int login = !strcmp(str(f, "mode"), "inloggen");
	c->org_id = org;
	struct user u;
	unsigned char h[SECRET_HASH_LEN];
	secret_digest(str(f, "id"), h);
	if (account_user_by_id(uid, &u) < 0 || sso_store_state_used(h)) {
		c->detail = "err.sso.link_ticket";
		rc = -ERR_GONE;
		goto done;
	}
	if (!login && c->user_id != uid) { /* from the account page: the same person, still signed in */
		c->detail = "err.sso.link_session";
		api_audit(c, "sso.link", u.email, "denied");
		rc = -ERR_FORBIDDEN;
		goto done;
	}
	if (login) {
		/* the proof: their password, and their code when they have one */
		int64_t now = time_now();
		if (api_login_throttled(c, u.email, "sso.link", u.email, now) < 0) {
			rc = -ERR_LIMIT;
			goto done;
		}
		struct user w;
		int pw_ok =
		    v[L_PASSWORD].s && account_login(u.email, v[L_PASSWORD].s, &w) == 0 && w.id == uid;
		int code_ok = 1;
		if (pw_ok && api_mfa_login_needs_code(uid)) {
			code_ok = v[L_CODE].s ? api_mfa_code_ok(c, uid, u.email, v[L_CODE].s, now) : 0;
			if (code_ok < 0) {
				rc = code_ok;
				goto done;
			}
		}
		if (!pw_ok || !code_ok) {
			c->commit_on_error = 1; /* the failure counts */
			account_failure_add(c->ip, u.email);
			api_audit(c, "sso.link", u.email, "denied");
			problem_add(c->invalid, pw_ok ? "code" : "password",
				    pw_ok ? "err.mfa.code" : "err.sso.link_password");
			rc = -ERR_INVALID;
			goto done;
		}
		account_failures_clear(c->ip, u.email);
	}
	int64_t owner = sso_store_identity_user(iss, sub);
	if (owner && owner != uid) {
		c->detail = "err.sso.linked_other";
		api_audit(c, "sso.link", u.email, "denied");
		rc = -ERR_CONFLICT;
		goto done;
	}
	if ((rc = sso_store_state_use(h)) < 0 || (rc = sso_store_identity_link(uid, org, iss, sub)) < 0)
		goto done;
	struct buf what = BUF_INIT;
	buf_printf(&what, "%s = %s %s", u.email, iss, sub);
	api_audit(c, "sso.link", buf_str(&what), "ok");
	buf_free(&what);
	if (login) {
		if ((rc = role_from_groups(c, org, uid, str(f, "role"))) < 0)
			goto done;
		c->carry = json_pack("{s:I,s:O}", "org", (json_int_t)org, "mfa", json_object_get(f, "mfa"));
		c->login_user = uid;
		c->login_sso = 1;
		c->user_id = uid;
		api_audit(c, "sso.login", u.email, "ok");
		snprintf(c->location, sizeof c->location, "%s", api_safe_next(str(f, "next")));
	} else {
		snprintf(c->location, sizeof c->location, "/mij/sso?gekoppeld=1");
	}
	*out = json_object();
done:
	json_decref(f);
	return rc;
}

/* --- the account page's part ------------------------------------------------ */

int api_sso_me(struct api_ctx *c, json_t **out)
{
	struct sso_identity *list;
	size_t n;
	int rc = sso_store_identities_of(c->user_id, &list, &n);
	if (rc < 0)
		return rc;
	json_t *ids = json_array(), *avail = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    ids, json_pack("{s:I,s:s?,s:s?,s:s,s:s,s:s,s:s}", "id", (json_int_t)list[i].id, "orgSlug",
				   list[i].org_id ? list[i].org_slug : NULL, "orgName",
				   list[i].org_id ? list[i].org_name : NULL, "issuer", list[i].issuer,
				   "subject", list[i].subject, "linkedAt", list[i].created_at, "lastLoginAt",
				   list[i].last_login_at));
	size_t no = 0;
	struct organisation *orgs = org_list_for_user(c->user_id, 0, &no);
	struct sso_provider *p = xcalloc(1, sizeof *p);
	for (size_t i = 0; i < no; i++) {
		if (orgs[i].role == ROLE_NONE || sso_store_get(orgs[i].id, p) < 0 || !p->enabled)
			continue;
		int linked = 0;
		for (size_t j = 0; j < n; j++)
			if (list[j].org_id == orgs[i].id && !strcmp(list[j].issuer, p->issuer))
				linked = 1;
		if (linked)
			continue;
		struct buf href = BUF_INIT;
		buf_puts(&href, "/inloggen/sso/start?koppelen=1&organisatie=");
		buf_urlenc(&href, p->org_slug);
		json_array_append_new(avail, json_pack("{s:s,s:s,s:s,s:s}", "orgSlug", p->org_slug, "orgName",
						       p->org_name, "providerName", p->display_name,
						       "linkHref", buf_str(&href)));
		buf_free(&href);
	}
	free(p);
	organisation_list_free(orgs, no);
	free(list);
	*out = json_pack("{s:o,s:o}", "identities", ids, "available", avail);
	if (c->is_page) {
		json_object_set_new(*out, "linked", json_boolean(api_str(c->query, "gekoppeld") != NULL));
		json_object_set_new(*out, "unlinked", json_boolean(api_str(c->query, "ontkoppeld") != NULL));
	}
	return 0;
}

int api_sso_unlink(struct api_ctx *c, json_t **out)
{
	int64_t id;
	if (c->via_token) { /* a token may not change how its owner signs in */
		c->detail = "err.sso.session_only";
		return -ERR_FORBIDDEN;
	}
	if (api_parse_id(c->param[0], &id) < 0)
		return -ERR_NOTFOUND;
	struct sso_identity was;
	int rc = sso_store_identity_unlink(c->user_id, id, &was);
	if (rc < 0)
		return rc;
	c->org_id = was.org_id; /* audited in that organisation's log */
	struct buf what = BUF_INIT;
	buf_printf(&what, "%s = %s %s", c->user_email ? c->user_email : "", was.issuer, was.subject);
	api_audit(c, "sso.unlink", buf_str(&what), "ok");
	buf_free(&what);
	snprintf(c->location, sizeof c->location, "/mij/sso?ontkoppeld=1");
	if (!c->is_page)
		c->status = 204;
	*out = NULL;
	return 0;
}
