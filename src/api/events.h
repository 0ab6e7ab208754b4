/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * events: handlers of the events module: an initiative's event sources
 * (create with a key shown once, read with counters and last errors,
 * rename and retention, key rotation and revocation) and the erasure of
 * one person's events (GDPR art. 17). The events themselves arrive on the
 * clients' own paths (events/ingest.h), not here.
 */
#ifndef SL_API_EVENTS_H
#define SL_API_EVENTS_H

#include <jansson.h>
#include <stdint.h>

#include "api/api.h"
#include "domain/event_source.h"

/* A new source of kind for an initiative (the CLI's `source add`): its id,
 * and the key into key (EVENT_SOURCE_KEY_MAX; "" for plausible). Runs in
 * the caller's write transaction. New id, -ERR_INVALID with *reason a
 * catalogue key, or -ERR_CONFLICT (the domain has an active source). */
int64_t api_event_source_add(int64_t initiative_id, enum event_source_kind kind, const char *name,
			     const char *domain, int retention_days, int64_t user_id,
			     char key[EVENT_SOURCE_KEY_MAX], const char **reason);

int api_event_source_list(struct api_ctx *c, json_t **out);
int api_event_source_new_form(struct api_ctx *c, json_t **out);
int api_event_source_create(struct api_ctx *c, json_t **out);
int api_event_source_get(struct api_ctx *c, json_t **out);
int api_event_source_update(struct api_ctx *c, json_t **out);
int api_event_source_rotate(struct api_ctx *c, json_t **out);
int api_event_source_revoke(struct api_ctx *c, json_t **out);
int api_event_erase(struct api_ctx *c, json_t **out);

/* The module's headline about an initiative (module.h evidence hook):
 * into["events"] = {sources, activeSources, eventsAccepted, lastEventAt},
 * left alone when the initiative has no source. Only reads; 0. */
int api_events_evidence(int64_t initiative_id, json_t *into);

#endif
