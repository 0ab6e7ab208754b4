/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * secret: password hashing (argon2id, t=2, m=19 MiB, p=1), random tokens,
 * keyed hashes for stored token digests and CSRF tokens. Built on libsodium.
 */
#ifndef SL_SECRET_H
#define SL_SECRET_H

#include <stddef.h>

#define SECRET_TOKEN_LEN 43 /* base64url of 32 random bytes, no padding */
#define SECRET_HASH_LEN 32

int secret_init(void);
/* Writes the argon2id hash string of pw into out (crypto_pwhash_STRBYTES). */
int secret_password_hash(const char *pw, char *out, size_t outlen);
/* Returns 0 when pw matches hash, -1 otherwise. */
int secret_password_verify(const char *hash, const char *pw);
/* Writes a fresh random token (SECRET_TOKEN_LEN chars + NUL). */
void secret_token(char out[SECRET_TOKEN_LEN + 1]);
/* How many random tokens the calling thread has drawn: an answer that drew
 * one is never reused (http/rcache.h). */
unsigned long secret_draws(void);
/* 32-byte BLAKE2b digest of s (for looking up stored tokens). */
void secret_digest(const char *s, unsigned char out[SECRET_HASH_LEN]);
/* base64url(keyed BLAKE2b(key, msg)) into out (SECRET_TOKEN_LEN + 1). */
void secret_mac(const char *key, const char *msg, char out[SECRET_TOKEN_LEN + 1]);
/* Constant-time string equality; 1 when equal. */
int secret_equal(const char *a, const char *b);

#endif
