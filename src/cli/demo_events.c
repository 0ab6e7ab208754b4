/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * demo_events: a PostHog source on the demo initiative "Digitale
 * schuldhulp-intake" with the events of a digital intake over the last
 * eight weeks: inwoners open the start page, begin the intake, finish its
 * steps, send it and plan an appointment; some sign in (an $identify that
 * links their anonymous id). Fixed seed, dates relative to today, so the
 * source page shows real counters and the metrics have a funnel to count.
 */
#include "cli/demo_events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/events.h"
#include "cli/dbmsg.h"
#include "cli/demo_growth.h"
#include "lib/buf.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/db.h"
#include "store/event_source_store.h"
#include "store/event_store.h"
#include "store/kpi_store.h"

#define PEOPLE 900
#define DAYS 56

static uint64_t state = 0x5ca1ab1e2026ULL;

static uint32_t next(void)
{
	state = state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(state >> 33);
}

static double unit(void)
{
	return next() / 2147483648.0;
}

struct gen {
	struct event_in ev[8];
	struct event_alias al[1];
	char ids[2][32], uuids[8][40], props[8][160];
	size_t n, n_al;
};

static const char *const steps[] = {
    "$pageview",	"intake_gestart",  "stap_inkomsten_voltooid", "stap_schulden_voltooid",
    "intake_verzonden", "afspraak_gepland"};

/* One inwoner's visit on day d: how far they get in the intake. */
static void visit(struct gen *g, int person, int64_t day_ms, int visit_no)
{
	g->n = g->n_al = 0;
	snprintf(g->ids[0], sizeof g->ids[0], "anon-%04d-%d", person, visit_no);
	snprintf(g->ids[1], sizeof g->ids[1], "inwoner-%04d", person);
	int64_t t = day_ms + (int64_t)(7 + next() % 13) * 3600000 + (int64_t)(next() % 3600) * 1000;
	int signed_in = unit() < 0.45;
	double go = 0.62; /* the chance to take the next step */
	for (int s = 0; s < 6; s++) {
		if (s > 0 && unit() > go)
			break;
		struct event_in *e = &g->ev[g->n];
		const char *id = signed_in && s >= 2 ? g->ids[1] : g->ids[0];
		snprintf(g->uuids[g->n], sizeof g->uuids[0], "demo-%08x-%08x", next(), next());
		snprintf(g->props[g->n], sizeof g->props[0],
			 "{\"$current_url\":\"https://intake.voorbeeldstad.nl/"
			 "%s\",\"$lib\":\"posthog-js\",\"kanaal\":\"%s\"}",
			 s ? "intake" : "", unit() < 0.7 ? "web" : "telefoon");
		*e = (struct event_in){t,
				       steps[s],
				       strlen(steps[s]),
				       id,
				       strlen(id),
				       g->uuids[g->n],
				       strlen(g->uuids[g->n]),
				       g->props[g->n],
				       strlen(g->props[g->n])};
		g->n++;
		t += (int64_t)(30 + next() % 600) * 1000;
		if (signed_in && s == 1) { /* signs in with DigiD: one person from here on */
			struct event_in *idf = &g->ev[g->n];
			snprintf(g->uuids[g->n], sizeof g->uuids[0], "demo-%08x-%08x", next(), next());
			snprintf(g->props[g->n], sizeof g->props[0], "{\"$anon_distinct_id\":\"%s\"}",
				 g->ids[0]);
			*idf = (struct event_in){t,
						 "$identify",
						 9,
						 g->ids[1],
						 strlen(g->ids[1]),
						 g->uuids[g->n],
						 strlen(g->uuids[g->n]),
						 g->props[g->n],
						 strlen(g->props[g->n])};
			g->n++;
			g->al[g->n_al++] =
			    (struct event_alias){g->ids[1], strlen(g->ids[1]), g->ids[0], strlen(g->ids[0])};
		}
		go = s == 3 ? 0.8 : 0.72;
	}
}

int demo_events_load(const char *db_path)
{
	int rc = db_begin();
	if (rc < 0)
		return dbmsg_fail("scalelab init --demo", rc);
	int64_t org = 0, ini = kpi_store_initiative_find("Digitale schuldhulp-intake", &org);
	size_t have = 0;
	free(ini > 0 ? event_source_store_list(ini, &have) : NULL);
	if (ini <= 0 || have) {
		db_rollback();
		return 0;
	}
	char key[EVENT_SOURCE_KEY_MAX];
	const char *reason;
	int64_t sid = api_event_source_add(ini, EVENT_SOURCE_KIND_POSTHOG, "Digitale intake (website)", NULL,
					   EVENT_SOURCE_RETENTION_DEFAULT, 0, key, &reason);
	BUG_ON(sid <= 0 && !db_failure());
	if (dbmsg_commit("scalelab init --demo"))
		return -ERR_IO;
	struct buf dir = BUF_INIT;
	buf_printf(&dir, "%s.events", db_path);
	int err = 0;
	struct event_store *s = event_store_open_embedded(buf_str(&dir), &err);
	buf_free(&dir);
	if (!s) {
		fprintf(stderr, "scalelab init --demo: cannot open the event store (%d)\n", err);
		return -ERR_IO;
	}
	int64_t today = time_now() / 86400 * 86400000;
	struct event_source_counts d = {0};
	/* all visits first (their strings live in gs), then a few large appends:
	 * one fsync per append */
	size_t cap = 64, n = 0;
	struct gen **gs = xmalloc(cap * sizeof *gs); /* each apart: events point into it */
	for (int day = DAYS; day >= 0; day--) {
		/* more visits on weekdays, and a slow rise as the intake gets known */
		int wd = (int)((today / 86400000 - day + 4) % 7); /* 0 = Sunday */
		int visits = (wd == 0 || wd == 6 ? 10 : 28) + (DAYS - day) / 4;
		for (int v = 0; v < visits; v++) {
			if (n == cap)
				gs = xrealloc(gs, (cap *= 2) * sizeof *gs);
			gs[n] = xmalloc(sizeof **gs);
			visit(gs[n++], (int)(next() % PEOPLE), today - (int64_t)day * 86400000,
			      day / 21); /* a browser keeps its id ~3 weeks */
		}
	}
	struct event_in *ev = xmalloc(n * 8 * sizeof *ev);
	struct event_alias *al = xmalloc(n * sizeof *al);
	size_t ne = 0, na = 0;
	for (size_t i = 0; i < n; i++) {
		memcpy(ev + ne, gs[i]->ev, gs[i]->n * sizeof *ev);
		ne += gs[i]->n;
		memcpy(al + na, gs[i]->al, gs[i]->n_al * sizeof *al);
		na += gs[i]->n_al;
	}
	enum event_outcome *out = xcalloc(ne, sizeof *out);
	rc = s->ops->append(s, ini, sid, ev, ne, al, na, out);
	for (size_t i = 0; rc == 0 && i < ne; i++) {
		d.accepted += out[i] == EVENT_STORED;
		d.duplicates += out[i] == EVENT_DUPLICATE;
		if (ev[i].ts_ms > d.last_event_ms && ev[i].ts_ms <= time_now_ms())
			d.last_event_ms = ev[i].ts_ms;
	}
	free(out);
	free(ev);
	free(al);
	for (size_t i = 0; i < n; i++)
		free(gs[i]);
	free(gs);
	if (rc == 0) /* the growth metrics' events, KPI series and experiment */
		rc = demo_growth_load(s, ini, sid, &d);
	s->ops->close(s);
	if (rc < 0) {
		fprintf(stderr, "scalelab init --demo: storing the demo events failed (%d)\n", rc);
		return rc;
	}
	/* what the source page shows: the counters, and two refusals a real
	 * intake would see (a phone with its clock a week ahead, a test call) */
	d.refused = 2;
	d.last_received_ms = time_now_ms() - 3 * 60000;
	json_t *errors = json_pack("[{s:s,s:s},{s:s,s:s}]", "at", "", "message",
				   "event 3 of 12: the timestamp is more than a day in the future", "at", "",
				   "message", "event 0 of 1: the event has no distinct id");
	char at[21];
	time_rfc3339(time_now() - 2 * 86400 - 5400, at);
	json_object_set_new(json_array_get(errors, 0), "at", json_string(at));
	time_rfc3339(time_now() - 9 * 86400 - 600, at);
	json_object_set_new(json_array_get(errors, 1), "at", json_string(at));
	rc = db_begin();
	if (rc == 0)
		event_source_store_stats_add(sid, &d, errors);
	json_decref(errors);
	if (rc < 0 || dbmsg_commit("scalelab init --demo"))
		return rc < 0 ? rc : -ERR_IO;
	printf("  demo event source %lld (PostHog, %lld events): key %s\n", (long long)sid,
	       (long long)d.accepted, key);
	return 0;
}
