/* SPDX-License-Identifier: EUPL-1.2 */
/* log: stderr logger used by the server and the CLI. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

#include "timeutil.h"

static void vlog(const char *level, const char *fmt, va_list ap)
{
	char ts[21];
	time_rfc3339(time_now(), ts);
	flockfile(stderr);
	fprintf(stderr, "%s %s ", ts, level);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}

void log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("info", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("error", fmt, ap);
	va_end(ap);
}
