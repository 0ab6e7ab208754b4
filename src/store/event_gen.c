/* SPDX-License-Identifier: EUPL-1.2 */
/* event_gen: the event store's write generation (event_gen.h). */
#include "store/event_gen.h"

#include <stdatomic.h>

static _Atomic uint64_t gen = 1;
static __thread unsigned long reads;

uint64_t event_gen(void)
{
	return atomic_load_explicit(&gen, memory_order_acquire);
}

void event_gen_bump(void)
{
	atomic_fetch_add_explicit(&gen, 1, memory_order_acq_rel);
}

unsigned long event_gen_reads(void)
{
	return reads;
}

void event_gen_note_read(void)
{
	reads++;
}
