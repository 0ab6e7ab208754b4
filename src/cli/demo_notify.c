/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * demo_notify: notifications in the demo, dated relative to today: Pieter
 * assigns Dewi an action on the debt-help intake, her inbox holds that and
 * a weekly overview of what is due (from every module's due hook), Rana
 * has the digest turned off, the outbox shows one sent invitation and one
 * the relay refused, and Dewi has a calendar feed whose path is printed.
 * Writes through the stores in the demo's one transaction.
 */
#include "cli/demo_notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/module.h"
#include "domain/notify.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/action_store.h"
#include "store/kpi_store.h"
#include "store/notify_store.h"
#include "store/org.h"

static char feed_token[SECRET_TOKEN_LEN + 1];

struct collect {
	char week_ago[11], today[11];
	json_t *items;
};

static void collect(void *arg, const struct due_item *it)
{
	struct collect *c = arg;
	if (it->done || (strstr(it->kind, "checkin") && strcmp(it->date, c->week_ago) < 0))
		return;
	if (json_array_size(c->items) >= 8)
		return;
	json_array_append_new(c->items,
			      json_pack("{s:s,s:I,s:s,s:s,s:s,s:b}", "kind", it->kind, "id",
					(json_int_t)it->id, "title", it->title, "date", it->date, "path",
					it->path, "overdue", strcmp(it->date, c->today) < 0));
}

static int64_t user_id(const char *email)
{
	struct user u;
	BUG_ON(account_user_by_email(email, &u) < 0);
	return u.id;
}

void demo_notify_load(void)
{
	int64_t org = org_id_by_slug("gemeente-voorbeeldstad");
	int64_t dewi = user_id("demo@scalelab.test"), pieter = user_id("pilot@scalelab.test"),
		rana = user_id("raad@scalelab.test");
	int64_t o = 0, ini = kpi_store_initiative_find("Digitale schuldhulp-intake", &o);
	BUG_ON(ini <= 0 || o != org);
	char today[11], due[11];
	char now[21];
	time_rfc3339(time_now(), now);
	snprintf(today, sizeof today, "%.10s", now);
	notify_add_days(today, 5, due);

	/* Pieter gives Dewi an action; she is told in her inbox */
	struct action_in a = {.initiative_id = ini,
			      .title = "Bestuurlijk akkoord vragen voor aansluiting van drie buurgemeenten",
			      .owner = "",
			      .owner_id = dewi,
			      .due_date = due,
			      .status = ACTION_OPEN};
	int64_t act = action_store_create(&a);
	BUG_ON(act <= 0);
	char path[64], params[512];
	snprintf(path, sizeof path, "/acties/%lld", (long long)act);
	snprintf(params, sizeof params,
		 "{\"by\":\"Pieter Pilotleider\",\"title\":\"%s\",\"deadline\":\"%s\"}", a.title, due);
	BUG_ON(notify_store_inbox_add(dewi, org, "actie", params, path, NULL) <= 0);

	/* this week's overview, from what is due for her */
	struct collect c = {.items = json_array()};
	memcpy(c.today, today, sizeof c.today);
	notify_add_days(today, -6, c.week_ago);
	char until[11];
	notify_add_days(today, 6, until);
	struct due_query q = {dewi, 0, NULL, until};
	BUG_ON(api_due(&q, collect, &c) < 0);
	int overdue = 0;
	size_t i;
	json_t *it;
	json_array_foreach (c.items, i, it)
		overdue += json_is_true(json_object_get(it, "overdue"));
	char week[9];
	notify_iso_week(today, week);
	json_t *p = json_pack("{s:s,s:I,s:i,s:o,s:s}", "week", week + 6, "count",
			      (json_int_t)json_array_size(c.items), "overdue", overdue, "items", c.items,
			      "today", today);
	char *ps = json_dumps(p, JSON_COMPACT);
	BUG_ON(notify_store_inbox_add(dewi, org, "weekoverzicht", ps, "/meldingen", NULL) <= 0);
	free(ps);
	json_decref(p);

	/* Pieter hears that his invitation went out; Rana reads the digest in the product only */
	char ipath[64];
	snprintf(ipath, sizeof ipath, "/initiatieven/%lld", (long long)ini);
	BUG_ON(notify_store_inbox_add(pieter, org, "bericht",
				      "{\"title\":\"De uitnodiging aan het wijkteam is verstuurd\"}", ipath,
				      NULL) <= 0);
	BUG_ON(notify_store_pref_set(rana, "weekoverzicht", 0) < 0);

	/* the outbox: one message the relay took, one it refused for good */
	int64_t sent = notify_store_outbox_add(org, 0, "wijkteam-noord@zorg.example", "nl", "uitnodiging",
					       "{}", NULL, "<demo-1@lab.voorbeeldstad.nl>", "demo:1", 0);
	int64_t fail = notify_store_outbox_add(org, 0, "w.devries@oud-adres.example", "nl", "uitnodiging",
					       "{}", NULL, "<demo-2@lab.voorbeeldstad.nl>", "demo:2", 0);
	BUG_ON(sent <= 0 || fail <= 0);
	notify_store_outbox_sent(sent);
	notify_store_outbox_failed(fail, 1,
				   "SMTP 550 5.1.1 <w.devries@oud-adres.example>: mailbox unavailable");

	/* Dewi's calendar feed */
	unsigned char hash[SECRET_HASH_LEN];
	secret_token(feed_token);
	secret_digest(feed_token, hash);
	BUG_ON(notify_store_feed_add(dewi, 0, hash, dewi) <= 0);
}

void demo_notify_print(void)
{
	if (feed_token[0])
		printf("  calendar feed of the demo login: /api/v1/agenda/%s\n", feed_token);
}
