/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * knowledge_item: knowledge items (create, read, replace with a new
 * version, delete), evidence reviews, adoptions by initiatives, sharing an
 * initiative, and search with facets. Items of another organisation that
 * are not public are 404, in search as in reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/initiative.h"
#include "api/knowledge.h"
#include "api/page.h"
#include "api/method_registry.h"
#include "api/module.h"
#include "api/organisation.h"
#include "domain/knowledge.h"
#include "domain/tokenizer.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/initiative_store.h"
#include "store/knowledge_store.h"
#include "store/org.h"
#include "store/search_fts.h"

/* The best matches a search ranks and counts in its facets; the API pages
 * through them (api/page.h, docs/knowledge.md). */
#define SEARCH_LIMIT 1000

/* Appends {id, title} to a unless an entry with that id is there already
 * (methods share ingredient and pitfall ids). */
static void add_once(json_t *a, const char *id, const struct method_text *title, const char *lang)
{
	size_t k;
	json_t *v;
	json_array_foreach (a, k, v)
		if (!strcmp(json_string_value(json_object_get(v, "id")), id))
			return;
	json_array_append_new(a, json_pack("{s:s,s:s}", "id", id, "title", method_text_get(title, lang)));
}

json_t *knowledge_ingredients(const char *lang)
{
	json_t *a = json_array();
	for (size_t m = 0; m < method_registry_count(); m++) {
		const struct method *me = method_registry_at(m);
		for (size_t i = 0; i < me->n_ingredients; i++)
			add_once(a, me->ingredients[i].id, &me->ingredients[i].title, lang);
	}
	return a;
}

json_t *knowledge_pitfalls(const char *lang)
{
	json_t *a = json_array();
	for (size_t m = 0; m < method_registry_count(); m++) {
		const struct method *me = method_registry_at(m);
		for (size_t i = 0; i < me->n_pitfalls; i++)
			add_once(a, me->pitfalls[i].id, &me->pitfalls[i].title, lang);
	}
	return a;
}

const char *knowledge_ingredient_title(const char *id, const char *lang)
{
	for (size_t m = 0; id && m < method_registry_count(); m++) {
		const struct method *me = method_registry_at(m);
		const struct method_ingredient *in = method_ingredient_find(me, id);
		if (in)
			return method_text_get(&in->title, lang);
	}
	return id;
}

/* Whether ref names an entry of kind in any offered method. */
static int link_known(const char *kind, const char *ref)
{
	for (size_t m = 0; ref && m < method_registry_count(); m++) {
		const struct method *me = method_registry_at(m);
		if ((!strcmp(kind, "ingredient") && method_ingredient_find(me, ref)) ||
		    (!strcmp(kind, "route") && method_route_find(me, ref)) ||
		    (!strcmp(kind, "valkuil") && method_pitfall_find(me, ref)))
			return 1;
	}
	return 0;
}

/* The link's title and the method it is from, for people. */
static void link_titles(json_t *links, const char *lang)
{
	size_t i;
	json_t *l;
	json_array_foreach (links, i, l) {
		const char *kind = json_string_value(json_object_get(l, "kind"));
		const char *ref = json_string_value(json_object_get(l, "ref"));
		const char *title = ref;
		for (size_t m = 0; m < method_registry_count(); m++) {
			const struct method *me = method_registry_at(m);
			const struct method_text *t = NULL;
			if (!strcmp(kind, "ingredient") && method_ingredient_find(me, ref))
				t = &method_ingredient_find(me, ref)->title;
			else if (!strcmp(kind, "route") && method_route_find(me, ref))
				t = &method_route_find(me, ref)->title;
			else if (!strcmp(kind, "valkuil") && method_pitfall_find(me, ref))
				t = &method_pitfall_find(me, ref)->title;
			if (t) {
				title = method_text_get(t, lang);
				break;
			}
		}
		json_object_set_new(l, "title", json_string(title));
	}
}

/* --- search --------------------------------------------------------------- */

/* Text with \x01..\x02 around hits as [{"text","hit"}]. */
static json_t *segments(const char *s)
{
	json_t *a = json_array();
	int hit = 0;
	const char *p = s ? s : "";
	while (*p) {
		size_t n = strcspn(p, "\x01\x02");
		if (n)
			json_array_append_new(a, json_pack("{s:s%,s:b}", "text", p, n, "hit", hit));
		p += n;
		if (*p)
			hit = *p++ == '\x01';
	}
	return a;
}

static void count(json_t *facets, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	json_t *f = json_object_get(facets, name);
	json_t *a = json_object_get(f, "values");
	size_t i;
	json_t *v;
	json_array_foreach (a, i, v)
		if (!strcmp(json_string_value(json_object_get(v, "value")), value)) {
			json_object_set_new(
			    v, "count", json_integer(json_integer_value(json_object_get(v, "count")) + 1));
			return;
		}
	json_array_append_new(a, json_pack("{s:s,s:i}", "value", value, "count", 1));
}

int api_knowledge_search(struct api_ctx *c, json_t **out)
{
	const char *q = api_str(c->query, "q");
	struct knowledge_filter f = {
	    .kind = api_str(c->query, "soort"),
	    .sector = api_str(c->query, "sector"),
	    .region = api_str(c->query, "regio"),
	    .level = api_str(c->query, "bewijs"),
	    .ingredient = api_str(c->query, "ingredient"),
	};
	/* a page drops a filter it does not know (an old link), the API names it */
	if (f.kind && !knowledge_kind_parse(f.kind)) {
		if (c->is_page)
			f.kind = NULL;
		else
			problem_add(c->invalid, "soort", "err.knowledge.kind");
	}
	if (f.level && !knowledge_level_parse(f.level)) {
		if (c->is_page)
			f.level = NULL;
		else
			problem_add(c->invalid, "bewijs", "err.knowledge.level");
	}
	if (q && strlen(q) > 500)
		problem_add(c->invalid, "q", "err.knowledge.query");
	if (json_array_size(c->invalid))
		return -ERR_INVALID;
	struct buf m = BUF_INIT;
	if (q)
		tokenizer_query(q, search_fts_lexicon(), &m);
	json_t *rows = knowledge_store_search(q ? buf_str(&m) : NULL, &f, c->user_id, SEARCH_LIMIT);
	/* a query of stop words only finds nothing rather than everything */
	if (q && !m.len) {
		json_decref(rows);
		rows = json_array();
	}
	buf_free(&m);
	json_t *facets =
	    json_pack("{s:{s:[]},s:{s:[]},s:{s:[]},s:{s:[]},s:{s:[]}}", "soort", "values", "sector", "values",
		      "regio", "values", "bewijs", "values", "ingredient", "values");
	json_t *items = json_array();
	size_t i;
	json_t *r;
	/* the facets count every match (at most SEARCH_LIMIT); only the page's
	 * items are built (api/page.h), the ingredients of all in one query */
	json_t *ids = json_array();
	json_array_foreach (rows, i, r)
		json_array_append(ids, json_object_get(r, "id"));
	json_t *ingredients = knowledge_store_ingredients(ids);
	json_decref(ids);
	size_t from = c->page ? (size_t)((c->page->number - 1) * c->page->size) : 0;
	size_t to = c->page ? from + (size_t)c->page->size : json_array_size(rows);
	json_array_foreach (rows, i, r) {
		int64_t id = json_integer_value(json_object_get(r, "id"));
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)id);
		json_t *ings = json_object_get(ingredients, key);
		size_t k;
		json_t *l;
		json_array_foreach (ings, k, l)
			count(facets, "ingredient", json_string_value(l));
		count(facets, "soort", json_string_value(json_object_get(r, "kind")));
		count(facets, "sector", json_string_value(json_object_get(r, "sector")));
		count(facets, "regio", json_string_value(json_object_get(r, "region")));
		count(facets, "bewijs", json_string_value(json_object_get(r, "evidenceLevel")));
		if (i < from || i >= to)
			continue;
		json_t *it = json_pack(
		    "{s:I,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:o,s:o,s:o,s:f}", "id", (json_int_t)id, "kind",
		    json_object_get(r, "kind"), "title", json_object_get(r, "title"), "summary",
		    json_object_get(r, "summary"), "sector", json_object_get(r, "sector"), "region",
		    json_object_get(r, "region"), "evidenceLevel", json_object_get(r, "evidenceLevel"),
		    "visibility", json_object_get(r, "visibility"), "organisation",
		    json_object_get(r, "organisationName"), "ingredients",
		    ings ? json_copy(ings) : json_array(), "titleHighlight",
		    segments(json_string_value(json_object_get(r, "titleHl"))), "snippet",
		    segments(json_string_value(json_object_get(r, "snippet"))), "score",
		    -json_real_value(json_object_get(r, "rank")));
		json_array_append_new(items, it);
	}
	json_decref(ingredients);
	size_t total = json_array_size(rows);
	json_decref(rows);
	json_t *ing = json_object_get(json_object_get(facets, "ingredient"), "values");
	json_array_foreach (ing, i, r)
		json_object_set_new(r, "title",
				    json_string(knowledge_ingredient_title(
					json_string_value(json_object_get(r, "value")), c->lang)));
	json_t *o = json_pack("{s:s,s:o,s:o,s:I}", "q", q ? q : "", "items", items, "facets", facets, "total",
			      (json_int_t)total);
	json_object_set_new(o, "filters",
			    json_pack("{s:s,s:s,s:s,s:s,s:s}", "soort", f.kind ? f.kind : "", "sector",
				      f.sector ? f.sector : "", "regio", f.region ? f.region : "", "bewijs",
				      f.level ? f.level : "", "ingredient",
				      f.ingredient ? f.ingredient : ""));
	if (c->page)
		api_page_number_links(c, o, c->page, (int64_t)total);
	*out = o;
	return 0;
}

/* --- create, read, replace -------------------------------------------- */

enum {
	F_ORG,
	F_KIND,
	F_TITLE,
	F_SUMMARY,
	F_BODY,
	F_SECTOR,
	F_REGION,
	F_PARTY,
	F_VIS,
	F_TAGS,
	F_LINKS,
	F_INI,
	F_PHASE,
	F_SOURCE,
	F_LEVEL,
	F_LDATE,
	F_LNOTE
};
static const struct field item_fields[] = {
    [F_ORG] = {.name = "organisation", .type = FIELD_STRING, .max_len = 100},
    [F_KIND] = {.name = "kind",
		.type = FIELD_ENUM,
		.flags = FIELD_REQUIRED,
		.values = knowledge_kinds,
		.reason = "err.knowledge.kind"},
    [F_TITLE] = {.name = "title",
		 .type = FIELD_STRING,
		 .flags = FIELD_REQUIRED,
		 .max_len = KNOWLEDGE_TITLE_MAX},
    [F_SUMMARY] = {.name = "summary", .type = FIELD_STRING, .max_len = KNOWLEDGE_SUMMARY_MAX},
    [F_BODY] = {.name = "body", .type = FIELD_STRING, .max_len = KNOWLEDGE_BODY_MAX},
    [F_SECTOR] = {.name = "sector", .type = FIELD_STRING, .max_len = KNOWLEDGE_SHORT_MAX},
    [F_REGION] = {.name = "region", .type = FIELD_STRING, .max_len = KNOWLEDGE_SHORT_MAX},
    [F_PARTY] = {.name = "partyType", .type = FIELD_STRING, .max_len = KNOWLEDGE_SHORT_MAX},
    [F_VIS] = {.name = "visibility",
	       .type = FIELD_ENUM,
	       .values = knowledge_visibilities,
	       .reason = "err.knowledge.visibility",
	       .def = "organisatie"},
    [F_TAGS] = {.name = "tags", .type = FIELD_ANY},
    [F_LINKS] = {.name = "links", .type = FIELD_ANY},
    [F_INI] = {.name = "initiativeId", .type = FIELD_ID, .flags = FIELD_NULLABLE},
    [F_PHASE] = {.name = "phase", .type = FIELD_STRING, .max_len = KNOWLEDGE_SHORT_MAX},
    [F_SOURCE] = {.name = "source", .type = FIELD_STRING, .max_len = KNOWLEDGE_SHORT_MAX},
    [F_LEVEL] = {.name = "evidenceLevel",
		 .type = FIELD_ENUM,
		 .values = knowledge_levels,
		 .reason = "err.knowledge.level",
		 .def = "beschreven"},
    [F_LDATE] = {.name = "evidenceDate", .type = FIELD_DATE},
    [F_LNOTE] = {.name = "evidenceNote", .type = FIELD_STRING, .max_len = KNOWLEDGE_SUMMARY_MAX},
};

/* Tags from a JSON array or a form's comma-separated text; NULL on a bad value. */
static json_t *read_tags(const json_t *v, json_t *invalid)
{
	json_t *a = json_array();
	if (!v)
		return a;
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		while (*s) {
			size_t n = strcspn(s, ",");
			const char *b = s;
			size_t k = n;
			while (k && (*b == ' '))
				b++, k--;
			while (k && b[k - 1] == ' ')
				k--;
			if (k)
				json_array_append_new(a, json_stringn(b, k));
			s += n + (s[n] == ',');
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *t;
		json_array_foreach (v, i, t) {
			if (!json_is_string(t) || !json_string_length(t)) {
				problem_add(invalid, "tags", "err.knowledge.tags");
				json_decref(a);
				return NULL;
			}
			json_array_append(a, t);
		}
	} else {
		problem_add(invalid, "tags", "err.knowledge.tags");
		json_decref(a);
		return NULL;
	}
	size_t i;
	json_t *t;
	json_array_foreach (a, i, t)
		if (json_string_length(t) > 40) {
			problem_add(invalid, "tags", "err.knowledge.tags");
			json_decref(a);
			return NULL;
		}
	if (json_array_size(a) > KNOWLEDGE_TAGS_MAX) {
		problem_add(invalid, "tags", "err.knowledge.tags");
		json_decref(a);
		return NULL;
	}
	return a;
}

/* Links from a JSON array of {kind, ref}, or from a form's choices
 * {"ingredient": id, "valkuil": id} ("" none); NULL on a bad value. */
static json_t *read_links(const json_t *v, int form, json_t *invalid)
{
	json_t *a = json_array();
	if (!v)
		return a;
	size_t i;
	json_t *l;
	if (form && json_is_object(v)) {
		const char *kind;
		json_object_foreach ((json_t *)v, kind, l) {
			const char *ref = json_string_value(l);
			if (!ref)
				goto bad;
			if (!*ref)
				continue;
			if (!link_known(kind, ref))
				goto bad;
			json_array_append_new(a, json_pack("{s:s,s:s}", "kind", kind, "ref", ref));
		}
		return a;
	}
	if (!json_is_array(v) || json_array_size(v) > 20)
		goto bad;
	json_array_foreach (v, i, l) {
		const char *kind = json_string_value(json_object_get(l, "kind"));
		const char *ref = json_string_value(json_object_get(l, "ref"));
		if (!json_is_object(l) || json_object_size(l) != 2 || !kind || !ref || !link_known(kind, ref))
			goto bad;
		json_array_append_new(a, json_pack("{s:s,s:s}", "kind", kind, "ref", ref));
	}
	return a;
bad:
	problem_add(invalid, "links", "err.knowledge.link");
	json_decref(a);
	return NULL;
}

/* Reads the body into in (tags and links owned by in, free with clear_in). */
static int read_item(struct api_ctx *c, struct knowledge_in *in)
{
	struct field_value v[FIELD_COUNT(item_fields)];
	api_fields(c, item_fields, FIELD_COUNT(item_fields), v);
	in->kind = v[F_KIND].ok ? v[F_KIND].s : NULL;
	in->title = v[F_TITLE].s;
	in->summary = v[F_SUMMARY].s;
	in->body = v[F_BODY].s;
	in->sector = v[F_SECTOR].s;
	in->region = v[F_REGION].s;
	in->party_type = v[F_PARTY].s;
	in->visibility = v[F_VIS].ok ? v[F_VIS].s : "organisatie";
	in->phase = v[F_PHASE].s;
	in->source = v[F_SOURCE].s;
	in->level = v[F_LEVEL].ok ? v[F_LEVEL].s : "beschreven";
	in->level_date = v[F_LDATE].ok ? v[F_LDATE].s : NULL;
	in->level_note = v[F_LNOTE].s;
	in->initiative_id = v[F_INI].set && v[F_INI].ok ? v[F_INI].i : 0;
	in->tags = read_tags(v[F_TAGS].j, c->invalid);
	in->links = read_links(v[F_LINKS].j, c->is_page, c->invalid);
	if (v[F_ORG].set && v[F_ORG].ok) {
		int64_t org = org_id_by_slug(v[F_ORG].s);
		if (org <= 0 || org_role(org, c->user_id) < ROLE_BEWERKER)
			problem_add(c->invalid, "organisation", "err.knowledge.organisation");
		else
			in->org_id = org;
	}
	/* a lesson's initiative is one the author can edit */
	if (in->initiative_id > 0) {
		int64_t org = initiative_store_org(in->initiative_id);
		if (org <= 0 || org_role(org, c->user_id) < ROLE_BEWERKER)
			problem_add(c->invalid, "initiativeId", "err.knowledge.initiative");
		else if (!in->org_id)
			in->org_id = org;
	}
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

static void clear_in(struct knowledge_in *in)
{
	json_decref(in->tags);
	json_decref(in->links);
}

/* The item as the API shows it, with what this caller may do. */
static json_t *item_doc(struct api_ctx *c, int64_t id)
{
	json_t *j = knowledge_store_get(id);
	if (!j)
		return NULL;
	json_object_del(j, "orgId");
	link_titles(json_object_get(j, "links"), c->lang);
	const char *body = json_string_value(json_object_get(j, "body"));
	char *html = knowledge_markdown(body, strlen(body));
	json_object_set_new(j, "bodyHtml", json_string(html));
	free(html);
	json_object_set_new(j, "reviews", knowledge_store_reviews(id));
	json_object_set_new(j, "versions", knowledge_store_versions(id));
	json_object_set_new(j, "adoptions", knowledge_store_adoptions(id, c->user_id));
	int64_t org = knowledge_store_org(id);
	json_object_set_new(j, "canEdit", json_boolean(org_role(org, c->user_id) >= ROLE_BEWERKER));
	return j;
}

/* The item id of the path for a signed-in reader: 404 unless visible. */
static int visible_id(struct api_ctx *c, int64_t *id)
{
	if (api_parse_id(c->param[0], id) < 0 || !knowledge_store_visible(*id, c->user_id))
		return -ERR_NOTFOUND;
	return 0;
}

int api_knowledge_get(struct api_ctx *c, json_t **out)
{
	int64_t id;
	if (visible_id(c, &id) < 0)
		return -ERR_NOTFOUND;
	*out = item_doc(c, id);
	if (*out && c->is_page) {
		/* initiatives the reader could record as adopters */
		size_t n;
		struct organisation *orgs = org_list_for_user(c->user_id, 0, &n);
		json_t *mine = json_array();
		for (size_t i = 0; i < n; i++)
			if (orgs[i].role >= ROLE_BEWERKER) {
				json_t *list = api_initiative_summaries(orgs[i].id);
				json_array_extend(mine, list);
				json_decref(list);
			}
		organisation_list_free(orgs, n);
		json_object_set_new(*out, "myInitiatives", mine);
		json_object_set_new(*out, "levels",
				    json_pack("[s,s,s,s]", knowledge_levels[0], knowledge_levels[1],
					      knowledge_levels[2], knowledge_levels[3]));
	}
	return *out ? 0 : -ERR_NOTFOUND;
}

int api_knowledge_versions(struct api_ctx *c, json_t **out)
{
	int64_t id;
	if (visible_id(c, &id) < 0)
		return -ERR_NOTFOUND;
	*out = json_pack("{s:o}", "versions", knowledge_store_versions(id));
	return 0;
}

/* Choices a form needs: the organisations the user may publish for, ingredients. */
static void form_choices(struct api_ctx *c, json_t *o)
{
	size_t n;
	struct organisation *orgs = org_list_for_user(c->user_id, 0, &n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		if (orgs[i].role >= ROLE_BEWERKER)
			json_array_append_new(
			    a, json_pack("{s:s,s:s}", "slug", orgs[i].slug, "name", orgs[i].name));
	organisation_list_free(orgs, n);
	json_object_set_new(o, "organisations", a);
	json_object_set_new(o, "ingredients", knowledge_ingredients(c->lang));
	json_object_set_new(o, "pitfalls", knowledge_pitfalls(c->lang));
}

int api_knowledge_new_form(struct api_ctx *c, json_t **out)
{
	/* prefilled from the work: ?soort=les&initiatief=ID&ingredient=ID&fase=NAME&bron=... */
	const char *kind = api_str(c->query, "soort");
	const char *ini = api_str(c->query, "initiatief");
	const char *ing = api_str(c->query, "ingredient");
	const char *pit = api_str(c->query, "valkuil");
	json_t *v = json_pack("{s:s,s:s,s:s,s:{s:s,s:s},s:s}", "kind",
			      kind && knowledge_kind_parse(kind) ? kind : "les", "phase",
			      api_str(c->query, "fase") ? api_str(c->query, "fase") : "", "source",
			      api_str(c->query, "bron") ? api_str(c->query, "bron") : "", "links",
			      "ingredient", ing && link_known("ingredient", ing) ? ing : "", "valkuil",
			      pit && link_known("valkuil", pit) ? pit : "", "visibility", "organisatie");
	json_t *o = json_object();
	int64_t id;
	if (ini && api_parse_id(ini, &id) == 0) {
		int64_t org = initiative_store_org(id);
		if (org > 0 && org_role(org, c->user_id) >= ROLE_BEWERKER) {
			json_t *doc = api_initiative_doc(id);
			json_object_set_new(v, "initiativeId", json_integer(id));
			json_object_set(v, "sector", json_object_get(doc, "sector"));
			json_object_set_new(o, "initiative",
					    json_pack("{s:I,s:O}", "id", (json_int_t)id, "name",
						      json_object_get(doc, "name")));
			json_t *od = api_org_doc(org);
			json_object_set(v, "organisation", json_object_get(od, "slug"));
			json_decref(od);
			json_decref(doc);
		}
	}
	json_object_set_new(o, "v", v);
	form_choices(c, o);
	*out = o;
	return 0;
}

int api_knowledge_create(struct api_ctx *c, json_t **out)
{
	struct knowledge_in in = {0};
	int rc = read_item(c, &in);
	if (rc == 0 && !in.org_id) {
		/* the one organisation the user can publish for, when there is one */
		size_t n;
		struct organisation *orgs = org_list_for_user(c->user_id, 0, &n);
		int64_t only = 0;
		int count = 0;
		for (size_t i = 0; i < n; i++)
			if (orgs[i].role >= ROLE_BEWERKER)
				only = orgs[i].id, count++;
		organisation_list_free(orgs, n);
		if (count == 1)
			in.org_id = only;
		else {
			problem_add(c->invalid, "organisation", "err.knowledge.organisation");
			rc = -ERR_INVALID;
		}
	}
	if (rc < 0) {
		clear_in(&in);
		if (c->is_page) {
			json_t *o = json_object();
			form_choices(c, o);
			*out = o;
		}
		api_audit(c, "knowledge.create", "knowledge", "invalid");
		return -ERR_INVALID;
	}
	int64_t id = knowledge_store_create(&in, c->user_id);
	clear_in(&in);
	if (id < 0)
		return (int)id;
	api_audit_id(c, "knowledge.create", "knowledge", id, "ok");
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/kennisitems/%lld", (long long)id);
	*out = item_doc(c, id);
	return 0;
}

int api_knowledge_edit_form(struct api_ctx *c, json_t **out)
{
	json_t *j = item_doc(c, c->obj_id);
	if (!j)
		return -ERR_NOTFOUND;
	json_t *v = json_deep_copy(j);
	/* the form shows tags as text */
	struct buf t = BUF_INIT;
	size_t i;
	json_t *x;
	json_array_foreach (json_object_get(j, "tags"), i, x)
		buf_printf(&t, "%s%s", i ? ", " : "", json_string_value(x));
	json_object_set_new(v, "tags", json_string(buf_str(&t)));
	buf_free(&t);
	/* the form chooses one ingredient and one pitfall */
	json_t *choice = json_pack("{s:s,s:s}", "ingredient", "", "valkuil", "");
	json_array_foreach (json_object_get(j, "links"), i, x) {
		const char *kind = json_string_value(json_object_get(x, "kind"));
		if (!strcmp(kind, "ingredient") || !strcmp(kind, "valkuil"))
			json_object_set(choice, kind, json_object_get(x, "ref"));
	}
	json_object_set_new(v, "links", choice);
	json_object_set_new(j, "v", v);
	form_choices(c, j);
	*out = j;
	return 0;
}

/* The names of the fields that differ between the stored item and in. */
static void changed_fields(json_t *old, const struct knowledge_in *in, struct buf *b)
{
	const char *names[] = {"title",	 "summary", "body",	 "kind",
			       "sector", "region",  "partyType", "visibility"};
	const char *now[] = {in->title,	 in->summary, in->body,	      in->kind,
			     in->sector, in->region,  in->party_type, in->visibility};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *was = json_string_value(json_object_get(old, names[i]));
		if (strcmp(was ? was : "", now[i] ? now[i] : ""))
			buf_printf(b, "%s%s", b->len ? ", " : "", names[i]);
	}
	if (!json_equal(json_object_get(old, "tags"), in->tags))
		buf_printf(b, "%s%s", b->len ? ", " : "", "tags");
}

int api_knowledge_update(struct api_ctx *c, json_t **out)
{
	struct knowledge_in in = {0};
	json_t *old = knowledge_store_get(c->obj_id);
	if (!old)
		return -ERR_NOTFOUND;
	int rc = read_item(c, &in);
	if (rc < 0) {
		clear_in(&in);
		json_decref(old);
		if (c->is_page) {
			*out = item_doc(c, c->obj_id);
			form_choices(c, *out);
		}
		api_audit_id(c, "knowledge.update", "knowledge", c->obj_id, "invalid");
		return rc;
	}
	if (c->is_page) {
		/* the form chooses the ingredient and the pitfall: routes stay */
		size_t i;
		json_t *l;
		json_array_foreach (json_object_get(old, "links"), i, l)
			if (!strcmp(json_string_value(json_object_get(l, "kind")), "route"))
				json_array_append(in.links, l);
	}
	struct buf ch = BUF_INIT;
	changed_fields(old, &in, &ch);
	json_decref(old);
	rc = knowledge_store_update(c->obj_id, &in, c->user_id, buf_str(&ch));
	buf_free(&ch);
	clear_in(&in);
	if (rc < 0)
		return rc;
	api_audit_id(c, "knowledge.update", "knowledge", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/kennisitems/%lld", (long long)c->obj_id);
	*out = item_doc(c, c->obj_id);
	return 0;
}

int api_knowledge_delete(struct api_ctx *c, json_t **out)
{
	knowledge_store_delete(c->obj_id);
	api_audit_id(c, "knowledge.delete", "knowledge", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/kennisbank");
	if (!c->is_page)
		c->status = 204;
	*out = NULL;
	return 0;
}

enum { R_LEVEL, R_DATE, R_NOTE };
static const struct field review_fields[] = {
    [R_LEVEL] = {.name = "evidenceLevel",
		 .type = FIELD_ENUM,
		 .flags = FIELD_REQUIRED,
		 .values = knowledge_levels,
		 .reason = "err.knowledge.level"},
    [R_DATE] = {.name = "evidenceDate", .type = FIELD_DATE, .flags = FIELD_REQUIRED},
    [R_NOTE] = {.name = "evidenceNote",
		.type = FIELD_STRING,
		.flags = FIELD_REQUIRED,
		.max_len = KNOWLEDGE_SUMMARY_MAX},
};

int api_knowledge_review(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(review_fields)];
	if (api_fields(c, review_fields, FIELD_COUNT(review_fields), v) < 0) {
		api_audit_id(c, "knowledge.review", "knowledge", c->obj_id, "invalid");
		if (c->is_page)
			*out = item_doc(c, c->obj_id);
		return -ERR_INVALID;
	}
	json_t *old = knowledge_store_get(c->obj_id);
	if (!old)
		return -ERR_NOTFOUND;
	char what[96];
	snprintf(what, sizeof what, "knowledge/%lld %s->%s", (long long)c->obj_id,
		 json_string_value(json_object_get(old, "evidenceLevel")), v[R_LEVEL].s);
	json_decref(old);
	int rc = knowledge_store_review(c->obj_id, v[R_LEVEL].s, v[R_DATE].s, v[R_NOTE].s, c->user_id);
	if (rc < 0)
		return rc;
	api_audit(c, "knowledge.review", what, "ok");
	snprintf(c->location, sizeof c->location, "/kennisitems/%lld", (long long)c->obj_id);
	*out = item_doc(c, c->obj_id);
	return 0;
}

enum { A_ITEM, A_NOTE };
static const struct field adopt_fields[] = {
    [A_ITEM] = {.name = "itemId", .type = FIELD_ID, .flags = FIELD_REQUIRED},
    [A_NOTE] = {.name = "note", .type = FIELD_STRING, .max_len = KNOWLEDGE_SUMMARY_MAX},
};

int api_knowledge_adopt(struct api_ctx *c, json_t **out)
{
	struct field_value v[FIELD_COUNT(adopt_fields)];
	api_fields(c, adopt_fields, FIELD_COUNT(adopt_fields), v);
	if (v[A_ITEM].ok && !knowledge_store_visible(v[A_ITEM].i, c->user_id))
		problem_add(c->invalid, "itemId", "err.knowledge.item");
	if (json_array_size(c->invalid)) {
		api_audit_id(c, "knowledge.adopt", "initiative", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	knowledge_store_adopt(v[A_ITEM].i, c->obj_id, v[A_NOTE].s, c->user_id);
	api_audit_id(c, "knowledge.adopt", "initiative", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/kennisitems/%lld", (long long)v[A_ITEM].i);
	*out = json_pack("{s:I,s:o}", "initiativeId", (json_int_t)c->obj_id, "adopted",
			 knowledge_store_adopted(c->obj_id));
	return 0;
}

static const struct field adopt_page_fields[] = {
    {.name = "initiativeId", .type = FIELD_ID, .flags = FIELD_REQUIRED},
};

/* The item page's form: the initiative is chosen in the form, and must be
 * one the caller may edit. */
int api_knowledge_adopt_page(struct api_ctx *c, json_t **out)
{
	int64_t item;
	if (visible_id(c, &item) < 0)
		return -ERR_NOTFOUND;
	struct field_value v[1];
	api_fields(c, adopt_page_fields, 1, v);
	int64_t org = v[0].ok ? initiative_store_org(v[0].i) : -1;
	if (v[0].ok && (org <= 0 || org_role(org, c->user_id) < ROLE_BEWERKER))
		problem_add(c->invalid, "initiativeId", "err.knowledge.initiative");
	if (json_array_size(c->invalid)) {
		api_audit_id(c, "knowledge.adopt", "knowledge", item, "invalid");
		return api_knowledge_get(c, out) < 0 ? -ERR_NOTFOUND : -ERR_INVALID;
	}
	knowledge_store_adopt(item, v[0].i, "", c->user_id);
	api_audit_id(c, "knowledge.adopt", "initiative", v[0].i, "ok");
	snprintf(c->location, sizeof c->location, "/kennisitems/%lld#wie-gebruikt-dit", (long long)item);
	*out = json_object();
	return 0;
}

static const struct field share_fields[] = {
    {.name = "shared", .type = FIELD_BOOLEAN, .flags = FIELD_REQUIRED},
};

int api_knowledge_share(struct api_ctx *c, json_t **out)
{
	struct field_value v[1];
	if (api_fields(c, share_fields, 1, v) < 0) {
		api_audit_id(c, "initiative.share", "initiative", c->obj_id, "invalid");
		return -ERR_INVALID;
	}
	knowledge_store_share(c->obj_id, v[0].b, c->user_id);
	api_audit_id(c, "initiative.share", "initiative", c->obj_id, "ok");
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/matches", (long long)c->obj_id);
	*out = json_pack("{s:I,s:b}", "initiativeId", (json_int_t)c->obj_id, "shared", v[0].b);
	return 0;
}
