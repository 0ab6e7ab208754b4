/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * evcodec: column codecs and the sealed block format of the event store
 * (see evcodec.h). Little-endian fixed-width header fields; every length
 * read from a block is checked before use. Fuzzed by fuzz/fuzz_evblock.c.
 */
#include "domain/evcodec.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "lib/util.h"

#define HDR_FIXED 48 /* magic 8, version 4, ncols 4, project 8, n 8, min 8, max 8 */
#define HDR_COL 40   /* id 4, codec 4, off 8, clen 8, rawlen 8, crc 4, pad 4 */
#define HDR_SIZE(ncols) (HDR_FIXED + (size_t)(ncols)*HDR_COL + 4)
#define CODEC_ZSTD 1

size_t evc_varint_put(uint8_t *p, uint64_t v)
{
	size_t i = 0;
	while (v >= 0x80) {
		p[i++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[i++] = (uint8_t)v;
	return i;
}

int evc_varint_get(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	uint64_t x = 0;
	const uint8_t *q = *p;
	for (int shift = 0; shift < 70; shift += 7) {
		if (q >= end)
			return -1;
		uint8_t b = *q++;
		if (shift == 63 && b > 1)
			return -1; /* more than 64 bits */
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			*p = q;
			return 0;
		}
	}
	return -1;
}

uint64_t evc_zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

int64_t evc_unzigzag(uint64_t v)
{
	return (int64_t)((v >> 1) ^ (~(v & 1) + 1));
}

/* Appends one varint to out. */
static void put_varint(struct buf *out, uint64_t v)
{
	uint8_t tmp[10];
	buf_add(out, tmp, evc_varint_put(tmp, v));
}

void evc_ts_encode(struct buf *out, const int64_t *ts, size_t n)
{
	uint64_t prev = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t cur = (uint64_t)ts[i];
		put_varint(out, evc_zigzag((int64_t)(cur - prev)));
		prev = cur;
	}
}

void evc_u32_encode(struct buf *out, const uint32_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_varint(out, v[i]);
}

void evc_i64_encode(struct buf *out, const int64_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_varint(out, evc_zigzag(v[i]));
}

void evc_text_encode(struct buf *out, const char *const *s, const size_t *len, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t l = s && s[i] ? len[i] : 0;
		put_varint(out, l);
		if (l)
			buf_add(out, s[i], l);
	}
}

int evc_ts_decode(const uint8_t *p, size_t len, int64_t *ts, size_t n)
{
	const uint8_t *end = p + len;
	uint64_t prev = 0, v;
	for (size_t i = 0; i < n; i++) {
		if (evc_varint_get(&p, end, &v))
			return -1;
		prev += (uint64_t)evc_unzigzag(v);
		ts[i] = (int64_t)prev;
	}
	return p == end ? 0 : -1;
}

int evc_u32_decode(const uint8_t *p, size_t len, uint32_t *out, size_t n)
{
	const uint8_t *end = p + len;
	uint64_t v;
	for (size_t i = 0; i < n; i++) {
		if (evc_varint_get(&p, end, &v) || v > UINT32_MAX)
			return -1;
		out[i] = (uint32_t)v;
	}
	return p == end ? 0 : -1;
}

int evc_i64_decode(const uint8_t *p, size_t len, int64_t *out, size_t n)
{
	const uint8_t *end = p + len;
	uint64_t v;
	for (size_t i = 0; i < n; i++) {
		if (evc_varint_get(&p, end, &v))
			return -1;
		out[i] = evc_unzigzag(v);
	}
	return p == end ? 0 : -1;
}

int evc_text_decode(const uint8_t *p, size_t len, size_t *off, size_t *lens, size_t n)
{
	const uint8_t *start = p, *end = p + len;
	uint64_t v;
	for (size_t i = 0; i < n; i++) {
		if (evc_varint_get(&p, end, &v) || v > (uint64_t)(end - p))
			return -1;
		off[i] = (size_t)(p - start);
		lens[i] = (size_t)v;
		p += v;
	}
	return p == end ? 0 : -1;
}

void evc_logrow_put(struct buf *out, int64_t ts, uint32_t person, uint32_t name, const char *props,
		    size_t len)
{
	put_varint(out, evc_zigzag(ts));
	put_varint(out, person);
	put_varint(out, name);
	put_varint(out, len);
	if (len)
		buf_add(out, props, len);
}

int evc_logrow_get(const uint8_t **p, const uint8_t *end, int64_t *ts, uint32_t *person, uint32_t *name,
		   const char **props, size_t *len)
{
	uint64_t t, pe, na, l;
	const uint8_t *q = *p;
	if (evc_varint_get(&q, end, &t) || evc_varint_get(&q, end, &pe) || evc_varint_get(&q, end, &na) ||
	    evc_varint_get(&q, end, &l) || pe > UINT32_MAX || na > UINT32_MAX || l > (uint64_t)(end - q))
		return -1;
	*ts = evc_unzigzag(t);
	*person = (uint32_t)pe;
	*name = (uint32_t)na;
	*props = (const char *)q;
	*len = (size_t)l;
	*p = q + l;
	return 0;
}

/* ---- little-endian fields ---- */

static void put_u32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t v = 0;
	for (int i = 3; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t crc(const uint8_t *p, size_t n)
{
	uLong c = crc32(0L, Z_NULL, 0);
	while (n > 0) { /* crc32 takes a uInt length */
		uInt k = n > (1u << 30) ? (1u << 30) : (uInt)n;
		c = crc32(c, p, k);
		p += k;
		n -= k;
	}
	return (uint32_t)c;
}

/* ---- blocks ---- */

/* Raw bytes of a property column (see struct evc_strcol). */
static void encode_strcol(struct buf *raw, const struct evc_strcol *c, size_t n)
{
	put_varint(raw, c->key_len);
	buf_add(raw, c->key, c->key_len);
	put_varint(raw, c->ndict);
	for (size_t k = 0; k < c->ndict; k++) {
		put_varint(raw, c->dict_len[k]);
		buf_add(raw, c->dict[k], c->dict_len[k]);
	}
	evc_u32_encode(raw, c->idx, n);
}

/* Raw bytes of column id for rows r, appended to raw. */
static void encode_column(struct buf *raw, const struct evc_rows *r, int id)
{
	switch (id) {
	case EVC_COL_TS: evc_ts_encode(raw, r->ts, r->n); break;
	case EVC_COL_PERSON: evc_u32_encode(raw, r->person, r->n); break;
	case EVC_COL_NAME: evc_u32_encode(raw, r->name, r->n); break;
	case EVC_COL_SOURCE: evc_i64_encode(raw, r->source, r->n); break;
	case EVC_COL_PROPS: evc_text_encode(raw, r->props, r->props_len, r->n); break;
	default: encode_strcol(raw, &r->strcols[id - EVC_NCOLS], r->n); break;
	}
}

/* Compresses raw onto out at column slot id of the header h. */
static int compress_column(struct buf *out, const struct buf *raw, int level, struct evc_col *c)
{
	size_t bound = ZSTD_compressBound(raw->len);
	buf_grow(out, bound);
	size_t z = ZSTD_compress(out->data + out->len, bound, raw->data ? raw->data : "", raw->len, level);
	if (ZSTD_isError(z))
		return -1;
	c->off = out->len;
	c->clen = z;
	c->rawlen = raw->len;
	c->crc = crc((const uint8_t *)out->data + out->len, z);
	out->len += z;
	out->data[out->len] = '\0';
	return 0;
}

/* Writes the header fields of h at p (HDR_SIZE(h->ncols) bytes). */
static void write_header(uint8_t *p, const struct evc_header *h)
{
	size_t size = HDR_SIZE(h->ncols);
	memcpy(p, EVC_MAGIC, 8);
	put_u32(p + 8, EVC_VERSION);
	put_u32(p + 12, h->ncols);
	put_u64(p + 16, (uint64_t)h->project);
	put_u64(p + 24, h->n);
	put_u64(p + 32, (uint64_t)h->min_ts);
	put_u64(p + 40, (uint64_t)h->max_ts);
	for (uint32_t i = 0; i < h->ncols; i++) {
		uint8_t *c = p + HDR_FIXED + i * HDR_COL;
		put_u32(c, h->col[i].id);
		put_u32(c + 4, CODEC_ZSTD);
		put_u64(c + 8, h->col[i].off);
		put_u64(c + 16, h->col[i].clen);
		put_u64(c + 24, h->col[i].rawlen);
		put_u32(c + 32, h->col[i].crc);
		put_u32(c + 36, 0);
	}
	put_u32(p + size - 4, crc(p, size - 4));
}

int evc_block_encode(struct buf *out, int64_t project, const struct evc_rows *r, int level,
		     size_t *core_bytes)
{
	if (r->n == 0 || r->n > EVC_MAX_ROWS || r->n_strcols > EVC_MAX_PROPCOLS)
		return -1;
	struct evc_header h = {.project = project, .n = r->n};
	h.ncols = EVC_NCOLS + (uint32_t)r->n_strcols;
	h.size = HDR_SIZE(h.ncols);
	h.min_ts = h.max_ts = r->ts[0];
	for (size_t i = 1; i < r->n; i++) {
		h.min_ts = r->ts[i] < h.min_ts ? r->ts[i] : h.min_ts;
		h.max_ts = r->ts[i] > h.max_ts ? r->ts[i] : h.max_ts;
	}
	size_t start = out->len;
	buf_grow(out, h.size);
	memset(out->data + out->len, 0, h.size);
	out->len += h.size;
	struct buf raw = {0};
	for (uint32_t i = 0; i < h.ncols; i++) {
		buf_reset(&raw);
		encode_column(&raw, r, (int)i);
		h.col[i].id = i;
		if (compress_column(out, &raw, level, &h.col[i])) {
			buf_free(&raw);
			return -1;
		}
		h.col[i].off -= start;
	}
	buf_free(&raw);
	write_header((uint8_t *)out->data + start, &h);
	if (core_bytes)
		*core_bytes = h.col[EVC_COL_TS].clen + h.col[EVC_COL_PERSON].clen + h.col[EVC_COL_NAME].clen;
	return 0;
}

int evc_block_header(const uint8_t *p, size_t len, struct evc_header *h)
{
	if (len < HDR_SIZE(EVC_NCOLS) || memcmp(p, EVC_MAGIC, 8) || get_u32(p + 8) != EVC_VERSION)
		return -1;
	h->ncols = get_u32(p + 12);
	if (h->ncols < EVC_NCOLS || h->ncols > EVC_NCOLS + EVC_MAX_PROPCOLS)
		return -1;
	h->size = HDR_SIZE(h->ncols);
	if (len < h->size || get_u32(p + h->size - 4) != crc(p, h->size - 4))
		return -1;
	h->project = (int64_t)get_u64(p + 16);
	h->n = get_u64(p + 24);
	h->min_ts = (int64_t)get_u64(p + 32);
	h->max_ts = (int64_t)get_u64(p + 40);
	if (h->n == 0 || h->n > EVC_MAX_ROWS || h->min_ts > h->max_ts)
		return -1;
	for (uint32_t i = 0; i < h->ncols; i++) {
		const uint8_t *c = p + HDR_FIXED + i * HDR_COL;
		struct evc_col *col = &h->col[i];
		col->id = get_u32(c);
		col->off = get_u64(c + 8);
		col->clen = get_u64(c + 16);
		col->rawlen = get_u64(c + 24);
		col->crc = get_u32(c + 32);
		if (col->id != i || get_u32(c + 4) != CODEC_ZSTD || col->off < h->size || col->off > len ||
		    col->clen > len - col->off || col->rawlen > EVC_MAX_RAW)
			return -1;
		/* varint columns: 1 to 10 bytes per row; the others at least 1 */
		if (i != EVC_COL_PROPS && i < EVC_NCOLS && (col->rawlen < h->n || col->rawlen > 10 * h->n))
			return -1;
		if (col->rawlen < h->n)
			return -1;
	}
	return 0;
}

int evc_block_column(const uint8_t *p, size_t len, const struct evc_header *h, int id, uint8_t **raw)
{
	const struct evc_col *c = &h->col[id];
	(void)len; /* extents were checked by evc_block_header */
	const uint8_t *z = p + c->off;
	if (crc(z, c->clen) != c->crc)
		return -1;
	unsigned long long content = ZSTD_getFrameContentSize(z, c->clen);
	if (content != c->rawlen)
		return -1;
	uint8_t *out = xmalloc(c->rawlen ? c->rawlen : 1);
	size_t got = ZSTD_decompress(out, c->rawlen, z, c->clen);
	if (ZSTD_isError(got) || got != c->rawlen) {
		free(out);
		return -1;
	}
	*raw = out;
	return 0;
}

/* Decompresses and decodes one varint column into dst. */
static int decode_column(const uint8_t *p, size_t len, const struct evc_header *h, int id, void *dst)
{
	uint8_t *raw;
	if (evc_block_column(p, len, h, id, &raw))
		return -1;
	size_t n = h->n, rl = h->col[id].rawlen;
	int rc = id == EVC_COL_TS	? evc_ts_decode(raw, rl, dst, n)
		 : id == EVC_COL_SOURCE ? evc_i64_decode(raw, rl, dst, n)
					: evc_u32_decode(raw, rl, dst, n);
	free(raw);
	return rc;
}

/* Decodes the props column; props point into *props_raw. */
static int decode_props(const uint8_t *p, size_t len, const struct evc_header *h, struct evc_rows *r,
			uint8_t **props_raw)
{
	size_t *off = xmalloc(h->n * sizeof *off);
	r->props_len = xmalloc(h->n * sizeof *r->props_len);
	r->props = xmalloc(h->n * sizeof *r->props);
	int rc = evc_block_column(p, len, h, EVC_COL_PROPS, props_raw);
	if (!rc)
		rc = evc_text_decode(*props_raw, h->col[EVC_COL_PROPS].rawlen, off, r->props_len, h->n);
	for (size_t i = 0; !rc && i < h->n; i++)
		r->props[i] = (const char *)*props_raw + off[i];
	free(off);
	if (rc && *props_raw) {
		free(*props_raw);
		*props_raw = NULL;
	}
	return rc;
}

int evc_block_decode(const uint8_t *p, size_t len, int with_props, struct evc_rows *r, struct evc_header *h,
		     uint8_t **props_raw)
{
	memset(r, 0, sizeof *r);
	*props_raw = NULL;
	if (evc_block_header(p, len, h))
		return -1;
	r->n = h->n;
	r->ts = xmalloc(r->n * sizeof *r->ts);
	r->person = xmalloc(r->n * sizeof *r->person);
	r->name = xmalloc(r->n * sizeof *r->name);
	r->source = xmalloc(r->n * sizeof *r->source);
	if (decode_column(p, len, h, EVC_COL_TS, r->ts) ||
	    decode_column(p, len, h, EVC_COL_PERSON, r->person) ||
	    decode_column(p, len, h, EVC_COL_NAME, r->name) ||
	    decode_column(p, len, h, EVC_COL_SOURCE, r->source) ||
	    (with_props && decode_props(p, len, h, r, props_raw))) {
		evc_rows_free(r);
		return -1;
	}
	return 0;
}

/* Decodes the raw bytes of a property column into c (strings point into
 * c->raw): 0 or -1. */
static int decode_strcol(struct evc_strcol_dec *c, size_t rawlen, size_t n)
{
	const uint8_t *p = c->raw, *end = c->raw + rawlen;
	uint64_t v;
	if (evc_varint_get(&p, end, &v) || v > (uint64_t)(end - p))
		return -1;
	c->key = (const char *)p;
	c->key_len = (size_t)v;
	p += v;
	if (evc_varint_get(&p, end, &v) || v > (uint64_t)(end - p))
		return -1; /* each value takes at least one byte */
	c->ndict = (size_t)v;
	c->dict = xmalloc((c->ndict ? c->ndict : 1) * sizeof *c->dict);
	c->dict_len = xmalloc((c->ndict ? c->ndict : 1) * sizeof *c->dict_len);
	for (size_t k = 0; k < c->ndict; k++) {
		if (evc_varint_get(&p, end, &v) || v > (uint64_t)(end - p))
			return -1;
		c->dict[k] = (const char *)p;
		c->dict_len[k] = (size_t)v;
		p += v;
	}
	c->idx = xmalloc(n * sizeof *c->idx);
	if (evc_u32_decode(p, (size_t)(end - p), c->idx, n))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (c->idx[i] > c->ndict)
			return -1;
	return 0;
}

int evc_block_strcol(const uint8_t *p, size_t len, const struct evc_header *h, const char *key,
		     size_t key_len, struct evc_strcol_dec *out)
{
	memset(out, 0, sizeof *out);
	for (uint32_t i = EVC_NCOLS; i < h->ncols; i++) {
		struct evc_strcol_dec c = {0};
		if (evc_block_column(p, len, h, (int)i, &c.raw))
			return -1;
		if (decode_strcol(&c, h->col[i].rawlen, h->n)) {
			evc_strcol_free(&c);
			return -1;
		}
		if (c.key_len == key_len && memcmp(c.key, key, key_len) == 0) {
			*out = c;
			return 1;
		}
		evc_strcol_free(&c);
	}
	return 0;
}

void evc_strcol_free(struct evc_strcol_dec *c)
{
	free(c->raw);
	free(c->dict);
	free(c->dict_len);
	free(c->idx);
	memset(c, 0, sizeof *c);
}

void evc_rows_free(struct evc_rows *r)
{
	free(r->ts);
	free(r->person);
	free(r->name);
	free(r->source);
	free(r->props);
	free(r->props_len);
	memset(r, 0, sizeof *r);
}
