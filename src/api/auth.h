/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * auth: what the HTTP layer needs to know about callers, without touching
 * the store itself: bearer tokens, sessions, organisation roles, the
 * database and server secrets. Keeps the layers pointing one way:
 * http -> api -> store.
 */
#ifndef SL_API_AUTH_H
#define SL_API_AUTH_H

#include <stdint.h>

#include "domain/role.h"

struct api_user {
	int64_t id;
	char email[256];
	char name[256];
	char lang[3];
	int is_admin;
	/* set when authenticated by a personal access token */
	int64_t token_id;
	int token_read_only; /* scope lezen: reads only, a lezer at most */
	int64_t token_org;   /* > 0: the one organisation the token works in */
	int token_touch;     /* its last use is older than TOKEN_TOUCH_S: record it */
};

/* Opens (and migrates) the database for every thread; 0 or -ERR_IO. */
int api_open(const char *db_path);
/* Closes the calling thread's database connection. */
void api_thread_done(void);
/* Server secret `key` (created on first use); caller frees. */
char *api_secret(const char *key);

/* 0 and *u filled, or -ERR_AUTH. */
int api_auth_bearer(const char *token, struct api_user *u);
int api_auth_session(const char *sid, int64_t idle_s, int64_t absolute_s, struct api_user *u);
/* A new session for the user; the secret id goes into sid (64 bytes). */
void api_session_start(int64_t user_id, char sid[64]);
void api_session_end(const char *sid);
/* Records the use of the token that authenticated u (best effort). */
void api_token_touch(const struct api_user *u);
/* Role of the user in the org (beheerder for site administrators); a
 * token's scope and organisation narrow it. */
enum role api_org_role(int64_t org_id, const struct api_user *u);

/* The data a GET's read transaction sees (store/db.h db_read_state): equal
 * states on one thread saw the same database. */
struct api_data_state {
	uint64_t epoch, version, writes;
};
/* 0 and *s filled inside a read transaction that has not written, else -1. */
int api_data_state(struct api_data_state *s);
/* What this thread read of the event store since api_event_track, with
 * the write generations it read (store/event_gen.h: per project and
 * source). */
struct api_event_deps {
	int used, n;
	uint64_t all, open;
	uint32_t slot[8];
	uint64_t gen[8];
};
void api_event_track(void);
void api_event_tracked(struct api_event_deps *d);
/* 1 when nothing d read has changed since, else 0. */
int api_event_same(const struct api_event_deps *d);
/* Reads of the clock on this thread, in C (lib/timeutil.h) and in SQL. */
unsigned long api_clock_reads(void);
static inline int api_data_state_same(const struct api_data_state *a, const struct api_data_state *b)
{
	return a->epoch == b->epoch && a->version == b->version && a->writes == b->writes;
}

#endif
