/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * doctor_cmd: `scalelab doctor` checks a deployment and says what to fix:
 * the database (opens, intact, write-ahead log, schema up to date), its
 * file permissions, free disk space, the public URL and proxy settings the
 * cookies depend on, the time zone data, the security contact, the clock.
 * Each check prints one line: ok, warn or FAIL, what was found, and what to
 * do. Exit status 1 when a check fails, else 0 (warnings included).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "api/module.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "store/restore.h"

struct tally {
	int warn, fail;
};

static void say(struct tally *t, int level, const char *what, const char *fix)
{
	static const char *const word[] = {"ok  ", "warn", "FAIL"};
	printf("%s  %s%s%s\n", word[level], what, fix && *fix ? " -- " : "", fix && *fix ? fix : "");
	t->warn += level == 1;
	t->fail += level == 2;
}

static int latest_step(void)
{
	int v = 0;
	const struct migration *const *sets = api_migrations();
	for (int s = 0; sets[s]; s++)
		for (const struct migration *m = sets[s]; m->sql; m++)
			if (m->version > v)
				v = m->version;
	return v;
}

static void check_database(struct tally *t, const char *path)
{
	char what[512];
	if (access(path, F_OK) != 0) {
		snprintf(what, sizeof what, "database %s does not exist", path);
		say(t, 2, what, "create it with 'scalelab init --db FILE', or give the right --db");
		return;
	}
	struct db_health h;
	db_health_read(path, &h);
	if (!h.opened) {
		snprintf(what, sizeof what, "database %s cannot be opened: %s", path, h.open_error);
		say(t, 2, what, "check the file and its permissions");
		return;
	}
	if (h.intact)
		say(t, 0, "database is intact (quick_check)", NULL);
	else
		say(t, 2, "database is damaged (quick_check fails)",
		    "stop the server and 'scalelab restore --db FILE BACKUP' from the latest backup");
	snprintf(what, sizeof what, "journal mode is %s", h.journal);
	say(t, strcmp(h.journal, "wal") ? 1 : 0, what,
	    strcmp(h.journal, "wal") ? "run 'scalelab init --db FILE' once" : NULL);
	int have = h.schema_version, want = latest_step();
	snprintf(what, sizeof what, "schema at step %d of %d", have, want);
	say(t,
	    have == want  ? 0
	    : have > want ? 2
			  : 1,
	    what,
	    have == want  ? NULL
	    : have > want ? "a newer Scalelab made this database: run that version"
			  : "the next 'scalelab serve' or 'scalelab init' upgrades it (make a backup first)");
}

static void check_permissions(struct tally *t, const char *path)
{
	char what[512], dir[4096];
	struct stat st;
	if (stat(path, &st) != 0)
		return;
	if (st.st_mode & 0007) {
		snprintf(what, sizeof what,
			 "%s can be read or written by every user on this machine (mode %o)", path,
			 (unsigned)(st.st_mode & 0777));
		say(t, 1, what, "chmod 600 it (and its -wal and -shm files); it holds personal data");
	} else {
		snprintf(what, sizeof what, "%s is not open to other users (mode %o)", path,
			 (unsigned)(st.st_mode & 0777));
		say(t, 0, what, NULL);
	}
	if (st.st_uid != geteuid())
		say(t, 1, "the database belongs to another user than the one running this check",
		    "run the server as the file's owner");
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = 0;
	else
		snprintf(dir, sizeof dir, ".");
	if (access(dir, W_OK) != 0)
		say(t, 2, "the database's directory is not writable (SQLite writes its -wal and -shm there)",
		    "give the server's user write access to the directory");
	struct statvfs fs;
	if (statvfs(dir, &fs) == 0) {
		double free_b = (double)fs.f_bavail * fs.f_frsize, total = (double)fs.f_blocks * fs.f_frsize;
		snprintf(what, sizeof what, "free disk space %.1f GiB of %.1f GiB", free_b / (1 << 30),
			 total / (1 << 30));
		int level = free_b < 100.0 * (1 << 20)				 ? 2
			    : (free_b < 1.0 * (1 << 30) || free_b < total * 0.1) ? 1
										 : 0;
		say(t, level, what,
		    level ? "free space or move the database: when the disk is full writes answer 507"
			  : NULL);
	}
}

static void check_url(struct tally *t, const char *url, int proxies)
{
	char what[512];
	if (!url) {
		say(t, 1, "no --public-url given",
		    "give the address people use (https://...): links in e-mails and the OpenAPI servers use "
		    "it");
		return;
	}
	int https = !strncmp(url, "https://", 8);
	int local = strstr(url, "://127.0.0.1") || strstr(url, "://localhost") || strstr(url, "://[::1]");
	snprintf(what, sizeof what, "public URL %s", url);
	if (https)
		say(t, 0, what, NULL);
	else
		say(t, local ? 1 : 2, what,
		    "serve people over https (a TLS-terminating proxy): the session cookie is Secure and "
		    "__Host-");
	if (https && !proxies)
		say(t, 1, "https but no --trusted-proxy",
		    "behind a TLS proxy, name it with --trusted-proxy CIDR so rate limits and the audit log "
		    "see the "
		    "real client address");
	else if (proxies)
		say(t, 0, "trusted proxies are named", NULL);
}

static void check_time(struct tally *t)
{
	const char *tz = getenv("SCALELAB_TIMEZONE");
	char path[512], what[600];
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz && *tz ? tz : "Europe/Amsterdam");
	snprintf(what, sizeof what, "time zone data %s", path);
	if (access(path, R_OK) == 0)
		say(t, 0, what, NULL);
	else
		say(t, 1, what, "install Debian's tzdata, or set SCALELAB_TIMEZONE to a zone that exists");
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	if (tm.tm_year + 1900 < 2025)
		say(t, 2, "the clock says a year before 2025",
		    "set the clock (NTP): tokens, sessions and codes depend on it");
	else
		say(t, 0, "the clock looks right", NULL);
}

int cmd_doctor(int argc, char **argv)
{
	static const char *const opts[] = {"--db", "--public-url", "--trusted-proxy", "--security-contact",
					   NULL};
	if (args_check(argc, argv, 1, opts, NULL) < 0)
		return 2;
	const char *db = args_get(argc, argv, "--db");
	if (!db)
		db = "scalelab.db";
	struct tally t = {0, 0};
	check_database(&t, db);
	check_permissions(&t, db);
	check_url(&t, args_get(argc, argv, "--public-url"), args_get(argc, argv, "--trusted-proxy") != NULL);
	if (args_get(argc, argv, "--security-contact"))
		say(&t, 0, "a security contact is set", NULL);
	else
		say(&t, 1, "no --security-contact",
		    "name where security reports go (mailto: or https:); /.well-known/security.txt shows it");
	check_time(&t);
	printf("%d failed, %d warnings\n", t.fail, t.warn);
	return t.fail ? 1 : 0;
}
