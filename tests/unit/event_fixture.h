/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_fixture.h: the set-up the event store's unit tests share: a fresh
 * embedded store in a temporary directory (evfix_open), reopened from disk
 * (evfix_reopen), filled with generated events (evfix_append: event i of
 * person "p<i % people>", client id "u<i>", time and name from a pattern),
 * and removed at the end (evfix_done). Sealing happens only when a test
 * asks (event_store_seal).
 */
#ifndef SL_EVENT_FIXTURE_H
#define SL_EVENT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "store/event_store.h"
#include "test.h"

#define EVFIX_D 86400000LL
#define EVFIX_T0 (20759LL * EVFIX_D) /* Monday 2 November 2026 */

static char evfix_tmpl[64], evfix_dir[96];

static struct event_store *evfix_reopen(void)
{
	int err = 0;
	struct event_store *s = event_store_open_embedded(evfix_dir, &err);
	BUG_ON(!s);
	return s;
}

/* A fresh store under /tmp/<prefix>-XXXXXX. */
static struct event_store *evfix_open(const char *prefix)
{
	setenv("SCALELAB_EVENTS_SEAL_ROWS", "100000000", 1); /* seals only when asked */
	snprintf(evfix_tmpl, sizeof evfix_tmpl, "/tmp/%s-XXXXXX", prefix);
	BUG_ON(!mkdtemp(evfix_tmpl));
	snprintf(evfix_dir, sizeof evfix_dir, "%s/ev", evfix_tmpl);
	return evfix_reopen();
}

static void evfix_done(struct event_store *s)
{
	if (s)
		s->ops->close(s);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", evfix_tmpl);
	BUG_ON(system(cmd) != 0);
}

/* The time and name of event i; for the first event of an append, the
 * source of them all. */
typedef void (*evfix_pattern)(int i, int days, int64_t *ts, const char **name, int64_t *source);

/* n events from number from on: person i % people, days: the pattern's span. */
static void evfix_append(struct event_store *s, int from, int n, int people, int days, evfix_pattern pat)
{
	struct event_in *ev = xcalloc((size_t)n, sizeof *ev);
	char(*ids)[24] = xcalloc((size_t)n, 24), (*uu)[24] = xcalloc((size_t)n, 24);
	int64_t source = 1, ignored;
	for (int k = 0; k < n; k++) {
		int i = from + k;
		snprintf(ids[k], 24, "p%d", i % people);
		snprintf(uu[k], 24, "u%d", i);
		int64_t ts;
		const char *name;
		pat(i, days, &ts, &name, k ? &ignored : &source);
		ev[k] = (struct event_in){ts,	 name,		strlen(name), ids[k], strlen(ids[k]),
					  uu[k], strlen(uu[k]), NULL,	      0};
	}
	CHECK_INT(s->ops->append(s, 1, source, ev, (size_t)n, NULL, 0, NULL), 0);
	free(ev);
	free(ids);
	free(uu);
}

#endif
