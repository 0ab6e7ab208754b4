/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * score_store: stored round scores (see score_store.h). Tables: round_scores
 * (read and its cells written), initiatives and assessment_rounds (read).
 */
#include "store/score_store.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "store/db.h"

static char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrdup((const char *)t) : NULL;
}

void score_row_list_free(struct score_row_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct score_row *r = &l->items[i];
		free(r->initiative_name);
		free(r->stage);
		free(r->method_id);
		free(r->fingerprint);
		free(r->cells);
		free(r->weakest);
		free(r->period_end);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void score_store_put(int64_t round_id, const char *fingerprint, const char *cells, const char *weakest)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st = db_prep("UPDATE round_scores SET fingerprint=?1, cells=?2, weakest=?3, "
				   "computed_at=?4 WHERE round_id=?5");
	db_bind_text(st, 1, fingerprint);
	db_bind_text(st, 2, cells);
	db_bind_text(st, 3, weakest);
	db_bind_text(st, 4, ts);
	db_bind_int(st, 5, round_id);
	db_exec1(st);
}

size_t score_store_pending(int64_t *ids, size_t max)
{
	sqlite3_stmt *st = db_prep("SELECT round_id FROM round_scores WHERE fingerprint IS NULL AND raters>0 "
				   "ORDER BY latest DESC, round_id LIMIT ?1");
	db_bind_int(st, 1, (int64_t)max);
	size_t n = 0;
	while (n < max && db_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	return n;
}

int64_t score_store_pending_count(void)
{
	sqlite3_stmt *st =
	    db_prep("SELECT count(*) FROM round_scores WHERE fingerprint IS NULL AND raters>0");
	return db_one_int(st, 0);
}

void score_store_forget_other(const char *current)
{
	sqlite3_stmt *st = db_prep("UPDATE round_scores SET fingerprint=NULL WHERE fingerprint IS NOT NULL "
				   "AND fingerprint NOT IN (SELECT value FROM json_each(?1))");
	db_bind_text(st, 1, current);
	db_exec1(st);
}

int score_store_get(int64_t round_id, char **fingerprint, char **cells, char **weakest)
{
	sqlite3_stmt *st = db_prep("SELECT fingerprint, cells, weakest FROM round_scores WHERE round_id=?1");
	db_bind_int(st, 1, round_id);
	*fingerprint = *cells = *weakest = NULL;
	if (db_step(st) != SQLITE_ROW)
		return -ERR_NOTFOUND;
	*fingerprint = col_text(st, 0);
	*cells = col_text(st, 1);
	*weakest = col_text(st, 2);
	return 0;
}

void score_store_portfolio(int64_t org_id, const char *methods, struct score_row_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st =
	    db_prep("SELECT s.round_id, i.id, i.name, i.stage, s.method_id, s.fingerprint, s.weakest "
		    "FROM initiatives i JOIN round_scores s ON s.initiative_id=i.id AND s.latest=1 "
		    "WHERE i.org_id=?1 AND s.method_id IN (SELECT value FROM json_each(?2)) "
		    "ORDER BY s.method_id, i.name, i.id");
	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, methods);
	size_t cap = 0;
	while (db_step(st) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? 2 * cap : 64;
			out->items = xrealloc(out->items, cap * sizeof *out->items);
		}
		struct score_row *r = &out->items[out->n++];
		memset(r, 0, sizeof *r);
		r->round_id = sqlite3_column_int64(st, 0);
		r->initiative_id = sqlite3_column_int64(st, 1);
		r->initiative_name = col_text(st, 2);
		r->stage = col_text(st, 3);
		r->method_id = col_text(st, 4);
		r->fingerprint = col_text(st, 5);
		r->weakest = col_text(st, 6);
	}
}

void score_store_rows_fill(struct score_row_list *l, size_t from, size_t to)
{
	sqlite3_stmt *st = db_prep("SELECT s.cells, r.period_end FROM round_scores s "
				   "JOIN assessment_rounds r ON r.id=s.round_id WHERE s.round_id=?1");
	for (size_t i = from; i < to && i < l->n; i++) {
		sqlite3_reset(st);
		db_bind_int(st, 1, l->items[i].round_id);
		if (db_step(st) != SQLITE_ROW)
			continue;
		free(l->items[i].cells);
		l->items[i].cells = col_text(st, 0);
		l->items[i].period_end = col_text(st, 1);
	}
}

void score_store_stage_counts(int64_t org_id, void (*fn)(const char *stage, int64_t n, void *arg), void *arg)
{
	sqlite3_stmt *st = db_prep("SELECT stage, count(*) FROM initiatives WHERE org_id=?1 GROUP BY stage");
	db_bind_int(st, 1, org_id);
	while (db_step(st) == SQLITE_ROW)
		fn((const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1), arg);
}

int64_t score_store_not_assessed(int64_t org_id, const char *methods, int64_t limit, json_t *out)
{
	sqlite3_stmt *st =
	    db_prep("SELECT i.id, i.name, i.stage, count(*) OVER () FROM initiatives i WHERE i.org_id=?1 "
		    "AND NOT EXISTS(SELECT 1 FROM round_scores s WHERE s.initiative_id=i.id AND s.latest=1 "
		    "AND s.method_id IN (SELECT value FROM json_each(?2))) ORDER BY i.name, i.id");
	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, methods);
	int64_t total = 0, k = 0;
	while (db_step(st) == SQLITE_ROW) {
		total = sqlite3_column_int64(st, 3);
		if (k++ >= limit)
			break;
		json_array_append_new(out, json_pack("{s:I,s:s,s:s}", "id",
						     (json_int_t)sqlite3_column_int64(st, 0), "name",
						     (const char *)sqlite3_column_text(st, 1), "stage",
						     (const char *)sqlite3_column_text(st, 2)));
	}
	sqlite3_reset(st);
	return total;
}
