/* SPDX-License-Identifier: EUPL-1.2 */
/* stakeholder: handlers of the stakeholder module (stakeholder.c). */
#ifndef SL_API_STAKEHOLDER_H
#define SL_API_STAKEHOLDER_H

#include <jansson.h>

#include "api/api.h"

int api_stakeholder_list(struct api_ctx *c, json_t **out);
int api_stakeholder_create(struct api_ctx *c, json_t **out);
int api_stakeholder_get(struct api_ctx *c, json_t **out);
int api_stakeholder_update(struct api_ctx *c, json_t **out);
int api_stakeholder_delete(struct api_ctx *c, json_t **out);

#endif
