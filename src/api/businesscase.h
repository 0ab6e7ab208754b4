/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * businesscase: handlers of the businesscase module (cases in
 * businesscase_case.c, parties, lines, scenario factors and unit economics
 * in businesscase_parts.c, the XLSX and CSV export in
 * businesscase_export.c) and the computed case they share
 * (businesscase_doc.c): the wrong-pocket matrix, NPV per party, scenarios,
 * rate sensitivity, tornado, the deal and unit economics.
 */
#ifndef SL_API_BUSINESSCASE_H
#define SL_API_BUSINESSCASE_H

#include <jansson.h>
#include <stdint.h>

#include "api/api.h"
#include "domain/businesscase.h"

/* The source note of the preset rate (English and Dutch share it: a citation). */
#define BC_RATE_PRESET_SOURCE                                                                                \
	"Werkgroep discontovoet 2020 (kabinet, MKBA-standaarddiscontovoet vanaf 1 januari 2021): 2,25 % "    \
	"reëel = -1 % risicovrij + 3,25 % risico-opslag; rwseconomie.nl/discontovoet"

/* A case with its figures computed once (bc_calc_free). */
struct bc_calc {
	struct bc_case c;
	struct bc_line *lines;
	struct bc_input in;
	struct bc_party_result *res[4]; /* by enum bc_scenario (1..3), at the case's rate */
	int64_t total[4];
};
/* 0, or -ERR_NOTFOUND. */
int bc_calc_load(int64_t case_id, struct bc_calc *k);
void bc_calc_free(struct bc_calc *k);

/* The full document of a case (BusinessCase); NULL when it is gone. */
json_t *bc_case_doc(const struct api_ctx *c, int64_t case_id);
/* Sets "power" and "canBlock" of each party of the case document from the
 * stakeholders of the stakeholder module's evidence ([{name, power, ...}],
 * names matched case-insensitively); holders NULL (no stakeholder map):
 * both null. */
void bc_parties_block(json_t *parties, const json_t *holders);
/* The evidence hook: the initiative's most recently changed case. */
int bc_evidence(int64_t initiative_id, json_t *into);

/* businesscase_case.c */
int api_bc_list(struct api_ctx *c, json_t **out);
int api_bc_new_form(struct api_ctx *c, json_t **out);
int api_bc_create(struct api_ctx *c, json_t **out);
int api_bc_get(struct api_ctx *c, json_t **out);
int api_bc_update(struct api_ctx *c, json_t **out);
int api_bc_edit_form(struct api_ctx *c, json_t **out);
int api_bc_delete(struct api_ctx *c, json_t **out);
/* businesscase_parts.c */
int api_bc_party_create(struct api_ctx *c, json_t **out);
int api_bc_party_get(struct api_ctx *c, json_t **out);
int api_bc_party_update(struct api_ctx *c, json_t **out);
int api_bc_party_delete(struct api_ctx *c, json_t **out);
int api_bc_line_new_form(struct api_ctx *c, json_t **out);
int api_bc_line_create(struct api_ctx *c, json_t **out);
int api_bc_line_edit_form(struct api_ctx *c, json_t **out);
int api_bc_line_get(struct api_ctx *c, json_t **out);
int api_bc_line_update(struct api_ctx *c, json_t **out);
int api_bc_line_delete(struct api_ctx *c, json_t **out);
int api_bc_factors_form(struct api_ctx *c, json_t **out);
int api_bc_factors_put(struct api_ctx *c, json_t **out);
int api_bc_unit_form(struct api_ctx *c, json_t **out);
int api_bc_unit_put(struct api_ctx *c, json_t **out);
int api_bc_unit_delete(struct api_ctx *c, json_t **out);
/* businesscase_export.c */
int api_bc_export(struct api_ctx *c, json_t **out);

#endif
