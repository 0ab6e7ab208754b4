/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * search_fts: registers the "scalelab" FTS5 tokenizer (domain/tokenizer.c)
 * on each connection, and the Hunspell lexicon that splits Dutch
 * compounds: Hunspell's own analysis first (its "pa:" parts), else a
 * two-way split where both halves are dictionary words of at least four
 * letters (an optional linking "s" after the first), the most balanced
 * split winning. Hunspell is not thread-safe: one handle behind a mutex.
 */
#include "store/search_fts.h"

#include <hunspell/hunspell.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/util.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static Hunhandle *hun;
static int hun_tried;
static char dict_base[256] = "/usr/share/hunspell/nl";

void search_fts_set_dictionary(const char *base)
{
	snprintf(dict_base, sizeof dict_base, "%s", base);
}

/* With the lock held: the handle, loaded on first use. */
static Hunhandle *handle(void)
{
	if (!hun_tried) {
		hun_tried = 1;
		char aff[300], dic[300];
		snprintf(aff, sizeof aff, "%s.aff", dict_base);
		snprintf(dic, sizeof dic, "%s.dic", dict_base);
		if (access(aff, R_OK) == 0 && access(dic, R_OK) == 0)
			hun = Hunspell_create(aff, dic);
		if (!hun)
			log_error("search: no Dutch dictionary at %s.{aff,dic}: compounds are not split",
				  dict_base);
	}
	return hun;
}

/* Parts named " pa:xxx" in Hunspell's analyses of word. */
static int analysed_parts(Hunhandle *h, const char *word, char parts[][TOKENIZER_WORD_MAX], int max)
{
	char **list;
	int n = Hunspell_analyze(h, &list, word), got = 0;
	for (int i = 0; i < n && got < 2; i++) {
		got = 0;
		for (const char *p = strstr(list[i], "pa:"); p && got < max; p = strstr(p + 3, "pa:")) {
			size_t k = strcspn(p + 3, " \t");
			if (k && k < TOKENIZER_WORD_MAX)
				snprintf(parts[got++], TOKENIZER_WORD_MAX, "%.*s", (int)k, p + 3);
		}
	}
	Hunspell_free_list(h, &list, n);
	return got >= 2 ? got : 0;
}

static int is_word(Hunhandle *h, const char *w, size_t n)
{
	char buf[TOKENIZER_WORD_MAX];
	if (n < 4 || n >= sizeof buf)
		return 0;
	memcpy(buf, w, n);
	buf[n] = '\0';
	return Hunspell_spell(h, buf) != 0;
}

/* The most balanced split into two dictionary words (linking s allowed). */
static int two_way(Hunhandle *h, const char *word, char parts[][TOKENIZER_WORD_MAX])
{
	size_t n = strlen(word), best = 0, best_head = 0, best_len = 0;
	if (n < 9)
		return 0;
	for (size_t i = 4; i + 4 <= n; i++) {
		if ((word[i] & 0xC0) == 0x80)
			continue; /* not at a character boundary */
		size_t head = i;
		int ok = is_word(h, word, head) && is_word(h, word + i, n - i);
		if (!ok && word[i - 1] == 's' && is_word(h, word, i - 1) && is_word(h, word + i, n - i)) {
			ok = 1;
			head = i - 1;
		}
		size_t bal = head < n - i ? head : n - i;
		if (ok && bal > best) {
			best = bal;
			best_head = head;
			best_len = i;
		}
	}
	if (!best)
		return 0;
	snprintf(parts[0], TOKENIZER_WORD_MAX, "%.*s", (int)best_head, word);
	snprintf(parts[1], TOKENIZER_WORD_MAX, "%s", word + best_len);
	return 2;
}

static int hun_split(void *arg, const char *word, char parts[][TOKENIZER_WORD_MAX], int max)
{
	(void)arg;
	if (max < 2)
		return 0;
	pthread_mutex_lock(&lock);
	Hunhandle *h = handle();
	int n = 0;
	if (h) {
		n = analysed_parts(h, word, parts, max);
		if (!n)
			n = two_way(h, word, parts);
	}
	pthread_mutex_unlock(&lock);
	return n;
}

static const struct tokenizer_lexicon lexicon = {hun_split, NULL};

const struct tokenizer_lexicon *search_fts_lexicon(void)
{
	pthread_mutex_lock(&lock);
	Hunhandle *h = handle();
	pthread_mutex_unlock(&lock);
	return h ? &lexicon : NULL;
}

/* --- FTS5 ---------------------------------------------------------------- */

struct tok {
	unsigned flags;
};

static int tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx;
	struct tok *t = xcalloc(1, sizeof *t);
	t->flags = TOKENIZER_COMPOUNDS;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "nosplit"))
			t->flags &= ~(unsigned)TOKENIZER_COMPOUNDS;
		else {
			free(t);
			return SQLITE_ERROR;
		}
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
	free(t);
}

struct emit_ctx {
	void *fts_ctx;
	int (*x_token)(void *, int, const char *, int, int, int);
};

static int emit_fts(void *arg, int colocated, const char *token, size_t len, int start, int end)
{
	struct emit_ctx *e = arg;
	return e->x_token(e->fts_ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, token, (int)len, start, end);
}

static int tok_run(Fts5Tokenizer *tk, void *ctx, int flags, const char *text, int n,
		   int (*x_token)(void *, int, const char *, int, int, int))
{
	struct tok *t = (struct tok *)tk;
	struct emit_ctx e = {ctx, x_token};
	const struct tokenizer_lexicon *lex = (t->flags & TOKENIZER_COMPOUNDS) ? search_fts_lexicon() : NULL;
	/* a query's compounds come as explicit groups (tokenizer_query) */
	unsigned f = t->flags | ((flags & FTS5_TOKENIZE_QUERY) ? TOKENIZER_QUERY : 0);
	return tokenizer_run(text, n > 0 ? (size_t)n : 0, lex, f, emit_fts, &e);
}

static fts5_tokenizer tokenizer = {tok_create, tok_delete, tok_run};

int search_fts_register(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return -ERR_INVALID;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api || api->iVersion < 2)
		return -ERR_INVALID;
	return api->xCreateTokenizer(api, "scalelab", NULL, &tokenizer, NULL) == SQLITE_OK ? 0 : -ERR_INVALID;
}
