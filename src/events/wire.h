/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * wire: the wire formats of PostHog, Segment, Mixpanel and Plausible,
 * decoded into events and identity links for the event store. Each event
 * is validated on its own; a bad one is reported by its index in the
 * request (wire_batch.errors) and the good ones are kept. No I/O: the
 * caller resolves the key, appends and answers.
 */
#ifndef SL_WIRE_H
#define SL_WIRE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "store/event_store.h"

#define WIRE_NAME_MAX 1024		    /* bytes of an event name */
#define WIRE_FUTURE_MS (24LL * 3600 * 1000) /* an event at most a day ahead */
#define WIRE_PAST_MS 946684800000LL	    /* 2000-01-01: older is a broken clock */
#define WIRE_UUID_MAX 200		    /* bytes of a client's event id */

enum wire_segment_type {
	WIRE_SEGMENT_BATCH, /* /v1/batch: each message names its type */
	WIRE_SEGMENT_TRACK,
	WIRE_SEGMENT_IDENTIFY,
	WIRE_SEGMENT_PAGE,
	WIRE_SEGMENT_SCREEN,
	WIRE_SEGMENT_GROUP,
	WIRE_SEGMENT_ALIAS,
};

/* The decoded request. Event and alias strings point into root or into
 * copies the batch owns; all are freed by wire_batch_free. */
struct wire_batch {
	struct event_in *ev;
	size_t *index; /* index of ev[i] in the request */
	size_t n, cap;
	struct event_alias *alias;
	size_t n_alias, cap_alias;
	size_t total;	 /* events in the request, good and bad */
	json_t *errors;	 /* [{index, reason}] of the refused events, in order */
	json_t *root;	 /* the parsed request */
	const char *key; /* project key, write key or token the request names; NULL: none */
	int64_t sent_ms; /* set by the caller: the client's send time from outside the body
			  * (posthog-js's ?_=<ms>), used when the body has no sent_at; 0: none */
	char **owned;	 /* copies made for events (properties text, ids) */
	size_t n_owned, cap_owned;
};

/* Parses ISO 8601 / RFC 3339 date-time text ("2026-11-29T10:00:00.123Z",
 * offsets, no zone is UTC) into Unix ms: 0, or -1 when it is none. */
int wire_time_parse(const char *s, int64_t *ms);

/* Parses JSON text into b->root: 0, or -1 with *reason (English). */
int wire_parse(struct wire_batch *b, const char *json, size_t len, const char **reason);

/* PostHog /batch/, /capture/, /e/, /i/v0/e/: one event, an array, or
 * {api_key, batch, sent_at}. now_ms is the server's clock (skew
 * correction: ts + (now - sent_at)); query_key a key from the query
 * string, or NULL. 0, or -1 with *reason when the request has no events. */
int wire_posthog(struct wire_batch *b, int64_t now_ms, const char *query_key, const char **reason);
/* Segment /v1/<type>: one message, or {batch, writeKey, sentAt}. */
int wire_segment(struct wire_batch *b, enum wire_segment_type type, int64_t now_ms, const char **reason);
/* Mixpanel /track (engage 0) and /engage (engage 1): one object or an
 * array; the token is each event's properties.token ($token for engage). */
int wire_mixpanel(struct wire_batch *b, int engage, int64_t now_ms, const char **reason);
/* Plausible /api/event: one event; visitor is the visitor id the caller
 * derived (http: daily salted hash of address and User-Agent). */
int wire_plausible(struct wire_batch *b, int64_t now_ms, const char *visitor, const char **reason);

void wire_batch_free(struct wire_batch *b);

#endif
