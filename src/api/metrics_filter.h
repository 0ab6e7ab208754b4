/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_filter: filters on event properties shared by the metric
 * handlers: up to three, eigenschap/operator/waarde, eigenschap2/operator2/
 * waarde2, eigenschap3/operator3/waarde3, ANDed. Operators: is (default: a
 * string equal to the value), isniet, eenvan (one of comma-separated
 * values), groter, minstens, kleiner, hoogstens (numbers, or text that reads
 * as one), gezet, nietgezet (present and not null, or not). The first "is"
 * filter goes to the event store's own property filter (a dictionary column
 * where the block has one); the others are checked on the event's
 * properties in the scan. docs/metrics.md, "Filters on event properties".
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
#define METRICS_FILTER_VALUES 20 /* at most, for eenvan */

enum metrics_op {
	METRICS_OP_IS, /* the default */
	METRICS_OP_ISNIET,
	METRICS_OP_EENVAN,
	METRICS_OP_GROTER,
	METRICS_OP_MINSTENS,
	METRICS_OP_KLEINER,
	METRICS_OP_HOOGSTENS,
	METRICS_OP_GEZET,
	METRICS_OP_NIETGEZET,
};
/* is, isniet, eenvan, groter, minstens, kleiner, hoogstens, gezet, nietgezet */
extern const char *const metrics_op_words[];

#define METRICS_FILTER_FIELD_SET(k)                                                                          \
	{.name = "eigenschap" k, .type = FIELD_STRING, .max_len = METRICS_FILTER_LEN},                       \
	    {.name = "operator" k, .type = FIELD_ENUM, .values = metrics_op_words},                          \
	{                                                                                                    \
		.name = "waarde" k, .type = FIELD_STRING, .max_len = METRICS_FILTER_LEN                      \
	}
/* The nine field specs, appended to a handler's own (in this order). */
#define METRICS_FILTER_FIELDS                                                                                \
	METRICS_FILTER_FIELD_SET(""), METRICS_FILTER_FIELD_SET("2"), METRICS_FILTER_FIELD_SET("3")
#define METRICS_FILTER_NFIELDS 9

struct metrics_filters {
	int n;
	const char *key[METRICS_FILTERS];   /* borrowed from the query */
	const char *value[METRICS_FILTERS]; /* as given; NULL for gezet, nietgezet */
	enum metrics_op op[METRICS_FILTERS];
	double num[METRICS_FILTERS]; /* the number of a comparison */
	int in_store;		     /* 1 + the index of the filter the store applies; 0: none */
};

/* Reads the nine values (v: the field values of METRICS_FILTER_FIELDS, in
 * order) into f; names each bad or missing part (eigenschap<k>,
 * waarde<k>) in c->invalid. */
void metrics_filters_read(struct api_ctx *c, const struct field_value *v, struct metrics_filters *f);
/* Puts the store's filter into flt (prop_key, prop_value); sets with_props
 * when some are left for metrics_filters_rest(). */
void metrics_filters_apply(const struct metrics_filters *f, struct event_filter *flt);
/* 1 when the store applies every filter (none, or one "is"). */
int metrics_filters_store_only(const struct metrics_filters *f);
/* 1 when the properties (JSON object text) pass every filter the store
 * does not apply. */
int metrics_filters_rest(const struct metrics_filters *f, const char *props, size_t len);
/* 1 when the value of one property (NULL: absent) passes filter k. */
int metrics_filter_match(const struct metrics_filters *f, int k, const json_t *v);
/* [{property, operator, value}] for the answer. */
json_t *metrics_filters_json(const struct metrics_filters *f);
/* The filters as query parameters into q (eigenschap, operator, waarde, ...). */
void metrics_filters_query(const struct metrics_filters *f, json_t *q);

#endif
