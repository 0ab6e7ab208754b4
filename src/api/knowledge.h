/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * knowledge (api): handlers of the knowledge module (items, search,
 * evidence reviews, adoptions, sharing an initiative) and the party module
 * (profiles, matching, connect requests).
 */
#ifndef SL_API_KNOWLEDGE_H
#define SL_API_KNOWLEDGE_H

#include <jansson.h>

#include "api/api.h"

int api_knowledge_search(struct api_ctx *c, json_t **out);
int api_knowledge_new_form(struct api_ctx *c, json_t **out);
int api_knowledge_create(struct api_ctx *c, json_t **out);
int api_knowledge_get(struct api_ctx *c, json_t **out);
int api_knowledge_edit_form(struct api_ctx *c, json_t **out);
int api_knowledge_update(struct api_ctx *c, json_t **out);
int api_knowledge_delete(struct api_ctx *c, json_t **out);
int api_knowledge_versions(struct api_ctx *c, json_t **out);
int api_knowledge_review(struct api_ctx *c, json_t **out);
int api_knowledge_adopt(struct api_ctx *c, json_t **out);
int api_knowledge_adopt_page(struct api_ctx *c, json_t **out);
int api_knowledge_share(struct api_ctx *c, json_t **out);

int api_party_list(struct api_ctx *c, json_t **out);
int api_party_get(struct api_ctx *c, json_t **out);
int api_party_profile_form(struct api_ctx *c, json_t **out);
int api_party_profile_put(struct api_ctx *c, json_t **out);
int api_party_confirm(struct api_ctx *c, json_t **out);
int api_party_matches(struct api_ctx *c, json_t **out);
int api_party_request_party(struct api_ctx *c, json_t **out);
int api_party_request_initiative(struct api_ctx *c, json_t **out);
int api_party_inbox(struct api_ctx *c, json_t **out);
/* The two paged lists of the inbox: requests received and sent. */
int api_party_received(struct api_ctx *c, json_t **out);
int api_party_sent(struct api_ctx *c, json_t **out);
int api_party_decide(struct api_ctx *c, json_t **out);

/* Every ingredient id of the offered methods, with its Dutch/English
 * title, as [{"id","title"}] (choices of forms and facets). */
json_t *knowledge_ingredients(const char *lang);
/* Every pitfall id of the offered methods with its title, [{"id","title"}]. */
json_t *knowledge_pitfalls(const char *lang);
/* The title of an ingredient id in lang, or the id itself. */
const char *knowledge_ingredient_title(const char *id, const char *lang);

#endif
