/* SPDX-License-Identifier: EUPL-1.2 */
/* demo_sso: Gemeente Rivierstad signs in through its own identity provider:
 * issuer, client, its e-mail domain, groups mapped to roles, accounts at
 * first sign-in, Scalelab authenticating with a key pair (private_key_jwt:
 * the key made here, its JWKS published), and its beheerder linked as if
 * they had signed in once. The issuer is not live, so the configuration page
 * says it does not answer. */
#include "cli/demo_sso.h"

#include <stdio.h>
#include <string.h>

#include "api/sso.h"
#include "domain/oidc.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/org.h"
#include "store/sso_store.h"

void demo_sso_load(void)
{
	int64_t org = org_id_by_slug("gemeente-rivierstad");
	BUG_ON(org <= 0);
	static struct sso_provider p;
	memset(&p, 0, sizeof p);
	p.org_id = org;
	snprintf(p.display_name, sizeof p.display_name, "Rivierstad Account");
	snprintf(p.issuer, sizeof p.issuer, "https://login.gemeente-rivierstad.example/realms/medewerkers");
	snprintf(p.client_id, sizeof p.client_id, "scalelab-opschalingslab");
	snprintf(p.auth_method, sizeof p.auth_method, "private_key_jwt");
	snprintf(p.groups_claim, sizeof p.groups_claim, "groups");
	snprintf(p.mfa_acr, sizeof p.mfa_acr, "urn:rivierstad:loa:substantieel");
	p.jit = 1;
	p.enabled = 1;
	static const struct {
		const char *group;
		enum role role;
	} groups[] = {
	    {"opschalingslab-beheer", ROLE_BEHEERDER},
	    {"innovatieteam", ROLE_BEWERKER},
	    {"schuldhulpverlening", ROLE_DEELNEMER},
	    {"alle-medewerkers", ROLE_LEZER},
	};
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
		snprintf(p.groups[i].group, sizeof p.groups[i].group, "%s", groups[i].group);
		p.groups[i].role = groups[i].role;
	}
	p.ngroups = sizeof groups / sizeof groups[0];
	p.box_len = 0; /* no secret: a key pair */
	const char *domains[] = {"gemeente-rivierstad.example"};
	const char *taken = NULL;
	BUG_ON(sso_store_put(&p, domains, 1, &taken) < 0);
	struct oidc_client_key k;
	BUG_ON(oidc_client_key_new("RS256", &k) < 0);
	static unsigned char box[SSO_KEY_BOX_MAX];
	size_t n = sso_seal(k.private_jwk, box, sizeof box);
	BUG_ON(sso_store_key_set(org, box, n, k.public_jwk) < 0);
	oidc_client_key_free(&k);
	struct user u;
	if (account_user_by_email("rivierstad@scalelab.test", &u) == 0)
		BUG_ON(sso_store_identity_link(u.id, org, p.issuer, "f3c9a1e2-rivierstad-0001") < 0);
}
