/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_retention: first-time retention with "any event" as the start and
 * the return event, fed from the event store the fastest exact way: the
 * store's day spans (person_spans: about one span per person-day, two
 * passes) when the kernel says spans give the events' result
 * (metrics_retention_spans_exact), else every event in time order (scan).
 */
#ifndef SL_EVENT_RETENTION_H
#define SL_EVENT_RETENTION_H

#include "domain/metrics.h"
#include "store/event_store.h"

/* Feeds every event of project matching f into r as a start and a return
 * (as metrics_retention_add(r, ts, person, 1, 1) in time order would; no
 * breakdown group). 0, -ERR_IO, or -ERR_INVALID when out of memory in
 * the kernel. */
int event_retention_fill(struct event_store *s, int64_t project, const struct event_filter *f,
			 struct metrics_retention *r);

#endif
