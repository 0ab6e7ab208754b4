/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * due_store: reads actions, assessment_rounds/raters, okr_key_results,
 * okr_objectives and okr_periods for the modules' due hooks. Stored words
 * are bound from the domain's tables.
 */
#include "store/due_store.h"

#include <stdio.h>
#include <string.h>

#include "domain/action.h"
#include "domain/assessment.h"
#include "domain/notify.h"
#include "domain/okr.h"
#include "domain/rater.h"
#include "lib/util.h"
#include "store/db.h"

static void range(sqlite3_stmt *st, int i, const struct due_query *q)
{
	db_bind_text(st, i, q->from ? q->from : "0000-01-01");
	db_bind_text(st, i + 1, q->to ? q->to : "9999-12-31");
}

static void text(char *out, size_t n, sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	snprintf(out, n, "%s", s ? (const char *)s : "");
}

/* Emits every row of st, whose columns are id, initiative, title, date and
 * done, as an item of kind whose page is prefix/<id>; resets st. */
static int emit_rows(sqlite3_stmt *st, const char *kind, const char *prefix, due_emit emit, void *arg)
{
	while (db_step(st) == SQLITE_ROW) {
		struct due_item it = {.kind = kind};
		it.id = sqlite3_column_int64(st, 0);
		it.initiative_id = sqlite3_column_int64(st, 1);
		text(it.title, sizeof it.title, st, 2);
		text(it.date, sizeof it.date, st, 3);
		snprintf(it.path, sizeof it.path, "%s/%lld", prefix, (long long)it.id);
		it.done = sqlite3_column_int(st, 4);
		emit(arg, &it);
	}
	sqlite3_reset(st);
	return db_failure();
}

int due_store_actions(const struct due_query *q, due_emit emit, void *arg)
{
	sqlite3_stmt *st =
	    db_prep("SELECT id, initiative_id, title, due_date, status IN (?5, ?6) FROM actions "
		    "WHERE due_date BETWEEN ?3 AND ?4 AND "
		    "((?1>0 AND owner_id=?1) OR (?2>0 AND initiative_id=?2)) ORDER BY due_date, id");
	db_bind_int(st, 1, q->user_id);
	db_bind_int(st, 2, q->user_id > 0 ? 0 : q->initiative_id);
	range(st, 3, q);
	db_bind_text(st, 5, action_status_name(ACTION_DONE));
	db_bind_text(st, 6, action_status_name(ACTION_DROPPED));
	return emit_rows(st, "action", "/acties", emit, arg);
}

int due_store_rounds(const struct due_query *q, due_emit emit, void *arg)
{
	sqlite3_stmt *st =
	    db_prep("SELECT a.id, a.initiative_id, a.title, a.period_end, "
		    " CASE WHEN ?1>0 THEN (r.status=?5 OR a.status<>?6) ELSE a.status<>?6 END FROM "
		    "assessment_rounds a "
		    "LEFT JOIN assessment_raters r ON r.round_id=a.id AND ?1>0 AND r.user_id=?1 AND "
		    "r.revoked_at IS NULL "
		    "WHERE a.period_end BETWEEN ?3 AND ?4 AND ((?1>0 AND r.id IS NOT NULL) OR (?2>0 AND "
		    "a.initiative_id=?2)) "
		    "ORDER BY a.period_end, a.id");
	db_bind_int(st, 1, q->user_id);
	db_bind_int(st, 2, q->user_id > 0 ? 0 : q->initiative_id);
	range(st, 3, q);
	db_bind_text(st, 5, rater_status_name(RATER_SUBMITTED));
	db_bind_text(st, 6, assessment_round_status_name(ASSESSMENT_ROUND_OPEN));
	return emit_rows(st, "round", "/rondes", emit, arg);
}

int due_store_key_results(const struct due_query *q, due_emit emit, void *arg)
{
	sqlite3_stmt *st =
	    db_prep("SELECT k.id, coalesce(o.initiative_id,0), k.title, k.due_on, o.state=?5 "
		    "FROM okr_key_results k JOIN okr_objectives o ON o.id=k.objective_id "
		    "WHERE k.due_on BETWEEN ?3 AND ?4 AND o.state<>?6 AND "
		    "((?1>0 AND k.owner_id=?1) OR (?2>0 AND o.initiative_id=?2)) ORDER BY k.due_on, k.id");
	db_bind_int(st, 1, q->user_id);
	db_bind_int(st, 2, q->user_id > 0 ? 0 : q->initiative_id);
	range(st, 3, q);
	db_bind_text(st, 5, okr_states[OKR_CLOSED]);
	db_bind_text(st, 6, okr_states[OKR_DRAFT]);
	return emit_rows(st, "keyresult", "/kernresultaten", emit, arg);
}

/* How many of the key results in question got a check-in in [day, next). */
static int checked_in(const struct due_query *q, int64_t period, const char *day, const char *next)
{
	sqlite3_stmt *st =
	    db_prep("SELECT count(DISTINCT k.id) FROM okr_key_results k "
		    "JOIN okr_objectives o ON o.id=k.objective_id JOIN okr_checkins c ON c.kr_id=k.id "
		    "WHERE o.period_id=?3 AND o.state=?6 AND c.on_date>=?4 AND c.on_date<?5 AND "
		    "((?1>0 AND k.owner_id=?1) OR (?2>0 AND o.initiative_id=?2))");
	db_bind_int(st, 1, q->user_id);
	db_bind_int(st, 2, q->user_id > 0 ? 0 : q->initiative_id);
	db_bind_int(st, 3, period);
	db_bind_text(st, 4, day);
	db_bind_text(st, 5, next);
	db_bind_text(st, 6, okr_states[OKR_PUBLISHED]);
	return (int)db_one_int(st, 0);
}

int due_store_checkins(const struct due_query *q, due_emit emit, void *arg)
{
	/* the periods with something to check in on, with how many key results */
	sqlite3_stmt *st =
	    db_prep("SELECT p.starts_on, p.ends_on, org.slug, count(k.id), min(k.title), "
		    "coalesce(o.initiative_id,0), p.id "
		    "FROM okr_key_results k JOIN okr_objectives o ON o.id=k.objective_id "
		    "JOIN okr_periods p ON p.id=o.period_id JOIN organisations org ON org.id=o.org_id "
		    "WHERE o.state=?3 AND ((?1>0 AND k.owner_id=?1) OR (?2>0 AND o.initiative_id=?2)) "
		    "GROUP BY p.id ORDER BY p.starts_on");
	db_bind_int(st, 1, q->user_id);
	db_bind_int(st, 2, q->user_id > 0 ? 0 : q->initiative_id);
	db_bind_text(st, 3, okr_states[OKR_PUBLISHED]);
	while (db_step(st) == SQLITE_ROW) {
		char start[11], end[11], slug[64], first[200];
		text(start, sizeof start, st, 0);
		text(end, sizeof end, st, 1);
		text(slug, sizeof slug, st, 2);
		int n = sqlite3_column_int(st, 3);
		text(first, sizeof first, st, 4);
		int64_t ini = sqlite3_column_int64(st, 5), period = sqlite3_column_int64(st, 6);
		const char *lo = q->from && strcmp(q->from, start) > 0 ? q->from : start;
		const char *hi = q->to && strcmp(q->to, end) < 0 ? q->to : end;
		char day[11];
		int wd = notify_weekday(lo);
		if (wd < 0 || notify_add_days(lo, (8 - wd) % 7, day) < 0)
			continue;
		for (int guard = 0; strcmp(day, hi) <= 0 && guard < 60; guard++) {
			struct due_item it = {.kind = q->user_id > 0 ? "checkin" : "teamcheckin"};
			/* one per person (or initiative) per day: the day number keeps the UID stable */
			int y, m, d;
			sscanf(day, "%d-%d-%d", &y, &m, &d);
			it.id = ((int64_t)y * 10000 + m * 100 + d) * 1000000 +
				(q->user_id > 0 ? q->user_id : q->initiative_id);
			it.initiative_id = ini;
			if (n > 1)
				snprintf(it.title, sizeof it.title, "%.200s (+%d)", first, n - 1);
			else
				snprintf(it.title, sizeof it.title, "%.200s", first);
			snprintf(it.date, sizeof it.date, "%s", day);
			if (q->user_id > 0)
				snprintf(it.path, sizeof it.path, "/organisaties/%s/check-in", slug);
			else
				snprintf(it.path, sizeof it.path, "/initiatieven/%lld/doelen",
					 (long long)q->initiative_id);
			char next[11];
			notify_add_days(day, 7, next);
			it.done = checked_in(q, period, day, next) >= n;
			emit(arg, &it);
			memcpy(day, next, sizeof day);
		}
	}
	sqlite3_reset(st);
	return db_failure();
}
