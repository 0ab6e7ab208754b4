/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_form: the form and query-string parser, including dotted nesting. */
#include <stddef.h>
#include <stdint.h>

#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = parse_form((const char *)data, size);
	json_decref(j);
	return 0;
}
