/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_pem: a private client key pasted or given as a PEM file by a
 * beheerder or an operator (private_key_jwt): the armour scan, OpenSSL's
 * reading of the block and the private JWK made of it, read back as JSON.
 * (Its import, which signs with the key, is fuzz_oidc's: an RSA signature
 * per input would cut the rate here twenty-fold.)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

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
	json_error_t err;
	json_t *j = json_loads(jwk, 0, &err);
	if (!j || !json_string_value(json_object_get(j, "d")))
		abort(); /* a key read is a private JWK */
	json_decref(j);
	free(jwk);
	return 0;
}
