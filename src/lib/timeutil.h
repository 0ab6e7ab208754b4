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
/* Today's UTC date "YYYY-MM-DD" (11 bytes with NUL): a read of the clock
 * to the day, counted apart (time_day_reads), so an answer that needs only
 * the date is kept all that day (http/rcache.h). */
void time_utc_date(char out[11]);
/* Today as days since 1970-01-01 (UTC): a read to the day, like the above. */
int64_t time_utc_day(void);
unsigned long time_day_reads(void);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" for t into out (at least 21 bytes). */
void time_rfc3339(int64_t t, char out[21]);
/* Validates a calendar date "YYYY-MM-DD"; returns 0 or -ERR_INVALID. */
int time_check_date(const char *s);

#endif
