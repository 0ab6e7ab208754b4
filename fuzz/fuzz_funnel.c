/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_funnel: libFuzzer target for the funnel and lifecycle kernels
 * (domain/metrics_funnel.h, domain/metrics_lifecycle.h), which take event
 * times, persons and names as clients sent them. The input is a stream of
 * events (4 bytes each: time step, milliseconds, person, name) fed in time
 * order to a loose and a strict funnel and to a daily lifecycle. Must never
 * crash or trip a sanitizer, and must keep its promises: persons never grow
 * from one step to the next, strict never counts more than loose (and the
 * same at step 1), medians lie within the window, and each lifecycle period
 * adds up (active = new + returning + resurrecting; the previous period's
 * active = returning - dormant). When the step names are all different,
 * the merge join over person-ordered keys (metrics_funnel_join) must give
 * the loose funnel's persons and medians exactly.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "domain/metrics_funnel.h"
#include "domain/metrics_lifecycle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DAYS 8

static int cmp_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* The loose funnel again through the merge join (distinct names only). */
static void join_same(const struct metrics_funnel *lo, const uint32_t *steps, int n, int64_t window,
		      const uint64_t *key, const uint32_t *name, size_t ne)
{
	struct metrics_funnel *j = metrics_funnel_new(steps, n, window, 0, 0, 40000000);
	if (!j)
		abort();
	if (!metrics_funnel_passes_exact(j)) {
		metrics_funnel_free(j);
		return;
	}
	uint64_t *k[METRICS_FUNNEL_MAX_STEPS];
	size_t nk[METRICS_FUNNEL_MAX_STEPS] = {0};
	for (int s = 0; s < n; s++) {
		k[s] = malloc((ne + 1) * sizeof *k[s]);
		for (size_t i = 0; i < ne; i++)
			if (name[i] == steps[s])
				k[s][nk[s]++] = key[i];
		qsort(k[s], nk[s], sizeof *k[s], cmp_key);
	}
	if (metrics_funnel_join(j, (const uint64_t *const *)k, nk, 0, (int64_t)1 << 32) != 0)
		abort();
	struct metrics_funnel_step a[METRICS_FUNNEL_MAX_STEPS], b[METRICS_FUNNEL_MAX_STEPS];
	if (metrics_funnel_result(lo, -1, a) < 0 || metrics_funnel_result(j, -1, b) < 0)
		abort();
	for (int s = 0; s < n; s++)
		if (a[s].persons != b[s].persons || a[s].median_s != b[s].median_s ||
		    a[s].median_total_s != b[s].median_total_s)
			abort();
	for (int s = 0; s < n; s++)
		free(k[s]);
	metrics_funnel_free(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	int n = 2 + data[0] % 4;
	int64_t window = 1 + (int64_t)data[1] * 997;
	uint32_t steps[METRICS_FUNNEL_MAX_STEPS];
	for (int k = 0; k < n; k++)
		steps[k] = (uint32_t)(k * 7 + data[1]) % 5; /* repeats allowed */
	struct metrics_funnel *lo = metrics_funnel_new(steps, n, window, 0, 0, 40000000);
	struct metrics_funnel *st = metrics_funnel_new(steps, n, window, 1, 0, 40000000);
	roaring_bitmap_t *days[DAYS] = {0};
	if (!lo || !st)
		abort();
	int64_t t = 0;
	size_t ne = 0;
	int far = 0;
	uint64_t *key = malloc((size / 4 + 1) * sizeof *key);
	uint32_t *names = malloc((size / 4 + 1) * sizeof *names);
	if (!key || !names)
		abort();
	for (size_t i = 2; i + 4 <= size; i += 4) {
		t += (int64_t)data[i] * 1000 * (data[i] & 1 ? 997 : 1) + data[i + 1];
		uint32_t person = data[i + 2] % 16, name = data[i + 3] % 6;
		if (metrics_funnel_add(lo, t, person, name, name % 3) < 0 ||
		    metrics_funnel_add(st, t, person, name, name % 3) < 0)
			abort();
		far |= t / 1000 >= (int64_t)1 << 32; /* past what keys hold */
		key[ne] = (uint64_t)person << 32 | (uint64_t)(t / 1000 & UINT32_MAX);
		names[ne++] = name;
		int64_t d = t / 86400000;
		if (d < DAYS) {
			if (!days[d])
				days[d] = roaring_bitmap_create();
			roaring_bitmap_add(days[d], person);
		}
	}
	if (metrics_funnel_end(lo) < 0 || metrics_funnel_end(st) < 0)
		abort();
	for (int64_t g = -1; g < (int64_t)metrics_funnel_groups(lo); g++) {
		struct metrics_funnel_step a[METRICS_FUNNEL_MAX_STEPS], b[METRICS_FUNNEL_MAX_STEPS];
		if (metrics_funnel_result(lo, g, a) < 0 || metrics_funnel_result(st, g, b) < 0)
			abort();
		if (a[0].persons != b[0].persons)
			abort();
		for (int k = 0; k < n; k++) {
			if (b[k].persons > a[k].persons || (k && a[k].persons > a[k - 1].persons))
				abort();
			if (a[k].median_total_s > (double)window || a[k].median_s > (double)window)
				abort();
			if (k && a[k].persons && (a[k].median_s < 0 || a[k].median_total_s < 0))
				abort();
		}
	}
	if (!far)
		join_same(lo, steps, n, window, key, names, ne);
	free(key);
	free(names);
	metrics_funnel_free(lo);
	metrics_funnel_free(st);
	struct metrics_lifecycle_row r[DAYS];
	if (metrics_lifecycle((const roaring_bitmap_t *const *)days + 1, DAYS - 1, 1, days[0], days[0], r) <
	    0)
		abort();
	int64_t prev = days[0] ? (int64_t)roaring_bitmap_get_cardinality(days[0]) : 0;
	for (int i = 0; i < DAYS - 1; i++) {
		if (r[i].active != r[i].new_ + r[i].returning + r[i].resurrecting ||
		    prev != r[i].returning - r[i].dormant || r[i].new_ < 0 || r[i].resurrecting < 0 ||
		    r[i].dormant > 0)
			abort();
		prev = r[i].active;
	}
	for (int i = 0; i < DAYS; i++)
		if (days[i])
			roaring_bitmap_free(days[i]);
	return 0;
}
