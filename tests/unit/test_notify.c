/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the notify rules (domain/notify): the outbox's retry
 * schedule, the signed unsubscribe token, ISO weeks (reference values from
 * ISO 8601 calendars) and the iCalendar text rules of RFC 5545 (3.1
 * folding, 3.3.11 escaping). */
#include <string.h>

#include "domain/notify.h"
#include "lib/secret.h"
#include "test.h"

TEST(test_notify_backoff_grows_then_gives_up_after_the_limit)
{
	static const int64_t want[] = {60, 300, 900, 1800, 3600, 7200, 14400, 28800, 57600};
	int64_t total = 0;
	for (int a = 1; a < NOTIFY_MAX_ATTEMPTS; a++) {
		CHECK_INT(notify_backoff_s(a), want[a - 1]);
		if (a > 1)
			CHECK(notify_backoff_s(a) > notify_backoff_s(a - 1));
		total += notify_backoff_s(a);
	}
	CHECK_INT(notify_backoff_s(NOTIFY_MAX_ATTEMPTS), -1);
	CHECK_INT(notify_backoff_s(NOTIFY_MAX_ATTEMPTS + 5), -1);
	CHECK_INT(notify_backoff_s(0), 60); /* never less than the first wait */
	/* a relay may be away for a weekend afternoon: more than a day of trying */
	CHECK(total > 86400);
	CHECK(total < 2 * 86400);
}

TEST(test_notify_unsubscribe_token_round_trips_and_refuses_tampering)
{
	char tok[128], kind[32];
	int64_t uid = 0;
	notify_unsub_token("sleutel", 42, "weekoverzicht", tok, sizeof tok);
	CHECK(!strncmp(tok, "42.weekoverzicht.", 17));
	CHECK_INT((int64_t)strlen(tok), 17 + SECRET_TOKEN_LEN);
	CHECK_INT(notify_unsub_check("sleutel", tok, &uid, kind, sizeof kind), 0);
	CHECK_INT(uid, 42);
	CHECK_STR(kind, "weekoverzicht");
	/* another key, another person, another kind, a changed mac */
	CHECK_INT(notify_unsub_check("andere", tok, &uid, kind, sizeof kind), -1);
	char t2[128];
	memcpy(t2, tok, sizeof t2);
	t2[0] = '3';
	CHECK_INT(notify_unsub_check("sleutel", t2, &uid, kind, sizeof kind), -1);
	memcpy(t2, tok, sizeof t2);
	t2[strlen(t2) - 1] = t2[strlen(t2) - 1] == 'A' ? 'B' : 'A';
	CHECK_INT(notify_unsub_check("sleutel", t2, &uid, kind, sizeof kind), -1);
	notify_unsub_token("sleutel", 42, "actie", t2, sizeof t2);
	CHECK_INT(notify_unsub_check("sleutel", t2, &uid, kind, sizeof kind), 0);
	CHECK_STR(kind, "actie");
	/* malformed */
	CHECK_INT(notify_unsub_check("sleutel", "", &uid, kind, sizeof kind), -1);
	CHECK_INT(notify_unsub_check("sleutel", "042.actie.x", &uid, kind, sizeof kind), -1);
	CHECK_INT(notify_unsub_check("sleutel", "1.onbekend.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
				     &uid, kind, sizeof kind),
		  -1);
	CHECK_INT(notify_unsub_check("sleutel", "99999999999999999999.actie.x", &uid, kind, sizeof kind), -1);
	CHECK_INT(notify_unsub_check("sleutel", NULL, &uid, kind, sizeof kind), -1);
}

TEST(test_notify_iso_week_matches_iso_8601_at_year_ends)
{
	char w[9];
	CHECK_INT(notify_iso_week("2026-01-01", w), 0); /* a Thursday: week 1 */
	CHECK_STR(w, "2026-W01");
	CHECK_INT(notify_iso_week("2027-01-01", w), 0); /* a Friday: 2026 has 53 weeks */
	CHECK_STR(w, "2026-W53");
	CHECK_INT(notify_iso_week("2021-01-03", w), 0); /* a Sunday of 2020-W53 */
	CHECK_STR(w, "2020-W53");
	CHECK_INT(notify_iso_week("2024-12-30", w), 0); /* a Monday already in 2025-W01 */
	CHECK_STR(w, "2025-W01");
	CHECK_INT(notify_iso_week("2026-11-29", w), 0);
	CHECK_STR(w, "2026-W48");
	CHECK_INT(notify_iso_week("2026-02-30", w), -1);
	CHECK_INT(notify_iso_week("2026-1-01", w), -1);
}

TEST(test_notify_weekday_and_day_arithmetic)
{
	CHECK_INT(notify_weekday("2026-11-30"), 1); /* Monday */
	CHECK_INT(notify_weekday("2026-11-29"), 7);
	CHECK_INT(notify_weekday("1970-01-01"), 4);
	CHECK_INT(notify_weekday("2000-02-29"), 2);
	CHECK_INT(notify_weekday("2100-02-29"), -1); /* no leap day in 2100 */
	char d[11];
	CHECK_INT(notify_add_days("2026-12-30", 2, d), 0);
	CHECK_STR(d, "2027-01-01");
	CHECK_INT(notify_add_days("2024-03-01", -1, d), 0);
	CHECK_STR(d, "2024-02-29");
}

TEST(test_ics_escape_follows_rfc_5545_text)
{
	struct buf b = BUF_INIT;
	ics_escape(&b, "a\\b;c,d\ne\r\nf:g");
	CHECK_STR(buf_str(&b), "a\\\\b\\;c\\,d\\ne\\nf:g");
	buf_free(&b);
}

/* Unfolds RFC 5545 content lines: CRLF followed by one space joins. */
static void unfold(const char *s, struct buf *out)
{
	for (; *s; s++) {
		if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ') {
			s += 2;
			continue;
		}
		buf_putc(out, *s);
	}
}

TEST(test_ics_lines_fold_at_75_octets_and_never_split_utf8)
{
	struct buf b = BUF_INIT, u = BUF_INIT;
	struct buf vb = BUF_INIT;
	for (int i = 0; i < 60; i++)
		buf_puts(&vb, i % 7 == 3 ? "é" : "ab"); /* 2-octet characters at odd places */
	const char *value = buf_str(&vb);
	ics_line(&b, "SUMMARY", value);
	const char *s = buf_str(&b);
	CHECK(strlen(s) > 75);
	/* every physical line at most 75 octets, ends in CRLF, and no line
	 * starts inside a UTF-8 sequence */
	int lines = 0;
	for (const char *p = s; *p;) {
		const char *e = strstr(p, "\r\n");
		CHECK(e != NULL);
		CHECK(e - p <= 75);
		if (lines)
			CHECK(p[0] == ' ' && ((unsigned char)p[1] & 0xC0) != 0x80);
		lines++;
		p = e + 2;
	}
	CHECK(lines >= 2);
	unfold(s, &u);
	struct buf want = BUF_INIT;
	buf_printf(&want, "SUMMARY:%s\r\n", value);
	CHECK_STR(buf_str(&u), buf_str(&want));
	/* a short line stays one line */
	buf_reset(&b);
	ics_line(&b, "UID", "action-12@lab.example");
	CHECK_STR(buf_str(&b), "UID:action-12@lab.example\r\n");
	/* exactly 75 octets: not folded */
	buf_reset(&b);
	char v67[68];
	memset(v67, 'x', 67);
	v67[67] = 0;
	ics_line(&b, "SUMMARY", v67); /* 8 + 67 = 75 */
	CHECK_INT((int64_t)strlen(buf_str(&b)), 77);
	buf_free(&b);
	buf_free(&u);
	buf_free(&want);
	buf_free(&vb);
}

/* Found by fuzz_unsub: bytes that are all UTF-8 continuation bytes have no
 * place to fold at; the writer must still make progress. */
TEST(test_ics_fold_ends_on_bytes_without_a_character_start)
{
	struct buf b = BUF_INIT;
	char v[200];
	memset(v, 0xA1, sizeof v - 1);
	v[sizeof v - 1] = 0;
	ics_line(&b, "X", v);
	int lines = 0;
	for (const char *p = buf_str(&b); *p; lines++) {
		const char *e = strstr(p, "\r\n");
		CHECK(e && e - p <= 75);
		p = e + 2;
	}
	CHECK(lines >= 3 && lines <= 4); /* a fold may come right after the name */
	buf_free(&b);
}

TEST(test_notify_kinds_are_known_and_nothing_else)
{
	CHECK_INT(notify_kind_known("weekoverzicht"), 1);
	CHECK_INT(notify_kind_known("uitnodiging"), 1);
	CHECK_INT(notify_kind_known("Weekoverzicht"), 0);
	CHECK_INT(notify_kind_known(""), 0);
	CHECK_INT(notify_kind_known(NULL), 0);
}

int main(void)
{
	if (secret_init() < 0)
		return 1;
	RUN(test_notify_backoff_grows_then_gives_up_after_the_limit);
	RUN(test_notify_unsubscribe_token_round_trips_and_refuses_tampering);
	RUN(test_notify_iso_week_matches_iso_8601_at_year_ends);
	RUN(test_notify_weekday_and_day_arithmetic);
	RUN(test_ics_escape_follows_rfc_5545_text);
	RUN(test_ics_lines_fold_at_75_octets_and_never_split_utf8);
	RUN(test_ics_fold_ends_on_bytes_without_a_character_start);
	RUN(test_notify_kinds_are_known_and_nothing_else);
	return TEST_DONE();
}
