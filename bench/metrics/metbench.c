/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metbench: the metric kernels' bench (bench/metrics/run.sh).
 *   metbench load NDJSON STOREDIR SQLITE   load the events once into an
 *       embedded event store (project 1, source 1, sealed) and into a plain
 *       indexed SQLite table ev(ts, person, event);
 *   metbench query STOREDIR END_MS [RUNS]  open the store and run the three
 *       queries through the event-store interface and the kernels of
 *       domain/metrics*.h: the first run in this fresh process is "cold"
 *       (store opened inside the timing), then RUNS warm runs (the fastest
 *       is reported);
 *   metbench sqlite SQLITE END_MS          the same three queries in SQL;
 *   metbench funnel STOREDIR END_MS [RUNS] only the funnel, each run's
 *       seconds on stderr (for perf; METBENCH_SCAN / METBENCH_PASSES: the
 *       time-order scan / the passes over rows instead of the merge join).
 * The queries, over the 90 days ending at END_MS (exclusive, also "now"):
 *   dau     distinct persons per UTC day;
 *   ret     weekly first-time retention, 12 rolling weeks, "on" and "on or
 *           after", cohorts by Monday week of the first event, cells whose
 *           week has not fully elapsed for every person of the cohort null;
 *   funnel  signup_started -> signup_completed -> project_created, loose
 *           order, 7-day window from step 1 (end inclusive, whole seconds).
 * Prints one JSON object: the numbers and the seconds of each query.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/metrics.h"
#include "domain/metrics_funnel.h"
#include "lib/util.h"
#include "store/event_internal.h"
#include "store/event_metrics.h"
#include "store/event_store.h"

#define DAYS 90
#define WEEKS 12
#define W_MS METRICS_WEEK_MS
static const char *const steps[3] = {"signup_started", "signup_completed", "project_created"};

static double now_s(void)
{
	/* METBENCH_CLOCK=cpu: the process's CPU time instead of the wall
	 * clock (to compare changes on a busy machine) */
	static int cpu = -1;
	if (cpu < 0)
		cpu = getenv("METBENCH_CLOCK") && !strcmp(getenv("METBENCH_CLOCK"), "cpu");
	struct timespec t;
	clock_gettime(cpu ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU seconds of this process (a few ms of work stretch to tens on the
 * wall clock when the shared cores are loaded). */
static double cpu_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long vm_hwm_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "VmHWM:", 6))
			kb = strtol(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return kb;
}

static int64_t iso_ms(const char *s)
{
	struct tm tm = {0};
	int ms = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec, &ms) < 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) * 1000 + ms;
}

/* ---- load ---- */

#define BATCH 20000

static int load(const char *ndjson, const char *dir, const char *sqlite_path)
{
	FILE *in = fopen(ndjson, "r");
	int err = 0;
	struct event_store *s = event_store_open_embedded(dir, &err);
	sqlite3 *db = NULL;
	if (!in || !s || sqlite3_open(sqlite_path, &db) != SQLITE_OK) {
		fprintf(stderr, "metbench load: cannot open %s, %s or %s\n", ndjson, dir, sqlite_path);
		return 1;
	}
	sqlite3_exec(db,
		     "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
		     "CREATE TABLE ev(ts INTEGER NOT NULL, person TEXT NOT NULL, event TEXT NOT NULL);"
		     "BEGIN",
		     NULL, NULL, NULL);
	sqlite3_stmt *ins;
	sqlite3_prepare_v2(db, "INSERT INTO ev VALUES(?,?,?)", -1, &ins, NULL);
	struct event_in *ev = calloc(BATCH, sizeof *ev);
	json_t **keep = calloc(BATCH, sizeof *keep);
	char *line = NULL;
	size_t cap = 0, n = 0, total = 0;
	ssize_t len;
	int rc = 0;
	for (;;) {
		len = getline(&line, &cap, in);
		if (len > 0) {
			json_t *o = json_loadb(line, (size_t)len, 0, NULL);
			if (!o)
				continue;
			const char *name = json_string_value(json_object_get(o, "event"));
			const char *did = json_string_value(json_object_get(o, "distinct_id"));
			const char *uuid = json_string_value(json_object_get(o, "uuid"));
			int64_t ts = iso_ms(json_string_value(json_object_get(o, "timestamp")));
			ev[n] = (struct event_in){ts, name, strlen(name), did, strlen(did), uuid, strlen(uuid), NULL, 0};
			keep[n++] = o;
			sqlite3_bind_int64(ins, 1, ts);
			sqlite3_bind_text(ins, 2, did, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 3, name, -1, SQLITE_STATIC);
			sqlite3_step(ins);
			sqlite3_reset(ins);
		}
		if (n == BATCH || (len <= 0 && n)) {
			if (s->ops->append(s, 1, 1, ev, n, NULL, 0, NULL) != 0)
				rc = 1;
			for (size_t i = 0; i < n; i++)
				json_decref(keep[i]);
			total += n;
			n = 0;
		}
		if (len <= 0)
			break;
	}
	sqlite3_finalize(ins);
	sqlite3_exec(db,
		     "COMMIT; CREATE INDEX ev_person_ts ON ev(person, ts);"
		     "CREATE INDEX ev_event_person_ts ON ev(event, person, ts); CREATE INDEX ev_ts ON ev(ts);"
		     "ANALYZE;",
		     NULL, NULL, NULL);
	sqlite3_close(db);
	if (event_store_seal(s, 1) != 0)
		rc = 1;
	s->ops->close(s);
	fclose(in);
	free(line);
	free(ev);
	free(keep);
	fprintf(stderr, "metbench load: %zu events\n", total);
	return rc;
}

/* ---- results ---- */

struct result {
	int64_t dau[DAYS];
	size_t ncohorts;
	int64_t cohort[32], size[32], on[32][WEEKS], after[32][WEEKS];
	int64_t funnel[3];
	double t_dau, t_on, t_after, t_funnel;
	double c_funnel; /* CPU seconds of the funnel */
};

static json_t *ints(const int64_t *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, v[i] < 0 ? json_null() : json_integer(v[i]));
	return a;
}

static json_t *result_json(const struct result *r)
{
	json_t *coh = json_array();
	for (size_t i = 0; i < r->ncohorts; i++)
		json_array_append_new(coh, json_pack("{s:I,s:I,s:o,s:o}", "monday", (json_int_t)r->cohort[i], "size",
						     (json_int_t)r->size[i], "on", ints(r->on[i], WEEKS),
						     "onOrAfter", ints(r->after[i], WEEKS)));
	return json_pack("{s:o,s:o,s:o}", "dau", ints(r->dau, DAYS), "retention", coh, "funnel", ints(r->funnel, 3));
}

/* ---- ours ---- */

static int keep_card(void *arg, int64_t day_ms, const roaring_bitmap_t *p)
{
	int64_t *dau = ((int64_t **)arg)[0], first = *((int64_t **)arg)[1];
	int64_t i = metrics_day_of(day_ms) - first;
	if (i >= 0 && i < DAYS)
		dau[i] = (int64_t)roaring_bitmap_get_cardinality(p);
	return 0;
}

static int feed_ret(void *arg, const struct event_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (metrics_retention_add(arg, b->ts_ms[i], b->person[i], 1, 1) < 0)
			return 1;
	return 0;
}

static int feed_funnel(void *arg, const struct event_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (metrics_funnel_add(arg, b->ts_ms[i], b->person[i], b->name[i], 0) < 0)
			return 1;
	return 0;
}

static int q_dau(struct event_store *s, int64_t end, struct result *r)
{
	int64_t first = metrics_day_of(end) - DAYS;
	int64_t *arg[2] = {r->dau, &first};
	memset(r->dau, 0, sizeof r->dau);
	struct event_filter f = {.from_ms = first * METRICS_DAY_MS, .to_ms = end};
	return s->ops->day_persons(s, 1, &f, keep_card, arg);
}

static int q_ret(struct event_store *s, int64_t end, enum metrics_count count, struct result *r)
{
	struct metrics_retention *k = metrics_retention_new(METRICS_START_FIRST, METRICS_INTERVAL_WEEK, WEEKS);
	struct event_filter f = {.from_ms = 0, .to_ms = end};
	int rc = getenv("METBENCH_SCAN") ? s->ops->scan(s, 1, &f, feed_ret, k) : event_retention_fill(s, 1, &f, k);
	size_t n = 0;
	struct metrics_cohort *c = metrics_retention_result(k, count, end, 0, metrics_day_of(end), &n);
	metrics_retention_free(k);
	r->ncohorts = n < 32 ? n : 32;
	for (size_t i = 0; i < r->ncohorts; i++) {
		r->cohort[i] = c[i].period;
		r->size[i] = c[i].size;
		memcpy(count == METRICS_COUNT_ON ? r->on[i] : r->after[i], c[i].count, WEEKS * sizeof(int64_t));
	}
	free(c);
	return rc;
}

static int q_funnel(struct event_store *s, int64_t end, struct result *r)
{
	uint32_t ids[3];
	for (int k = 0; k < 3; k++)
		if (s->ops->name_id(s, 1, steps[k], strlen(steps[k]), &ids[k]) != 0)
			ids[k] = METRICS_FUNNEL_NO_NAME;
	int64_t start = end - DAYS * METRICS_DAY_MS;
	struct metrics_funnel *f = metrics_funnel_new(ids, 3, 7 * 86400, 0, start, end);
	struct event_filter flt = {.from_ms = start, .to_ms = end, .names = ids, .n_names = 3};
	int rc;
	if (getenv("METBENCH_SCAN")) {
		rc = s->ops->scan(s, 1, &flt, feed_funnel, f);
		metrics_funnel_end(f);
	} else if (getenv("METBENCH_PASSES")) {
		/* the store without its person-ordered keys */
		const struct event_store_ops *ops = s->ops;
		struct event_store_ops o = *ops;
		o.person_keys = NULL;
		s->ops = &o;
		rc = event_funnel_fill(s, 1, &flt, f, ids, 3);
		s->ops = ops;
	} else
		rc = event_funnel_fill(s, 1, &flt, f, ids, 3);
	struct metrics_funnel_step st[3];
	metrics_funnel_result(f, -1, st);
	for (int k = 0; k < 3; k++)
		r->funnel[k] = st[k].persons;
	metrics_funnel_free(f);
	return rc;
}

static int run_all(const char *dir, struct event_store **sp, int64_t end, struct result *r)
{
	int rc = 0, err = 0;
	double t0 = now_s();
	if (!*sp)
		*sp = event_store_open_embedded(dir, &err);
	if (!*sp)
		return 1;
	int trace = getenv("METBENCH_RSS") != NULL; /* peak RSS after each step, on stderr */
	if (trace)
		fprintf(stderr, "open %ld kB\n", vm_hwm_kb());
	rc |= q_dau(*sp, end, r);
	double t1 = now_s();
	if (trace)
		fprintf(stderr, "dau %ld kB\n", vm_hwm_kb());
	rc |= q_ret(*sp, end, METRICS_COUNT_ON, r);
	double t2 = now_s();
	if (trace)
		fprintf(stderr, "ret %ld kB\n", vm_hwm_kb());
	rc |= q_ret(*sp, end, METRICS_COUNT_ON_OR_AFTER, r);
	double t3 = now_s(), c3 = cpu_s();
	rc |= q_funnel(*sp, end, r);
	double t4 = now_s();
	r->c_funnel = cpu_s() - c3;
	if (trace)
		fprintf(stderr, "funnel %ld kB\n", vm_hwm_kb());
	r->t_dau = t1 - t0, r->t_on = t2 - t1, r->t_after = t3 - t2, r->t_funnel = t4 - t3;
	return rc;
}

static json_t *times(const struct result *r)
{
	return json_pack("{s:f,s:f,s:f,s:f}", "dau", r->t_dau, "retOn", r->t_on, "retOnOrAfter", r->t_after,
			 "funnel", r->t_funnel);
}

static int query(const char *dir, int64_t end, int runs)
{
	struct event_store *s = NULL;
	struct result cold, warm, best;
	if (run_all(dir, &s, end, &cold))
		return 1;
	best = cold;
	best.t_dau = best.t_on = best.t_after = best.t_funnel = best.c_funnel = 1e9;
	for (int i = 0; i < runs; i++) {
		if (run_all(dir, &s, end, &warm))
			return 1;
		if (warm.t_dau < best.t_dau)
			best.t_dau = warm.t_dau;
		if (warm.t_on < best.t_on)
			best.t_on = warm.t_on;
		if (warm.t_after < best.t_after)
			best.t_after = warm.t_after;
		if (warm.t_funnel < best.t_funnel)
			best.t_funnel = warm.t_funnel;
		if (warm.c_funnel < best.c_funnel)
			best.c_funnel = warm.c_funnel;
	}
	double kept = (double)evs_kept_bytes((struct evs *)s) / 1048576.0;
	s->ops->close(s);
	json_t *o = result_json(&cold);
	json_object_set_new(o, "keptMB", json_real(kept));
	json_object_set_new(o, "cold", times(&cold));
	json_object_set_new(o, "warm", times(&best));
	json_object_set_new(o, "warmCpu", json_pack("{s:f}", "funnel", best.c_funnel));
	json_object_set_new(o, "rssMB", json_real((double)vm_hwm_kb() / 1024.0));
	json_dumpf(o, stdout, JSON_COMPACT);
	putchar('\n');
	json_decref(o);
	return 0;
}

/* ---- SQLite ---- */

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "metbench sqlite: %s\n", sqlite3_errmsg(db));
		exit(1);
	}
	return st;
}

static int cohort_index(struct result *r, int64_t monday)
{
	for (size_t i = 0; i < r->ncohorts; i++)
		if (r->cohort[i] == monday)
			return (int)i;
	return -1;
}

/* Cohorts (Monday day numbers, sizes, latest starts) and the null rule. */
static const char *const FIRST = "WITH f AS (SELECT person, min(ts) AS s FROM ev WHERE ts < ?1 GROUP BY person) ";
#define MONDAY "((f.s / 86400000) - ((f.s / 86400000 + 3) %% 7))"

static int sql_cohorts(sqlite3 *db, int64_t end, struct result *r, int64_t *latest)
{
	char sql[512];
	snprintf(sql, sizeof sql, "%sSELECT " MONDAY " AS c, count(*), max(f.s) FROM f GROUP BY c ORDER BY c", FIRST);
	sqlite3_stmt *st = prep(db, sql);
	sqlite3_bind_int64(st, 1, end);
	r->ncohorts = 0;
	while (sqlite3_step(st) == SQLITE_ROW && r->ncohorts < 32) {
		r->cohort[r->ncohorts] = sqlite3_column_int64(st, 0);
		r->size[r->ncohorts] = sqlite3_column_int64(st, 1);
		latest[r->ncohorts++] = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return 0;
}

static void nulls(struct result *r, const int64_t *latest, int64_t end, int64_t (*m)[WEEKS])
{
	for (size_t i = 0; i < r->ncohorts; i++)
		for (int n = 0; n < WEEKS; n++)
			if (latest[i] + (int64_t)(n + 1) * W_MS > end)
				m[i][n] = -1;
}

static int sqlite_run(const char *path, int64_t end)
{
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return 1;
	struct result r = {0};
	int64_t latest[32];
	int64_t first = metrics_day_of(end) - DAYS;
	double t0 = now_s();
	sqlite3_stmt *st = prep(db, "SELECT ts / 86400000 AS d, count(DISTINCT person) FROM ev "
				    "WHERE ts >= ?1 AND ts < ?2 GROUP BY d ORDER BY d");
	sqlite3_bind_int64(st, 1, first * METRICS_DAY_MS);
	sqlite3_bind_int64(st, 2, end);
	while (sqlite3_step(st) == SQLITE_ROW)
		r.dau[sqlite3_column_int64(st, 0) - first] = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	double t1 = now_s();
	/* on: distinct persons per cohort and rolling week with an event in it */
	sql_cohorts(db, end, &r, latest);
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "%sSELECT " MONDAY " AS c, (e.ts - f.s) / %lld AS n, count(DISTINCT e.person) FROM ev e "
		 "JOIN f ON e.person = f.person WHERE e.ts < ?1 AND e.ts - f.s < %lld GROUP BY c, n",
		 FIRST, (long long)W_MS, (long long)(WEEKS * W_MS));
	st = prep(db, sql);
	sqlite3_bind_int64(st, 1, end);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int i = cohort_index(&r, sqlite3_column_int64(st, 0));
		if (i >= 0)
			r.on[i][sqlite3_column_int64(st, 1)] = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	nulls(&r, latest, end, r.on);
	double t2 = now_s();
	/* on or after: persons whose last event is at or after the start of week n */
	sql_cohorts(db, end, &r, latest);
	snprintf(sql, sizeof sql,
		 "%s, m AS (SELECT " MONDAY " AS c, (max(e.ts) - f.s) / %lld AS mx FROM ev e JOIN f "
		 "ON e.person = f.person WHERE e.ts < ?1 GROUP BY f.person) "
		 "SELECT c, mx, count(*) FROM m GROUP BY c, mx",
		 FIRST, (long long)W_MS);
	st = prep(db, sql);
	sqlite3_bind_int64(st, 1, end);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int i = cohort_index(&r, sqlite3_column_int64(st, 0));
		int64_t mx = sqlite3_column_int64(st, 1), c = sqlite3_column_int64(st, 2);
		for (int n = 0; i >= 0 && n < WEEKS && n <= mx; n++)
			r.after[i][n] += c;
	}
	sqlite3_finalize(st);
	nulls(&r, latest, end, r.after);
	double t3 = now_s();
	st = prep(db, "WITH a AS (SELECT person, min(ts) / 1000 AS t1 FROM ev WHERE event = ?3 AND ts >= ?1 "
		      "AND ts < ?2 GROUP BY person), "
		      "b AS (SELECT a.person, a.t1, min(e.ts / 1000) AS t2 FROM a JOIN ev e ON e.person = a.person "
		      "AND e.event = ?4 AND e.ts >= a.t1 * 1000 AND e.ts < (a.t1 + 604801) * 1000 AND e.ts < ?2 "
		      "GROUP BY a.person), "
		      "c AS (SELECT b.person FROM b JOIN ev e ON e.person = b.person AND e.event = ?5 "
		      "AND e.ts >= b.t2 * 1000 AND e.ts < (b.t1 + 604801) * 1000 AND e.ts < ?2 GROUP BY b.person) "
		      "SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b), (SELECT count(*) FROM c)");
	sqlite3_bind_int64(st, 1, end - DAYS * METRICS_DAY_MS);
	sqlite3_bind_int64(st, 2, end);
	for (int k = 0; k < 3; k++)
		sqlite3_bind_text(st, 3 + k, steps[k], -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		for (int k = 0; k < 3; k++)
			r.funnel[k] = sqlite3_column_int64(st, k);
	sqlite3_finalize(st);
	double t4 = now_s();
	sqlite3_close(db);
	r.t_dau = t1 - t0, r.t_on = t2 - t1, r.t_after = t3 - t2, r.t_funnel = t4 - t3;
	json_t *o = result_json(&r);
	json_object_set_new(o, "warm", times(&r));
	json_dumpf(o, stdout, JSON_COMPACT);
	putchar('\n');
	json_decref(o);
	return 0;
}

/* The funnel alone, RUNS times in one process (for perf). */
static int funnel_only(const char *dir, int64_t end, int runs)
{
	int err = 0;
	struct event_store *s = event_store_open_embedded(dir, &err);
	if (!s)
		return 1;
	struct result r;
	for (int i = 0; i < runs; i++) {
		double t0 = now_s(), c0 = cpu_s();
		if (q_funnel(s, end, &r))
			return 1;
		fprintf(stderr, "funnel %lld %lld %lld: %.6f s (CPU %.6f s)\n", (long long)r.funnel[0],
			(long long)r.funnel[1], (long long)r.funnel[2], now_s() - t0, cpu_s() - c0);
	}
	s->ops->close(s);
	return 0;
}

int main(int argc, char **argv)
{
	util_malloc_setup(); /* as scalelab's main */
	if (argc >= 5 && !strcmp(argv[1], "load"))
		return load(argv[2], argv[3], argv[4]);
	if (argc >= 4 && !strcmp(argv[1], "query"))
		return query(argv[2], strtoll(argv[3], NULL, 10), argc > 4 ? atoi(argv[4]) : 5);
	if (argc >= 4 && !strcmp(argv[1], "funnel"))
		return funnel_only(argv[2], strtoll(argv[3], NULL, 10), argc > 4 ? atoi(argv[4]) : 5);
	if (argc >= 4 && !strcmp(argv[1], "sqlite"))
		return sqlite_run(argv[2], strtoll(argv[3], NULL, 10));
	fprintf(stderr, "usage: metbench load NDJSON STOREDIR SQLITE | query STOREDIR END_MS [RUNS] | "
			"sqlite SQLITE END_MS | funnel STOREDIR END_MS [RUNS]\n");
	return 2;
}
