/* SPDX-License-Identifier: EUPL-1.2 */
/* initiative_store: table initiatives; reads come back as API-shaped JSON. */
#ifndef SL_INITIATIVE_STORE_H
#define SL_INITIATIVE_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "domain/initiative.h"

json_t *initiative_store_list(int64_t org_id);
/* NULL when absent. */
json_t *initiative_store_get(int64_t id);
/* Org of the initiative, or -ERR_NOTFOUND. */
int64_t initiative_store_org(int64_t id);
int64_t initiative_store_create(const struct initiative *in);
int initiative_store_update(const struct initiative *in);
int initiative_store_delete(int64_t id);

#endif
