/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * rater: what a rater of an assessment round may do next, decided from
 * its state alone: whether an invitation link still opens the sheet,
 * whether the round owner may revoke a link or reopen a submitted sheet.
 * No storage and no HTTP; reasons are i18n keys.
 */
#ifndef SL_RATER_H
#define SL_RATER_H

#include <stdint.h>

struct rater_state {
	int is_link;	    /* a stranger with an invitation link (else a member) */
	const char *status; /* uitgenodigd, concept, ingediend */
	int revoked;	    /* the owner revoked the link */
	int64_t expires_s;  /* link expiry, epoch seconds; ignored for members */
};

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

#endif
