/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_cmd: `scalelab metrics KIND --db FILE --source ID [options]
 * --format json|csv|table`. The command runs the SAME handler as the API
 * (found in the route table by its path): it builds the query parameters
 * from the options, calls the handler in a read transaction with the event
 * store opened read-only (no lock: it works beside a running server), and
 * formats the handler's JSON. A kind is one line of the table below: its
 * route, its options (--option=parameter, or --flag=parameter:value) and
 * the rows and columns of its csv/table output. docs/metrics.md, "CLI".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "api/auth.h"
#include "api/module.h"
#include "cli/cli.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/problem.h"
#include "lib/util.h"
#include "store/db.h"
#include "store/event_live.h"
#include "store/event_source_store.h"
#include "store/event_store.h"

#define ACTIVE "/initiatieven/{initiativeId}/metrieken/actief"
#define RETENTION "/initiatieven/{initiativeId}/metrieken/retentie"
#define M(x) "/initiatieven/{initiativeId}/metrieken/" x

/* Options every kind takes (besides --db, --source, --events-dir, --format). */
#define SPAN "--from=van --to=tot "

struct kind {
	const char *name;
	const char *path;    /* the API route (GET) whose handler runs */
	const char *options; /* "--opt=param" (a value) or "--flag=param:value", space-separated */
	const char *rows;    /* the array of the document that csv/table print; NULL: the document itself */
	const char
	    *columns; /* members of each row, space-separated (an array member spreads into name_0..) */
};

/* clang-format off */
static const struct kind kinds[] = {
{"dau",        ACTIVE,    SPAN "--event=gebeurtenis --tz=tijdzone --where=eigenschap", "days", "date dau"},
{"wau",        ACTIVE,    SPAN "--event=gebeurtenis --tz=tijdzone --where=eigenschap", "days", "date wau"},
{"mau",        ACTIVE,    SPAN "--event=gebeurtenis --tz=tijdzone --where=eigenschap", "days", "date mau"},
{"stickiness", ACTIVE,    SPAN "--event=gebeurtenis --tz=tijdzone --where=eigenschap", "days", "date dau mau stickiness"},
{"retention",  RETENTION, SPAN "--start-event=gebeurtenis --return-event=terugkeer --interval=interval --recurring=start:recurring --on-or-after=telling:vanaf --calendar=kalender:1 --tz=tijdzone --min=minimaal --where=eigenschap", "cohorts", "start size persons"},
{"activation", M("activatie"), SPAN "--event=activatie --days=activatiedagen --interval=interval", "cohorts", "start persons activated rate complete"},
{"churn",      M("churn"),     SPAN "--days=churndagen --interval=interval", "periods", "start active churned rate complete"},
{"kfactor",    M("kfactor"),   SPAN "--signup-event=aanmelding --invite-event=uitnodiging --accept-event=acceptatie --interval=interval", "periods", "start signups invites accepted invitesPerSignup acceptanceRate kFactor"},
{"nps",        M("nps"),       SPAN "--event=enquete --property=score", NULL, "respondents promoters passives detractors ignored nps"},
{"revenue",    M("omzet"),     SPAN "--event=aankoop --property=bedrag --interval=interval", "periods", "start revenue purchases payingPersons newPayingPersons"},
{"lifecycle",  M("levenscyclus"), SPAN "--event=gebeurtenis --interval=interval --tz=tijdzone --where=eigenschap", "periods", "start end complete active new returning resurrecting dormant"},
{"funnel",     M("trechter"),  SPAN "--steps=stappen --window=venster --strict=volgorde:strikt --breakdown=uitsplitsing --top=top --tz=tijdzone --where=eigenschap", "total", "name persons conversion fromPrevious medianSeconds medianTotalSeconds"},
{"ltv",        M("ltv"),       SPAN "--event=aankoop --property=bedrag --cost-series=kosten", NULL, "marketingCost newPayingPersons cac lifetimeRevenue lifetimePayingPersons ltv ltvCac arppuMonth paybackMonths"},
{NULL, NULL, NULL, NULL, NULL},
};
/* clang-format on */

/* Option values as the API spells them. */
static const char *api_value(const char *param, const char *v)
{
	if (!strcmp(param, "interval"))
		return !strcmp(v, "day") ? "dag" : !strcmp(v, "month") ? "maand" : v;
	if (!strcmp(v, "$any"))
		return NULL; /* any event: the parameter's absence */
	return v;
}

/* Finds "--name=" in the kind's options: the parameter (and after ':' the
 * flag's value) copied into param/value; 0 when the kind has no such
 * option. */
static int find_option(const struct kind *k, const char *opt, char *param, size_t pn, char *value, size_t vn)
{
	size_t ol = strlen(opt);
	for (const char *p = k->options; *p;) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > ol && !strncmp(p, opt, ol) && p[ol] == '=') {
			const char *eq = p + ol + 1, *colon = memchr(eq, ':', len - ol - 1);
			size_t plen = colon ? (size_t)(colon - eq) : len - ol - 1;
			snprintf(param, pn, "%.*s", (int)plen, eq);
			if (colon)
				snprintf(value, vn, "%.*s", (int)(p + len - colon - 1), colon + 1);
			else
				value[0] = 0;
			return colon ? 2 : 1;
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* The option whose parameter is param (for messages), or param itself. */
static void option_of(const struct kind *k, const char *param, char *out, size_t n)
{
	snprintf(out, n, "%s", param);
	if (!strncmp(param, "eigenschap", 10) || !strncmp(param, "operator", 8) ||
	    !strncmp(param, "waarde", 6)) {
		snprintf(out, n, "--where");
		return;
	}
	for (const char *p = k->options; *p;) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		if (eq) {
			const char *colon = memchr(eq, ':', (size_t)(p + len - eq));
			size_t plen = (colon ? colon : p + len) - eq - 1;
			if (strlen(param) == plen && !strncmp(eq + 1, param, plen)) {
				snprintf(out, n, "%.*s", (int)(eq - p), p);
				return;
			}
		}
		p += len;
		while (*p == ' ')
			p++;
	}
}

/* --where TEXT: a property filter, the k-th (0 ..) of the command, into
 * query as eigenschap/operator/waarde: KEY=V (is), KEY!=V (isniet),
 * KEY~=A,B (eenvan), KEY>N, KEY>=N, KEY<N, KEY<=N, KEY (gezet), !KEY
 * (nietgezet). The API checks the values. -1 when it does not read. */
static int where(json_t *query, int k, const char *text)
{
	static const struct {
		const char *sym, *op;
	} ops[] = {{"!=", "isniet"}, {"~=", "eenvan"}, {">=", "minstens"}, {"<=", "hoogstens"},
		   {">", "groter"},  {"<", "kleiner"}, {"=", "is"}};
	static const char *const suffix[] = {"", "2", "3"};
	char key[16], op[16], val[16];
	snprintf(key, sizeof key, "eigenschap%s", suffix[k]);
	snprintf(op, sizeof op, "operator%s", suffix[k]);
	snprintf(val, sizeof val, "waarde%s", suffix[k]);
	int neg = text[0] == '!';
	size_t at = strcspn(text + neg, "!~<>=") + neg;
	if (!text[at]) { /* KEY or !KEY */
		if (!text[neg])
			return -1;
		json_object_set_new(query, key, json_string(text + neg));
		json_object_set_new(query, op, json_string(neg ? "nietgezet" : "gezet"));
		return 0;
	}
	if (at == 0 || neg)
		return -1;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		size_t n = strlen(ops[i].sym);
		if (strncmp(text + at, ops[i].sym, n))
			continue;
		json_object_set_new(query, key, json_stringn(text, at));
		json_object_set_new(query, op, json_string(ops[i].op));
		json_object_set_new(query, val, json_string(text + at + n));
		return 0;
	}
	return -1;
}

static const struct route *route_of(const char *path)
{
	int n;
	const struct route *r = api_routes(&n);
	for (int i = 0; i < n; i++)
		if (!strcmp(r[i].method, "GET") && !strcmp(r[i].path, path) && (r[i].flags & R_API))
			return &r[i];
	return NULL;
}

/* ---- output ---- */

static void cell(struct buf *b, const json_t *v, int csv)
{
	if (!v || json_is_null(v))
		return;
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (csv && strpbrk(s, ",\"\n\r")) {
			buf_puts(b, "\"");
			for (; *s; s++) {
				if (*s == '"')
					buf_puts(b, "\"");
				buf_add(b, s, 1);
			}
			buf_puts(b, "\"");
		} else
			buf_puts(b, s);
		return;
	}
	char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(10));
	buf_puts(b, t);
	free(t);
}

/* The table as cells: header and rows, each a JSON array of strings. */
static json_t *cells(const struct kind *k, json_t *doc)
{
	json_t *rows = k->rows ? json_object_get(doc, k->rows) : NULL, *one = json_array();
	if (!k->rows)
		json_array_append(one, doc);
	json_t *src = k->rows ? rows : one, *out = json_array(), *head = json_array();
	char cols[512];
	snprintf(cols, sizeof cols, "%s", k->columns);
	size_t i;
	json_t *r;
	int first = 1;
	json_array_foreach (src, i, r) {
		json_t *line = json_array();
		for (char *save = NULL, *c = strtok_r(cols, " ", &save); c; c = strtok_r(NULL, " ", &save)) {
			json_t *v = json_object_get(r, c);
			if (json_is_array(v)) {
				size_t j;
				json_t *e;
				json_array_foreach (v, j, e) {
					struct buf b = BUF_INIT;
					cell(&b, e, 1);
					json_array_append_new(line, json_string(buf_str(&b)));
					buf_free(&b);
					if (first) {
						char h[80];
						snprintf(h, sizeof h, "%s_%zu", c, j);
						json_array_append_new(head, json_string(h));
					}
				}
				continue;
			}
			struct buf b = BUF_INIT;
			cell(&b, v, 1);
			json_array_append_new(line, json_string(buf_str(&b)));
			buf_free(&b);
			if (first)
				json_array_append_new(head, json_string(c));
		}
		first = 0;
		snprintf(cols, sizeof cols, "%s", k->columns); /* strtok_r wrote into it */
		json_array_append_new(out, line);
	}
	if (first) /* no rows: the header from the column names */
		for (char *save = NULL, *c = strtok_r(cols, " ", &save); c; c = strtok_r(NULL, " ", &save))
			json_array_append_new(head, json_string(c));
	json_array_insert_new(out, 0, head);
	json_decref(one);
	return out;
}

static void print_csv(json_t *t)
{
	size_t i, j;
	json_t *line, *c;
	json_array_foreach (t, i, line) {
		json_array_foreach (line, j, c)
			printf("%s%s", j ? "," : "", json_string_value(c));
		printf("\n");
	}
}

static void print_table(json_t *t)
{
	size_t cols = json_array_size(json_array_get(t, 0)), i, j;
	size_t *w = xcalloc(cols ? cols : 1, sizeof *w);
	json_t *line, *c;
	json_array_foreach (t, i, line)
		json_array_foreach (line, j, c)
			if (j < cols && strlen(json_string_value(c)) > w[j])
				w[j] = strlen(json_string_value(c));
	json_array_foreach (t, i, line) {
		json_array_foreach (line, j, c)
			if (j < cols)
				printf("%s%*s", j ? "  " : "", (int)w[j], json_string_value(c));
		printf("\n");
		if (i == 0) {
			for (j = 0; j < cols; j++) {
				printf("%s", j ? "  " : "");
				for (size_t x = 0; x < w[j]; x++)
					putchar('-');
			}
			printf("\n");
		}
	}
	free(w);
}

static int usage(void)
{
	fprintf(stderr, "usage: scalelab metrics KIND --db FILE --source ID [--events-dir DIR] [--from DATE] "
			"[--to DATE]\n"
			"       [options of the kind] [--format json|csv|table]\n"
			"kinds:");
	for (const struct kind *k = kinds; k->name; k++)
		fprintf(stderr, " %s", k->name);
	fprintf(stderr, "\n");
	return 2;
}

int cmd_metrics(int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-')
		return usage();
	const struct kind *k = kinds;
	while (k->name && strcmp(k->name, argv[1]))
		k++;
	if (!k->name) {
		fprintf(stderr, "scalelab: unknown metric kind '%s'\n", argv[1]);
		return usage();
	}
	const char *db = NULL, *source = NULL, *dir = NULL, *format = "table";
	json_t *query = json_object();
	int rc = 2, wheres = 0;
	for (int i = 2; i < argc; i++) {
		const char *o = argv[i];
		const char **own = !strcmp(o, "--db")		? &db
				   : !strcmp(o, "--source")	? &source
				   : !strcmp(o, "--events-dir") ? &dir
				   : !strcmp(o, "--format")	? &format
								: NULL;
		if (own) {
			if (i + 1 >= argc) {
				fprintf(stderr, "scalelab: %s needs a value\n", o);
				goto out;
			}
			*own = argv[++i];
			continue;
		}
		char param[64], value[64];
		int f = strncmp(o, "--", 2) ? 0 : find_option(k, o, param, sizeof param, value, sizeof value);
		if (!f) {
			fprintf(stderr, "scalelab: %s is not an option of 'metrics %s'\n", o, k->name);
			goto out;
		}
		if (f == 2) {
			json_object_set_new(query, param, json_string(value));
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "scalelab: %s needs a value\n", o);
			goto out;
		}
		if (!strcmp(param, "eigenschap")) { /* --where */
			if (wheres == 3 || where(query, wheres++, argv[++i]) < 0) {
				fprintf(stderr, "scalelab: --where: %s\n",
					wheres > 3 ? "at most three filters"
						   : "give KEY=V, KEY!=V, KEY~=A,B, KEY>N, KEY>=N, KEY<N, "
						     "KEY<=N, KEY or !KEY");
				goto out;
			}
			continue;
		}
		const char *v = api_value(param, argv[++i]);
		if (v)
			json_object_set_new(query, param, json_string(v));
	}
	if (!db || !source) {
		fprintf(stderr, "scalelab: metrics %s needs %s\n", k->name,
			!db ? "--db FILE" : "--source ID");
		goto out;
	}
	int fmt = !strcmp(format, "json")    ? 0
		  : !strcmp(format, "csv")   ? 1
		  : !strcmp(format, "table") ? 2
					     : -1;
	if (fmt < 0) {
		fprintf(stderr, "scalelab: --format must be json, csv or table\n");
		goto out;
	}
	char *end;
	long long sid = strtoll(source, &end, 10);
	if (*end || sid <= 0) {
		fprintf(stderr, "scalelab: --source must be the id of an event source\n");
		goto out;
	}
	rc = 1;
	if (access(db, F_OK) != 0) {
		fprintf(stderr, "scalelab: %s does not exist\n", db);
		goto out;
	}
	if (i18n_init() < 0 || api_open(db) < 0) {
		fprintf(stderr, "scalelab: cannot open %s\n", db);
		goto out;
	}
	db_read_begin();
	struct event_source src;
	if (event_source_store_get(sid, &src) < 0) {
		db_read_end();
		fprintf(stderr, "scalelab: --source: no event source %lld\n", sid);
		rc = 2;
		goto out;
	}
	json_object_set_new(query, "bron", json_sprintf("%lld", sid));
	struct buf d = BUF_INIT;
	if (dir)
		buf_puts(&d, dir);
	else
		buf_printf(&d, "%s.events", db);
	int err = 0;
	/* read-only, without the store's lock: a running server keeps it */
	struct event_store *s = event_store_open_readonly(buf_str(&d), &err);
	if (!s) {
		db_read_end();
		fprintf(stderr, "scalelab: cannot read the event store %s (%s)\n", buf_str(&d),
			err == -ERR_NOTFOUND ? "there is none" : "damaged or unreadable");
		buf_free(&d);
		goto out;
	}
	buf_free(&d);
	event_live_set_store(s);
	const struct route *r = route_of(k->path);
	BUG_ON(!r);
	struct api_ctx c = {.method = "GET",
			    .query = query,
			    .lang = "en",
			    .obj_id = src.initiative_id,
			    .org_id = src.org_id,
			    .role = ROLE_LEZER,
			    .invalid = json_array()};
	c.ids[0] = src.initiative_id;
	json_t *doc = NULL;
	int hrc = r->fn(&c, &doc);
	db_read_end();
	event_live_set_store(NULL);
	s->ops->close(s);
	if (hrc < 0) {
		size_t i;
		json_t *p;
		json_array_foreach (c.invalid, i, p) {
			char opt[64];
			option_of(k, json_string_value(json_object_get(p, "name")), opt, sizeof opt);
			struct buf t = BUF_INIT;
			problem_text(p, i18n_t("en", json_string_value(json_object_get(p, "reason"))), "en",
				     &t);
			/* the API's interval words are not the CLI's: dag, maand -> day, month */
			struct buf m = BUF_INIT;
			for (const char *x = buf_str(&t); *x;) {
				if (!strncmp(x, "dag", 3) && !strcmp(opt, "--interval")) {
					buf_puts(&m, "day");
					x += 3;
				} else if (!strncmp(x, "maand", 5) && !strcmp(opt, "--interval")) {
					buf_puts(&m, "month");
					x += 5;
				} else
					buf_add(&m, x++, 1);
			}
			fprintf(stderr, "scalelab: %s: %s\n", opt, buf_str(&m));
			buf_free(&m);
			buf_free(&t);
		}
		if (!json_array_size(c.invalid))
			fprintf(stderr, "scalelab: metrics %s failed (%d)\n", k->name, hrc);
		json_decref(c.invalid);
		rc = hrc == -ERR_INVALID ? 2 : 1;
		goto out;
	}
	json_decref(c.invalid);
	if (fmt == 0) {
		char *t = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
		printf("%s\n", t);
		free(t);
	} else {
		json_t *t = cells(k, doc);
		if (fmt == 1)
			print_csv(t);
		else
			print_table(t);
		json_decref(t);
	}
	json_decref(doc);
	rc = fflush(stdout) ? 1 : 0;
out:
	json_decref(query);
	return rc;
}
