/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kpi_store: tables kpi_series, kpi_values, kpi_kr_bindings (joins
 * initiatives and users for names). Stored words become enums here, once;
 * a stored word we do not know is a bug (the CHECK constraints allow only
 * ours).
 */
#include "store/kpi_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "store/db.h"
#include "store/record.h"

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

#define SERIES_COLS                                                                                          \
	"SELECT s.id, s.initiative_id, i.org_id, s.name, s.unit, s.description, i.name, s.kind, "            \
	"s.direction, s.target_value, s.target_date, s.created_at, s.updated_at FROM kpi_series s "          \
	"JOIN initiatives i ON i.id=s.initiative_id "

static void series_row(sqlite3_stmt *st, void *record)
{
	struct kpi_series *s = record;
	memset(s, 0, sizeof *s);
	s->id = sqlite3_column_int64(st, 0);
	s->initiative_id = sqlite3_column_int64(st, 1);
	s->org_id = sqlite3_column_int64(st, 2);
	s->name = col_str(st, 3);
	s->unit = col_str(st, 4);
	s->description = col_str(st, 5);
	s->initiative_name = col_str(st, 6);
	s->kind = kpi_kind_parse((const char *)sqlite3_column_text(st, 7));
	s->direction = kpi_direction_parse((const char *)sqlite3_column_text(st, 8));
	BUG_ON(!s->kind || !s->direction);
	s->has_target = sqlite3_column_type(st, 9) != SQLITE_NULL;
	s->target = s->has_target ? sqlite3_column_double(st, 9) : 0;
	col_copy(st, 10, s->target_date, sizeof s->target_date);
	col_copy(st, 11, s->created_at, sizeof s->created_at);
	col_copy(st, 12, s->updated_at, sizeof s->updated_at);
}

int64_t kpi_store_series_org(int64_t id)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT i.org_id FROM kpi_series s JOIN initiatives i ON i.id=s.initiative_id WHERE s.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

int kpi_store_series_get(int64_t id, struct kpi_series *s)
{
	sqlite3_stmt *st = db_prep(SERIES_COLS "WHERE s.id=?");
	db_bind_int(st, 1, id);
	return record_one(st, s, sizeof *s, series_row);
}

struct kpi_series *kpi_store_series_list(int64_t initiative_id, int64_t org_id, size_t *n)
{
	sqlite3_stmt *st =
	    db_prep(SERIES_COLS "WHERE (?1>0 AND s.initiative_id=?1) OR (?2>0 AND i.org_id=?2) "
				"ORDER BY i.name, s.id");
	db_bind_int(st, 1, initiative_id);
	db_bind_int(st, 2, org_id);
	return record_rows(st, sizeof(struct kpi_series), n, series_row);
}

int64_t kpi_store_series_find(int64_t initiative_id, const char *name)
{
	sqlite3_stmt *st = db_prep("SELECT id FROM kpi_series WHERE initiative_id=? AND name=?");
	db_bind_int(st, 1, initiative_id);
	db_bind_text(st, 2, name);
	return db_one_int(st, 0);
}

static void bind_series(sqlite3_stmt *st, const struct kpi_series_in *in, const char *now)
{
	db_bind_text(st, 1, in->name);
	db_bind_text(st, 2, in->unit ? in->unit : "");
	db_bind_text(st, 3, in->description ? in->description : "");
	db_bind_text(st, 4, kpi_kind_name(in->kind));
	db_bind_text(st, 5, kpi_direction_name(in->direction));
	if (in->has_target)
		sqlite3_bind_double(st, 6, in->target);
	else
		sqlite3_bind_null(st, 6);
	db_bind_text(st, 7, in->target_date && *in->target_date ? in->target_date : NULL);
	db_bind_text(st, 8, now);
}

int64_t kpi_store_series_create(const struct kpi_series_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("INSERT INTO kpi_series(name, unit, description, kind, direction, "
				   "target_value, target_date, updated_at, created_at, initiative_id) "
				   "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?8,?9)");
	bind_series(st, in, now);
	db_bind_int(st, 9, in->initiative_id);
	int64_t id = db_insert(st);
	return id == -ERR_INVALID ? -ERR_CONFLICT : id;
}

int kpi_store_series_update(int64_t id, const struct kpi_series_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("UPDATE kpi_series SET name=?1, unit=?2, description=?3, kind=?4, "
		    "direction=?5, target_value=?6, target_date=?7, updated_at=?8 WHERE id=?9");
	bind_series(st, in, now);
	db_bind_int(st, 9, id);
	int rc = db_change(st);
	return rc == -ERR_INVALID ? -ERR_CONFLICT : rc;
}

void kpi_store_series_delete(int64_t id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM kpi_series WHERE id=?");
	db_bind_int(st, 1, id);
	db_exec1(st);
}

struct kpi_value *kpi_store_values(int64_t series_id, size_t *n)
{
	sqlite3_stmt *st = db_prep("SELECT v.on_date, v.value, v.note, v.source, COALESCE(u.name,''), "
				   "v.updated_at FROM kpi_values v LEFT JOIN users u ON u.id=v.user_id "
				   "WHERE v.series_id=? ORDER BY v.on_date");
	db_bind_int(st, 1, series_id);
	struct kpi_value *v = NULL;
	size_t cap = 0;
	*n = 0;
	while (db_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		struct kpi_value *x = &v[(*n)++];
		memset(x, 0, sizeof *x);
		col_copy(st, 0, x->date, sizeof x->date);
		x->value = sqlite3_column_double(st, 1);
		x->note = col_str(st, 2);
		x->source = kpi_source_parse((const char *)sqlite3_column_text(st, 3));
		BUG_ON(!x->source);
		x->user_name = col_str(st, 4);
		col_copy(st, 5, x->updated_at, sizeof x->updated_at);
	}
	sqlite3_reset(st);
	return v;
}

int kpi_store_value_put(int64_t series_id, const char *date, double value, const char *note,
			enum kpi_source source, int64_t user_id)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("SELECT 1 FROM kpi_values WHERE series_id=? AND on_date=?");
	db_bind_int(st, 1, series_id);
	db_bind_text(st, 2, date);
	int existed = db_one_int(st, 0) == 1;
	st = db_prep("INSERT INTO kpi_values(series_id, on_date, value, note, source, user_id, updated_at) "
		     "VALUES(?,?,?,?,?,?,?) ON CONFLICT(series_id, on_date) DO UPDATE SET "
		     "value=excluded.value, note=excluded.note, source=excluded.source, "
		     "user_id=excluded.user_id, updated_at=excluded.updated_at");
	db_bind_int(st, 1, series_id);
	db_bind_text(st, 2, date);
	sqlite3_bind_double(st, 3, value);
	db_bind_text(st, 4, note ? note : "");
	db_bind_text(st, 5, kpi_source_name(source));
	if (user_id > 0)
		db_bind_int(st, 6, user_id);
	else
		sqlite3_bind_null(st, 6);
	db_bind_text(st, 7, now);
	db_exec1(st);
	return existed ? 0 : 1;
}

int kpi_store_value_delete(int64_t series_id, const char *date)
{
	sqlite3_stmt *st = db_prep("DELETE FROM kpi_values WHERE series_id=? AND on_date=?");
	db_bind_int(st, 1, series_id);
	db_bind_text(st, 2, date);
	return db_change(st);
}

int64_t kpi_store_kr_series(int64_t kr_id)
{
	sqlite3_stmt *st = db_prep("SELECT series_id FROM kpi_kr_bindings WHERE kr_id=?");
	db_bind_int(st, 1, kr_id);
	return db_one_int(st, 0);
}

void kpi_store_kr_bind(int64_t kr_id, int64_t series_id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM kpi_kr_bindings WHERE kr_id=?");
	db_bind_int(st, 1, kr_id);
	db_exec1(st);
	if (series_id <= 0)
		return;
	st = db_prep("INSERT INTO kpi_kr_bindings(kr_id, series_id) VALUES(?,?)");
	db_bind_int(st, 1, kr_id);
	db_bind_int(st, 2, series_id);
	db_exec1(st);
}

size_t kpi_store_series_krs(int64_t series_id, int64_t *ids, size_t max)
{
	sqlite3_stmt *st = db_prep("SELECT kr_id FROM kpi_kr_bindings WHERE series_id=? ORDER BY kr_id");
	db_bind_int(st, 1, series_id);
	size_t n = 0;
	while (db_step(st) == SQLITE_ROW)
		if (n < max)
			ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

int kpi_store_initiative_is(int64_t id, const char *text)
{
	sqlite3_stmt *st =
	    db_prep("SELECT count(*) FROM initiatives WHERE id=?1 AND (CAST(id AS TEXT)=?2 OR name=?2)");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, text);
	return db_one_int(st, 0) > 0;
}

int64_t kpi_store_initiative_find(const char *id_or_name, int64_t *org_id)
{
	sqlite3_stmt *st = db_prep("SELECT id, org_id FROM initiatives WHERE CAST(id AS TEXT)=?1 OR name=?1 "
				   "ORDER BY CAST(id AS TEXT)=?1 DESC LIMIT 2");
	db_bind_text(st, 1, id_or_name);
	int64_t id = -ERR_NOTFOUND;
	int rows = 0, by_id = 0;
	while (db_step(st) == SQLITE_ROW) {
		if (rows++ == 0) {
			id = sqlite3_column_int64(st, 0);
			*org_id = sqlite3_column_int64(st, 1);
			char idtxt[24];
			snprintf(idtxt, sizeof idtxt, "%lld", (long long)id);
			by_id = !strcmp(idtxt, id_or_name);
		}
	}
	sqlite3_reset(st);
	return rows > 1 && !by_id ? -ERR_CONFLICT : id;
}
