/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_funnel: a person's progress is a small record indexed by the
 * store's dense person id (when they entered, when they reached their last
 * step, how far they got, their breakdown group). Events of one second are
 * held back and then applied per person in step order, so that steps in
 * the same second count whatever their milliseconds say (ties).
 */
#include "domain/metrics_funnel.h"

#include <stdlib.h>
#include <string.h>

struct person {
	int64_t t1;   /* second of step 1 */
	int64_t last; /* second of the last step reached */
	uint16_t group;
	uint8_t reached; /* steps reached; 0: not entered */
	uint8_t broken;	 /* strict order broken */
};

struct pending {
	int64_t ts;
	uint32_t person, name, group;
	uint8_t idx; /* the first step with this name; n_steps when none */
};

struct sample {
	int64_t d, total;
	uint32_t group;
	uint8_t step;
};

struct metrics_funnel {
	uint32_t steps[METRICS_FUNNEL_MAX_STEPS];
	int n;
	int64_t window_s, from_ms, to_ms;
	int strict;
	struct person *p;
	size_t np;
	struct pending *q;
	size_t nq, capq;
	int64_t sec; /* the second held back */
	struct sample *s;
	size_t ns, caps;
	int64_t *counts; /* [group * MAX_STEPS + step] */
	int64_t *best;	 /* passes: per person the pass's earliest time, INT64_MAX */
	size_t nbest;
	uint32_t ngroups, capg;
	int oom;
};

static int64_t sec_of(int64_t ms)
{
	int64_t q = ms / 1000;
	return q * 1000 > ms ? q - 1 : q;
}

struct metrics_funnel *metrics_funnel_new(const uint32_t *steps, int n_steps, int64_t window_s, int strict,
					  int64_t from_ms, int64_t to_ms)
{
	if (n_steps < 2 || n_steps > METRICS_FUNNEL_MAX_STEPS || window_s < 1)
		return NULL;
	struct metrics_funnel *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	memcpy(f->steps, steps, (size_t)n_steps * sizeof *steps);
	f->n = n_steps;
	f->window_s = window_s;
	f->strict = strict != 0;
	f->from_ms = from_ms;
	f->to_ms = to_ms;
	f->sec = INT64_MIN;
	return f;
}

static struct person *person(struct metrics_funnel *f, uint32_t id)
{
	if (id >= f->np) {
		/* from 64 records up, doubling: 1,024 zeroed records for a
		 * funnel of a few persons were most of the time of a small one */
		size_t n = f->np ? f->np : 64;
		while (n <= id)
			n *= 2;
		struct person *p = realloc(f->p, n * sizeof *p);
		if (!p)
			return NULL;
		memset(p + f->np, 0, (n - f->np) * sizeof *p);
		f->p = p;
		f->np = n;
	}
	return &f->p[id];
}

int metrics_funnel_may_enter(const struct metrics_funnel *f, int64_t ts_ms, uint32_t id, uint32_t name)
{
	return name == f->steps[0] && ts_ms >= f->from_ms && ts_ms < f->to_ms &&
	       (id >= f->np || !f->p[id].reached);
}

static int count(struct metrics_funnel *f, uint32_t group, int step)
{
	if (group >= f->capg) {
		uint32_t n = f->capg ? f->capg : 8;
		while (n <= group)
			n *= 2;
		int64_t *c = realloc(f->counts, (size_t)n * METRICS_FUNNEL_MAX_STEPS * sizeof *c);
		if (!c)
			return -1;
		memset(c + (size_t)f->capg * METRICS_FUNNEL_MAX_STEPS, 0,
		       (size_t)(n - f->capg) * METRICS_FUNNEL_MAX_STEPS * sizeof *c);
		f->counts = c;
		f->capg = n;
	}
	if (group >= f->ngroups)
		f->ngroups = group + 1;
	f->counts[(size_t)group * METRICS_FUNNEL_MAX_STEPS + (size_t)step]++;
	return 0;
}

static int sample(struct metrics_funnel *f, const struct person *p, int step, int64_t sec)
{
	if (f->ns == f->caps) {
		size_t n = f->caps ? 2 * f->caps : 64;
		struct sample *s = realloc(f->s, n * sizeof *s);
		if (!s)
			return -1;
		f->s = s;
		f->caps = n;
	}
	f->s[f->ns++] = (struct sample){sec - p->last, sec - p->t1, p->group, (uint8_t)step};
	return 0;
}

/* One event, in step order within its second. */
static int apply(struct metrics_funnel *f, const struct pending *e)
{
	struct person *p = person(f, e->person);
	if (!p)
		return -1;
	int64_t sec = sec_of(e->ts);
	if (!p->reached) {
		if (e->idx != 0 || e->ts < f->from_ms || e->ts >= f->to_ms)
			return 0;
		*p = (struct person){sec, sec, (uint16_t)e->group, 1, 0};
		return count(f, e->group, 0);
	}
	if (p->broken || p->reached == f->n)
		return 0;
	if (e->name == f->steps[p->reached] && sec <= p->t1 + f->window_s) {
		int step = p->reached;
		if (sample(f, p, step, sec) < 0)
			return -1;
		p->reached++;
		p->last = sec;
		return count(f, p->group, step);
	}
	if (f->strict && sec > p->last)
		p->broken = 1;
	return 0;
}

static int by_person_step(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	if (x->idx != y->idx)
		return x->idx < y->idx ? -1 : 1;
	return (x->ts > y->ts) - (x->ts < y->ts);
}

static int flush(struct metrics_funnel *f)
{
	if (f->nq > 1)
		qsort(f->q, f->nq, sizeof *f->q, by_person_step);
	for (size_t i = 0; i < f->nq; i++)
		if (apply(f, &f->q[i]) < 0)
			return -1;
	f->nq = 0;
	return 0;
}

int metrics_funnel_add(struct metrics_funnel *f, int64_t ts_ms, uint32_t id, uint32_t name, uint32_t group)
{
	if (f->oom)
		return -1;
	int64_t sec = sec_of(ts_ms);
	if (sec != f->sec && f->nq && flush(f) < 0)
		return f->oom = 1, -1;
	f->sec = sec;
	uint8_t idx = (uint8_t)f->n;
	for (int k = 0; k < f->n; k++)
		if (f->steps[k] == name) {
			idx = (uint8_t)k;
			break;
		}
	if (idx == f->n && !f->strict)
		return 0; /* not a step: matters only for strict order */
	if (f->nq == f->capq) {
		size_t n = f->capq ? 2 * f->capq : 64;
		struct pending *q = realloc(f->q, n * sizeof *q);
		if (!q)
			return f->oom = 1, -1;
		f->q = q;
		f->capq = n;
	}
	f->q[f->nq++] = (struct pending){ts_ms, id, name, group > UINT16_MAX ? UINT16_MAX : group, idx};
	return 0;
}

int metrics_funnel_end(struct metrics_funnel *f)
{
	if (f->oom || flush(f) < 0)
		return f->oom = 1, -1;
	return 0;
}

uint32_t metrics_funnel_groups(const struct metrics_funnel *f)
{
	return f->ngroups;
}

/* Puts the k-th smallest of v[0..n) at v[k], smaller ones before it
 * (quickselect, median of three). */
static void select_kth(int64_t *v, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, want = (ptrdiff_t)k;
	while (hi > lo) {
		int64_t a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi];
		int64_t pv = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
		ptrdiff_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pv)
				i++;
			while (v[j] > pv)
				j--;
			if (i <= j) {
				int64_t t = v[i];
				v[i++] = v[j];
				v[j--] = t;
			}
		}
		/* v[lo..j] <= pv, v[i..hi] >= pv, between them == pv */
		if (want <= j)
			hi = j;
		else if (want >= i)
			lo = i;
		else
			return;
	}
}

static double median(int64_t *v, size_t n)
{
	if (!n)
		return -1;
	select_kth(v, n, n / 2);
	if (n % 2)
		return (double)v[n / 2];
	int64_t below = v[0]; /* the largest of v[0 .. n/2) */
	for (size_t i = 1; i < n / 2; i++)
		below = v[i] > below ? v[i] : below;
	return ((double)below + (double)v[n / 2]) / 2;
}

int metrics_funnel_result(const struct metrics_funnel *f, int64_t group, struct metrics_funnel_step *out)
{
	int64_t *d = malloc((f->ns ? f->ns : 1) * sizeof *d), *t = malloc((f->ns ? f->ns : 1) * sizeof *t);
	if (!d || !t) {
		free(d);
		free(t);
		return -1;
	}
	for (int k = 0; k < f->n; k++) {
		int64_t c = 0;
		for (uint32_t g = 0; g < f->ngroups; g++)
			if (group < 0 || (int64_t)g == group)
				c += f->counts[(size_t)g * METRICS_FUNNEL_MAX_STEPS + (size_t)k];
		size_t m = 0;
		for (size_t i = 0; k > 0 && i < f->ns; i++)
			if (f->s[i].step == k && (group < 0 || (int64_t)f->s[i].group == group)) {
				d[m] = f->s[i].d;
				t[m++] = f->s[i].total;
			}
		out[k] = (struct metrics_funnel_step){c, median(d, m), median(t, m)};
	}
	free(d);
	free(t);
	return 0;
}

void metrics_funnel_free(struct metrics_funnel *f)
{
	if (!f)
		return;
	free(f->p);
	free(f->q);
	free(f->s);
	free(f->counts);
	free(f->best);
	free(f);
}

int metrics_funnel_passes_exact(const struct metrics_funnel *f)
{
	if (f->strict)
		return 0;
	for (int i = 0; i < f->n; i++)
		for (int j = 0; j < i; j++)
			if (f->steps[i] == f->steps[j])
				return 0;
	return 1;
}

/* Grows the person records and the pass's earliest times to hold id. */
static int grow_best(struct metrics_funnel *f, uint32_t id)
{
	if (!person(f, id))
		return f->oom = 1, -1;
	if (id >= f->nbest) {
		size_t n = f->np;
		int64_t *b = realloc(f->best, n * sizeof *b);
		if (!b)
			return f->oom = 1, -1;
		for (size_t i = f->nbest; i < n; i++)
			b[i] = INT64_MAX;
		f->best = b;
		f->nbest = n;
	}
	return 0;
}

int metrics_funnel_pass_add(struct metrics_funnel *f, int k, int64_t ts_ms, uint32_t id)
{
	if (f->oom || k < 0 || k >= f->n || !metrics_funnel_passes_exact(f))
		return -1;
	if (k == 0) {
		if (ts_ms < f->from_ms || ts_ms >= f->to_ms)
			return 0;
		if (grow_best(f, id) < 0)
			return -1;
	} else if (id >= f->np || f->p[id].reached != k || sec_of(ts_ms) < f->p[id].last)
		return 0; /* not at step k - 1, or before it */
	if (ts_ms < f->best[id])
		f->best[id] = ts_ms;
	return 0;
}

int metrics_funnel_pass_add_many(struct metrics_funnel *f, int k, size_t n, const int64_t *ts_ms,
				 const uint32_t *person)
{
	if (f->oom || k < 0 || k >= f->n || !metrics_funnel_passes_exact(f))
		return -1;
	if (k == 0) {
		/* grow both arrays to the largest id once */
		uint32_t top = 0;
		int any = 0;
		for (size_t i = 0; i < n; i++)
			if (ts_ms[i] >= f->from_ms && ts_ms[i] < f->to_ms) {
				top = person[i] > top ? person[i] : top;
				any = 1;
			}
		if (any && grow_best(f, top) < 0)
			return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (i + 16 < n && person[i + 16] < f->nbest) {
			__builtin_prefetch(&f->best[person[i + 16]], 1);
			if (k)
				__builtin_prefetch(&f->p[person[i + 16]], 0);
		}
		uint32_t id = person[i];
		int64_t ts = ts_ms[i];
		if (k == 0) {
			if (ts < f->from_ms || ts >= f->to_ms)
				continue;
		} else if (id >= f->np || f->p[id].reached != k || sec_of(ts) < f->p[id].last)
			continue;
		if (ts < f->best[id])
			f->best[id] = ts;
	}
	return 0;
}

int metrics_funnel_pass_end(struct metrics_funnel *f, int k)
{
	if (f->oom || k < 0 || k >= f->n || !metrics_funnel_passes_exact(f))
		return -1;
	for (size_t i = 0; i < f->nbest; i++) {
		if (f->best[i] == INT64_MAX)
			continue;
		int64_t sec = sec_of(f->best[i]);
		f->best[i] = INT64_MAX;
		struct person *p = &f->p[i];
		if (k == 0) {
			if (p->reached)
				continue;
			*p = (struct person){sec, sec, 0, 1, 0};
			if (count(f, 0, 0) < 0)
				return f->oom = 1, -1;
		} else if (p->reached == k && sec <= p->t1 + f->window_s) {
			if (sample(f, p, k, sec) < 0 || count(f, p->group, k) < 0)
				return f->oom = 1, -1;
			p->reached++;
			p->last = sec;
		}
	}
	return 0;
}

/* Whole seconds s with lo <= s * 1000 + ms for every ms (a bound in ms to
 * a bound in seconds, clamped to the keys' 0 .. 2^32): -1 when ms is not a
 * whole second inside that range. */
static int64_t whole_s(int64_t ms)
{
	if (ms <= 0)
		return 0;
	if (ms >= (int64_t)1000 << 32)
		return (int64_t)1 << 32;
	return ms % 1000 ? -1 : ms / 1000;
}

/* The first index i >= j with a[i] >= want (a ascending): gallops, so a
 * long run of other persons costs log of its length. */
static size_t seek(const uint64_t *a, size_t j, size_t n, uint64_t want)
{
	if (j >= n || a[j] >= want)
		return j;
	size_t step = 1, lo = j; /* a[lo] < want */
	while (lo + step < n && a[lo + step] < want) {
		lo += step;
		step *= 2;
	}
	size_t hi = lo + step < n ? lo + step : n; /* a[hi] >= want, or n */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] < want)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

/* The persons of a chunk still going: key person << 32 | second of the
 * last step reached, lim the key of their window's last second, t1 the
 * second of step 1, prev the key of the step before (for the samples). */
struct cand {
	uint64_t key[4096], lim[4096], prev[4096];
	uint32_t t1[4096], idx[4096];
};

/* One lane of the merge: candidates [i, e) against b from j; survivors
 * written from o on (their key and where they came from). Branch-free:
 * b[j] stops at each candidate's lower bound, which reaches the step when
 * it is within the window. */
struct lane {
	size_t i, e, j, o;
};

#define LANE_STEP(L)                                                                                         \
	do {                                                                                                 \
		uint64_t x_ = c->key[L.i], y_ = b[L.j];                                                      \
		size_t adv_ = y_ < x_;                                                                       \
		L.j += adv_;                                                                                 \
		d->key[L.o] = y_;                                                                            \
		d->idx[L.o] = (uint32_t)L.i;                                                                 \
		L.o += !adv_ & (y_ <= c->lim[L.i]);                                                          \
		L.i += !adv_;                                                                                \
	} while (0)

/* Moves the m candidates c to step k (keys b[0..nb), from *at on): those
 * who reach it into d (their number returned); *at grows. Two lanes (the
 * halves of the candidates) run interleaved, for two independent chains
 * of loads. */
static size_t next_step(const struct cand *c, struct cand *d, size_t m, const uint64_t *b, size_t nb,
			size_t *at)
{
	/* the keys of b up to the last candidate's person */
	size_t span = seek(b, *at, nb, c->key[m - 1] | UINT32_MAX) - *at, out;
	if (span > 64 * m) {
		/* few persons against many keys: gallop to each */
		size_t j = *at;
		out = 0;
		for (size_t i = 0; i < m; i++) {
			j = seek(b, j, nb, c->key[i]);
			if (j == nb)
				break;
			if (b[j] > c->lim[i])
				continue;
			d->key[out] = b[j];
			d->idx[out++] = (uint32_t)i;
		}
		*at = j;
	} else {
		size_t h = m / 2;
		struct lane p = {0, h, *at, 0}, q = {h, m, seek(b, *at, nb, c->key[h]), h};
		while (p.i < p.e && p.j < nb && q.i < q.e && q.j < nb) {
			LANE_STEP(p);
			LANE_STEP(q);
		}
		while (p.i < p.e && p.j < nb)
			LANE_STEP(p);
		while (q.i < q.e && q.j < nb)
			LANE_STEP(q);
		*at = q.j;
		/* lane q's survivors after lane p's */
		size_t nq = q.o - h;
		memmove(d->key + p.o, d->key + h, nq * sizeof *d->key);
		memmove(d->idx + p.o, d->idx + h, nq * sizeof *d->idx);
		out = p.o + nq;
	}
	for (size_t o = 0; o < out; o++) {
		uint32_t i = d->idx[o];
		d->prev[o] = c->key[i];
		d->lim[o] = c->lim[i];
		d->t1[o] = c->t1[i];
	}
	return out;
}

int metrics_funnel_join(struct metrics_funnel *f, const uint64_t *const *key, const size_t *n, int64_t lo_s,
			int64_t hi_s)
{
	int64_t from_s = whole_s(f->from_ms), to_s = whole_s(f->to_ms);
	if (f->oom)
		return -1;
	if (!metrics_funnel_passes_exact(f) || from_s < 0 || to_s < 0 || f->nq || f->ns || f->ngroups ||
	    f->nbest)
		return 1;
	for (int k = 0; k < f->n; k++)
		if (n[k] && key[k][n[k] - 1] >> 32 == UINT32_MAX)
			return 1; /* the last person id: its next would wrap */
	if (lo_s < 0)
		lo_s = 0;
	if (hi_s > (int64_t)1 << 32)
		hi_s = (int64_t)1 << 32;
	/* step 1 in [F, T); every step before H */
	uint64_t F = (uint64_t)(from_s > lo_s ? from_s : lo_s), T = (uint64_t)(to_s < hi_s ? to_s : hi_s);
	uint64_t H = hi_s > 0 ? (uint64_t)hi_s : 0, W = (uint64_t)f->window_s;
	if (T <= F)
		return 0;
	int64_t cnt[METRICS_FUNNEL_MAX_STEPS] = {0};
	size_t at[METRICS_FUNNEL_MAX_STEPS] = {0};
	const uint64_t *a = key[0];
	/* a chunk of step 1's keys at a time: its persons' entries (key:
	 * person << 32 | second of the last step reached, t1: of step 1), then
	 * step by step those who go on; later steps' positions only grow */
	enum { CHUNK = 4096 };
	struct cand *buf = malloc(2 * sizeof *buf), *c = buf, *d = buf + 1;
	if (!buf)
		return f->oom = 1, -1;
	for (size_t c0 = 0; c0 < n[0]; c0 += CHUNK) {
		size_t c1 = c0 + CHUNK < n[0] ? c0 + CHUNK : n[0], m = 0;
		uint64_t prev = c0 ? a[c0 - 1] : ~(uint64_t)0;
		for (size_t i = c0; i < c1; i++) {
			/* a person's first key in [F, T): the previous key is
			 * another person's or before F (branch-free) */
			uint64_t x = a[i], sec = x & UINT32_MAX;
			uint64_t end = sec + W < H ? sec + W : H - 1;
			int first = ((prev ^ x) >> 32 != 0) | ((prev & UINT32_MAX) < F);
			c->key[m] = x;
			c->lim[m] = x - sec + end;
			c->t1[m] = (uint32_t)sec;
			m += (size_t)(first & (sec >= F) & (sec < T));
			prev = x;
		}
		cnt[0] += (int64_t)m;
		for (int k = 1; k < f->n && m; k++) {
			size_t out = next_step(c, d, m, key[k], n[k], &at[k]);
			struct cand *t = c;
			c = d;
			d = t;
			if (f->caps - f->ns < out) {
				size_t cap = f->caps ? 2 * f->caps : 1024;
				while (cap - f->ns < out)
					cap *= 2;
				struct sample *sm = realloc(f->s, cap * sizeof *sm);
				if (!sm) {
					free(buf);
					return f->oom = 1, -1;
				}
				f->s = sm;
				f->caps = cap;
			}
			for (size_t i = 0; i < out; i++)
				f->s[f->ns++] = (struct sample){
				    (int64_t)(c->key[i] - c->prev[i]),
				    (int64_t)(c->key[i] & UINT32_MAX) - (int64_t)c->t1[i], 0, (uint8_t)k};
			cnt[k] += (int64_t)out;
			m = out;
		}
		if (c != buf) { /* the next chunk starts in buf[0] */
			d = c;
			c = buf;
		}
	}
	free(buf);
	for (int k = 0; k < f->n; k++)
		if (cnt[k]) {
			if (count(f, 0, k) < 0)
				return f->oom = 1, -1;
			f->counts[k] += cnt[k] - 1;
		}
	return 0;
}
