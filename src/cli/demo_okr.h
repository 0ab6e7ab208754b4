/* SPDX-License-Identifier: EUPL-1.2 */
/* demo_okr: the OKR part of the demo data (the "okr" section of web/demo/demo.json). */
#ifndef SL_DEMO_OKR_H
#define SL_DEMO_OKR_H

#include <jansson.h>

/* Adds teams, a running period, objectives, key results and weeks of
 * check-ins from d's "okr" section, inside the caller's transaction. Dates
 * are days relative to today, so the demo always shows a running quarter.
 * A section that does not load is a bug in the demo file (aborts). */
void demo_okr_load(const json_t *d);

#endif
