/* SPDX-License-Identifier: EUPL-1.2 */
/* metrics_tz: the time zone of a metrics query (metrics_tz.h). */
#include "api/metrics_tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/problem.h"
#include "store/notify_store.h"

#define ZONE_FILE_MAX (1 << 20)

/* The bytes of the zone file of name (caller frees), NULL when none. */
static unsigned char *zone_file(const char *name, size_t *len)
{
	const char *dir = getenv("TZDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	unsigned char *b = malloc(ZONE_FILE_MAX);
	size_t n = b ? fread(b, 1, ZONE_FILE_MAX, f) : 0;
	fclose(f);
	if (!b || n == 0 || n == ZONE_FILE_MAX) {
		free(b);
		return NULL;
	}
	*len = n;
	return b;
}

int metrics_tz_lookup(const char *name, enum metrics_tz *tz)
{
	if (!name)
		return -1;
	if (!strcmp(name, "UTC")) {
		*tz = METRICS_TZ_UTC;
		return 0;
	}
	if (!strcmp(name, "Europe/Amsterdam")) {
		*tz = METRICS_TZ_AMSTERDAM;
		return 0;
	}
	/* "right/" zones count leap seconds, "posix/" repeats the others */
	if (!tz_name_ok(name) || !strncmp(name, "right/", 6) || !strncmp(name, "posix/", 6))
		return -1;
	int id = tz_find(name);
	if (id < 0) {
		size_t len = 0;
		unsigned char *b = zone_file(name, &len);
		struct tz_zone *z = b ? tz_parse(b, len) : NULL;
		free(b);
		if (!z)
			return -1;
		id = tz_intern(name, z);
		if (id < 0)
			return -1;
	}
	*tz = (enum metrics_tz)(METRICS_TZ_ZONE + id);
	return 0;
}

enum metrics_tz metrics_tz_read(struct api_ctx *c, const struct field_value *v)
{
	enum metrics_tz tz = METRICS_TZ_UTC;
	if (v->set) {
		if (!v->ok) /* field_check named it (too long) */
			return METRICS_TZ_UTC;
		if (metrics_tz_lookup(v->s, &tz) < 0) {
			problem_add(c->invalid, "tijdzone", "err.metrics.tz");
			return METRICS_TZ_UTC;
		}
		return tz;
	}
	char *org = c->org_id ? notify_store_org_tz(c->org_id) : NULL;
	if (org && metrics_tz_lookup(org, &tz) < 0)
		tz = METRICS_TZ_UTC;
	free(org);
	return tz;
}

const char *metrics_tz_name(enum metrics_tz tz)
{
	if (tz >= METRICS_TZ_ZONE) {
		const char *n = tz_name((int)tz - METRICS_TZ_ZONE);
		return n ? n : "UTC";
	}
	return metrics_tz_words[tz];
}
