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
	static const char *const opts[] = {"--db",	   "--listen",	"--threads",
					   "--public-url", "--methods", NULL};
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
	cfg.idle_s = env_int("SCALELAB_SESSION_IDLE", 2 * 3600);
	cfg.absolute_s = env_int("SCALELAB_SESSION_MAX", 12 * 3600);
	return server_run(&cfg);
}
