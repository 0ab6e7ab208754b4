/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * problem: collects every bad field of one input at once, in the shape of
 * NL API problem+json "invalid-params": [{"name": ..., "reason": ...}].
 * Readers of outside input append to a json_t array; the HTTP layer turns
 * it into a 400, the CLI prints "name: reason" lines. A reason is always a
 * catalogue key (i18n/<module>.nl.json, .en.json), never a sentence: the reader of the problem
 * words it in its own language with problem_text().
 */
#ifndef SL_PROBLEM_H
#define SL_PROBLEM_H

#include <jansson.h>

#include "lib/buf.h"

/* Appends {"name": name, "reason": printf(fmt, ...)} to the array inv.
 * The formatted reason must be a catalogue key. */
void problem_add(json_t *inv, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Appends {"name", "reason": key, "params": params}: the catalogue text of
 * key may hold placeholders such as "{min}" that name members of params
 * (numbers or strings). Takes the reference to params; NULL for none. */
void problem_add_params(json_t *inv, const char *name, const char *key, json_t *params);

/* Words problem p (one element of an invalid-params array) into out:
 * tmpl is the catalogue text of p's reason in lang; every "{x}" in it is
 * replaced by p.params.x (integers as digits, other numbers with the
 * language's decimal mark, strings as they are). A placeholder without a
 * parameter stays as written. */
void problem_text(const json_t *p, const char *tmpl, const char *lang, struct buf *out);

#endif
