/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the KPI rules (docs/kpi.md) and the KPI CSV reader, with values worked out by hand. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/kpi.h"
#include "domain/kpi_csv.h"
#include "domain/okr.h"
#include "lib/util.h"
#include "test.h"

TEST(test_kpi_words_round_trip_and_unknown_words_are_none)
{
	CHECK_STR(kpi_kind_name(KPI_KIND_ADOPTIE), "adoptie");
	CHECK_STR(kpi_kind_name(KPI_KIND_INDICATOR), "indicator");
	CHECK_INT(kpi_kind_parse("adoptie"), KPI_KIND_ADOPTIE);
	CHECK_INT(kpi_kind_parse("Adoptie"), KPI_KIND_NONE);
	CHECK_INT(kpi_kind_parse(NULL), KPI_KIND_NONE);
	CHECK_STR(kpi_direction_name(KPI_DIRECTION_LAGER), "lager");
	CHECK_INT(kpi_direction_parse("hoger"), KPI_DIRECTION_HOGER);
	CHECK_STR(kpi_source_name(KPI_SOURCE_IMPORT), "import");
	CHECK_INT(kpi_source_parse("api"), KPI_SOURCE_API);
	CHECK_STR(kpi_kind_name(KPI_KIND_NONE), "");
}

TEST(test_kpi_latest_is_the_newest_value_on_or_before_today_in_any_order)
{
	struct kpi_point p[] = {{20, 5}, {10, 3}, {30, 9}, {25, 7}};
	CHECK_INT(kpi_latest(p, 4, 26), 3);  /* day 25: the one after it (30) is still to come */
	CHECK_INT(kpi_latest(p, 4, 25), 3);  /* on the day itself */
	CHECK_INT(kpi_latest(p, 4, 100), 2); /* day 30 */
	CHECK_INT(kpi_latest(p, 4, 9), -1);  /* before the first value: none */
	CHECK_INT(kpi_latest(NULL, 0, 9), -1);
	CHECK_INT(kpi_first(p, 4), 1); /* day 10 is the baseline */
	CHECK_INT(kpi_first(NULL, 0), -1);
}

TEST(test_kpi_progress_higher_is_better_is_share_of_the_way_from_baseline_uncapped)
{
	/* 12 municipalities wanted, 1 at the start, 7 now: 6/11 */
	CHECK_NEAR(kpi_progress(1, 7, 12, KPI_DIRECTION_HOGER), 6.0 / 11.0, 1e-12);
	CHECK_NEAR(kpi_progress(1, 1, 12, KPI_DIRECTION_HOGER), 0, 1e-12);
	CHECK_NEAR(kpi_progress(1, 15, 12, KPI_DIRECTION_HOGER), 14.0 / 11.0, 1e-12); /* 127 %, not capped */
	CHECK_NEAR(kpi_progress(10, 8, 20, KPI_DIRECTION_HOGER), -0.2, 1e-12);	      /* behind the start */
	CHECK(isnan(kpi_progress(1, NAN, 12, KPI_DIRECTION_HOGER)));
}

TEST(test_kpi_progress_lower_is_better_counts_falling_values)
{
	/* cost per participant from 540 to a target of 350: at 398 that is 142/190 */
	CHECK_NEAR(kpi_progress(540, 398, 350, KPI_DIRECTION_LAGER), 142.0 / 190.0, 1e-12);
	CHECK_NEAR(kpi_progress(30, 8, 10, KPI_DIRECTION_LAGER), 1.1, 1e-12);
	CHECK_NEAR(kpi_progress(30, 35, 10, KPI_DIRECTION_LAGER), -0.25, 1e-12);
}

TEST(test_kpi_target_equal_to_baseline_is_met_or_not)
{
	CHECK_NEAR(kpi_progress(5, 5, 5, KPI_DIRECTION_HOGER), 1, 0);
	CHECK_NEAR(kpi_progress(5, 4, 5, KPI_DIRECTION_HOGER), 0, 0);
	CHECK_NEAR(kpi_progress(5, 4, 5, KPI_DIRECTION_LAGER), 1, 0);
}

TEST(test_kpi_target_met_at_equality_in_both_directions)
{
	CHECK(kpi_target_met(12, 12, KPI_DIRECTION_HOGER));
	CHECK(!kpi_target_met(11.99, 12, KPI_DIRECTION_HOGER));
	CHECK(kpi_target_met(350, 350, KPI_DIRECTION_LAGER));
	CHECK(!kpi_target_met(350.5, 350, KPI_DIRECTION_LAGER));
	CHECK_INT(kpi_trend(3, 4, KPI_DIRECTION_HOGER), 1);
	CHECK_INT(kpi_trend(3, 4, KPI_DIRECTION_LAGER), -1);
	CHECK_INT(kpi_trend(4, 4, KPI_DIRECTION_LAGER), 0);
}

TEST(test_kpi_number_takes_points_and_commas_only_whole)
{
	double v = 0;
	CHECK_INT(kpi_number("12", &v), 0);
	CHECK_NEAR(v, 12, 0);
	CHECK_INT(kpi_number("-3,5", &v), 0);
	CHECK_NEAR(v, -3.5, 0);
	CHECK_INT(kpi_number("1e3", &v), 0);
	CHECK_NEAR(v, 1000, 0);
	CHECK_INT(kpi_number("", &v), -1);
	CHECK_INT(kpi_number("12 ", &v), -1);
	CHECK_INT(kpi_number("twaalf", &v), -1);
	CHECK_INT(kpi_number("1e300", &v), -1); /* beyond KPI_VALUE_MAX */
	CHECK_INT(kpi_number("nan", &v), -1);
	CHECK_INT(kpi_number("1,2,3", &v), -1);
}

static int parse(const char *s, struct kpi_csv *f, size_t *line, const char **key)
{
	return kpi_csv_parse(s, strlen(s), f, line, key);
}

TEST(test_kpi_csv_reads_ids_and_names_by_header_in_any_order)
{
	struct kpi_csv *f = calloc(1, sizeof *f);
	size_t line;
	const char *key;
	CHECK_INT(
	    parse("value,date,series,initiative,extra\r\n\"1,5\",2026-01-01,Bereik,\"Buurtteam, Noord\",x\r\n"
		  "7,2026-02-01,Bereik,,\r\n",
		  f, &line, &key),
	    0);
	CHECK_INT(f->n, 2);
	CHECK_INT(f->row[0].line, 2);
	CHECK_STR(f->row[0].series, "Bereik");
	CHECK_STR(f->row[0].initiative, "Buurtteam, Noord");
	CHECK_STR(f->row[0].date, "2026-01-01");
	CHECK_INT(f->row[0].day, okr_day("2026-01-01"));
	CHECK_NEAR(f->row[0].value, 1.5, 0);
	CHECK_INT(f->row[1].series_id, 0);
	kpi_csv_free(f);
	CHECK_INT(parse("seriesId,date,value\n42,2026-03-01,3\n", f, &line, &key), 0);
	CHECK_INT(f->row[0].series_id, 42);
	CHECK_STR(f->row[0].series, "");
	kpi_csv_free(f);
	free(f);
}

TEST(test_kpi_csv_names_the_line_and_reason_of_the_first_problem)
{
	struct kpi_csv *f = calloc(1, sizeof *f);
	size_t line;
	const char *key;
	CHECK_INT(parse("series,date,value\nA,2026-01-01,1\nA,2026-02-30,2\nA,x,3\n", f, &line, &key),
		  -ERR_INVALID);
	CHECK_INT(line, 3);
	CHECK_STR(key, "err.kpi.csv.date");
	kpi_csv_free(f);
	CHECK_INT(parse("series,date,value\n\nA,2026-01-01,veel\n", f, &line, &key), -ERR_INVALID);
	CHECK_INT(line, 3); /* the empty line counts */
	CHECK_STR(key, "err.kpi.csv.value");
	kpi_csv_free(f);
	CHECK_INT(parse("seriesId,date,value\n0,2026-01-01,1\n", f, &line, &key), -ERR_INVALID);
	CHECK_STR(key, "err.kpi.csv.series_id");
	kpi_csv_free(f);
	CHECK_INT(parse("seriesId,series,date,value\n,,2026-01-01,1\n", f, &line, &key), -ERR_INVALID);
	CHECK_STR(key, "err.kpi.csv.series_missing");
	kpi_csv_free(f);
	CHECK_INT(parse("name,date,value\nA,2026-01-01,1\n", f, &line, &key), -ERR_INVALID);
	CHECK_INT(line, 1);
	CHECK_STR(key, "err.kpi.csv.header");
	kpi_csv_free(f);
	CHECK_INT(parse("series,date,value\nA,\"2026-01-01,1\n", f, &line, &key), -ERR_INVALID);
	CHECK_STR(key, "err.kpi.csv.broken");
	kpi_csv_free(f);
	CHECK_INT(parse("", f, &line, &key), -ERR_INVALID);
	CHECK_STR(key, "err.kpi.csv.empty");
	kpi_csv_free(f);
	free(f);
}

int main(void)
{
	RUN(test_kpi_words_round_trip_and_unknown_words_are_none);
	RUN(test_kpi_latest_is_the_newest_value_on_or_before_today_in_any_order);
	RUN(test_kpi_progress_higher_is_better_is_share_of_the_way_from_baseline_uncapped);
	RUN(test_kpi_progress_lower_is_better_counts_falling_values);
	RUN(test_kpi_target_equal_to_baseline_is_met_or_not);
	RUN(test_kpi_target_met_at_equality_in_both_directions);
	RUN(test_kpi_number_takes_points_and_commas_only_whole);
	RUN(test_kpi_csv_reads_ids_and_names_by_header_in_any_order);
	RUN(test_kpi_csv_names_the_line_and_reason_of_the_first_problem);
	return TEST_DONE();
}
