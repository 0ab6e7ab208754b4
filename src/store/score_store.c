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

void score_store_forget_other(const char *current)
{
	sqlite3_stmt *st = db_prep("UPDATE round_scores SET fingerprint=NULL WHERE fingerprint IS NOT NULL "
				   "AND fingerprint NOT IN (SELECT value FROM json_each(?1))");
	db_bind_text(st, 1, current);
	db_exec1(st);
}

int score_store_get_raters(int64_t round_id, char **fingerprint, char **cells, int64_t *raters)
{
	sqlite3_stmt *st = db_prep("SELECT fingerprint, cells, raters FROM round_scores WHERE round_id=?1");
	db_bind_int(st, 1, round_id);
	*fingerprint = *cells = NULL;
	*raters = 0;
	if (db_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return -ERR_NOTFOUND;
	}
	*fingerprint = col_text(st, 0);
	*cells = col_text(st, 1);
	*raters = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);
	return 0;
}

void score_store_portfolio_scan(int64_t org_id, const char *methods,
				void (*fn)(const struct score_scan_row *r, void *arg), void *arg)
{
	/* one pass over the covering index initiatives_portfolio, one seek per
	 * initiative into the covering index round_scores_latest; no sort */
	sqlite3_stmt *st =
	    db_prep("SELECT i.id, i.name, i.stage, s.round_id, s.method_id, s.fingerprint, s.weakest "
		    "FROM initiatives i LEFT JOIN round_scores s ON s.initiative_id=i.id AND s.latest=1 "
		    "AND s.method_id IN (SELECT value FROM json_each(?2)) "
		    "WHERE i.org_id=?1 ORDER BY i.name, i.id");
	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, methods);
	while (db_step(st) == SQLITE_ROW) {
		struct score_scan_row r = {
		    sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2),
		    sqlite3_column_int64(st, 3),
		    (const char *)sqlite3_column_text(st, 4),
		    (const char *)sqlite3_column_text(st, 5),
		    (const char *)sqlite3_column_text(st, 6),
		};
		fn(&r, arg);
	}
}

void score_store_row(int64_t round_id, char **fingerprint, char **cells, char **weakest, char **period_end)
{
	sqlite3_stmt *st =
	    db_prep("SELECT s.fingerprint, s.cells, s.weakest, r.period_end FROM round_scores s "
		    "JOIN assessment_rounds r ON r.id=s.round_id WHERE s.round_id=?1");
	db_bind_int(st, 1, round_id);
	*fingerprint = *cells = *weakest = *period_end = NULL;
	if (db_step(st) == SQLITE_ROW) {
		*fingerprint = col_text(st, 0);
		*cells = col_text(st, 1);
		*weakest = col_text(st, 2);
		*period_end = col_text(st, 3);
	}
	sqlite3_reset(st);
}
