/* SPDX-License-Identifier: EUPL-1.2 */
/* ingest_read: what every wire-format fuzz target does with a decoded
 * batch: reads each event and link within its lengths, as a store would,
 * and traps on an event larger than the store takes. */
#ifndef SL_FUZZ_INGEST_READ_H
#define SL_FUZZ_INGEST_READ_H

#include <stddef.h>
#include <string.h>

#include "events/wire.h"

static inline void ingest_read(const struct wire_batch *b)
{
	size_t sum = 0;
	for (size_t i = 0; i < b->n; i++) {
		const struct event_in *e = &b->ev[i];
		sum += (size_t)memchr(e->name, 0, e->name_len) +
		       (size_t)memchr(e->distinct_id, 0, e->distinct_len);
		if (e->props_len)
			sum += (size_t)memchr(e->props, 0, e->props_len);
		if (e->uuid_len)
			sum += (size_t)memchr(e->uuid, 0, e->uuid_len);
		if (e->name_len + e->distinct_len + e->props_len + e->uuid_len > EVENT_MAX_BYTES)
			__builtin_trap();
	}
	for (size_t i = 0; i < b->n_alias; i++)
		sum += (size_t)memchr(b->alias[i].a, 0, b->alias[i].a_len) +
		       (size_t)memchr(b->alias[i].b, 0, b->alias[i].b_len);
	(void)sum;
}

#endif
