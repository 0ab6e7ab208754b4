/* SPDX-License-Identifier: EUPL-1.2 */
/* timeutil: every stored or served time is UTC. */
#include "timeutil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util.h"

static __thread unsigned long reads;

unsigned long time_reads(void)
{
	return reads;
}

static __thread unsigned long day_reads;

unsigned long time_day_reads(void)
{
	return day_reads;
}

void time_utc_date(char out[11])
{
	day_reads++;
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int64_t time_utc_day(void)
{
	day_reads++;
	int64_t t = (int64_t)time(NULL);
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

int64_t time_now(void)
{
	reads++;
	return (int64_t)time(NULL);
}

int64_t time_now_ms(void)
{
	reads++;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void time_rfc3339(int64_t t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int time_check_date(const char *s)
{
	int y, m, d;
	char tail;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -ERR_INVALID;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return -ERR_INVALID;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
		return -ERR_INVALID;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int max = mdays[m - 1] + (m == 2 && leap);
	return d <= max ? 0 : -ERR_INVALID;
}
