/* SPDX-License-Identifier: EUPL-1.2 */
/* demo_invite: open invitations in the demo organisation. */
#ifndef SL_DEMO_INVITE_H
#define SL_DEMO_INVITE_H

void demo_invite_load(void);

#endif
