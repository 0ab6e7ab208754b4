/* SPDX-License-Identifier: EUPL-1.2 */
/* metrics_view: what the metrics views share (metrics_dashboard_view.c). */
#ifndef SL_METRICS_VIEW_H
#define SL_METRICS_VIEW_H

#include <jansson.h>

/* The form of the property filters (the partial metrics_filters): {first,
 * more, open}: the first row and the other two ({n, suffix, property,
 * value}, filled from a document's "filters" [{property, value}]), open when
 * more than one filter is set. A new object. */
json_t *metrics_view_filter_rows(const json_t *filters);

#endif
