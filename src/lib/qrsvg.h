/* SPDX-License-Identifier: EUPL-1.2 */
/* qrsvg: a QR code (libqrencode) drawn as SVG, for joining from a phone. */
#ifndef SL_QRSVG_H
#define SL_QRSVG_H

#include <stddef.h>

/* text as a QR code (error correction M, 8-bit mode) in SVG: one square per
 * dark module inside a four-module quiet zone, black on white. Returns a
 * NUL-terminated string the caller frees, or NULL when text does not fit
 * a QR code. *width (may be NULL) gets the symbol's modules per side. */
char *qrsvg(const char *text, int *width);

#endif
