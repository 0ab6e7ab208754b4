/* SPDX-License-Identifier: EUPL-1.2 */
/* demo_plan: the plan and stakeholder part of the demo data. */
#ifndef SL_DEMO_PLAN_H
#define SL_DEMO_PLAN_H

/* Adds phases with dates around today, gate criteria, a step plan with
 * dependencies, 6-8 stakeholders of all four helix types and a gate review
 * with its evidence snapshot and a recorded decision to two demo
 * initiatives, and default phases to the care cooperative; inside the
 * caller's transaction, after the other demo sections (the snapshot reads
 * them). A row that does not load is a bug in this file (aborts). */
void demo_plan_load(void);

#endif
