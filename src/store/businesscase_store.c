/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * businesscase_store: tables bc_cases, bc_parties, bc_lines, bc_amounts,
 * bc_factors, bc_units. Stored words become enums here, once; a stored word
 * we do not know is a bug (the CHECK constraints allow only ours).
 */
#include "store/businesscase_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "store/db.h"

static char *col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return xstrdup(s ? (const char *)s : "");
}

static void col_copy(sqlite3_stmt *st, int i, char *out, size_t n)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	snprintf(out, n, "%s", s ? (const char *)s : "");
}

int64_t bc_store_case_org(int64_t id)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT i.org_id FROM bc_cases c JOIN initiatives i ON i.id=c.initiative_id WHERE c.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

int64_t bc_store_party_case(int64_t party_id)
{
	sqlite3_stmt *st = db_prep("SELECT case_id FROM bc_parties WHERE id=?");
	db_bind_int(st, 1, party_id);
	return db_one_int(st, -ERR_NOTFOUND);
}

int64_t bc_store_line_case(int64_t line_id)
{
	sqlite3_stmt *st = db_prep("SELECT case_id FROM bc_lines WHERE id=?");
	db_bind_int(st, 1, line_id);
	return db_one_int(st, -ERR_NOTFOUND);
}

static void load_parties(struct bc_case *c)
{
	sqlite3_stmt *st = db_prep("SELECT id, name, helix FROM bc_parties WHERE case_id=? ORDER BY id");
	db_bind_int(st, 1, c->id);
	size_t cap = 0;
	while (db_step(st) == SQLITE_ROW) {
		if (c->n_parties == cap) {
			cap = cap ? cap * 2 : 8;
			c->parties = xrealloc(c->parties, cap * sizeof *c->parties);
		}
		struct bc_party_rec *p = &c->parties[c->n_parties++];
		p->id = sqlite3_column_int64(st, 0);
		p->name = col_str(st, 1);
		p->helix = organisation_kind_parse((const char *)sqlite3_column_text(st, 2));
		BUG_ON(!p->helix);
	}
	sqlite3_reset(st);
}

static void load_lines(struct bc_case *c)
{
	sqlite3_stmt *st = db_prep("SELECT l.id, l.party_id, l.kind, l.category, l.label, l.source, l.best, "
				   "l.worst FROM bc_lines l WHERE l.case_id=? "
				   "ORDER BY l.party_id, l.kind DESC, l.id");
	db_bind_int(st, 1, c->id);
	size_t cap = 0;
	while (db_step(st) == SQLITE_ROW) {
		if (c->n_lines == cap) {
			cap = cap ? cap * 2 : 16;
			c->lines = xrealloc(c->lines, cap * sizeof *c->lines);
		}
		struct bc_line_rec *l = &c->lines[c->n_lines++];
		memset(l, 0, sizeof *l);
		l->id = sqlite3_column_int64(st, 0);
		l->party_id = sqlite3_column_int64(st, 1);
		l->kind = bc_kind_parse((const char *)sqlite3_column_text(st, 2));
		l->category = bc_category_parse((const char *)sqlite3_column_text(st, 3));
		BUG_ON(!l->kind || !l->category);
		l->label = col_str(st, 4);
		l->source = col_str(st, 5);
		l->has_best = sqlite3_column_type(st, 6) != SQLITE_NULL;
		l->best = l->has_best ? sqlite3_column_double(st, 6) : 1;
		l->has_worst = sqlite3_column_type(st, 7) != SQLITE_NULL;
		l->worst = l->has_worst ? sqlite3_column_double(st, 7) : 1;
	}
	sqlite3_reset(st);
	st = db_prep("SELECT a.line_id, a.year, a.cents FROM bc_amounts a JOIN bc_lines l ON l.id=a.line_id "
		     "WHERE l.case_id=?");
	db_bind_int(st, 1, c->id);
	while (db_step(st) == SQLITE_ROW) {
		int64_t lid = sqlite3_column_int64(st, 0);
		int y = sqlite3_column_int(st, 1);
		for (size_t i = 0; i < c->n_lines; i++)
			if (c->lines[i].id == lid && y >= 0 && y <= BC_HORIZON_MAX) {
				c->lines[i].cents[y] = sqlite3_column_int64(st, 2);
				c->lines[i].years |= 1u << y;
			}
	}
	sqlite3_reset(st);
}

static void load_factors(struct bc_case *c)
{
	for (int k = 0; k <= BC_CATEGORY_COUNT; k++)
		c->best[k] = c->worst[k] = 1.0;
	sqlite3_stmt *st = db_prep("SELECT category, best, worst FROM bc_factors WHERE case_id=?");
	db_bind_int(st, 1, c->id);
	while (db_step(st) == SQLITE_ROW) {
		enum bc_category k = bc_category_parse((const char *)sqlite3_column_text(st, 0));
		BUG_ON(!k);
		c->best[k] = sqlite3_column_double(st, 1);
		c->worst[k] = sqlite3_column_double(st, 2);
	}
	sqlite3_reset(st);
}

static void load_unit(struct bc_case *c)
{
	sqlite3_stmt *st = db_prep("SELECT kind, arpa_cents, margin, churn, cac_cents, customers, "
				   "new_per_month, cash_cents, fixed_cents, updated_at FROM bc_units "
				   "WHERE case_id=?");
	db_bind_int(st, 1, c->id);
	if (db_step(st) == SQLITE_ROW) {
		struct bc_unit_rec *u = &c->unit;
		c->has_unit = 1;
		u->kind = bc_unit_kind_parse((const char *)sqlite3_column_text(st, 0));
		BUG_ON(!u->kind);
		u->arpa_cents = sqlite3_column_int64(st, 1);
		u->margin = sqlite3_column_double(st, 2);
		u->churn = sqlite3_column_double(st, 3);
		u->cac_cents = sqlite3_column_int64(st, 4);
		u->customers = sqlite3_column_double(st, 5);
		u->new_per_month = sqlite3_column_double(st, 6);
		u->cash_cents = sqlite3_column_int64(st, 7);
		u->fixed_cents = sqlite3_column_int64(st, 8);
		col_copy(st, 9, u->updated_at, sizeof u->updated_at);
	}
	sqlite3_reset(st);
}

int bc_store_case_load(int64_t id, struct bc_case *c)
{
	memset(c, 0, sizeof *c);
	sqlite3_stmt *st = db_prep("SELECT c.id, c.initiative_id, i.org_id, c.name, c.description, "
				   "c.rate_source, i.name, c.horizon, c.rate, c.rate_date, c.created_at, "
				   "c.updated_at FROM bc_cases c JOIN initiatives i ON i.id=c.initiative_id "
				   "WHERE c.id=?");
	db_bind_int(st, 1, id);
	if (db_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return -ERR_NOTFOUND;
	}
	c->id = sqlite3_column_int64(st, 0);
	c->initiative_id = sqlite3_column_int64(st, 1);
	c->org_id = sqlite3_column_int64(st, 2);
	c->name = col_str(st, 3);
	c->description = col_str(st, 4);
	c->rate_source = col_str(st, 5);
	c->initiative_name = col_str(st, 6);
	c->horizon = sqlite3_column_int(st, 7);
	c->rate = sqlite3_column_double(st, 8);
	col_copy(st, 9, c->rate_date, sizeof c->rate_date);
	col_copy(st, 10, c->created_at, sizeof c->created_at);
	col_copy(st, 11, c->updated_at, sizeof c->updated_at);
	sqlite3_reset(st);
	load_parties(c);
	load_lines(c);
	load_factors(c);
	load_unit(c);
	return 0;
}

int64_t *bc_store_case_ids(int64_t initiative_id, size_t *n)
{
	sqlite3_stmt *st = db_prep("SELECT id FROM bc_cases WHERE initiative_id=? ORDER BY name, id");
	db_bind_int(st, 1, initiative_id);
	int64_t *ids = NULL;
	size_t cap = 0;
	*n = 0;
	while (db_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			ids = xrealloc(ids, cap * sizeof *ids);
		}
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return ids;
}

int64_t bc_store_latest_case(int64_t initiative_id)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT id FROM bc_cases WHERE initiative_id=? ORDER BY updated_at DESC, id DESC LIMIT 1");
	db_bind_int(st, 1, initiative_id);
	return db_one_int(st, 0);
}

static void bind_case(sqlite3_stmt *st, const struct bc_case_in *in, const char *now)
{
	db_bind_text(st, 1, in->name);
	db_bind_text(st, 2, in->description ? in->description : "");
	db_bind_int(st, 3, in->horizon);
	sqlite3_bind_double(st, 4, in->rate);
	db_bind_text(st, 5, in->rate_source ? in->rate_source : "");
	db_bind_text(st, 6, in->rate_date && *in->rate_date ? in->rate_date : NULL);
	db_bind_text(st, 7, now);
}

int64_t bc_store_case_create(const struct bc_case_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("INSERT INTO bc_cases(name, description, horizon, rate, rate_source, "
				   "rate_date, created_at, updated_at, initiative_id) "
				   "VALUES(?1,?2,?3,?4,?5,?6,?7,?7,?8)");
	bind_case(st, in, now);
	db_bind_int(st, 8, in->initiative_id);
	int64_t id = db_insert(st);
	return id == -ERR_INVALID ? -ERR_CONFLICT : id;
}

int bc_store_case_update(int64_t id, const struct bc_case_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("UPDATE bc_cases SET name=?1, description=?2, horizon=?3, rate=?4, "
				   "rate_source=?5, rate_date=?6, updated_at=?7 WHERE id=?8");
	bind_case(st, in, now);
	db_bind_int(st, 8, id);
	int rc = db_change(st);
	return rc == -ERR_INVALID ? -ERR_CONFLICT : rc;
}

void bc_store_case_delete(int64_t id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM bc_cases WHERE id=?");
	db_bind_int(st, 1, id);
	db_exec1(st);
}

void bc_store_case_touch(int64_t id)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("UPDATE bc_cases SET updated_at=? WHERE id=?");
	db_bind_text(st, 1, now);
	db_bind_int(st, 2, id);
	db_exec1(st);
}

void bc_store_case_trim(int64_t id, int horizon)
{
	sqlite3_stmt *st = db_prep("DELETE FROM bc_amounts WHERE year>? AND cents=0 AND line_id IN "
				   "(SELECT id FROM bc_lines WHERE case_id=?)");
	db_bind_int(st, 1, horizon);
	db_bind_int(st, 2, id);
	db_exec1(st);
}

int bc_store_case_last_year(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT COALESCE(MAX(a.year), -1) FROM bc_amounts a JOIN bc_lines l ON "
				   "l.id=a.line_id WHERE l.case_id=? AND a.cents<>0");
	db_bind_int(st, 1, id);
	return (int)db_one_int(st, -1);
}

int64_t bc_store_party_create(int64_t case_id, const char *name, enum organisation_kind helix)
{
	sqlite3_stmt *st = db_prep("INSERT INTO bc_parties(case_id, name, helix) VALUES(?,?,?)");
	db_bind_int(st, 1, case_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, organisation_kind_name(helix));
	int64_t id = db_insert(st);
	return id == -ERR_INVALID ? -ERR_CONFLICT : id;
}

int bc_store_party_update(int64_t id, const char *name, enum organisation_kind helix)
{
	sqlite3_stmt *st = db_prep("UPDATE bc_parties SET name=?, helix=? WHERE id=?");
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, organisation_kind_name(helix));
	db_bind_int(st, 3, id);
	int rc = db_change(st);
	return rc == -ERR_INVALID ? -ERR_CONFLICT : rc;
}

void bc_store_party_delete(int64_t id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM bc_parties WHERE id=?");
	db_bind_int(st, 1, id);
	db_exec1(st);
}

static void put_amounts(int64_t line_id, const struct bc_line_in *in)
{
	sqlite3_stmt *st = db_prep("DELETE FROM bc_amounts WHERE line_id=?");
	db_bind_int(st, 1, line_id);
	db_exec1(st);
	for (int y = 0; y <= BC_HORIZON_MAX; y++) {
		if (!(in->years & (1u << y)))
			continue;
		st = db_prep("INSERT INTO bc_amounts(line_id, year, cents) VALUES(?,?,?)");
		db_bind_int(st, 1, line_id);
		db_bind_int(st, 2, y);
		db_bind_int(st, 3, in->cents[y]);
		db_exec1(st);
	}
}

static void bind_line(sqlite3_stmt *st, const struct bc_line_in *in, const char *now)
{
	db_bind_int(st, 1, in->party_id);
	db_bind_text(st, 2, bc_kind_name(in->kind));
	db_bind_text(st, 3, bc_category_name(in->category));
	db_bind_text(st, 4, in->label);
	db_bind_text(st, 5, in->source ? in->source : "");
	if (in->has_best)
		sqlite3_bind_double(st, 6, in->best);
	else
		sqlite3_bind_null(st, 6);
	if (in->has_worst)
		sqlite3_bind_double(st, 7, in->worst);
	else
		sqlite3_bind_null(st, 7);
	db_bind_text(st, 8, now);
}

int64_t bc_store_line_create(int64_t case_id, const struct bc_line_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO bc_lines(party_id, kind, category, label, source, best, "
		    "worst, created_at, updated_at, case_id) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?8,?9)");
	bind_line(st, in, now);
	db_bind_int(st, 9, case_id);
	int64_t id = db_insert(st);
	BUG_ON(id < 0 && !db_failure());
	if (id > 0)
		put_amounts(id, in);
	return id;
}

void bc_store_line_update(int64_t id, const struct bc_line_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("UPDATE bc_lines SET party_id=?1, kind=?2, category=?3, label=?4, "
				   "source=?5, best=?6, worst=?7, updated_at=?8 WHERE id=?9");
	bind_line(st, in, now);
	db_bind_int(st, 9, id);
	db_exec1(st);
	put_amounts(id, in);
}

void bc_store_line_delete(int64_t id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM bc_lines WHERE id=?");
	db_bind_int(st, 1, id);
	db_exec1(st);
}

void bc_store_factors_set(int64_t case_id, const double *best, const double *worst)
{
	for (int k = 1; k <= BC_CATEGORY_COUNT; k++) {
		sqlite3_stmt *st = db_prep(
		    "INSERT INTO bc_factors(case_id, category, best, worst) VALUES(?,?,?,?) "
		    "ON CONFLICT(case_id, category) DO UPDATE SET best=excluded.best, worst=excluded.worst");
		db_bind_int(st, 1, case_id);
		db_bind_text(st, 2, bc_category_name((enum bc_category)k));
		sqlite3_bind_double(st, 3, best[k]);
		sqlite3_bind_double(st, 4, worst[k]);
		db_exec1(st);
	}
}

void bc_store_unit_set(int64_t case_id, const struct bc_unit_rec *u)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO bc_units(case_id, kind, arpa_cents, margin, churn, cac_cents, customers, "
		    "new_per_month, cash_cents, fixed_cents, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?) "
		    "ON CONFLICT(case_id) DO UPDATE SET kind=excluded.kind, arpa_cents=excluded.arpa_cents, "
		    "margin=excluded.margin, churn=excluded.churn, cac_cents=excluded.cac_cents, "
		    "customers=excluded.customers, new_per_month=excluded.new_per_month, "
		    "cash_cents=excluded.cash_cents, fixed_cents=excluded.fixed_cents, "
		    "updated_at=excluded.updated_at");
	db_bind_int(st, 1, case_id);
	db_bind_text(st, 2, bc_unit_kind_name(u->kind));
	db_bind_int(st, 3, u->arpa_cents);
	sqlite3_bind_double(st, 4, u->margin);
	sqlite3_bind_double(st, 5, u->churn);
	db_bind_int(st, 6, u->cac_cents);
	sqlite3_bind_double(st, 7, u->customers);
	sqlite3_bind_double(st, 8, u->new_per_month);
	db_bind_int(st, 9, u->cash_cents);
	db_bind_int(st, 10, u->fixed_cents);
	db_bind_text(st, 11, now);
	db_exec1(st);
}

void bc_store_unit_delete(int64_t case_id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM bc_units WHERE case_id=?");
	db_bind_int(st, 1, case_id);
	db_exec1(st);
}
