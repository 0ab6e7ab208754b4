/* SPDX-License-Identifier: EUPL-1.2 */
/* qrsvg: libqrencode's module matrix written out as SVG (qrsvg.h). */
#include "lib/qrsvg.h"

#include <qrencode.h>

#include "lib/buf.h"

/* A non-negative int in decimal: a code of version 40 has thousands of runs,
 * and a printf per number was most of the drawing's time. */
static void put_int(struct buf *b, int v)
{
	char tmp[12];
	int n = 0;
	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0 && n < (int)sizeof tmp);
	buf_grow(b, (size_t)n);
	while (n)
		b->data[b->len++] = tmp[--n];
	b->data[b->len] = 0;
}

char *qrsvg(const char *text, int *width)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return NULL;
	int w = q->width, side = w + 8;
	struct buf b = BUF_INIT;
	buf_printf(
	    &b,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
	    side, side, side, side);
	/* bit 0 of each byte: 1 is a dark module; runs of dark modules in a
	 * row become one rectangle */
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++) {
			if (!(q->data[y * w + x] & 1))
				continue;
			int run = 1;
			while (x + run < w && (q->data[y * w + x + run] & 1))
				run++;
			/* "M<x> <y>h<run>v1h-<run>z" */
			buf_putc(&b, 'M');
			put_int(&b, x + 4);
			buf_putc(&b, ' ');
			put_int(&b, y + 4);
			buf_putc(&b, 'h');
			put_int(&b, run);
			buf_add(&b, "v1h-", 4);
			put_int(&b, run);
			buf_putc(&b, 'z');
			x += run - 1;
		}
	buf_puts(&b, "\"/></svg>");
	if (width)
		*width = w;
	QRcode_free(q);
	return buf_steal(&b);
}
