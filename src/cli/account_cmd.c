/* SPDX-License-Identifier: EUPL-1.2 */
/* account_cmd: `scalelab init`, `org add` and `user add|passwd|token`. */
#include <errno.h>
#include <pwd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/dbmsg.h"
#include "cli/demo.h"
#include "cli/demo_events.h"
#include "cli/demo_funnel.h"
#include "domain/organisation.h"
#include "domain/password.h"
#include "domain/role.h"
#include "domain/token.h"
#include "lib/i18n.h"
#include "lib/problem.h"
#include "lib/secret.h"
#include "lib/wordlist.h"
#include "lib/util.h"
#include "api/auth.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/org.h"

static int open_db(const char *path)
{
	if (!path) {
		fprintf(stderr, "scalelab: --db FILE is required\n");
		return -1;
	}
	if (secret_init() < 0) {
		fprintf(stderr, "scalelab: cannot initialise libsodium\n");
		return -1;
	}
	int rc = api_open(path);
	if (rc < 0 && db_failure()) {
		dbmsg_fail("scalelab", rc);
		return -1;
	}
	if (rc < 0) {
		fprintf(stderr, "scalelab: cannot open or migrate %s\n", path);
		return -1;
	}
	return 0;
}

int cmd_init(int argc, char **argv)
{
	static const char *const opts[] = {"--db", NULL};
	static const char *const flags[] = {"--demo", NULL};
	if (args_check(argc, argv, 1, opts, flags) < 0)
		return 2;
	const char *path = args_get(argc, argv, "--db");
	if (open_db(path) < 0)
		return path ? 1 : 2;
	printf("database %s at schema version %d\n", path, db_schema_version());
	if (args_flag(argc, argv, "--demo"))
		return demo_load() < 0 || demo_events_load(path) < 0 || demo_funnel_load() < 0 ? 1 : 0;
	return 0;
}

int cmd_org(int argc, char **argv)
{
	static const char *const opts[] = {"--db", "--slug", "--name", "--kind", NULL};
	if (argc < 2 || strcmp(argv[1], "add") || args_check(argc, argv, 2, opts, NULL) < 0) {
		fprintf(stderr, "usage: scalelab org add --db FILE --slug SLUG --name NAME [--kind KIND]\n");
		return 2;
	}
	const char *slug = args_get(argc, argv, "--slug"), *name = args_get(argc, argv, "--name");
	const char *kind_word = args_get(argc, argv, "--kind");
	enum organisation_kind kind =
	    kind_word ? organisation_kind_parse(kind_word) : ORGANISATION_KIND_OVERHEID;
	if (!slug || !name || strspn(slug, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(slug) ||
	    !kind) {
		fprintf(stderr, "scalelab org add: --slug (a-z, 0-9, -) and --name are required; "
				"--kind is overheid, markt, wetenschap or samenleving\n");
		return 2;
	}
	if (open_db(args_get(argc, argv, "--db")) < 0)
		return 1;
	int rc = db_begin();
	if (rc < 0)
		return dbmsg_fail("scalelab org add", rc);
	int64_t id = org_create(slug, name, kind);
	if (id < 0 && db_failure())
		return dbmsg_fail("scalelab org add", (int)id);
	if (id < 0) {
		db_rollback();
		fprintf(stderr, "scalelab org add: an organisation '%s' already exists\n", slug);
		return 1;
	}
	cli_audit(id, "org.add", "organisation", id);
	if (dbmsg_commit("scalelab org add"))
		return 1;
	printf("organisation %s created\n", slug);
	return 0;
}

/* An audit row for a CLI action (declared in cli.h), written inside the
 * caller's transaction so it commits or rolls back with the change. The
 * actor is "cli:" and the OS user running the command (best effort; "cli"
 * alone if unknown). */
void cli_audit(int64_t org_id, const char *action, const char *kind, int64_t id)
{
	char actor[80], obj[96];
	const struct passwd *pw = getpwuid(geteuid());
	if (pw && pw->pw_name)
		snprintf(actor, sizeof actor, "cli:%s", pw->pw_name);
	else
		snprintf(actor, sizeof actor, "cli");
	snprintf(obj, sizeof obj, "%s/%lld", kind, (long long)id);
	audit_log(org_id, 0, actor, action, obj, "ok", "cli");
}

/* Reads a new password for the person with this e-mail and name from
 * standard input and judges it (domain/password.h); prints why not. */
static int read_password(char *pw, int n, const char *email, const char *name)
{
	if (args_read_secret(pw, n) < 0) {
		fprintf(stderr, "scalelab user: give the password on standard input (at most %d bytes)\n",
			PASSWORD_MAX_BYTES);
		return -1;
	}
	const char *why = password_judge(pw, email, name, wordlist_common_passwords());
	if (!why)
		return 0;
	json_t *p = json_pack("{s:s,s:s,s:{s:i,s:i}}", "name", "password", "reason", why, "params", "min",
			      PASSWORD_MIN_CHARS, "max", PASSWORD_MAX_BYTES);
	struct buf b = BUF_INIT;
	problem_text(p, i18n_init() == 0 ? i18n_t("en", why) : why, "en", &b);
	fprintf(stderr, "scalelab user: %s\n", buf_str(&b));
	buf_free(&b);
	json_decref(p);
	return -1;
}

static int user_add(int argc, char **argv)
{
	static const char *const opts[] = {"--db", "--email", "--name", "--org", "--role", NULL};
	static const char *const flags[] = {"--admin", NULL};
	if (args_check(argc, argv, 2, opts, flags) < 0)
		return 2;
	const char *email = args_get(argc, argv, "--email"), *name = args_get(argc, argv, "--name");
	const char *slug = args_get(argc, argv, "--org"), *rname = args_get(argc, argv, "--role");
	if (!email || !name || !strchr(email, '@')) {
		fprintf(stderr, "scalelab user add: --email (an e-mail address) and --name are required\n");
		return 2;
	}
	enum role role = rname ? role_parse(rname) : ROLE_LEZER;
	if ((slug && role == ROLE_NONE) || (rname && !slug)) {
		fprintf(
		    stderr,
		    "scalelab user add: --role needs --org and is beheerder, bewerker, deelnemer or lezer\n");
		return 2;
	}
	if (open_db(args_get(argc, argv, "--db")) < 0)
		return 1;
	/* The password first: nobody holds the write lock while typing. */
	char pw[PASSWORD_MAX_BYTES + 2];
	if (read_password(pw, sizeof pw, email, name) < 0)
		return 2;
	int rc = db_begin();
	if (rc < 0) {
		sodium_memzero(pw, sizeof pw);
		return dbmsg_fail("scalelab user add", rc);
	}
	int64_t org = 0;
	if (slug && (org = org_id_by_slug(slug)) < 0) {
		sodium_memzero(pw, sizeof pw);
		if (db_failure())
			return dbmsg_fail("scalelab user add", (int)org);
		db_rollback();
		fprintf(stderr, "scalelab user add: no organisation '%s'\n", slug);
		return 1;
	}
	int64_t id = account_user_add(email, name, pw, args_flag(argc, argv, "--admin"));
	sodium_memzero(pw, sizeof pw);
	if (id < 0 && db_failure())
		return dbmsg_fail("scalelab user add", (int)id);
	if (id == -ERR_CONFLICT) {
		db_rollback();
		fprintf(stderr, "scalelab user add: a user with e-mail %s already exists\n", email);
		return 1;
	}
	if (id < 0) {
		db_rollback();
		return 1;
	}
	cli_audit(0, "user.add", "user", id);
	if (args_flag(argc, argv, "--admin"))
		cli_audit(0, "user.admin_grant", "user", id);
	if (org > 0) {
		org_member_set(org, id, role);
		cli_audit(org, "member.add", "user", id);
	}
	if (dbmsg_commit("scalelab user add"))
		return 1;
	printf("user %s created%s%s%s%s\n", email, org ? " in " : "", org ? slug : "", org ? " as " : "",
	       org ? role_name(role) : "");
	return 0;
}

static int user_passwd(int argc, char **argv)
{
	static const char *const opts[] = {"--db", "--email", NULL};
	if (args_check(argc, argv, 2, opts, NULL) < 0)
		return 2;
	const char *email = args_get(argc, argv, "--email");
	if (!email || open_db(args_get(argc, argv, "--db")) < 0)
		return 2;
	struct user u;
	if (account_user_by_email(email, &u) < 0) {
		if (db_failure())
			return dbmsg_fail("scalelab user passwd", db_failure());
		fprintf(stderr, "scalelab user passwd: no user %s\n", email);
		return 1;
	}
	char pw[PASSWORD_MAX_BYTES + 2];
	if (read_password(pw, sizeof pw, email, u.name) < 0)
		return 2;
	int rc = db_begin();
	if (rc < 0) {
		sodium_memzero(pw, sizeof pw);
		return dbmsg_fail("scalelab user passwd", rc);
	}
	rc = account_user_set_password(u.id, pw);
	sodium_memzero(pw, sizeof pw);
	if (rc < 0 && db_failure())
		return dbmsg_fail("scalelab user passwd", rc);
	if (rc < 0) {
		db_rollback();
		return 1;
	}
	cli_audit(0, "user.passwd", "user", u.id);
	if (dbmsg_commit("scalelab user passwd"))
		return 1;
	printf("password of %s changed; their sessions ended and tokens revoked\n", email);
	return 0;
}

static int user_token(int argc, char **argv)
{
	static const char *const opts[] = {"--db", "--email", "--name", "--days", "--scope", "--org", NULL};
	if (args_check(argc, argv, 2, opts, NULL) < 0)
		return 2;
	const char *email = args_get(argc, argv, "--email");
	const char *name = args_get(argc, argv, "--name");
	const char *days_arg = args_get(argc, argv, "--days");
	int64_t days = TOKEN_DAYS_DEFAULT;
	if (days_arg) {
		char *end;
		errno = 0;
		long long d = strtoll(days_arg, &end, 10);
		if (errno || end == days_arg || *end || !token_days_ok(d)) {
			fprintf(stderr, "scalelab user token: --days must be a whole number from 1 to %d\n",
				TOKEN_DAYS_MAX);
			return 2;
		}
		days = d;
	}
	const char *scope_arg = args_get(argc, argv, "--scope");
	enum token_scope scope = scope_arg ? token_scope_parse(scope_arg) : TOKEN_SCOPE_SCHRIJVEN;
	if (!scope) {
		fprintf(stderr, "scalelab user token: --scope is lezen or schrijven (the default)\n");
		return 2;
	}
	const char *slug = args_get(argc, argv, "--org");
	if (!email || open_db(args_get(argc, argv, "--db")) < 0)
		return 2;
	int rc = db_begin();
	if (rc < 0)
		return dbmsg_fail("scalelab user token", rc);
	struct user u;
	if (account_user_by_email(email, &u) < 0) {
		if (db_failure())
			return dbmsg_fail("scalelab user token", db_failure());
		db_rollback();
		fprintf(stderr, "scalelab user token: no user %s\n", email);
		return 1;
	}
	int64_t org = slug ? org_id_by_slug(slug) : 0;
	if (slug && (org <= 0 || (!u.is_admin && org_role(org, u.id) == ROLE_NONE))) {
		db_rollback();
		fprintf(stderr, "scalelab user token: %s is not an organisation of %s\n", slug, email);
		return 1;
	}
	char tok[64];
	account_token_create(u.id, name ? name : "cli", days, scope, org, tok);
	cli_audit(0, "token.create", "user", u.id);
	if (dbmsg_commit("scalelab user token"))
		return 1;
	printf("%s\n", tok);
	return 0;
}

int cmd_user(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return user_add(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "passwd"))
		return user_passwd(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "token"))
		return user_token(argc, argv);
	fprintf(stderr,
		"usage: scalelab user add|passwd|token --db FILE --email E ...; see 'scalelab --help'\n");
	return 2;
}
