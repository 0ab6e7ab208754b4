/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Unit tests of domain/assessment: the round status and confidence words
 * (one table each, stored and API text both ways) and freeing the structs.
 */
#include <stdlib.h>

#include "domain/assessment.h"
#include "lib/util.h"
#include "test.h"

TEST(test_assessment_round_status_words_are_open_and_gesloten)
{
	enum assessment_round_status s = ASSESSMENT_ROUND_OPEN;
	CHECK_STR(assessment_round_status_name(ASSESSMENT_ROUND_OPEN), "open");
	CHECK_STR(assessment_round_status_name(ASSESSMENT_ROUND_CLOSED), "gesloten");
	CHECK_INT(assessment_round_status_parse("gesloten", &s), 0);
	CHECK_INT(s, ASSESSMENT_ROUND_CLOSED);
	CHECK_INT(assessment_round_status_parse("open", &s), 0);
	CHECK_INT(s, ASSESSMENT_ROUND_OPEN);
	/* the field spec of RoundStatusInput offers exactly these, in enum order */
	CHECK_STR(assessment_round_statuses[ASSESSMENT_ROUND_CLOSED], "gesloten");
	CHECK(assessment_round_statuses[2] == NULL);
}

TEST(test_assessment_round_status_parse_rejects_other_words)
{
	enum assessment_round_status s = ASSESSMENT_ROUND_CLOSED;
	CHECK_INT(assessment_round_status_parse("closed", &s), -ERR_INVALID);
	CHECK_INT(assessment_round_status_parse("Open", &s), -ERR_INVALID);
	CHECK_INT(assessment_round_status_parse("", &s), -ERR_INVALID);
	CHECK_INT(assessment_round_status_parse(NULL, &s), -ERR_INVALID);
	CHECK_INT(s, ASSESSMENT_ROUND_CLOSED);
}

TEST(test_assessment_confidence_words_map_to_the_score_enum)
{
	static const struct {
		const char *word;
		enum score_confidence c;
	} want[] = {{"", SCORE_CONFIDENCE_NONE},
		    {"laag", SCORE_CONFIDENCE_LOW},
		    {"middel", SCORE_CONFIDENCE_MEDIUM},
		    {"hoog", SCORE_CONFIDENCE_HIGH}};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		enum score_confidence c = SCORE_CONFIDENCE_HIGH;
		CHECK_INT(assessment_confidence_parse(want[i].word, &c), 0);
		CHECK_INT(c, want[i].c);
		CHECK_STR(assessment_confidence_name(want[i].c), want[i].word);
	}
}

TEST(test_assessment_confidence_choices_start_after_not_given)
{
	/* A rater chooses from [1]: laag, middel, hoog; "" means not given. */
	const char *const *choices = assessment_confidences + 1;
	CHECK_STR(choices[0], "laag");
	CHECK_STR(choices[1], "middel");
	CHECK_STR(choices[2], "hoog");
	CHECK(choices[3] == NULL);
	enum score_confidence c = SCORE_CONFIDENCE_LOW;
	CHECK_INT(assessment_confidence_parse("high", &c), -ERR_INVALID);
	CHECK_INT(assessment_confidence_parse(NULL, &c), -ERR_INVALID);
	CHECK_INT(c, SCORE_CONFIDENCE_LOW);
}

TEST(test_assessment_name_index_finds_exact_words_only)
{
	static const char *const names[] = {"a", "bc", NULL};
	CHECK_INT(assessment_name_index(names, "a"), 0);
	CHECK_INT(assessment_name_index(names, "bc"), 1);
	CHECK_INT(assessment_name_index(names, "b"), -1);
	CHECK_INT(assessment_name_index(names, "bcd"), -1);
	CHECK_INT(assessment_name_index(names, NULL), -1);
}

TEST(test_assessment_free_releases_answers_with_options)
{
	struct assessment_answer_list l = {calloc(2, sizeof(struct assessment_answer)), 2};
	l.items[0].question_id = strdup("routes-relevant");
	l.items[0].options = calloc(3, sizeof(char *));
	l.items[0].options[0] = strdup("embed");
	l.items[0].options[1] = strdup("scaling-out");
	l.items[0].n_options = 2;
	l.items[1].text = strdup("Minder wachttijd");
	assessment_answer_list_free(&l);
	CHECK(l.items == NULL);
	CHECK_INT(l.n, 0);
	struct assessment_round_list rl = {calloc(1, sizeof(struct assessment_round)), 1};
	rl.items[0].title = strdup("Nulmeting");
	rl.items[0].closed_at = strdup("2026-01-01T00:00:00Z");
	assessment_round_list_free(&rl);
	CHECK(rl.items == NULL);
	assessment_round_free(NULL);
	assessment_answer_free(NULL);
}

int main(void)
{
	RUN(test_assessment_round_status_words_are_open_and_gesloten);
	RUN(test_assessment_round_status_parse_rejects_other_words);
	RUN(test_assessment_confidence_words_map_to_the_score_enum);
	RUN(test_assessment_confidence_choices_start_after_not_given);
	RUN(test_assessment_name_index_finds_exact_words_only);
	RUN(test_assessment_free_releases_answers_with_options);
	return TEST_DONE();
}
