/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * notify_store: tables notify_inbox, notify_outbox, notify_prefs,
 * notify_feeds and organisations.time_zone; reads people, memberships,
 * rounds and raters for digests and reminders. Lists come back as JSON
 * rows (db_rows_json: column names as members). Never begins or commits:
 * the request pipeline or the outbox worker owns the transaction.
 */
#ifndef SL_NOTIFY_STORE_H
#define SL_NOTIFY_STORE_H

#include <jansson.h>
#include <stdint.h>

/* inbox */
/* A new item; -ERR_CONFLICT when dedup (not NULL) was added before. */
int64_t notify_store_inbox_add(int64_t user_id, int64_t org_id, const char *kind, const char *params,
			       const char *path, const char *dedup);
/* Newest first, at most limit rows older than before_id (0: from the
 * newest): id, org_id, kind, params, path, created_at, read_at. */
json_t *notify_store_inbox_list(int64_t user_id, int unread_only, int64_t before_id, int limit);
int64_t notify_store_inbox_unread(int64_t user_id);
/* How many items the list of notify_store_inbox_list holds in all (newer
 * than 0), or how many of them are newer than newer_than. */
int64_t notify_store_inbox_count(int64_t user_id, int unread_only, int64_t newer_than);
/* Marks one item of the user read (1) or unread (0): 0 or -ERR_NOTFOUND. */
int notify_store_inbox_mark(int64_t user_id, int64_t id, int read);
/* Marks all the user's items read; how many changed. */
int notify_store_inbox_mark_all(int64_t user_id);

/* preferences: 1 when the user wants e-mail of kind (the default), else 0 */
int notify_store_pref_email(int64_t user_id, const char *kind);
int notify_store_pref_set(int64_t user_id, const char *kind, int email);

/* the person: 0 with e-mail, name and language copied, or -ERR_NOTFOUND */
int notify_store_user(int64_t user_id, char *email, size_t en, char *name, size_t nn, char lang[3]);

/* outbox: a new row to send at next_s; -ERR_CONFLICT when dedup (not NULL)
 * was queued before */
int64_t notify_store_outbox_add(int64_t org_id, int64_t user_id, const char *to, const char *lang,
				const char *kind, const char *params, const char *secret,
				const char *message_id, const char *dedup, int64_t next_s);
/* Claims the oldest row due at now (wachtrij, next_s <= now): marks it
 * verzenden and returns it (all columns), or NULL when none is due. */
json_t *notify_store_outbox_claim(int64_t now);
int notify_store_outbox_sent(int64_t id);
/* A temporary failure: back to wachtrij at next_s. */
int notify_store_outbox_retry(int64_t id, int attempts, int64_t next_s, const char *error);
/* Given up (5xx, too many attempts): mislukt with the reason. */
int notify_store_outbox_failed(int64_t id, int attempts, const char *error);
/* Rows left in verzenden by a process that stopped: mislukt with reason;
 * how many. */
int notify_store_outbox_interrupted(const char *reason);
/* A failed row goes back into the queue (a beheerder's retry). 0 or -ERR_NOTFOUND. */
int notify_store_outbox_requeue(int64_t id, int64_t org_id, int64_t now);
/* Deletes rows created before the RFC 3339 time before (sent or failed); how many. */
int notify_store_outbox_purge(const char *before);
/* Rows of an organisation (0: all), newest first, older than before_id (0:
 * from the newest), at most limit, without params and secret. */
json_t *notify_store_outbox_list(int64_t org_id, int64_t before_id, int limit);
/* How many rows the organisation's outbox holds (newer_than 0), or how
 * many of them are newer than newer_than. */
int64_t notify_store_outbox_count(int64_t org_id, int64_t newer_than);
/* The organisation of an outbox message, or -ERR_NOTFOUND. */
int64_t notify_store_outbox_org(int64_t id);
/* Counts per status of an organisation (0: all): {"wachtrij": n, ...}. */
json_t *notify_store_outbox_counts(int64_t org_id);

/* feeds */
int64_t notify_store_feed_add(int64_t user_id, int64_t initiative_id, const unsigned char *hash,
			      int64_t created_by);
/* Revokes the live feed of a person (user_id > 0) or an initiative; how many. */
int notify_store_feed_revoke(int64_t user_id, int64_t initiative_id);
/* The live feed with this token digest: 0 with *user_id / *initiative_id (one is 0), or -ERR_NOTFOUND. */
int notify_store_feed_find(const unsigned char *hash, int64_t *user_id, int64_t *initiative_id);
/* created_at of the live feed, or NULL; caller frees. */
char *notify_store_feed_since(int64_t user_id, int64_t initiative_id);

/* organisations */
/* The organisation's time zone (caller frees); NULL when unknown. */
char *notify_store_org_tz(int64_t org_id);
int notify_store_org_tz_set(int64_t org_id, const char *tz);
/* Name of organisation, initiative (caller frees; "" when unknown). */
char *notify_store_org_name(int64_t org_id);
char *notify_store_initiative_name(int64_t initiative_id, int64_t *org_id);
/* Every person with a membership: user_id, email, name, lang, org_id (their
 * first organisation), time_zone. */
json_t *notify_store_people(void);
/* Member raters who have not submitted a sheet of an open round whose
 * period ends on date: rater_id, user_id, round_id, org_id, title,
 * period_end, initiative. */
json_t *notify_store_reminder_raters(const char *date);
/* A round's title, period end and initiative name; NULL when unknown. */
json_t *notify_store_round(int64_t round_id);

#endif
