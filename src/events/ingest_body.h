/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ingest_body: turns the body of an analytics client's request into JSON
 * text: a form field data=, gzip (Content-Encoding, PostHog's
 * ?compression=gzip-js, or the gzip magic), base64 (standard or URL-safe).
 * Inflating streams into a capped buffer, so a gzip bomb is refused after
 * at most cap bytes, never decompressed whole.
 */
#ifndef SL_INGEST_BODY_H
#define SL_INGEST_BODY_H

#include <stddef.h>

#include "lib/buf.h"

#define INGEST_REQUEST_MAX (20u * 1024 * 1024) /* decompressed, per request */

struct ingest_body_in {
	const char *data; /* the raw body */
	size_t len;
	const char *content_type;     /* may be NULL */
	const char *content_encoding; /* may be NULL */
	const char *compression;      /* PostHog's ?compression=, may be NULL */
};

/* Inflates gzip or zlib data in[0..n) into out, at most cap bytes.
 * 0, -ERR_LIMIT (more than cap), or -ERR_INVALID (not gzip/zlib, corrupt). */
int ingest_inflate(const char *in, size_t n, size_t cap, struct buf *out);
/* Decodes LZ-string's compressToBase64 text (posthog-js compression=lz64)
 * into UTF-8 in out, at most cap bytes (and cap UTF-16 units while
 * decompressing). 0, -ERR_LIMIT, or -ERR_INVALID (a character outside the
 * alphabet, a bad code, no end code, an unpaired surrogate). */
int ingest_lz64(const char *in, size_t n, size_t cap, struct buf *out);
/* Decodes base64 (standard or URL-safe, padding optional, whitespace
 * ignored) into out: 0, or -ERR_INVALID. */
int ingest_base64(const char *in, size_t n, struct buf *out);
/* The URL-decoded value of field name of a form (application/x-www-form-
 * urlencoded) into out: 0, or -ERR_NOTFOUND when the form has none. */
int ingest_form_field(const char *form, size_t n, const char *name, struct buf *out);
/* The body as JSON text into out (at most INGEST_REQUEST_MAX bytes):
 * 0, -ERR_LIMIT (too large once decompressed: 413), or -ERR_INVALID with
 * *reason an English message (400). */
int ingest_body_decode(const struct ingest_body_in *in, struct buf *out, const char **reason);

#endif
