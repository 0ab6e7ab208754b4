/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_stats_input: libFuzzer target for the statistics input readers.
 * Parses the bytes as JSON and runs every `scalelab stats` document kind
 * (ab, ttest, power, srm) through stats_io, computations included. Must
 * never crash, leak or trip a sanitizer, whatever the bytes.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "api/stats_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = {"ab", "ttest", "power", "srm", "nope"};
	json_error_t err;
	json_t *in = json_loadb((const char *)data, size, JSON_DECODE_ANY, &err);
	if (!in)
		return 0;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		json_t *problems = json_array(), *out = NULL;
		int rc = stats_io_run(kinds[i], in, problems, &out);
		/* a result and a problem list never come together */
		if ((rc == 0) != (out != NULL) || (rc == 0 && json_array_size(problems)))
			__builtin_trap();
		if (out) {
			char *s = json_dumps(out, JSON_INDENT(2));
			free(s);
		}
		json_decref(out);
		json_decref(problems);
	}
	json_decref(in);
	return 0;
}
