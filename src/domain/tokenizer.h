/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * tokenizer: the words of Dutch and English text as the search index keeps
 * them (docs/knowledge.md). Each word is lower-cased and folded to ASCII
 * (é -> e, ë -> e), stemmed with Snowball Dutch; the English stem, the
 * stem of a separable verb's past participle without its "ge" (opgeschaald
 * -> opschaal -> opschal, as opschalen) and the stems of a compound's parts
 * (schuldhulpverlening -> schuld, hulpverlen, hulp, verlen) are emitted at
 * the same position, so either form finds the other. The dictionary that
 * knows the parts of compounds is passed in (a lexicon); this file does no
 * I/O.
 */
#ifndef SL_TOKENIZER_H
#define SL_TOKENIZER_H

#include <stddef.h>

#include "lib/buf.h"

/* Longest word kept, in bytes; longer words are cut. */
#define TOKENIZER_WORD_MAX 64
/* Most parts a lexicon returns for one word. */
#define TOKENIZER_PARTS_MAX 6

/* Knows the parts of compounds. split() receives a lower-case word (UTF-8,
 * not folded) and writes its parts (each NUL-terminated, shorter than
 * TOKENIZER_WORD_MAX) into parts; returns how many (0 or 1: not a
 * compound). */
struct tokenizer_lexicon {
	int (*split)(void *arg, const char *word, char parts[][TOKENIZER_WORD_MAX], int max);
	void *arg;
};

enum {
	TOKENIZER_COMPOUNDS = 1u << 0, /* split compounds with the lexicon */
	TOKENIZER_KEEP_STOP = 1u << 1, /* keep stop words (de, het, the, ...) */
	TOKENIZER_QUERY = 1u << 2,     /* a query: compounds are not split here (tokenizer_query
					* writes their parts as terms of their own) */
};

/* Receives one token: colocated 1 when it shares the position of the token
 * before; [start, end) are byte offsets of its word in the text. Returns 0
 * to go on, anything else stops the run (and is returned by it). */
typedef int (*tokenizer_emit)(void *arg, int colocated, const char *token, size_t len, int start, int end);

/* Tokenizes text[0..len) (any bytes; invalid UTF-8 separates words). lex
 * may be NULL (no compound splitting). Returns 0, or what emit returned. */
int tokenizer_run(const char *text, size_t len, const struct tokenizer_lexicon *lex, unsigned flags,
		  tokenizer_emit emit, void *arg);

/* Lower-cases and folds word[0..len) to ASCII letters and digits into out
 * (NUL-terminated, at most cap-1 bytes); returns the length. */
size_t tokenizer_fold(const char *word, size_t len, char *out, size_t cap);

/* The Snowball Dutch stem of a folded word into out (cap bytes). */
void tokenizer_stem(const char *word, char *out, size_t cap);

/* The verb a Dutch past participle or weak past tense comes from, without
 * "ge" and the ending, into out: "opgeschaald" -> "opschaal", "geleerd" ->
 * "leer", "aangepaste" -> "aanpas", "opschaalden" -> "opschaal", "maakte"
 * -> "maak". 1 when word (folded) looks like one, else 0. */
int tokenizer_participle(const char *word, char *out, size_t cap);

/* 1 when the folded word is a stop word (Dutch or English). */
int tokenizer_stop(const char *word);

/* An FTS5 query for what a person typed: every word that is not a stop
 * word as a quoted term, joined with OR (BM25 ranks items that have more
 * of them first), at most 16 words. A compound the lexicon splits becomes
 * ("word" OR "part1" OR "part2"), each part a term of its own: BM25 then
 * weighs the rare whole word above a common part (colocated parts in one
 * query term would share one, low, weight), so "schuldhulpverlening"
 * finds "schulden" and "hulpverlening" and "zorgverzekeraar" still ranks
 * the text about insurers first. lex NULL: no compound parts. Empty when
 * nothing is left. */
void tokenizer_query(const char *text, const struct tokenizer_lexicon *lex, struct buf *out);

#endif
