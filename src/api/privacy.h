/* SPDX-License-Identifier: EUPL-1.2 */
/* privacy: the privacy duties (AVG/GDPR art. 15, 17, 20, 30); see docs/privacy.md. */
#ifndef SL_API_PRIVACY_H
#define SL_API_PRIVACY_H

#include <jansson.h>
#include <stdint.h>

#include "api/api.h"
#include "store/event_store.h"

/* The export document of one person (PersonalDataExport); NULL on failure. */
json_t *api_privacy_export(int64_t user_id, const char *email, const char *name);
/* Erases a person inside the caller's write transaction (the caller writes
 * the audit rows); fills pseudonym and *deleted (rows gone, cascades
 * included). Returns the rows rewritten or deleted by name, or a negative
 * ERR_ code. */
int64_t api_privacy_erase(int64_t user_id, const char *email, const char *name, char pseudonym[32],
			  int64_t *deleted);

/* The slug of an organisation where user is the only beheerder while
 * others are members (erasing them would leave it unmanaged) into slug, 1;
 * 0 when there is none. */
/* Erases, in every project of the event store, the product events of the
 * person whose distinct id is the address (as stored, and lower-cased),
 * with every distinct id linked to it ($identify, aliases); *erased counts
 * events. 0 or -ERR_*. See docs/privacy.md. */
int api_privacy_erase_events(struct event_store *s, const char *email, int64_t *erased);
int api_privacy_last_beheerder(int64_t user_id, char *slug, size_t n);

int api_privacy_my_data(struct api_ctx *c, json_t **out);
int api_privacy_erase_person(struct api_ctx *c, json_t **out);
int api_privacy_register(struct api_ctx *c, json_t **out);

#endif
