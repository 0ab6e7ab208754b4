/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * workshop_view: the workshop pages' decoration, from the handler's
 * document only. The actions agreed in the room name their ingredient in
 * words (from the page's ingredient choices), never by its id.
 */
#include <string.h>

#include "view/view.h"

static void workshop_page(const struct view_ctx *vc, json_t *o)
{
	(void)vc;
	size_t i, k;
	json_t *a, *ch;
	json_array_foreach (json_object_get(o, "actions"), i, a) {
		const char *ing = json_string_value(json_object_get(a, "ingredient"));
		json_array_foreach (json_object_get(o, "ingredientChoices"), k, ch)
			if (ing && *ing && !strcmp(ing, json_string_value(json_object_get(ch, "id"))))
				json_object_set(a, "ingredientTitle", json_object_get(ch, "title"));
	}
}

const struct view workshop_views[] = {
    {"workshop", workshop_page},
    {NULL, NULL},
};
