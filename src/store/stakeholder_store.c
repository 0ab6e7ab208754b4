/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * stakeholder_store: tables stakeholders and stakeholder_history (joins
 * initiatives for the organisation and users for names).
 */
#include "store/stakeholder_store.h"

#include "lib/util.h"
#include "store/db.h"

#define COLS                                                                                                 \
	"SELECT id, initiative_id AS initiativeId, name, party_type AS partyType, power, interest, "         \
	"legitimate, urgent, support, desired_support AS desiredSupport, role, note, created_at AS "         \
	"createdAt, updated_at AS updatedAt FROM stakeholders "

json_t *stakeholder_store_list(int64_t initiative_id)
{
	sqlite3_stmt *st = db_prep(COLS "WHERE initiative_id=? ORDER BY power DESC, interest DESC, name");
	db_bind_int(st, 1, initiative_id);
	return db_rows_json(st);
}

json_t *stakeholder_store_get(int64_t id)
{
	sqlite3_stmt *st = db_prep(COLS "WHERE id=?");
	db_bind_int(st, 1, id);
	return db_one_json(st);
}

int64_t stakeholder_store_org(int64_t id)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT i.org_id FROM stakeholders s JOIN initiatives i ON i.id=s.initiative_id WHERE s.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

static void bind(sqlite3_stmt *st, const struct stakeholder_in *in, const char *now)
{
	db_bind_text(st, 1, in->name);
	db_bind_text(st, 2, in->party_type);
	db_bind_int(st, 3, in->power);
	db_bind_int(st, 4, in->interest);
	db_bind_int(st, 5, in->legitimate ? 1 : 0);
	db_bind_int(st, 6, in->urgent ? 1 : 0);
	db_bind_text(st, 7, in->support);
	db_bind_text(st, 8, in->desired);
	db_bind_text(st, 9, in->role ? in->role : "");
	db_bind_text(st, 10, in->note ? in->note : "");
	db_bind_text(st, 11, now);
}

int64_t stakeholder_store_create(int64_t initiative_id, const struct stakeholder_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("INSERT INTO stakeholders(name, party_type, power, interest, legitimate, "
				   "urgent, support, desired_support, role, note, updated_at, created_at, "
				   "initiative_id) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11,?12)");
	bind(st, in, now);
	db_bind_int(st, 12, initiative_id);
	int64_t id = db_insert(st);
	return id == -ERR_INVALID ? -ERR_CONFLICT : id;
}

int stakeholder_store_update(int64_t id, const struct stakeholder_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("UPDATE stakeholders SET name=?1, party_type=?2, power=?3, interest=?4, "
				   "legitimate=?5, urgent=?6, support=?7, desired_support=?8, role=?9, "
				   "note=?10, updated_at=?11 WHERE id=?12");
	bind(st, in, now);
	db_bind_int(st, 12, id);
	int rc = db_change(st);
	return rc == -ERR_INVALID ? -ERR_CONFLICT : rc;
}

void stakeholder_store_delete(int64_t id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM stakeholders WHERE id=?");
	db_bind_int(st, 1, id);
	db_exec1(st);
}

json_t *stakeholder_store_history(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT h.changed_at AS changedAt, u.name AS \"by\", h.changes FROM "
				   "stakeholder_history h LEFT JOIN users u ON u.id=h.user_id WHERE "
				   "h.stakeholder_id=? ORDER BY h.id DESC");
	db_bind_int(st, 1, id);
	return db_rows_json(st);
}

void stakeholder_store_history_add(int64_t id, int64_t user_id, const char *changes)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("INSERT INTO stakeholder_history(stakeholder_id, changed_at, user_id, "
				   "changes) VALUES(?,?,?,?)");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, now);
	if (user_id > 0)
		db_bind_int(st, 3, user_id);
	else
		sqlite3_bind_null(st, 3);
	db_bind_text(st, 4, changes);
	db_exec1(st);
}
