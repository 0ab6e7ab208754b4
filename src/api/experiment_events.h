/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * experiment_events: experiments whose counts come from product events. An
 * experiment names its exposure (an event with a variant property, or a
 * feature-flag property such as PostHog's $feature/<flag> on any event) and
 * its conversion event within N days after exposure; the persons exposed
 * and converted per variant feed the statistics of the experiment module
 * (stats_io ab, SRM check included) as if they had been typed in.
 */
#ifndef SL_API_EXPERIMENT_EVENTS_H
#define SL_API_EXPERIMENT_EVENTS_H

#include "api/api.h"

int api_experiment_events_get(struct api_ctx *c, json_t **out);
int api_experiment_events_put(struct api_ctx *c, json_t **out);
int api_experiment_events_delete(struct api_ctx *c, json_t **out);
int api_experiment_events_analyse(struct api_ctx *c, json_t **out);

#endif
