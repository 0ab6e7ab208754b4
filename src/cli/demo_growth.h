/* SPDX-License-Identifier: EUPL-1.2 */
/* demo_growth: the growth part of the demo events (signups, invites, the
 * satisfaction survey, licence purchases, an A/B test by feature flag), the
 * "Marketingkosten" KPI series and the experiment bound to those events. */
#ifndef SL_DEMO_GROWTH_H
#define SL_DEMO_GROWTH_H

#include <stdint.h>

#include "domain/event_source.h"
#include "store/event_store.h"

/* Appends the growth events of initiative ini (source) to s and adds them
 * to *d; then writes the KPI series and the experiment in a transaction of
 * its own. 0, or -ERR_*. */
int demo_growth_load(struct event_store *s, int64_t ini, int64_t source, struct event_source_counts *d);

#endif
