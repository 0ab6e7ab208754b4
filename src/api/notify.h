/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * notify: telling people things, in the product (the inbox) and by e-mail
 * (the durable outbox, sent through the operator's SMTP relay by a worker
 * thread of `scalelab serve`). Other modules call notify_person() from
 * their handlers: the inbox item and the e-mail are written in the
 * request's transaction, so they exist exactly when the change that
 * caused them commits. See docs/notify.md.
 */
#ifndef SL_API_NOTIFY_H
#define SL_API_NOTIFY_H

#include <jansson.h>
#include <stdint.h>

#include "api/api.h"
#include "lib/buf.h"

struct notify_config {
	const char *smtp_url;	   /* smtp://host:port or smtps://host:port; NULL: no e-mail */
	const char *smtp_user;	   /* NULL: no authentication */
	const char *smtp_password; /* never logged */
	int smtp_insecure;	   /* 1: plain SMTP without STARTTLS (a local relay only) */
	const char *mail_from;	   /* envelope and From address */
	const char *public_url;	   /* base of every link in a message, e.g. https://lab.example.nl */
	double backoff_scale;	   /* retry waits are multiplied by this (tests: 1/60); 0: 1 */
	int tick_ms;		   /* how often the worker looks for work; 0: 2000 */
	int crash_after_send;	   /* tests only: SIGKILL itself after a send, before marking it */
};

/* Renders template tmpl (web/templates/notify/<tmpl>.html) with ctx in lang into out;
 * 0 or a negative ERR_ code. Supplied by the HTTP layer, which owns templates. */
typedef int (*notify_render_fn)(const char *tmpl, json_t *ctx, const char *lang, struct buf *out);

/* Keeps a copy of what the server was started with (before notify_start). */
void notify_configure(const struct notify_config *cfg);
/* 1 when an SMTP relay is configured (messages are queued), else 0. */
int notify_email_enabled(void);
/* The public base URL without a trailing slash ("" when unknown). */
const char *notify_public_url(void);

/* Starts the outbox worker thread (its own database connection and short
 * transactions): sends due messages, queues reminders and weekly digests,
 * purges old rows. Rows a stopped process left half-sent are marked failed
 * first (see docs/notify.md, "Exactly once?"). 0, or -ERR_IO. */
int notify_start(notify_render_fn render);
/* Stops the worker and waits for it (at most one send in flight). */
void notify_stop(void);

/* Tells one person: an inbox item (kind: one of notify_kinds in
 * domain/notify.h; params: the placeholders of the texts
 * notify.inbox.<kind> and notify.subject.<kind> and of the mail templates;
 * path: the page it is about) and, when e-mail is configured and the
 * person has not turned kind off, an e-mail in their language. Call it from
 * a handler (inside the request's transaction). params is borrowed.
 * Returns the inbox item's id, or a negative ERR_ code. */
int64_t notify_person(int64_t org_id, int64_t user_id, const char *kind, json_t *params, const char *path);
/* Queues an e-mail to an address that is no account (an invitation link
 * for an outsider). secret (may be NULL) is a credential the message
 * carries; it is stored until the message is sent or given up. 0 or a
 * negative ERR_ code (-ERR_CONFLICT: dedup was queued before). */
int notify_email_to(int64_t org_id, const char *to, const char *lang, const char *kind, json_t *params,
		    const char *secret, const char *dedup);

/* The assessment module's hook: an invitation to rate (member or link). */
void notify_rater_invited(const struct api_ctx *c, int64_t round_id, int64_t user_id, const char *email,
			  const char *link, const char *role, const char *expires);
/* The actions' hook: owner_id was made the owner of action id. */
void notify_action_assigned(const struct api_ctx *c, int64_t action_id, int64_t owner_id, const char *title,
			    const char *due);

/* Queues what is due at now (UTC seconds): reminders two days before a
 * round closes and, from Monday 07:00 in each organisation's time zone,
 * one weekly digest per person. Runs in the caller's write transaction;
 * how many messages were queued, or a negative ERR_ code. */
int notify_run_schedule(int64_t now);
/* The unread inbox items of a person (for the bell in the page header). */
int64_t notify_unread(int64_t user_id);
/* Replaces {name} placeholders of catalogue text key with params' values. */
void notify_text(const char *lang, const char *key, json_t *params, struct buf *out);

/* handlers (notify_pages.c, notify_feed.c) */
int api_notify_inbox(struct api_ctx *c, json_t **out);
int api_notify_mark(struct api_ctx *c, json_t **out);
int api_notify_mark_all(struct api_ctx *c, json_t **out);
int api_notify_prefs_get(struct api_ctx *c, json_t **out);
int api_notify_prefs_put(struct api_ctx *c, json_t **out);
int api_notify_unsub_form(struct api_ctx *c, json_t **out);
int api_notify_unsub(struct api_ctx *c, json_t **out);
int api_notify_outbox(struct api_ctx *c, json_t **out);
int api_notify_outbox_retry(struct api_ctx *c, json_t **out);
int api_notify_run(struct api_ctx *c, json_t **out);
int api_notify_tz_put(struct api_ctx *c, json_t **out);
int api_notify_feed_get(struct api_ctx *c, json_t **out);
int api_notify_feed_create(struct api_ctx *c, json_t **out);
int api_notify_feed_revoke(struct api_ctx *c, json_t **out);
int api_notify_team_feed_get(struct api_ctx *c, json_t **out);
int api_notify_team_feed_create(struct api_ctx *c, json_t **out);
int api_notify_team_feed_revoke(struct api_ctx *c, json_t **out);
int api_notify_ics(struct api_ctx *c, json_t **out);

/* The iCalendar text of a feed (person or initiative) at now; caller frees. */
char *notify_ics(int64_t user_id, int64_t initiative_id, const char *host);

#endif
