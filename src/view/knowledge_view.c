/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * knowledge_view: the knowledge base and party pages as people read them:
 * facet links that add or drop a filter (with their labels in nl/en), the
 * evidence ladder as choices, match scores and ingredient levels worded.
 * Reads and extends the handler's document only.
 */
#include <stdio.h>
#include <string.h>

#include "domain/knowledge.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "view/format.h"
#include "view/view.h"

static void url_add(struct buf *b, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	buf_printf(b, "%s%s=", b->len > strlen("/kennisbank") ? "&" : "?", name);
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.')
			buf_printf(b, "%c", *p);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

static const char *const facet_names[] = {"soort", "bewijs", "ingredient", "sector", "regio", NULL};

/* /kennisbank with the query and the filters, filter `name` set to value ("" drops it). */
static json_t *href(json_t *doc, const char *name, const char *value)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "/kennisbank");
	url_add(&b, "q", json_string_value(json_object_get(doc, "q")));
	json_t *f = json_object_get(doc, "filters");
	for (int i = 0; facet_names[i]; i++) {
		const char *v = !strcmp(facet_names[i], name)
				    ? value
				    : json_string_value(json_object_get(f, facet_names[i]));
		url_add(&b, facet_names[i], v);
	}
	json_t *j = json_string(buf_str(&b));
	buf_free(&b);
	return j;
}

static void list_page(const struct view_ctx *v, json_t *doc)
{
	json_t *facets = json_object_get(doc, "facets"), *f = json_object_get(doc, "filters");
	json_t *out = json_array();
	int any = 0;
	for (int i = 0; facet_names[i]; i++) {
		const char *name = facet_names[i];
		const char *active = json_string_value(json_object_get(f, name));
		any |= active && *active;
		json_t *vals = json_object_get(json_object_get(facets, name), "values");
		if (!json_array_size(vals))
			continue;
		char key[64];
		snprintf(key, sizeof key, "knowledge.facet.%s", name);
		json_t *list = json_array();
		size_t k;
		json_t *x;
		json_array_foreach (vals, k, x) {
			const char *value = json_string_value(json_object_get(x, "value"));
			int on = active && !strcmp(active, value);
			char tk[96];
			const char *text = value;
			if (!strcmp(name, "soort") || !strcmp(name, "bewijs")) {
				snprintf(tk, sizeof tk, "knowledge.%s.%s",
					 !strcmp(name, "soort") ? "kind" : "level", value);
				text = i18n_t(v->lang, tk);
			} else if (!strcmp(name, "ingredient") &&
				   json_string_value(json_object_get(x, "title")))
				text = json_string_value(json_object_get(x, "title"));
			json_array_append_new(list,
					      json_pack("{s:s,s:O,s:o,s:b}", "text", text, "count",
							json_object_get(x, "count"), "href",
							href(doc, name, on ? "" : value), "active", on));
		}
		json_array_append_new(out,
				      json_pack("{s:s,s:o}", "label", i18n_t(v->lang, key), "values", list));
	}
	json_t *view = json_pack("{s:o,s:b}", "facets", out, "anyFilter", any);
	if (any) {
		struct buf b = BUF_INIT;
		buf_puts(&b, "/kennisbank");
		url_add(&b, "q", json_string_value(json_object_get(doc, "q")));
		json_object_set_new(view, "clearHref", json_string(buf_str(&b)));
		buf_free(&b);
	}
	json_object_set_new(doc, "view", view);
}

static void item_page(const struct view_ctx *v, json_t *doc)
{
	(void)v;
	const char *level = json_string_value(json_object_get(doc, "evidenceLevel"));
	json_t *levels = json_array();
	for (int i = 0; knowledge_levels[i]; i++)
		json_array_append_new(levels, json_pack("{s:s,s:b}", "value", knowledge_levels[i], "selected",
							level && !strcmp(level, knowledge_levels[i])));
	json_object_set_new(doc, "view", json_pack("{s:o}", "levels", levels));
}

static json_t *level_text(json_t *x, const char *lang)
{
	char s[32];
	format_number(json_number_value(x), 1, lang, s, sizeof s);
	return json_string(s);
}

static void matches_page(const struct view_ctx *v, json_t *doc)
{
	size_t i;
	json_t *p;
	json_array_foreach (json_object_get(doc, "parties"), i, p) {
		char s[32];
		format_percent(json_number_value(json_object_get(p, "score")), 0, v->lang, s, sizeof s);
		json_object_set_new(p, "view", json_pack("{s:s}", "scoreText", s));
		size_t k;
		json_t *c;
		json_array_foreach (json_object_get(p, "covers"), k, c) {
			size_t e;
			json_t *ev;
			json_array_foreach (json_object_get(c, "evidence"), e, ev)
				json_object_set_new(
				    ev, "view",
				    json_pack("{s:o,s:o}", "before",
					      level_text(json_object_get(ev, "before"), v->lang), "after",
					      level_text(json_object_get(ev, "after"), v->lang)));
		}
	}
	json_array_foreach (json_object_get(doc, "coalition"), i, p) {
		struct buf b = BUF_INIT;
		size_t k;
		json_t *id;
		json_array_foreach (json_object_get(p, "covers"), k, id) {
			const char *title = json_string_value(id);
			size_t n;
			json_t *need;
			json_array_foreach (json_object_get(doc, "needs"), n, need)
				if (!strcmp(json_string_value(json_object_get(need, "ingredient")),
					    json_string_value(id)))
					title = json_string_value(json_object_get(need, "title"));
			buf_printf(&b, "%s%s", k ? ", " : "", title);
		}
		json_object_set_new(p, "view", json_pack("{s:s}", "coversText", buf_str(&b)));
		buf_free(&b);
	}
}

const struct view knowledge_views[] = {
    {"knowledge_list", list_page},
    {"knowledge_item", item_page},
    {"party_matches", matches_page},
    {NULL, NULL},
};
