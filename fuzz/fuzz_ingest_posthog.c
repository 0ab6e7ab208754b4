/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_ingest_posthog: the decoder of PostHog's /batch/, /capture/, /e/ bodies (one event, an array, {batch,
 * sent_at}), after the JSON parse. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "events/wire.h"

#define NOW 1795960811000LL /* a fixed server clock: runs repeat */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_batch b = {0};
	const char *reason = NULL;
	if (wire_parse(&b, (const char *)data, size, &reason) == 0) {
		wire_posthog(&b, NOW, size % 2 ? "phc_q" : NULL, &reason);
		/* what a store would read: every event and link within its lengths */
		size_t sum = 0;
		for (size_t i = 0; i < b.n; i++) {
			const struct event_in *e = &b.ev[i];
			sum += (size_t)memchr(e->name, 0, e->name_len) +
			       (size_t)memchr(e->distinct_id, 0, e->distinct_len);
			if (e->props_len)
				sum += (size_t)memchr(e->props, 0, e->props_len);
			if (e->uuid_len)
				sum += (size_t)memchr(e->uuid, 0, e->uuid_len);
			if (e->name_len + e->distinct_len + e->props_len + e->uuid_len > EVENT_MAX_BYTES)
				__builtin_trap();
		}
		for (size_t i = 0; i < b.n_alias; i++)
			sum += (size_t)memchr(b.alias[i].a, 0, b.alias[i].a_len) +
			       (size_t)memchr(b.alias[i].b, 0, b.alias[i].b_len);
		(void)sum;
	}
	wire_batch_free(&b);
	return 0;
}
