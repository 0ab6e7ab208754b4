/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_ingest_plausible: the decoder of Plausible's /api/event body (long and one-letter member names), after
 * the JSON parse. */
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
		wire_plausible(&b, NOW, "0123456789abcdef0123456789abcdef", &reason);
		ingest_read(&b);
	}
	wire_batch_free(&b);
	return 0;
}
