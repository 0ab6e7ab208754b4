/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_unsub: the one-click unsubscribe token parser (a path segment anyone
 * can send) and the iCalendar text writer over the same bytes: a valid
 * token must round-trip, and folded output must never exceed 75 octets. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/notify.h"
#include "lib/secret.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		if (secret_init() < 0)
			abort();
		ready = 1;
	}
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = 0;
	int64_t uid = 0;
	char kind[32];
	if (notify_unsub_check("fuzz-key", s, &uid, kind, sizeof kind) == 0) {
		char again[128];
		notify_unsub_token("fuzz-key", uid, kind, again, sizeof again);
		if (strcmp(again, s))
			abort(); /* one token per person and kind */
	}
	struct buf b = BUF_INIT;
	ics_text(&b, "SUMMARY", s);
	for (const char *p = buf_str(&b); *p;) {
		const char *e = strstr(p, "\r\n");
		if (!e || e - p > 75)
			abort();
		p = e + 2;
	}
	buf_free(&b);
	free(s);
	return 0;
}
