/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * knowledge_store: knowledge items and their tags, links, versions,
 * reviews and adoptions; initiative shares; the FTS5 index knowledge_fts,
 * written here whenever an item changes (FTS5 cannot be written from a
 * trigger with trusted_schema off) and rebuilt after an import. The body
 * is indexed as plain text (knowledge_plain), so snippets show no markup.
 */
#include "store/knowledge_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
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

#define VISIBLE(item, user)                                                                                  \
	"(" item ".visibility='publiek' OR " item                                                            \
	".org_id IN (SELECT org_id FROM memberships WHERE user_id=" user "))"

int64_t knowledge_store_org(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT org_id FROM knowledge_items WHERE id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

int knowledge_store_visible(int64_t id, int64_t user_id)
{
	sqlite3_stmt *st = db_prep("SELECT 1 FROM knowledge_items k WHERE k.id=?1 AND " VISIBLE("k", "?2"));
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, user_id);
	return db_one_int(st, 0) == 1;
}

static void tags_text(int64_t id, struct buf *b)
{
	sqlite3_stmt *st = db_prep("SELECT tag FROM knowledge_tags WHERE item_id=? ORDER BY tag");
	db_bind_int(st, 1, id);
	while (db_step(st) == SQLITE_ROW)
		buf_printf(b, "%s%s", b->len ? " " : "", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
}

/* Writes the item's row of the index (title, tags, summary and body). */
static void reindex(int64_t id)
{
	sqlite3_stmt *del = db_prep("DELETE FROM knowledge_fts WHERE rowid=?");
	db_bind_int(del, 1, id);
	db_exec1(del);
	struct buf tags = BUF_INIT;
	tags_text(id, &tags);
	/* the body's words without Markdown: the snippets people read come from here */
	sqlite3_stmt *get = db_prep("SELECT body FROM knowledge_items WHERE id=?");
	db_bind_int(get, 1, id);
	char *plain = NULL;
	if (db_step(get) == SQLITE_ROW)
		plain = knowledge_plain((const char *)sqlite3_column_text(get, 0),
					(size_t)sqlite3_column_bytes(get, 0));
	sqlite3_reset(get);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO knowledge_fts(rowid, title, tags, body) SELECT id, title, ?2, "
		    "summary || char(10) || ?3 FROM knowledge_items WHERE id=?1");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, buf_str(&tags));
	db_bind_text(st, 3, plain ? plain : "");
	db_exec1(st);
	free(plain);
	buf_free(&tags);
}

void knowledge_store_reindex_all(void)
{
	db_exec1(db_prep("DELETE FROM knowledge_fts"));
	sqlite3_stmt *st = db_prep("SELECT id FROM knowledge_items ORDER BY id");
	int64_t *ids = NULL;
	size_t n = 0;
	while (db_step(st) == SQLITE_ROW) {
		ids = xrealloc(ids, (n + 1) * sizeof *ids);
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < n; i++)
		reindex(ids[i]);
	free(ids);
}

static void put_tags_links(int64_t id, const struct knowledge_in *in)
{
	sqlite3_stmt *d1 = db_prep("DELETE FROM knowledge_tags WHERE item_id=?");
	db_bind_int(d1, 1, id);
	db_exec1(d1);
	sqlite3_stmt *d2 = db_prep("DELETE FROM knowledge_links WHERE item_id=?");
	db_bind_int(d2, 1, id);
	db_exec1(d2);
	size_t i;
	json_t *v;
	json_array_foreach (in->tags, i, v) {
		sqlite3_stmt *st = db_prep("INSERT OR IGNORE INTO knowledge_tags(item_id, tag) VALUES(?,?)");
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, json_string_value(v));
		db_exec1(st);
	}
	json_array_foreach (in->links, i, v) {
		sqlite3_stmt *st =
		    db_prep("INSERT OR IGNORE INTO knowledge_links(item_id, kind, ref) VALUES(?,?,?)");
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, json_string_value(json_object_get(v, "kind")));
		db_bind_text(st, 3, json_string_value(json_object_get(v, "ref")));
		db_exec1(st);
	}
}

static const char *s_or(const char *s)
{
	return s ? s : "";
}

static void bind_item(sqlite3_stmt *st, const struct knowledge_in *in)
{
	db_bind_text(st, 1, in->kind);
	db_bind_text(st, 2, in->title);
	db_bind_text(st, 3, s_or(in->summary));
	db_bind_text(st, 4, s_or(in->body));
	db_bind_text(st, 5, s_or(in->sector));
	db_bind_text(st, 6, s_or(in->region));
	db_bind_text(st, 7, s_or(in->party_type));
	db_bind_text(st, 8, in->visibility);
	db_bind_text(st, 9, s_or(in->phase));
	db_bind_text(st, 10, s_or(in->source));
	if (in->initiative_id > 0)
		db_bind_int(st, 11, in->initiative_id);
	else
		sqlite3_bind_null(st, 11);
}

static void add_version(int64_t id, int64_t user_id, const char *changed, const char *now)
{
	sqlite3_stmt *st =
	    db_prep("INSERT INTO knowledge_versions(item_id, version, user_id, changed, title, "
		    "summary, body, at) SELECT id, version, ?2, ?3, title, summary, body, ?4 "
		    "FROM knowledge_items WHERE id=?1");
	db_bind_int(st, 1, id);
	if (user_id > 0)
		db_bind_int(st, 2, user_id);
	else
		sqlite3_bind_null(st, 2);
	db_bind_text(st, 3, changed);
	db_bind_text(st, 4, now);
	db_exec1(st);
}

int64_t knowledge_store_create(const struct knowledge_in *in, int64_t user_id)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep(
	    "INSERT INTO knowledge_items(kind, title, summary, body, sector, region, party_type, visibility, "
	    "phase, source, initiative_id, org_id, evidence_level, evidence_date, evidence_note, author_id, "
	    "created_at, updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?17)");
	bind_item(st, in);
	db_bind_int(st, 12, in->org_id);
	db_bind_text(st, 13, in->level ? in->level : "beschreven");
	char today[11];
	snprintf(today, sizeof today, "%.10s", now);
	db_bind_text(st, 14, in->level_date && *in->level_date ? in->level_date : today);
	db_bind_text(st, 15, s_or(in->level_note));
	if (user_id > 0)
		db_bind_int(st, 16, user_id);
	else
		sqlite3_bind_null(st, 16);
	db_bind_text(st, 17, now);
	int64_t id = db_insert(st);
	if (id < 0)
		return id;
	put_tags_links(id, in);
	add_version(id, user_id, "", now);
	reindex(id);
	return id;
}

int knowledge_store_update(int64_t id, const struct knowledge_in *in, int64_t user_id, const char *changed)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("UPDATE knowledge_items SET kind=?1, title=?2, summary=?3, body=?4, "
		    "sector=?5, region=?6, party_type=?7, visibility=?8, phase=?9, source=?10, "
		    "initiative_id=?11, version=version+1, updated_at=?12 WHERE id=?13");
	bind_item(st, in);
	db_bind_text(st, 12, now);
	db_bind_int(st, 13, id);
	int rc = db_change(st);
	if (rc < 0)
		return rc;
	put_tags_links(id, in);
	add_version(id, user_id, changed, now);
	reindex(id);
	return 0;
}

void knowledge_store_delete(int64_t id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM knowledge_items WHERE id=?");
	db_bind_int(st, 1, id);
	db_exec1(st);
	sqlite3_stmt *f = db_prep("DELETE FROM knowledge_fts WHERE rowid=?");
	db_bind_int(f, 1, id);
	db_exec1(f);
}

#define ITEM_COLS                                                                                            \
	"SELECT k.id, k.org_id AS orgId, o.slug AS organisation, o.name AS organisationName, k.kind, "       \
	"k.title, k.summary, k.body, k.sector, k.region, k.party_type AS partyType, k.visibility, "          \
	"k.evidence_level AS evidenceLevel, k.evidence_date AS evidenceDate, k.evidence_note AS "            \
	"evidenceNote, k.initiative_id AS initiativeId, i.name AS initiativeName, k.phase, k.source, "       \
	"u.name AS author, k.version, k.created_at AS createdAt, k.updated_at AS updatedAt "                 \
	"FROM knowledge_items k JOIN organisations o ON o.id=k.org_id LEFT JOIN initiatives i ON "           \
	"i.id=k.initiative_id LEFT JOIN users u ON u.id=k.author_id "

static json_t *strings(sqlite3_stmt *st)
{
	json_t *a = json_array();
	while (db_step(st) == SQLITE_ROW)
		json_array_append_new(a, json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_reset(st);
	return a;
}

json_t *knowledge_store_item_links(int64_t item_id)
{
	sqlite3_stmt *st =
	    db_prep("SELECT kind, ref FROM knowledge_links WHERE item_id=? ORDER BY kind, ref");
	db_bind_int(st, 1, item_id);
	return db_rows_json(st);
}

json_t *knowledge_store_ingredients(const json_t *ids)
{
	char *text = json_dumps(ids, JSON_COMPACT);
	sqlite3_stmt *st =
	    db_prep("SELECT item_id, ref FROM knowledge_links WHERE kind='ingredient' AND item_id IN "
		    "(SELECT value FROM json_each(?1)) ORDER BY item_id, ref");
	db_bind_text(st, 1, text);
	json_t *by_id = json_object();
	while (db_step(st) == SQLITE_ROW) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)sqlite3_column_int64(st, 0));
		json_t *a = json_object_get(by_id, key);
		if (!a) {
			a = json_array();
			json_object_set_new(by_id, key, a);
		}
		json_array_append_new(a, json_string((const char *)sqlite3_column_text(st, 1)));
	}
	sqlite3_reset(st);
	free(text);
	return by_id;
}

json_t *knowledge_store_get(int64_t id)
{
	sqlite3_stmt *st = db_prep(ITEM_COLS "WHERE k.id=?");
	db_bind_int(st, 1, id);
	json_t *j = db_one_json(st);
	if (!j)
		return NULL;
	sqlite3_stmt *t = db_prep("SELECT tag FROM knowledge_tags WHERE item_id=? ORDER BY tag");
	db_bind_int(t, 1, id);
	json_object_set_new(j, "tags", strings(t));
	json_object_set_new(j, "links", knowledge_store_item_links(id));
	return j;
}

json_t *knowledge_store_versions(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT v.version, v.changed, v.title, v.at, u.name AS author FROM "
				   "knowledge_versions v LEFT JOIN users u ON u.id=v.user_id WHERE "
				   "v.item_id=? ORDER BY v.version DESC");
	db_bind_int(st, 1, id);
	return db_rows_json(st);
}

int knowledge_store_review(int64_t id, const char *level, const char *date, const char *note, int64_t user_id)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("INSERT INTO knowledge_reviews(item_id, from_level, to_level, level_date, "
				   "note, user_id, at) SELECT id, evidence_level, ?2, ?3, ?4, ?5, ?6 FROM "
				   "knowledge_items WHERE id=?1");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, level);
	db_bind_text(st, 3, date);
	db_bind_text(st, 4, note);
	bind_user(st, 5, user_id);
	db_bind_text(st, 6, now);
	if (db_insert(st) < 0)
		return -ERR_NOTFOUND;
	sqlite3_stmt *u = db_prep("UPDATE knowledge_items SET evidence_level=?2, evidence_date=?3, "
				  "evidence_note=?4, updated_at=?5 WHERE id=?1");
	db_bind_int(u, 1, id);
	db_bind_text(u, 2, level);
	db_bind_text(u, 3, date);
	db_bind_text(u, 4, note);
	db_bind_text(u, 5, now);
	return db_change(u);
}

json_t *knowledge_store_reviews(int64_t id)
{
	sqlite3_stmt *st =
	    db_prep("SELECT r.from_level AS fromLevel, r.to_level AS toLevel, r.level_date AS "
		    "levelDate, r.note, r.at, u.name AS reviewer FROM knowledge_reviews r LEFT "
		    "JOIN users u ON u.id=r.user_id WHERE r.item_id=? ORDER BY r.id DESC");
	db_bind_int(st, 1, id);
	return db_rows_json(st);
}

int knowledge_store_adopt(int64_t item_id, int64_t initiative_id, const char *note, int64_t user_id)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("INSERT OR IGNORE INTO knowledge_adoptions(item_id, initiative_id, note, "
				   "user_id, at) VALUES(?,?,?,?,?)");
	db_bind_int(st, 1, item_id);
	db_bind_int(st, 2, initiative_id);
	db_bind_text(st, 3, s_or(note));
	bind_user(st, 4, user_id);
	db_bind_text(st, 5, now);
	db_exec1(st);
	return sqlite3_changes(db_conn()) > 0;
}

int knowledge_store_unadopt(int64_t item_id, int64_t initiative_id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM knowledge_adoptions WHERE item_id=? AND initiative_id=?");
	db_bind_int(st, 1, item_id);
	db_bind_int(st, 2, initiative_id);
	return db_change(st);
}

json_t *knowledge_store_adoptions(int64_t item_id, int64_t user_id)
{
	sqlite3_stmt *st = db_prep(
	    "SELECT i.id AS initiativeId, i.name AS initiative, i.stage, o.name AS organisation, a.note, "
	    "a.at FROM knowledge_adoptions a JOIN initiatives i ON i.id=a.initiative_id JOIN organisations "
	    "o ON o.id=i.org_id WHERE a.item_id=?1 AND (i.id IN (SELECT initiative_id FROM "
	    "initiative_shares) OR i.org_id IN (SELECT org_id FROM memberships WHERE user_id=?2)) "
	    "ORDER BY a.at");
	db_bind_int(st, 1, item_id);
	db_bind_int(st, 2, user_id);
	return db_rows_json(st);
}

json_t *knowledge_store_adopted(int64_t initiative_id)
{
	sqlite3_stmt *st = db_prep("SELECT k.id, k.title, k.kind, k.evidence_level AS evidenceLevel, a.at "
				   "FROM knowledge_adoptions a JOIN knowledge_items k ON k.id=a.item_id "
				   "WHERE a.initiative_id=? ORDER BY k.title");
	db_bind_int(st, 1, initiative_id);
	return db_rows_json(st);
}

#define FILTERS                                                                                              \
	"AND (?3 IS NULL OR k.kind=?3) AND (?4 IS NULL OR k.sector=?4) AND (?5 IS NULL OR k.region=?5) "     \
	"AND (?6 IS NULL OR k.evidence_level=?6) AND (?7 IS NULL OR EXISTS(SELECT 1 FROM knowledge_links "   \
	"l WHERE l.item_id=k.id AND l.kind='ingredient' AND l.ref=?7)) AND (?8=0 OR k.org_id=?8) "

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

json_t *knowledge_store_search(const char *match, const struct knowledge_filter *f, int64_t user_id,
			       int limit)
{
	sqlite3_stmt *st;
	if (match && *match) {
		st = db_prep(
		    "SELECT k.id, k.kind, k.title, k.summary, k.sector, k.region, k.evidence_level AS "
		    "evidenceLevel, k.visibility, o.name AS organisationName, "
		    "bm25(knowledge_fts, 10.0, 4.0, 1.0) AS rank, "
		    "highlight(knowledge_fts, 0, char(1), char(2)) AS titleHl, "
		    "snippet(knowledge_fts, 2, char(1), char(2), '…', 24) AS snippet "
		    "FROM knowledge_fts JOIN knowledge_items k ON k.id=knowledge_fts.rowid "
		    "JOIN organisations o ON o.id=k.org_id "
		    "WHERE knowledge_fts MATCH ?1 AND " VISIBLE("k", "?2") " " FILTERS
									   "ORDER BY rank, k.id LIMIT ?9");
		db_bind_text(st, 1, match);
	} else {
		st = db_prep(
		    "SELECT k.id, k.kind, k.title, k.summary, k.sector, k.region, k.evidence_level AS "
		    "evidenceLevel, k.visibility, o.name AS organisationName, 0.0 AS rank, k.title AS "
		    "titleHl, k.summary AS snippet FROM knowledge_items k JOIN organisations o ON "
		    "o.id=k.org_id WHERE ?1 IS NULL AND " VISIBLE(
			"k", "?2") " " FILTERS "ORDER BY k.updated_at DESC, k.id DESC LIMIT ?9");
		sqlite3_bind_null(st, 1);
	}
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, nz(f ? f->kind : NULL));
	db_bind_text(st, 4, nz(f ? f->sector : NULL));
	db_bind_text(st, 5, nz(f ? f->region : NULL));
	db_bind_text(st, 6, nz(f ? f->level : NULL));
	db_bind_text(st, 7, nz(f ? f->ingredient : NULL));
	db_bind_int(st, 8, f ? f->org_id : 0);
	db_bind_int(st, 9, limit);
	return db_rows_json(st);
}

json_t *knowledge_store_of_initiative(int64_t initiative_id, int64_t user_id)
{
	sqlite3_stmt *st =
	    db_prep("SELECT k.id, k.kind, k.title, k.summary, k.evidence_level AS evidenceLevel "
		    "FROM knowledge_items k WHERE k.initiative_id=?1 AND " VISIBLE(
			"k", "?2") " ORDER BY k.updated_at DESC LIMIT 5");
	db_bind_int(st, 1, initiative_id);
	db_bind_int(st, 2, user_id);
	return db_rows_json(st);
}

int knowledge_store_share(int64_t initiative_id, int share, int64_t user_id)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    share
		? db_prep("INSERT OR IGNORE INTO initiative_shares(initiative_id, user_id, at) VALUES(?,?,?)")
		: db_prep("DELETE FROM initiative_shares WHERE initiative_id=?");
	db_bind_int(st, 1, initiative_id);
	if (share) {
		if (user_id > 0)
			db_bind_int(st, 2, user_id);
		else
			sqlite3_bind_null(st, 2);
		db_bind_text(st, 3, now);
	}
	db_exec1(st);
	return 0;
}

int knowledge_store_shared(int64_t initiative_id)
{
	sqlite3_stmt *st = db_prep("SELECT 1 FROM initiative_shares WHERE initiative_id=?");
	db_bind_int(st, 1, initiative_id);
	return db_one_int(st, 0) == 1;
}

void knowledge_store_counts(int64_t initiative_id, int64_t *published, int64_t *adopted)
{
	sqlite3_stmt *a = db_prep("SELECT count(*) FROM knowledge_items WHERE initiative_id=?");
	db_bind_int(a, 1, initiative_id);
	*published = db_one_int(a, 0);
	sqlite3_stmt *b = db_prep("SELECT count(*) FROM knowledge_adoptions WHERE initiative_id=?");
	db_bind_int(b, 1, initiative_id);
	*adopted = db_one_int(b, 0);
}
