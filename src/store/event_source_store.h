/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_source_store: tables event_sources, event_source_stats and
 * event_salts (joins initiatives for names and organisation). Keys are
 * looked up by their digest; the key itself is never stored.
 */
#ifndef SL_EVENT_SOURCE_STORE_H
#define SL_EVENT_SOURCE_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/event_source.h"

#define EVENT_DIGEST_LEN 32

/* A new source; strings borrowed. */
struct event_source_in {
	int64_t initiative_id;
	enum event_source_kind kind;
	const char *name;
	const unsigned char *digest; /* EVENT_DIGEST_LEN bytes; NULL for plausible */
	const char *key_hint;	     /* "" for plausible */
	const char *domain;	     /* plausible only, lower case */
	int retention_days;
	int64_t user_id; /* 0: the command line */
};

/* Organisation of the source's initiative, or -ERR_NOTFOUND. */
int64_t event_source_store_org(int64_t id);
/* New id, or -ERR_CONFLICT (an active source has this domain or key). */
int64_t event_source_store_create(const struct event_source_in *in);
/* 0 and *s, or -ERR_NOTFOUND. */
int event_source_store_get(int64_t id, struct event_source *s);
/* The active source whose key has this digest: 0 and *s, or -ERR_NOTFOUND. */
int event_source_store_by_digest(const unsigned char digest[EVENT_DIGEST_LEN], struct event_source *s);
/* The active Plausible source of a domain: 0 and *s, or -ERR_NOTFOUND. */
int event_source_store_by_domain(const char *domain, struct event_source *s);
/* Sources of an initiative (initiative_id > 0) or all of them (0), oldest
 * first; the caller frees the array. */
struct event_source *event_source_store_list(int64_t initiative_id, size_t *n);
/* A new key digest; the old key stops working. 0 or -ERR_NOTFOUND. */
int event_source_store_rotate(int64_t id, const unsigned char digest[EVENT_DIGEST_LEN], const char *hint);
/* Revokes the key: the source accepts nothing more (status ingetrokken).
 * 0, -ERR_NOTFOUND, or -ERR_CONFLICT when already revoked. */
int event_source_store_revoke(int64_t id);
/* Name and retention; 0 or -ERR_NOTFOUND. */
int event_source_store_update(int64_t id, const char *name, int retention_days);

/* The stored counters of a source (zeros when none yet) and its last
 * errors as a JSON array of {at, message}, newest first (caller owns). */
json_t *event_source_store_stats(int64_t id, struct event_source_counts *st);
/* Adds d to the stored counters and puts errors (a JSON array, newest
 * first; may be NULL) before the stored ones, keeping at most
 * EVENT_SOURCE_ERRORS_MAX. Inside the caller's write transaction. */
void event_source_store_stats_add(int64_t id, const struct event_source_counts *d, const json_t *errors);

/* Plausible's salt of day (days since 1970, UTC) into salt (32 bytes):
 * the stored one, or fresh (made by the caller in fresh) stored now, in
 * which case salts of earlier days are deleted. Inside the caller's write
 * transaction. 0, or the database failure. */
int event_source_store_salt(int64_t day, const unsigned char fresh[32], unsigned char salt[32]);

#endif
