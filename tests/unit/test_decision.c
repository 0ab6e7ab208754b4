/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_decision: the pure rules of the round decision (domain/decision.h):
 * the outcome words, when criteria are locked, cleaning and splitting the
 * criteria typed on the page, and which decision an advice outcome points to.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/decision.h"
#include "lib/util.h"
#include "test.h"

TEST(test_decision_outcome_words_round_trip)
{
	for (int o = DECISION_OPSCHALEN; o <= DECISION_STOPPEN; o++)
		CHECK_INT(decision_outcome_parse(decision_outcome_name((enum decision_outcome)o)), o);
	CHECK_STR(decision_outcome_name(DECISION_JUISTSCHALEN), "juistschalen");
	CHECK_INT(decision_outcome_parse("doorgaan"), DECISION_NONE);
	CHECK_INT(decision_outcome_parse(NULL), DECISION_NONE);
	CHECK_STR(decision_outcome_name(DECISION_NONE), "");
}

TEST(test_decision_criteria_lock_on_close_or_decision)
{
	CHECK(!decision_criteria_locked(true, false));
	CHECK(decision_criteria_locked(false, false));
	CHECK(decision_criteria_locked(true, true));
	CHECK(decision_criteria_locked(false, true));
}

TEST(test_decision_criterion_is_trimmed_and_bounded)
{
	char a[] = "  Effect aangetoond \t";
	CHECK_INT(decision_criterion_clean(a), 0);
	CHECK_STR(a, "Effect aangetoond");
	char b[] = "   ";
	CHECK_INT(decision_criterion_clean(b), -ERR_INVALID);
	char c[] = "met\x01stuurteken";
	CHECK_INT(decision_criterion_clean(c), -ERR_INVALID);
	/* 300 characters of two bytes each pass; 301 do not (code points, not bytes) */
	char *d = malloc(2 * 301 + 1);
	for (int i = 0; i < 301; i++)
		memcpy(d + 2 * i, "\xC3\xAB", 2);
	d[2 * 301] = 0;
	CHECK_INT(decision_criterion_clean(d), -ERR_INVALID);
	d[2 * 300] = 0;
	CHECK_INT(decision_criterion_clean(d), 0);
	free(d);
}

TEST(test_decision_criteria_split_per_line)
{
	char **v;
	int n = decision_criteria_split("Draagvlak\r\n\n  Budget twee jaar  \nEigenaar", &v);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(v[0], "Draagvlak");
		CHECK_STR(v[1], "Budget twee jaar");
		CHECK_STR(v[2], "Eigenaar");
	}
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
	CHECK_INT(decision_criteria_split("", &v), 0);
	free(v);
	CHECK_INT(decision_criteria_split("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm", &v), -ERR_INVALID);
	CHECK(v == NULL);
}

TEST(test_decision_from_advice)
{
	CHECK_INT(decision_from_advice("right-size"), DECISION_JUISTSCHALEN);
	CHECK_INT(decision_from_advice("adjust"), DECISION_BIJSTUREN);
	CHECK_INT(decision_from_advice("substitute"), DECISION_BIJSTUREN);
	CHECK_INT(decision_from_advice("postpone"), DECISION_BIJSTUREN);
	CHECK_INT(decision_from_advice("stop"), DECISION_STOPPEN);
	CHECK_INT(decision_from_advice("improve"), DECISION_NONE);
}

int main(void)
{
	RUN(test_decision_outcome_words_round_trip);
	RUN(test_decision_criteria_lock_on_close_or_decision);
	RUN(test_decision_criterion_is_trimmed_and_bounded);
	RUN(test_decision_criteria_split_per_line);
	RUN(test_decision_from_advice);
	return TEST_DONE();
}
