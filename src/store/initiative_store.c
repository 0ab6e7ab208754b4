/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * initiative_store: table initiatives (joins organisations and users for
 * names). A stage word the domain does not know is a bug: the schema's
 * CHECK keeps others out.
 */
#include "initiative_store.h"

#include "lib/util.h"
#include "store/db.h"
#include "store/record.h"

/* Integer column, or none when it is NULL. */
static int64_t column_int(sqlite3_stmt *st, int col, int64_t none)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? none : sqlite3_column_int64(st, col);
}

static enum initiative_stage column_stage(sqlite3_stmt *st, int col)
{
	enum initiative_stage s = initiative_stage_parse((const char *)sqlite3_column_text(st, col));
	BUG_ON(!s);
	return s;
}

/* One row of initiative_store_summaries into the (zeroed) record. */
static void summary_row(sqlite3_stmt *st, void *record)
{
	struct initiative *in = record;
	struct record_text p = RECORD_TEXT_INIT;
	in->target_reach = -1;
	in->id = sqlite3_column_int64(st, 0);
	in->org_id = sqlite3_column_int64(st, 1);
	record_text_column(&p, &in->name, st, 2);
	in->stage = column_stage(st, 3);
	record_text_column(&p, &in->sector, st, 4);
	in->owner_id = column_int(st, 5, 0);
	record_text_column(&p, &in->owner_name, st, 6);
	record_text_column(&p, &in->updated_at, st, 7);
	in->text = record_text_finish(&p);
}

#define SUMMARY_COLS                                                                                         \
	"SELECT i.id, i.org_id, i.name, i.stage, i.sector, i.owner_id, u.name, i.updated_at "                \
	"FROM initiatives i LEFT JOIN users u ON u.id=i.owner_id "
/* The list's order: index initiatives_org (org_id, name) ends in the rowid,
 * so it holds the rows in exactly this order. */
#define SUMMARY_ORDER "i.name, i.id"

struct initiative *initiative_store_summaries(int64_t org_id, size_t *n)
{
	sqlite3_stmt *st = db_prep(SUMMARY_COLS "WHERE i.org_id=? ORDER BY " SUMMARY_ORDER);
	db_bind_int(st, 1, org_id);
	return record_rows(st, sizeof(struct initiative), n, summary_row);
}

struct initiative *initiative_store_summaries_page(int64_t org_id, int64_t offset, int limit, size_t *n)
{
	/* the page's ids from the index alone (skipping offset entries reads
	 * no row), then only those rows */
	sqlite3_stmt *st = db_prep(SUMMARY_COLS "WHERE i.id IN (SELECT i.id FROM initiatives i "
						"WHERE i.org_id=?1 ORDER BY " SUMMARY_ORDER
						" LIMIT ?2 OFFSET ?3) ORDER BY " SUMMARY_ORDER);
	db_bind_int(st, 1, org_id);
	db_bind_int(st, 2, limit);
	db_bind_int(st, 3, offset);
	return record_rows(st, sizeof(struct initiative), n, summary_row);
}

struct initiative *initiative_store_recent(int64_t org_id, int limit, size_t *n)
{
	/* a top-N over the organisation's index range: no sort of all rows */
	sqlite3_stmt *st =
	    db_prep(SUMMARY_COLS "WHERE i.org_id=? ORDER BY i.updated_at DESC, i.id DESC LIMIT ?");
	db_bind_int(st, 1, org_id);
	db_bind_int(st, 2, limit);
	return record_rows(st, sizeof(struct initiative), n, summary_row);
}

int64_t initiative_store_count(int64_t org_id)
{
	sqlite3_stmt *st = db_prep("SELECT count(*) FROM initiatives WHERE org_id=?");
	db_bind_int(st, 1, org_id);
	return db_one_int(st, 0);
}

int initiative_store_read(int64_t id, struct initiative *out)
{
	sqlite3_stmt *st =
	    db_prep("SELECT i.id, i.org_id, o.slug, o.name, i.name, i.description, i.sector, "
		    "i.stage, i.owner_id, u.name, i.target_group, i.target_area, i.target_reach, "
		    "i.target_date, i.scalable_unit, i.created_at, i.updated_at "
		    "FROM initiatives i JOIN organisations o ON o.id=i.org_id "
		    "LEFT JOIN users u ON u.id=i.owner_id WHERE i.id=?");
	db_bind_int(st, 1, id);
	if (db_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return -ERR_NOTFOUND;
	}
	struct initiative *in = out;
	struct record_text p = RECORD_TEXT_INIT;
	*in = (struct initiative){0};
	in->id = sqlite3_column_int64(st, 0);
	in->org_id = sqlite3_column_int64(st, 1);
	record_text_column(&p, &in->organisation, st, 2);
	record_text_column(&p, &in->organisation_name, st, 3);
	record_text_column(&p, &in->name, st, 4);
	record_text_column(&p, &in->description, st, 5);
	record_text_column(&p, &in->sector, st, 6);
	in->stage = column_stage(st, 7);
	in->owner_id = column_int(st, 8, 0);
	record_text_column(&p, &in->owner_name, st, 9);
	record_text_column(&p, &in->target_group, st, 10);
	record_text_column(&p, &in->target_area, st, 11);
	in->target_reach = column_int(st, 12, -1);
	record_text_column(&p, &in->target_date, st, 13);
	record_text_column(&p, &in->scalable_unit, st, 14);
	record_text_column(&p, &in->created_at, st, 15);
	record_text_column(&p, &in->updated_at, st, 16);
	in->text = record_text_finish(&p);
	sqlite3_reset(st);
	return 0;
}

int64_t initiative_store_org(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT org_id FROM initiatives WHERE id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

static void bind_fields(sqlite3_stmt *st, const struct initiative *in)
{
	db_bind_text(st, 1, in->name);
	db_bind_text(st, 2, in->description ? in->description : "");
	db_bind_text(st, 3, in->sector ? in->sector : "");
	const char *stage = initiative_stage_name(in->stage);
	BUG_ON(!stage); /* the caller validated */
	db_bind_text(st, 4, stage);
	if (in->owner_id > 0)
		db_bind_int(st, 5, in->owner_id);
	else
		sqlite3_bind_null(st, 5);
	db_bind_text(st, 6, in->target_group ? in->target_group : "");
	db_bind_text(st, 7, in->target_area ? in->target_area : "");
	if (in->target_reach >= 0)
		db_bind_int(st, 8, in->target_reach);
	else
		sqlite3_bind_null(st, 8);
	db_bind_text(st, 9, in->target_date && *in->target_date ? in->target_date : NULL);
	db_bind_text(st, 10, in->scalable_unit ? in->scalable_unit : "");
}

int64_t initiative_store_create(const struct initiative *in)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO initiatives(name,description,sector,stage,owner_id,target_group,target_area,"
		    "target_reach,target_date,scalable_unit,org_id,created_at,updated_at) "
		    "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?12)");
	bind_fields(st, in);
	db_bind_int(st, 11, in->org_id);
	db_bind_text(st, 12, ts);
	return db_insert(st);
}

int initiative_store_update(const struct initiative *in)
{
	char ts[21];
	db_now(ts);
	sqlite3_stmt *st =
	    db_prep("UPDATE initiatives SET name=?1, description=?2, sector=?3, stage=?4, owner_id=?5, "
		    "target_group=?6, target_area=?7, target_reach=?8, target_date=?9, scalable_unit=?10, "
		    "updated_at=?12 WHERE id=?11");
	bind_fields(st, in);
	db_bind_int(st, 11, in->id);
	db_bind_text(st, 12, ts);
	return db_change(st);
}

int initiative_store_delete(int64_t id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM initiatives WHERE id=?");
	db_bind_int(st, 1, id);
	return db_change(st);
}
