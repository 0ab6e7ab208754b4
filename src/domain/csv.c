/* SPDX-License-Identifier: EUPL-1.2 */
/* csv: RFC 4180 field quoting for exports; no I/O. */
#include "csv.h"

void csv_field(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	if (s && (*s == '=' || *s == '+' || *s == '-' || *s == '@'))
		buf_putc(b, '\'');
	for (; s && *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}
