/* SPDX-License-Identifier: EUPL-1.2 */
/* The password rules (domain/password.h) against the shipped list of
 * common passwords: length in characters, no silent truncation, common
 * passwords also with decoration, simple patterns, personal parts. */
#include <string.h>

#include "domain/password.h"
#include "lib/wordlist.h"
#include "test.h"

#define JUDGE(pw)                                                                                            \
	password_judge((pw), "marieke.devries@voorbeeldstad.nl", "Marieke de Vries",                         \
		       wordlist_common_passwords())
#define OK(pw) CHECK(JUDGE(pw) == NULL)

TEST(test_password_list_is_sorted_lower_case_and_holds_both_sources)
{
	const struct wordlist *l = wordlist_common_passwords();
	CHECK(l->n > 3000);
	for (size_t i = 1; i < l->n; i++)
		CHECK(strcmp(l->word[i - 1], l->word[i]) < 0);
	int openwall = 0, dutch = 0;
	for (size_t i = 0; i < l->n; i++) {
		openwall |= !strcmp(l->word[i], "letmein");
		dutch |= !strcmp(l->word[i], "wachtwoord");
		for (const char *p = l->word[i]; *p; p++)
			CHECK(!(*p >= 'A' && *p <= 'Z'));
	}
	CHECK(openwall && dutch);
}

TEST(test_password_length_counts_characters_not_bytes)
{
	CHECK_STR(JUDGE("Kort-3#kaas"), "err.password.short"); /* 11 characters */
	OK("Kort-3#kaas!");				       /* 12 */
	CHECK_STR(JUDGE("ééééé-ßß-ü7"), "err.password.short"); /* 11 characters, 18 bytes */
	OK("fiets-één-ü7x");				       /* 13 characters */
	char longpw[PASSWORD_MAX_BYTES + 2];
	memset(longpw, 'x', sizeof longpw - 1);
	for (size_t i = 0; i + 1 < sizeof longpw; i++)
		longpw[i] = (char)('a' + (i * 7) % 26);
	longpw[sizeof longpw - 1] = 0;
	CHECK_STR(JUDGE(longpw), "err.password.long"); /* refused, never cut */
	longpw[PASSWORD_MAX_BYTES] = 0;
	OK(longpw);
	CHECK_STR(JUDGE("abc\xff\xfe-defghijklmn"), "err.password.encoding");
}

TEST(test_password_common_ones_are_refused_also_when_decorated)
{
	CHECK_STR(JUDGE("iloveyou1234"), "err.password.common");
	CHECK_STR(JUDGE("Wachtwoord2026!"), "err.password.common");
	CHECK_STR(JUDGE("!!Welkom123456"), "err.password.common");
	CHECK_STR(JUDGE("PASSWORD1234567"), "err.password.common");
	CHECK_STR(JUDGE("qwertyuiop123"), "err.password.common");
	OK("Welkom op de heide 7");
}

TEST(test_password_simple_patterns_are_refused)
{
	CHECK_STR(JUDGE("aaaaaaaaaaaaaaa"), "err.password.simple");
	CHECK_STR(JUDGE("abababababab"), "err.password.simple");
	CHECK_STR(JUDGE("abcdefghijklm"), "err.password.simple");
	CHECK_STR(JUDGE("9876543210987"), "err.password.simple");
	CHECK_STR(JUDGE("1234567890123"), "err.password.simple");
	OK("paard-batterij-niet");
}

TEST(test_password_personal_parts_are_refused)
{
	CHECK_STR(JUDGE("marieke.devries!!"), "err.password.personal");
	CHECK_STR(JUDGE("ik-ben-MARIEKE-77"), "err.password.personal");
	CHECK_STR(JUDGE("vries-en-zo-verder"), "err.password.personal");
	CHECK(password_judge("ik-ben-marieke-77", NULL, NULL, wordlist_common_passwords()) == NULL);
}

int main(void)
{
	RUN(test_password_list_is_sorted_lower_case_and_holds_both_sources);
	RUN(test_password_length_counts_characters_not_bytes);
	RUN(test_password_common_ones_are_refused_also_when_decorated);
	RUN(test_password_simple_patterns_are_refused);
	RUN(test_password_personal_parts_are_refused);
	return TEST_DONE();
}
