/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * sso: single sign-on with an organisation's OpenID Connect provider
 * (authorization code with PKCE). Handlers of the sso module, what the
 * login page and the pipeline ask of it, and the provider's HTTP side.
 */
#ifndef SL_API_SSO_H
#define SL_API_SSO_H

#include "api/api.h"
#include "domain/oidc.h"

/* The pre-login cookie: state, nonce, PKCE verifier, organisation and where
 * to go next, sealed with a server key, ten minutes. */
#define SSO_COOKIE "__Host-sl_sso"
#define SSO_COOKIE_S 600
#define SSO_HTTP_TIMEOUT_S 5
/* requests waiting for one provider at once (of the server's 32): a slow
 * or hostile provider of one organisation cannot take every waiting slot */
#define SSO_PROVIDER_WAIT_MAX 16
/* all calls of one sign-in's callback together (discovery, token, JWKS) */
#define SSO_SIGNIN_BUDGET_MS 8000

/* Configuration by a beheerder (sso_config.c). */
int api_sso_get(struct api_ctx *c, json_t **out);
int api_sso_put(struct api_ctx *c, json_t **out);
int api_sso_delete(struct api_ctx *c, json_t **out);
/* A new client key pair for private_key_jwt, or an imported private JWK. */
int api_sso_key(struct api_ctx *c, json_t **out);
/* A private client key given as PEM text (pem 1), or as a JWK or PEM told
 * apart by its first line (pem 0) (docs/sso.md): 0 and k filled, or the
 * catalogue key of the problem with *line its line in the PEM (0: no line
 * to name). Used by the API, the page and the CLI. */
const char *sso_key_read(const char *text, size_t len, int pem, struct oidc_client_key *k, int *line);
/* The public JWKS of an organisation's client key (public: the provider reads it). */
int api_sso_jwks(struct api_ctx *c, json_t **out);

/* The login (sso_login.c). */
int api_sso_choose(struct api_ctx *c, json_t **out);
int api_sso_start(struct api_ctx *c, json_t **out);
int api_sso_callback(struct api_ctx *c, json_t **out);

/* Linking an existing account (sso_link.c). */
/* Called by the callback's write part when an existing account may be
 * linked only with its owner's proof: seals c->carry's facts for user uid
 * into a ticket and answers with the confirmation page (mode "inloggen":
 * password and code; "account": signed in, one click). */
int api_sso_link_offer(struct api_ctx *c, json_t **out, const char *mode, int64_t uid);
int api_sso_link_form(struct api_ctx *c, json_t **out);
int api_sso_link_confirm(struct api_ctx *c, json_t **out);
/* The account page's part: linked identities and providers to link. */
int api_sso_me(struct api_ctx *c, json_t **out);
int api_sso_unlink(struct api_ctx *c, json_t **out);

/* For the login page: {"name","orgName","href"} of the organisation's
 * provider when slug names an organisation with single sign-on on (href
 * starts the login and comes back to next), else NULL. */
json_t *api_sso_login_option(const char *slug, const char *next);
/* The pipeline, right after it started the session sid for an SSO login
 * (c->login_sso): remembers that it came from the provider and whether
 * the provider's login counted as two-step. */
void api_sso_session_bind(const struct api_ctx *c, const char *sid);
/* 1 when the session was made by an SSO login that counted as two-step
 * (then our own authenticator step is not asked for). */
int api_sso_session_mfa(const char *sid);

/* Signing out of a session an SSO login made: the provider's end-session
 * URL (RP-initiated logout, with client_id and post_logout_redirect_uri
 * public_url/inloggen) when its cached discovery document offers one; the
 * caller frees. NULL otherwise. */
char *api_sso_logout_url(const char *sid, const char *public_url);

/* Seals and opens the client secret with the server key (sso_config.c).
 * seal: the box length; open: 0 and out (NUL-terminated), or -1. */
size_t sso_seal(const char *secret, unsigned char *box, size_t cap);
int sso_unseal(const unsigned char *box, size_t len, char *out, size_t cap);

/* The provider's HTTP side (sso_http.c). Short timeouts (SSO_HTTP_TIMEOUT_S);
 * documents are cached in memory. */
/* The discovery document of issuer (cached for an hour): NULL, or the
 * catalogue key of what went wrong; free d with oidc_discovery_free. */
const char *sso_http_discovery(const char *issuer, struct oidc_discovery *d);
/* The same from the cache only, whatever its age (no network: for a
 * request that holds the write lock). */
const char *sso_http_discovery_cached(const char *issuer, struct oidc_discovery *d);
/* For a GET handler that shows the discovery document: 1 when it is not in
 * the cache (or older than an hour) and must be fetched first: c->slow is
 * set and the handler returns 0 at once; it runs again when the fetch is
 * over. 0: go on and read it with sso_http_discovery_now. Other methods
 * (a form shown again after a refused write, holding the write lock) get 0
 * and the cache only. */
int sso_http_discovery_wait(struct api_ctx *c, const char *issuer);
/* After sso_http_discovery_wait: the fetch's failure, or the cached copy. */
const char *sso_http_discovery_now(const struct api_ctx *c, const char *issuer, struct oidc_discovery *d);
/* The key set at uri (cached for an hour; refresh: fetch again unless it
 * was fetched less than two seconds ago). A new reference, or NULL. */
json_t *sso_http_jwks(const char *uri, int refresh);
/* Posts the form to the token endpoint (client_secret_basic when user is
 * set) and returns the body (caller frees) with the status in *status, or
 * NULL when the provider could not be reached (*status -1: it did not
 * answer within SSO_HTTP_TIMEOUT_S). These block: call them from outside
 * work (api_ctx.slow), never on a server thread. */
char *sso_http_post(const char *url, const char *form, const char *user, const char *password, long *status);
/* From now on this thread's calls to providers end within ms in all
 * (0: each call its own SSO_HTTP_TIMEOUT_S): one sign-in's outside work. */
void sso_http_budget(int64_t ms);
/* Takes one of the SSO_PROVIDER_WAIT_MAX places of requests waiting for
 * issuer: 0, or -1 when they are all taken. Give it back when the wait is over. */
int sso_http_wait_take(const char *issuer);
void sso_http_wait_give(const char *issuer);
/* 1 when this thread's budget is set and used up. */
int sso_http_budget_spent(void);
/* Forgets every cached document (tests, a changed configuration). */
void sso_http_forget(const char *issuer);

#endif
