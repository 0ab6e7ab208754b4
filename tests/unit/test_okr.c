/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the OKR formulas (docs/okr.md) with values worked out by hand. */
#include <math.h>

#include "domain/okr.h"
#include "test.h"

/* A January of 31 days: day 0 is 1 January, day 30 is 31 January. */
#define JAN1 okr_day("2026-01-01")
#define JAN(d) (JAN1 + (d)-1)

static struct okr_kr linear(enum okr_kind k, double start, double target, double value)
{
	struct okr_kr kr = {.kind = k,
			    .start = start,
			    .target = target,
			    .has_target = 1,
			    .has_value = 1,
			    .value = value,
			    .weight = 1,
			    .confidence = -1,
			    .last_day = -1};
	return kr;
}

TEST(test_okr_day_counts_from_1970_and_round_trips)
{
	CHECK_INT(okr_day("1970-01-01"), 0);
	CHECK_INT(okr_day("2000-01-01"), 10957); /* 30 years with 7 leap days: 30*365+7 */
	CHECK_INT(okr_day("2026-03-01") - okr_day("2026-02-28"), 1);
	CHECK_INT(okr_day("2024-03-01") - okr_day("2024-02-28"), 2);
	CHECK(okr_day("2026-02-29") == INT64_MIN);
	CHECK(okr_day("2026-1-01") == INT64_MIN);
	char out[11];
	okr_date(okr_day("2028-02-29"), out);
	CHECK_STR(out, "2028-02-29");
}

TEST(test_okr_increase_is_share_of_the_way_from_start_to_target)
{
	struct okr_kr kr = linear(OKR_INCREASE, 20, 60, 50);
	CHECK_NEAR(okr_progress(&kr), 0.75, 1e-12); /* (50-20)/(60-20) = 30/40 */
}

TEST(test_okr_decrease_counts_the_way_down)
{
	struct okr_kr kr = linear(OKR_DECREASE, 40, 10, 25);
	CHECK_NEAR(okr_progress(&kr), 0.5, 1e-12); /* (25-40)/(10-40) = -15/-30 */
}

TEST(test_okr_progress_is_stored_uncapped_both_ways)
{
	struct okr_kr over = linear(OKR_INCREASE, 0, 100, 125);
	CHECK_NEAR(okr_progress(&over), 1.25, 1e-12);
	struct okr_kr under = linear(OKR_INCREASE, 20, 60, 16);
	CHECK_NEAR(okr_progress(&under), -0.1, 1e-12); /* (16-20)/40 */
	struct okr_kr none = linear(OKR_INCREASE, 20, 60, 0);
	none.has_value = 0;
	CHECK_NEAR(okr_progress(&none), 0, 1e-12);
}

TEST(test_okr_stay_above_at_equality_follows_the_flag)
{
	struct okr_kr kr = linear(OKR_ABOVE, 0, 80, 80);
	kr.equal_counts = 1;
	CHECK_NEAR(okr_progress(&kr), 1, 0);
	kr.equal_counts = 0;
	CHECK_NEAR(okr_progress(&kr), 0, 0);
	kr.value = 80.5;
	CHECK_NEAR(okr_progress(&kr), 1, 0);
	kr.value = 79.9;
	kr.equal_counts = 1;
	CHECK_NEAR(okr_progress(&kr), 0, 0);
}

TEST(test_okr_stay_below_at_equality_follows_the_flag)
{
	struct okr_kr kr = linear(OKR_BELOW, 0, 5, 5);
	CHECK_NEAR(okr_progress(&kr), 0, 0);
	kr.equal_counts = 1;
	CHECK_NEAR(okr_progress(&kr), 1, 0);
	kr.value = 4.9;
	kr.equal_counts = 0;
	CHECK_NEAR(okr_progress(&kr), 1, 0);
	kr.has_value = 0;
	CHECK_NEAR(okr_progress(&kr), 0, 0);
}

TEST(test_okr_milestone_is_done_or_the_share_of_sub_milestones)
{
	struct okr_kr kr = {.kind = OKR_MILESTONE, .weight = 1, .confidence = -1, .last_day = -1};
	CHECK_NEAR(okr_progress(&kr), 0, 0);
	kr.has_value = 1;
	kr.value = 1;
	CHECK_NEAR(okr_progress(&kr), 1, 0);
	kr.sub_total = 4;
	kr.sub_done = 3;
	CHECK_NEAR(okr_progress(&kr), 0.75, 1e-12);
}

TEST(test_okr_baseline_has_no_progress_until_its_target_is_set)
{
	struct okr_kr kr = linear(OKR_BASELINE, 12, 0, 15);
	kr.has_target = 0;
	kr.last_day = JAN(15);
	CHECK(isnan(okr_progress(&kr)));
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(16)), OKR_STATUS_NONE);
	kr.has_target = 1;
	kr.target = 18;
	CHECK_NEAR(okr_progress(&kr), 0.5, 1e-12); /* (15-12)/(18-12) */
}

TEST(test_okr_rollup_weighs_krs_and_contributing_children_only)
{
	/* KR 0.5 weight 2, KR 1.25 weight 1, contributing child -0.2 (counts
	 * as 0), supporting child 1.0 (left out):
	 * (2*0.5 + 1*1.25 + 1*0) / (2+1+1) = 2.25/4 = 0.5625 */
	struct okr_part p[] = {
	    {0.5, 2, OKR_CONTRIBUTES},
	    {1.25, 1, OKR_CONTRIBUTES},
	    {-0.2, 1, OKR_CONTRIBUTES},
	    {1.0, 1, OKR_SUPPORTS},
	};
	CHECK_NEAR(okr_rollup(p, 4), 0.5625, 1e-12);
}

TEST(test_okr_rollup_skips_parts_without_progress_and_may_have_none)
{
	struct okr_part p[] = {{NAN, 3, OKR_CONTRIBUTES}, {0.4, 1, OKR_CONTRIBUTES}};
	CHECK_NEAR(okr_rollup(p, 2), 0.4, 1e-12);
	struct okr_part q[] = {{0.9, 1, OKR_SUPPORTS}};
	CHECK(isnan(okr_rollup(q, 1)));
	CHECK(isnan(okr_rollup(NULL, 0)));
}

TEST(test_okr_expected_pace_at_start_middle_and_end)
{
	CHECK_NEAR(okr_expected(JAN(1), JAN(31), JAN(1)), 0, 0);
	CHECK_NEAR(okr_expected(JAN(1), JAN(31), JAN(16)), 0.5, 1e-12); /* 15 of 30 days */
	CHECK_NEAR(okr_expected(JAN(1), JAN(31), JAN(31)), 1, 0);
	CHECK_NEAR(okr_expected(JAN(1), JAN(31), JAN(31) + 10), 1, 0);
	CHECK_NEAR(okr_expected(JAN(1), JAN(31), JAN(1) - 3), 0, 0);
}

TEST(test_okr_status_thresholds_are_more_than_25_and_50_points_behind)
{
	/* mid-January: expected 0.5 */
	struct okr_kr kr = linear(OKR_INCREASE, 0, 100, 25);
	kr.last_day = JAN(15);
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(16)), OKR_STATUS_ON_TRACK); /* exactly 25 behind */
	kr.value = 24;
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(16)), OKR_STATUS_AT_RISK); /* 26 */
	kr.value = 0;
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(16)), OKR_STATUS_AT_RISK); /* exactly 50 */
	kr.value = -1;
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(16)), OKR_STATUS_OFF_TRACK); /* 51 */
}

TEST(test_okr_status_low_confidence_lowers_a_kr_on_pace)
{
	struct okr_kr kr = linear(OKR_INCREASE, 0, 100, 60);
	kr.last_day = JAN(15);
	kr.confidence = 5;
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(16)), OKR_STATUS_ON_TRACK);
	kr.confidence = 4;
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(16)), OKR_STATUS_AT_RISK);
	kr.confidence = 2;
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(16)), OKR_STATUS_OFF_TRACK);
	kr.confidence = 0;
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(16)), OKR_STATUS_OFF_TRACK);
}

TEST(test_okr_staleness_after_14_days_overrides_the_reported_status)
{
	struct okr_kr kr = linear(OKR_INCREASE, 0, 100, 100); /* done, and confident */
	kr.confidence = 10;
	kr.last_day = JAN(2);
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(16)), OKR_STATUS_STALE); /* 14 days */
	kr.last_day = JAN(3);
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(16)), OKR_STATUS_ON_TRACK); /* 13 days */
}

TEST(test_okr_never_checked_in_goes_stale_14_days_into_the_period)
{
	struct okr_kr kr = linear(OKR_INCREASE, 0, 100, 0);
	kr.has_value = 0;
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(1)),
		  OKR_STATUS_ON_TRACK); /* at the start: 0 of 0 */
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(14)),
		  OKR_STATUS_AT_RISK); /* 13 days, 43.3 behind */
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(15)), OKR_STATUS_STALE);
}

TEST(test_okr_after_the_period_a_kr_is_judged_on_its_result_not_stale)
{
	struct okr_kr kr = linear(OKR_INCREASE, 0, 100, 80);
	kr.last_day = JAN(2);
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(31) + 5), OKR_STATUS_ON_TRACK); /* 20 behind 1.0 */
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(1) - 1), OKR_STATUS_NONE);
}

TEST(test_okr_threshold_expects_to_be_met_all_period)
{
	struct okr_kr kr = linear(OKR_ABOVE, 0, 80, 79);
	kr.last_day = JAN(2);
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(3)), OKR_STATUS_OFF_TRACK);
	kr.value = 81;
	CHECK_INT(okr_kr_status(&kr, JAN(1), JAN(31), JAN(3)), OKR_STATUS_ON_TRACK);
}

TEST(test_okr_objective_follows_its_weakest_kr)
{
	enum okr_status s[] = {OKR_STATUS_ON_TRACK, OKR_STATUS_AT_RISK, OKR_STATUS_NONE};
	CHECK_INT(okr_weakest(s, 3), OKR_STATUS_AT_RISK);
	enum okr_status t[] = {OKR_STATUS_OFF_TRACK, OKR_STATUS_STALE};
	CHECK_INT(okr_weakest(t, 2), OKR_STATUS_STALE);
	CHECK_INT(okr_weakest(NULL, 0), OKR_STATUS_NONE);
}

TEST(test_okr_score_is_clamped_progress_and_the_bar_depends_on_commitment)
{
	struct okr_kr kr = linear(OKR_INCREASE, 0, 100, 125);
	CHECK_NEAR(okr_score(&kr), 1, 0);
	kr.value = -5;
	CHECK_NEAR(okr_score(&kr), 0, 0);
	kr.value = 70;
	CHECK_NEAR(okr_score(&kr), 0.7, 1e-12);
	CHECK(okr_score_good(okr_score(&kr), OKR_ASPIRATIONAL));
	CHECK(!okr_score_good(okr_score(&kr), OKR_COMMITTED));
	CHECK(okr_score_good(1.0, OKR_COMMITTED));
	CHECK(!okr_score_good(0.69, OKR_ASPIRATIONAL));
}

TEST(test_okr_quality_warns_for_each_weakness)
{
	json_t *w = json_array();
	struct okr_quality q = {
	    .has_owner = 0, .n_krs = 6, .n_milestones = 6, .n_without_number = 1, .n_without_date = 2};
	okr_quality(&q, w);
	CHECK_INT(json_array_size(w), 5);
	CHECK_STR(json_string_value(json_array_get(w, 0)), "okr.warn.no_owner");
	CHECK_STR(json_string_value(json_array_get(w, 1)), "okr.warn.too_many_krs");
	CHECK_STR(json_string_value(json_array_get(w, 4)), "okr.warn.only_milestones");
	json_array_clear(w);
	struct okr_quality good = {.has_owner = 1, .n_krs = 3, .n_milestones = 1};
	okr_quality(&good, w);
	CHECK_INT(json_array_size(w), 0);
	json_decref(w);
}

TEST(test_okr_cycle_is_found_and_named_in_order)
{
	struct okr_edge e[] = {{1, 2}, {2, 3}};
	int64_t path[8];
	size_t n = okr_cycle(e, 2, 3, 1, path, 8);
	CHECK_INT(n, 4); /* 3 -> 1 -> 2 -> 3 */
	CHECK_INT(path[0], 3);
	CHECK_INT(path[1], 1);
	CHECK_INT(path[2], 2);
	CHECK_INT(path[3], 3);
	CHECK_INT(okr_cycle(e, 2, 4, 3, path, 8), 0);
	CHECK_INT(okr_cycle(e, 2, 1, 3, path, 8), 0); /* a second way up is no cycle */
	CHECK_INT(okr_cycle(e, 2, 5, 5, path, 8), 2);
}

TEST(test_okr_tree_rolls_contributing_children_into_parents)
{
	/* org objective 0 with one KR at 0.8 (weight 1); team objective 1
	 * contributes with KRs 0.5 (w 1) and 1.0 (w 3) = 3.5/4 = 0.875; team
	 * objective 2 only supports (progress 0). Objective 0: (0.8 + 0.875)/2
	 * = 0.8375. Mid-January, all checked in yesterday, no confidence. */
	struct okr_kr a = linear(OKR_INCREASE, 0, 10, 8), b = linear(OKR_INCREASE, 0, 10, 5),
		      c = linear(OKR_INCREASE, 0, 10, 10), d = linear(OKR_INCREASE, 0, 10, 0);
	c.weight = 3;
	a.last_day = b.last_day = c.last_day = d.last_day = JAN(15);
	struct okr_node n[3] = {{.start = JAN(1), .end = JAN(31)},
				{.start = JAN(1), .end = JAN(31)},
				{.start = JAN(1), .end = JAN(31)}};
	struct okr_node_kr k[] = {{0, &a}, {1, &b}, {1, &c}, {2, &d}};
	struct okr_node_link l[] = {{1, 0, OKR_CONTRIBUTES}, {2, 0, OKR_SUPPORTS}};
	okr_tree(n, 3, k, 4, l, 2, JAN(16));
	CHECK_NEAR(n[1].progress, 0.875, 1e-12);
	CHECK_NEAR(n[0].progress, 0.8375, 1e-12);
	CHECK_INT(n[1].status, OKR_STATUS_ON_TRACK);
	CHECK_INT(n[2].status, OKR_STATUS_AT_RISK);  /* 0 against 0.5: 50 points behind */
	CHECK_INT(n[0].status, OKR_STATUS_ON_TRACK); /* its own KR, not the supporting child */
}

TEST(test_okr_tree_without_krs_takes_the_status_of_contributing_children)
{
	struct okr_kr b = linear(OKR_INCREASE, 0, 10, 0);
	b.last_day = JAN(1);
	struct okr_node n[2] = {{.start = JAN(1), .end = JAN(31)}, {.start = JAN(1), .end = JAN(31)}};
	struct okr_node_kr k[] = {{1, &b}};
	struct okr_node_link l[] = {{1, 0, OKR_CONTRIBUTES}, {0, 1, OKR_CONTRIBUTES}}; /* a stored cycle */
	okr_tree(n, 2, k, 1, l, 2, JAN(16));
	CHECK_INT(n[1].status, OKR_STATUS_STALE); /* 15 days without a check-in */
	CHECK_INT(n[0].status, OKR_STATUS_STALE);
	CHECK_NEAR(n[0].progress, 0, 1e-12);
}

TEST(test_okr_enum_names_match_the_stored_words)
{
	CHECK_INT(okr_enum(okr_kinds, "nulmeting"), OKR_BASELINE);
	CHECK_INT(okr_enum(okr_statuses, "verouderd"), OKR_STATUS_STALE);
	CHECK_INT(okr_enum(okr_links, "ondersteunend"), OKR_SUPPORTS);
	CHECK_INT(okr_enum(okr_kinds, "omhoog"), -1);
}

int main(void)
{
	RUN(test_okr_day_counts_from_1970_and_round_trips);
	RUN(test_okr_increase_is_share_of_the_way_from_start_to_target);
	RUN(test_okr_decrease_counts_the_way_down);
	RUN(test_okr_progress_is_stored_uncapped_both_ways);
	RUN(test_okr_stay_above_at_equality_follows_the_flag);
	RUN(test_okr_stay_below_at_equality_follows_the_flag);
	RUN(test_okr_milestone_is_done_or_the_share_of_sub_milestones);
	RUN(test_okr_baseline_has_no_progress_until_its_target_is_set);
	RUN(test_okr_rollup_weighs_krs_and_contributing_children_only);
	RUN(test_okr_rollup_skips_parts_without_progress_and_may_have_none);
	RUN(test_okr_expected_pace_at_start_middle_and_end);
	RUN(test_okr_status_thresholds_are_more_than_25_and_50_points_behind);
	RUN(test_okr_status_low_confidence_lowers_a_kr_on_pace);
	RUN(test_okr_staleness_after_14_days_overrides_the_reported_status);
	RUN(test_okr_never_checked_in_goes_stale_14_days_into_the_period);
	RUN(test_okr_after_the_period_a_kr_is_judged_on_its_result_not_stale);
	RUN(test_okr_threshold_expects_to_be_met_all_period);
	RUN(test_okr_objective_follows_its_weakest_kr);
	RUN(test_okr_score_is_clamped_progress_and_the_bar_depends_on_commitment);
	RUN(test_okr_quality_warns_for_each_weakness);
	RUN(test_okr_cycle_is_found_and_named_in_order);
	RUN(test_okr_tree_rolls_contributing_children_into_parents);
	RUN(test_okr_tree_without_krs_takes_the_status_of_contributing_children);
	RUN(test_okr_enum_names_match_the_stored_words);
	return TEST_DONE();
}
