/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_retention: see event_retention.h.
 */
#include "store/event_retention.h"

#include "lib/util.h"

static int feed_first(void *arg, const struct event_spans *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (metrics_retention_first_seen(arg, b->person[i], b->lo[i]) < 0)
			return -ERR_INVALID;
	return 0;
}

static int feed_span(void *arg, const struct event_spans *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (metrics_retention_span(arg, b->person[i], b->lo[i], b->hi[i]) < 0)
			return -ERR_INVALID;
	return 0;
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
	if (s->ops->person_spans && metrics_retention_spans_exact(r)) {
		int rc = s->ops->person_spans(s, project, &g, feed_first, r);
		return rc ? rc : s->ops->person_spans(s, project, &g, feed_span, r);
	}
	return s->ops->scan(s, project, &g, feed_events, r);
}
