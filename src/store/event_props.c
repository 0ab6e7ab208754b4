/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_props: properties of the embedded event store beyond the JSON
 * text column: the frequent keys of a block (string values present in at
 * least half of a sample of its rows) become dictionary-encoded columns
 * when a block is written, and a scan filters on a property through such
 * a column or, when a block has none for the key, through the JSON.
 */
#include "store/event_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

#define SAMPLE 4096	 /* rows sampled to pick the keys */
#define MAX_KEYS 64	 /* distinct keys counted in the sample */
#define MAX_DICT 65536	 /* distinct values of a column, at most */
#define SLOTS (1u << 17) /* hash slots per column (> 2 * MAX_DICT) */

struct keycount {
	char *key;
	size_t n;
};

static int by_count(const void *a, const void *b)
{
	const struct keycount *x = a, *y = b;
	return x->n < y->n ? 1 : x->n > y->n ? -1 : strcmp(x->key, y->key);
}

/* Counts the string-valued keys of one JSON object text into kc. */
static void count_keys(const char *text, size_t len, struct keycount *kc, size_t *nk)
{
	json_t *o = len ? json_loadb(text, len, 0, NULL) : NULL;
	const char *k;
	json_t *v;
	json_object_foreach (o, k, v) {
		if (!json_is_string(v))
			continue;
		size_t j = 0;
		while (j < *nk && strcmp(kc[j].key, k))
			j++;
		if (j == *nk && *nk < MAX_KEYS)
			kc[(*nk)++] = (struct keycount){xstrdup(k), 0};
		if (j < *nk)
			kc[j].n++;
	}
	json_decref(o);
}

/* Picks the frequent keys of rows r into keys (caller frees each). */
static size_t pick_keys(const struct evc_rows *r, char **keys)
{
	struct keycount kc[MAX_KEYS];
	size_t nk = 0, sampled = 0, step = r->n > SAMPLE ? r->n / SAMPLE : 1;
	for (size_t i = 0; i < r->n; i += step, sampled++)
		count_keys(r->props[i], r->props_len[i], kc, &nk);
	qsort(kc, nk, sizeof *kc, by_count);
	size_t n = 0;
	for (size_t j = 0; j < nk; j++) {
		if (n < EVC_MAX_PROPCOLS && kc[j].n * 2 >= sampled)
			keys[n++] = kc[j].key;
		else
			free(kc[j].key);
	}
	return n;
}

/* One column being built: values in an arena, a hash of them, per row. */
struct colbuild {
	char *key;
	struct buf arena;
	size_t ndict;
	size_t *off, *len;
	uint32_t *slot; /* value index + 1, or 0 */
	uint32_t *idx;
	int dropped; /* too many distinct values */
};

static uint32_t hash_str(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The index + 1 of value s in column c, added when new; 0 when the column
 * is past MAX_DICT values (it is then dropped). */
static uint32_t value_of(struct colbuild *c, const char *s, size_t n)
{
	uint32_t i = hash_str(s, n) & (SLOTS - 1);
	for (; c->slot[i]; i = (i + 1) & (SLOTS - 1)) {
		size_t k = c->slot[i] - 1;
		if (c->len[k] == n && memcmp(c->arena.data + c->off[k], s, n) == 0)
			return (uint32_t)k + 1;
	}
	if (c->ndict == MAX_DICT) {
		c->dropped = 1;
		return 0;
	}
	c->off[c->ndict] = c->arena.len;
	c->len[c->ndict] = n;
	buf_add(&c->arena, s, n);
	c->slot[i] = (uint32_t)++c->ndict;
	return c->slot[i];
}

/* Fills row i of every column from its JSON text. */
static void fill_row(struct colbuild *cb, size_t ncol, const char *text, size_t len, size_t i)
{
	json_t *o = len ? json_loadb(text, len, 0, NULL) : NULL;
	for (size_t j = 0; j < ncol; j++) {
		json_t *v = json_object_get(o, cb[j].key);
		cb[j].idx[i] = !cb[j].dropped && json_is_string(v)
				   ? value_of(&cb[j], json_string_value(v), json_string_length(v))
				   : 0;
	}
	json_decref(o);
}

void evs_props_build(struct evc_rows *r, struct evs_props *out)
{
	memset(out, 0, sizeof *out);
	if (!r->props || r->n == 0)
		return;
	char *keys[EVC_MAX_PROPCOLS];
	size_t nk = pick_keys(r, keys);
	struct colbuild *cb = xcalloc(nk ? nk : 1, sizeof *cb);
	for (size_t j = 0; j < nk; j++) {
		cb[j].key = keys[j];
		cb[j].off = xmalloc(MAX_DICT * sizeof *cb[j].off);
		cb[j].len = xmalloc(MAX_DICT * sizeof *cb[j].len);
		cb[j].slot = xcalloc(SLOTS, sizeof *cb[j].slot);
		cb[j].idx = xmalloc(r->n * sizeof *cb[j].idx);
	}
	for (size_t i = 0; nk && i < r->n; i++)
		fill_row(cb, nk, r->props[i], r->props_len[i], i);
	for (size_t j = 0; j < nk; j++) {
		struct colbuild *c = &cb[j];
		free(c->slot);
		if (c->dropped) {
			free(c->key);
			free(c->off);
			free(c->len);
			free(c->idx);
			buf_free(&c->arena);
			continue;
		}
		struct evs_propcol *pc = &out->col[out->n++];
		pc->key = c->key;
		pc->arena = c->arena.data;
		pc->dict = xmalloc((c->ndict ? c->ndict : 1) * sizeof *pc->dict);
		for (size_t k = 0; k < c->ndict; k++)
			pc->dict[k] = c->arena.data + c->off[k];
		pc->dict_len = c->len;
		pc->idx = c->idx;
		free(c->off);
		out->sc[out->n - 1] =
		    (struct evc_strcol){pc->key, strlen(pc->key), c->ndict, pc->dict, pc->dict_len, pc->idx};
	}
	free(cb);
	r->n_strcols = out->n;
	r->strcols = out->sc;
}

void evs_props_free(struct evs_props *p)
{
	for (size_t j = 0; j < p->n; j++) {
		free(p->col[j].key);
		free(p->col[j].arena);
		free(p->col[j].dict);
		free(p->col[j].dict_len);
		free(p->col[j].idx);
	}
	memset(p, 0, sizeof *p);
}

int evs_prop_match(const char *text, size_t len, const char *key, const char *value)
{
	json_t *o = len ? json_loadb(text, len, 0, NULL) : NULL;
	json_t *v = json_object_get(o, key);
	int ok = json_is_string(v) && strcmp(json_string_value(v), value) == 0 &&
		 json_string_length(v) == strlen(value);
	json_decref(o);
	return ok;
}
