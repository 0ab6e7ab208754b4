/* SPDX-License-Identifier: EUPL-1.2 */
/* data_cmd: `scalelab backup`, `restore`, `export` and `import`. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/dbmsg.h"
#include "lib/util.h"
#include "api/auth.h"
#include "store/db.h"
#include "api/module.h"
#include "store/dump.h"
#include "store/restore.h"

static int open_db(const char *path)
{
	if (!path) {
		fprintf(stderr, "scalelab: --db FILE is required\n");
		return -1;
	}
	if (access(path, F_OK) != 0) {
		fprintf(stderr, "scalelab: %s does not exist (create it with 'scalelab init --db %s')\n",
			path, path);
		return -1;
	}
	int rc = api_open(path);
	if (rc < 0 && db_failure())
		dbmsg_fail("scalelab", rc);
	return rc < 0 ? -1 : 0;
}

static void progress(int pct)
{
	if (isatty(2))
		fprintf(stderr, "\rbackup: %3d%%", pct);
}

int cmd_backup(int argc, char **argv)
{
	static const char *const opts[] = {"--db", NULL};
	const char *target = argc >= 2 && argv[argc - 1][0] != '-' ? argv[argc - 1] : NULL;
	if (!target || args_check(argc - 1, argv, 1, opts, NULL) < 0) {
		fprintf(stderr, "usage: scalelab backup --db FILE TARGET\n");
		return 2;
	}
	if (open_db(args_get(argc, argv, "--db")) < 0)
		return 1;
	if (access(target, F_OK) == 0) {
		fprintf(stderr, "scalelab backup: %s exists; choose a new file\n", target);
		return 1;
	}
	if (dump_backup(target, progress) < 0) {
		fprintf(stderr, "\nscalelab backup: failed to write %s\n", target);
		return 1;
	}
	fprintf(stderr, "%sbackup written to %s\n", isatty(2) ? "\n" : "", target);
	return 0;
}

/* scalelab restore --db FILE BACKUP: checks the backup, refuses while a
 * server uses FILE, keeps the old FILE beside it, puts the backup in place
 * and brings its schema up to this program's (an older backup is upgraded
 * like any database). Audited in the restored database. */
int cmd_restore(int argc, char **argv)
{
	static const char *const opts[] = {"--db", NULL};
	const char *backup = argc >= 2 && argv[argc - 1][0] != '-' ? argv[argc - 1] : NULL;
	const char *db = args_get(argc, argv, "--db");
	if (!backup || !db || args_check(argc - 1, argv, 1, opts, NULL) < 0) {
		fprintf(stderr, "usage: scalelab restore --db FILE BACKUP\n");
		return 2;
	}
	if (access(backup, R_OK) != 0) {
		fprintf(stderr, "scalelab restore: cannot read %s\n", backup);
		return 1;
	}
	struct restore_check c;
	fprintf(stderr, "restore: checking %s\n", backup);
	if (restore_check(backup, api_migrations(), &c) < 0) {
		fprintf(stderr, "scalelab restore: %s: %s; nothing changed\n", backup, c.problem);
		return 1;
	}
	char kept[4200];
	int rc = restore_replace(backup, db, kept, sizeof kept);
	if (rc == -ERR_BUSY) {
		fprintf(
		    stderr,
		    "scalelab restore: %s is in use (a running server?); stop it first. Nothing changed\n",
		    db);
		return 1;
	}
	if (rc < 0) {
		fprintf(stderr, "scalelab restore: could not write %s; nothing changed\n", db);
		return 1;
	}
	if (api_open(db) < 0) {
		fprintf(stderr, "scalelab restore: %s was restored but cannot be opened\n", db);
		return 1;
	}
	if (db_begin() == 0) {
		cli_audit(0, "db.restore", "schema", c.schema_version);
		dbmsg_commit("scalelab restore");
	}
	fprintf(stderr, "restore: %s now holds the backup (schema step %d, brought up to %d)%s%s\n", db,
		c.schema_version, db_schema_version(), kept[0] ? "; the previous database is kept as " : "",
		kept);
	return 0;
}

int cmd_export(int argc, char **argv)
{
	static const char *const opts[] = {"--db", "--out", NULL};
	if (args_check(argc, argv, 1, opts, NULL) < 0)
		return 2;
	if (open_db(args_get(argc, argv, "--db")) < 0)
		return 1;
	const char *out = args_get(argc, argv, "--out");
	json_t *doc = dump_export();
	int rc = out ? json_dump_file(doc, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER)
		     : json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	if (!out)
		putchar('\n');
	json_decref(doc);
	if (rc) {
		fprintf(stderr, "scalelab export: cannot write %s\n", out ? out : "stdout");
		return 1;
	}
	return 0;
}

int cmd_import(int argc, char **argv)
{
	static const char *const opts[] = {"--db", "--in", NULL};
	if (argc >= 2 && !strcmp(argv[1], "kpi"))
		return cmd_import_kpi(argc - 1, argv + 1);
	if (args_check(argc, argv, 1, opts, NULL) < 0)
		return 2;
	const char *db = args_get(argc, argv, "--db");
	const char *in = args_get(argc, argv, "--in");
	if (!db) {
		fprintf(stderr, "scalelab import: --db FILE is required\n");
		return 2;
	}
	json_error_t e;
	json_t *doc = in ? json_load_file(in, JSON_REJECT_DUPLICATES, &e)
			 : json_loadf(stdin, JSON_REJECT_DUPLICATES, &e);
	if (!doc) {
		fprintf(stderr, "%s:%d: %s\n", in ? in : "stdin", e.line, e.text);
		return 2;
	}
	int rc = api_open(db);
	if (rc < 0) {
		json_decref(doc);
		return db_failure() ? dbmsg_fail("scalelab import", rc) : 1;
	}
	rc = db_begin();
	if (rc < 0) {
		json_decref(doc);
		return dbmsg_fail("scalelab import", rc);
	}
	char err[300];
	rc = dump_import(doc, err, sizeof err);
	json_decref(doc);
	if (db_failure())
		return dbmsg_fail("scalelab import", rc);
	if (rc < 0) {
		db_rollback();
		fprintf(stderr, "%s: %s\n", in ? in : "stdin", err);
		return rc == -ERR_CONFLICT ? 1 : 2;
	}
	cli_audit(0, "import", "database", 0);
	if (dbmsg_commit("scalelab import"))
		return 1;
	printf("import complete\n");
	return 0;
}
