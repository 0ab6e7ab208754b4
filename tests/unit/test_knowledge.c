/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Unit tests of the search tokenizer (folding, Snowball stems checked
 * against the Snowball Dutch and English reference vocabularies, separable
 * participles, compounds with a hand-built lexicon and with the Dutch
 * Hunspell dictionary), the FTS5 query builder, safe Markdown, and the
 * party matching with hand-built fixtures (docs/knowledge.md, party.md).
 */
#include <stdlib.h>
#include <string.h>

#include "domain/knowledge.h"
#include "domain/match.h"
#include "domain/tokenizer.h"
#include "lib/buf.h"
#include "store/search_fts.h"
#include "test.h"

/* Tokens as text: "a b|c" where | joins a colocated token to the one before. */
static int collect(void *arg, int colocated, const char *tok, size_t len, int s, int e)
{
	(void)s, (void)e;
	struct buf *b = arg;
	buf_printf(b, "%s%.*s", b->len ? (colocated ? "|" : " ") : "", (int)len, tok);
	return 0;
}

static char *tokens(const char *text, const struct tokenizer_lexicon *lex, unsigned flags)
{
	struct buf b = BUF_INIT;
	tokenizer_run(text, strlen(text), lex, flags, collect, &b);
	return buf_steal(&b);
}

/* Whether the token list t has token w at any position. */
static int has(const char *t, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = strstr(t, w); p; p = strstr(p + 1, w))
		if ((p == t || p[-1] == ' ' || p[-1] == '|') && (p[n] == '\0' || p[n] == ' ' || p[n] == '|'))
			return 1;
	return 0;
}

TEST(test_tokenizer_folds_case_and_diacritics)
{
	char out[64];
	CHECK_INT(tokenizer_fold("Coördinatie", strlen("Coördinatie"), out, sizeof out), 11);
	CHECK_STR(out, "coordinatie");
	tokenizer_fold("FINANCIËLE Één çà", strlen("FINANCIËLE Één çà"), out, sizeof out);
	CHECK_STR(out, "financieleeenca");
	char *t = tokens("Coördinatie coordinatie", NULL, 0);
	CHECK_STR(t, "coordinatie|coordinati coordinatie|coordinati"); /* with the English stem */
	free(t);
}

TEST(test_tokenizer_stems_like_the_snowball_reference_vocabulary)
{
	/* pairs from the Snowball Dutch voc.txt/output.txt */
	char s[64];
	tokenizer_stem("gemeenten", s, sizeof s);
	CHECK_STR(s, "gemeent");
	tokenizer_stem("gemeente", s, sizeof s);
	CHECK_STR(s, "gemeent");
	tokenizer_stem("opschalen", s, sizeof s);
	CHECK_STR(s, "opschal");
	tokenizer_stem("schulden", s, sizeof s);
	CHECK_STR(s, "schuld");
	/* the English stem is kept at the same position */
	char *t = tokens("scaling", NULL, 0);
	CHECK_STR(t, "scaling|scale");
	free(t);
}

TEST(test_tokenizer_maps_separable_participles_to_the_verb)
{
	char out[64];
	CHECK_INT(tokenizer_participle("opgeschaald", out, sizeof out), 1);
	CHECK_STR(out, "opschaal");
	CHECK_INT(tokenizer_participle("opgeschaalde", out, sizeof out), 1);
	CHECK_STR(out, "opschaal");
	CHECK_INT(tokenizer_participle("geleerd", out, sizeof out), 1);
	CHECK_STR(out, "leer");
	CHECK_INT(tokenizer_participle("ingevoerd", out, sizeof out), 1);
	CHECK_STR(out, "invoer");
	CHECK_INT(tokenizer_participle("gedaan", out, sizeof out), 0);	  /* strong: no d/t ending */
	CHECK_INT(tokenizer_participle("opschalen", out, sizeof out), 0); /* no ge */
	CHECK_INT(tokenizer_participle("gemeente", out, sizeof out), 0);  /* a noun, not ge-meen-t */
	/* opgeschaald and opschalen share a token */
	char *a = tokens("opgeschaald", NULL, 0), *b = tokens("opschalen", NULL, 0);
	CHECK(has(a, "opschal"));
	CHECK(has(b, "opschal"));
	free(a);
	free(b);
}

/* A hand-built lexicon: knows only the compounds below. */
static int toy_split(void *arg, const char *word, char parts[][TOKENIZER_WORD_MAX], int max)
{
	(void)arg;
	(void)max;
	if (!strcmp(word, "schuldhulpverlening")) {
		strcpy(parts[0], "schuld");
		strcpy(parts[1], "hulpverlening");
		return 2;
	}
	if (!strcmp(word, "hulpverlening")) {
		strcpy(parts[0], "hulp");
		strcpy(parts[1], "verlening");
		return 2;
	}
	return 0;
}

TEST(test_tokenizer_emits_compound_parts_two_levels_deep_at_the_same_position)
{
	struct tokenizer_lexicon lex = {toy_split, NULL};
	char *t = tokens("Schuldhulpverlening", &lex, TOKENIZER_COMPOUNDS);
	CHECK_STR(t, "schuldhulpverlen|schuld|hulpverlen|hulp|verlen");
	free(t);
	/* without the flag: one token */
	t = tokens("Schuldhulpverlening", &lex, 0);
	CHECK_STR(t, "schuldhulpverlen");
	free(t);
}

TEST(test_tokenizer_splits_compounds_with_the_dutch_dictionary)
{
	const struct tokenizer_lexicon *lex = search_fts_lexicon();
	CHECK(lex != NULL);
	if (!lex)
		return;
	char *t = tokens("schuldhulpverlening", lex, TOKENIZER_COMPOUNDS);
	CHECK(has(t, "schuld"));     /* as in "schulden" */
	CHECK(has(t, "hulpverlen")); /* as in "hulpverlening" */
	free(t);
	t = tokens("zorgverzekeraar", lex, TOKENIZER_COMPOUNDS);
	CHECK(has(t, "zorg"));
	free(t);
	/* a plain word is not split */
	t = tokens("gemeente", lex, TOKENIZER_COMPOUNDS);
	CHECK_STR(t, "gemeent");
	free(t);
}

TEST(test_tokenizer_drops_stop_words_and_reports_byte_offsets)
{
	char *t = tokens("de aanpak en het team", NULL, 0);
	CHECK_STR(t, "aanpak team");
	free(t);
	t = tokens("de", NULL, TOKENIZER_KEEP_STOP);
	CHECK_STR(t, "de");
	free(t);
}

static int offsets(void *arg, int colocated, const char *tok, size_t len, int s, int e)
{
	(void)tok, (void)len;
	int *o = arg;
	if (colocated)
		return 0;
	o[o[0] * 2 + 1] = s;
	o[o[0] * 2 + 2] = e;
	o[0]++;
	return 0;
}

TEST(test_tokenizer_offsets_point_at_the_word_in_the_original_bytes)
{
	int o[9] = {0};
	const char *text = "“Ïdee” plan";
	tokenizer_run(text, strlen(text), NULL, 0, offsets, o);
	CHECK_INT(o[0], 2);
	CHECK_INT(o[1], 3); /* after the 3-byte quote */
	CHECK_INT(o[2], 3 + 5);
	CHECK_INT(o[3], (int)strlen("“Ïdee” "));
}

TEST(test_query_quotes_words_and_skips_stop_words_and_punctuation)
{
	struct buf b = BUF_INIT;
	tokenizer_query("hoe schaal je \"op\"? NEAR(x) -- Kosten", NULL, &b);
	CHECK_STR(buf_str(&b), "\"schaal\" OR \"near\" OR \"x\" OR \"kosten\"");
	buf_free(&b);
	struct tokenizer_lexicon lex = {toy_split, NULL};
	tokenizer_query("Schuldhulpverlening aanpak", &lex, &b);
	CHECK_STR(buf_str(&b), "(\"schuldhulpverlening\" OR \"schuld\" OR (\"hulpverlening\" OR \"hulp\" OR "
			       "\"verlening\")) OR \"aanpak\"");
	buf_free(&b);
	tokenizer_query("de het een", NULL, &b);
	CHECK_STR(buf_str(&b), "");
	buf_free(&b);
}

TEST(test_markdown_renders_raw_html_and_dangerous_links_inert)
{
	char *h = knowledge_markdown("<script>alert(1)</script>\n\n<b onclick=x>b</b>", 45);
	CHECK(!strstr(h, "<script"));
	CHECK(!strstr(h, "onclick"));
	free(h);
	const char *md =
	    "[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](data:text/html;base64,PHNjcmlwdD4=) "
	    "![d](data:image/png;base64,AAAA) [e](vbscript:x) [f](https://example.nl/x) [g](/kennisbank) "
	    "[h](mailto:a@b.nl)";
	h = knowledge_markdown(md, strlen(md));
	CHECK(!strstr(h, "javascript:") && !strstr(h, "JaVaScRiPt"));
	CHECK(!strstr(h, "data:"));
	CHECK(!strstr(h, "vbscript:"));
	CHECK(strstr(h, "href=\"https://example.nl/x\"") != NULL);
	CHECK(strstr(h, "href=\"/kennisbank\"") != NULL);
	CHECK(strstr(h, "href=\"mailto:a@b.nl\"") != NULL);
	free(h);
	const char *list = "# Kop\n\n- een\n- twee";
	h = knowledge_markdown(list, strlen(list));
	CHECK_STR(h, "<h1>Kop</h1>\n<ul>\n<li>een</li>\n<li>twee</li>\n</ul>\n");
	free(h);
}

TEST(test_markdown_as_plain_text_keeps_words_and_drops_markup_and_urls)
{
	const char *md = "## Hoe we opschaalden\n\n- Een *draaiboek* van [acht pagina's](https://x.nl)\n- "
			 "`code`\n\n<b>weg</b>";
	char *t = knowledge_plain(md, strlen(md));
	CHECK_STR(
	    t,
	    "Hoe we opschaalden\nEen draaiboek van acht pagina's\ncode\nweg\n"); /* tags gone, words kept */
	free(t);
}

TEST(test_knowledge_words_round_trip)
{
	CHECK_STR(knowledge_kind_name(KNOWLEDGE_KIND_AANPAK), "aanpak");
	CHECK_INT(knowledge_kind_parse("les"), KNOWLEDGE_KIND_LES);
	CHECK_INT(knowledge_kind_parse("Les"), KNOWLEDGE_KIND_NONE);
	CHECK_STR(knowledge_level_name(KNOWLEDGE_LEVEL_EERSTE_AANWIJZINGEN), "eerste-aanwijzingen");
	CHECK_INT(knowledge_level_parse("effectief"), KNOWLEDGE_LEVEL_EFFECTIEF);
	CHECK(knowledge_level_name(KNOWLEDGE_LEVEL_NONE) == NULL);
}

/* --- matching ------------------------------------------------------------- */

static const char *const sci[] = {"wetenschap", NULL};
static const char *const gov[] = {"overheid", NULL};

TEST(test_match_a_party_that_fixed_the_ingredient_outranks_one_that_only_claims_it)
{
	struct match_need needs[] = {{"evidence", sci}, {"funding", gov}};
	static const char *const claims[] = {"evidence", NULL};
	static const char *const none[] = {NULL};
	struct match_party parties[] = {
	    {.id = 1, .helix = "markt", .offers = claims, .fixed = none},
	    {.id = 2, .helix = "wetenschap", .offers = claims, .fixed = claims},
	};
	struct match_result r[2];
	CHECK_INT(match_rank(needs, 2, parties, 2, r), 2);
	CHECK_INT(r[0].party, 1); /* the one with the track record */
	/* 0.45 * 1/2 + 0.35 * 1/2 = 0.4; the claim alone 0.45 * 1/2 = 0.225 */
	CHECK_NEAR(r[0].score, 0.4, 1e-12);
	CHECK_NEAR(r[1].score, 0.225, 1e-12);
	CHECK_INT(r[0].covered, 1);
	CHECK_INT(r[0].fixed, 1);
	CHECK_INT(r[0].helix, 1); /* science is what the rule names for evidence */
	CHECK_INT(r[1].helix, 0);
}

TEST(test_match_skips_parties_that_cover_nothing_and_adds_region_and_sector_fit)
{
	struct match_need needs[] = {{"procurement", gov}};
	static const char *const proc[] = {"procurement", NULL}, *const other[] = {"technical", NULL};
	struct match_party parties[] = {
	    {.id = 1, .helix = "markt", .offers = other},
	    {.id = 2, .helix = "markt", .offers = proc, .region_fit = 1, .sector_fit = 1},
	    {.id = 3, .helix = "markt", .offers = proc},
	};
	struct match_result r[3];
	CHECK_INT(match_rank(needs, 1, parties, 3, r), 2);
	CHECK_INT(r[0].party, 1);
	CHECK_NEAR(r[0].score, 0.45 + 0.2, 1e-12);
	CHECK_INT(r[1].party, 2);
}

TEST(test_match_coalition_covers_needs_with_few_parties_and_mixes_helix_types)
{
	struct match_need needs[] = {{"evidence", NULL}, {"funding", NULL}, {"support", NULL}};
	static const char *const ev_fu[] = {"evidence", "funding", NULL}, *const fu[] = {"funding", NULL},
				 *const su[] = {"support", NULL}, *const su2[] = {"support", NULL};
	struct match_party parties[] = {
	    {.id = 1, .helix = "wetenschap", .offers = ev_fu},
	    {.id = 2, .helix = "markt", .offers = fu},
	    {.id = 3, .helix = "wetenschap", .offers = su},
	    {.id = 4, .helix = "samenleving", .offers = su2},
	};
	struct match_result r[4];
	size_t n = match_rank(needs, 3, parties, 4, r), pick[MATCH_COALITION_MAX];
	size_t k = match_coalition(r, n, parties, pick);
	CHECK_INT(k, 2);
	CHECK_INT(r[pick[0]].party, 0);
	/* 3 and 4 both add support; 4 brings a new helix type */
	CHECK_INT(r[pick[1]].party, 3);
}

/* The stop words are searched by halves: the first and last of the list,
 * the ones that were a separate group, and near misses. */
static void test_stop_words_are_found_at_both_ends_and_near_misses_are_not(void)
{
	static const char *const stop[] = {"aan", "zo", "binnen", "zich", "de", "the", "wordt", "onze"};
	static const char *const not_stop[] = {"",   "a",   "aa",   "aanpak", "zoo",
					       "zz", "bin", "wijk", "onzeker"};
	for (size_t i = 0; i < sizeof stop / sizeof *stop; i++)
		CHECK(tokenizer_stop(stop[i]));
	for (size_t i = 0; i < sizeof not_stop / sizeof *not_stop; i++)
		CHECK(!tokenizer_stop(not_stop[i]));
}

int main(void)
{
	RUN(test_tokenizer_folds_case_and_diacritics);
	RUN(test_tokenizer_stems_like_the_snowball_reference_vocabulary);
	RUN(test_tokenizer_maps_separable_participles_to_the_verb);
	RUN(test_tokenizer_emits_compound_parts_two_levels_deep_at_the_same_position);
	RUN(test_tokenizer_splits_compounds_with_the_dutch_dictionary);
	RUN(test_tokenizer_drops_stop_words_and_reports_byte_offsets);
	RUN(test_stop_words_are_found_at_both_ends_and_near_misses_are_not);
	RUN(test_tokenizer_offsets_point_at_the_word_in_the_original_bytes);
	RUN(test_query_quotes_words_and_skips_stop_words_and_punctuation);
	RUN(test_markdown_renders_raw_html_and_dangerous_links_inert);
	RUN(test_markdown_as_plain_text_keeps_words_and_drops_markup_and_urls);
	RUN(test_knowledge_words_round_trip);
	RUN(test_match_a_party_that_fixed_the_ingredient_outranks_one_that_only_claims_it);
	RUN(test_match_skips_parties_that_cover_nothing_and_adds_region_and_sector_fit);
	RUN(test_match_coalition_covers_needs_with_few_parties_and_mixes_helix_types);
	return TEST_DONE();
}
