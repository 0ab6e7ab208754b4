/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * format: numbers as people read them, in Dutch or English. The one place
 * where a page's numbers, percentages, p-values and euros get their decimal
 * mark, thousands separator and sign. Pure; writes into a caller's buffer,
 * always NUL-terminated (truncated when it is too small).
 */
#ifndef SL_FORMAT_H
#define SL_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* x with the given number of decimals (0..6) and thousands separators:
 * nl "12.345,6", en "12,345.6"; a minus sign (U+2212) when negative, none
 * on a printed zero; an em dash for NaN and infinities. */
void format_number(double x, int decimals, const char *lang, char *out, size_t n);
/* A fraction as a percentage: 0.0069 with 1 decimal -> "0,7%" (nl), "0.7%" (en). */
void format_percent(double fraction, int decimals, const char *lang, char *out, size_t n);
/* A p-value with its relation: "= 0,192", or "< 0,001" below one in a thousand. */
void format_p(double p, const char *lang, char *out, size_t n);
/* Whole euros: "€ 12.500" (nl, with a no-break space), "€12,500" (en). */
void format_euros(int64_t euros, const char *lang, char *out, size_t n);
/* A measurement for people: four significant digits ("%.4g") with the decimal mark of lang. */
void format_plain(double x, const char *lang, char *out, size_t n);

#endif
