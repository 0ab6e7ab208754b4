/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * parse: readers of outside input on the HTTP path: URL-encoded forms and
 * query strings, Cookie headers, JSON request bodies. Each is fuzzed.
 */
#ifndef SL_PARSE_H
#define SL_PARSE_H

#include <jansson.h>
#include <stddef.h>

/* Parses "a=1&b.c=2" into {"a":"1","b":{"c":"2"}}. A repeated key keeps
 * the first value. Returns NULL on malformed percent-escapes, invalid
 * UTF-8, a key that is both a value and an object, or more than 200 fields.
 * Caller owns the result. */
json_t *parse_form(const char *s, size_t n);

/* Finds cookie `name` in a Cookie header; copies its value into out.
 * Returns 0, or -1 when absent or longer than outlen-1. */
int parse_cookie(const char *header, const char *name, char *out, size_t outlen);

/* Parses a JSON request body that must be an object. On error returns NULL
 * and writes a one-line reason (with line and column) into err. */
json_t *parse_json_body(const char *s, size_t n, char *err, size_t errlen);

#endif
