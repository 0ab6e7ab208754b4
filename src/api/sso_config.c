/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * sso_config: an organisation's identity provider, set by a beheerder:
 * issuer, client id and secret (sealed with a server key, never shown
 * again), how the secret is sent, the e-mail domains that lead to it,
 * provider groups mapped to roles, accounts made at first login, and which
 * acr values count as two-step. Every change is audited. For
 * private_key_jwt the organisation has a key pair instead of a secret:
 * made here (or imported), the private half sealed like the secret, the
 * public half published as a JWKS for the provider to register.
 */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "api/field.h"
#include "api/sso.h"
#include "domain/oidc_pem.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/org.h"
#include "store/sso_store.h"

#define SECRET_MAX 400
#define DOMAINS_MAX 20

static void box_key(unsigned char key[crypto_secretbox_KEYBYTES])
{
	char *k = api_secret("sso-key");
	crypto_generichash(key, crypto_secretbox_KEYBYTES, (const unsigned char *)k, strlen(k), NULL, 0);
	free(k);
}

size_t sso_seal(const char *secret, unsigned char *box, size_t cap)
{
	size_t n = strlen(secret);
	BUG_ON(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n > cap);
	unsigned char key[crypto_secretbox_KEYBYTES];
	box_key(key);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)secret, n, box, key);
	sodium_memzero(key, sizeof key);
	return crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
}

int sso_unseal(const unsigned char *box, size_t len, char *out, size_t cap)
{
	size_t over = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
	if (len < over || len - over + 1 > cap)
		return -1;
	unsigned char key[crypto_secretbox_KEYBYTES];
	box_key(key);
	int rc = crypto_secretbox_open_easy((unsigned char *)out, box + crypto_secretbox_NONCEBYTES,
					    len - crypto_secretbox_NONCEBYTES, box, key);
	sodium_memzero(key, sizeof key);
	out[rc == 0 ? len - over : 0] = 0;
	return rc;
}

static json_t *words(const char *list)
{
	json_t *a = json_array();
	const char *p = list;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *s = p;
		while (*p && *p != ' ')
			p++;
		if (p > s)
			json_array_append_new(a, json_stringn(s, (size_t)(p - s)));
	}
	return a;
}

/* The client key as the API shows it (never the private half), or null. */
static json_t *key_json(const struct sso_provider *p)
{
	json_t *pub = p->key_box_len && p->key_public[0] ? json_loads(p->key_public, 0, NULL) : NULL;
	if (!pub)
		return json_null();
	json_t *o = json_pack("{s:O,s:O,s:s}", "kid", json_object_get(pub, "kid"), "alg",
			      json_object_get(pub, "alg"), "createdAt", p->key_created_at);
	json_decref(pub);
	return o;
}

static json_t *config_json(struct api_ctx *c, const struct sso_provider *p, int configured)
{
	json_t *groups = json_array();
	struct buf lines = BUF_INIT;
	for (size_t i = 0; i < p->ngroups; i++) {
		json_array_append_new(groups, json_pack("{s:s,s:s}", "group", p->groups[i].group, "role",
							role_name(p->groups[i].role)));
		buf_printf(&lines, "%s = %s\n", p->groups[i].group, role_name(p->groups[i].role));
	}
	struct buf redirect = BUF_INIT;
	buf_printf(&redirect, "%s/inloggen/sso/terug", c->public_url ? c->public_url : "");
	json_t *o = json_pack(
	    "{s:b,s:s,s:s,s:s,s:b,s:s,s:o,s:s,s:o,s:b,s:o,s:b,s:s,s:I}", "configured", configured,
	    "displayName", p->display_name, "issuer", p->issuer, "clientId", p->client_id, "hasClientSecret",
	    p->box_len > 0, "authMethod", p->auth_method[0] ? p->auth_method : "client_secret_basic",
	    "emailDomains", words(p->domains), "groupsClaim", p->groups_claim[0] ? p->groups_claim : "groups",
	    "groupRoles", groups, "justInTime", p->jit, "mfaAcr", words(p->mfa_acr), "enabled",
	    configured ? p->enabled : 0, "redirectUri", buf_str(&redirect), "linkedAccounts",
	    (json_int_t)(configured ? sso_store_identity_count(p->org_id) : 0));
	json_object_set_new(o, "updatedAt", configured ? json_string(p->updated_at) : json_null());
	json_object_set_new(o, "clientKey", configured ? key_json(p) : json_null());
	struct buf jwks = BUF_INIT;
	buf_printf(&jwks, "%s/api/v1/sso/%s/jwks.json", c->public_url ? c->public_url : "",
		   c->param[0] ? c->param[0] : "");
	json_object_set_new(o, "jwksUri", json_string(buf_str(&jwks)));
	buf_free(&jwks);
	if (c->is_page) {
		/* the form's fields as a form sends them, and whether the provider answers */
		json_object_set_new(o, "emailDomains", json_string(p->domains));
		json_object_set_new(o, "groupRoles", json_string(buf_str(&lines)));
		json_object_set_new(o, "mfaAcr", json_string(p->mfa_acr));
		json_object_set_new(o, "justInTime", json_string(p->jit ? "1" : "0"));
		json_object_set_new(o, "enabled", json_string(!configured || p->enabled ? "1" : "0"));
		struct organisation org;
		if (org_read(c->org_id, &org) == 0) {
			json_object_set_new(o, "slug", json_string(org.slug));
			json_object_set_new(o, "orgName", json_string(org.name));
			struct buf link = BUF_INIT;
			buf_printf(&link, "%s/inloggen?organisatie=", c->public_url ? c->public_url : "");
			buf_urlenc(&link, org.slug);
			json_object_set_new(o, "loginLink", json_string(buf_str(&link)));
			buf_free(&link);
			organisation_free(&org);
		}
		struct buf after = BUF_INIT;
		buf_printf(&after, "%s/inloggen", c->public_url ? c->public_url : "");
		json_object_set_new(o, "postLogoutUri", json_string(buf_str(&after)));
		buf_free(&after);
		json_object_set_new(o, "roles",
				    json_pack("[ssss]", "lezer", "deelnemer", "bewerker", "beheerder"));
		if (configured) {
			struct oidc_discovery d;
			const char *why = sso_http_discovery_now(c, p->issuer, &d);
			json_object_set_new(o, "reachable", json_boolean(!why));
			json_object_set_new(o, "unreachable", json_boolean(why != NULL));
			json_object_set_new(o, "offersLogout", json_boolean(!why && d.end_session_endpoint));
			json_object_set_new(
			    o, "keyUnlisted",
			    json_boolean(!why && !d.key_ok && !strcmp(p->auth_method, "private_key_jwt")));
			oidc_discovery_free(&d);
		}
	}
	buf_free(&lines);
	buf_free(&redirect);
	return o;
}

int api_sso_get(struct api_ctx *c, json_t **out)
{
	struct sso_provider *p = xcalloc(1, sizeof *p);
	int rc = sso_store_get(c->org_id, p);
	if (rc < 0 && rc != -ERR_NOTFOUND) {
		free(p);
		return rc;
	}
	p->org_id = c->org_id;
	/* the page says whether the provider answers: asked off the server thread */
	if (rc == 0 && c->is_page && sso_http_discovery_wait(c, p->issuer)) {
		free(p);
		return 0;
	}
	*out = config_json(c, p, rc == 0);
	free(p);
	return 0;
}

static const char *const auth_methods[] = {"client_secret_basic", "client_secret_post", "private_key_jwt",
					   NULL};

/* Seals the key pair k and stores it as the organisation's client key. */
static int key_store(int64_t org, const struct oidc_client_key *k)
{
	unsigned char *box = xmalloc(SSO_KEY_BOX_MAX);
	size_t n = sso_seal(k->private_jwk, box, SSO_KEY_BOX_MAX);
	int rc = sso_store_key_set(org, box, n, k->public_jwk);
	free(box);
	return rc;
}

/* A new RS256 key pair for the organisation: 0, or a negative ERR_ code. */
static int key_generate(struct api_ctx *c, const char *alg)
{
	struct oidc_client_key k;
	if (oidc_client_key_new(alg, &k) < 0)
		return -ERR_IO;
	int rc = key_store(c->org_id, &k);
	if (rc == 0)
		api_audit(c, "sso.key", k.kid, "ok");
	oidc_client_key_free(&k);
	return rc;
}

enum {
	F_NAME,
	F_ISSUER,
	F_CLIENT,
	F_SECRET,
	F_METHOD,
	F_DOMAINS,
	F_CLAIM,
	F_GROUPS,
	F_JIT,
	F_ACR,
	F_ENABLED
};
static const struct field put_fields[] = {
    [F_NAME] = {.name = "displayName", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 128},
    [F_ISSUER] = {.name = "issuer", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 1000},
    [F_CLIENT] = {.name = "clientId", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 255},
    [F_SECRET] = {.name = "clientSecret", .type = FIELD_STRING, .max_len = SECRET_MAX},
    [F_METHOD] = {.name = "authMethod",
		  .type = FIELD_ENUM,
		  .values = auth_methods,
		  .reason = "err.sso.auth_method",
		  .def = "client_secret_basic"},
    [F_DOMAINS] = {.name = "emailDomains", .type = FIELD_ANY},
    [F_CLAIM] = {.name = "groupsClaim", .type = FIELD_STRING, .max_len = 64, .def = "groups"},
    [F_GROUPS] = {.name = "groupRoles", .type = FIELD_ANY},
    [F_JIT] = {.name = "justInTime", .type = FIELD_BOOLEAN, .def = "0"},
    [F_ACR] = {.name = "mfaAcr", .type = FIELD_ANY},
    [F_ENABLED] = {.name = "enabled", .type = FIELD_BOOLEAN, .def = "1"},
};

static int domain_ok(const char *d)
{
	size_t n = strlen(d);
	if (n < 3 || n > 253 || d[0] == '.' || d[0] == '-' || d[n - 1] == '.' || !strchr(d, '.'))
		return 0;
	for (const char *s = d; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '-')
			return 0;
	return !strstr(d, "..");
}

/* Splits text at spaces, commas and newlines into a JSON array of words. */
static json_t *split(const char *text, int lower)
{
	json_t *a = json_array();
	const char *p = text;
	while (*p) {
		while (*p && strchr(" ,\t\r\n", *p))
			p++;
		const char *s = p;
		while (*p && !strchr(" ,\t\r\n", *p))
			p++;
		if (p > s) {
			char *w = xstrndup(s, (size_t)(p - s));
			for (char *q = w; lower && *q; q++)
				*q = (char)tolower((unsigned char)*q);
			json_array_append_new(a, json_string(w));
			free(w);
		}
	}
	return a;
}

/* A list given as an array of strings (API) or as text (form): a new array
 * of strings, or NULL when it is neither. */
static json_t *string_list(const json_t *j, int lower)
{
	if (!j)
		return json_array();
	if (json_is_string(j))
		return split(json_string_value(j), lower);
	if (!json_is_array(j))
		return NULL;
	json_t *a = json_array();
	size_t i;
	json_t *v;
	json_array_foreach (j, i, v) {
		if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 255) {
			json_decref(a);
			return NULL;
		}
		json_t *w = split(json_string_value(v), lower);
		json_array_extend(a, w);
		json_decref(w);
	}
	return a;
}

/* Group mappings from [{group, role}] (API) or "group = role" lines (form)
 * into p; 0 or -1. */
static int read_groups(const json_t *j, struct sso_provider *p)
{
	p->ngroups = 0;
	if (!j)
		return 0;
	if (json_is_string(j)) {
		const char *s = json_string_value(j);
		while (*s) {
			const char *e = s + strcspn(s, "\n");
			char line[300];
			snprintf(line, sizeof line, "%.*s", (int)(e - s), s);
			s = *e ? e + 1 : e;
			char *eq = strrchr(line, '=');
			char *g = line, *r = eq ? eq + 1 : NULL;
			if (eq)
				*eq = 0;
			while (*g == ' ' || *g == '\t')
				g++;
			size_t gn = strlen(g);
			while (gn && strchr(" \t\r", g[gn - 1]))
				g[--gn] = 0;
			if (!gn && !r)
				continue;
			while (r && (*r == ' ' || *r == '\t'))
				r++;
			size_t rn = r ? strlen(r) : 0;
			while (rn && strchr(" \t\r", r[rn - 1]))
				r[--rn] = 0;
			enum role role = r ? role_parse(r) : ROLE_NONE;
			if (!gn || gn >= sizeof p->groups[0].group || role == ROLE_NONE ||
			    p->ngroups == SSO_GROUPS_MAX)
				return -1;
			memcpy(p->groups[p->ngroups].group, g, gn + 1); /* gn < its size, checked above */
			p->groups[p->ngroups++].role = role;
		}
		return 0;
	}
	if (!json_is_array(j) || json_array_size(j) > SSO_GROUPS_MAX)
		return -1;
	size_t i;
	json_t *v;
	json_array_foreach (j, i, v) {
		const char *g = json_string_value(json_object_get(v, "group"));
		const char *r = json_string_value(json_object_get(v, "role"));
		if (!json_is_object(v) || json_object_size(v) != 2 || !g || !*g ||
		    strlen(g) >= sizeof p->groups[0].group || !r || role_parse(r) == ROLE_NONE)
			return -1;
		snprintf(p->groups[p->ngroups].group, sizeof p->groups[0].group, "%s", g);
		p->groups[p->ngroups++].role = role_parse(r);
	}
	return 0;
}

int api_sso_put(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(put_fields)];
	int bad = api_fields(c, put_fields, FIELD_COUNT(put_fields), v) < 0;
	struct sso_provider *old = xcalloc(1, sizeof *old), *p = xcalloc(1, sizeof *p);
	int had = sso_store_get(c->org_id, old);
	if (had < 0 && had != -ERR_NOTFOUND) {
		free(old);
		free(p);
		return had;
	}
	if (v[F_ISSUER].ok && !oidc_url_ok(v[F_ISSUER].s)) {
		problem_add(c->invalid, "issuer", "err.sso.issuer");
		bad = 1;
	}
	if (v[F_SECRET].set &&
	    strlen(v[F_SECRET].s) > SECRET_MAX) { /* bytes: the sealed box is sized for them */
		problem_add(c->invalid, "clientSecret", "err.sso.secret_long");
		bad = 1;
	}
	int keyed = v[F_METHOD].ok && !strcmp(v[F_METHOD].s, "private_key_jwt");
	if (had == -ERR_NOTFOUND && !v[F_SECRET].set && !keyed) {
		problem_add(c->invalid, "clientSecret", "err.required");
		bad = 1;
	}
	json_t *domains = string_list(v[F_DOMAINS].j, 1);
	if (!domains || json_array_size(domains) > DOMAINS_MAX) {
		problem_add(c->invalid, "emailDomains", "err.sso.domains");
		bad = 1;
	} else {
		size_t i;
		json_t *d;
		json_array_foreach (domains, i, d)
			if (!domain_ok(json_string_value(d))) {
				problem_add(c->invalid, "emailDomains", "err.sso.domains");
				bad = 1;
				break;
			}
	}
	json_t *acr = string_list(v[F_ACR].j, 0);
	struct buf acr_text = BUF_INIT;
	if (!acr) {
		problem_add(c->invalid, "mfaAcr", "err.sso.acr");
		bad = 1;
	} else {
		size_t i;
		json_t *a;
		json_array_foreach (acr, i, a)
			buf_printf(&acr_text, "%s%s", i ? " " : "", json_string_value(a));
		if (acr_text.len >= sizeof p->mfa_acr) {
			problem_add(c->invalid, "mfaAcr", "err.sso.acr");
			bad = 1;
		}
	}
	if (read_groups(v[F_GROUPS].j, p) < 0) {
		problem_add(c->invalid, "groupRoles", "err.sso.groups");
		bad = 1;
	}
	const char *why_claim = v[F_CLAIM].s;
	if (!bad && (!why_claim || !*why_claim)) {
		problem_add(c->invalid, "groupsClaim", "err.required");
		bad = 1;
	}
	int rc = -ERR_INVALID;
	if (bad)
		goto done;
	p->org_id = c->org_id;
	snprintf(p->display_name, sizeof p->display_name, "%s", v[F_NAME].s);
	snprintf(p->issuer, sizeof p->issuer, "%s", v[F_ISSUER].s);
	snprintf(p->client_id, sizeof p->client_id, "%s", v[F_CLIENT].s);
	snprintf(p->auth_method, sizeof p->auth_method, "%s", v[F_METHOD].s);
	snprintf(p->groups_claim, sizeof p->groups_claim, "%s", v[F_CLAIM].s);
	snprintf(p->mfa_acr, sizeof p->mfa_acr, "%s", buf_str(&acr_text));
	p->jit = v[F_JIT].b;
	p->enabled = v[F_ENABLED].b;
	if (v[F_SECRET].set && *v[F_SECRET].s) {
		p->box_len = sso_seal(v[F_SECRET].s, p->box, sizeof p->box);
	} else {
		memcpy(p->box, old->box, old->box_len);
		p->box_len = old->box_len;
	}
	free(api_secret("sso-cookie")); /* made now, in a write: logins (GETs) only read it */
	size_t nd = json_array_size(domains);
	const char **list = xcalloc(nd + 1, sizeof *list);
	for (size_t i = 0; i < nd; i++)
		list[i] = json_string_value(json_array_get(domains, i));
	const char *taken = NULL;
	rc = sso_store_put(p, list, nd, &taken);
	if (rc == -ERR_CONFLICT) {
		problem_add_params(c->invalid, "emailDomains", "err.sso.domain_taken",
				   json_pack("{s:s}", "domain", taken));
		rc = -ERR_INVALID;
	}
	free(list);
	if (rc < 0)
		goto done;
	sso_http_forget(p->issuer);
	if (old->issuer[0])
		sso_http_forget(old->issuer);
	api_audit(c, had == 0 ? "sso.update" : "sso.create", p->issuer, "ok");
	if (v[F_SECRET].set && *v[F_SECRET].s && had == 0)
		api_audit(c, "sso.secret", p->issuer, "ok");
	if (keyed && !old->key_box_len && (rc = key_generate(c, "RS256")) < 0)
		goto done;
	snprintf(c->location, sizeof c->location, "/organisaties/%s/sso", c->param[0]);
	rc = sso_store_get(c->org_id, p);
	if (rc == 0) /* a page goes back to the form, which asks the provider then */
		*out = c->is_page ? json_object() : config_json(c, p, 1);
done:
	if (rc == -ERR_INVALID)
		api_audit(c, "sso.update", v[F_ISSUER].s ? v[F_ISSUER].s : "", "invalid");
	json_decref(domains);
	json_decref(acr);
	buf_free(&acr_text);
	free(old);
	free(p);
	return rc;
}

int api_sso_delete(struct api_ctx *c, json_t **out)
{
	struct sso_provider *p = xcalloc(1, sizeof *p);
	int rc = sso_store_get(c->org_id, p);
	if (rc == 0)
		rc = sso_store_delete(c->org_id);
	if (rc == 0) {
		sso_http_forget(p->issuer);
		api_audit(c, "sso.delete", p->issuer, "ok");
		snprintf(c->location, sizeof c->location, "/organisaties/%s/sso", c->param[0]);
		if (!c->is_page)
			c->status = 204;
		*out = NULL;
	}
	free(p);
	return rc;
}

/* --- the client key pair (private_key_jwt) -------------------------------- */

static const char *const key_algs[] = {"RS256", "ES256", NULL};
enum { K_JWK, K_PEM, K_ALG };
static const struct field key_fields[] = {
    [K_JWK] = {.name = "privateJwk", .type = FIELD_ANY},
    [K_PEM] = {.name = "privateKeyPem", .type = FIELD_ANY},
    [K_ALG] =
	{.name = "alg", .type = FIELD_ENUM, .values = key_algs, .reason = "err.sso.key_alg", .def = "RS256"},
};

const char *sso_key_read(const char *text, size_t len, int pem, struct oidc_client_key *k, int *line)
{
	*line = 0;
	if (!pem && !oidc_pem_like(text, len))
		return oidc_client_key_import(text, len, k);
	const char *why = NULL;
	char *jwk = oidc_pem_private_jwk(text, len, &why, line);
	if (!jwk)
		return why;
	why = oidc_client_key_import(jwk, strlen(jwk), k);
	sodium_memzero(jwk, strlen(jwk));
	free(jwk);
	return why;
}

/* Names a refused key: the field, the reason and for a PEM its line. */
static void key_refused(struct api_ctx *c, const char *field, const char *why, int line)
{
	if (line > 0)
		problem_add_params(c->invalid, field, why, json_pack("{s:i}", "line", line));
	else
		problem_add(c->invalid, field, "%s", why);
}

int api_sso_key(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(key_fields)];
	if (api_fields(c, key_fields, FIELD_COUNT(key_fields), v) < 0)
		return -ERR_INVALID;
	struct sso_provider *p = xcalloc(1, sizeof *p);
	int rc = sso_store_get(c->org_id, p);
	if (rc < 0) {
		free(p);
		if (rc == -ERR_NOTFOUND)
			c->detail = "err.sso.unknown";
		return rc;
	}
	const json_t *j = v[K_JWK].j;
	const char *field = "privateJwk";
	int pem_only = 0;
	/* a page sends the JWK (or a PEM) as text; an empty field means: make one */
	if (json_is_string(j) && !*json_string_value(j))
		j = NULL;
	if (v[K_PEM].j && !json_is_null(v[K_PEM].j)) { /* the API's PEM text */
		j = v[K_PEM].j;
		field = "privateKeyPem";
		pem_only = 1;
		if (!json_is_string(j) || !*json_string_value(j)) {
			problem_add(c->invalid, field, "%s", "err.sso.pem_none");
			free(p);
			return -ERR_INVALID;
		}
	}
	if (j) {
		char *text = json_is_string(j) ? xstrdup(json_string_value(j)) : json_dumps(j, JSON_COMPACT);
		struct oidc_client_key k;
		int line = 0;
		const char *why = !json_is_string(j) && !json_is_object(j) ? "err.sso.key_format"
				  : text ? sso_key_read(text, strlen(text), pem_only, &k, &line)
					 : "err.sso.key_format";
		if (text) {
			sodium_memzero(text, strlen(text));
			free(text);
		}
		if (why) {
			key_refused(c, field, why, line);
			api_audit(c, "sso.key", "import", "invalid");
			free(p);
			return -ERR_INVALID;
		}
		rc = key_store(c->org_id, &k);
		if (rc == 0)
			api_audit(c, "sso.key", k.kid, "ok");
		oidc_client_key_free(&k);
	} else {
		rc = key_generate(c, v[K_ALG].s);
	}
	if (rc == 0)
		rc = sso_store_get(c->org_id, p);
	if (rc == 0) {
		snprintf(c->location, sizeof c->location, "/organisaties/%s/sso", c->param[0]);
		*out = c->is_page ? json_object() : config_json(c, p, 1);
	}
	free(p);
	return rc;
}

int api_sso_jwks(struct api_ctx *c, json_t **out)
{
	int64_t org = c->param[0] ? org_id_by_slug(c->param[0]) : 0;
	struct sso_provider *p = xcalloc(1, sizeof *p);
	int rc = org > 0 ? sso_store_get(org, p) : -ERR_NOTFOUND;
	json_t *pub = rc == 0 && p->key_box_len ? json_loads(p->key_public, 0, NULL) : NULL;
	free(p);
	if (rc < 0 && rc != -ERR_NOTFOUND)
		return rc;
	if (!pub) {
		c->detail = "err.sso.no_key";
		return -ERR_NOTFOUND;
	}
	*out = json_pack("{s:[o]}", "keys", pub);
	return 0;
}
