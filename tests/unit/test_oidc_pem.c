/* SPDX-License-Identifier: EUPL-1.2 */
/* A private_key_jwt client key read from PEM (domain/oidc_pem.h) against
 * outside reference values: RFC 7515 A.3's P-256 key written as PKCS#8 and
 * as SEC1 ("EC PRIVATE KEY") by Node's crypto gives back exactly the RFC's
 * x, y and d; an RSA key made by `openssl genrsa` gives back the modulus
 * `openssl rsa -modulus` printed, in both its PKCS#1 and PKCS#8 forms, and
 * the kid `jose` (calculateJwkThumbprint) computed for it. Refusals name
 * the problem and its line. */
#include <ctype.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/oidc.h"
#include "domain/oidc_pem.h"
#include "test.h"

static const char ec_pkcs8[] = "-----BEGIN PRIVATE KEY-----\n"
			       "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgjpsQnnGQmL+YBIff\n"
			       "H1136cspYG6+0iY7X1fCE9+E9LKhRANCAAR/zc4ncPbEXUGDy+5v20t7WAczNXvp\n"
			       "7xO6z248e9FURcfxRM0bvZt+hyzf7bnuufSzaV1uqQskrYpGIyiFiOWt\n"
			       "-----END PRIVATE KEY-----\n";
static const char ec_sec1[] = "-----BEGIN EC PRIVATE KEY-----\n"
			      "MHcCAQEEII6bEJ5xkJi/mASH3x9dd+nLKWBuvtImO19XwhPfhPSyoAoGCCqGSM49\n"
			      "AwEHoUQDQgAEf83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEXH8UTNG72b\n"
			      "focs3+257rn0s2ldbqkLJK2KRiMohYjlrQ==\n"
			      "-----END EC PRIVATE KEY-----\n";
static const char rsa_pkcs1[] = "-----BEGIN RSA PRIVATE KEY-----\n"
				"MIIEogIBAAKCAQEArzl+oDXIgNeCtIHMrXaZEQAqVgMgw13w59lH1doj1snf8/VS\n"
				"o3tX4nLSOt2im/rtXUOIcW7MQaDzcxdZ0qtWWcUjSFaLODhwa4T+eygd+V83x2hX\n"
				"qTUAWMoLLaPI2mFFx1sGOH4SIk0mGZDn9NBUplm4MV3ybUf5oSnM8fb+6ExTiH29\n"
				"En9XmMaSo9VQrIMY5si4yCpd3RxoRWm+yT927IDSy6PBPnYsp/o7enanjsivNlZG\n"
				"TIkUihzfPIgY9h7h2YTbnFI8HEpHynSDxUCJMS2a3/f/8LUgo5pQe/pOPziMFYfD\n"
				"rsYlrFvZiRIgsTmv9wZEs+//EoOR0oW2q3aDkQIDAQABAoIBAB00tJXokQRkp20F\n"
				"y4NIJsguImBWwiG+KTbDwRT0eI/G8zSa+cy09NeSMtdL9NwRzXmDlZzujk4METfo\n"
				"NvkFxO1OjgxzHF5hDd/l+XK2o5RamhX7Hs1dv7KM7qMLTyGTIAnT8qv823HrMQQG\n"
				"4pqsFMfrYWedFJjBa+rAaGAWPrOiKitMeQZ/jCe0nuntOnSucGmugK+9Nj0dOLKy\n"
				"xZsLLOwF4d/5Hv0fxvBiu2rej1+bgxSB7Cm0HU+5V/bhkvV60iY5crsGVxeH7yvI\n"
				"MHRI95iU10M4PEkLKJALRpbTpTHZNL11C32rUaT/awGaEpcuqdPo6XBeihrnmpU5\n"
				"BhzoMokCgYEA7ISdhhPNgUTtPIXjENeelqkcOTkDWcE5biJYhjDi3X1B20A25IqX\n"
				"y1N2UpVV2nAFiGfmgvBvzZxOhTIJdHH+HNmBS/Hcv3nsd3uW5fTliAEVAnRyMa/T\n"
				"XKy+0/U2SKpaIv1rSncute4sWAVODPwnsaBenJUt5MbTjxnuVIBR5uUCgYEAvahn\n"
				"JmoxTOsDupKzHcUZcqRBAHMvLBUmWPKyWJ/XxDw4I0pwJ93t9qWfTIqStHA9P0vX\n"
				"TFCq1f77Fgl5bpPbyJKsHKTeK+O3YVi8QwxITkRMlFc9NqQrKeSmz8GGd6eto4P9\n"
				"qCFkAt1phVuSY4X7Y7g8UB/KNkp5x9rIEzQZkz0CgYB3OIXazuKZFbBsAKUrmTSU\n"
				"hxv18DozJQYY8PEke0HwGbJ3nU/ONdo8II8VI7eKC0uOrajxOddxkie2VjmT294W\n"
				"lsDpEjqOvhunQsIWmjKVMs5vVVk2mIV3QpBScVlymYQj/Q/3EkqWZD8wA0SLoRM1\n"
				"Izxtu3jNyDdd+9k5+RDPzQKBgGdtmzMb3l7wG0x4DC5D+qjGYpx4NFV6AzumvxQN\n"
				"t4FQxdyZD6juIoPLtp/rQi4ct4n5NiRsKX4iW5Oc/xgKkmVDd5D3aCHPQYZY+fIm\n"
				"lJf6LzkGil9uEAv8oevSwh4m107BAGfcLcpSLOWJFsAnpPyw0FNxwrjwzJDtAwdV\n"
				"9kyRAoGAVGR/AXX3Ne0uoYFLWhZDeUI1kWVoT+oqHSjf4zkrIYuytK4/lyB5NWX+\n"
				"3LywfqWDdbl08e18K/q0a+/fta3HFRTmNigwi3d70o+ND6uFjzOips4+2Wr0YX2A\n"
				"UJCDHGEUqaFH6Oe4mXh0mxPA3qhvi50fsvyW+CHI4XOb+uBVk4I=\n"
				"-----END RSA PRIVATE KEY-----\n";
static const char rsa_pkcs8[] = "-----BEGIN PRIVATE KEY-----\n"
				"MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCvOX6gNciA14K0\n"
				"gcytdpkRACpWAyDDXfDn2UfV2iPWyd/z9VKje1fictI63aKb+u1dQ4hxbsxBoPNz\n"
				"F1nSq1ZZxSNIVos4OHBrhP57KB35XzfHaFepNQBYygsto8jaYUXHWwY4fhIiTSYZ\n"
				"kOf00FSmWbgxXfJtR/mhKczx9v7oTFOIfb0Sf1eYxpKj1VCsgxjmyLjIKl3dHGhF\n"
				"ab7JP3bsgNLLo8E+diyn+jt6dqeOyK82VkZMiRSKHN88iBj2HuHZhNucUjwcSkfK\n"
				"dIPFQIkxLZrf9//wtSCjmlB7+k4/OIwVh8OuxiWsW9mJEiCxOa/3BkSz7/8Sg5HS\n"
				"hbardoORAgMBAAECggEAHTS0leiRBGSnbQXLg0gmyC4iYFbCIb4pNsPBFPR4j8bz\n"
				"NJr5zLT015Iy10v03BHNeYOVnO6OTgwRN+g2+QXE7U6ODHMcXmEN3+X5crajlFqa\n"
				"FfsezV2/sozuowtPIZMgCdPyq/zbcesxBAbimqwUx+thZ50UmMFr6sBoYBY+s6Iq\n"
				"K0x5Bn+MJ7Se6e06dK5waa6Ar702PR04srLFmwss7AXh3/ke/R/G8GK7at6PX5uD\n"
				"FIHsKbQdT7lX9uGS9XrSJjlyuwZXF4fvK8gwdEj3mJTXQzg8SQsokAtGltOlMdk0\n"
				"vXULfatRpP9rAZoSly6p0+jpcF6KGuealTkGHOgyiQKBgQDshJ2GE82BRO08heMQ\n"
				"156WqRw5OQNZwTluIliGMOLdfUHbQDbkipfLU3ZSlVXacAWIZ+aC8G/NnE6FMgl0\n"
				"cf4c2YFL8dy/eex3e5bl9OWIARUCdHIxr9NcrL7T9TZIqloi/WtKdy617ixYBU4M\n"
				"/CexoF6clS3kxtOPGe5UgFHm5QKBgQC9qGcmajFM6wO6krMdxRlypEEAcy8sFSZY\n"
				"8rJYn9fEPDgjSnAn3e32pZ9MipK0cD0/S9dMUKrV/vsWCXluk9vIkqwcpN4r47dh\n"
				"WLxDDEhOREyUVz02pCsp5KbPwYZ3p62jg/2oIWQC3WmFW5JjhftjuDxQH8o2SnnH\n"
				"2sgTNBmTPQKBgHc4hdrO4pkVsGwApSuZNJSHG/XwOjMlBhjw8SR7QfAZsnedT841\n"
				"2jwgjxUjt4oLS46tqPE513GSJ7ZWOZPb3haWwOkSOo6+G6dCwhaaMpUyzm9VWTaY\n"
				"hXdCkFJxWXKZhCP9D/cSSpZkPzADRIuhEzUjPG27eM3IN1372Tn5EM/NAoGAZ22b\n"
				"MxveXvAbTHgMLkP6qMZinHg0VXoDO6a/FA23gVDF3JkPqO4ig8u2n+tCLhy3ifk2\n"
				"JGwpfiJbk5z/GAqSZUN3kPdoIc9Bhlj58iaUl/ovOQaKX24QC/yh69LCHibXTsEA\n"
				"Z9wtylIs5YkWwCek/LDQU3HCuPDMkO0DB1X2TJECgYBUZH8Bdfc17S6hgUtaFkN5\n"
				"QjWRZWhP6iodKN/jOSshi7K0rj+XIHk1Zf7cvLB+pYN1uXTx7Xwr+rRr79+1rccV\n"
				"FOY2KDCLd3vSj40Pq4WPM6Kmzj7ZavRhfYBQkIMcYRSpoUfo57iZeHSbE8DeqG+L\n"
				"nR+y/Jb4Icjhc5v64FWTgg==\n"
				"-----END PRIVATE KEY-----\n";
/* openssl rsa -in key.pem -noout -modulus */
static const char rsa_modulus_hex[] =
    "AF397EA035C880D782B481CCAD769911002A560320C35DF0E7D947D5DA23D6C9DFF3F552A37B57E272D23ADDA29BFAED5D438871"
    "6ECC41A0F3731759D2AB5659C52348568B3838706B84FE7B281DF95F37C76857A9350058CA0B2DA3C8DA6145C75B06387E12224D"
    "261990E7F4D054A659B8315DF26D47F9A129CCF1F6FEE84C53887DBD127F5798C692A3D550AC8318E6C8B8C82A5DDD1C684569BE"
    "C93F76EC80D2CBA3C13E762CA7FA3B7A76A78EC8AF3656464C89148A1CDF3C8818F61EE1D984DB9C523C1C4A47CA7483C5408931"
    "2D9ADFF7FFF0B520A39A507BFA4E3F388C1587C3AEC625AC5BD9891220B139AFF70644B3EFFF128391D285B6AB768391";
/* jose calculateJwkThumbprint of the keys above */
#define RSA_KID "6LJDZMeuk35mCqqQNly4NR3EOVnLDQgd6FPQTMX1TjY"
#define EC_KID "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U"

static json_t *jwk_from(const char *pem, const char **why, int *line)
{
	char *t = oidc_pem_private_jwk(pem, strlen(pem), why, line);
	json_t *j = t ? json_loads(t, 0, NULL) : NULL;
	free(t);
	return j;
}

static const char *member(const json_t *j, const char *m)
{
	const char *v = json_string_value(json_object_get(j, m));
	return v ? v : "";
}

TEST(test_pem_ec_keys_give_back_rfc_7515_a3)
{
	const char *forms[] = {ec_pkcs8, ec_sec1};
	for (int i = 0; i < 2; i++) {
		const char *why = "x";
		int line = 0;
		json_t *j = jwk_from(forms[i], &why, &line);
		CHECK(j != NULL);
		CHECK(why == NULL);
		CHECK_STR(member(j, "kty"), "EC");
		CHECK_STR(member(j, "crv"), "P-256");
		CHECK_STR(member(j, "x"), "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU");
		CHECK_STR(member(j, "y"), "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0");
		CHECK_STR(member(j, "d"), "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI");
		char *text = json_dumps(j, JSON_COMPACT);
		struct oidc_client_key k;
		CHECK(oidc_client_key_import(text, strlen(text), &k) == NULL);
		CHECK_STR(k.kid, EC_KID);
		CHECK_STR(k.alg, "ES256");
		oidc_client_key_free(&k);
		free(text);
		json_decref(j);
	}
}

TEST(test_pem_rsa_keys_give_back_openssls_modulus_and_joses_kid)
{
	const char *forms[] = {rsa_pkcs1, rsa_pkcs8};
	for (int i = 0; i < 2; i++) {
		const char *why = "x";
		int line = 0;
		json_t *j = jwk_from(forms[i], &why, &line);
		CHECK(j != NULL);
		CHECK_STR(member(j, "kty"), "RSA");
		CHECK_STR(member(j, "e"), "AQAB");
		unsigned char n[600];
		size_t nlen = 0;
		const char *b = member(j, "n");
		CHECK(sodium_base642bin(n, sizeof n, b, strlen(b), NULL, &nlen, NULL,
					sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0);
		CHECK_INT(nlen, 256);
		char hex[1201];
		for (size_t k = 0; k < nlen; k++)
			snprintf(hex + 2 * k, 3, "%02X", n[k]);
		CHECK_STR(hex, rsa_modulus_hex);
		for (const char *m = "d\0p\0q\0dp\0dq\0qi\0"; *m; m += strlen(m) + 1)
			CHECK(strlen(member(j, m)) > 100);
		char *text = json_dumps(j, JSON_COMPACT);
		struct oidc_client_key k;
		CHECK(oidc_client_key_import(text, strlen(text), &k) == NULL);
		CHECK_STR(k.kid, RSA_KID);
		CHECK_STR(k.alg, "RS256");
		/* the public half published: no private member */
		CHECK(strstr(k.public_jwk, "\"d\"") == NULL);
		oidc_client_key_free(&k);
		free(text);
		json_decref(j);
	}
}

/* The text with line n (from 1) replaced by repl. */
static char *with_line(const char *text, int n, const char *repl)
{
	char *out = calloc(1, strlen(text) + strlen(repl) + 2);
	const char *p = text;
	for (int ln = 1; *p; ln++) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		strncat(out, ln == n ? repl : p, ln == n ? strlen(repl) : len);
		strcat(out, "\n");
		p = e ? e + 1 : p + len;
	}
	return out;
}

static void refused(const char *text, const char *want, int want_line)
{
	const char *why = NULL;
	int line = -1;
	char *j = oidc_pem_private_jwk(text, strlen(text), &why, &line);
	CHECK(j == NULL);
	free(j);
	CHECK_STR(why ? why : "(none)", want);
	CHECK_INT(line, want_line);
}

TEST(test_pem_refusals_name_the_problem_and_its_line)
{
	refused("hallo\n", "err.sso.pem_none", 1);
	refused("", "err.sso.pem_none", 1);
	refused("-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n", "err.sso.pem_public", 1);
	refused("notitie\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
		"err.sso.pem_public", 2);
	refused("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n",
		"err.sso.pem_encrypted", 1);
	refused("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIB\n"
		"-----END RSA PRIVATE KEY-----\n",
		"err.sso.pem_encrypted", 2);
	refused("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\n",
		"err.sso.pem_label", 1);
	char *t = with_line(ec_pkcs8, 3, "H1136cspYG6+0iY7X1fCE9+E9LKhRANCAAR/zc4ncPbEXUGDy+5v20t7WAczN*vp");
	refused(t, "err.sso.pem_base64", 3);
	free(t);
	t = with_line(ec_pkcs8, 5, "-----END EC PRIVATE KEY-----");
	refused(t, "err.sso.pem_end", 5);
	free(t);
	refused(
	    "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgjpsQnnGQmL+YBIff\n",
	    "err.sso.pem_end", 2);
	t = with_line(ec_pkcs8, 3, "AAAA");
	refused(t, "err.sso.pem_der", 1);
	free(t);
	char two[sizeof ec_pkcs8 + sizeof ec_sec1];
	snprintf(two, sizeof two, "%s%s", ec_pkcs8, ec_sec1);
	refused(two, "err.sso.pem_many", 6);
	/* a private part that does not belong to the public point in the file
	 * (RFC 7515 A.3's x and y with another d; Node wrote it unchecked) */
	refused("-----BEGIN PRIVATE KEY-----\n"
		"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgjpsQnnGQmL+YBIff\n"
		"H1136cLNsgCG7SBMfhgpbQIjMdOhRANCAAR/zc4ncPbEXUGDy+5v20t7WAczNXvp\n"
		"7xO6z248e9FURcfxRM0bvZt+hyzf7bnuufSzaV1uqQskrYpGIyiFiOWt\n"
		"-----END PRIVATE KEY-----\n",
		"err.sso.pem_pair", 1);
	/* an Ed25519 key (openssl genpkey -algorithm ed25519) is the wrong kind */
	refused("-----BEGIN PRIVATE KEY-----\n"
		"MC4CAQAwBQYDK2VwBCIEIHQxjzkmTlOw+2jcCQnBPmv72u6uGBiRchJxW/l8vRRl\n"
		"-----END PRIVATE KEY-----\n",
		"err.sso.key_kind", 1);
}

TEST(test_pem_like_tells_pem_from_json)
{
	CHECK(oidc_pem_like("  \n-----BEGIN PRIVATE KEY-----\n", 31));
	CHECK(oidc_pem_like("\xEF\xBB\xBF-----BEGIN X", 14));
	CHECK(!oidc_pem_like("{\"kty\":\"EC\"}", 12));
	CHECK(!oidc_pem_like("-----BEG", 8));
}

int main(void)
{
	RUN(test_pem_ec_keys_give_back_rfc_7515_a3);
	RUN(test_pem_rsa_keys_give_back_openssls_modulus_and_joses_kid);
	RUN(test_pem_refusals_name_the_problem_and_its_line);
	RUN(test_pem_like_tells_pem_from_json);
	return TEST_DONE();
}
