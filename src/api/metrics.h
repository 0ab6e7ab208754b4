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
/* The module's headline about an initiative with events: "metrics" =
 * {date, dau, wau, mau, stickiness} of yesterday (the last complete UTC
 * day); nothing when it has no events or no store is open. */
int api_metrics_evidence(int64_t initiative_id, json_t *into);

#endif
