/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * score_store: table round_scores (schema step 30, store/assessment_schema.c):
 * per assessment round what the portfolio and the trend show, computed by
 * api/round_scores.c and kept true by triggers (see the step). A row's cells
 * are true only when its fingerprint is one the caller holds as current;
 * readers compute the others from the answers. Strings in results are owned
 * by the caller (free with score_row_list_free).
 */
#ifndef SL_SCORE_STORE_H
#define SL_SCORE_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* One portfolio row: an initiative's latest round of one method with
 * submitted raters, and what is stored about it. */
struct score_row {
	int64_t round_id, initiative_id;
	char *initiative_name, *stage, *method_id;
	char *fingerprint; /* NULL: not computed since the last change */
	char *cells;	   /* JSON array text, one value (or null) per column; may be NULL */
	char *weakest;	   /* JSON array text of column ids; may be NULL */
	char *period_end;  /* only filled by score_store_rows_fill */
};

struct score_row_list {
	struct score_row *items;
	size_t n;
};

void score_row_list_free(struct score_row_list *l);

/* Stores the computed columns of a round (its row exists from the round's
 * creation). */
void score_store_put(int64_t round_id, const char *fingerprint, const char *cells, const char *weakest);
/* Up to max rounds with submitted raters whose cells must be computed
 * (latest rows first); returns how many ids were written to ids. */
size_t score_store_pending(int64_t *ids, size_t max);
/* How many rounds wait for their cells. */
int64_t score_store_pending_count(void);
/* Clears the fingerprint of every row of a method whose cells were
 * computed with another one (the method definition or the scorer changed).
 * current is a JSON array text of the current fingerprints. */
void score_store_forget_other(const char *current);
/* A round's stored row: 0 and the three strings (owned by the caller, NULL
 * when not stored), or -ERR_NOTFOUND. */
int score_store_get(int64_t round_id, char **fingerprint, char **cells, char **weakest);

/* The portfolio rows of an organisation, in portfolio order (method id,
 * initiative name, initiative id), of the methods in the JSON array text
 * methods: ids, names, stages, method, fingerprint and weakest (no cells,
 * no period end). */
void score_store_portfolio(int64_t org_id, const char *methods, struct score_row_list *out);
/* Fills cells and period_end of the rows from..to-1 of l. */
void score_store_rows_fill(struct score_row_list *l, size_t from, size_t to);
/* Initiatives of the organisation per stage word: calls fn for each. */
void score_store_stage_counts(int64_t org_id, void (*fn)(const char *stage, int64_t n, void *arg), void *arg);
/* Initiatives of the organisation with no portfolio row of the methods in
 * methods (JSON array text): their number, and the first `limit` by name
 * (id, name, stage) appended to out as objects. */
int64_t score_store_not_assessed(int64_t org_id, const char *methods, int64_t limit, json_t *out);

#endif
