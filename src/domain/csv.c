/* SPDX-License-Identifier: EUPL-1.2 */
/* csv: RFC 4180 field quoting for exports; no I/O. */
#include "csv.h"

#include <string.h>

void csv_field(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	/* A spreadsheet reads a cell that starts with one of these as a formula
	 * (tab and CR too: some skip them and read the sign after; OWASP). */
	if (s && *s && strchr(CSV_FORMULA_START, *s))
		buf_putc(b, '\'');
	for (; s && *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}
