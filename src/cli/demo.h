/* SPDX-License-Identifier: EUPL-1.2 */
/* demo: loads web/demo/demo.json into an open database. */
#ifndef SL_DEMO_H
#define SL_DEMO_H

/* Adds the demo organisations, users and initiatives unless already there;
 * prints the demo login. Returns 0 or -ERR_*. */
int demo_load(void);

#endif
