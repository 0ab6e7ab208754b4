/* SPDX-License-Identifier: EUPL-1.2 */
/* secret: all cryptography goes through libsodium; nothing here logs. */
#include "secret.h"

#include <sodium.h>
#include <string.h>

#include "util.h"

#define PW_OPS 2
#define PW_MEM (19u * 1024u * 1024u)

int secret_init(void)
{
	return sodium_init() < 0 ? -ERR_IO : 0;
}

int secret_password_hash(const char *pw, char *out, size_t outlen)
{
	BUG_ON(outlen < crypto_pwhash_STRBYTES);
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), PW_OPS, PW_MEM, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -ERR_IO;
	return 0;
}

int secret_password_verify(const char *hash, const char *pw)
{
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0 ? 0 : -1;
}

static void b64(const unsigned char *p, size_t n, char *out, size_t outlen)
{
	sodium_bin2base64(out, outlen, p, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static __thread unsigned long draws;

unsigned long secret_draws(void)
{
	return draws;
}

void secret_token(char out[SECRET_TOKEN_LEN + 1])
{
	draws++;
	unsigned char r[32];
	randombytes_buf(r, sizeof r);
	b64(r, sizeof r, out, SECRET_TOKEN_LEN + 1);
}

void secret_digest(const char *s, unsigned char out[SECRET_HASH_LEN])
{
	crypto_generichash(out, SECRET_HASH_LEN, (const unsigned char *)s, strlen(s), NULL, 0);
}

void secret_mac(const char *key, const char *msg, char out[SECRET_TOKEN_LEN + 1])
{
	unsigned char k[32], h[32];
	crypto_generichash(k, sizeof k, (const unsigned char *)key, strlen(key), NULL, 0);
	crypto_generichash(h, sizeof h, (const unsigned char *)msg, strlen(msg), k, sizeof k);
	b64(h, sizeof h, out, SECRET_TOKEN_LEN + 1);
}

int secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}
