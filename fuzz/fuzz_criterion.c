/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_criterion: an experiment's success criterion as people type it. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/experiment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = 0;
	struct experiment_criterion c;
	if (experiment_criterion_parse(s, &c) == 0) {
		if (!isfinite(c.threshold) || c.unit == EXPERIMENT_CRITERION_NONE)
			abort();
		(void)experiment_verdict(c.threshold, -1, 1, -1, 0.05);
		(void)experiment_verdict(c.threshold, -1, 1, 0.5, 0.05);
	} else if (c.unit != EXPERIMENT_CRITERION_NONE) {
		abort();
	}
	free(s);
	return 0;
}
