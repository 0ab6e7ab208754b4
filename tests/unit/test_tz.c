/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of time zones (domain/tz.h, api/metrics_tz.h, docs/metrics.md "Persons and days"): zone
 * files of the system tz database and POSIX rules read, offsets one second either side of DST changes
 * (EU: last Sunday of March and October 01:00 UTC; US: second Sunday of March and first of November
 * 02:00 local), the footer rule past the table (2040, 2099), a half-hour zone, local day starts when
 * midnight is skipped or repeated (Havana), and retention cohorts and calendar weeks in local days.
 * The instants were worked out by hand from those rules and checked against Python's zoneinfo. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/metrics_tz.h"
#include "domain/metrics.h"
#include "domain/okr.h"
#include "domain/tz.h"
#include "test.h"

#define H 3600000LL

/* Unix ms of an ISO instant "YYYY-MM-DDTHH:MM:SSZ". */
static int64_t at(const char *iso)
{
	char d[11];
	memcpy(d, iso, 10);
	d[10] = 0;
	int hh = atoi(iso + 11), mm = atoi(iso + 14), ss = atoi(iso + 17);
	return okr_day(d) * 86400000LL + (hh * 3600LL + mm * 60 + ss) * 1000;
}

static struct tz_zone *file_zone(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", name);
	FILE *f = fopen(path, "rb");
	CHECK(f != NULL);
	if (!f)
		return NULL;
	static unsigned char b[1 << 16];
	size_t n = fread(b, 1, sizeof b, f);
	fclose(f);
	return tz_parse(b, n);
}

TEST(test_amsterdam_file_matches_the_eu_rule_and_the_built_in_one)
{
	struct tz_zone *z = file_zone("Europe/Amsterdam");
	CHECK(z != NULL);
	CHECK_INT(tz_offset(z, at("2026-03-29T00:59:59Z")), 1 * H);
	CHECK_INT(tz_offset(z, at("2026-03-29T01:00:00Z")), 2 * H);
	CHECK_INT(tz_offset(z, at("2026-10-25T00:59:59Z")), 2 * H);
	CHECK_INT(tz_offset(z, at("2026-10-25T01:00:00Z")), 1 * H);
	/* past the table: the footer CET-1CEST,M3.5.0,M10.5.0/3 */
	CHECK_INT(tz_offset(z, at("2040-03-25T00:59:59Z")), 1 * H);
	CHECK_INT(tz_offset(z, at("2040-03-25T01:00:00Z")), 2 * H);
	CHECK_INT(tz_offset(z, at("2040-10-28T00:59:59Z")), 2 * H);
	CHECK_INT(tz_offset(z, at("2040-10-28T01:00:00Z")), 1 * H);
	CHECK_INT(tz_offset(z, at("2099-03-29T01:00:00Z")), 2 * H);
	/* the 23-hour and the 25-hour day */
	CHECK_INT(tz_day_start(z, okr_day("2026-03-29")), at("2026-03-28T23:00:00Z"));
	CHECK_INT(tz_day_start(z, okr_day("2026-03-30")), at("2026-03-29T22:00:00Z"));
	CHECK_INT(tz_day_start(z, okr_day("2026-10-25")), at("2026-10-24T22:00:00Z"));
	CHECK_INT(tz_day_start(z, okr_day("2026-10-26")), at("2026-10-25T23:00:00Z"));
	/* every hour of 2026 to 2030 agrees with the built-in rule */
	int same = 1;
	for (int64_t t = at("2026-01-01T00:00:00Z"); t < at("2031-01-01T00:00:00Z"); t += H / 2)
		same &= tz_offset(z, t) == metrics_tz_offset(METRICS_TZ_AMSTERDAM, t);
	CHECK(same);
	tz_free(z);
}

TEST(test_new_york_us_rule)
{
	struct tz_zone *z = file_zone("America/New_York");
	CHECK(z != NULL);
	/* 8 March 2026 02:00 EST = 07:00Z; 1 November 2026 02:00 EDT = 06:00Z */
	CHECK_INT(tz_offset(z, at("2026-03-08T06:59:59Z")), -5 * H);
	CHECK_INT(tz_offset(z, at("2026-03-08T07:00:00Z")), -4 * H);
	CHECK_INT(tz_offset(z, at("2026-11-01T05:59:59Z")), -4 * H);
	CHECK_INT(tz_offset(z, at("2026-11-01T06:00:00Z")), -5 * H);
	CHECK_INT(tz_day_start(z, okr_day("2026-03-08")), at("2026-03-08T05:00:00Z"));
	CHECK_INT(tz_day_start(z, okr_day("2026-03-09")), at("2026-03-09T04:00:00Z"));
	tz_free(z);
}

TEST(test_kolkata_half_hour_and_posix_rules)
{
	struct tz_zone *z = file_zone("Asia/Kolkata");
	CHECK(z != NULL);
	CHECK_INT(tz_offset(z, at("2026-11-29T12:00:00Z")), 5 * H + H / 2);
	CHECK_INT(tz_day_start(z, okr_day("2026-11-29")), at("2026-11-28T18:30:00Z"));
	tz_free(z);
	struct tz_zone *p = tz_posix("IST-5:30");
	CHECK(p != NULL);
	CHECK_INT(tz_offset(p, 0), 5 * H + H / 2);
	tz_free(p);
	p = tz_posix("<+0545>-5:45");
	CHECK(p != NULL);
	CHECK_INT(tz_offset(p, 0), 5 * H + 45 * 60000);
	tz_free(p);
	/* southern hemisphere: DST from October to April */
	p = tz_posix("AEST-10AEDT,M10.1.0,M4.1.0/3");
	CHECK(p != NULL);
	CHECK_INT(tz_offset(p, at("2026-01-15T00:00:00Z")), 11 * H);
	CHECK_INT(tz_offset(p, at("2026-07-15T00:00:00Z")), 10 * H);
	/* 5 April 2026 03:00 AEDT = 4 April 16:00Z */
	CHECK_INT(tz_offset(p, at("2026-04-04T15:59:59Z")), 11 * H);
	CHECK_INT(tz_offset(p, at("2026-04-04T16:00:00Z")), 10 * H);
	tz_free(p);
	CHECK(tz_posix("") == NULL);
	CHECK(tz_posix("CET") == NULL); /* no offset */
	CHECK(tz_posix("CET-1CEST,M13.5.0,M10.5.0") == NULL);
	CHECK(tz_parse((const unsigned char *)"TZif2", 5) == NULL);
}

TEST(test_havana_midnight_skipped_and_repeated)
{
	struct tz_zone *z = file_zone("America/Havana");
	CHECK(z != NULL);
	/* 8 March 2026: 00:00 CST jumps to 01:00 CDT (05:00Z): the day begins at 01:00 */
	CHECK_INT(tz_day_start(z, okr_day("2026-03-08")), at("2026-03-08T05:00:00Z"));
	/* 1 November 2026: 01:00 CDT falls back to 00:00 CST: the first midnight counts */
	CHECK_INT(tz_day_start(z, okr_day("2026-11-01")), at("2026-11-01T04:00:00Z"));
	CHECK_INT(tz_day_start(z, okr_day("2026-11-02")), at("2026-11-02T05:00:00Z"));
	tz_free(z);
}

TEST(test_zone_names_and_lookup)
{
	CHECK(tz_name_ok("America/Argentina/Buenos_Aires"));
	CHECK(tz_name_ok("Etc/GMT+5"));
	CHECK(!tz_name_ok("../etc/passwd"));
	CHECK(!tz_name_ok("/etc/passwd"));
	CHECK(!tz_name_ok("Europe/../../etc"));
	CHECK(!tz_name_ok("Europe/Amsterdam/"));
	CHECK(!tz_name_ok(""));
	enum metrics_tz a, b;
	CHECK_INT(metrics_tz_lookup("UTC", &a), 0);
	CHECK_INT(a, METRICS_TZ_UTC);
	CHECK_INT(metrics_tz_lookup("Europe/Amsterdam", &a), 0);
	CHECK_INT(a, METRICS_TZ_AMSTERDAM);
	CHECK_INT(metrics_tz_lookup("Asia/Kolkata", &a), 0);
	CHECK(a >= METRICS_TZ_ZONE);
	CHECK_INT(metrics_tz_lookup("Asia/Kolkata", &b), 0);
	CHECK_INT(a, b); /* read once */
	CHECK_STR(metrics_tz_name(a), "Asia/Kolkata");
	CHECK_INT(metrics_local_day(a, at("2026-11-28T18:29:59Z")), okr_day("2026-11-28"));
	CHECK_INT(metrics_local_day(a, at("2026-11-28T18:30:00Z")), okr_day("2026-11-29"));
	CHECK_INT(metrics_local_day_start(a, okr_day("2026-11-29")), at("2026-11-28T18:30:00Z"));
	CHECK_INT(metrics_tz_lookup("Mars/Olympus_Mons", &a), -1);
	CHECK_INT(metrics_tz_lookup("right/Europe/Amsterdam", &a), -1);
	CHECK_INT(metrics_tz_lookup("zone.tab", &a), -1); /* not a zone file */
	CHECK_INT(metrics_tz_lookup("../../etc/passwd", &a), -1);
}

/* Retention by calendar week in a zone: one person starting at ts, returning at ret; the count of
 * calendar week 1 of their cohort and the cohort's Monday. */
static void one_return(enum metrics_tz tz, const char *start, const char *ret, int64_t *monday,
		       int64_t *week1)
{
	struct metrics_retention *r = metrics_retention_new(METRICS_START_FIRST, METRICS_INTERVAL_WEEK, 4);
	metrics_retention_options(r, tz, 1);
	metrics_retention_add(r, at(start), 1, 1, 1);
	metrics_retention_add(r, at(ret), 1, 0, 1);
	size_t n = 0;
	struct metrics_cohort *c = metrics_retention_result(r, METRICS_COUNT_ON, at("2027-06-01T00:00:00Z"),
							    okr_day("2026-01-01"), okr_day("2027-01-01"), &n);
	CHECK_INT(n, 1);
	*monday = n ? c[0].period : -1;
	*week1 = n ? c[0].count[1] : -1;
	free(c);
	metrics_retention_free(r);
}

TEST(test_retention_calendar_weeks_in_local_days)
{
	enum metrics_tz kol, ams;
	CHECK_INT(metrics_tz_lookup("Asia/Kolkata", &kol), 0);
	int64_t monday, w1;
	/* Sunday 22 Nov 18:45Z is Monday 23 Nov 00:15 IST: that week's cohort (UTC: the week before) */
	one_return(kol, "2026-11-22T18:45:00Z", "2026-11-29T18:29:59Z", &monday, &w1);
	CHECK_INT(monday, okr_day("2026-11-23"));
	CHECK_INT(w1, 0); /* Sunday 29 Nov 23:59:59 IST: still week 0 */
	one_return(kol, "2026-11-22T18:45:00Z", "2026-11-29T18:30:00Z", &monday, &w1);
	CHECK_INT(w1, 1); /* Monday 30 Nov 00:00 IST */
	one_return(METRICS_TZ_UTC, "2026-11-22T18:45:00Z", "2026-11-29T18:30:00Z", &monday, &w1);
	CHECK_INT(monday, okr_day("2026-11-16"));
	/* the DST week in Amsterdam (read from the zone file, not the built-in rule): Monday 30 March
	 * begins at 29 March 22:00Z (CEST), Monday 26 October at 25 October 23:00Z (CET) */
	struct tz_zone *z = file_zone("Europe/Amsterdam");
	int id = tz_intern("Test/Amsterdam", z);
	CHECK(id >= 0);
	ams = (enum metrics_tz)(METRICS_TZ_ZONE + id);
	one_return(ams, "2026-03-23T08:00:00Z", "2026-03-29T21:59:59Z", &monday, &w1);
	CHECK_INT(monday, okr_day("2026-03-23"));
	CHECK_INT(w1, 0);
	one_return(ams, "2026-03-23T08:00:00Z", "2026-03-29T22:00:00Z", &monday, &w1);
	CHECK_INT(w1, 1);
	one_return(ams, "2026-10-19T08:00:00Z", "2026-10-25T22:59:59Z", &monday, &w1);
	CHECK_INT(w1, 0);
	one_return(ams, "2026-10-19T08:00:00Z", "2026-10-25T23:00:00Z", &monday, &w1);
	CHECK_INT(w1, 1);
}

int main(void)
{
	RUN(test_amsterdam_file_matches_the_eu_rule_and_the_built_in_one);
	RUN(test_new_york_us_rule);
	RUN(test_kolkata_half_hour_and_posix_rules);
	RUN(test_havana_midnight_skipped_and_repeated);
	RUN(test_zone_names_and_lookup);
	RUN(test_retention_calendar_weeks_in_local_days);
	return TEST_DONE();
}
