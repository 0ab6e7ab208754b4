/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metric_query_store: table saved_metric_queries (schema step 31,
 * funnel_schema.c): saved retention and lifecycle queries. Rows are JSON
 * objects named as the API names them: {id, initiativeId, kind, name,
 * parameters (object), createdAt}.
 */
#ifndef SL_METRIC_QUERY_STORE_H
#define SL_METRIC_QUERY_STORE_H

#include <jansson.h>
#include <stdint.h>

/* Organisation of the query's initiative, or -ERR_NOTFOUND. */
int64_t metric_query_store_org(int64_t id);
/* The query, or NULL. */
json_t *metric_query_store_get(int64_t id);
/* The queries of an initiative by kind and name; an array. */
json_t *metric_query_store_list(int64_t initiative_id);
/* The new id, -ERR_CONFLICT when the initiative has a query of that kind
 * and name, or a recorded failure. parameters: an object of strings. */
int64_t metric_query_store_create(int64_t initiative_id, const char *kind, const char *name,
				  const json_t *parameters);
/* 0 or -ERR_NOTFOUND. */
int metric_query_store_delete(int64_t id);

#endif
