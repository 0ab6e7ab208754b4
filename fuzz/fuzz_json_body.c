/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_json_body: the JSON request-body reader must never crash or leak. */
#include <stddef.h>
#include <stdint.h>

#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[200];
	json_t *j = parse_json_body((const char *)data, size, err, sizeof err);
	json_decref(j);
	return 0;
}
