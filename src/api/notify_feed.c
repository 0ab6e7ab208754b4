/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * notify_feed: calendar feeds (RFC 5545). A person's secret feed holds
 * what concerns them, an initiative's feed what concerns its team; both
 * are gathered from every module's due hook (api_due). The URL's token is
 * shown once and stored as a digest; a revoked or unknown token is 404.
 * Items are all-day events with a stable UID (kind, id, host) so calendar
 * clients update them instead of adding copies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/module.h"
#include "api/notify.h"
#include "api/notify_int.h"
#include "domain/notify.h"
#include "lib/i18n.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/notify_store.h"

#define FEED_PAST_DAYS 90
#define FEED_AHEAD_DAYS 400

/* Europe/Amsterdam (CET/CEST) with the EU rules since 1996. */
static void vtimezone(struct buf *b)
{
	ics_line(b, "BEGIN", "VTIMEZONE");
	ics_line(b, "TZID", "Europe/Amsterdam");
	ics_line(b, "BEGIN", "DAYLIGHT");
	ics_line(b, "TZOFFSETFROM", "+0100");
	ics_line(b, "TZOFFSETTO", "+0200");
	ics_line(b, "TZNAME", "CEST");
	ics_line(b, "DTSTART", "19810329T020000");
	ics_line(b, "RRULE", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
	ics_line(b, "END", "DAYLIGHT");
	ics_line(b, "BEGIN", "STANDARD");
	ics_line(b, "TZOFFSETFROM", "+0200");
	ics_line(b, "TZOFFSETTO", "+0100");
	ics_line(b, "TZNAME", "CET");
	ics_line(b, "DTSTART", "19961027T030000");
	ics_line(b, "RRULE", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
	ics_line(b, "END", "STANDARD");
	ics_line(b, "END", "VTIMEZONE");
}

struct feed {
	struct buf *b;
	const char *lang;
	const char *host;
	const char *stamp;
};

static void event(void *arg, const struct due_item *it)
{
	struct feed *f = arg;
	char uid[160], day[9], next[11], end[9], key[64], url[600];
	snprintf(uid, sizeof uid, "%s-%lld@%s", it->kind, (long long)it->id, f->host);
	snprintf(day, sizeof day, "%.4s%.2s%.2s", it->date, it->date + 5, it->date + 8);
	if (notify_add_days(it->date, 1, next) < 0)
		return;
	snprintf(end, sizeof end, "%.4s%.2s%.2s", next, next + 5, next + 8);
	snprintf(key, sizeof key, "notify.due.%s", it->kind);
	struct buf summary = BUF_INIT;
	if (it->done)
		buf_printf(&summary, "%s ", i18n_t(f->lang, "notify.feed.done"));
	buf_printf(&summary, "%s: %s", i18n_t(f->lang, key), it->title);
	snprintf(url, sizeof url, "%s%s", notify_public_url(), it->path);
	ics_line(f->b, "BEGIN", "VEVENT");
	ics_line(f->b, "UID", uid);
	ics_line(f->b, "DTSTAMP", f->stamp);
	ics_line(f->b, "DTSTART;VALUE=DATE", day);
	ics_line(f->b, "DTEND;VALUE=DATE", end);
	ics_text(f->b, "SUMMARY", buf_str(&summary));
	ics_text(f->b, "DESCRIPTION", url);
	ics_line(f->b, "URL", url);
	ics_line(f->b, "TRANSP", "TRANSPARENT");
	ics_line(f->b, "CLASS", "PRIVATE");
	ics_line(f->b, "END", "VEVENT");
	buf_free(&summary);
}

char *notify_ics(int64_t user_id, int64_t initiative_id, const char *host)
{
	char ts[21], stamp[17], today[11], from[11], to[11];
	int64_t now = time_now();
	time_rfc3339(now, ts);
	snprintf(stamp, sizeof stamp, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", ts, ts + 5, ts + 8, ts + 11, ts + 14,
		 ts + 17);
	snprintf(today, sizeof today, "%.10s", ts);
	notify_add_days(today, -FEED_PAST_DAYS, from);
	notify_add_days(today, FEED_AHEAD_DAYS, to);
	const char *lang = "nl";
	char email[256], name[256], ulang[3] = "nl";
	struct buf b = BUF_INIT;
	ics_line(&b, "BEGIN", "VCALENDAR");
	ics_line(&b, "VERSION", "2.0");
	ics_line(&b, "PRODID", "-//Scalelab//Scalelab notify//NL");
	ics_line(&b, "CALSCALE", "GREGORIAN");
	ics_line(&b, "METHOD", "PUBLISH");
	struct buf title = BUF_INIT;
	if (user_id > 0) {
		if (notify_store_user(user_id, email, sizeof email, name, sizeof name, ulang) == 0)
			lang = !strcmp(ulang, "en") ? "en" : "nl";
		buf_printf(&title, "Scalelab · %s", name);
	} else {
		int64_t org;
		char *n = notify_store_initiative_name(initiative_id, &org);
		buf_printf(&title, "Scalelab · %s", n);
		free(n);
	}
	ics_text(&b, "X-WR-CALNAME", buf_str(&title));
	ics_line(&b, "X-WR-TIMEZONE", "Europe/Amsterdam");
	ics_line(&b, "REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
	ics_line(&b, "X-PUBLISHED-TTL", "PT1H");
	vtimezone(&b);
	struct feed f = {&b, lang, host, stamp};
	struct due_query q = {user_id, user_id > 0 ? 0 : initiative_id, from, to};
	int rc = api_due(&q, event, &f);
	ics_line(&b, "END", "VCALENDAR");
	buf_free(&title);
	if (rc < 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* The host part of the public URL: the UIDs' domain. */
static void feed_host(char *out, size_t n)
{
	const char *u = notify_public_url();
	const char *h = strstr(u, "://");
	h = h ? h + 3 : u;
	size_t k = strcspn(h, ":/?#");
	snprintf(out, n, "%.*s", (int)k, k ? h : "scalelab.invalid");
}

int api_notify_ics(struct api_ctx *c, json_t **out)
{
	const char *tok = c->param[0];
	if (!tok || strlen(tok) != SECRET_TOKEN_LEN)
		return -ERR_NOTFOUND;
	unsigned char hash[SECRET_HASH_LEN];
	secret_digest(tok, hash);
	int64_t uid = 0, ini = 0;
	if (notify_store_feed_find(hash, &uid, &ini) < 0)
		return -ERR_NOTFOUND;
	char host[128];
	feed_host(host, sizeof host);
	char *ics = notify_ics(uid, ini, host);
	if (!ics)
		return -ERR_IO;
	*out = json_string(ics);
	free(ics);
	c->raw_type = "text/calendar; charset=utf-8";
	return 0;
}

/* The feed document of a person or initiative; url only right after creation. */
static json_t *feed_doc(int64_t user_id, int64_t initiative_id, const char *url)
{
	char *since = notify_store_feed_since(user_id, initiative_id);
	json_t *o =
	    json_pack("{s:b,s:o,s:o}", "active", since != NULL, "since",
		      since ? json_string(since) : json_null(), "url", url ? json_string(url) : json_null());
	free(since);
	return o;
}

static int feed_create(struct api_ctx *c, int64_t user_id, int64_t initiative_id, json_t **out)
{
	notify_store_feed_revoke(user_id, initiative_id); /* one live feed: a new URL replaces the old */
	char tok[SECRET_TOKEN_LEN + 1];
	unsigned char hash[SECRET_HASH_LEN];
	secret_token(tok);
	secret_digest(tok, hash);
	int64_t id = notify_store_feed_add(user_id, initiative_id, hash, c->user_id);
	if (id < 0)
		return (int)id;
	api_audit_id(c, "notify.feed_create", user_id > 0 ? "user" : "initiative",
		     user_id > 0 ? user_id : initiative_id, "ok");
	struct buf url = BUF_INIT;
	buf_printf(&url, "%s/api/v1/agenda/%s", notify_public_url(), tok);
	*out = feed_doc(user_id, initiative_id, buf_str(&url));
	buf_free(&url);
	c->status = 201;
	return 0;
}

static int feed_revoke(struct api_ctx *c, int64_t user_id, int64_t initiative_id, json_t **out)
{
	int n = notify_store_feed_revoke(user_id, initiative_id);
	api_audit_id(c, "notify.feed_revoke", user_id > 0 ? "user" : "initiative",
		     user_id > 0 ? user_id : initiative_id, n ? "ok" : "unchanged");
	if (c->is_page) {
		*out = feed_doc(user_id, initiative_id, NULL);
	} else {
		c->status = 204;
		*out = NULL;
	}
	return 0;
}

int api_notify_feed_get(struct api_ctx *c, json_t **out)
{
	*out = feed_doc(c->user_id, 0, NULL);
	return 0;
}

int api_notify_feed_create(struct api_ctx *c, json_t **out)
{
	snprintf(c->location, sizeof c->location, "/mij/agenda");
	return feed_create(c, c->user_id, 0, out);
}

int api_notify_feed_revoke(struct api_ctx *c, json_t **out)
{
	snprintf(c->location, sizeof c->location, "/mij/agenda");
	return feed_revoke(c, c->user_id, 0, out);
}

static json_t *with_initiative(json_t *o, int64_t id)
{
	int64_t org;
	char *n = notify_store_initiative_name(id, &org);
	json_object_set_new(o, "initiative", json_pack("{s:I,s:s}", "id", (json_int_t)id, "name", n));
	free(n);
	return o;
}

int api_notify_team_feed_get(struct api_ctx *c, json_t **out)
{
	*out = with_initiative(feed_doc(0, c->obj_id, NULL), c->obj_id);
	return 0;
}

int api_notify_team_feed_create(struct api_ctx *c, json_t **out)
{
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/agenda", (long long)c->obj_id);
	int rc = feed_create(c, 0, c->obj_id, out);
	if (rc == 0)
		with_initiative(*out, c->obj_id);
	return rc;
}

int api_notify_team_feed_revoke(struct api_ctx *c, json_t **out)
{
	snprintf(c->location, sizeof c->location, "/initiatieven/%lld/agenda", (long long)c->obj_id);
	int rc = feed_revoke(c, 0, c->obj_id, out);
	if (rc == 0 && *out)
		with_initiative(*out, c->obj_id);
	return rc;
}
