/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_decision: the decision criteria as people type them on the page (one
 * per line): every criterion that comes out is trimmed, non-empty, at most
 * DECISION_CRITERION_MAX characters and free of control characters. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/decision.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = 0;
	char **v;
	int n = decision_criteria_split(s, &v);
	if (n > DECISION_CRITERIA_MAX)
		abort();
	for (int i = 0; i < n; i++) {
		size_t len = strlen(v[i]);
		if (!len || v[i][0] == ' ' || v[i][len - 1] == ' ')
			abort();
		for (size_t k = 0; k < len; k++)
			if ((unsigned char)v[i][k] < 0x20)
				abort();
		free(v[i]);
	}
	if (n >= 0)
		free(v);
	(void)decision_outcome_parse(s);
	free(s);
	return 0;
}
