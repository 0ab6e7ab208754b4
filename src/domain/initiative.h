/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * initiative: the central object (a pilot, innovation or MVP) and its
 * scaling ambition; its stages; validation of every field at once.
 */
#ifndef SL_INITIATIVE_H
#define SL_INITIATIVE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define INITIATIVE_NAME_MAX 200
#define INITIATIVE_TEXT_MAX 10000

/* The stages, in order. Their stored/API words live in one table
 * (initiative.c): initiative_stage_name() prints, initiative_stage_parse()
 * reads; NONE (0) is no stage, or a word that names none. */
enum initiative_stage {
	INITIATIVE_STAGE_NONE = 0,
	INITIATIVE_STAGE_IDEE,
	INITIATIVE_STAGE_PILOT,
	INITIATIVE_STAGE_OPSCHALEN,
	INITIATIVE_STAGE_GEBORGD,
	INITIATIVE_STAGE_GESTOPT,
};

/* idee, pilot, opschalen, geborgd, gestopt: NULL-terminated, in enum order
 * from 1 (also the choices of field specs and page selects). */
extern const char *const initiative_stages[];

/* The stored/API word, or NULL for NONE (and out of range). */
const char *initiative_stage_name(enum initiative_stage s);
/* The stage a word names (exact, lower case); NONE for NULL and unknown words. */
enum initiative_stage initiative_stage_parse(const char *s);

/*
 * One initiative. As input (a request, the demo data) the strings are
 * borrowed and text is NULL; read from the store they point into text,
 * which the record owns (initiative_free). A NULL string is an absent
 * value (SQL NULL).
 */
struct initiative {
	int64_t id;
	int64_t org_id;
	int64_t owner_id; /* 0: no owner */
	const char *name;
	const char *description;
	const char *sector;
	enum initiative_stage stage;
	const char *target_group;
	const char *target_area;
	int64_t target_reach;	 /* people or units to reach; -1: not set */
	const char *target_date; /* YYYY-MM-DD or NULL */
	const char *scalable_unit;

	/* Read from the store only (left zero in input). */
	const char *organisation; /* the organisation's slug */
	const char *organisation_name;
	const char *owner_name; /* NULL without an owner */
	const char *created_at; /* RFC 3339 UTC */
	const char *updated_at;
	char *text; /* owns the strings of a stored initiative; NULL for input */
};

/* Frees what a stored initiative owns (its text) and clears the pointer. */
void initiative_free(struct initiative *in);
/* Frees a list of n stored initiatives and the array itself. */
void initiative_list_free(struct initiative *list, size_t n);

/* Appends a {"name","reason"} to invalid for every bad field; returns
 * 0 when valid, -ERR_INVALID otherwise. Reasons are i18n keys. */
int initiative_validate(const struct initiative *in, json_t *invalid);

#endif
