/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * static: serves the compiled-in files of web/static (the build puts them,
 * bundled, trimmed and precompressed, in build/web/static). The table of
 * files is made once from the asset table: content hash (BLAKE2b) for the
 * fingerprint and the ETags, and the .br/.gz siblings where they are
 * smaller. Never reads the disk and never copies a body.
 */
#include "static.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/assets.h"
#include "lib/util.h"

#define PREFIX "web/static/"
#define CACHE_IMMUTABLE "public, max-age=31536000, immutable"
#define CACHE_PLAIN "public, max-age=3600"

enum { V_IDENTITY, V_BR, V_GZIP, V_COUNT };

static const char *const coding_name[V_COUNT] = {"identity", "br", "gzip"};
static const char *const coding_suffix[V_COUNT] = {"", ".br", ".gz"};

struct variant {
	const struct asset *a; /* NULL when this encoding is not worth it */
	char etag[48];
};

struct file {
	const char *name; /* below web/static/, e.g. "vendor/theme.css" */
	char *url;	  /* "/static/vendor/theme.css" */
	char *fp_url;	  /* "/static/vendor/theme.3f9a1c2b.css" */
	const char *ctype;
	struct variant v[V_COUNT];
};

/* Paths outside /static/ that browsers and scanners ask for by convention. */
static const struct {
	const char *url;
	const char *name;
} aliases[] = {
    {"/favicon.ico", "favicon.svg"},
};

static struct file *files;
static size_t nfiles;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static const char *ctype_of(const char *name)
{
	static const struct {
		const char *ext, *ctype;
	} types[] = {
	    {".css", "text/css; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".txt", "text/plain; charset=utf-8"},
	    {".json", "application/json"},
	    {".png", "image/png"},
	    {".woff2", "font/woff2"},
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (ends_with(name, types[i].ext))
			return types[i].ctype;
	return "application/octet-stream";
}

/* "/static/" + name with ".<fp>" before the extension of its last segment. */
static char *fingerprinted(const char *name, const char *fp)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash + 1 : name, '.');
	size_t stem = dot && dot != (slash ? slash + 1 : name) ? (size_t)(dot - name) : strlen(name);
	size_t n = strlen("/static/") + strlen(name) + strlen(fp) + 2;
	char *u = xmalloc(n);
	snprintf(u, n, "/static/%.*s.%s%s", (int)stem, name, fp, name + stem);
	return u;
}

static void build_table(void)
{
	if (sodium_init() < 0)
		BUG("sodium_init failed");
	size_t plen = strlen(PREFIX);
	files = xcalloc(assets_count + 1, sizeof *files);
	for (size_t i = 0; i < assets_count; i++) {
		const struct asset *a = &assets_table[i];
		if (strncmp(a->name, PREFIX, plen) || ends_with(a->name, ".br") || ends_with(a->name, ".gz"))
			continue;
		struct file *f = &files[nfiles++];
		f->name = a->name + plen;
		f->ctype = ctype_of(f->name);
		unsigned char h[16];
		char hex[33];
		crypto_generichash(h, sizeof h, a->data, a->len, NULL, 0);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		size_t n = strlen("/static/") + strlen(f->name) + 1;
		f->url = xmalloc(n);
		snprintf(f->url, n, "/static/%s", f->name);
		hex[8] = 0; /* 32 bits name a version among a file's few: enough */
		f->fp_url = fingerprinted(f->name, hex);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		for (int v = 0; v < V_COUNT; v++) {
			char sib[256];
			snprintf(sib, sizeof sib, "%s%s", a->name, coding_suffix[v]);
			const struct asset *s = v == V_IDENTITY ? a : assets_find(sib);
			if (!s || (v != V_IDENTITY && s->len >= a->len))
				continue;
			f->v[v].a = s;
			snprintf(f->v[v].etag, sizeof f->v[v].etag, "\"%.20s%s%s\"", hex, v ? "-" : "",
				 v ? coding_name[v] : "");
		}
	}
}

static void init(void)
{
	pthread_once(&once, build_table);
}

const char *static_url(const char *name)
{
	init();
	for (size_t i = 0; i < nfiles; i++)
		if (!strcmp(files[i].name, name))
			return files[i].fp_url;
	return NULL;
}

/* Parses one q-value ("1", "0.5", "0.125"); anything else counts as 1. */
static int qvalue(const char *s, size_t n)
{
	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return 1000;
	int q = (s[0] - '0') * 1000, scale = 100;
	if (n > 1 && s[1] == '.')
		for (size_t i = 2; i < n && i < 5 && s[i] >= '0' && s[i] <= '9'; i++, scale /= 10)
			q += (s[i] - '0') * scale;
	return q > 1000 ? 1000 : q;
}

int static_coding_q(const char *accept, const char *coding)
{
	int is_identity = !strcasecmp(coding, "identity");
	if (!accept)
		return is_identity ? 1000 : 0;
	int exact = -1, star = -1;
	const char *p = accept;
	while (*p) {
		size_t len = strcspn(p, ",");
		const char *end = p + len;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		size_t nl = strcspn(p, ";, \t");
		if (nl > (size_t)(end - p))
			nl = (size_t)(end - p);
		int q = 1000;
		for (const char *s = p + nl; s < end; s++) {
			if (*s != ';')
				continue;
			s++;
			while (s < end && (*s == ' ' || *s == '\t'))
				s++;
			if (end - s >= 2 && (s[0] == 'q' || s[0] == 'Q') && s[1] == '=') {
				size_t vl = strcspn(s + 2, "; \t,");
				if (vl > (size_t)(end - s - 2))
					vl = (size_t)(end - s - 2);
				q = qvalue(s + 2, vl);
			}
		}
		if (nl == strlen(coding) && !strncasecmp(p, coding, nl))
			exact = q;
		else if (nl == 1 && *p == '*')
			star = q;
		else if (nl == 6 && !strncasecmp(p, "x-gzip", 6) && !strcasecmp(coding, "gzip"))
			exact = q;
		p = *end ? end + 1 : end;
	}
	if (exact >= 0)
		return exact;
	if (star >= 0)
		return star;
	return is_identity ? 1 : 0;
}

int static_etag_matches(const char *inm, const char *etag)
{
	if (!inm)
		return 0;
	size_t el = strlen(etag);
	const char *p = inm;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (!strncmp(p, "W/", 2))
			p += 2;
		if (*p != '"')
			return 0; /* not a list of entity tags: nothing matches */
		const char *close = strchr(p + 1, '"');
		if (!close)
			return 0;
		if ((size_t)(close + 1 - p) == el && !memcmp(p, etag, el))
			return 1;
		p = close + 1;
	}
	return 0;
}

static const struct file *by_url(const char *url, int *fingerprint)
{
	for (size_t i = 0; i < nfiles; i++) {
		if (!strcmp(files[i].url, url)) {
			*fingerprint = 0;
			return &files[i];
		}
		if (!strcmp(files[i].fp_url, url)) {
			*fingerprint = 1;
			return &files[i];
		}
	}
	*fingerprint = 0;
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (!strcmp(aliases[i].url, url))
			for (size_t j = 0; j < nfiles; j++)
				if (!strcmp(files[j].name, aliases[i].name))
					return &files[j];
	return NULL;
}

int static_serve(const char *url, const char *accept_encoding, const char *if_none_match,
		 struct static_reply *r)
{
	init();
	int fp;
	const struct file *f = by_url(url, &fp);
	if (!f)
		return 0;
	/* The best-liked encoding this file has; on a tie the smaller body. */
	int best = V_IDENTITY, best_q = static_coding_q(accept_encoding, "identity");
	for (int v = V_BR; v < V_COUNT; v++) {
		int q = f->v[v].a ? static_coding_q(accept_encoding, coding_name[v]) : 0;
		if (q > 0 && (q > best_q || (q == best_q && f->v[v].a->len < f->v[best].a->len))) {
			best = v;
			best_q = q;
		}
	}
	const struct variant *v = &f->v[best];
	memset(r, 0, sizeof *r);
	r->cache_control = fp ? CACHE_IMMUTABLE : CACHE_PLAIN;
	r->etag = v->etag;
	r->vary = f->v[V_BR].a || f->v[V_GZIP].a;
	if (static_etag_matches(if_none_match, v->etag)) {
		r->status = 304; /* validators and caching only (RFC 9110 15.4.5) */
		return 1;
	}
	r->status = 200;
	r->ctype = f->ctype;
	r->encoding = best == V_IDENTITY ? NULL : coding_name[best];
	r->data = v->a->data;
	r->len = v->a->len;
	return 1;
}
