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

/* Adds to a round's results what the group agreed: "agreed" (a list of
 * {id, title, hasLevel, level, conclusion, evidence, dissent}), the same
 * object as "agreed" on each ingredient it names, and "workshopId" (the
 * round's workshop, or null). */
void workshop_results_extras(int64_t round_id, const struct method *m, json_t *results, const char *lang);

#endif
