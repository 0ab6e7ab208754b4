/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_funnel: handlers of the funnel module: conversion through ordered
 * steps and the lifecycle of active persons of an initiative's product
 * events, computed by the kernels of domain/metrics_funnel.h and
 * domain/metrics_lifecycle.h over the event store's query side. Every
 * option is a query parameter (the same handlers serve the pages, the API
 * and the command line). docs/metrics.md.
 */
#ifndef SL_API_METRICS_FUNNEL_H
#define SL_API_METRICS_FUNNEL_H

#include <jansson.h>

#include "api/api.h"

int api_metrics_funnel(struct api_ctx *c, json_t **out);
int api_metrics_lifecycle(struct api_ctx *c, json_t **out);

/* Shared by both: the initiative as {id, name} (NULL when gone) and the
 * event names the initiative's sources sent, sorted (for the forms). */
json_t *metrics_funnel_initiative(int64_t id);
json_t *metrics_funnel_names(int64_t project);
/* A funnel's window: "30m", "24h", "7d" (or whole seconds "3600") from 1
 * minute to 90 days: seconds, or -1. */
int64_t metrics_funnel_window_parse(const char *s);

/* Breakdown groups: the value of property key in an event's properties
 * (JSON object text) numbered in the order first seen; values[group] is
 * the value (a string; numbers and booleans as JSON text; null when absent
 * or null). index and values are owned by the caller (json_object(),
 * json_array()). */
struct metrics_groups {
	json_t *index;
	json_t *values;
	const char *key;
};
uint32_t metrics_group_of(struct metrics_groups *g, const char *props, size_t len);

#endif
