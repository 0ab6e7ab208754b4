/* SPDX-License-Identifier: EUPL-1.2 */
/* The pure side of single sign-on (domain/oidc.h): signatures checked
 * against the examples of RFC 7515 appendix A.2 (RS256) and A.3 (ES256),
 * the PKCE challenge of RFC 7636 appendix B, and the claim checks over a
 * decoded claim set and a fixed "now" (issuer, audience, azp, exp/iat/nbf
 * with the clock-skew allowance at its edges, nonce, subject). */
#include <stdlib.h>
#include <string.h>

#include "domain/oidc.h"
#include "test.h"

/* RFC 7515 A.2: {"alg":"RS256"} over {"iss":"joe", "exp":1300819380, "http://example.com/is_root":true} */
static const char a2_jws[] =
    "eyJhbGciOiJSUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290"
    "Ijp0cnVlfQ.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5j"
    "ujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZ"
    "RmB_eSN9383LcOLn6_dO--xi12jzDwusC-"
    "eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt"
    "5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
static const char a2_jwks[] =
    "{\"keys\":[{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_"
    "wWJcyQoTbji9k0l8W26mPd"
    "dxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0"
    "LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_"
    "I5I"
    "hlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ\"}]}";
/* RFC 7515 A.3: {"alg":"ES256"} over the same payload, and its P-256 key */
static const char a3_jws[] =
    "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxl"
    "LmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlS"
    "ApmWQxfKTUJqPP3-Kg6NU1Q";
static const char a3_jwks[] =
    "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
    "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}";
/* RFC 7519 3.1: an HS256 JWT with the same payload */
static const char hs256_jwt[] =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQog"
    "Imh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

TEST(test_oidc_verifies_the_rfc_7515_rs256_and_es256_examples)
{
	json_t *k2 = oidc_jwks_parse(a2_jwks, strlen(a2_jwks)),
	       *k3 = oidc_jwks_parse(a3_jwks, strlen(a3_jwks));
	CHECK(k2 && k3);
	json_t *c = NULL;
	CHECK_INT(oidc_jws_verify(a2_jws, k2, &c), OIDC_JWS_OK);
	CHECK_STR(json_string_value(json_object_get(c, "iss")), "joe");
	CHECK_INT(json_integer_value(json_object_get(c, "exp")), 1300819380);
	json_decref(c);
	CHECK_INT(oidc_jws_verify(a3_jws, k3, &c), OIDC_JWS_OK);
	CHECK_STR(json_string_value(json_object_get(c, "iss")), "joe");
	json_decref(c);
	/* each with the other's key set: no key fits the algorithm */
	CHECK_INT(oidc_jws_verify(a2_jws, k3, &c), OIDC_JWS_UNKNOWN_KID);
	CHECK_INT(oidc_jws_verify(a3_jws, k2, &c), OIDC_JWS_UNKNOWN_KID);
	CHECK(c == NULL);
	json_decref(k2);
	json_decref(k3);
}

TEST(test_oidc_refuses_a_changed_signature_payload_or_algorithm)
{
	json_t *k2 = oidc_jwks_parse(a2_jwks, strlen(a2_jwks));
	json_t *c = NULL;
	char bad[sizeof a2_jws];
	memcpy(bad, a2_jws, sizeof a2_jws);
	bad[sizeof a2_jws - 3] = bad[sizeof a2_jws - 3] == 'A' ? 'B' : 'A'; /* the signature */
	CHECK_INT(oidc_jws_verify(bad, k2, &c), OIDC_JWS_BAD_SIGNATURE);
	memcpy(bad, a2_jws, sizeof a2_jws);
	bad[30] = bad[30] == 'A' ? 'B' : 'A'; /* the payload */
	CHECK(oidc_jws_verify(bad, k2, &c) < 0);
	CHECK_INT(oidc_jws_verify(hs256_jwt, k2, &c), OIDC_JWS_ALG);
	CHECK_INT(oidc_jws_verify("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.AAAA", k2, &c), OIDC_JWS_ALG);
	CHECK_INT(oidc_jws_verify("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", k2, &c), OIDC_JWS_MALFORMED);
	CHECK_INT(oidc_jws_verify("eyJhbGciOiJSUzI1NiJ9.e=J9.AAAA", k2, &c), OIDC_JWS_MALFORMED);
	CHECK_INT(oidc_jws_verify("not a token", k2, &c), OIDC_JWS_MALFORMED);
	CHECK(c == NULL);
	json_decref(k2);
}

TEST(test_oidc_pkce_challenge_matches_rfc_7636_appendix_b)
{
	char ch[44];
	oidc_pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", ch);
	CHECK_STR(ch, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

#define NOW 1764400000
static const struct oidc_expect want = {
    .issuer = "https://login.voorbeeldstad.nl", .client_id = "scalelab", .nonce = "n-0S6_WzA2Mj", .now = NOW};

static json_t *good(void)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:I,s:I}", "iss", "https://login.voorbeeldstad.nl", "aud",
			 "scalelab", "sub", "248289761001", "nonce", "n-0S6_WzA2Mj", "iat",
			 (json_int_t)NOW - 5, "exp", (json_int_t)NOW + 300);
}

static const char *with(const char *name, json_t *v)
{
	json_t *c = good();
	if (v)
		json_object_set_new(c, name, v);
	else
		json_object_del(c, name);
	const char *r = oidc_claims_check(c, &want);
	json_decref(c);
	return r;
}

TEST(test_oidc_claims_hold_for_a_good_set_and_name_the_first_fault)
{
	json_t *c = good();
	CHECK(oidc_claims_check(c, &want) == NULL);
	json_decref(c);
	CHECK_STR(with("iss", json_string("https://login.voorbeeldstad.nl/")), "err.sso.iss");
	CHECK_STR(with("iss", NULL), "err.sso.iss");
	CHECK_STR(with("aud", json_string("iemand-anders")), "err.sso.aud");
	CHECK_STR(with("aud", json_pack("[s]", "iemand-anders")), "err.sso.aud");
	CHECK(with("aud", json_pack("[s]", "scalelab")) == NULL);
	CHECK_STR(with("aud", NULL), "err.sso.aud");
	CHECK_STR(with("nonce", json_string("n-0S6_WzA2Mk")), "err.sso.nonce");
	CHECK_STR(with("nonce", NULL), "err.sso.nonce");
	CHECK_STR(with("sub", json_string("")), "err.sso.sub");
	CHECK_STR(with("sub", NULL), "err.sso.sub");
	CHECK_STR(with("exp", NULL), "err.sso.exp");
	CHECK_STR(with("exp", json_string("1764400300")), "err.sso.exp");
	CHECK_STR(with("iat", NULL), "err.sso.iat");
}

TEST(test_oidc_two_audiences_need_azp_naming_us)
{
	CHECK_STR(with("aud", json_pack("[ss]", "scalelab", "ander")), "err.sso.azp");
	json_t *c = good();
	json_object_set_new(c, "aud", json_pack("[ss]", "scalelab", "ander"));
	json_object_set_new(c, "azp", json_string("scalelab"));
	CHECK(oidc_claims_check(c, &want) == NULL);
	json_object_set_new(c, "azp", json_string("ander"));
	CHECK_STR(oidc_claims_check(c, &want), "err.sso.azp");
	json_decref(c);
	CHECK_STR(with("azp", json_string("ander")), "err.sso.azp");
}

TEST(test_oidc_times_allow_two_minutes_of_skew_and_no_more)
{
	CHECK(with("exp", json_integer(NOW - OIDC_SKEW_S)) == NULL);
	CHECK_STR(with("exp", json_integer(NOW - OIDC_SKEW_S - 1)), "err.sso.exp");
	CHECK(with("iat", json_integer(NOW + OIDC_SKEW_S)) == NULL);
	CHECK_STR(with("iat", json_integer(NOW + OIDC_SKEW_S + 1)), "err.sso.iat");
	CHECK(with("iat", json_integer(NOW - OIDC_IAT_MAX_S)) == NULL);
	CHECK_STR(with("iat", json_integer(NOW - OIDC_IAT_MAX_S - 1)), "err.sso.iat");
	CHECK(with("nbf", json_integer(NOW + OIDC_SKEW_S)) == NULL);
	CHECK_STR(with("nbf", json_integer(NOW + OIDC_SKEW_S + 1)), "err.sso.nbf");
	CHECK(with("exp", json_real(NOW + 10.5)) == NULL);
}

TEST(test_oidc_domains_mfa_and_groups)
{
	CHECK_INT(oidc_email_domain_allowed("anne@Voorbeeldstad.NL", "gemeente.nl voorbeeldstad.nl"), 1);
	CHECK_INT(oidc_email_domain_allowed("anne@sub.voorbeeldstad.nl", "voorbeeldstad.nl"), 0);
	CHECK_INT(oidc_email_domain_allowed("anne@evilvoorbeeldstad.nl", "voorbeeldstad.nl"), 0);
	CHECK_INT(oidc_email_domain_allowed("anne@voorbeeldstad.nl@x.nl", "voorbeeldstad.nl"), 0);
	CHECK_INT(oidc_email_domain_allowed("geen-at", "voorbeeldstad.nl"), 0);
	json_t *c = json_pack("{s:[ss],s:s}", "amr", "pwd", "otp", "acr", "urn:x:loa:1");
	CHECK_INT(oidc_mfa_satisfied(c, ""), 1);
	json_object_set_new(c, "amr", json_pack("[s]", "pwd"));
	CHECK_INT(oidc_mfa_satisfied(c, ""), 0);
	CHECK_INT(oidc_mfa_satisfied(c, "urn:x:loa:2 urn:x:loa:1"), 1);
	CHECK_INT(oidc_mfa_satisfied(c, "urn:x:loa:2"), 0);
	json_decref(c);
	struct oidc_group_role map[] = {
	    {"medewerkers", ROLE_LEZER}, {"innovatie", ROLE_BEWERKER}, {"it", ROLE_BEHEERDER}};
	c = json_pack("{s:[ss],s:s}", "groups", "medewerkers", "innovatie", "roles", "it");
	CHECK_INT(oidc_role_for_groups(c, "groups", map, 3), ROLE_BEWERKER);
	CHECK_INT(oidc_role_for_groups(c, "roles", map, 3), ROLE_BEHEERDER);
	CHECK_INT(oidc_role_for_groups(c, "anders", map, 3), ROLE_NONE);
	json_decref(c);
}

TEST(test_oidc_discovery_must_name_the_configured_issuer_and_safe_urls)
{
	struct oidc_discovery d;
	const char *doc = "{\"issuer\":\"https://id.voorbeeldstad.nl\",\"authorization_endpoint\":\"https://"
			  "id.voorbeeldstad.nl/a\","
			  "\"token_endpoint\":\"https://id.voorbeeldstad.nl/t\",\"jwks_uri\":\"https://"
			  "id.voorbeeldstad.nl/k\"}";
	CHECK(oidc_discovery_parse(doc, strlen(doc), "https://id.voorbeeldstad.nl", &d) == NULL);
	CHECK_STR(d.token_endpoint, "https://id.voorbeeldstad.nl/t");
	CHECK_INT(d.basic_ok, 1);
	oidc_discovery_free(&d);
	CHECK_STR(oidc_discovery_parse(doc, strlen(doc), "https://id.elders.nl", &d),
		  "err.sso.discovery_issuer");
	const char *plain = "{\"issuer\":\"http://id.voorbeeldstad.nl\",\"authorization_endpoint\":\"http://"
			    "id.voorbeeldstad.nl/a\","
			    "\"token_endpoint\":\"http://id.voorbeeldstad.nl/t\",\"jwks_uri\":\"http://"
			    "id.voorbeeldstad.nl/k\"}";
	CHECK_STR(oidc_discovery_parse(plain, strlen(plain), "http://id.voorbeeldstad.nl", &d),
		  "err.sso.discovery");
	CHECK_INT(oidc_url_ok("http://127.0.0.1:8080/x"), 1);
	CHECK_INT(oidc_url_ok("http://127.0.0.1.evil.nl/x"), 0);
	CHECK_INT(oidc_url_ok("https:///x"), 0);
	const char *reason;
	char *id = oidc_token_response_parse("{\"error\":\"invalid_grant\"}", 25, &reason);
	CHECK(id == NULL);
	CHECK_STR(reason, "err.sso.token_refused");
	id = oidc_token_response_parse("{\"id_token\":\"a.b.c\",\"token_type\":\"bearer\"}", 42, &reason);
	CHECK_STR(id, "a.b.c");
	free(id);
}

/* RFC 7638 section 3.1: the example RSA key and its thumbprint */
TEST(test_oidc_thumbprint_matches_rfc7638_example)
{
	json_t *k = json_pack("{s:s,s:s,s:s,s:s}", "kty", "RSA", "e", "AQAB", "alg", "RS256", "n",
			      "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhD"
			      "R1L6tSoc_BJECPebWKRXjBZCiFV4n"
			      "3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_"
			      "FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0z"
			      "gdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-"
			      "bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-"
			      "csFCur-kEgU8awapJzKnqDKgw");
	char tp[44];
	CHECK_INT(oidc_jwk_thumbprint(k, tp), 0);
	CHECK_STR(tp, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
	json_decref(k);
}

/* RFC 7515 A.3's P-256 key with its private d: imported, it signs a client
 * assertion (RFC 7523) that verifies against its published public half */
TEST(test_oidc_imported_key_signs_a_client_assertion_its_jwks_verifies)
{
	static const char priv[] = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"rivierstad-1\","
				   "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
				   "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\","
				   "\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"}";
	struct oidc_client_key k;
	CHECK(oidc_client_key_import(priv, strlen(priv), &k) == NULL);
	CHECK_STR(k.kid, "rivierstad-1"); /* its own kid is kept */
	CHECK_STR(k.alg, "ES256");
	CHECK(strstr(k.public_jwk, "\"d\"") == NULL);
	char *a =
	    oidc_client_assertion(k.private_jwk, "scalelab", "https://id.example/token", "jti-1", 1764400000);
	CHECK(a != NULL);
	json_t *set = json_pack("{s:[o]}", "keys", json_loads(k.public_jwk, 0, NULL));
	json_t *c = NULL;
	CHECK_INT(oidc_jws_verify(a, set, &c), OIDC_JWS_OK);
	CHECK_STR(json_string_value(json_object_get(c, "iss")), "scalelab");
	CHECK_STR(json_string_value(json_object_get(c, "sub")), "scalelab");
	CHECK_STR(json_string_value(json_object_get(c, "aud")), "https://id.example/token");
	CHECK_STR(json_string_value(json_object_get(c, "jti")), "jti-1");
	CHECK_INT(json_integer_value(json_object_get(c, "exp")) -
		      json_integer_value(json_object_get(c, "iat")),
		  60);
	/* and the RFC's own signature verifies against the key we publish */
	json_t *c2 = NULL;
	CHECK_INT(oidc_jws_verify(a3_jws, set, &c2), OIDC_JWS_OK);
	json_decref(c2);
	json_decref(c);
	json_decref(set);
	free(a);
	oidc_client_key_free(&k);
}

TEST(test_oidc_key_import_refuses_public_keys_other_kinds_and_junk)
{
	struct oidc_client_key k;
	const char *pub =
	    "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
	    "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}";
	CHECK_STR(oidc_client_key_import(pub, strlen(pub), &k), "err.sso.key_public");
	const char *oct = "{\"kty\":\"oct\",\"k\":\"AAAA\"}";
	CHECK_STR(oidc_client_key_import(oct, strlen(oct), &k), "err.sso.key_kind");
	CHECK_STR(oidc_client_key_import("geen json", 9, &k), "err.sso.key_format");
	/* a made key pair: RS256 of 2048 bits, kid = its thumbprint */
	CHECK_INT(oidc_client_key_new("RS256", &k), 0);
	json_t *p = json_loads(k.public_jwk, 0, NULL);
	char tp[44];
	CHECK_INT(oidc_jwk_thumbprint(p, tp), 0);
	CHECK_STR(tp, k.kid);
	CHECK_INT((int)strlen(json_string_value(json_object_get(p, "n"))), 342);
	json_decref(p);
	oidc_client_key_free(&k);
	CHECK_INT(oidc_client_key_new("HS256", &k), -1);
}

int main(void)
{
	RUN(test_oidc_verifies_the_rfc_7515_rs256_and_es256_examples);
	RUN(test_oidc_refuses_a_changed_signature_payload_or_algorithm);
	RUN(test_oidc_pkce_challenge_matches_rfc_7636_appendix_b);
	RUN(test_oidc_claims_hold_for_a_good_set_and_name_the_first_fault);
	RUN(test_oidc_two_audiences_need_azp_naming_us);
	RUN(test_oidc_times_allow_two_minutes_of_skew_and_no_more);
	RUN(test_oidc_domains_mfa_and_groups);
	RUN(test_oidc_discovery_must_name_the_configured_issuer_and_safe_urls);
	RUN(test_oidc_thumbprint_matches_rfc7638_example);
	RUN(test_oidc_imported_key_signs_a_client_assertion_its_jwks_verifies);
	RUN(test_oidc_key_import_refuses_public_keys_other_kinds_and_junk);
	return TEST_DONE();
}
