/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * privacy_cmd: `scalelab person export|erase --db FILE --email E`, the
 * privacy duties for an administrator of the instance (docs/privacy.md).
 * export prints the person's data as JSON on standard output; erase removes
 * the account and personal data and pseudonymises the audit log, in one
 * transaction with its audit rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pwd.h>
#include <sys/stat.h>

#include "api/auth.h"
#include "api/privacy.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/dbmsg.h"
#include "domain/user.h"
#include "lib/secret.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/event_store.h"
#include "lib/buf.h"

static int usage(void)
{
	fprintf(stderr, "usage: scalelab person export|erase --db FILE --email E [--events-dir DIR]\n");
	return 2;
}

static int open_db(const char *path)
{
	if (secret_init() < 0 || api_open(path) < 0) {
		if (db_failure())
			return dbmsg_fail("scalelab person", db_failure());
		fprintf(stderr, "scalelab person: cannot open or migrate %s\n", path);
		return 1;
	}
	return 0;
}

/* The actor of the CLI's audit rows: "cli:" and the OS user. */
static void cli_actor(char *out, size_t n)
{
	const struct passwd *pw = getpwuid(geteuid());
	snprintf(out, n, "cli:%s", pw && pw->pw_name ? pw->pw_name : "");
}

static int person_export(const char *email)
{
	/* a write transaction: reading someone's data is itself audited */
	int rc = db_begin();
	if (rc < 0)
		return dbmsg_fail("scalelab person export", rc);
	struct user u;
	if (account_user_by_email(email, &u) < 0) {
		db_rollback();
		fprintf(stderr, "scalelab person export: no user %s\n", email);
		return 1;
	}
	json_t *doc = api_privacy_export(u.id, u.email, u.name);
	if (!doc) {
		db_rollback();
		fprintf(stderr, "scalelab person export: the database could not be read\n");
		return 1;
	}
	char actor[80], obj[48];
	cli_actor(actor, sizeof actor);
	snprintf(obj, sizeof obj, "user/%lld", (long long)u.id);
	audit_log(0, 0, actor, "person.export", obj, "ok", "cli");
	if (dbmsg_commit("scalelab person export")) {
		json_decref(doc);
		return 1;
	}
	char *s = json_dumps(doc, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(doc);
	rc = puts(s) < 0 ? 1 : 0;
	free(s);
	return rc;
}

/* The event store next to the database (or in dir_opt), to erase the
 * person's product events: *s NULL when there is none. 0, or 1 (said
 * why) when it exists but cannot be opened, e.g. a server holds it. */
static int open_events(const char *db, const char *dir_opt, struct event_store **s)
{
	*s = NULL;
	struct buf dir = BUF_INIT;
	if (dir_opt)
		buf_puts(&dir, dir_opt);
	else
		buf_printf(&dir, "%s.events", db);
	struct stat st;
	int rc = 0;
	if (stat(buf_str(&dir), &st) == 0) {
		int err = 0;
		if (!(*s = event_store_open_embedded(buf_str(&dir), &err))) {
			fprintf(
			    stderr,
			    "scalelab person erase: cannot open the event store %s (%d), so the person's "
			    "product events cannot be erased with the account; nothing was erased. While a "
			    "server runs, erase through it (POST /api/v1/beheer/personen/verwijderen), or "
			    "stop it first\n",
			    buf_str(&dir), err);
			rc = 1;
		}
	}
	buf_free(&dir);
	return rc;
}

static int person_erase_in(struct event_store *es, const char *email);

static int person_erase(const char *path, const char *events_dir, const char *email)
{
	struct event_store *es = NULL;
	if (open_events(path, events_dir, &es))
		return 1;
	int rc = person_erase_in(es, email);
	if (es)
		es->ops->close(es);
	return rc;
}

static int person_erase_in(struct event_store *es, const char *email)
{
	int rc = db_begin();
	if (rc < 0)
		return dbmsg_fail("scalelab person erase", rc);
	struct user u;
	if (account_user_by_email(email, &u) < 0) {
		db_rollback();
		fprintf(stderr, "scalelab person erase: no user %s\n", email);
		return 1;
	}
	char slug[128];
	if (api_privacy_last_beheerder(u.id, slug, sizeof slug)) {
		db_rollback();
		fprintf(stderr,
			"scalelab person erase: %s is the only beheerder of %s, which has other members; "
			"make another member beheerder first\n",
			email, slug);
		return 1;
	}
	int64_t events = 0;
	if (es && (rc = api_privacy_erase_events(es, u.email, &events)) < 0) {
		db_rollback();
		fprintf(stderr,
			"scalelab person erase: erasing the product events failed (%d); nothing else was "
			"erased\n",
			rc);
		return 1;
	}
	char pseudo[32];
	int64_t deleted = 0;
	int64_t k = api_privacy_erase(u.id, u.email, u.name, pseudo, &deleted);
	if (k < 0) {
		if (db_failure())
			return dbmsg_fail("scalelab person erase", (int)k);
		db_rollback();
		fprintf(stderr, "scalelab person erase: could not erase %s\n", email);
		return 1;
	}
	char actor[80], obj[64];
	cli_actor(actor, sizeof actor);
	snprintf(obj, sizeof obj, "person/%s", pseudo);
	audit_log(0, 0, actor, "person.erase", obj, "ok", "cli");
	audit_log(0, 0, actor, "auditlog.pseudonymise", obj, "ok", "cli");
	if (dbmsg_commit("scalelab person erase"))
		return 1;
	printf("%s erased: %lld rows deleted, %lld rows rewritten, %lld product events erased; the audit log "
	       "names %s\n",
	       email, (long long)deleted, (long long)k, (long long)events, pseudo);
	return 0;
}

int cmd_person(int argc, char **argv)
{
	static const char *const opts[] = {"--db", "--email", "--events-dir", NULL};
	if (argc < 2 || (strcmp(argv[1], "export") && strcmp(argv[1], "erase")) ||
	    args_check(argc, argv, 2, opts, NULL) < 0)
		return usage();
	const char *path = args_get(argc, argv, "--db"), *email = args_get(argc, argv, "--email");
	if (!path || !email)
		return usage();
	int rc = open_db(path);
	if (rc)
		return rc;
	return !strcmp(argv[1], "export") ? person_export(email)
					  : person_erase(path, args_get(argc, argv, "--events-dir"), email);
}
