/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * template: renders templates straight from their text (they are small and
 * compiled in). Escaping is the default; `raw` is the one greppable way out.
 * Must never evaluate anything but lookups: no code in templates.
 */
#include "template.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/static.h"
#include "lib/assets.h"
#include "lib/i18n.h"
#include "lib/jsonout.h"
#include "lib/util.h"
#include "view/format.h"

#define MAX_STACK 32
#define MAX_INCLUDE 8
#define CLOSE_CACHE 32 /* a power of two */

/* Where a section's {{/name}} is, remembered by the section body's start,
 * the end of the text it is searched in and the name (its place and length): a section inside a list is
 * entered once per item, and without this each entry scanned its whole body again (a table row with a nested
 * section, or sections over lists nested deep). */
struct close_hit {
	const char *s, *end, *name, *close, *after;
	size_t nl;
};

struct tctx {
	json_t *stack[MAX_STACK];
	/* the nearest object at or below each level, -1 for none: a name is only
	 * looked up in objects, and items of a list are often plain values */
	int obj_at[MAX_STACK];
	int depth;
	int includes;
	const char *lang;
	long steps; /* tags handled and sections entered so far */
	long max_steps;
	size_t out_start; /* out->len when rendering began */
	size_t max_output;
	struct close_hit closes[CLOSE_CACHE];
};

/* Sections over lists nest: a template of a few hundred bytes can ask for
 * 2^depth renderings. The work and the output are bounded (template.h). */
static int over_budget(struct tctx *t, const struct buf *out)
{
	return ++t->steps > t->max_steps || out->len - t->out_start > t->max_output;
}

static void push(struct tctx *t, json_t *v)
{
	t->obj_at[t->depth] = json_is_object(v) ? t->depth : t->depth ? t->obj_at[t->depth - 1] : -1;
	t->stack[t->depth++] = v;
}

static json_t *lookup(struct tctx *t, const char *path, size_t n)
{
	if (n == 1 && path[0] == '.')
		return t->stack[t->depth - 1];
	char seg[128];
	const char *end = path + n;
	const char *dot = memchr(path, '.', n);
	size_t sl = dot ? (size_t)(dot - path) : n;
	if (sl >= sizeof seg)
		return NULL;
	memcpy(seg, path, sl);
	seg[sl] = 0;
	json_t *v = NULL;
	for (int i = t->obj_at[t->depth - 1]; i >= 0 && !v; i = i ? t->obj_at[i - 1] : -1)
		v = json_object_getn(t->stack[i], seg, sl);
	while (v && dot) {
		path = dot + 1;
		dot = memchr(path, '.', (size_t)(end - path));
		sl = dot ? (size_t)(dot - path) : (size_t)(end - path);
		if (sl >= sizeof seg)
			return NULL;
		memcpy(seg, path, sl);
		seg[sl] = 0;
		if (json_is_array(v)) {
			char *end_num;
			unsigned long idx = strtoul(seg, &end_num, 10);
			v = (*seg && !*end_num) ? json_array_get(v, idx) : NULL;
		} else {
			v = json_object_get(v, seg);
		}
	}
	return v;
}

static void value_text(json_t *v, struct buf *out)
{
	char num[64];
	switch (json_typeof(v)) {
	case JSON_STRING: buf_add(out, json_string_value(v), json_string_length(v)); break;
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		buf_puts(out, num);
		break;
	case JSON_REAL:
		snprintf(num, sizeof num, "%.4g", json_real_value(v));
		buf_puts(out, num);
		break;
	case JSON_TRUE: buf_puts(out, "true"); break;
	case JSON_FALSE: buf_puts(out, "false"); break;
	default: break;
	}
}

static int truthy(json_t *v)
{
	if (!v)
		return 0;
	switch (json_typeof(v)) {
	case JSON_NULL:
	case JSON_FALSE: return 0;
	case JSON_STRING: return json_string_length(v) > 0;
	case JSON_ARRAY: return json_array_size(v) > 0;
	case JSON_INTEGER: return json_integer_value(v) != 0;
	case JSON_REAL: return json_real_value(v) != 0;
	default: return 1;
	}
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' '))
		(*s)++, (*n)--;
	while (*n && (*s)[*n - 1] == ' ')
		(*n)--;
}

/* Value of a section name "a" or comparison "a==lit" / "a==@path". */
static int section_test(struct tctx *t, const char *name, size_t n, json_t **val)
{
	const char *eq = NULL;
	for (size_t i = 0; i + 1 < n; i++)
		if (name[i] == '=' && name[i + 1] == '=') {
			eq = name + i;
			break;
		}
	if (!eq) {
		*val = lookup(t, name, n);
		return truthy(*val);
	}
	*val = NULL;
	struct buf a = BUF_INIT, b = BUF_INIT;
	json_t *lv = lookup(t, name, (size_t)(eq - name));
	if (lv)
		value_text(lv, &a);
	const char *lit = eq + 2;
	size_t ll = n - (size_t)(lit - name);
	if (ll && lit[0] == '@') {
		json_t *rv = lookup(t, lit + 1, ll - 1);
		if (rv)
			value_text(rv, &b);
	} else {
		buf_add(&b, lit, ll);
	}
	int same = lv && a.len == b.len && !memcmp(buf_str(&a), buf_str(&b), a.len);
	buf_free(&a);
	buf_free(&b);
	return same;
}

static int render(struct tctx *t, const char *s, size_t n, struct buf *out);

/* First "cc" in [p, end): memchr is much faster than memmem on a hot path. */
static const char *pair(const char *p, const char *end, char c)
{
	while (p < end) {
		const char *q = memchr(p, c, (size_t)(end - p));
		if (!q || q + 1 >= end)
			return NULL;
		if (q[1] == c)
			return q;
		p = q + 1;
	}
	return NULL;
}

/* A stored date ("YYYY-MM-DD") or UTC time (RFC 3339 "...Z") as people read
 * it: "3 maart 2027", or "22 november 2026, 20:42" in the local zone (TZ).
 * Anything else is shown as it is. Escaped. */
static void date_text(const char *lang, const char *s, struct buf *out)
{
	struct tm tm = {0};
	char key[32], tmp[160];
	int y, mo, d, h = 0, mi = 0, sec = 0;
	size_t len = strlen(s);
	int has_time = len == 20 && s[10] == 'T' && s[19] == 'Z';
	if ((len != 10 && !has_time) || sscanf(s, "%4d-%2d-%2d", &y, &mo, &d) != 3 || mo < 1 || mo > 12 ||
	    d < 1 || d > 31 || (has_time && sscanf(s + 11, "%2d:%2d:%2d", &h, &mi, &sec) != 3)) {
		buf_html(out, s);
		return;
	}
	if (has_time) {
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = sec;
		time_t tt = timegm(&tm);
		localtime_r(&tt, &tm);
		y = tm.tm_year + 1900;
		mo = tm.tm_mon + 1;
		d = tm.tm_mday;
	}
	snprintf(key, sizeof key, "month.%d", mo);
	if (has_time)
		snprintf(tmp, sizeof tmp, "%d %s %d, %02d:%02d", d, i18n_t(lang, key), y, tm.tm_hour,
			 tm.tm_min);
	else
		snprintf(tmp, sizeof tmp, "%d %s %d", d, i18n_t(lang, key), y);
	buf_html(out, tmp);
}

/* JSON for a <script type="application/json"> data block: nothing in it can
 * end the element or open markup, because <, > and & are \u-escaped. */
static void json_embed(json_t *v, struct buf *out)
{
	struct buf j = BUF_INIT;
	if (json_out(&j, v ? v : json_null()) < 0)
		buf_reset(&j); /* as json_dumps: nothing for text that is not UTF-8 */
	char *s = buf_steal(&j);
	for (const char *p = s; p && *p; p++) {
		if (*p == '<')
			buf_puts(out, "\\u003c");
		else if (*p == '>')
			buf_puts(out, "\\u003e");
		else if (*p == '&')
			buf_puts(out, "\\u0026");
		else
			buf_putc(out, *p);
	}
	free(s);
}

/* Finds the {{/name}} that closes a section opened just before s. */
static const char *find_close(const char *s, const char *end, const char *name, size_t nl, const char **after)
{
	int depth = 1;
	const char *p = s;
	while (p < end) {
		const char *o = pair(p, end, '{');
		if (!o)
			return NULL;
		const char *c = pair(o, end, '}');
		if (!c)
			return NULL;
		const char *tag = o + 2;
		size_t tl = (size_t)(c - tag);
		if (tl == nl + 1 && (tag[0] == '#' || tag[0] == '^') && !memcmp(tag + 1, name, nl))
			depth++;
		else if (tl == nl + 1 && tag[0] == '/' && !memcmp(tag + 1, name, nl) && --depth == 0) {
			*after = c + 2;
			return o;
		}
		p = c + 2;
	}
	return NULL;
}

static const char *find_close_cached(struct tctx *t, const char *s, const char *end, const char *name,
				     size_t nl, const char **after)
{
	uintptr_t h = (uintptr_t)s;
	struct close_hit *c = &t->closes[((h >> 3) ^ (h >> 11)) & (CLOSE_CACHE - 1)];
	if (c->s == s && c->end == end && c->name == name && c->nl == nl) {
		*after = c->after;
		return c->close;
	}
	const char *close = find_close(s, end, name, nl, after);
	if (close)
		*c = (struct close_hit){s, end, name, close, *after, nl};
	return close;
}

/* Templates are found by name wherever they live under web/templates/ (a
 * module keeps its own in web/templates/<module>/), so names are unique:
 * the index is built once and a duplicate name is a build defect. */
struct tindex {
	char name[100];
	const struct asset *a;
};
static struct tindex *tindex;
static size_t tindex_n;
static pthread_once_t tindex_once = PTHREAD_ONCE_INIT;

static int by_tname(const void *x, const void *y)
{
	return strcmp(((const struct tindex *)x)->name, ((const struct tindex *)y)->name);
}

static void build_index(void)
{
	static const char dir[] = "web/templates/";
	tindex = xcalloc(assets_count + 1, sizeof *tindex);
	for (size_t i = 0; i < assets_count; i++) {
		const char *nm = assets_table[i].name;
		size_t len = strlen(nm);
		if (strncmp(nm, dir, sizeof dir - 1) || len < 5 || strcmp(nm + len - 5, ".html"))
			continue;
		const char *base = strrchr(nm, '/') + 1;
		size_t bl = (size_t)(nm + len - 5 - base);
		BUG_ON(bl >= sizeof tindex[0].name);
		memcpy(tindex[tindex_n].name, base, bl);
		tindex[tindex_n++].a = &assets_table[i];
	}
	qsort(tindex, tindex_n, sizeof *tindex, by_tname);
	for (size_t i = 1; i < tindex_n; i++)
		if (!strcmp(tindex[i].name, tindex[i - 1].name))
			BUG("two templates are named %s: %s and %s", tindex[i].name, tindex[i - 1].a->name,
			    tindex[i].a->name);
}

const struct asset *template_find(const char *name)
{
	pthread_once(&tindex_once, build_index);
	struct tindex key;
	snprintf(key.name, sizeof key.name, "%s", name);
	struct tindex *hit = bsearch(&key, tindex, tindex_n, sizeof *tindex, by_tname);
	return hit ? hit->a : NULL;
}

static int include(struct tctx *t, const char *name, size_t n, struct buf *out)
{
	char path[160];
	if (n > 100 || t->includes >= MAX_INCLUDE)
		return -ERR_INVALID;
	snprintf(path, sizeof path, "%.*s", (int)n, name);
	const struct asset *a = template_find(path);
	if (!a)
		return -ERR_NOTFOUND;
	t->includes++;
	int rc = render(t, (const char *)a->data, a->len, out);
	t->includes--;
	return rc;
}

/* {{> name k=v k2=@path}}: includes name with parameters. A parameter is
 * a literal word or, with @, the value at a path of the current context
 * (null when there is none, so a parameter never falls through to an outer
 * name). The parameters are the innermost context while name renders. */
static int partial(struct tctx *t, const char *tag, size_t n, struct buf *out)
{
	size_t nl = 0;
	while (nl < n && tag[nl] != ' ')
		nl++;
	if (nl == n)
		return include(t, tag, n, out);
	if (t->depth >= MAX_STACK)
		return -ERR_INVALID;
	json_t *params = json_object();
	const char *p = tag + nl, *end = tag + n;
	int rc = 0;
	while (p < end && !rc) {
		while (p < end && *p == ' ')
			p++;
		const char *w = p;
		while (p < end && *p != ' ')
			p++;
		if (p == w)
			break;
		const char *eq = memchr(w, '=', (size_t)(p - w));
		char key[64];
		if (!eq || eq == w || (size_t)(eq - w) >= sizeof key) {
			rc = -ERR_INVALID;
			break;
		}
		memcpy(key, w, (size_t)(eq - w));
		key[eq - w] = 0;
		const char *v = eq + 1;
		size_t vl = (size_t)(p - v);
		json_t *val;
		if (vl > 1 && v[0] == '@') {
			val = lookup(t, v + 1, vl - 1);
			val = val ? json_incref(val) : json_null();
		} else {
			val = json_stringn(v, vl);
		}
		json_object_set_new(params, key, val ? val : json_null());
	}
	if (!rc) {
		push(t, params);
		rc = include(t, tag, nl, out);
		t->depth--;
	}
	json_decref(params);
	return rc;
}

/* The length of a tag's first word when more follows it ("t" in "t key"),
 * else 0: one scan per tag, then each verb is a length test and at most one
 * compare instead of a compare per verb. */
static size_t verb_len(const char *tag, size_t tl)
{
	const char *sp = memchr(tag, ' ', tl);
	return sp && sp + 1 < tag + tl ? (size_t)(sp - tag) : 0;
}

static bool is_verb(const char *tag, size_t verb, const char *word)
{
	size_t wl = strlen(word);
	return verb == wl && !memcmp(tag, word, wl);
}

static int render(struct tctx *t, const char *s, size_t n, struct buf *out)
{
	const char *end = s + n;
	while (s < end) {
		const char *o = pair(s, end, '{');
		if (!o) {
			buf_add(out, s, (size_t)(end - s));
			break;
		}
		buf_add(out, s, (size_t)(o - s));
		const char *c = pair(o + 2, end, '}');
		if (!c)
			return -ERR_INVALID;
		const char *tag = o + 2;
		size_t tl = (size_t)(c - tag);
		s = c + 2;
		trim(&tag, &tl);
		if (!tl || over_budget(t, out))
			return -ERR_INVALID;
		char kind = tag[0];
		size_t verb = verb_len(tag, tl);
		if (kind == '!') {
			/* a comment: licence headers and notes, never sent (nor its line end) */
			if (s < end && *s == '\n')
				s++;
		} else if (kind == '#' || kind == '^') {
			const char *name = tag + 1;
			size_t nl = tl - 1;
			const char *after;
			const char *close = find_close_cached(t, s, end, name, nl, &after);
			if (!close)
				return -ERR_INVALID;
			json_t *v;
			int yes = section_test(t, name, nl, &v);
			int rc = 0;
			if (kind == '^') {
				if (!yes)
					rc = render(t, s, (size_t)(close - s), out);
			} else if (yes && v && json_is_array(v)) {
				size_t i;
				json_t *item;
				if (t->depth >= MAX_STACK)
					return -ERR_INVALID;
				json_array_foreach (v, i, item) {
					if (over_budget(t, out))
						return -ERR_INVALID;
					push(t, item);
					rc = render(t, s, (size_t)(close - s), out);
					t->depth--;
					if (rc)
						break;
				}
			} else if (yes && v && json_is_object(v)) {
				if (t->depth >= MAX_STACK)
					return -ERR_INVALID;
				push(t, v);
				rc = render(t, s, (size_t)(close - s), out);
				t->depth--;
			} else if (yes) {
				rc = render(t, s, (size_t)(close - s), out);
			}
			if (rc)
				return rc;
			s = after;
		} else if (kind == '/') {
			return -ERR_INVALID; /* a close without an open */
		} else if (kind == '>') {
			const char *name = tag + 1;
			size_t nl = tl - 1;
			trim(&name, &nl);
			int rc = partial(t, name, nl, out);
			if (rc)
				return rc;
		} else if (is_verb(tag, verb, "t")) {
			char key[128];
			const char *k = tag + 2;
			size_t kl = tl - 2;
			trim(&k, &kl);
			if (kl > 1 && k[0] == '@') {
				/* {{t @path}}: the key is the value at path (a partial's parameter) */
				json_t *kv = lookup(t, k + 1, kl - 1);
				if (json_is_string(kv))
					buf_html(out, i18n_t(t->lang, json_string_value(kv)));
				continue;
			}
			if (kl >= sizeof key)
				return -ERR_INVALID;
			memcpy(key, k, kl);
			key[kl] = 0;
			buf_html(out, i18n_t(t->lang, key));
		} else if (is_verb(tag, verb, "tv")) {
			const char *p = tag + 3;
			size_t pl = tl - 3;
			trim(&p, &pl);
			const char *sp = memchr(p, ' ', pl);
			if (!sp)
				return -ERR_INVALID;
			struct buf key = BUF_INIT;
			buf_add(&key, p, (size_t)(sp - p));
			json_t *v = lookup(t, sp + 1, pl - (size_t)(sp + 1 - p));
			if (v)
				value_text(v, &key);
			buf_html(out, i18n_t(t->lang, buf_str(&key)));
			buf_free(&key);
		} else if (is_verb(tag, verb, "num")) {
			/* a number as people read it in the page's language (view/format) */
			json_t *v = lookup(t, tag + 4, tl - 4);
			char num[64];
			if (json_is_integer(v))
				format_number((double)json_integer_value(v), 0, t->lang, num, sizeof num);
			else if (json_is_real(v))
				format_plain(json_real_value(v), t->lang, num, sizeof num);
			else
				num[0] = 0;
			buf_html(out, num);
		} else if (is_verb(tag, verb, "date")) {
			json_t *v = lookup(t, tag + 5, tl - 5);
			if (json_is_string(v))
				date_text(t->lang, json_string_value(v), out);
		} else if (is_verb(tag, verb, "json")) {
			json_t *v = lookup(t, tag + 5, tl - 5);
			json_embed(v, out);
		} else if (is_verb(tag, verb, "asset")) {
			/* a literal name; an unknown file fails the render, so a typo
			 * cannot ship a page with a dead link */
			char name[128];
			const char *k = tag + 6;
			size_t kl = tl - 6;
			trim(&k, &kl);
			if (kl >= sizeof name)
				return -ERR_INVALID;
			memcpy(name, k, kl);
			name[kl] = 0;
			const char *url = static_url(name);
			if (!url)
				return -ERR_NOTFOUND;
			buf_html(out, url);
		} else if (is_verb(tag, verb, "raw")) {
			json_t *v = lookup(t, tag + 4, tl - 4);
			if (v)
				value_text(v, out);
		} else {
			json_t *v = lookup(t, tag, tl);
			if (json_is_string(v)) {
				buf_html(out, json_string_value(v));
			} else if (v) {
				struct buf tmp = BUF_INIT;
				value_text(v, &tmp);
				buf_html(out, buf_str(&tmp));
				buf_free(&tmp);
			}
		}
	}
	return 0;
}

int template_render_bounded(const char *tpl, size_t len, json_t *ctx, const char *lang, long max_steps,
			    size_t max_output, struct buf *out)
{
	struct tctx t = {.depth = 0,
			 .lang = lang,
			 .max_steps = max_steps,
			 .out_start = out->len,
			 .max_output = max_output};
	push(&t, ctx);
	return render(&t, tpl, len, out);
}

int template_render_text(const char *tpl, size_t len, json_t *ctx, const char *lang, struct buf *out)
{
	return template_render_bounded(tpl, len, ctx, lang, TEMPLATE_MAX_STEPS, TEMPLATE_MAX_OUTPUT, out);
}

int template_render(const char *name, json_t *ctx, const char *lang, struct buf *out)
{
	struct tctx t = {.depth = 0,
			 .lang = lang,
			 .max_steps = TEMPLATE_MAX_STEPS,
			 .out_start = out->len,
			 .max_output = TEMPLATE_MAX_OUTPUT};
	push(&t, ctx);
	return include(&t, name, strlen(name), out);
}
