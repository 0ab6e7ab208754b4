/* SPDX-License-Identifier: EUPL-1.2 */
/* utf8: validation and code-point counting of outside text. */
#ifndef SL_UTF8_H
#define SL_UTF8_H

#include <stddef.h>

/* 1 when s[0..n) is well-formed UTF-8 without NUL or overlong forms. */
int utf8_valid(const char *s, size_t n);
/* Number of code points in a valid NUL-terminated string. */
size_t utf8_length(const char *s);

#endif
