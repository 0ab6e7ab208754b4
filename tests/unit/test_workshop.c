/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_workshop: join codes as people type them, the guessing limit, the
 * pitfalls that threaten a route (domain/workshop), and the QR code drawn
 * as SVG (lib/qrsvg) against the QR specification's fixed patterns
 * (ISO/IEC 18004: 17 + 4v modules per side, finder squares in three corners).
 */
#include <stdlib.h>
#include <string.h>

#include "domain/workshop.h"
#include "lib/qrsvg.h"
#include "lib/util.h"
#include "test.h"

TEST(test_code_from_bytes_uses_only_unambiguous_characters)
{
	unsigned char b[6] = {0, 30, 31, 255, 8, 14};
	char code[WORKSHOP_CODE_LEN + 1];
	workshop_code_from_bytes(b, sizeof b, code);
	CHECK_INT(strlen(code), 6);
	CHECK_STR(code, "A9AHJR"); /* byte % 31: 0->A, 30->9, 31->A, 255->H (7), 8->J, 14->R */
}

TEST(test_code_typed_in_lower_case_with_spaces_and_dashes_is_the_same_code)
{
	char out[WORKSHOP_CODE_LEN + 1];
	CHECK_INT(workshop_code_normalise("k7m-p3q", out), 0);
	CHECK_STR(out, "K7MP3Q");
	CHECK_INT(workshop_code_normalise(" K7 MP 3Q ", out), 0);
	CHECK_STR(out, "K7MP3Q");
	CHECK_INT(workshop_code_normalise("K7MP3", out), -ERR_INVALID);	  /* too short */
	CHECK_INT(workshop_code_normalise("K7MP3QQ", out), -ERR_INVALID); /* too long */
	CHECK_INT(workshop_code_normalise("K7MP3O", out), -ERR_INVALID);  /* O is not in the alphabet */
	CHECK_INT(workshop_code_normalise("K7MP31", out), -ERR_INVALID);  /* nor 1 */
	CHECK_STR(out, "");
	CHECK_INT(workshop_code_normalise(NULL, out), -ERR_INVALID);
}

TEST(test_guessing_stops_at_ten_wrong_codes)
{
	CHECK(workshop_join_allowed(0));
	CHECK(workshop_join_allowed(WORKSHOP_JOIN_MAX_FAILURES - 1));
	CHECK(!workshop_join_allowed(WORKSHOP_JOIN_MAX_FAILURES));
}

TEST(test_replicating_is_threatened_by_copying_blindly)
{
	const char *const *t = workshop_route_threats("replicate");
	int blind = 0;
	for (; *t; t++)
		blind |= !strcmp(*t, "blind-copy");
	CHECK(blind);
	CHECK(workshop_route_threats("onbekend")[0] == NULL);
	CHECK(workshop_route_threats(NULL)[0] == NULL);
}

TEST(test_status_words)
{
	CHECK_STR(workshop_status_name(WORKSHOP_STATUS_CLOSED), "gesloten");
	CHECK_INT(workshop_status_parse("open"), WORKSHOP_STATUS_OPEN);
	CHECK_INT(workshop_status_parse("dicht"), WORKSHOP_STATUS_NONE);
}

/* 1 when the module at (x, y) of the symbol is drawn dark in svg. */
static int dark(const char *svg, int x, int y)
{
	char needle[48];
	/* runs start at a dark module: find a run in row y covering x */
	for (int start = 0; start <= x; start++) {
		snprintf(needle, sizeof needle, "M%d %dh", start + 4, y + 4);
		const char *p = strstr(svg, needle);
		if (p && start + atoi(p + strlen(needle)) > x)
			return 1;
	}
	return 0;
}

TEST(test_qr_svg_has_the_finder_patterns_of_the_specification)
{
	int w = 0;
	char *svg = qrsvg("https://lab.voorbeeldstad.nl/werksessie?code=K7MP3Q", &w);
	CHECK(svg != NULL);
	if (!svg)
		return;
	CHECK_INT((w - 17) % 4, 0); /* 17 + 4 * version */
	CHECK(w >= 21);
	char vb[64];
	snprintf(vb, sizeof vb, "viewBox=\"0 0 %d %d\"", w + 8, w + 8);
	CHECK(strstr(svg, vb) != NULL);
	/* finder pattern: 7x7 dark ring, white ring, 3x3 dark core, in three corners */
	int corners[3][2] = {{0, 0}, {w - 7, 0}, {0, w - 7}};
	for (int c = 0; c < 3; c++) {
		int ox = corners[c][0], oy = corners[c][1];
		for (int i = 0; i < 7; i++) {
			CHECK(dark(svg, ox + i, oy));
			CHECK(dark(svg, ox + i, oy + 6));
			CHECK(dark(svg, ox, oy + i));
			CHECK(dark(svg, ox + 6, oy + i));
		}
		CHECK(!dark(svg, ox + 1, oy + 1));
		CHECK(dark(svg, ox + 3, oy + 3));
	}
	/* the bottom-right corner has no finder pattern */
	CHECK(!(dark(svg, w - 7, w - 7) && dark(svg, w - 1, w - 1) && !dark(svg, w - 6, w - 6)));
	free(svg);
}

int main(void)
{
	RUN(test_code_from_bytes_uses_only_unambiguous_characters);
	RUN(test_code_typed_in_lower_case_with_spaces_and_dashes_is_the_same_code);
	RUN(test_guessing_stops_at_ten_wrong_codes);
	RUN(test_replicating_is_threatened_by_copying_blindly);
	RUN(test_status_words);
	RUN(test_qr_svg_has_the_finder_patterns_of_the_specification);
	return TEST_DONE();
}
