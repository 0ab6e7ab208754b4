/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * notify_pages: the inbox (list, mark read/unread, all read), a person's
 * preferences, the one-click unsubscribe link, the outbox of an
 * organisation for its beheerders (with retry), the organisation's time
 * zone and the schedule trigger for instance administrators.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/field.h"
#include "api/module.h"
#include "api/notify.h"
#include "api/page.h"
#include "api/notify_int.h"
#include "domain/notify.h"
#include "lib/i18n.h"
#include "lib/problem.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/notify_store.h"

#define INBOX_MAX 200 /* unpaged answers (after a change): the newest rows */
#define OUTBOX_MAX 200

static json_t *str_or_null(json_t *v)
{
	return json_is_string(v) ? json_incref(v) : json_null();
}

/* One stored inbox row as a Notification. */
static json_t *item_json(json_t *row, const char *lang)
{
	const char *kind = json_string_value(json_object_get(row, "kind"));
	json_t *params = json_loads(json_string_value(json_object_get(row, "params")), 0, NULL);
	char key[80];
	snprintf(key, sizeof key, "notify.text.%s", kind);
	struct buf text = BUF_INIT;
	notify_text(lang, key, params, &text);
	json_t *o = json_pack("{s:O,s:s,s:s,s:O,s:O,s:b,s:o,s:o}", "id", json_object_get(row, "id"), "kind",
			      kind, "text", buf_str(&text), "path", json_object_get(row, "path"), "createdAt",
			      json_object_get(row, "created_at"), "read",
			      !json_is_null(json_object_get(row, "read_at")), "readAt",
			      str_or_null(json_object_get(row, "read_at")), "organisation",
			      str_or_null(json_object_get(row, "org_name")));
	/* a digest lists what it was about; other kinds list nothing */
	json_t *items = json_object_get(params, "items");
	json_t *list = json_array();
	size_t i;
	json_t *it;
	json_array_foreach (items, i, it)
		json_array_append_new(
		    list, json_pack("{s:O,s:O,s:O,s:O}", "kind", json_object_get(it, "kind"), "title",
				    json_object_get(it, "title"), "date", json_object_get(it, "date"), "path",
				    json_object_get(it, "path")));
	json_object_set_new(o, "items", list);
	buf_free(&text);
	json_decref(params);
	return o;
}

/* One page of rows read one more than asked: drops the extra one and
 * links to the next page after the last one kept (api/page.h). */
static void page_rows(struct api_ctx *c, json_t *o, json_t *list, int64_t total, int64_t before)
{
	if (!c->page)
		return;
	json_t *next = NULL;
	if ((int64_t)json_array_size(list) > c->page->size) {
		json_array_remove(list, json_array_size(list) - 1);
		next =
		    json_pack("[O]", json_object_get(json_array_get(list, json_array_size(list) - 1), "id"));
	}
	api_page_links(c, o, c->page, next, total, before);
	json_decref(next);
}

static json_t *inbox_doc(struct api_ctx *c, int unread_only)
{
	int64_t before = api_page_after_id(c);
	json_t *rows = notify_store_inbox_list(c->user_id, unread_only, before < 0 ? 0 : before,
					       c->page ? (int)c->page->size + 1 : INBOX_MAX);
	json_t *items = json_array();
	size_t i;
	json_t *r;
	json_array_foreach (rows, i, r)
		json_array_append_new(items, item_json(r, c->lang));
	json_decref(rows);
	json_t *o = json_pack("{s:o,s:I,s:b}", "items", items, "unread",
			      (json_int_t)notify_store_inbox_unread(c->user_id), "unreadOnly", unread_only);
	if (c->page)
		page_rows(c, o, items, notify_store_inbox_count(c->user_id, unread_only, 0),
			  before > 0 ? notify_store_inbox_count(c->user_id, unread_only, before) : 0);
	return o;
}

int api_notify_inbox(struct api_ctx *c, json_t **out)
{
	const char *f = api_str(c->query, "filter");
	*out = inbox_doc(c, f && !strcmp(f, "ongelezen"));
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

int api_notify_mark(struct api_ctx *c, json_t **out)
{
	int64_t id;
	if (api_parse_id(c->param[0], &id) < 0)
		return -ERR_NOTFOUND;
	int read;
	if (c->is_page) {
		read = !strstr(c->method, "DELETE") &&
		       !(api_str(c->body, "read") && !strcmp(api_str(c->body, "read"), "0"));
	} else {
		static const struct field f[] = {
		    {.name = "read", .type = FIELD_BOOLEAN, .flags = FIELD_REQUIRED},
		};
		struct field_value v[1];
		if (api_fields(c, f, 1, v) < 0)
			return -ERR_INVALID;
		read = v[0].b;
	}
	int rc = notify_store_inbox_mark(c->user_id, id, read);
	if (rc < 0)
		return rc;
	snprintf(c->location, sizeof c->location, "/meldingen");
	json_t *rows = notify_store_inbox_list(c->user_id, 0, id + 1, 1);
	json_t *found = NULL;
	size_t i;
	json_t *r;
	json_array_foreach (rows, i, r)
		if (json_integer_value(json_object_get(r, "id")) == id)
			found = item_json(r, c->lang);
	json_decref(rows);
	*out = found;
	return found ? 0 : -ERR_NOTFOUND;
}

int api_notify_mark_all(struct api_ctx *c, json_t **out)
{
	int n = notify_store_inbox_mark_all(c->user_id);
	snprintf(c->location, sizeof c->location, "/meldingen");
	*out = json_pack("{s:i}", "marked", n);
	return 0;
}

/* The preferences document of the caller. */
static json_t *prefs_doc(struct api_ctx *c)
{
	json_t *kinds = json_array();
	for (int i = 0; notify_kinds[i]; i++) {
		char key[80];
		snprintf(key, sizeof key, "notify.kind.%s", notify_kinds[i]);
		json_array_append_new(kinds, json_pack("{s:s,s:s,s:b}", "kind", notify_kinds[i], "label",
						       i18n_t(c->lang, key), "email",
						       notify_store_pref_email(c->user_id, notify_kinds[i])));
	}
	char *since = notify_store_feed_since(c->user_id, 0);
	char email[256], name[256], lang[3] = "nl";
	notify_store_user(c->user_id, email, sizeof email, name, sizeof name, lang);
	json_t *o = json_pack("{s:o,s:b,s:s,s:{s:b,s:o}}", "kinds", kinds, "emailEnabled",
			      notify_email_enabled(), "language", lang, "feed", "active", since != NULL,
			      "since", since ? json_string(since) : json_null());
	free(since);
	return o;
}

int api_notify_prefs_get(struct api_ctx *c, json_t **out)
{
	*out = prefs_doc(c);
	return 0;
}

int api_notify_prefs_put(struct api_ctx *c, json_t **out)
{
	static struct field f[16];
	static size_t n;
	if (!n)
		for (; notify_kinds[n] && n < sizeof f / sizeof f[0]; n++)
			f[n] = (struct field){.name = notify_kinds[n], .type = FIELD_BOOLEAN};
	struct field_value v[16];
	if (api_fields(c, f, n, v) < 0)
		return -ERR_INVALID;
	for (size_t i = 0; i < n; i++) {
		/* a form leaves unticked boxes out: off; the API changes what it names */
		if (!v[i].set && !c->is_page)
			continue;
		int rc = notify_store_pref_set(c->user_id, notify_kinds[i], v[i].set && v[i].b);
		if (rc < 0)
			return rc;
	}
	api_audit_id(c, "notify.prefs", "user", c->user_id, "ok");
	snprintf(c->location, sizeof c->location, "/mij/meldingen");
	*out = prefs_doc(c);
	return 0;
}

/* The unsubscribe page of a token; NULL when it is not valid. */
static json_t *unsub_doc(struct api_ctx *c, int64_t *uid, char *kind, size_t kn)
{
	if (notify_unsub_check(notify_key(), c->param[0], uid, kind, kn) < 0)
		return NULL;
	char email[256], name[256], lang[3];
	if (notify_store_user(*uid, email, sizeof email, name, sizeof name, lang) < 0)
		return NULL;
	char key[80];
	snprintf(key, sizeof key, "notify.kind.%s", kind);
	return json_pack("{s:s,s:s,s:s,s:b,s:s}", "token", c->param[0], "kind", kind, "kindLabel",
			 i18n_t(c->lang, key), "subscribed", notify_store_pref_email(*uid, kind), "email",
			 email);
}

int api_notify_unsub_form(struct api_ctx *c, json_t **out)
{
	int64_t uid;
	char kind[32];
	*out = unsub_doc(c, &uid, kind, sizeof kind);
	return *out ? 0 : -ERR_NOTFOUND;
}

/* POST: the button on the page, or a mail client's RFC 8058 one-click
 * request (body List-Unsubscribe=One-Click). The signed token is the
 * credential; no login, no CSRF token (the link holds no session). */
int api_notify_unsub(struct api_ctx *c, json_t **out)
{
	int64_t uid;
	char kind[32];
	json_t *o = unsub_doc(c, &uid, kind, sizeof kind);
	if (!o)
		return -ERR_NOTFOUND;
	int rc = notify_store_pref_set(uid, kind, 0);
	if (rc < 0) {
		json_decref(o);
		return rc;
	}
	struct api_ctx as = *c;
	as.user_id = uid;
	api_audit_id(&as, "notify.unsubscribe", "user", uid, "ok");
	json_object_set_new(o, "subscribed", json_false());
	json_object_set_new(o, "done", json_true());
	c->status = 200;
	*out = o;
	return 0;
}

static json_t *outbox_doc(struct api_ctx *c)
{
	int64_t before = api_page_after_id(c);
	json_t *rows = notify_store_outbox_list(c->org_id, before < 0 ? 0 : before,
						c->page ? (int)c->page->size + 1 : OUTBOX_MAX);
	json_t *list = json_array();
	size_t i;
	json_t *r;
	json_array_foreach (rows, i, r) {
		const char *err = json_string_value(json_object_get(r, "last_error"));
		/* a reason of our own is a catalogue key; the relay's words stay as they are */
		const char *shown = err && !strncmp(err, "notify.err.", 11) ? i18n_t(c->lang, err) : err;
		char key[80];
		snprintf(key, sizeof key, "notify.kindname.%s",
			 json_string_value(json_object_get(r, "kind")));
		json_array_append_new(
		    list, json_pack("{s:O,s:O,s:O,s:s,s:O,s:O,s:O,s:o,s:O,s:o,s:b}", "id",
				    json_object_get(r, "id"), "to", json_object_get(r, "to_addr"), "kind",
				    json_object_get(r, "kind"), "kindLabel", i18n_t(c->lang, key),
				    "messageId", json_object_get(r, "message_id"), "status",
				    json_object_get(r, "status"), "attempts", json_object_get(r, "attempts"),
				    "lastError", shown && *shown ? json_string(shown) : json_null(),
				    "createdAt", json_object_get(r, "created_at"), "sentAt",
				    str_or_null(json_object_get(r, "sent_at")), "canRetry",
				    !strcmp(json_string_value(json_object_get(r, "status")), "mislukt")));
	}
	json_decref(rows);
	char *tz = notify_store_org_tz(c->org_id);
	json_t *o = json_pack("{s:s,s:o,s:o,s:b,s:s}", "organisation", c->param[0], "messages", list,
			      "counts", notify_store_outbox_counts(c->org_id), "emailEnabled",
			      notify_email_enabled(), "timeZone", tz ? tz : "Europe/Amsterdam");
	free(tz);
	if (c->page)
		page_rows(c, o, list, notify_store_outbox_count(c->org_id, 0),
			  before > 0 ? notify_store_outbox_count(c->org_id, before) : 0);
	return o;
}

int api_notify_outbox(struct api_ctx *c, json_t **out)
{
	*out = outbox_doc(c);
	return json_array_size(c->invalid) ? -ERR_INVALID : 0;
}

int api_notify_outbox_retry(struct api_ctx *c, json_t **out)
{
	int rc = notify_store_outbox_requeue(c->ids[1], c->org_id, time_now());
	if (rc < 0) {
		c->detail = "notify.err.not_failed";
		return rc == -ERR_NOTFOUND ? -ERR_CONFLICT : rc;
	}
	api_audit_id(c, "notify.retry", "message", c->ids[1], "ok");
	snprintf(c->location, sizeof c->location, "/organisaties/%s/postvak-uit", c->param[0]);
	*out = outbox_doc(c);
	return 0;
}

/* A zone the C library can read: Area/City from the system's tz database. */
static int tz_known(const char *tz)
{
	if (!tz || !*tz || strlen(tz) > 64 || strstr(tz, ".."))
		return 0;
	for (const char *p = tz; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '/' || *p == '_' ||
		      *p == '-' || *p == '+' || (*p >= '0' && *p <= '9')))
			return 0;
	if (!strcmp(tz, "UTC"))
		return 1;
	char path[128];
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
	return tz[0] != '/' && access(path, R_OK) == 0;
}

int api_notify_tz_put(struct api_ctx *c, json_t **out)
{
	static const struct field f[] = {
	    {.name = "timeZone",
	     .type = FIELD_STRING,
	     .flags = FIELD_REQUIRED,
	     .max_len = 64,
	     .reason = "notify.err.tz"},
	};
	struct field_value v[1];
	if (api_fields(c, f, 1, v) < 0)
		return -ERR_INVALID;
	if (!tz_known(v[0].s)) {
		problem_add(c->invalid, "timeZone", "notify.err.tz");
		return -ERR_INVALID;
	}
	int rc = notify_store_org_tz_set(c->org_id, v[0].s);
	if (rc < 0)
		return rc;
	api_audit_id(c, "notify.time_zone", "organisation", c->org_id, "ok");
	snprintf(c->location, sizeof c->location, "/organisaties/%s/postvak-uit", c->param[0]);
	*out = outbox_doc(c);
	return 0;
}

/* "YYYY-MM-DDTHH:MM:SSZ" to seconds since the epoch; 0 or -1. */
static int parse_utc(const char *s, int64_t *t)
{
	struct tm tm = {0};
	char z = 0;
	if (strlen(s) != 20 ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec, &z) != 7 ||
	    z != 'Z')
		return -1;
	char day[11];
	snprintf(day, sizeof day, "%.10s", s);
	if (notify_weekday(day) < 0 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*t = (int64_t)timegm(&tm);
	return 0;
}

int api_notify_run(struct api_ctx *c, json_t **out)
{
	if (!c->is_admin) {
		c->detail = "notify.err.admin_only";
		return -ERR_FORBIDDEN;
	}
	static const struct field f[] = {
	    {.name = "now", .type = FIELD_STRING, .max_len = 20},
	};
	struct field_value v[1];
	if (api_fields(c, f, 1, v) < 0)
		return -ERR_INVALID;
	int64_t now = time_now();
	if (v[0].set && parse_utc(v[0].s, &now) < 0) {
		problem_add(c->invalid, "now", "notify.err.now");
		return -ERR_INVALID;
	}
	int n = notify_run_schedule(now);
	if (n < 0)
		return n;
	api_audit(c, "notify.schedule", "", "ok");
	*out = json_pack("{s:i}", "queued", n);
	return 0;
}
