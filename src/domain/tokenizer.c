/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * tokenizer: words of Dutch and English text for the search index: fold,
 * stem (Snowball, libstemmer), participles and compound parts at the same
 * position. The Snowball stemmers are created once per thread (they keep
 * state between calls and cannot be shared).
 */
#include "domain/tokenizer.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ASCII base letters of U+00C0..U+017F ('\0': not a letter, e.g. × and ÷). */
static const char latin1[] = "AAAAAAACEEEEIIIIDNOOOOO\0OUUUUYTs"		     /* C0..DF */
			     "aaaaaaaceeeeiiiidnooooo\0ouuuuyty"		     /* E0..FF */
			     "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGg"		     /* 100..123 */
			     "HhHhIiIiIiIiIiJjJjKkkLlLlLlLlLlNnNnNnnNn"		     /* 124..14B */
			     "OoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs"; /* 14C..17F */

_Static_assert(sizeof latin1 == 0x180 - 0xC0 + 1, "one letter per code point of U+00C0..U+017F");

/* Decodes one UTF-8 sequence at s (n bytes left): the code point and its
 * length in *used, or -1 (and *used 1) for a malformed byte. */
static int32_t decode(const unsigned char *s, size_t n, int *used)
{
	*used = 1;
	if (s[0] < 0x80)
		return s[0];
	int len = s[0] >= 0xF0 && s[0] < 0xF5 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : 0;
	if (!len || (size_t)len > n)
		return -1;
	int32_t cp = s[0] & (0x3F >> (len - 1));
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp < 0xE000))
		return -1;
	*used = len;
	return cp;
}

/* ASCII: the folded letter or digit, '\0' for the rest. A look-up instead
 * of comparisons: the tokenizer reads every byte of a text this way. */
static const char ascii[] = "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0" /* 00..1F */
			    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
			    "0123456789"
			    "\0\0\0\0\0\0" /* 20..3F */
			    "\0"
			    "abcdefghijklmnopqrstuvwxyz"
			    "\0\0\0\0\0" /* 40..5F */
			    "\0"
			    "abcdefghijklmnopqrstuvwxyz"
			    "\0\0\0\0\0"; /* 60..7F */

_Static_assert(sizeof ascii == 0x80 + 1, "one entry per ASCII code point");

/* The folded ASCII letter of a code point, or 0 when it is no word character. */
static char fold_cp(int32_t cp)
{
	if (cp >= 0 && cp < 0x80)
		return ascii[cp];
	if (cp >= 0xC0 && cp <= 0x17F) {
		char c = latin1[cp - 0xC0];
		return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	return 0;
}

/* Whether a code point belongs to a word: our letters and digits, and any
 * other letter-like code point above Latin Extended-A (kept as is). */
static int word_cp(int32_t cp)
{
	if (cp < 0)
		return 0;
	if (fold_cp(cp))
		return 1;
	/* punctuation, spaces, quotes and dashes of U+2000..U+206F are separators */
	return cp > 0x17F && !(cp >= 0x2000 && cp <= 0x206F) && cp != 0x3000 && cp != 0xFEFF;
}

/* Whether the character at s (n bytes left) belongs to a word, and its
 * length in *used: word_cp(decode()) with ASCII read from the table. */
static int word_at(const unsigned char *s, size_t n, int *used)
{
	if (s[0] < 0x80) {
		*used = 1;
		return ascii[s[0]] != 0;
	}
	return word_cp(decode(s, n, used));
}

/* Copies s[0..n) into out (cap bytes), cut to fit, NUL-terminated: what
 * snprintf(out, cap, "%.*s", n, s) did for text without NUL bytes. */
static void copy_cut(char *out, size_t cap, const char *s, size_t n)
{
	if (!cap)
		return;
	if (n > cap - 1)
		n = cap - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

size_t tokenizer_fold(const char *word, size_t len, char *out, size_t cap)
{
	size_t o = 0;
	const unsigned char *s = (const unsigned char *)word;
	for (size_t i = 0; i < len && o + 1 < cap;) {
		if (s[i] < 0x80) {
			char a = ascii[s[i++]];
			if (a)
				out[o++] = a;
			continue;
		}
		int used;
		int32_t cp = decode(s + i, len - i, &used);
		char c = cp >= 0 ? fold_cp(cp) : 0;
		if (c)
			out[o++] = c;
		else if (cp > 0x17F && o + (size_t)used < cap) {
			memcpy(out + o, s + i, (size_t)used); /* other scripts: kept */
			o += (size_t)used;
		}
		i += (size_t)used;
	}
	if (cap)
		out[o] = '\0';
	return o;
}

static _Thread_local struct sb_stemmer *dutch, *english;

static void stem_with(struct sb_stemmer **sb, const char *lang, const char *word, char *out, size_t cap)
{
	if (!*sb)
		*sb = sb_stemmer_new(lang, "UTF_8");
	const sb_symbol *r = *sb ? sb_stemmer_stem(*sb, (const sb_symbol *)word, (int)strlen(word)) : NULL;
	if (r)
		copy_cut(out, cap, (const char *)r, (size_t)sb_stemmer_length(*sb));
	else
		copy_cut(out, cap, word, strlen(word));
}

void tokenizer_stem(const char *word, char *out, size_t cap)
{
	stem_with(&dutch, "dutch", word, out, cap);
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && !memcmp(s + n - k, suffix, k);
}

/* Separable particles that come before "ge" in a participle (opgeschaald). */
static const char *const particles[] = {"achter", "terug", "samen", "tegen", "door", "over", "voor",
					"vast",	  "mee",   "aan",   "uit",   "toe",  "bij",  "weg",
					"op",	  "af",	   "in",    "om",    "na",   NULL};

/* The weak past tense: opschaalden, werkten, maakte -> opschaal, werk, maak. */
static int past_tense(const char *word, size_t n, char *out, size_t cap)
{
	size_t base;
	if (n >= 7 && (ends_with(word, n, "den") || ends_with(word, n, "ten")))
		base = n - 3;
	else if (n >= 6 && (ends_with(word, n, "de") || ends_with(word, n, "te")))
		base = n - 2;
	else
		return 0;
	/* the stem ends in a long vowel and a consonant other than n (opschaal-,
	 * maak-, leer-), or is long enough to be a verb stem (werk-): gemeente,
	 * worden and vinden stay out */
	int long_vowel = base >= 3 && word[base - 2] == word[base - 3] && strchr("aeou", word[base - 2]) &&
			 !strchr("aeioun", word[base - 1]);
	if (!long_vowel && !(n - base == 3 && base >= 4 && !strchr("aeioun", word[base - 1])))
		return 0;
	if (base < 3)
		return 0;
	copy_cut(out, cap, word, base);
	return 1;
}

int tokenizer_participle(const char *word, char *out, size_t cap)
{
	size_t n = strlen(word);
	if (n < 6 || n >= TOKENIZER_WORD_MAX)
		return 0;
	size_t full = n;
	if (ends_with(word, n, "de") || ends_with(word, n, "te"))
		n--; /* inflected: opgeschaalde, aangepaste */
	if (word[n - 1] != 'd' && word[n - 1] != 't')
		return past_tense(word, full, out, cap);
	size_t pre = 0;
	if (strncmp(word, "ge", 2) != 0) {
		for (int i = 0; particles[i]; i++) {
			size_t k = strlen(particles[i]);
			if (!strncmp(word, particles[i], k) && !strncmp(word + k, "ge", 2)) {
				pre = k;
				break;
			}
		}
		if (!pre)
			return past_tense(word, full, out, cap);
	}
	if (n - 1 < pre + 2)
		return 0;
	size_t rest = n - 1 - (pre + 2); /* without prefix, "ge" and the d/t */
	/* a verb stem does not end in -en before the d/t: gemeente, gebergte are nouns */
	if (rest < 3 || (word[n - 3] == 'e' && word[n - 2] == 'n'))
		return 0;
	snprintf(out, cap, "%.*s%.*s", (int)pre, word, (int)rest, word + pre + 2);
	return 1;
}

/* Dutch and English words that say nothing about a topic, in strcmp order:
 * tokenizer_stop searches them by halves (a compare per word was a third of
 * the tokenizer's time in fuzz_tokenizer). */
static const char *const stop_words[] = {
    "aan",  "al",   "als",  "an",   "and", "are", "as",	  "at",	   "be",   "bij",  "binnen", "by",
    "dan",  "dat",  "de",   "deze", "die", "dit", "door", "een",   "en",   "er",   "for",    "from",
    "geen", "het",  "hoe",  "how",  "hun", "in",  "is",	  "it",	   "je",   "maar", "meer",   "met",
    "na",   "naar", "niet", "nog",  "of",  "om",  "on",	  "ons",   "onze", "ook",  "op",     "or",
    "te",   "that", "the",  "this", "to",  "tot", "uit",  "uw",	   "van",  "voor", "was",    "wat",
    "we",   "wel",  "werd", "what", "wie", "wij", "with", "wordt", "ze",   "zich", "zijn",   "zo",
};

static int by_word(const void *key, const void *entry)
{
	return strcmp(key, *(const char *const *)entry);
}

int tokenizer_stop(const char *word)
{
	return bsearch(word, stop_words, sizeof stop_words / sizeof *stop_words, sizeof *stop_words,
		       by_word) != NULL;
}

/* The tokens of one word, without duplicates. */
struct word_tokens {
	char tok[2 + 2 * TOKENIZER_PARTS_MAX * (1 + TOKENIZER_PARTS_MAX)][TOKENIZER_WORD_MAX];
	int n;
};

static void add_token(struct word_tokens *w, const char *t)
{
	if (!*t || w->n >= (int)(sizeof w->tok / sizeof w->tok[0]))
		return;
	for (int i = 0; i < w->n; i++)
		if (!strcmp(w->tok[i], t))
			return;
	copy_cut(w->tok[w->n++], TOKENIZER_WORD_MAX, t, strlen(t));
}

/* The stems of the parts of a compound (lower-case, unfolded), two levels deep. */
static void add_parts(struct word_tokens *w, const struct tokenizer_lexicon *lex, const char *lower,
		      int depth)
{
	char parts[TOKENIZER_PARTS_MAX][TOKENIZER_WORD_MAX];
	int n = lex->split(lex->arg, lower, parts, TOKENIZER_PARTS_MAX);
	if (n < 2)
		return;
	for (int i = 0; i < n && i < TOKENIZER_PARTS_MAX; i++) {
		parts[i][TOKENIZER_WORD_MAX - 1] = '\0';
		char f[TOKENIZER_WORD_MAX], s[TOKENIZER_WORD_MAX];
		size_t k = tokenizer_fold(parts[i], strlen(parts[i]), f, sizeof f);
		if (k < 3 || tokenizer_stop(f))
			continue;
		tokenizer_stem(f, s, sizeof s);
		add_token(w, s);
		if (depth < 1 && strlen(parts[i]) >= 7)
			add_parts(w, lex, parts[i], depth + 1);
	}
}

/* The tokens of one word text[0..len): 0, or what emit returned. */
static int word(const char *text, size_t len, int start, const struct tokenizer_lexicon *lex, unsigned flags,
		tokenizer_emit emit, void *arg)
{
	char f[TOKENIZER_WORD_MAX], s[TOKENIZER_WORD_MAX], tmp[TOKENIZER_WORD_MAX];
	size_t n = tokenizer_fold(text, len, f, sizeof f);
	if (!n || (!(flags & TOKENIZER_KEEP_STOP) && tokenizer_stop(f)))
		return 0;
	struct word_tokens tokens; /* 5.5 KB: not zeroed, n says what is in use */
	struct word_tokens *w = &tokens;
	w->n = 0;
	tokenizer_stem(f, s, sizeof s);
	add_token(w, s);
	stem_with(&english, "english", f, tmp, sizeof tmp);
	add_token(w, tmp);
	if (tokenizer_participle(f, tmp, sizeof tmp)) {
		tokenizer_stem(tmp, s, sizeof s);
		add_token(w, s);
	}
	if ((flags & TOKENIZER_COMPOUNDS) && !(flags & TOKENIZER_QUERY) && lex && lex->split && n >= 7) {
		/* the dictionary wants the word as written, only lower-cased */
		char lower[TOKENIZER_WORD_MAX];
		size_t k = 0;
		for (size_t i = 0; i < len && k + 1 < sizeof lower; i++) {
			unsigned char c = (unsigned char)text[i];
			lower[k++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : (char)c;
		}
		lower[k] = '\0';
		add_parts(w, lex, lower, 0);
	}
	for (int i = 0; i < w->n; i++) {
		int rc = emit(arg, i > 0, w->tok[i], strlen(w->tok[i]), start, start + (int)len);
		if (rc)
			return rc;
	}
	return 0;
}

int tokenizer_run(const char *text, size_t len, const struct tokenizer_lexicon *lex, unsigned flags,
		  tokenizer_emit emit, void *arg)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	while (i < len) {
		int used;
		while (i < len && !word_at(s + i, len - i, &used))
			i += (size_t)used;
		size_t b = i;
		while (i < len && word_at(s + i, len - i, &used))
			i += (size_t)used;
		if (i > b && b <= INT32_MAX && i <= INT32_MAX) {
			/* a word longer than we keep is cut at a character boundary */
			size_t e = i;
			while (e - b > TOKENIZER_WORD_MAX - 1) {
				e--;
				while (e > b && (s[e] & 0xC0) == 0x80)
					e--;
			}
			int rc = word(text + b, e - b, (int)b, lex, flags, emit, arg);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* Writes "word", or ("word" OR "part" OR ...) when lex splits it. */
static void query_term(const char *word, size_t len, const struct tokenizer_lexicon *lex, int depth,
		       struct buf *out)
{
	char lower[TOKENIZER_WORD_MAX], parts[TOKENIZER_PARTS_MAX][TOKENIZER_WORD_MAX];
	size_t k = 0;
	for (size_t i = 0; i < len && k + 1 < sizeof lower; i++) {
		unsigned char c = (unsigned char)word[i];
		lower[k++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : (char)c;
	}
	lower[k] = '\0';
	char f[TOKENIZER_WORD_MAX];
	int n = lex && lex->split && depth < 2 && tokenizer_fold(word, len, f, sizeof f) >= 7
		    ? lex->split(lex->arg, lower, parts, TOKENIZER_PARTS_MAX)
		    : 0;
	/* a word has no quote, so quoting it cannot break out of the term */
	if (n < 2) {
		buf_printf(out, "\"%s\"", lower);
		return;
	}
	buf_printf(out, "(\"%s\" OR ", lower);
	int first = 1;
	for (int i = 0; i < n && i < TOKENIZER_PARTS_MAX; i++) {
		parts[i][TOKENIZER_WORD_MAX - 1] = '\0';
		size_t pl = strlen(parts[i]);
		if (tokenizer_fold(parts[i], pl, f, sizeof f) < 3 || tokenizer_stop(f) ||
		    strchr(parts[i], '"'))
			continue;
		if (!first)
			buf_puts(out, " OR ");
		first = 0;
		query_term(parts[i], pl, lex, depth + 1, out);
	}
	if (first)
		buf_printf(out, "\"%s\"", lower);
	buf_puts(out, ")");
}

void tokenizer_query(const char *text, const struct tokenizer_lexicon *lex, struct buf *out)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t len = text ? strlen(text) : 0, i = 0;
	int words = 0;
	while (i < len && words < 16) {
		int used;
		while (i < len && !word_at(s + i, len - i, &used))
			i += (size_t)used;
		size_t b = i;
		while (i < len && word_at(s + i, len - i, &used))
			i += (size_t)used;
		if (i == b || i - b >= TOKENIZER_WORD_MAX)
			continue;
		char f[TOKENIZER_WORD_MAX];
		if (!tokenizer_fold(text + b, i - b, f, sizeof f) || tokenizer_stop(f))
			continue;
		if (words++)
			buf_puts(out, " OR ");
		query_term(text + b, i - b, lex, 0, out);
	}
}
