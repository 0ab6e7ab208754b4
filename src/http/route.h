/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * route: one row per route. The router, the route list in --help and the
 * OpenAPI document are all generated from the table in routes.c, so they
 * cannot drift apart.
 */
#ifndef SL_ROUTE_H
#define SL_ROUTE_H

#include "api/api.h"

enum route_flags {
	R_API = 1,    /* served as JSON under /api/v1 */
	R_PAGE = 2,   /* served as HTML at the same path */
	R_RENDER = 4, /* page POST renders tmpl on success instead of redirecting */
};

struct route {
	const char *method;
	const char *path; /* "/initiatieven/{initiativeId}"; API adds /api/v1 */
	api_handler fn;
	unsigned flags;
	enum api_scope scope;
	enum role role; /* minimum role in the scoped organisation */
	int csrf;       /* state-changing: CSRF token and Origin check for cookies */
	const char *tmpl;     /* page template (GET) or form to show on 400 (POST) */
	const char *op;       /* OpenAPI operationId */
	const char *tag;      /* OpenAPI tag */
	const char *summary;  /* English, one line */
	const char *request;  /* schema component name of the body, or NULL */
	const char *response; /* schema component name of the 2xx body, or NULL */
};

extern const struct route routes[];
extern const int routes_count;

/* Finds the route for method and path of the given kind (R_API or R_PAGE).
 * Fills params. Returns NULL; *path_known is set when only the method differed. */
const struct route *route_match(const char *method, const char *path, unsigned kind,
				char params[][128], int *path_known);
/* Writes the methods allowed for path (for 405 Allow). */
void route_allowed(const char *path, unsigned kind, char *out, size_t n);

#endif
