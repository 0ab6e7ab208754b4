/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * businesscase_store: tables bc_cases, bc_parties, bc_lines, bc_amounts,
 * bc_factors and bc_units (joins initiatives for names and the
 * organisation). Returns domain structs (domain/businesscase.h); prefix bc_store_.
 */
#ifndef SL_BUSINESSCASE_STORE_H
#define SL_BUSINESSCASE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/businesscase.h"

/* A case's own fields as a request gives them; strings borrowed. */
struct bc_case_in {
	int64_t initiative_id;
	const char *name, *description, *rate_source;
	const char *rate_date; /* NULL or "": none */
	int horizon;
	double rate;
};

/* A line as a request gives it; strings borrowed. */
struct bc_line_in {
	int64_t party_id;
	enum bc_kind kind;
	enum bc_category category;
	const char *label, *source;
	int has_best, has_worst;
	double best, worst;
	int64_t cents[BC_HORIZON_MAX + 1];
	uint32_t years; /* bit y: store year y */
};

/* Organisation of a case's initiative, or -ERR_NOTFOUND. */
int64_t bc_store_case_org(int64_t id);
/* The case a party / line belongs to, or -ERR_NOTFOUND. */
int64_t bc_store_party_case(int64_t party_id);
int64_t bc_store_line_case(int64_t line_id);
/* 0 and *c with everything under it (bc_case_free), or -ERR_NOTFOUND. */
int bc_store_case_load(int64_t id, struct bc_case *c);
/* Ids of an initiative's cases by name (caller frees); *n the count. */
int64_t *bc_store_case_ids(int64_t initiative_id, size_t *n);
/* The initiative's most recently changed case, or 0. */
int64_t bc_store_latest_case(int64_t initiative_id);
/* New id, or -ERR_CONFLICT when the initiative has a case of that name. */
int64_t bc_store_case_create(const struct bc_case_in *in);
/* 0, or -ERR_CONFLICT (name taken). */
int bc_store_case_update(int64_t id, const struct bc_case_in *in);
void bc_store_case_delete(int64_t id);
/* Marks the case changed (its parts changed). */
void bc_store_case_touch(int64_t id);
/* Removes the zero amounts stored past the horizon (after it shrank). */
void bc_store_case_trim(int64_t id, int horizon);
/* The highest year with an amount other than 0 among the case's lines, or -1. */
int bc_store_case_last_year(int64_t id);

/* New id, or -ERR_CONFLICT when the case has a party of that name (any case). */
int64_t bc_store_party_create(int64_t case_id, const char *name, enum organisation_kind helix);
/* 0, or -ERR_CONFLICT. */
int bc_store_party_update(int64_t id, const char *name, enum organisation_kind helix);
void bc_store_party_delete(int64_t id);

/* New id of a line with its amounts. */
int64_t bc_store_line_create(int64_t case_id, const struct bc_line_in *in);
/* Replaces a line and its amounts. */
void bc_store_line_update(int64_t id, const struct bc_line_in *in);
void bc_store_line_delete(int64_t id);

/* Writes the scenario multipliers of every category (index 1..BC_CATEGORY_COUNT). */
void bc_store_factors_set(int64_t case_id, const double *best, const double *worst);
/* Writes (or replaces) the unit economics of a case. */
void bc_store_unit_set(int64_t case_id, const struct bc_unit_rec *u);
void bc_store_unit_delete(int64_t case_id);

#endif
