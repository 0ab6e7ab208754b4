/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * funnel_store: table saved_funnels (schema step 27, funnel_schema.c).
 * Rows are handed out as JSON objects named as the API names them (like
 * plan_store; see docs/style.md "Not yet"): {id, initiativeId, sourceId,
 * name, steps (array), window, windowSeconds, order, createdAt}.
 */
#ifndef SL_FUNNEL_STORE_H
#define SL_FUNNEL_STORE_H

#include <jansson.h>
#include <stdint.h>

/* A saved funnel as a request gives it; strings borrowed. */
struct funnel_saved_in {
	int64_t initiative_id;
	int64_t source_id; /* 0: every source */
	const char *name;
	const json_t *steps; /* array of 2 .. 10 strings */
	const char *window;
	int64_t window_s;
	const char *order; /* "los" or "strikt" */
};

/* Organisation of the funnel's initiative, or -ERR_NOTFOUND. */
int64_t funnel_store_org(int64_t id);
/* The funnel, or NULL. */
json_t *funnel_store_get(int64_t id);
/* The funnels of an initiative by name (source_id > 0: only those of that
 * source); an array. */
json_t *funnel_store_list(int64_t initiative_id, int64_t source_id);
/* The new id, -ERR_CONFLICT when the initiative has a funnel of that name,
 * or a recorded failure. */
int64_t funnel_store_create(const struct funnel_saved_in *in);
/* 0 or -ERR_NOTFOUND. */
int funnel_store_delete(int64_t id);

#endif
