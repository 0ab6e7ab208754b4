/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_tz: libFuzzer target for the time-zone readers (domain/tz.h): the
 * bytes of a compiled zone file (tz_parse), the same bytes as a POSIX TZ
 * rule (tz_posix) and as a zone name (tz_name_ok). Must never crash or trip
 * a sanitizer, and must keep its promises: an offset is within ±26 hours
 * and a whole number of seconds; a local day starts within 27 hours of its
 * UTC midnight, and the next day starts later; a name that passes has no
 * ".." part and does not start with '/'.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define H 3600000LL

static void check(const struct tz_zone *z)
{
	static const int64_t at[] = {
	    -4000000000000LL, -1, 0, 1774746000000LL, 1792890000000LL, 2216325600000LL, 4102444800000LL,
	    32503680000000LL};
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
		int64_t o = tz_offset(z, at[i]);
		if (o < -26 * H || o > 26 * H || o % 1000)
			abort();
	}
	for (int64_t d = 20530; d < 20540; d++) {
		int64_t s = tz_day_start(z, d), next = tz_day_start(z, d + 1);
		if (s < d * 24 * H - 27 * H || s > d * 24 * H + 27 * H || next <= s)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz_zone *z = tz_parse(data, size);
	if (z)
		check(z);
	tz_free(z);
	char *text = strndup((const char *)data, size < 200 ? size : 200);
	z = tz_posix(text);
	if (z)
		check(z);
	tz_free(z);
	if (tz_name_ok(text) && (text[0] == '/' || strstr(text, "/..") || !strncmp(text, "..", 2)))
		abort();
	free(text);
	return 0;
}
