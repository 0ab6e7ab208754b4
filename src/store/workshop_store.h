/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * workshop_store: live workshops, their participants, failed join attempts
 * and the values a group agreed on (tables of schema step 17). Rows come
 * back as JSON objects with the column names as members.
 */
#ifndef SL_WORKSHOP_STORE_H
#define SL_WORKSHOP_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "lib/secret.h"

/* A new open workshop on a round: its id, -ERR_CONFLICT when the round has
 * one or the code is taken, or a database failure. */
int64_t workshop_store_create(int64_t round_id, const char *code, const char *part, int64_t created_by);
/* {id, round_id, status, code, part, closed_parts, created_at, closed_at}, or NULL. */
json_t *workshop_store_get(int64_t id);
/* The workshop of a round, 0 when none. */
int64_t workshop_store_by_round(int64_t round_id);
/* The open workshop with this code, 0 when none. */
int64_t workshop_store_by_code(const char *code);
/* The organisation of a workshop (scope), -ERR_NOTFOUND when none. */
int64_t workshop_store_org(int64_t id);
int workshop_store_set_part(int64_t id, const char *part);
/* closed_parts: a JSON array text of part ids. */
int workshop_store_set_closed_parts(int64_t id, const char *closed_parts);
/* Closes the workshop; its code is gone. */
int workshop_store_close(int64_t id);

int64_t workshop_store_participant_add(int64_t workshop_id, int64_t rater_id,
				       const unsigned char hash[SECRET_HASH_LEN], const char *name);
/* [{id, rater_id, name, joined_at, removed_at, role_label, answers}] in join order. */
json_t *workshop_store_participants(int64_t workshop_id);
/* {id, workshop_id, rater_id, name, removed_at}, or NULL. */
json_t *workshop_store_participant_by_hash(const unsigned char hash[SECRET_HASH_LEN]);
/* The workshop of a participant, 0 when none. */
int64_t workshop_store_participant_workshop(int64_t participant_id);
/* Marks a participant removed: 0, or -ERR_NOTFOUND when already removed or absent. */
int workshop_store_participant_remove(int64_t participant_id);
/* The rater of a participant, 0 when none. */
int64_t workshop_store_participant_rater(int64_t participant_id);

/* Wrong join codes from ip at or after since_s. */
int64_t workshop_store_failures(const char *ip, int64_t since_s);
void workshop_store_failure_add(const char *ip, int64_t now_s);

/* Sets what the group agreed on item (an ingredient id, or a part id):
 * level < 0 stores none; choices is a JSON array text (NULL: []). */
void workshop_store_agreed_put(int64_t round_id, const char *item, int64_t level, const char *conclusion,
			       const char *evidence, const char *dissent, const char *choices);
/* [{item, level, conclusion, evidence, dissent, choices, updated_at}] of a round. */
json_t *workshop_store_agreed(int64_t round_id);

#endif
