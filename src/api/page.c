/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page: the one pagination mechanism of every collection (see page.h).
 */
#include "api/page.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api/module.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/util.h"

static int64_t spec_max(const struct paged *s)
{
	return s->max > 0 ? s->max : PAGE_SIZE_MAX;
}

/* A key is an array of integers and strings. */
static int key_ok(const json_t *k)
{
	if (!json_is_array(k) || !json_array_size(k) || json_array_size(k) > 8)
		return 0;
	size_t i;
	json_t *v;
	json_array_foreach (k, i, v)
		if (!json_is_integer(v) && !json_is_string(v))
			return 0;
	return 1;
}

char *api_page_cursor(const json_t *key)
{
	if (json_array_size(key) == 1 && json_is_integer(json_array_get(key, 0))) {
		char *s = malloc(24);
		snprintf(s, 24, "%lld", (long long)json_integer_value(json_array_get(key, 0)));
		return s;
	}
	char *j = json_dumps(key, JSON_COMPACT);
	size_t n = sodium_base64_encoded_len(strlen(j), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *s = malloc(n);
	sodium_bin2base64(s, n, (const unsigned char *)j, strlen(j),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	free(j);
	return s;
}

json_t *api_page_cursor_key(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > PAGE_CURSOR_MAX)
		return NULL;
	int64_t id;
	if (strspn(s, "0123456789") == n)
		return api_parse_id(s, &id) == 0 ? json_pack("[I]", (json_int_t)id) : NULL;
	unsigned char bin[PAGE_CURSOR_MAX];
	size_t len = 0;
	if (sodium_base642bin(bin, sizeof bin - 1, s, n, NULL, &len, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return NULL;
	json_t *k = json_loadb((const char *)bin, len, JSON_REJECT_DUPLICATES, NULL);
	/* one cursor per key: a lone integer is written as its digits */
	if (!key_ok(k) || (json_array_size(k) == 1 && json_is_integer(json_array_get(k, 0)))) {
		json_decref(k);
		return NULL;
	}
	return k;
}

/* A small positive integer parameter: def when absent, -1 after naming it. */
static int64_t query_count(struct api_ctx *c, const char *name, int64_t def, int64_t max, const char *reason)
{
	const char *v = api_str(c->query, name);
	if (!v)
		return def;
	int64_t x;
	if (api_parse_id(v, &x) < 0 || x > max) {
		problem_add_params(c->invalid, name, reason, json_pack("{s:I}", "max", (json_int_t)max));
		return -1;
	}
	return x;
}

int api_page_parse(struct api_ctx *c, const struct paged *spec, struct page_req *p)
{
	memset(p, 0, sizeof *p);
	p->spec = spec;
	size_t bad = json_array_size(c->invalid);
	p->size =
	    query_count(c, "aantal", PAGE_SIZE_DEFAULT < spec_max(spec) ? PAGE_SIZE_DEFAULT : spec_max(spec),
			spec_max(spec), "err.page.size");
	const char *other = spec->kind == PAGE_CURSOR ? "pagina" : "na";
	if (api_str(c->query, other))
		problem_add(c->invalid, other,
			    spec->kind == PAGE_CURSOR ? "err.page.cursor_list" : "err.page.number_list");
	if (spec->kind == PAGE_NUMBER) {
		p->number = query_count(c, "pagina", 1, 1000000000, "err.page.number");
	} else {
		const char *na = api_str(c->query, "na");
		if (na && !(p->after = api_page_cursor_key(na)))
			problem_add(c->invalid, "na", "err.page.cursor");
	}
	return json_array_size(c->invalid) > bad ? -ERR_INVALID : 0;
}

void api_page_free(struct page_req *p)
{
	json_decref(p->after);
	p->after = NULL;
}

/* Compares two keys; 2 when they do not fit each other. */
static int key_cmp(const json_t *a, const json_t *b)
{
	if (json_array_size(a) != json_array_size(b))
		return 2;
	for (size_t i = 0; i < json_array_size(a); i++) {
		const json_t *x = json_array_get(a, i), *y = json_array_get(b, i);
		int d;
		if (json_is_integer(x) && json_is_integer(y)) {
			json_int_t u = json_integer_value(x), v = json_integer_value(y);
			d = (u > v) - (u < v);
		} else if (json_is_string(x) && json_is_string(y)) {
			d = strcmp(json_string_value(x), json_string_value(y));
			d = (d > 0) - (d < 0);
		} else {
			return 2;
		}
		if (d)
			return d;
	}
	return 0;
}

static json_t *item_key(const struct paged *s, const json_t *item)
{
	if (s->key)
		return s->key(item);
	return json_pack("[O]", json_object_get(item, "id"));
}

/* The link to this collection with the caller's other query parameters,
 * then aantal, then pagina (number > 0) or na (cursor). */
static json_t *link(const struct api_ctx *c, const struct page_req *p, int64_t number, const char *cursor)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s%s?", c->is_page ? "" : "/api/v1", c->path ? c->path : "");
	const char *k;
	json_t *v;
	json_object_foreach (c->query, k, v) {
		if (!strcmp(k, "aantal") || !strcmp(k, "pagina") || !strcmp(k, "na") || !json_is_string(v))
			continue;
		buf_urlenc(&b, k);
		buf_putc(&b, '=');
		buf_urlenc(&b, json_string_value(v));
		buf_putc(&b, '&');
	}
	buf_printf(&b, "aantal=%lld", (long long)p->size);
	if (number > 0)
		buf_printf(&b, "&pagina=%lld", (long long)number);
	if (cursor) {
		buf_puts(&b, "&na=");
		buf_urlenc(&b, cursor);
	}
	json_t *l = json_pack("{s:s}", "href", buf_str(&b));
	buf_free(&b);
	return l;
}

static const char *href(const json_t *links, const char *rel)
{
	return json_string_value(json_object_get(json_object_get(links, rel), "href"));
}

/* Page-only: what the pager partial shows. from/to count from 1; total
 * -1 when unknown. */
static void pager(struct api_ctx *c, json_t *doc, const json_t *links, int64_t from, int64_t to,
		  int64_t total, int64_t number, int64_t pages, int not_first)
{
	if (!c->is_page)
		return;
	json_t *pg = json_pack("{s:I,s:I,s:I,s:b}", "from", (json_int_t)from, "to", (json_int_t)to, "total",
			       (json_int_t)total, "known", total >= 0);
	if (number > 0)
		json_object_set_new(pg, "number", json_integer(number));
	if (pages > 0)
		json_object_set_new(pg, "pages", json_integer(pages));
	static const char *const rels[] = {"first", "prev", "next", "last"};
	for (int i = 0; i < 4; i++) {
		const char *h = href(links, rels[i]);
		if (h) {
			char name[16];
			snprintf(name, sizeof name, "%sHref", rels[i]);
			json_object_set_new(pg, name, json_string(h));
		}
	}
	/* first and last where prev and next do not already lead there */
	json_object_set_new(pg, "showFirst", json_boolean(not_first && (!href(links, "prev") || number > 2)));
	json_object_set_new(pg, "showLast", json_boolean(number > 0 && number < pages - 1));
	/* a pager only where there is more than one page */
	json_object_set_new(pg, "more", json_boolean(not_first || href(links, "next")));
	json_object_set_new(doc, "pager", pg);
}

static void set_total(struct api_ctx *c, int64_t total)
{
	c->has_total = 1;
	c->total_count = total;
}

int api_page_apply(struct api_ctx *c, json_t *doc, const struct page_req *p)
{
	const struct paged *s = p->spec;
	json_t *all = json_object_get(doc, s->array);
	if (!json_is_array(all))
		return 0;
	size_t total = json_array_size(all), start = 0;
	json_t *links = json_object();
	json_t *items = json_array();
	if (s->kind == PAGE_NUMBER) {
		start = (size_t)((p->number - 1) * p->size);
		for (size_t i = start; i < total && i < start + (size_t)p->size; i++)
			json_array_append(items, json_array_get(all, i));
		json_decref(links);
		json_object_set_new(doc, s->array, items);
		api_page_number_links(c, doc, p, (int64_t)total);
		return 0;
	} else {
		json_t *last = NULL;
		if (p->after) {
			/* keyset: the first item after the cursor in list order */
			for (start = 0; start < total; start++) {
				json_t *k = item_key(s, json_array_get(all, start));
				int d = key_cmp(k, p->after);
				json_decref(k);
				if (d == 2) {
					json_decref(links);
					json_decref(items);
					problem_add(c->invalid, "na", "err.page.cursor");
					return -ERR_INVALID;
				}
				if (s->desc ? d < 0 : d > 0)
					break;
			}
		}
		for (size_t i = start; i < total && i < start + (size_t)p->size; i++) {
			json_array_append(items, json_array_get(all, i));
			last = json_array_get(all, i);
		}
		char *cur = NULL;
		if (p->after) {
			cur = api_page_cursor(p->after);
			json_object_set_new(links, "self", link(c, p, 0, cur));
			free(cur);
		} else {
			json_object_set_new(links, "self", link(c, p, 0, NULL));
		}
		json_object_set_new(links, "first", link(c, p, 0, NULL));
		if (last && start + json_array_size(items) < total) {
			json_t *k = item_key(s, last);
			cur = api_page_cursor(k);
			json_decref(k);
			json_object_set_new(links, "next", link(c, p, 0, cur));
			free(cur);
		}
		pager(c, doc, links, start + 1, start + json_array_size(items), (int64_t)total, 0, 0,
		      p->after != NULL);
	}
	json_object_set_new(doc, s->array, items);
	json_object_set_new(doc, "_links", links);
	set_total(c, (int64_t)total);
	return 0;
}

void api_page_number_links(struct api_ctx *c, json_t *doc, const struct page_req *p, int64_t total)
{
	json_t *links = json_object();
	int64_t pages = total > 0 ? (total + p->size - 1) / p->size : 1;
	int64_t start = (p->number - 1) * p->size;
	json_object_set_new(links, "self", link(c, p, p->number, NULL));
	json_object_set_new(links, "first", link(c, p, 1, NULL));
	if (p->number > 1)
		json_object_set_new(links, "prev",
				    link(c, p, p->number - 1 < pages ? p->number - 1 : pages, NULL));
	if (p->number < pages)
		json_object_set_new(links, "next", link(c, p, p->number + 1, NULL));
	json_object_set_new(links, "last", link(c, p, pages, NULL));
	size_t n = json_array_size(json_object_get(doc, p->spec->array));
	pager(c, doc, links, start + 1, start + (int64_t)n, total, p->number, pages, p->number > 1);
	json_object_set_new(doc, "_links", links);
	set_total(c, total);
}

void api_page_links(struct api_ctx *c, json_t *doc, const struct page_req *p, const json_t *next_key,
		    int64_t total, int64_t before)
{
	json_t *links = json_object();
	char *cur = p->after ? api_page_cursor(p->after) : NULL;
	json_object_set_new(links, "self", link(c, p, 0, cur));
	free(cur);
	json_object_set_new(links, "first", link(c, p, 0, NULL));
	if (next_key) {
		cur = api_page_cursor(next_key);
		json_object_set_new(links, "next", link(c, p, 0, cur));
		free(cur);
	}
	size_t n = json_array_size(json_object_get(doc, p->spec->array));
	pager(c, doc, links, before + 1, before + (int64_t)n, before >= 0 ? total : -1, 0, 0,
	      p->after != NULL);
	json_object_set_new(doc, "_links", links);
	if (total >= 0)
		set_total(c, total);
}

int64_t api_page_after_id(struct api_ctx *c)
{
	const json_t *k = c->page ? c->page->after : NULL;
	if (!k)
		return 0;
	if (json_array_size(k) != 1 || !json_is_integer(json_array_get(k, 0)) ||
	    json_integer_value(json_array_get(k, 0)) < 1) {
		problem_add(c->invalid, "na", "err.page.cursor");
		return -1;
	}
	return json_integer_value(json_array_get(k, 0));
}
