/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * totp: time-based one-time passwords (RFC 6238, HMAC-SHA1, 30-second
 * steps, 6 digits: what authenticator apps use), computed with liboath.
 * A code is accepted for the step it belongs to and one step either side
 * (clock drift), and never twice: a step at or before the last one used
 * is refused, so a code seen over someone's shoulder cannot be replayed.
 */
#ifndef SL_TOTP_H
#define SL_TOTP_H

#include <stddef.h>
#include <stdint.h>

#define TOTP_SECRET_BYTES 20 /* 160 bits, RFC 4226's recommendation */
#define TOTP_STEP_S 30
#define TOTP_DIGITS 6

/* The code (digits long, 6 to 8) for Unix time t into out (digits + 1). */
int totp_code(const unsigned char *secret, size_t len, int64_t t, int digits, char *out);

/* Checks a 6-digit code typed at time now. Returns the step it belongs
 * to (> 0) when it is right and that step is after last_step, else -1. */
int64_t totp_check(const unsigned char *secret, size_t len, const char *code, int64_t now, int64_t last_step);

/* The secret as base32 without padding (what apps take), into out
 * (at least 2 * len + 1 bytes). */
void totp_base32(const unsigned char *secret, size_t len, char *out, size_t n);

#endif
