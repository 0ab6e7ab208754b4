/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * search_fts: the FTS5 glue of our tokenizer (domain/tokenizer.h). Every
 * connection registers the tokenizer "scalelab" (db.c calls
 * search_fts_register when it opens one); "tokenize='scalelab'" splits
 * compounds, "tokenize='scalelab nosplit'" does not. The compound lexicon
 * is the Dutch Hunspell dictionary (Debian hunspell-nl), loaded once on
 * first use; without it compounds are not split (logged once).
 */
#ifndef SL_SEARCH_FTS_H
#define SL_SEARCH_FTS_H

#include <sqlite3.h>

#include "domain/tokenizer.h"

/* Registers the tokenizer on db; 0, or -ERR_INVALID when FTS5 is missing. */
int search_fts_register(sqlite3 *db);
/* The Hunspell compound lexicon (shared, thread-safe), or NULL when the
 * dictionary cannot be loaded. */
const struct tokenizer_lexicon *search_fts_lexicon(void);
/* Where the dictionary is read from (default /usr/share/hunspell/nl); set
 * before first use (tests). */
void search_fts_set_dictionary(const char *base);

#endif
