/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * password: the rules a new password must meet. Long enough (12
 * characters, counted as people count them, not as bytes), not absurdly
 * long (refused, never silently cut), not a commonly used password nor
 * one with a few digits or signs around it ("Welkom2026!"), not one
 * character or a run of a few, and not the person's own e-mail name or
 * name. The list of common passwords is given by the caller (sorted,
 * lower-case), so the rules stay free of I/O.
 */
#ifndef SL_PASSWORD_H
#define SL_PASSWORD_H

#include <stddef.h>

#include "lib/wordlist.h"

#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_BYTES 1024

/* Judges pw for the person with this e-mail and name (either may be NULL).
 * Returns NULL when it is acceptable, or the catalogue key of the first
 * rule it breaks: err.password.short ({min}), err.password.long ({max}),
 * err.password.encoding, err.password.common, err.password.simple,
 * err.password.personal. */
const char *password_judge(const char *pw, const char *email, const char *name,
			   const struct wordlist *common);

#endif
