/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_growth_props: libFuzzer target for what the growth metrics read from
 * an event's properties (domain/metrics_growth): the top-level member
 * lookup in JSON object text, amounts and NPS scores. Must never crash,
 * read outside the input or trip a sanitizer, and must keep its promises:
 * a found value lies inside the input; a parsed decimal formats back to
 * text that parses to the same value; a score is 0..10.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/metrics_growth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	static const char *const keys[] = {"bedrag", "$survey_response", "revenue", "a", ""};
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		const char *v = NULL;
		size_t n = 0;
		int str = 0;
		int rc = growth_prop(s, size, keys[k], &v, &n, &str);
		if (rc < -1 || rc > 1)
			abort();
		if (rc == 1) {
			if (v < s || v + n > s + size)
				abort();
			int64_t m;
			if (growth_amount_parse(v, n, str, &m) == 0) {
				char out[32];
				int64_t back;
				growth_decimal_format(m, 2, out);
				if (growth_decimal_parse(out, strlen(out), &back) < 0 || back != m)
					abort();
			}
			int score = growth_score_parse(v, n, str);
			if (score < -1 || score > 10)
				abort();
		}
	}
	int64_t m;
	if (growth_decimal_parse(s, size, &m) == 0) {
		char out[32];
		int64_t back;
		growth_decimal_format(m, 6, out);
		if (growth_decimal_parse(out, strlen(out), &back) < 0 || back != m)
			abort();
	}
	return 0;
}
