/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * round_scores: the stored scores of assessment rounds (store/score_store.h;
 * schema step 30): what the portfolio and the trend need of a round's score
 * (per ingredient, or per readiness x use component, the median or level,
 * and the weakest ones or the bottleneck), computed once from the submitted
 * answers instead of on every request.
 *
 * A stored row counts only when its fingerprint is the current one: the
 * method's id and a digest of its whole definition and of
 * ROUND_SCORES_VERSION (raise it when domain/score changes what these
 * columns hold). The step's triggers clear the fingerprint whenever a
 * submitted rater or a submitted answer of the round changes, whatever
 * wrote it; readers then compute the round from its answers, exactly as
 * before, and the filler (a background thread, started by the first
 * request that reads stored scores) stores it again within seconds. A
 * round that closes is stored at once.
 */
#ifndef SL_ROUND_SCORES_H
#define SL_ROUND_SCORES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/method.h"
#include "domain/score.h"

#define ROUND_SCORES_VERSION 1

/* "<method id>@<32 hex digits>", owned by the registry's lifetime. */
const char *round_scores_fingerprint(const struct method *m);
/* The stored form of a score: cells, one value (median; for components the
 * level) or null per column in method order, and the ids of the weakest
 * ingredients (or bottleneck components) in method order. New references. */
void round_scores_columns(const struct method *m, const struct score *s, json_t **cells, json_t **weakest);
/* The columns of round round_id of method m: from stored (fingerprint,
 * cells, weakest: the row's text, each may be NULL) when current, else
 * computed from the answers. New references. */
void round_scores_read(const struct method *m, int64_t round_id, const char *fingerprint, const char *cells,
		       const char *weakest, json_t **cells_out, json_t **weakest_out);
/* The trend's values of round round_id of method m: the cells (as
 * round_scores_columns) and the number of submitted raters, stored when
 * current, else computed. New reference. */
json_t *round_scores_trend(const struct method *m, int64_t round_id, int64_t *n_raters);
/* Computes and stores one round (inside the caller's write transaction). */
void round_scores_refresh(int64_t round_id);
/* Stores up to max rounds that wait for their cells (inside the caller's
 * write transaction); returns how many. */
size_t round_scores_fill(size_t max);
/* The ids of the methods offered and their fingerprints, as JSON array texts
 * (owned by the registry's lifetime). */
const char *round_scores_methods_json(void);
const char *round_scores_fingerprints_json(void);
/* Starts the filler thread once per process (later calls do nothing); it
 * stops at exit. round_scores_background(0) first keeps it from starting
 * (unit tests). */
void round_scores_autostart(void);
void round_scores_background(int on);

#endif
