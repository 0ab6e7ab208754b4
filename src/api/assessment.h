/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment: handlers of the assessment module, one file per page:
 * rounds (assessment_round.c), raters (assessment_rater.c), results
 * (assessment_results.c), export (assessment_export.c), answer sheets of
 * members and of invited strangers (assessment_answer.c), actions
 * (action.c) and the organisation portfolio (portfolio.c); plus the
 * representations and helpers they share. The route table includes this.
 */
#ifndef SL_API_ASSESSMENT_H
#define SL_API_ASSESSMENT_H

#include <jansson.h>
#include <stdint.h>

#include "api/api.h"
#include "lib/buf.h"
#include "domain/action.h"
#include "domain/assessment.h"
#include "domain/method.h"
#include "domain/rater.h"
#include "domain/score.h"

/* assessment_round.c */
int api_round_list(struct api_ctx *c, json_t **out);
int api_round_new_form(struct api_ctx *c, json_t **out);
int api_round_create(struct api_ctx *c, json_t **out);
int api_round_get(struct api_ctx *c, json_t **out);
int api_round_status(struct api_ctx *c, json_t **out);
/* assessment_rater.c */
int api_rater_invite(struct api_ctx *c, json_t **out);
int api_rater_revoke(struct api_ctx *c, json_t **out);
int api_rater_reopen(struct api_ctx *c, json_t **out);
/* assessment_results.c */
int api_round_results(struct api_ctx *c, json_t **out);
/* assessment_export.c */
int api_round_export(struct api_ctx *c, json_t **out);
/* assessment_answer.c */
int api_answer_form_member(struct api_ctx *c, json_t **out);
int api_answer_save_member(struct api_ctx *c, json_t **out);
int api_answer_form_link(struct api_ctx *c, json_t **out);
int api_answer_save_link(struct api_ctx *c, json_t **out);
/* action.c */
int api_action_list(struct api_ctx *c, json_t **out);
int api_action_create(struct api_ctx *c, json_t **out);
int api_action_get(struct api_ctx *c, json_t **out);
int api_action_update(struct api_ctx *c, json_t **out);
int api_action_delete(struct api_ctx *c, json_t **out);
/* assessment_mywork.c: the start page ("my work") */
int api_my_work(struct api_ctx *c, json_t **out);
/* portfolio.c */
int api_portfolio(struct api_ctx *c, json_t **out);
/* A portfolio row's place in the portfolio (the cursor key of api/page.h):
 * [methodId, initiativeName, initiativeId]. */
json_t *api_portfolio_key(const json_t *row);

/* --- representations (each returns a new reference) ---------------------------------- */

/* Round (schema Round): the stored round without page extras. */
json_t *api_round_json(const struct assessment_round *r);
/* RoundSummary: a round in an initiative's list. */
json_t *api_round_summary_json(const struct assessment_round *r);
/* The rounds of an initiative as RoundSummary items. */
json_t *api_round_list_json(const struct assessment_round_list *l);
/* Rater (schema Rater): one rater with its round. */
json_t *api_rater_json(const struct rater *r);
/* A rater in a round's list and in the export (no round, with times). */
json_t *api_rater_row_json(const struct rater *r);
json_t *api_rater_list_json(const struct rater_list *l);
/* Action (schema Action); overdue as domain/action says on today (YYYY-MM-DD). */
json_t *api_action_json(const struct action *a, const char *today);
/* An Action's place in the action list (the cursor key of api/page.h):
 * [closed, undated, due date or "", id]. */
json_t *api_action_key(const json_t *action);
/* One answer (schema Answer), as stored. */
/*
 * The scaling ambition that replaces {ambitie} / {ambition} in a method's
 * texts (methods/README.md): the initiative's target reach with its
 * scalable unit, area and year; else the answer in `answers` ({questionId:
 * Answer}, may be NULL) to the method's ambition or scale-target measure;
 * else a neutral phrase. Returns a malloc'd string.
 */
char *assessment_ambition(int64_t initiative_id, const struct method *m, const json_t *answers,
			  const char *lang);
/* The text t in lang with {ambitie} replaced by ambition; malloc'd. */
char *assessment_filled(const struct method_text *t, const char *lang, const char *ambition);

/* {"name", "note"}: what the method is based on, in lang. */
json_t *assessment_based_on_json(const struct method *m, const char *lang);

/* q (may be NULL) decides whether a stored level is a number question's "value". */
json_t *api_answer_json(const struct assessment_answer *a, const struct method_question *q);
/* Scores of a round (the members of RoundResults that come from the score). */
json_t *assessment_results_json(const struct method *m, const struct score *s, const char *lang);
/* A method rule as a suggestion: ruleId, kind, target, actions, parties. */
json_t *assessment_rule_json(const struct method_rule *ru, const char *lang);

/* --- shared helpers -------------------------------------------------------------------- */

/* s as a JSON string, or null when NULL; id as an integer, or null when 0. */
json_t *assessment_str_or_null(const char *s);
json_t *assessment_id_or_null(int64_t id);
/* Text t in lang, "" when it has none. */
const char *assessment_text(const struct method_text *t, const char *lang);
/* What a round's results are made of: its raters and its submitted raters'
 * answers. Owned; free with assessment_data_free. */
struct assessment_data {
	struct rater_list raters;
	struct assessment_answer_list answers;
};
void assessment_data_load(int64_t round_id, struct assessment_data *d);
void assessment_data_free(struct assessment_data *d);
/*
 * Scores the submitted answers in d with method m into *s (free with
 * score_free, before d: the score borrows strings from it). Answers to
 * questions m no longer has are left out, so an edited method never makes
 * an old round unreadable.
 */
void assessment_score(const struct method *m, const struct assessment_data *d, struct score *s);
/* The method of a round, or NULL when it is no longer offered. */
const struct method *assessment_method(const struct assessment_round *r);
/* Round id with its method: 0 (free *r with assessment_round_free),
 * -ERR_NOTFOUND, or -ERR_GONE with c->detail set when the round's method is
 * no longer offered (then nothing is left to free). */
int assessment_round_method(struct api_ctx *c, int64_t id, struct assessment_round *r,
			    const struct method **m);
/* Appends the full URL of path (which starts with "/") to out: --public-url
 * without its trailing slash, then path; path alone without a public URL. */
void assessment_link(const struct api_ctx *c, const char *path, struct buf *out);
/* Today as YYYY-MM-DD (UTC) into out[11]. */
void assessment_today(char out[11]);
/* The round page's document (Round with raters, canEdit, isOpen, myRater;
 * pages also get the members to invite), or NULL when the round is gone. */
json_t *assessment_round_page(struct api_ctx *c);
/* Page extras for the initiative page: rounds and overdue actions. */
void assessment_initiative_extras(int64_t initiative_id, json_t *o);

#endif
