/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * demo_growth: the growth part of the demo on "Digitale schuldhulp-intake":
 * inwoners who create an account (aangemeld) and invite a partner or
 * budgetcoach (uitnodiging_verstuurd / uitnodiging_geaccepteerd), answer
 * the satisfaction survey (PostHog's "survey sent" with $survey_response,
 * getting better over the weeks, a few unusable answers), gemeenten that
 * buy a licence and pay a monthly fee (aankoop with bedrag, in euros with
 * cents), a weekly "Marketingkosten" KPI series, and an A/B experiment
 * "Korte intake" whose counts come from a PostHog feature flag
 * ($feature/korte-intake) and the intake being sent within 7 days. Fixed
 * seed, dates relative to today.
 */
#include "cli/demo_growth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/dbmsg.h"
#include "domain/okr.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/db.h"
#include "store/event_store.h"
#include "store/experiment_events_store.h"
#include "store/experiment_store.h"
#include "store/growth_store.h"
#include "store/kpi_store.h"
#include "store/okr_store.h"

#define DAY 86400000LL
#define DAYS 56

static uint64_t seed = 0x67726f656932ULL;

static uint32_t rnd(void)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(seed >> 33);
}

static double unit(void)
{
	return rnd() / 2147483648.0;
}

struct ev {
	int64_t ts;
	const char *name;
	char id[32], uuid[40], props[200];
};

struct evs {
	struct ev *e;
	size_t n, cap;
	int64_t now;
};

static void add(struct evs *v, int64_t ts, const char *name, const char *id, const char *props)
{
	if (ts > v->now)
		return; /* still to come */
	if (v->n == v->cap)
		v->e = xrealloc(v->e, (v->cap = v->cap ? v->cap * 2 : 1024) * sizeof *v->e);
	struct ev *e = &v->e[v->n++];
	e->ts = ts;
	e->name = name;
	snprintf(e->id, sizeof e->id, "%s", id);
	snprintf(e->uuid, sizeof e->uuid, "groei-%08x-%08x", rnd(), rnd());
	snprintf(e->props, sizeof e->props, "%s", props);
}

/* A time on the day starting at day_ms, in office hours. */
static int64_t at(int64_t day_ms)
{
	return day_ms + (int64_t)(8 + rnd() % 12) * 3600000 + (int64_t)(rnd() % 3600) * 1000;
}

static const char *const gemeenten[] = {"voorbeeldstad", "zuiderhaven",	 "noorddijk",	"oostveen",
					"westerbroek",	 "middelburcht", "hoogland-aa", "laagmeer",
					"rivierdal",	 "bosrijk",	 "kanaalzijde", "heuvelrug-oost",
					"polderwaard",	 "kustdorp",	 "veenkoloni",	"stadskanaal-zuid"};

static void people(struct evs *v, int64_t today)
{
	char id[32], props[200];
	int signup_no = 0, guest_no = 0;
	for (int day = DAYS; day >= 0; day--) {
		int64_t d = today - (int64_t)day * DAY;
		double week = (DAYS - day) / 7.0; /* 0 .. 8: the service gets better known and better */
		int signups = 3 + (DAYS - day) / 5 + (int)(rnd() % 3);
		for (int s = 0; s < signups; s++) {
			snprintf(id, sizeof id, "inwoner-%04d", signup_no++ % 900);
			int64_t t = at(d);
			add(v, t, "aangemeld", id, "{\"$lib\":\"posthog-js\",\"kanaal\":\"web\"}");
			/* invites: a partner or budgetcoach, more often as the invite
			 * button moved up the page */
			int invites = unit() < 0.30 + week * 0.03 ? 1 + (unit() < 0.3) : 0;
			for (int k = 0; k < invites; k++) {
				int64_t ti = t + (int64_t)(rnd() % 3) * DAY + (int64_t)(rnd() % 7200) * 1000;
				snprintf(props, sizeof props, "{\"rol\":\"%s\"}",
					 unit() < 0.6 ? "partner" : "budgetcoach");
				add(v, ti, "uitnodiging_verstuurd", id, props);
				if (unit() < 0.40 + week * 0.02) {
					char guest[32];
					snprintf(guest, sizeof guest, "genodigde-%05d", guest_no++);
					int64_t ta = ti + (int64_t)(1 + rnd() % 40) * 3600000;
					add(v, ta, "uitnodiging_geaccepteerd", guest, "{}");
					add(v, ta + 60000, "aangemeld", guest,
					    "{\"kanaal\":\"uitnodiging\"}");
				}
			}
			/* the satisfaction survey, a few days after signing up */
			if (unit() < 0.45) {
				int64_t ts = t + (int64_t)(1 + rnd() % 6) * DAY;
				double u = unit(), lift = week * 0.025;
				int score = u < 0.22 - lift	  ? (int)(rnd() % 7)
					    : u < 0.50 - lift * 2 ? 7 + (int)(rnd() % 2)
								  : 9 + (int)(rnd() % 2);
				if (unit() < 0.03)
					snprintf(props, sizeof props,
						 "{\"$survey_id\":\"nps-intake\",\"$survey_response\":\"n.v."
						 "t.\"}");
				else
					snprintf(
					    props, sizeof props,
					    "{\"$survey_id\":\"nps-intake\",\"$survey_response\":\"%d\"}",
					    score);
				add(v, ts, "survey sent", id, props);
				if (unit() < 0.1) { /* answered again later: the latest counts */
					snprintf(
					    props, sizeof props,
					    "{\"$survey_id\":\"nps-intake\",\"$survey_response\":\"%d\"}",
					    score < 9 ? score + 1 : score);
					add(v, ts + 9 * DAY, "survey sent", id, props);
				}
			}
		}
	}
	/* gemeenten: a licence when they join, then a monthly fee */
	for (size_t g = 0; g < sizeof gemeenten / sizeof gemeenten[0]; g++) {
		int join = (int)(g * 3 + rnd() % 3); /* days after the start, more later on */
		char gid[48];
		snprintf(gid, sizeof gid, "gemeente-%s", gemeenten[g]);
		int64_t t = at(today - (int64_t)(DAYS + 30 - join * 5 / 2) * DAY);
		add(v, t, "aankoop", gid, "{\"product\":\"licentie\",\"bedrag\":\"2495.00\"}");
		for (int m = 1; m < 6; m++)
			add(v, t + (int64_t)m * 30 * DAY, "aankoop", gid,
			    "{\"product\":\"maandbijdrage\",\"bedrag\":349.95}");
	}
	/* the A/B test of a shorter intake: exposure by feature flag, conversion
	 * when the intake is sent within 7 days */
	int guest = 0;
	for (int day = 28; day >= 0; day--) {
		int64_t d = today - (int64_t)day * DAY;
		for (int k = 0; k < 24; k++) {
			snprintf(id, sizeof id, "bezoeker-%05d", guest++);
			int test = rnd() % 2;
			int64_t t = at(d);
			snprintf(props, sizeof props,
				 "{\"$feature_flag\":\"korte-intake\",\"$feature_flag_response\":\"%s\","
				 "\"$feature/korte-intake\":\"%s\"}",
				 test ? "test" : "control", test ? "test" : "control");
			add(v, t, "$feature_flag_called", id, props);
			if (unit() < (test ? 0.36 : 0.27))
				add(v, t + (int64_t)(rnd() % (5 * 86400)) * 1000, "intake_verzonden", id,
				    "{}");
		}
	}
}

/* The first column of the first row of sql with one integer parameter, or 0. */
static int64_t db_one_int_text(const char *sql, int64_t arg)
{
	sqlite3_stmt *st = db_prep(sql);
	db_bind_int(st, 1, arg);
	return db_one_int(st, 0);
}

/* The main database's part: the marketing cost series and the experiment
 * with its binding. */
static int records(int64_t ini, int64_t source, int64_t today_day)
{
	int rc = db_begin();
	if (rc < 0)
		return dbmsg_fail("scalelab init --demo", rc);
	struct kpi_series_in k = {
	    .initiative_id = ini,
	    .name = "Marketingkosten",
	    .unit = "euro",
	    .description = "Uitgaven aan campagnes, advertenties en beurzen voor gemeenten, per week.",
	    .kind = KPI_KIND_INDICATOR,
	    .direction = KPI_DIRECTION_LAGER};
	int64_t sid = kpi_store_series_create(&k);
	for (int w = 8; sid > 0 && w >= 1; w--) {
		char date[11];
		okr_date(today_day - w * 7, date);
		kpi_store_value_put(sid, date, 1650.0 + (double)(rnd() % 900) + (double)(rnd() % 100) / 100.0,
				    "campagne en advertenties", KPI_SOURCE_IMPORT, 0);
	}
	char starts[11];
	okr_date(today_day - 28, starts);
	struct experiment e = {
	    .initiative_id = ini,
	    .name = "Korte intake",
	    .hypothesis = "Als we de intake inkorten tot de vragen die de schuldhulpverlener echt "
			  "nodig heeft, sturen meer inwoners hun intake binnen een week in.",
	    .metric = "Intake verzonden binnen 7 dagen",
	    .metric_kind = EXPERIMENT_METRIC_BINOMIAL,
	    .budget_eur = 12000,
	    .starts_on = starts,
	    .success_criterion = "Minstens 5 procentpunt meer verzonden intakes, zonder meer "
				 "onvolledige aanvragen.",
	    .planned_n_per_arm = 400,
	    .split = {50, 50},
	    .status = EXPERIMENT_STATUS_LOPEND};
	int64_t eid = experiment_store_create(&e);
	if (eid > 0) {
		struct experiment_events_binding b = {.experiment_id = eid, .window_days = 7};
		snprintf(b.exposure_event, sizeof b.exposure_event, "$feature_flag_called");
		snprintf(b.variant_property, sizeof b.variant_property, "$feature/korte-intake");
		snprintf(b.control_value, sizeof b.control_value, "control");
		snprintf(b.treatment_value, sizeof b.treatment_value, "test");
		snprintf(b.conversion_event, sizeof b.conversion_event, "intake_verzonden");
		experiment_events_store_put(&b);
	}
	/* a series that follows the NPS, and a key result bound to it: the key
	 * result's value is the NPS, recomputed whenever it is shown */
	struct kpi_series_in n = {.initiative_id = ini,
				  .name = "Tevredenheid intake (NPS)",
				  .unit = "NPS",
				  .description = "Volgt de NPS uit de tevredenheidsenquête in de intake.",
				  .kind = KPI_KIND_INDICATOR,
				  .direction = KPI_DIRECTION_HOGER};
	int64_t nps = kpi_store_series_create(&n);
	int64_t objective =
	    db_one_int_text("SELECT id FROM okr_objectives WHERE initiative_id=? ORDER BY id LIMIT 1", ini);
	if (nps > 0) {
		json_t *none = json_object();
		growth_store_series_metric_put(nps, "nps", none);
		json_decref(none);
	}
	/* a series that follows the weekly active inwoners of this source:
	 * its page shows the metric's trend (30 days) beside the series */
	struct kpi_series_in w = {.initiative_id = ini,
				  .name = "Wekelijks actieve inwoners (WAU)",
				  .unit = "personen",
				  .description = "Volgt de WAU van de PostHog-bron van de intake.",
				  .kind = KPI_KIND_INDICATOR,
				  .direction = KPI_DIRECTION_HOGER,
				  .has_target = 1,
				  .target = 600};
	int64_t wau = kpi_store_series_create(&w);
	if (wau > 0) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)source);
		json_t *p = json_pack("{s:s}", "bron", id);
		growth_store_series_metric_put(wau, "wau", p);
		json_decref(p);
	}
	if (nps > 0 && objective > 0) {
		struct okr_kr_in kr = {.objective_id = objective,
				       .title = "Inwoners raden de digitale intake aan (NPS naar 70)",
				       .unit = "NPS",
				       .kind = OKR_INCREASE,
				       .start = 40,
				       .target = 70,
				       .has_target = 1,
				       .equal_counts = 1,
				       .weight = 1,
				       .commitment = OKR_ASPIRATIONAL,
				       .source = OKR_SOURCE_MANUAL,
				       .source_ref = ""};
		int64_t id = okr_store_kr_create(&kr);
		if (id > 0)
			kpi_store_kr_bind(id, nps);
	}
	return dbmsg_commit("scalelab init --demo") ? -ERR_IO : 0;
}

int demo_growth_load(struct event_store *s, int64_t ini, int64_t source, struct event_source_counts *d)
{
	int64_t now = time_now_ms(), today = now / DAY * DAY;
	struct evs v = {.now = now};
	people(&v, today);
	struct event_in *in = xcalloc(v.n ? v.n : 1, sizeof *in);
	for (size_t i = 0; i < v.n; i++) {
		struct ev *e = &v.e[i];
		in[i] = (struct event_in){e->ts,	   e->name,	  strlen(e->name),
					  e->id,	   strlen(e->id), e->uuid,
					  strlen(e->uuid), e->props,	  strlen(e->props)};
	}
	enum event_outcome *out = xcalloc(v.n ? v.n : 1, sizeof *out);
	int rc = s->ops->append(s, ini, source, in, v.n, NULL, 0, out);
	for (size_t i = 0; rc == 0 && i < v.n; i++) {
		d->accepted += out[i] == EVENT_STORED;
		if (in[i].ts_ms > d->last_event_ms)
			d->last_event_ms = in[i].ts_ms;
	}
	free(out);
	free(in);
	free(v.e);
	if (rc < 0) {
		fprintf(stderr, "scalelab init --demo: storing the growth events failed (%d)\n", rc);
		return rc;
	}
	return records(ini, source, today / DAY);
}
