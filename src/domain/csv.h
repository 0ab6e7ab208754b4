/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * csv: writing RFC 4180 fields for exports. Pure: appends to a buffer,
 * touches no file and no table.
 */
#ifndef SL_CSV_H
#define SL_CSV_H

#include "lib/buf.h"

/* The first characters that make a spreadsheet read a cell as a formula. */
#define CSV_FORMULA_START "=+-@\t\r"

/*
 * Appends s (NULL reads as "") as one quoted field: always in double
 * quotes, inner quotes doubled, commas and line breaks kept as they are
 * (RFC 4180, section 2). A value starting with = + - @, a tab or a CR
 * gets a leading ' so a spreadsheet shows it as text instead of running
 * it as a formula.
 */
void csv_field(struct buf *b, const char *s);

#endif
