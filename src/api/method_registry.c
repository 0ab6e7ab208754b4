/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * method_registry: owns the loaded methods for the life of the process.
 * The engine knows no method by name: everything comes from the files.
 */
#include "method_registry.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/assets.h"
#include "lib/util.h"

static struct method **methods;
static size_t n_methods;

static int add(const char *name, const char *data, size_t len, struct method ***list, size_t *n,
	       struct buf *err)
{
	struct method *m = NULL;
	struct method_problems pr = {0};
	if (method_load(data, len, &m, &pr) < 0) {
		for (size_t i = 0; i < pr.n; i++)
			buf_printf(err, "%s:%d: %s\n", name, pr.v[i].line, pr.v[i].message);
		method_problems_free(&pr);
		return -ERR_INVALID;
	}
	method_problems_free(&pr);
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*list)[i]->id, m->id)) {
			method_free((*list)[i]);
			(*list)[i] = m;
			return 0;
		}
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = m;
	return 0;
}

static int load_dir(const char *dir, struct method ***list, size_t *n, struct buf *err)
{
	DIR *d = opendir(dir);
	if (!d) {
		buf_printf(err, "%s: cannot open the methods directory\n", dir);
		return -ERR_IO;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".json"))
			continue;
		struct buf path = BUF_INIT, data = BUF_INIT;
		buf_printf(&path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(buf_str(&path), "rb");
		if (!f) {
			buf_printf(err, "%s: cannot read\n", buf_str(&path));
			rc = -ERR_IO;
		} else {
			char chunk[8192];
			size_t k;
			while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
				buf_add(&data, chunk, k);
			fclose(f);
			if (add(buf_str(&path), buf_str(&data), data.len, list, n, err) < 0)
				rc = -ERR_INVALID;
		}
		buf_free(&path);
		buf_free(&data);
	}
	closedir(d);
	return rc;
}

int method_registry_load(const char *dir, struct buf *err)
{
	struct method **list = NULL;
	size_t n = 0;
	int rc = 0;
	for (size_t i = 0; i < assets_count; i++) {
		const char *name = assets_table[i].name;
		size_t l = strlen(name);
		if (strncmp(name, "methods/", 8) || l < 6 || strcmp(name + l - 5, ".json"))
			continue;
		if (add(name, (const char *)assets_table[i].data, assets_table[i].len, &list, &n, err) < 0)
			rc = -ERR_INVALID;
	}
	if (dir && load_dir(dir, &list, &n, err) < 0)
		rc = -ERR_INVALID;
	if (rc < 0) {
		for (size_t i = 0; i < n; i++)
			method_free(list[i]);
		free(list);
		return rc;
	}
	for (size_t i = 0; i < n_methods; i++)
		method_free(methods[i]);
	free(methods);
	methods = list;
	n_methods = n;
	return 0;
}

size_t method_registry_count(void)
{
	return n_methods;
}

const struct method *method_registry_at(size_t i)
{
	return i < n_methods ? methods[i] : NULL;
}

const struct method *method_registry_get(const char *id)
{
	for (size_t i = 0; id && i < n_methods; i++)
		if (!strcmp(methods[i]->id, id))
			return methods[i];
	return NULL;
}

static json_t *text(const struct method_text *t)
{
	if (!t->nl)
		return json_null();
	return json_pack("{s:s,s:s}", "nl", t->nl, "en", t->en ? t->en : t->nl);
}

json_t *method_registry_summary(const struct method *m)
{
	return json_pack("{s:s,s:i,s:o,s:o,s:I,s:I,s:I,s:I,s:I}", "id", m->id, "version", m->version, "title",
			 text(&m->title), "description", text(&m->description), "questionCount",
			 (json_int_t)m->n_questions, "ingredientCount", (json_int_t)m->n_ingredients,
			 "componentCount", (json_int_t)m->n_components, "pitfallCount",
			 (json_int_t)m->n_pitfalls, "routeCount", (json_int_t)m->n_routes);
}

static json_t *entry(const char *id, const struct method_text *title, const struct method_text *desc)
{
	return json_pack("{s:s,s:o,s:o}", "id", id, "title", text(title), "description", text(desc));
}

static json_t *scale_json(const struct method_scale *s)
{
	if (!s)
		return json_null();
	json_t *anchors = json_array();
	for (size_t i = 0; i < s->n_anchors; i++)
		json_array_append_new(anchors, json_pack("{s:i,s:o}", "level", s->anchors[i].level, "text",
							 text(&s->anchors[i].text)));
	return json_pack("{s:s,s:i,s:i,s:o}", "id", s->id, "min", s->min, "max", s->max, "anchors", anchors);
}

static json_t *question_json(const struct method_question *q)
{
	json_t *o = json_pack("{s:s,s:s,s:o,s:o}", "id", q->id, "kind", method_kind_name(q->kind), "prompt",
			      text(&q->prompt), "help", text(&q->help));
	if (q->kind == METHOD_SCALE) {
		json_object_set_new(o, "scale", scale_json(q->scale));
		if (q->ingredient)
			json_object_set_new(o, "ingredient", json_string(q->ingredient->id));
		if (q->component) {
			json_object_set_new(o, "component", json_string(q->component->id));
			json_object_set_new(o, "dimension", json_string(method_dimension_name(q->dimension)));
		}
	}
	if (q->n_options) {
		json_t *opts = json_array();
		for (size_t i = 0; i < q->n_options; i++)
			json_array_append_new(opts, json_pack("{s:s,s:o}", "id", q->options[i].id, "text",
							      text(&q->options[i].text)));
		json_object_set_new(o, "options", opts);
	}
	if (q->pitfall)
		json_object_set_new(o, "pitfall", json_string(q->pitfall->id));
	return o;
}

json_t *method_registry_json(const struct method *m)
{
	json_t *o = method_registry_summary(m);
	json_t *ingr = json_array(), *comps = json_array(), *routes = json_array();
	for (size_t i = 0; i < m->n_ingredients; i++)
		json_array_append_new(ingr, entry(m->ingredients[i].id, &m->ingredients[i].title,
						  &m->ingredients[i].description));
	for (size_t i = 0; i < m->n_components; i++)
		json_array_append_new(comps, entry(m->components[i].id, &m->components[i].title,
						   &m->components[i].description));
	for (size_t i = 0; i < m->n_routes; i++)
		json_array_append_new(routes,
				      entry(m->routes[i].id, &m->routes[i].title, &m->routes[i].description));
	json_object_set_new(o, "ingredients", ingr);
	json_object_set_new(o, "components", comps);
	json_object_set_new(o, "routes", routes);
	json_t *pits = json_array();
	for (size_t i = 0; i < m->n_pitfalls; i++)
		json_array_append_new(pits, json_pack("{s:s,s:o,s:o,s:o}", "id", m->pitfalls[i].id, "title",
						      text(&m->pitfalls[i].title), "description",
						      text(&m->pitfalls[i].description), "prevention",
						      text(&m->pitfalls[i].prevention)));
	json_object_set_new(o, "pitfalls", pits);
	json_t *secs = json_array();
	for (size_t s = 0; s < m->n_sections; s++) {
		const struct method_section *sec = &m->sections[s];
		json_t *qs = json_array();
		for (size_t k = 0; k < sec->n_questions; k++)
			json_array_append_new(qs, question_json(&m->questions[sec->first_question + k]));
		json_array_append_new(secs, json_pack("{s:s,s:o,s:o,s:o}", "id", sec->id, "title",
						      text(&sec->title), "intro", text(&sec->intro),
						      "questions", qs));
	}
	json_object_set_new(o, "sections", secs);
	return o;
}
