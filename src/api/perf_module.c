/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * perf_module: a module with schema steps only (store/perf_schema.c):
 * indexes for reads at a national lab's size. No routes, no pages.
 */
#include "api/module.h"

extern const struct migration perf_migrations[];

const struct module perf_module = {.name = "perf", .migrations = perf_migrations};
