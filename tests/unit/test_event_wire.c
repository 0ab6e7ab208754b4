/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Unit tests of the ingestion decoders (events/wire.c, events/ingest_body.c)
 * and the event source rules (domain/event_source.c). Times are checked
 * against Python's datetime.fromisoformat(...).timestamp().
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "domain/event_source.h"
#include "events/ingest.h"
#include "events/ingest_body.h"
#include "events/wire.h"
#include "lib/util.h"
#include "test.h"

#define NOW 1795946400000LL /* 2026-11-29T10:00:00Z */

static int64_t parse(const char *s)
{
	int64_t ms = -42;
	return wire_time_parse(s, &ms) == 0 ? ms : -1;
}

TEST(test_wire_time_reads_iso_8601_with_zones_and_fractions_like_python)
{
	CHECK_INT(parse("2026-11-29T10:00:00Z"), 1795946400000LL);
	CHECK_INT(parse("2026-11-29T10:00:00.123+01:00"), 1795942800123LL);
	CHECK_INT(parse("2000-01-01T00:00:00Z"), 946684800000LL);
	CHECK_INT(parse("2026-02-28T23:59:59.9999-05:30"), 1772342999999LL); /* digits past ms cut */
	CHECK_INT(parse("2026-11-29 10:00:00"), 1795946400000LL);	     /* no zone: UTC */
	CHECK_INT(parse("2026-11-29T10:00:00+0100"), 1795942800000LL);
	CHECK_INT(parse("2026-11-29"), 1795910400000LL);
	CHECK_INT(parse("gisteren"), -1);
	CHECK_INT(parse("2026-13-01T00:00:00Z"), -1);
	CHECK_INT(parse("2026-11-29T25:00:00Z"), -1);
	CHECK_INT(parse("2026-11-29T10:00:00Zx"), -1);
	CHECK_INT(parse("2026-11-29T10:00:00."), -1);
}

static int batch(struct wire_batch *b, const char *json)
{
	const char *reason;
	memset(b, 0, sizeof *b);
	return wire_parse(b, json, strlen(json), &reason);
}

TEST(test_wire_posthog_corrects_clock_skew_by_now_minus_sent_at)
{
	struct wire_batch b;
	const char *reason;
	/* the client's clock runs an hour ahead: its event "09:59" is 08:59 here */
	CHECK_INT(batch(&b, "{\"api_key\":\"phc_k\",\"sent_at\":\"2026-11-29T11:00:00Z\",\"batch\":["
			    "{\"event\":\"a\",\"distinct_id\":\"u\",\"timestamp\":\"2026-11-29T10:59:00Z\"},"
			    "{\"event\":\"b\",\"distinct_id\":\"u\"},"
			    "{\"event\":\"c\",\"distinct_id\":\"u\",\"offset\":5000}]}"),
		  0);
	CHECK_INT(wire_posthog(&b, NOW, NULL, &reason), 0);
	CHECK_STR(b.key, "phc_k");
	CHECK_INT(b.n, 3);
	CHECK_INT(b.ev[0].ts_ms, NOW - 60000);
	CHECK_INT(b.ev[1].ts_ms, NOW); /* no time: arrival */
	CHECK_INT(b.ev[2].ts_ms, NOW - 5000);
	wire_batch_free(&b);
	/* no sent_at in the body: posthog-js's ?_= send time, 30 s ahead */
	CHECK_INT(
	    batch(&b, "[{\"event\":\"a\",\"distinct_id\":\"u\",\"timestamp\":\"2026-11-29T10:00:00Z\"}]"), 0);
	b.sent_ms = NOW + 30000;
	CHECK_INT(wire_posthog(&b, NOW, "k", &reason), 0);
	CHECK_INT(b.ev[0].ts_ms, NOW - 30000);
	wire_batch_free(&b);
}

TEST(test_wire_posthog_reports_bad_events_by_index_and_keeps_the_good_ones)
{
	struct wire_batch b;
	const char *reason;
	CHECK_INT(
	    batch(&b,
		  "[{\"event\":\"ok\",\"distinct_id\":\"u\",\"properties\":{\"token\":\"phc_t\",\"x\":1}},"
		  "{\"event\":\"\",\"distinct_id\":\"u\"},"
		  "{\"event\":\"x\"},"
		  "{\"event\":\"x\",\"distinct_id\":\"u\",\"timestamp\":\"2026-12-01T10:00:01Z\"},"
		  "{\"event\":\"x\",\"distinct_id\":\"u\",\"timestamp\":\"2026-11-30T09:59:00Z\"},"
		  "{\"event\":\"x\",\"distinct_id\":\"u\",\"uuid\":7},"
		  "12]"),
	    0);
	CHECK_INT(wire_posthog(&b, NOW, NULL, &reason), 0);
	CHECK_STR(b.key, "phc_t"); /* from the first event's properties */
	CHECK_INT(b.total, 7);
	CHECK_INT(b.n, 2); /* index 0, and 4 (23 h 59 min ahead is allowed) */
	CHECK_INT(b.index[0], 0);
	CHECK_INT(b.index[1], 4);
	CHECK_INT(json_array_size(b.errors), 5);
	int want[] = {1, 2, 3, 5, 6};
	for (int i = 0; i < 5; i++)
		CHECK_INT(json_integer_value(json_object_get(json_array_get(b.errors, (size_t)i), "index")),
			  want[i]);
	CHECK(strstr(json_string_value(json_object_get(json_array_get(b.errors, 2), "reason")), "future"));
	/* the key never goes into the stored properties */
	CHECK(b.ev[0].props && !memmem(b.ev[0].props, b.ev[0].props_len, "phc_t", 5));
	wire_batch_free(&b);
}

TEST(test_wire_identity_links_per_client_and_distinct_ids_stay_exact)
{
	struct wire_batch b;
	const char *reason;
	CHECK_INT(
	    batch(&b,
		  "{\"batch\":[{\"event\":\"$identify\",\"distinct_id\":\"Klant-7\",\"properties\":"
		  "{\"$anon_distinct_id\":\"anon \\u00e9\"}},{\"event\":\"$create_alias\",\"distinct_id\":42,"
		  "\"properties\":{\"alias\":\"klant-7\"}},{\"event\":\"$identify\",\"distinct_id\":\"x\","
		  "\"properties\":{\"$anon_distinct_id\":\"x\"}}],\"api_key\":\"k\"}"),
	    0);
	CHECK_INT(wire_posthog(&b, NOW, NULL, &reason), 0);
	CHECK_INT(b.n, 3);
	CHECK_INT(b.n_alias, 2); /* an id linked to itself is no link */
	CHECK_INT(b.alias[0].a_len, 7);
	CHECK(!memcmp(b.alias[0].a, "Klant-7", 7));
	CHECK_INT(b.alias[0].b_len, 7); /* "anon é": é is two bytes, kept as sent */
	CHECK(!memcmp(b.alias[1].a, "42", 2));
	CHECK(!memcmp(b.alias[1].b, "klant-7", 7)); /* no case folding: another id */
	wire_batch_free(&b);

	CHECK_INT(batch(&b,
			"{\"writeKey\":\"w\",\"batch\":[{\"type\":\"identify\",\"userId\":\"u1\","
			"\"anonymousId\":\"a1\","
			"\"messageId\":\"m1\"},{\"type\":\"alias\",\"userId\":\"u1\",\"previousId\":\"p1\"},"
			"{\"type\":\"page\",\"anonymousId\":\"a2\"},{\"type\":\"nope\",\"userId\":\"u\"}]}"),
		  0);
	CHECK_INT(wire_segment(&b, WIRE_SEGMENT_BATCH, NOW, &reason), 0);
	CHECK_STR(b.key, "w");
	CHECK_INT(b.n, 3);
	CHECK_INT(b.n_alias, 2);
	CHECK(!memcmp(b.ev[0].name, "$identify", 9));
	CHECK(!memcmp(b.ev[0].uuid, "m1", 2));
	CHECK(!memcmp(b.ev[2].name, "$pageview", 9));
	CHECK(!memcmp(b.alias[1].b, "p1", 2));
	CHECK_INT(json_array_size(b.errors), 1);
	wire_batch_free(&b);

	CHECK_INT(batch(&b, "[{\"event\":\"$identify\",\"properties\":{\"token\":\"t\",\"distinct_id\":\"u\","
			    "\"$identified_id\":\"u\",\"$anon_id\":\"a\",\"time\":1795946399}},"
			    "{\"event\":\"x\",\"properties\":{\"token\":\"other\",\"distinct_id\":\"u\"}}]"),
		  0);
	CHECK_INT(wire_mixpanel(&b, 0, NOW, &reason), 0);
	CHECK_INT(b.n, 1);
	CHECK_INT(b.ev[0].ts_ms, NOW - 1000); /* seconds */
	CHECK_INT(b.n_alias, 1);
	CHECK_INT(json_array_size(b.errors), 1); /* a second token in one request */
	wire_batch_free(&b);
}

TEST(test_wire_plausible_takes_short_and_long_names_and_the_given_visitor)
{
	struct wire_batch b;
	const char *reason;
	CHECK_INT(
	    batch(
		&b,
		"{\"n\":\"pageview\",\"u\":\"https://a.nl/x\",\"d\":\"A.nl,b.nl\",\"p\":\"{\\\"k\\\":1}\"}"),
	    0);
	CHECK_INT(wire_plausible(&b, NOW, "v0123456789abcdef0123456789abcde", &reason), 0);
	CHECK_STR(b.key, "a.nl");
	CHECK_INT(b.n, 1);
	CHECK(!memcmp(b.ev[0].distinct_id, "v0123456789abcdef0123456789abcde", 32));
	CHECK(memmem(b.ev[0].props, b.ev[0].props_len, "\"k\":1", 5));
	CHECK(memmem(b.ev[0].props, b.ev[0].props_len, "https://a.nl/x", 14));
	wire_batch_free(&b);
}

TEST(test_visitor_id_changes_with_salt_address_and_agent_never_holds_them)
{
	unsigned char s1[32] = {1}, s2[32] = {2};
	char a[33], b[33], c[33], d[33];
	ingest_visitor_id(s1, "192.0.2.7", "Mozilla/5.0", "a.nl", a);
	ingest_visitor_id(s1, "192.0.2.7", "Mozilla/5.0", "a.nl", b);
	CHECK_STR(a, b);
	ingest_visitor_id(s2, "192.0.2.7", "Mozilla/5.0", "a.nl", c);
	ingest_visitor_id(s1, "192.0.2.8", "Mozilla/5.0", "a.nl", d);
	CHECK(strcmp(a, c) && strcmp(a, d));
	CHECK_INT(strlen(a), 32);
	CHECK(!strstr(a, "192"));
}

TEST(test_body_gzip_bomb_stops_at_the_cap_and_base64_form_stack_decodes)
{
	/* 64 MiB of zeros in a few KiB of gzip */
	size_t n = 64u << 20;
	unsigned char *zeros = xcalloc(n, 1);
	uLongf zl = compressBound((uLong)n);
	unsigned char *z = xmalloc(zl);
	CHECK_INT(compress2(z, &zl, zeros, (uLong)n, 9), Z_OK); /* zlib framing: also accepted */
	struct buf out = BUF_INIT;
	CHECK_INT(ingest_inflate((const char *)z, zl, 1 << 20, &out), -ERR_LIMIT);
	CHECK(out.len <= 1 << 20);
	buf_free(&out);
	struct ingest_body_in in = {(const char *)z, zl, "application/json", "gzip", NULL};
	const char *reason;
	CHECK_INT(ingest_body_decode(&in, &out, &reason), -ERR_LIMIT);
	free(z);
	free(zeros);
	/* form data= holding base64 of JSON */
	const char *form = "ip=1&data=eyJhIjoxfQ%3D%3D";
	struct ingest_body_in f = {form, strlen(form), "application/x-www-form-urlencoded", NULL, NULL};
	CHECK_INT(ingest_body_decode(&f, &out, &reason), 0);
	CHECK_STR(buf_str(&out), "{\"a\":1}");
	buf_free(&out);
	CHECK_INT(ingest_base64("e30", 3, &out), 0); /* no padding */
	CHECK_STR(buf_str(&out), "{}");
	buf_free(&out);
	CHECK_INT(ingest_base64("e30=x", 5, &out), -ERR_INVALID);
	buf_free(&out);
}

TEST(test_event_source_words_keys_and_domains)
{
	CHECK_STR(event_source_kind_name(EVENT_SOURCE_KIND_PLAUSIBLE), "plausible");
	CHECK_INT(event_source_kind_parse("posthog"), EVENT_SOURCE_KIND_POSTHOG);
	CHECK_INT(event_source_kind_parse("PostHog"), EVENT_SOURCE_KIND_NONE);
	CHECK_STR(event_source_status_name(EVENT_SOURCE_STATUS_INGETROKKEN), "ingetrokken");
	char key[EVENT_SOURCE_KEY_MAX], hint[24];
	event_source_key_make(EVENT_SOURCE_KIND_POSTHOG, "abcdefghijklmnop", key);
	CHECK_STR(key, "phc_abcdefghijklmnop");
	event_source_key_hint(key, hint);
	CHECK_STR(hint, "phc_abcdef\u2026");
	CHECK(event_source_domain_valid("www.voorbeeldstad.nl", 20));
	CHECK(event_source_domain_valid("localhost", 9));
	CHECK(!event_source_domain_valid("a..nl", 5));
	CHECK(!event_source_domain_valid("-a.nl", 5));
	CHECK(!event_source_domain_valid("a-.nl", 5));
	CHECK(!event_source_domain_valid("A.nl", 4)); /* lower case only: the caller folds */
	CHECK(!event_source_domain_valid("a nl", 4));
	CHECK(!event_source_domain_valid("a.nl.", 5));
}

int main(void)
{
	RUN(test_wire_time_reads_iso_8601_with_zones_and_fractions_like_python);
	RUN(test_wire_posthog_corrects_clock_skew_by_now_minus_sent_at);
	RUN(test_wire_posthog_reports_bad_events_by_index_and_keeps_the_good_ones);
	RUN(test_wire_identity_links_per_client_and_distinct_ids_stay_exact);
	RUN(test_wire_plausible_takes_short_and_long_names_and_the_given_visitor);
	RUN(test_visitor_id_changes_with_salt_address_and_agent_never_holds_them);
	RUN(test_body_gzip_bomb_stops_at_the_cap_and_base64_form_stack_decodes);
	RUN(test_event_source_words_keys_and_domains);
	return TEST_DONE();
}
