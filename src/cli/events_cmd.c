/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * events_cmd: `scalelab source add` (a new event source; prints its key
 * once) and `scalelab events import|export|erase` against the event store
 * beside the database (<db>.events, or --events-dir). Import reads PostHog
 * export lines (NDJSON) and checks every line before it stores any: a bad
 * line is reported as FILE:LINE: message and nothing is imported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/auth.h"
#include "api/events.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/dbmsg.h"
#include "events/wire.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/db.h"
#include "store/event_source_store.h"
#include "store/event_store.h"
#include "store/kpi_store.h"

#define CHUNK 20000 /* events per append: one fsync each */

static int need_db(const char *db)
{
	if (access(db, F_OK) != 0) {
		fprintf(stderr, "scalelab: %s does not exist (create it with 'scalelab init --db %s')\n", db,
			db);
		return -1;
	}
	return 0;
}

static struct event_store *open_store(const char *db, const char *dir_opt)
{
	struct buf dir = BUF_INIT;
	if (dir_opt)
		buf_puts(&dir, dir_opt);
	else
		buf_printf(&dir, "%s.events", db);
	int err = 0;
	struct event_store *s = event_store_open_embedded(buf_str(&dir), &err);
	if (!s)
		fprintf(stderr,
			"scalelab events: cannot open the event store %s (%d); is a server using it? "
			"Stop it first\n",
			buf_str(&dir), err);
	buf_free(&dir);
	return s;
}

/* --- source add ------------------------------------------------------------------------- */

static int source_add(int argc, char **argv)
{
	static const char *const opts[] = {"--db",   "--initiative",	 "--kind", "--domain",
					   "--name", "--retention-days", NULL};
	const char *db = args_get(argc, argv, "--db"), *ini = args_get(argc, argv, "--initiative"),
		   *kind = args_get(argc, argv, "--kind"), *domain = args_get(argc, argv, "--domain"),
		   *name = args_get(argc, argv, "--name"), *days = args_get(argc, argv, "--retention-days");
	enum event_source_kind k = event_source_kind_parse(kind);
	if (args_check(argc, argv, 1, opts, NULL) < 0 || !db || !ini || !kind) {
		fprintf(stderr, "usage: scalelab source add --db FILE --initiative ID --kind "
				"posthog|segment|mixpanel|plausible [--domain D] [--name N] "
				"[--retention-days N]\n");
		return 2;
	}
	if (!k) {
		fprintf(stderr,
			"scalelab source add: --kind must be posthog, segment, mixpanel or plausible\n");
		return 2;
	}
	int retention = days ? atoi(days) : EVENT_SOURCE_RETENTION_DEFAULT;
	if (retention < EVENT_SOURCE_RETENTION_MIN || retention > EVENT_SOURCE_RETENTION_MAX) {
		fprintf(stderr, "scalelab source add: --retention-days must be 1..3650\n");
		return 2;
	}
	if (i18n_init() < 0 || need_db(db) < 0)
		return 1;
	int rc = api_open(db);
	if (rc >= 0)
		rc = db_begin();
	if (rc < 0)
		return db_failure() ? dbmsg_fail("scalelab source add", rc) : 1;
	int64_t org = 0;
	int64_t initiative = kpi_store_initiative_find(ini, &org);
	if (initiative <= 0) {
		fprintf(stderr, "scalelab source add: no initiative '%s' (give its id or exact name)\n", ini);
		db_rollback();
		return 2;
	}
	char key[EVENT_SOURCE_KEY_MAX];
	const char *reason;
	int64_t id = api_event_source_add(initiative, k, name, domain, retention, 0, key, &reason);
	if (id < 0) {
		if (reason)
			fprintf(stderr, "scalelab source add: %s\n", i18n_t("en", reason));
		db_rollback();
		return db_failure() ? dbmsg_fail("scalelab source add", (int)id) : 2;
	}
	cli_audit(org, "events.source.create", "event_source", id);
	if (dbmsg_commit("scalelab source add"))
		return 1;
	if (k == EVENT_SOURCE_KIND_PLAUSIBLE)
		printf("source %lld: plausible for domain %s\n", (long long)id, domain);
	else
		printf("source %lld: %s\nkey: %s\n(the key is shown only now; store it in the client's "
		       "configuration)\n",
		       (long long)id, kind, key);
	return 0;
}

int cmd_source(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return source_add(argc - 1, argv + 1);
	fprintf(stderr, "usage: scalelab source add --db FILE --initiative ID --kind KIND [--domain D]\n");
	return 2;
}

/* --- events import ----------------------------------------------------------------------- */

static void bar(long done, long total)
{
	if (!isatty(2) || total <= 0)
		return;
	int width = 30, fill = (int)(done * width / total);
	fprintf(stderr, "\rimport events: [%.*s%*s] %3ld%%", fill, "##############################",
		width - fill, "", done * 100 / total);
	if (done == total)
		fputc('\n', stderr);
}

/* Reads the lines of f; for each non-blank one calls fn. Stops at the
 * first nonzero return (returned). */
static int each_line(FILE *f, int (*fn)(void *arg, const char *line, size_t len, size_t no), void *arg)
{
	char *line = NULL;
	size_t cap = 0, no = 0;
	ssize_t n;
	int rc = 0;
	while (!rc && (n = getline(&line, &cap, f)) >= 0) {
		no++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = 0;
		if (strspn(line, " \t") == (size_t)n)
			continue;
		rc = fn(arg, line, (size_t)n, no);
	}
	free(line);
	return rc;
}

struct import {
	const char *file;
	int64_t now;
	struct event_store *store;
	int64_t project, source;
	struct wire_batch batch[CHUNK];
	struct event_in ev[CHUNK];
	struct event_alias alias[CHUNK];
	size_t n, n_alias;
	long bytes, total;
	int64_t stored, duplicates, last_ts;
};

static int check_line(void *arg, const char *line, size_t len, size_t no)
{
	struct import *im = arg;
	struct wire_batch b = {0};
	const char *reason = NULL;
	int bad = len > EVENT_MAX_BYTES + 4096 ? (reason = "the line is larger than 1 MiB", 1)
		  : wire_parse(&b, line, len, &reason) < 0 || !json_is_object(b.root)
		      ? (reason = reason ? reason : "the line is not a JSON object", 1)
		      : wire_posthog(&b, im->now, NULL, &reason) < 0;
	if (!bad && json_array_size(b.errors))
		reason = json_string_value(json_object_get(json_array_get(b.errors, 0), "reason")), bad = 1;
	if (bad)
		fprintf(stderr, "%s%s:%zu: %s\n", isatty(2) ? "\n" : "", im->file, no, reason);
	wire_batch_free(&b);
	im->bytes += (long)len + 1;
	if (no % 1000 == 0)
		bar(im->bytes / 2, im->total);
	return bad;
}

static int flush_chunk(struct import *im)
{
	if (!im->n)
		return 0;
	enum event_outcome *out = xcalloc(im->n, sizeof *out);
	int rc = im->store->ops->append(im->store, im->project, im->source, im->ev, im->n, im->alias,
					im->n_alias, out);
	for (size_t i = 0; rc == 0 && i < im->n; i++) {
		if (out[i] == EVENT_DUPLICATE)
			im->duplicates++;
		else
			im->stored++;
		if (im->ev[i].ts_ms > im->last_ts)
			im->last_ts = im->ev[i].ts_ms;
	}
	free(out);
	for (size_t i = 0; i < im->n; i++)
		wire_batch_free(&im->batch[i]);
	im->n = im->n_alias = 0;
	return rc;
}

static int store_line(void *arg, const char *line, size_t len, size_t no)
{
	struct import *im = arg;
	(void)no;
	struct wire_batch *b = &im->batch[im->n];
	const char *reason;
	memset(b, 0, sizeof *b);
	if (wire_parse(b, line, len, &reason) < 0 || wire_posthog(b, im->now, NULL, &reason) < 0 ||
	    b->n != 1) {
		wire_batch_free(b); /* checked before: the file changed meanwhile */
		return -ERR_INVALID;
	}
	im->ev[im->n] = b->ev[0];
	for (size_t i = 0; i < b->n_alias && im->n_alias < CHUNK; i++)
		im->alias[im->n_alias++] = b->alias[i];
	im->n++;
	im->bytes += (long)len + 1;
	if (im->n == CHUNK) {
		int rc = flush_chunk(im);
		bar(im->total / 2 + im->bytes / 2, im->total);
		return rc;
	}
	return 0;
}

static int events_import(int argc, char **argv)
{
	static const char *const opts[] = {"--db", "--source", "--events-dir", NULL};
	const char *file = argc >= 2 && argv[argc - 1][0] != '-' ? argv[argc - 1] : NULL;
	const char *db = args_get(argc, argv, "--db"), *src = args_get(argc, argv, "--source");
	if (!file || !db || !src || file == db || file == src ||
	    args_check(argc - 1, argv, 1, opts, NULL) < 0) {
		fprintf(stderr, "usage: scalelab events import --db FILE --source ID FILE.ndjson\n");
		return 2;
	}
	if (i18n_init() < 0 || need_db(db) < 0)
		return 1;
	FILE *f = fopen(file, "rb");
	if (!f) {
		fprintf(stderr, "%s: cannot be read\n", file);
		return 2;
	}
	int rc = api_open(db);
	if (rc < 0) {
		fclose(f);
		return 1;
	}
	struct event_source s;
	int64_t sid = atoll(src);
	db_read_begin();
	rc = event_source_store_get(sid, &s);
	db_release();
	if (rc < 0) {
		fprintf(stderr, "scalelab events import: no event source %s\n", src);
		fclose(f);
		return 2;
	}
	struct import *im = xcalloc(1, sizeof *im);
	im->file = file;
	im->now = time_now_ms();
	im->project = s.initiative_id;
	im->source = s.id;
	fseek(f, 0, SEEK_END);
	im->total = ftell(f);
	rewind(f);
	/* every line first: a bad file imports nothing */
	if (each_line(f, check_line, im)) {
		fprintf(stderr, "%s: nothing was imported\n", file);
		fclose(f);
		free(im);
		return 2;
	}
	im->store = open_store(db, args_get(argc, argv, "--events-dir"));
	if (!im->store) {
		fclose(f);
		free(im);
		return 1;
	}
	rewind(f);
	im->bytes = 0;
	rc = each_line(f, store_line, im);
	if (!rc)
		rc = flush_chunk(im);
	else
		for (size_t i = 0; i < im->n; i++)
			wire_batch_free(&im->batch[i]);
	bar(im->total, im->total);
	fclose(f);
	im->store->ops->close(im->store);
	if (rc < 0) {
		fprintf(stderr,
			"scalelab events import: storing failed (%d) after %lld events; importing the "
			"file again stores each event once\n",
			rc, (long long)(im->stored + im->duplicates));
		free(im);
		return 1;
	}
	struct event_source_counts d = {.accepted = im->stored,
					.duplicates = im->duplicates,
					.last_event_ms = im->last_ts,
					.last_received_ms = time_now_ms()};
	rc = db_begin();
	if (rc == 0)
		event_source_store_stats_add(s.id, &d, NULL);
	if (rc < 0 || dbmsg_commit("scalelab events import")) {
		free(im);
		return 1;
	}
	printf("%lld events imported, %lld already present\n", (long long)im->stored,
	       (long long)im->duplicates);
	free(im);
	return 0;
}

/* --- events export ----------------------------------------------------------------------- */

#define DID_CACHE 65536 /* distinct ids remembered while exporting (direct-mapped) */

struct exporter {
	struct event_store *store;
	int64_t project;
	char **names;
	size_t n_names;
	struct {
		uint32_t id;
		char *text; /* JSON string of the distinct id, quoted; NULL: empty slot */
	} * dids;
	struct buf line;
};

static const char *name_text(struct exporter *x, uint32_t id)
{
	if (id >= x->n_names) {
		size_t n = (size_t)id + 64;
		x->names = xrealloc(x->names, n * sizeof *x->names);
		memset(x->names + x->n_names, 0, (n - x->n_names) * sizeof *x->names);
		x->n_names = n;
	}
	if (!x->names[id])
		x->names[id] = x->store->ops->name_of(x->store, x->project, id);
	return x->names[id] ? x->names[id] : "";
}

/* The distinct id an event was stored with, as a JSON string. */
static const char *did_json(struct exporter *x, uint32_t id)
{
	size_t slot = id % DID_CACHE;
	if (x->dids[slot].text && x->dids[slot].id == id)
		return x->dids[slot].text;
	size_t len = 0;
	char *raw = x->store->ops->distinct_of(x->store, x->project, id, &len);
	json_t *j = raw ? json_stringn(raw, len) : NULL; /* NULL also for bytes that are no UTF-8 */
	if (!j)
		j = json_null();
	free(raw);
	free(x->dids[slot].text);
	x->dids[slot].text = json_dumps(j, JSON_ENCODE_ANY);
	x->dids[slot].id = id;
	json_decref(j);
	return x->dids[slot].text;
}

/* One line per event, as PostHog's export writes them (so the file can be
 * imported again; events carry no client id, so a second import of the
 * same file stores them twice). */
static int export_batch(void *arg, const struct event_batch *b)
{
	struct exporter *x = arg;
	for (size_t i = 0; i < b->n; i++) {
		json_t *name = json_string(name_text(x, b->name[i]));
		char *nm = json_dumps(name, JSON_ENCODE_ANY);
		json_decref(name);
		time_t t = (time_t)(b->ts_ms[i] / 1000);
		struct tm tm;
		gmtime_r(&t, &tm);
		char ts[32];
		strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
		buf_reset(&x->line);
		buf_printf(&x->line,
			   "{\"event\":%s,\"distinct_id\":%s,\"timestamp\":\"%s.%03dZ\",\"source\":%lld", nm,
			   did_json(x, b->person[i]), ts, (int)(b->ts_ms[i] % 1000), (long long)b->source[i]);
		free(nm);
		if (b->props && b->props_len[i])
			buf_printf(&x->line, ",\"properties\":%.*s", (int)b->props_len[i], b->props[i]);
		buf_puts(&x->line, "}\n");
		if (fwrite(x->line.data, 1, x->line.len, stdout) != x->line.len)
			return -ERR_IO;
	}
	return 0;
}

static int events_export(int argc, char **argv)
{
	static const char *const opts[] = {"--db", "--source", "--events-dir", NULL};
	const char *db = args_get(argc, argv, "--db"), *src = args_get(argc, argv, "--source");
	if (!db || !src || args_check(argc, argv, 1, opts, NULL) < 0) {
		fprintf(stderr, "usage: scalelab events export --db FILE --source ID >FILE.ndjson\n");
		return 2;
	}
	if (i18n_init() < 0 || need_db(db) < 0 || api_open(db) < 0)
		return 1;
	struct event_source s;
	db_read_begin();
	int rc = event_source_store_get(atoll(src), &s);
	db_release();
	if (rc < 0) {
		fprintf(stderr, "scalelab events export: no event source %s\n", src);
		return 2;
	}
	struct exporter x = {.project = s.initiative_id, .line = BUF_INIT};
	x.dids = xcalloc(DID_CACHE, sizeof *x.dids);
	x.store = open_store(db, args_get(argc, argv, "--events-dir"));
	if (!x.store)
		return 1;
	struct event_filter flt = {
	    .from_ms = 0, .to_ms = INT64_MAX, .source_id = s.id, .with_props = 1, .raw_person = 1};
	rc = x.store->ops->scan(x.store, s.initiative_id, &flt, export_batch, &x);
	x.store->ops->close(x.store);
	for (size_t i = 0; i < x.n_names; i++)
		free(x.names[i]);
	free(x.names);
	for (size_t i = 0; i < DID_CACHE; i++)
		free(x.dids[i].text);
	free(x.dids);
	buf_free(&x.line);
	if (rc < 0 || fflush(stdout)) {
		fprintf(stderr, "scalelab events export: reading the event store failed (%d)\n", rc);
		return 1;
	}
	return 0;
}

/* --- events erase ------------------------------------------------------------------------ */

static int events_erase(int argc, char **argv)
{
	static const char *const opts[] = {"--db", "--initiative", "--distinct-id", "--events-dir", NULL};
	const char *db = args_get(argc, argv, "--db"), *ini = args_get(argc, argv, "--initiative"),
		   *did = args_get(argc, argv, "--distinct-id");
	if (!db || !ini || !did || args_check(argc, argv, 1, opts, NULL) < 0) {
		fprintf(stderr, "usage: scalelab events erase --db FILE --initiative ID --distinct-id X\n");
		return 2;
	}
	if (i18n_init() < 0 || need_db(db) < 0)
		return 1;
	int rc = api_open(db);
	if (rc >= 0)
		rc = db_begin();
	if (rc < 0)
		return db_failure() ? dbmsg_fail("scalelab events erase", rc) : 1;
	int64_t org = 0, initiative = kpi_store_initiative_find(ini, &org);
	if (initiative <= 0) {
		fprintf(stderr, "scalelab events erase: no initiative '%s'\n", ini);
		db_rollback();
		return 2;
	}
	struct event_store *s = open_store(db, args_get(argc, argv, "--events-dir"));
	if (!s) {
		db_rollback();
		return 1;
	}
	int64_t erased = 0;
	rc = s->ops->erase_person(s, initiative, did, strlen(did), &erased);
	s->ops->close(s);
	if (rc < 0) {
		fprintf(stderr, "scalelab events erase: the event store failed (%d); nothing was erased\n",
			rc);
		db_rollback();
		return 1;
	}
	/* the distinct id is personal data: the audit row names the initiative */
	cli_audit(org, "events.erase", "initiative", initiative);
	if (dbmsg_commit("scalelab events erase"))
		return 1;
	printf("%lld events of the person erased\n", (long long)erased);
	return 0;
}

int cmd_events(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "import"))
		return events_import(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "export"))
		return events_export(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "erase"))
		return events_erase(argc - 1, argv + 1);
	fprintf(stderr, "usage: scalelab events import|export|erase --db FILE ... (see scalelab --help)\n");
	return 2;
}
