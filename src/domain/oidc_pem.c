/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * oidc_pem: a PEM private key into a private JWK. The armour (which block,
 * which lines) is looked at here so a problem can be named with its line;
 * the key inside is read by OpenSSL (PEM_read_bio_PrivateKey, no ASN.1 of
 * our own) and its numbers taken out with EVP_PKEY_get_bn_param.
 */
#include "domain/oidc_pem.h"

#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

#define PEM_MAX (64 * 1024) /* an RSA key of 8192 bits is about 6.4 KB */

int oidc_pem_like(const char *text, size_t len)
{
	size_t i = 0;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
		i++;
	return len - i >= 11 && !memcmp(text + i, "-----BEGIN ", 11);
}

/* One armour line "-----BEGIN LABEL-----" (or END): the label into out; 0 or -1. */
static int armour(const char *s, size_t n, const char *word, char *out, size_t cap)
{
	size_t w = strlen(word);
	if (n < w + 10 || memcmp(s, "-----", 5) || memcmp(s + 5, word, w) || s[5 + w] != ' ' ||
	    memcmp(s + n - 5, "-----", 5))
		return -1;
	size_t l = n - w - 11;
	if (l == 0 || l >= cap)
		return -1;
	memcpy(out, s + 6 + w, l);
	out[l] = 0;
	return 0;
}

static int private_label(const char *l)
{
	return !strcmp(l, "PRIVATE KEY") || !strcmp(l, "RSA PRIVATE KEY") || !strcmp(l, "EC PRIVATE KEY");
}

/* Where the key block is, or why not: begin and end offsets of the block
 * (END line included), its first line. NULL, or the catalogue key with *line. */
static const char *find_block(const char *t, size_t len, size_t *from, size_t *to, int *first, int *line)
{
	enum { BEFORE, PARAMS, IN, AFTER } st = BEFORE;
	char label[40] = "", l2[40];
	int ln = 0;
	size_t p = 0;
	if (len >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3))
		p = 3;
	while (p < len) {
		ln++;
		size_t e = p;
		while (e < len && t[e] != '\n')
			e++;
		size_t n = e - p;
		while (n && (t[p + n - 1] == '\r' || t[p + n - 1] == ' ' || t[p + n - 1] == '\t'))
			n--;
		const char *s = t + p;
		*line = ln;
		if (memchr(s, 0, n))
			return "err.sso.pem_base64";
		if (st == BEFORE || st == AFTER) {
			if (armour(s, n, "BEGIN", l2, sizeof l2) == 0) {
				if (st == AFTER)
					return "err.sso.pem_many";
				if (!strcmp(l2,
					    "EC PARAMETERS")) /* openssl ecparam -genkey writes these first */
					st = PARAMS;
				else if (!strcmp(l2, "ENCRYPTED PRIVATE KEY"))
					return "err.sso.pem_encrypted";
				else if (strstr(l2, "PUBLIC KEY") || strstr(l2, "CERTIFICATE"))
					return "err.sso.pem_public";
				else if (!private_label(l2))
					return "err.sso.pem_label";
				else {
					memcpy(label, l2, sizeof label);
					st = IN;
					*from = p;
					*first = ln;
				}
			} else if (st == BEFORE && !memcmp(s, "-----", n < 5 ? n : 5) && n >= 5) {
				return "err.sso.pem_label"; /* an armour line that is not one */
			}
		} else if (st == PARAMS) {
			if (armour(s, n, "END", l2, sizeof l2) == 0)
				st = BEFORE;
		} else { /* IN */
			if (n >= 9 && !memcmp(s, "Proc-Type", 9))
				return memmem(s, n, "ENCRYPTED", 9) ? "err.sso.pem_encrypted"
								    : "err.sso.pem_base64";
			if (armour(s, n, "END", l2, sizeof l2) == 0) {
				if (strcmp(l2, label))
					return "err.sso.pem_end";
				st = AFTER;
				*to = e;
			} else {
				for (size_t i = 0; i < n; i++) {
					char c = s[i];
					if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
					      (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '='))
						return "err.sso.pem_base64";
				}
			}
		}
		p = e < len ? e + 1 : e;
	}
	if (st == IN || st == PARAMS) {
		*line = ln;
		return "err.sso.pem_end";
	}
	if (st == BEFORE) {
		*line = 1;
		return "err.sso.pem_none";
	}
	return NULL;
}

/* The number name of k as base64url of at least pad bytes (big-endian)
 * into o under member; 0 or -1. */
static int put_bn(json_t *o, const char *member, const EVP_PKEY *k, const char *name, int pad)
{
	BIGNUM *bn = NULL;
	if (!EVP_PKEY_get_bn_param(k, name, &bn) || !bn)
		return -1;
	int n = BN_num_bytes(bn);
	if (n < pad)
		n = pad;
	if (n < 1 || n > 1100) {
		BN_clear_free(bn);
		return -1;
	}
	unsigned char *bin = xmalloc((size_t)n);
	BN_bn2binpad(bn, bin, n);
	BN_clear_free(bn);
	size_t cap = sodium_base64_ENCODED_LEN((size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *txt = xmalloc(cap);
	sodium_bin2base64(txt, cap, bin, (size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	json_object_set_new(o, member, json_string(txt));
	sodium_memzero(bin, (size_t)n);
	sodium_memzero(txt, cap);
	free(bin);
	free(txt);
	return 0;
}

static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

/* The key's members as a private JWK object, or NULL with *why. */
static json_t *jwk_of(const EVP_PKEY *k, const char **why)
{
	json_t *o = json_object();
	int rc = 0;
	if (EVP_PKEY_is_a(k, "RSA")) {
		int bits = EVP_PKEY_get_bits(k);
		if (bits < 2048 || bits > 8192) {
			*why = "err.sso.key_kind";
			json_decref(o);
			return NULL;
		}
		json_object_set_new(o, "kty", json_string("RSA"));
		static const char *const m[][2] = {
		    {"n", OSSL_PKEY_PARAM_RSA_N},	   {"e", OSSL_PKEY_PARAM_RSA_E},
		    {"d", OSSL_PKEY_PARAM_RSA_D},	   {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
		    {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},	   {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
		    {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2}, {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
		};
		for (size_t i = 0; i < sizeof m / sizeof m[0] && rc == 0; i++)
			rc = put_bn(o, m[i][0], k, m[i][1], 0);
	} else if (EVP_PKEY_is_a(k, "EC")) {
		char group[64] = "";
		if (!EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
						    NULL) ||
		    (strcmp(group, "prime256v1") && strcmp(group, "P-256"))) {
			*why = "err.sso.key_kind";
			json_decref(o);
			return NULL;
		}
		json_object_set_new(o, "kty", json_string("EC"));
		json_object_set_new(o, "crv", json_string("P-256"));
		rc = put_bn(o, "x", k, OSSL_PKEY_PARAM_EC_PUB_X, 32);
		if (rc == 0)
			rc = put_bn(o, "y", k, OSSL_PKEY_PARAM_EC_PUB_Y, 32);
		if (rc == 0)
			rc = put_bn(o, "d", k, OSSL_PKEY_PARAM_PRIV_KEY, 32);
	} else {
		*why = "err.sso.key_kind"; /* Ed25519, DSA, ...: not for RS256 or ES256 */
		json_decref(o);
		return NULL;
	}
	if (rc < 0) {
		*why = "err.sso.pem_der";
		json_decref(o);
		return NULL;
	}
	return o;
}

char *oidc_pem_private_jwk(const char *text, size_t len, const char **why, int *line)
{
	*why = NULL;
	*line = 1;
	if (len > PEM_MAX) {
		*why = "err.sso.pem_none";
		return NULL;
	}
	size_t from = 0, to = 0;
	int first = 1;
	*why = find_block(text, len, &from, &to, &first, line);
	if (*why)
		return NULL;
	*line = first;
	BIO *bio = BIO_new_mem_buf(text + from, (int)(to - from));
	EVP_PKEY *k = bio ? PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL) : NULL;
	BIO_free(bio);
	ERR_clear_error();
	if (!k) {
		*why = "err.sso.pem_der";
		return NULL;
	}
	/* the private part must belong to the public one written beside it */
	EVP_PKEY_CTX *cx = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
	int pair = cx && EVP_PKEY_pairwise_check(cx) == 1;
	EVP_PKEY_CTX_free(cx);
	ERR_clear_error();
	json_t *o = pair ? jwk_of(k, why) : NULL;
	if (!pair && (EVP_PKEY_is_a(k, "RSA") || EVP_PKEY_is_a(k, "EC")))
		*why = "err.sso.pem_pair";
	else if (!pair)
		*why = "err.sso.key_kind";
	EVP_PKEY_free(k);
	if (!o)
		return NULL;
	char *out = json_dumps(o, JSON_COMPACT);
	/* the private members' copies inside the object are wiped before it goes */
	const char *key;
	json_t *v;
	json_object_foreach (o, key, v) {
		if (json_is_string(v))
			sodium_memzero((char *)json_string_value(v), json_string_length(v));
	}
	json_decref(o);
	if (!out)
		*why = "err.sso.pem_der";
	return out;
}
