/* SPDX-License-Identifier: EUPL-1.2 */
/* serve: reads the options and runs the HTTP server. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
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

int cmd_serve(int argc, char **argv)
{
	static const char *const opts[] = {"--db",
					   "--listen",
					   "--threads",
					   "--public-url",
					   "--methods",
					   "--trusted-proxy",
					   "--proxy-header",
					   "--max-connections-per-address",
					   "--security-contact",
					   "--events-dir",
					   "--ingest-workers",
					   NULL};
	if (args_check(argc, argv, 1, opts, NULL) < 0)
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
