/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * api: the request context every resource handler receives and the
 * handlers themselves. A handler reads ctx, calls domain and store, and
 * returns 0 with a JSON document in *out, or -ERR_* with ctx->invalid /
 * ctx->detail filled. The HTTP layer turns that into JSON (API) or a page.
 */
#ifndef SL_API_H
#define SL_API_H

#include <jansson.h>
#include <stdint.h>

#include "domain/role.h"

#define API_MAX_PARAMS 4

struct page_req;

struct api_ctx {
	/* request */
	const char *method;
	const char *param[API_MAX_PARAMS]; /* path parameters in order of the route */
	json_t *query;			   /* object of strings */
	json_t *body;			   /* object: parsed JSON or form fields */
	int is_page;			   /* 1 when rendering HTML */
	const char *ip;
	const char *lang;	     /* "nl" or "en" */
	const char *public_url;	     /* --public-url, the base of links sent to people (no trailing /) */
	const char *path;	     /* the request's path without /api/v1 and query (links) */
	const struct page_req *page; /* R_PAGED: the page asked for (api/page.h), else NULL */
	/* who, resolved centrally before the handler runs */
	int64_t user_id; /* 0: anonymous */
	const char *user_name;
	const char *user_email;
	int is_admin;
	int via_token;		     /* 1: authenticated by a bearer token, not a session */
	int64_t org_id;		     /* org of the route's scope, 0 if none */
	enum role role;		     /* caller's role in org_id */
	int64_t obj_id;		     /* numeric id of the object of the first path parameter */
	int64_t ids[API_MAX_PARAMS]; /* ids of all resolved path parameters (member routes) */
	/* response */
	int status;		  /* 0: 200 (201 for created) */
	char location[256];	  /* created/redirect path, without /api/v1 */
	json_t *invalid;	  /* invalid-params array */
	const char *detail;	  /* i18n key of the problem detail */
	int retry_after;	  /* seconds, for 429 */
	int64_t login_user;	  /* >0: start a new session for this user */
	int logout;		  /* 1: end the session */
	const char *set_lang;	  /* language chosen on /taal */
	const char *render;	  /* page POST: show this template with *out instead of
				   * the redirect (the second step of a login) */
	const char *raw_type;	  /* API: *out is a JSON string sent as-is with this
				   * media type (a CSV export), not as JSON */
	const char *raw_filename; /* with raw_type: download name (Content-Disposition) */
	int has_total;		  /* 1: X-Total-Count: total_count (a paged collection's size) */
	int64_t total_count;
	/* single sign-on (the sso module): a GET that must write after slow
	 * outside work, a redirect to another site, a cookie of its own */
	const char *cookies;	 /* the request's Cookie header (NULL: none) */
	char *redirect;		 /* GET: answer 303 to this URL (the pipeline frees it) */
	const char *cookie_name; /* set this cookie on the answer (HttpOnly, Secure, Lax) */
	char cookie_value[1024]; /* its value ("" with max-age 0 clears it) */
	long cookie_max_age;	 /* seconds */
	int (*then)(struct api_ctx *c, json_t **out); /* a GET handler sets it: the pipeline ends
						       * the read, opens the write transaction and
						       * calls it; its result is the request's */
	json_t *carry; /* what the handler hands to then (the pipeline frees it) */
	/* Outside work that may wait (a call to an identity provider): a GET
	 * handler sets slow and slow_arg and returns 0. The pipeline ends the
	 * read and suspends the connection (the server thread serves other
	 * connections meanwhile), runs slow(slow_arg) on a thread of its own,
	 * then runs the request again from the start with slow_done = slow_arg
	 * and afterwards calls slow_free(slow_arg). More at once than the cap:
	 * 503 with the handler's detail (set it with slow). */
	void (*slow)(void *arg);
	void (*slow_free)(void *arg);
	void *slow_arg;
	void *slow_done;     /* the second run: the finished slow_arg */
	int login_sso;	     /* with login_user: an SSO login (api_sso_session_bind) */
	int commit_on_error; /* 1: an error is this request's result and its writes
			      * stay (a failed login counts toward the rate limit);
			      * otherwise an error undoes the handler's writes */
	/* pipeline */
	json_t *audit; /* audit rows queued until the write transaction
			* ends (api_audit); NULL: written at once */
};

typedef int (*api_handler)(struct api_ctx *c, json_t **out);

/* Reads a string member ("" and missing both give NULL when optional). */
const char *api_str(json_t *obj, const char *path);
/* Audit helper: logs the caller, action, object and result. In a write
 * request the row is queued and written by the pipeline in the request's
 * transaction, so a change never commits without its row. When the handler
 * fails its changes are undone and only rows whose result is not "ok" (the
 * refusal: "invalid", "denied", "gone"...) are kept: audit a change "ok"
 * only once it can no longer fail. */
void api_audit(const struct api_ctx *c, const char *action, const char *object, const char *result);
/* Writes the queued audit rows (refused: only those not "ok") and empties the queue. */
void api_audit_flush(struct api_ctx *c, int refused);
/* The same for the object "kind/id", e.g. "initiative/12". */
void api_audit_id(const struct api_ctx *c, const char *action, const char *kind, int64_t id,
		  const char *result);

/* session.c */
int api_login_form(struct api_ctx *c, json_t **out);
int api_login(struct api_ctx *c, json_t **out);
int api_logout(struct api_ctx *c, json_t **out);
int api_lang(struct api_ctx *c, json_t **out);
int api_static_page(struct api_ctx *c, json_t **out);
/* organisation.c */
int api_org_list(struct api_ctx *c, json_t **out);
int api_org_get(struct api_ctx *c, json_t **out);
int api_member_list(struct api_ctx *c, json_t **out);
int api_member_update(struct api_ctx *c, json_t **out);
int api_member_remove(struct api_ctx *c, json_t **out);
/* initiative.c */
int api_initiative_list(struct api_ctx *c, json_t **out);
int api_initiative_new_form(struct api_ctx *c, json_t **out);
int api_initiative_create(struct api_ctx *c, json_t **out);
int api_initiative_get(struct api_ctx *c, json_t **out);
int api_initiative_update(struct api_ctx *c, json_t **out);
int api_initiative_delete(struct api_ctx *c, json_t **out);
/* token.c */
int api_token_list(struct api_ctx *c, json_t **out);
int api_token_create(struct api_ctx *c, json_t **out);
int api_token_delete(struct api_ctx *c, json_t **out);

#endif
