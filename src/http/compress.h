/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * compress: gzip for pages made per request. Secrets in a page (the CSRF
 * token) are compressed apart from everything else, so that the size of
 * the answer never tells whether text an attacker got reflected into the
 * page matches a secret (BREACH). Static files are compressed at build
 * time instead (http/static.c).
 */
#ifndef SL_COMPRESS_H
#define SL_COMPRESS_H

#include <stddef.h>

#include "lib/buf.h"

/* Appends to out a gzip member (RFC 1952) of data[0..len). Each occurrence
 * of a non-empty secret gets deflate blocks of its own, with the history
 * reset before it, and after it refilled with the preceding text less the
 * secrets: no back-reference crosses into or out of a secret, and no
 * Huffman table is shared with its neighbours.
 * Returns 0, or -ERR_IO when zlib fails (out is then unspecified). */
int compress_gzip(const char *data, size_t len, const char *const *secrets, size_t nsecrets, struct buf *out);

#endif
