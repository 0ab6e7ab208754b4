/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * rcache: answers to GET requests kept per thread for as long as they are
 * provably the answer a new request would get, so a repeated read costs
 * the pipeline's checks (authentication, scope, role) but not the
 * handler, the JSON and the page again.
 *
 * An answer is reused only when all of these are equal:
 *   - the key: a BLAKE2b hash over everything the pipeline hands the
 *     handler and the renderer (route, path, raw query, API or page,
 *     language, Accept, the principal: user, token and its scope and
 *     organisation, administrator, the organisation and role the scope
 *     check resolved, the CSRF token a page shows, the client address,
 *     the whole Cookie header);
 *   - the data: the read transaction's state (api_data_state: SQLite's
 *     data_version, which changes with every commit of any other
 *     connection or process, and this connection's own writes); and, for
 *     an answer whose making read the event store (api_event_tracked: the
 *     metrics headline, source counters), the write generations of the
 *     projects and sources it read (store/event_gen.h), which every
 *     ingestion commit, sealed block, erasure, retention expiry, project
 *     erasure and pending counter of theirs bumps;
 *   - the clock: an answer whose making read the clock (time_now(),
 *     time_now_ms(), or SQL's 'now' through the connection's VFS) is
 *     reused in the same second only, so it is never older than the time
 *     it was made in; one that read only the date (time_utc_date) in the
 *     same UTC day; one that did not read it depends on no time.
 * An answer is kept only when the handler drew no random token, wrote
 * nothing, set no cookie and no header besides X-Total-Count, and the
 * second and the data did not change while it ran. A route takes part
 * when its row carries R_REUSE (api/route.h): its handler was reviewed to
 * read only the database, the event store (through event_live), the
 * request's inputs above and the clock (not files or other processes).
 *
 * Bounded: RCACHE_ENTRIES answers of at most RCACHE_ENTRY_MAX bytes and
 * RCACHE_BYTES in all per thread (past seconds' answers go first, then the
 * oldest); everything is dropped when the database changes, an answer
 * that read the event store when what it read there changes.
 */
#ifndef SL_HTTP_RCACHE_H
#define SL_HTTP_RCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "api/auth.h"

#define RCACHE_ENTRIES 32
#define RCACHE_ENTRY_MAX (512u * 1024)
#define RCACHE_BYTES (2u * 1024 * 1024)
#define RCACHE_KEY_LEN 32
#define RCACHE_ETAG_LEN 27 /* 24 hex digits quoted, with NUL */

struct rcache_keyb; /* a key being built */

struct rcache_answer {
	const char *ctype; /* a string literal of the pipeline */
	const char *body;
	size_t len;
	int has_total; /* X-Total-Count */
	long long total;
	char etag[RCACHE_ETAG_LEN];
};

/* Starts a key; add every input with rcache_key_add (NULL and "" differ). */
struct rcache_keyb *rcache_key_begin(void);
void rcache_key_add(struct rcache_keyb *k, const char *s);
void rcache_key_add_int(struct rcache_keyb *k, long long v);
void rcache_key_end(struct rcache_keyb *k, unsigned char out[RCACHE_KEY_LEN]);

/* The kept answer for key in this data state (and, when it read the
 * clock, the same second or day as now), or NULL. It stays valid until the
 * next rcache_* call of this thread. */
const struct rcache_answer *rcache_get(const unsigned char key[RCACHE_KEY_LEN],
				       const struct api_data_state *st, int64_t now);
/* Keeps a copy of an answer made at `now` that holds for the period of
 * `span` seconds it was made in: 1 (it read the time), 86400 (it read the
 * UTC date only) or 0 (it did not read the clock); `ev` (NULL: none):
 * what it read of the event store, so it holds while that is the same.
 * Silently not when it is larger than RCACHE_ENTRY_MAX. */
void rcache_put(const unsigned char key[RCACHE_KEY_LEN], const struct api_data_state *st, int64_t now,
		int64_t span, const struct api_event_deps *ev, const struct rcache_answer *a);

/* A strong entity tag of a body: 96 bits of its SipHash-2-4-128, quoted hex. */
void rcache_etag(const void *body, size_t len, char out[RCACHE_ETAG_LEN]);

/* Answers kept and reused on this thread (tests, logs). */
void rcache_stats(unsigned long *hits, unsigned long *misses);

#endif
