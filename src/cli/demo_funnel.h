/* SPDX-License-Identifier: EUPL-1.2 */
/* demo_funnel: two saved funnels on the demo initiative's event source. */
#ifndef SL_DEMO_FUNNEL_H
#define SL_DEMO_FUNNEL_H

/* Saves the funnels in a transaction of its own (after demo_events_load
 * made the source); nothing when the initiative or its source is absent.
 * 0, or -ERR_*. */
int demo_funnel_load(void);

#endif
