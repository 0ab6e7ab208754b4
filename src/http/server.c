/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * server: libmicrohttpd glue and the one request pipeline every route goes
 * through: route match, language, authentication, central role check,
 * media types, body parsing, CSRF, handler, then JSON or page output with
 * the security headers. Handlers never see MHD; they get a struct api_ctx.
 * Must never change state on GET and never log a secret.
 */
#include "server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>

#include "api/api.h"
#include "api/auth.h"
#include "api/module.h"
#include "api/mfa.h"
#include "api/sso.h"
#include "api/method_registry.h"
#include "api/notify.h"
#include "api/tx.h"
#include "events/ingest.h"
#include "http/clientip.h"
#include "http/compress.h"
#include "http/openapi.h"
#include "http/parse.h"
#include "http/rcache.h"
#include "http/route.h"
#include "http/static.h"
#include "http/template.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/jsonout.h"
#include "lib/log.h"
#include "lib/problem.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "version.h"
#include "view/view.h"

#define BODY_MAX (1024 * 1024)
#define SESSION_COOKIE "__Host-sl_session"
#define PRE_COOKIE "__Host-sl_pre"
#define LANG_COOKIE "__Host-sl_lang"

static const struct server_config *cfg;
static int rcache_on = 1; /* SCALELAB_RCACHE=off: measure without kept answers */
static struct cidr *trusted;
static size_t ntrusted;
static char *csrf_secret;
static char *openapi_text;
static char *security_txt;	   /* /.well-known/security.txt, made at start-up */
static char security_txt_etag[24]; /* quoted */

struct ingest_job;
static void ingest_free(struct ingest_job *j);
struct slow_job;
static void slow_free(struct slow_job *j);

struct conn {
	char *raw_uri;
	struct buf body;
	int started;
	int too_large;
	/* an analytics client's request (events/ingest.h), handled on an
	 * ingestion worker while the connection is suspended */
	enum ingest_endpoint ingest;
	int ingest_sub;
	struct ingest_job *job;
	size_t held;	       /* bytes of this body counted in ingest_buffered */
	int too_busy;	       /* the ingestion bodies held at once passed INGEST_BUFFERED_MAX */
	struct slow_job *slow; /* a handler's outside work while suspended (api_ctx.slow) */
};

/* Ingestion bodies held in memory at once, over all connections: 64
 * connections per address of 20 MiB each would otherwise be 1.3 GB. */
#define INGEST_BUFFERED_MAX (256u * 1024 * 1024)
static atomic_size_t ingest_buffered;

struct resp {
	int status;
	struct buf body;
	const char *ctype;
	const char *hname[12];
	char *hval[12];
	int nh;
	int authenticated;
	int is_api;
	const char *cache;	    /* Cache-Control; NULL means no-store */
	const unsigned char *fixed; /* compiled-in body sent instead of body, never freed */
	size_t fixed_len;
};

static void header(struct resp *r, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void header(struct resp *r, const char *name, const char *fmt, ...)
{
	BUG_ON(r->nh >= 12);
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	r->hname[r->nh] = name;
	r->hval[r->nh++] = buf_steal(&b);
}

static enum MHD_Result send_response(struct MHD_Connection *mc, struct resp *r)
{
	size_t len = r->body.len;
	struct MHD_Response *m =
	    r->fixed ? MHD_create_response_from_buffer(r->fixed_len, (void *)r->fixed, MHD_RESPMEM_PERSISTENT)
		     : MHD_create_response_from_buffer(len, buf_steal(&r->body), MHD_RESPMEM_MUST_FREE);
	if (r->ctype)
		MHD_add_response_header(m, "Content-Type", r->ctype);
	MHD_add_response_header(m, "Content-Security-Policy",
				"default-src 'self'; object-src 'none'; base-uri 'none'; "
				"frame-ancestors 'none'; form-action 'self'");
	MHD_add_response_header(m, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
	MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(m, "Referrer-Policy", "same-origin");
	MHD_add_response_header(m, "X-Frame-Options", "DENY");
	MHD_add_response_header(m, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(m, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	MHD_add_response_header(m, "Cache-Control", r->cache ? r->cache : "no-store");
	if (r->is_api)
		MHD_add_response_header(m, "API-Version", SCALELAB_API_VERSION);
	for (int i = 0; i < r->nh; i++) {
		MHD_add_response_header(m, r->hname[i], r->hval[i]);
		free(r->hval[i]);
	}
	enum MHD_Result ret = MHD_queue_response(mc, (unsigned)r->status, m);
	MHD_destroy_response(m);
	return ret;
}

static const char *hdr(struct MHD_Connection *mc, const char *name)
{
	return MHD_lookup_connection_value(mc, MHD_HEADER_KIND, name);
}

/* --- problem+json and error pages ---------------------------------------------------- */

static const char *status_key(int status)
{
	switch (status) {
	case 400: return "status.400";
	case 401: return "status.401";
	case 403: return "status.403";
	case 404: return "status.404";
	case 405: return "status.405";
	case 406: return "status.406";
	case 409: return "status.409";
	case 410: return "status.410";
	case 413: return "status.413";
	case 415: return "status.415";
	case 429: return "status.429";
	case 503: return "status.503";
	case 507: return "status.507";
	default: return "status.500";
	}
}

/* Keeps the first reason per field: it is the most specific one (a type
 * error is recorded before the "required" that follows from it). */
static void invalid_dedupe(json_t *inv)
{
	for (size_t i = 0; i < json_array_size(inv); i++) {
		const char *name = json_string_value(json_object_get(json_array_get(inv, i), "name"));
		for (size_t k = i + 1; name && k < json_array_size(inv);) {
			const char *other =
			    json_string_value(json_object_get(json_array_get(inv, k), "name"));
			if (other && !strcmp(name, other))
				json_array_remove(inv, k);
			else
				k++;
		}
	}
}

/* The words for problem p: its reason key's catalogue text with the params
 * filled in (e.g. {min}, {max}), into b. */
static const char *reason_text(const char *lang, const json_t *p, struct buf *b)
{
	const char *reason = json_string_value(json_object_get(p, "reason"));
	buf_reset(b);
	problem_text(p, i18n_t(lang, reason ? reason : ""), lang, b);
	return buf_str(b);
}

/* Translated copy of invalid-params (reasons are catalogue keys). */
static json_t *translate_invalid(json_t *inv, const char *lang)
{
	json_t *a = json_array();
	size_t i;
	json_t *p;
	struct buf b = BUF_INIT;
	invalid_dedupe(inv);
	json_array_foreach (inv, i, p) {
		json_array_append_new(a, json_pack("{s:O,s:s}", "name", json_object_get(p, "name"), "reason",
						   reason_text(lang, p, &b)));
	}
	buf_free(&b);
	return a;
}

static void problem(struct resp *r, int status, const char *lang, const char *detail_key, json_t *invalid,
		    const char *instance)
{
	json_t *p =
	    json_pack("{s:s,s:s,s:i,s:s,s:s}", "type", "about:blank", "title",
		      i18n_t(lang, status_key(status)), "status", status, "detail",
		      i18n_t(lang, detail_key ? detail_key : status_key(status)), "instance", instance);
	if (invalid && json_array_size(invalid))
		json_object_set_new(p, "invalid-params", translate_invalid(invalid, lang));
	buf_reset(&r->body);
	if (json_out(&r->body, p) < 0) {
		/* text that is not UTF-8 (the path a client sent): the status alone */
		buf_reset(&r->body);
		buf_printf(&r->body, "{\"type\":\"about:blank\",\"status\":%d}", status);
	}
	json_decref(p);
	r->status = status;
	r->ctype = "application/problem+json";
}

/* --- request state ------------------------------------------------------------------- */

struct request {
	struct MHD_Connection *mc;
	struct conn *cx;
	const char *method;
	const char *url;  /* full path */
	const char *path; /* path without /api/v1 */
	int is_api;
	const char *lang;
	int lang_chosen; /* the language cookie decided */
	char ip[64];
	char sid[64]; /* session cookie value, "" when none */
	char pre[64]; /* pre-session cookie value */
	int new_pre;  /* pre cookie must be set on the response */
	int via_bearer;
	struct api_user user;
	int has_user;
	char csrf[SECRET_TOKEN_LEN + 1];
	char etag[RCACHE_ETAG_LEN]; /* of a kept answer, "" when not known */
	struct resp rs;
	void *slow_done; /* the second run after outside work (api_ctx.slow_done) */
	int suspended;	 /* no answer yet: the connection waits for outside work */
};

static void compute_csrf(struct request *q)
{
	char msg[80];
	if (q->sid[0])
		snprintf(msg, sizeof msg, "s:%s", q->sid);
	else
		snprintf(msg, sizeof msg, "p:%s", q->pre);
	secret_mac(csrf_secret, msg, q->csrf);
}

static void set_cookie(struct request *q, const char *name, const char *value, long max_age)
{
	if (max_age >= 0)
		header(&q->rs, "Set-Cookie", "%s=%s; Path=/; Max-Age=%ld; HttpOnly; Secure; SameSite=Lax",
		       name, value, max_age);
	else
		header(&q->rs, "Set-Cookie", "%s=%s; Path=/; HttpOnly; Secure; SameSite=Lax", name, value);
}

static json_t *page_context(struct request *q, json_t *page)
{
	json_t *ctx = json_object();
	json_object_set(ctx, "page", page ? page : json_null());
	json_object_set(ctx, "v", page ? page : json_null());
	if (q->has_user)
		json_object_set_new(ctx, "me",
				    json_pack("{s:s,s:s,s:b,s:I}", "name", q->user.name, "email",
					      q->user.email, "isAdmin", q->user.is_admin, "unread",
					      (json_int_t)notify_unread(q->user.id)));
	json_object_set_new(ctx, "csrf", json_string(q->csrf));
	json_object_set_new(ctx, "lang", json_string(q->lang));
	json_object_set_new(ctx, "otherLang", json_string(strcmp(q->lang, "en") ? "en" : "nl"));
	json_object_set_new(ctx, "path", json_string(q->url));
	return ctx;
}

/* Adds the error summary to a page context: errors[] and err.<field>. */
static void page_errors(struct request *q, json_t *ctx, json_t *invalid, const char *detail)
{
	json_t *list = json_array(), *map = json_object();
	size_t i;
	json_t *p;
	invalid_dedupe(invalid);
	json_array_foreach (invalid, i, p) {
		const char *name = json_string_value(json_object_get(p, "name"));
		struct buf text = BUF_INIT;
		char id[160];
		snprintf(id, sizeof id, "%s", name ? name : "");
		for (char *s = id; *s; s++)
			if (*s == '.')
				*s = '_';
		const char *msg = reason_text(q->lang, p, &text);
		if (!json_object_get(map, id))
			json_object_set_new(map, id, json_string(msg));
		/* A handler may label a field itself (e.g. an answer by its question's text). */
		const char *own = json_string_value(json_object_get(p, "label"));
		char label[200];
		snprintf(label, sizeof label, "field.%s", name ? name : "");
		json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "id", id, "label",
						      own ? own : i18n_t(q->lang, label), "message", msg));
		buf_free(&text);
	}
	json_object_set_new(ctx, "errors", list);
	json_object_set_new(ctx, "err", map);
	if (detail)
		json_object_set_new(ctx, "detail", json_string(i18n_t(q->lang, detail)));
}

struct error_pos {
	long pos;
	json_t *item;
};

static int by_pos(const void *a, const void *b)
{
	long x = ((const struct error_pos *)a)->pos, y = ((const struct error_pos *)b)->pos;
	return (x > y) - (x < y);
}

/* Orders the error summary like the fields on the rendered form, so the
 * list reads top to bottom as the page does (fields not on it go last). */
static void sort_errors_by_form(json_t *ctx, const char *html)
{
	json_t *list = json_object_get(ctx, "errors");
	size_t n = json_array_size(list);
	if (n < 2)
		return;
	struct error_pos *v = xcalloc(n, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_array_get(list, i);
		char needle[200];
		snprintf(needle, sizeof needle, "id=\"%s\"", json_string_value(json_object_get(item, "id")));
		const char *at = strstr(html, needle);
		v[i].pos = at ? (long)(at - html) : (long)1e9 + (long)i;
		v[i].item = json_incref(item);
	}
	qsort(v, n, sizeof *v, by_pos);
	json_array_clear(list);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, v[i].item);
	free(v);
}

static void render_page(struct request *q, const char *tmpl, json_t *ctx, int status)
{
	char key[96];
	snprintf(key, sizeof key, "title.%s", tmpl);
	json_object_set_new(ctx, "title", json_string(i18n_t(q->lang, key)));
	buf_reset(&q->rs.body);
	if (template_render(tmpl, ctx, q->lang, &q->rs.body) < 0) {
		log_error("template %s failed", tmpl);
		buf_reset(&q->rs.body);
		buf_puts(&q->rs.body, "template error");
		status = 500;
	}
	q->rs.status = status;
	q->rs.ctype = "text/html; charset=utf-8";
}

static void error_page(struct request *q, int status, const char *detail)
{
	json_t *ctx = page_context(q, NULL);
	json_object_set_new(ctx, "status", json_integer(status));
	json_object_set_new(ctx, "heading", json_string(i18n_t(q->lang, status_key(status))));
	json_object_set_new(ctx, "detail",
			    json_string(i18n_t(q->lang, detail ? detail : status_key(status))));
	render_page(q, "error", ctx, status);
	json_decref(ctx);
}

/* Routes a person who must set up two-step sign-in may still use. */
static int mfa_exempt(const struct route *rt)
{
	return rt->access == ACCESS_PUBLIC || !strncmp(rt->path, "/mij/tweestaps", 14) ||
	       !strcmp(rt->path, "/uitloggen") || !strcmp(rt->path, "/taal");
}

static void fail(struct request *q, int status, const char *detail, json_t *invalid)
{
	if (q->is_api)
		problem(&q->rs, status, q->lang, detail, invalid, q->url);
	else
		error_page(q, status, detail);
}

static void redirect(struct request *q, const char *location)
{
	q->rs.status = 303;
	header(&q->rs, "Location", "%s", location);
}

/* --- static files: http/static.c ------------------------------------------------------ */

static int serve_static(struct request *q)
{
	struct static_reply s;
	if (!static_serve(q->url, hdr(q->mc, "Accept-Encoding"), hdr(q->mc, "If-None-Match"), &s))
		return 0;
	q->rs.status = s.status;
	q->rs.ctype = s.ctype;
	q->rs.fixed = s.data;
	q->rs.fixed_len = s.len;
	q->rs.cache = s.cache_control;
	header(&q->rs, "ETag", "%s", s.etag);
	if (s.encoding)
		header(&q->rs, "Content-Encoding", "%s", s.encoding);
	if (s.vary)
		header(&q->rs, "Vary", "Accept-Encoding");
	return 1;
}

/* RFC 9116: the contact comes from the configuration (--security-contact,
 * else security@ the public host), Expires a year from start-up. */
static void make_security_txt(void)
{
	char expires[21];
	time_rfc3339(time_now() + 365 * 86400, expires);
	struct buf b = BUF_INIT;
	buf_printf(&b,
		   "Contact: %s\nExpires: %s\nPreferred-Languages: nl, en\n"
		   "Canonical: %s/.well-known/security.txt\n",
		   cfg->security_contact ? cfg->security_contact : "mailto:security@localhost", expires,
		   cfg->public_url);
	security_txt = buf_steal(&b);
	uint64_t h = 1469598103934665603ULL; /* FNV-1a: a validator, not a secret */
	for (const unsigned char *p = (const unsigned char *)security_txt; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	snprintf(security_txt_etag, sizeof security_txt_etag, "\"%016llx\"", (unsigned long long)h);
}

static int serve_security_txt(struct request *q)
{
	if (strcmp(q->url, "/.well-known/security.txt"))
		return 0;
	q->rs.cache = "public, max-age=3600";
	header(&q->rs, "ETag", "%s", security_txt_etag);
	if (static_etag_matches(hdr(q->mc, "If-None-Match"), security_txt_etag)) {
		q->rs.status = 304;
		return 1;
	}
	q->rs.status = 200;
	q->rs.ctype = "text/plain; charset=utf-8";
	q->rs.fixed = (const unsigned char *)security_txt;
	q->rs.fixed_len = strlen(security_txt);
	return 1;
}

/* A page answers GET in gzip when the client takes it, the CSRF token
 * compressed apart (BREACH, http/compress.h). Answers to POST stay as they
 * are: they may show a secret once (a new token, an invitation link). */
static int gzip_page(struct request *q)
{
	struct resp *r = &q->rs;
	if (r->fixed || !r->ctype || strncmp(r->ctype, "text/html", 9) || r->body.len < 1024 ||
	    (strcmp(q->method, "GET") && strcmp(q->method, "HEAD")))
		return 0;
	header(r, "Vary", "Accept-Encoding");
	if (!static_coding_q(hdr(q->mc, "Accept-Encoding"), "gzip"))
		return 0;
	const char *secrets[] = {q->csrf};
	struct buf z = BUF_INIT;
	if (compress_gzip(buf_str(&r->body), r->body.len, secrets, 1, &z) == 0 && z.len < r->body.len) {
		buf_free(&r->body);
		r->body = z;
		header(r, "Content-Encoding", "gzip");
		return 1;
	}
	buf_free(&z);
	return 0;
}

/* The gzip form's entity tag: the plain one with "-gzip" inside the quotes. */
static void gzip_tag(const char *etag, char out[RCACHE_ETAG_LEN + 5])
{
	size_t n = strlen(etag);
	snprintf(out, RCACHE_ETAG_LEN + 5, "%.*s-gzip\"", (int)(n ? n - 1 : 0), etag);
}

/* A GET answer's entity tag (RFC 9110 8.8.3), and 304 Not Modified when
 * If-None-Match names it: the request still went through every check, so
 * a client learns only that what it holds is still what it may see. The
 * answers stay no-store; clients that keep their own copy (API clients)
 * revalidate with it. Returns 1 when the tag applies to this answer. */
static int entity_tag(struct request *q, int *gz_matched)
{
	struct resp *r = &q->rs;
	*gz_matched = 0;
	if (r->status != 200 || r->fixed || !r->ctype ||
	    (strcmp(q->method, "GET") && strcmp(q->method, "HEAD")))
		return 0;
	if (!q->etag[0])
		rcache_etag(r->body.data ? r->body.data : "", r->body.len, q->etag);
	const char *inm = hdr(q->mc, "If-None-Match");
	if (!inm)
		return 1;
	char gz[RCACHE_ETAG_LEN + 5];
	gzip_tag(q->etag, gz);
	int plain = static_etag_matches(inm, q->etag);
	*gz_matched = !plain && static_etag_matches(inm, gz);
	if (plain || *gz_matched) {
		r->status = 304; /* validators only, no body (RFC 9110 15.4.5) */
		buf_reset(&r->body);
	}
	return 1;
}

/* --- authentication and scope ------------------------------------------------------------ */

static void authenticate(struct request *q)
{
	const char *auth = hdr(q->mc, "Authorization");
	if (q->is_api && auth && !strncasecmp(auth, "Bearer ", 7)) {
		q->via_bearer = 1;
		if (api_auth_bearer(auth + 7, &q->user) == 0)
			q->has_user = 1;
		return;
	}
	const char *cookies = hdr(q->mc, "Cookie");
	if (parse_cookie(cookies, SESSION_COOKIE, q->sid, sizeof q->sid) == 0) {
		if (api_auth_session(q->sid, cfg->idle_s, cfg->absolute_s, &q->user) == 0)
			q->has_user = 1;
		else
			q->sid[0] = 0;
	}
	if (!q->sid[0] && parse_cookie(cookies, PRE_COOKIE, q->pre, sizeof q->pre) < 0) {
		secret_token(q->pre);
		q->new_pre = 1;
	}
	compute_csrf(q);
}

/* Resolves the organisation of the route's scope and the caller's role.
 * Returns 0, or an HTTP status: 404 hides what a non-member may not see. */
static int check_scope(const struct route *rt, struct request *q, struct api_ctx *c)
{
	if (rt->access != ACCESS_MEMBER)
		return 0;
	int64_t org = api_resolve(rt, c);
	if (org <= 0)
		return 404;
	c->org_id = org;
	c->role = api_org_role(org, &q->user);
	if (c->role == ROLE_NONE)
		return 404;
	if (c->role < rt->role)
		return 403;
	return 0;
}

static int media_type_is(const char *ct, const char *want)
{
	size_t n = strlen(want);
	return ct && !strncasecmp(ct, want, n) && (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ');
}

static int accepts_json(const char *accept)
{
	if (!accept || !*accept)
		return 1;
	return strstr(accept, "application/json") || strstr(accept, "*/*") ||
	       strstr(accept, "application/*") || strstr(accept, "application/problem+json");
}

static int origin_ok(struct request *q)
{
	const char *origin = hdr(q->mc, "Origin");
	const char *host = hdr(q->mc, "Host");
	const char *site = hdr(q->mc, "Sec-Fetch-Site");
	if (site && !strcmp(site, "cross-site"))
		return 0;
	if (!origin)
		return 1; /* non-browser clients; the token still has to match */
	if (!host || !strcmp(origin, "null"))
		return 0;
	char a[300], b[300];
	snprintf(a, sizeof a, "http://%s", host);
	snprintf(b, sizeof b, "https://%s", host);
	return !strcmp(origin, a) || !strcmp(origin, b);
}

/* --- the pipeline ------------------------------------------------------------------------ */

/* 1 when the path parameters of a are the first ones of b, in order (the
 * page of a round shows the form that posts to one of its raters). */
static int same_params(const char *a, const char *b)
{
	for (;;) {
		a = strchr(a, '{');
		b = strchr(b, '{');
		if (!a || !b)
			return !a;
		size_t n = strcspn(a, "}");
		if (n != strcspn(b, "}") || memcmp(a, b, n))
			return 0;
		a += n;
		b += n;
	}
}

static const struct route *form_source(const struct route *rt)
{
	/* The GET page that shows the same form, to re-render it after an error:
	 * same template, and its path parameters are those of the POST. */
	int routes_count;
	const struct route *routes = api_routes(&routes_count);
	for (int i = 0; i < routes_count; i++)
		if ((routes[i].flags & R_PAGE) && !strcmp(routes[i].method, "GET") && routes[i].tmpl &&
		    rt->tmpl && !strcmp(routes[i].tmpl, rt->tmpl) && routes[i].access == rt->access &&
		    same_params(routes[i].path, rt->path))
			return &routes[i];
	return NULL;
}

static int status_of(int rc)
{
	switch (-rc) {
	case ERR_INVALID: return 400;
	case ERR_NOTFOUND: return 404;
	case ERR_FORBIDDEN: return 403;
	case ERR_CONFLICT: return 409;
	case ERR_GONE: return 410;
	case ERR_AUTH: return 401;
	case ERR_LIMIT: return 429;
	case ERR_BUSY: return 503;
	case ERR_FULL: return 507;
	default: return 500;
	}
}

/* Seconds a client waits after a 503 for a locked database: a little more
 * than the time the request already waited for the lock (DB_BUSY_MS). */
#define DB_RETRY_AFTER_S 5

/* The database refused the request (locked too long, disk full, failing):
 * everything was rolled back, so whatever the handler had built, headers
 * and cookies included, is dropped for the error. */
static void db_unavailable(struct request *q, int rc)
{
	for (int i = 0; i < q->rs.nh; i++)
		free(q->rs.hval[i]);
	q->rs.nh = 0;
	int status = status_of(rc);
	if (status == 503)
		header(&q->rs, "Retry-After", "%d", DB_RETRY_AFTER_S);
	fail(q, status,
	     rc == -ERR_BUSY   ? "err.db_busy"
	     : rc == -ERR_FULL ? "err.db_full"
			       : "err.db_failed",
	     NULL);
}

/* --- outside work while the connection is suspended (api_ctx.slow) ----------------------------
 * A handler that must wait for another server (an identity provider's token
 * endpoint: up to SSO_HTTP_TIMEOUT_S per call) does not wait on a server
 * thread: the thread owns other kept-alive connections, one of which may
 * be that very provider fetching our key set. The connection is suspended,
 * the work runs on a thread of its own (at most SLOW_MAX at once: more is
 * 503), and on resume the request runs again from the start with the
 * finished work at hand. */

#define SLOW_MAX 32
#define SLOW_RETRY_AFTER_S 5

struct slow_job {
	struct MHD_Connection *mc;
	void (*fn)(void *);
	void (*free_fn)(void *);
	void *arg;
	atomic_int done;
};

static pthread_mutex_t slow_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slow_cv = PTHREAD_COND_INITIALIZER;
static int slow_running;

static void slow_free(struct slow_job *j)
{
	if (!j)
		return;
	if (j->free_fn)
		j->free_fn(j->arg);
	free(j);
}

static void *slow_thread(void *arg)
{
	struct slow_job *j = arg;
	j->fn(j->arg);
	api_thread_done();
	atomic_store(&j->done, 1);
	/* j belongs to the connection again once it resumes */
	pthread_mutex_lock(&slow_mu);
	MHD_resume_connection(j->mc);
	slow_running--;
	pthread_cond_broadcast(&slow_cv);
	pthread_mutex_unlock(&slow_mu);
	return NULL;
}

/* Suspends the request's connection and starts c's outside work: 0, or -1
 * when SLOW_MAX are already waiting (c's work is freed; answer 503). */
static int slow_start(struct request *q, struct api_ctx *c)
{
	struct slow_job *j = xcalloc(1, sizeof *j);
	j->mc = q->mc;
	j->fn = c->slow;
	j->free_fn = c->slow_free;
	j->arg = c->slow_arg;
	c->slow = NULL;
	pthread_mutex_lock(&slow_mu);
	if (slow_running >= SLOW_MAX) {
		pthread_mutex_unlock(&slow_mu);
		slow_free(j);
		return -1;
	}
	slow_running++;
	pthread_mutex_unlock(&slow_mu);
	q->cx->slow = j;
	q->suspended = 1;
	MHD_suspend_connection(q->mc);
	pthread_attr_t at;
	pthread_t t;
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &at, slow_thread, j) != 0)
		slow_thread(j); /* no thread to be had: wait here, as before */
	pthread_attr_destroy(&at);
	return 0;
}

/* At shutdown: every suspended connection has resumed. */
static void slow_drain(void)
{
	pthread_mutex_lock(&slow_mu);
	while (slow_running > 0)
		pthread_cond_wait(&slow_cv, &slow_mu);
	pthread_mutex_unlock(&slow_mu);
}

/* --- kept GET answers (http/rcache.h) ----------------------------------------------------- */

struct rc_use {
	int on;
	unsigned char key[RCACHE_KEY_LEN];
	struct api_data_state st;
	int64_t second;
	unsigned long draws;
	unsigned long clock; /* api_clock_reads() before the handler */
	unsigned long days;  /* time_day_reads() before the handler */
};

/* Everything the handler and the renderer are given, hashed. */
static void rc_key(struct request *q, const struct route *rt, const struct api_ctx *c,
		   unsigned char key[RCACHE_KEY_LEN])
{
	struct rcache_keyb *k = rcache_key_begin();
	rcache_key_add(k, rt->method);
	rcache_key_add(k, rt->path);
	rcache_key_add(k, rt->op);
	rcache_key_add_int(k, q->is_api);
	rcache_key_add(k, q->url);
	rcache_key_add(k, q->cx->raw_uri);
	rcache_key_add(k, q->lang);
	rcache_key_add(k, hdr(q->mc, "Accept"));
	rcache_key_add_int(k, q->user.id);
	rcache_key_add_int(k, q->via_bearer);
	rcache_key_add_int(k, q->user.token_id);
	rcache_key_add_int(k, q->user.token_read_only);
	rcache_key_add_int(k, q->user.token_org);
	rcache_key_add_int(k, q->user.is_admin);
	rcache_key_add(k, q->user.name);
	rcache_key_add(k, q->user.email);
	rcache_key_add(k, q->user.lang);
	rcache_key_add_int(k, c->org_id);
	rcache_key_add_int(k, c->role);
	rcache_key_add_int(k, c->obj_id);
	rcache_key_add(k, q->csrf);
	rcache_key_add(k, q->ip);
	rcache_key_add(k, c->cookies);
	rcache_key_end(k, key);
}

/* Keeps the answer just made when nothing but the key's inputs, the data
 * and the second could have made it (see rcache.h). */
static void rc_keep(struct request *q, const struct api_ctx *c, const struct rc_use *ru)
{
	struct resp *r = &q->rs;
	int total_only = c->has_total ? r->nh == 1 && !strcmp(r->hname[0], "X-Total-Count") : r->nh == 0;
	if (r->status != 200 || r->fixed || !r->ctype || !total_only || c->raw_type || c->cookie_name ||
	    c->redirect || c->login_user || c->logout || c->set_lang || c->retry_after > 0 || c->then ||
	    (c->audit && json_array_size(c->audit)) || secret_draws() != ru->draws)
		return;
	int64_t span = api_clock_reads() != ru->clock ? 1 : time_day_reads() != ru->days ? 86400 : 0;
	struct api_event_deps ev; /* what it read of the event store, and in which generations */
	api_event_tracked(&ev);
	struct api_data_state now;
	if (api_data_state(&now) < 0 || !api_data_state_same(&now, &ru->st) ||
	    (ev.used && !api_event_same(&ev)) || (span && time_now() / span != ru->second / span))
		return;
	struct rcache_answer a = {
	    .ctype = r->ctype,
	    .body = r->body.data ? r->body.data : "",
	    .len = r->body.len,
	    .has_total = c->has_total,
	    .total = (long long)c->total_count,
	};
	rcache_etag(a.body, a.len, a.etag);
	memcpy(q->etag, a.etag, sizeof q->etag);
	rcache_put(ru->key, &ru->st, ru->second, span, &ev, &a);
}

static void dispatch(struct request *q)
{
	struct api_ctx c = {0};
	char params[API_MAX_PARAMS][128];
	int path_known = 0;
	const char *m = !strcmp(q->method, "HEAD") ? "GET" : q->method;
	const struct route *rt = route_match(m, q->path, q->is_api ? R_API : R_PAGE, params, &path_known);
	if (!rt) {
		if (path_known) {
			char allow[128];
			route_allowed(q->path, q->is_api ? R_API : R_PAGE, allow, sizeof allow);
			header(&q->rs, "Allow", "%s", allow);
			fail(q, 405, NULL, NULL);
		} else {
			if (!q->is_api)
				authenticate(q); /* the error page shows the menu to a signed-in user */
			fail(q, 404, "err.not_found", NULL);
		}
		return;
	}
	for (int i = 0; i < API_MAX_PARAMS; i++)
		c.param[i] = params[i];
	int writes = strcmp(m, "GET") != 0;
	c.slow_done = q->slow_done;

	/* a calendar client asks for text/calendar (R_ICS) */
	const char *acc = hdr(q->mc, "Accept");
	if (q->is_api && !accepts_json(acc) &&
	    !((rt->flags & R_ICS) && acc && strstr(acc, "text/calendar"))) {
		fail(q, 406, "err.accept", NULL);
		return;
	}
	/* One transaction per request. A GET reads in one snapshot (the
	 * once-a-minute session touch ends it early, see db_read_begin). Any
	 * other method holds the write lock from before authentication to the
	 * end: a session renewal, the handler's changes, login and logout and
	 * the audit rows commit together, once, at `out`, and a check the
	 * handler makes (a link not used yet) still holds when it writes. */
	int refused = 1; /* until a handler succeeds: its writes are undone */
	if (writes) {
		int rc = api_write_begin();
		if (rc < 0) {
			db_unavailable(q, rc);
			return;
		}
		c.audit = json_array();
	} else {
		api_read_begin();
	}
	authenticate(q);
	/* A GET's once-a-minute session touch is best effort: a lock held
	 * elsewhere or a full disk must not fail a read. (A failed lookup
	 * leaves has_user unset, and then the failure stands.) */
	if (!writes && q->has_user && api_db_failure())
		api_db_failure_clear();
	if (q->has_user && !q->is_api && !q->lang_chosen)
		q->lang = !strcmp(q->user.lang, "en") ? "en" : "nl";
	if (rt->access != ACCESS_PUBLIC && !q->has_user) {
		if (q->is_api) {
			header(&q->rs, "WWW-Authenticate", "Bearer realm=\"scalelab\"");
			fail(q, 401, q->via_bearer ? "err.bad_token" : "err.login_required", NULL);
		} else {
			struct buf loc = BUF_INIT;
			buf_puts(&loc, "/inloggen?next=");
			buf_urlenc(&loc, q->url);
			redirect(q, buf_str(&loc));
			buf_free(&loc);
		}
		goto out;
	}
	/* Who must use two-step sign-in and has not set it up yet goes there
	 * first; a session may still sign out, switch language and set it up.
	 * (Tokens were made before: they are the person's own to revoke.) */
	if (q->has_user && !q->via_bearer && !mfa_exempt(rt) && api_mfa_enrol_needed(&q->user) &&
	    !api_sso_session_mfa(q->sid)) {
		if (q->is_api)
			fail(q, 403, "err.mfa.enrol_first", NULL);
		else
			redirect(q, "/mij/tweestaps");
		goto out;
	}
	/* A read-only token reads; every other method is refused. */
	if (writes && q->has_user && q->via_bearer && q->user.token_read_only) {
		fail(q, 403, "err.token_read_only", NULL);
		goto out;
	}
	c.user_id = q->has_user ? q->user.id : 0;
	c.user_name = q->has_user ? q->user.name : NULL;
	c.user_email = q->has_user ? q->user.email : NULL;
	c.is_admin = q->has_user && q->user.is_admin;
	c.via_token = q->has_user && q->via_bearer;
	c.method = m;
	c.is_page = !q->is_api;
	c.ip = q->ip;
	c.cookies = hdr(q->mc, "Cookie");
	c.lang = q->lang;
	c.public_url = cfg->public_url;
	c.path = q->path;
	int st = check_scope(rt, q, &c);
	/* A refusal on an object that exists (403: role too low; 404: it
	 * belongs to an organisation the caller is no member of) is audited
	 * in that organisation. An unknown id (org_id still 0) is not. */
	if (st && c.org_id > 0) {
		if (!c.audit)
			c.audit = json_array(); /* a GET: written after its read, at out */
		struct buf what = BUF_INIT;
		buf_printf(&what, "%s %s%s", m, q->is_api ? "/api/v1" : "", q->path);
		api_audit(&c, "access", buf_str(&what), "denied");
		buf_free(&what);
	}
	if (st) {
		fail(q, st, st == 403 ? "err.role_too_low" : "err.not_found", NULL);
		goto out;
	}

	/* Media types, then the body. */
	const char *ctype = hdr(q->mc, "Content-Type");
	int has_body = q->cx->body.len > 0;
	if (writes && strcmp(m, "DELETE") != 0) {
		const char *want = q->is_api ? "application/json" : "application/x-www-form-urlencoded";
		if (!media_type_is(ctype, want)) {
			fail(q, 415, q->is_api ? "err.content_type_json" : "err.content_type_form", NULL);
			goto out;
		}
	}
	c.invalid = json_array();
	const char *qs = strchr(q->cx->raw_uri ? q->cx->raw_uri : "", '?');
	c.query = parse_form(qs ? qs + 1 : "", qs ? strlen(qs + 1) : 0);
	if (!c.query) {
		fail(q, 400, "err.query", NULL);
		goto out;
	}
	if (writes && strcmp(m, "DELETE") != 0) {
		if (q->is_api) {
			char err[200];
			c.body = has_body
				     ? parse_json_body(q->cx->body.data, q->cx->body.len, err, sizeof err)
				     : NULL;
			if (!c.body) {
				/* the parser's own words are English: name the place only */
				int line, column;
				if (!has_body)
					problem_add(c.invalid, "body", "err.body_required");
				else if (sscanf(err, "line %d, column %d", &line, &column) == 2)
					problem_add_params(
					    c.invalid, "body", "err.body_syntax",
					    json_pack("{s:i,s:i}", "line", line, "column", column));
				else
					problem_add(c.invalid, "body", "err.body_json");
				fail(q, 400, "err.body_json", c.invalid);
				goto out;
			}
		} else {
			c.body = parse_form(buf_str(&q->cx->body), q->cx->body.len);
			if (!c.body) {
				fail(q, 400, "err.form", NULL);
				goto out;
			}
		}
	} else {
		c.body = json_object();
	}

	/* CSRF: cookie-authenticated writes need the token and a same-origin request. */
	if (rt->csrf && !q->via_bearer) {
		const char *tok = q->is_api ? hdr(q->mc, "X-CSRF-Token")
					    : json_string_value(json_object_get(c.body, "_csrf"));
		if (!origin_ok(q) || !tok || !secret_equal(tok, q->csrf)) {
			api_audit(&c, "csrf", q->url, "denied");
			fail(q, 403, "err.csrf", NULL);
			goto out;
		}
	}

	/* A collection: its page is read before the handler runs (api/page.h);
	 * an export (?formaat=csv|xlsx) is complete, never paged. */
	struct page_req pg = {0};
	const char *fmt = api_str(c.query, "formaat");
	int page_bad = 0;
	if ((rt->flags & R_PAGED) && !(fmt && (!strcmp(fmt, "csv") || !strcmp(fmt, "xlsx")))) {
		/* a bad one is named with the handler's own bad fields, at once */
		page_bad = api_page_parse(&c, api_paged(rt), &pg) < 0;
		if (!page_bad)
			c.page = &pg;
	}

	/* A GET answer kept while provably the same (http/rcache.h): every
	 * check above has run for this request; only the handler, the JSON
	 * and the page are skipped. */
	struct rc_use ru = {0};
	if (rcache_on && !writes && q->has_user && !page_bad && (rt->flags & R_REUSE) &&
	    !(c.audit && json_array_size(c.audit)) && !json_array_size(c.invalid) &&
	    api_data_state(&ru.st) == 0) {
		ru.on = 1;
		ru.second = time_now();
		ru.draws = secret_draws();
		ru.clock = api_clock_reads();
		ru.days = time_day_reads();
		api_event_track();
		rc_key(q, rt, &c, ru.key);
		const struct rcache_answer *a = rcache_get(ru.key, &ru.st, ru.second);
		if (a) {
			q->rs.status = 200;
			q->rs.ctype = a->ctype;
			buf_add(&q->rs.body, a->body, a->len);
			if (a->has_total)
				header(&q->rs, "X-Total-Count", "%lld", a->total);
			memcpy(q->etag, a->etag, sizeof q->etag);
			api_page_free(&pg);
			c.page = NULL;
			goto out;
		}
	}

	json_t *out = NULL;
	if (writes)
		api_write_mark();
	int rc = rt->fn(&c, &out);
	/* The handler returned the whole list: the page is cut out here. */
	if (rc >= 0 && c.page && json_is_object(out) && !c.raw_type && !json_object_get(out, "_links"))
		page_bad = api_page_apply(&c, out, c.page) < 0; /* a cursor that fits no row of this list */
	if (page_bad && rc >= 0) {
		json_decref(out); /* not the whole list instead of a page */
		out = NULL;
		rc = -ERR_INVALID;
	}
	api_page_free(&pg);
	c.page = NULL;
	if (c.has_total)
		header(&q->rs, "X-Total-Count", "%lld", (long long)c.total_count);
	if (c.slow) {
		/* outside work first (slow_start): nothing is answered yet */
		BUG_ON(writes || c.slow_done || rc < 0);
		json_decref(out);
		out = NULL;
		if (slow_start(q, &c) == 0)
			goto out;
		rc = -ERR_BUSY; /* the handler's detail names the refusal */
		c.retry_after = SLOW_RETRY_AFTER_S;
	}
	/* A GET whose handler must write after work outside the database (a
	 * single sign-on callback asked the provider without holding the
	 * write lock): the read ends, the write transaction opens, `then`
	 * finishes the request. */
	if (!writes && c.then) {
		json_decref(out);
		out = NULL;
		api_read_end();
		int wrc = api_write_begin();
		if (wrc < 0) {
			db_unavailable(q, wrc);
			api_db_failure_clear();
			goto out;
		}
		writes = 1;
		c.audit = json_array();
		api_write_mark();
		rc = c.then(&c, &out);
	}
	if (c.cookie_name)
		set_cookie(q, c.cookie_name, c.cookie_value, c.cookie_max_age);
	refused = rc < 0 && !c.commit_on_error;
	if (writes && refused)
		api_write_undo();

	if (rc >= 0 && c.login_user > 0) {
		/* A fresh session id at login; the old one (if any) dies. */
		if (q->sid[0])
			api_session_end(q->sid);
		api_session_start(c.login_user, q->sid);
		if (c.login_sso)
			api_sso_session_bind(&c, q->sid);
		set_cookie(q, SESSION_COOKIE, q->sid, (long)cfg->absolute_s);
		set_cookie(q, PRE_COOKIE, "", 0);
		q->new_pre = 0;
	}
	if (rc >= 0 && c.logout && q->sid[0]) {
		/* a session from a provider ends there too (RP-initiated logout) */
		if (!q->is_api && !c.redirect)
			c.redirect = api_sso_logout_url(q->sid, cfg->public_url);
		api_session_end(q->sid);
		set_cookie(q, SESSION_COOKIE, "", 0);
	}
	if (c.set_lang) {
		set_cookie(q, LANG_COOKIE, c.set_lang, 365L * 86400);
		q->lang = c.set_lang;
	}
	if (c.retry_after > 0)
		header(&q->rs, "Retry-After", "%d", c.retry_after);

	if (rc < 0) {
		int status = status_of(rc);
		if (q->is_api) {
			problem(&q->rs, status, q->lang, c.detail, c.invalid, q->url);
		} else if (writes && rt->tmpl) {
			/* Show the same form again, with what was typed and why it failed. */
			const struct route *src = form_source(rt);
			json_t *page = NULL;
			if (src) {
				json_t *saved = c.invalid;
				c.invalid = json_array();
				src->fn(&c, &page);
				json_decref(c.invalid);
				c.invalid = saved;
				struct view_ctx v = {q->lang, c.role, 1};
				view_page(src->tmpl, &v, page);
			}
			json_t *ctx = page_context(q, page);
			json_object_set(ctx, "v", c.body);
			page_errors(q, ctx, c.invalid, c.detail);
			render_page(q, rt->tmpl, ctx, status);
			sort_errors_by_form(ctx, buf_str(&q->rs.body));
			render_page(q, rt->tmpl, ctx, status);
			json_decref(ctx);
			json_decref(page);
		} else if (rc == -ERR_INVALID && out && rt->tmpl) {
			/* A page whose query was refused (a filter form): the handler
			 * still returned the page, so it is shown with the bad fields
			 * marked instead of a bare error page. */
			struct view_ctx v = {q->lang, c.role, 1};
			view_page(rt->tmpl, &v, out);
			json_t *ctx = page_context(q, out);
			json_object_set_new(ctx, "csrf", json_string(q->csrf));
			page_errors(q, ctx, c.invalid, c.detail);
			render_page(q, rt->tmpl, ctx, status);
			json_decref(ctx);
		} else {
			error_page(q, status, c.detail);
		}
	} else if (c.redirect && !q->is_api) {
		redirect(q, c.redirect); /* to another site: the identity provider */
	} else if (q->is_api) {
		q->rs.status = c.status ? c.status : 200;
		if (c.location[0])
			header(&q->rs, "Location", "/api/v1%s", c.location);
		if (out && c.raw_type && json_is_string(out)) {
			/* A handler's non-JSON representation (CSV export): sent verbatim. */
			buf_add(&q->rs.body, json_string_value(out), json_string_length(out));
			q->rs.ctype = c.raw_type;
			if (c.raw_filename)
				header(&q->rs, "Content-Disposition", "attachment; filename=\"%s\"",
				       c.raw_filename);
		} else if (out && json_out(&q->rs.body, out) < 0) {
			/* a handler built a string that is not UTF-8 (json_dumps
			 * fails on it too): a bug, reported without the partial text */
			log_error("%s %s: the answer is not valid JSON text", m, q->url);
			problem(&q->rs, 500, q->lang, NULL, NULL, q->url);
		} else if (out) {
			q->rs.ctype = "application/json";
		}
	} else if (writes && c.render) {
		/* A step that shows a page of its own (the login's second step). */
		json_t *ctx = page_context(q, out);
		compute_csrf(q);
		json_object_set_new(ctx, "csrf", json_string(q->csrf));
		render_page(q, c.render, ctx, 200);
		json_decref(ctx);
	} else if (writes && !(rt->flags & R_RENDER)) {
		redirect(q, c.location[0] ? c.location : "/");
	} else {
		struct view_ctx v = {q->lang, c.role, 0};
		view_page(rt->tmpl, &v, out);
		json_t *ctx = page_context(q, out);
		if (writes)
			compute_csrf(q); /* login may have changed the session */
		json_object_set_new(ctx, "csrf", json_string(q->csrf));
		render_page(q, rt->tmpl, ctx, 200);
		json_decref(ctx);
	}
	json_decref(out);
	if (ru.on && rc >= 0)
		rc_keep(q, &c, &ru);
out:;
	/* A token's last use, at most once an hour (see domain/token.h). */
	int touch = q->has_user && q->via_bearer && q->user.token_touch;
	if (writes) {
		if (touch)
			api_token_touch(&q->user);
		api_audit_flush(&c, refused);
		int dbrc = api_write_commit();
		if (dbrc < 0)
			db_unavailable(q, dbrc);
	} else if (api_db_failure()) {
		db_unavailable(q, api_db_failure());
	} else if ((c.audit && json_array_size(c.audit)) || touch) {
		/* A GET's denied access or a token's hourly use: its read
		 * transaction ends, and the row is written in a small write
		 * transaction of its own. Best effort: when the database stays
		 * busy (or is full) the row is lost, logged, and the request is
		 * answered as it was. */
		api_read_end();
		int dbrc = api_write_begin();
		if (dbrc == 0) {
			if (touch)
				api_token_touch(&q->user);
			api_audit_flush(&c, 1);
			dbrc = api_write_commit();
		}
		if (dbrc < 0) {
			log_error("audit: access to %s or token use not recorded (database %d)", q->path,
				  dbrc);
			api_db_failure_clear();
		}
	}
	if (q->new_pre && !q->is_api)
		set_cookie(q, PRE_COOKIE, q->pre, -1);
	json_decref(c.body);
	json_decref(c.query);
	json_decref(c.invalid);
	json_decref(c.audit);
	json_decref(c.carry);
	free(c.redirect);
}

/* 1 when the raw path (before any query) holds an encoded NUL: the
 * decoded path would end there ("/static/app.css%00.js" would be read as
 * "/static/app.css"), so it names something else than was asked for. */
static int path_has_nul(const char *raw)
{
	for (const char *p = raw ? raw : ""; *p && *p != '?' && *p != '#'; p++)
		if (p[0] == '%' && p[1] == '0' && p[2] == '0')
			return 1;
	return 0;
}

static void handle(struct request *q)
{
	if (path_has_nul(q->cx->raw_uri)) {
		q->is_api = q->rs.is_api = !strncmp(q->url, "/api/v1/", 8);
		q->lang = i18n_from_accept(hdr(q->mc, "Accept-Language"));
		fail(q, 400, "err.path_nul", NULL);
		return;
	}
	if ((!strcmp(q->method, "GET") || !strcmp(q->method, "HEAD")) &&
	    (serve_security_txt(q) || serve_static(q)))
		return;
	if (!strncmp(q->url, "/api/v1/", 8)) {
		q->is_api = 1;
		q->rs.is_api = 1;
		q->path = q->url + 7;
		q->lang = i18n_from_accept(hdr(q->mc, "Accept-Language"));
		if (!strcmp(q->path, "/openapi.json")) {
			if (strcmp(q->method, "GET") && strcmp(q->method, "HEAD")) {
				header(&q->rs, "Allow", "GET");
				fail(q, 405, NULL, NULL);
				return;
			}
			buf_puts(&q->rs.body, openapi_text);
			q->rs.ctype = "application/json";
			q->rs.status = 200;
			header(&q->rs, "Access-Control-Allow-Origin", "*");
			return;
		}
	} else {
		q->path = q->url;
		char l[4];
		if (parse_cookie(hdr(q->mc, "Cookie"), LANG_COOKIE, l, sizeof l) == 0) {
			q->lang = !strcmp(l, "en") ? "en" : "nl";
			q->lang_chosen = 1;
		} else
			q->lang = i18n_from_accept(hdr(q->mc, "Accept-Language"));
	}
	if (q->cx->too_large) {
		fail(q, 413, NULL, NULL);
		return;
	}
	dispatch(q);
	api_request_end();
}

/* --- libmicrohttpd callbacks ---------------------------------------------------------------- */

static void *uri_logger(void *cls, const char *uri, struct MHD_Connection *mc)
{
	(void)cls;
	(void)mc;
	struct conn *cx = xcalloc(1, sizeof *cx);
	cx->raw_uri = xstrdup(uri);
	return cx;
}

static void completed(void *cls, struct MHD_Connection *mc, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)mc;
	(void)toe;
	struct conn *cx = *con_cls;
	if (!cx)
		return;
	free(cx->raw_uri);
	buf_free(&cx->body);
	atomic_fetch_sub(&ingest_buffered, cx->held);
	ingest_free(cx->job);
	slow_free(cx->slow);
	free(cx);
	*con_cls = NULL;
}

struct joined {
	const char *name;
	struct buf b;
};

static enum MHD_Result join_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct joined *j = cls;
	if (key && value && !strcasecmp(key, j->name))
		buf_printf(&j->b, "%s%s", j->b.len ? ", " : "", value);
	return MHD_YES;
}

/* The socket's peer, or behind a trusted proxy the client its forwarding
 * header names (http/clientip.h), into q->ip. Every line of the header
 * counts: a proxy may add its own line instead of extending the first. */
static void client_address(struct request *q)
{
	char peer[INET6_ADDRSTRLEN] = "";
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(q->mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)ci->client_addr)->sin_addr, peer, sizeof peer);
	else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)ci->client_addr)->sin6_addr, peer, sizeof peer);
	if (!ntrusted) {
		snprintf(q->ip, sizeof q->ip, "%s", peer);
		return;
	}
	struct joined j = {cfg->proxy_forwarded ? "Forwarded" : "X-Forwarded-For", BUF_INIT};
	MHD_get_connection_values(q->mc, MHD_HEADER_KIND, join_header, &j);
	clientip_resolve(peer, j.b.len ? buf_str(&j.b) : NULL,
			 cfg->proxy_forwarded ? CLIENTIP_FORWARDED : CLIENTIP_X_FORWARDED_FOR, trusted,
			 ntrusted, q->ip, sizeof q->ip);
	buf_free(&j.b);
}

/* --- analytics clients' ingestion paths (events/ingest.h) ------------------------------------
 * /batch/, /v1/track, /track, /api/event, ... are not /api/v1 routes: the
 * clients fix their paths. They never enter the pipeline above (no
 * session, no main-database transaction): the body is read with its own
 * cap, the connection is suspended, an ingestion worker decodes, appends
 * durably and answers, and the connection resumes with that answer. */

struct ingest_job {
	struct MHD_Connection *mc;
	struct ingest_request rq;
	struct ingest_reply rp;
	char *strs[7]; /* copies of the headers and the query the worker reads */
	int done;
};

static char *hdr_copy(struct MHD_Connection *mc, const char *name)
{
	const char *v = hdr(mc, name);
	return v ? xstrdup(v) : NULL;
}

static void ingest_run(void *arg)
{
	struct ingest_job *j = arg;
	ingest_handle(&j->rq, &j->rp);
	j->done = 1;
	MHD_resume_connection(j->mc);
}

static void ingest_free(struct ingest_job *j)
{
	if (!j)
		return;
	for (int i = 0; i < 7; i++)
		free(j->strs[i]);
	buf_free(&j->rp.body);
	free(j);
}

static enum MHD_Result ingest_send(struct MHD_Connection *mc, int status, struct buf *body, const char *ctype,
				   int retry_after)
{
	struct resp r = {0};
	r.status = status;
	r.ctype = ctype;
	if (body) {
		r.body = *body;
		*body = (struct buf)BUF_INIT;
	}
	/* browsers' SDKs (posthog-js, the Plausible script) post cross-origin */
	const char *origin = hdr(mc, "Origin");
	header(&r, "Access-Control-Allow-Origin", "%s", origin ? origin : "*");
	header(&r, "Access-Control-Allow-Credentials", "true");
	header(&r, "Access-Control-Allow-Methods", "GET, POST, OPTIONS");
	header(&r, "Access-Control-Allow-Headers",
	       "Content-Type, Content-Encoding, Authorization, X-Retry-Count");
	header(&r, "Vary", "Origin");
	if (retry_after > 0)
		header(&r, "Retry-After", "%d", retry_after);
	return send_response(mc, &r);
}

/* The last call of a request on an ingestion path. */
static enum MHD_Result ingest_request_done(struct MHD_Connection *mc, struct conn *cx, const char *method)
{
	struct ingest_job *j = cx->job;
	if (j && j->done) {
		enum MHD_Result rc = ingest_send(mc, j->rp.status ? j->rp.status : 500, &j->rp.body,
						 j->rp.ctype, j->rp.retry_after);
		ingest_free(j);
		cx->job = NULL;
		return rc;
	}
	if (j)
		return MHD_YES; /* resumed too early: still working */
	if (!strcmp(method, "OPTIONS"))
		return ingest_send(mc, 204, NULL, NULL, 0);
	if (cx->too_busy) {
		struct buf b = BUF_INIT;
		buf_puts(
		    &b,
		    "{\"type\":\"server_error\",\"code\":\"busy\",\"detail\":\"too many requests at once; "
		    "send again\"}");
		return ingest_send(mc, 503, &b, "application/json", 1);
	}
	j = xcalloc(1, sizeof *j);
	j->mc = mc;
	struct request q = {0};
	q.mc = mc;
	client_address(&q);
	const char *qs = strchr(cx->raw_uri ? cx->raw_uri : "", '?');
	j->strs[0] = qs ? xstrdup(qs + 1) : NULL;
	j->strs[1] = hdr_copy(mc, "Content-Type");
	j->strs[2] = hdr_copy(mc, "Content-Encoding");
	j->strs[3] = hdr_copy(mc, "Authorization");
	j->strs[4] = hdr_copy(mc, "User-Agent");
	j->strs[5] = xstrdup(q.ip);
	j->strs[6] = xstrdup(method);
	j->rq = (struct ingest_request){
	    .ep = cx->ingest,
	    .sub = cx->ingest_sub,
	    .method = j->strs[6],
	    .query = j->strs[0],
	    .content_type = j->strs[1],
	    .content_encoding = j->strs[2],
	    .authorization = j->strs[3],
	    .user_agent = j->strs[4],
	    .ip = j->strs[5],
	    .body = cx->body.data ? cx->body.data : "",
	    .len = cx->body.len,
	    .too_large = cx->too_large,
	};
	cx->job = j;
	MHD_suspend_connection(mc);
	ingest_submit(ingest_run, j);
	return MHD_YES;
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *mc, const char *url, const char *method,
				 const char *version, const char *upload_data, size_t *upload_size,
				 void **con_cls)
{
	(void)cls;
	(void)version;
	struct conn *cx = *con_cls;
	if (!cx) {
		cx = xcalloc(1, sizeof *cx);
		*con_cls = cx;
	}
	if (!cx->started) {
		cx->started = 1;
		cx->ingest = ingest_route(method, url, &cx->ingest_sub);
		/* a stated length past the cap is not kept; it is read and dropped
		 * and then answered 413 (posthog-node halves its batch on a 413, but
		 * takes a connection closed mid-upload for a network error) */
		const char *cl = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "Content-Length");
		if (cx->ingest && cl && strtoull(cl, NULL, 10) > INGEST_BODY_MAX)
			cx->too_large = 1;
		return MHD_YES;
	}
	if (*upload_size) {
		size_t cap = cx->ingest ? INGEST_BODY_MAX : BODY_MAX;
		if (cx->body.len + *upload_size > cap)
			cx->too_large = 1;
		else if (cx->ingest && !cx->too_large && !cx->too_busy &&
			 atomic_fetch_add(&ingest_buffered, *upload_size) + *upload_size >
			     INGEST_BUFFERED_MAX) {
			/* all ingestion bodies held at once stay bounded: 503, the
			 * clients send again */
			atomic_fetch_sub(&ingest_buffered, *upload_size);
			cx->too_busy = 1;
		} else if (!cx->too_large && !cx->too_busy) {
			buf_add(&cx->body, upload_data, *upload_size);
			if (cx->ingest)
				cx->held += *upload_size;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (cx->ingest)
		return ingest_request_done(mc, cx, method);
	if (cx->slow && !atomic_load(&cx->slow->done))
		return MHD_YES; /* resumed too early: still working */
	struct request q = {0};
	q.mc = mc;
	q.cx = cx;
	q.method = method;
	q.url = url;
	q.lang = "nl";
	q.slow_done = cx->slow ? cx->slow->arg : NULL;
	client_address(&q);
	handle(&q);
	if (q.slow_done) { /* the second run is over */
		slow_free(cx->slow);
		cx->slow = NULL;
	}
	if (q.suspended) {
		for (int i = 0; i < q.rs.nh; i++)
			free(q.rs.hval[i]);
		buf_free(&q.rs.body);
		return MHD_YES;
	}
	if (!q.rs.status)
		q.rs.status = 500;
	int gz_matched;
	int tagged = entity_tag(&q, &gz_matched);
	int gz = gzip_page(&q) || gz_matched;
	if (tagged) {
		char t[RCACHE_ETAG_LEN + 5];
		if (gz)
			gzip_tag(q.etag, t);
		header(&q.rs, "ETag", "%s", gz ? t : q.etag);
	}
	return send_response(mc, &q.rs);
}

int server_run(const struct server_config *config)
{
	cfg = config;
	/* Pages show times in the users' zone; storage and the API stay UTC. */
	const char *rco = getenv("SCALELAB_RCACHE");
	rcache_on = !(rco && !strcmp(rco, "off"));
	const char *tz = getenv("SCALELAB_TIMEZONE");
	setenv("TZ", tz && *tz ? tz : "Europe/Amsterdam", 1);
	tzset();
	if (secret_init() < 0 || i18n_init() < 0) {
		log_error("cannot initialise crypto or message catalogues");
		return 1;
	}
	trusted = xcalloc((size_t)cfg->ntrusted_proxies + 1, sizeof *trusted);
	for (int i = 0; i < cfg->ntrusted_proxies; i++) {
		if (clientip_cidr_parse(cfg->trusted_proxies[i], &trusted[i]) < 0) {
			fprintf(stderr,
				"scalelab serve: --trusted-proxy '%s' is not an address or network "
				"(e.g. 10.0.0.0/8, 192.0.2.7, 2001:db8::/32)\n",
				cfg->trusted_proxies[i]);
			return 2;
		}
	}
	ntrusted = (size_t)cfg->ntrusted_proxies;
	if (api_open(cfg->db_path) < 0)
		return 1;
	csrf_secret = api_secret("csrf_secret");
	if (api_db_failure()) {
		log_error("cannot read or store the server secret: the database refused (see above)");
		return 1;
	}
	struct buf merr = BUF_INIT;
	if (method_registry_load(cfg->methods_dir, &merr) < 0) {
		fprintf(stderr,
			"%sscalelab serve: refusing to start: the scaling methods above have problems\n",
			buf_str(&merr));
		buf_free(&merr);
		return 1;
	}
	buf_free(&merr);
	if (ingest_start(cfg->events_dir, cfg->ingest_workers > 0 ? cfg->ingest_workers : 4) < 0)
		return 1;
	make_security_txt();
	openapi_text = openapi_document(cfg->public_url);
	if (!openapi_text) {
		log_error("the OpenAPI component schemas are invalid");
		return 1;
	}
	/* the outbox worker renders messages from the templates this layer owns */
	if (notify_start(template_render) < 0)
		return 1;

	struct sockaddr_in addr = {0};
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->host, &addr.sin_addr) != 1) {
		log_error("cannot listen on '%s': not an IPv4 address", cfg->host);
		return 2;
	}
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME, 0,
	    NULL, NULL, access_cb, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads, MHD_OPTION_URI_LOG_CALLBACK, uri_logger,
	    NULL, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned)cfg->per_address_connections, MHD_OPTION_END);
	if (!d) {
		log_error("cannot listen on %s:%d", cfg->host, cfg->port);
		return 1;
	}
	log_info("scalelab %s listening on http://%s:%d", SCALELAB_VERSION, cfg->host, cfg->port);
	int sig;
	sigwait(&set, &sig);
	log_info("signal %d: stopping", sig);
	/* no new connections; ingestion finishes what it holds (suspended
	 * connections resume) before the daemon stops */
	MHD_quiesce_daemon(d);
	ingest_stop();
	slow_drain();
	MHD_stop_daemon(d);
	notify_stop();
	api_thread_done();
	free(csrf_secret);
	free(openapi_text);
	free(trusted);
	free(security_txt);
	return 0;
}
