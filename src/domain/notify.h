/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * notify: the pure rules of notifications: the kinds a person can be told
 * about, the retry schedule of the e-mail outbox, the signed one-click
 * unsubscribe token, the ISO week of a day (one digest per person per
 * week) and the iCalendar (RFC 5545) text rules: escaping and folding.
 */
#ifndef SL_DOMAIN_NOTIFY_H
#define SL_DOMAIN_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

/* The kinds of notification, as stored and in the API; also the unit of a
 * person's e-mail preference. NULL-terminated. */
extern const char *const notify_kinds[];
/* 1 when kind is one of notify_kinds. */
int notify_kind_known(const char *kind);

/* After a temporary failure the outbox tries again; attempt counts the
 * failures so far (1 after the first). Returns the wait in seconds before
 * the next try (1, 5, 15, 30 minutes, 1, 2, 4, 8, 16 hours), or -1 when
 * attempt reached NOTIFY_MAX_ATTEMPTS and the message is given up. */
#define NOTIFY_MAX_ATTEMPTS 10
int64_t notify_backoff_s(int attempt);

/* The one-click unsubscribe token: "<user id>.<kind>.<mac>", where mac is
 * secret_mac(key, "unsubscribe:<user id>:<kind>"). Writes it into out
 * (caller's buffer of n bytes, 128 is enough). */
void notify_unsub_token(const char *key, int64_t user_id, const char *kind, char *out, size_t n);
/* Reads and verifies a token: 0 with *user_id and kind (of kn bytes) set,
 * or -1 when it is malformed, names an unknown kind or its mac is wrong. */
int notify_unsub_check(const char *key, const char *token, int64_t *user_id, char *kind, size_t kn);

/* The ISO 8601 week of a YYYY-MM-DD date as "YYYY-Www" (9 bytes with NUL);
 * -1 when the date is not one. */
int notify_iso_week(const char *date, char out[9]);
/* Day of the week of a YYYY-MM-DD date, 1 = Monday .. 7 = Sunday; -1 when
 * not a date. */
int notify_weekday(const char *date);
/* The date n days after date (n may be negative) into out[11]; -1 when
 * date is not one. */
int notify_add_days(const char *date, int n, char out[11]);

/* iCalendar text: value escaped per RFC 5545 3.3.11 (backslash, semicolon,
 * comma, newline). */
void ics_escape(struct buf *b, const char *value);
/* Writes one content line "name:value" (value already escaped) folded so
 * that no line exceeds 75 octets, never inside a UTF-8 sequence, each
 * ending in CRLF. */
void ics_line(struct buf *b, const char *name, const char *value);
/* The same with the value escaped first. */
void ics_text(struct buf *b, const char *name, const char *text);

#endif
