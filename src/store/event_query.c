/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_query: the query side of the embedded store: scans in time order
 * over sealed blocks and the row log, per-day person sets (Roaring
 * bitmaps), name and person lookups, counts and per-source statistics.
 */
#include "store/event_internal.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/evcodec.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "domain/metrics.h"
#include "lib/util.h"

#define BATCH 4096

/* One source of rows in time order: a decoded block or the log's rows,
 * filtered; i is the next row. */
struct cursor {
	struct evc_rows r;
	uint8_t *props_raw; /* block props bytes */
	char *arena;	    /* log props bytes */
	size_t i;
};

static void cursor_free(struct cursor *c)
{
	evc_rows_free(&c->r);
	free(c->props_raw);
	free(c->arena);
	free(c);
}

/* Whether row i of r passes the filter. */
static int keep(const struct event_filter *f, const struct evc_rows *r, size_t i)
{
	if (r->ts[i] < f->from_ms || r->ts[i] >= f->to_ms)
		return 0;
	if (f->source_id && r->source[i] != f->source_id)
		return 0;
	if (!f->names || f->n_names == 0)
		return 1;
	for (size_t k = 0; k < f->n_names; k++)
		if (f->names[k] == r->name[i])
			return 1;
	return 0;
}

/* Keeps only the rows of c passing f, in order. mask (may be NULL): the
 * property filter's verdict per row. */
static void cursor_filter(struct cursor *c, const struct event_filter *f, const uint8_t *mask)
{
	struct evc_rows *r = &c->r;
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++) {
		if ((mask && !mask[i]) || !keep(f, r, i))
			continue;
		r->ts[k] = r->ts[i];
		r->person[k] = r->person[i];
		r->name[k] = r->name[i];
		r->source[k] = r->source[i];
		if (r->props) {
			r->props[k] = r->props[i];
			r->props_len[k] = r->props_len[i];
		}
		k++;
	}
	r->n = k;
}

/* The property filter per row through the JSON text: a new mask (caller
 * frees), or NULL when f has no property filter. */
static uint8_t *json_mask(const struct evc_rows *r, const struct event_filter *f)
{
	if (!f->prop_key)
		return NULL;
	uint8_t *m = xcalloc(r->n ? r->n : 1, 1);
	for (size_t i = 0; i < r->n; i++)
		m[i] = keep(f, r, i) && r->props &&
		       evs_prop_match(r->props[i], r->props_len[i], f->prop_key,
				      f->prop_value ? f->prop_value : "");
	return m;
}

/* The property filter per row through the block's column for the key:
 * 1 with a new mask, 0 when the block has no such column, -1 damaged. */
static int column_mask(const uint8_t *p, size_t len, const struct evc_header *h, const struct event_filter *f,
		       uint8_t **mask)
{
	struct evc_strcol_dec d;
	int rc = evc_block_strcol(p, len, h, f->prop_key, strlen(f->prop_key), &d);
	if (rc <= 0)
		return rc;
	const char *want = f->prop_value ? f->prop_value : "";
	size_t wl = strlen(want);
	uint32_t v = 0; /* the wanted value's index + 1; 0: not in this block */
	for (size_t k = 0; k < d.ndict && !v; k++)
		if (d.dict_len[k] == wl && memcmp(d.dict[k], want, wl) == 0)
			v = (uint32_t)k + 1;
	*mask = xmalloc(h->n);
	for (size_t i = 0; i < h->n; i++)
		(*mask)[i] = v && d.idx[i] == v;
	evc_strcol_free(&d);
	return 1;
}

/* Maps and decodes block file name (only the columns the scan needs are
 * touched, so a scan without properties never reads theirs; a property
 * filter reads the key's column, or the JSON when the block has none): a
 * cursor, or NULL (-ERR_IO). */
static struct cursor *open_block(struct evs *s, const char *name, const struct event_filter *f)
{
	char *path = evs_block_path(s, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) || sb.st_size <= 0) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	size_t len = (size_t)sb.st_size;
	void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return NULL;
	struct cursor *c = xcalloc(1, sizeof *c);
	struct evc_header h;
	uint8_t *mask = NULL;
	int rc = evc_block_header(map, len, &h), col = 0;
	if (!rc && f->prop_key)
		rc = (col = column_mask(map, len, &h, f, &mask)) < 0;
	if (!rc)
		rc = evc_block_decode(map, len, f->with_props || (f->prop_key && !col), &c->r, &h,
				      &c->props_raw);
	munmap(map, len);
	if (rc) {
		log_error("event store: block %s is damaged", name);
		free(mask);
		free(c);
		return NULL;
	}
	if (f->prop_key && !col)
		mask = json_mask(&c->r, f);
	cursor_filter(c, f, mask);
	free(mask);
	return c;
}

/* ---- per-block name postings ----
 * A query of a few event names (a funnel's steps, a retention's start and
 * return events) without properties reads, per sealed block, only the
 * rows of those names: the first such query decodes the block once and
 * keeps the rows of each asked name (time, raw person, row number, and
 * the source when the block has several: 16 or 24 bytes a row), later ones merge the kept lists in (time,
 * row) order, which is exactly the order of the block's filtered rows. Blocks never change (erasure and
 * expiry write a new file under a new name), so the lists are kept for the life of the store, like the day
 * sets. */
struct postings {
	const struct evs *s;
	char *file;
	uint32_t name;
	size_t n;
	int64_t *ts;
	int64_t *source; /* NULL when every row of the block has source1 */
	int64_t source1;
	uint32_t *person, *row;
	struct postings *next;
};

static int64_t post_source(const struct postings *e, size_t i)
{
	return e->source ? e->source[i] : e->source1;
}
static struct postings *post_head;
static pthread_mutex_t post_mu = PTHREAD_MUTEX_INITIALIZER;

#define POST_MAX_NAMES 16

static struct postings *post_find(const struct evs *s, const char *file, uint32_t name)
{
	pthread_mutex_lock(&post_mu);
	struct postings *e = post_head;
	while (e && (e->s != s || e->name != name || strcmp(e->file, file)))
		e = e->next;
	pthread_mutex_unlock(&post_mu);
	return e;
}

static void post_drop(const struct evs *s)
{
	evs_person_keys_drop(s);
	pthread_mutex_lock(&post_mu);
	for (struct postings **p = &post_head; *p;) {
		struct postings *e = *p;
		if (e->s != s) {
			p = &e->next;
			continue;
		}
		*p = e->next;
		free(e->ts);
		free(e->source);
		free(e->person);
		free(e->row);
		free(e->file);
		free(e);
	}
	pthread_mutex_unlock(&post_mu);
}

/* The kept rows of names[0..k) in block file, decoding the block once for
 * those not kept yet: 0, or -1 when the block cannot be read. */
static int post_get(struct evs *s, const char *file, const uint32_t *names, size_t k, struct postings **out)
{
	size_t miss = 0;
	for (size_t j = 0; j < k; j++)
		miss += !(out[j] = post_find(s, file, names[j]));
	if (!miss)
		return 0;
	struct event_filter all = {.from_ms = INT64_MIN, .to_ms = INT64_MAX};
	struct cursor *c = open_block(s, file, &all);
	if (!c)
		return -1;
	const struct evc_rows *r = &c->r;
	int one_source = 1;
	for (size_t i = 1; i < r->n && one_source; i++)
		one_source = r->source[i] == r->source[0];
	for (size_t j = 0; j < k; j++) {
		if (out[j])
			continue;
		struct postings *e = xcalloc(1, sizeof *e);
		e->s = s;
		e->file = xstrdup(file);
		e->name = names[j];
		for (size_t i = 0; i < r->n; i++)
			e->n += r->name[i] == names[j];
		size_t n = e->n ? e->n : 1;
		e->ts = xmalloc(n * sizeof *e->ts);
		e->source1 = r->n ? r->source[0] : 0;
		e->source = one_source ? NULL : xmalloc(n * sizeof *e->source);
		e->person = xmalloc(n * sizeof *e->person);
		e->row = xmalloc(n * sizeof *e->row);
		evs_kept_charge(s, (int64_t)(sizeof *e +
					     n * (sizeof *e->ts + sizeof *e->person + sizeof *e->row) +
					     (e->source ? n * sizeof *e->source : 0)));
		for (size_t i = 0, m = 0; i < r->n; i++)
			if (r->name[i] == names[j]) {
				e->ts[m] = r->ts[i];
				if (e->source)
					e->source[m] = r->source[i];
				e->person[m] = r->person[i];
				e->row[m++] = (uint32_t)i;
			}
		pthread_mutex_lock(&post_mu);
		e->next = post_head; /* two first uses at once: both kept, one found */
		post_head = e;
		pthread_mutex_unlock(&post_mu);
		out[j] = e;
	}
	cursor_free(c);
	return 0;
}

/* Whether a scan with f can read a block through its name postings. */
static int post_fits(const struct event_filter *f)
{
	return f->names && f->n_names && f->n_names <= POST_MAX_NAMES && !f->with_props && !f->prop_key;
}

/* f's names without repeats, in f's order (post_fits: at most
 * POST_MAX_NAMES): their number. */
static size_t distinct_names(const struct event_filter *f, uint32_t names[POST_MAX_NAMES])
{
	size_t k = 0;
	for (size_t j = 0; j < f->n_names; j++) {
		size_t d = 0;
		while (d < k && names[d] != f->names[j])
			d++;
		if (d == k)
			names[k++] = f->names[j];
	}
	return k;
}

/* A cursor over the rows of block file passing f (post_fits), from the
 * kept postings: the rows of f's names merged in (time, row) order. */
static struct cursor *open_postings(struct evs *s, const char *file, const struct event_filter *f)
{
	uint32_t names[POST_MAX_NAMES];
	size_t k = distinct_names(f, names);
	struct postings *p[POST_MAX_NAMES];
	if (post_get(s, file, names, k, p) < 0) {
		log_error("event store: block %s is damaged", file);
		return NULL;
	}
	size_t total = 0, at[POST_MAX_NAMES] = {0};
	for (size_t j = 0; j < k; j++) {
		/* only the rows in the span: binary search the first */
		size_t lo = 0, hi = p[j]->n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (p[j]->ts[mid] < f->from_ms)
				lo = mid + 1;
			else
				hi = mid;
		}
		at[j] = lo;
		total += p[j]->n - lo;
	}
	struct cursor *c = xcalloc(1, sizeof *c);
	struct evc_rows *r = &c->r;
	size_t n = total ? total : 1;
	r->ts = xmalloc(n * sizeof *r->ts);
	r->person = xmalloc(n * sizeof *r->person);
	r->name = xmalloc(n * sizeof *r->name);
	r->source = xmalloc(n * sizeof *r->source);
	r->props_len = xcalloc(n, sizeof *r->props_len);
	for (;;) {
		long best = -1;
		for (size_t j = 0; j < k; j++) {
			const struct postings *e = p[j];
			if (at[j] >= e->n || e->ts[at[j]] >= f->to_ms)
				continue;
			if (best < 0)
				best = (long)j;
			else {
				const struct postings *b = p[best];
				size_t x = at[j], y = at[best];
				if (e->ts[x] < b->ts[y] || (e->ts[x] == b->ts[y] && e->row[x] < b->row[y]))
					best = (long)j;
			}
		}
		if (best < 0)
			break;
		const struct postings *e = p[best];
		size_t i = at[best]++;
		if (f->source_id && post_source(e, i) != f->source_id)
			continue;
		r->ts[r->n] = e->ts[i];
		r->person[r->n] = e->person[i];
		r->name[r->n] = e->name;
		r->source[r->n++] = post_source(e, i);
	}
	return c;
}

/* Appends the rows of one log batch (source, blob of st's row) to c. */
static int log_batch(struct cursor *c, size_t *cap, struct buf *arena, size_t **off, sqlite3_stmt *st,
		     int with_props)
{
	int64_t source = sqlite3_column_int64(st, 0);
	const uint8_t *p = sqlite3_column_blob(st, 1);
	const uint8_t *end = p + sqlite3_column_bytes(st, 1);
	struct evc_rows *r = &c->r;
	while (p < end) {
		if (r->n == *cap) {
			*cap = *cap ? 2 * *cap : 1024;
			r->ts = xrealloc(r->ts, *cap * sizeof *r->ts);
			r->person = xrealloc(r->person, *cap * sizeof *r->person);
			r->name = xrealloc(r->name, *cap * sizeof *r->name);
			r->source = xrealloc(r->source, *cap * sizeof *r->source);
			r->props_len = xrealloc(r->props_len, *cap * sizeof *r->props_len);
			*off = xrealloc(*off, *cap * sizeof **off);
		}
		size_t i = r->n;
		const char *props;
		size_t len;
		if (evc_logrow_get(&p, end, &r->ts[i], &r->person[i], &r->name[i], &props, &len))
			return -1;
		r->source[i] = source;
		r->props_len[i] = with_props ? len : 0;
		(*off)[i] = arena->len;
		if (with_props && len)
			buf_add(arena, props, len);
		r->n++;
	}
	return 0;
}

static const struct evc_rows *sort_rows;
static pthread_mutex_t sort_mu = PTHREAD_MUTEX_INITIALIZER;

/* Time order; ties by index, i.e. arrival order (qsort is not stable). */
static int by_time(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	if (sort_rows->ts[i] != sort_rows->ts[j])
		return sort_rows->ts[i] < sort_rows->ts[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* Puts the rows of c (in arrival order) in time order. */
static void sort_cursor(struct cursor *c)
{
	struct evc_rows *r = &c->r, t = *r;
	size_t n = r->n ? r->n : 1;
	size_t *ord = xmalloc(n * sizeof *ord);
	for (size_t i = 0; i < r->n; i++)
		ord[i] = i;
	pthread_mutex_lock(&sort_mu);
	sort_rows = r;
	qsort(ord, r->n, sizeof *ord, by_time);
	pthread_mutex_unlock(&sort_mu);
	t.ts = xmalloc(n * sizeof *t.ts);
	t.person = xmalloc(n * sizeof *t.person);
	t.name = xmalloc(n * sizeof *t.name);
	t.source = xmalloc(n * sizeof *t.source);
	t.props_len = xmalloc(n * sizeof *t.props_len);
	t.props = r->props ? xmalloc(n * sizeof *t.props) : NULL;
	for (size_t k = 0; k < r->n; k++) {
		size_t i = ord[k];
		t.ts[k] = r->ts[i];
		t.person[k] = r->person[i];
		t.name[k] = r->name[i];
		t.source[k] = r->source[i];
		t.props_len[k] = r->props_len[i];
		if (t.props)
			t.props[k] = r->props[i];
	}
	free(ord);
	evc_rows_free(r);
	*r = t;
}

/* The unsealed rows of project passing f, in time order (the log is
 * bounded by the sealing threshold): a cursor, or NULL on error. */
static struct cursor *open_log(sqlite3 *db, int64_t project, const struct event_filter *f)
{
	sqlite3_stmt *st = evs_prep(db, "SELECT source, rows FROM log WHERE project=? AND "
					"max_ts>=? AND min_ts<? ORDER BY seq");
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, f->from_ms);
	sqlite3_bind_int64(st, 3, f->to_ms);
	struct cursor *c = xcalloc(1, sizeof *c);
	struct buf arena = {0};
	size_t cap = 0, *off = NULL;
	int rc = SQLITE_DONE, bad = 0;
	int props = f->with_props || f->prop_key;
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW)
		bad = log_batch(c, &cap, &arena, &off, st, props);
	sqlite3_finalize(st);
	if (props && c->r.n) {
		c->r.props = xmalloc(c->r.n * sizeof *c->r.props);
		for (size_t i = 0; i < c->r.n; i++)
			c->r.props[i] = arena.data ? arena.data + off[i] : "";
	}
	c->arena = arena.data;
	free(off);
	if (bad || rc != SQLITE_DONE) {
		if (bad)
			log_error("event store: a log batch of project %lld is damaged", (long long)project);
		cursor_free(c);
		return NULL;
	}
	uint8_t *mask = json_mask(&c->r, f);
	cursor_filter(c, f, mask);
	free(mask);
	sort_cursor(c);
	return c;
}

/* For event_postings.c (a cursor starts with its rows). */
struct evc_rows *evs_block_rows(struct evs *s, const char *file, const struct event_filter *f)
{
	struct cursor *c = open_block(s, file, f);
	return c ? &c->r : NULL;
}

struct evc_rows *evs_log_rows(sqlite3 *db, int64_t project, const struct event_filter *f)
{
	struct cursor *c = open_log(db, project, f);
	return c ? &c->r : NULL;
}

void evs_rows_release(struct evc_rows *r)
{
	if (r)
		cursor_free((struct cursor *)r);
}

/* person id -> canonical person (union-find root), dense by id. */
struct roots {
	uint32_t *map;
	size_t n;
};

static int load_roots(sqlite3 *db, int64_t project, struct roots *ro)
{
	sqlite3_stmt *st = evs_prep(db, "SELECT next_person FROM counters WHERE project=?");
	sqlite3_bind_int64(st, 1, project);
	int rc = sqlite3_step(st);
	ro->n = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 1;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return evs_err(rc);
	ro->map = xmalloc(ro->n * sizeof *ro->map);
	for (size_t i = 0; i < ro->n; i++)
		ro->map[i] = (uint32_t)i;
	st = evs_prep(db, "SELECT id, root FROM links WHERE project=?");
	sqlite3_bind_int64(st, 1, project);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id >= 0 && (size_t)id < ro->n)
			ro->map[id] = (uint32_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : evs_err(rc);
}

/* The catalogue's blocks of project overlapping f, by min_ts. */
struct blocklist {
	size_t n;
	char **file;
	int64_t *min_ts, *max_ts;
};

static int load_blocks(sqlite3 *db, int64_t project, const struct event_filter *f, struct blocklist *bl)
{
	sqlite3_stmt *st = evs_prep(db, "SELECT file, min_ts, max_ts FROM blocks WHERE project=? AND "
					"max_ts>=? AND min_ts<? ORDER BY min_ts, id");
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, f->from_ms);
	sqlite3_bind_int64(st, 3, f->to_ms);
	int rc;
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (bl->n == cap) {
			cap = cap ? 2 * cap : 16;
			bl->file = xrealloc(bl->file, cap * sizeof *bl->file);
			bl->min_ts = xrealloc(bl->min_ts, cap * sizeof *bl->min_ts);
			bl->max_ts = xrealloc(bl->max_ts, cap * sizeof *bl->max_ts);
		}
		bl->file[bl->n] = xstrdup((const char *)sqlite3_column_text(st, 0));
		bl->min_ts[bl->n] = sqlite3_column_int64(st, 1);
		bl->max_ts[bl->n++] = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : evs_err(rc);
}

static void blocklist_free(struct blocklist *bl)
{
	for (size_t i = 0; i < bl->n; i++)
		free(bl->file[i]);
	free(bl->file);
	free(bl->min_ts);
	free(bl->max_ts);
}

/* The batch being filled for the callback. */
struct out_batch {
	size_t n;
	int64_t ts[BATCH], source[BATCH];
	uint32_t person[BATCH], name[BATCH];
	const char *props[BATCH];
	size_t props_len[BATCH];
};

static int flush(struct out_batch *o, const struct event_filter *f, event_batch_fn fn, void *arg)
{
	if (o->n == 0)
		return 0;
	struct event_batch b = {o->n,
				o->ts,
				o->person,
				o->name,
				o->source,
				f->with_props ? o->props : NULL,
				f->with_props ? o->props_len : NULL};
	o->n = 0;
	return fn(arg, &b);
}

/* The merge: the cursor whose next row is earliest, opening blocks
 * lazily as the output time reaches their min_ts, so only overlapping
 * blocks are in memory at once. */
struct merge {
	struct cursor **act;
	size_t n_act;
	struct blocklist bl;
	size_t next_block;
};

/* Index of the active cursor with the earliest next row, or -1. */
static long earliest(const struct merge *m, int64_t *t)
{
	long best = -1;
	for (size_t k = 0; k < m->n_act; k++) {
		const struct cursor *c = m->act[k];
		if (best < 0 || c->r.ts[c->i] < *t) {
			best = (long)k;
			*t = c->r.ts[c->i];
		}
	}
	return best;
}

static void add_active(struct merge *m, struct cursor *c)
{
	if (!c->r.n) {
		cursor_free(c);
		return;
	}
	m->act = xrealloc(m->act, (m->n_act + 1) * sizeof *m->act);
	m->act[m->n_act++] = c;
}

static int run_merge(struct evs *s, struct merge *m, const struct roots *ro, const struct event_filter *f,
		     event_batch_fn fn, void *arg)
{
	struct out_batch *o = xmalloc(sizeof *o);
	o->n = 0;
	int rc = 0;
	for (;;) {
		int64_t t = 0;
		long best = earliest(m, &t);
		if (m->next_block < m->bl.n && (best < 0 || m->bl.min_ts[m->next_block] <= t)) {
			const char *file = m->bl.file[m->next_block++];
			struct cursor *c = post_fits(f) ? open_postings(s, file, f) : open_block(s, file, f);
			if (!c) {
				rc = -ERR_IO;
				break;
			}
			add_active(m, c);
			continue;
		}
		if (best < 0)
			break;
		struct cursor *c = m->act[best];
		size_t i = c->i++, k = o->n++;
		o->ts[k] = c->r.ts[i];
		uint32_t p = c->r.person[i];
		o->person[k] = f->raw_person || p >= ro->n ? p : ro->map[p];
		o->name[k] = c->r.name[i];
		o->source[k] = c->r.source[i];
		o->props[k] = c->r.props ? c->r.props[i] : "";
		o->props_len[k] = c->r.props ? c->r.props_len[i] : 0;
		if (c->i == c->r.n) {
			/* the batch points into c's properties: hand it over first */
			rc = flush(o, f, fn, arg);
			cursor_free(c);
			m->act[best] = m->act[--m->n_act];
			if (rc)
				break;
		}
		if (o->n == BATCH && (rc = flush(o, f, fn, arg)))
			break;
	}
	if (!rc)
		rc = flush(o, f, fn, arg);
	free(o);
	return rc;
}

/* What a fast read sees, from one read transaction on a fresh reader: the
 * roots of the linked ids, the catalogue's blocks overlapping the filter
 * and the log's rows. */
struct snap {
	sqlite3 *db;
	struct blocklist bl;
	struct roots ro;
	struct cursor *log;
};

/* Opens *sn and takes the block files' read lock (the caller releases it
 * once the blocks are read): 0 or -ERR_*; sn->db NULL: nothing was opened
 * and no lock is held. */
static int snap_open(struct evs *s, int64_t project, const struct event_filter *f, struct snap *sn)
{
	*sn = (struct snap){.db = evs_reader(s)};
	if (!sn->db)
		return -ERR_IO;
	pthread_rwlock_rdlock(&s->files);
	int rc = evs_exec(sn->db, "BEGIN");
	if (!rc)
		rc = load_roots(sn->db, project, &sn->ro);
	if (!rc)
		rc = load_blocks(sn->db, project, f, &sn->bl);
	if (!rc && !(sn->log = open_log(sn->db, project, f)))
		rc = -ERR_IO;
	sqlite3_exec(sn->db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

static void snap_close(struct snap *sn)
{
	if (sn->log)
		cursor_free(sn->log);
	blocklist_free(&sn->bl);
	free(sn->ro.map);
	sqlite3_close(sn->db);
}

/* rows(): the events of a few names in no particular order, block by
 * block from the kept postings, then the log's. */
static int rows_postings(struct evs *s, int64_t project, const struct event_filter *f, event_batch_fn fn,
			 void *arg)
{
	struct snap sn;
	int rc = snap_open(s, project, f, &sn);
	if (!sn.db)
		return rc;
	uint32_t names[POST_MAX_NAMES];
	size_t k = distinct_names(f, names);
	/* the kept lists of every block first (under the read lock) */
	struct postings **p = xcalloc(sn.bl.n * k + 1, sizeof *p);
	for (size_t b = 0; !rc && b < sn.bl.n; b++)
		if (post_get(s, sn.bl.file[b], names, k, p + b * k) < 0) {
			log_error("event store: block %s is damaged", sn.bl.file[b]);
			rc = -ERR_IO;
		}
	struct out_batch *o = xmalloc(sizeof *o);
	o->n = 0;
	/* name by name (each name's rows together, in the order of f's
	 * names): every block's, then the log's */
	for (size_t j = 0; !rc && j < k; j++) {
		for (size_t b = 0; !rc && b < sn.bl.n; b++) {
			const struct postings *e = p[b * k + j];
			size_t lo = 0, hi = e->n;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (e->ts[mid] < f->from_ms)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (size_t i = lo; !rc && i < e->n && e->ts[i] < f->to_ms; i++) {
				if (f->source_id && post_source(e, i) != f->source_id)
					continue;
				size_t x = o->n++;
				uint32_t q = e->person[i];
				o->ts[x] = e->ts[i];
				o->person[x] = f->raw_person || q >= sn.ro.n ? q : sn.ro.map[q];
				o->name[x] = e->name;
				o->source[x] = post_source(e, i);
				if (o->n == BATCH)
					rc = flush(o, f, fn, arg);
			}
		}
		for (size_t i = 0; !rc && sn.log && i < sn.log->r.n; i++) {
			if (sn.log->r.name[i] != names[j])
				continue;
			size_t x = o->n++;
			uint32_t q = sn.log->r.person[i];
			o->ts[x] = sn.log->r.ts[i];
			o->person[x] = f->raw_person || q >= sn.ro.n ? q : sn.ro.map[q];
			o->name[x] = sn.log->r.name[i];
			o->source[x] = sn.log->r.source[i];
			if (o->n == BATCH)
				rc = flush(o, f, fn, arg);
		}
	}
	pthread_rwlock_unlock(&s->files);
	free(p);
	if (!rc)
		rc = flush(o, f, fn, arg);
	free(o);
	snap_close(&sn);
	return rc;
}

int evs_rows(struct event_store *es, int64_t project, const struct event_filter *f, event_batch_fn fn,
	     void *arg)
{
	if (post_fits(f))
		return rows_postings((struct evs *)es, project, f, fn, arg);
	if (!f->names || !f->n_names)
		return evs_scan(es, project, f, fn, arg);
	/* one scan per name: each name's rows together */
	struct event_filter g = *f;
	g.n_names = 1;
	int rc = 0;
	for (size_t j = 0; !rc && j < f->n_names; j++) {
		size_t d = 0;
		while (d < j && f->names[d] != f->names[j])
			d++;
		if (d < j)
			continue; /* a name asked twice */
		g.names = &f->names[j];
		rc = evs_scan(es, project, &g, fn, arg);
	}
	return rc;
}

int evs_scan(struct event_store *es, int64_t project, const struct event_filter *f, event_batch_fn fn,
	     void *arg)
{
	struct evs *s = (struct evs *)es;
	sqlite3 *db = evs_reader(s);
	if (!db)
		return -ERR_IO;
	pthread_rwlock_rdlock(&s->files);
	struct merge m = {0};
	struct roots ro = {0};
	/* one read transaction: catalogue, log and links from one snapshot */
	int rc = evs_exec(db, "BEGIN");
	if (!rc)
		rc = load_roots(db, project, &ro);
	if (!rc)
		rc = load_blocks(db, project, f, &m.bl);
	if (!rc) {
		struct cursor *c = open_log(db, project, f);
		if (c)
			add_active(&m, c);
		else
			rc = -ERR_IO;
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (!rc)
		rc = run_merge(s, &m, &ro, f, fn, arg);
	pthread_rwlock_unlock(&s->files);
	for (size_t k = 0; k < m.n_act; k++)
		cursor_free(m.act[k]);
	free(m.act);
	blocklist_free(&m.bl);
	free(ro.map);
	sqlite3_close(db);
	return rc;
}

/* Floor division of a time to its UTC day start. */
static int64_t day_of(int64_t ts)
{
	int64_t d = ts / 86400000;
	if (ts % 86400000 < 0)
		d--;
	return d * 86400000;
}

struct days {
	int64_t day;
	roaring_bitmap_t *set;
	event_day_fn fn;
	void *arg;
};

static int day_batch(void *arg, const struct event_batch *b)
{
	struct days *d = arg;
	for (size_t i = 0, j; i < b->n; i = j) {
		int64_t day = day_of(b->ts_ms[i]);
		/* rows are in time order: [i, j) is one day's run, added at once */
		for (j = i + 1; j < b->n && day_of(b->ts_ms[j]) == day; j++)
			;
		if (day != d->day) {
			if (!roaring_bitmap_is_empty(d->set)) {
				int rc = d->fn(d->arg, d->day, d->set);
				if (rc)
					return rc;
				roaring_bitmap_clear(d->set);
			}
			d->day = day;
		}
		roaring_bitmap_add_many(d->set, j - i, b->person + i);
	}
	return 0;
}

/* ---- per-block day sets ----
 * A sealed block never changes (erasure and expiry write a new file under
 * a new name), so the set of (raw) persons per UTC day of each block is
 * worked out once, on the first day_persons() that reads the whole block,
 * and kept for the life of the store: about 2 bytes per person-day. A
 * query then ORs the kept sets of the blocks inside its span, reads only
 * the rows of blocks at its edges and of the log, and maps linked ids to
 * their canonical person at the end. */
struct daycache {
	const struct evs *s;
	char *file;
	int64_t first; /* day number of days[0] */
	size_t n;
	roaring_bitmap_t **days;
	/* the day spans (person_spans; built on first use, under span_mu):
	 * lo[i][r] is the time within day i (ms) of the first event of the
	 * r-th person of days[i] (id order), with SPAN_MORE set when the
	 * person's last event that day is later; hi[i] holds those last
	 * times, in order, for the flagged persons only */
	uint32_t **lo, **hi;
	int spans;
	size_t bytes;  /* charged to the store's kept bytes */
	unsigned pins; /* queries using it (daycache_get .. daycache_put): not evicted */
	uint64_t used; /* the tick of its last use: the least recent goes first */
	struct daycache *next;
};
#define SPAN_MORE 0x80000000u
static pthread_mutex_t span_mu = PTHREAD_MUTEX_INITIALIZER;
static struct daycache *daycache_head;
static pthread_mutex_t daycache_mu = PTHREAD_MUTEX_INITIALIZER;
static uint64_t daycache_tick; /* under daycache_mu */

static int64_t day_no(int64_t ts)
{
	int64_t d = ts / 86400000;
	return ts % 86400000 < 0 ? d - 1 : d;
}

static void daycache_free(struct daycache *e)
{
	for (size_t i = 0; i < e->n; i++) {
		if (e->days[i]) /* a day without events (CRoaring 0.2 frees no NULL) */
			roaring_bitmap_free(e->days[i]);
		if (e->spans) {
			free(e->lo[i]);
			free(e->hi[i]);
		}
	}
	free(e->days);
	free(e->lo);
	free(e->hi);
	free(e->file);
	free(e);
}

void evs_daycache_drop(const struct evs *s)
{
	post_drop(s);
	pthread_mutex_lock(&daycache_mu);
	for (struct daycache **p = &daycache_head; *p;) {
		struct daycache *e = *p;
		if (e->s != s) {
			p = &e->next;
			continue;
		}
		*p = e->next;
		daycache_free(e);
	}
	pthread_mutex_unlock(&daycache_mu);
}

/* ---- the kept structures' memory ----
 * Day sets, spans and name postings are charged to the store's kept bytes
 * as they are built; above the budget (SCALELAB_EVENTS_KEPT_MB, default
 * 192 MB) the least recently used blocks' day sets and spans that no query
 * holds are freed, to be worked out again from the block when asked. */
void evs_kept_charge(struct evs *s, int64_t bytes)
{
	__atomic_add_fetch(&s->kept, bytes, __ATOMIC_RELAXED);
}

int64_t evs_kept_bytes(const struct evs *s)
{
	return __atomic_load_n(&s->kept, __ATOMIC_RELAXED);
}

int64_t evs_kept_budget(struct evs *s)
{
	int64_t b = __atomic_load_n(&s->kept_budget, __ATOMIC_RELAXED);
	if (!b) {
		const char *v = getenv("SCALELAB_EVENTS_KEPT_MB");
		long mb = v && *v ? strtol(v, NULL, 10) : 192;
		b = (mb > 0 ? mb : 192) * 1024 * 1024;
		__atomic_store_n(&s->kept_budget, b, __ATOMIC_RELAXED);
	}
	return b;
}

void evs_kept_trim(struct evs *s)
{
	int64_t budget = evs_kept_budget(s);
	pthread_mutex_lock(&daycache_mu);
	while (evs_kept_bytes(s) > budget) {
		struct daycache **victim = NULL;
		for (struct daycache **p = &daycache_head; *p; p = &(*p)->next)
			if ((*p)->s == s && !(*p)->pins && (!victim || (*p)->used < (*victim)->used))
				victim = p;
		if (!victim)
			break; /* everything left is in use */
		struct daycache *e = *victim;
		*victim = e->next;
		evs_kept_charge(s, -(int64_t)e->bytes);
		daycache_free(e);
	}
	pthread_mutex_unlock(&daycache_mu);
}

/* Ends a use of a kept entry (daycache_get). */
static void daycache_put(const struct daycache *e)
{
	pthread_mutex_lock(&daycache_mu);
	((struct daycache *)e)->pins--;
	pthread_mutex_unlock(&daycache_mu);
}

/* Adds the rows of r (time order, raw persons) to acc[day - first]. */
static void add_rows(roaring_bitmap_t **acc, int64_t first, size_t n, const struct evc_rows *r)
{
	for (size_t i = 0, j; i < r->n; i = j) {
		int64_t d = day_no(r->ts[i]);
		for (j = i + 1; j < r->n && day_no(r->ts[j]) == d; j++)
			;
		int64_t k = d - first;
		if (k < 0 || (size_t)k >= n)
			continue;
		if (!acc[k])
			acc[k] = roaring_bitmap_create();
		roaring_bitmap_add_many(acc[k], j - i, r->person + i);
	}
}

/* The kept day sets of a whole block, worked out on first use; NULL when
 * the block cannot be read. */
static const struct daycache *daycache_get(struct evs *s, const char *file, int64_t min_ts, int64_t max_ts)
{
	pthread_mutex_lock(&daycache_mu);
	struct daycache *e = daycache_head;
	while (e && (e->s != s || strcmp(e->file, file)))
		e = e->next;
	if (e) {
		e->pins++;
		e->used = ++daycache_tick;
	}
	pthread_mutex_unlock(&daycache_mu);
	if (e)
		return e;
	struct event_filter all = {.from_ms = INT64_MIN, .to_ms = INT64_MAX};
	struct cursor *c = open_block(s, file, &all);
	if (!c)
		return NULL;
	e = xcalloc(1, sizeof *e);
	e->s = s;
	e->file = xstrdup(file);
	e->first = day_no(min_ts);
	e->n = (size_t)(day_no(max_ts) - e->first + 1);
	e->days = xcalloc(e->n, sizeof *e->days);
	add_rows(e->days, e->first, e->n, &c->r);
	e->bytes = sizeof *e + e->n * (sizeof *e->days + sizeof *e->lo + sizeof *e->hi);
	for (size_t i = 0; i < e->n; i++)
		if (e->days[i]) {
			roaring_bitmap_run_optimize(e->days[i]);
			roaring_bitmap_shrink_to_fit(e->days[i]);
			e->bytes += roaring_bitmap_portable_size_in_bytes(e->days[i]);
		}
	cursor_free(c);
	evs_kept_trim(s); /* room first: the new entry is not in the list yet */
	evs_kept_charge(s, (int64_t)e->bytes);
	pthread_mutex_lock(&daycache_mu);
	e->pins = 1;
	e->used = ++daycache_tick;
	e->next = daycache_head; /* two first uses at once: both kept, one found */
	daycache_head = e;
	pthread_mutex_unlock(&daycache_mu);
	return e;
}

/* Replaces linked ids in b by their canonical person. */
static void canonical(roaring_bitmap_t *b, const roaring_bitmap_t *linked, const struct roots *ro)
{
	roaring_bitmap_t *x = roaring_bitmap_and(b, linked);
	if (roaring_bitmap_is_empty(x)) {
		roaring_bitmap_free(x);
		return;
	}
	roaring_bitmap_andnot_inplace(b, x);
	roaring_uint32_iterator_t *it = roaring_create_iterator(x);
	for (; it->has_value; roaring_advance_uint32_iterator(it))
		roaring_bitmap_add(b, ro->map[it->current_value]);
	roaring_free_uint32_iterator(it);
	roaring_bitmap_free(x);
}

/* day_persons of every event of a span: kept day sets for the blocks
 * inside it, rows for the rest. */
static int day_persons_fast(struct evs *s, int64_t project, const struct event_filter *f, event_day_fn fn,
			    void *arg)
{
	struct snap sn;
	int rc = snap_open(s, project, f, &sn);
	if (!sn.db)
		return rc;
	int64_t first = day_no(f->from_ms);
	size_t n = (size_t)(day_no(f->to_ms - 1) - first + 1);
	roaring_bitmap_t **acc = xcalloc(n, sizeof *acc);
	for (size_t b = 0; !rc && b < sn.bl.n; b++) {
		if (sn.bl.min_ts[b] >= f->from_ms && sn.bl.max_ts[b] < f->to_ms) {
			const struct daycache *e =
			    daycache_get(s, sn.bl.file[b], sn.bl.min_ts[b], sn.bl.max_ts[b]);
			if (!e) {
				rc = -ERR_IO;
				break;
			}
			for (size_t i = 0; i < e->n; i++) {
				int64_t k = e->first + (int64_t)i - first;
				if (!e->days[i] || k < 0 || (size_t)k >= n)
					continue;
				if (!acc[k])
					acc[k] = roaring_bitmap_copy(e->days[i]);
				else
					roaring_bitmap_or_inplace(acc[k], e->days[i]);
			}
			daycache_put(e);
		} else {
			struct cursor *c = open_block(s, sn.bl.file[b], f);
			if (!c) {
				rc = -ERR_IO;
				break;
			}
			add_rows(acc, first, n, &c->r);
			cursor_free(c);
		}
	}
	pthread_rwlock_unlock(&s->files);
	if (!rc && sn.log) {
		add_rows(acc, first, n, &sn.log->r);
	}
	roaring_bitmap_t *linked = roaring_bitmap_create();
	for (size_t i = 0; i < sn.ro.n; i++)
		if (sn.ro.map[i] != i)
			roaring_bitmap_add(linked, (uint32_t)i);
	for (size_t k = 0; k < n; k++) {
		if (!acc[k])
			continue;
		if (!rc) {
			canonical(acc[k], linked, &sn.ro);
			rc = fn(arg, (first + (int64_t)k) * 86400000, acc[k]);
		}
		roaring_bitmap_free(acc[k]);
	}
	roaring_bitmap_free(linked);
	free(acc);
	snap_close(&sn);
	evs_kept_trim(s);
	return rc;
}

/* ---- day spans ----
 * For weekly (or any rolling) retention a person's events of one UTC day
 * matter only through the first and the last of them: every event in
 * between falls in an interval between theirs (an interval is at least a
 * day). The kept day sets get, per person-day, those two times (4 bytes,
 * 8 when they differ), so a first-time retention over every event reads
 * the kept spans instead of every row. */

/* Works out the spans of a kept block (span_mu held): 0, or -1 when the
 * block cannot be read. */
static int spans_build(struct evs *s, struct daycache *e)
{
	struct event_filter all = {.from_ms = INT64_MIN, .to_ms = INT64_MAX};
	struct cursor *c = open_block(s, e->file, &all);
	if (!c)
		return -1;
	const struct evc_rows *r = &c->r;
	e->lo = xcalloc(e->n, sizeof *e->lo);
	e->hi = xcalloc(e->n, sizeof *e->hi);
	uint64_t *key = xmalloc((r->n ? r->n : 1) * sizeof *key),
		 *tmp = xmalloc((r->n ? r->n : 1) * sizeof *tmp);
	size_t add = 0;
	for (size_t i = 0, j; i < r->n; i = j) {
		int64_t d = day_no(r->ts[i]);
		for (j = i + 1; j < r->n && day_no(r->ts[j]) == d; j++)
			;
		int64_t k = d - e->first;
		if (k < 0 || (size_t)k >= e->n || !e->days[k])
			continue;
		size_t m = j - i;
		for (size_t x = 0; x < m; x++)
			key[x] = (uint64_t)r->person[i + x] << 27 | (uint64_t)(r->ts[i + x] - d * 86400000);
		evs_sort_keys(key, tmp, m);
		size_t card = (size_t)roaring_bitmap_get_cardinality(e->days[k]);
		uint32_t *lo = xmalloc((card ? card : 1) * sizeof *lo), *hi = NULL;
		size_t nl = 0, nh = 0;
		for (size_t x = 0, y; x < m; x = y) {
			uint64_t p = key[x] >> 27;
			for (y = x + 1; y < m && key[y] >> 27 == p; y++)
				;
			uint32_t first = (uint32_t)(key[x] & 0x7ffffff),
				 last = (uint32_t)(key[y - 1] & 0x7ffffff);
			if (nl == card) /* cannot happen: the day set has every person */
				break;
			lo[nl++] = first | (last != first ? SPAN_MORE : 0);
			if (last != first) {
				if (!hi) /* at most one per person: shrunk below */
					hi = xmalloc(card * sizeof *hi);
				hi[nh++] = last;
			}
		}
		e->lo[k] = lo;
		e->hi[k] = hi ? xrealloc(hi, nh * sizeof *hi) : NULL;
		add += (card + nh) * sizeof *lo;
	}
	free(key);
	free(tmp);
	cursor_free(c);
	e->spans = 1;
	pthread_mutex_lock(&daycache_mu);
	e->bytes += add;
	pthread_mutex_unlock(&daycache_mu);
	evs_kept_charge(s, (int64_t)add);
	return 0;
}

/* The batch of spans being filled for the callback. */
struct span_batch {
	size_t n;
	uint32_t person[BATCH];
	int64_t lo[BATCH], hi[BATCH];
};

static int span_put(struct span_batch *o, uint32_t person, int64_t lo, int64_t hi, event_span_fn fn,
		    void *arg)
{
	o->person[o->n] = person;
	o->lo[o->n] = lo;
	o->hi[o->n++] = hi;
	if (o->n < BATCH)
		return 0;
	struct event_spans b = {o->n, o->person, o->lo, o->hi};
	o->n = 0;
	return fn(arg, &b);
}

static int span_rows(struct span_batch *o, const struct evc_rows *r, const struct roots *ro, event_span_fn fn,
		     void *arg)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < r->n; i++) {
		uint32_t p = r->person[i];
		rc = span_put(o, p < ro->n ? ro->map[p] : p, r->ts[i], r->ts[i], fn, arg);
	}
	return rc;
}

struct span_scan {
	struct span_batch *o;
	event_span_fn fn;
	void *arg;
};

static int span_scan_batch(void *arg, const struct event_batch *b)
{
	struct span_scan *ss = arg;
	int rc = 0;
	for (size_t i = 0; !rc && i < b->n; i++)
		rc = span_put(ss->o, b->person[i], b->ts_ms[i], b->ts_ms[i], ss->fn, ss->arg);
	return rc;
}

/* The spans of a kept block's days in [from_day, to_day]. */
static int span_block(struct span_batch *o, const struct daycache *e, const struct roots *ro,
		      event_span_fn fn, void *arg)
{
	uint32_t *ids = NULL;
	size_t cap = 0;
	int rc = 0;
	for (size_t i = 0; !rc && i < e->n; i++) {
		if (!e->days[i])
			continue;
		size_t card = (size_t)roaring_bitmap_get_cardinality(e->days[i]);
		if (card > cap) {
			cap = card;
			ids = xrealloc(ids, cap * sizeof *ids);
		}
		roaring_bitmap_to_uint32_array(e->days[i], ids);
		int64_t base = (e->first + (int64_t)i) * 86400000;
		const uint32_t *lo = e->lo[i], *hi = e->hi[i];
		for (size_t k = 0, h = 0; !rc && k < card; k++) {
			uint32_t p = ids[k];
			int64_t a = base + (lo[k] & ~SPAN_MORE), b = a;
			if (lo[k] & SPAN_MORE)
				b = base + hi[h++];
			rc = span_put(o, p < ro->n ? ro->map[p] : p, a, b, fn, arg);
		}
	}
	free(ids);
	return rc;
}

static int person_spans_fast(struct evs *s, int64_t project, const struct event_filter *f, event_span_fn fn,
			     void *arg)
{
	struct snap sn;
	int rc = snap_open(s, project, f, &sn);
	if (!sn.db)
		return rc;
	struct span_batch *o = xmalloc(sizeof *o);
	o->n = 0;
	for (size_t b = 0; !rc && b < sn.bl.n; b++) {
		if (sn.bl.min_ts[b] >= f->from_ms && sn.bl.max_ts[b] < f->to_ms) {
			struct daycache *e = (struct daycache *)daycache_get(
			    s, sn.bl.file[b], sn.bl.min_ts[b], sn.bl.max_ts[b]);
			pthread_mutex_lock(&span_mu);
			int bad = !e || (!e->spans && spans_build(s, e) < 0);
			pthread_mutex_unlock(&span_mu);
			if (!bad)
				rc = span_block(o, e, &sn.ro, fn, arg);
			if (e)
				daycache_put(e);
			if (bad) {
				rc = -ERR_IO;
				break;
			}
		} else {
			struct cursor *c = open_block(s, sn.bl.file[b], f);
			if (!c) {
				rc = -ERR_IO;
				break;
			}
			rc = span_rows(o, &c->r, &sn.ro, fn, arg);
			cursor_free(c);
		}
	}
	pthread_rwlock_unlock(&s->files);
	if (!rc && sn.log)
		rc = span_rows(o, &sn.log->r, &sn.ro, fn, arg);
	if (!rc && o->n) {
		struct event_spans last = {o->n, o->person, o->lo, o->hi};
		rc = fn(arg, &last);
	}
	free(o);
	snap_close(&sn);
	evs_kept_trim(s);
	return rc;
}

/* ---- first-time retention in one pass ----
 * When the blocks follow each other in day order (each block's first day
 * on or after the previous one's last, as sealing in arrival order gives)
 * and the log's rows come after them, the kept spans are fed day by day
 * straight into the kernel (metrics_retention_day_spans: no copies, the
 * start is the first span), then the edge blocks' and the log's rows. */

/* Feeds rows (time order) as one-event spans: 0 or -ERR_INVALID. */
static int ordered_rows(struct metrics_retention *r, const struct evc_rows *rows, const struct roots *ro)
{
	uint32_t p[BATCH];
	int64_t ts[BATCH];
	for (size_t i = 0; i < rows->n;) {
		size_t n = 0;
		for (; n < BATCH && i < rows->n; i++, n++) {
			uint32_t x = rows->person[i];
			p[n] = x < ro->n ? ro->map[x] : x;
			ts[n] = rows->ts[i];
		}
		if (metrics_retention_span_ordered_many(r, n, p, ts, ts) < 0)
			return -ERR_INVALID;
	}
	return 0;
}

/* The kept spans of a block, day by day: 0 or -ERR_INVALID. */
static int ordered_block(struct metrics_retention *r, const struct daycache *e, const struct roots *ro,
			 int linked, uint32_t **ids, size_t *cap)
{
	for (size_t i = 0; i < e->n; i++) {
		if (!e->days[i])
			continue;
		size_t card = (size_t)roaring_bitmap_get_cardinality(e->days[i]);
		if (card > *cap) {
			*cap = card;
			*ids = xrealloc(*ids, card * sizeof **ids);
		}
		uint32_t *v = *ids;
		roaring_bitmap_to_uint32_array(e->days[i], v);
		if (linked)
			for (size_t k = 0; k < card; k++)
				v[k] = v[k] < ro->n ? ro->map[v[k]] : v[k];
		if (metrics_retention_day_spans(r, (e->first + (int64_t)i) * 86400000, card, v, e->lo[i],
						e->hi[i]) < 0)
			return -ERR_INVALID;
	}
	return 0;
}

/* Whether the blocks and the log's rows come in day order. */
static int day_ordered(const struct snap *sn)
{
	for (size_t b = 1; b < sn->bl.n; b++)
		if (day_no(sn->bl.min_ts[b]) < day_no(sn->bl.max_ts[b - 1]))
			return 0;
	return !sn->bl.n || !sn->log->r.n || day_no(sn->log->r.ts[0]) >= day_no(sn->bl.max_ts[sn->bl.n - 1]);
}

int evs_retention_fill(struct evs *s, int64_t project, const struct event_filter *f,
		       struct metrics_retention *r)
{
	if ((f->names && f->n_names) || f->source_id || f->prop_key || f->to_ms <= f->from_ms ||
	    f->from_ms <= INT64_MIN / 2 || f->to_ms >= INT64_MAX / 2 ||
	    f->to_ms - f->from_ms > 65536LL * 86400000 || !metrics_retention_ordered_exact(r))
		return 0;
	struct snap sn;
	int rc = snap_open(s, project, f, &sn);
	if (!sn.db)
		return rc;
	if (!rc && !day_ordered(&sn)) {
		pthread_rwlock_unlock(&s->files);
		snap_close(&sn);
		return 0;
	}
	metrics_retention_persons(r, (uint32_t)sn.ro.n);
	int linked = 0;
	for (size_t i = 0; i < sn.ro.n && !linked; i++)
		linked = sn.ro.map[i] != i;
	uint32_t *ids = NULL;
	size_t cap = 0;
	for (size_t b = 0; !rc && b < sn.bl.n; b++) {
		if (sn.bl.min_ts[b] >= f->from_ms && sn.bl.max_ts[b] < f->to_ms) {
			struct daycache *e = (struct daycache *)daycache_get(
			    s, sn.bl.file[b], sn.bl.min_ts[b], sn.bl.max_ts[b]);
			pthread_mutex_lock(&span_mu);
			int bad = !e || (!e->spans && spans_build(s, e) < 0);
			pthread_mutex_unlock(&span_mu);
			rc = bad ? -ERR_IO : ordered_block(r, e, &sn.ro, linked, &ids, &cap);
			if (e)
				daycache_put(e);
		} else {
			struct cursor *c = open_block(s, sn.bl.file[b], f);
			rc = c ? ordered_rows(r, &c->r, &sn.ro) : -ERR_IO;
			if (c)
				cursor_free(c);
		}
	}
	pthread_rwlock_unlock(&s->files);
	if (!rc && sn.log)
		rc = ordered_rows(r, &sn.log->r, &sn.ro);
	free(ids);
	snap_close(&sn);
	evs_kept_trim(s);
	return rc ? rc : 1;
}

int evs_person_spans(struct event_store *es, int64_t project, const struct event_filter *f, event_span_fn fn,
		     void *arg)
{
	if ((!f->names || !f->n_names) && !f->source_id && !f->prop_key && f->to_ms > f->from_ms &&
	    f->from_ms > INT64_MIN / 2 && f->to_ms < INT64_MAX / 2 &&
	    f->to_ms - f->from_ms <= 65536LL * 86400000)
		return person_spans_fast((struct evs *)es, project, f, fn, arg);
	/* anything else: every event its own span */
	struct event_filter g = *f;
	g.with_props = 0;
	struct span_batch *o = xmalloc(sizeof *o);
	o->n = 0;
	struct span_scan ss = {o, fn, arg};
	int rc = evs_scan(es, project, &g, span_scan_batch, &ss);
	if (!rc && o->n) {
		struct event_spans last = {o->n, o->person, o->lo, o->hi};
		rc = fn(arg, &last);
	}
	free(o);
	return rc;
}

int evs_day_persons(struct event_store *es, int64_t project, const struct event_filter *f, event_day_fn fn,
		    void *arg)
{
	/* every event of a span of at most ~11 years: the kept day sets */
	if ((!f->names || !f->n_names) && !f->source_id && !f->prop_key && f->to_ms > f->from_ms &&
	    f->from_ms > INT64_MIN / 2 && f->to_ms - f->from_ms <= 4096LL * 86400000)
		return day_persons_fast((struct evs *)es, project, f, fn, arg);
	struct event_filter g = *f;
	g.with_props = 0;
	struct days d = {INT64_MIN, roaring_bitmap_create(), fn, arg};
	int rc = evs_scan(es, project, &g, day_batch, &d);
	if (!rc && !roaring_bitmap_is_empty(d.set))
		rc = fn(arg, d.day, d.set);
	roaring_bitmap_free(d.set);
	return rc;
}

/* Runs a one-row integer query with (project, blob) or (project, int)
 * parameters on a fresh reader: 1 found, 0 none, <0 error. */
static int one_int(struct evs *s, const char *sql, int64_t project, const void *blob, size_t len, int64_t iv,
		   int64_t *out)
{
	sqlite3 *db = evs_reader_get(s); /* pooled: a lookup is a few µs */
	if (!db)
		return -ERR_IO;
	sqlite3_stmt *st = evs_prep(db, sql);
	sqlite3_bind_int64(st, 1, project);
	if (blob)
		sqlite3_bind_blob(st, 2, blob, (int)len, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 2, iv);
	int rc = sqlite3_step(st);
	int res = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : evs_err(rc);
	if (res == 1)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	evs_reader_put(s, db);
	return res;
}

int evs_name_id(struct event_store *es, int64_t project, const char *name, size_t len, uint32_t *id)
{
	int64_t v;
	int rc = one_int((struct evs *)es, "SELECT id FROM names WHERE project=? AND name=?", project, name,
			 len, 0, &v);
	if (rc <= 0)
		return rc < 0 ? rc : -ERR_NOTFOUND;
	*id = (uint32_t)v;
	return 0;
}

char *evs_name_of(struct event_store *es, int64_t project, uint32_t id)
{
	struct evs *s = (struct evs *)es;
	sqlite3 *db = evs_reader(s);
	if (!db)
		return NULL;
	sqlite3_stmt *st = evs_prep(db, "SELECT name FROM names WHERE project=? AND id=?");
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, id);
	char *out = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		out = xstrndup(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

char *evs_distinct_of(struct event_store *es, int64_t project, uint32_t id, size_t *len)
{
	struct evs *s = (struct evs *)es;
	sqlite3 *db = evs_reader(s);
	if (!db)
		return NULL;
	sqlite3_stmt *st = evs_prep(db, "SELECT did FROM persons WHERE project=? AND id=?");
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, id);
	char *out = NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*len = (size_t)sqlite3_column_bytes(st, 0);
		out = xmalloc(*len + 1);
		if (*len)
			memcpy(out, sqlite3_column_blob(st, 0), *len);
		out[*len] = '\0';
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

int evs_person_of(struct event_store *es, int64_t project, const char *did, size_t len, uint32_t *person)
{
	int64_t v;
	int rc = one_int((struct evs *)es, EVS_PERSON_ROOT_SQL, project, did, len, 0, &v);
	if (rc <= 0)
		return rc < 0 ? rc : -ERR_NOTFOUND;
	*person = (uint32_t)v;
	return 0;
}

int evs_counts(struct event_store *es, int64_t project, struct event_counts *out)
{
	struct evs *s = (struct evs *)es;
	memset(out, 0, sizeof *out);
	sqlite3 *db = evs_reader(s);
	if (!db)
		return -ERR_IO;
	sqlite3_stmt *st = evs_prep(db, "SELECT (SELECT coalesce(sum(n), 0) FROM log WHERE project=?1),"
					" (SELECT coalesce(sum(n), 0) FROM blocks WHERE project=?1),"
					" (SELECT count(*) FROM blocks WHERE project=?1),"
					" (SELECT coalesce(sum(bytes), 0) FROM blocks WHERE project=?1),"
					" (SELECT count(*) FROM persons WHERE project=?1)"
					"  - (SELECT count(*) FROM links WHERE project=?1)");
	sqlite3_bind_int64(st, 1, project);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->unsealed = sqlite3_column_int64(st, 0);
		out->events = out->unsealed + sqlite3_column_int64(st, 1);
		out->blocks = sqlite3_column_int64(st, 2);
		out->bytes = sqlite3_column_int64(st, 3);
		out->persons = sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc == SQLITE_ROW ? 0 : evs_err(rc) ? evs_err(rc) : -ERR_IO;
}

int evs_source_stats(struct event_store *es, int64_t project, int64_t source, struct event_source_stats *out)
{
	struct evs *s = (struct evs *)es;
	memset(out, 0, sizeof *out);
	sqlite3 *db = evs_reader(s);
	if (!db)
		return -ERR_IO;
	sqlite3_stmt *st = evs_prep(db, "SELECT stored, duplicates, last_ts, last_received FROM "
					"sources WHERE project=? AND source=?");
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, source);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->stored = sqlite3_column_int64(st, 0);
		out->duplicates = sqlite3_column_int64(st, 1);
		out->last_ts_ms = sqlite3_column_int64(st, 2);
		out->last_received_ms = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : evs_err(rc);
}
