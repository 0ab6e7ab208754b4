/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * static: the files served under /static/ (built into build/web/static and
 * compiled in, each with its gzip and brotli forms made at build time).
 * A file has a plain URL (/static/app.css, short cache) and a fingerprinted
 * one (/static/app.3f9a1c2b.css, cached for a year); pages ask for the
 * latter with the template verb {{asset app.css}}. Read-only; thread-safe.
 */
#ifndef SL_STATIC_H
#define SL_STATIC_H

#include <stddef.h>

/* What to answer for a static URL. Every pointer is owned by this module
 * and lives as long as the process; the caller frees nothing. */
struct static_reply {
	int status;		   /* 200, or 304 when If-None-Match matched */
	const unsigned char *data; /* the body; NULL for 304 */
	size_t len;
	const char *ctype;
	const char *encoding; /* Content-Encoding: "br", "gzip", or NULL for identity */
	const char *cache_control;
	const char *etag; /* strong validator of the chosen encoding, quoted */
	int vary;	  /* the file has encoded forms: send Vary: Accept-Encoding */
};

/* Fingerprinted URL of web/static/<name> (e.g. "app.css" ->
 * "/static/app.3f9a1c2b.css"), or NULL when there is no such file. */
const char *static_url(const char *name);

/* Returns 1 and fills *r when url names a static file (plain or with the
 * current fingerprint); 0 otherwise, also for a stale fingerprint. The two
 * header values may be NULL (absent). */
int static_serve(const char *url, const char *accept_encoding, const char *if_none_match,
		 struct static_reply *r);

/* Quality (0..1000) that an Accept-Encoding value gives to a content coding
 * ("gzip", "br", "identity"), following RFC 9110 12.5.3: an explicit entry,
 * else "*", else 0 (identity: acceptable unless excluded, weight 1). */
int static_coding_q(const char *accept_encoding, const char *coding);

/* Whether an If-None-Match value lists etag (weak comparison) or is "*". */
int static_etag_matches(const char *if_none_match, const char *etag);

#endif
