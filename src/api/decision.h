/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * decision: handlers of the decision module (decision.c) and what other
 * modules take from it: the decision of a round for its results page and
 * the evidence hook (decision_evidence.c).
 */
#ifndef SL_API_DECISION_H
#define SL_API_DECISION_H

#include <jansson.h>
#include <stdint.h>

#include "api/api.h"

int api_decision_get(struct api_ctx *c, json_t **out);
int api_decision_criteria_put(struct api_ctx *c, json_t **out);
int api_decision_put(struct api_ctx *c, json_t **out);

/* Adds "decision" (the round's decision as RoundDecision, or null) to a
 * round's results document o. */
void decision_results_extras(int64_t round_id, json_t *o, const char *lang);
/* The evidence hook: into["decision"] = the initiative's latest decision. */
int decision_evidence(int64_t initiative_id, json_t *into);

#endif
