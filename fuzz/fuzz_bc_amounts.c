/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_bc_amounts: libFuzzer target for the amounts a person types on the
 * business-case line form (domain/businesscase bc_amounts_parse), in Dutch
 * and English. Must never crash or trip a sanitizer, and must keep its
 * promises: on success only years 0..horizon are set, each amount between 0
 * and BC_CENTS_MAX; on failure -2 (too many years) or -1 with a year inside
 * the horizon.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "domain/businesscase.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int horizon = 1 + data[0] % BC_HORIZON_MAX;
	for (int l = 0; l < 2; l++) {
		int64_t cents[BC_HORIZON_MAX + 1] = {0};
		uint32_t years = 0;
		int bad = -1;
		int rc = bc_amounts_parse((const char *)data + 1, size - 1, horizon, l ? "en" : "nl", cents,
					  &years, &bad);
		if (rc == 0) {
			if (years >> (horizon + 1))
				abort();
			for (int y = 0; y <= BC_HORIZON_MAX; y++)
				if (cents[y] < 0 || cents[y] > BC_CENTS_MAX ||
				    (cents[y] && !(years & (1u << y))))
					abort();
		} else if (rc == -1) {
			if (bad < 0 || bad > horizon)
				abort();
		} else if (rc != -2) {
			abort();
		}
	}
	return 0;
}
