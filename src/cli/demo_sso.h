/* SPDX-License-Identifier: EUPL-1.2 */
/* demo_sso: single sign-on set up for Gemeente Rivierstad (no live provider). */
#ifndef SL_DEMO_SSO_H
#define SL_DEMO_SSO_H

/* Sets up Gemeente Rivierstad's identity provider (a configuration only:
 * the issuer is not live, so the page says it does not answer) with one
 * linked account, inside the caller's transaction. */
void demo_sso_load(void);

#endif
