/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_filter: filters on event properties shared by the metric
 * handlers: up to three pairs eigenschap/waarde, eigenschap2/waarde2,
 * eigenschap3/waarde3, ANDed; an event passes when each named property is
 * a string equal to the value. The first pair goes to the event store's own
 * property filter (a dictionary column where the block has one); the others
 * are checked on the event's properties in the scan. docs/metrics.md,
 * "Filters on event properties".
 */
#ifndef SL_API_METRICS_FILTER_H
#define SL_API_METRICS_FILTER_H

#include <jansson.h>
#include <stddef.h>

#include "api/api.h"
#include "api/field.h"
#include "store/event_store.h"

#define METRICS_FILTERS 3
#define METRICS_FILTER_LEN 200

/* The six field specs, appended to a handler's own (in this order). */
#define METRICS_FILTER_FIELDS                                                                                \
	{.name = "eigenschap", .type = FIELD_STRING, .max_len = METRICS_FILTER_LEN},                         \
	    {.name = "waarde", .type = FIELD_STRING, .max_len = METRICS_FILTER_LEN},                         \
	    {.name = "eigenschap2", .type = FIELD_STRING, .max_len = METRICS_FILTER_LEN},                    \
	    {.name = "waarde2", .type = FIELD_STRING, .max_len = METRICS_FILTER_LEN},                        \
	    {.name = "eigenschap3", .type = FIELD_STRING, .max_len = METRICS_FILTER_LEN},                    \
	{                                                                                                    \
		.name = "waarde3", .type = FIELD_STRING, .max_len = METRICS_FILTER_LEN                       \
	}

struct metrics_filters {
	int n;
	const char *key[METRICS_FILTERS]; /* borrowed from the query */
	const char *value[METRICS_FILTERS];
};

/* Reads the six values (v: the field values of METRICS_FILTER_FIELDS, in
 * order) into f; a property without a value names waarde<k>, a value
 * without a property eigenschap<k> in c->invalid. */
void metrics_filters_read(struct api_ctx *c, const struct field_value *v, struct metrics_filters *f);
/* Puts the first filter into flt (prop_key, prop_value); sets with_props
 * when more are left for metrics_filters_rest(). */
void metrics_filters_apply(const struct metrics_filters *f, struct event_filter *flt);
/* 1 when the properties (JSON object text) pass the second and third
 * filters (the first is the store's). */
int metrics_filters_rest(const struct metrics_filters *f, const char *props, size_t len);
/* [{property, value}] for the answer. */
json_t *metrics_filters_json(const struct metrics_filters *f);

#endif
