/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics: handlers of the metrics module: active persons (DAU/WAU/MAU,
 * stickiness) and retention of an initiative's product events, computed by
 * the kernels of domain/metrics.h over the event store's query side.
 */
#ifndef SL_API_METRICS_H
#define SL_API_METRICS_H

#include <jansson.h>

#include "api/api.h"

int api_metrics_active(struct api_ctx *c, json_t **out);
int api_metrics_retention(struct api_ctx *c, json_t **out);

#endif
