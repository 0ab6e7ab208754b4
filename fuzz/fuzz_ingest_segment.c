/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_ingest_segment: the decoder of Segment's /v1/<type> bodies (a message or {batch, sentAt}); the type
 * from the input's length, after the JSON parse. */
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
		wire_segment(&b, (enum wire_segment_type)(size % 7), NOW, &reason);
		ingest_read(&b);
	}
	wire_batch_free(&b);
	return 0;
}
