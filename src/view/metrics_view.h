/* SPDX-License-Identifier: EUPL-1.2 */
/* metrics_view: what the metrics views share (metrics_dashboard_view.c). */
#ifndef SL_METRICS_VIEW_H
#define SL_METRICS_VIEW_H

#include <jansson.h>

/* The form rows of the property filters (the partial metrics_filters):
 * three rows {n, suffix, property, value} filled from a document's
 * "filters" [{property, value}]. A new array. */
json_t *metrics_view_filter_rows(const json_t *filters);

#endif
