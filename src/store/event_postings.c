/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_postings: person-ordered postings, the person_keys op. Per
 * (store, project, event name) the store keeps the name's sealed events as
 * one sorted array of keys raw person << 32 | second (8 bytes an event),
 * built on first use from the blocks (decoding only the rows of the asked
 * names) and kept for the block set it was built from. A query reads the
 * block catalogue, the links and the log in one read transaction; when the
 * catalogue holds blocks the array lacks, only those are decoded and merged
 * in; when a block it holds is gone (erasure, expiry rewrite blocks under
 * new names) it is built again. The linked ids' events (identity merges)
 * and the log's events of the names are moved into place per query, in a
 * copy, so the kept arrays never depend on links or the log. Every kept
 * array counts against a bound (SCALELAB_EVENTS_FUNNEL_KEPT_MB, 64 MB by
 * default): the least recently used unreferenced arrays go first; an
 * array that does not fit is used once and not kept. docs/events-store.md.
 */
#include "store/event_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "domain/evcodec.h"
#include "lib/log.h"
#include "lib/util.h"

#define MAX_NAMES 16
#define TOP_S ((int64_t)1 << 32) /* keys hold seconds below this */

struct pkeys {
	const struct evs *s;
	int64_t project;
	uint32_t name;
	char **files; /* the blocks it holds, sorted (strcmp) */
	size_t nfiles;
	uint64_t *key; /* raw person << 32 | second, ascending */
	size_t n;
	int64_t min_s, max_s; /* of the keys (n == 0: min_s > max_s) */
	uint64_t used;	      /* LRU tick */
	int refs;
	int kept; /* on the list; else freed at its last release */
	struct pkeys *next;
};

static struct pkeys *pk_head;
static pthread_mutex_t pk_mu = PTHREAD_MUTEX_INITIALIZER;    /* the list, refs, pk_bytes */
static pthread_mutex_t build_mu = PTHREAD_MUTEX_INITIALIZER; /* one build at a time */
static size_t pk_bytes;
static uint64_t pk_tick;

static size_t entry_bytes(const struct pkeys *e)
{
	size_t b = sizeof *e + e->n * sizeof *e->key + e->nfiles * sizeof *e->files;
	for (size_t i = 0; i < e->nfiles; i++)
		b += strlen(e->files[i]) + 1;
	return b;
}

size_t evs_funnel_kept_bytes(void)
{
	pthread_mutex_lock(&pk_mu);
	size_t b = pk_bytes;
	pthread_mutex_unlock(&pk_mu);
	return b;
}

static size_t budget(void)
{
	const char *v = getenv("SCALELAB_EVENTS_FUNNEL_KEPT_MB");
	long long mb = v && *v ? strtoll(v, NULL, 10) : 64;
	return mb > 0 ? (size_t)mb << 20 : 0;
}

static void entry_free(struct pkeys *e)
{
	for (size_t i = 0; i < e->nfiles; i++)
		free(e->files[i]);
	free(e->files);
	free(e->key);
	free(e);
}

/* Takes e off the list (pk_mu held); freed now or at its last release. */
static void unlink_entry(struct pkeys *e)
{
	for (struct pkeys **p = &pk_head; *p; p = &(*p)->next)
		if (*p == e) {
			*p = e->next;
			break;
		}
	pk_bytes -= entry_bytes(e);
	e->kept = 0;
	if (!e->refs)
		entry_free(e);
}

static void release(struct pkeys *e)
{
	if (!e)
		return;
	pthread_mutex_lock(&pk_mu);
	if (!--e->refs && !e->kept)
		entry_free(e);
	pthread_mutex_unlock(&pk_mu);
}

/* Reading connections kept open between queries (opening one costs
 * milliseconds: WAL and schema set-up); each used by one query at a time. */
#define POOL 4
static struct {
	const struct evs *s;
	sqlite3 *db;
	int busy;
} pool[POOL];
static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;

sqlite3 *evs_reader_get(struct evs *s)
{
	pthread_mutex_lock(&pool_mu);
	for (int i = 0; i < POOL; i++)
		if (pool[i].s == s && pool[i].db && !pool[i].busy) {
			pool[i].busy = 1;
			pthread_mutex_unlock(&pool_mu);
			return pool[i].db;
		}
	pthread_mutex_unlock(&pool_mu);
	return evs_reader(s);
}

void evs_reader_put(const struct evs *s, sqlite3 *db)
{
	pthread_mutex_lock(&pool_mu);
	for (int i = 0; i < POOL; i++)
		if (pool[i].db == db) {
			pool[i].busy = 0;
			pthread_mutex_unlock(&pool_mu);
			return;
		}
	for (int i = 0; i < POOL; i++)
		if (!pool[i].db) {
			pool[i].s = s;
			pool[i].db = db;
			pool[i].busy = 0;
			pthread_mutex_unlock(&pool_mu);
			return;
		}
	pthread_mutex_unlock(&pool_mu);
	sqlite3_close(db);
}

void evs_person_keys_drop(const struct evs *s)
{
	pthread_mutex_lock(&pool_mu);
	for (int i = 0; i < POOL; i++)
		if (pool[i].s == s && pool[i].db) {
			sqlite3_close(pool[i].db);
			pool[i].db = NULL;
			pool[i].s = NULL;
			pool[i].busy = 0;
		}
	pthread_mutex_unlock(&pool_mu);
	pthread_mutex_lock(&pk_mu);
	for (struct pkeys *e = pk_head, *nx; e; e = nx) {
		nx = e->next;
		if (e->s == s)
			unlink_entry(e);
	}
	pthread_mutex_unlock(&pk_mu);
}

/* Keeps e when it fits the bound, making room by dropping the least
 * recently used unreferenced arrays (pk_mu held). */
static void keep(struct pkeys *e)
{
	size_t want = entry_bytes(e), cap = budget();
	while (pk_bytes + want > cap) {
		struct pkeys *lru = NULL;
		for (struct pkeys *x = pk_head; x; x = x->next)
			if (!x->refs && (!lru || x->used < lru->used))
				lru = x;
		if (!lru)
			break;
		unlink_entry(lru);
	}
	if (pk_bytes + want > cap)
		return;
	e->kept = 1;
	e->next = pk_head;
	pk_head = e;
	pk_bytes += want;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_file(const struct pkeys *e, const char *file)
{
	return bsearch(&file, e->files, e->nfiles, sizeof *e->files, by_str) != NULL;
}

/* Whether e holds exactly files[0..n) (sorted), or a part of them. */
static int same_files(const struct pkeys *e, char *const *files, size_t n)
{
	if (e->nfiles != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(e->files[i], files[i]))
			return 0;
	return 1;
}

static int part_of(const struct pkeys *e, char *const *files, size_t n)
{
	for (size_t i = 0; i < e->nfiles; i++)
		if (!bsearch(&e->files[i], files, n, sizeof *files, by_str))
			return 0;
	return 1;
}

void evs_sort_keys(uint64_t *v, uint64_t *tmp, size_t n)
{
	if (n < 2)
		return;
	uint64_t all_or = 0, all_and = ~(uint64_t)0;
	for (size_t i = 0; i < n; i++) {
		all_or |= v[i];
		all_and &= v[i];
	}
	uint64_t *a = v, *b = tmp;
	size_t *cnt = xmalloc(65536 * sizeof *cnt);
	for (int sh = 0; sh < 64; sh += 16) {
		if (!(((all_or ^ all_and) >> sh) & 0xffff))
			continue;
		memset(cnt, 0, 65536 * sizeof *cnt);
		for (size_t i = 0; i < n; i++)
			cnt[(a[i] >> sh) & 0xffff]++;
		size_t sum = 0;
		for (size_t d = 0; d < 65536; d++) {
			size_t c = cnt[d];
			cnt[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			b[cnt[(a[i] >> sh) & 0xffff]++] = a[i];
		uint64_t *t = a;
		a = b;
		b = t;
	}
	if (a != v)
		memcpy(v, a, n * sizeof *v);
	free(cnt);
}

/* Sorts v[0..n) with scratch of its own. */
static void sort_keys(uint64_t *v, size_t n)
{
	uint64_t *tmp = xmalloc((n ? n : 1) * sizeof *tmp);
	evs_sort_keys(v, tmp, n);
	free(tmp);
}

/* Merges sorted x[0..nx) and y[0..ny) into out. */
static void merge_keys(const uint64_t *x, size_t nx, const uint64_t *y, size_t ny, uint64_t *out)
{
	size_t i = 0, j = 0, k = 0;
	while (i < nx && j < ny)
		out[k++] = y[j] < x[i] ? y[j++] : x[i++];
	while (i < nx)
		out[k++] = x[i++];
	while (j < ny)
		out[k++] = y[j++];
}

/* A growing array of keys. */
struct keyvec {
	uint64_t *v;
	size_t n, cap;
	int64_t min_s, max_s;
	int outside; /* an event before 1970 or after 2106 */
};

static void kv_push(struct keyvec *kv, uint64_t key)
{
	if (kv->n == kv->cap) {
		kv->cap = kv->cap ? 2 * kv->cap : 4096;
		kv->v = xrealloc(kv->v, kv->cap * sizeof *kv->v);
	}
	kv->v[kv->n++] = key;
}

/* The second of ts (ms) for a key, or -1 outside 0 .. TOP_S. */
static int64_t key_sec(int64_t ts)
{
	return ts < 0 || ts / 1000 >= TOP_S ? -1 : ts / 1000;
}

/* The kept arrays of names[0..k) over the block files[0..nf) (sorted),
 * decoding only what they lack (files read lock held): 0 with out[j]
 * referenced (release each), 1 when an event lies outside the keys' range
 * (nothing referenced), -ERR_IO. */
static int get(struct evs *s, int64_t project, const uint32_t *names, size_t k, char *const *files, size_t nf,
	       struct pkeys **out)
{
	struct pkeys *old[MAX_NAMES] = {0};
	struct keyvec kv[MAX_NAMES] = {0};
	int need[MAX_NAMES] = {0}, any = 0, rc = 0;
	pthread_mutex_lock(&build_mu);
	pthread_mutex_lock(&pk_mu);
	for (size_t j = 0; j < k; j++) {
		struct pkeys *e = pk_head;
		while (e && (e->s != s || e->project != project || e->name != names[j]))
			e = e->next;
		out[j] = NULL;
		if (e && same_files(e, files, nf)) {
			e->refs++;
			e->used = ++pk_tick;
			out[j] = e;
			continue;
		}
		need[j] = any = 1;
		if (e && part_of(e, files, nf)) {
			e->refs++;
			old[j] = e;
		}
	}
	pthread_mutex_unlock(&pk_mu);
	for (size_t j = 0; j < k; j++)
		kv[j].min_s = INT64_MAX, kv[j].max_s = INT64_MIN;
	/* the rows the arrays lack, block by block, every lacking name at once */
	for (size_t i = 0; any && !rc && i < nf; i++) {
		uint32_t want[MAX_NAMES];
		size_t nw = 0, slot[MAX_NAMES];
		for (size_t j = 0; j < k; j++)
			if (need[j] && !(old[j] && has_file(old[j], files[i]))) {
				slot[nw] = j;
				want[nw++] = names[j];
			}
		if (!nw)
			continue;
		struct event_filter g = {
		    .from_ms = INT64_MIN, .to_ms = INT64_MAX, .names = want, .n_names = nw};
		struct evc_rows *r = evs_block_rows(s, files[i], &g);
		if (!r) {
			rc = -ERR_IO;
			break;
		}
		for (size_t x = 0; x < r->n; x++) {
			size_t w = 0;
			while (w < nw && want[w] != r->name[x])
				w++;
			if (w == nw)
				continue;
			struct keyvec *v = &kv[slot[w]];
			int64_t sec = key_sec(r->ts[x]);
			if (sec < 0) {
				v->outside = 1;
				continue;
			}
			kv_push(v, (uint64_t)r->person[x] << 32 | (uint64_t)sec);
			v->min_s = sec < v->min_s ? sec : v->min_s;
			v->max_s = sec > v->max_s ? sec : v->max_s;
		}
		evs_rows_release(r);
	}
	for (size_t j = 0; !rc && j < k; j++)
		if (need[j] && kv[j].outside)
			rc = 1;
	for (size_t j = 0; j < k; j++) {
		if (!need[j])
			continue;
		if (rc) {
			release(old[j]);
			free(kv[j].v);
			continue;
		}
		sort_keys(kv[j].v, kv[j].n);
		struct pkeys *e = xcalloc(1, sizeof *e);
		e->s = s;
		e->project = project;
		e->name = names[j];
		e->nfiles = nf;
		e->files = xmalloc((nf ? nf : 1) * sizeof *e->files);
		for (size_t i = 0; i < nf; i++)
			e->files[i] = xstrdup(files[i]);
		e->min_s = kv[j].min_s;
		e->max_s = kv[j].max_s;
		if (old[j] && old[j]->n) {
			e->n = old[j]->n + kv[j].n;
			e->key = xmalloc(e->n * sizeof *e->key);
			merge_keys(old[j]->key, old[j]->n, kv[j].v, kv[j].n, e->key);
			free(kv[j].v);
			e->min_s = old[j]->min_s < e->min_s ? old[j]->min_s : e->min_s;
			e->max_s = old[j]->max_s > e->max_s ? old[j]->max_s : e->max_s;
		} else {
			e->n = kv[j].n;
			e->key = kv[j].v ? kv[j].v : xmalloc(sizeof *e->key);
		}
		e->refs = 1;
		pthread_mutex_lock(&pk_mu);
		e->used = ++pk_tick;
		/* the array it replaces goes (freed once its readers are done) */
		for (struct pkeys *x = pk_head, *nx; x; x = nx) {
			nx = x->next;
			if (x->s == s && x->project == project && x->name == names[j])
				unlink_entry(x);
		}
		keep(e);
		if (old[j] && !--old[j]->refs && !old[j]->kept)
			entry_free(old[j]);
		pthread_mutex_unlock(&pk_mu);
		out[j] = e;
	}
	pthread_mutex_unlock(&build_mu);
	if (rc)
		for (size_t j = 0; j < k; j++)
			if (!need[j]) {
				release(out[j]);
				out[j] = NULL;
			}
	return rc;
}

/* The catalogue's blocks of project (all of them), sorted by name. */
static int load_files(sqlite3 *db, int64_t project, char ***files, size_t *n)
{
	sqlite3_stmt *st = evs_prep(db, "SELECT file FROM blocks WHERE project=?");
	sqlite3_bind_int64(st, 1, project);
	int rc;
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			*files = xrealloc(*files, cap * sizeof **files);
		}
		(*files)[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (*n > 1)
		qsort(*files, *n, sizeof **files, by_str);
	return rc == SQLITE_DONE ? 0 : evs_err(rc);
}

/* The linked ids of project (every id that is not its own root), by id. */
struct links {
	uint32_t *id, *root;
	size_t n;
};

static int load_links(sqlite3 *db, int64_t project, struct links *l)
{
	sqlite3_stmt *st =
	    evs_prep(db, "SELECT id, root FROM links WHERE project=? AND id<>root ORDER BY id");
	sqlite3_bind_int64(st, 1, project);
	int rc;
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), root = sqlite3_column_int64(st, 1);
		if (id < 0 || id > UINT32_MAX || root < 0 || root > UINT32_MAX)
			continue;
		if (l->n == cap) {
			cap = cap ? 2 * cap : 256;
			l->id = xrealloc(l->id, cap * sizeof *l->id);
			l->root = xrealloc(l->root, cap * sizeof *l->root);
		}
		l->id[l->n] = (uint32_t)id;
		l->root[l->n++] = (uint32_t)root;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : evs_err(rc);
}

static uint32_t root_of(const struct links *l, uint32_t id)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < l->n && l->id[lo] == id ? l->root[lo] : id;
}

/* The first index of a[0..n) (ascending) at or above want. */
static size_t lower(const uint64_t *a, size_t n, uint64_t want)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* One name's keys for the query: the kept array as it is when no linked
 * id has events in it and the log has none of the name; else a new copy
 * (*copy, caller frees) with the linked ids' events moved to their roots
 * and the log's events in. */
static void name_keys(const struct pkeys *e, const struct links *l, const struct evc_rows *log, uint32_t name,
		      const uint64_t **key, size_t *n, uint64_t **copy)
{
	struct keyvec extra = {0};
	for (size_t i = 0; log && i < log->n; i++)
		if (log->name[i] == name)
			kv_push(&extra,
				(uint64_t)root_of(l, log->person[i]) << 32 | (uint64_t)(log->ts[i] / 1000));
	size_t moved = 0;
	for (size_t x = 0; x < l->n; x++) {
		uint64_t base = (uint64_t)l->id[x] << 32;
		for (size_t i = lower(e->key, e->n, base); i < e->n && e->key[i] >> 32 == l->id[x]; i++) {
			kv_push(&extra, (uint64_t)l->root[x] << 32 | (e->key[i] & UINT32_MAX));
			moved++;
		}
	}
	*copy = NULL;
	if (!extra.n) {
		*key = e->key;
		*n = e->n;
		return;
	}
	sort_keys(extra.v, extra.n);
	/* the kept keys without the linked ids' (segments between them) */
	uint64_t *rest = xmalloc((e->n - moved + 1) * sizeof *rest);
	size_t nr = 0, from = 0;
	for (size_t x = 0; moved && x < l->n; x++) {
		size_t i = lower(e->key, e->n, (uint64_t)l->id[x] << 32);
		size_t j = lower(e->key, e->n, ((uint64_t)l->id[x] + 1) << 32);
		if (i == j)
			continue;
		memcpy(rest + nr, e->key + from, (i - from) * sizeof *rest);
		nr += i - from;
		from = j;
	}
	memcpy(rest + nr, e->key + from, (e->n - from) * sizeof *rest);
	nr += e->n - from;
	*copy = xmalloc((nr + extra.n) * sizeof **copy);
	merge_keys(rest, nr, extra.v, extra.n, *copy);
	*key = *copy;
	*n = nr + extra.n;
	free(rest);
	free(extra.v);
}

int evs_person_keys(struct event_store *es, int64_t project, const struct event_filter *f, event_keys_fn fn,
		    void *arg)
{
	struct evs *s = (struct evs *)es;
	if (!f->names || !f->n_names || f->n_names > MAX_NAMES || f->with_props || f->prop_key ||
	    f->source_id || f->to_ms <= f->from_ms || f->to_ms <= 0)
		return 1;
	uint32_t names[MAX_NAMES];
	size_t k = 0;
	for (size_t j = 0; j < f->n_names; j++) {
		size_t d = 0;
		while (d < k && names[d] != f->names[j])
			d++;
		if (d == k)
			names[k++] = f->names[j];
	}
	sqlite3 *db = evs_reader_get(s);
	if (!db)
		return -ERR_IO;
	char **files = NULL;
	size_t nf = 0;
	struct links l = {0};
	struct evc_rows *log = NULL;
	struct pkeys *e[MAX_NAMES] = {0};
	struct event_filter g = *f;
	g.names = names;
	g.n_names = k;
	pthread_rwlock_rdlock(&s->files);
	/* one read transaction: catalogue, links and log from one snapshot */
	int rc = evs_exec(db, "BEGIN");
	if (!rc)
		rc = load_files(db, project, &files, &nf);
	if (!rc)
		rc = load_links(db, project, &l);
	if (!rc && !(log = evs_log_rows(db, project, &g)))
		rc = -ERR_IO;
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL); /* the pooled reader ends clean */
	if (!rc)
		rc = get(s, project, names, k, files, nf, e);
	pthread_rwlock_unlock(&s->files);
	/* the span in whole seconds: exact when a bound in the middle of a
	 * second has no kept event in that second (the log's are filtered
	 * by f to the ms already) */
	int64_t lo_s = 0, hi_s = TOP_S;
	for (size_t i = 0; !rc && log && i < log->n; i++)
		if (key_sec(log->ts[i]) < 0)
			rc = 1;
	if (!rc && f->from_ms > 0) {
		lo_s = f->from_ms / 1000;
		for (size_t j = 0; f->from_ms % 1000 && j < k; j++)
			if (e[j]->n && e[j]->min_s <= lo_s)
				rc = 1;
	}
	if (!rc && f->to_ms / 1000 < TOP_S) {
		hi_s = f->to_ms / 1000 + (f->to_ms % 1000 != 0);
		for (size_t j = 0; f->to_ms % 1000 && j < k; j++)
			if (e[j]->n && e[j]->max_s >= hi_s - 1)
				rc = 1;
	}
	if (!rc) {
		const uint64_t *key[MAX_NAMES];
		size_t n[MAX_NAMES];
		uint64_t *copy[MAX_NAMES] = {0};
		for (size_t j = 0; j < k; j++)
			name_keys(e[j], &l, log, names[j], &key[j], &n[j], &copy[j]);
		struct event_keys ek = {k, names, key, n, lo_s, hi_s};
		rc = fn(arg, &ek);
		for (size_t j = 0; j < k; j++)
			free(copy[j]);
	}
	for (size_t j = 0; j < k; j++)
		release(e[j]);
	evs_rows_release(log);
	for (size_t i = 0; i < nf; i++)
		free(files[i]);
	free(files);
	free(l.id);
	free(l.root);
	evs_reader_put(s, db);
	return rc;
}
