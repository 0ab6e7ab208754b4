/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_live: the event ingestion state of this process that pages and
 * API share with the ingestion workers: the open event store, and each
 * source's counters and last errors not yet written to the database.
 * Counting never writes the database: event_live_flush() does, in the
 * background, once a second, in a short transaction of its own.
 * Thread-safe.
 */
#ifndef SL_EVENT_LIVE_H
#define SL_EVENT_LIVE_H

#include <jansson.h>
#include <stdint.h>

#include "domain/event_source.h"
#include "store/event_store.h"

/* The process's event store (NULL: none open; then ingestion answers 503
 * and export/erasure are unavailable). Not owned here. */
void event_live_set_store(struct event_store *s);
struct event_store *event_live_store(void);

/* Adds to the pending counters of a source (d's times are maxima). */
void event_live_count(int64_t source_id, const struct event_source_counts *d);
/* Records an error of a source: at (Unix ms) and a message (English, may
 * name an index; copied, cut at 300 bytes). */
void event_live_error(int64_t source_id, int64_t at_ms, const char *message);
/* Adds the pending counters of a source to *s and puts its pending errors
 * in front of errors (a JSON array, newest first). */
void event_live_pending(int64_t source_id, struct event_source_counts *s, json_t *errors);
/* Asks the background thread to apply every source's retention now (a
 * retention was shortened); event_live_sweep_due() takes the request. */
void event_live_request_sweep(void);
int event_live_sweep_due(void);
/* An initiative was deleted (its transaction may not have committed yet):
 * for the next 30 s the background thread looks every second for
 * projects of the event store without an initiative, and erases them
 * (erase_project). It also does so at start-up and hourly, so a crash
 * between the delete's commit and the erasure leaves no orphan events. */
void event_live_request_orphans(void);
int event_live_orphans_due(void);
/* Writes every pending counter to the database in one write transaction
 * of the calling thread (which must not hold one). 0, or the database
 * failure; on failure the counts stay pending and are tried again. */
int event_live_flush(void);

#endif
