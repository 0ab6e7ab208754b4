/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * assessment_rater: the raters of a round. Inviting a member, or a
 * stranger through a single-use expiring link whose token is shown once
 * and stored only as a digest; revoking an unused link; reopening a
 * submitted sheet (by the rules of domain/rater). The Rater representations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/assessment.h"
#include "api/common.h"
#include "api/field.h"
#include "api/organisation.h"
#include "api/module.h"
#include "api/notify.h"
#include "lib/buf.h"
#include "lib/problem.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/assessment_store.h"
#include "store/org.h"

#define LINK_DAYS_DEFAULT 14
#define LINK_DAYS_MAX 90

json_t *api_rater_json(const struct rater *r)
{
	return json_pack("{s:I,s:I,s:o,s:s,s:s,s:s,s:s,s:o}", "id", (json_int_t)r->id, "roundId",
			 (json_int_t)r->round_id, "userId", assessment_id_or_null(r->user_id), "name",
			 r->name, "roleLabel", r->role_label, "status",
			 rater_status_name(rater_shown_status(&r->state)), "kind",
			 rater_kind_name(r->state.kind), "revokedAt", assessment_str_or_null(r->revoked_at));
}

/* The link's expiry as RFC 3339 UTC, or null for a member. */
static json_t *expires_json(const struct rater *r)
{
	char ts[21];
	if (r->state.kind != RATER_LINK)
		return json_null();
	time_rfc3339(r->state.expires_s, ts);
	return json_string(ts);
}

json_t *api_rater_row_json(const struct rater *r)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:o}", "id", (json_int_t)r->id, "name", r->name,
			 "roleLabel", r->role_label, "kind", rater_kind_name(r->state.kind), "userId",
			 assessment_id_or_null(r->user_id), "status",
			 rater_status_name(rater_shown_status(&r->state)), "expiresAt", expires_json(r),
			 "submittedAt", assessment_str_or_null(r->submitted_at), "revokedAt",
			 assessment_str_or_null(r->revoked_at));
}

json_t *api_rater_list_json(const struct rater_list *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, api_rater_row_json(&l->items[i]));
	return a;
}

/* The stored rater as Rater. */
static json_t *rater_doc(int64_t id)
{
	struct rater r;
	if (assessment_store_rater_get(id, &r) < 0)
		return NULL;
	json_t *o = api_rater_json(&r);
	rater_free(&r);
	return o;
}

/* Whether the round of the request is open: 1, 0, or -ERR_NOTFOUND. */
static int round_open(struct api_ctx *c)
{
	struct assessment_round r;
	if (assessment_store_round_get(c->obj_id, &r) < 0)
		return -ERR_NOTFOUND;
	int open = r.status == ASSESSMENT_ROUND_OPEN;
	assessment_round_free(&r);
	return open;
}

enum { I_USER, I_NAME, I_ROLE, I_DAYS, I_EMAIL, I_SEND };
static const struct field invite_fields[] = {
    [I_USER] = {.name = "userId", .type = FIELD_ID, .reason = "err.not_member"},
    [I_NAME] = {.name = "name", .type = FIELD_STRING, .max_len = 120},
    [I_ROLE] = {.name = "roleLabel", .type = FIELD_STRING, .flags = FIELD_REQUIRED, .max_len = 60},
    [I_DAYS] = {.name = "expiresInDays",
		.type = FIELD_INTEGER,
		.min = 1,
		.max = LINK_DAYS_MAX,
		.reason = "err.expires_days"},
    /* notify: the stranger's address, and whether to e-mail the invitation */
    [I_EMAIL] = {.name = "email", .type = FIELD_STRING, .max_len = 254, .reason = "notify.err.email"},
    [I_SEND] = {.name = "sendEmail", .type = FIELD_BOOLEAN, .def = "1"},
};

/* The name of member uid in the request's organisation, "" when unknown. */
static char *member_name(struct api_ctx *c, int64_t uid)
{
	json_t *members = api_members(c->org_id);
	size_t i;
	json_t *mb;
	char *name = NULL;
	json_array_foreach (members, i, mb)
		if (json_integer_value(json_object_get(mb, "id")) == uid)
			name = xstrdup(json_string_value(json_object_get(mb, "name")));
	json_decref(members);
	return name ? name : xstrdup("");
}

int api_rater_invite(struct api_ctx *c, json_t **out)
{
	int open = round_open(c);
	if (open < 0)
		return open;
	if (!open) {
		c->detail = "err.round_closed";
		return -ERR_CONFLICT;
	}
	struct field_value v[FIELD_COUNT(invite_fields)];
	api_fields(c, invite_fields, FIELD_COUNT(invite_fields), v);
	int64_t uid = v[I_USER].ok ? v[I_USER].i : 0;
	const char *name = v[I_NAME].s;
	const char *role = v[I_ROLE].s;
	int64_t days = v[I_DAYS].ok ? v[I_DAYS].i : LINK_DAYS_DEFAULT;
	if (uid > 0 && org_role(c->org_id, uid) == ROLE_NONE)
		problem_add(c->invalid, "userId", "err.not_member");
	else if (!v[I_USER].set && !v[I_NAME].set)
		problem_add(c->invalid, "name", "err.required");
	if (v[I_EMAIL].set && (!strchr(v[I_EMAIL].s, '@') || strpbrk(v[I_EMAIL].s, " <>\r\n,;")))
		problem_add(c->invalid, "email", "notify.err.email");
	if (json_array_size(c->invalid))
		return -ERR_INVALID;
	char obj[64];
	snprintf(obj, sizeof obj, "round/%lld", (long long)c->obj_id);
	json_t *invited;
	if (uid > 0) {
		char *mname = member_name(c, uid);
		int64_t id =
		    assessment_store_rater_add(c->obj_id, uid, name && *name ? name : mname, role, NULL, 0);
		free(mname);
		if (id == -ERR_CONFLICT) {
			problem_add(c->invalid, "userId", "err.already_rater");
			return -ERR_INVALID;
		}
		if (id < 0)
			return (int)id; /* the database failed; the pipeline answers */
		api_audit(c, "round.invite_member", obj, "ok");
		if (v[I_SEND].b)
			notify_rater_invited(c, c->obj_id, uid, NULL, NULL, role, NULL);
		invited = rater_doc(id);
	} else {
		char tok[SECRET_TOKEN_LEN + 1];
		unsigned char hash[SECRET_HASH_LEN];
		secret_token(tok);
		secret_digest(tok, hash);
		int64_t exp = time_now() + days * 86400;
		int64_t id = assessment_store_rater_add(c->obj_id, 0, name, role, hash, exp);
		if (id < 0)
			return (int)id; /* the database failed; the pipeline answers */
		api_audit(c, "round.invite_link", obj, "ok");
		invited = rater_doc(id);
		char ts[21];
		time_rfc3339(exp, ts);
		struct buf url = BUF_INIT;
		char path[96];
		snprintf(path, sizeof path, "/uitnodigingen/%s", tok);
		assessment_link(c, path, &url);
		if (v[I_SEND].b && v[I_EMAIL].set)
			notify_rater_invited(c, c->obj_id, 0, v[I_EMAIL].s, path, role, ts);
		json_object_set_new(invited, "link", json_string(path));
		json_object_set_new(invited, "url", json_string(buf_str(&url)));
		buf_free(&url);
		json_object_set_new(invited, "expiresAt", json_string(ts));
		if (c->is_page) {
			/* Post/redirect/get: the round page names the new rater and
			 * takes the token from the fragment, which never reaches a
			 * server or a log; a reload shows the same page again. */
			snprintf(c->location, sizeof c->location, "/rondes/%lld?uitgenodigd=%lld#%s",
				 (long long)c->obj_id, (long long)id, tok);
			json_decref(invited);
			*out = json_object();
			return 0;
		}
	}
	c->status = 201;
	snprintf(c->location, sizeof c->location, "/rondes/%lld", (long long)c->obj_id);
	if (c->is_page) {
		json_decref(invited);
		*out = json_object();
	} else {
		*out = invited;
	}
	return 0;
}

/* The rater named by the second path parameter, if it belongs to this
 * round: 0 with its id and state, or -ERR_NOTFOUND. */
static int round_rater(struct api_ctx *c, int64_t *id, struct rater_state *rs)
{
	int64_t n;
	struct rater r;
	if (api_parse_id(c->param[1], &n) < 0 || assessment_store_rater_get(n, &r) < 0)
		return -ERR_NOTFOUND;
	int ours = r.round_id == c->obj_id;
	*id = r.id;
	*rs = r.state;
	rater_free(&r);
	return ours ? 0 : -ERR_NOTFOUND;
}

/* DELETE .../link (API, 204) or POST .../intrekken (page): the link stops
 * working and answers 410; the rater row and any draft stay for the record. */
int api_rater_revoke(struct api_ctx *c, json_t **out)
{
	int64_t id;
	struct rater_state rs;
	if (round_rater(c, &id, &rs) < 0)
		return -ERR_NOTFOUND;
	int rc = rater_revoke_check(&rs, &c->detail);
	if (rc < 0)
		return rc;
	if (!rs.revoked && assessment_store_rater_revoke(id) < 0) {
		c->detail = "err.link_used_no_revoke"; /* submitted in the meantime */
		return -ERR_CONFLICT;
	}
	api_audit_id(c, "round.revoke_link", "rater", id, rs.revoked ? "unchanged" : "ok");
	snprintf(c->location, sizeof c->location, "/rondes/%lld", (long long)c->obj_id);
	c->status = 204;
	*out = NULL;
	return 0;
}

/* PUT .../status {"status": "concept"} (API) or POST .../heropenen (page):
 * a submitted sheet goes back to concept so the rater can correct it; a
 * stranger's link opens again until it expires. */
int api_rater_reopen(struct api_ctx *c, json_t **out)
{
	/* RaterStatusInput: reopening is the one change, to concept */
	static const char *const to[] = {"concept", NULL};
	static const struct field f[] = {
	    {.name = "status",
	     .type = FIELD_ENUM,
	     .flags = FIELD_REQUIRED,
	     .values = to,
	     .reason = "err.rater_status"},
	};
	struct field_value v[1];
	if (!c->is_page && api_fields(c, f, 1, v) < 0)
		return -ERR_INVALID;
	int open = round_open(c);
	if (open < 0)
		return open;
	int64_t id;
	struct rater_state rs;
	if (round_rater(c, &id, &rs) < 0)
		return -ERR_NOTFOUND;
	int rc = rater_reopen_check(&rs, open, &c->detail);
	if (rc < 0)
		return rc;
	if (assessment_store_rater_reopen(id) < 0) {
		c->detail = "err.not_submitted";
		return -ERR_CONFLICT;
	}
	api_audit_id(c, "answers.reopen", "rater", id, "ok");
	/* the rater (API); pages go back to the round */
	snprintf(c->location, sizeof c->location, "/rondes/%lld", (long long)c->obj_id);
	*out = rater_doc(id);
	return 0;
}
