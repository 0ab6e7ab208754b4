/* SPDX-License-Identifier: EUPL-1.2 */
/* common: helpers every resource handler shares; request bodies are read
 * with api/field (declarative field specs). */
#ifndef SL_API_COMMON_H
#define SL_API_COMMON_H

#include <jansson.h>
#include <stdint.h>

#include "api/api.h"

/* Member at a dotted path ("ambition.reach"), or NULL. */
json_t *api_path_get(json_t *obj, const char *path);
/* next when it is a local path ("/..."), else "/": no scheme, no "//host",
 * no control character or backslash anywhere (browsers read those as
 * "//host" too). Where a form or link may send someone after a step. */
const char *api_safe_next(const char *next);

#endif
