/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_source: the rules of an initiative's event sources. A source is
 * one analytics client kind (PostHog, Segment, Mixpanel, Plausible) with a
 * key the client sends: a project key, write key or token, shown once and
 * stored as a digest; for Plausible the site's domain, which is public.
 * Key formats, retention bounds and the stored words. No storage, no clock.
 */
#ifndef SL_EVENT_SOURCE_H
#define SL_EVENT_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#define EVENT_SOURCE_NAME_MAX 120
#define EVENT_SOURCE_DOMAIN_MAX 253
#define EVENT_SOURCE_RETENTION_MIN 1
#define EVENT_SOURCE_RETENTION_MAX 3650
#define EVENT_SOURCE_RETENTION_DEFAULT 395 /* 13 months: a year compared with the one before */
#define EVENT_SOURCE_KEY_MAX 64		   /* a key, with its prefix, NUL included */
#define EVENT_SOURCE_ERRORS_MAX 20	   /* last errors kept per source */

enum event_source_kind {
	EVENT_SOURCE_KIND_NONE,
	EVENT_SOURCE_KIND_POSTHOG,   /* posthog: project key phc_... */
	EVENT_SOURCE_KIND_SEGMENT,   /* segment: write key (Basic auth user name) */
	EVENT_SOURCE_KIND_MIXPANEL,  /* mixpanel: project token */
	EVENT_SOURCE_KIND_PLAUSIBLE, /* plausible: the site's domain */
};

enum event_source_status {
	EVENT_SOURCE_STATUS_NONE,
	EVENT_SOURCE_STATUS_ACTIEF,	 /* actief: events are accepted */
	EVENT_SOURCE_STATUS_INGETROKKEN, /* ingetrokken: the key was revoked, 401 */
};

/* Stored and API words, index + 1 being the enum value, NULL-terminated. */
extern const char *const event_source_kinds[];	  /* posthog segment mixpanel plausible */
extern const char *const event_source_statuses[]; /* actief ingetrokken */

const char *event_source_kind_name(enum event_source_kind k);
enum event_source_kind event_source_kind_parse(const char *s);
const char *event_source_status_name(enum event_source_status s);
enum event_source_status event_source_status_parse(const char *s);

/* The key's prefix per kind ("phc_" for PostHog, as its clients expect). */
const char *event_source_key_prefix(enum event_source_kind k);
/* Builds a key of kind k from a random token (letters, digits, - and _)
 * into out (EVENT_SOURCE_KEY_MAX). */
void event_source_key_make(enum event_source_kind k, const char *token, char out[EVENT_SOURCE_KEY_MAX]);
/* The part of a key shown after it was created: its first characters and
 * an ellipsis, so a person can tell keys apart without the key. */
void event_source_key_hint(const char *key, char out[24]);

/* 1 when s is a host name as Plausible sends it (letters, digits, '-',
 * '.', labels of 1..63, at most 253, not starting or ending with '.' or
 * '-'); case is folded by the caller. */
int event_source_domain_valid(const char *s, size_t n);

/* A source as the store hands it out. */
struct event_source {
	int64_t id, initiative_id, org_id;
	enum event_source_kind kind;
	enum event_source_status status;
	char name[EVENT_SOURCE_NAME_MAX * 4 + 1];
	char initiative_name[512];
	char key_hint[24];
	char domain[EVENT_SOURCE_DOMAIN_MAX + 1]; /* plausible; "" otherwise */
	int retention_days;
	char created_at[21], rotated_at[21], revoked_at[21]; /* "" when never */
};

/* The counters of a source (what it accepted and refused). */
struct event_source_counts {
	int64_t accepted, duplicates, refused;
	int64_t last_event_ms;	  /* the newest accepted event's own time; 0: none */
	int64_t last_received_ms; /* when the last request arrived; 0: none */
};

#endif
