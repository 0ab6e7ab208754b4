/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * method: loader and validator of method files. One pass fills the structs
 * and reports every problem it meets with the line jsonpos recorded;
 * references (question -> ingredient, rule -> pitfall, ...) resolve against
 * catalogues loaded before them, then whole-method checks run. A method
 * with any problem is freed, never returned. No I/O, no method names:
 * only the file format's own words ("routes", "readiness") appear here.
 */
#include "method.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/util.h"

#define ID_MAX 64

/* Words of the file format, indexed by their enums (0 is "not given"). */
static const char *const scale_kind_names[] = {NULL,	"progress", "agreement", "extent",
					       "level", "evidence", NULL};
static const char *const form_names[] = {NULL, "how-far", "statement", "to-what-extent", "which-level", NULL};
static const char *const route_kind_names[] = {NULL, "direction", "mechanism", NULL};
static const char *const outcome_names[] = {"improve",	"right-size", "adjust", "substitute",
					    "postpone", "stop",	      NULL};
static const char *const unit_names[] = {NULL, "euro", "fte", "count", "percent", NULL};
static const char *const measure_names[] = {
    NULL,	   "scale-target", "unit-cost-pilot", "unit-cost-scale", "unit-cost-current",
    "units-pilot", "units-target", "scalable-unit",   "ambition",	 NULL};

/* Index of s in names[from..] (NULL-terminated), or 0 when absent. */
static int word_index(const char *const *names, int from, const char *s)
{
	for (int i = from; names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return 0;
}

struct option_set {
	char *id;
	struct method_option *options;
	size_t n_options;
};

struct ld {
	const struct jsonpos *pos;
	struct method_problems *pr;
	struct method *m;
	struct option_set *sets;
	size_t n_sets;
	int *ingredient_line, *component_line, *pitfall_line, *question_line;
};

/* ---- problems ---- */

static void add(struct ld *l, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void add(struct ld *l, int line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char *msg = buf_steal(&b);
	for (char *s = msg; *s; s++) /* keep a terminal or log line intact */
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
	struct method_problems *pr = l->pr;
	if (pr->n == pr->cap) {
		pr->cap = pr->cap ? pr->cap * 2 : 16;
		pr->v = xrealloc(pr->v, pr->cap * sizeof *pr->v);
	}
	pr->v[pr->n].line = line;
	pr->v[pr->n].message = msg;
	pr->n++;
}

void method_problems_free(struct method_problems *pr)
{
	for (size_t i = 0; i < pr->n; i++)
		free(pr->v[i].message);
	free(pr->v);
	pr->v = NULL;
	pr->n = pr->cap = 0;
}

/* Stable merge sort by line, so problems on one line keep their order. */
static void sort_problems(struct method_problem *v, size_t n)
{
	if (n < 2)
		return;
	struct method_problem *tmp = xmalloc(n * sizeof *tmp);
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = v[j].line < v[i].line ? v[j++] : v[i++];
			while (i < mid)
				tmp[k++] = v[i++];
			while (j < hi)
				tmp[k++] = v[j++];
		}
		memcpy(v, tmp, n * sizeof *v);
	}
	free(tmp);
}

/* ---- positions ---- */

static int vline(const struct ld *l, const json_t *v)
{
	int line = jsonpos_line(l->pos, v);
	return line ? line : 1;
}

static int mline(const struct ld *l, const json_t *obj, const char *key)
{
	int line = jsonpos_member_line(l->pos, obj, key);
	return line ? line : vline(l, obj);
}

static int eline(const struct ld *l, const json_t *arr, size_t i)
{
	int line = jsonpos_element_line(l->pos, arr, i);
	return line ? line : vline(l, arr);
}

/* ---- typed access ---- */

enum want { W_STRING, W_INT, W_NUMBER, W_OBJECT, W_ARRAY };

static const char *const want_name[] = {"a string", "an integer", "a number", "an object", "an array"};

static bool is_want(const json_t *v, enum want w)
{
	switch (w) {
	case W_STRING: return json_is_string(v);
	case W_INT: return json_is_integer(v);
	case W_NUMBER: return json_is_number(v);
	case W_OBJECT: return json_is_object(v);
	case W_ARRAY: return json_is_array(v);
	}
	return false;
}

/* The member key of obj if it has type w; reports a missing or mistyped member. */
static const json_t *member(struct ld *l, const json_t *obj, const char *key, enum want w, bool required,
			    const char *what)
{
	const json_t *v = json_object_get(obj, key);
	if (!v) {
		if (required)
			add(l, vline(l, obj), "%s: missing key \"%s\"", what, key);
		return NULL;
	}
	if (!is_want(v, w)) {
		add(l, mline(l, obj, key), "%s: \"%s\" must be %s", what, key, want_name[w]);
		return NULL;
	}
	return v;
}

static void check_keys(struct ld *l, const json_t *obj, const char *const *allowed, const char *what)
{
	const char *key;
	json_t *v;
	json_object_foreach ((json_t *)obj, key, v) {
		bool ok = false;
		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(*a, key) == 0;
		if (!ok)
			add(l, mline(l, obj, key), "%s: unknown key \"%s\"", what, key);
	}
}

static bool id_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > ID_MAX || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && s[i + 1] != '-');
		if (!ok)
			return false;
	}
	return true;
}

/* Reads obj.key as an id reference or definition; NULL after reporting. */
static const char *get_id(struct ld *l, const json_t *obj, const char *key, bool required, const char *what)
{
	const json_t *v = member(l, obj, key, W_STRING, required, what);
	if (!v)
		return NULL;
	const char *s = json_string_value(v);
	if (!id_valid(s)) {
		add(l, mline(l, obj, key),
		    "%s: \"%s\" value \"%s\" must be lower-case letters, digits and single "
		    "hyphens, at most %d characters",
		    what, key, s, ID_MAX);
		return NULL;
	}
	return s;
}

/* "question \"x\"" when the element has a string id, else "questions[3]". */
static char *name_of(const char *kind, const char *array, const json_t *obj, size_t index)
{
	struct buf b = BUF_INIT;
	const json_t *id = json_is_object(obj) ? json_object_get(obj, "id") : NULL;
	if (json_is_string(id) && json_string_length(id) > 0)
		buf_printf(&b, "%s \"%s\"", kind, json_string_value(id));
	else
		buf_printf(&b, "%s[%zu]", array, index);
	return buf_steal(&b);
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* Reads a {"nl": ..., "en": ...} value t called label. */
static void take_text_value(struct ld *l, const json_t *t, int line, const char *label,
			    struct method_text *out, const char *what)
{
	static const char *const langs[] = {"nl", "en", NULL};
	if (!json_is_object(t)) {
		add(l, line, "%s: %s must be an object with \"nl\" and \"en\" texts", what, label);
		return;
	}
	const char *key;
	json_t *v;
	json_object_foreach ((json_t *)t, key, v) {
		if (strcmp(key, "nl") && strcmp(key, "en"))
			add(l, mline(l, t, key), "%s: %s has unknown language \"%s\"; use nl and en", what,
			    label, key);
	}
	for (int i = 0; langs[i]; i++) {
		const json_t *s = json_object_get(t, langs[i]);
		char **dst = i == 0 ? &out->nl : &out->en;
		if (!s) {
			add(l, vline(l, t), "%s: %s lacks the %s text (\"%s\")", what, label,
			    i == 0 ? "Dutch" : "English", langs[i]);
		} else if (!json_is_string(s)) {
			add(l, mline(l, t, langs[i]), "%s: %s.%s must be a string", what, label, langs[i]);
		} else if (blank(json_string_value(s))) {
			add(l, mline(l, t, langs[i]), "%s: %s.%s is empty", what, label, langs[i]);
		} else {
			free(*dst);
			*dst = xstrdup(json_string_value(s));
		}
	}
}

static void take_text(struct ld *l, const json_t *obj, const char *key, bool required,
		      struct method_text *out, const char *what)
{
	const json_t *t = json_object_get(obj, key);
	if (!t) {
		if (required)
			add(l, vline(l, obj), "%s: missing key \"%s\"", what, key);
		return;
	}
	struct buf label = BUF_INIT;
	buf_printf(&label, "\"%s\"", key);
	take_text_value(l, t, mline(l, obj, key), buf_str(&label), out, what);
	buf_free(&label);
}

static void text_free(struct method_text *t)
{
	free(t->nl);
	free(t->en);
	t->nl = t->en = NULL;
}

/* ---- duplicate ids ---- */

struct idlist {
	const char **id;
	int *line;
	size_t n;
};

/* Reports id if an earlier entry has it; the list borrows id. */
static void idlist_add(struct ld *l, struct idlist *list, const char *id, int line, const char *kind)
{
	if (!id)
		return;
	for (size_t i = 0; i < list->n; i++) {
		if (!strcmp(list->id[i], id)) {
			add(l, line, "%s \"%s\": duplicate id (first used on line %d)", kind, id,
			    list->line[i]);
			return;
		}
	}
	list->id = xrealloc(list->id, (list->n + 1) * sizeof *list->id);
	list->line = xrealloc(list->line, (list->n + 1) * sizeof *list->line);
	list->id[list->n] = id;
	list->line[list->n] = line;
	list->n++;
}

static void idlist_free(struct idlist *list)
{
	free(list->id);
	free(list->line);
}

/* Array member key of root, or NULL (absent is fine unless required). */
static const json_t *array_of(struct ld *l, const json_t *root, const char *key, bool required)
{
	return member(l, root, key, W_ARRAY, required, "method");
}

/* ---- scales ---- */

static void load_scales(struct ld *l, const json_t *root)
{
	static const char *const keys[] = {"id", "kind", "min", "max", "anchors", NULL};
	static const char *const akeys[] = {"level", "text", NULL};
	const json_t *arr = array_of(l, root, "scales", false);
	if (!arr)
		return;
	struct method *m = l->m;
	m->n_scales = json_array_size(arr);
	m->scales = xcalloc(m->n_scales, sizeof *m->scales);
	struct idlist ids = {0};
	for (size_t i = 0; i < m->n_scales; i++) {
		const json_t *o = json_array_get(arr, i);
		struct method_scale *s = &m->scales[i];
		if (!json_is_object(o)) {
			add(l, eline(l, arr, i), "scales[%zu] must be an object", i);
			continue;
		}
		char *what = name_of("scale", "scales", o, i);
		check_keys(l, o, keys, what);
		const char *id = get_id(l, o, "id", true, what);
		if (id) {
			s->id = xstrdup(id);
			idlist_add(l, &ids, s->id, mline(l, o, "id"), "scale");
		}
		const json_t *jk = member(l, o, "kind", W_STRING, true, what);
		if (jk) {
			s->kind =
			    (enum method_scale_kind)word_index(scale_kind_names, 1, json_string_value(jk));
			if (!s->kind)
				add(l, mline(l, o, "kind"),
				    "%s: unknown kind \"%s\"; use progress, agreement, extent, level or "
				    "evidence",
				    what, json_string_value(jk));
		}
		const json_t *jmin = member(l, o, "min", W_INT, true, what);
		const json_t *jmax = member(l, o, "max", W_INT, true, what);
		bool range_ok = false;
		if (jmin && jmax) {
			json_int_t lo = json_integer_value(jmin), hi = json_integer_value(jmax);
			if (lo < METHOD_LEVEL_MIN || hi > METHOD_LEVEL_MAX || lo >= hi) {
				add(l, mline(l, o, "min"),
				    "%s: range %lld..%lld is invalid; need %d <= min < max <= %d", what,
				    (long long)lo, (long long)hi, METHOD_LEVEL_MIN, METHOD_LEVEL_MAX);
			} else {
				s->min = (int)lo;
				s->max = (int)hi;
				range_ok = true;
			}
		}
		const json_t *anchors = member(l, o, "anchors", W_ARRAY, true, what);
		if (!anchors) {
			free(what);
			continue;
		}
		size_t want = range_ok ? (size_t)(s->max - s->min + 1) : 0;
		if (range_ok) {
			s->anchors = xcalloc(want, sizeof *s->anchors);
			s->n_anchors = want;
		}
		int *seen_line = range_ok ? xcalloc(want, sizeof *seen_line) : NULL;
		for (size_t k = 0; k < json_array_size(anchors); k++) {
			const json_t *a = json_array_get(anchors, k);
			int aline = eline(l, anchors, k);
			if (!json_is_object(a)) {
				add(l, aline, "%s: anchors[%zu] must be an object", what, k);
				continue;
			}
			check_keys(l, a, akeys, what);
			const json_t *lv = member(l, a, "level", W_INT, true, what);
			struct method_text text = {0};
			const json_t *jt = json_object_get(a, "text");
			if (!jt)
				add(l, aline, "%s: anchors[%zu]: missing key \"text\"", what, k);
			else
				take_text_value(l, jt, mline(l, a, "text"), "anchor text", &text, what);
			if (lv && range_ok) {
				json_int_t level = json_integer_value(lv);
				if (level < s->min || level > s->max) {
					add(l, mline(l, a, "level"),
					    "%s: anchor level %lld is outside the scale %d..%d", what,
					    (long long)level, s->min, s->max);
				} else if (seen_line[level - s->min]) {
					add(l, mline(l, a, "level"),
					    "%s: level %lld has a second anchor (first on line %d)", what,
					    (long long)level, seen_line[level - s->min]);
				} else {
					seen_line[level - s->min] = aline;
					s->anchors[level - s->min].level = (int)level;
					s->anchors[level - s->min].text = text;
					continue;
				}
			}
			text_free(&text);
		}
		if (range_ok) {
			for (size_t k = 0; k < want; k++)
				if (!seen_line[k])
					add(l, mline(l, o, "anchors"), "%s: no anchor for level %d", what,
					    s->min + (int)k);
		}
		free(seen_line);
		free(what);
	}
	idlist_free(&ids);
}

/* ---- options and option sets ---- */

static const char *const pitfall_state_names[] = {"none", "absent", "present", "mitigated"};

static void load_options(struct ld *l, const json_t *arr, const char *what, struct method_option **out,
			 size_t *n_out)
{
	static const char *const keys[] = {"id", "text", "pitfall_state", NULL};
	size_t n = json_array_size(arr);
	struct method_option *opts = xcalloc(n, sizeof *opts);
	struct idlist ids = {0};
	for (size_t i = 0; i < n; i++) {
		const json_t *o = json_array_get(arr, i);
		if (!json_is_object(o)) {
			add(l, eline(l, arr, i), "%s: options[%zu] must be an object", what, i);
			continue;
		}
		char *owhat = name_of("option", "options", o, i);
		struct buf w = BUF_INIT;
		buf_printf(&w, "%s, %s", what, owhat);
		free(owhat);
		check_keys(l, o, keys, buf_str(&w));
		const char *id = get_id(l, o, "id", true, buf_str(&w));
		if (id) {
			opts[i].id = xstrdup(id);
			idlist_add(l, &ids, opts[i].id, mline(l, o, "id"), "option");
		}
		take_text(l, o, "text", true, &opts[i].text, buf_str(&w));
		const json_t *ps = member(l, o, "pitfall_state", W_STRING, false, buf_str(&w));
		if (ps) {
			const char *s = json_string_value(ps);
			for (int k = METHOD_PITFALL_ABSENT; k <= METHOD_PITFALL_MITIGATED; k++)
				if (!strcmp(s, pitfall_state_names[k]))
					opts[i].pitfall_state = (enum method_pitfall_state)k;
			if (!opts[i].pitfall_state)
				add(l, mline(l, o, "pitfall_state"),
				    "%s: unknown pitfall_state \"%s\"; use absent, present or mitigated",
				    buf_str(&w), s);
		}
		buf_free(&w);
	}
	idlist_free(&ids);
	*out = opts;
	*n_out = n;
}

static void options_free(struct method_option *opts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(opts[i].id);
		text_free(&opts[i].text);
	}
	free(opts);
}

static void load_option_sets(struct ld *l, const json_t *root)
{
	static const char *const keys[] = {"id", "options", NULL};
	const json_t *arr = array_of(l, root, "option_sets", false);
	if (!arr)
		return;
	l->n_sets = json_array_size(arr);
	l->sets = xcalloc(l->n_sets, sizeof *l->sets);
	struct idlist ids = {0};
	for (size_t i = 0; i < l->n_sets; i++) {
		const json_t *o = json_array_get(arr, i);
		if (!json_is_object(o)) {
			add(l, eline(l, arr, i), "option_sets[%zu] must be an object", i);
			continue;
		}
		char *what = name_of("option set", "option_sets", o, i);
		check_keys(l, o, keys, what);
		const char *id = get_id(l, o, "id", true, what);
		if (id) {
			l->sets[i].id = xstrdup(id);
			idlist_add(l, &ids, l->sets[i].id, mline(l, o, "id"), "option set");
		}
		const json_t *opts = member(l, o, "options", W_ARRAY, true, what);
		if (opts)
			load_options(l, opts, what, &l->sets[i].options, &l->sets[i].n_options);
		free(what);
	}
	idlist_free(&ids);
}

/* ---- catalogues ---- */

/* Common part of ingredients, components, routes and pitfalls. */
static void load_entry(struct ld *l, const json_t *o, const char *what, const char *kind, struct idlist *ids,
		       char **id_out, struct method_text *title, struct method_text *description)
{
	const char *id = get_id(l, o, "id", true, what);
	if (id) {
		*id_out = xstrdup(id);
		idlist_add(l, ids, *id_out, mline(l, o, "id"), kind);
	}
	take_text(l, o, "title", true, title, what);
	take_text(l, o, "description", true, description, what);
}

/* A route's "pitfalls": ids of pitfalls loaded before, each once. */
static void load_route_pitfalls(struct ld *l, const json_t *o, struct method_route *r)
{
	if (!json_is_object(o))
		return;
	char *what = name_of("route", "routes", o, (size_t)(r - l->m->routes));
	const json_t *arr = member(l, o, "pitfalls", W_ARRAY, false, what);
	if (arr) {
		r->pitfalls = xcalloc(json_array_size(arr) + 1, sizeof *r->pitfalls);
		for (size_t k = 0; k < json_array_size(arr); k++) {
			const json_t *e = json_array_get(arr, k);
			if (!json_is_string(e)) {
				add(l, eline(l, arr, k), "%s: pitfalls[%zu] must be a pitfall id", what, k);
				continue;
			}
			const struct method_pitfall *p = method_pitfall_find(l->m, json_string_value(e));
			bool twice = false;
			for (size_t j = 0; j < r->n_pitfalls && p; j++)
				twice |= r->pitfalls[j] == p;
			if (!p)
				add(l, eline(l, arr, k), "%s: unknown pitfall \"%s\"", what,
				    json_string_value(e));
			else if (twice)
				add(l, eline(l, arr, k), "%s: pitfall \"%s\" is listed twice", what, p->id);
			else
				r->pitfalls[r->n_pitfalls++] = p;
		}
	}
	free(what);
}

static void load_catalogues(struct ld *l, const json_t *root)
{
	static const char *const keys[] = {"id", "title", "description", NULL};
	static const char *const pkeys[] = {"id", "title", "description", "prevention", NULL};
	static const char *const rkeys[] = {"id", "title", "description", "kind", "pitfalls", NULL};
	struct method *m = l->m;
	const json_t *arr, *routes = NULL;
	struct idlist ids = {0};

	if ((arr = array_of(l, root, "ingredients", false))) {
		m->n_ingredients = json_array_size(arr);
		m->ingredients = xcalloc(m->n_ingredients, sizeof *m->ingredients);
		l->ingredient_line = xcalloc(m->n_ingredients, sizeof(int));
		for (size_t i = 0; i < m->n_ingredients; i++) {
			const json_t *o = json_array_get(arr, i);
			struct method_ingredient *in = &m->ingredients[i];
			l->ingredient_line[i] = eline(l, arr, i);
			if (!json_is_object(o)) {
				add(l, eline(l, arr, i), "ingredients[%zu] must be an object", i);
				continue;
			}
			char *what = name_of("ingredient", "ingredients", o, i);
			check_keys(l, o, keys, what);
			load_entry(l, o, what, "ingredient", &ids, &in->id, &in->title, &in->description);
			free(what);
		}
	}
	idlist_free(&ids);
	memset(&ids, 0, sizeof ids);

	if ((arr = array_of(l, root, "components", false))) {
		m->n_components = json_array_size(arr);
		m->components = xcalloc(m->n_components, sizeof *m->components);
		l->component_line = xcalloc(m->n_components, sizeof(int));
		for (size_t i = 0; i < m->n_components; i++) {
			const json_t *o = json_array_get(arr, i);
			struct method_component *c = &m->components[i];
			l->component_line[i] = eline(l, arr, i);
			if (!json_is_object(o)) {
				add(l, eline(l, arr, i), "components[%zu] must be an object", i);
				continue;
			}
			char *what = name_of("component", "components", o, i);
			check_keys(l, o, keys, what);
			load_entry(l, o, what, "component", &ids, &c->id, &c->title, &c->description);
			free(what);
		}
	}
	idlist_free(&ids);
	memset(&ids, 0, sizeof ids);

	if ((arr = array_of(l, root, "routes", false))) {
		routes = arr;
		m->n_routes = json_array_size(arr);
		m->routes = xcalloc(m->n_routes, sizeof *m->routes);
		for (size_t i = 0; i < m->n_routes; i++) {
			const json_t *o = json_array_get(arr, i);
			struct method_route *r = &m->routes[i];
			if (!json_is_object(o)) {
				add(l, eline(l, arr, i), "routes[%zu] must be an object", i);
				continue;
			}
			char *what = name_of("route", "routes", o, i);
			check_keys(l, o, rkeys, what);
			load_entry(l, o, what, "route", &ids, &r->id, &r->title, &r->description);
			const json_t *jk = member(l, o, "kind", W_STRING, true, what);
			if (jk) {
				r->kind = (enum method_route_kind)word_index(route_kind_names, 1,
									     json_string_value(jk));
				if (!r->kind)
					add(l, mline(l, o, "kind"),
					    "%s: unknown kind \"%s\"; use direction or mechanism", what,
					    json_string_value(jk));
			}
			free(what);
		}
	}
	idlist_free(&ids);
	memset(&ids, 0, sizeof ids);

	if ((arr = array_of(l, root, "pitfalls", false))) {
		m->n_pitfalls = json_array_size(arr);
		m->pitfalls = xcalloc(m->n_pitfalls, sizeof *m->pitfalls);
		l->pitfall_line = xcalloc(m->n_pitfalls, sizeof(int));
		for (size_t i = 0; i < m->n_pitfalls; i++) {
			const json_t *o = json_array_get(arr, i);
			struct method_pitfall *p = &m->pitfalls[i];
			l->pitfall_line[i] = eline(l, arr, i);
			if (!json_is_object(o)) {
				add(l, eline(l, arr, i), "pitfalls[%zu] must be an object", i);
				continue;
			}
			char *what = name_of("pitfall", "pitfalls", o, i);
			check_keys(l, o, pkeys, what);
			load_entry(l, o, what, "pitfall", &ids, &p->id, &p->title, &p->description);
			take_text(l, o, "prevention", true, &p->prevention, what);
			free(what);
		}
	}
	idlist_free(&ids);
	for (size_t i = 0; routes && i < m->n_routes; i++)
		load_route_pitfalls(l, json_array_get(routes, i), &m->routes[i]);
}

/* ---- sections and questions ---- */

static const char *const kind_names[] = {NULL, "text", "single", "multi", "scale", "number", NULL};

/* Reports each key of keys that obj has, as not allowed for this kind. */
static void forbid(struct ld *l, const json_t *obj, const char *const *keys, const char *kindname,
		   const char *what)
{
	for (const char *const *k = keys; *k; k++)
		if (json_object_get(obj, *k))
			add(l, mline(l, obj, *k), "%s: \"%s\" is not allowed on a %s question", what, *k,
			    kindname);
}

static void copy_options(struct method_question *q, const struct method_option *src, size_t n)
{
	q->options = xcalloc(n, sizeof *q->options);
	q->n_options = n;
	for (size_t i = 0; i < n; i++) {
		q->options[i].id = src[i].id ? xstrdup(src[i].id) : NULL;
		q->options[i].text.nl = src[i].text.nl ? xstrdup(src[i].text.nl) : NULL;
		q->options[i].text.en = src[i].text.en ? xstrdup(src[i].text.en) : NULL;
		q->options[i].pitfall_state = src[i].pitfall_state;
	}
}

static void load_choice(struct ld *l, const json_t *o, struct method_question *q, const char *what)
{
	struct method *m = l->m;
	const json_t *opts = json_object_get(o, "options");
	const json_t *from = json_object_get(o, "options_from");
	if (opts && from) {
		add(l, mline(l, o, "options_from"),
		    "%s: give either \"options\" or \"options_from\", not both", what);
		return;
	}
	if (!opts && !from) {
		add(l, vline(l, o), "%s: a %s question needs \"options\" or \"options_from\"", what,
		    kind_names[q->kind]);
		return;
	}
	if (opts) {
		if (!member(l, o, "options", W_ARRAY, true, what))
			return;
		load_options(l, opts, what, &q->options, &q->n_options);
	} else {
		if (!member(l, o, "options_from", W_STRING, true, what))
			return;
		const char *name = json_string_value(from);
		enum method_route_kind rk = !strcmp(name, "route-directions")	? METHOD_ROUTE_DIRECTION
					    : !strcmp(name, "route-mechanisms") ? METHOD_ROUTE_MECHANISM
										: METHOD_ROUTE_ANY;
		if (!strcmp(name, "routes") || rk != METHOD_ROUTE_ANY) {
			if (!m->n_routes) {
				add(l, mline(l, o, "options_from"),
				    "%s: options come from \"%s\" but the method has no routes", what, name);
				return;
			}
			q->options = xcalloc(m->n_routes, sizeof *q->options);
			q->options_are_routes = true;
			q->route_kind = rk;
			for (size_t i = 0; i < m->n_routes; i++) {
				const struct method_route *r = &m->routes[i];
				if (rk != METHOD_ROUTE_ANY && r->kind != rk)
					continue;
				struct method_option *op = &q->options[q->n_options++];
				op->id = r->id ? xstrdup(r->id) : NULL;
				op->text.nl = r->title.nl ? xstrdup(r->title.nl) : NULL;
				op->text.en = r->title.en ? xstrdup(r->title.en) : NULL;
			}
		} else {
			const struct option_set *set = NULL;
			for (size_t i = 0; i < l->n_sets && !set; i++)
				if (l->sets[i].id && !strcmp(l->sets[i].id, name))
					set = &l->sets[i];
			if (!set) {
				add(l, mline(l, o, "options_from"),
				    "%s: unknown option set \"%s\" in \"options_from\"", what, name);
				return;
			}
			copy_options(q, set->options, set->n_options);
		}
	}
	if (q->n_options < 2)
		add(l, mline(l, o, opts ? "options" : "options_from"),
		    "%s: a choice question needs at least 2 options", what);
}

static void load_pitfall_link(struct ld *l, const json_t *o, struct method_question *q, const char *what)
{
	const char *pid = get_id(l, o, "pitfall", false, what);
	if (pid) {
		struct method_pitfall *p = (struct method_pitfall *)method_pitfall_find(l->m, pid);
		if (!p) {
			add(l, mline(l, o, "pitfall"), "%s: unknown pitfall \"%s\"", what, pid);
		} else if (p->question) {
			add(l, mline(l, o, "pitfall"),
			    "%s: pitfall \"%s\" is already asked by question \"%s\"", what, pid,
			    p->question->id ? p->question->id : "?");
		} else {
			p->question = q;
			q->pitfall = p;
		}
	}
	int line = mline(l, o, json_object_get(o, "pitfall") ? "pitfall" : "kind");
	bool any_present = false;
	for (size_t i = 0; i < q->n_options; i++) {
		const struct method_option *op = &q->options[i];
		const char *oid = op->id ? op->id : "?";
		if (json_object_get(o, "pitfall")) {
			if (!op->pitfall_state)
				add(l, line, "%s: option \"%s\" lacks \"pitfall_state\"", what, oid);
			any_present |= op->pitfall_state == METHOD_PITFALL_PRESENT;
		} else if (op->pitfall_state) {
			add(l, line,
			    "%s: option \"%s\" has a \"pitfall_state\" but the question asks about "
			    "no pitfall",
			    what, oid);
		}
	}
	if (json_object_get(o, "pitfall") && q->n_options && !any_present)
		add(l, line, "%s: no option marks the pitfall as present", what);
}

static void load_scale_link(struct ld *l, const json_t *o, struct method_question *q, const char *what)
{
	struct method *m = l->m;
	const char *sid = get_id(l, o, "scale", true, what);
	if (sid) {
		q->scale = method_scale_find(m, sid);
		if (!q->scale)
			add(l, mline(l, o, "scale"), "%s: unknown scale \"%s\"", what, sid);
		else if (!q->scale->n_anchors)
			q->scale = NULL; /* already reported at the scale */
	}
	bool has_ing = json_object_get(o, "ingredient") != NULL;
	bool has_comp = json_object_get(o, "component") != NULL;
	if (has_ing && has_comp) {
		add(l, mline(l, o, "component"),
		    "%s: a scale question feeds an ingredient or a component, not both", what);
		return;
	}
	if (!has_ing && !has_comp) {
		add(l, vline(l, o), "%s: a scale question must feed an \"ingredient\" or a \"component\"",
		    what);
		return;
	}
	if (has_ing) {
		if (json_object_get(o, "dimension"))
			add(l, mline(l, o, "dimension"),
			    "%s: \"dimension\" belongs to component questions only", what);
		const char *iid = get_id(l, o, "ingredient", true, what);
		if (!iid)
			return;
		struct method_ingredient *in = (struct method_ingredient *)method_ingredient_find(m, iid);
		if (!in) {
			add(l, mline(l, o, "ingredient"), "%s: feeds unknown ingredient \"%s\"", what, iid);
			return;
		}
		q->ingredient = in;
		in->n_questions++;
		if (q->scale && in->scale && in->scale != q->scale)
			add(l, mline(l, o, "scale"),
			    "%s: ingredient \"%s\" is scored on scale \"%s\" by other questions; all "
			    "its questions must use one scale",
			    what, iid, in->scale->id);
		else if (q->scale)
			in->scale = q->scale;
		return;
	}
	const char *cid = get_id(l, o, "component", true, what);
	const json_t *dim = member(l, o, "dimension", W_STRING, true, what);
	if (dim) {
		const char *d = json_string_value(dim);
		if (!strcmp(d, "readiness"))
			q->dimension = METHOD_DIM_READINESS;
		else if (!strcmp(d, "use"))
			q->dimension = METHOD_DIM_USE;
		else
			add(l, mline(l, o, "dimension"),
			    "%s: \"dimension\" must be \"readiness\" or \"use\", not \"%s\"", what, d);
	}
	if (!cid)
		return;
	struct method_component *c = (struct method_component *)method_component_find(m, cid);
	if (!c) {
		add(l, mline(l, o, "component"), "%s: scores unknown component \"%s\"", what, cid);
		return;
	}
	q->component = c;
	if (!q->dimension)
		return;
	const struct method_scale **slot =
	    q->dimension == METHOD_DIM_READINESS ? &c->readiness_scale : &c->use_scale;
	if (q->scale && *slot && *slot != q->scale)
		add(l, mline(l, o, "scale"),
		    "%s: the %s of component \"%s\" is scored on scale \"%s\" by other questions; "
		    "use one scale",
		    what, method_dimension_name(q->dimension), cid, (*slot)->id);
	else if (q->scale)
		*slot = q->scale;
}

/* The scale kind(s) a form fits, for the messages too. */
static bool form_fits(enum method_form f, enum method_scale_kind k)
{
	switch (f) {
	case METHOD_FORM_HOW_FAR: return k == METHOD_SCALE_PROGRESS;
	case METHOD_FORM_STATEMENT: return k == METHOD_SCALE_AGREEMENT;
	case METHOD_FORM_TO_WHAT_EXTENT: return k == METHOD_SCALE_EXTENT;
	case METHOD_FORM_WHICH_LEVEL: return k == METHOD_SCALE_LEVEL || k == METHOD_SCALE_EVIDENCE;
	default: return false;
	}
}

static const char *form_for(enum method_scale_kind k)
{
	switch (k) {
	case METHOD_SCALE_PROGRESS: return "how-far";
	case METHOD_SCALE_AGREEMENT: return "statement";
	case METHOD_SCALE_EXTENT: return "to-what-extent";
	default: return "which-level";
	}
}

/* Last character that is not white space, or 0. */
static char last_char(const char *s)
{
	char c = 0;
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			c = *s;
	return c;
}

/* The form of a scale question: required, fits the scale's kind, and the
 * prompt has its shape (a statement is no question; the others are). */
static void load_form(struct ld *l, const json_t *o, struct method_question *q, const char *what)
{
	const json_t *jf = member(l, o, "form", W_STRING, true, what);
	if (!jf)
		return;
	q->form = (enum method_form)word_index(form_names, 1, json_string_value(jf));
	int line = mline(l, o, "form");
	if (!q->form) {
		add(l, line, "%s: unknown form \"%s\"; use how-far, statement, to-what-extent or which-level",
		    what, json_string_value(jf));
		return;
	}
	if (q->scale && q->scale->kind && !form_fits(q->form, q->scale->kind))
		add(l, line, "%s: form \"%s\" does not fit scale \"%s\" of kind %s; use \"%s\"", what,
		    form_names[q->form], q->scale->id, scale_kind_names[q->scale->kind],
		    form_for(q->scale->kind));
	static const char *const langs[] = {"nl", "en"};
	for (int i = 0; i < 2; i++) {
		const char *t = i ? q->prompt.en : q->prompt.nl;
		if (!t)
			continue;
		bool question = last_char(t) == '?';
		if (q->form == METHOD_FORM_STATEMENT && question)
			add(l, mline(l, o, "prompt"),
			    "%s: prompt.%s is a question but the form is \"statement\"; state it, a rater "
			    "says how true it is",
			    what, langs[i]);
		else if (q->form != METHOD_FORM_STATEMENT && !question)
			add(l, mline(l, o, "prompt"), "%s: prompt.%s must end in \"?\" for the form \"%s\"",
			    what, langs[i], form_names[q->form]);
	}
}

/* unit, min, max, measure of a number question. */
static void load_number(struct ld *l, const json_t *o, struct method_question *q, const char *what)
{
	const json_t *ju = member(l, o, "unit", W_STRING, true, what);
	if (ju) {
		q->unit = (enum method_unit)word_index(unit_names, 1, json_string_value(ju));
		if (!q->unit)
			add(l, mline(l, o, "unit"),
			    "%s: unknown unit \"%s\"; use euro, fte, count or percent", what,
			    json_string_value(ju));
	}
	const json_t *jmin = member(l, o, "min", W_INT, false, what);
	const json_t *jmax = member(l, o, "max", W_INT, false, what);
	if (jmin) {
		q->has_min = true;
		q->min = (long long)json_integer_value(jmin);
	}
	if (jmax) {
		q->has_max = true;
		q->max = (long long)json_integer_value(jmax);
	}
	if (jmin && jmax && q->min > q->max)
		add(l, mline(l, o, "min"), "%s: \"min\" %lld is above \"max\" %lld", what, q->min, q->max);
}

/* "measure" of a number or text question; unique in the method (checked later). */
static void load_measure(struct ld *l, const json_t *o, struct method_question *q, const char *what)
{
	const json_t *jm = member(l, o, "measure", W_STRING, false, what);
	if (!jm)
		return;
	const char *name = json_string_value(jm);
	enum method_measure me = (enum method_measure)word_index(measure_names, 1, name);
	bool text_measure = me == METHOD_MEASURE_SCALABLE_UNIT || me == METHOD_MEASURE_AMBITION;
	if (!me)
		add(l, mline(l, o, "measure"),
		    "%s: unknown measure \"%s\"; use scale-target, unit-cost-pilot, unit-cost-scale, "
		    "unit-cost-current, units-pilot, units-target, scalable-unit or ambition",
		    what, name);
	else if (q->kind == METHOD_NUMBER && text_measure)
		add(l, mline(l, o, "measure"), "%s: measure \"%s\" belongs to a text question", what, name);
	else if (q->kind == METHOD_TEXT && !text_measure)
		add(l, mline(l, o, "measure"), "%s: measure \"%s\" belongs to a number question", what, name);
	else
		q->measure = me;
}

static void load_question(struct ld *l, const json_t *o, struct method_question *q, const char *what,
			  struct idlist *ids)
{
	static const char *const keys[] = {"id",
					   "kind",
					   "prompt",
					   "help",
					   "scale",
					   "ingredient",
					   "component",
					   "dimension",
					   "pitfall",
					   "options",
					   "options_from",
					   "form",
					   "not_applicable",
					   "unit",
					   "min",
					   "max",
					   "measure",
					   NULL};
	static const char *const not_text[] = {
	    "scale", "ingredient",     "component", "dimension", "pitfall", "options", "options_from",
	    "form",  "not_applicable", "unit",	    "min",	 "max",	    NULL};
	static const char *const not_choice[] = {"scale", "ingredient", "component", "dimension", "form",
						 "unit",  "min",	"max",	     "measure",	  NULL};
	static const char *const not_scale[] = {"pitfall", "options", "options_from", "unit",
						"min",	   "max",     "measure",      NULL};
	static const char *const not_number[] = {"scale",	   "ingredient", "component",	 "dimension",
						 "pitfall",	   "options",	 "options_from", "form",
						 "not_applicable", NULL};
	check_keys(l, o, keys, what);
	const char *id = get_id(l, o, "id", true, what);
	if (id) {
		q->id = xstrdup(id);
		idlist_add(l, ids, q->id, mline(l, o, "id"), "question");
	}
	take_text(l, o, "prompt", true, &q->prompt, what);
	take_text(l, o, "help", false, &q->help, what);
	const json_t *kind = member(l, o, "kind", W_STRING, true, what);
	if (!kind)
		return;
	const char *k = json_string_value(kind);
	q->kind = (enum method_kind)word_index(kind_names, 1, k);
	if (q->kind == METHOD_MULTI && json_object_get(o, "not_applicable"))
		add(l, mline(l, o, "not_applicable"),
		    "%s: \"not_applicable\" is for scale and single questions; a multi question can be "
		    "left empty",
		    what);
	else if (q->kind == METHOD_SCALE || q->kind == METHOD_SINGLE) {
		const json_t *na = json_object_get(o, "not_applicable");
		if (na && !json_is_boolean(na))
			add(l, mline(l, o, "not_applicable"), "%s: \"not_applicable\" must be true or false",
			    what);
		q->not_applicable = json_is_true(na);
	}
	switch (q->kind) {
	case METHOD_TEXT:
		forbid(l, o, not_text, k, what);
		load_measure(l, o, q, what);
		break;
	case METHOD_SINGLE:
	case METHOD_MULTI:
		forbid(l, o, not_choice, k, what);
		if (q->kind == METHOD_MULTI && json_object_get(o, "pitfall")) {
			add(l, mline(l, o, "pitfall"),
			    "%s: a pitfall is asked with a single question, not a multi one", what);
			load_choice(l, o, q, what);
			break;
		}
		load_choice(l, o, q, what);
		load_pitfall_link(l, o, q, what);
		break;
	case METHOD_SCALE:
		forbid(l, o, not_scale, k, what);
		load_scale_link(l, o, q, what);
		load_form(l, o, q, what);
		break;
	case METHOD_NUMBER:
		forbid(l, o, not_number, k, what);
		load_number(l, o, q, what);
		load_measure(l, o, q, what);
		break;
	default:
		add(l, mline(l, o, "kind"),
		    "%s: unknown kind \"%s\"; use text, single, multi, scale or number", what, k);
	}
}

static void load_sections(struct ld *l, const json_t *root)
{
	static const char *const keys[] = {"id", "title", "intro", "questions", NULL};
	struct method *m = l->m;
	const json_t *arr = array_of(l, root, "sections", true);
	if (!arr)
		return;
	if (!json_array_size(arr)) {
		add(l, mline(l, root, "sections"), "method: \"sections\" needs at least one section");
		return;
	}
	/* Questions live in one array whose size is known first, so the
	 * pointers pitfalls keep to them stay valid. */
	size_t total = 0;
	for (size_t i = 0; i < json_array_size(arr); i++) {
		const json_t *qs = json_object_get(json_array_get(arr, i), "questions");
		if (json_is_array(qs))
			total += json_array_size(qs);
	}
	m->n_sections = json_array_size(arr);
	m->sections = xcalloc(m->n_sections, sizeof *m->sections);
	m->questions = xcalloc(total, sizeof *m->questions);
	l->question_line = xcalloc(total + 1, sizeof(int));
	struct idlist sids = {0}, qids = {0};
	for (size_t i = 0; i < m->n_sections; i++) {
		const json_t *o = json_array_get(arr, i);
		struct method_section *s = &m->sections[i];
		s->first_question = m->n_questions;
		if (!json_is_object(o)) {
			add(l, eline(l, arr, i), "sections[%zu] must be an object", i);
			continue;
		}
		char *what = name_of("section", "sections", o, i);
		check_keys(l, o, keys, what);
		const char *id = get_id(l, o, "id", true, what);
		if (id) {
			s->id = xstrdup(id);
			idlist_add(l, &sids, s->id, mline(l, o, "id"), "section");
		}
		take_text(l, o, "title", true, &s->title, what);
		take_text(l, o, "intro", false, &s->intro, what);
		const json_t *qs = member(l, o, "questions", W_ARRAY, true, what);
		if (qs && !json_array_size(qs))
			add(l, mline(l, o, "questions"), "%s: has no questions", what);
		for (size_t k = 0; qs && k < json_array_size(qs); k++) {
			const json_t *qo = json_array_get(qs, k);
			l->question_line[m->n_questions] = eline(l, qs, k);
			struct method_question *q = &m->questions[m->n_questions++];
			q->section = i;
			s->n_questions++;
			if (!json_is_object(qo)) {
				add(l, eline(l, qs, k), "%s: questions[%zu] must be an object", what, k);
				continue;
			}
			char *qwhat = name_of("question", "questions", qo, k);
			load_question(l, qo, q, qwhat, &qids);
			free(qwhat);
		}
		free(what);
	}
	idlist_free(&sids);
	idlist_free(&qids);
}

/* ---- rules ---- */

static const char *const party_names[] = {NULL, "overheid", "markt", "wetenschap", "samenleving"};

static void check_threshold(struct ld *l, const json_t *when, double t, const struct method_scale *s,
			    const char *owner, const char *oid, const char *what)
{
	if (!s)
		return; /* the scale problem is reported elsewhere */
	if (!(t > s->min && t <= s->max))
		add(l, mline(l, when, "below"),
		    "%s: threshold %g is out of range for %s \"%s\" (scale %d..%d; need min < below "
		    "<= max)",
		    what, t, owner, oid, s->min, s->max);
}

static void load_when(struct ld *l, const json_t *rule, struct method_rule *r, const char *what)
{
	static const char *const keys[] = {"ingredient", "component",	     "pitfall", "route",
					   "below",	 "unknown_at_least", NULL};
	struct method *m = l->m;
	const json_t *when = member(l, rule, "when", W_OBJECT, true, what);
	if (!when)
		return;
	check_keys(l, when, keys, what);
	int n = !!json_object_get(when, "ingredient") + !!json_object_get(when, "component") +
		!!json_object_get(when, "pitfall") + !!json_object_get(when, "route");
	if (n != 1) {
		add(l, mline(l, rule, "when"),
		    "%s: \"when\" must name exactly one ingredient, component, pitfall or route", what);
		return;
	}
	const json_t *below = member(l, when, "below", W_NUMBER, false, what);
	const json_t *unknown = member(l, when, "unknown_at_least", W_NUMBER, false, what);
	bool has_below = json_object_get(when, "below") != NULL;
	bool has_unknown = json_object_get(when, "unknown_at_least") != NULL;
	if (json_object_get(when, "route")) {
		r->kind = METHOD_RULE_ROUTE_CHOSEN;
		if (has_below || has_unknown)
			add(l, mline(l, when, has_below ? "below" : "unknown_at_least"),
			    "%s: a route rule fires when most raters choose the route and takes no threshold",
			    what);
		const char *rid = get_id(l, when, "route", true, what);
		if (!rid)
			return;
		r->route = method_route_find(m, rid);
		if (!r->route) {
			add(l, mline(l, when, "route"), "%s: unknown route \"%s\"", what, rid);
			return;
		}
		bool asked = false;
		for (size_t i = 0; i < m->n_questions && !asked; i++)
			asked = m->questions[i].options_are_routes &&
				method_option_find(&m->questions[i], rid) != NULL;
		if (!asked)
			add(l, mline(l, when, "route"),
			    "%s: no question offers route \"%s\", so the rule can never fire", what, rid);
		return;
	}
	if (json_object_get(when, "pitfall")) {
		r->kind = METHOD_RULE_PITFALL_PRESENT;
		if (has_below || has_unknown)
			add(l, mline(l, when, has_below ? "below" : "unknown_at_least"),
			    "%s: a pitfall rule fires when the pitfall is present and takes no "
			    "threshold",
			    what);
		const char *pid = get_id(l, when, "pitfall", true, what);
		if (!pid)
			return;
		r->pitfall = method_pitfall_find(m, pid);
		if (!r->pitfall)
			add(l, mline(l, when, "pitfall"), "%s: unknown pitfall \"%s\"", what, pid);
		else if (!r->pitfall->question)
			add(l, mline(l, when, "pitfall"),
			    "%s: no question asks about pitfall \"%s\", so the rule can never fire", what,
			    pid);
		return;
	}
	if (json_object_get(when, "component")) {
		r->kind = METHOD_RULE_COMPONENT_BELOW;
		if (has_unknown)
			add(l, mline(l, when, "unknown_at_least"),
			    "%s: a component rule takes \"below\", not \"unknown_at_least\"", what);
		if (!has_below)
			add(l, vline(l, when), "%s: a component rule needs \"below\"", what);
		const char *cid = get_id(l, when, "component", true, what);
		if (!cid)
			return;
		r->component = method_component_find(m, cid);
		if (!r->component) {
			add(l, mline(l, when, "component"), "%s: unknown component \"%s\"", what, cid);
			return;
		}
		if (below) {
			r->threshold = json_number_value(below);
			check_threshold(l, when, r->threshold, r->component->readiness_scale, "component",
					cid, what);
			if (r->component->use_scale != r->component->readiness_scale)
				check_threshold(l, when, r->threshold, r->component->use_scale, "component",
						cid, what);
		}
		return;
	}
	if (has_below == has_unknown) {
		add(l, vline(l, when),
		    "%s: an ingredient rule needs exactly one of \"below\" and \"unknown_at_least\"", what);
	}
	const char *iid = get_id(l, when, "ingredient", true, what);
	if (!iid)
		return;
	r->ingredient = method_ingredient_find(m, iid);
	if (!r->ingredient) {
		add(l, mline(l, when, "ingredient"), "%s: unknown ingredient \"%s\"", what, iid);
		return;
	}
	if (below && !has_unknown) {
		r->kind = METHOD_RULE_INGREDIENT_BELOW;
		r->threshold = json_number_value(below);
		check_threshold(l, when, r->threshold, r->ingredient->scale, "ingredient", iid, what);
	} else if (unknown && !has_below) {
		r->kind = METHOD_RULE_INGREDIENT_UNKNOWN;
		r->threshold = json_number_value(unknown);
		if (!(r->threshold > 0 && r->threshold <= 1))
			add(l, mline(l, when, "unknown_at_least"),
			    "%s: \"unknown_at_least\" is a share and must lie in (0, 1], not %g", what,
			    r->threshold);
	}
}

static void load_rules(struct ld *l, const json_t *root)
{
	static const char *const keys[] = {"id", "when", "outcome", "actions", "parties", NULL};
	static const char *const pkeys[] = {"type", "label", NULL};
	struct method *m = l->m;
	const json_t *arr = array_of(l, root, "rules", false);
	if (!arr)
		return;
	m->n_rules = json_array_size(arr);
	m->rules = xcalloc(m->n_rules, sizeof *m->rules);
	struct idlist ids = {0};
	for (size_t i = 0; i < m->n_rules; i++) {
		const json_t *o = json_array_get(arr, i);
		struct method_rule *r = &m->rules[i];
		if (!json_is_object(o)) {
			add(l, eline(l, arr, i), "rules[%zu] must be an object", i);
			continue;
		}
		char *what = name_of("rule", "rules", o, i);
		check_keys(l, o, keys, what);
		const char *id = get_id(l, o, "id", true, what);
		if (id) {
			r->id = xstrdup(id);
			idlist_add(l, &ids, r->id, mline(l, o, "id"), "rule");
		}
		load_when(l, o, r, what);
		const json_t *jo = member(l, o, "outcome", W_STRING, false, what);
		if (jo && method_outcome_parse(json_string_value(jo), &r->outcome))
			add(l, mline(l, o, "outcome"),
			    "%s: unknown outcome \"%s\"; use improve, right-size, adjust, substitute, "
			    "postpone or stop",
			    what, json_string_value(jo));
		const json_t *acts = member(l, o, "actions", W_ARRAY, true, what);
		if (acts && !json_array_size(acts))
			add(l, mline(l, o, "actions"), "%s: \"actions\" needs at least one action", what);
		if (acts) {
			r->n_actions = json_array_size(acts);
			r->actions = xcalloc(r->n_actions, sizeof *r->actions);
			for (size_t k = 0; k < r->n_actions; k++) {
				struct buf label = BUF_INIT;
				buf_printf(&label, "actions[%zu]", k);
				take_text_value(l, json_array_get(acts, k), eline(l, acts, k),
						buf_str(&label), &r->actions[k], what);
				buf_free(&label);
			}
		}
		const json_t *parties = member(l, o, "parties", W_ARRAY, false, what);
		if (parties) {
			r->n_parties = json_array_size(parties);
			r->parties = xcalloc(r->n_parties, sizeof *r->parties);
		}
		for (size_t k = 0; parties && k < r->n_parties; k++) {
			const json_t *p = json_array_get(parties, k);
			if (!json_is_object(p)) {
				add(l, eline(l, parties, k), "%s: parties[%zu] must be an object", what, k);
				continue;
			}
			check_keys(l, p, pkeys, what);
			const json_t *type = member(l, p, "type", W_STRING, true, what);
			if (type) {
				const char *t = json_string_value(type);
				for (int n = METHOD_PARTY_OVERHEID; n <= METHOD_PARTY_SAMENLEVING; n++)
					if (!strcmp(t, party_names[n]))
						r->parties[k].type = (enum method_party_type)n;
				if (!r->parties[k].type)
					add(l, mline(l, p, "type"),
					    "%s: unknown party type \"%s\"; use overheid, markt, "
					    "wetenschap or samenleving",
					    what, t);
			}
			take_text(l, p, "label", false, &r->parties[k].label, what);
		}
		free(what);
	}
	idlist_free(&ids);
}

/* ---- whole-method checks ---- */

/* A measure names one figure for other modules: at most one question each. */
static void check_measures(struct ld *l, const json_t *root)
{
	struct method *m = l->m;
	(void)root;
	for (size_t i = 0; i < m->n_questions; i++) {
		const struct method_question *q = &m->questions[i];
		for (size_t k = 0; q->measure && k < i; k++)
			if (m->questions[k].measure == q->measure) {
				add(l, l->question_line ? l->question_line[i] : 1,
				    "question \"%s\": measure \"%s\" is already carried by question \"%s\"",
				    q->id ? q->id : "?", measure_names[q->measure],
				    m->questions[k].id ? m->questions[k].id : "?");
				break;
			}
	}
}

/* "based_on": {"name": text, "note": text}. */
static void load_based_on(struct ld *l, const json_t *root)
{
	static const char *const keys[] = {"name", "note", NULL};
	const json_t *b = member(l, root, "based_on", W_OBJECT, true, "method");
	if (!b)
		return;
	check_keys(l, b, keys, "method: based_on");
	take_text(l, b, "name", true, &l->m->based_on_name, "method: based_on");
	take_text(l, b, "note", true, &l->m->based_on_note, "method: based_on");
}

static void load_decision_criteria(struct ld *l, const json_t *root)
{
	const json_t *arr = array_of(l, root, "decision_criteria", false);
	if (!arr)
		return;
	if (!json_array_size(arr))
		add(l, mline(l, root, "decision_criteria"),
		    "method: \"decision_criteria\" needs at least one criterion when present");
	struct method *m = l->m;
	m->n_decision_criteria = json_array_size(arr);
	m->decision_criteria = xcalloc(m->n_decision_criteria + 1, sizeof *m->decision_criteria);
	for (size_t k = 0; k < m->n_decision_criteria; k++) {
		char label[40];
		snprintf(label, sizeof label, "decision_criteria[%zu]", k);
		take_text_value(l, json_array_get(arr, k), eline(l, arr, k), label, &m->decision_criteria[k],
				"method");
	}
}

static void check_coverage(struct ld *l)
{
	struct method *m = l->m;
	for (size_t i = 0; i < m->n_ingredients; i++) {
		const struct method_ingredient *in = &m->ingredients[i];
		if (in->id && !in->n_questions)
			add(l, l->ingredient_line[i], "ingredient \"%s\": no question feeds it", in->id);
	}
	for (size_t i = 0; i < m->n_components; i++) {
		const struct method_component *c = &m->components[i];
		bool r = false, u = false;
		for (size_t k = 0; k < m->n_questions; k++) {
			if (m->questions[k].component != c)
				continue;
			r |= m->questions[k].dimension == METHOD_DIM_READINESS;
			u |= m->questions[k].dimension == METHOD_DIM_USE;
		}
		if (c->id && !r)
			add(l, l->component_line[i], "component \"%s\": no question scores its readiness",
			    c->id);
		if (c->id && !u)
			add(l, l->component_line[i], "component \"%s\": no question scores its use", c->id);
	}
}

int method_load_json(const json_t *root, const struct jsonpos *pos, struct method **out,
		     struct method_problems *pr)
{
	static const char *const keys[] = {"format",
					   "id",
					   "version",
					   "title",
					   "description",
					   "based_on",
					   "decision_criteria",
					   "scales",
					   "option_sets",
					   "ingredients",
					   "components",
					   "routes",
					   "pitfalls",
					   "sections",
					   "rules",
					   NULL};
	struct ld l = {0};
	l.pos = pos;
	l.pr = pr;
	l.m = xcalloc(1, sizeof *l.m);
	size_t before = pr->n;
	*out = NULL;
	if (!json_is_object(root)) {
		add(&l, 1, "a method must be a JSON object");
		goto done;
	}
	check_keys(&l, root, keys, "method");
	const json_t *fmt = member(&l, root, "format", W_STRING, true, "method");
	if (fmt && strcmp(json_string_value(fmt), METHOD_FORMAT))
		add(&l, mline(&l, root, "format"), "method: \"format\" must be \"%s\", not \"%s\"",
		    METHOD_FORMAT, json_string_value(fmt));
	const char *id = get_id(&l, root, "id", true, "method");
	if (id)
		l.m->id = xstrdup(id);
	const json_t *ver = member(&l, root, "version", W_INT, true, "method");
	if (ver && (json_integer_value(ver) < 1 || json_integer_value(ver) > 1000000))
		add(&l, mline(&l, root, "version"),
		    "method: \"version\" must be a whole number from 1 up, not %lld",
		    (long long)json_integer_value(ver));
	else if (ver)
		l.m->version = (int)json_integer_value(ver);
	take_text(&l, root, "title", true, &l.m->title, "method");
	take_text(&l, root, "description", true, &l.m->description, "method");
	load_based_on(&l, root);
	load_decision_criteria(&l, root);
	load_scales(&l, root);
	load_option_sets(&l, root);
	load_catalogues(&l, root);
	load_sections(&l, root);
	load_rules(&l, root);
	check_coverage(&l);
	check_measures(&l, root);
done:
	for (size_t i = 0; i < l.n_sets; i++) {
		free(l.sets[i].id);
		options_free(l.sets[i].options, l.sets[i].n_options);
	}
	free(l.sets);
	free(l.ingredient_line);
	free(l.component_line);
	free(l.pitfall_line);
	free(l.question_line);
	if (pr->n > before) {
		sort_problems(pr->v + before, pr->n - before);
		method_free(l.m);
		return -ERR_INVALID;
	}
	*out = l.m;
	return 0;
}

int method_load(const char *data, size_t len, struct method **out, struct method_problems *pr)
{
	struct jsonpos *pos;
	struct jsonpos_error err;
	*out = NULL;
	json_t *root = jsonpos_parse(data, len, &pos, &err);
	if (!root) {
		struct ld l = {0};
		l.pr = pr;
		add(&l, err.line, "invalid JSON at column %d: %s", err.column, err.message);
		return -ERR_INVALID;
	}
	int rc = method_load_json(root, pos, out, pr);
	json_decref(root);
	jsonpos_free(pos);
	return rc;
}

void method_free(struct method *m)
{
	if (!m)
		return;
	free(m->id);
	text_free(&m->title);
	text_free(&m->description);
	text_free(&m->based_on_name);
	text_free(&m->based_on_note);
	for (size_t i = 0; i < m->n_decision_criteria; i++)
		text_free(&m->decision_criteria[i]);
	free(m->decision_criteria);
	for (size_t i = 0; i < m->n_scales; i++) {
		free(m->scales[i].id);
		for (size_t k = 0; k < m->scales[i].n_anchors; k++)
			text_free(&m->scales[i].anchors[k].text);
		free(m->scales[i].anchors);
	}
	free(m->scales);
	for (size_t i = 0; i < m->n_ingredients; i++) {
		free(m->ingredients[i].id);
		text_free(&m->ingredients[i].title);
		text_free(&m->ingredients[i].description);
	}
	free(m->ingredients);
	for (size_t i = 0; i < m->n_components; i++) {
		free(m->components[i].id);
		text_free(&m->components[i].title);
		text_free(&m->components[i].description);
	}
	free(m->components);
	for (size_t i = 0; i < m->n_routes; i++) {
		free(m->routes[i].id);
		text_free(&m->routes[i].title);
		text_free(&m->routes[i].description);
		free(m->routes[i].pitfalls);
	}
	free(m->routes);
	for (size_t i = 0; i < m->n_pitfalls; i++) {
		free(m->pitfalls[i].id);
		text_free(&m->pitfalls[i].title);
		text_free(&m->pitfalls[i].description);
		text_free(&m->pitfalls[i].prevention);
	}
	free(m->pitfalls);
	for (size_t i = 0; i < m->n_sections; i++) {
		free(m->sections[i].id);
		text_free(&m->sections[i].title);
		text_free(&m->sections[i].intro);
	}
	free(m->sections);
	for (size_t i = 0; i < m->n_questions; i++) {
		struct method_question *q = &m->questions[i];
		free(q->id);
		text_free(&q->prompt);
		text_free(&q->help);
		options_free(q->options, q->n_options);
	}
	free(m->questions);
	for (size_t i = 0; i < m->n_rules; i++) {
		struct method_rule *r = &m->rules[i];
		free(r->id);
		for (size_t k = 0; k < r->n_actions; k++)
			text_free(&r->actions[k]);
		free(r->actions);
		for (size_t k = 0; k < r->n_parties; k++)
			text_free(&r->parties[k].label);
		free(r->parties);
	}
	free(m->rules);
	free(m);
}

/* ---- lookups ---- */

#define FIND(arr, n, id)                                                                                     \
	do {                                                                                                 \
		if (!m || !(id))                                                                             \
			return NULL;                                                                         \
		for (size_t i_ = 0; i_ < m->n; i_++)                                                         \
			if (m->arr[i_].id && !strcmp(m->arr[i_].id, (id)))                                   \
				return &m->arr[i_];                                                          \
		return NULL;                                                                                 \
	} while (0)

const struct method_question *method_question_find(const struct method *m, const char *id)
{
	FIND(questions, n_questions, id);
}

const struct method_ingredient *method_ingredient_find(const struct method *m, const char *id)
{
	FIND(ingredients, n_ingredients, id);
}

const struct method_component *method_component_find(const struct method *m, const char *id)
{
	FIND(components, n_components, id);
}

const struct method_route *method_route_find(const struct method *m, const char *id)
{
	FIND(routes, n_routes, id);
}

const struct method_pitfall *method_pitfall_find(const struct method *m, const char *id)
{
	FIND(pitfalls, n_pitfalls, id);
}

const struct method_scale *method_scale_find(const struct method *m, const char *id)
{
	FIND(scales, n_scales, id);
}

const struct method_option *method_option_find(const struct method_question *q, const char *id)
{
	if (!q || !id)
		return NULL;
	for (size_t i = 0; i < q->n_options; i++)
		if (q->options[i].id && !strcmp(q->options[i].id, id))
			return &q->options[i];
	return NULL;
}

size_t method_ingredient_index(const struct method *m, const struct method_ingredient *in)
{
	BUG_ON(in < m->ingredients || in >= m->ingredients + m->n_ingredients);
	return (size_t)(in - m->ingredients);
}

size_t method_component_index(const struct method *m, const struct method_component *c)
{
	BUG_ON(c < m->components || c >= m->components + m->n_components);
	return (size_t)(c - m->components);
}

size_t method_pitfall_index(const struct method *m, const struct method_pitfall *p)
{
	BUG_ON(p < m->pitfalls || p >= m->pitfalls + m->n_pitfalls);
	return (size_t)(p - m->pitfalls);
}

bool method_level_valid(const struct method_question *q, int level)
{
	return q && q->kind == METHOD_SCALE && q->scale && level >= q->scale->min && level <= q->scale->max;
}

const struct method_text *method_anchor(const struct method_question *q, int level)
{
	if (!method_level_valid(q, level))
		return NULL;
	return &q->scale->anchors[level - q->scale->min].text;
}

const char *method_text_get(const struct method_text *t, const char *lang)
{
	if (!t)
		return NULL;
	if (lang && !strcmp(lang, "en"))
		return t->en;
	return t->nl;
}

const char *method_kind_name(enum method_kind k)
{
	return k >= METHOD_TEXT && k <= METHOD_NUMBER ? kind_names[k] : "?";
}

const char *method_party_type_name(enum method_party_type t)
{
	return t >= METHOD_PARTY_OVERHEID && t <= METHOD_PARTY_SAMENLEVING ? party_names[t] : "?";
}

const char *method_pitfall_state_name(enum method_pitfall_state s)
{
	return s <= METHOD_PITFALL_MITIGATED ? pitfall_state_names[s] : "?";
}

const char *method_dimension_name(enum method_dimension d)
{
	switch (d) {
	case METHOD_DIM_READINESS: return "readiness";
	case METHOD_DIM_USE: return "use";
	default: return "none";
	}
}

const char *method_scale_kind_name(enum method_scale_kind k)
{
	return k >= METHOD_SCALE_PROGRESS && k <= METHOD_SCALE_EVIDENCE ? scale_kind_names[k] : "";
}

const char *method_form_name(enum method_form f)
{
	return f >= METHOD_FORM_HOW_FAR && f <= METHOD_FORM_WHICH_LEVEL ? form_names[f] : "";
}

const char *method_route_kind_name(enum method_route_kind k)
{
	return k == METHOD_ROUTE_DIRECTION || k == METHOD_ROUTE_MECHANISM ? route_kind_names[k] : "";
}

const char *method_outcome_name(enum method_outcome o)
{
	return (unsigned)o < METHOD_OUTCOME_COUNT ? outcome_names[o] : "improve";
}

int method_outcome_parse(const char *s, enum method_outcome *out)
{
	for (int i = 0; s && outcome_names[i]; i++)
		if (!strcmp(outcome_names[i], s)) {
			*out = (enum method_outcome)i;
			return 0;
		}
	return -ERR_INVALID;
}

const char *method_outcome_label(enum method_outcome o, const char *lang)
{
	static const char *const nl[] = {"verbeteren", "juistschalen", "bijsturen",
					 "vervangen",  "uitstellen",   "stoppen"};
	static const char *const en[] = {"improve", "right-size", "adjust", "substitute", "postpone", "stop"};
	if ((unsigned)o >= METHOD_OUTCOME_COUNT)
		o = METHOD_OUTCOME_IMPROVE;
	return lang && !strcmp(lang, "en") ? en[o] : nl[o];
}

const char *method_unit_name(enum method_unit u)
{
	return u >= METHOD_UNIT_EURO && u <= METHOD_UNIT_PERCENT ? unit_names[u] : "";
}

const char *method_measure_name(enum method_measure m)
{
	return (unsigned)m < METHOD_MEASURE_COUNT && m ? measure_names[m] : "";
}

const struct method_question *method_measure_question(const struct method *m, enum method_measure measure)
{
	for (size_t i = 0; m && measure && i < m->n_questions; i++)
		if (m->questions[i].measure == measure)
			return &m->questions[i];
	return NULL;
}

/* A number as people write it: "2", "2,5" (nl) or "2.5" (en). */
static void put_num(struct buf *out, double x, bool nl)
{
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%g", x);
	for (char *p = tmp; *p; p++)
		if (*p == '.' && nl)
			*p = ',';
	buf_puts(out, tmp);
}

/* A share as words where a fraction reads better: "de helft", "een derde". */
static void put_share(struct buf *out, double s, bool nl)
{
	static const struct {
		double v;
		const char *nl, *en;
	} words[] = {
	    {1.0 / 4, "een kwart", "a quarter"},
	    {1.0 / 3, "een derde", "a third"},
	    {1.0 / 2, "de helft", "half"},
	    {2.0 / 3, "twee derde", "two thirds"},
	    {3.0 / 4, "driekwart", "three quarters"},
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (s > words[i].v - 1e-6 && s < words[i].v + 1e-6) {
			buf_puts(out, nl ? words[i].nl : words[i].en);
			return;
		}
	put_num(out, (double)(long)(s * 1000 + 0.5) / 10, nl);
	buf_puts(out, "%");
}

void method_rule_condition(const struct method_rule *r, const char *lang, struct buf *out)
{
	bool nl = !(lang && !strcmp(lang, "en"));
	switch (r->kind) {
	case METHOD_RULE_INGREDIENT_BELOW:
		buf_printf(out,
			   nl ? "mediaan van \u201c%s\u201d lager dan " : "median of \u201c%s\u201d below ",
			   method_text_get(&r->ingredient->title, lang));
		put_num(out, r->threshold, nl);
		break;
	case METHOD_RULE_INGREDIENT_UNKNOWN:
		if (r->threshold >= 1 - 1e-9) {
			buf_printf(out,
				   nl ? "alle antwoorden op \u201c%s\u201d zijn \u201cweet niet\u201d"
				      : "every answer on \u201c%s\u201d is \u201cdon't know\u201d",
				   method_text_get(&r->ingredient->title, lang));
			break;
		}
		put_share(out, r->threshold, nl);
		buf_printf(out,
			   nl ? " of meer van de antwoorden op \u201c%s\u201d is \u201cweet niet\u201d"
			      : " or more of the answers on \u201c%s\u201d are \u201cdon't know\u201d",
			   method_text_get(&r->ingredient->title, lang));
		break;
	case METHOD_RULE_COMPONENT_BELOW:
		buf_printf(out,
			   nl ? "laagste mediaan van gereedheid en gebruik van \u201c%s\u201d lager dan "
			      : "lower median of readiness and use of \u201c%s\u201d below ",
			   method_text_get(&r->component->title, lang));
		put_num(out, r->threshold, nl);
		break;
	case METHOD_RULE_PITFALL_PRESENT:
		buf_printf(
		    out,
		    nl ? "de meeste beoordelaars zien valkuil \u201c%s\u201d als aanwezig (bij gelijke "
			 "stand telt aanwezig)"
		       : "most raters see pitfall \u201c%s\u201d as present (a tie counts as present)",
		    method_text_get(&r->pitfall->title, lang));
		break;
	case METHOD_RULE_ROUTE_CHOSEN:
		buf_printf(out,
			   nl ? "route \u201c%s\u201d is het vaakst gekozen door wie de vraag beantwoordde "
				"(gedeeld telt mee)"
			      : "route \u201c%s\u201d is chosen most often by those who answered (a shared "
				"first place counts)",
			   method_text_get(&r->route->title, lang));
		break;
	}
}

void method_fill_ambition(const char *text, const char *ambition, struct buf *out)
{
	static const char *const marks[] = {"{ambitie}", "{ambition}"};
	while (text && *text) {
		size_t skip = 0;
		for (int i = 0; i < 2 && !skip; i++)
			if (!strncmp(text, marks[i], strlen(marks[i])))
				skip = strlen(marks[i]);
		if (skip) {
			buf_puts(out, ambition ? ambition : "");
			text += skip;
		} else {
			buf_putc(out, *text++);
		}
	}
}
