/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * doctor_cmd: `scalelab doctor` checks a deployment and says what to fix:
 * the database (opens, intact, write-ahead log, schema up to date), its
 * file permissions, free disk space (beside the database and in the event
 * store), the public URL and proxy settings the cookies depend on, the SMTP
 * relay (--smtp), the time zone data, the security contact, the clock.
 * Each check prints one line: ok, warn or FAIL, what was found, and what to
 * do. Exit status 1 when a check fails, else 0 (warnings included).
 */
#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
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

/* Free space on the file system that holds dir: under 100 MiB fails, under
 * 1 GiB or 10 % warns (SQLite and the event store answer 507 when full). */
static void check_disk(struct tally *t, const char *dir, const char *where)
{
	char what[600];
	struct statvfs fs;
	if (statvfs(dir, &fs) != 0)
		return;
	double free_b = (double)fs.f_bavail * fs.f_frsize, total = (double)fs.f_blocks * fs.f_frsize;
	snprintf(what, sizeof what, "free disk space %s %.1f GiB of %.1f GiB", where, free_b / (1 << 30),
		 total / (1 << 30));
	int level = free_b < 100.0 * (1 << 20)				 ? 2
		    : (free_b < 1.0 * (1 << 30) || free_b < total * 0.1) ? 1
									 : 0;
	say(t, level, what,
	    level ? "free space or move the data elsewhere: when the disk is full writes answer 507" : NULL);
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
	check_disk(t, dir, "beside the database");
}

/* The event store (serve --events-dir; by default FILE.events beside the
 * database): writable, and room on its disk, which may be another one. */
static void check_events(struct tally *t, const char *db, const char *dir_opt)
{
	char dir[4096], what[4200];
	snprintf(dir, sizeof dir, "%s%s", dir_opt ? dir_opt : db, dir_opt ? "" : ".events");
	struct stat st;
	if (stat(dir, &st) != 0) {
		/* serve creates it: its parent must take it */
		char parent[4096];
		snprintf(parent, sizeof parent, "%s", dir);
		char *slash = strrchr(parent, '/');
		if (slash && slash != parent)
			*slash = 0;
		else
			snprintf(parent, sizeof parent, "%s", slash ? "/" : ".");
		snprintf(what, sizeof what, "event store %s does not exist yet", dir);
		if (access(parent, W_OK) != 0) {
			say(t, 2, what,
			    "serve creates it: make its directory writable for the server's user");
			return;
		}
		say(t, 0, what, NULL);
		check_disk(t, parent, "for the event store");
		return;
	}
	if (!S_ISDIR(st.st_mode) || access(dir, W_OK | X_OK) != 0) {
		snprintf(what, sizeof what, "event store %s is not a writable directory", dir);
		say(t, 2, what, "give the server's user write access, or name another with --events-dir");
		return;
	}
	check_disk(t, dir, "in the event store");
}

/* The relay serve would send through (--smtp): it accepts a connection,
 * greets, answers EHLO and, for smtp://, offers STARTTLS (serve refuses to
 * send in plain text unless --smtp-insecure). smtp:// is spoken here on a
 * plain socket so the EHLO answer can be read; smtps:// is left to libcurl,
 * which connects, does the TLS handshake (certificate checked), reads the
 * greeting and sends EHLO. Nothing is sent; each step waits at most
 * SMTP_WAIT_MS. */
#define SMTP_WAIT_MS 3000

/* host and port of smtp://HOST[:PORT][/...] (HOST may be [v6]) */
static int smtp_hostport(const char *url, char *host, size_t hcap, char *port, size_t pcap)
{
	const char *h = url + 7, *end;
	if (*h == '[') {
		end = strchr(++h, ']');
		if (!end)
			return -1;
	} else {
		end = h + strcspn(h, ":/?#");
	}
	if (end == h || (size_t)(end - h) >= hcap)
		return -1;
	snprintf(host, hcap, "%.*s", (int)(end - h), h);
	const char *p = end + (*end == ']');
	if (*p == ':') {
		size_t n = strspn(p + 1, "0123456789");
		if (!n || n >= pcap)
			return -1;
		snprintf(port, pcap, "%.*s", (int)n, p + 1);
	} else {
		snprintf(port, pcap, "25");
	}
	return 0;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)((now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000);
}

/* A connected socket to host:port within SMTP_WAIT_MS, or -1 (err says why). */
static int smtp_connect(const char *host, const char *port, const char **err)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res, *ai;
	int rc = getaddrinfo(host, port, &hints, &res);
	if (rc) {
		*err = gai_strerror(rc);
		return -1;
	}
	int fd = -1;
	*err = "connection refused";
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		struct pollfd p = {.fd = fd, .events = POLLOUT};
		int soerr = 0;
		socklen_t sl = sizeof soerr;
		if (errno == EINPROGRESS && poll(&p, 1, SMTP_WAIT_MS) == 1 &&
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr == 0)
			break;
		*err =
		    errno == EINPROGRESS && !soerr ? "no answer (timeout)" : strerror(soerr ? soerr : errno);
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

/* Reads one SMTP reply (its last line is "DDD " or "DDD") into buf; returns
 * its code, or -1 on a timeout, a closed connection or garbage. */
static int smtp_reply(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		buf[len] = 0;
		char *line = buf;
		for (char *nl; (nl = strchr(line, '\n'));) {
			size_t ll = (size_t)(nl - line) - (nl > line && nl[-1] == '\r');
			if (ll < 3 || !isdigit((unsigned char)line[0]))
				return -1;
			if (ll == 3 || line[3] == ' ')
				return atoi(line);
			line = nl + 1;
		}
		if (len + 1 >= cap)
			return -1;
		long left = SMTP_WAIT_MS - ms_since(&t0);
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return -1;
		ssize_t got = recv(fd, buf + len, cap - 1 - len, 0);
		if (got <= 0)
			return -1;
		len += (size_t)got;
	}
}

static int has_starttls(const char *reply)
{
	for (const char *l = reply; *l;) {
		if (!strncasecmp(l + strnlen(l, 4), "STARTTLS", 8) && strnlen(l, 4) == 4 &&
		    strchr("\r\n ", l[12]))
			return 1;
		const char *nl = strchr(l, '\n');
		if (!nl)
			break;
		l = nl + 1;
	}
	return 0;
}

static void check_smtps(struct tally *t, const char *url)
{
	char what[600];
	CURL *h = curl_easy_init();
	if (!h) {
		say(t, 2, "cannot start the SMTP check (libcurl)", NULL);
		return;
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)SMTP_WAIT_MS);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 2L * SMTP_WAIT_MS);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	CURLcode rc = curl_easy_perform(h);
	if (rc == CURLE_OK) {
		snprintf(what, sizeof what, "SMTP relay %s answers EHLO over TLS", url);
		say(t, 0, what, NULL);
	} else {
		snprintf(what, sizeof what, "SMTP relay %s: %s", url, curl_easy_strerror(rc));
		say(t, 2, what, "check the host, the port, the firewall and the relay's certificate");
	}
	curl_easy_cleanup(h);
}

static void check_smtp(struct tally *t, const char *url, int insecure)
{
	char what[700], reply[4096], host[256], port[16];
	if (!url) {
		say(t, 0, "no --smtp: Scalelab sends no e-mail (SMTP check skipped)", NULL);
		return;
	}
	if (!strncmp(url, "smtps://", 8)) {
		check_smtps(t, url);
		return;
	}
	if (strncmp(url, "smtp://", 7) || smtp_hostport(url, host, sizeof host, port, sizeof port) < 0) {
		snprintf(what, sizeof what, "--smtp %s is not an smtp:// or smtps:// address", url);
		say(t, 2, what, "give smtp://HOST:PORT (STARTTLS) or smtps://HOST:PORT");
		return;
	}
	const char *err = NULL;
	int fd = smtp_connect(host, port, &err), code;
	static const char ehlo[] = "EHLO scalelab-doctor\r\n";
	if (fd < 0) {
		snprintf(what, sizeof what, "SMTP relay %s cannot be reached: %s", url, err);
		say(t, 2, what,
		    "check the host, the port and the firewall (e-mail would stay in the outbox)");
		return;
	}
	if ((code = smtp_reply(fd, reply, sizeof reply)) != 220) {
		snprintf(what, sizeof what, "SMTP relay %s does not greet within %d s (%s)", url,
			 SMTP_WAIT_MS / 1000, code < 0 ? "no answer" : "refused");
		say(t, 2, what, "check that this host and port is an SMTP relay that accepts this machine");
	} else if (send(fd, ehlo, sizeof ehlo - 1, MSG_NOSIGNAL) != (ssize_t)sizeof ehlo - 1 ||
		   (code = smtp_reply(fd, reply, sizeof reply)) != 250) {
		snprintf(what, sizeof what, "SMTP relay %s does not accept EHLO", url);
		say(t, 2, what, "check that the relay speaks ESMTP and accepts this machine");
	} else if (has_starttls(reply)) {
		snprintf(what, sizeof what, "SMTP relay %s answers and offers STARTTLS", url);
		say(t, 0, what, NULL);
	} else if (insecure) {
		snprintf(what, sizeof what, "SMTP relay %s offers no STARTTLS (--smtp-insecure)", url);
		say(t, 1, what, "send in plain text only to a relay on this machine or a closed network");
	} else {
		snprintf(what, sizeof what, "SMTP relay %s offers no STARTTLS", url);
		say(t, 2, what,
		    "enable STARTTLS on the relay or use smtps://; serve refuses to send mail in plain text");
	}
	if (code == 250)
		send(fd, "QUIT\r\n", 6, MSG_NOSIGNAL);
	close(fd);
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
	static const char *const opts[] = {
	    "--db", "--public-url", "--trusted-proxy", "--security-contact", "--events-dir", "--smtp", NULL};
	static const char *const flags[] = {"--smtp-insecure", NULL};
	if (args_check(argc, argv, 1, opts, flags) < 0)
		return 2;
	const char *db = args_get(argc, argv, "--db");
	if (!db)
		db = "scalelab.db";
	struct tally t = {0, 0};
	check_database(&t, db);
	check_permissions(&t, db);
	check_events(&t, db, args_get(argc, argv, "--events-dir"));
	check_url(&t, args_get(argc, argv, "--public-url"), args_get(argc, argv, "--trusted-proxy") != NULL);
	check_smtp(&t, args_get(argc, argv, "--smtp"), args_flag(argc, argv, "--smtp-insecure"));
	if (args_get(argc, argv, "--security-contact"))
		say(&t, 0, "a security contact is set", NULL);
	else
		say(&t, 1, "no --security-contact",
		    "name where security reports go (mailto: or https:); /.well-known/security.txt shows it");
	check_time(&t);
	printf("%d failed, %d warnings\n", t.fail, t.warn);
	return t.fail ? 1 : 0;
}
