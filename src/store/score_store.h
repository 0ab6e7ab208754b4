/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * score_store: table round_scores (schema step 30, store/assessment_schema.c):
 * per assessment round what the portfolio and the trend show, computed by
 * api/round_scores.c and kept true by triggers (see the step). A row's cells
 * are true only when its fingerprint is one the caller holds as current;
 * readers compute the others from the answers.
 */
#ifndef SL_SCORE_STORE_H
#define SL_SCORE_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Stores the computed columns of a round (its row exists from the round's
 * creation). */
void score_store_put(int64_t round_id, const char *fingerprint, const char *cells, const char *weakest);
/* Up to max rounds with submitted raters whose cells must be computed
 * (latest rows first); returns how many ids were written to ids. */
size_t score_store_pending(int64_t *ids, size_t max);
/* Clears the fingerprint of every row of a method whose cells were
 * computed with another one (the method definition or the scorer changed).
 * current is a JSON array text of the current fingerprints. */
void score_store_forget_other(const char *current);
/* A round's stored row with its number of submitted raters: 0 and the
 * strings (owned by the caller, NULL when not stored), or -ERR_NOTFOUND. */
int score_store_get_raters(int64_t round_id, char **fingerprint, char **cells, int64_t *raters);

/* One initiative of an organisation with one of its portfolio rows (its
 * latest round of a method with submitted raters); method_id NULL when it
 * has none. Strings are valid during the callback only. */
struct score_scan_row {
	int64_t initiative_id;
	const char *name, *stage;
	int64_t round_id;	 /* 0 without a row */
	const char *method_id;	 /* NULL without a row */
	const char *fingerprint; /* NULL: not computed since the last change */
	const char *weakest;	 /* JSON array text of column ids; may be NULL */
};

/* Calls fn for every initiative of the organisation by name, then id: once
 * per portfolio row of a method in methods (a JSON array text of method
 * ids), or once without a row. */
void score_store_portfolio_scan(int64_t org_id, const char *methods,
				void (*fn)(const struct score_scan_row *r, void *arg), void *arg);
/* A round's stored row and its period end, each owned by the caller (NULL
 * when absent or not stored). */
void score_store_row(int64_t round_id, char **fingerprint, char **cells, char **weakest, char **period_end);

#endif
