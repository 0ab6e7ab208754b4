/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_field: libFuzzer target for the field-spec reader (api/field). The
 * bytes are read as a JSON body and as a form; both go through
 * field_check() in JSON and form mode against specs of every type. Must
 * never crash, leak or trip a sanitizer, and must keep its promises: the
 * body is left as it came, a usable value lies within its spec's range,
 * the result says whether problems were added, and every problem carries
 * a name and a catalogue key.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "http/parse.h"
#include "lib/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const kinds[] = {"binomial", "mean", NULL};

static const struct field spec[] = {
    {.name = "name", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 5},
    {.name = "level", .type = FIELD_INTEGER, .flags = FIELD_NULLABLE, .min = 0, .max = 5},
    {.name = "big", .type = FIELD_INTEGER, FIELD_INT64},
    {.name = "id", .type = FIELD_ID},
    {.name = "share", .type = FIELD_NUMBER, .flags = FIELD_GT | FIELD_LT, .nmin = 0, .nmax = 1},
    {.name = "any", .type = FIELD_NUMBER, FIELD_REAL},
    {.name = "flag", .type = FIELD_BOOLEAN},
    {.name = "kind", .type = FIELD_ENUM, .values = kinds, .def = "mean"},
    {.name = "day", .type = FIELD_DATE},
    {.name = "o", .type = FIELD_OBJECT},
    {.name = "o.n", .type = FIELD_INTEGER, .flags = FIELD_REQUIRED, .min = 2, .max = 1000},
    {.name = "o.p", .type = FIELD_OBJECT},
    {.name = "o.p.x", .type = FIELD_NUMBER, .nmin = 0, .nmax = HUGE_VAL},
    {.name = "open", .type = FIELD_OBJECT, .flags = FIELD_OPEN},
    {.name = "raw", .type = FIELD_ANY},
};
#define N FIELD_COUNT(spec)

static void check(const json_t *body, int form)
{
	json_t *copy = json_deep_copy(body), *inv = json_array();
	struct field_value v[N];
	int rc = field_check(body, spec, N, form, form ? "f" : NULL, v, inv);
	if (!json_equal(copy, body))
		__builtin_trap(); /* the body must stay as the user typed it */
	if ((rc == 0) != (json_array_size(inv) == 0))
		__builtin_trap();
	for (size_t i = 0; i < N; i++) {
		const struct field *f = &spec[i];
		if (!v[i].ok)
			continue;
		if (f->type == FIELD_INTEGER && (v[i].i < f->min || v[i].i > f->max) &&
		    !(f->def && !v[i].set))
			__builtin_trap();
		if (f->type == FIELD_ID && v[i].i < 1)
			__builtin_trap();
		if (f->type == FIELD_NUMBER && v[i].set && !(v[i].d >= f->nmin && v[i].d <= f->nmax))
			__builtin_trap();
		if (f->type == FIELD_STRING && v[i].s &&
		    (!utf8_valid(v[i].s, strlen(v[i].s)) || utf8_length(v[i].s) > f->max_len))
			__builtin_trap();
	}
	size_t k;
	json_t *p;
	json_array_foreach (inv, k, p) {
		const char *name = json_string_value(json_object_get(p, "name"));
		const char *reason = json_string_value(json_object_get(p, "reason"));
		if (!name || !reason || strncmp(reason, "err.", 4))
			__builtin_trap();
	}
	json_t *o = field_json(spec, N, v, form);
	char *s = json_dumps(o, JSON_COMPACT);
	free(s);
	json_decref(o);
	json_decref(inv);
	json_decref(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[200];
	json_t *j = parse_json_body((const char *)data, size, err, sizeof err);
	if (j) {
		check(j, 0);
		check(j, 1);
		json_decref(j);
	}
	json_t *form = parse_form((const char *)data, size);
	if (form) {
		check(form, 1);
		json_decref(form);
	}
	return 0;
}
