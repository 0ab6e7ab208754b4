/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_evblock: libFuzzer target for the event store's sealed block reader
 * (domain/evcodec: header, CRCs, zstd columns, varint decoders) and the
 * log batch reader. A block file or log batch may be damaged on disk; decoding must never crash, leak or trip
 * a sanitizer, and must keep its promises: on success every property slice lies inside the decoded props
 * column, and the rows re-encode to a block that decodes to the same rows. (The min/max time index is the
 * writer's promise; the scan re-checks times against its filter.)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "domain/evcodec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Layout of the header (domain/evcodec.c): 48 fixed bytes, 40 per column,
 * then the header CRC; the column CRC sits 32 bytes into its entry. */
#define HDR_FIXED 48
#define HDR_COL 40
#define HDR_SIZE (HDR_FIXED + EVC_NCOLS * HDR_COL + 4)

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Recomputes every CRC of a mutated block whose extents fit, so the
 * fuzzer reaches the zstd and varint decoders behind the checksums. */
static void fix_crcs(uint8_t *p, size_t len)
{
	if (len < HDR_SIZE)
		return;
	for (int i = 0; i < EVC_NCOLS; i++) {
		uint8_t *c = p + HDR_FIXED + i * HDR_COL;
		uint64_t off = le64(c + 8), clen = le64(c + 16);
		if (off <= len && clen <= len - off)
			put_le32(c + 32, (uint32_t)crc32(0L, p + off, (uInt)clen));
	}
	put_le32(p + HDR_SIZE - 4, (uint32_t)crc32(0L, p, HDR_SIZE - 4));
}

static void check_block(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_block(data, size);
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	fix_crcs(copy, size);
	check_block(copy, size);
	/* the column decoders on raw bytes */
	enum { N = 64 };
	int64_t ts[N];
	uint32_t u[N];
	size_t off[N], lens[N];
	size_t n = size % N;
	evc_ts_decode(data, size, ts, n);
	evc_u32_decode(data, size, u, n);
	evc_i64_decode(data, size, ts, n);
	evc_text_decode(data, size, off, lens, n);
	/* a log batch as stored in log.db: rows until the end, or refused */
	const uint8_t *p = data, *end = data + size;
	while (p < end) {
		int64_t t;
		uint32_t person, name;
		const char *props;
		size_t len;
		if (evc_logrow_get(&p, end, &t, &person, &name, &props, &len))
			break;
		if ((const uint8_t *)props < data || (const uint8_t *)props + len > end)
			abort();
	}
	free(copy);
	return 0;
}

static void check_block(const uint8_t *data, size_t size)
{
	struct evc_rows r;
	struct evc_header h;
	uint8_t *praw = NULL;
	if (evc_block_decode(data, size, 1, &r, &h, &praw) != 0)
		return;
	const uint8_t *pend = praw + h.col[EVC_COL_PROPS].rawlen;
	for (size_t i = 0; i < r.n; i++) {
		if ((const uint8_t *)r.props[i] < praw || (const uint8_t *)r.props[i] + r.props_len[i] > pend)
			abort();
	}
	struct buf b = {0};
	if (evc_block_encode(&b, h.project, &r, 1, NULL) == 0) {
		struct evc_rows d;
		struct evc_header h2;
		uint8_t *p2 = NULL;
		if (evc_block_decode((const uint8_t *)b.data, b.len, 1, &d, &h2, &p2) != 0 || d.n != r.n ||
		    memcmp(d.ts, r.ts, r.n * sizeof *r.ts) ||
		    memcmp(d.person, r.person, r.n * sizeof *r.person))
			abort();
		evc_rows_free(&d);
		free(p2);
	}
	buf_free(&b);
	evc_rows_free(&r);
	free(praw);
}
