/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * sso_http: talking to an identity provider with libcurl: the discovery
 * document, the key set (JWKS) and the token request. Every call has a
 * short timeout (SSO_HTTP_TIMEOUT_S), follows no redirect, speaks only
 * http(s) and reads at most OIDC_DOC_MAX bytes. Discovery documents and key
 * sets are cached in memory (an hour); a token signed with an unknown key
 * refreshes the set, at most once per two seconds per provider.
 */
#include <curl/curl.h>
#include <stdint.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "api/sso.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/timeutil.h"
#include "lib/util.h"

#define CACHE_SLOTS 32
#define CACHE_TTL_S 3600
#define REFRESH_MIN_S 2

struct slot {
	char *url;
	char *text; /* the document as fetched */
	int64_t fetched_s;
};

static struct slot cache[CACHE_SLOTS];
/* requests waiting for each provider (sso_http_wait_take) */
#define WAIT_SLOTS 64
static struct {
	char *issuer;
	int n;
} waiting[WAIT_SLOTS];
static pthread_mutex_t wait_lock = PTHREAD_MUTEX_INITIALIZER;

int sso_http_wait_take(const char *issuer)
{
	int rc = -1;
	pthread_mutex_lock(&wait_lock);
	int at = -1, free_at = -1;
	for (int i = 0; i < WAIT_SLOTS; i++) {
		if (waiting[i].issuer && !strcmp(waiting[i].issuer, issuer))
			at = i;
		else if (!waiting[i].issuer && free_at < 0)
			free_at = i;
	}
	if (at < 0 && free_at >= 0) {
		at = free_at;
		waiting[at].issuer = xstrdup(issuer);
	}
	if (at >= 0 && waiting[at].n < SSO_PROVIDER_WAIT_MAX) {
		waiting[at].n++;
		rc = 0;
	}
	pthread_mutex_unlock(&wait_lock);
	return rc;
}

void sso_http_wait_give(const char *issuer)
{
	pthread_mutex_lock(&wait_lock);
	for (int i = 0; i < WAIT_SLOTS; i++)
		if (waiting[i].issuer && !strcmp(waiting[i].issuer, issuer) && --waiting[i].n == 0) {
			free(waiting[i].issuer);
			waiting[i].issuer = NULL;
		}
	pthread_mutex_unlock(&wait_lock);
}

/* this thread's calls end by then (ms since the epoch; 0: each its own 5 s) */
static _Thread_local int64_t budget_end_ms;

void sso_http_budget(int64_t ms)
{
	budget_end_ms = ms > 0 ? time_now_ms() + ms : 0;
}

int sso_http_budget_spent(void)
{
	return budget_end_ms && time_now_ms() >= budget_end_ms;
}
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;
	size_t len = size * n;
	if (b->len + len > OIDC_DOC_MAX)
		return 0; /* too large: curl stops with an error */
	buf_add(b, p, len);
	return len;
}

/* One request; the body (caller frees) or NULL when the provider could not
 * be reached or answered more than we read. */
static char *call(const char *url, const char *form, const char *user, const char *password, long *status)
{
	*status = 0;
	if (!oidc_url_ok(url))
		return NULL;
	long timeout_ms = SSO_HTTP_TIMEOUT_S * 1000L;
	if (budget_end_ms) {
		int64_t left = budget_end_ms - time_now_ms();
		if (left <= 0) {
			*status = -1; /* the sign-in's time is up */
			return NULL;
		}
		if (left < timeout_ms)
			timeout_ms = (long)left;
	}
	CURL *h = curl_easy_init();
	if (!h)
		return NULL;
	struct buf body = BUF_INIT;
	struct curl_slist *hdrs = curl_slist_append(NULL, "Accept: application/json");
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 3L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "scalelab");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
	if (form) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
		if (user) {
			curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
			curl_easy_setopt(h, CURLOPT_USERNAME, user);
			curl_easy_setopt(h, CURLOPT_PASSWORD, password);
		}
	}
	CURLcode rc = curl_easy_perform(h);
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	else
		log_error("sso: %s: %s", url, curl_easy_strerror(rc));
	if (rc == CURLE_OPERATION_TIMEDOUT)
		*status = -1;
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(h);
	if (rc != CURLE_OK) {
		buf_free(&body);
		return NULL;
	}
	if (!body.data)
		buf_puts(&body, "");
	return buf_steal(&body);
}

char *sso_http_post(const char *url, const char *form, const char *user, const char *password, long *status)
{
	return call(url, form, user, password, status);
}

/* The cached text of url (a copy), or NULL; *age its age. */
static char *cached(const char *url, int64_t *age)
{
	char *out = NULL;
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].url && !strcmp(cache[i].url, url)) {
			out = xstrdup(cache[i].text);
			*age = time_now() - cache[i].fetched_s;
		}
	pthread_mutex_unlock(&cache_lock);
	return out;
}

static void remember(const char *url, const char *text)
{
	pthread_mutex_lock(&cache_lock);
	int at = -1, oldest = 0;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (cache[i].url && !strcmp(cache[i].url, url))
			at = i;
		if (cache[i].fetched_s < cache[oldest].fetched_s)
			oldest = i;
	}
	if (at < 0)
		at = oldest;
	free(cache[at].url);
	free(cache[at].text);
	cache[at].url = xstrdup(url);
	cache[at].text = xstrdup(text);
	cache[at].fetched_s = time_now();
	pthread_mutex_unlock(&cache_lock);
}

void sso_http_forget(const char *issuer)
{
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].url && (!issuer || !strncmp(cache[i].url, issuer, strlen(issuer)))) {
			free(cache[i].url);
			free(cache[i].text);
			cache[i].url = cache[i].text = NULL;
			cache[i].fetched_s = 0;
		}
	pthread_mutex_unlock(&cache_lock);
}

/* A document at url: from the cache when younger than max_age, else fetched
 * (and cached when status 200). Caller frees. */
static char *document(const char *url, int64_t max_age)
{
	int64_t age = 0;
	char *text = cached(url, &age);
	if (text && age < max_age)
		return text;
	long status = 0;
	char *fresh = call(url, NULL, NULL, NULL, &status);
	if (fresh && status == 200) {
		remember(url, fresh);
		free(text);
		return fresh;
	}
	free(fresh);
	return text; /* the provider is away: the last good copy, if any */
}

const char *sso_http_discovery(const char *issuer, struct oidc_discovery *d)
{
	memset(d, 0, sizeof *d);
	struct buf url = BUF_INIT;
	size_t n = strlen(issuer);
	buf_add(&url, issuer, n && issuer[n - 1] == '/' ? n - 1 : n);
	buf_puts(&url, "/.well-known/openid-configuration");
	char *text = document(buf_str(&url), CACHE_TTL_S);
	buf_free(&url);
	if (!text)
		return "err.sso.unreachable";
	const char *why = oidc_discovery_parse(text, strlen(text), issuer, d);
	free(text);
	return why;
}

/* The cached discovery document of issuer when younger than max_age. */
static const char *discovery_cached(const char *issuer, struct oidc_discovery *d, int64_t max_age)
{
	memset(d, 0, sizeof *d);
	struct buf url = BUF_INIT;
	size_t n = strlen(issuer);
	buf_add(&url, issuer, n && issuer[n - 1] == '/' ? n - 1 : n);
	buf_puts(&url, "/.well-known/openid-configuration");
	int64_t age = 0;
	char *text = cached(buf_str(&url), &age);
	buf_free(&url);
	if (!text || age >= max_age) {
		free(text);
		return "err.sso.unreachable";
	}
	const char *why = oidc_discovery_parse(text, strlen(text), issuer, d);
	free(text);
	return why;
}

const char *sso_http_discovery_cached(const char *issuer, struct oidc_discovery *d)
{
	return discovery_cached(issuer, d, INT64_MAX);
}

/* The outside work of sso_http_discovery_wait: one fetch, its outcome. */
struct discovery_fetch {
	char *issuer;
	const char *why;
};

static void discovery_fetch_run(void *arg)
{
	struct discovery_fetch *f = arg;
	struct oidc_discovery d;
	f->why = sso_http_discovery(f->issuer, &d);
	oidc_discovery_free(&d);
}

static void discovery_fetch_free(void *arg)
{
	struct discovery_fetch *f = arg;
	sso_http_wait_give(f->issuer);
	free(f->issuer);
	free(f);
}

int sso_http_discovery_wait(struct api_ctx *c, const char *issuer)
{
	struct oidc_discovery d;
	if (c->slow_done || strcmp(c->method ? c->method : "GET", "GET") != 0)
		return 0;
	if (!discovery_cached(issuer, &d, CACHE_TTL_S)) {
		oidc_discovery_free(&d);
		return 0;
	}
	if (sso_http_wait_take(issuer) < 0) { /* this provider holds enough waiting requests */
		memset(&d, 0, sizeof d);
		return 0; /* sso_http_discovery_now: the cache, or unreachable */
	}
	struct discovery_fetch *f = xcalloc(1, sizeof *f);
	f->issuer = xstrdup(issuer);
	c->slow = discovery_fetch_run;
	c->slow_free = discovery_fetch_free;
	c->slow_arg = f;
	c->detail = "err.sso.busy";
	return 1;
}

const char *sso_http_discovery_now(const struct api_ctx *c, const char *issuer, struct oidc_discovery *d)
{
	const struct discovery_fetch *f = c->slow_done;
	if (f && f->why) {
		memset(d, 0, sizeof *d);
		return f->why;
	}
	return sso_http_discovery_cached(issuer, d);
}

json_t *sso_http_jwks(const char *uri, int refresh)
{
	char *text = document(uri, refresh ? REFRESH_MIN_S : CACHE_TTL_S);
	json_t *j = text ? oidc_jwks_parse(text, strlen(text)) : NULL;
	free(text);
	return j;
}
