/* SPDX-License-Identifier: EUPL-1.2 */
/* timeutil: wall clock in UTC and RFC 3339 formatting/parsing. */
#ifndef SL_TIMEUTIL_H
#define SL_TIMEUTIL_H

#include <stdint.h>

int64_t time_now(void);	   /* UTC, seconds since epoch */
int64_t time_now_ms(void); /* UTC, milliseconds since epoch */
/* How often the calling thread read the clock through the two above: an
 * answer made without reading it does not depend on the time (http/rcache.h). */
unsigned long time_reads(void);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" for t into out (at least 21 bytes). */
void time_rfc3339(int64_t t, char out[21]);
/* Validates a calendar date "YYYY-MM-DD"; returns 0 or -ERR_INVALID. */
int time_check_date(const char *s);

#endif
