/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * core_module: what every page shares: the language switch and the static pages
 * (accessibility statement). Its catalogue, OpenAPI components (problem+json,
 * headers, security schemes) and templates (page frame, errors) are used
 * by all other modules. Its schema step 1 is the round-1 base schema, kept
 * whole because shipped steps are never edited.
 */
#include "api/route_rows.h"

/* The schema steps of this module (src/store/core_schema.c). */
extern const struct migration core_migrations[];

/* clang-format off */
static const struct route routes[] = {
/* method  path                                        handler                   flags         access    role             csrf template            operationId            tag               summary, request, response */
{"POST", "/taal",                                       api_lang,                PAGE,         PUBLIC,    ROLE_NONE,       1, NULL,                NULL, NULL, NULL, NULL, NULL},
{"GET",  "/toegankelijkheid",                           api_static_page,         PAGE,         PUBLIC,    ROLE_NONE,       0, "accessibility",     NULL, NULL, NULL, NULL, NULL},
ROUTES_END,
};
/* clang-format on */

const struct module core_module = {.name = "core", .routes = routes, .migrations = core_migrations};
