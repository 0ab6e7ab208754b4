/* SPDX-License-Identifier: EUPL-1.2 */
/* demo_events: the events part of the demo: a PostHog source with events. */
#ifndef SL_DEMO_EVENTS_H
#define SL_DEMO_EVENTS_H

/* Adds a PostHog source to the demo initiative "Digitale schuldhulp-intake"
 * and a few thousand events of the last eight weeks (dates relative to
 * today, a fixed seed) to the event store beside db_path, unless the
 * initiative has a source already; prints the source's key. After
 * demo_load, in a transaction of its own. 0, or -ERR_*. */
int demo_events_load(const char *db_path);

#endif
