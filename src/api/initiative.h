/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * initiative: the representations of an initiative for the modules that
 * show one (its handlers are declared in api/api.h).
 */
#ifndef SL_API_INITIATIVE_H
#define SL_API_INITIATIVE_H

#include <jansson.h>
#include <stdint.h>

#include "domain/initiative.h"

/* Initiative (without canEdit, which depends on the caller); caller owns it. */
json_t *api_initiative_json(const struct initiative *in);
/* InitiativeSummary: an initiative in a list; caller owns it. */
json_t *api_initiative_summary_json(const struct initiative *in);
/* The initiatives of an organisation as InitiativeSummary items, by name. */
json_t *api_initiative_summaries(int64_t org_id);
/* Its limit most recently changed initiatives, newest first (InitiativeSummary). */
json_t *api_initiative_recent(int64_t org_id, int limit);
/* One initiative as the API shows it (Initiative without canEdit), or NULL; caller owns it. */
json_t *api_initiative_doc(int64_t id);
/* The initiative a nested collection hangs under, {id, name, organisation,
 * organisationName}, or NULL when there is no initiative id. */
json_t *api_initiative_ref(int64_t id);

#endif
