/* SPDX-License-Identifier: EUPL-1.2 */
/* demo_decision: the decision part of the demo data. */
#ifndef SL_DEMO_DECISION_H
#define SL_DEMO_DECISION_H

/* Gives every closed demo round agreed criteria and a decision with a
 * rationale (the first round of the neighbourhood coaches: bijsturen; the
 * second: juistschalen), inside the caller's transaction; after
 * demo_assessment_load. */
void demo_decision_load(void);

#endif
