/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_oidc: everything Scalelab reads from an identity provider (first
 * byte chooses): the discovery document, the token response, a key set
 * (JWKS) used to verify a fixed RS256 token (RFC 7515 A.2) and read as a
 * private client key a beheerder pasted (private_key_jwt), an ID token
 * verified against a fixed key set and, when its signature is not the
 * point, its claims judged as a decoded claim set.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/oidc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char a2_jws[] =
    "eyJhbGciOiJSUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290"
    "Ijp0cnVlfQ.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5j"
    "ujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZ"
    "RmB_eSN9383LcOLn6_dO--xi12jzDwusC-"
    "eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt"
    "5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
static const char a3_jwks[] =
    "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
    "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int what = data[0] % 5;
	char *s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = 0;
	size_t n = size - 1;
	struct oidc_discovery d;
	const char *why;
	json_t *j = NULL, *c = NULL;
	switch (what) {
	case 0:
		if (!oidc_discovery_parse(s, n, "https://id.voorbeeldstad.nl", &d))
			oidc_discovery_free(&d);
		break;
	case 1: free(oidc_token_response_parse(s, n, &why)); break;
	case 2: {
		j = oidc_jwks_parse(s, n);
		if (j && oidc_jws_verify(a2_jws, j, &c) == OIDC_JWS_OK)
			json_decref(c);
		struct oidc_client_key k;
		if (!oidc_client_key_import(s, n, &k))
			oidc_client_key_free(&k);
		break;
	}
	case 3:
		j = oidc_jwks_parse(a3_jwks, strlen(a3_jwks));
		if (oidc_jws_verify(s, j, &c) == OIDC_JWS_OK)
			json_decref(c);
		break;
	default: {
		c = json_loadb(s, n, 0, NULL);
		struct oidc_expect e = {.issuer = "https://id.voorbeeldstad.nl",
					.client_id = "scalelab",
					.nonce = "n1",
					.now = 1764400000};
		if (c) {
			oidc_claims_check(c, &e);
			oidc_mfa_satisfied(c, "urn:loa:2");
			struct oidc_group_role map[] = {{"a", ROLE_LEZER}, {"b", ROLE_BEHEERDER}};
			oidc_role_for_groups(c, "groups", map, 2);
			json_decref(c);
		}
		oidc_email_domain_allowed(s, "voorbeeldstad.nl gemeente.nl");
		oidc_url_ok(s);
	}
	}
	json_decref(j);
	free(s);
	return 0;
}
