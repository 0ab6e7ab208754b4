/* SPDX-License-Identifier: EUPL-1.2 */
/* route: matching a request to the modules' route rows (api/route.h). */
#ifndef SL_HTTP_ROUTE_H
#define SL_HTTP_ROUTE_H

#include <stddef.h>

#include "api/module.h"

/* Finds the route for method and path of the given kind (R_API or R_PAGE).
 * Fills params. Returns NULL; *path_known is set when only the method differed. */
const struct route *route_match(const char *method, const char *path, unsigned kind, char params[][128],
				int *path_known);
/* Writes the methods allowed for path (for 405 Allow). */
void route_allowed(const char *path, unsigned kind, char *out, size_t n);

#endif
