/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_ingest_posthog: the decoder of PostHog's /batch/, /capture/, /e/ bodies (one event, an array, {batch,
 * sent_at}), after the JSON parse. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "events/wire.h"
#include "ingest_read.h"

#define NOW 1795960811000LL /* a fixed server clock: runs repeat */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_batch b = {0};
	const char *reason = NULL;
	if (wire_parse(&b, (const char *)data, size, &reason) == 0) {
		wire_posthog(&b, NOW, size % 2 ? "phc_q" : NULL, &reason);
		ingest_read(&b);
	}
	wire_batch_free(&b);
	return 0;
}
