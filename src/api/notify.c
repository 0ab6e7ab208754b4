/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * notify: configuration, notify_person() (inbox item + outbox e-mail in the
 * caller's transaction), the hooks other modules call (rater invited,
 * action assigned) and the schedule: reminders two days before a round
 * closes and the weekly digest built from every module's due items.
 */
#include "api/notify.h"
#include "api/notify_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/auth.h"
#include "api/module.h"
#include "domain/notify.h"
#include "lib/i18n.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/notify_store.h"

static struct notify_config conf;
static char public_url[300];
static char mail_host[128] = "scalelab.invalid";

void notify_configure(const struct notify_config *cfg)
{
	conf = *cfg;
	snprintf(public_url, sizeof public_url, "%s", cfg->public_url ? cfg->public_url : "");
	size_t n = strlen(public_url);
	while (n && public_url[n - 1] == '/')
		public_url[--n] = 0;
	const char *h = strstr(public_url, "://");
	h = h ? h + 3 : public_url;
	size_t hn = strcspn(h, ":/?#");
	if (hn && hn < sizeof mail_host)
		snprintf(mail_host, sizeof mail_host, "%.*s", (int)hn, h);
}

const struct notify_config *notify_conf(void)
{
	return &conf;
}

const char *notify_key(void)
{
	static char *key;
	static pthread_mutex_t km = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&km);
	if (!key)
		key = api_secret("unsubscribe_secret");
	pthread_mutex_unlock(&km);
	return key;
}

char *notify_unsub_url(int64_t user_id, const char *kind)
{
	char tok[128];
	notify_unsub_token(notify_key(), user_id, kind, tok, sizeof tok);
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/uitschrijven/%s", public_url, tok);
	return buf_steal(&b);
}

int notify_email_enabled(void)
{
	return conf.smtp_url && *conf.smtp_url;
}

const char *notify_public_url(void)
{
	return public_url;
}

void notify_text(const char *lang, const char *key, json_t *params, struct buf *out)
{
	const char *t = i18n_t(lang, key);
	for (const char *p = t; *p; p++) {
		const char *e = *p == '{' ? strchr(p, '}') : NULL;
		if (!e || e - p > 40) {
			buf_putc(out, *p);
			continue;
		}
		char name[48];
		snprintf(name, sizeof name, "%.*s", (int)(e - p - 1), p + 1);
		json_t *v = json_object_get(params, name);
		if (json_is_string(v))
			buf_puts(out, json_string_value(v));
		else if (json_is_integer(v))
			buf_printf(out, "%lld", (long long)json_integer_value(v));
		else
			buf_add(out, p, (size_t)(e - p + 1));
		p = e;
	}
}

int64_t notify_unread(int64_t user_id)
{
	return user_id > 0 ? notify_store_inbox_unread(user_id) : 0;
}

/* A Message-ID that no other message of any instance has. */
static void message_id(char *out, size_t n)
{
	char tok[SECRET_TOKEN_LEN + 1];
	secret_token(tok);
	snprintf(out, n, "<%.24s.%lld@%s>", tok, (long long)time_now(), mail_host);
}

static int queue(int64_t org_id, int64_t user_id, const char *to, const char *lang, const char *kind,
		 json_t *params, const char *secret, const char *dedup)
{
	char mid[200];
	message_id(mid, sizeof mid);
	char *p = json_dumps(params, JSON_COMPACT);
	int64_t id =
	    notify_store_outbox_add(org_id, user_id, to, lang, kind, p, secret, mid, dedup, time_now());
	free(p);
	return id < 0 ? (int)id : 0;
}

int notify_email_to(int64_t org_id, const char *to, const char *lang, const char *kind, json_t *params,
		    const char *secret, const char *dedup)
{
	if (!notify_email_enabled() || !to || !*to)
		return 0;
	return queue(org_id, 0, to, lang && !strcmp(lang, "en") ? "en" : "nl", kind, params, secret, dedup);
}

/* The inbox item and, per preference, the e-mail; dedup (may be NULL) keys
 * a scheduled message, so it is told once (-ERR_CONFLICT after that). */
static int64_t tell(int64_t org_id, int64_t user_id, const char *kind, json_t *params, const char *path,
		    const char *dedup)
{
	BUG_ON(!notify_kind_known(kind));
	char email[256], name[256], lang[3];
	if (notify_store_user(user_id, email, sizeof email, name, sizeof name, lang) < 0)
		return -ERR_NOTFOUND;
	char *p = json_dumps(params, JSON_COMPACT);
	int64_t id = notify_store_inbox_add(user_id, org_id, kind, p, path, dedup);
	free(p);
	if (id < 0)
		return id;
	if (notify_email_enabled() && notify_store_pref_email(user_id, kind)) {
		json_t *q = json_deep_copy(params);
		json_object_set_new(q, "name", json_string(name));
		json_object_set_new(q, "path", json_string(path ? path : ""));
		int rc = queue(org_id, user_id, email, lang, kind, q, NULL, dedup);
		json_decref(q);
		if (rc < 0 && rc != -ERR_CONFLICT)
			return rc;
	}
	return id;
}

int64_t notify_person(int64_t org_id, int64_t user_id, const char *kind, json_t *params, const char *path)
{
	return tell(org_id, user_id, kind, params, path, NULL);
}

void notify_rater_invited(const struct api_ctx *c, int64_t round_id, int64_t user_id, const char *email,
			  const char *link, const char *role, const char *expires)
{
	json_t *r = notify_store_round(round_id);
	if (!r)
		return;
	char path[64];
	snprintf(path, sizeof path, "/rondes/%lld", (long long)round_id);
	json_t *params =
	    json_pack("{s:s,s:O,s:O,s:O,s:s,s:s}", "by", c->user_name ? c->user_name : "", "round",
		      json_object_get(r, "title"), "initiative", json_object_get(r, "initiative"), "deadline",
		      json_object_get(r, "period_end"), "role", role ? role : "", "path", path);
	if (expires)
		json_object_set_new(params, "expires", json_string(expires));
	if (user_id > 0) {
		notify_person(c->org_id, user_id, "uitnodiging", params, path);
	} else if (email && *email && link) {
		/* the full link travels as the row's secret, wiped once sent */
		char full[512];
		snprintf(full, sizeof full, "%s%s", public_url, link);
		json_object_set_new(params, "path", json_string(link));
		notify_email_to(c->org_id, email, c->lang, "uitnodiging", params, full, NULL);
	}
	json_decref(params);
	json_decref(r);
}

void notify_action_assigned(const struct api_ctx *c, int64_t action_id, int64_t owner_id, const char *title,
			    const char *due)
{
	if (owner_id <= 0 || owner_id == c->user_id)
		return; /* nobody needs telling that they took something on themselves */
	char path[64];
	snprintf(path, sizeof path, "/acties/%lld", (long long)action_id);
	json_t *params = json_pack("{s:s,s:s,s:s}", "by", c->user_name ? c->user_name : "", "title",
				   title ? title : "", "deadline", due ? due : "");
	notify_person(c->org_id, owner_id, "actie", params, path);
	json_decref(params);
}

/* Local date and hour of t in time zone tz. The C library knows one zone
 * per process: another one is read under a lock and the process zone put
 * back (only the worker and the schedule route ask). */
static void local_day(const char *tz, int64_t t, char date[11], int *hour)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	time_t tt = (time_t)t;
	struct tm tm;
	const char *cur = getenv("TZ");
	if (!tz || !*tz || (cur && !strcmp(cur, tz))) {
		localtime_r(&tt, &tm);
	} else {
		pthread_mutex_lock(&mu);
		char *saved = cur ? xstrdup(cur) : NULL;
		setenv("TZ", tz, 1);
		tzset();
		localtime_r(&tt, &tm);
		if (saved)
			setenv("TZ", saved, 1);
		else
			unsetenv("TZ");
		tzset();
		free(saved);
		pthread_mutex_unlock(&mu);
	}
	strftime(date, 11, "%Y-%m-%d", &tm);
	*hour = tm.tm_hour;
}

static int reminders(const char *today)
{
	char day[11];
	notify_add_days(today, 2, day);
	json_t *rows = notify_store_reminder_raters(day);
	size_t i;
	json_t *r;
	int n = 0;
	json_array_foreach (rows, i, r) {
		int64_t rater = json_integer_value(json_object_get(r, "rater_id"));
		int64_t round = json_integer_value(json_object_get(r, "round_id"));
		char dedup[64], path[64];
		snprintf(dedup, sizeof dedup, "herinnering:%lld", (long long)rater);
		snprintf(path, sizeof path, "/rondes/%lld", (long long)round);
		json_t *params = json_pack("{s:O,s:O,s:O,s:s}", "round", json_object_get(r, "title"),
					   "initiative", json_object_get(r, "initiative"), "deadline",
					   json_object_get(r, "period_end"), "path", path);
		int64_t rc = tell(json_integer_value(json_object_get(r, "org_id")),
				  json_integer_value(json_object_get(r, "user_id")), "herinnering", params,
				  path, dedup);
		json_decref(params);
		if (rc == -ERR_CONFLICT)
			continue;
		if (rc < 0) {
			json_decref(rows);
			return (int)rc;
		}
		n++;
	}
	json_decref(rows);
	return n;
}

struct digest {
	const char *today;
	char week_ago[11];
	json_t *items;
};

static void digest_item(void *arg, const struct due_item *it)
{
	struct digest *d = arg;
	if (it->done)
		return;
	/* a missed check-in day is history, not work: only this week's counts */
	if (strstr(it->kind, "checkin") && strcmp(it->date, d->week_ago) < 0)
		return;
	json_array_append_new(d->items,
			      json_pack("{s:s,s:I,s:s,s:s,s:s,s:b}", "kind", it->kind, "id",
					(json_int_t)it->id, "title", it->title, "date", it->date, "path",
					it->path, "overdue", strcmp(it->date, d->today) < 0));
}

static int by_date(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	return strcmp(json_string_value(json_object_get(x, "date")),
		      json_string_value(json_object_get(y, "date")));
}

static int digests(int64_t now)
{
	json_t *people = notify_store_people();
	size_t i;
	json_t *p;
	int n = 0, rc = 0;
	json_array_foreach (people, i, p) {
		char today[11], week[9], until[11];
		int hour;
		local_day(json_string_value(json_object_get(p, "time_zone")), now, today, &hour);
		/* Monday from 07:00 local; a server that was down then catches up on Tuesday */
		int wd = notify_weekday(today);
		if (!((wd == 1 && hour >= 7) || wd == 2))
			continue;
		notify_iso_week(today, week);
		notify_add_days(today, 6, until); /* the coming seven days, today included */
		int64_t uid = json_integer_value(json_object_get(p, "user_id"));
		struct digest d = {today, "", json_array()};
		notify_add_days(today, -6, d.week_ago);
		struct due_query q = {uid, 0, NULL, until};
		rc = api_due(&q, digest_item, &d);
		if (rc < 0) {
			json_decref(d.items);
			break;
		}
		if (!json_array_size(d.items)) {
			json_decref(d.items);
			continue; /* nothing to say: no message */
		}
		/* sorted by date, overdue first */
		size_t k = json_array_size(d.items);
		json_t **v = xcalloc(k, sizeof *v);
		for (size_t j = 0; j < k; j++)
			v[j] = json_incref(json_array_get(d.items, j));
		qsort(v, k, sizeof *v, by_date);
		json_array_clear(d.items);
		int overdue = 0;
		for (size_t j = 0; j < k; j++) {
			overdue += json_is_true(json_object_get(v[j], "overdue"));
			json_array_append_new(d.items, v[j]);
		}
		free(v);
		char dedup[64];
		snprintf(dedup, sizeof dedup, "weekoverzicht:%lld:%s", (long long)uid, week);
		json_t *params = json_pack("{s:s,s:I,s:I,s:o,s:s,s:s}", "week", week + 6, "count",
					   (json_int_t)k, "overdue", (json_int_t)overdue, "items", d.items,
					   "today", today, "path", "/meldingen");
		int64_t r = tell(json_integer_value(json_object_get(p, "org_id")), uid, "weekoverzicht",
				 params, "/meldingen", dedup);
		json_decref(params);
		if (r == -ERR_CONFLICT)
			continue;
		if (r < 0) {
			rc = (int)r;
			break;
		}
		n++;
	}
	json_decref(people);
	return rc < 0 ? rc : n;
}

int notify_run_schedule(int64_t now)
{
	char today[11];
	int hour;
	local_day(NULL, now, today, &hour);
	int a = reminders(today);
	if (a < 0)
		return a;
	int b = digests(now);
	if (b < 0)
		return b;
	return a + b;
}
