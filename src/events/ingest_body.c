/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ingest_body: form field, gzip and base64 decoding of ingestion bodies,
 * each step bounded by INGEST_REQUEST_MAX. Never trusts a length the
 * client states; only what was read counts.
 */
#include "events/ingest_body.h"

#include <stdint.h>
#include <stdlib.h>
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

/* --- LZ-string, compressToBase64 (posthog-js compression=lz64) --------------------------------
 * The format of pieroxy's lz-string (MIT; the algorithm, not its code): an
 * LZW variant over UTF-16 code units. The base64 text carries 6 bits per
 * character, most significant first; a code is read as numBits bits,
 * least significant first. Code 0 / 1: a literal unit of 8 / 16 bits
 * follows and becomes a dictionary entry; 2: end of stream; otherwise an
 * entry of the dictionary, or (the KwKwK case) the next entry to be made,
 * which is the previous entry plus its own first unit. After each entry
 * the previous one plus the new one's first unit is added. numBits grows
 * when the dictionary reaches the next power of two ("enlargeIn").
 * Every entry is a run of the output already written, so the dictionary
 * is (start, length) pairs into the output: memory is the output plus 8
 * bytes per entry, and the output is capped (a bomb stops at the cap).
 * Strict: a character outside the alphabet, a code beyond the dictionary,
 * a stream without its end code or an unpaired surrogate is refused. */

struct lzr {
	const char *in;
	size_t n, index; /* next character to load */
	unsigned val, position;
};

static int lz_char(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == ' ') /* a '+' that a form decoding made a space */
		return 62;
	if (c == '/')
		return 63;
	if (c == '=')
		return 64; /* padding: no bits (its value has none of 32..1 set) */
	return -1;
}

/* Reads nbits bits (least significant first): 0, or -1 on a bad
 * character. Past the end the input reads as zero bits, as lz-string's
 * does; the caller refuses a stream that never ends. */
static int lz_bits(struct lzr *r, int nbits, unsigned *out)
{
	unsigned bits = 0;
	for (int i = 0; i < nbits; i++) {
		unsigned resb = r->val & r->position;
		r->position >>= 1;
		if (r->position == 0) {
			r->position = 32;
			int v = 0;
			if (r->index < r->n && (v = lz_char(r->in[r->index])) < 0)
				return -1;
			r->val = (unsigned)v;
			r->index++;
		}
		bits |= (resb ? 1u : 0u) << i;
	}
	*out = bits;
	return 0;
}

struct lz_out {
	uint16_t *u;
	size_t n, cap, max;
};

static int lz_push(struct lz_out *o, uint16_t c)
{
	if (o->n >= o->max)
		return -ERR_LIMIT;
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 4096;
		o->u = xrealloc(o->u, o->cap * sizeof *o->u);
	}
	o->u[o->n++] = c;
	return 0;
}

/* UTF-16 code units to UTF-8 into out (at most cap bytes). */
static int lz_utf8(const struct lz_out *o, size_t cap, struct buf *out)
{
	for (size_t i = 0; i < o->n; i++) {
		uint32_t c = o->u[i];
		if (c >= 0xD800 && c <= 0xDBFF) {
			if (i + 1 >= o->n || o->u[i + 1] < 0xDC00 || o->u[i + 1] > 0xDFFF)
				return -ERR_INVALID;
			c = 0x10000 + ((c - 0xD800) << 10) + (o->u[++i] - 0xDC00);
		} else if (c >= 0xDC00 && c <= 0xDFFF) {
			return -ERR_INVALID;
		}
		char t[4];
		size_t k;
		if (c < 0x80) {
			t[0] = (char)c;
			k = 1;
		} else if (c < 0x800) {
			t[0] = (char)(0xC0 | c >> 6);
			t[1] = (char)(0x80 | (c & 0x3F));
			k = 2;
		} else if (c < 0x10000) {
			t[0] = (char)(0xE0 | c >> 12);
			t[1] = (char)(0x80 | (c >> 6 & 0x3F));
			t[2] = (char)(0x80 | (c & 0x3F));
			k = 3;
		} else {
			t[0] = (char)(0xF0 | c >> 18);
			t[1] = (char)(0x80 | (c >> 12 & 0x3F));
			t[2] = (char)(0x80 | (c >> 6 & 0x3F));
			t[3] = (char)(0x80 | (c & 0x3F));
			k = 4;
		}
		if (out->len + k > cap)
			return -ERR_LIMIT;
		buf_add(out, t, k);
	}
	return 0;
}

int ingest_lz64(const char *in, size_t n, size_t cap, struct buf *out)
{
	while (n && (in[n - 1] == '\n' || in[n - 1] == '\r'))
		n--;
	if (!n)
		return -ERR_INVALID;
	struct lzr r = {in, n, 1, 0, 32};
	int v0 = lz_char(in[0]);
	if (v0 < 0)
		return -ERR_INVALID;
	r.val = (unsigned)v0;
	struct lz_out o = {NULL, 0, 0, cap};
	uint32_t *start = NULL, *len = NULL;
	size_t dict = 4, dcap = 0, enlarge = 4;
	int nbits = 3, rc = 0;
	unsigned bits;
	uint32_t w_start = 0, w_len = 0;
	/* the first code: 2 bits */
	if (lz_bits(&r, 2, &bits) < 0 || bits == 2 || bits > 2) {
		rc = -ERR_INVALID;
		goto out;
	}
	{
		unsigned c;
		if (lz_bits(&r, bits == 0 ? 8 : 16, &c) < 0 || (rc = lz_push(&o, (uint16_t)c)) < 0) {
			rc = rc ? rc : -ERR_INVALID;
			goto out;
		}
		dcap = 1024;
		start = xmalloc(dcap * sizeof *start);
		len = xmalloc(dcap * sizeof *len);
		start[3] = 0;
		len[3] = 1;
		w_start = 0;
		w_len = 1;
	}
	for (;;) {
		if (r.index > r.n) { /* read past the end without an end code */
			rc = -ERR_INVALID;
			goto out;
		}
		if (lz_bits(&r, nbits, &bits) < 0) {
			rc = -ERR_INVALID;
			goto out;
		}
		size_t c = bits;
		if (dict + 2 > dcap) {
			dcap *= 2;
			start = xrealloc(start, dcap * sizeof *start);
			len = xrealloc(len, dcap * sizeof *len);
		}
		if (c == 2)
			break;
		uint32_t e_start = (uint32_t)o.n, e_len;
		if (c < 2) {
			/* a literal unit: a new entry, written out as this step's entry */
			unsigned u;
			if (lz_bits(&r, c == 0 ? 8 : 16, &u) < 0) {
				rc = -ERR_INVALID;
				goto out;
			}
			if ((rc = lz_push(&o, (uint16_t)u)) < 0)
				goto out;
			e_len = 1;
			start[dict] = e_start;
			len[dict] = 1;
			dict++;
			if (--enlarge == 0) {
				enlarge = (size_t)1 << nbits;
				nbits++;
			}
		} else if (c >= 3 && c < dict) {
			e_len = len[c];
			if (o.n + e_len > o.max) {
				rc = -ERR_LIMIT;
				goto out;
			}
			for (uint32_t k = 0; k < e_len; k++)
				lz_push(&o, o.u[start[c] + k]);
		} else if (c == dict) { /* the entry about to be made: w + w[0] */
			e_len = w_len + 1;
			if (o.n + e_len > o.max) {
				rc = -ERR_LIMIT;
				goto out;
			}
			for (uint32_t k = 0; k < w_len; k++)
				lz_push(&o, o.u[w_start + k]);
			lz_push(&o, o.u[w_start]);
		} else {
			rc = -ERR_INVALID;
			goto out;
		}
		/* w + the entry's first unit: w and the entry are adjacent in the output */
		start[dict] = w_start;
		len[dict] = w_len + 1;
		dict++;
		w_start = e_start;
		w_len = e_len;
		if (--enlarge == 0) {
			enlarge = (size_t)1 << nbits;
			nbits++;
		}
		if (nbits > 30) {
			rc = -ERR_INVALID;
			goto out;
		}
	}
	rc = lz_utf8(&o, cap, out);
out:
	free(o.u);
	free(start);
	free(len);
	return rc;
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
	/* posthog-js's lz64: ?compression=lz64, or compression=lz64 beside data= in the form */
	struct buf cv = BUF_INIT;
	int lz = (in->compression && !strcmp(in->compression, "lz64")) ||
		 (form && ingest_form_field(in->data, in->len, "compression", &cv) == 0 &&
		  !strcmp(buf_str(&cv), "lz64"));
	buf_free(&cv);
	if (lz) {
		struct buf d = BUF_INIT;
		if ((rc = ingest_lz64(b.data, b.len, INGEST_REQUEST_MAX, &d)) < 0) {
			buf_free(&d);
			*reason = rc == -ERR_LIMIT ? "the request is larger than 20 MiB once decompressed"
						   : "the body is not valid lz64 (LZ-string base64)";
			goto fail;
		}
		buf_free(&b);
		b = d;
	}
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
