/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * route: one row per route, declared by the module that owns it (see
 * module.h). The router, the route list in --help and the OpenAPI document
 * are all generated from these rows, so they cannot drift apart.
 */
#ifndef SL_ROUTE_H
#define SL_ROUTE_H

#include "api/api.h"

enum route_flags {
	R_API = 1,	 /* served as JSON under /api/v1 */
	R_PAGE = 2,	 /* served as HTML at the same path */
	R_RENDER = 4,	 /* page POST renders tmpl on success instead of redirecting */
	R_UPDATE = 8,	 /* a POST that changes its object: 200, not 201 Created */
	R_CSV = 16,	 /* API: also answers text/csv (?formaat=csv) */
	R_XLSX = 32,	 /* API: also answers an XLSX workbook (?formaat=xlsx); with R_CSV */
	R_ICS = 64,	 /* API: answers text/calendar (RFC 5545), not JSON */
	R_SVG = 128,	 /* API: answers image/svg+xml instead of JSON */
	R_LIMITED = 256, /* may answer 429 with Retry-After (guessing limits) */
	R_PAGED = 512,	 /* GET of a collection: paged (api/page.h; the module's .paged row) */
	R_REUSE = 1024,	 /* GET whose answer the pipeline may reuse while provably the same
			    (http/rcache.h): its handler reads only the database, the
			    request and the clock, never the event store or files */
};

/* Who may call a route. For ACCESS_MEMBER the route's path parameters are
 * resolved by the modules' scope resolvers: the first names the object whose
 * organisation decides the caller's role, every later one must belong to the
 * one before it (else 404). */
enum api_access {
	ACCESS_PUBLIC, /* anyone; a path credential (invitation token) is checked by the handler */
	ACCESS_USER,   /* any signed-in user; objects of the caller are checked by the handler */
	ACCESS_MEMBER, /* a member of the organisation that owns the path's objects, with role */
};

struct route {
	const char *method;
	const char *path; /* "/initiatieven/{initiativeId}"; API adds /api/v1 */
	api_handler fn;
	unsigned flags;
	enum api_access access;
	enum role role;	      /* minimum role in the scoped organisation */
	int csrf;	      /* state-changing: CSRF token and Origin check for cookies */
	const char *tmpl;     /* page template (GET) or form to show on 400 (POST) */
	const char *op;	      /* OpenAPI operationId */
	const char *tag;      /* OpenAPI tag */
	const char *summary;  /* English, one line */
	const char *request;  /* schema component name of the body, or NULL */
	const char *response; /* schema component name of the 2xx body, or NULL */
};

#endif
