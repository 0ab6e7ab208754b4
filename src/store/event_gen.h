/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_gen: write generations of this process's event store, so that an
 * answer made from it can be kept while provably the same (http/rcache.h),
 * as SQLite's data_version does for the database, and per project, so
 * that events arriving for one initiative keep every other initiative's
 * kept answers.
 *
 * Every change of what a query of the store or of the pending ingestion
 * counters (store/event_live.h) could answer bumps a generation AFTER it
 * is visible: of its project for a group commit of appended events, a
 * sealed block, an erased person, a retention expiry, an erased project;
 * of its source for a new pending count or error; of everything when the
 * store is opened or closed. Projects and sources share EVENT_GEN_SLOTS
 * counters by hash (two that share one only change together).
 *
 * A thread tracks what it reads (event_gen_track, then the store's query
 * operations and event_live note the project or source before they read)
 * and each generation as it was before the read; when they are all still
 * the same afterwards (event_gen_same), no change became visible since
 * that the answer did not already see. More than EVENT_GEN_DEPS projects
 * or sources read (or the list of projects): the answer depends on every
 * change. One process holds the store (its lock file); a read-only opener
 * in another process writes nothing. Thread-safe; lock-free.
 */
#ifndef SL_EVENT_GEN_H
#define SL_EVENT_GEN_H

#include <stdint.h>

#define EVENT_GEN_SLOTS 4096
#define EVENT_GEN_DEPS 8

/* What a thread read since event_gen_track. */
struct event_gen_deps {
	int used;      /* the store (or whether one is open) was read at all */
	int n;	       /* slots read, -1: more than EVENT_GEN_DEPS (every change counts) */
	uint64_t all;  /* the generation of every change when tracking began */
	uint64_t open; /* the generation of the store's opening and closing */
	uint32_t slot[EVENT_GEN_DEPS];
	uint64_t gen[EVENT_GEN_DEPS];
};

/* The generation of every change (starts at 1). */
uint64_t event_gen(void);
/* After a change: of everything (the store opened or closed), of one
 * project, of one source's pending counters. */
void event_gen_bump(void);
void event_gen_bump_project(int64_t project);
void event_gen_bump_source(int64_t source);

/* Before a read on this thread: whether a store is open, one project, one
 * source's pending counters, everything (the list of projects). */
void event_gen_note_store(void);
void event_gen_note_project(int64_t project);
void event_gen_note_source(int64_t source);
void event_gen_note_all(void);

/* Starts tracking this thread's reads (forgets earlier ones). */
void event_gen_track(void);
/* A copy of what was read since. */
void event_gen_tracked(struct event_gen_deps *d);
/* 1 when no generation d read has changed since, else 0. */
int event_gen_same(const struct event_gen_deps *d);

#endif
