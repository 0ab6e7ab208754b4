/* SPDX-License-Identifier: EUPL-1.2 */
#include "lib/qrsvg.h"

#include <qrencode.h>

int qrsvg(const char *text, const char *label, struct buf *out)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return -1;
	int w = q->width, size = w + 8;
	buf_printf(
	    out,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
	    " role=\"img\" aria-label=\"",
	    size, size, size * 5, size * 5);
	buf_html(out, label);
	buf_printf(out,
		   "\" shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		   "<path fill=\"#000\" d=\"",
		   size, size);
	/* one horizontal run of dark modules per path segment */
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w;) {
			if (!(q->data[y * w + x] & 1)) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < w && (q->data[y * w + x + run] & 1))
				run++;
			buf_printf(out, "M%d %dh%dv1h-%dz", x + 4, y + 4, run, run);
			x += run;
		}
	buf_puts(out, "\"/></svg>");
	QRcode_free(q);
	return 0;
}
