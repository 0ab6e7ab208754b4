/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * evcodec: the column codecs and the block format of the embedded event
 * store, pure (no I/O): zigzag varints, delta-encoded timestamps,
 * dictionary-id columns, length-prefixed text, each column compressed with
 * zstd and checked with a CRC-32, and a block header with the min/max time
 * index. Decoding validates every length against the input (it reads
 * stored files, which may be damaged). Format: docs/events-store.md.
 */
#ifndef SL_EVCODEC_H
#define SL_EVCODEC_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

#define EVC_MAGIC "SLEVBLK1"
#define EVC_VERSION 2
#define EVC_MAX_PROPCOLS 4	      /* frequent property keys as columns, per block */
#define EVC_MAX_ROWS (1u << 24)	      /* rows per block, at most */
#define EVC_MAX_RAW ((size_t)1 << 28) /* decoded bytes per column, at most */

enum evc_col_id {
	EVC_COL_TS,	/* zigzag varint deltas, first against 0 */
	EVC_COL_PERSON, /* varint person ids (dictionary of distinct ids) */
	EVC_COL_NAME,	/* varint event-name ids */
	EVC_COL_SOURCE, /* zigzag varint source ids */
	EVC_COL_PROPS,	/* varint length + JSON text per row */
	EVC_NCOLS	/* then up to EVC_MAX_PROPCOLS property columns */
};

/* A frequent property key of a block as a column of its own: the key, the
 * block's distinct string values, and per row 0 (absent, or not a string)
 * or k + 1 for dict[k]. Raw encoding: varint key length, key, varint
 * value count, per value varint length and bytes, per row varint index. */
struct evc_strcol {
	const char *key;
	size_t key_len;
	size_t ndict;
	const char *const *dict;
	const size_t *dict_len;
	const uint32_t *idx;
};

/* A decoded property column; strings point into raw. */
struct evc_strcol_dec {
	uint8_t *raw;
	const char *key;
	size_t key_len;
	size_t ndict;
	const char **dict;
	size_t *dict_len;
	uint32_t *idx;
};

/* A block's rows as columns (the encoder reads, the decoder fills). */
struct evc_rows {
	size_t n;
	int64_t *ts;
	uint32_t *person;
	uint32_t *name;
	int64_t *source;
	const char **props; /* may be NULL when encoding: no properties */
	size_t *props_len;
	size_t n_strcols; /* encoding only: frequent keys as columns */
	const struct evc_strcol *strcols;
};

struct evc_col {
	uint32_t id;
	uint64_t off; /* from the start of the block */
	uint64_t clen;
	uint64_t rawlen;
	uint32_t crc; /* CRC-32 of the compressed bytes */
};

struct evc_header {
	int64_t project;
	uint64_t n;
	int64_t min_ts, max_ts;
	uint32_t ncols; /* EVC_NCOLS + property columns */
	struct evc_col col[EVC_NCOLS + EVC_MAX_PROPCOLS];
	size_t size; /* header bytes */
};

/* Unsigned LEB128 of v at p (room for 10 bytes); returns bytes written. */
size_t evc_varint_put(uint8_t *p, uint64_t v);
/* Reads a varint at *p (< end) and advances: 0, or -1 when truncated or
 * longer than 10 bytes. */
int evc_varint_get(const uint8_t **p, const uint8_t *end, uint64_t *v);
uint64_t evc_zigzag(int64_t v);
int64_t evc_unzigzag(uint64_t v);

/* Column encoders append raw (uncompressed) bytes to out. Deltas are
 * computed modulo 2^64, so any int64 sequence round-trips. */
void evc_ts_encode(struct buf *out, const int64_t *ts, size_t n);
void evc_u32_encode(struct buf *out, const uint32_t *v, size_t n);
void evc_i64_encode(struct buf *out, const int64_t *v, size_t n);
void evc_text_encode(struct buf *out, const char *const *s, const size_t *len, size_t n);
/* Column decoders read exactly n values from raw bytes: 0, or -1 when the
 * bytes are malformed (short, long, out of range). evc_text_decode gives
 * each row's offset into p and length. */
int evc_ts_decode(const uint8_t *p, size_t len, int64_t *ts, size_t n);
int evc_u32_decode(const uint8_t *p, size_t len, uint32_t *v, size_t n);
int evc_i64_decode(const uint8_t *p, size_t len, int64_t *v, size_t n);
int evc_text_decode(const uint8_t *p, size_t len, size_t *off, size_t *lens, size_t n);

/* One row of a log batch (the stored events of one append call, kept as
 * one blob in the row log): zigzag varint ts, varint person, varint name,
 * varint length and the properties' bytes. */
void evc_logrow_put(struct buf *out, int64_t ts, uint32_t person, uint32_t name, const char *props,
		    size_t len);
/* Reads one log row at *p (< end) and advances; props points into the
 * input. 0, or -1 when malformed. */
int evc_logrow_get(const uint8_t **p, const uint8_t *end, int64_t *ts, uint32_t *person, uint32_t *name,
		   const char **props, size_t *len);

/* Encodes a block of rows (sorted by time by the caller) into out: header
 * then the zstd-compressed columns. core_bytes (may be NULL) receives the
 * compressed bytes of the ts, person and name columns. 0, or -1 when zstd
 * fails or r->n is 0 or too large. */
int evc_block_encode(struct buf *out, int64_t project, const struct evc_rows *r, int level,
		     size_t *core_bytes);
/* Parses and checks a block's header (magic, version, CRC, column extents
 * within len): 0 or -1. */
int evc_block_header(const uint8_t *p, size_t len, struct evc_header *h);
/* Decompresses column id of a parsed block after checking its CRC: a new
 * buffer (caller frees) of h->col[id].rawlen bytes in *raw, 0; or -1. */
int evc_block_column(const uint8_t *p, size_t len, const struct evc_header *h, int id, uint8_t **raw);
/* Decodes a whole block into r (arrays allocated, caller frees with
 * evc_rows_free; props point into *props_raw, also caller's to free,
 * only when with_props). 0 or -1. */
int evc_block_decode(const uint8_t *p, size_t len, int with_props, struct evc_rows *r, struct evc_header *h,
		     uint8_t **props_raw);
void evc_rows_free(struct evc_rows *r);
/* Finds and decodes the property column of key in a parsed block: 1 with
 * *out filled (free with evc_strcol_free), 0 when the block has no column
 * for key, -1 when the block is damaged. */
int evc_block_strcol(const uint8_t *p, size_t len, const struct evc_header *h, const char *key,
		     size_t key_len, struct evc_strcol_dec *out);
void evc_strcol_free(struct evc_strcol_dec *c);

#endif
