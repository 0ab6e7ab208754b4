/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr_store: tables okr_teams, okr_team_members, okr_periods,
 * okr_objectives, okr_alignments, okr_key_results, okr_milestones and
 * okr_checkins. Reads come back as structs with enums for every state;
 * lists are arrays the caller frees with the matching *_free function.
 * Never decides who may change what (the api layer does) and never
 * computes progress (domain/okr does).
 */
#ifndef SL_OKR_STORE_H
#define SL_OKR_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/okr.h"

enum okr_team_kind { OKR_DEPARTMENT, OKR_TEAM };
extern const char *const okr_team_kinds[]; /* afdeling team */

struct okr_team {
	int64_t id, org_id, parent_id; /* parent_id 0: directly under the organisation */
	enum okr_team_kind kind;
	char *name;
	size_t n_members;
};

struct okr_member {
	int64_t user_id;
	char *name, *email;
};

struct okr_period {
	int64_t id, org_id;
	char *name;
	char starts_on[11], ends_on[11]; /* YYYY-MM-DD */
};

struct okr_objective {
	int64_t id, org_id, period_id;
	enum okr_level level;
	int64_t team_id, initiative_id, owner_id, carried_from; /* 0: none */
	enum okr_state state;
	char *title, *description, *retrospective;
	char *owner_name, *team_name, *initiative_name, *period_name; /* "" when none */
	char starts_on[11], ends_on[11];			      /* of the period */
	int has_score;
	double score; /* 0..1, set when the objective was closed */
	char created_at[21], updated_at[21];
};

struct okr_alignment {
	int64_t child_id, parent_id;
	enum okr_link link;
};

/* A key result; kr.value/has_value, kr.confidence and kr.last_day come
 * from its check-ins, kr.sub_total/sub_done from its sub-milestones. */
struct okr_key_result {
	int64_t id, objective_id, owner_id, carried_from;
	struct okr_kr kr;
	char *title, *unit, *owner_name, *source_ref;
	enum okr_commitment commitment;
	enum okr_source source;
	char due_on[11]; /* "" when none */
	int has_score;
	double score;
	int position;
	char created_at[21], updated_at[21];
};

struct okr_milestone {
	int64_t id;
	char *title;
	int done;
};

struct okr_checkin {
	int64_t id, kr_id, user_id;
	char on_date[11];
	int has_value;
	double value;
	int confidence; /* -1: none */
	char *changed, *blocker, *next_step, *user_name;
	enum okr_source source;
	char created_at[21];
};

/* --- teams -------------------------------------------------------------- */
/* Teams of an organisation, departments first, each by name. Caller frees
 * with okr_teams_free. */
struct okr_team *okr_store_teams(int64_t org_id, size_t *n);
void okr_teams_free(struct okr_team *t, size_t n);
/* One team into *t (free with okr_teams_free(t, 1)); -ERR_NOTFOUND. */
int okr_store_team(int64_t id, struct okr_team *t);
/* Org of a team, or -ERR_NOTFOUND. */
int64_t okr_store_team_org(int64_t id);
/* New team; -ERR_CONFLICT when the name is taken in the organisation. */
int64_t okr_store_team_create(int64_t org_id, int64_t parent_id, enum okr_team_kind kind, const char *name);
struct okr_member *okr_store_team_members(int64_t team_id, size_t *n);
void okr_members_free(struct okr_member *m, size_t n);
/* Adds a member (no-op when already in); removes one (-ERR_NOTFOUND when not in). */
int okr_store_team_member_add(int64_t team_id, int64_t user_id);
int okr_store_team_member_remove(int64_t team_id, int64_t user_id);
/* 1 when the user is in the team. */
int okr_store_team_has_member(int64_t team_id, int64_t user_id);

/* --- periods ------------------------------------------------------------ */
/* Periods of an organisation, newest start first. */
struct okr_period *okr_store_periods(int64_t org_id, size_t *n);
void okr_periods_free(struct okr_period *p, size_t n);
int okr_store_period(int64_t id, struct okr_period *p);
int64_t okr_store_period_org(int64_t id);
/* -ERR_CONFLICT when the name is taken. */
int64_t okr_store_period_create(int64_t org_id, const char *name, const char *starts_on, const char *ends_on);

/* --- objectives --------------------------------------------------------- */
struct okr_objective_in {
	int64_t org_id, period_id;
	enum okr_level level;
	int64_t team_id, initiative_id, owner_id, carried_from; /* 0: none */
	const char *title, *description;
};
/* All objectives of an organisation (every period), by period and id. */
struct okr_objective *okr_store_objectives(int64_t org_id, size_t *n);
/* Objectives of an initiative, newest period first. */
struct okr_objective *okr_store_initiative_objectives(int64_t initiative_id, size_t *n);
void okr_objectives_free(struct okr_objective *o, size_t n);
int okr_store_objective(int64_t id, struct okr_objective *o);
int64_t okr_store_objective_org(int64_t id);
int64_t okr_store_objective_create(const struct okr_objective_in *in);
int okr_store_objective_update(int64_t id, const struct okr_objective_in *in);
int okr_store_objective_set_state(int64_t id, enum okr_state state);
/* Closes: state afgesloten, the score and the retrospective note. */
int okr_store_objective_close(int64_t id, double score, const char *retrospective);
/* Every alignment between objectives of the organisation. */
struct okr_alignment *okr_store_alignments(int64_t org_id, size_t *n);
/* Replaces the parents of child. */
void okr_store_alignments_set(int64_t child_id, const struct okr_alignment *a, size_t n);

/* --- key results -------------------------------------------------------- */
struct okr_kr_in {
	int64_t objective_id, owner_id, carried_from; /* 0: none */
	const char *title, *unit, *due_on;	      /* due_on NULL: none */
	enum okr_kind kind;
	double start, target;
	int has_target, equal_counts;
	double weight;
	enum okr_commitment commitment;
	enum okr_source source;
	const char *source_ref; /* "" for a manual series */
};
/* Key results of every objective of the organisation, by objective and position. */
struct okr_key_result *okr_store_krs(int64_t org_id, size_t *n);
/* Key results of one objective. */
struct okr_key_result *okr_store_objective_krs(int64_t objective_id, size_t *n);
void okr_krs_free(struct okr_key_result *k, size_t n);
int okr_store_kr(int64_t id, struct okr_key_result *k);
int64_t okr_store_kr_org(int64_t id);
int64_t okr_store_kr_create(const struct okr_kr_in *in);
int okr_store_kr_update(int64_t id, const struct okr_kr_in *in);
void okr_store_kr_set_score(int64_t id, double score);
/* Sub-milestones of a milestone key result, in order. */
struct okr_milestone *okr_store_milestones(int64_t kr_id, size_t *n);
void okr_milestones_free(struct okr_milestone *m, size_t n);
/* Replaces the sub-milestones. */
void okr_store_milestones_set(int64_t kr_id, const struct okr_milestone *m, size_t n);

/* --- check-ins ---------------------------------------------------------- */
struct okr_checkin_in {
	int64_t kr_id, user_id;
	const char *on_date;
	int has_value;
	double value;
	int confidence; /* -1: none */
	const char *changed, *blocker, *next_step;
	enum okr_source source;
};
/* Check-ins of a key result, oldest first. */
struct okr_checkin *okr_store_checkins(int64_t kr_id, size_t *n);
void okr_checkins_free(struct okr_checkin *c, size_t n);
/* Writes the check-in of its day, replacing one of the same day. Returns 1
 * when it created a row, 0 when it replaced one. */
int okr_store_checkin_put(const struct okr_checkin_in *in);
/* 1 when the user wrote a check-in or value dated on or after since (YYYY-MM-DD)
 * on a key result of the organisation. */
int okr_store_checked_in_since(int64_t user_id, int64_t org_id, const char *since);

#endif
