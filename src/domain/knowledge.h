/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * knowledge: the words of the knowledge base (item kinds, visibility, the
 * evidence ladder) and safe Markdown. The ladder (docs/knowledge.md) goes
 * beschreven < onderbouwd < eerste-aanwijzingen < effectief. No I/O.
 */
#ifndef SL_KNOWLEDGE_H
#define SL_KNOWLEDGE_H

#include <stddef.h>

#define KNOWLEDGE_TITLE_MAX 200
#define KNOWLEDGE_SUMMARY_MAX 600
#define KNOWLEDGE_BODY_MAX 20000
#define KNOWLEDGE_SHORT_MAX 100
#define KNOWLEDGE_TAGS_MAX 12

enum knowledge_kind {
	KNOWLEDGE_KIND_NONE = 0,
	KNOWLEDGE_KIND_PRAKTIJKVOORBEELD,
	KNOWLEDGE_KIND_LES,
	KNOWLEDGE_KIND_BELEMMERING,
	KNOWLEDGE_KIND_AANPAK,
};
enum knowledge_visibility {
	KNOWLEDGE_VISIBILITY_NONE = 0,
	KNOWLEDGE_VISIBILITY_ORGANISATIE,
	KNOWLEDGE_VISIBILITY_PUBLIEK,
};
enum knowledge_level {
	KNOWLEDGE_LEVEL_NONE = 0,
	KNOWLEDGE_LEVEL_BESCHREVEN,
	KNOWLEDGE_LEVEL_ONDERBOUWD,
	KNOWLEDGE_LEVEL_EERSTE_AANWIJZINGEN,
	KNOWLEDGE_LEVEL_EFFECTIEF,
};

/* NULL-terminated, in enum order from 1. */
extern const char *const knowledge_kinds[];
extern const char *const knowledge_visibilities[];
extern const char *const knowledge_levels[];
extern const char *const knowledge_link_kinds[]; /* ingredient, route, valkuil */

const char *knowledge_kind_name(enum knowledge_kind k);
enum knowledge_kind knowledge_kind_parse(const char *s);
const char *knowledge_level_name(enum knowledge_level l);
enum knowledge_level knowledge_level_parse(const char *s);

/* Markdown as HTML, safe for {{raw}}: raw HTML is dropped, and links or
 * images whose URL has a scheme other than http, https or mailto
 * (javascript:, data:, vbscript:, file:, ...) lose their URL. Caller frees. */
char *knowledge_markdown(const char *md, size_t len);
/* The words of Markdown as plain text (what the search index and its
 * snippets show): text and code of every block, without markup, raw HTML
 * or URLs; blocks end with a newline. Caller frees. */
char *knowledge_plain(const char *md, size_t len);

#endif
