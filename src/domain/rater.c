/* SPDX-License-Identifier: EUPL-1.2 */
/* rater: link, revoke and reopen rules of round raters; no I/O. */
#include "rater.h"

#include <string.h>

#include "lib/util.h"

static int submitted(const struct rater_state *r)
{
	return r->status && !strcmp(r->status, "ingediend");
}

int rater_link_check(const struct rater_state *r, int64_t now_s, const char **reason)
{
	if (r->revoked) {
		*reason = "err.link_revoked";
		return -ERR_GONE;
	}
	if (submitted(r)) {
		*reason = "err.link_used";
		return -ERR_GONE;
	}
	if (r->expires_s <= now_s) {
		*reason = "err.link_expired";
		return -ERR_GONE;
	}
	return 0;
}

int rater_revoke_check(const struct rater_state *r, const char **reason)
{
	if (!r->is_link) {
		*reason = "err.rater_not_link";
		return -ERR_CONFLICT;
	}
	if (r->revoked)
		return 0;
	if (submitted(r)) {
		*reason = "err.link_used_no_revoke";
		return -ERR_CONFLICT;
	}
	return 0;
}

int rater_reopen_check(const struct rater_state *r, int round_open, const char **reason)
{
	if (!round_open) {
		*reason = "err.round_closed";
		return -ERR_CONFLICT;
	}
	if (r->revoked) {
		*reason = "err.link_revoked_no_reopen";
		return -ERR_CONFLICT;
	}
	if (!submitted(r)) {
		*reason = "err.not_submitted";
		return -ERR_CONFLICT;
	}
	return 0;
}
