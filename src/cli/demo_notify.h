/* SPDX-License-Identifier: EUPL-1.2 */
/* demo_notify: the notify part of the demo data (inbox, preferences, outbox, a calendar feed). */
#ifndef SL_DEMO_NOTIFY_H
#define SL_DEMO_NOTIFY_H

/* Adds an action assigned to the programme manager with its inbox item, a
 * weekly overview in her inbox built from what is due, a digest turned off
 * for the council member, a sent and a failed message in the outbox, and
 * a calendar feed; inside the caller's transaction, after demo_okr_load. */
void demo_notify_load(void);
/* Prints the demo calendar feed's path (after the commit). */
void demo_notify_print(void);

#endif
