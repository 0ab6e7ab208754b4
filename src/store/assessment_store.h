/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_store: tables assessment_rounds, assessment_raters and
 * assessment_answers. Reads fill the domain structs of domain/assessment.h
 * and domain/rater.h, owned by the caller (free with their _free). Invitation
 * tokens are never stored, only their digest. Must never decide who may
 * answer: that is the api layer's job.
 */
#ifndef SL_ASSESSMENT_STORE_H
#define SL_ASSESSMENT_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "domain/assessment.h"
#include "domain/rater.h"
#include "lib/secret.h"

struct assessment_round_in {
	int64_t initiative_id;
	const char *method_id;
	int method_version;
	const char *title;
	const char *period_start, *period_end; /* YYYY-MM-DD */
	int64_t created_by;		       /* user id, 0: none */
};

/* One answer as stored; strings may be NULL for "". */
struct assessment_answer_in {
	const char *question;
	int unknown;	     /* "weet niet" */
	int has_level;	     /* level is set */
	int64_t level;	     /* a scale level, or a number question's number */
	const char *options; /* JSON array text of option ids, or NULL */
	const char *text, *evidence, *evidence_url;
	enum score_confidence confidence;
	int not_applicable; /* "niet van toepassing" (stored as unknown = 2); last, so
			     * positional initialisers of older code stay right */
};

int64_t assessment_store_round_create(const struct assessment_round_in *in);
/* Fills *out with every member but the list counts and the stage: 0, or
 * -ERR_NOTFOUND (then *out is zeroed). */
int assessment_store_round_get(int64_t id, struct assessment_round *out);
/* Rounds of an initiative, newest period first: id, method, title, period,
 * status and the counts of raters (links not revoked) and submitted ones. */
void assessment_store_round_list(int64_t initiative_id, struct assessment_round_list *out);
/* Rounds of one method of an initiative, oldest period first: id, title,
 * period and status. */
void assessment_store_round_series(int64_t initiative_id, const char *method_id,
				   struct assessment_round_list *out);
/* Org owning the round, or -ERR_NOTFOUND. */
int64_t assessment_store_round_org(int64_t id);
/* The round of a rater, or -ERR_NOTFOUND. */
int64_t assessment_store_rater_round(int64_t rater_id);
/* Sets the status (closing stamps closed_at, reopening clears it); 0 or -ERR_NOTFOUND. */
int assessment_store_round_set_status(int64_t id, enum assessment_round_status status);

/* Adds a rater: a member (user_id > 0, hash NULL) or a stranger (user_id 0,
 * hash of the link token, expiry in epoch seconds). Returns the id, or
 * -ERR_CONFLICT when the member is already a rater of the round. */
int64_t assessment_store_rater_add(int64_t round_id, int64_t user_id, const char *name,
				   const char *role_label, const unsigned char *hash, int64_t expires_s);
/* Raters of a round in the order they were added. */
void assessment_store_rater_list(int64_t round_id, struct rater_list *out);
/* One rater by id, by member in a round, or by link digest: 0, or
 * -ERR_NOTFOUND (then *out is zeroed). */
int assessment_store_rater_get(int64_t rater_id, struct rater *out);
int assessment_store_rater_by_user(int64_t round_id, int64_t user_id, struct rater *out);
int assessment_store_rater_by_hash(const unsigned char hash[SECRET_HASH_LEN], struct rater *out);
/* Sets the rater's stored status (never RATER_REVOKED); submitting also
 * stamps submitted_at. */
void assessment_store_rater_set_status(int64_t rater_id, enum rater_status status);
/* Revokes an unsubmitted invitation link (stamps revoked_at; the rater row
 * and any draft stay). 0, or -ERR_CONFLICT when the row no longer allows it. */
int assessment_store_rater_revoke(int64_t rater_id);
/* Puts a submitted sheet back to concept (clears submitted_at), so the
 * rater can correct it. 0, or -ERR_CONFLICT when it was not submitted. */
int assessment_store_rater_reopen(int64_t rater_id);

/* Upserts one answer; deletes it when in is an empty answer. */
void assessment_store_answer_put(int64_t rater_id, const struct assessment_answer_in *in);
/* The rater's answers (rater names not filled). */
void assessment_store_answers(int64_t rater_id, struct assessment_answer_list *out);
/* All answers of the round's submitted raters, by rater, then question,
 * with the rater's name and role label. */
void assessment_store_round_answers(int64_t round_id, struct assessment_answer_list *out);

/* Per initiative of the org and method: the newest round with at least one
 * submitted rater, by method, then initiative name: id, initiative (id,
 * name, stage), method and period end. */
/* Open rounds in which the member is a rater who has not submitted:
 * [{round_id, title, period_end, initiative_id, initiative_name, status}]. */
json_t *assessment_store_my_open_rounds(int64_t user_id);
/* Initiatives the member owns: [{id, name, stage, organisation}]. */
json_t *assessment_store_my_initiatives(int64_t user_id);
void assessment_store_latest_rounds(int64_t org_id, struct assessment_round_list *out);

#endif
