/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * oidc: the pure rules of signing in with an OpenID Connect provider. Reads
 * what a provider sends (discovery document, JWKS, token response) and
 * judges an ID token: its signature against the provider's keys (RS256 or
 * ES256 only, through libcjose), then its claims against what we expect
 * (issuer, audience, azp, exp/iat/nbf with a small clock skew, nonce).
 * Also: allowed e-mail domains, groups to roles, when the provider's login
 * counts as two-step. No I/O: the api layer fetches, this judges.
 */
#ifndef SL_OIDC_H
#define SL_OIDC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/role.h"

#define OIDC_SKEW_S 120	    /* clocks may differ this much (exp, nbf, iat) */
#define OIDC_IAT_MAX_S 600  /* an ID token issued longer ago than this is stale */
#define OIDC_DOC_MAX 262144 /* the most we read of any provider answer */

/* What a provider's discovery document says (strings owned by the struct). */
struct oidc_discovery {
	char *issuer;
	char *authorization_endpoint;
	char *token_endpoint;
	char *jwks_uri;
	char *end_session_endpoint; /* NULL when the provider offers none */
	int basic_ok;		    /* client_secret_basic is supported (also when unsaid) */
	int post_ok;		    /* client_secret_post is supported */
	int key_ok;		    /* private_key_jwt is supported */
	int s256_ok;		    /* PKCE S256 is listed (or nothing is listed) */
};

/* Parses a discovery document; its issuer must equal `issuer` exactly and
 * every endpoint must be an acceptable URL (oidc_url_ok). 0, or a
 * catalogue key naming what is wrong ("err.sso.discovery"...); d is then
 * empty. Free with oidc_discovery_free. */
const char *oidc_discovery_parse(const char *text, size_t len, const char *issuer, struct oidc_discovery *d);
void oidc_discovery_free(struct oidc_discovery *d);

/* 1 when url may be used to talk to a provider: https://, or http:// to a
 * loopback host (127.0.0.1, [::1], localhost: tests and local trials). */
int oidc_url_ok(const char *url);

/* The id_token of a token response (caller frees), or NULL with *reason
 * set (an "error" member, no id_token, not JSON). */
char *oidc_token_response_parse(const char *text, size_t len, const char **reason);

/* Parses a JWKS document into a new reference (an object with a "keys"
 * array), or NULL when it is not one. */
json_t *oidc_jwks_parse(const char *text, size_t len);

/* Result of oidc_jws_verify. */
enum oidc_jws_result {
	OIDC_JWS_OK = 0,
	OIDC_JWS_MALFORMED = -1,   /* not a compact JWS, or its payload is not a JSON object */
	OIDC_JWS_ALG = -2,	   /* an algorithm other than RS256 and ES256 (none, HS256...) */
	OIDC_JWS_UNKNOWN_KID = -3, /* no key of the set fits the header (refresh the set) */
	OIDC_JWS_BAD_SIGNATURE = -4,
};
/* Verifies the signature of a compact JWS against a key set; on OIDC_JWS_OK
 * *claims is a new reference to the payload. */
enum oidc_jws_result oidc_jws_verify(const char *compact, const json_t *jwks, json_t **claims);

/* What an ID token must say. */
struct oidc_expect {
	const char *issuer;
	const char *client_id;
	const char *nonce;
	int64_t now; /* Unix seconds */
};
/* Judges a decoded claim set: NULL when it holds, else the catalogue key of
 * the first failure: err.sso.iss, err.sso.aud, err.sso.azp, err.sso.exp,
 * err.sso.iat, err.sso.nbf, err.sso.nonce, err.sso.sub. */
const char *oidc_claims_check(const json_t *claims, const struct oidc_expect *e);

/* 1 when the e-mail's domain is one of `domains` (separated by spaces,
 * commas or newlines; without case). */
int oidc_email_domain_allowed(const char *email, const char *domains);

/* 1 when the provider says its login had a second factor: amr holds mfa,
 * otp or hwk (RFC 8176), or acr is one of `acr_values` (space separated). */
int oidc_mfa_satisfied(const json_t *claims, const char *acr_values);

/* One mapping of a provider group to our role. */
struct oidc_group_role {
	char group[128];
	enum role role;
};
/* The highest role any of the claim's groups maps to (the claim may be an
 * array of strings or one string), ROLE_NONE when none does. */
enum role oidc_role_for_groups(const json_t *claims, const char *claim, const struct oidc_group_role *map,
			       size_t n);

/* --- client authentication with a key pair (private_key_jwt, RFC 7523) --- */

#define OIDC_CLIENT_ASSERTION_S 60 /* a client assertion lives this long */

/* A client key: the private JWK (JSON text, for sealing) and the public JWK
 * to publish (JSON text with kid, use "sig" and alg). The kid is the key's
 * RFC 7638 thumbprint, or the kid an imported key already has. Strings
 * are owned by the struct. */
struct oidc_client_key {
	char *private_jwk;
	char *public_jwk;
	char kid[44];	 /* at most 43 characters */
	const char *alg; /* "RS256" or "ES256" (static) */
};
/* Makes a new key pair: alg "RS256" (RSA 2048 bits) or "ES256" (P-256).
 * 0, or -1 when the algorithm is unknown or the generator failed. */
int oidc_client_key_new(const char *alg, struct oidc_client_key *k);
/* Reads a private key given as a JWK (RSA of 2048 to 8192 bits, or EC
 * P-256) and checks that it signs: 0, or the catalogue key of what is
 * wrong (err.sso.key_format, err.sso.key_public, err.sso.key_kind). */
const char *oidc_client_key_import(const char *text, size_t len, struct oidc_client_key *k);
void oidc_client_key_free(struct oidc_client_key *k);
/* The RFC 7638 thumbprint of a public JWK object (RSA or EC) into out
 * (base64url of SHA-256, 43 characters); 0 or -1. */
int oidc_jwk_thumbprint(const json_t *jwk, char out[44]);
/* A signed client assertion (RFC 7523 section 3, OIDC Core 9): iss = sub =
 * client_id, aud = the token endpoint, jti, iat = now, exp = now + 60 s,
 * signed with the private JWK; the compact JWS (caller frees), or NULL. */
char *oidc_client_assertion(const char *private_jwk, const char *client_id, const char *audience,
			    const char *jti, int64_t now);

/* The S256 PKCE challenge of a verifier (base64url, no padding) into out (44 bytes). */
void oidc_pkce_challenge(const char *verifier, char out[44]);

#endif
