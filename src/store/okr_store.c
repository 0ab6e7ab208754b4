/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr_store: tables okr_teams, okr_team_members, okr_periods,
 * okr_objectives, okr_alignments, okr_key_results, okr_milestones,
 * okr_checkins (joins users, initiatives for names). Stored words become
 * enums here, once; a stored word we do not know is a bug (the tables'
 * CHECK constraints allow only ours).
 */
#include "okr_store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "store/db.h"
#include "store/record.h"

const char *const okr_team_kinds[] = {"afdeling", "team", NULL};

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

static int col_enum(sqlite3_stmt *st, int i, const char *const *list)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	int v = okr_enum(list, s);
	if (v < 0)
		BUG("stored okr value %s is not one of ours", s ? s : "(null)");
	return v;
}

static int64_t col_id(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, i);
}

static void bind_id(sqlite3_stmt *st, int i, int64_t id)
{
	if (id > 0)
		db_bind_int(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

/* Grows *v (of element size sz) to hold n + 1 elements. */
static void *grow(void *v, size_t n, size_t *cap, size_t sz)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 8;
	return xrealloc(v, *cap * sz);
}

/* --- teams -------------------------------------------------------------- */

#define TEAM_COLS                                                                                            \
	"SELECT t.id, t.org_id, t.parent_id, t.kind, t.name, "                                               \
	"(SELECT count(*) FROM okr_team_members m WHERE m.team_id=t.id) FROM okr_teams t "

static void team_row(sqlite3_stmt *st, void *record)
{
	struct okr_team *t = record;
	t->id = sqlite3_column_int64(st, 0);
	t->org_id = sqlite3_column_int64(st, 1);
	t->parent_id = col_id(st, 2);
	t->kind = (enum okr_team_kind)col_enum(st, 3, okr_team_kinds);
	t->name = col_str(st, 4);
	t->n_members = (size_t)sqlite3_column_int64(st, 5);
}

struct okr_team *okr_store_teams(int64_t org_id, size_t *n)
{
	sqlite3_stmt *st = db_prep(TEAM_COLS "WHERE t.org_id=? ORDER BY t.kind='team', t.name");
	db_bind_int(st, 1, org_id);
	return record_rows(st, sizeof(struct okr_team), n, team_row);
}

void okr_teams_free(struct okr_team *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++)
		free(t[i].name);
}

int okr_store_team(int64_t id, struct okr_team *t)
{
	sqlite3_stmt *st = db_prep(TEAM_COLS "WHERE t.id=?");
	db_bind_int(st, 1, id);
	return record_one(st, t, sizeof *t, team_row);
}

int64_t okr_store_team_org(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT org_id FROM okr_teams WHERE id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

int64_t okr_store_team_create(int64_t org_id, int64_t parent_id, enum okr_team_kind kind, const char *name)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO okr_teams(org_id, parent_id, kind, name, created_at) VALUES(?,?,?,?,?)");
	db_bind_int(st, 1, org_id);
	bind_id(st, 2, parent_id);
	db_bind_text(st, 3, okr_team_kinds[kind]);
	db_bind_text(st, 4, name);
	db_bind_text(st, 5, now);
	int64_t id = db_insert(st);
	return id == -ERR_INVALID ? -ERR_CONFLICT : id;
}

struct okr_member *okr_store_team_members(int64_t team_id, size_t *n)
{
	sqlite3_stmt *st =
	    db_prep("SELECT u.id, u.name, u.email FROM okr_team_members m JOIN users u ON u.id=m.user_id "
		    "WHERE m.team_id=? ORDER BY u.name");
	db_bind_int(st, 1, team_id);
	struct okr_member *v = NULL;
	size_t cap = 0;
	*n = 0;
	while (db_step(st) == SQLITE_ROW) {
		v = grow(v, *n, &cap, sizeof *v);
		v[*n].user_id = sqlite3_column_int64(st, 0);
		v[*n].name = col_str(st, 1);
		v[*n].email = col_str(st, 2);
		(*n)++;
	}
	sqlite3_reset(st);
	return v;
}

void okr_members_free(struct okr_member *m, size_t n)
{
	for (size_t i = 0; m && i < n; i++) {
		free(m[i].name);
		free(m[i].email);
	}
}

int okr_store_team_member_add(int64_t team_id, int64_t user_id)
{
	sqlite3_stmt *st = db_prep("INSERT OR IGNORE INTO okr_team_members(team_id, user_id) VALUES(?,?)");
	db_bind_int(st, 1, team_id);
	db_bind_int(st, 2, user_id);
	int64_t rc = db_insert(st);
	return rc < 0 ? (int)rc : 0;
}

int okr_store_team_member_remove(int64_t team_id, int64_t user_id)
{
	sqlite3_stmt *st = db_prep("DELETE FROM okr_team_members WHERE team_id=? AND user_id=?");
	db_bind_int(st, 1, team_id);
	db_bind_int(st, 2, user_id);
	return db_change(st);
}

int okr_store_team_has_member(int64_t team_id, int64_t user_id)
{
	sqlite3_stmt *st = db_prep("SELECT 1 FROM okr_team_members WHERE team_id=? AND user_id=?");
	db_bind_int(st, 1, team_id);
	db_bind_int(st, 2, user_id);
	return db_one_int(st, 0) == 1;
}

/* --- periods ------------------------------------------------------------ */

#define PERIOD_COLS "SELECT id, org_id, name, starts_on, ends_on FROM okr_periods "

static void period_row(sqlite3_stmt *st, void *record)
{
	struct okr_period *p = record;
	p->id = sqlite3_column_int64(st, 0);
	p->org_id = sqlite3_column_int64(st, 1);
	p->name = col_str(st, 2);
	col_copy(st, 3, p->starts_on, sizeof p->starts_on);
	col_copy(st, 4, p->ends_on, sizeof p->ends_on);
}

struct okr_period *okr_store_periods(int64_t org_id, size_t *n)
{
	sqlite3_stmt *st = db_prep(PERIOD_COLS "WHERE org_id=? ORDER BY starts_on DESC, id DESC");
	db_bind_int(st, 1, org_id);
	return record_rows(st, sizeof(struct okr_period), n, period_row);
}

void okr_periods_free(struct okr_period *p, size_t n)
{
	for (size_t i = 0; p && i < n; i++)
		free(p[i].name);
}

int okr_store_period(int64_t id, struct okr_period *p)
{
	sqlite3_stmt *st = db_prep(PERIOD_COLS "WHERE id=?");
	db_bind_int(st, 1, id);
	return record_one(st, p, sizeof *p, period_row);
}

int64_t okr_store_period_org(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT org_id FROM okr_periods WHERE id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

int64_t okr_store_period_create(int64_t org_id, const char *name, const char *starts_on, const char *ends_on)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep(
	    "INSERT INTO okr_periods(org_id, name, starts_on, ends_on, created_at) VALUES(?,?,?,?,?)");
	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, starts_on);
	db_bind_text(st, 4, ends_on);
	db_bind_text(st, 5, now);
	int64_t id = db_insert(st);
	return id == -ERR_INVALID ? -ERR_CONFLICT : id;
}

/* --- objectives --------------------------------------------------------- */

#define OBJ_COLS                                                                                             \
	"SELECT o.id, o.org_id, o.period_id, o.level, o.team_id, o.initiative_id, o.owner_id, "              \
	"o.carried_from, "                                                                                   \
	"o.state, o.title, o.description, o.retrospective, COALESCE(u.name,''), COALESCE(t.name,''), "       \
	"COALESCE(i.name,''), p.name, p.starts_on, p.ends_on, o.score, o.created_at, o.updated_at "          \
	"FROM okr_objectives o JOIN okr_periods p ON p.id=o.period_id "                                      \
	"LEFT JOIN users u ON u.id=o.owner_id LEFT JOIN okr_teams t ON t.id=o.team_id "                      \
	"LEFT JOIN initiatives i ON i.id=o.initiative_id "

static void objective_row(sqlite3_stmt *st, void *record)
{
	struct okr_objective *o = record;
	o->id = sqlite3_column_int64(st, 0);
	o->org_id = sqlite3_column_int64(st, 1);
	o->period_id = sqlite3_column_int64(st, 2);
	o->level = (enum okr_level)col_enum(st, 3, okr_levels);
	o->team_id = col_id(st, 4);
	o->initiative_id = col_id(st, 5);
	o->owner_id = col_id(st, 6);
	o->carried_from = col_id(st, 7);
	o->state = (enum okr_state)col_enum(st, 8, okr_states);
	o->title = col_str(st, 9);
	o->description = col_str(st, 10);
	o->retrospective = col_str(st, 11);
	o->owner_name = col_str(st, 12);
	o->team_name = col_str(st, 13);
	o->initiative_name = col_str(st, 14);
	o->period_name = col_str(st, 15);
	col_copy(st, 16, o->starts_on, sizeof o->starts_on);
	col_copy(st, 17, o->ends_on, sizeof o->ends_on);
	o->has_score = sqlite3_column_type(st, 18) != SQLITE_NULL;
	o->score = o->has_score ? sqlite3_column_double(st, 18) : 0;
	col_copy(st, 19, o->created_at, sizeof o->created_at);
	col_copy(st, 20, o->updated_at, sizeof o->updated_at);
}

static struct okr_objective *objective_rows(sqlite3_stmt *st, size_t *n)
{
	return record_rows(st, sizeof(struct okr_objective), n, objective_row);
}

struct okr_objective *okr_store_objectives(int64_t org_id, size_t *n)
{
	sqlite3_stmt *st = db_prep(OBJ_COLS "WHERE o.org_id=? ORDER BY p.starts_on DESC, o.level, o.id");
	db_bind_int(st, 1, org_id);
	return objective_rows(st, n);
}

struct okr_objective *okr_store_initiative_objectives(int64_t initiative_id, size_t *n)
{
	sqlite3_stmt *st = db_prep(OBJ_COLS "WHERE o.initiative_id=? ORDER BY p.starts_on DESC, o.id");
	db_bind_int(st, 1, initiative_id);
	return objective_rows(st, n);
}

void okr_objectives_free(struct okr_objective *o, size_t n)
{
	for (size_t i = 0; o && i < n; i++) {
		free(o[i].title);
		free(o[i].description);
		free(o[i].retrospective);
		free(o[i].owner_name);
		free(o[i].team_name);
		free(o[i].initiative_name);
		free(o[i].period_name);
	}
}

int okr_store_objective(int64_t id, struct okr_objective *o)
{
	sqlite3_stmt *st = db_prep(OBJ_COLS "WHERE o.id=?");
	db_bind_int(st, 1, id);
	return record_one(st, o, sizeof *o, objective_row);
}

int64_t okr_store_objective_org(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT org_id FROM okr_objectives WHERE id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

int64_t okr_store_objective_create(const struct okr_objective_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("INSERT INTO okr_objectives(org_id, period_id, level, team_id, initiative_id, "
		    "title, description, owner_id, carried_from, created_at, updated_at) "
		    "VALUES(?,?,?,?,?,?,?,?,?,?,?)");
	db_bind_int(st, 1, in->org_id);
	db_bind_int(st, 2, in->period_id);
	db_bind_text(st, 3, okr_levels[in->level]);
	bind_id(st, 4, in->team_id);
	bind_id(st, 5, in->initiative_id);
	db_bind_text(st, 6, in->title);
	db_bind_text(st, 7, in->description ? in->description : "");
	bind_id(st, 8, in->owner_id);
	bind_id(st, 9, in->carried_from);
	db_bind_text(st, 10, now);
	db_bind_text(st, 11, now);
	return db_insert(st);
}

int okr_store_objective_update(int64_t id, const struct okr_objective_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("UPDATE okr_objectives SET period_id=?, level=?, team_id=?, initiative_id=?, "
		    "title=?, description=?, owner_id=?, updated_at=? WHERE id=?");
	db_bind_int(st, 1, in->period_id);
	db_bind_text(st, 2, okr_levels[in->level]);
	bind_id(st, 3, in->team_id);
	bind_id(st, 4, in->initiative_id);
	db_bind_text(st, 5, in->title);
	db_bind_text(st, 6, in->description ? in->description : "");
	bind_id(st, 7, in->owner_id);
	db_bind_text(st, 8, now);
	db_bind_int(st, 9, id);
	return db_change(st);
}

int okr_store_objective_set_state(int64_t id, enum okr_state state)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("UPDATE okr_objectives SET state=?, updated_at=? WHERE id=?");
	db_bind_text(st, 1, okr_states[state]);
	db_bind_text(st, 2, now);
	db_bind_int(st, 3, id);
	return db_change(st);
}

int okr_store_objective_close(int64_t id, double score, const char *retrospective)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("UPDATE okr_objectives SET state='afgesloten', score=?, retrospective=?, "
				   "updated_at=? WHERE id=?");
	sqlite3_bind_double(st, 1, score);
	db_bind_text(st, 2, retrospective ? retrospective : "");
	db_bind_text(st, 3, now);
	db_bind_int(st, 4, id);
	return db_change(st);
}

struct okr_alignment *okr_store_alignments(int64_t org_id, size_t *n)
{
	sqlite3_stmt *st = db_prep("SELECT a.child_id, a.parent_id, a.link FROM okr_alignments a "
				   "JOIN okr_objectives o ON o.id=a.child_id WHERE o.org_id=? "
				   "ORDER BY a.child_id, a.parent_id");
	db_bind_int(st, 1, org_id);
	struct okr_alignment *v = NULL;
	size_t cap = 0;
	*n = 0;
	while (db_step(st) == SQLITE_ROW) {
		v = grow(v, *n, &cap, sizeof *v);
		v[*n].child_id = sqlite3_column_int64(st, 0);
		v[*n].parent_id = sqlite3_column_int64(st, 1);
		v[*n].link = (enum okr_link)col_enum(st, 2, okr_links);
		(*n)++;
	}
	sqlite3_reset(st);
	return v;
}

void okr_store_alignments_set(int64_t child_id, const struct okr_alignment *a, size_t n)
{
	sqlite3_stmt *st = db_prep("DELETE FROM okr_alignments WHERE child_id=?");
	db_bind_int(st, 1, child_id);
	db_exec1(st);
	for (size_t i = 0; i < n; i++) {
		st =
		    db_prep("INSERT OR REPLACE INTO okr_alignments(child_id, parent_id, link) VALUES(?,?,?)");
		db_bind_int(st, 1, child_id);
		db_bind_int(st, 2, a[i].parent_id);
		db_bind_text(st, 3, okr_links[a[i].link]);
		db_exec1(st);
	}
}

/* --- key results -------------------------------------------------------- */

#define KR_COLS                                                                                              \
	"SELECT k.id, k.objective_id, k.title, k.kind, k.start_value, k.target_value, k.equal_counts, "      \
	"k.unit, "                                                                                           \
	"k.weight, k.owner_id, COALESCE(u.name,''), k.commitment, k.due_on, k.source, k.source_ref, "        \
	"k.score, "                                                                                          \
	"k.carried_from, k.position, k.created_at, k.updated_at, "                                           \
	"(SELECT c.value FROM okr_checkins c WHERE c.kr_id=k.id AND c.value IS NOT NULL "                    \
	" ORDER BY c.on_date DESC LIMIT 1), "                                                                \
	"(SELECT c.confidence FROM okr_checkins c WHERE c.kr_id=k.id AND c.confidence IS NOT NULL "          \
	" ORDER BY c.on_date DESC LIMIT 1), "                                                                \
	"(SELECT max(c.on_date) FROM okr_checkins c WHERE c.kr_id=k.id), "                                   \
	"(SELECT count(*) FROM okr_milestones m WHERE m.kr_id=k.id), "                                       \
	"(SELECT count(*) FROM okr_milestones m WHERE m.kr_id=k.id AND m.done=1) "                           \
	"FROM okr_key_results k LEFT JOIN users u ON u.id=k.owner_id "

static void kr_row(sqlite3_stmt *st, void *record)
{
	struct okr_key_result *k = record;
	memset(k, 0, sizeof *k);
	k->id = sqlite3_column_int64(st, 0);
	k->objective_id = sqlite3_column_int64(st, 1);
	k->title = col_str(st, 2);
	k->kr.kind = (enum okr_kind)col_enum(st, 3, okr_kinds);
	k->kr.start = sqlite3_column_double(st, 4);
	k->kr.has_target = sqlite3_column_type(st, 5) != SQLITE_NULL;
	k->kr.target = k->kr.has_target ? sqlite3_column_double(st, 5) : 0;
	k->kr.equal_counts = sqlite3_column_int(st, 6);
	k->unit = col_str(st, 7);
	k->kr.weight = sqlite3_column_double(st, 8);
	k->owner_id = col_id(st, 9);
	k->owner_name = col_str(st, 10);
	k->commitment = (enum okr_commitment)col_enum(st, 11, okr_commitments);
	col_copy(st, 12, k->due_on, sizeof k->due_on);
	k->source = (enum okr_source)col_enum(st, 13, okr_sources);
	k->source_ref = col_str(st, 14);
	k->has_score = sqlite3_column_type(st, 15) != SQLITE_NULL;
	k->score = k->has_score ? sqlite3_column_double(st, 15) : 0;
	k->carried_from = col_id(st, 16);
	k->position = sqlite3_column_int(st, 17);
	col_copy(st, 18, k->created_at, sizeof k->created_at);
	col_copy(st, 19, k->updated_at, sizeof k->updated_at);
	k->kr.has_value = sqlite3_column_type(st, 20) != SQLITE_NULL;
	k->kr.value = k->kr.has_value ? sqlite3_column_double(st, 20) : 0;
	k->kr.confidence = sqlite3_column_type(st, 21) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 21);
	const char *last = (const char *)sqlite3_column_text(st, 22);
	k->kr.last_day = last ? okr_day(last) : -1;
	k->kr.sub_total = sqlite3_column_int(st, 23);
	k->kr.sub_done = sqlite3_column_int(st, 24);
}

static struct okr_key_result *kr_rows(sqlite3_stmt *st, size_t *n)
{
	return record_rows(st, sizeof(struct okr_key_result), n, kr_row);
}

struct okr_key_result *okr_store_krs(int64_t org_id, size_t *n)
{
	sqlite3_stmt *st = db_prep(KR_COLS "JOIN okr_objectives o ON o.id=k.objective_id WHERE o.org_id=? "
					   "ORDER BY k.objective_id, k.position, k.id");
	db_bind_int(st, 1, org_id);
	return kr_rows(st, n);
}

struct okr_key_result *okr_store_objective_krs(int64_t objective_id, size_t *n)
{
	sqlite3_stmt *st = db_prep(KR_COLS "WHERE k.objective_id=? ORDER BY k.position, k.id");
	db_bind_int(st, 1, objective_id);
	return kr_rows(st, n);
}

void okr_krs_free(struct okr_key_result *k, size_t n)
{
	for (size_t i = 0; k && i < n; i++) {
		free(k[i].title);
		free(k[i].unit);
		free(k[i].owner_name);
		free(k[i].source_ref);
	}
}

int okr_store_kr(int64_t id, struct okr_key_result *k)
{
	sqlite3_stmt *st = db_prep(KR_COLS "WHERE k.id=?");
	db_bind_int(st, 1, id);
	return record_one(st, k, sizeof *k, kr_row);
}

int64_t okr_store_kr_org(int64_t id)
{
	sqlite3_stmt *st = db_prep("SELECT o.org_id FROM okr_key_results k JOIN okr_objectives o ON "
				   "o.id=k.objective_id WHERE k.id=?");
	db_bind_int(st, 1, id);
	return db_one_int(st, -ERR_NOTFOUND);
}

static void bind_kr(sqlite3_stmt *st, const struct okr_kr_in *in, const char *now)
{
	db_bind_text(st, 1, in->title);
	db_bind_text(st, 2, okr_kinds[in->kind]);
	sqlite3_bind_double(st, 3, in->start);
	if (in->has_target)
		sqlite3_bind_double(st, 4, in->target);
	else
		sqlite3_bind_null(st, 4);
	db_bind_int(st, 5, in->equal_counts ? 1 : 0);
	db_bind_text(st, 6, in->unit ? in->unit : "");
	sqlite3_bind_double(st, 7, in->weight);
	bind_id(st, 8, in->owner_id);
	db_bind_text(st, 9, okr_commitments[in->commitment]);
	db_bind_text(st, 10, in->due_on && *in->due_on ? in->due_on : NULL);
	db_bind_text(st, 11, okr_sources[in->source]);
	db_bind_text(st, 12, in->source_ref ? in->source_ref : "");
	db_bind_text(st, 13, now);
}

int64_t okr_store_kr_create(const struct okr_kr_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep(
	    "INSERT INTO okr_key_results(title, kind, start_value, target_value, equal_counts, unit, weight, "
	    "owner_id, commitment, due_on, source, source_ref, updated_at, objective_id, carried_from, "
	    "position, "
	    "created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
	    "(SELECT COALESCE(max(position),0)+1 FROM okr_key_results WHERE objective_id=?14),?13)");
	bind_kr(st, in, now);
	db_bind_int(st, 14, in->objective_id);
	bind_id(st, 15, in->carried_from);
	return db_insert(st);
}

int okr_store_kr_update(int64_t id, const struct okr_kr_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st =
	    db_prep("UPDATE okr_key_results SET title=?, kind=?, start_value=?, target_value=?, "
		    "equal_counts=?, unit=?, weight=?, owner_id=?, commitment=?, due_on=?, source=?, "
		    "source_ref=?, updated_at=? WHERE id=?14");
	bind_kr(st, in, now);
	db_bind_int(st, 14, id);
	return db_change(st);
}

void okr_store_kr_set_score(int64_t id, double score)
{
	sqlite3_stmt *st = db_prep("UPDATE okr_key_results SET score=? WHERE id=?");
	sqlite3_bind_double(st, 1, score);
	db_bind_int(st, 2, id);
	db_exec1(st);
}

struct okr_milestone *okr_store_milestones(int64_t kr_id, size_t *n)
{
	sqlite3_stmt *st = db_prep("SELECT id, title, done FROM okr_milestones WHERE kr_id=? ORDER BY id");
	db_bind_int(st, 1, kr_id);
	struct okr_milestone *v = NULL;
	size_t cap = 0;
	*n = 0;
	while (db_step(st) == SQLITE_ROW) {
		v = grow(v, *n, &cap, sizeof *v);
		v[*n].id = sqlite3_column_int64(st, 0);
		v[*n].title = col_str(st, 1);
		v[*n].done = sqlite3_column_int(st, 2);
		(*n)++;
	}
	sqlite3_reset(st);
	return v;
}

void okr_milestones_free(struct okr_milestone *m, size_t n)
{
	for (size_t i = 0; m && i < n; i++)
		free(m[i].title);
}

void okr_store_milestones_set(int64_t kr_id, const struct okr_milestone *m, size_t n)
{
	sqlite3_stmt *st = db_prep("DELETE FROM okr_milestones WHERE kr_id=?");
	db_bind_int(st, 1, kr_id);
	db_exec1(st);
	for (size_t i = 0; i < n; i++) {
		st = db_prep("INSERT INTO okr_milestones(kr_id, title, done) VALUES(?,?,?)");
		db_bind_int(st, 1, kr_id);
		db_bind_text(st, 2, m[i].title);
		db_bind_int(st, 3, m[i].done ? 1 : 0);
		db_exec1(st);
	}
}

/* --- check-ins ---------------------------------------------------------- */

struct okr_checkin *okr_store_checkins(int64_t kr_id, size_t *n)
{
	sqlite3_stmt *st =
	    db_prep("SELECT c.id, c.kr_id, c.user_id, c.on_date, c.value, c.confidence, c.changed, "
		    "c.blocker, c.next_step, COALESCE(u.name,''), c.source, c.created_at "
		    "FROM okr_checkins c LEFT JOIN users u ON u.id=c.user_id WHERE c.kr_id=? "
		    "ORDER BY c.on_date");
	db_bind_int(st, 1, kr_id);
	struct okr_checkin *v = NULL;
	size_t cap = 0;
	*n = 0;
	while (db_step(st) == SQLITE_ROW) {
		v = grow(v, *n, &cap, sizeof *v);
		struct okr_checkin *c = &v[(*n)++];
		c->id = sqlite3_column_int64(st, 0);
		c->kr_id = sqlite3_column_int64(st, 1);
		c->user_id = col_id(st, 2);
		col_copy(st, 3, c->on_date, sizeof c->on_date);
		c->has_value = sqlite3_column_type(st, 4) != SQLITE_NULL;
		c->value = c->has_value ? sqlite3_column_double(st, 4) : 0;
		c->confidence = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 5);
		c->changed = col_str(st, 6);
		c->blocker = col_str(st, 7);
		c->next_step = col_str(st, 8);
		c->user_name = col_str(st, 9);
		c->source = (enum okr_source)col_enum(st, 10, okr_sources);
		col_copy(st, 11, c->created_at, sizeof c->created_at);
	}
	sqlite3_reset(st);
	return v;
}

void okr_checkins_free(struct okr_checkin *c, size_t n)
{
	for (size_t i = 0; c && i < n; i++) {
		free(c[i].changed);
		free(c[i].blocker);
		free(c[i].next_step);
		free(c[i].user_name);
	}
}

int okr_store_checkin_put(const struct okr_checkin_in *in)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_prep("SELECT 1 FROM okr_checkins WHERE kr_id=? AND on_date=?");
	db_bind_int(st, 1, in->kr_id);
	db_bind_text(st, 2, in->on_date);
	int existed = db_one_int(st, 0) == 1;
	st = db_prep(
	    "INSERT INTO okr_checkins(kr_id, on_date, value, confidence, changed, blocker, next_step, "
	    "source, "
	    "user_id, created_at) VALUES(?,?,?,?,?,?,?,?,?,?) ON CONFLICT(kr_id, on_date) DO UPDATE SET "
	    "value=excluded.value, confidence=excluded.confidence, changed=excluded.changed, "
	    "blocker=excluded.blocker, next_step=excluded.next_step, source=excluded.source, "
	    "user_id=excluded.user_id, created_at=excluded.created_at");
	db_bind_int(st, 1, in->kr_id);
	db_bind_text(st, 2, in->on_date);
	if (in->has_value)
		sqlite3_bind_double(st, 3, in->value);
	else
		sqlite3_bind_null(st, 3);
	if (in->confidence >= 0)
		db_bind_int(st, 4, in->confidence);
	else
		sqlite3_bind_null(st, 4);
	db_bind_text(st, 5, in->changed ? in->changed : "");
	db_bind_text(st, 6, in->blocker ? in->blocker : "");
	db_bind_text(st, 7, in->next_step ? in->next_step : "");
	db_bind_text(st, 8, okr_sources[in->source]);
	bind_id(st, 9, in->user_id);
	db_bind_text(st, 10, now);
	db_exec1(st);
	return existed ? 0 : 1;
}

int okr_store_checked_in_since(int64_t user_id, int64_t org_id, const char *since)
{
	sqlite3_stmt *st =
	    db_prep("SELECT count(*) FROM okr_checkins c JOIN okr_key_results k ON k.id=c.kr_id "
		    "JOIN okr_objectives o ON o.id=k.objective_id "
		    "WHERE c.user_id=? AND o.org_id=? AND c.on_date>=?");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, org_id);
	db_bind_text(st, 3, since);
	return db_one_int(st, 0) > 0;
}
