/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * sso_cmd: `scalelab sso add|remove` sets up or removes an organisation's
 * identity provider for single sign-on from the command line (the same
 * rules as the page and the API: docs/sso.md), for operators of an
 * instance with many organisations. The client secret is read from
 * standard input and stored sealed; with private_key_jwt a key pair is
 * made or imported from a PEM file instead (also later: `sso key`).
 * Audited with actor cli:<OS user>.
 */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "api/sso.h"
#include "domain/oidc.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/dbmsg.h"
#include "lib/i18n.h"
#include "lib/secret.h"
#include "lib/util.h"
#include "store/db.h"
#include "store/org.h"
#include "store/sso_store.h"

static int usage(void)
{
	fprintf(stderr,
		"usage: scalelab sso add --db FILE --org SLUG --issuer URL --client-id ID [--name NAME]\n"
		"         [--domains 'a.nl b.nl'] [--groups 'group=role,...'] [--auth-method "
		"client_secret_basic|client_secret_post]\n"
		"         [--groups-claim CLAIM] [--mfa-acr 'acr ...'] [--jit]   (client secret on standard "
		"input)\n"
		"       scalelab sso add ... --auth-method private_key_jwt [--key-pem FILE | --key-alg "
		"RS256|ES256]\n"
		"         [--public-url URL]   (a key pair instead of a secret; prints the JWKS address)\n"
		"       scalelab sso key --db FILE --org SLUG [--pem FILE | --alg RS256|ES256] [--public-url "
		"URL]\n"
		"       scalelab sso remove --db FILE --org SLUG\n");
	return 2;
}

static int open_db(const char *path)
{
	if (!path || secret_init() < 0) {
		fprintf(stderr, "scalelab sso: --db FILE is required\n");
		return -1;
	}
	if (api_open(path) < 0) {
		fprintf(stderr, "scalelab sso: cannot open or migrate %s\n", path);
		return -1;
	}
	return 0;
}

/* "grp=rol,grp2=rol" into p; 0 or -1. */
static int parse_groups(const char *s, struct sso_provider *p)
{
	while (s && *s) {
		const char *e = s + strcspn(s, ",");
		const char *eq = memchr(s, '=', (size_t)(e - s));
		if (!eq || eq == s || (size_t)(eq - s) >= sizeof p->groups[0].group ||
		    p->ngroups == SSO_GROUPS_MAX)
			return -1;
		char role[16];
		snprintf(role, sizeof role, "%.*s", (int)(e - eq - 1), eq + 1);
		enum role r = role_parse(role);
		if (r == ROLE_NONE)
			return -1;
		memcpy(p->groups[p->ngroups].group, s, (size_t)(eq - s));
		p->groups[p->ngroups].group[eq - s] = 0;
		p->groups[p->ngroups++].role = r;
		s = *e ? e + 1 : e;
	}
	return 0;
}

/* The private key in a PEM (or JWK) file into k: 0, or -1 after naming
 * the problem as FILE:LINE: message. */
static int read_key_file(const char *cmd, const char *path, struct oidc_client_key *k)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "%s: %s: cannot be read\n", cmd, path);
		return -1;
	}
	size_t cap = 64 * 1024 + 1;
	char *text = xmalloc(cap + 1);
	size_t n = fread(text, 1, cap, f);
	fclose(f);
	text[n] = 0;
	int line = 0;
	const char *why = n >= cap ? "err.sso.pem_none" : sso_key_read(text, n, 1, k, &line);
	sodium_memzero(text, cap + 1);
	free(text);
	if (!why)
		return 0;
	const char *msg = i18n_init() == 0 ? i18n_t("en", why) : why;
	if (!strncmp(msg, "Line {line}: ", 13))
		msg += 13;
	if (line > 0)
		fprintf(stderr, "%s:%d: %c%s\n", path, line, toupper((unsigned char)*msg), msg + 1);
	else
		fprintf(stderr, "%s: %s\n", path, msg);
	return -1;
}

/* Stores k as org's client key (sealed), audited; 0 or a negative ERR_. */
static int key_put(int64_t org, const struct oidc_client_key *k)
{
	unsigned char *box = xmalloc(SSO_KEY_BOX_MAX);
	size_t n = sso_seal(k->private_jwk, box, SSO_KEY_BOX_MAX);
	int rc = sso_store_key_set(org, box, n, k->public_jwk);
	sodium_memzero(box, SSO_KEY_BOX_MAX);
	free(box);
	if (rc == 0)
		cli_audit(org, "sso.key", "organisation", org);
	return rc;
}

/* The key from --pem/--key-pem, or a new pair of alg: 0, or the exit code. */
static int key_get(const char *cmd, const char *pem, const char *alg, struct oidc_client_key *k)
{
	if (pem)
		return read_key_file(cmd, pem, k) < 0 ? 2 : 0;
	if (alg && strcmp(alg, "RS256") && strcmp(alg, "ES256")) {
		fprintf(stderr, "%s: the algorithm is RS256 or ES256\n", cmd);
		return 2;
	}
	if (oidc_client_key_new(alg ? alg : "RS256", k) < 0) {
		fprintf(stderr, "%s: could not make a key pair\n", cmd);
		return 1;
	}
	return 0;
}

static void key_report(const char *slug, const struct oidc_client_key *k, const char *public_url)
{
	printf("client key %s (%s); register its public half at the provider as jwks_uri "
	       "%s/api/v1/sso/%s/jwks.json\n",
	       k->kid, k->alg, public_url ? public_url : "<public URL>", slug);
}

static int sso_add(int argc, char **argv)
{
	static const char *const opts[] = {"--db",	     "--org",	  "--issuer",  "--client-id",
					   "--name",	     "--domains", "--groups",  "--auth-method",
					   "--groups-claim", "--mfa-acr", "--key-pem", "--key-alg",
					   "--public-url",   NULL};
	static const char *const flags[] = {"--jit", NULL};
	if (args_check(argc, argv, 2, opts, flags) < 0)
		return usage();
	const char *slug = args_get(argc, argv, "--org"), *issuer = args_get(argc, argv, "--issuer");
	const char *client = args_get(argc, argv, "--client-id"), *name = args_get(argc, argv, "--name");
	const char *method = args_get(argc, argv, "--auth-method");
	const char *claim = args_get(argc, argv, "--groups-claim"), *acr = args_get(argc, argv, "--mfa-acr");
	static struct sso_provider p;
	memset(&p, 0, sizeof p);
	if (!slug || !issuer || !client)
		return usage();
	if (!oidc_url_ok(issuer)) {
		fprintf(stderr, "scalelab sso add: --issuer must be an https:// URL (http:// only to a "
				"loopback address)\n");
		return 2;
	}
	if (method && strcmp(method, "client_secret_basic") && strcmp(method, "client_secret_post") &&
	    strcmp(method, "private_key_jwt"))
		return usage();
	int keyed = method && !strcmp(method, "private_key_jwt");
	const char *pem = args_get(argc, argv, "--key-pem"), *kalg = args_get(argc, argv, "--key-alg");
	if (!keyed && (pem || kalg)) {
		fprintf(stderr, "scalelab sso add: --key-pem and --key-alg go with --auth-method "
				"private_key_jwt\n");
		return 2;
	}
	if (parse_groups(args_get(argc, argv, "--groups"), &p) < 0) {
		fprintf(stderr,
			"scalelab sso add: --groups is 'group=role,...' with role beheerder, bewerker, "
			"deelnemer or lezer\n");
		return 2;
	}
	/* domains: lower case, letters, digits, dots and hyphens */
	char doms[1024];
	snprintf(doms, sizeof doms, "%s",
		 args_get(argc, argv, "--domains") ? args_get(argc, argv, "--domains") : "");
	const char *list[20];
	size_t nd = 0;
	for (char *t = strtok(doms, " ,"); t; t = strtok(NULL, " ,")) {
		for (char *c = t; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if (nd == 20 || strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789.-") != strlen(t) ||
		    !strchr(t, '.')) {
			fprintf(stderr, "scalelab sso add: --domains holds e-mail domains such as "
					"gemeente.nl (at most 20)\n");
			return 2;
		}
		list[nd++] = t;
	}
	char secret[402] = "";
	if (!keyed && (args_read_secret(secret, sizeof secret) < 0 || !*secret || strlen(secret) > 400)) {
		fprintf(stderr,
			"scalelab sso add: give the client secret on standard input (at most 400 bytes)\n");
		return 2;
	}
	if (open_db(args_get(argc, argv, "--db")) < 0)
		return 1;
	struct oidc_client_key key = {0};
	/* run again without --key-pem/--key-alg: the key pair it has stays */
	static struct sso_provider old;
	int64_t known = org_id_by_slug(slug);
	int keep = keyed && !pem && !kalg && known > 0 && sso_store_get(known, &old) == 0 && old.key_box_len;
	if (keyed && !keep) {
		int krc = key_get("scalelab sso add", pem, kalg, &key);
		if (krc)
			return krc;
	}
	int rc = db_begin();
	if (rc < 0)
		return dbmsg_fail("scalelab sso add", rc);
	int64_t org = org_id_by_slug(slug);
	if (org <= 0) {
		db_rollback();
		fprintf(stderr, "scalelab sso add: no organisation '%s'\n", slug);
		return 1;
	}
	p.org_id = org;
	snprintf(p.display_name, sizeof p.display_name, "%s", name ? name : slug);
	snprintf(p.issuer, sizeof p.issuer, "%s", issuer);
	snprintf(p.client_id, sizeof p.client_id, "%s", client);
	snprintf(p.auth_method, sizeof p.auth_method, "%s", method ? method : "client_secret_basic");
	snprintf(p.groups_claim, sizeof p.groups_claim, "%s", claim ? claim : "groups");
	snprintf(p.mfa_acr, sizeof p.mfa_acr, "%s", acr ? acr : "");
	p.jit = args_flag(argc, argv, "--jit");
	p.enabled = 1;
	p.box_len = keyed ? 0 : sso_seal(secret, p.box, sizeof p.box);
	memset(secret, 0, sizeof secret);
	free(api_secret("sso-cookie")); /* made now, in a write */
	const char *taken = NULL;
	rc = sso_store_put(&p, list, nd, &taken);
	if (rc == -ERR_CONFLICT) {
		db_rollback();
		fprintf(stderr,
			"scalelab sso add: the domain %s belongs to another organisation's provider\n",
			taken);
		return 1;
	}
	if (rc == 0 && keyed && !keep)
		rc = key_put(org, &key);
	if (rc < 0) {
		oidc_client_key_free(&key);
		return dbmsg_fail("scalelab sso add", rc);
	}
	cli_audit(org, "sso.update", "organisation", org);
	if (dbmsg_commit("scalelab sso add")) {
		oidc_client_key_free(&key);
		return 1;
	}
	const char *pub = args_get(argc, argv, "--public-url");
	printf("single sign-on for %s: %s (redirect URI %s/inloggen/sso/terug)\n", slug, issuer,
	       pub ? pub : "<public URL>");
	if (keep) {
		json_t *j = json_loads(old.key_public, 0, NULL);
		const char *kid = json_string_value(json_object_get(j, "kid"));
		const char *kty = json_string_value(json_object_get(j, "kty"));
		snprintf(key.kid, sizeof key.kid, "%s", kid ? kid : "?");
		key.alg = kty && !strcmp(kty, "EC") ? "ES256" : "RS256";
		json_decref(j);
		printf("the client key stays; ");
	}
	if (keyed)
		key_report(slug, &key, pub);
	oidc_client_key_free(&key);
	return 0;
}

/* `sso key`: a new key pair, or a private key imported from a PEM file. */
static int sso_key(int argc, char **argv)
{
	static const char *const opts[] = {"--db", "--org", "--pem", "--alg", "--public-url", NULL};
	const char *slug = args_get(argc, argv, "--org");
	if (args_check(argc, argv, 2, opts, NULL) < 0 || !slug)
		return usage();
	const char *pem = args_get(argc, argv, "--pem"), *alg = args_get(argc, argv, "--alg");
	if (pem && alg)
		return usage();
	if (open_db(args_get(argc, argv, "--db")) < 0)
		return 1;
	struct oidc_client_key key = {0};
	int krc = key_get("scalelab sso key", pem, alg, &key);
	if (krc)
		return krc;
	int rc = db_begin();
	if (rc < 0) {
		oidc_client_key_free(&key);
		return dbmsg_fail("scalelab sso key", rc);
	}
	int64_t org = org_id_by_slug(slug);
	rc = org > 0 ? key_put(org, &key) : -ERR_NOTFOUND;
	if (rc == -ERR_NOTFOUND) {
		db_rollback();
		oidc_client_key_free(&key);
		fprintf(stderr, "scalelab sso key: '%s' has no single sign-on (scalelab sso add first)\n",
			slug);
		return 1;
	}
	if (rc < 0) {
		oidc_client_key_free(&key);
		return dbmsg_fail("scalelab sso key", rc);
	}
	if (dbmsg_commit("scalelab sso key")) {
		oidc_client_key_free(&key);
		return 1;
	}
	key_report(slug, &key, args_get(argc, argv, "--public-url"));
	oidc_client_key_free(&key);
	return 0;
}

static int sso_remove(int argc, char **argv)
{
	static const char *const opts[] = {"--db", "--org", NULL};
	const char *slug = args_get(argc, argv, "--org");
	if (args_check(argc, argv, 2, opts, NULL) < 0 || !slug)
		return usage();
	if (open_db(args_get(argc, argv, "--db")) < 0)
		return 1;
	int rc = db_begin();
	if (rc < 0)
		return dbmsg_fail("scalelab sso remove", rc);
	int64_t org = org_id_by_slug(slug);
	rc = org > 0 ? sso_store_delete(org) : -ERR_NOTFOUND;
	if (rc == -ERR_NOTFOUND) {
		db_rollback();
		fprintf(stderr, "scalelab sso remove: '%s' has no single sign-on\n", slug);
		return 1;
	}
	if (rc < 0)
		return dbmsg_fail("scalelab sso remove", rc);
	cli_audit(org, "sso.delete", "organisation", org);
	if (dbmsg_commit("scalelab sso remove"))
		return 1;
	printf("single sign-on for %s removed\n", slug);
	return 0;
}

int cmd_sso(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return sso_add(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "remove"))
		return sso_remove(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "key"))
		return sso_key(argc, argv);
	return usage();
}
