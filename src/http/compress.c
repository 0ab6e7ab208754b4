/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * compress: raw deflate in a gzip member, with secrets kept out of the
 * compression history. A secret is deflated on its own (history reset
 * before it); after it the history is reset again and then refilled with
 * the text before it in which every secret is NUL bytes: a page holds no
 * NUL, so nothing later can match there, yet the page keeps most of its
 * context (a page repeats its CSRF token in every form). Level 6: pages
 * are made per request, so speed matters more than the last percent.
 */
#include "compress.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "lib/util.h"

#define WINDOW 32768

/* Feeds [p, p+n) to the stream with the given flush mode, growing out. */
static int feed(z_stream *z, const char *p, size_t n, int flush, struct buf *out)
{
	z->next_in = (Bytef *)(uintptr_t)p;
	z->avail_in = (uInt)n;
	for (;;) {
		buf_grow(out, 16384);
		z->next_out = (Bytef *)out->data + out->len;
		z->avail_out = (uInt)(out->cap - out->len - 1);
		size_t room = z->avail_out;
		int rc = deflate(z, flush);
		out->len += room - z->avail_out;
		out->data[out->len] = 0;
		if (rc == Z_STREAM_END)
			return 0;
		if (rc != Z_OK && rc != Z_BUF_ERROR)
			return -ERR_IO;
		/* done when all input is taken and deflate left room to spare */
		if (z->avail_in == 0 && z->avail_out > 0)
			return 0;
	}
}

/* The next occurrence of any secret at or after p, or NULL; *slen is its length. */
static const char *next_secret(const char *p, const char *end, const char *const *secrets, size_t ns,
			       size_t *slen)
{
	const char *best = NULL;
	for (size_t i = 0; i < ns; i++) {
		size_t l = secrets[i] ? strlen(secrets[i]) : 0;
		if (!l)
			continue;
		const char *at = memmem(p, (size_t)(end - p), secrets[i], l);
		if (at && (!best || at < best)) {
			best = at;
			*slen = l;
		}
	}
	return best;
}

/* A copy of data with every occurrence of every secret overwritten by NUL
 * bytes; the caller frees it. */
static char *masked_copy(const char *data, size_t len, const char *const *secrets, size_t ns)
{
	char *m = xmalloc(len ? len : 1);
	memcpy(m, data, len);
	const char *p = data, *end = data + len, *s;
	size_t slen = 0;
	while ((s = next_secret(p, end, secrets, ns, &slen))) {
		memset(m + (s - data), 0, slen);
		p = s + slen;
	}
	return m;
}

static void put_le32(struct buf *out, uint32_t v)
{
	unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 24)};
	buf_add(out, b, 4);
}

int compress_gzip(const char *data, size_t len, const char *const *secrets, size_t nsecrets, struct buf *out)
{
	BUG_ON(len > 0x7fffffff);
	z_stream z;
	memset(&z, 0, sizeof z);
	/* raw deflate (windowBits -15): zlib refuses a dictionary mid-stream in gzip mode */
	if (deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -ERR_IO;
	/* RFC 1952 header: deflate, no name, no time, OS unix */
	static const unsigned char head[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
	buf_add(out, head, sizeof head);
	/* With a NUL in the page a masked byte could be matched: then no refill. */
	int refill = memchr(data, 0, len) == NULL;
	char *masked = NULL;
	const char *p = data, *end = data + len, *s;
	size_t slen = 0;
	int rc = 0;
	while (!rc && (s = next_secret(p, end, secrets, nsecrets, &slen))) {
		if (s > p)
			rc = feed(&z, p, (size_t)(s - p), Z_FULL_FLUSH, out);
		if (!rc)
			rc = feed(&z, s, slen, Z_FULL_FLUSH, out);
		p = s + slen;
		if (!rc && refill) {
			if (!masked)
				masked = masked_copy(data, len, secrets, nsecrets);
			size_t at = (size_t)(p - data), from = at > WINDOW ? at - WINDOW : 0;
			if (deflateSetDictionary(&z, (const Bytef *)masked + from, (uInt)(at - from)) != Z_OK)
				rc = -ERR_IO;
		}
	}
	if (!rc)
		rc = feed(&z, p, (size_t)(end - p), Z_FINISH, out);
	deflateEnd(&z);
	free(masked);
	if (rc)
		return rc;
	put_le32(out, (uint32_t)crc32(0L, (const Bytef *)data, (uInt)len));
	put_le32(out, (uint32_t)len);
	return 0;
}
