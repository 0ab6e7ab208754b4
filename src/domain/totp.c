/* SPDX-License-Identifier: EUPL-1.2 */
#include "domain/totp.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
	oath_init();
}

int totp_code(const unsigned char *secret, size_t len, int64_t t, int digits, char *out)
{
	pthread_once(&once, init);
	return oath_totp_generate2((const char *)secret, len, (time_t)t, TOTP_STEP_S, 0, (unsigned)digits, 0,
				   out) == OATH_OK
		   ? 0
		   : -1;
}

int64_t totp_check(const unsigned char *secret, size_t len, const char *code, int64_t now, int64_t last_step)
{
	if (!code || strlen(code) != TOTP_DIGITS || strspn(code, "0123456789") != TOTP_DIGITS)
		return -1;
	int64_t step = now / TOTP_STEP_S, found = -1;
	/* every candidate is computed, so the time taken does not tell which matched */
	for (int64_t s = step - 1; s <= step + 1; s++) {
		char want[TOTP_DIGITS + 1];
		if (totp_code(secret, len, s * TOTP_STEP_S, TOTP_DIGITS, want) < 0)
			continue;
		unsigned diff = 0;
		for (int i = 0; i < TOTP_DIGITS; i++)
			diff |= (unsigned)(want[i] ^ code[i]);
		if (!diff && s > last_step && found < 0)
			found = s;
	}
	return found;
}

void totp_base32(const unsigned char *secret, size_t len, char *out, size_t n)
{
	char *b = NULL;
	size_t bl = 0;
	out[0] = 0;
	if (oath_base32_encode((const char *)secret, len, &b, &bl) != OATH_OK)
		return;
	size_t k = 0;
	for (size_t i = 0; i < bl && b[i] != '=' && k + 1 < n; i++)
		out[k++] = b[i];
	out[k] = 0;
	free(b);
}
