/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * experiment_events_store: table experiment_event_bindings (schema step
 * 23, growth_schema.c): how an experiment's counts are read from events.
 */
#ifndef SL_EXPERIMENT_EVENTS_STORE_H
#define SL_EXPERIMENT_EVENTS_STORE_H

#include <stdint.h>

#define EXPERIMENT_EVENTS_TEXT_MAX 200

struct experiment_events_binding {
	int64_t experiment_id;
	char exposure_event[EXPERIMENT_EVENTS_TEXT_MAX * 4 + 1]; /* "" : any event */
	char variant_property[EXPERIMENT_EVENTS_TEXT_MAX * 4 + 1];
	char control_value[EXPERIMENT_EVENTS_TEXT_MAX * 4 + 1];
	char treatment_value[EXPERIMENT_EVENTS_TEXT_MAX * 4 + 1];
	char conversion_event[EXPERIMENT_EVENTS_TEXT_MAX * 4 + 1];
	int window_days;
	int64_t source_id; /* 0: every source */
	char updated_at[21];
};

/* 0 and *b, or -ERR_NOTFOUND (no binding). */
int experiment_events_store_get(int64_t experiment_id, struct experiment_events_binding *b);
/* Writes (replaces) the binding of b->experiment_id: 0, or -ERR_INVALID (a constraint). */
int experiment_events_store_put(const struct experiment_events_binding *b);
/* 0, or -ERR_NOTFOUND when there was no binding. */
int experiment_events_store_delete(int64_t experiment_id);

#endif
