/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_ingest_body: the body decoding of the ingestion paths (form data=,
 * gzip, base64, in any order a client may stack them). The first byte
 * picks the headers the request claims; the rest is the body.
 */
#include <stddef.h>
#include <stdint.h>

#include "events/ingest_body.h"
#include "lib/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	unsigned mode = data[0];
	struct ingest_body_in in = {
	    .data = (const char *)data + 1,
	    .len = size - 1,
	    .content_type = mode & 1 ? "application/x-www-form-urlencoded" : "application/json",
	    .content_encoding = mode & 2 ? "gzip" : NULL,
	    .compression = mode & 4 ? "gzip-js" : NULL,
	};
	struct buf out = BUF_INIT;
	const char *reason;
	int rc = ingest_body_decode(&in, &out, &reason);
	if (rc == 0 && out.len > INGEST_REQUEST_MAX)
		__builtin_trap();
	buf_free(&out);
	/* the capped inflate on its own, with a small cap */
	struct buf z = BUF_INIT;
	if (ingest_inflate(in.data, in.len, 4096, &z) == 0 && z.len > 4096)
		__builtin_trap();
	buf_free(&z);
	return 0;
}
