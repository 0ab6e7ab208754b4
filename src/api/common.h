/* SPDX-License-Identifier: EUPL-1.2 */
/* common: field readers that record type errors in ctx->invalid. */
#ifndef SL_API_COMMON_H
#define SL_API_COMMON_H

#include <jansson.h>
#include <stdint.h>

#include "api/api.h"

/* Member at a dotted path ("ambition.reach"), or NULL. */
json_t *api_path_get(json_t *obj, const char *path);
/* String at path in the body; NULL when absent or null; records a type error. */
const char *api_field_str(struct api_ctx *c, const char *path);
/* Integer at path; `missing` when absent; INT64_MIN after a type error. */
int64_t api_field_int(struct api_ctx *c, const char *path, int64_t missing);
/* Records every top-level body member not in the NULL-terminated list. */
int api_check_fields(struct api_ctx *c, const char *const *allowed);

#endif
