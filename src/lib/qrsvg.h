/* SPDX-License-Identifier: EUPL-1.2 */
/* qrsvg: text as a QR code (libqrencode), drawn as an SVG image. */
#ifndef SL_QRSVG_H
#define SL_QRSVG_H

#include "lib/buf.h"

/* Appends an <svg> of text as a QR code (error correction M, a four-module
 * quiet zone), with role="img" and aria-label label (escaped). 0, or -1
 * when the text does not fit a QR code. */
int qrsvg(const char *text, const char *label, struct buf *out);

#endif
