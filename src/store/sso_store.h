/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * sso_store: tables sso_providers, sso_domains, sso_group_roles,
 * sso_identities, sso_states and sso_sessions (sso_schema.c). The client
 * secret is stored only sealed (the api layer seals and opens it).
 */
#ifndef SL_SSO_STORE_H
#define SL_SSO_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/oidc.h"

#define SSO_BOX_MAX 600
#define SSO_GROUPS_MAX 50
#define SSO_KEY_BOX_MAX 12288 /* a sealed private JWK (RSA up to 8192 bits) */
#define SSO_KEY_PUBLIC_MAX 2400

/* An organisation's provider. */
struct sso_provider {
	int64_t org_id;
	char org_slug[128];
	char org_name[1024];
	/* text fields hold their longest value in UTF-8 (4 bytes a character) */
	char display_name[513];
	char issuer[4001];
	char client_id[1021];
	char auth_method[24]; /* client_secret_basic | client_secret_post | private_key_jwt */
	char groups_claim[257];
	char mfa_acr[256];  /* acr values that count as two-step, space separated */
	char domains[1024]; /* the e-mail domains, space separated, sorted */
	int jit;	    /* 1: a new person gets an account at first login */
	int enabled;
	char updated_at[21];
	unsigned char box[SSO_BOX_MAX]; /* the sealed client secret */
	size_t box_len;
	struct oidc_group_role groups[SSO_GROUPS_MAX];
	size_t ngroups;
	/* the client key pair for private_key_jwt (key_box_len 0: none yet) */
	unsigned char key_box[SSO_KEY_BOX_MAX]; /* the sealed private JWK */
	size_t key_box_len;
	char key_public[SSO_KEY_PUBLIC_MAX]; /* the public JWK as published */
	char key_created_at[21];
};

/* Fills *p for the organisation: 0, -ERR_NOTFOUND, or a database failure. */
int sso_store_get(int64_t org_id, struct sso_provider *p);
/* The organisation whose provider serves this e-mail domain (> 0), or 0. */
int64_t sso_store_org_by_domain(const char *domain);
/* Writes the provider of p->org_id with its domains (ndomains strings) and
 * groups; p->box holds the sealed secret. 0, -ERR_CONFLICT when a domain
 * belongs to another organisation (*taken names it, borrowed from domains). */
int sso_store_put(const struct sso_provider *p, const char *const *domains, size_t ndomains,
		  const char **taken);
/* Sets the organisation's client key pair (sealed private JWK, public
 * JWK text); 0, -ERR_NOTFOUND without a provider, or a database failure.
 * sso_store_put leaves the key as it is. */
int sso_store_key_set(int64_t org_id, const unsigned char *box, size_t box_len, const char *public_jwk);
/* Removes the provider, its domains and group mappings (identities stay). */
int sso_store_delete(int64_t org_id);

/* The user linked to (issuer, subject), or 0. */
int64_t sso_store_identity_user(const char *issuer, const char *subject);
/* Links (issuer, subject) to the user, or records a login of the link. */
int sso_store_identity_link(int64_t user_id, int64_t org_id, const char *issuer, const char *subject);
/* How many identities are linked to the organisation's provider. */
int64_t sso_store_identity_count(int64_t org_id);
/* One linked identity, as the account page shows it. */
struct sso_identity {
	int64_t id;
	int64_t org_id; /* 0 when the organisation is gone */
	char org_slug[128];
	char org_name[1024];
	char issuer[4001];
	char subject[1021];
	char created_at[21];
	char last_login_at[21];
};
/* The identities linked to the user, oldest first (caller frees *list). */
int sso_store_identities_of(int64_t user_id, struct sso_identity **list, size_t *n);
/* Removes the user's identity id: 0, -ERR_NOTFOUND when it is not theirs. */
int sso_store_identity_unlink(int64_t user_id, int64_t id, struct sso_identity *was);

/* Records a login state as used: 0, or -ERR_CONFLICT when it was used
 * before (a replayed answer). Forgets states older than a day. */
int sso_store_state_use(const unsigned char hash[32]);
/* 1 when the state was used already (a read, before any network work). */
int sso_store_state_used(const unsigned char hash[32]);

/* Notes that the session (its digest) was made by an SSO login of org,
 * and whether the provider's login counted as two-step. */
int sso_store_session_add(const unsigned char hash[32], int64_t org_id, int mfa);
/* The organisation whose SSO login made the session, or 0. */
int64_t sso_store_session_org(const unsigned char hash[32]);
/* 1 when the session was made by an SSO login whose provider did two-step. */
int sso_store_session_mfa(const unsigned char hash[32]);

#endif
