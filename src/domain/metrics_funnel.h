/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_funnel: conversion through ordered steps (2 .. 10 event names),
 * pure (no storage, no clock). A person enters at their first occurrence of
 * step 1 whose time lies in the query's range; from there the later steps
 * must follow in order, each at or after the previous one, and at most
 * window seconds after step 1 (end inclusive). Times are compared in whole
 * seconds: events in the same second are ties and may complete steps in
 * any order. Loose order: other events in between do not matter. Strict
 * order: any other event of the person in a later second than the last
 * step reached ends their progress.
 *
 * Events are fed in ascending time order; the kernel holds back the events
 * of the current second (to resolve ties) and keeps 24 bytes per person id
 * plus, for each step a person reached, the seconds it took (for the
 * medians). docs/metrics.md, "Funnels".
 */
#ifndef SL_METRICS_FUNNEL_H
#define SL_METRICS_FUNNEL_H

#include <stddef.h>
#include <stdint.h>

#define METRICS_FUNNEL_MAX_STEPS 10
#define METRICS_FUNNEL_NO_NAME UINT32_MAX /* a step name never sent */

struct metrics_funnel;

/* steps[0..n_steps): event name ids (METRICS_FUNNEL_NO_NAME for a name
 * never sent); window_s > 0; step 1 counts when its time is in [from_ms,
 * to_ms). NULL when n_steps is not 2 .. METRICS_FUNNEL_MAX_STEPS or
 * window_s < 1. */
struct metrics_funnel *metrics_funnel_new(const uint32_t *steps, int n_steps, int64_t window_s, int strict,
					  int64_t from_ms, int64_t to_ms);
/* Whether an event could make its person enter (so the caller knows when
 * to work out the breakdown group of the event). */
int metrics_funnel_may_enter(const struct metrics_funnel *f, int64_t ts_ms, uint32_t person, uint32_t name);
/* Feeds one event (ascending ts_ms); group: the breakdown group the person
 * gets when this event makes them enter (0 without a breakdown; below
 * 65,536). 0, or -1 when out of memory. */
int metrics_funnel_add(struct metrics_funnel *f, int64_t ts_ms, uint32_t person, uint32_t name,
		       uint32_t group);
/* Ends the input (call once, before the results). 0 or -1 (memory). */
int metrics_funnel_end(struct metrics_funnel *f);

struct metrics_funnel_step {
	int64_t persons;       /* persons who reached this step */
	double median_s;       /* median seconds from the previous step; -1: none (step 1, or nobody) */
	double median_total_s; /* median seconds from step 1; -1: none */
};

/* The number of breakdown groups seen (the highest group + 1; 0 when
 * nobody entered). */
uint32_t metrics_funnel_groups(const struct metrics_funnel *f);
/* The steps of one group, or of everyone (group -1): out[0..n_steps). 0, or
 * -1 when out of memory. */
int metrics_funnel_result(const struct metrics_funnel *f, int64_t group, struct metrics_funnel_step *out);
void metrics_funnel_free(struct metrics_funnel *f);

/* Fed in passes instead of in time order (for a store that hands out the
 * rows of one name in any order, e.g. from per-name row lists): pass k = 0
 * .. n_steps - 1 feeds every event of step k's name, in any order, then
 * ends the pass. A person's step k is then their earliest event of that
 * name in a second at or after the one of step k - 1 (step 1: the earliest
 * in [from_ms, to_ms)) if it lies in the window: the same persons and
 * medians as the events in time order when passes_exact says so (loose
 * order, step names all different), without breakdown groups. pass_add
 * and pass_end return -1 when not exact (or out of memory), else 0. */
int metrics_funnel_passes_exact(const struct metrics_funnel *f);
int metrics_funnel_pass_add(struct metrics_funnel *f, int k, int64_t ts_ms, uint32_t person);
int metrics_funnel_pass_end(struct metrics_funnel *f, int k);
/* pass_add for arrays of n (one call per batch of the store). */
int metrics_funnel_pass_add_many(struct metrics_funnel *f, int k, size_t n, const int64_t *ts_ms,
				 const uint32_t *person);

/* Fed at once from each step's events as sorted keys (for a store that
 * keeps each name's events in person order): key[k][0 .. n[k]) holds the
 * events of step k's name as person << 32 | second (seconds since the
 * epoch), ascending, repeats allowed (n[k] = 0 for a name never sent).
 * Only events with lo_s <= second < hi_s count (the store's time span in
 * whole seconds). A merge join over the steps' arrays, no per-person
 * table: a person enters at their first step-1 second in the kernel's
 * [from_ms, to_ms); step k is their first second at or after step k - 1's
 * (ties allowed) and at most window_s after step 1. The same persons and
 * medians as the passes (loose order, names all different, nothing fed
 * before, the kernel's bounds whole seconds); 1 when not exact (nothing
 * done: feed another way), 0 done, -1 out of memory. Call
 * metrics_funnel_result() after it (no metrics_funnel_end() needed). */
int metrics_funnel_join(struct metrics_funnel *f, const uint64_t *const *key, const size_t *n, int64_t lo_s,
			int64_t hi_s);

#endif
