/* SPDX-License-Identifier: EUPL-1.2 */
/* action_store: table actions (joins initiatives for the owning org, users
 * for the owner's name). Rows become struct action; status words are bound
 * from domain/action's table. */
#include "action_store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "store/db.h"

static void bind_common(sqlite3_stmt *st, const struct action_in *in)
{
	db_bind_text(st, 1, in->title);
	db_bind_text(st, 2, in->owner ? in->owner : "");
	db_bind_text(st, 3, in->due_date && *in->due_date ? in->due_date : NULL);
	db_bind_text(st, 4, action_status_name(in->status));
	db_bind_text(st, 5, in->ingredient ? in->ingredient : "");
	if (in->owner_id > 0)
		db_bind_int(st, 11, in->owner_id);
	else
		sqlite3_bind_null(st, 11);
}

int64_t action_store_create(const struct action_in *in)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO actions(title,owner,due_date,status,ingredient,initiative_id,round_id,"
		    "rule_id,parties,created_at,updated_at,owner_id) "
		    "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?10,?11)");
	bind_common(st, in);
	db_bind_int(st, 6, in->initiative_id);
	if (in->round_id > 0)
		db_bind_int(st, 7, in->round_id);
	else
		sqlite3_bind_null(st, 7);
	db_bind_text(st, 8, in->rule_id ? in->rule_id : "");
	db_bind_text(st, 9, in->parties ? in->parties : "[]");
	db_bind_text(st, 10, ts);
	return db_insert(st);
}

int action_store_update(int64_t id, const struct action_in *in)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st =
	    db_prep("UPDATE actions SET title=?1, owner=?2, due_date=?3, status=?4, ingredient=?5, "
		    "updated_at=?6, owner_id=?11 WHERE id=?7");
	bind_common(st, in);
	db_bind_text(st, 6, ts);
	db_bind_int(st, 7, id);
	return db_change(st);
}

int action_store_delete(int64_t id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM actions WHERE id=?");
	db_bind_int(st, 1, id);
	return db_change(st);
}

#define ACTION_COLS                                                                                          \
	"SELECT a.id, a.initiative_id, i.name, a.round_id, a.rule_id, a.ingredient, a.title, a.owner, "      \
	"a.owner_id, u.name, a.due_date, a.status, a.parties, a.created_at, a.updated_at "                   \
	"FROM actions a JOIN initiatives i ON i.id=a.initiative_id LEFT JOIN users u ON u.id=a.owner_id "

static char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? xstrdup((const char *)s) : NULL;
}

/* The parties stored as JSON text [{type, label}]; anything else reads as none. */
static void parties_of(const char *text, struct action *a)
{
	json_t *arr = text ? json_loads(text, 0, NULL) : NULL;
	size_t i;
	json_t *e;
	a->parties = xcalloc(json_array_size(arr) + 1, sizeof *a->parties);
	json_array_foreach (arr, i, e) {
		const char *type = json_string_value(json_object_get(e, "type"));
		const char *label = json_string_value(json_object_get(e, "label"));
		if (!type)
			continue;
		a->parties[a->n_parties].type = xstrdup(type);
		a->parties[a->n_parties++].label = xstrdup(label ? label : "");
	}
	json_decref(arr);
}

/* The current row of an ACTION_COLS statement into *a. */
static void row(sqlite3_stmt *st, struct action *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->initiative_id = sqlite3_column_int64(st, 1);
	a->initiative_name = col_text(st, 2);
	a->round_id = sqlite3_column_int64(st, 3); /* NULL reads as 0: none */
	a->rule_id = col_text(st, 4);
	a->ingredient = col_text(st, 5);
	a->title = col_text(st, 6);
	a->owner = col_text(st, 7);
	a->owner_id = sqlite3_column_int64(st, 8);
	a->owner_name = col_text(st, 9);
	a->due_date = col_text(st, 10);
	if (action_status_parse((const char *)sqlite3_column_text(st, 11), &a->status) < 0)
		BUG("action %lld: unknown status", (long long)a->id);
	parties_of((const char *)sqlite3_column_text(st, 12), a);
	a->created_at = col_text(st, 13);
	a->updated_at = col_text(st, 14);
}

static void rows(sqlite3_stmt *st, struct action_list *out)
{
	while (db_step(st) == SQLITE_ROW) {
		/* capacity doubles at each power of two: a list of thousands of
		 * actions is not copied once per row */
		if (!(out->n & (out->n - 1)))
			out->items = xrealloc(out->items, (out->n ? 2 * out->n : 1) * sizeof *out->items);
		row(st, &out->items[out->n++]);
	}
}

int action_store_get(int64_t id, struct action *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_prep(ACTION_COLS "WHERE a.id=?1");
	db_bind_int(st, 1, id);
	int rc = -ERR_NOTFOUND;
	if (db_step(st) == SQLITE_ROW) {
		row(st, out);
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

/* The action list's order, spelled once: open before closed (done or
 * dropped), dated before undated, by due date, then id. These are the
 * expressions of index actions_list (schema step 25), literally, so that
 * the list, a page after a cursor and a count up to a cursor walk that
 * index; the status words are domain/action's (test_action checks them). */
#define ACTION_KEY "a.status IN ('klaar','vervallen'), a.due_date IS NULL, coalesce(a.due_date,'')"
#define ACTION_ORDER ACTION_KEY ", a.id"

/* An initiative's actions on one side (cmp) of a place in ACTION_ORDER: ?2
 * set means all of them, else those cmp (?3,?4,?5,?6). ?7 set: only the
 * overdue ones (open or in progress, due before ?8: in ACTION_ORDER the
 * first ones, keys from (0,0,'') to (0,0,?8)); the count says it with the
 * columns instead, which index actions_initiative answers with one range. */
#define ACTION_AFTER(cmp) "a.initiative_id=?1 AND (?2 OR (" ACTION_ORDER ") " cmp " (?3,?4,?5,?6)) "
#define OVERDUE_KEY "AND (NOT ?7 OR ((" ACTION_KEY ") > (0,0,'') AND (" ACTION_KEY ") < (0,0,?8))) "
#define OVERDUE_COLS "AND (NOT ?7 OR (a.status IN ('open','bezig') AND a.due_date<?8 AND a.due_date<>'')) "

static void bind_place(sqlite3_stmt *st, int64_t initiative_id, const struct action_pos *at,
		       const char *overdue_before)
{
	db_bind_int(st, 1, initiative_id);
	db_bind_int(st, 2, at == NULL);
	db_bind_int(st, 3, at ? at->closed : 0);
	db_bind_int(st, 4, at ? at->undated : 0);
	db_bind_text(st, 5, at ? at->due : "");
	db_bind_int(st, 6, at ? at->id : 0);
	db_bind_int(st, 7, overdue_before != NULL);
	db_bind_text(st, 8, overdue_before ? overdue_before : "");
}

void action_store_list(int64_t initiative_id, struct action_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_prep(ACTION_COLS "WHERE a.initiative_id=?1 ORDER BY " ACTION_ORDER);
	db_bind_int(st, 1, initiative_id);
	rows(st, out);
}

void action_store_list_page(int64_t initiative_id, const struct action_pos *after, const char *overdue_before,
			    int limit, struct action_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st =
	    db_prep(ACTION_COLS "WHERE " ACTION_AFTER(">") OVERDUE_KEY "ORDER BY " ACTION_ORDER " LIMIT ?9");
	bind_place(st, initiative_id, after, overdue_before);
	db_bind_int(st, 9, limit);
	rows(st, out);
}

int64_t action_store_count(int64_t initiative_id, const struct action_pos *upto, const char *overdue_before)
{
	sqlite3_stmt *st = db_prep("SELECT count(*) FROM actions a WHERE " ACTION_AFTER("<=") OVERDUE_COLS);
	bind_place(st, initiative_id, upto, overdue_before);
	return db_one_int(st, 0);
}

void action_store_list_from_rules(int64_t initiative_id, struct action_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_prep(ACTION_COLS "WHERE a.initiative_id=?1 AND a.rule_id<>'' ORDER BY a.id");
	db_bind_int(st, 1, initiative_id);
	rows(st, out);
}

void action_store_open_counts(int64_t initiative_id, const char *today, int max, int64_t *open,
			      int64_t *overdue, struct action_list *first_overdue)
{
	memset(first_overdue, 0, sizeof *first_overdue);
	sqlite3_stmt *st =
	    /* two counts on ranges of index actions_initiative: no expression
	     * per row */
	    db_prep("SELECT (SELECT count(*) FROM actions WHERE initiative_id=?1 AND status IN (?2,?3)), "
		    "(SELECT count(*) FROM actions WHERE initiative_id=?1 AND status IN (?2,?3) AND "
		    "due_date<?4 AND due_date<>'')");
	db_bind_int(st, 1, initiative_id);
	db_bind_text(st, 2, action_status_name(ACTION_OPEN));
	db_bind_text(st, 3, action_status_name(ACTION_IN_PROGRESS));
	db_bind_text(st, 4, today);
	*open = *overdue = 0;
	if (db_step(st) == SQLITE_ROW) {
		*open = sqlite3_column_int64(st, 0);
		*overdue = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	/* the most overdue come first in the list's own order: the first max
	 * rows of the index, not a sort of every overdue action */
	action_store_list_page(initiative_id, NULL, today, max, first_overdue);
}

void action_store_list_due(int64_t initiative_id, struct action_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_prep(ACTION_COLS "WHERE a.initiative_id=?1 AND a.due_date IS NOT NULL "
					       "ORDER BY a.due_date, a.id");
	db_bind_int(st, 1, initiative_id);
	rows(st, out);
}

void action_store_list_owner(int64_t user_id, struct action_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_prep(ACTION_COLS "WHERE a.owner_id=?1 AND a.status NOT IN (?2,?3) "
					       "ORDER BY a.due_date IS NULL, a.due_date, a.id");
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, action_status_name(ACTION_DONE));
	db_bind_text(st, 3, action_status_name(ACTION_DROPPED));
	rows(st, out);
}

int64_t action_store_org(int64_t id)
{
	sqlite3_stmt *st =
	    db_prep("SELECT i.org_id FROM actions a JOIN initiatives i ON i.id=a.initiative_id "
		    "WHERE a.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}
