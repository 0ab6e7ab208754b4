/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * stakeholder_view: the stakeholder pages as people read them: the
 * power/interest grid and the current-versus-desired support chart (each
 * beside its data table, the stakeholder list), support as a level, and
 * history changes worded. Reads and extends the handler's document only.
 */
#include <stdio.h>
#include <string.h>

#include "domain/stakeholder.h"
#include "lib/i18n.h"
#include "view/view.h"

static void list_page(const struct view_ctx *v, json_t *o)
{
	json_t *list = json_object_get(o, "stakeholders");
	json_t *points = json_array(), *x = json_array(), *cur = json_array(), *want = json_array();
	size_t i;
	json_t *s;
	json_array_foreach (list, i, s) {
		const char *name = json_string_value(json_object_get(s, "name"));
		json_array_append_new(points, json_pack("{s:s,s:O,s:O}", "name", name, "x",
							json_object_get(s, "interest"), "y",
							json_object_get(s, "power")));
		json_array_append_new(x, json_string(name));
		int c = stakeholder_support_level(
		    stakeholder_word(stakeholder_supports, json_string_value(json_object_get(s, "support"))));
		int w = stakeholder_support_level(stakeholder_word(
		    stakeholder_supports, json_string_value(json_object_get(s, "desiredSupport"))));
		json_array_append_new(cur, json_integer(c));
		json_array_append_new(want, json_integer(w));
		json_object_set_new(s, "supportLevel", json_integer(c));
		json_object_set_new(s, "desiredLevel", json_integer(w));
	}
	if (json_array_size(list)) {
		json_object_set_new(o, "gridChart",
				    json_pack("{s:s,s:o,s:s,s:s}", "kind", "grid", "points", points, "xName",
					      i18n_t(v->lang, "stakeholder.interest"), "yName",
					      i18n_t(v->lang, "stakeholder.power")));
		json_object_set_new(o, "supportChart",
				    json_pack("{s:s,s:o,s:i,s:[{s:s,s:o},{s:s,s:o}]}", "kind", "bar", "x", x,
					      "rotate", json_array_size(list) > 4 ? 30 : 0, "series", "name",
					      i18n_t(v->lang, "stakeholder.support"), "values", cur, "name",
					      i18n_t(v->lang, "stakeholder.desiredSupport"), "values", want));
	} else {
		json_decref(points);
		json_decref(x);
		json_decref(cur);
		json_decref(want);
	}
	json_object_set_new(o, "levels", json_pack("[i,i,i,i,i]", 1, 2, 3, 4, 5));
}

/* History changes: the field's label and the words of values. */
static void one_page(const struct view_ctx *v, json_t *o)
{
	json_t *h = json_object_get(o, "history");
	size_t i, k;
	json_t *e, *ch;
	json_array_foreach (h, i, e) {
		json_array_foreach (json_object_get(e, "changes"), k, ch) {
			char key[64];
			snprintf(key, sizeof key, "stakeholder.%s",
				 json_string_value(json_object_get(ch, "field")));
			json_object_set_new(ch, "label", json_string(i18n_t(v->lang, key)));
			const char *dirs[] = {"from", "to"};
			for (int d = 0; d < 2; d++) {
				json_t *val = json_object_get(ch, dirs[d]);
				char text[64] = "—";
				const char *word = json_string_value(val);
				if (json_is_boolean(val))
					snprintf(text, sizeof text, "%s",
						 i18n_t(v->lang, json_is_true(val) ? "stakeholder.yes"
										   : "stakeholder.no"));
				else if (json_is_integer(val))
					snprintf(text, sizeof text, "%lld",
						 (long long)json_integer_value(val));
				const char *field = json_string_value(json_object_get(ch, "field"));
				const char *prefix =
				    !field			  ? NULL
				    : !strcmp(field, "partyType") ? "stakeholder.party."
				    : !strcmp(field, "support") || !strcmp(field, "desiredSupport")
					? "stakeholder.support."
					: NULL;
				if (word && prefix) { /* a stored word, as people read it */
					char wkey[80];
					snprintf(wkey, sizeof wkey, "%s%s", prefix, word);
					word = i18n_t(v->lang, wkey);
				}
				json_object_set_new(ch, d ? "toText" : "fromText",
						    word ? json_string(word) : json_string(text));
			}
		}
	}
	json_object_set_new(o, "levels", json_pack("[i,i,i,i,i]", 1, 2, 3, 4, 5));
}

const struct view stakeholder_views[] = {
    {"stakeholder_list", list_page},
    {"stakeholder", one_page},
    {NULL, NULL},
};
