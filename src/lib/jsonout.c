/* SPDX-License-Identifier: EUPL-1.2 */
/* jsonout: compact JSON into a buf, as json_dumps writes it (jsonout.h). */
#include "jsonout.h"

#include <stdio.h>
#include <string.h>

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0:
 * jansson's rules (no overlong forms, no surrogates, at most U+10FFFF). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned cp;
	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0) {
		len = 2;
		cp = c & 0x1F;
	} else if (c < 0xF0) {
		len = 3;
		cp = c & 0x0F;
	} else if (c < 0xF5) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

static int string_out(struct buf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	buf_grow(b, n + 2);
	buf_putc(b, '"');
	size_t run = 0; /* bytes of s before i not written yet */
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		if (c >= 0x80) {
			size_t l = utf8_seq(s + i, n - i);
			if (!l)
				return -1;
			i += l;
			continue;
		}
		if (c >= 0x20 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		buf_add(b, s + run, i - run);
		switch (c) {
		case '"': buf_add(b, "\\\"", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\b': buf_add(b, "\\b", 2); break;
		case '\f': buf_add(b, "\\f", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		default: buf_printf(b, "\\u%04X", c); break;
		}
		run = ++i;
	}
	buf_add(b, s + run, n - run);
	buf_putc(b, '"');
	return 0;
}

/* jansson's jsonp_dtostr with the default precision (C locale). */
static void real_out(struct buf *b, double v)
{
	char t[40];
	int len = snprintf(t, sizeof t, "%.17g", v);
	if (len < 0 || len >= (int)sizeof t - 3)
		len = (int)strlen(t);
	if (!strchr(t, '.') && !strchr(t, 'e')) {
		t[len++] = '.';
		t[len++] = '0';
		t[len] = 0;
	}
	char *e = strchr(t, 'e');
	if (e) {
		char *start = e + 1, *end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start)
			memmove(start, end, strlen(end) + 1);
	}
	buf_puts(b, t);
}

static int value_out(struct buf *b, const json_t *v, int depth)
{
	if (depth > JSONOUT_MAX_DEPTH)
		return -1;
	switch (json_typeof(v)) {
	case JSON_NULL: buf_add(b, "null", 4); return 0;
	case JSON_TRUE: buf_add(b, "true", 4); return 0;
	case JSON_FALSE: buf_add(b, "false", 5); return 0;
	case JSON_INTEGER: buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); return 0;
	case JSON_REAL: real_out(b, json_real_value(v)); return 0;
	case JSON_STRING: return string_out(b, json_string_value(v), json_string_length(v));
	case JSON_ARRAY: {
		buf_putc(b, '[');
		size_t n = json_array_size(v);
		for (size_t i = 0; i < n; i++) {
			if (i)
				buf_putc(b, ',');
			if (value_out(b, json_array_get(v, i), depth + 1) < 0)
				return -1;
		}
		buf_putc(b, ']');
		return 0;
	}
	case JSON_OBJECT: {
		buf_putc(b, '{');
		int first = 1;
		/* json_object_iter takes a non-const object but does not change it */
		for (void *it = json_object_iter((json_t *)v); it;
		     it = json_object_iter_next((json_t *)v, it)) {
			if (!first)
				buf_putc(b, ',');
			first = 0;
			const char *key = json_object_iter_key(it);
			if (string_out(b, key, json_object_iter_key_len(it)) < 0)
				return -1;
			buf_putc(b, ':');
			if (value_out(b, json_object_iter_value(it), depth + 1) < 0)
				return -1;
		}
		buf_putc(b, '}');
		return 0;
	}
	}
	return -1;
}

int json_out(struct buf *b, const json_t *v)
{
	if (json_is_array(v) || json_is_object(v))
		buf_grow(b, 8192); /* answers of a few KB grow once, not ten times */
	return v ? value_out(b, v, 0) : -1;
}
