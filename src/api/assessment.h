/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment: handlers for assessment rounds (assessment_round.c), answer
 * sheets of members and of invited strangers (assessment_answer.c), actions
 * (action.c) and the organisation portfolio (portfolio.c), plus the few
 * helpers they share. The route table includes this header.
 */
#ifndef SL_API_ASSESSMENT_H
#define SL_API_ASSESSMENT_H

#include <jansson.h>
#include <stdint.h>

#include "api/api.h"
#include "domain/method.h"
#include "domain/score.h"

/* assessment_round.c */
int api_round_list(struct api_ctx *c, json_t **out);
int api_round_new_form(struct api_ctx *c, json_t **out);
int api_round_create(struct api_ctx *c, json_t **out);
int api_round_get(struct api_ctx *c, json_t **out);
int api_round_status(struct api_ctx *c, json_t **out);
int api_rater_invite(struct api_ctx *c, json_t **out);
int api_rater_revoke(struct api_ctx *c, json_t **out);
int api_rater_reopen(struct api_ctx *c, json_t **out);
int api_round_results(struct api_ctx *c, json_t **out);
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
/* portfolio.c */
int api_portfolio(struct api_ctx *c, json_t **out);

/*
 * Scores the submitted answers of a round with method m. Returns 0 and
 * fills *s (free with score_free, then json_decref(*keep): the score
 * borrows strings from it). Answers to questions m no longer has are
 * left out, so an edited method never makes an old round unreadable.
 */
int assessment_score(int64_t round_id, const struct method *m, struct score *s, json_t **keep);
/* The method of a stored round, or NULL when it is no longer offered. */
const struct method *assessment_method(json_t *round);
/* A method rule as a suggestion: ruleId, kind, target, actions, parties. */
json_t *assessment_rule_json(const struct method_rule *ru, const char *lang);
/* Today as YYYY-MM-DD (UTC) into out[11]. */
void assessment_today(char out[11]);
/* Page extras for the initiative page: rounds and overdue actions. */
void assessment_initiative_extras(int64_t initiative_id, json_t *o);

#endif
