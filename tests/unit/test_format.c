/* SPDX-License-Identifier: EUPL-1.2 */
/* Unit tests of the view formatting. Reference values: what ECMAScript's
 * Intl.NumberFormat (Node 20, CLDR) prints for nl-NL and en-GB; where we
 * differ on purpose (U+2212 minus, no sign on a printed zero) it is said. */
#include <math.h>
#include <string.h>

#include "test.h"
#include "view/format.h"

TEST(test_format_number_groups_thousands_per_language)
{
	char s[64];
	format_number(1234567.891, 2, "nl", s, sizeof s); /* Intl nl-NL: "1.234.567,89" */
	CHECK_STR(s, "1.234.567,89");
	format_number(1234567.891, 2, "en", s, sizeof s); /* Intl en-GB: "1,234,567.89" */
	CHECK_STR(s, "1,234,567.89");
	format_number(999, 0, "nl", s, sizeof s);
	CHECK_STR(s, "999");
	format_number(1000, 0, "nl", s, sizeof s);
	CHECK_STR(s, "1.000");
}

TEST(test_format_number_minus_sign_and_zero)
{
	char s[64];
	format_number(-1234.5, 1, "nl", s, sizeof s);
	CHECK_STR(s, "\xe2\x88\x92"
		     "1.234,5");
	format_number(-0.04, 1, "nl", s, sizeof s); /* Intl prints "-0,0"; a zero gets no sign here */
	CHECK_STR(s, "0,0");
	format_number(NAN, 1, "nl", s, sizeof s);
	CHECK_STR(s, "\xe2\x80\x94");
}

TEST(test_format_percent_speaks_dutch_and_english)
{
	char s[32];
	format_percent(0.9039005, 0, "nl", s, sizeof s); /* Intl nl-NL percent: "90%" */
	CHECK_STR(s, "90%");
	format_percent(0.006921608, 1, "nl", s, sizeof s); /* Intl nl-NL: "0,7%" */
	CHECK_STR(s, "0,7%");
	format_percent(0.006921608, 1, "en", s, sizeof s); /* Intl en-GB: "0.7%" */
	CHECK_STR(s, "0.7%");
	format_percent(-0.1005846, 1, "nl", s, sizeof s);
	CHECK_STR(s, "\xe2\x88\x92"
		     "10,1%");
	format_percent(-0.0004, 1, "nl", s, sizeof s);
	CHECK_STR(s, "0,0%");
	format_percent(INFINITY, 1, "nl", s, sizeof s);
	CHECK_STR(s, "\xe2\x80\x94");
	format_percent(0.5, 0, "nl", s, 3); /* truncated, still terminated */
	CHECK_INT(strlen(s), 2);
}

TEST(test_format_euros_follow_the_locale)
{
	char s[32];
	format_euros(12500, "nl", s, sizeof s); /* Intl nl-NL EUR, 0 decimals: "€ 12.500" (no-break space) */
	CHECK_STR(s, "\xe2\x82\xac\xc2\xa0"
		     "12.500");
	format_euros(12500, "en", s, sizeof s); /* Intl en-GB: "€12,500" */
	CHECK_STR(s, "\xe2\x82\xac"
		     "12,500");
	format_euros(1234567, "nl", s, sizeof s);
	CHECK_STR(s, "\xe2\x82\xac\xc2\xa0"
		     "1.234.567");
}

TEST(test_format_p_value_states_its_relation)
{
	char s[32];
	format_p(0.1924, "nl", s, sizeof s);
	CHECK_STR(s, "= 0,192");
	format_p(0.1924, "en", s, sizeof s);
	CHECK_STR(s, "= 0.192");
	format_p(0.0002, "nl", s, sizeof s);
	CHECK_STR(s, "< 0,001");
}

TEST(test_format_plain_keeps_four_significant_digits)
{
	char s[32];
	format_plain(12.34567, "nl", s, sizeof s);
	CHECK_STR(s, "12,35");
	format_plain(12.34567, "en", s, sizeof s);
	CHECK_STR(s, "12.35");
}

TEST(test_format_plain_never_writes_an_exponent)
{
	char s[32];
	format_plain(77500, "nl", s, sizeof s);
	CHECK_STR(s, "77.500");
	format_plain(77500, "en", s, sizeof s);
	CHECK_STR(s, "77,500");
	format_plain(75750.5, "nl", s, sizeof s);
	CHECK_STR(s, "75.750,5");
	format_plain(9999, "nl", s, sizeof s);
	CHECK_STR(s, "9999");
}

int main(void)
{
	RUN(test_format_number_groups_thousands_per_language);
	RUN(test_format_number_minus_sign_and_zero);
	RUN(test_format_percent_speaks_dutch_and_english);
	RUN(test_format_euros_follow_the_locale);
	RUN(test_format_p_value_states_its_relation);
	RUN(test_format_plain_keeps_four_significant_digits);
	RUN(test_format_plain_never_writes_an_exponent);
	return TEST_DONE();
}
