/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_store: tables assessment_rounds, assessment_raters and
 * assessment_answers. Reads come back as API-shaped JSON (camelCase).
 * Invitation tokens are never stored, only their digest. Must never decide
 * who may answer: that is the api layer's job.
 */
#ifndef SL_ASSESSMENT_STORE_H
#define SL_ASSESSMENT_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "lib/secret.h"

struct assessment_round_in {
	int64_t initiative_id;
	const char *method_id;
	int method_version;
	const char *title;
	const char *period_start, *period_end; /* YYYY-MM-DD */
	int64_t created_by;                    /* user id, 0: none */
};

/* One answer as stored; strings may be NULL for "". */
struct assessment_answer_in {
	const char *question;
	int unknown;         /* "weet niet" */
	int has_level;       /* level is set */
	int level;
	const char *options; /* JSON array text of option ids, or NULL */
	const char *text, *evidence, *evidence_url;
	const char *confidence; /* "", "laag", "middel", "hoog" */
};

int64_t assessment_store_round_create(const struct assessment_round_in *in);
/* NULL when absent. */
json_t *assessment_store_round_get(int64_t id);
/* Rounds of an initiative, newest period first, with rater counts. */
json_t *assessment_store_round_list(int64_t initiative_id);
/* Rounds of one method of an initiative, oldest period first. */
json_t *assessment_store_round_series(int64_t initiative_id, const char *method_id);
/* Org owning the round, or -ERR_NOTFOUND. */
int64_t assessment_store_round_org(int64_t id);
/* The round of a rater, or -ERR_NOTFOUND. */
int64_t assessment_store_rater_round(int64_t rater_id);
/* Sets status ("open"/"gesloten"); 0 or -ERR_NOTFOUND. */
int assessment_store_round_set_status(int64_t id, const char *status);

/* Adds a rater: a member (user_id > 0, hash NULL) or a stranger (user_id 0,
 * hash of the link token, expiry in epoch seconds). Returns the id, or
 * -ERR_CONFLICT when the member is already a rater of the round. */
int64_t assessment_store_rater_add(int64_t round_id, int64_t user_id, const char *name, const char *role_label,
				   const unsigned char *hash, int64_t expires_s);
/* Raters of a round; a revoked link has status "ingetrokken" and revokedAt. */
json_t *assessment_store_rater_list(int64_t round_id);
/* Rater row {id, roundId, userId, name, roleLabel, status, kind, expiresS,
 * revokedAt}; status "ingetrokken" for a revoked link. NULL when absent. */
json_t *assessment_store_rater_get(int64_t rater_id);
json_t *assessment_store_rater_by_user(int64_t round_id, int64_t user_id);
json_t *assessment_store_rater_by_hash(const unsigned char hash[SECRET_HASH_LEN]);
/* Sets the rater's status; "ingediend" also stamps submitted_at. */
void assessment_store_rater_set_status(int64_t rater_id, const char *status);
/* Revokes an unsubmitted invitation link (stamps revoked_at; the rater row
 * and any draft stay). 0, or -ERR_CONFLICT when the row no longer allows it. */
int assessment_store_rater_revoke(int64_t rater_id);
/* Puts a submitted sheet back to concept (clears submitted_at), so the
 * rater can correct it. 0, or -ERR_CONFLICT when it was not submitted. */
int assessment_store_rater_reopen(int64_t rater_id);

/* Upserts one answer; deletes it when in is an empty answer. */
void assessment_store_answer_put(int64_t rater_id, const struct assessment_answer_in *in);
/* The rater's answers as {questionId: {...}}. */
json_t *assessment_store_answers(int64_t rater_id);
/* All answers of the round's submitted raters, ordered by rater: rows
 * {raterId, raterName, roleLabel, questionId, unknown, level, options,
 * text, evidence, evidenceUrl, confidence}. */
json_t *assessment_store_round_answers(int64_t round_id);

/* Per initiative of the org and method: the newest round with at least
 * one submitted rater. Rows {roundId, initiativeId, initiativeName,
 * stage, methodId, periodEnd}. */
json_t *assessment_store_latest_rounds(int64_t org_id);

#endif
