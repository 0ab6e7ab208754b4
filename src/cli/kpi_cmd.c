/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kpi_cmd: `scalelab import kpi --db FILE FILE.csv`: reads KPI values from
 * a CSV file (docs/kpi.md) in one transaction: a bad line is reported as
 * FILE:LINE: message and nothing of the file is imported. A progress bar
 * goes to stderr when it is a terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/auth.h"
#include "api/kpi.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/dbmsg.h"
#include "domain/kpi_csv.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/util.h"
#include "store/db.h"

#define FILE_MAX (64L * 1024 * 1024)

/* The English text of key without its "Line {line}: " lead (the line is
 * already in FILE:LINE). */
static const char *message(const char *key)
{
	const char *t = i18n_t("en", key), *p = strstr(t, "{line}: ");
	return p ? p + 8 : t;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= (size_t)FILE_MAX)
		buf_add(&b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return buf_steal(&b);
}

static void bar(size_t done, size_t total)
{
	if (!isatty(2) || !total)
		return;
	int width = 30, fill = (int)(done * (size_t)width / total);
	fprintf(stderr, "\rimport kpi: [%.*s%*s] %3zu%% (%zu/%zu)", fill, "##############################",
		width - fill, "", done * 100 / total, done, total);
	if (done == total)
		fputc('\n', stderr);
}

int cmd_import_kpi(int argc, char **argv)
{
	static const char *const opts[] = {"--db", NULL};
	const char *file = argc >= 2 && argv[argc - 1][0] != '-' ? argv[argc - 1] : NULL;
	const char *db = args_get(argc, argv, "--db");
	if (!file || !db || file == db || args_check(argc - 1, argv, 1, opts, NULL) < 0) {
		fprintf(stderr, "usage: scalelab import kpi --db FILE FILE.csv\n");
		return 2;
	}
	if (i18n_init() < 0)
		return 1;
	if (access(db, F_OK) != 0) {
		fprintf(stderr, "scalelab: %s does not exist (create it with 'scalelab init --db %s')\n", db,
			db);
		return 1;
	}
	size_t len = 0;
	char *text = read_file(file, &len);
	if (!text) {
		fprintf(stderr, "%s: cannot be read\n", file);
		return 2;
	}
	if (len > (size_t)FILE_MAX) {
		fprintf(stderr, "%s: larger than 64 MB; split it\n", file);
		free(text);
		return 2;
	}
	struct kpi_csv *f = xcalloc(1, sizeof *f);
	size_t line = 0;
	const char *key = NULL;
	if (kpi_csv_parse(text, len, f, &line, &key) < 0) {
		fprintf(stderr, "%s:%zu: %s\n%s: nothing was imported\n", file, line, message(key), file);
		kpi_csv_free(f);
		free(f);
		free(text);
		return 2;
	}
	int rc = api_open(db);
	if (rc >= 0)
		rc = db_begin();
	if (rc < 0) {
		kpi_csv_free(f);
		free(f);
		free(text);
		return db_failure() ? dbmsg_fail("scalelab import kpi", rc) : 1;
	}
	size_t created = 0, replaced = 0;
	int64_t today = kpi_today();
	for (size_t i = 0; i < f->n; i++) {
		int r = kpi_import_row(&f->row[i], 0, 0, today, &key);
		if (db_failure()) {
			kpi_csv_free(f);
			free(f);
			free(text);
			return dbmsg_fail("scalelab import kpi", r);
		}
		if (r < 0) {
			if (isatty(2))
				fputc('\n', stderr);
			fprintf(stderr, "%s:%zu: %s\n", file, f->row[i].line, message(key));
			fprintf(stderr, "%s: nothing was imported\n", file);
			db_rollback();
			kpi_csv_free(f);
			free(f);
			free(text);
			return 2;
		}
		created += r == 1;
		replaced += r == 0;
		if (i % 64 == 63 || i + 1 == f->n)
			bar(i + 1, f->n);
	}
	size_t rows = f->n;
	kpi_csv_free(f);
	free(f);
	free(text);
	if (dbmsg_commit("scalelab import kpi"))
		return 1;
	printf("%zu values imported (%zu new days, %zu replaced)\n", rows, created, replaced);
	return 0;
}
