/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * party_store: party profiles and offers, initiative partners, connect
 * requests; initiatives shared for "who already did this?".
 */
#include "store/party_store.h"

#include <string.h>

#include "lib/util.h"
#include "store/db.h"

/* A user id, or NULL for none (demo data, CLI). */
static void bind_user(sqlite3_stmt *st, int i, int64_t id)
{
	if (id > 0)
		db_bind_int(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

static json_t *offers(int64_t org_id)
{
	sqlite3_stmt *st =
	    db_prep("SELECT ingredient, note FROM party_offers WHERE org_id=? ORDER BY ingredient");
	db_bind_int(st, 1, org_id);
	return db_rows_json(st);
}

#define PROFILE_COLS                                                                                         \
	"SELECT o.id, o.slug, o.name, o.kind AS helix, p.summary, p.seeks, p.regions, p.sectors, "           \
	"p.website, "                                                                                        \
	"p.confirmed_at AS confirmedAt, p.updated_at AS updatedAt FROM party_profiles p JOIN organisations " \
	"o ON o.id=p.org_id "

json_t *party_store_get(int64_t org_id)
{
	sqlite3_stmt *st = db_prep(PROFILE_COLS "WHERE p.org_id=?");
	db_bind_int(st, 1, org_id);
	json_t *j = db_one_json(st);
	if (j)
		json_object_set_new(j, "offers", offers(org_id));
	return j;
}

json_t *party_store_list(void)
{
	json_t *a = db_rows_json(db_prep(PROFILE_COLS "ORDER BY o.name"));
	size_t i;
	json_t *p;
	json_array_foreach (a, i, p)
		json_object_set_new(p, "offers", offers(json_integer_value(json_object_get(p, "id"))));
	return a;
}

/* The current profiles (confirmed on or after ?1) of one helix kind (?2,
 * NULL: any) that offer one ingredient (?3, NULL: any). */
#define PARTY_FILTER                                                                                         \
	"WHERE p.confirmed_at>=?1 AND (?2 IS NULL OR o.kind=?2) AND (?3 IS NULL OR EXISTS (SELECT 1 FROM "   \
	"party_offers f WHERE f.org_id=p.org_id AND f.ingredient=?3)) "

json_t *party_store_list_page(const char *confirmed_since, const char *helix, const char *offer,
			      int64_t offset, int limit)
{
	sqlite3_stmt *st = db_prep(PROFILE_COLS PARTY_FILTER "ORDER BY o.name, o.id LIMIT ?4 OFFSET ?5");
	db_bind_text(st, 1, confirmed_since);
	db_bind_text(st, 2, helix);
	db_bind_text(st, 3, offer);
	db_bind_int(st, 4, limit);
	db_bind_int(st, 5, offset);
	json_t *a = db_rows_json(st);
	size_t i;
	json_t *p;
	json_array_foreach (a, i, p)
		json_object_set_new(p, "offers", offers(json_integer_value(json_object_get(p, "id"))));
	return a;
}

int64_t party_store_count(const char *confirmed_since, const char *helix, const char *offer)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT count(*) FROM party_profiles p JOIN organisations o ON o.id=p.org_id " PARTY_FILTER);
	db_bind_text(st, 1, confirmed_since);
	db_bind_text(st, 2, helix);
	db_bind_text(st, 3, offer);
	return db_one_int(st, 0);
}

int party_store_put(int64_t org_id, const char *summary, const char *seeks, const char *regions,
		    const char *sectors, const char *website, json_t *offer_list)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep(
	    "INSERT INTO party_profiles(org_id, summary, seeks, regions, sectors, website, confirmed_at, "
	    "updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?7) ON CONFLICT(org_id) DO UPDATE SET summary=?2, "
	    "seeks=?3, regions=?4, sectors=?5, website=?6, confirmed_at=?7, updated_at=?7");
	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, summary ? summary : "");
	db_bind_text(st, 3, seeks ? seeks : "");
	db_bind_text(st, 4, regions ? regions : "");
	db_bind_text(st, 5, sectors ? sectors : "");
	db_bind_text(st, 6, website ? website : "");
	db_bind_text(st, 7, now);
	if (db_exec1(st) != SQLITE_DONE)
		return -ERR_INVALID;
	sqlite3_stmt *d = db_prep("DELETE FROM party_offers WHERE org_id=?");
	db_bind_int(d, 1, org_id);
	db_exec1(d);
	size_t i;
	json_t *o;
	json_array_foreach (offer_list, i, o) {
		sqlite3_stmt *in =
		    db_prep("INSERT OR IGNORE INTO party_offers(org_id, ingredient, note) VALUES(?,?,?)");
		db_bind_int(in, 1, org_id);
		db_bind_text(in, 2, json_string_value(json_object_get(o, "ingredient")));
		const char *note = json_string_value(json_object_get(o, "note"));
		db_bind_text(in, 3, note ? note : "");
		db_exec1(in);
	}
	return 0;
}

int party_store_confirm(int64_t org_id)
{
	char now[21];
	db_now(now);
	return party_store_confirm_at(org_id, now);
}

int party_store_confirm_at(int64_t org_id, const char *now)
{
	sqlite3_stmt *st = db_prep("UPDATE party_profiles SET confirmed_at=? WHERE org_id=?");
	db_bind_text(st, 1, now);
	db_bind_int(st, 2, org_id);
	return db_change(st);
}

json_t *party_store_initiatives(int64_t org_id)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT i.id, i.name, i.stage, i.org_id AS orgId, EXISTS(SELECT 1 FROM initiative_shares s WHERE "
	    "s.initiative_id=i.id) AS shared FROM initiatives i WHERE i.org_id=?1 OR i.id IN (SELECT "
	    "initiative_id FROM initiative_partners WHERE org_id=?1) ORDER BY i.id");
	db_bind_int(st, 1, org_id);
	return db_rows_json(st);
}

void party_store_partner_add(int64_t initiative_id, int64_t org_id)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("INSERT OR IGNORE INTO initiative_partners(initiative_id, org_id, since) VALUES(?,?,?)");
	db_bind_int(st, 1, initiative_id);
	db_bind_int(st, 2, org_id);
	db_bind_text(st, 3, now);
	db_exec1(st);
}

static void bind_opt(sqlite3_stmt *st, int i, int64_t v)
{
	if (v > 0)
		db_bind_int(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

int64_t party_store_request_create(int64_t from_user, int64_t from_org, int64_t from_initiative,
				   int64_t to_org, int64_t to_initiative, const char *message)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO connect_requests(from_user, from_org, from_initiative, to_org, "
		    "to_initiative, message, status, created_at) VALUES(?,?,?,?,?,?,'open',?)");
	bind_user(st, 1, from_user);
	db_bind_int(st, 2, from_org);
	bind_opt(st, 3, from_initiative);
	db_bind_int(st, 4, to_org);
	bind_opt(st, 5, to_initiative);
	db_bind_text(st, 6, message);
	db_bind_text(st, 7, now);
	return db_insert(st);
}

int64_t party_store_request_org(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT to_org FROM connect_requests WHERE id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

#define REQUEST_COLS                                                                                         \
	"SELECT r.id, r.status, r.message, r.created_at AS createdAt, r.decided_at AS decidedAt, "           \
	"fo.id AS fromOrgId, fo.name AS fromOrg, u.name AS fromUser, r.from_initiative AS "                  \
	"fromInitiativeId, "                                                                                 \
	"fi.name AS fromInitiative, t.id AS toOrgId, t.name AS toOrg, r.to_initiative AS toInitiativeId, "   \
	"ti.name AS toInitiative, CASE WHEN r.status='geaccepteerd' THEN u.email END AS fromEmail, "         \
	"CASE WHEN r.status='geaccepteerd' THEN d.name END AS toUser, "                                      \
	"CASE WHEN r.status='geaccepteerd' THEN d.email END AS toEmail "                                     \
	"FROM connect_requests r JOIN organisations fo ON fo.id=r.from_org JOIN organisations t ON "         \
	"t.id=r.to_org LEFT JOIN users u ON u.id=r.from_user LEFT JOIN initiatives fi ON "                   \
	"fi.id=r.from_initiative LEFT JOIN initiatives ti ON ti.id=r.to_initiative LEFT JOIN users d ON "    \
	"d.id=r.decided_by "

json_t *party_store_request_get(int64_t id)
{
	sqlite3_stmt *st = db_prep(REQUEST_COLS "WHERE r.id=?");
	db_bind_int(st, 1, id);
	return db_one_json(st);
}

int party_store_request_decide(int64_t id, const char *status, int64_t user_id)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("UPDATE connect_requests SET status=?, decided_at=?, decided_by=? WHERE id=? "
		    "AND status='open'");
	db_bind_text(st, 1, status);
	db_bind_text(st, 2, now);
	bind_user(st, 3, user_id);
	db_bind_int(st, 4, id);
	return db_change(st);
}

/* Requests to the user's organisations (received), or from them to
 * another organisation (sent); a request between two of the user's own
 * organisations is received. */
#define REQUESTS_OF                                                                                          \
	"(CASE WHEN ?2 THEN r.to_org IN (SELECT org_id FROM memberships WHERE user_id=?1) "                  \
	"ELSE r.from_org IN (SELECT org_id FROM memberships WHERE user_id=?1) AND "                          \
	"r.to_org NOT IN (SELECT org_id FROM memberships WHERE user_id=?1) END) "

json_t *party_store_requests(int64_t user_id, int received, int64_t offset, int limit)
{
	sqlite3_stmt *st = db_prep(
	    REQUEST_COLS "WHERE " REQUESTS_OF "ORDER BY r.status='open' DESC, r.id DESC LIMIT ?3 OFFSET ?4");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, received);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset);
	return db_rows_json(st);
}

int64_t party_store_requests_count(int64_t user_id, int received, int open_only)
{
	sqlite3_stmt *st = db_prep("SELECT count(*) FROM connect_requests r WHERE " REQUESTS_OF
				   "AND (NOT ?3 OR r.status='open')");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, received);
	db_bind_int(st, 3, open_only);
	return db_one_int(st, 0);
}

json_t *party_store_shared_initiatives(int64_t user_id)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT i.id, i.name, i.description, i.sector, i.target_area AS area, i.stage, i.org_id AS "
	    "orgId, "
	    "o.name AS organisation FROM initiatives i JOIN organisations o ON o.id=i.org_id WHERE i.id IN "
	    "(SELECT initiative_id FROM initiative_shares) OR i.org_id IN (SELECT org_id FROM memberships "
	    "WHERE user_id=?1) ORDER BY i.id");
	db_bind_int(st, 1, user_id);
	return db_rows_json(st);
}

json_t *party_store_renewals(int64_t user_id, const char *from, const char *to)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT o.id AS orgId, o.slug, o.name, date(p.confirmed_at, '+365 days') AS due FROM "
	    "party_profiles p "
	    "JOIN organisations o ON o.id=p.org_id JOIN memberships m ON m.org_id=p.org_id AND m.user_id=?1 "
	    "AND m.role IN ('beheerder','bewerker') WHERE (?2 IS NULL OR date(p.confirmed_at, '+365 "
	    "days')>=?2) "
	    "AND (?3 IS NULL OR date(p.confirmed_at, '+365 days')<=?3) ORDER BY due");
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	return db_rows_json(st);
}

int64_t party_store_request_from_user(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT from_user FROM connect_requests WHERE id = ?");
	db_bind_int(st, 1, id);
	int64_t u = db_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return u;
}
