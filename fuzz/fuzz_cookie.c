/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_cookie: the Cookie header parser, with the names the server looks up. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *h = malloc(size + 1);
	memcpy(h, data, size);
	h[size] = 0;
	char out[64], big[4096];
	parse_cookie(h, "__Host-sl_session", out, sizeof out);
	parse_cookie(h, "__Host-sl_pre", out, sizeof out);
	parse_cookie(h, "__Host-sl_lang", out, 4);
	parse_cookie(h, "a", big, sizeof big);
	free(h);
	return 0;
}
