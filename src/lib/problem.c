/* SPDX-License-Identifier: EUPL-1.2 */
/* problem: the invalid-params collector shared by API and CLI readers. */
#include "problem.h"

#include <stdarg.h>

#include "buf.h"

void problem_add(json_t *inv, const char *name, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	json_array_append_new(inv, json_pack("{s:s,s:s}", "name", name, "reason", buf_str(&b)));
	buf_free(&b);
}
