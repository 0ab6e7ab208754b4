/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * party_store: tables party_profiles, party_offers, initiative_partners
 * and connect_requests (joins organisations, initiatives, users). Rows are
 * handed out as JSON (the API shapes them).
 */
#ifndef SL_PARTY_STORE_H
#define SL_PARTY_STORE_H

#include <jansson.h>
#include <stdint.h>

/* A profile with offers and organisation (slug, name, kind as helix), or NULL. */
json_t *party_store_get(int64_t org_id);
/* Every profile, by organisation name (expired ones too: the caller decides). */
json_t *party_store_list(void);
/* One page of the profiles confirmed at or after confirmed_since (RFC
 * 3339), by organisation name: only helix kind helix and only those that
 * offer ingredient offer (each NULL: any); at most limit after the first
 * offset, each with its offers. */
json_t *party_store_list_page(const char *confirmed_since, const char *helix, const char *offer,
			      int64_t offset, int limit);
/* How many profiles party_store_list_page has in all. */
int64_t party_store_count(const char *confirmed_since, const char *helix, const char *offer);
/* Writes the profile and replaces its offers (array of {"ingredient","note"});
 * writing confirms it. */
int party_store_put(int64_t org_id, const char *summary, const char *seeks, const char *regions,
		    const char *sectors, const char *website, json_t *offers);
int party_store_confirm(int64_t org_id);
/* Sets when the profile was last confirmed (RFC 3339; the demo data). */
int party_store_confirm_at(int64_t org_id, const char *at);
/* Initiatives the organisation took part in (its own and as partner):
 * [{"id","name","stage","orgId","shared"}]. */
json_t *party_store_initiatives(int64_t org_id);
void party_store_partner_add(int64_t initiative_id, int64_t org_id);

int64_t party_store_request_create(int64_t from_user, int64_t from_org, int64_t from_initiative,
				   int64_t to_org, int64_t to_initiative, const char *message);
/* The receiving organisation of a request, or -ERR_NOTFOUND. */
int64_t party_store_request_org(int64_t id);
json_t *party_store_request_get(int64_t id);
int party_store_request_decide(int64_t id, const char *status, int64_t user_id);
/* One page of the requests the user's organisations received (received
 * 1) or sent to another organisation (0): open ones first, then newest
 * first; at most limit after the first offset. */
json_t *party_store_requests(int64_t user_id, int received, int64_t offset, int limit);
/* How many requests party_store_requests has in all (open_only: only the
 * open ones). */
int64_t party_store_requests_count(int64_t user_id, int received, int open_only);
/* Shared initiatives of other organisations than org_ids' (for "who already
 * did this?"), with sector, area, stage, description and organisation. */
json_t *party_store_shared_initiatives(int64_t user_id);

/* Profiles of the organisations where the user is bewerker or beheerder
 * whose renewal (confirmation + 365 days) falls between from and to (YYYY-MM-DD
 * or NULL): [{"orgId","slug","name","due"}]. */
json_t *party_store_renewals(int64_t user_id, const char *from, const char *to);

/* The user who sent connect request id (0: none, or deleted). */
int64_t party_store_request_from_user(int64_t id);

#endif
