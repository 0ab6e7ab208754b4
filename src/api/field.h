/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * field: declarative field specifications and the one routine that reads a
 * request body against them, for JSON bodies and HTML forms alike. A
 * handler declares its fields once (type, range, length, required, enum,
 * default), calls field_check() and reads typed values; every bad field is
 * reported at once into invalid-params with catalogue keys, and the body
 * itself is never changed, so a page can show the form again with what the
 * user typed. Integers are judged on their full value: never narrowed first.
 */
#ifndef SL_API_FIELD_H
#define SL_API_FIELD_H

#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "api/api.h"

enum field_type {
	FIELD_STRING,  /* text; at most max_len UTF-8 characters */
	FIELD_INTEGER, /* whole number in [min, max] */
	FIELD_ID,      /* the id of a row: a whole number from 1 (min, max unused) */
	FIELD_NUMBER,  /* finite number in [nmin, nmax] (FIELD_GT/FIELD_LT: exclusive) */
	FIELD_BOOLEAN, /* true/false; a form sends "1"/"0" (also on/off, true/false, ja/nee) */
	FIELD_ENUM,    /* one of values */
	FIELD_DATE,    /* an existing calendar date, YYYY-MM-DD */
	FIELD_OBJECT,  /* a nested object; its members are the specs named "<name>.<member>" */
	FIELD_ANY,     /* any value; the handler reads and checks it (value.j) */
};

enum {
	FIELD_REQUIRED = 1u << 0, /* absent, null, "" or blank text is err.required */
	FIELD_NULLABLE = 1u << 1, /* integer, id, number, boolean: JSON null means absent */
	FIELD_OPEN = 1u << 2,	  /* object: members without a spec are the handler's to check */
	FIELD_GT = 1u << 3,	  /* number: nmin itself is out of range */
	FIELD_LT = 1u << 4,	  /* number: nmax itself is out of range */
};

/* Whole ranges, for fields without a bound of their own. */
#define FIELD_INT64 .min = INT64_MIN, .max = INT64_MAX
#define FIELD_REAL .nmin = -HUGE_VAL, .nmax = HUGE_VAL

struct field {
	const char *name; /* member, or dotted path into nested objects ("ambition.reach") */
	enum field_type type;
	unsigned flags;		   /* FIELD_* above */
	int64_t min, max;	   /* FIELD_INTEGER: inclusive bounds (FIELD_INT64: all of int64) */
	double nmin, nmax;	   /* FIELD_NUMBER: bounds; -HUGE_VAL/HUGE_VAL: none (FIELD_REAL) */
	size_t max_len;		   /* FIELD_STRING: most UTF-8 characters; 0: no limit */
	const char *const *values; /* FIELD_ENUM: the choices, NULL-terminated */
	const char *reason;	   /* catalogue key for a value of the right type that is out of
				    * range or not one of values; NULL: a generic key whose text
				    * names the bound crossed ("err.min" with {min}, "err.max" with
				    * {max}; "err.gt", "err.lt" for FIELD_GT, FIELD_LT) */
	const char *def;	   /* value when absent, written as a form would send it ("14",
				    * "ontwerp", "-1"); taken as is, without a range check */
};

/* What field_check() read for one spec. */
struct field_value {
	int set;	 /* the caller gave a value: not absent, null, "" or an empty form field */
	int ok;		 /* the value below is usable: set and valid, or the default */
	const char *s;	 /* STRING, DATE: the text (borrowed from the body); ENUM: the spec's value */
	int64_t i;	 /* INTEGER, ID: the value; ENUM: the index in values */
	double d;	 /* NUMBER (and INTEGER, ID as a double) */
	int b;		 /* BOOLEAN */
	const json_t *j; /* the member as given (borrowed), NULL when absent or null */
};

#define FIELD_COUNT(spec) (sizeof(spec) / sizeof((spec)[0]))

/*
 * Reads obj against the n specs into out[0..n-1] (same order). form: the
 * values come from an HTML form, so text is parsed ("42", "2,5", "1");
 * otherwise they are JSON and must have their type (a string is not an
 * integer, 2.5 is not an integer, 1e300 is out of every integer range).
 * JSON null counts as absent for text, enum, date and object fields, and
 * for the others only with FIELD_NULLABLE. Members of obj (and of
 * non-open object fields) without a spec are reported as unknown, except
 * a form's top-level "_csrf" (the pipeline checks it). Problems are named
 * "<prefix>.<name>" (just the name when prefix is NULL or ""). Returns 0,
 * or -ERR_INVALID when it appended a problem.
 */
int field_check(const json_t *obj, const struct field *spec, size_t n, int form, const char *prefix,
		struct field_value *out, json_t *invalid);

/*
 * The given, valid values as a JSON object shaped like the specs (nested
 * objects rebuilt from their members, open objects and FIELD_ANY copied):
 * JSON members as they came, form text typed (integers, numbers, booleans).
 * Defaults are left out. Caller owns the result.
 */
json_t *field_json(const struct field *spec, size_t n, const struct field_value *v, int form);

/* field_check() of the request body of c (a form when c renders a page),
 * problems into c->invalid. */
int api_fields(struct api_ctx *c, const struct field *spec, size_t n, struct field_value *out);

#endif
