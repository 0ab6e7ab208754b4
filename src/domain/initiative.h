/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * initiative: the central object (a pilot, innovation or MVP) and its
 * scaling ambition; validation of every field at once.
 */
#ifndef SL_INITIATIVE_H
#define SL_INITIATIVE_H

#include <jansson.h>
#include <stdint.h>

#define INITIATIVE_NAME_MAX 200
#define INITIATIVE_TEXT_MAX 10000

struct initiative {
	int64_t id;
	int64_t org_id;
	int64_t owner_id; /* 0: no owner */
	const char *name;
	const char *description;
	const char *sector;
	const char *stage; /* idee, pilot, opschalen, geborgd, gestopt */
	const char *target_group;
	const char *target_area;
	int64_t target_reach; /* people or units to reach; -1: not set */
	const char *target_date; /* YYYY-MM-DD or NULL */
	const char *scalable_unit;
};

extern const char *const initiative_stages[]; /* NULL-terminated, in order */

/* Appends a {"name","reason"} to invalid for every bad field; returns
 * 0 when valid, -ERR_INVALID otherwise. Reasons are i18n keys. */
int initiative_validate(const struct initiative *in, json_t *invalid);
int initiative_stage_valid(const char *s);

#endif
