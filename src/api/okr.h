/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * okr: handlers of the okr module (teams and periods in okr_structure.c,
 * objectives in okr_objective.c, key results, check-ins and the value API
 * in okr_kr.c, CSV in okr_csv.c) and the documents they share
 * (okr_doc.c): one organisation's objectives, key results and alignments
 * loaded at once, progress and status computed by domain/okr.
 */
#ifndef SL_API_OKR_H
#define SL_API_OKR_H

#include <jansson.h>
#include <stdint.h>

#include "api/api.h"
#include "domain/okr.h"
#include "store/okr_store.h"

/* Everything of one organisation that progress and status depend on. */
struct okr_world {
	int64_t org_id;
	int64_t today; /* day number (okr_day) */
	struct okr_objective *obj;
	size_t n_obj;
	struct okr_key_result *kr;
	size_t n_kr;
	struct okr_alignment *al;
	size_t n_al;
	struct okr_node *node; /* per objective: progress, status */
	json_t **origin;       /* per key result: where a bound value came from, or NULL */
};

/* Loads and computes; free with okr_world_free. */
void okr_world_load(struct okr_world *w, int64_t org_id);
void okr_world_free(struct okr_world *w);
/* Index of objective id in w->obj, or -1. */
long okr_world_find(const struct okr_world *w, int64_t id);
/* Today as a day number (UTC). */
int64_t okr_today(void);

/* {id, name} or null. */
json_t *okr_ref(int64_t id, const char *name);
/* A period as the API shows it. */
json_t *okr_period_json(const struct okr_period *p, int64_t today);
/* A key result of objective o (its period decides expected pace and status). */
json_t *okr_kr_json(const struct okr_key_result *k, const struct okr_objective *o, int64_t today);
/* The same with the origin of a bound value (borrowed; NULL: none). */
json_t *okr_kr_json_origin(const struct okr_key_result *k, const struct okr_objective *o, int64_t today,
			   json_t *origin);
/* An objective in a list: progress, status, counts. */
json_t *okr_objective_summary(const struct okr_world *w, size_t i);
/* An objective with its key results, parents, children and warnings. */
json_t *okr_objective_json(const struct okr_world *w, size_t i);
/* Quality warnings (catalogue keys) of objective i. */
json_t *okr_warnings(const struct okr_world *w, size_t i);
/* An edit of an objective (or of its key results) after its period has
 * ended is allowed; this audits it as such, besides the edit's own row. */
void okr_audit_after_period(const struct api_ctx *c, int64_t objective_id);
/* {organisation, organisationName} members set on o; -ERR_NOTFOUND. */
int okr_org_members(json_t *o, int64_t org_id);

/* okr_structure.c */
int api_okr_teams(struct api_ctx *c, json_t **out);
int api_okr_team_create(struct api_ctx *c, json_t **out);
int api_okr_team_get(struct api_ctx *c, json_t **out);
int api_okr_team_member_add(struct api_ctx *c, json_t **out);
int api_okr_team_member_remove(struct api_ctx *c, json_t **out);
int api_okr_periods(struct api_ctx *c, json_t **out);
int api_okr_period_create(struct api_ctx *c, json_t **out);
/* okr_objective.c */
int api_okr_tree(struct api_ctx *c, json_t **out);
int api_okr_objective_new_form(struct api_ctx *c, json_t **out);
int api_okr_objective_create(struct api_ctx *c, json_t **out);
int api_okr_objective_get(struct api_ctx *c, json_t **out);
int api_okr_objective_update(struct api_ctx *c, json_t **out);
int api_okr_objective_publish(struct api_ctx *c, json_t **out);
int api_okr_objective_close(struct api_ctx *c, json_t **out);
int api_okr_objective_carry(struct api_ctx *c, json_t **out);
int api_okr_objective_edit_form(struct api_ctx *c, json_t **out);
int api_okr_initiative_objectives(struct api_ctx *c, json_t **out);
/* For the initiative page: "okrObjectives", the initiative's objectives
 * as summaries (web/templates/okr/okr_initiative.html shows them). */
void okr_initiative_extras(int64_t initiative_id, json_t *o);
/* okr_kr.c */
int api_okr_kr_new_form(struct api_ctx *c, json_t **out);
int api_okr_kr_create(struct api_ctx *c, json_t **out);
int api_okr_kr_get(struct api_ctx *c, json_t **out);
int api_okr_kr_update(struct api_ctx *c, json_t **out);
int api_okr_kr_edit_form(struct api_ctx *c, json_t **out);
int api_okr_checkin_create(struct api_ctx *c, json_t **out);
int api_okr_value_put(struct api_ctx *c, json_t **out);
int api_okr_checkin_page(struct api_ctx *c, json_t **out);
int api_okr_checkin_batch(struct api_ctx *c, json_t **out);
int api_okr_review(struct api_ctx *c, json_t **out);
/* okr_csv.c */
int api_okr_export(struct api_ctx *c, json_t **out);
int api_okr_import(struct api_ctx *c, json_t **out);

#endif
