/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * initiative_store: table initiatives. Reads fill struct initiative
 * (domain/initiative.h); the caller releases it with initiative_free or
 * initiative_list_free.
 */
#ifndef SL_INITIATIVE_STORE_H
#define SL_INITIATIVE_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/initiative.h"

/* Initiatives of an organisation by name: id, org_id, name, stage,
 * sector, owner_id, owner_name and updated_at are set. Returns the array
 * (n in *n; caller frees with initiative_list_free), NULL when none. */
struct initiative *initiative_store_summaries(int64_t org_id, size_t *n);
/* One page of initiative_store_summaries: at most limit initiatives after
 * the first offset, read through index initiatives_org (the rows skipped
 * are index entries, never read). */
struct initiative *initiative_store_summaries_page(int64_t org_id, int64_t offset, int limit, size_t *n);
/* The organisation's limit most recently changed initiatives (updated_at,
 * then id, newest first), as initiative_store_summaries fills them. */
struct initiative *initiative_store_recent(int64_t org_id, int limit, size_t *n);
/* How many initiatives the organisation has (counted on the index). */
int64_t initiative_store_count(int64_t org_id);
/* Fills *out with every member; 0, or -ERR_NOTFOUND (out untouched).
 * Caller frees with initiative_free. */
int initiative_store_read(int64_t id, struct initiative *out);
/* Org of the initiative, or -ERR_NOTFOUND. */
int64_t initiative_store_org(int64_t id);
int64_t initiative_store_create(const struct initiative *in);
int initiative_store_update(const struct initiative *in);
int initiative_store_delete(int64_t id);

#endif
