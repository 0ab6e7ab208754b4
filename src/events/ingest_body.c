/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ingest_body: form field, gzip and base64 decoding of ingestion bodies,
 * each step bounded by INGEST_REQUEST_MAX. Never trusts a length the
 * client states; only what was read counts.
 */
#include "events/ingest_body.h"

#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "lib/util.h"

int ingest_inflate(const char *in, size_t n, size_t cap, struct buf *out)
{
	z_stream z = {0};
	if (inflateInit2(&z, 15 + 32) != Z_OK) /* +32: gzip or zlib, by the header */
		return -ERR_INVALID;
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
	unsigned char chunk[65536];
	int rc = -ERR_INVALID;
	for (;;) {
		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		int zr = inflate(&z, Z_NO_FLUSH);
		size_t got = sizeof chunk - z.avail_out;
		if (out->len + got > cap) {
			rc = -ERR_LIMIT;
			break;
		}
		buf_add(out, chunk, got);
		if (zr == Z_STREAM_END) {
			/* concatenated gzip members are one stream to gzip(1) */
			if (z.avail_in > 0 && inflateReset(&z) == Z_OK)
				continue;
			rc = 0;
			break;
		}
		if (zr != Z_OK || (got == 0 && z.avail_in == 0))
			break; /* corrupt, or truncated */
	}
	inflateEnd(&z);
	return rc;
}

static int b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

int ingest_base64(const char *in, size_t n, struct buf *out)
{
	unsigned acc = 0;
	int bits = 0, pad = 0;
	size_t digits = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		int v = b64val(c);
		if (v < 0 || pad)
			return -ERR_INVALID;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		digits++;
		if (bits >= 8) {
			bits -= 8;
			buf_putc(out, (char)((acc >> bits) & 0xFF));
		}
	}
	if (digits % 4 == 1 || pad > 2)
		return -ERR_INVALID;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int ingest_form_field(const char *form, size_t n, const char *name, struct buf *out)
{
	size_t nl = strlen(name);
	const char *p = form, *end = form + n;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *e = amp ? amp : end;
		if ((size_t)(e - p) > nl && !memcmp(p, name, nl) && p[nl] == '=') {
			for (const char *s = p + nl + 1; s < e; s++) {
				if (*s == '+')
					buf_putc(out, ' ');
				else if (*s == '%' && e - s >= 3 && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
					buf_putc(out, (char)(hexval(s[1]) * 16 + hexval(s[2])));
					s += 2;
				} else
					buf_putc(out, *s);
			}
			return 0;
		}
		p = e + 1;
	}
	return -ERR_NOTFOUND;
}

static int is_gzip(const struct buf *b)
{
	return b->len >= 2 && (unsigned char)b->data[0] == 0x1f && (unsigned char)b->data[1] == 0x8b;
}

static int looks_json(const struct buf *b)
{
	for (size_t i = 0; i < b->len; i++) {
		char c = b->data[i];
		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		return c == '{' || c == '[';
	}
	return 0;
}

/* In place: b becomes its inflation, or the error is returned. */
static int inflate_buf(struct buf *b, const char **reason)
{
	struct buf z = BUF_INIT;
	int rc = ingest_inflate(b->data, b->len, INGEST_REQUEST_MAX, &z);
	if (rc < 0) {
		buf_free(&z);
		*reason = rc == -ERR_LIMIT ? "the request is larger than 20 MiB once decompressed"
					   : "the body is not valid gzip";
		return rc;
	}
	buf_free(b);
	*b = z;
	return 0;
}

int ingest_body_decode(const struct ingest_body_in *in, struct buf *out, const char **reason)
{
	struct buf b = BUF_INIT;
	*reason = NULL;
	int form =
	    in->content_type && !strncasecmp(in->content_type, "application/x-www-form-urlencoded", 33);
	/* a form's data= field, else the body as it is (clients that send raw
	 * gzip or JSON with a form type, e.g. curl's default) */
	if (!(form || (in->len > 5 && !memcmp(in->data, "data=", 5))) ||
	    ingest_form_field(in->data, in->len, "data", &b) < 0) {
		buf_free(&b);
		buf_add(&b, in->data, in->len);
	}
	int rc = 0;
	int gz = (in->content_encoding && strcasestr(in->content_encoding, "gzip")) ||
		 (in->compression && !strcmp(in->compression, "gzip-js")) || is_gzip(&b);
	if (gz && (rc = inflate_buf(&b, reason)) < 0)
		goto fail;
	if (!looks_json(&b)) {
		struct buf d = BUF_INIT;
		if (ingest_base64(b.data, b.len, &d) < 0) {
			buf_free(&d);
			*reason = "the body is neither JSON, gzip nor base64";
			rc = -ERR_INVALID;
			goto fail;
		}
		buf_free(&b);
		b = d;
		if (is_gzip(&b) && (rc = inflate_buf(&b, reason)) < 0)
			goto fail;
		if (!looks_json(&b)) {
			*reason = "the decoded body is not JSON";
			rc = -ERR_INVALID;
			goto fail;
		}
	}
	if (b.len > INGEST_REQUEST_MAX) {
		*reason = "the request is larger than 20 MiB";
		rc = -ERR_LIMIT;
		goto fail;
	}
	buf_free(out);
	*out = b;
	return 0;
fail:
	buf_free(&b);
	return rc;
}
