/* SPDX-License-Identifier: EUPL-1.2 */
/* demo_kpi: the KPI part of the demo data (the "kpi" section of web/demo/demo.json). */
#ifndef SL_DEMO_KPI_H
#define SL_DEMO_KPI_H

#include <jansson.h>

/* Adds KPI series with a value on the first of each of the last months
 * (the last one this month) and key results bound to a series, from d's
 * "kpi" section, inside the caller's transaction; after demo_okr_load (a
 * key result names its objective by title). A section that does not load
 * is a bug in the demo file (aborts). */
void demo_kpi_load(const json_t *d);

#endif
