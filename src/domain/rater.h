/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * rater: a rater of an assessment round (a member, or a stranger with an
 * invitation link), its states and what it may do next, decided from its
 * state alone: whether a link still opens the sheet, whether the round
 * owner may revoke a link or reopen a submitted sheet. The one table of
 * the rater status and kind words (stored and API text). No storage and
 * no HTTP; reasons are i18n keys.
 */
#ifndef SL_RATER_H
#define SL_RATER_H

#include <stddef.h>
#include <stdint.h>

/* Progress of a rater. RATER_REVOKED is never stored: it is how a revoked
 * link is shown (rater_shown_status); the stored status stays. */
enum rater_status {
	RATER_INVITED,	 /* uitgenodigd */
	RATER_DRAFT,	 /* concept */
	RATER_SUBMITTED, /* ingediend */
	RATER_REVOKED,	 /* ingetrokken */
};

enum rater_kind {
	RATER_MEMBER, /* lid: a member of the organisation */
	RATER_LINK,   /* link: a stranger with an invitation link */
};

/* The words, indexed by the enums; NULL-terminated. */
extern const char *const rater_statuses[];
extern const char *const rater_kinds[];

const char *rater_status_name(enum rater_status s);
/* 0 and *out set when s is one of rater_statuses, else -ERR_INVALID (NULL too). */
int rater_status_parse(const char *s, enum rater_status *out);
const char *rater_kind_name(enum rater_kind k);
int rater_kind_parse(const char *s, enum rater_kind *out);

struct rater_state {
	enum rater_kind kind;
	enum rater_status status; /* as stored: invited, draft or submitted */
	int revoked;		  /* the owner revoked the link */
	int64_t expires_s;	  /* link expiry, epoch seconds; ignored for members */
};

/* The status people and the API see: RATER_REVOKED for a revoked link. */
enum rater_status rater_shown_status(const struct rater_state *r);

/*
 * Whether the link of r opens the sheet at now_s (epoch seconds). Returns
 * 0, or -ERR_GONE with *reason set: revoked first (the owner's explicit
 * act), then used (submitted), then expired.
 */
int rater_link_check(const struct rater_state *r, int64_t now_s, const char **reason);

/*
 * Whether the owner may revoke r's link. 0 (also when it is already
 * revoked: revoking twice changes nothing), or -ERR_CONFLICT with *reason
 * when r is a member or has already submitted with the link.
 */
int rater_revoke_check(const struct rater_state *r, const char **reason);

/*
 * Whether the owner may reopen r's submitted sheet so r can correct it:
 * only while the round is open, only a submitted sheet of a rater whose
 * link was not revoked. 0, or -ERR_CONFLICT with *reason.
 */
int rater_reopen_check(const struct rater_state *r, int round_open, const char **reason);

/* A rater as stored. Strings are owned (free with rater_free). */
struct rater {
	int64_t id;
	int64_t round_id;
	int64_t user_id; /* the member; 0 for a link */
	char *name;
	char *role_label;
	struct rater_state state;
	char *submitted_at; /* RFC 3339 UTC, NULL when not submitted */
	char *revoked_at;   /* RFC 3339 UTC, NULL unless revoked */
};

/* The raters of a round; items and their strings are owned by the list. */
struct rater_list {
	struct rater *items;
	size_t n;
};

/* Frees r's strings (not r itself) and zeroes it; NULL-safe. */
void rater_free(struct rater *r);
/* Frees every item and the array, and zeroes the list; NULL-safe. */
void rater_list_free(struct rater_list *l);

#endif
