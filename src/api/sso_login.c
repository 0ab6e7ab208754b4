/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * sso_login: signing in with an organisation's identity provider
 * (authorization code + PKCE). Start: state, nonce and PKCE verifier go into
 * a sealed, ten-minute pre-login cookie and the browser goes to the
 * provider. Callback, in two parts: first, in the GET's read transaction
 * (no lock held), the code is exchanged at the provider and the ID token
 * judged (signature against the JWKS, then the claims); then, in the write
 * transaction the pipeline opens for `then`, the state is spent (no
 * replay), the person matched (linked subject; else a verified e-mail in
 * the allowed domains; else a new account when allowed), their role set
 * from the groups, the login audited and the session started.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "api/common.h"
#include "api/mfa.h"
#include "api/sso.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/problem.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/org.h"
#include "store/sso_store.h"

#define NEXT_MAX 500

/* --- the pre-login cookie --------------------------------------------------- */

struct prelogin {
	int64_t org_id;
	int64_t exp;
	int64_t link_user; /* > 0: linking from this signed-in user's account page */
	char state[SECRET_TOKEN_LEN + 1];
	char nonce[SECRET_TOKEN_LEN + 1];
	char verifier[SECRET_TOKEN_LEN + 1];
	char next[NEXT_MAX + 1];
};

static void cookie_key(unsigned char key[crypto_secretbox_KEYBYTES])
{
	char *k = api_secret("sso-cookie");
	crypto_generichash(key, crypto_secretbox_KEYBYTES, (const unsigned char *)k, strlen(k), NULL, 0);
	free(k);
}

/* Seals the pre-login into out (base64url); 0, or -1 when it does not fit. */
static int seal_prelogin(const struct prelogin *p, char *out, size_t cap)
{
	char msg[NEXT_MAX + 256];
	int n =
	    snprintf(msg, sizeof msg, "2|%lld|%lld|%lld|%s|%s|%s|%s", (long long)p->org_id, (long long)p->exp,
		     (long long)p->link_user, p->state, p->nonce, p->verifier, p->next);
	if (n < 0 || (size_t)n >= sizeof msg)
		return -1;
	unsigned char box[sizeof msg + crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES];
	unsigned char key[crypto_secretbox_KEYBYTES];
	cookie_key(key);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)msg, (size_t)n, box,
			      key);
	sodium_memzero(key, sizeof key);
	size_t blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + (size_t)n;
	if (sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING) > cap)
		return -1;
	sodium_bin2base64(out, cap, box, blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

/* The value of cookie name in a Cookie header into out; 0 or -1. */
static int cookie_value(const char *header, const char *name, char *out, size_t cap)
{
	size_t n = strlen(name);
	for (const char *p = header; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *e = p + strcspn(p, ";");
		if ((size_t)(e - p) > n && !strncmp(p, name, n) && p[n] == '=') {
			size_t len = (size_t)(e - p) - n - 1;
			if (len >= cap)
				return -1;
			memcpy(out, p + n + 1, len);
			out[len] = 0;
			return 0;
		}
		p = e;
	}
	return -1;
}

/* Opens the pre-login cookie of the request: 0, or -1 (absent, forged,
 * expired). */
static int open_prelogin(const char *cookies, struct prelogin *p)
{
	char text[2048];
	unsigned char box[1536];
	size_t blen;
	memset(p, 0, sizeof *p);
	if (cookie_value(cookies, SSO_COOKIE, text, sizeof text) < 0 ||
	    sodium_base642bin(box, sizeof box, text, strlen(text), NULL, &blen, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    blen <= crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return -1;
	char msg[sizeof box];
	size_t mlen = blen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	unsigned char key[crypto_secretbox_KEYBYTES];
	cookie_key(key);
	int rc = crypto_secretbox_open_easy((unsigned char *)msg, box + crypto_secretbox_NONCEBYTES,
					    blen - crypto_secretbox_NONCEBYTES, box, key);
	sodium_memzero(key, sizeof key);
	if (rc != 0)
		return -1;
	msg[mlen] = 0;
	long long org, exp, link;
	int used = 0;
	if (sscanf(msg, "2|%lld|%lld|%lld|%43[^|]|%43[^|]|%43[^|]|%n", &org, &exp, &link, p->state, p->nonce,
		   p->verifier, &used) != 6 ||
	    !used)
		return -1;
	p->link_user = link;
	snprintf(p->next, sizeof p->next, "%s", msg + used);
	p->org_id = org;
	p->exp = exp;
	return exp >= time_now() && org > 0 ? 0 : -1;
}

/* --- choosing the provider ------------------------------------------------- */

/* The organisation with single sign-on on, by slug. */
static int64_t enabled_org(const char *slug, struct sso_provider *p)
{
	int64_t org = slug ? org_id_by_slug(slug) : -ERR_NOTFOUND;
	if (org <= 0 || sso_store_get(org, p) < 0 || !p->enabled)
		return 0;
	return org;
}

/* The link that starts a login at p and comes back to next. */
static json_t *provider_json(const struct sso_provider *p, const char *next)
{
	struct buf href = BUF_INIT;
	buf_puts(&href, "/inloggen/sso/start?organisatie=");
	buf_urlenc(&href, p->org_slug);
	buf_puts(&href, "&next=");
	buf_urlenc(&href, next);
	json_t *o = json_pack("{s:s,s:s,s:s}", "name", p->display_name, "orgName", p->org_name, "href",
			      buf_str(&href));
	buf_free(&href);
	return o;
}

json_t *api_sso_login_option(const char *slug, const char *next)
{
	struct sso_provider *p = xcalloc(1, sizeof *p);
	json_t *o = enabled_org(slug, p) ? provider_json(p, next) : NULL;
	free(p);
	return o;
}

int api_sso_choose(struct api_ctx *c, json_t **out)
{
	const char *email = api_str(c->query, "email");
	const char *slug = api_str(c->query, "organisatie");
	const char *next = api_safe_next(api_str(c->query, "next"));
	struct sso_provider *p = xcalloc(1, sizeof *p);
	int64_t org = 0;
	if (email) {
		const char *at = strrchr(email, '@');
		int64_t o = at && at[1] ? sso_store_org_by_domain(at + 1) : 0;
		if (o > 0 && sso_store_get(o, p) == 0 && p->enabled)
			org = o;
	} else if (slug) {
		org = enabled_org(slug, p);
	}
	*out = json_pack("{s:s,s:s}", "email", email ? email : "", "next", next);
	if (org)
		json_object_set_new(*out, "provider", provider_json(p, next));
	free(p);
	if ((email || slug) && !org) {
		problem_add(c->invalid, "email", email ? "err.sso.no_provider" : "err.sso.unknown");
		return -ERR_INVALID;
	}
	return 0;
}

/* --- start ------------------------------------------------------------------ */

static void query_add(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, "&%s=", name);
	buf_urlenc(b, value);
}

int api_sso_start(struct api_ctx *c, json_t **out)
{
	struct sso_provider *p = xcalloc(1, sizeof *p);
	int64_t org = enabled_org(api_str(c->query, "organisatie"), p);
	if (!org) {
		free(p);
		c->detail = "err.sso.unknown";
		return -ERR_NOTFOUND;
	}
	if (sso_http_discovery_wait(c, p->issuer)) { /* fetched off the server thread first */
		free(p);
		*out = NULL;
		return 0;
	}
	struct oidc_discovery d;
	const char *why = sso_http_discovery_now(c, p->issuer, &d);
	if (why) {
		log_error("sso: discovery of %s: %s", p->issuer, why);
		free(p);
		c->detail = why;
		return -ERR_BUSY; /* 503: try again later */
	}
	struct prelogin pl = {.org_id = org, .exp = time_now() + SSO_COOKIE_S};
	secret_token(pl.state);
	secret_token(pl.nonce);
	secret_token(pl.verifier);
	const char *next = api_safe_next(api_str(c->query, "next"));
	if (api_str(c->query, "koppelen")) { /* from the account page: link, do not sign in */
		if (!c->user_id) {
			free(p);
			oidc_discovery_free(&d);
			c->detail = "err.login_required";
			return -ERR_AUTH;
		}
		pl.link_user = c->user_id;
		next = "/mij/sso";
	}
	snprintf(pl.next, sizeof pl.next, "%s", strlen(next) <= NEXT_MAX ? next : "/");
	char challenge[44];
	oidc_pkce_challenge(pl.verifier, challenge);
	struct buf url = BUF_INIT, redirect = BUF_INIT;
	buf_printf(&redirect, "%s/inloggen/sso/terug", c->public_url);
	buf_puts(&url, d.authorization_endpoint);
	buf_puts(&url, strchr(d.authorization_endpoint, '?') ? "&" : "?");
	buf_puts(&url, "response_type=code");
	query_add(&url, "client_id", p->client_id);
	query_add(&url, "redirect_uri", buf_str(&redirect));
	query_add(&url, "scope", "openid email profile");
	query_add(&url, "state", pl.state);
	query_add(&url, "nonce", pl.nonce);
	query_add(&url, "code_challenge", challenge);
	query_add(&url, "code_challenge_method", "S256");
	int rc = seal_prelogin(&pl, c->cookie_value, sizeof c->cookie_value);
	BUG_ON(rc < 0);
	c->cookie_name = SSO_COOKIE;
	c->cookie_max_age = SSO_COOKIE_S;
	c->redirect = buf_steal(&url);
	buf_free(&redirect);
	oidc_discovery_free(&d);
	sodium_memzero(&pl, sizeof pl);
	free(p);
	*out = json_object();
	return 0;
}

/* --- callback, part one: the provider's answer (read transaction) -------- */

static int refuse_then(struct api_ctx *c, json_t **out);
static int finish_then(struct api_ctx *c, json_t **out);

/* Hands the refusal to the write part, which audits it in the
 * organisation's log. Without a genuine pre-login cookie no organisation is
 * known and nothing is written: anyone can call the callback, and a flood
 * of such calls must not fill the log. */
static int refuse(struct api_ctx *c, int64_t org, const char *reason, const char *object)
{
	if (org <= 0) {
		c->detail = reason;
		return -ERR_AUTH;
	}
	c->carry = json_pack("{s:I,s:s,s:s}", "org", (json_int_t)org, "reason", reason, "object",
			     object ? object : "");
	c->then = refuse_then;
	return 0;
}

/* The private_key_jwt form members (RFC 7523 2.2): a client assertion
 * signed with the organisation's sealed key, for the token endpoint. */
static int key_assertion(const struct sso_provider *p, const char *jwk, const struct oidc_discovery *d,
			 struct buf *form)
{
	if (!jwk || !*jwk)
		return -1;
	char jti[SECRET_TOKEN_LEN + 1];
	secret_token(jti);
	char *a = oidc_client_assertion(jwk, p->client_id, d->token_endpoint, jti, time_now());
	if (!a)
		return -1;
	query_add(form, "client_id", p->client_id);
	query_add(form, "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
	query_add(form, "client_assertion", a);
	free(a);
	return 0;
}

/* The token request with the client's credential (the client secret, or
 * for private_key_jwt the private JWK; unsealed by the caller, NULL when it
 * could not be): the ID token (caller frees), or NULL with *why. */
static char *exchange(const char *public_url, const struct sso_provider *p, const char *credential,
		      const struct oidc_discovery *d, const struct prelogin *pl, const char *code,
		      const char **why)
{
	char secret[512];
	int keyed = !strcmp(p->auth_method, "private_key_jwt");
	if (keyed)
		secret[0] = 0;
	else if (!credential || strlen(credential) >= sizeof secret) {
		*why = "err.sso.secret";
		return NULL;
	} else
		snprintf(secret, sizeof secret, "%s", credential);
	struct buf form = BUF_INIT, redirect = BUF_INIT, user = BUF_INIT, pw = BUF_INIT;
	buf_printf(&redirect, "%s/inloggen/sso/terug", public_url);
	buf_puts(&form, "grant_type=authorization_code");
	query_add(&form, "code", code);
	query_add(&form, "redirect_uri", buf_str(&redirect));
	query_add(&form, "code_verifier", pl->verifier);
	int post = !strcmp(p->auth_method, "client_secret_post");
	int basic = !post && !keyed;
	if (keyed) {
		if (key_assertion(p, credential, d, &form) < 0) {
			buf_free(&form);
			buf_free(&redirect);
			*why = "err.sso.key_missing";
			return NULL;
		}
	} else if (post) {
		query_add(&form, "client_id", p->client_id);
		query_add(&form, "client_secret", secret);
	} else { /* RFC 6749 2.3.1: both form-encoded, then Basic */
		buf_urlenc(&user, p->client_id);
		buf_urlenc(&pw, secret);
	}
	sodium_memzero(secret, sizeof secret);
	long status = 0;
	char *body = sso_http_post(d->token_endpoint, buf_str(&form), basic ? buf_str(&user) : NULL,
				   basic ? buf_str(&pw) : NULL, &status);
	if (pw.data)
		sodium_memzero(pw.data, pw.len);
	sodium_memzero(form.data, form.len);
	buf_free(&form);
	buf_free(&redirect);
	buf_free(&user);
	buf_free(&pw);
	if (!body) {
		*why = status == -1 ? "err.sso.timeout" : "err.sso.unreachable";
		return NULL;
	}
	char *id = oidc_token_response_parse(body, strlen(body), why);
	if (id && status != 200) {
		free(id);
		id = NULL;
		*why = "err.sso.token_refused";
	}
	free(body);
	return id;
}

/* The provider's side of the callback, on a thread of its own while the
 * connection is suspended (api_ctx.slow): discovery, the token request,
 * the key set and the ID token's signature and claims. No database: what
 * it needs from there (the provider, the unsealed credential) comes along. */
struct sso_call {
	struct sso_provider *p; /* as read in the request */
	struct prelogin pl;
	char *code;
	char *public_url;
	char *credential; /* unsealed in the request (the database is there): wiped when freed */
	/* the outcome: facts for the write part, or why and what */
	json_t *facts;
	const char *why;
	char *object;
};

static void call_run(void *arg)
{
	struct sso_call *k = arg;
	const struct sso_provider *p = k->p;
	sso_http_budget(SSO_SIGNIN_BUDGET_MS);
	struct oidc_discovery d;
	const char *why = sso_http_discovery(p->issuer, &d);
	char *idt = NULL;
	json_t *claims = NULL, *jwks = NULL;
	if (why)
		goto refused;
	idt = exchange(k->public_url, p, k->credential, &d, &k->pl, k->code, &why);
	if (!idt)
		goto refused;
	jwks = sso_http_jwks(d.jwks_uri, 0);
	enum oidc_jws_result r = jwks ? oidc_jws_verify(idt, jwks, &claims) : OIDC_JWS_UNKNOWN_KID;
	if (r == OIDC_JWS_UNKNOWN_KID) { /* the provider rolled its keys */
		json_decref(jwks);
		jwks = sso_http_jwks(d.jwks_uri, 1);
		r = jwks ? oidc_jws_verify(idt, jwks, &claims) : OIDC_JWS_UNKNOWN_KID;
	}
	if (!jwks) { /* no key set to judge by: the provider's failure, not the token's */
		why = sso_http_budget_spent() ? "err.sso.timeout" : "err.sso.unreachable";
		goto refused;
	}
	if (r != OIDC_JWS_OK) {
		why = r == OIDC_JWS_ALG		? "err.sso.alg"
		      : r == OIDC_JWS_MALFORMED ? "err.sso.token"
						: "err.sso.signature";
		goto refused;
	}
	struct oidc_expect e = {
	    .issuer = p->issuer, .client_id = p->client_id, .nonce = k->pl.nonce, .now = time_now()};
	why = oidc_claims_check(claims, &e);
	if (why)
		goto refused;
	json_t *ev = json_object_get(claims, "email_verified");
	/* some providers send "true" as text */
	int verified = json_is_true(ev) || (json_is_string(ev) && !strcmp(json_string_value(ev), "true"));
	const char *email = json_string_value(json_object_get(claims, "email"));
	const char *name = json_string_value(json_object_get(claims, "name"));
	enum role role = oidc_role_for_groups(claims, p->groups_claim, p->groups, p->ngroups);
	k->facts =
	    json_pack("{s:I,s:s,s:s,s:s,s:b,s:s,s:s,s:b,s:s,s:s}", "org", (json_int_t)k->pl.org_id, "issuer",
		      p->issuer, "sub", json_string_value(json_object_get(claims, "sub")), "email",
		      email ? email : "", "verified", verified, "name", name ? name : (email ? email : ""),
		      "role", role_name(role) ? role_name(role) : "", "mfa",
		      oidc_mfa_satisfied(claims, p->mfa_acr), "state", k->pl.state, "next", k->pl.next);
	json_object_set_new(k->facts, "linkUser", json_integer(k->pl.link_user));
	goto done;
refused:
	k->why = why;
	{
		const char *what = claims ? json_string_value(json_object_get(claims, "email")) : p->issuer;
		k->object = xstrdup(what ? what : "");
	}
done:
	sso_http_budget(0);
	json_decref(claims);
	json_decref(jwks);
	free(idt);
	oidc_discovery_free(&d);
}

static void call_free(void *arg)
{
	struct sso_call *k = arg;
	if (!k)
		return;
	sso_http_wait_give(k->p->issuer);
	sodium_memzero(&k->pl, sizeof k->pl);
	if (k->credential) {
		sodium_memzero(k->credential, strlen(k->credential));
		free(k->credential);
	}
	free(k->p);
	free(k->code);
	free(k->public_url);
	json_decref(k->facts);
	free(k->object);
	free(k);
}

/* The client's credential for the token request, unsealed with the server
 * key (read from the database, so here and not on the outside thread): the
 * secret, or with private_key_jwt the private JWK; NULL when there is none. */
static char *unseal_credential(const struct sso_provider *p)
{
	int keyed = !strcmp(p->auth_method, "private_key_jwt");
	const unsigned char *box = keyed ? p->key_box : p->box;
	size_t len = keyed ? p->key_box_len : p->box_len;
	if (!len)
		return NULL;
	char *out = xmalloc(SSO_KEY_BOX_MAX);
	if (sso_unseal(box, len, out, SSO_KEY_BOX_MAX) < 0) {
		free(out);
		return NULL;
	}
	return out;
}

int api_sso_callback(struct api_ctx *c, json_t **out)
{
	*out = NULL;
	/* the pre-login cookie is spent whatever happens */
	c->cookie_name = SSO_COOKIE;
	c->cookie_value[0] = 0;
	c->cookie_max_age = 0;
	/* the checks run again after the provider was asked (the request runs
	 * twice, see api_ctx.slow): a state spent meanwhile is refused here */
	struct prelogin pl;
	if (open_prelogin(c->cookies, &pl) < 0)
		return refuse(c, 0, "err.sso.session", NULL);
	const char *state = api_str(c->query, "state");
	if (!state || strlen(state) != strlen(pl.state) || sodium_memcmp(state, pl.state, strlen(state)) != 0)
		return refuse(c, pl.org_id, "err.sso.state", NULL);
	unsigned char h[SECRET_HASH_LEN];
	secret_digest(pl.state, h);
	if (sso_store_state_used(h))
		return refuse(c, pl.org_id, "err.sso.replay", NULL);
	const char *perr = api_str(c->query, "error");
	if (perr)
		return refuse(c, pl.org_id, "err.sso.provider", perr);
	const char *code = api_str(c->query, "code");
	if (!code || strlen(code) > 2048)
		return refuse(c, pl.org_id, "err.sso.code", NULL);
	struct sso_provider *p = xcalloc(1, sizeof *p);
	if (sso_store_get(pl.org_id, p) < 0 || !p->enabled) {
		free(p);
		return refuse(c, pl.org_id, "err.sso.unknown", NULL);
	}
	struct sso_call *k = c->slow_done;
	if (!k) { /* first run: the provider is asked off the server thread */
		if (sso_http_wait_take(p->issuer) < 0) {
			/* this provider already holds its share of the waiting places */
			free(p);
			sodium_memzero(&pl, sizeof pl);
			c->detail = "err.sso.busy";
			c->retry_after = 5;
			return -ERR_BUSY;
		}
		k = xcalloc(1, sizeof *k);
		k->p = p;
		k->pl = pl;
		k->code = xstrdup(code);
		k->public_url = xstrdup(c->public_url ? c->public_url : "");
		k->credential = unseal_credential(p);
		sodium_memzero(&pl, sizeof pl);
		c->slow = call_run;
		c->slow_free = call_free;
		c->slow_arg = k;
		c->detail = "err.sso.busy";
		return 0;
	}
	free(p);
	sodium_memzero(&pl, sizeof pl);
	if (k->why)
		return refuse(c, k->pl.org_id, k->why, k->object);
	c->carry = json_incref(k->facts);
	c->then = finish_then;
	return 0;
}

/* --- callback, part two: who it is (write transaction) -------------------- */

static int refuse_then(struct api_ctx *c, json_t **out)
{
	(void)out;
	const char *reason = json_string_value(json_object_get(c->carry, "reason"));
	c->org_id = json_integer_value(json_object_get(c->carry, "org"));
	struct buf what = BUF_INIT;
	buf_printf(&what, "%s %s", json_string_value(json_object_get(c->carry, "object")), reason);
	api_audit(c, "sso.login", buf_str(&what), "denied");
	buf_free(&what);
	c->detail = reason;
	return -ERR_AUTH;
}

static int refuse_now(struct api_ctx *c, const char *reason, const char *object)
{
	json_object_set_new(c->carry, "reason", json_string(reason));
	json_object_set_new(c->carry, "object", json_string(object ? object : ""));
	return refuse_then(c, NULL);
}

/* 1 when an existing account may not be linked by this organisation's
 * provider on its say-so: a member of another organisation (its provider
 * must not open doors elsewhere). Its owner confirms the link with their
 * password first (sso_link.c). */
static int elsewhere(const struct user *u, int64_t org)
{
	size_t n = 0;
	struct organisation *list = org_list_for_user(u->id, 0, &n);
	int other = 0;
	for (size_t i = 0; i < n; i++)
		if (list[i].id != org && list[i].role != ROLE_NONE)
			other = 1;
	organisation_list_free(list, n);
	return other;
}

static int finish_then(struct api_ctx *c, json_t **out)
{
	json_t *k = c->carry;
	int64_t org = json_integer_value(json_object_get(k, "org"));
	const char *iss = json_string_value(json_object_get(k, "issuer"));
	const char *sub = json_string_value(json_object_get(k, "sub"));
	const char *email = json_string_value(json_object_get(k, "email"));
	const char *name = json_string_value(json_object_get(k, "name"));
	enum role role = role_parse(json_string_value(json_object_get(k, "role")));
	int verified = json_is_true(json_object_get(k, "verified"));
	c->org_id = org;
	unsigned char h[SECRET_HASH_LEN];
	secret_digest(json_string_value(json_object_get(k, "state")), h);
	if (sso_store_state_use(h) < 0)
		return refuse_now(c, "err.sso.replay", email);
	struct sso_provider *p = xcalloc(1, sizeof *p);
	int rc = sso_store_get(org, p);
	if (rc < 0 || !p->enabled) {
		free(p);
		return refuse_now(c, "err.sso.unknown", email);
	}
	int64_t uid = sso_store_identity_user(iss, sub);
	int created = 0;
	const char *why = NULL;
	int64_t link_user = json_integer_value(json_object_get(k, "linkUser"));
	if (link_user > 0) {
		/* linking from the account page: the same person, a member here */
		struct user lu;
		free(p);
		if (c->user_id != link_user || account_user_by_id(link_user, &lu) < 0)
			return refuse_now(c, "err.sso.link_session", email);
		if (uid && uid != link_user)
			return refuse_now(c, "err.sso.linked_other", email);
		if (lu.is_admin)
			return refuse_now(c, "err.sso.link_admin", lu.email);
		if (org_role(org, link_user) == ROLE_NONE)
			return refuse_now(c, "err.sso.link_member", lu.email);
		if (uid == link_user) {
			snprintf(c->location, sizeof c->location, "/mij/sso?gekoppeld=1");
			*out = json_object();
			return 0;
		}
		return api_sso_link_offer(c, out, "account", link_user);
	}
	if (!uid) {
		/* first time: only a verified e-mail in the organisation's domains */
		struct user u;
		if (!*email || !verified)
			why = "err.sso.email_unverified";
		else if (!oidc_email_domain_allowed(email, p->domains))
			why = "err.sso.domain";
		else if (account_user_by_email(email, &u) == 0) {
			if (u.is_admin) /* the instance's keys stay with its password */
				why = "err.sso.link_admin";
			else if (elsewhere(&u, org)) {
				free(p);
				return api_sso_link_offer(c, out, "inloggen", u.id);
			} else
				uid = u.id;
		} else if (!p->jit)
			why = "err.sso.no_account";
		else if (role == ROLE_NONE)
			why = "err.sso.no_role";
		else {
			char pw[SECRET_TOKEN_LEN + 1]; /* unknown to anyone: this account signs in by SSO */
			secret_token(pw);
			int64_t id = account_user_add(email, *name ? name : email, pw, 0);
			sodium_memzero(pw, sizeof pw);
			if (id < 0)
				why = "err.sso.no_account";
			else {
				uid = id;
				created = 1;
			}
		}
		if (uid)
			api_audit(c, "sso.link", email, "ok");
	}
	free(p);
	if (why)
		return refuse_now(c, why, email);
	if (created)
		api_audit(c, "sso.account", email, "ok");
	rc = sso_store_identity_link(uid, org, iss, sub);
	if (rc < 0)
		return rc;
	/* the provider's groups decide the role in this organisation */
	if (role != ROLE_NONE && org_role(org, uid) != role) {
		rc = org_member_change(org, uid, role, 1);
		if (rc == 0)
			api_audit(c, "sso.role", role_name(role), "ok");
		else if (rc != -ERR_CONFLICT) /* the last beheerder stays one */
			return rc;
	}
	struct user u;
	if (account_user_by_id(uid, &u) < 0)
		return refuse_now(c, "err.sso.no_account", email);
	int mfa = json_is_true(json_object_get(k, "mfa"));
	const char *next = api_safe_next(json_string_value(json_object_get(k, "next")));
	if (!mfa && api_mfa_login_needs_code(uid)) {
		/* the provider did one step: our authenticator step follows */
		api_audit(c, "sso.login.first_step", u.email, "ok");
		c->render = "login_code";
		*out = api_mfa_ticket(uid, next);
		json_object_set_new(*out, "viaSso", json_true());
		return 0;
	}
	c->login_user = uid;
	c->login_sso = 1;
	c->user_id = uid;
	c->user_email = NULL;
	api_audit(c, "sso.login", u.email, "ok");
	snprintf(c->location, sizeof c->location, "%s", next);
	*out = json_object();
	return 0;
}

void api_sso_session_bind(const struct api_ctx *c, const char *sid)
{
	unsigned char h[SECRET_HASH_LEN];
	secret_digest(sid, h);
	sso_store_session_add(h, json_integer_value(json_object_get(c->carry, "org")),
			      json_is_true(json_object_get(c->carry, "mfa")));
}

int api_sso_session_mfa(const char *sid)
{
	if (!sid || !*sid)
		return 0;
	unsigned char h[SECRET_HASH_LEN];
	secret_digest(sid, h);
	return sso_store_session_mfa(h);
}

char *api_sso_logout_url(const char *sid, const char *public_url)
{
	if (!sid || !*sid)
		return NULL;
	unsigned char h[SECRET_HASH_LEN];
	secret_digest(sid, h);
	int64_t org = sso_store_session_org(h);
	struct sso_provider *p = org > 0 ? xcalloc(1, sizeof *p) : NULL;
	char *url = NULL;
	struct oidc_discovery d;
	if (p && sso_store_get(org, p) == 0 && !sso_http_discovery_cached(p->issuer, &d)) {
		if (d.end_session_endpoint) {
			struct buf b = BUF_INIT, back = BUF_INIT;
			buf_printf(&back, "%s/inloggen", public_url);
			buf_puts(&b, d.end_session_endpoint);
			buf_puts(&b, strchr(d.end_session_endpoint, '?') ? "&" : "?");
			buf_puts(&b, "client_id=");
			buf_urlenc(&b, p->client_id);
			query_add(&b, "post_logout_redirect_uri", buf_str(&back));
			url = buf_steal(&b);
			buf_free(&back);
		}
		oidc_discovery_free(&d);
	}
	free(p);
	return url;
}
