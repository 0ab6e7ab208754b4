/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * initiative_view: the initiative pages' decoration. The stage choices of
 * the stepper and the edit form's select, and the owner the form starts
 * with. Reads only the handler's document.
 */
#include "domain/initiative.h"
#include "view/view.h"

static json_t *stages(void)
{
	json_t *a = json_array();
	for (int i = 0; initiative_stages[i]; i++)
		json_array_append_new(a, json_string(initiative_stages[i]));
	return a;
}

/* The initiative page and its edit form (GET /initiatieven/{id}[/bewerken]). */
static void initiative_page(const struct view_ctx *v, json_t *o)
{
	(void)v;
	json_object_set_new(o, "stages", stages());
	/* the owner select starts at the current owner */
	json_t *owner = json_object_get(json_object_get(o, "owner"), "id");
	if (owner)
		json_object_set(o, "ownerId", owner);
}

/* The new-initiative form. */
static void initiative_new(const struct view_ctx *v, json_t *o)
{
	(void)v;
	json_object_set_new(o, "stages", stages());
}

const struct view initiative_views[] = {
    {"initiative", initiative_page},
    {"initiative_edit", initiative_page},
    {"initiative_new", initiative_new},
    {NULL, NULL},
};
