/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * knowledge_store: tables knowledge_items, knowledge_tags, knowledge_links,
 * knowledge_versions, knowledge_reviews, knowledge_adoptions,
 * initiative_shares and the index knowledge_fts. Items are handed out as
 * JSON rows (the API shapes them); an item is visible to a user when it is
 * public or of one of the user's organisations.
 */
#ifndef SL_KNOWLEDGE_STORE_H
#define SL_KNOWLEDGE_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "domain/knowledge.h"

/* An item as a request gives it; strings borrowed. tags: array of strings,
 * links: array of {"kind","ref"} (both may be NULL). */
struct knowledge_in {
	int64_t org_id;
	const char *kind, *title, *summary, *body, *sector, *region, *party_type, *visibility;
	const char *level, *level_date, *level_note;
	int64_t initiative_id; /* 0: none */
	const char *phase, *source;
	json_t *tags, *links;
};

/* Search filters: NULL or "" is no filter. */
struct knowledge_filter {
	const char *kind, *sector, *region, *level, *ingredient;
	int64_t org_id; /* > 0: only this organisation's items */
};

int64_t knowledge_store_org(int64_t id);
/* 1 when the user may read the item (public or of one of their organisations). */
int knowledge_store_visible(int64_t id, int64_t user_id);
int64_t knowledge_store_create(const struct knowledge_in *in, int64_t user_id);
/* Writes a new version; changed names the fields that changed ("title, body"). */
int knowledge_store_update(int64_t id, const struct knowledge_in *in, int64_t user_id, const char *changed);
void knowledge_store_delete(int64_t id);
/* The item with tags, links, author and organisation, or NULL. */
json_t *knowledge_store_get(int64_t id);
json_t *knowledge_store_versions(int64_t id);
int knowledge_store_review(int64_t id, const char *level, const char *date, const char *note,
			   int64_t user_id);
json_t *knowledge_store_reviews(int64_t id);
/* 1 new, 0 already adopted. */
int knowledge_store_adopt(int64_t item_id, int64_t initiative_id, const char *note, int64_t user_id);
int knowledge_store_unadopt(int64_t item_id, int64_t initiative_id);
/* Adoptions of an item that user may see (the initiative is of one of the
 * user's organisations or shared). */
json_t *knowledge_store_adoptions(int64_t item_id, int64_t user_id);
/* Items an initiative adopted. */
json_t *knowledge_store_adopted(int64_t initiative_id);

/* Items visible to user_id that match the FTS5 query match (NULL: all,
 * newest first), best first, at most limit: rows with rank, titleHl and
 * snippet (text with \x01 before and \x02 after every hit). */
json_t *knowledge_store_search(const char *match, const struct knowledge_filter *f, int64_t user_id,
			       int limit);
/* Ingredient links of an item ({kind, ref}, by kind, then ref). */
json_t *knowledge_store_item_links(int64_t item_id);
/* The ingredients linked to each of the items ids (a JSON array of ids), in
 * one query: an object from the id (decimal text) to its refs by ref;
 * items without one are absent. */
json_t *knowledge_store_ingredients(const json_t *ids);
/* Lessons and items published from an initiative that user may see. */
json_t *knowledge_store_of_initiative(int64_t initiative_id, int64_t user_id);
/* Rebuilds the whole index from the items (after an import). */
void knowledge_store_reindex_all(void);

/* How many items were published from an initiative, and how many it adopted. */
void knowledge_store_counts(int64_t initiative_id, int64_t *published, int64_t *adopted);

/* Sharing an initiative with other organisations. */
int knowledge_store_share(int64_t initiative_id, int share, int64_t user_id);
int knowledge_store_shared(int64_t initiative_id);

#endif
