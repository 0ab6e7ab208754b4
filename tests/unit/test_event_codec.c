/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Tests of the event store's column codecs and block format
 * (domain/evcodec): round trips with edge values (INT64 extremes, equal
 * timestamps, empty columns, a single row), known varint bytes, and
 * refusal of damaged blocks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/evcodec.h"
#include "test.h"

TEST(test_evcodec_varint_matches_leb128_bytes)
{
	uint8_t b[10];
	/* 300 = 0b1_0010_1100 -> 0xAC 0x02 (the protobuf documentation's example) */
	CHECK_INT(evc_varint_put(b, 300), 2);
	CHECK_INT(b[0], 0xac);
	CHECK_INT(b[1], 0x02);
	CHECK_INT(evc_varint_put(b, 0), 1);
	CHECK_INT(b[0], 0);
	CHECK_INT(evc_varint_put(b, UINT64_MAX), 10);
	const uint8_t *p = b;
	uint64_t v;
	CHECK_INT(evc_varint_get(&p, b + 10, &v), 0);
	CHECK(v == UINT64_MAX);
	/* truncated, and an 11th byte */
	p = b;
	CHECK_INT(evc_varint_get(&p, b + 9, &v), -1);
	uint8_t long11[11];
	memset(long11, 0x80, sizeof long11);
	long11[10] = 0;
	p = long11;
	CHECK_INT(evc_varint_get(&p, long11 + 11, &v), -1);
}

TEST(test_evcodec_zigzag_maps_small_magnitudes_to_small_codes)
{
	CHECK(evc_zigzag(0) == 0);
	CHECK(evc_zigzag(-1) == 1);
	CHECK(evc_zigzag(1) == 2);
	CHECK(evc_zigzag(-2) == 3);
	CHECK(evc_zigzag(INT64_MAX) == UINT64_MAX - 1);
	CHECK(evc_zigzag(INT64_MIN) == UINT64_MAX);
	int64_t vals[] = {0, 1, -1, INT64_MAX, INT64_MIN, 1700000000000LL, -1700000000000LL};
	for (size_t i = 0; i < sizeof vals / sizeof *vals; i++)
		CHECK(evc_unzigzag(evc_zigzag(vals[i])) == vals[i]);
}

TEST(test_evcodec_timestamps_round_trip_with_extremes_and_ties)
{
	int64_t ts[] = {INT64_MIN,	 INT64_MAX,	  INT64_MIN,	   0,	      0,	0, -5,
			1700000000000LL, 1700000000000LL, 1700000000001LL, INT64_MAX, INT64_MAX};
	size_t n = sizeof ts / sizeof *ts;
	struct buf b = {0};
	evc_ts_encode(&b, ts, n);
	int64_t out[12];
	CHECK_INT(evc_ts_decode((const uint8_t *)b.data, b.len, out, n), 0);
	CHECK(memcmp(out, ts, sizeof ts) == 0);
	/* equal timestamps cost one byte each */
	buf_reset(&b);
	int64_t same[4] = {42, 42, 42, 42};
	evc_ts_encode(&b, same, 4);
	CHECK_INT(b.len, 1 + 3);
	/* one value too many or too few is refused */
	CHECK_INT(evc_ts_decode((const uint8_t *)b.data, b.len, out, 3), -1);
	CHECK_INT(evc_ts_decode((const uint8_t *)b.data, b.len, out, 5), -1);
	buf_free(&b);
}

TEST(test_evcodec_empty_columns_round_trip)
{
	struct buf b = {0};
	evc_ts_encode(&b, NULL, 0);
	evc_u32_encode(&b, NULL, 0);
	evc_text_encode(&b, NULL, NULL, 0);
	CHECK_INT(b.len, 0);
	CHECK_INT(evc_ts_decode((const uint8_t *)"", 0, NULL, 0), 0);
	CHECK_INT(evc_u32_decode((const uint8_t *)"", 0, NULL, 0), 0);
	buf_free(&b);
}

TEST(test_evcodec_u32_and_text_round_trip)
{
	uint32_t v[] = {0, 1, 127, 128, UINT32_MAX, 300};
	struct buf b = {0};
	evc_u32_encode(&b, v, 6);
	uint32_t out[6];
	CHECK_INT(evc_u32_decode((const uint8_t *)b.data, b.len, out, 6), 0);
	CHECK(memcmp(v, out, sizeof v) == 0);
	/* a value above 32 bits is refused */
	buf_reset(&b);
	int64_t big = (int64_t)UINT32_MAX + 1;
	uint8_t tmp[10];
	buf_add(&b, tmp, evc_varint_put(tmp, (uint64_t)big));
	CHECK_INT(evc_u32_decode((const uint8_t *)b.data, b.len, out, 1), -1);
	buf_reset(&b);
	const char *s[] = {"{\"a\":1}", "", "{}"};
	size_t len[] = {7, 0, 2};
	evc_text_encode(&b, s, len, 3);
	size_t off[3], l[3];
	CHECK_INT(evc_text_decode((const uint8_t *)b.data, b.len, off, l, 3), 0);
	CHECK_INT(l[0], 7);
	CHECK_INT(l[1], 0);
	CHECK(memcmp(b.data + off[2], "{}", 2) == 0);
	/* a length past the end is refused */
	CHECK_INT(evc_text_decode((const uint8_t *)b.data, b.len - 1, off, l, 3), -1);
	buf_free(&b);
}

/* Builds a block of n rows with deterministic values. */
static void fill_rows(struct evc_rows *r, size_t n, int64_t *ts, uint32_t *person, uint32_t *name,
		      int64_t *source, const char **props, size_t *plen)
{
	for (size_t i = 0; i < n; i++) {
		ts[i] = 1700000000000LL + (int64_t)(i * 777);
		person[i] = (uint32_t)((i * 2654435761u) % 100000);
		name[i] = (uint32_t)(i % 20 + 1);
		source[i] = (int64_t)(i % 3 + 1);
		props[i] = i % 2 ? "{\"plan\":\"pro\"}" : "";
		plen[i] = strlen(props[i]);
	}
	*r = (struct evc_rows){n, ts, person, name, source, props, plen, 0, NULL};
}

TEST(test_evcodec_block_round_trips_and_keeps_the_time_index)
{
	enum { N = 5000 };
	static int64_t ts[N], source[N];
	static uint32_t person[N], name[N];
	static const char *props[N];
	static size_t plen[N];
	struct evc_rows r;
	fill_rows(&r, N, ts, person, name, source, props, plen);
	struct buf b = {0};
	size_t core = 0;
	CHECK_INT(evc_block_encode(&b, 42, &r, 3, &core), 0);
	CHECK(core > 0 && core < b.len);
	struct evc_rows d;
	struct evc_header h;
	uint8_t *praw;
	CHECK_INT(evc_block_decode((const uint8_t *)b.data, b.len, 1, &d, &h, &praw), 0);
	CHECK_INT(h.project, 42);
	CHECK_INT(h.n, N);
	CHECK_INT(h.min_ts, ts[0]);
	CHECK_INT(h.max_ts, ts[N - 1]);
	CHECK(memcmp(d.ts, ts, sizeof ts) == 0);
	CHECK(memcmp(d.person, person, sizeof person) == 0);
	CHECK(memcmp(d.name, name, sizeof name) == 0);
	CHECK(memcmp(d.source, source, sizeof source) == 0);
	CHECK_INT(d.props_len[1], strlen("{\"plan\":\"pro\"}"));
	CHECK(memcmp(d.props[1], "{\"plan\":\"pro\"}", d.props_len[1]) == 0);
	CHECK_INT(d.props_len[0], 0);
	evc_rows_free(&d);
	free(praw);
	/* without properties the props column is not decoded */
	CHECK_INT(evc_block_decode((const uint8_t *)b.data, b.len, 0, &d, &h, &praw), 0);
	CHECK(d.props == NULL && praw == NULL);
	evc_rows_free(&d);
	buf_free(&b);
}

TEST(test_evcodec_single_row_block_with_extreme_time)
{
	int64_t ts = INT64_MIN, src = INT64_MAX;
	uint32_t person = UINT32_MAX, name = 0;
	struct evc_rows r = {1, &ts, &person, &name, &src, NULL, NULL, 0, NULL};
	struct buf b = {0};
	CHECK_INT(evc_block_encode(&b, -1, &r, 1, NULL), 0);
	struct evc_rows d;
	struct evc_header h;
	uint8_t *praw;
	CHECK_INT(evc_block_decode((const uint8_t *)b.data, b.len, 1, &d, &h, &praw), 0);
	CHECK(d.ts[0] == INT64_MIN && d.source[0] == INT64_MAX && d.person[0] == UINT32_MAX);
	CHECK_INT(d.props_len[0], 0);
	CHECK(h.min_ts == INT64_MIN && h.max_ts == INT64_MIN && h.project == -1);
	evc_rows_free(&d);
	free(praw);
	/* an empty block is not written */
	r.n = 0;
	CHECK_INT(evc_block_encode(&b, 1, &r, 1, NULL), -1);
	buf_free(&b);
}

TEST(test_evcodec_damaged_blocks_are_refused)
{
	enum { N = 300 };
	static int64_t ts[N], source[N];
	static uint32_t person[N], name[N];
	static const char *props[N];
	static size_t plen[N];
	struct evc_rows r, d;
	fill_rows(&r, N, ts, person, name, source, props, plen);
	struct buf b = {0};
	CHECK_INT(evc_block_encode(&b, 1, &r, 3, NULL), 0);
	struct evc_header h;
	uint8_t *praw;
	/* every single flipped byte is caught by a CRC or a length check */
	int caught = 0;
	for (size_t i = 0; i < b.len; i++) {
		b.data[i] ^= 0x5a;
		if (evc_block_decode((const uint8_t *)b.data, b.len, 1, &d, &h, &praw) != 0)
			caught++;
		else {
			evc_rows_free(&d);
			free(praw);
		}
		b.data[i] ^= 0x5a;
	}
	CHECK_INT(caught, (long long)b.len);
	/* a truncated block (a torn write) is refused */
	CHECK_INT(evc_block_decode((const uint8_t *)b.data, b.len - 1, 1, &d, &h, &praw), -1);
	CHECK_INT(evc_block_decode((const uint8_t *)b.data, 10, 1, &d, &h, &praw), -1);
	buf_free(&b);
}

TEST(test_evcodec_sorted_times_cost_about_a_byte)
{
	/* 100k events over a day, in order: the delta column compresses far
	 * below the 8 bytes of a raw timestamp */
	enum { N = 100000 };
	static int64_t ts[N], source[N];
	static uint32_t person[N], name[N];
	uint64_t x = 12345;
	int64_t t = 1700000000000LL;
	for (size_t i = 0; i < N; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		t += (int64_t)((x >> 33) % 1700);
		ts[i] = t;
		person[i] = (uint32_t)((x >> 20) % 50000);
		name[i] = (uint32_t)((x >> 40) % 20);
		source[i] = 1;
	}
	struct evc_rows r = {N, ts, person, name, source, NULL, NULL, 0, NULL};
	struct buf b = {0};
	CHECK_INT(evc_block_encode(&b, 1, &r, 9, NULL), 0);
	struct evc_header h;
	CHECK_INT(evc_block_header((const uint8_t *)b.data, b.len, &h), 0);
	double per_ts = (double)h.col[EVC_COL_TS].clen / N;
	CHECK(per_ts < 2.0);
	CHECK((double)h.col[EVC_COL_NAME].clen / N < 0.8);
	buf_free(&b);
}

TEST(test_evcodec_property_columns_round_trip_and_are_found_by_key)
{
	enum { N = 6 };
	int64_t ts[N] = {1, 2, 3, 4, 5, 6}, src[N] = {1, 1, 1, 1, 1, 1};
	uint32_t person[N] = {1, 2, 3, 4, 5, 6}, name[N] = {1, 1, 1, 1, 1, 1};
	const char *plan_dict[] = {"free", "pro"};
	size_t plan_len[] = {4, 3};
	uint32_t plan_idx[N] = {1, 2, 0, 2, 1, 1};
	const char *os_dict[] = {"Linux"};
	size_t os_len[] = {5};
	uint32_t os_idx[N] = {1, 1, 1, 1, 1, 0};
	struct evc_strcol cols[2] = {{"plan", 4, 2, plan_dict, plan_len, plan_idx},
				     {"$os", 3, 1, os_dict, os_len, os_idx}};
	struct evc_rows r = {N, ts, person, name, src, NULL, NULL, 2, cols};
	struct buf b = {0};
	CHECK_INT(evc_block_encode(&b, 3, &r, 3, NULL), 0);
	struct evc_header h;
	CHECK_INT(evc_block_header((const uint8_t *)b.data, b.len, &h), 0);
	CHECK_INT(h.ncols, EVC_NCOLS + 2);
	struct evc_strcol_dec d;
	CHECK_INT(evc_block_strcol((const uint8_t *)b.data, b.len, &h, "$os", 3, &d), 1);
	CHECK_INT(d.ndict, 1);
	CHECK(d.dict_len[0] == 5 && memcmp(d.dict[0], "Linux", 5) == 0);
	CHECK(memcmp(d.idx, os_idx, sizeof os_idx) == 0);
	evc_strcol_free(&d);
	CHECK_INT(evc_block_strcol((const uint8_t *)b.data, b.len, &h, "plan", 4, &d), 1);
	CHECK(memcmp(d.idx, plan_idx, sizeof plan_idx) == 0);
	CHECK(d.dict_len[1] == 3 && memcmp(d.dict[1], "pro", 3) == 0);
	evc_strcol_free(&d);
	CHECK_INT(evc_block_strcol((const uint8_t *)b.data, b.len, &h, "pla", 3, &d), 0);
	/* the base columns decode as before */
	struct evc_rows out;
	uint8_t *praw;
	CHECK_INT(evc_block_decode((const uint8_t *)b.data, b.len, 1, &out, &h, &praw), 0);
	CHECK(memcmp(out.person, person, sizeof person) == 0);
	evc_rows_free(&out);
	free(praw);
	/* an index past the dictionary is refused */
	plan_idx[2] = 3;
	buf_reset(&b);
	CHECK_INT(evc_block_encode(&b, 3, &r, 3, NULL), 0);
	CHECK_INT(evc_block_header((const uint8_t *)b.data, b.len, &h), 0);
	CHECK_INT(evc_block_strcol((const uint8_t *)b.data, b.len, &h, "plan", 4, &d), -1);
	buf_free(&b);
}

TEST(test_evcodec_log_rows_round_trip_and_refuse_a_cut_row)
{
	struct buf b = {0};
	evc_logrow_put(&b, INT64_MIN, UINT32_MAX, 0, "{\"a\":1}", 7);
	evc_logrow_put(&b, 1767225600000LL, 1, 2, NULL, 0);
	const uint8_t *p = (const uint8_t *)b.data, *end = p + b.len;
	int64_t ts;
	uint32_t person, name;
	const char *props;
	size_t len;
	CHECK_INT(evc_logrow_get(&p, end, &ts, &person, &name, &props, &len), 0);
	CHECK(ts == INT64_MIN && person == UINT32_MAX && name == 0 && len == 7);
	CHECK(memcmp(props, "{\"a\":1}", 7) == 0);
	CHECK_INT(evc_logrow_get(&p, end, &ts, &person, &name, &props, &len), 0);
	CHECK(ts == 1767225600000LL && person == 1 && name == 2 && len == 0);
	CHECK(p == end);
	/* the first row is 24 bytes (10 + 5 + 1 + 1 + 7): every cut is refused */
	int refused = 0;
	for (size_t cut = 0; cut < 24; cut++) {
		const uint8_t *q = (const uint8_t *)b.data;
		refused += evc_logrow_get(&q, q + cut, &ts, &person, &name, &props, &len) == -1;
	}
	CHECK_INT(refused, 24);
	buf_free(&b);
}

int main(void)
{
	RUN(test_evcodec_varint_matches_leb128_bytes);
	RUN(test_evcodec_zigzag_maps_small_magnitudes_to_small_codes);
	RUN(test_evcodec_timestamps_round_trip_with_extremes_and_ties);
	RUN(test_evcodec_empty_columns_round_trip);
	RUN(test_evcodec_u32_and_text_round_trip);
	RUN(test_evcodec_block_round_trips_and_keeps_the_time_index);
	RUN(test_evcodec_single_row_block_with_extreme_time);
	RUN(test_evcodec_damaged_blocks_are_refused);
	RUN(test_evcodec_sorted_times_cost_about_a_byte);
	RUN(test_evcodec_log_rows_round_trip_and_refuse_a_cut_row);
	RUN(test_evcodec_property_columns_round_trip_and_are_found_by_key);
	return TEST_DONE();
}
