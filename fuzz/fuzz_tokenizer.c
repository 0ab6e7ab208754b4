/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_tokenizer: libFuzzer target for the search tokenizer and query
 * builder (domain/tokenizer) on any bytes, with a lexicon that splits
 * words at fuzzer-chosen places. Must never crash or trip a sanitizer and
 * must keep its promises: tokens are non-empty, shorter than
 * TOKENIZER_WORD_MAX, made of folded letters/digits (or bytes of other
 * scripts), offsets lie inside the text and rise; the first token of a
 * word is never colocated; the query has balanced quotes and parentheses.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/tokenizer.h"
#include "lib/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct state {
	size_t size;
	int last_start, n;
};

static int check(void *arg, int colocated, const char *tok, size_t len, int s, int e)
{
	struct state *st = arg;
	if (!len || len >= TOKENIZER_WORD_MAX || s < 0 || e <= s || (size_t)e > st->size)
		abort();
	if (!colocated && st->n && s <= st->last_start)
		abort();
	if (colocated && (!st->n || s != st->last_start))
		abort();
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)tok[i];
		if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			abort();
	}
	st->last_start = s;
	st->n++;
	return 0;
}

/* Splits a word of 8+ bytes in three at fixed places (any bytes). */
static int split(void *arg, const char *word, char parts[][TOKENIZER_WORD_MAX], int max)
{
	(void)arg;
	size_t n = strlen(word);
	if (n < 8 || max < 3)
		return 0;
	size_t a = n / 3, b = 2 * n / 3;
	memcpy(parts[0], word, a);
	parts[0][a] = '\0';
	memcpy(parts[1], word + a, b - a);
	parts[1][b - a] = '\0';
	memcpy(parts[2], word + b, n - b);
	parts[2][n - b] = '\0';
	return 3;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tokenizer_lexicon lex = {split, NULL};
	struct state st = {.size = size};
	tokenizer_run((const char *)data, size, &lex, TOKENIZER_COMPOUNDS, check, &st);
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct buf q = BUF_INIT;
	tokenizer_query(text, &lex, &q);
	int quotes = 0, depth = 0;
	for (const char *p = buf_str(&q); *p; p++) {
		quotes += *p == '"';
		depth += (*p == '(') - (*p == ')');
		if (depth < 0)
			abort();
	}
	if (quotes % 2 || depth)
		abort();
	buf_free(&q);
	free(text);
	return 0;
}
