/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * workshop: handlers of the live workshop on an assessment round
 * (workshop.c): the facilitator's view and steps, joining from a phone,
 * the phone's sheet, the QR code; and the agreed values on the results.
 */
#ifndef SL_API_WORKSHOP_H
#define SL_API_WORKSHOP_H

#include <jansson.h>
#include <stdint.h>

#include "api/api.h"
#include "domain/method.h"
#include "store/assessment_store.h"

int api_workshop_start(struct api_ctx *c, json_t **out);
int api_workshop_get(struct api_ctx *c, json_t **out);
int api_workshop_part(struct api_ctx *c, json_t **out);
int api_workshop_agree(struct api_ctx *c, json_t **out);
int api_workshop_action(struct api_ctx *c, json_t **out);
int api_workshop_remove(struct api_ctx *c, json_t **out);
int api_workshop_close(struct api_ctx *c, json_t **out);
int api_workshop_qr(struct api_ctx *c, json_t **out);
int api_workshop_join_form(struct api_ctx *c, json_t **out);
int api_workshop_join(struct api_ctx *c, json_t **out);
int api_workshop_phone(struct api_ctx *c, json_t **out);
int api_workshop_answer(struct api_ctx *c, json_t **out);

/* The longest text answer a participant may send, in characters. */
#define WORKSHOP_TEXT_MAX_LEN 2000

/* One answer read from a participant's input; in.options points at options
 * (JSON array text of option ids, or NULL), which the list owns. */
struct workshop_answer {
	struct assessment_answer_in in;
	char *options;
};

/* Reads the answers a participant sent for part sec of m (workshop_answer.c):
 * answers is the "answers" object of the form or the API body. A key that
 * is no question of this part, or a bad value, adds a problem named
 * "answers.<id>" to inv (values are read in the method's order and the first
 * bad one ends the reading; none are read while inv holds problems). Returns
 * the number of answers in *out (free with workshop_answers_free), 0 with
 * *out NULL when inv holds problems. Pure: no store, no request. */
size_t workshop_answers_read(const struct method *m, const struct method_section *sec, json_t *answers,
			     json_t *inv, struct workshop_answer **out);
void workshop_answers_free(struct workshop_answer *a, size_t n);

/* Adds to a round's results what the group agreed: "agreed" (a list of
 * {id, title, hasLevel, level, conclusion, evidence, dissent}), the same
 * object as "agreed" on each ingredient it names, and "workshopId" (the
 * round's workshop, or null). */
void workshop_results_extras(int64_t round_id, const struct method *m, json_t *results, const char *lang);

#endif
