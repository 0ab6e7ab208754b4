/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * round_scores: stored round scores (see round_scores.h): the fingerprint of
 * a method, the stored form of a score, reading it back (or computing it
 * when the stored row is not current) and the filler thread.
 */
#include "api/round_scores.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/assessment.h"
#include "api/method_registry.h"
#include "lib/log.h"
#include "lib/util.h"
#include "store/assessment_store.h"
#include "store/db.h"
#include "store/score_store.h"

/* --- fingerprints ------------------------------------------------------------------------ */

/* The registry is loaded once before any request and never changes, so the
 * fingerprints are computed once, for all methods. */
static pthread_once_t fp_once = PTHREAD_ONCE_INIT;
static const struct method **fp_method;
static char **fp_text;
static size_t fp_n;
static char *methods_text, *fps_text;

static void fp_init(void)
{
	fp_n = method_registry_count();
	fp_method = xcalloc(fp_n + 1, sizeof *fp_method);
	fp_text = xcalloc(fp_n + 1, sizeof *fp_text);
	json_t *ids = json_array(), *fps = json_array();
	for (size_t i = 0; i < fp_n; i++) {
		const struct method *m = method_registry_at(i);
		json_t *def = method_registry_json(m);
		char *txt = json_dumps(def, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(def);
		char salt[32];
		snprintf(salt, sizeof salt, "scorer %d\n", ROUND_SCORES_VERSION);
		unsigned char h[16];
		crypto_generichash_state gs;
		crypto_generichash_init(&gs, NULL, 0, sizeof h);
		crypto_generichash_update(&gs, (const unsigned char *)salt, strlen(salt));
		crypto_generichash_update(&gs, (const unsigned char *)txt, strlen(txt));
		crypto_generichash_final(&gs, h, sizeof h);
		free(txt);
		char hex[2 * sizeof h + 1];
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		size_t n = strlen(m->id) + 1 + sizeof hex;
		fp_text[i] = xcalloc(n, 1);
		snprintf(fp_text[i], n, "%s@%s", m->id, hex);
		fp_method[i] = m;
		json_array_append_new(ids, json_string(m->id));
		json_array_append_new(fps, json_string(fp_text[i]));
	}
	methods_text = json_dumps(ids, JSON_COMPACT);
	fps_text = json_dumps(fps, JSON_COMPACT);
	json_decref(ids);
	json_decref(fps);
}

const char *round_scores_fingerprint(const struct method *m)
{
	pthread_once(&fp_once, fp_init);
	for (size_t i = 0; i < fp_n; i++)
		if (fp_method[i] == m)
			return fp_text[i];
	return "";
}

const char *round_scores_methods_json(void)
{
	pthread_once(&fp_once, fp_init);
	return methods_text;
}

const char *round_scores_fingerprints_json(void)
{
	pthread_once(&fp_once, fp_init);
	return fps_text;
}

/* --- the stored form --------------------------------------------------------------------- */

void round_scores_columns(const struct method *m, const struct score *s, json_t **cells, json_t **weakest)
{
	*cells = json_array();
	*weakest = json_array();
	if (m->n_ingredients) {
		for (size_t k = 0; k < s->n_ingredients; k++)
			json_array_append_new(*cells, s->ingredients[k].stat.scored
							  ? json_real(s->ingredients[k].stat.median)
							  : json_null());
		for (size_t k = 0; k < s->n_weakest; k++)
			json_array_append_new(*weakest,
					      json_string(s->ingredients[s->weakest[k]].ingredient->id));
	} else {
		for (size_t k = 0; k < s->n_components; k++)
			json_array_append_new(*cells, s->components[k].scored
							  ? json_real(s->components[k].level)
							  : json_null());
		for (size_t k = 0; k < s->n_bottleneck; k++)
			json_array_append_new(*weakest,
					      json_string(s->components[s->bottleneck[k]].component->id));
	}
}

static void compute(const struct method *m, int64_t round_id, json_t **cells, json_t **weakest)
{
	struct assessment_data d;
	struct score s;
	assessment_data_load(round_id, &d);
	assessment_score(m, &d, &s);
	round_scores_columns(m, &s, cells, weakest);
	score_free(&s);
	assessment_data_free(&d);
}

void round_scores_read(const struct method *m, int64_t round_id, const char *fingerprint, const char *cells,
		       const char *weakest, json_t **cells_out, json_t **weakest_out)
{
	*cells_out = *weakest_out = NULL;
	if (fingerprint && cells && weakest && !strcmp(fingerprint, round_scores_fingerprint(m))) {
		*cells_out = json_loads(cells, 0, NULL);
		*weakest_out = json_loads(weakest, 0, NULL);
		size_t nc = m->n_ingredients ? m->n_ingredients : m->n_components;
		if (json_array_size(*cells_out) == nc && json_is_array(*weakest_out))
			return;
		json_decref(*cells_out);
		json_decref(*weakest_out);
	}
	compute(m, round_id, cells_out, weakest_out);
}

json_t *round_scores_trend(const struct method *m, int64_t round_id, int64_t *n_raters)
{
	char *fp, *cells;
	json_t *out = NULL;
	if (score_store_get_raters(round_id, &fp, &cells, n_raters) == 0 && fp && cells &&
	    !strcmp(fp, round_scores_fingerprint(m))) {
		out = json_loads(cells, 0, NULL);
		if (json_array_size(out) != (m->n_ingredients ? m->n_ingredients : m->n_components)) {
			json_decref(out);
			out = NULL;
		}
	}
	free(fp);
	free(cells);
	if (out)
		return out;
	struct assessment_data d;
	struct score s;
	json_t *weakest;
	assessment_data_load(round_id, &d);
	assessment_score(m, &d, &s);
	round_scores_columns(m, &s, &out, &weakest);
	*n_raters = (int64_t)s.n_raters;
	json_decref(weakest);
	score_free(&s);
	assessment_data_free(&d);
	return out;
}

void round_scores_refresh(int64_t round_id)
{
	struct assessment_round r;
	if (assessment_store_round_get(round_id, &r) < 0)
		return;
	const struct method *m = assessment_method(&r);
	if (!m) {
		/* no longer offered: marked, so the filler does not pick it again */
		score_store_put(round_id, "-", NULL, NULL);
	} else {
		json_t *cells, *weakest;
		compute(m, round_id, &cells, &weakest);
		/* 17 significant digits: the stored double reads back as the same one */
		char *c = json_dumps(cells, JSON_COMPACT | JSON_REAL_PRECISION(17));
		char *w = json_dumps(weakest, JSON_COMPACT);
		score_store_put(round_id, round_scores_fingerprint(m), c, w);
		free(c);
		free(w);
		json_decref(cells);
		json_decref(weakest);
	}
	assessment_round_free(&r);
}

size_t round_scores_fill(size_t max)
{
	int64_t *ids = xcalloc(max + 1, sizeof *ids);
	size_t n = score_store_pending(ids, max);
	for (size_t i = 0; i < n; i++)
		round_scores_refresh(ids[i]);
	free(ids);
	return n;
}

/* --- the filler thread ------------------------------------------------------------------- */

#define FILL_BATCH 50	 /* rounds per write transaction: a few ms of the write lock */
#define FILL_IDLE_S 5	 /* between looks when nothing waits */
#define FILL_PAUSE_MS 20 /* between batches: other writers get the lock */

static pthread_once_t start_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static pthread_t thread;
static int background = 1, stopping, running;

void round_scores_background(int on)
{
	background = on;
}

/* One batch in its own write transaction: the number stored, or -1. */
static long batch(int first)
{
	if (db_begin() < 0) {
		db_failure_clear();
		return -1;
	}
	if (first) /* a method or the scorer changed since these were stored */
		score_store_forget_other(round_scores_fingerprints_json());
	size_t n = round_scores_fill(FILL_BATCH);
	long rc = (long)n;
	if (db_failure()) {
		db_rollback();
		rc = -1;
	} else if (db_commit() < 0) {
		rc = -1;
	}
	db_failure_clear();
	db_release();
	return rc;
}

static void *filler(void *arg)
{
	(void)arg;
	int first = 1;
	long total = 0;
	for (;;) {
		pthread_mutex_lock(&mu);
		int stop = stopping;
		pthread_mutex_unlock(&mu);
		if (stop)
			break;
		long n = batch(first);
		if (n >= 0)
			first = 0;
		if (n > 0) {
			total += n;
			usleep(FILL_PAUSE_MS * 1000);
			continue;
		}
		if (total) {
			log_info("round scores: %ld round(s) stored", total);
			total = 0;
		}
		pthread_mutex_lock(&mu);
		if (!stopping) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += FILL_IDLE_S;
			pthread_cond_timedwait(&cv, &mu, &ts);
		}
		pthread_mutex_unlock(&mu);
	}
	db_close_thread();
	return NULL;
}

static void stop_filler(void)
{
	pthread_mutex_lock(&mu);
	stopping = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	if (running)
		pthread_join(thread, NULL);
	running = 0;
}

static void start(void)
{
	if (!background)
		return;
	if (pthread_create(&thread, NULL, filler, NULL) != 0) {
		log_error("round scores: cannot start the filler; scores are computed per request");
		return;
	}
	running = 1;
	atexit(stop_filler);
}

void round_scores_autostart(void)
{
	pthread_once(&start_once, start);
}
