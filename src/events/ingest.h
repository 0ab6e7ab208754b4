/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ingest: the ingestion endpoints of the analytics clients (PostHog,
 * Segment, Mixpanel, Plausible) apart from HTTP plumbing: which paths they
 * are, what a request means, the source its key names, the append to the
 * event store (durable before any 2xx) and the answer each client
 * expects. Runs on its own worker threads, never in the pages' and API's
 * database transaction; the key is resolved with one short read.
 */
#ifndef SL_INGEST_H
#define SL_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

#define INGEST_BODY_MAX (20u * 1024 * 1024) /* raw body of an ingestion request */

enum ingest_endpoint {
	INGEST_NONE,
	INGEST_POSTHOG,	      /* /batch/, /capture/, /e/, /i/v0/e/ (with or without the slash) */
	INGEST_POSTHOG_FLAGS, /* /flags, /decide: "no flags" */
	INGEST_SEGMENT,	      /* /v1/batch, /v1/track, ... */
	INGEST_MIXPANEL,      /* /track, /engage */
	INGEST_PLAUSIBLE,     /* /api/event */
};

/* The endpoint method and path (no query) name, or INGEST_NONE; *sub is
 * the Segment type (wire.h) or 1 for Mixpanel's /engage. OPTIONS (a
 * browser's preflight) names the endpoint too. */
enum ingest_endpoint ingest_route(const char *method, const char *path, int *sub);

struct ingest_request {
	enum ingest_endpoint ep;
	int sub;
	const char *method;
	const char *query; /* raw query string after '?', or NULL */
	const char *content_type, *content_encoding, *authorization, *user_agent;
	const char *ip; /* the client's address (trusted-proxy aware); hashed, never stored */
	const char *body;
	size_t len;
	int too_large; /* the raw body passed INGEST_BODY_MAX */
};

struct ingest_reply {
	int status;
	struct buf body;
	const char *ctype;
	int retry_after; /* seconds, 0: none */
};

/* Handles one request (blocking until the events are durable). */
void ingest_handle(const struct ingest_request *rq, struct ingest_reply *rp);

/* Opens the event store in dir (created when absent) and starts the
 * ingestion workers and the background thread (counters flushed every
 * second, retention swept every hour). 0, or -ERR_IO (logged). */
int ingest_start(const char *dir, int workers);
/* Runs fn(arg) on an ingestion worker. */
void ingest_submit(void (*fn)(void *), void *arg);
/* Stops the workers and the background thread, flushes the counters and
 * closes the store. */
void ingest_stop(void);

/* The Plausible visitor id of an address and User-Agent for a domain on
 * day (days since 1970, UTC) with that day's salt: hex, 32 characters. */
void ingest_visitor_id(const unsigned char salt[32], const char *ip, const char *ua, const char *domain,
		       char out[33]);

#endif
