/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of src/lib: buffer, escaping, UTF-8, dates, secrets. */
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "test.h"

TEST(test_buf_fresh_buffer_is_empty_string_after_grow)
{
	struct buf b = BUF_INIT;
	buf_grow(&b, 0);
	CHECK_STR(buf_str(&b), "");
	buf_free(&b);
}

TEST(test_buf_printf_appends_and_grows)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	CHECK_INT(b.len, 3890);
	CHECK(!strncmp(buf_str(&b), "0,1,2,", 6));
	char *s = buf_steal(&b);
	CHECK(b.data == NULL && b.len == 0);
	free(s);
}

TEST(test_buf_html_escapes_all_five_characters)
{
	struct buf b = BUF_INIT;
	buf_html(&b, "<a href=\"x\">'&'</a>");
	CHECK_STR(buf_str(&b), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	buf_free(&b);
}

TEST(test_buf_urlenc_keeps_unreserved_only)
{
	struct buf b = BUF_INIT;
	buf_urlenc(&b, "/a b?c=é~");
	CHECK_STR(buf_str(&b), "%2Fa%20b%3Fc%3D%C3%A9~");
	buf_free(&b);
}

TEST(test_utf8_rejects_overlong_surrogates_and_truncation)
{
	CHECK(utf8_valid("zoë", 4));
	CHECK(!utf8_valid("\xc0\xaf", 2));	   /* overlong '/' */
	CHECK(!utf8_valid("\xed\xa0\x80", 3));	   /* surrogate */
	CHECK(!utf8_valid("\xe2\x82", 2));	   /* truncated */
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	CHECK(!utf8_valid("a\0b", 3));
	CHECK_INT(utf8_length("zoë€"), 4);
}

TEST(test_time_rfc3339_is_utc_with_z)
{
	char ts[21];
	time_rfc3339(0, ts);
	CHECK_STR(ts, "1970-01-01T00:00:00Z");
	time_rfc3339(1700000000, ts);
	CHECK_STR(ts, "2023-11-14T22:13:20Z");
}

TEST(test_time_check_date_knows_leap_years)
{
	CHECK_INT(time_check_date("2024-02-29"), 0);
	CHECK_INT(time_check_date("2023-02-29"), -ERR_INVALID);
	CHECK_INT(time_check_date("2000-02-29"), 0);
	CHECK_INT(time_check_date("1900-02-29"), -ERR_INVALID);
	CHECK_INT(time_check_date("2025-13-01"), -ERR_INVALID);
	CHECK_INT(time_check_date("2025-1-01"), -ERR_INVALID);
	CHECK_INT(time_check_date("2025-01-01x"), -ERR_INVALID);
}

TEST(test_password_hash_is_argon2id_with_required_cost)
{
	char h[crypto_pwhash_STRBYTES];
	CHECK_INT(secret_password_hash("correct horse battery", h, sizeof h), 0);
	/* argon2id, m = 19 MiB (19456 KiB), t = 2, p = 1 */
	CHECK(!strncmp(h, "$argon2id$v=19$m=19456,t=2,p=1$", 31));
	CHECK_INT(secret_password_verify(h, "correct horse battery"), 0);
	CHECK_INT(secret_password_verify(h, "correct horse batterY"), -1);
}

TEST(test_tokens_are_random_and_macs_depend_on_key)
{
	char a[SECRET_TOKEN_LEN + 1], b[SECRET_TOKEN_LEN + 1], m1[SECRET_TOKEN_LEN + 1],
	    m2[SECRET_TOKEN_LEN + 1];
	secret_token(a);
	secret_token(b);
	CHECK_INT(strlen(a), SECRET_TOKEN_LEN);
	CHECK(strcmp(a, b) != 0);
	secret_mac("k1", "msg", m1);
	secret_mac("k2", "msg", m2);
	CHECK(strcmp(m1, m2) != 0);
	secret_mac("k1", "msg", m2);
	CHECK(secret_equal(m1, m2));
	CHECK(!secret_equal(m1, "short"));
}

TEST(test_time_utc_day_is_a_read_to_the_day)
{
	unsigned long clock = time_reads(), days = time_day_reads();
	int64_t before = (int64_t)time(NULL) / 86400;
	int64_t d = time_utc_day();
	int64_t after = (int64_t)time(NULL) / 86400;
	CHECK(d == before || d == after);
	CHECK(time_day_reads() == days + 1); /* kept all day (http/rcache.h) */
	CHECK(time_reads() == clock);	     /* not a read to the second */
	char date[11], want[11];
	time_utc_date(date);
	time_t t = (time_t)(d * 86400);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(want, sizeof want, "%Y-%m-%d", &tm);
	CHECK(!strcmp(date, want) || d != (int64_t)time(NULL) / 86400);
}

int main(void)
{
	if (secret_init() < 0)
		return 1;
	RUN(test_buf_fresh_buffer_is_empty_string_after_grow);
	RUN(test_buf_printf_appends_and_grows);
	RUN(test_buf_html_escapes_all_five_characters);
	RUN(test_buf_urlenc_keeps_unreserved_only);
	RUN(test_utf8_rejects_overlong_surrogates_and_truncation);
	RUN(test_time_rfc3339_is_utc_with_z);
	RUN(test_time_check_date_knows_leap_years);
	RUN(test_time_utc_day_is_a_read_to_the_day);
	RUN(test_password_hash_is_argon2id_with_required_cost);
	RUN(test_tokens_are_random_and_macs_depend_on_key);
	return TEST_DONE();
}
