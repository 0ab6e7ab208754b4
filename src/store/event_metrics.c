/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_metrics: see event_metrics.h.
 */
#include "store/event_metrics.h"

#include "lib/util.h"
#include "store/event_gen.h"
#include "store/event_internal.h"

static int feed_first(void *arg, const struct event_spans *b)
{
	return metrics_retention_first_seen_many(arg, b->n, b->person, b->lo) < 0 ? -ERR_INVALID : 0;
}

static int feed_span(void *arg, const struct event_spans *b)
{
	return metrics_retention_span_many(arg, b->n, b->person, b->lo, b->hi) < 0 ? -ERR_INVALID : 0;
}

static int feed_events(void *arg, const struct event_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (metrics_retention_add(arg, b->ts_ms[i], b->person[i], 1, 1) < 0)
			return -ERR_INVALID;
	return 0;
}

int event_retention_fill(struct event_store *s, int64_t project, const struct event_filter *f,
			 struct metrics_retention *r)
{
	struct event_filter g = *f;
	g.with_props = 0;
	g.raw_person = 0;
	if (evs_is_embedded(s)) {
		event_gen_note_project(project); /* as the store's own reads do */
		int rc = evs_retention_fill((struct evs *)s, project, &g, r);
		if (rc)
			return rc < 0 ? rc : 0;
	}
	if (s->ops->person_spans && metrics_retention_spans_exact(r)) {
		int rc = s->ops->person_spans(s, project, &g, feed_first, r);
		return rc ? rc : s->ops->person_spans(s, project, &g, feed_span, r);
	}
	return s->ops->scan(s, project, &g, feed_events, r);
}

struct pass {
	struct metrics_funnel *f;
	const uint32_t *steps;
	int n, k; /* the pass being fed */
	int bad;  /* rows of a step already ended */
};

/* Rows come name by name in step order: a row of a later step ends the
 * passes before it. */
static int feed_pass(void *arg, const struct event_batch *b)
{
	struct pass *p = arg;
	for (size_t i = 0, j; i < b->n; i = j) {
		int k = 0;
		while (k < p->n && p->steps[k] != b->name[i])
			k++;
		if (k < p->k || k == p->n)
			return p->bad = 1, -ERR_IO; /* not grouped as promised */
		for (; p->k < k; p->k++)
			if (metrics_funnel_pass_end(p->f, p->k) < 0)
				return -ERR_INVALID;
		for (j = i + 1; j < b->n && b->name[j] == b->name[i]; j++)
			;
		if (metrics_funnel_pass_add_many(p->f, k, j - i, b->ts_ms + i, b->person + i) < 0)
			return -ERR_INVALID;
	}
	return 0;
}

struct join {
	struct metrics_funnel *f;
	const uint32_t *steps;
	int n;
	int declined; /* the kernel cannot join exactly: feed another way */
};

/* Each step's sorted keys (none for a name never sent) into the kernel's
 * merge join. */
static int feed_join(void *arg, const struct event_keys *ek)
{
	struct join *j = arg;
	static const uint64_t none = 0;
	const uint64_t *key[METRICS_FUNNEL_MAX_STEPS];
	size_t n[METRICS_FUNNEL_MAX_STEPS];
	for (int k = 0; k < j->n; k++) {
		key[k] = &none;
		n[k] = 0;
		for (size_t x = 0; x < ek->k; x++)
			if (ek->names[x] == j->steps[k]) {
				key[k] = ek->key[x];
				n[k] = ek->n[x];
			}
	}
	int rc = metrics_funnel_join(j->f, key, n, ek->lo_s, ek->hi_s);
	if (rc < 0)
		return -ERR_INVALID;
	j->declined = rc;
	return 0;
}

static int feed_funnel(void *arg, const struct event_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (metrics_funnel_add(arg, b->ts_ms[i], b->person[i], b->name[i], 0) < 0)
			return -ERR_INVALID;
	return 0;
}

int event_funnel_fill(struct event_store *s, int64_t project, const struct event_filter *f,
		      struct metrics_funnel *fu, const uint32_t *steps, int n_steps)
{
	struct event_filter g = *f;
	g.with_props = 0;
	g.raw_person = 0;
	if (s->ops->rows && metrics_funnel_passes_exact(fu)) {
		/* one read of every step's rows, name by name in step order */
		uint32_t names[METRICS_FUNNEL_MAX_STEPS];
		size_t nn = 0;
		for (int k = 0; k < n_steps; k++)
			if (steps[k] != METRICS_FUNNEL_NO_NAME)
				names[nn++] = steps[k];
		g.names = names;
		g.n_names = nn;
		if (nn && s->ops->person_keys) {
			/* the steps' events in person order: a merge join */
			struct join j = {fu, steps, n_steps, 0};
			int rc = s->ops->person_keys(s, project, &g, feed_join, &j);
			if (rc != 1 && !(rc == 0 && j.declined))
				return rc;
		}
		struct pass p = {fu, steps, n_steps, 0, 0};
		int rc = nn ? s->ops->rows(s, project, &g, feed_pass, &p) : 0;
		if (rc)
			return rc;
		for (; p.k < n_steps; p.k++)
			if (metrics_funnel_pass_end(fu, p.k) < 0)
				return -ERR_INVALID;
		return 0;
	}
	g.names = f->names;
	g.n_names = f->n_names;
	int rc = s->ops->scan(s, project, &g, feed_funnel, fu);
	if (!rc && metrics_funnel_end(fu) < 0)
		rc = -ERR_INVALID;
	return rc;
}
