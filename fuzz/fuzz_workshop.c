/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_workshop: a join code as people type it, and the QR drawing of any text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/workshop.h"
#include "lib/qrsvg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = 0;
	char code[WORKSHOP_CODE_LEN + 1];
	if (workshop_code_normalise(s, code) == 0) {
		if (strlen(code) != WORKSHOP_CODE_LEN ||
		    strspn(code, WORKSHOP_CODE_ALPHABET) != WORKSHOP_CODE_LEN)
			abort();
	} else if (code[0]) {
		abort();
	}
	if (size < 400) {
		int w = 0;
		char *svg = qrsvg(s, &w);
		if (svg && (w < 21 || strncmp(svg, "<svg", 4)))
			abort();
		free(svg);
	}
	free(s);
	return 0;
}
