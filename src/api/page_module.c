/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_module: pagination (api/page.h) has no routes of its own; it brings
 * its catalogue (i18n/page.*.json: the pager and the problems of bad page
 * parameters), the shared PageLinks schema (web/openapi/page.json), the
 * pager partial (web/templates/page/pager.html) and the index of schema
 * step 25 that pages the action list without sorting it whole.
 */
#include "api/route_rows.h"

extern const struct migration page_migrations[];

const struct module page_module = {.name = "page", .migrations = page_migrations};
