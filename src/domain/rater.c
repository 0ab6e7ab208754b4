/* SPDX-License-Identifier: EUPL-1.2 */
/* rater: status words, link, revoke and reopen rules of round raters; no I/O. */
#include "rater.h"

#include <stdlib.h>
#include <string.h>

#include "domain/assessment.h"
#include "lib/util.h"

const char *const rater_statuses[] = {"uitgenodigd", "concept", "ingediend", "ingetrokken", NULL};
const char *const rater_kinds[] = {"lid", "link", NULL};

const char *rater_status_name(enum rater_status s)
{
	BUG_ON((unsigned)s > RATER_REVOKED);
	return rater_statuses[s];
}

int rater_status_parse(const char *s, enum rater_status *out)
{
	int i = assessment_name_index(rater_statuses, s);
	if (i < 0)
		return -ERR_INVALID;
	*out = (enum rater_status)i;
	return 0;
}

const char *rater_kind_name(enum rater_kind k)
{
	BUG_ON((unsigned)k > RATER_LINK);
	return rater_kinds[k];
}

int rater_kind_parse(const char *s, enum rater_kind *out)
{
	int i = assessment_name_index(rater_kinds, s);
	if (i < 0)
		return -ERR_INVALID;
	*out = (enum rater_kind)i;
	return 0;
}

enum rater_status rater_shown_status(const struct rater_state *r)
{
	return r->revoked ? RATER_REVOKED : r->status;
}

int rater_link_check(const struct rater_state *r, int64_t now_s, const char **reason)
{
	if (r->revoked) {
		*reason = "err.link_revoked";
		return -ERR_GONE;
	}
	if (r->status == RATER_SUBMITTED) {
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
	if (r->kind != RATER_LINK) {
		*reason = "err.rater_not_link";
		return -ERR_CONFLICT;
	}
	if (r->revoked)
		return 0;
	if (r->status == RATER_SUBMITTED) {
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
	if (r->status != RATER_SUBMITTED) {
		*reason = "err.not_submitted";
		return -ERR_CONFLICT;
	}
	return 0;
}

void rater_free(struct rater *r)
{
	if (!r)
		return;
	free(r->name);
	free(r->role_label);
	free(r->submitted_at);
	free(r->revoked_at);
	memset(r, 0, sizeof *r);
}

void rater_list_free(struct rater_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		rater_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}
