/* SPDX-License-Identifier: EUPL-1.2 */
#include "lib/wordlist.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lib/assets.h"
#include "lib/util.h"

static struct wordlist common;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Splits the asset into NUL-terminated words (one copy, kept for good). */
static void load(void)
{
	const struct asset *a = assets_find("security/common-passwords.txt");
	BUG_ON(!a);
	char *text = malloc(a->len + 1);
	memcpy(text, a->data, a->len);
	text[a->len] = 0;
	size_t cap = 1;
	for (size_t i = 0; i < a->len; i++)
		cap += text[i] == '\n';
	const char **word = malloc(cap * sizeof *word);
	size_t n = 0;
	for (char *save = NULL, *w = strtok_r(text, "\n", &save); w; w = strtok_r(NULL, "\n", &save))
		word[n++] = w;
	common.word = word;
	common.n = n;
}

const struct wordlist *wordlist_common_passwords(void)
{
	pthread_once(&once, load);
	return &common;
}
