/* SPDX-License-Identifier: EUPL-1.2 */
/* serve: reads the options and runs the HTTP server. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/mfa.h"
#include "api/notify.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "lib/util.h"
#include "http/server.h"

static int64_t env_int(const char *name, int64_t def)
{
	const char *s = getenv(name);
	if (!s || !*s)
		return def;
	char *end;
	long long v = strtoll(s, &end, 10);
	return (*end || v <= 0) ? def : v;
}

/* Reads "user" and "password" from a credentials file: two lines, or one
 * line "user:password". 0, or -1 with a message (never the secret). */
static int read_credentials(const char *path, char *user, size_t un, char *pw, size_t pn)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "scalelab serve: --smtp-credentials: cannot read %s\n", path);
		return -1;
	}
	char a[512] = "", b[512] = "";
	if (!fgets(a, sizeof a, f))
		a[0] = 0;
	if (!fgets(b, sizeof b, f))
		b[0] = 0;
	fclose(f);
	a[strcspn(a, "\r\n")] = 0;
	b[strcspn(b, "\r\n")] = 0;
	char *colon = strchr(a, ':');
	if (!b[0] && colon) {
		*colon = 0;
		snprintf(b, sizeof b, "%s", colon + 1);
	}
	if (!a[0] || !b[0]) {
		fprintf(stderr,
			"scalelab serve: --smtp-credentials %s: expected a user and a password "
			"(two lines, or user:password)\n",
			path);
		return -1;
	}
	snprintf(user, un, "%s", a);
	snprintf(pw, pn, "%s", b);
	return 0;
}

/* The e-mail options: --smtp URL, --smtp-credentials FILE (or the
 * environment SCALELAB_SMTP_USER / SCALELAB_SMTP_PASSWORD), --mail-from,
 * --smtp-insecure. Credentials are never taken from the command line,
 * where every user of the machine could read them. */
static int smtp_options(int argc, char **argv, const char *public_url)
{
	static char user[512], pw[512], from[256];
	struct notify_config nc = {0};
	nc.public_url = public_url;
	nc.smtp_url = args_get(argc, argv, "--smtp");
	nc.smtp_insecure = args_flag(argc, argv, "--smtp-insecure");
	if (nc.smtp_url && strncmp(nc.smtp_url, "smtp://", 7) && strncmp(nc.smtp_url, "smtps://", 8)) {
		fprintf(stderr, "scalelab serve: --smtp must be smtp://HOST:PORT or smtps://HOST:PORT\n");
		return -1;
	}
	if (nc.smtp_url && strchr(nc.smtp_url, '@')) {
		fprintf(stderr,
			"scalelab serve: --smtp must not hold credentials; use --smtp-credentials FILE "
			"or SCALELAB_SMTP_USER and SCALELAB_SMTP_PASSWORD\n");
		return -1;
	}
	const char *cred = args_get(argc, argv, "--smtp-credentials");
	if (cred) {
		if (read_credentials(cred, user, sizeof user, pw, sizeof pw) < 0)
			return -1;
	} else if (getenv("SCALELAB_SMTP_USER") && *getenv("SCALELAB_SMTP_USER")) {
		snprintf(user, sizeof user, "%s", getenv("SCALELAB_SMTP_USER"));
		const char *p = getenv("SCALELAB_SMTP_PASSWORD");
		snprintf(pw, sizeof pw, "%s", p ? p : "");
	}
	nc.smtp_user = user[0] ? user : NULL;
	nc.smtp_password = pw;
	const char *mf = args_get(argc, argv, "--mail-from");
	if (mf && (!strchr(mf, '@') || strpbrk(mf, " <>\r\n"))) {
		fprintf(stderr, "scalelab serve: --mail-from must be an address, e.g. lab@gemeente.nl\n");
		return -1;
	}
	if (!mf) {
		const char *h = strstr(public_url, "://");
		h = h ? h + 3 : public_url;
		snprintf(from, sizeof from, "scalelab@%.*s", (int)strcspn(h, ":/?#"), h);
		mf = from;
	}
	nc.mail_from = mf;
	/* tests only: fast retries and the crash between send and mark */
	const char *scale = getenv("SCALELAB_NOTIFY_BACKOFF_SCALE");
	nc.backoff_scale = scale ? atof(scale) : 1;
	nc.tick_ms = (int)env_int("SCALELAB_NOTIFY_TICK_MS", 2000);
	nc.crash_after_send = getenv("SCALELAB_NOTIFY_CRASH_AFTER_SEND") != NULL;
	notify_configure(&nc);
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	util_malloc_setup(); /* the server's RSS: freed query scratch goes back */
	static const char *const opts[] = {"--db",
					   "--listen",
					   "--threads",
					   "--public-url",
					   "--methods",
					   "--trusted-proxy",
					   "--proxy-header",
					   "--max-connections-per-address",
					   "--security-contact",
					   "--require-mfa",
					   "--smtp",
					   "--smtp-credentials",
					   "--mail-from",
					   "--events-dir",
					   "--ingest-workers",
					   NULL};
	static const char *const flags[] = {"--smtp-insecure", NULL};
	if (args_check(argc, argv, 1, opts, flags) < 0)
		return 2;
	struct server_config cfg = {0};
	static char host[64];
	cfg.db_path = args_get(argc, argv, "--db");
	if (!cfg.db_path)
		cfg.db_path = "scalelab.db";
	const char *listen = args_get(argc, argv, "--listen");
	if (!listen)
		listen = "127.0.0.1:8080";
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host || atoi(colon + 1) <= 0 ||
	    atoi(colon + 1) > 65535) {
		fprintf(stderr, "scalelab serve: --listen must be ADDRESS:PORT, e.g. 127.0.0.1:8080\n");
		return 2;
	}
	snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
	cfg.host = host;
	cfg.port = atoi(colon + 1);
	const char *th = args_get(argc, argv, "--threads");
	cfg.threads = th ? atoi(th) : 4;
	if (cfg.threads < 1 || cfg.threads > 64) {
		fprintf(stderr, "scalelab serve: --threads must be 1..64\n");
		return 2;
	}
	static char url[300];
	const char *pub = args_get(argc, argv, "--public-url");
	if (pub)
		snprintf(url, sizeof url, "%s", pub);
	else
		snprintf(url, sizeof url, "http://%s:%d", host, cfg.port);
	cfg.public_url = url;
	cfg.methods_dir = args_get(argc, argv, "--methods");
	const char *mfa = args_get(argc, argv, "--require-mfa");
	int policy = mfa ? mfa_policy_parse(mfa) : MFA_REQUIRE_BEHEERDER;
	if (policy < 0) {
		fprintf(stderr, "scalelab serve: --require-mfa is beheerder (the default), admin or none\n");
		return 2;
	}
	mfa_set_policy((enum mfa_policy)policy);
	/* --trusted-proxy may be given more than once; the server checks each */
	static const char *proxies[64];
	for (int i = 1; i + 1 < argc; i++) {
		if (strcmp(argv[i], "--trusted-proxy"))
			continue;
		if (cfg.ntrusted_proxies == (int)(sizeof proxies / sizeof proxies[0])) {
			fprintf(stderr, "scalelab serve: at most 64 --trusted-proxy networks\n");
			return 2;
		}
		proxies[cfg.ntrusted_proxies++] = argv[++i];
	}
	cfg.trusted_proxies = proxies;
	const char *ph = args_get(argc, argv, "--proxy-header");
	if (ph && strcmp(ph, "x-forwarded-for") && strcmp(ph, "forwarded")) {
		fprintf(stderr, "scalelab serve: --proxy-header must be x-forwarded-for or forwarded\n");
		return 2;
	}
	cfg.proxy_forwarded = ph && !strcmp(ph, "forwarded");
	/* Behind a proxy every connection comes from the proxy: no cap unless asked. */
	const char *cap = args_get(argc, argv, "--max-connections-per-address");
	cfg.per_address_connections = cap ? atoi(cap) : cfg.ntrusted_proxies ? 0 : 64;
	if (cap && (strspn(cap, "0123456789") != strlen(cap) || cfg.per_address_connections > 1000)) {
		fprintf(stderr,
			"scalelab serve: --max-connections-per-address must be 0..1000 (0: no cap)\n");
		return 2;
	}
	static char contact[400];
	const char *sc = args_get(argc, argv, "--security-contact");
	if (sc && strncmp(sc, "mailto:", 7) && strncmp(sc, "https://", 8) && strncmp(sc, "tel:", 4)) {
		fprintf(stderr,
			"scalelab serve: --security-contact must be a mailto:, https:// or tel: URI\n");
		return 2;
	}
	if (sc) {
		snprintf(contact, sizeof contact, "%s", sc);
	} else {
		/* security@ the public host: the address RFC 2142 reserves for it */
		const char *h = strstr(url, "://");
		h = h ? h + 3 : url;
		size_t n = strcspn(h, ":/?#");
		snprintf(contact, sizeof contact, "mailto:security@%.*s", (int)n, h);
	}
	cfg.security_contact = contact;
	if (smtp_options(argc, argv, url) < 0)
		return 2;
	/* the event store lives beside the database unless told otherwise */
	static char events_dir[1024];
	const char *ed = args_get(argc, argv, "--events-dir");
	snprintf(events_dir, sizeof events_dir, "%s%s", ed ? ed : cfg.db_path, ed ? "" : ".events");
	cfg.events_dir = events_dir;
	const char *iw = args_get(argc, argv, "--ingest-workers");
	cfg.ingest_workers = iw ? atoi(iw) : 8;
	if (cfg.ingest_workers < 1 || cfg.ingest_workers > 64) {
		fprintf(stderr, "scalelab serve: --ingest-workers must be 1..64\n");
		return 2;
	}
	cfg.idle_s = env_int("SCALELAB_SESSION_IDLE", 2 * 3600);
	cfg.absolute_s = env_int("SCALELAB_SESSION_MAX", 12 * 3600);
	return server_run(&cfg);
}
