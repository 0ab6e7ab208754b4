/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * notify_worker: the outbox worker thread of `scalelab serve`. It has its
 * own database connection and keeps every transaction short: claim one
 * due message (wachtrij -> verzenden), commit, render and send it through
 * libcurl's SMTP client outside any transaction, then mark it (verzonden,
 * back to wachtrij with backoff, or mislukt). A busy database means "try
 * again next tick", never a crash. It also queues the schedule (reminders,
 * digests) and purges rows older than 90 days.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/notify.h"
#include "api/notify_int.h"
#include "domain/notify.h"
#include "lib/i18n.h"
#include "lib/log.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/db.h"
#include "store/notify_store.h"
#include "store/privacy_store.h"

#define PURGE_DAYS 90

static pthread_t thread;
static int running;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int stopping;
static notify_render_fn render;

static void b64_lines(struct buf *out, const char *s, size_t n)
{
	size_t enc = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	char *tmp = xmalloc(enc);
	sodium_bin2base64(tmp, enc, (const unsigned char *)s, n, sodium_base64_VARIANT_ORIGINAL);
	size_t len = strlen(tmp);
	for (size_t i = 0; i < len; i += 76) {
		buf_add(out, tmp + i, len - i < 76 ? len - i : 76);
		buf_puts(out, "\r\n");
	}
	free(tmp);
}

/* RFC 2047 encoded word for a header holding UTF-8 text. */
static void header_word(struct buf *out, const char *s)
{
	size_t n = strlen(s), enc = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	char *tmp = xmalloc(enc);
	sodium_bin2base64(tmp, enc, (const unsigned char *)s, n, sodium_base64_VARIANT_ORIGINAL);
	buf_printf(out, "=?UTF-8?B?%s?=", tmp);
	free(tmp);
}

/* The template escaper's entities back to text, for the text/plain part. */
static void unescape(struct buf *out, const char *s)
{
	static const struct {
		const char *ent, *ch;
	} map[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};
	while (*s) {
		int hit = 0;
		for (size_t i = 0; *s == '&' && i < sizeof map / sizeof map[0]; i++)
			if (!strncmp(s, map[i].ent, strlen(map[i].ent))) {
				buf_puts(out, map[i].ch);
				s += strlen(map[i].ent);
				hit = 1;
				break;
			}
		if (!hit)
			buf_putc(out, *s++);
	}
}

/* Header lines never carry a CR or LF from data (no header injection). */
static void header_safe(struct buf *out, const char *name, const char *value)
{
	buf_printf(out, "%s: ", name);
	for (const char *p = value; *p; p++)
		buf_putc(out, *p == '\r' || *p == '\n' ? ' ' : *p);
	buf_puts(out, "\r\n");
}

/* Builds the whole message of outbox row m; 0, or -1 (template missing). */
static int compose(json_t *m, struct buf *msg)
{
	const struct notify_config *cf = notify_conf();
	const char *kind = json_string_value(json_object_get(m, "kind"));
	const char *lang = json_string_value(json_object_get(m, "lang"));
	const char *to = json_string_value(json_object_get(m, "to_addr"));
	json_t *params = json_loads(json_string_value(json_object_get(m, "params")), 0, NULL);
	if (!params)
		params = json_object();
	const char *url = notify_public_url();
	const char *path = json_string_value(json_object_get(params, "path"));
	const char *secret = json_string_value(json_object_get(m, "secret"));
	char link[700];
	if (secret)
		snprintf(link, sizeof link, "%s", secret);
	else
		snprintf(link, sizeof link, "%s%s", url, path ? path : "");
	json_object_set_new(params, "link", json_string(link));
	json_object_set_new(params, "publicUrl", json_string(url));
	json_t *items = json_object_get(params, "items");
	size_t i;
	json_t *it;
	json_array_foreach (items, i, it) {
		char u[600];
		snprintf(u, sizeof u, "%s%s", url, json_string_value(json_object_get(it, "path")));
		json_object_set_new(it, "url", json_string(u));
	}
	int64_t uid = json_integer_value(json_object_get(m, "user_id"));
	char *unsub = NULL;
	if (uid > 0 && !strcmp(kind, "weekoverzicht")) {
		unsub = notify_unsub_url(uid, kind);
		json_object_set_new(params, "unsubscribeUrl", json_string(unsub));
	}
	if (uid > 0) {
		char prefs[400];
		snprintf(prefs, sizeof prefs, "%s/mij/meldingen", url);
		json_object_set_new(params, "prefsUrl", json_string(prefs));
	}
	char key[96], tmpl[96];
	struct buf subject = BUF_INIT, html = BUF_INIT, text = BUF_INIT, plain = BUF_INIT;
	snprintf(key, sizeof key, "notify.subject.%s", kind);
	notify_text(lang, key, params, &subject);
	json_object_set_new(params, "subject", json_string(buf_str(&subject)));
	json_t *ctx = json_pack("{s:O,s:s}", "m", params, "lang", lang);
	snprintf(tmpl, sizeof tmpl, "notify_mail_%s", kind);
	int rc = render(tmpl, ctx, lang, &html);
	snprintf(tmpl, sizeof tmpl, "notify_mail_%s_text", kind);
	if (rc == 0)
		rc = render(tmpl, ctx, lang, &text);
	json_decref(ctx);
	if (rc == 0) {
		unescape(&plain, buf_str(&text));
		char date[64];
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
		buf_puts(msg, "From: ");
		header_word(msg, "Scalelab");
		buf_printf(msg, " <%s>\r\n", cf->mail_from ? cf->mail_from : "scalelab@localhost");
		header_safe(msg, "To", to);
		buf_puts(msg, "Subject: ");
		header_word(msg, buf_str(&subject));
		buf_puts(msg, "\r\n");
		header_safe(msg, "Date", date);
		header_safe(msg, "Message-ID", json_string_value(json_object_get(m, "message_id")));
		header_safe(msg, "MIME-Version", "1.0");
		header_safe(msg, "Content-Language", lang);
		header_safe(msg, "Auto-Submitted", "auto-generated");
		if (unsub) {
			buf_printf(msg, "List-Unsubscribe: <%s>\r\n", unsub);
			header_safe(msg, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
		}
		const char *b = "=_scalelab_alt_8d1f";
		buf_printf(msg, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", b);
		buf_printf(msg,
			   "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
			   "Content-Transfer-Encoding: base64\r\n\r\n",
			   b);
		b64_lines(msg, buf_str(&plain), plain.len);
		buf_printf(msg,
			   "--%s\r\nContent-Type: text/html; charset=utf-8\r\n"
			   "Content-Transfer-Encoding: base64\r\n\r\n",
			   b);
		b64_lines(msg, buf_str(&html), html.len);
		buf_printf(msg, "--%s--\r\n", b);
	}
	free(unsub);
	buf_free(&subject);
	buf_free(&html);
	buf_free(&text);
	buf_free(&plain);
	json_decref(params);
	return rc == 0 ? 0 : -1;
}

struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb < u->left ? size * nmemb : u->left;
	memcpy(ptr, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

enum send_result { SEND_OK, SEND_RETRY, SEND_FAIL };

/* Sends msg to one recipient; the reason of a failure into err. */
static enum send_result smtp_send(const char *to, struct buf *msg, char *err, size_t en)
{
	const struct notify_config *cf = notify_conf();
	CURL *h = curl_easy_init();
	if (!h) {
		snprintf(err, en, "libcurl could not start");
		return SEND_RETRY;
	}
	char ebuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpt = curl_slist_append(NULL, to);
	struct upload up = {buf_str(msg), msg->len};
	curl_easy_setopt(h, CURLOPT_URL, cf->smtp_url);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, cf->mail_from ? cf->mail_from : "scalelab@localhost");
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
	/* smtps:// is TLS from the start; smtp:// must upgrade with STARTTLS
	 * unless the operator said the relay is local and plain */
	curl_easy_setopt(h, CURLOPT_USE_SSL,
			 cf->smtp_insecure ? (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
	if (cf->smtp_user && *cf->smtp_user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, cf->smtp_user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, cf->smtp_password ? cf->smtp_password : "");
	}
	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	if (rc == CURLE_OK)
		return SEND_OK;
	/* the relay's reply code decides: 5xx is final, 4xx and no reply
	 * (connection refused, timeout) are worth another try */
	const char *why = ebuf[0] ? ebuf : curl_easy_strerror(rc);
	if (code >= 400)
		snprintf(err, en, "SMTP %ld: %s", code, why);
	else if (rc == CURLE_USE_SSL_FAILED)
		snprintf(err, en,
			 "%s (the relay offers no STARTTLS; --smtp-insecure allows a local plain relay)",
			 why);
	else
		snprintf(err, en, "%s", why);
	return code >= 500 && code < 600 ? SEND_FAIL : SEND_RETRY;
}

/* Runs fn in a short write transaction; 0, or the failure (rolled back). */
static int in_tx(int (*fn)(void *), void *arg)
{
	int rc = db_begin();
	if (rc == 0) {
		rc = fn(arg);
		if (rc < 0 || db_failure()) {
			db_rollback();
			if (!rc)
				rc = db_failure();
		} else {
			rc = db_commit();
		}
	}
	db_failure_clear();
	db_release();
	return rc;
}

struct mark {
	int64_t id;
	enum send_result r;
	int attempts;
	char err[400];
};

static int claim_fn(void *arg)
{
	json_t **row = arg;
	*row = notify_store_outbox_claim(time_now());
	return 0;
}

static int mark_fn(void *arg)
{
	struct mark *k = arg;
	const struct notify_config *cf = notify_conf();
	if (k->r == SEND_OK)
		return notify_store_outbox_sent(k->id);
	int64_t wait = notify_backoff_s(k->attempts);
	if (k->r == SEND_FAIL || wait < 0)
		return notify_store_outbox_failed(k->id, k->attempts, k->err);
	double s = cf->backoff_scale > 0 ? cf->backoff_scale : 1;
	int64_t w = (int64_t)((double)wait * s);
	return notify_store_outbox_retry(k->id, k->attempts, time_now() + (w < 1 ? 1 : w), k->err);
}

static int interrupted_fn(void *arg)
{
	int *n = arg;
	*n = notify_store_outbox_interrupted("notify.err.interrupted");
	return 0;
}

static int schedule_fn(void *arg)
{
	(void)arg;
	int rc = notify_run_schedule(time_now());
	return rc < 0 ? rc : 0;
}

static int purge_fn(void *arg)
{
	(void)arg;
	char ts[21];
	time_rfc3339(time_now() - PURGE_DAYS * 86400, ts);
	notify_store_outbox_purge(ts);
	privacy_purge(time_now()); /* retention of the privacy register (docs/privacy.md) */
	return 0;
}

/* Sends one due message; 1 when one was handled, 0 when none was due. */
static int send_one(void)
{
	json_t *row = NULL;
	if (in_tx(claim_fn, &row) < 0 || !row) {
		json_decref(row);
		return 0;
	}
	struct mark k = {0};
	k.id = json_integer_value(json_object_get(row, "id"));
	k.attempts = (int)json_integer_value(json_object_get(row, "attempts")) + 1;
	struct buf msg = BUF_INIT;
	if (compose(row, &msg) < 0) {
		k.r = SEND_FAIL;
		snprintf(k.err, sizeof k.err, "notify.err.template");
	} else {
		k.r =
		    smtp_send(json_string_value(json_object_get(row, "to_addr")), &msg, k.err, sizeof k.err);
		if (k.r == SEND_OK && notify_conf()->crash_after_send)
			raise(SIGKILL); /* the durability test: sent, never marked */
	}
	buf_free(&msg);
	if (k.r != SEND_OK)
		log_info("outbox: message %lld not sent (attempt %d): %s", (long long)k.id, k.attempts,
			 k.err);
	/* the mark must land: a busy database is waited out, a row left in
	 * verzenden would be reported as interrupted at the next start */
	for (int i = 0; i < 50; i++) {
		if (in_tx(mark_fn, &k) != -ERR_BUSY)
			break;
		usleep(200 * 1000);
	}
	json_decref(row);
	return 1;
}

static void *worker(void *arg)
{
	(void)arg;
	int n = 0;
	if (in_tx(interrupted_fn, &n) == 0 && n)
		log_info("outbox: %d message(s) were being sent when the server stopped; marked failed", n);
	const struct notify_config *cf = notify_conf();
	int tick = cf->tick_ms > 0 ? cf->tick_ms : 2000;
	int64_t last_schedule = 0, last_purge = 0;
	for (;;) {
		pthread_mutex_lock(&mu);
		int stop = stopping;
		pthread_mutex_unlock(&mu);
		if (stop)
			break;
		int64_t now = time_now();
		if (now - last_schedule >= 300) {
			if (in_tx(schedule_fn, NULL) == 0)
				last_schedule = now;
		}
		if (now - last_purge >= 3600) {
			if (in_tx(purge_fn, NULL) == 0)
				last_purge = now;
		}
		int sent = 0;
		while (notify_email_enabled() && sent < 20 && send_one())
			sent++; /* a burst drains without waiting a tick per message */
		if (sent)
			continue;
		pthread_mutex_lock(&mu);
		if (!stopping) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += tick / 1000;
			ts.tv_nsec += (long)(tick % 1000) * 1000000L;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&cv, &mu, &ts);
		}
		pthread_mutex_unlock(&mu);
	}
	db_close_thread();
	return NULL;
}

int notify_start(notify_render_fn fn)
{
	render = fn;
	notify_key(); /* the unsubscribe secret exists before any thread needs it */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	stopping = 0;
	if (pthread_create(&thread, NULL, worker, NULL) != 0) {
		log_error("cannot start the outbox worker");
		return -ERR_IO;
	}
	running = 1;
	return 0;
}

void notify_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&mu);
	stopping = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(thread, NULL);
	running = 0;
	curl_global_cleanup();
}
