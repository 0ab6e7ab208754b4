/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * module: what a capability brings. Each module (core, account, initiative,
 * assessment, experiment, ...) declares in its own files its routes, the
 * scope resolvers of its path parameters and its schema steps; its message
 * catalogues (i18n/<module>.nl.json, .en.json), OpenAPI components
 * (web/openapi/<module>.json) and templates (web/templates/<module>/) are
 * found by name. modules.c lists the modules; everything global (route
 * table, scope lookup, migration plan) is assembled from that list.
 */
#ifndef SL_MODULE_H
#define SL_MODULE_H

#include <jansson.h>
#include <stdint.h>

#include "api/page.h"
#include "api/route.h"
#include "domain/due.h"
#include "store/migrations.h"

/* Resolves one kind of path parameter. A top-level resolver (parent NULL)
 * returns the id of the organisation that owns the object named by value
 * (> 0) and stores the object's id in *id; a nested one returns 0 when the
 * object named by value belongs to the object parent_id of its parent
 * parameter. Both return -ERR_NOTFOUND otherwise (also for malformed ids).
 * Resolvers run inside the request's transaction and only read. */
struct scope {
	const char *param;  /* path parameter name without braces, e.g. "roundId" */
	const char *parent; /* NULL, or the parameter this one must belong to */
	int may_conflict;   /* writes under this object may answer 409 (1), or 409
			     * and 410 once it has expired (2) (OpenAPI) */
	int64_t (*resolve)(const char *value, int64_t parent_id, int64_t *id);
};

struct module {
	const char *name;		    /* also the name of its catalogue, OpenAPI and template files */
	const struct route *routes;	    /* ends with a row whose method is NULL */
	const struct scope *scopes;	    /* ends with a row whose param is NULL; may be NULL */
	const struct migration *migrations; /* ends with a row whose sql is NULL; may be NULL */
	/* Reports the module's dated items that match q through emit (see
	 * domain/due.h); runs inside the caller's read transaction; 0, or a
	 * negative ERR_ code. May be NULL. */
	int (*due)(const struct due_query *q, due_emit emit, void *arg);
	/* Sets into[<module name>] to the module's headline about one
	 * initiative (a JSON object: what a gate review snapshots as evidence
	 * and the initiative's dashboard shows), or leaves into alone when the
	 * module has nothing on it. Runs inside the caller's transaction and
	 * only reads; 0, or a negative ERR_ code. May be NULL. */
	int (*evidence)(int64_t initiative_id, json_t *into);
	/* How its R_PAGED routes are paged (api/page.h), by operationId; ends
	 * with a row whose op is NULL. May be NULL. */
	const struct paged *paged;
};

/* The assembled route table of all modules, in module order (built once,
 * thread-safe, never freed). Aborts when the modules contradict each other:
 * the same method and path twice, a member route whose parameter has no
 * resolver or whose nesting does not match the resolvers, duplicate
 * migration versions. */
const struct route *api_routes(int *count);
/* The resolver of a path parameter, or NULL. */
const struct scope *api_scope(const char *param);
/* All modules' schema steps (NULL-terminated list of arrays). */
const struct migration *const *api_migrations(void);
/* The modules, NULL-terminated. */
const struct module *const *api_modules(void);

/* Every module's evidence about one initiative, in module order, as one
 * JSON object keyed by module name (see struct module.evidence); NULL when a
 * module fails (the error is in *err). The caller owns the result. */
json_t *api_evidence(int64_t initiative_id, int *err);
/* How the R_PAGED route r is paged (never NULL for one: the assembly
 * refuses an R_PAGED route without its row), or NULL. */
const struct paged *api_paged(const struct route *r);
/* Calls every module's due hook for q; 0, or the first negative ERR_ code. */
int api_due(const struct due_query *q, due_emit emit, void *arg);

/* Resolves the path parameters of a member route through the scope
 * resolvers: fills c->obj_id and c->ids[]; returns the organisation that owns
 * them, or -ERR_NOTFOUND when one is unknown or not nested in its parent. */
int64_t api_resolve(const struct route *r, struct api_ctx *c);
/* Parses a positive decimal id of at most 18 digits, without a sign or a
 * leading zero (one id, one path); 0 or -1. */
int api_parse_id(const char *s, int64_t *id);

#endif
