/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_gen: the write generation of this process's event store, so that
 * an answer made from it can be kept while provably the same
 * (http/rcache.h), as SQLite's data_version does for the database.
 *
 * Every change of what a query of the store or of the pending ingestion
 * counters (store/event_live.h) could answer bumps the generation AFTER it
 * is visible: a group commit of appended events, a sealed block, an
 * erased person, a retention expiry, an erased project, a new pending
 * count or error of a source, the store opened or closed. A reader takes
 * the generation before it reads and again after: when both are equal, no
 * change became visible in between that the first did not already count,
 * so what it read belongs to that generation or is newer.
 *
 * The reads are counted per thread (event_gen_reads) wherever the event
 * store is reached (event_live_store, event_live_pending), so the pipeline
 * knows which answers depend on the generation without a list of routes.
 * One process holds the store (its lock file); a read-only opener in
 * another process writes nothing. Thread-safe; a read is one atomic load.
 */
#ifndef SL_EVENT_GEN_H
#define SL_EVENT_GEN_H

#include <stdint.h>

/* The current generation (starts at 1). */
uint64_t event_gen(void);
/* Called after a change is visible to readers. */
void event_gen_bump(void);
/* Reads of the event store (or its pending counters) on this thread. */
unsigned long event_gen_reads(void);
void event_gen_note_read(void);

#endif
