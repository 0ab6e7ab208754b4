/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_pem: a private client key pasted or given as a PEM file by a
 * beheerder or an operator (private_key_jwt): the armour scan, OpenSSL's
 * reading of the block, the JWK made of it and its import (which signs and
 * verifies a client assertion with it).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/oidc.h"
#include "domain/oidc_pem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	(void)oidc_pem_like(text, size);
	const char *why = NULL;
	int line = 0;
	char *jwk = oidc_pem_private_jwk(text, size, &why, &line);
	if (!jwk) {
		if (!why || line < 1)
			abort(); /* a refusal always names its problem and a line */
		return 0;
	}
	struct oidc_client_key k;
	if (!oidc_client_key_import(jwk, strlen(jwk), &k))
		oidc_client_key_free(&k);
	free(jwk);
	return 0;
}
