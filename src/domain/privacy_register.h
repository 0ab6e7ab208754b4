/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * privacy_register: the processing register (AVG/GDPR art. 30) as data.
 * Every column of the schema that holds or points at a person is listed
 * with why it is kept (purpose), on what legal ground (basis) and how long
 * (retention); columns that only look personal (the name of an
 * organisation) are listed as not personal. A unit test fails when a
 * column that looks personal is missing, so the register follows the
 * schema. The codes are words; their texts are in i18n/privacy.*.json.
 */
#ifndef SL_PRIVACY_REGISTER_H
#define SL_PRIVACY_REGISTER_H

#include <stddef.h>

enum privacy_match {
	PRIVACY_MATCH_NONE,    /* no lookup by person (a foreign key to users is found from the schema) */
	PRIVACY_MATCH_USER_ID, /* holds a user id without a foreign key */
	PRIVACY_MATCH_EMAIL,   /* holds a person's address: their rows are exported and erased */
	PRIVACY_MATCH_ACTOR,   /* holds who did something (audit): exported, pseudonymised on erasure */
};

struct privacy_register_entry {
	const char *table;
	const char *column;
	const char *category;  /* "identiteit", "contact", "verwijzing", "techniek", "inhoud", "geen" */
	const char *purpose;   /* "account", "samenwerking", "beveiliging", "verantwoording", ... */
	const char *basis;     /* "overeenkomst", "gerechtvaardigd-belang", "wettelijke-plicht", "geen" */
	const char *retention; /* "account", "sessie", "token", "kort", "verantwoording", ... */
	enum privacy_match match;
};

/* The register, in table order; *n entries. */
const struct privacy_register_entry *privacy_register(size_t *n);
/* The entry of table.column, or NULL. */
const struct privacy_register_entry *privacy_register_find(const char *table, const char *column);
/* 1 when a column of this name looks like it holds or points at a person. */
int privacy_looks_personal(const char *column);

#endif
