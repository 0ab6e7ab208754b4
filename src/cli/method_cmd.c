/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * method_cmd: `scalelab method check FILE...` and `scalelab method list
 * DIR`. Reads the files (the only I/O around methods) and hands the bytes
 * to the domain loader; prints every problem as FILE:LINE: message on
 * stderr. It must never interpret method content itself.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "domain/method.h"
#include "lib/buf.h"
#include "lib/util.h"

#define METHOD_FILE_MAX (8u << 20) /* a method is text; refuse anything larger */

static void usage(FILE *f)
{
	fputs("usage: scalelab method check FILE...\n"
	      "       scalelab method list [DIR]\n"
	      "\n"
	      "check  validates each method file (JSON, format scalelab-method/1) and\n"
	      "       prints every problem as FILE:LINE: message on stderr; on success\n"
	      "       prints one summary line per file on stdout. Exit status 0 when\n"
	      "       all files are valid, 1 when any has a problem, 2 on bad usage.\n"
	      "list   validates every *.json file in DIR (default: methods) and prints\n"
	      "       one line per method: id, version, counts and Dutch title.\n"
	      "\n"
	      "The file format is described in methods/README.md.\n",
	      f);
}

/* Reads path into b; prints the reason and returns -ERR_IO on failure. */
static int read_file(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "%s:0: cannot open: %s\n", path, strerror(errno));
		return -ERR_IO;
	}
	char chunk[65536];
	size_t n;
	int rc = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b->len + n > METHOD_FILE_MAX) {
			fprintf(stderr, "%s:0: larger than %u bytes; not a method file\n", path,
				METHOD_FILE_MAX);
			rc = -ERR_IO;
			break;
		}
		buf_add(b, chunk, n);
	}
	if (!rc && ferror(f)) {
		fprintf(stderr, "%s:0: read error: %s\n", path, strerror(errno));
		rc = -ERR_IO;
	}
	fclose(f);
	return rc;
}

/* Loads path; prints problems. Returns the method or NULL. */
static struct method *load_path(const char *path)
{
	struct buf b = BUF_INIT;
	struct method *m = NULL;
	if (read_file(path, &b) == 0) {
		struct method_problems pr = {0};
		if (method_load(buf_str(&b), b.len, &m, &pr) != 0) {
			for (size_t i = 0; i < pr.n; i++)
				fprintf(stderr, "%s:%d: %s\n", path, pr.v[i].line, pr.v[i].message);
		}
		method_problems_free(&pr);
	}
	buf_free(&b);
	return m;
}

static int check(int argc, char **argv)
{
	if (argc < 1) {
		usage(stderr);
		return 2;
	}
	int bad = 0;
	for (int i = 0; i < argc; i++) {
		struct method *m = load_path(argv[i]);
		if (!m) {
			bad = 1;
			continue;
		}
		printf("%s: ok: %s version %d, %zu sections, %zu questions, %zu ingredients, "
		       "%zu components, %zu routes, %zu pitfalls, %zu rules\n",
		       argv[i], m->id, m->version, m->n_sections, m->n_questions, m->n_ingredients,
		       m->n_components, m->n_routes, m->n_pitfalls, m->n_rules);
		method_free(m);
	}
	return bad;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "%s:0: cannot open directory: %s\n", dir, strerror(errno));
		return 1;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".json") || e->d_name[0] == '.')
			continue;
		struct buf p = BUF_INIT;
		buf_printf(&p, "%s/%s", dir, e->d_name);
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = buf_steal(&p);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		struct method *m = load_path(names[i]);
		if (!m) {
			bad = 1;
		} else {
			printf("%-24s v%-3d %3zu questions %3zu ingredients %3zu components  %s\n", m->id,
			       m->version, m->n_questions, m->n_ingredients, m->n_components, m->title.nl);
			method_free(m);
		}
		free(names[i]);
	}
	free(names);
	return bad;
}

int cmd_method(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "check"))
		return check(argc - 2, argv + 2);
	if (!strcmp(argv[1], "list")) {
		if (argc > 3) {
			usage(stderr);
			return 2;
		}
		return list(argc == 3 ? argv[2] : "methods");
	}
	fprintf(stderr, "scalelab method: unknown subcommand '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
