/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * audit: one row of the audit log as a beheerder reads it, and the filter a
 * beheerder narrows the log with. The log itself is written by every write
 * (api_audit) and can never be changed (schema step 8 triggers).
 */
#ifndef SL_DOMAIN_AUDIT_H
#define SL_DOMAIN_AUDIT_H

#include <stdint.h>

#include "lib/util.h"

/* Most rows one page of the log shows (the API's documented maximum). */
#define AUDIT_PAGE_MAX 200
#define AUDIT_PAGE_DEFAULT 50
/* Most rows one CSV export holds; a larger export must be narrowed by date. */
#define AUDIT_EXPORT_MAX 100000

struct audit_entry {
	int64_t id;
	const char *at;	    /* RFC 3339 UTC */
	const char *actor;  /* the user's e-mail, "cli:<user>", "token:<name>", or "" */
	const char *action; /* e.g. "initiative.create" */
	const char *object; /* e.g. "initiative/12" */
	const char *result; /* "ok", "invalid", "denied", "notfound", "gone", ... */
	const char *origin; /* the client address, or "cli" */
	char *text;	    /* owns the strings above */
};

struct audit_filter {
	int64_t org_id;
	char from[11]; /* YYYY-MM-DD or "": rows on or after that UTC day */
	char to[11];   /* YYYY-MM-DD or "": rows on or before that UTC day */
	char action[65];
	char result[33];
	char actor[129];   /* part of the actor, case-insensitive; "" = any */
	int64_t before_id; /* cursor: only rows older than this id; 0 = newest first */
	int limit;
};

/* Checks a filter's days: each a real date, from not after to. Returns 0, or
 * -ERR_INVALID with the name of the first bad field ("van", "tot") in *field. */
int audit_filter_check(const struct audit_filter *f, const char **field);

void audit_entry_free(struct audit_entry *e);

#endif
