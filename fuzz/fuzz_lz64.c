/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_lz64: the LZ-string base64 decoder of posthog-js's compression=lz64
 * bodies (events/ingest_body.c). Whatever the input: no crash, no read or
 * write out of bounds (ASan), the output never larger than its cap, and a
 * decoded body always valid UTF-8 (surrogates paired). The seeds are made
 * by the real lz-string (npm), compressToBase64.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "events/ingest_body.h"
#include "lib/utf8.h"
#include "lib/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = BUF_INIT;
	size_t cap = 64 * 1024;
	int rc = ingest_lz64((const char *)data, size, cap, &out);
	if (rc == 0) {
		if (out.len > cap)
			__builtin_trap();
		/* U+0000 is a code unit like any other (the JSON parser refuses
		 * it raw); everything else must be well-formed UTF-8 */
		for (size_t i = 0; i < out.len; i++)
			if (!out.data[i])
				out.data[i] = ' ';
		if (!utf8_valid(out.data ? out.data : "", out.len))
			__builtin_trap();
	}
	if (rc != 0 && rc != -ERR_INVALID && rc != -ERR_LIMIT)
		__builtin_trap();
	buf_free(&out);
	/* the same with a tiny cap: a bomb stops at it */
	rc = ingest_lz64((const char *)data, size, 16, &out);
	if (rc == 0 && out.len > 16)
		__builtin_trap();
	buf_free(&out);
	return 0;
}
