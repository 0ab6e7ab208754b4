/* SPDX-License-Identifier: EUPL-1.2 */
/* format: nl/en numbers for pages. No I/O, no allocation. */
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MINUS "\xe2\x88\x92"   /* U+2212 */
#define EM_DASH "\xe2\x80\x94" /* U+2014 */
#define EURO "\xe2\x82\xac"
#define NBSP "\xc2\xa0"

static int is_nl(const char *lang)
{
	return !lang || strcmp(lang, "en") != 0;
}

/* digits "1234567.89" -> "1.234.567,89" (nl) or "1,234,567.89" (en). */
static void group(const char *digits, const char *lang, char *out, size_t n)
{
	const char *dot = strchr(digits, '.');
	size_t whole = dot ? (size_t)(dot - digits) : strlen(digits);
	char sep = is_nl(lang) ? '.' : ',', mark = is_nl(lang) ? ',' : '.';
	size_t k = 0;
	for (size_t i = 0; i < whole && k + 1 < n; i++) {
		if (i && (whole - i) % 3 == 0) {
			out[k++] = sep;
			if (k + 1 >= n)
				break;
		}
		out[k++] = digits[i];
	}
	if (dot && k + 1 < n) {
		out[k++] = mark;
		for (const char *p = dot + 1; *p && k + 1 < n; p++)
			out[k++] = *p;
	}
	out[k] = 0;
}

/* |x| printed with decimals; sets *zero when it prints as zero. */
static void magnitude(double x, int decimals, char *num, size_t n, int *zero)
{
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	snprintf(num, n, "%.*f", decimals, fabs(x));
	*zero = strspn(num, "0.") == strlen(num);
}

void format_number(double x, int decimals, const char *lang, char *out, size_t n)
{
	if (n == 0)
		return;
	if (!isfinite(x)) {
		snprintf(out, n, EM_DASH);
		return;
	}
	char num[64], grouped[96];
	int zero;
	magnitude(x, decimals, num, sizeof num, &zero);
	group(num, lang, grouped, sizeof grouped);
	snprintf(out, n, "%s%s", x < 0 && !zero ? MINUS : "", grouped);
}

void format_percent(double fraction, int decimals, const char *lang, char *out, size_t n)
{
	if (n == 0)
		return;
	if (!isfinite(fraction)) {
		snprintf(out, n, EM_DASH);
		return;
	}
	char num[72];
	format_number(fraction * 100.0, decimals, lang, num, sizeof num);
	snprintf(out, n, "%s%%", num);
}

void format_p(double p, const char *lang, char *out, size_t n)
{
	if (n == 0)
		return;
	if (!isfinite(p)) {
		snprintf(out, n, EM_DASH);
		return;
	}
	char num[64];
	format_number(p < 0.001 ? 0.001 : p, 3, lang, num, sizeof num);
	snprintf(out, n, "%s %s", p < 0.001 ? "<" : "=", num);
}

void format_euros(int64_t euros, const char *lang, char *out, size_t n)
{
	if (n == 0)
		return;
	char num[64];
	format_number((double)euros, 0, lang, num, sizeof num);
	snprintf(out, n, "%s%s", is_nl(lang) ? EURO NBSP : EURO, num);
}

void format_plain(double x, const char *lang, char *out, size_t n)
{
	if (n == 0)
		return;
	if (!isfinite(x)) {
		snprintf(out, n, EM_DASH);
		return;
	}
	/* four significant digits, but never an exponent: 77500 is 77.500,
	 * not 7,75e+04 (grouped like every other number of the page) */
	if (fabs(x) >= 10000) {
		format_number(x, x == floor(x) ? 0 : 1, lang, out, n);
		return;
	}
	snprintf(out, n, "%.4g", x);
	if (is_nl(lang))
		for (char *d = out; *d; d++)
			if (*d == '.')
				*d = ',';
}
