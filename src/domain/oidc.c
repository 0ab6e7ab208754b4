/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * oidc: reading what an OpenID provider sends and judging an ID token (see
 * oidc.h). Signatures through libcjose; only RS256 and ES256 are accepted,
 * so a token cannot choose "none" or an HMAC keyed with a public key.
 */
#include "domain/oidc.h"

#include <cjose/cjose.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/util.h"

/* --- URLs and documents ---------------------------------------------------- */

int oidc_url_ok(const char *url)
{
	if (!url)
		return 0;
	size_t n = strlen(url);
	if (n > 1000)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)url[i] <= 0x20 || url[i] == 0x7f || url[i] == '\\')
			return 0;
	if (!strncmp(url, "https://", 8))
		return n > 8 && url[8] != '/';
	static const char *const loop[] = {"http://127.0.0.1:",
					   "http://127.0.0.1/",
					   "http://localhost:",
					   "http://localhost/",
					   "http://[::1]:",
					   "http://[::1]/",
					   NULL};
	for (int i = 0; loop[i]; i++)
		if (!strncmp(url, loop[i], strlen(loop[i])))
			return 1;
	return !strcmp(url, "http://127.0.0.1") || !strcmp(url, "http://localhost");
}

static json_t *load_object(const char *text, size_t len)
{
	if (!text || len == 0 || len > OIDC_DOC_MAX)
		return NULL;
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	if (j && !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static char *url_member(json_t *doc, const char *name, int *bad)
{
	const char *s = json_string_value(json_object_get(doc, name));
	if (!s)
		return NULL;
	if (!oidc_url_ok(s)) {
		*bad = 1;
		return NULL;
	}
	return xstrdup(s);
}

/* 1 when the member is absent or its array holds want. */
static int listed(json_t *doc, const char *name, const char *want, int absent)
{
	json_t *a = json_object_get(doc, name);
	if (!json_is_array(a))
		return absent;
	size_t i;
	json_t *v;
	json_array_foreach (a, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), want))
			return 1;
	return 0;
}

void oidc_discovery_free(struct oidc_discovery *d)
{
	free(d->issuer);
	free(d->authorization_endpoint);
	free(d->token_endpoint);
	free(d->jwks_uri);
	free(d->end_session_endpoint);
	memset(d, 0, sizeof *d);
}

const char *oidc_discovery_parse(const char *text, size_t len, const char *issuer, struct oidc_discovery *d)
{
	memset(d, 0, sizeof *d);
	json_t *doc = load_object(text, len);
	if (!doc)
		return "err.sso.discovery";
	const char *iss = json_string_value(json_object_get(doc, "issuer"));
	if (!iss || !issuer || strcmp(iss, issuer) != 0) {
		json_decref(doc);
		return "err.sso.discovery_issuer";
	}
	int bad = 0;
	d->issuer = xstrdup(iss);
	d->authorization_endpoint = url_member(doc, "authorization_endpoint", &bad);
	d->token_endpoint = url_member(doc, "token_endpoint", &bad);
	d->jwks_uri = url_member(doc, "jwks_uri", &bad);
	d->end_session_endpoint = url_member(doc, "end_session_endpoint", &bad);
	d->basic_ok = listed(doc, "token_endpoint_auth_methods_supported", "client_secret_basic", 1);
	d->post_ok = listed(doc, "token_endpoint_auth_methods_supported", "client_secret_post", 0);
	d->key_ok = listed(doc, "token_endpoint_auth_methods_supported", "private_key_jwt", 0);
	d->s256_ok = listed(doc, "code_challenge_methods_supported", "S256", 1);
	json_decref(doc);
	if (bad || !d->authorization_endpoint || !d->token_endpoint || !d->jwks_uri) {
		oidc_discovery_free(d);
		return "err.sso.discovery";
	}
	return NULL;
}

char *oidc_token_response_parse(const char *text, size_t len, const char **reason)
{
	json_t *doc = load_object(text, len);
	*reason = NULL;
	if (!doc) {
		*reason = "err.sso.token";
		return NULL;
	}
	if (json_object_get(doc, "error")) {
		json_decref(doc);
		*reason = "err.sso.token_refused";
		return NULL;
	}
	const char *id = json_string_value(json_object_get(doc, "id_token"));
	const char *type = json_string_value(json_object_get(doc, "token_type"));
	char *out = NULL;
	if (id && *id && strlen(id) < 16384 &&
	    (!type || !strcasecmp(type, "Bearer") || !strcasecmp(type, "DPoP")))
		out = xstrdup(id);
	else
		*reason = "err.sso.token";
	json_decref(doc);
	return out;
}

json_t *oidc_jwks_parse(const char *text, size_t len)
{
	json_t *doc = load_object(text, len);
	if (doc && !json_is_array(json_object_get(doc, "keys"))) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

/* --- signatures ------------------------------------------------------------ */

/* 1 when key k (a JWK object) may verify a token signed with alg. */
static int key_fits(json_t *k, const char *alg, const char *kid)
{
	const char *kty = json_string_value(json_object_get(k, "kty"));
	const char *use = json_string_value(json_object_get(k, "use"));
	const char *kalg = json_string_value(json_object_get(k, "alg"));
	const char *kkid = json_string_value(json_object_get(k, "kid"));
	if (!kty || (use && strcmp(use, "sig") != 0) || (kalg && strcmp(kalg, alg) != 0))
		return 0;
	if (kid && (!kkid || strcmp(kid, kkid) != 0))
		return 0;
	if (!strcmp(alg, "RS256"))
		return !strcmp(kty, "RSA");
	const char *crv = json_string_value(json_object_get(k, "crv"));
	return !strcmp(kty, "EC") && crv && !strcmp(crv, "P-256");
}

/* 1 when s is base64url without padding, of length lo..hi. */
static int b64url(const char *s, size_t lo, size_t hi)
{
	if (!s)
		return 0;
	size_t n = strlen(s);
	if (n < lo || n > hi || n % 4 == 1)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_'))
			return 0;
	return 1;
}

/* 1 when s is a plain key id: letters, digits, '-', '_', '.', ':' only. */
static int b64url_or_word(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_' || *s == '.' || *s == ':'))
			return 0;
	return 1;
}

/* A public key with only the members a signature needs, each checked here
 * first (libcjose asserts on some malformed members, and a provider's key
 * set is outside input); NULL when k is not a usable public key. */
static json_t *public_key(json_t *k)
{
	const char *kty = json_string_value(json_object_get(k, "kty"));
	if (kty && !strcmp(kty, "RSA")) {
		const char *n = json_string_value(json_object_get(k, "n"));
		const char *e = json_string_value(json_object_get(k, "e"));
		if (!b64url(n, 342, 1366) || !b64url(e, 2, 8)) /* 2048 to 8192 bits */
			return NULL;
		return json_pack("{s:s,s:s,s:s}", "kty", "RSA", "n", n, "e", e);
	}
	const char *x = json_string_value(json_object_get(k, "x"));
	const char *y = json_string_value(json_object_get(k, "y"));
	if (!b64url(x, 43, 43) || !b64url(y, 43, 43))
		return NULL;
	return json_pack("{s:s,s:s,s:s,s:s}", "kty", "EC", "crv", "P-256", "x", x, "y", y);
}

enum oidc_jws_result oidc_jws_verify(const char *compact, const json_t *jwks, json_t **claims)
{
	*claims = NULL;
	if (!compact || strlen(compact) > 16384)
		return OIDC_JWS_MALFORMED;
	/* three base64url parts, checked here: libcjose asserts on some
	 * malformed ones, and the token is outside input */
	char part[16385];
	const char *p = compact;
	for (int i = 0; i < 3; i++) {
		size_t n = strcspn(p, ".");
		memcpy(part, p, n);
		part[n] = 0;
		if (!b64url(part, 2, sizeof part - 1) || (i < 2 && p[n] != '.') || (i == 2 && p[n]))
			return OIDC_JWS_MALFORMED;
		p += n + (i < 2);
	}
	cjose_err err;
	cjose_jws_t *jws = cjose_jws_import(compact, strlen(compact), &err);
	if (!jws)
		return OIDC_JWS_MALFORMED;
	json_t *hdr = (json_t *)cjose_jws_get_protected(jws);
	const char *alg = json_string_value(json_object_get(hdr, "alg"));
	const char *kid = json_string_value(json_object_get(hdr, "kid"));
	enum oidc_jws_result r = OIDC_JWS_UNKNOWN_KID;
	if (!alg || (strcmp(alg, "RS256") != 0 && strcmp(alg, "ES256") != 0) ||
	    json_object_get(hdr, "crit")) {
		r = OIDC_JWS_ALG;
		goto done;
	}
	json_t *keys = json_object_get(jwks, "keys");
	size_t i;
	json_t *k;
	int tried = 0;
	json_array_foreach (keys, i, k) {
		if (!json_is_object(k) || !key_fits(k, alg, kid))
			continue;
		json_t *pub = public_key(k);
		cjose_jwk_t *jwk = pub ? cjose_jwk_import_json((cjose_header_t *)pub, &err) : NULL;
		json_decref(pub);
		if (!jwk)
			continue;
		tried = 1;
		int ok = cjose_jws_verify(jws, jwk, &err);
		cjose_jwk_release(jwk);
		if (ok) {
			uint8_t *pt = NULL;
			size_t n = 0;
			r = OIDC_JWS_MALFORMED;
			if (cjose_jws_get_plaintext(jws, &pt, &n, &err)) {
				json_t *c = load_object((const char *)pt, n);
				if (c) {
					*claims = c;
					r = OIDC_JWS_OK;
				}
			}
			goto done;
		}
	}
	r = tried ? OIDC_JWS_BAD_SIGNATURE : OIDC_JWS_UNKNOWN_KID;
done:
	cjose_jws_release(jws);
	return r;
}

/* --- claims ---------------------------------------------------------------- */

/* A NumericDate claim: 1 and *v when present as a number. */
static int numeric(const json_t *claims, const char *name, int64_t *v)
{
	json_t *j = json_object_get(claims, name);
	if (json_is_integer(j)) {
		*v = json_integer_value(j);
		return 1;
	}
	if (json_is_real(j)) {
		double d = json_real_value(j);
		if (d > -9e15 && d < 9e15) {
			*v = (int64_t)d;
			return 1;
		}
	}
	return 0;
}

const char *oidc_claims_check(const json_t *claims, const struct oidc_expect *e)
{
	const char *iss = json_string_value(json_object_get(claims, "iss"));
	if (!iss || !e->issuer || strcmp(iss, e->issuer) != 0)
		return "err.sso.iss";
	/* aud: our client id, as the string or one of the array */
	json_t *aud = json_object_get(claims, "aud");
	size_t naud = 0;
	int ours = 0;
	if (json_is_string(aud)) {
		naud = 1;
		ours = !strcmp(json_string_value(aud), e->client_id);
	} else if (json_is_array(aud)) {
		size_t i;
		json_t *a;
		json_array_foreach (aud, i, a) {
			if (!json_is_string(a))
				return "err.sso.aud";
			naud++;
			if (!strcmp(json_string_value(a), e->client_id))
				ours = 1;
		}
	}
	if (!ours)
		return "err.sso.aud";
	/* azp: required to be us when there are other audiences, checked when present */
	const char *azp = json_string_value(json_object_get(claims, "azp"));
	if ((naud > 1 && !azp) || (azp && strcmp(azp, e->client_id) != 0) ||
	    (json_object_get(claims, "azp") && !azp))
		return "err.sso.azp";
	int64_t exp, iat, nbf;
	if (!numeric(claims, "exp", &exp) || e->now > exp + OIDC_SKEW_S)
		return "err.sso.exp";
	if (!numeric(claims, "iat", &iat) || iat > e->now + OIDC_SKEW_S || iat < e->now - OIDC_IAT_MAX_S)
		return "err.sso.iat";
	if (json_object_get(claims, "nbf") && (!numeric(claims, "nbf", &nbf) || nbf > e->now + OIDC_SKEW_S))
		return "err.sso.nbf";
	const char *nonce = json_string_value(json_object_get(claims, "nonce"));
	if (!e->nonce || !nonce || strlen(nonce) != strlen(e->nonce) ||
	    sodium_memcmp(nonce, e->nonce, strlen(nonce)) != 0)
		return "err.sso.nonce";
	const char *sub = json_string_value(json_object_get(claims, "sub"));
	if (!sub || !*sub || strlen(sub) > 255)
		return "err.sso.sub";
	return NULL;
}

/* --- who, and how strongly ------------------------------------------------- */

int oidc_email_domain_allowed(const char *email, const char *domains)
{
	const char *at = email ? strrchr(email, '@') : NULL;
	if (!at || !at[1] || !domains)
		return 0;
	const char *dom = at + 1;
	size_t dn = strlen(dom);
	const char *p = domains;
	while (*p) {
		while (*p == ' ' || *p == ',' || *p == '\n' || *p == '\r' || *p == '\t')
			p++;
		const char *s = p;
		while (*p && *p != ' ' && *p != ',' && *p != '\n' && *p != '\r' && *p != '\t')
			p++;
		if ((size_t)(p - s) == dn && dn && !strncasecmp(s, dom, dn))
			return 1;
	}
	return 0;
}

/* 1 when the space-separated list holds word. */
static int in_words(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;
	while (p && *p) {
		while (*p == ' ')
			p++;
		const char *s = p;
		while (*p && *p != ' ')
			p++;
		if ((size_t)(p - s) == n && n && !strncmp(s, word, n))
			return 1;
	}
	return 0;
}

int oidc_mfa_satisfied(const json_t *claims, const char *acr_values)
{
	json_t *amr = json_object_get(claims, "amr");
	size_t i;
	json_t *a;
	json_array_foreach (amr, i, a) {
		const char *s = json_string_value(a);
		if (s && (!strcmp(s, "mfa") || !strcmp(s, "otp") || !strcmp(s, "hwk")))
			return 1;
	}
	const char *acr = json_string_value(json_object_get(claims, "acr"));
	return acr && acr_values && in_words(acr_values, acr);
}

static enum role role_of(const char *g, const struct oidc_group_role *map, size_t n)
{
	enum role best = ROLE_NONE;
	for (size_t i = 0; g && i < n; i++)
		if (!strcmp(map[i].group, g) && map[i].role > best)
			best = map[i].role;
	return best;
}

enum role oidc_role_for_groups(const json_t *claims, const char *claim, const struct oidc_group_role *map,
			       size_t n)
{
	json_t *g = json_object_get(claims, claim && *claim ? claim : "groups");
	if (json_is_string(g))
		return role_of(json_string_value(g), map, n);
	enum role best = ROLE_NONE;
	size_t i;
	json_t *v;
	json_array_foreach (g, i, v) {
		enum role r = role_of(json_string_value(v), map, n);
		if (r > best)
			best = r;
	}
	return best;
}

void oidc_pkce_challenge(const char *verifier, char out[44])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)verifier, strlen(verifier));
	sodium_bin2base64(out, 44, h, sizeof h, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* --- client keys (private_key_jwt) ----------------------------------------- */

int oidc_jwk_thumbprint(const json_t *jwk, char out[44])
{
	/* RFC 7638: the required members only, in lexicographic order, no spaces */
	const char *kty = json_string_value(json_object_get(jwk, "kty"));
	json_t *t = NULL;
	if (kty && !strcmp(kty, "RSA"))
		t = json_pack("{s:s,s:s,s:s}", "e", json_string_value(json_object_get(jwk, "e")), "kty",
			      "RSA", "n", json_string_value(json_object_get(jwk, "n")));
	else if (kty && !strcmp(kty, "EC"))
		t = json_pack("{s:s,s:s,s:s,s:s}", "crv", json_string_value(json_object_get(jwk, "crv")),
			      "kty", "EC", "x", json_string_value(json_object_get(jwk, "x")), "y",
			      json_string_value(json_object_get(jwk, "y")));
	if (!t)
		return -1;
	char *text = json_dumps(t, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(t);
	if (!text)
		return -1;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
	free(text);
	sodium_bin2base64(out, 44, h, sizeof h, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

void oidc_client_key_free(struct oidc_client_key *k)
{
	if (k->private_jwk) {
		sodium_memzero(k->private_jwk, strlen(k->private_jwk));
		free(k->private_jwk);
	}
	free(k->public_jwk);
	memset(k, 0, sizeof *k);
}

/* Fills k from a private cjose key: kid (the given one, else the
 * thumbprint), the private and the public JSON. 0 or -1. */
static int key_fill(cjose_jwk_t *jwk, const char *alg, const char *kid, struct oidc_client_key *k)
{
	cjose_err err;
	char *pub = cjose_jwk_to_json(jwk, false, &err);
	json_t *pj = pub ? json_loads(pub, 0, NULL) : NULL;
	free(pub);
	if (pj && kid)
		snprintf(k->kid, sizeof k->kid, "%s", kid);
	if (!pj || (!kid && oidc_jwk_thumbprint(pj, k->kid) < 0) ||
	    !cjose_jwk_set_kid(jwk, k->kid, strlen(k->kid), &err)) {
		json_decref(pj);
		return -1;
	}
	json_object_set_new(pj, "kid", json_string(k->kid));
	json_object_set_new(pj, "use", json_string("sig"));
	json_object_set_new(pj, "alg", json_string(alg));
	k->public_jwk = json_dumps(pj, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(pj);
	k->private_jwk = cjose_jwk_to_json(jwk, true, &err);
	k->alg = alg;
	if (!k->public_jwk || !k->private_jwk) {
		oidc_client_key_free(k);
		return -1;
	}
	return 0;
}

int oidc_client_key_new(const char *alg, struct oidc_client_key *k)
{
	memset(k, 0, sizeof *k);
	cjose_err err;
	cjose_jwk_t *jwk = NULL;
	static const uint8_t e[] = {0x01, 0x00, 0x01};
	if (alg && !strcmp(alg, "RS256"))
		jwk = cjose_jwk_create_RSA_random(2048, e, sizeof e, &err);
	else if (alg && !strcmp(alg, "ES256"))
		jwk = cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &err);
	if (!jwk)
		return -1;
	int rc = key_fill(jwk, !strcmp(alg, "RS256") ? "RS256" : "ES256", NULL, k);
	cjose_jwk_release(jwk);
	return rc;
}

const char *oidc_client_key_import(const char *text, size_t len, struct oidc_client_key *k)
{
	memset(k, 0, sizeof *k);
	json_t *j = load_object(text, len);
	if (!j)
		return "err.sso.key_format";
	const char *kty = json_string_value(json_object_get(j, "kty"));
	const char *d = json_string_value(json_object_get(j, "d"));
	const char *alg = NULL;
	json_t *clean = NULL;
	/* a kid the key already has (registered so at the provider) is kept */
	const char *given = json_string_value(json_object_get(j, "kid"));
	char kid[44] = "";
	if (given && *given && strlen(given) < sizeof kid && b64url_or_word(given))
		snprintf(kid, sizeof kid, "%s", given);
	const char *why = NULL;
	/* every member checked here first: libcjose asserts on some malformed ones */
	if (kty && !strcmp(kty, "RSA")) {
		static const char *const crt[] = {"p", "q", "dp", "dq", "qi", NULL};
		json_t *pub = public_key(j);
		if (!pub)
			why = "err.sso.key_kind";
		else if (!b64url(d, 300, 1366))
			why = "err.sso.key_public";
		else {
			clean = pub;
			pub = NULL;
			json_object_set_new(clean, "d", json_string(d));
			for (int i = 0; crt[i] && !why; i++) {
				const char *v = json_string_value(json_object_get(j, crt[i]));
				if (!b64url(v, 150, 700))
					why = "err.sso.key_format";
				else
					json_object_set_new(clean, crt[i], json_string(v));
			}
		}
		json_decref(pub);
		alg = "RS256";
	} else if (kty && !strcmp(kty, "EC")) {
		const char *crv = json_string_value(json_object_get(j, "crv"));
		json_t *pub = crv && !strcmp(crv, "P-256") ? public_key(j) : NULL;
		if (!pub)
			why = "err.sso.key_kind";
		else if (!b64url(d, 43, 43))
			why = "err.sso.key_public";
		else {
			clean = pub;
			pub = NULL;
			json_object_set_new(clean, "d", json_string(d));
		}
		json_decref(pub);
		alg = "ES256";
	} else {
		why = kty ? "err.sso.key_kind" : "err.sso.key_format";
	}
	json_decref(j);
	if (why) {
		json_decref(clean);
		return why;
	}
	cjose_err err;
	cjose_jwk_t *jwk = cjose_jwk_import_json((cjose_header_t *)clean, &err);
	json_decref(clean);
	if (!jwk)
		return "err.sso.key_format";
	int rc = key_fill(jwk, alg, kid[0] ? kid : NULL, k);
	cjose_jwk_release(jwk);
	if (rc < 0)
		return "err.sso.key_format";
	/* it must sign, and its signature must verify with its public half */
	char *probe = oidc_client_assertion(k->private_jwk, "probe", "https://probe.invalid/", "probe", 1);
	json_t *set = json_pack("{s:[o]}", "keys", json_loads(k->public_jwk, 0, NULL));
	json_t *claims = NULL;
	int ok = probe && oidc_jws_verify(probe, set, &claims) == OIDC_JWS_OK;
	json_decref(claims);
	json_decref(set);
	free(probe);
	if (!ok) {
		oidc_client_key_free(k);
		return "err.sso.key_format";
	}
	return NULL;
}

char *oidc_client_assertion(const char *private_jwk, const char *client_id, const char *audience,
			    const char *jti, int64_t now)
{
	cjose_err err;
	cjose_jwk_t *jwk = private_jwk ? cjose_jwk_import(private_jwk, strlen(private_jwk), &err) : NULL;
	if (!jwk)
		return NULL;
	const char *kid = cjose_jwk_get_kid(jwk, &err);
	const char *alg = cjose_jwk_get_kty(jwk, &err) == CJOSE_JWK_KTY_RSA ? "RS256" : "ES256";
	json_t *hdr = json_pack("{s:s,s:s}", "alg", alg, "typ", "JWT");
	if (kid)
		json_object_set_new(hdr, "kid", json_string(kid));
	json_t *claims =
	    json_pack("{s:s,s:s,s:s,s:s,s:I,s:I}", "iss", client_id, "sub", client_id, "aud", audience, "jti",
		      jti, "iat", (json_int_t)now, "exp", (json_int_t)(now + OIDC_CLIENT_ASSERTION_S));
	char *payload = claims ? json_dumps(claims, JSON_COMPACT) : NULL;
	json_decref(claims);
	char *out = NULL;
	cjose_jws_t *jws = payload && hdr ? cjose_jws_sign(jwk, (cjose_header_t *)hdr,
							   (const uint8_t *)payload, strlen(payload), &err)
					  : NULL;
	const char *ser = NULL;
	if (jws && cjose_jws_export(jws, &ser, &err) && ser)
		out = xstrdup(ser);
	cjose_jws_release(jws);
	free(payload);
	json_decref(hdr);
	cjose_jwk_release(jwk);
	return out;
}
