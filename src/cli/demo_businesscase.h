/* SPDX-License-Identifier: EUPL-1.2 */
/* demo_businesscase: the business-case part of the demo data. */
#ifndef SL_DEMO_BUSINESSCASE_H
#define SL_DEMO_BUSINESSCASE_H

/* Adds a business case per party with the wrong-pocket problem to the demo
 * initiative "Valpreventie thuis" (a municipality pays, a health insurer
 * gains most; the total is positive, so a deal exists) with public unit
 * economics, and a scale-up case with unit economics to "Digitale
 * schuldhulp-intake", inside the caller's transaction. Aborts when the demo
 * initiatives are missing (a bug in the demo file). */
void demo_businesscase_load(void);

#endif
