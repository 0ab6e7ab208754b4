/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_metrics: metric kernels fed from the event store the fastest exact
 * way. First-time retention with "any event" as the start and the return
 * event: from the store's day spans (person_spans: about one span per
 * person-day, two passes) when the kernel says spans give the events'
 * result (metrics_retention_spans_exact). A funnel, when the kernel says
 * passes give the same (metrics_funnel_passes_exact): from the store's
 * events of the step names in person order (person_keys, a merge join:
 * metrics_funnel_join), or else from its rows of each step name in any
 * order (rows, one pass per step). Else every event in time order (scan),
 * as before.
 */
#ifndef SL_EVENT_METRICS_H
#define SL_EVENT_METRICS_H

#include "domain/metrics.h"
#include "domain/metrics_funnel.h"
#include "store/event_store.h"

/* Feeds every event of project matching f into r as a start and a return
 * (as metrics_retention_add(r, ts, person, 1, 1) in time order would; no
 * breakdown group). 0, -ERR_IO, or -ERR_INVALID when out of memory in
 * the kernel. */
int event_retention_fill(struct event_store *s, int64_t project, const struct event_filter *f,
			 struct metrics_retention *r);

/* Feeds the events of project matching f into the funnel fu (steps[0 ..
 * n_steps): its step names) without breakdown groups, as
 * metrics_funnel_add() with every event in time order and then
 * metrics_funnel_end() would: through a merge join of the step names'
 * person-ordered keys or passes over each step name's rows when exact, else a scan of f as given (its names:
 * the steps for loose order, none for strict order). 0, -ERR_IO, or -ERR_INVALID when out of memory in the
 * kernel. */
int event_funnel_fill(struct event_store *s, int64_t project, const struct event_filter *f,
		      struct metrics_funnel *fu, const uint32_t *steps, int n_steps);

#endif
