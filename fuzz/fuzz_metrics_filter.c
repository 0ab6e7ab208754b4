/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_metrics_filter: libFuzzer target for what the property filters of
 * the metric routes read from outside (api/metrics_filter.h, the event's
 * properties as clients sent them) and the funnel window a saved funnel or
 * query gives (metrics_funnel_window_parse). The input's first byte splits
 * it into a filter value and the properties text, the second picks an
 * operator. Must never crash or trip a sanitizer, and must keep its
 * promises: one filter (the store's) leaves the rest to pass everything; a
 * filter passes the same text every time; "is" and "isniet" (and "gezet"
 * and "nietgezet") never agree; a property whose value is the filter's own
 * passes; a window is -1 or 60 s .. 90 days.
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
	struct metrics_filters one = {.n = 1, .key = {"plan"}, .value = {value}, .in_store = 1};
	if (metrics_filters_rest(&one, props, len) != 1)
		abort();
	struct metrics_filters two = {
	    .n = 2, .key = {"plan", "kanaal"}, .value = {"pro", value}, .in_store = 1};
	int a = metrics_filters_rest(&two, props, len), b = metrics_filters_rest(&two, props, len);
	if (a != b || (a != 0 && a != 1))
		abort();
	/* every operator on the value (numbers from its text, or 0) */
	enum metrics_op op = (enum metrics_op)((size > 1 ? data[1] : 0) % (METRICS_OP_NIETGEZET + 1));
	char *end;
	double num = strtod(value, &end);
	struct metrics_filters any = {.n = 1, .key = {"kanaal"}, .value = {value}, .op = {op}, .num = {num}};
	a = metrics_filters_rest(&any, props, len);
	if (a != metrics_filters_rest(&any, props, len))
		abort();
	struct metrics_filters is = {.n = 1, .key = {"kanaal"}, .value = {value}, .op = {METRICS_OP_IS}};
	struct metrics_filters isnt = {
	    .n = 1, .key = {"kanaal"}, .value = {value}, .op = {METRICS_OP_ISNIET}};
	if (metrics_filters_rest(&is, props, len) == metrics_filters_rest(&isnt, props, len))
		abort();
	struct metrics_filters set = {.n = 1, .key = {"kanaal"}, .op = {METRICS_OP_GEZET}};
	struct metrics_filters unset = {.n = 1, .key = {"kanaal"}, .op = {METRICS_OP_NIETGEZET}};
	if (metrics_filters_rest(&set, props, len) == metrics_filters_rest(&unset, props, len))
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
