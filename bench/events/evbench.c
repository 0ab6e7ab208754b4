/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * evbench: the event store's direct bench (bench/events/run.sh).
 *   evbench NDJSON DIR [THREADS]
 * Reads PostHog export lines in chunks, appends each chunk durably through
 * event_store append() from THREADS threads (batches of 500, timed apart
 * from parsing), loads the same events into a plain SQLite table (all
 * columns) and a core one (timestamp, distinct_id, event), seals, runs a
 * DAU query over the whole range, and prints "key value" lines: rates,
 * bytes on disk per event, timings.
 */
#include <dirent.h>
#include <jansson.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "store/event_store.h"

#define CHUNK 100000
#define BATCH 500

struct chunk {
	size_t n;
	struct event_in ev[CHUNK];
	char *line[CHUNK]; /* each event's strings live in its parsed copy */
	size_t next;	   /* next batch to append */
	pthread_mutex_t mu;
};

static struct event_store *store;
static struct chunk ck;
static int append_failed;

/* CPU seconds (user + system) of this process so far. */
static double cpu_s(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 +
	       (double)u.ru_stime.tv_sec + (double)u.ru_stime.tv_usec / 1e6;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* "2026-08-03T00:01:27.146Z" -> Unix ms. */
static int64_t iso_ms(const char *s)
{
	struct tm tm = {0};
	int ms = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) < 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) * 1000 + ms;
}

/* Parses one line into ck.ev[i]; its strings are packed into one
 * allocation: uuid, event, distinct id, compact properties. */
static int parse_line(const char *line, size_t len, size_t i)
{
	json_error_t e;
	json_t *o = json_loadb(line, len, 0, &e);
	if (!o)
		return -1;
	const char *uuid = json_string_value(json_object_get(o, "uuid"));
	const char *name = json_string_value(json_object_get(o, "event"));
	const char *did = json_string_value(json_object_get(o, "distinct_id"));
	const char *ts = json_string_value(json_object_get(o, "timestamp"));
	char *props = json_dumps(json_object_get(o, "properties"), JSON_COMPACT);
	if (!uuid || !name || !did || !ts || !props) {
		json_decref(o);
		free(props);
		return -1;
	}
	size_t lu = strlen(uuid), ln = strlen(name), ld = strlen(did), lp = strlen(props);
	char *p = malloc(lu + ln + ld + lp + 4);
	memcpy(p, uuid, lu + 1);
	memcpy(p + lu + 1, name, ln + 1);
	memcpy(p + lu + ln + 2, did, ld + 1);
	memcpy(p + lu + ln + ld + 3, props, lp + 1);
	ck.line[i] = p;
	ck.ev[i] = (struct event_in){iso_ms(ts), p + lu + 1, ln, p + lu + ln + 2, ld, p, lu,
				     p + lu + ln + ld + 3, lp};
	free(props);
	json_decref(o);
	return 0;
}

static void *appender(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&ck.mu);
		size_t at = ck.next;
		ck.next += BATCH;
		pthread_mutex_unlock(&ck.mu);
		if (at >= ck.n)
			return NULL;
		size_t k = ck.n - at < BATCH ? ck.n - at : BATCH;
		if (store->ops->append(store, 1, 1, ck.ev + at, k, NULL, 0, NULL) != 0)
			append_failed = 1;
	}
}

/* The plain SQLite comparison: all columns, and the core three. */
struct plain {
	sqlite3 *db, *core;
	sqlite3_stmt *ins, *ins_core;
};

static sqlite3 *plain_open(const char *dir, const char *file, const char *create)
{
	char path[1100];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		exit(1);
	sqlite3_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;", NULL, NULL, NULL);
	sqlite3_exec(db, create, NULL, NULL, NULL);
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	return db;
}

static void plain_insert(struct plain *pl)
{
	for (size_t i = 0; i < ck.n; i++) {
		const struct event_in *e = &ck.ev[i];
		sqlite3_bind_text(pl->ins, 1, e->uuid, (int)e->uuid_len, SQLITE_STATIC);
		sqlite3_bind_text(pl->ins, 2, e->name, (int)e->name_len, SQLITE_STATIC);
		sqlite3_bind_text(pl->ins, 3, e->distinct_id, (int)e->distinct_len, SQLITE_STATIC);
		sqlite3_bind_int64(pl->ins, 4, e->ts_ms);
		sqlite3_bind_text(pl->ins, 5, e->props, (int)e->props_len, SQLITE_STATIC);
		sqlite3_step(pl->ins);
		sqlite3_reset(pl->ins);
		sqlite3_bind_int64(pl->ins_core, 1, e->ts_ms);
		sqlite3_bind_text(pl->ins_core, 2, e->distinct_id, (int)e->distinct_len,
				  SQLITE_STATIC);
		sqlite3_bind_text(pl->ins_core, 3, e->name, (int)e->name_len, SQLITE_STATIC);
		sqlite3_step(pl->ins_core);
		sqlite3_reset(pl->ins_core);
	}
}

static long long file_size(const char *dir, const char *file)
{
	char path[1100];
	struct stat sb;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	return stat(path, &sb) ? 0 : (long long)sb.st_size;
}

/* Bytes of every regular file under dir (one level of subdirectories). */
static long long dir_size(const char *dir)
{
	long long total = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' && (!e->d_name[1] || e->d_name[1] == '.'))
			continue;
		char path[1024];
		struct stat sb;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &sb))
			continue;
		total += S_ISDIR(sb.st_mode) ? dir_size(path) : (long long)sb.st_size;
	}
	if (d)
		closedir(d);
	return total;
}

static int dau(void *arg, int64_t day_ms, const roaring_bitmap_t *persons)
{
	(void)day_ms;
	long long *acc = arg;
	acc[0]++;
	acc[1] += (long long)roaring_bitmap_get_cardinality(persons);
	return 0;
}

/* Sums the catalogue's bytes of the core columns. */
static long long core_bytes(const char *evdir, long long *blocks)
{
	char path[1100];
	snprintf(path, sizeof path, "%s/log.db", evdir);
	sqlite3 *db;
	sqlite3_stmt *st;
	long long core = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT sum(core_bytes), sum(bytes) FROM blocks", -1, &st,
			       NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) {
			core = sqlite3_column_int64(st, 0);
			*blocks = sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return core;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: evbench NDJSON DIR [THREADS]\n");
		return 2;
	}
	int threads = argc > 3 ? atoi(argv[3]) : 4;
	char evdir[1024];
	snprintf(evdir, sizeof evdir, "%s/ev", argv[2]);
	int err;
	store = event_store_open_embedded(evdir, &err);
	FILE *in = fopen(argv[1], "r");
	if (!store || !in) {
		fprintf(stderr, "evbench: cannot open the store or %s\n", argv[1]);
		return 1;
	}
	struct plain pl;
	pl.db = plain_open(argv[2], "plain.db",
			   "CREATE TABLE events(uuid TEXT, event TEXT, distinct_id TEXT, "
			   "timestamp INTEGER, properties TEXT)");
	pl.core = plain_open(argv[2], "plain-core.db",
			     "CREATE TABLE events(timestamp INTEGER, distinct_id TEXT, event TEXT)");
	sqlite3_prepare_v2(pl.db, "INSERT INTO events VALUES(?,?,?,?,?)", -1, &pl.ins, NULL);
	sqlite3_prepare_v2(pl.core, "INSERT INTO events VALUES(?,?,?)", -1, &pl.ins_core, NULL);
	pthread_mutex_init(&ck.mu, NULL);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long long total = 0;
	double t_append = 0, t_sqlite = 0, cpu_append = 0;
	int eof = 0;
	while (!eof) {
		ck.n = 0;
		while (ck.n < CHUNK && !(eof = (len = getline(&line, &cap, in)) < 0))
			if (len > 1 && parse_line(line, (size_t)len, ck.n) == 0)
				ck.n++;
		if (!ck.n)
			break;
		ck.next = 0;
		double t0 = now_s(), c0 = cpu_s();
		pthread_t th[64];
		for (int t = 0; t < threads && t < 64; t++)
			pthread_create(&th[t], NULL, appender, NULL);
		for (int t = 0; t < threads && t < 64; t++)
			pthread_join(th[t], NULL);
		double t1 = now_s();
		cpu_append += cpu_s() - c0;
		plain_insert(&pl);
		t_sqlite += now_s() - t1;
		t_append += t1 - t0;
		total += (long long)ck.n;
		for (size_t i = 0; i < ck.n; i++)
			free(ck.line[i]);
		fprintf(stderr, "\r  evbench: %lld events", total);
	}
	fprintf(stderr, "\n");
	free(line);
	fclose(in);
	double t2 = now_s();
	sqlite3_exec(pl.db, "COMMIT", NULL, NULL, NULL);
	sqlite3_exec(pl.core, "COMMIT", NULL, NULL, NULL);
	t_sqlite += now_s() - t2;
	sqlite3_finalize(pl.ins);
	sqlite3_finalize(pl.ins_core);
	sqlite3_close(pl.db);
	sqlite3_close(pl.core);
	double t3 = now_s();
	int seal_rc = event_store_seal(store, 1);
	double t_seal = now_s() - t3;
	long long acc[2] = {0, 0};
	struct event_filter f = {INT64_MIN, INT64_MAX, NULL, 0, 0, 0, NULL, NULL, 0};
	double t4 = now_s();
	int q_rc = store->ops->day_persons(store, 1, &f, dau, acc);
	double t_dau = now_s() - t4;
	struct event_counts c;
	store->ops->counts(store, 1, &c);
	store->ops->close(store);
	long long blocks = 0, core = core_bytes(evdir, &blocks);
	double n = (double)total;
	printf("events %lld\n", total);
	printf("stored %lld\n", (long long)c.events);
	printf("persons %lld\n", (long long)c.persons);
	printf("append_failed %d\n", append_failed || seal_rc || q_rc);
	printf("append_seconds %.2f\n", t_append);
	printf("append_events_per_s %.0f\n", n / t_append);
	printf("append_cpu_us_per_event %.2f\n", cpu_append * 1e6 / n);
	printf("seal_final_seconds %.2f\n", t_seal);
	printf("dau_query_seconds %.3f\n", t_dau);
	printf("dau_days %lld\n", acc[0]);
	printf("dau_mean %.0f\n", acc[0] ? (double)acc[1] / (double)acc[0] : 0);
	printf("core_bytes_per_event %.2f\n", (double)core / n);
	printf("block_bytes_per_event %.2f\n", (double)blocks / n);
	printf("logdb_bytes_per_event %.2f\n", (double)file_size(evdir, "log.db") / n);
	printf("store_bytes_per_event %.2f\n", (double)dir_size(evdir) / n);
	printf("sqlite_bytes_per_event %.2f\n", (double)file_size(argv[2], "plain.db") / n);
	printf("sqlite_core_bytes_per_event %.2f\n",
	       (double)file_size(argv[2], "plain-core.db") / n);
	printf("sqlite_load_seconds %.2f\n", t_sqlite);
	return 0;
}
