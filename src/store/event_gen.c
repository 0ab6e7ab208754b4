/* SPDX-License-Identifier: EUPL-1.2 */
/* event_gen: the event store's write generations (event_gen.h). */
#include "store/event_gen.h"

#include <stdatomic.h>
#include <string.h>

static _Atomic uint64_t gen_all = 1;  /* every change */
static _Atomic uint64_t gen_open = 1; /* the store opened or closed */
static _Atomic uint64_t slots[EVENT_GEN_SLOTS];
static __thread struct event_gen_deps tl;

/* A source's key apart from every project id (both are positive ids). */
#define SOURCE_KEY(id) ((uint64_t)(id) | (1ULL << 62))

static uint32_t slot_of(uint64_t key)
{
	/* the finaliser of MurmurHash3: consecutive ids spread over the slots */
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	key *= 0xc4ceb9fe1a85ec53ULL;
	key ^= key >> 33;
	return (uint32_t)(key % EVENT_GEN_SLOTS);
}

uint64_t event_gen(void)
{
	return atomic_load_explicit(&gen_all, memory_order_acquire);
}

static void bump(uint64_t key)
{
	atomic_fetch_add_explicit(&slots[slot_of(key)], 1, memory_order_acq_rel);
	atomic_fetch_add_explicit(&gen_all, 1, memory_order_acq_rel);
}

void event_gen_bump(void)
{
	atomic_fetch_add_explicit(&gen_open, 1, memory_order_acq_rel);
	atomic_fetch_add_explicit(&gen_all, 1, memory_order_acq_rel);
}

void event_gen_bump_project(int64_t project)
{
	bump((uint64_t)project);
}

void event_gen_bump_source(int64_t source)
{
	bump(SOURCE_KEY(source));
}

void event_gen_note_store(void)
{
	tl.used = 1;
}

static void note(uint64_t key)
{
	tl.used = 1;
	if (tl.n < 0)
		return;
	uint32_t s = slot_of(key);
	for (int i = 0; i < tl.n; i++)
		if (tl.slot[i] == s)
			return; /* its generation before the first read counts */
	if (tl.n == EVENT_GEN_DEPS) {
		tl.n = -1;
		return;
	}
	tl.slot[tl.n] = s;
	tl.gen[tl.n] = atomic_load_explicit(&slots[s], memory_order_acquire);
	tl.n++;
}

void event_gen_note_project(int64_t project)
{
	note((uint64_t)project);
}

void event_gen_note_source(int64_t source)
{
	note(SOURCE_KEY(source));
}

void event_gen_note_all(void)
{
	tl.used = 1;
	tl.n = -1;
}

void event_gen_track(void)
{
	memset(&tl, 0, sizeof tl);
	tl.all = atomic_load_explicit(&gen_all, memory_order_acquire);
	tl.open = atomic_load_explicit(&gen_open, memory_order_acquire);
}

void event_gen_tracked(struct event_gen_deps *d)
{
	*d = tl;
}

int event_gen_same(const struct event_gen_deps *d)
{
	if (atomic_load_explicit(&gen_open, memory_order_acquire) != d->open)
		return 0;
	if (d->n < 0)
		return atomic_load_explicit(&gen_all, memory_order_acquire) == d->all;
	for (int i = 0; i < d->n; i++)
		if (atomic_load_explicit(&slots[d->slot[i]], memory_order_acquire) != d->gen[i])
			return 0;
	return 1;
}
