/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * stakeholder_store: tables stakeholders and stakeholder_history. Rows are
 * read as JSON objects named as the API names them (camelCase; legitimate
 * and urgent as 0/1). Returned json_t are new references.
 */
#ifndef SL_STAKEHOLDER_STORE_H
#define SL_STAKEHOLDER_STORE_H

#include <jansson.h>
#include <stdint.h>

struct stakeholder_in {
	const char *name, *party_type, *support, *desired, *role, *note;
	int64_t power, interest;
	int legitimate, urgent;
};

/* {id, initiativeId, name, partyType, power, interest, legitimate, urgent,
 * support, desiredSupport, role, note, createdAt, updatedAt}, by name. */
json_t *stakeholder_store_list(int64_t initiative_id);
json_t *stakeholder_store_get(int64_t id);
int64_t stakeholder_store_org(int64_t id);
/* The new id, or -ERR_CONFLICT when the initiative has one of that name. */
int64_t stakeholder_store_create(int64_t initiative_id, const struct stakeholder_in *in);
int stakeholder_store_update(int64_t id, const struct stakeholder_in *in);
void stakeholder_store_delete(int64_t id);
/* History, newest first: {changedAt, by (name or null), changes (text: JSON)}. */
json_t *stakeholder_store_history(int64_t id);
void stakeholder_store_history_add(int64_t id, int64_t user_id, const char *changes);

#endif
