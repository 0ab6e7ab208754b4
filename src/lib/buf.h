/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * buf: the one growable byte buffer for strings, HTML and JSON text.
 * Always NUL-terminated. The owner frees it with buf_free().
 */
#ifndef SL_BUF_H
#define SL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* NUL-terminated; NULL until first write */
	size_t len;
	size_t cap;
};

#define BUF_INIT                                                                                             \
	{                                                                                                    \
		0, 0, 0                                                                                      \
	}

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Appends s with &, <, >, ", ' escaped for HTML text and attributes. */
void buf_html(struct buf *b, const char *s);
/* Appends s percent-encoded for a URL path segment or query value. */
void buf_urlenc(struct buf *b, const char *s);
void buf_reset(struct buf *b);
/* Returns the string (never NULL) and leaves b empty; caller frees. */
char *buf_steal(struct buf *b);
const char *buf_str(const struct buf *b);
void buf_free(struct buf *b);

#endif
