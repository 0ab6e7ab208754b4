/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * problem: collects every bad field of one input at once, in the shape of
 * NL API problem+json "invalid-params": [{"name": ..., "reason": ...}].
 * Readers of outside input append to a json_t array; the HTTP layer turns
 * it into a 400, the CLI prints "name: reason" lines.
 */
#ifndef SL_PROBLEM_H
#define SL_PROBLEM_H

#include <jansson.h>

/* Appends {"name": name, "reason": printf(fmt, ...)} to the array inv. */
void problem_add(json_t *inv, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
