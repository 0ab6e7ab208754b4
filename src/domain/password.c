/* SPDX-License-Identifier: EUPL-1.2 */
#include "domain/password.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/utf8.h"

static int listed(const struct wordlist *l, const char *w)
{
	size_t lo = 0, hi = l ? l->n : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(l->word[mid], w);
		if (!c)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* ASCII letters folded to lower case; other bytes as they are. */
static void fold(const char *s, char *out, size_t n)
{
	size_t i = 0;
	for (; s[i] && i + 1 < n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = 0;
}

/* The password less leading and trailing digits and signs: the word people
 * decorate ("!Welkom2026" → "welkom"). */
static void core_word(const char *low, char *out, size_t n)
{
	const char *b = low, *e = low + strlen(low);
	while (*b && !isalpha((unsigned char)*b) && !((unsigned char)*b & 0x80))
		b++;
	while (e > b && !isalpha((unsigned char)e[-1]) && !((unsigned char)e[-1] & 0x80))
		e--;
	size_t len = (size_t)(e - b) < n - 1 ? (size_t)(e - b) : n - 1;
	memcpy(out, b, len);
	out[len] = 0;
}

/* +1 or -1 when b follows a up or down (digits wrap: 9 → 0), else 0. */
static int step(unsigned char a, unsigned char b)
{
	if (b == a + 1 || (a == '9' && b == '0'))
		return 1;
	if (b + 1 == a || (a == '0' && b == '9'))
		return -1;
	return 0;
}

/* Fewer than five different bytes ("aaaaaaaaaaaa", "abababababab"), or one
 * straight run up or down ("1234567890123", "abcdefghijkl"). */
static int too_simple(const char *low)
{
	int seen[256] = {0}, distinct = 0, straight = 1;
	size_t n = strlen(low);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)low[i];
		distinct += !seen[c]++;
		if (i) {
			int d = step((unsigned char)low[i - 1], c);
			int first = i > 1 ? step((unsigned char)low[0], (unsigned char)low[1]) : d;
			straight &= d != 0 && d == first;
		}
	}
	return distinct < 5 || straight;
}

/* Whether low contains a part of the person (the e-mail's name before @,
 * each word of the name) of at least four bytes. */
static int personal(const char *low, const char *email, const char *name)
{
	char part[256];
	if (email) {
		size_t at = strcspn(email, "@");
		if (at >= 4 && at < sizeof part) {
			fold(email, part, at + 1);
			if (strstr(low, part))
				return 1;
		}
	}
	if (name) {
		char words[256];
		fold(name, words, sizeof words);
		for (char *save = NULL, *w = strtok_r(words, " -.'", &save); w;
		     w = strtok_r(NULL, " -.'", &save))
			if (strlen(w) >= 4 && strstr(low, w))
				return 1;
	}
	return 0;
}

const char *password_judge(const char *pw, const char *email, const char *name, const struct wordlist *common)
{
	size_t bytes = strlen(pw);
	if (bytes > PASSWORD_MAX_BYTES)
		return "err.password.long";
	if (!utf8_valid(pw, bytes))
		return "err.password.encoding";
	if (utf8_length(pw) < PASSWORD_MIN_CHARS)
		return "err.password.short";
	char *low = malloc(bytes + 1), *core = malloc(bytes + 1);
	fold(pw, low, bytes + 1);
	core_word(low, core, bytes + 1);
	const char *why = NULL;
	if (listed(common, low) || (strlen(core) >= 3 && listed(common, core)))
		why = "err.password.common";
	else if (too_simple(low))
		why = "err.password.simple";
	else if (personal(low, email, name))
		why = "err.password.personal";
	free(low);
	free(core);
	return why;
}
