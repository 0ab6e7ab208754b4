/* SPDX-License-Identifier: EUPL-1.2 */
/* utf8: strict decoder (RFC 3629): no surrogates, no overlongs, <= U+10FFFF. */
#include "utf8.h"

int utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		int len;
		unsigned min, cp;
		if ((c & 0xE0) == 0xC0) {
			len = 2;
			min = 0x80;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3;
			min = 0x800;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4;
			min = 0x10000;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (i + (size_t)len > n)
			return 0;
		for (int k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += (size_t)len;
	}
	return 1;
}

size_t utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}
