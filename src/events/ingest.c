/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ingest: endpoints, key resolution, append and answers of the ingestion
 * paths, plus the worker pool and the background thread (counter flush,
 * retention sweep). A request touches the main database only to read its
 * source (and once a day to store Plausible's salt); counters stay in
 * memory (store/event_live.h) until the background thread writes them.
 */
#include "events/ingest.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "domain/event_source.h"
#include "domain/initiative.h"
#include "events/ingest_body.h"
#include "events/wire.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/db.h"
#include "store/event_live.h"
#include "store/event_source_store.h"
#include "store/event_store.h"
#include "store/initiative_store.h"

#define ERRORS_PER_REQUEST 5 /* of a request's bad events, this many go to the source's page */
#define SWEEP_EVERY_S 3600
#define INGEST_NICE 5 /* workers' priority below the page threads' */

/* --- an arena for the parsed request --------------------------------------------------------
 * A batch of 100 events parses into some 2,000 jansson values, each a
 * malloc and a free. While a worker parses a request body, jansson
 * allocates from a per-thread arena instead (bump allocation); its frees
 * of arena memory do nothing, and the arena is emptied when the request
 * is answered. Everything else (other threads, and this thread outside
 * the parse) uses malloc and free as before: arena_free tells the two
 * apart by address. Nothing parsed may outlive the request (wire.c copies
 * what it keeps: properties are dumped, strings point into root only
 * until wire_batch_free). */

#define ARENA_FIRST (256u * 1024)
#define ARENA_KEEP (4u * 1024 * 1024) /* a larger chunk is given back after the request */

struct arena_chunk {
	struct arena_chunk *next;
	size_t cap, used, pad;
	unsigned char data[]; /* 32-byte header: data is 16-byte aligned */
};

static _Thread_local struct arena_chunk *arena_head;
static _Thread_local int arena_on;

static void *arena_malloc(size_t n)
{
	if (!arena_on)
		return malloc(n);
	n = (n + 15) & ~(size_t)15;
	struct arena_chunk *c = arena_head;
	if (!c || c->used + n > c->cap) {
		size_t cap = c ? c->cap * 2 : ARENA_FIRST;
		while (cap < n)
			cap *= 2;
		if (!(c = malloc(sizeof *c + cap)))
			return NULL;
		c->next = arena_head;
		c->cap = cap;
		c->used = 0;
		arena_head = c;
	}
	void *p = c->data + c->used;
	c->used += n;
	return p;
}

static void arena_free(void *p)
{
	uintptr_t a = (uintptr_t)p;
	for (struct arena_chunk *c = arena_head; c; c = c->next)
		if (a >= (uintptr_t)c->data && a < (uintptr_t)c->data + c->cap)
			return;
	free(p);
}

/* Empties this thread's arena: keeps one chunk of at most ARENA_KEEP. */
static void arena_reset(void)
{
	struct arena_chunk *keep = NULL;
	for (struct arena_chunk *c = arena_head, *nx; c; c = nx) {
		nx = c->next;
		if (!keep && c->cap <= ARENA_KEEP) {
			keep = c;
			keep->used = 0;
			keep->next = NULL;
		} else {
			free(c);
		}
	}
	arena_head = keep;
}

/* --- routes ------------------------------------------------------------------------------ */

static int path_is(const char *path, const char *want)
{
	size_t n = strlen(want);
	return !strncmp(path, want, n) && (path[n] == 0 || (path[n] == '/' && path[n + 1] == 0));
}

enum ingest_endpoint ingest_route(const char *method, const char *path, int *sub)
{
	static const char *const segment[] = {"/v1/batch",  "/v1/track", "/v1/identify", "/v1/page",
					      "/v1/screen", "/v1/group", "/v1/alias"};
	int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
	int post = !strcmp(method, "POST") || !strcmp(method, "OPTIONS");
	*sub = 0;
	if (post && (path_is(path, "/batch") || path_is(path, "/capture") || path_is(path, "/e") ||
		     path_is(path, "/i/v0/e")))
		return INGEST_POSTHOG;
	if ((post || get) && (path_is(path, "/flags") || path_is(path, "/decide")))
		return INGEST_POSTHOG_FLAGS;
	for (int i = 0; i < 7; i++)
		if (post && path_is(path, segment[i])) {
			*sub = i; /* enum wire_segment_type order */
			return INGEST_SEGMENT;
		}
	if ((post || get) && (path_is(path, "/track") || path_is(path, "/engage"))) {
		*sub = path_is(path, "/engage");
		return INGEST_MIXPANEL;
	}
	if (post && path_is(path, "/api/event"))
		return INGEST_PLAUSIBLE;
	return INGEST_NONE;
}

/* --- answers ----------------------------------------------------------------------------- */

static void reply_json(struct ingest_reply *rp, int status, json_t *doc)
{
	char *s = json_dumps(doc, JSON_COMPACT);
	buf_reset(&rp->body);
	buf_puts(&rp->body, s);
	free(s);
	json_decref(doc);
	rp->status = status;
	rp->ctype = "application/json";
}

static void reply_text(struct ingest_reply *rp, int status, const char *text)
{
	buf_reset(&rp->body);
	buf_puts(&rp->body, text);
	rp->status = status;
	rp->ctype = "text/plain; charset=utf-8";
}

static int query_flag(const char *query, const char *name, const char *value)
{
	struct buf v = BUF_INIT;
	int on =
	    query && ingest_form_field(query, strlen(query), name, &v) == 0 && !strcmp(buf_str(&v), value);
	buf_free(&v);
	return on;
}

/* A refusal of the whole request, in the words of the client's protocol. */
static void refuse(const struct ingest_request *rq, struct ingest_reply *rp, int status, const char *detail,
		   json_t *errors)
{
	switch (rq->ep) {
	case INGEST_SEGMENT: {
		json_t *d = json_pack("{s:b,s:s}", "success", 0, "message", detail);
		if (errors)
			json_object_set(d, "errors", errors);
		reply_json(rp, status, d);
		break;
	}
	case INGEST_MIXPANEL:
		if (query_flag(rq->query, "verbose", "1"))
			reply_json(rp, status, json_pack("{s:i,s:s}", "status", 0, "error", detail));
		else
			reply_text(rp, status, "0");
		break;
	default: {
		const char *type = status == 401 ? "authentication_error" : "validation_error";
		const char *code = status == 401   ? "invalid_api_key"
				   : status == 413 ? "payload_too_large"
				   : status >= 500 ? "server_error"
						   : "invalid_payload";
		json_t *d = json_pack("{s:s,s:s,s:s}", "type", type, "code", code, "detail", detail);
		if (errors)
			json_object_set(d, "errors", errors);
		reply_json(rp, status, d);
	}
	}
}

/* Success: the events are durable. errors lists the refused ones. */
static void accept(const struct ingest_request *rq, struct ingest_reply *rp, json_t *errors)
{
	json_t *d;
	switch (rq->ep) {
	case INGEST_SEGMENT: d = json_pack("{s:b}", "success", 1); break;
	case INGEST_MIXPANEL:
		if (query_flag(rq->query, "verbose", "1")) {
			reply_json(rp, 200, json_pack("{s:i,s:n}", "status", 1, "error"));
		} else {
			reply_text(rp, 200, "1");
		}
		return;
	case INGEST_PLAUSIBLE: reply_text(rp, 202, "ok"); return;
	default: d = json_pack("{s:i}", "status", 1);
	}
	if (errors && json_array_size(errors))
		json_object_set(d, "errors", errors);
	reply_json(rp, 200, d);
}

/* --- Plausible's salt -------------------------------------------------------------------- */

static pthread_mutex_t salt_mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t salt_day = -1;
static unsigned char salt_now[32];

void ingest_visitor_id(const unsigned char salt[32], const char *ip, const char *ua, const char *domain,
		       char out[33])
{
	char key[65];
	for (int i = 0; i < 32; i++)
		snprintf(key + 2 * i, 3, "%02x", salt[i]);
	struct buf msg = BUF_INIT;
	buf_printf(&msg, "%s\n%s\n%s", ip ? ip : "", ua ? ua : "", domain ? domain : "");
	char mac[SECRET_TOKEN_LEN + 1];
	secret_mac(key, buf_str(&msg), mac);
	buf_free(&msg);
	memcpy(out, mac, 32);
	out[32] = 0;
}

/* Today's salt: from memory, else from the database (made when absent). */
static int day_salt(int64_t day, unsigned char salt[32])
{
	pthread_mutex_lock(&salt_mu);
	int rc = 0;
	if (salt_day != day) {
		unsigned char fresh[32];
		char tok[SECRET_TOKEN_LEN + 1];
		secret_token(tok); /* 32 random bytes, base64url */
		secret_digest(tok, fresh);
		rc = db_begin();
		if (rc == 0) {
			event_source_store_salt(day, fresh, salt_now);
			rc = db_commit();
		}
		if (rc == 0)
			salt_day = day;
		db_release();
	}
	memcpy(salt, salt_now, 32);
	pthread_mutex_unlock(&salt_mu);
	return rc;
}

/* --- one request ------------------------------------------------------------------------- */

/* The Segment write key of "Basic base64(key:)", into out. */
static int basic_user(const char *auth, struct buf *out)
{
	if (!auth || strncasecmp(auth, "Basic ", 6))
		return -1;
	struct buf d = BUF_INIT;
	if (ingest_base64(auth + 6, strlen(auth + 6), &d) < 0 || !d.len) {
		buf_free(&d);
		return -1;
	}
	size_t n = strcspn(buf_str(&d), ":");
	buf_add(out, d.data, n);
	buf_free(&d);
	return out->len ? 0 : -1;
}

static const char *kind_word(enum ingest_endpoint ep)
{
	switch (ep) {
	case INGEST_SEGMENT: return "segment";
	case INGEST_MIXPANEL: return "mixpanel";
	case INGEST_PLAUSIBLE: return "plausible";
	default: return "posthog";
	}
}

/* The active source the key names for this endpoint's kind. */
static int resolve(enum ingest_endpoint ep, const char *key, struct event_source *src)
{
	if (!key || !*key || strlen(key) > 300)
		return -ERR_AUTH;
	db_read_begin();
	int rc;
	if (ep == INGEST_PLAUSIBLE) {
		rc = event_source_store_by_domain(key, src);
	} else {
		unsigned char d[SECRET_HASH_LEN];
		secret_digest(key, d);
		rc = event_source_store_by_digest(d, src);
	}
	int fail = db_failure();
	db_release();
	if (fail)
		return fail;
	if (rc < 0 || strcmp(event_source_kind_name(src->kind), kind_word(ep)))
		return -ERR_AUTH;
	return 0;
}

static void count_errors(int64_t source_id, int64_t now, const struct wire_batch *b)
{
	size_t i;
	json_t *e;
	json_array_foreach (b->errors, i, e) {
		if (i == ERRORS_PER_REQUEST)
			break;
		char msg[400];
		snprintf(msg, sizeof msg, "event %lld of %zu: %s",
			 (long long)json_integer_value(json_object_get(e, "index")), b->total,
			 json_string_value(json_object_get(e, "reason")));
		event_live_error(source_id, now, msg);
	}
}

static int decode(const struct ingest_request *rq, int64_t now, struct wire_batch *b, struct buf *key,
		  const char **reason)
{
	struct buf json = BUF_INIT;
	int rc;
	char compression[16] = "";
	struct buf cv = BUF_INIT;
	if (rq->query && ingest_form_field(rq->query, strlen(rq->query), "compression", &cv) == 0)
		snprintf(compression, sizeof compression, "%s", buf_str(&cv));
	buf_free(&cv);
	if (rq->ep == INGEST_MIXPANEL && !rq->len) {
		/* GET /track?data=<base64>: the query is the body */
		struct buf data = BUF_INIT;
		if (!rq->query || ingest_form_field(rq->query, strlen(rq->query), "data", &data) < 0) {
			*reason = "the request has no data";
			return -ERR_INVALID;
		}
		struct ingest_body_in in = {data.data, data.len, NULL, NULL, NULL};
		rc = ingest_body_decode(&in, &json, reason);
		buf_free(&data);
	} else {
		struct ingest_body_in in = {rq->body, rq->len, rq->content_type, rq->content_encoding,
					    compression[0] ? compression : NULL};
		rc = ingest_body_decode(&in, &json, reason);
	}
	if (rc < 0) {
		buf_free(&json);
		return rc;
	}
	arena_on = 1;
	rc = wire_parse(b, json.data, json.len, reason);
	arena_on = 0;
	buf_free(&json);
	if (rc < 0)
		return -ERR_INVALID;
	struct buf qk = BUF_INIT;
	if (rq->query && ingest_form_field(rq->query, strlen(rq->query), "token", &qk) < 0)
		ingest_form_field(rq->query, strlen(rq->query), "api_key", &qk);
	switch (rq->ep) {
	case INGEST_POSTHOG: {
		/* posthog-js puts its send time in ?_=<ms> */
		struct buf sv = BUF_INIT;
		if (rq->query && ingest_form_field(rq->query, strlen(rq->query), "_", &sv) == 0 && sv.len &&
		    sv.len < 16 && strspn(buf_str(&sv), "0123456789") == sv.len)
			b->sent_ms = atoll(buf_str(&sv));
		buf_free(&sv);
		rc = wire_posthog(b, now, qk.len ? buf_str(&qk) : NULL, reason);
		break;
	}
	case INGEST_SEGMENT: rc = wire_segment(b, (enum wire_segment_type)rq->sub, now, reason); break;
	case INGEST_MIXPANEL: rc = wire_mixpanel(b, rq->sub, now, reason); break;
	default: {
		char visitor[33] = "";
		json_t *d = json_object_get(b->root, "domain");
		const char *dom = json_string_value(d ? d : json_object_get(b->root, "d"));
		unsigned char salt[32];
		if (day_salt(now / 86400000, salt) < 0) {
			buf_free(&qk);
			*reason = "the database is busy";
			return -ERR_BUSY;
		}
		char first[256];
		snprintf(first, sizeof first, "%.*s", (int)strcspn(dom ? dom : "", ","), dom ? dom : "");
		for (char *c = first; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		ingest_visitor_id(salt, rq->ip, rq->user_agent, first, visitor);
		rc = wire_plausible(b, now, visitor, reason);
	}
	}
	buf_free(&qk);
	if (rc < 0)
		return -ERR_INVALID;
	if (rq->ep == INGEST_SEGMENT && basic_user(rq->authorization, key) == 0)
		return 0;
	if (b->key)
		buf_puts(key, b->key);
	return 0;
}

void ingest_handle(const struct ingest_request *rq, struct ingest_reply *rp)
{
	int64_t now = time_now_ms();
	if (rq->ep == INGEST_POSTHOG_FLAGS) {
		/* what posthog-node (/flags) and posthog-js (/decide) read: no
		 * flags, no recordings, and the compressions we take */
		reply_json(rp, 200,
			   json_pack("{s:{},s:{},s:{},s:b,s:b,s:[s,s,s],s:{s:b},s:b}", "flags",
				     "featureFlags", "featureFlagPayloads", "errorsWhileComputingFlags", 0,
				     "sessionRecording", 0, "supportedCompression", "gzip", "gzip-js", "lz64",
				     "config", "enable_collect_everything", 1, "isAuthenticated", 0));
		return;
	}
	if (rq->too_large) {
		refuse(rq, rp, 413, "the request is larger than 20 MiB", NULL);
		return;
	}
	struct event_store *store = event_live_store();
	if (!store) {
		rp->retry_after = 5;
		refuse(rq, rp, 503, "the event store is not open", NULL);
		return;
	}
	struct wire_batch b = {0};
	struct buf key = BUF_INIT;
	const char *reason = NULL;
	int rc = decode(rq, now, &b, &key, &reason);
	if (rc < 0) {
		refuse(rq, rp, rc == -ERR_LIMIT ? 413 : rc == -ERR_BUSY ? 503 : 400, reason, NULL);
		goto out;
	}
	struct event_source src;
	rc = resolve(rq->ep, key.len ? buf_str(&key) : NULL, &src);
	if (rc < 0) {
		if (rc != -ERR_AUTH)
			rp->retry_after = 5;
		refuse(rq, rp, rc == -ERR_AUTH ? 401 : 503,
		       rq->ep == INGEST_PLAUSIBLE ? "no active source has this domain"
		       : rc == -ERR_AUTH	  ? "the key is unknown, rotated or revoked"
						  : "the database is busy",
		       NULL);
		goto out;
	}
	struct event_source_counts d = {.last_received_ms = now};
	d.refused = (int64_t)json_array_size(b.errors);
	if (b.n == 0) {
		event_live_count(src.id, &d);
		count_errors(src.id, now, &b);
		refuse(rq, rp, 400,
		       b.total ? "no event of the request is valid" : "the request holds no events",
		       b.errors);
		goto out;
	}
	enum event_outcome *out = xcalloc(b.n, sizeof *out);
	rc = store->ops->append(store, src.initiative_id, src.id, b.ev, b.n, b.alias, b.n_alias, out);
	if (rc < 0) {
		free(out);
		log_error("ingest: append of %zu events of source %lld failed (%d)", b.n, (long long)src.id,
			  rc);
		rp->retry_after = rc == -ERR_FULL ? 0 : 5;
		refuse(rq, rp, rc == -ERR_FULL ? 507 : 503, "the events could not be stored; send them again",
		       NULL);
		goto out;
	}
	for (size_t i = 0; i < b.n; i++) {
		if (out[i] == EVENT_DUPLICATE)
			d.duplicates++;
		else
			d.accepted++;
		if (b.ev[i].ts_ms > d.last_event_ms)
			d.last_event_ms = b.ev[i].ts_ms;
	}
	free(out);
	event_live_count(src.id, &d);
	count_errors(src.id, now, &b);
	accept(rq, rp, b.errors);
out:
	buf_free(&key);
	wire_batch_free(&b);
	arena_reset(); /* nothing parsed is alive any more */
}

/* --- workers and the background thread ----------------------------------------------------- */

struct job {
	void (*fn)(void *);
	void *arg;
	struct job *next;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER, bg_cv = PTHREAD_COND_INITIALIZER;
static struct job *head, *tail;
static int stopping, nworkers;
static pthread_t *workers, bg;
static struct event_store *opened;

void ingest_submit(void (*fn)(void *), void *arg)
{
	struct job *j = xcalloc(1, sizeof *j);
	j->fn = fn;
	j->arg = arg;
	pthread_mutex_lock(&mu);
	if (stopping || !nworkers) { /* after ingest_stop: no worker is left to take it */
		pthread_mutex_unlock(&mu);
		free(j);
		fn(arg);
		return;
	}
	if (tail)
		tail->next = j;
	else
		head = j;
	tail = j;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
}

static void *worker(void *unused)
{
	(void)unused;
	/* a flood of events yields the CPU to the pages and the API: on Linux
	 * a thread's nice value is its own */
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), INGEST_NICE) < 0)
		log_info("ingest: worker priority unchanged");
	for (;;) {
		pthread_mutex_lock(&mu);
		while (!head && !stopping)
			pthread_cond_wait(&cv, &mu);
		struct job *j = head;
		if (j) {
			head = j->next;
			if (!head)
				tail = NULL;
		}
		pthread_mutex_unlock(&mu);
		if (!j)
			break;
		j->fn(j->arg);
		free(j);
	}
	db_close_thread();
	return NULL;
}

/* Expires every source's events older than its retention. */
static void sweep(void)
{
	size_t n = 0;
	db_read_begin();
	struct event_source *s = event_source_store_list(0, &n);
	db_release();
	int64_t now = time_now_ms();
	for (size_t i = 0; i < n; i++) {
		int64_t erased = 0;
		int rc = opened->ops->expire(opened, s[i].initiative_id, s[i].id,
					     now - (int64_t)s[i].retention_days * 86400000, &erased);
		if (rc < 0)
			log_error("retention: source %lld: expiry failed (%d)", (long long)s[i].id, rc);
		else if (erased)
			log_info("retention: source %lld: %lld events older than %d days erased",
				 (long long)s[i].id, (long long)erased, s[i].retention_days);
	}
	free(s);
}

/* Erases the events of every project whose initiative no longer exists
 * (deleted; the store's project id is the initiative id). Only a
 * definite "not found" erases: a busy database leaves them for later. */
static void erase_orphans(void)
{
	int64_t *ids = NULL;
	size_t n = 0;
	if (opened->ops->projects(opened, &ids, &n) < 0) {
		log_error("ingest: the event store's projects could not be listed");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct initiative in = {0};
		db_read_begin();
		int rc = initiative_store_read(ids[i], &in);
		int fail = db_failure();
		db_release();
		if (rc == 0)
			initiative_free(&in);
		if (rc != -ERR_NOTFOUND || fail)
			continue;
		int64_t erased = 0;
		if ((rc = opened->ops->erase_project(opened, ids[i], &erased)) < 0)
			log_error("events: initiative %lld was deleted; erasing its events failed (%d)",
				  (long long)ids[i], rc);
		else
			log_info("events: initiative %lld was deleted; its %lld events are erased",
				 (long long)ids[i], (long long)erased);
	}
	free(ids);
}

static void *background(void *unused)
{
	(void)unused;
	int64_t next_sweep = time_now() + 10;
	pthread_mutex_lock(&mu);
	while (!stopping) {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_sec += 1;
		pthread_cond_timedwait(&bg_cv, &mu, &t);
		int stop = stopping;
		pthread_mutex_unlock(&mu);
		if (event_live_flush() < 0)
			log_error("ingest: counters not written yet (database busy); trying again");
		db_release();
		int hourly = time_now() >= next_sweep;
		if (!stop && (hourly || event_live_orphans_due()))
			erase_orphans();
		if (!stop && (hourly || event_live_sweep_due())) {
			sweep();
			next_sweep = time_now() + SWEEP_EVERY_S;
		}
		pthread_mutex_lock(&mu);
	}
	pthread_mutex_unlock(&mu);
	db_close_thread();
	return NULL;
}

int ingest_start(const char *dir, int n)
{
	int err = 0;
	opened = event_store_open_embedded(dir, &err);
	if (!opened) {
		log_error("cannot open the event store in %s (%d)", dir, err);
		return -ERR_IO;
	}
	event_live_set_store(opened);
	json_set_alloc_funcs(arena_malloc, arena_free);
	stopping = 0;
	nworkers = n;
	workers = xcalloc((size_t)n, sizeof *workers);
	for (int i = 0; i < n; i++)
		pthread_create(&workers[i], NULL, worker, NULL);
	pthread_create(&bg, NULL, background, NULL);
	return 0;
}

void ingest_stop(void)
{
	if (!opened)
		return;
	pthread_mutex_lock(&mu);
	stopping = 1;
	pthread_cond_broadcast(&cv);
	pthread_cond_broadcast(&bg_cv);
	pthread_mutex_unlock(&mu);
	for (int i = 0; i < nworkers; i++)
		pthread_join(workers[i], NULL);
	pthread_join(bg, NULL);
	free(workers);
	event_live_set_store(NULL);
	opened->ops->close(opened);
	opened = NULL;
}
