/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * growth_store: table kpi_metric_bindings (schema step 24, growth_schema.c):
 * the growth metric a KPI series follows.
 */
#ifndef SL_GROWTH_STORE_H
#define SL_GROWTH_STORE_H

#include <jansson.h>
#include <stdint.h>

/* 0 with *metric (at most 15 bytes) and *parameters (a new reference), or
 * -ERR_NOTFOUND. */
int growth_store_series_metric(int64_t series_id, char metric[16], json_t **parameters);
/* Writes (replaces) the metric of a series: 0 or -ERR_INVALID. */
int growth_store_series_metric_put(int64_t series_id, const char *metric, const json_t *parameters);
/* 0, or -ERR_NOTFOUND when the series followed no metric. */
int growth_store_series_metric_delete(int64_t series_id);

#endif
