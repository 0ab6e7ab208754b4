/* SPDX-License-Identifier: EUPL-1.2 */
/* demo_assessment: the assessment part of the demo data (rounds, raters, answers, actions). */
#ifndef SL_DEMO_ASSESSMENT_H
#define SL_DEMO_ASSESSMENT_H

#include <jansson.h>

/* Adds the pilot "Buurtcoaches schulden in wijk Noord" with two closed
 * rounds of the pilot scaling canvas by five raters (one through an
 * invitation link), actions accepted from the first round's suggestions,
 * and an open round of the debt intake initiative, inside the caller's
 * transaction; after the demo's users and initiatives (d gives the demo
 * password). Aborts when the demo does not fit the method (a bug). */
void demo_assessment_load(const json_t *d);

#endif
