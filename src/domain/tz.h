/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * tz: time zones of the tz database, pure. tz_parse() reads the bytes of a
 * compiled zone file (TZif, RFC 8536: version 2+ 64-bit data, or version 1)
 * and its footer, a POSIX TZ rule ("CET-1CEST,M3.5.0,M10.5.0/3") that
 * continues the table past its last transition. tz_offset() is the offset
 * of local time from UTC at an instant. A process-wide list of parsed zones
 * (tz_intern) gives each zone a small id that the metric kernels carry in
 * their enum metrics_tz (ids from 2 on; 0 and 1 are UTC and the built-in
 * Amsterdam rule). No file is read here: api/metrics_tz.c reads them.
 */
#ifndef SL_TZ_H
#define SL_TZ_H

#include <stddef.h>
#include <stdint.h>

#define TZ_NAME_MAX 64
#define TZ_MAX_ZONES 700 /* the tz database has about 600 names */

struct tz_zone;

/* A zone from TZif bytes; NULL when they are not a valid zone file. */
struct tz_zone *tz_parse(const unsigned char *data, size_t len);
/* A zone from a POSIX TZ rule alone ("IST-5:30", "EST5EDT,M3.2.0,M11.1.0");
 * NULL when it does not read. */
struct tz_zone *tz_posix(const char *rule);
void tz_free(struct tz_zone *z);
/* The offset of local time from UTC at Unix time ms, in ms. */
int64_t tz_offset(const struct tz_zone *z, int64_t ms);
/* The UTC instant (ms) at which local day d (days since the local
 * 1970-01-01) begins: its first instant, also when midnight is skipped or
 * repeated by a transition. */
int64_t tz_day_start(const struct tz_zone *z, int64_t d);

/* Whether name has the shape of a zone name (letters, digits, "_+-/",
 * parts not starting with '.', at most TZ_NAME_MAX bytes). */
int tz_name_ok(const char *name);
/* The id (>= 0) of name in the process-wide list, or -1. */
int tz_find(const char *name);
/* Adds z (taken over) under name and returns its id; when name is listed
 * already, frees z and returns that id; -1 when the list is full. */
int tz_intern(const char *name, struct tz_zone *z);
/* The name and zone of an id from tz_find/tz_intern (NULL when none). */
const char *tz_name(int id);
const struct tz_zone *tz_zone(int id);

#endif
