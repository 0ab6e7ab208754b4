/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * sso_cmd: `scalelab sso add|remove` sets up or removes an organisation's
 * identity provider for single sign-on from the command line (the same
 * rules as the page and the API: docs/sso.md), for operators of an
 * instance with many organisations. The client secret is read from
 * standard input and stored sealed. Audited with actor cli:<OS user>.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "api/sso.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/dbmsg.h"
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

static int sso_add(int argc, char **argv)
{
	static const char *const opts[] = {"--db",	     "--org",	  "--issuer", "--client-id",
					   "--name",	     "--domains", "--groups", "--auth-method",
					   "--groups-claim", "--mfa-acr", NULL};
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
	if (method && strcmp(method, "client_secret_basic") && strcmp(method, "client_secret_post"))
		return usage();
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
	char secret[402];
	if (args_read_secret(secret, sizeof secret) < 0 || !*secret || strlen(secret) > 400) {
		fprintf(stderr,
			"scalelab sso add: give the client secret on standard input (at most 400 bytes)\n");
		return 2;
	}
	if (open_db(args_get(argc, argv, "--db")) < 0)
		return 1;
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
	p.box_len = sso_seal(secret, p.box, sizeof p.box);
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
	if (rc < 0)
		return dbmsg_fail("scalelab sso add", rc);
	cli_audit(org, "sso.update", "organisation", org);
	if (dbmsg_commit("scalelab sso add"))
		return 1;
	printf("single sign-on for %s: %s (redirect URI <public URL>/inloggen/sso/terug)\n", slug, issuer);
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
	return usage();
}
