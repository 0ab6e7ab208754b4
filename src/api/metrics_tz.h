/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * metrics_tz: the time zone of a metrics query (`tijdzone`): UTC, or any
 * zone of the system's tz database (/usr/share/zoneinfo, or $TZDIR), read
 * once per process into domain/tz.h's list; absent, the organisation's
 * zone (organisations.time_zone), else UTC. docs/metrics.md, "Persons and
 * days".
 */
#ifndef SL_API_METRICS_TZ_H
#define SL_API_METRICS_TZ_H

#include "api/api.h"
#include "api/field.h"
#include "domain/metrics.h"
#include "domain/tz.h"

/* The field spec of the parameter (a text: checked by metrics_tz_read). */
#define METRICS_TZ_FIELD                                                                                     \
	{                                                                                                    \
		.name = "tijdzone", .type = FIELD_STRING, .max_len = TZ_NAME_MAX                             \
	}

/* The zone of name: 0 and *tz set, or -1 when it is no zone of the
 * database (or its file does not read). */
int metrics_tz_lookup(const char *name, enum metrics_tz *tz);
/* The query's zone (v: the METRICS_TZ_FIELD value): a given name that is
 * no zone is named "tijdzone" in c->invalid (UTC is returned then); absent,
 * the organisation's zone when it reads, else UTC. */
enum metrics_tz metrics_tz_read(struct api_ctx *c, const struct field_value *v);
/* The zone's name ("UTC", "Europe/Amsterdam", "Asia/Kolkata"). */
const char *metrics_tz_name(enum metrics_tz tz);

#endif
