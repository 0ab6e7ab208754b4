/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_metrics_filter: libFuzzer target for what the property filters of
 * the metric routes read from outside (api/metrics_filter.h, the event's
 * properties as clients sent them) and the funnel window a saved funnel or
 * query gives (metrics_funnel_window_parse). The input's first byte splits
 * it into a filter value and the properties text. Must never crash or trip
 * a sanitizer, and must keep its promises: one filter (the store's) leaves
 * the rest to pass everything; a filter passes the same text every time;
 * a property whose value is the filter's own passes; a window is -1 or
 * 60 s .. 90 days.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/metrics_filter.h"
#include "api/metrics_funnel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t cut = 1 + (size_t)data[0] % (size < 64 ? size : 64);
	if (cut > size)
		cut = size;
	char *value = strndup((const char *)data + 1, cut - 1);
	const char *props = (const char *)data + cut;
	size_t len = size - cut;
	struct metrics_filters one = {1, {"plan"}, {value}};
	if (metrics_filters_rest(&one, props, len) != 1)
		abort();
	struct metrics_filters two = {2, {"plan", "kanaal"}, {"pro", value}};
	int a = metrics_filters_rest(&two, props, len), b = metrics_filters_rest(&two, props, len);
	if (a != b || (a != 0 && a != 1))
		abort();
	/* an object whose kanaal is the value passes (when the value is text jansson takes) */
	json_t *o = json_pack("{s:s?}", "kanaal", value);
	if (o && json_object_get(o, "kanaal")) {
		char *text = json_dumps(o, JSON_COMPACT);
		if (text && metrics_filters_rest(&two, text, strlen(text)) != 1)
			abort();
		free(text);
	}
	json_decref(o);
	int64_t w = metrics_funnel_window_parse(value);
	if (w != -1 && (w < 60 || w > 90LL * 86400))
		abort();
	free(value);
	return 0;
}
