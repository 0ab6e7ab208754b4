/* SPDX-License-Identifier: EUPL-1.2 */
/* server: the HTTP server (libmicrohttpd, thread pool + epoll). */
#ifndef SL_SERVER_H
#define SL_SERVER_H

#include <stdint.h>

struct server_config {
	const char *db_path;
	const char *host;	 /* listen address, 127.0.0.1 by default */
	int port;		 /* 8080 by default */
	int threads;		 /* worker threads */
	int64_t idle_s;		 /* session idle timeout */
	int64_t absolute_s;	 /* session absolute timeout */
	const char *public_url;	 /* base URL shown in OpenAPI servers */
	const char *methods_dir; /* extra method files, or NULL */
	/* Proxies whose forwarding header names the client (CIDR texts, checked
	 * at start-up); none: the socket's peer is the client. */
	const char *const *trusted_proxies;
	int ntrusted_proxies;
	int proxy_forwarded;	      /* 1: they write RFC 7239 Forwarded, 0: X-Forwarded-For */
	int per_address_connections;  /* open connections per peer address; 0: no cap */
	const char *security_contact; /* Contact of /.well-known/security.txt (a URI) */
	const char *events_dir;	      /* the event store's directory (--events-dir) */
	int ingest_workers;	      /* threads that append ingested events */
};

/* Runs until SIGTERM or SIGINT; returns the exit status. */
int server_run(const struct server_config *cfg);

#endif
