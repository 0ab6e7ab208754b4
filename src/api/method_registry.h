/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * method_registry: the scaling methods the server offers: the ones compiled
 * in (every .json file under methods/) plus, optionally, those in a directory given at
 * start-up (same id replaces). Loaded once, read-only afterwards.
 */
#ifndef SL_METHOD_REGISTRY_H
#define SL_METHOD_REGISTRY_H

#include <jansson.h>
#include <stddef.h>

#include "domain/method.h"
#include "lib/buf.h"

/* Loads and validates every method; dir may be NULL. On any problem returns
 * -ERR_INVALID with "FILE:LINE: message" lines in err and loads nothing. */
int method_registry_load(const char *dir, struct buf *err);
size_t method_registry_count(void);
const struct method *method_registry_at(size_t i);
/* NULL when no method has this id. */
const struct method *method_registry_get(const char *id);
/* Summary for lists: id, version, title, description, counts. */
json_t *method_registry_summary(const struct method *m);
/* The whole method as JSON (texts as {"nl","en"}), for rendering forms. */
json_t *method_registry_json(const struct method *m);

#endif
