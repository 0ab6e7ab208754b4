/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_qrsvg: the QR drawing (lib/qrsvg) of any text up to 400 bytes, the
 * longest the product draws (an otpauth: URI with a long e-mail address;
 * a workshop's join link is shorter). The SVG must be well formed: a
 * square viewBox with the quiet zone, and every module run inside it.
 * Bound: libqrencode encodes and evaluates eight masks per input, most of
 * this target's time, so it runs far fewer inputs than the parsers
 * (docs/fuzzing.md).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/qrsvg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 400)
		return 0;
	char s[401];
	memcpy(s, data, size);
	s[size] = 0;
	int w = 0;
	char *svg = qrsvg(s, &w);
	if (!svg)
		return 0;
	int side = 0, side2 = 0;
	if (w < 21 || w > 177 || (w - 17) % 4 ||
	    sscanf(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\"", &side, &side2) !=
		2 ||
	    side != w + 8 || side2 != side)
		abort();
	/* every run "M<x> <y>h<run>v1h-<run>z" lies inside the symbol */
	const char *p = strstr(svg, " d=\"");
	if (!p)
		abort();
	p += 4;
	int x, y, run, back, n;
	while (sscanf(p, "M%d %dh%dv1h-%dz%n", &x, &y, &run, &back, &n) == 4) {
		if (x < 4 || y < 4 || run < 1 || back != run || x + run > w + 4 || y >= w + 4)
			abort();
		p += n;
	}
	if (strcmp(p, "\"/></svg>"))
		abort();
	free(svg);
	return 0;
}
