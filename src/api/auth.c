/* SPDX-License-Identifier: EUPL-1.2 */
/* auth: thin, explicit bridge from the HTTP layer to accounts and roles. */
#include "api/auth.h"

#include <stdio.h>
#include <string.h>

#include "api/module.h"
#include "domain/token.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/util.h"
#include "store/account.h"
#include "store/db.h"
#include "store/event_gen.h"
#include "store/org.h"

int api_open(const char *db_path)
{
	return db_open(db_path, api_migrations());
}

void api_thread_done(void)
{
	db_close_thread();
}

char *api_secret(const char *key)
{
	char *v = db_meta_get(key);
	if (!v) {
		char tok[SECRET_TOKEN_LEN + 1];
		secret_token(tok);
		db_meta_set(key, tok);
		v = xstrdup(tok);
	}
	return v;
}

static int copy(int rc, const struct user *s, struct api_user *u)
{
	if (rc < 0)
		return -ERR_AUTH;
	u->id = s->id;
	u->is_admin = s->is_admin;
	snprintf(u->email, sizeof u->email, "%s", s->email);
	snprintf(u->name, sizeof u->name, "%s", s->name);
	snprintf(u->lang, sizeof u->lang, "%s", s->lang);
	return 0;
}

int api_auth_bearer(const char *token, struct api_user *u)
{
	struct user s;
	struct token_grant g;
	int rc = copy(account_token_user(token, &s, &g), &s, u);
	if (rc < 0)
		return rc;
	u->token_id = g.id;
	u->token_read_only = g.scope != TOKEN_SCOPE_SCHRIJVEN;
	u->token_org = g.org_id;
	char hour[21];
	time_rfc3339(time_now() / TOKEN_TOUCH_S * TOKEN_TOUCH_S, hour);
	u->token_touch = strcmp(g.last_used_at, hour) < 0;
	return 0;
}

void api_token_touch(const struct api_user *u)
{
	char hour[21];
	time_rfc3339(time_now() / TOKEN_TOUCH_S * TOKEN_TOUCH_S, hour);
	account_token_touch(u->token_id, hour);
}

int api_auth_session(const char *sid, int64_t idle_s, int64_t absolute_s, struct api_user *u)
{
	struct user s;
	return copy(account_session_user(sid, idle_s, absolute_s, &s), &s, u);
}

void api_session_start(int64_t user_id, char sid[64])
{
	account_session_create(user_id, sid);
}

void api_session_end(const char *sid)
{
	account_session_delete(sid);
}

enum role api_org_role(int64_t org_id, const struct api_user *u)
{
	if (u->token_org > 0 && org_id != u->token_org)
		return ROLE_NONE; /* a token for one organisation sees no other */
	enum role r = u->is_admin ? ROLE_BEHEERDER : org_role(org_id, u->id);
	return u->token_read_only && r > ROLE_LEZER ? ROLE_LEZER : r;
}

int api_data_state(struct api_data_state *s)
{
	struct db_state d;
	if (db_read_state(&d) < 0)
		return -1;
	s->epoch = d.epoch;
	s->version = d.version;
	s->writes = d.writes;
	return 0;
}

_Static_assert(EVENT_GEN_DEPS == 8, "api_event_deps holds EVENT_GEN_DEPS slots");

void api_event_track(void)
{
	event_gen_track();
}

void api_event_tracked(struct api_event_deps *d)
{
	struct event_gen_deps g;
	event_gen_tracked(&g);
	d->used = g.used;
	d->n = g.n;
	d->all = g.all;
	d->open = g.open;
	memcpy(d->slot, g.slot, sizeof d->slot);
	memcpy(d->gen, g.gen, sizeof d->gen);
}

int api_event_same(const struct api_event_deps *d)
{
	struct event_gen_deps g = {.used = d->used, .n = d->n, .all = d->all, .open = d->open};
	memcpy(g.slot, d->slot, sizeof g.slot);
	memcpy(g.gen, d->gen, sizeof g.gen);
	return event_gen_same(&g);
}

unsigned long api_clock_reads(void)
{
	return time_reads() + db_clock_reads();
}
