/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * organisation: the representations of organisations and their members
 * for the modules that show them (the handlers are declared in api/api.h).
 * The caller owns every result.
 */
#ifndef SL_API_ORGANISATION_H
#define SL_API_ORGANISATION_H

#include <jansson.h>
#include <stdint.h>

#include "domain/organisation.h"

/* slug, name, kind, createdAt, initiativeCount, memberCount: what
 * Organisation, InitiativeList and MemberList share. */
json_t *api_org_json(const struct organisation *o);
/* api_org_json of the organisation with that id, or NULL when it is gone. */
json_t *api_org_doc(int64_t id);
/* A member in a list: id, name, email, role, since. */
json_t *api_member_json(const struct organisation_member *m);
/* The members of an organisation, by name. */
json_t *api_members(int64_t org_id);

#endif
