/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * util: allocation that never returns NULL, fatal bug reporting and the
 * project-wide error codes. A bug (broken invariant, SQL error on our own
 * statement) aborts with file and line; user errors are -ERR_* codes.
 */
#ifndef SL_UTIL_H
#define SL_UTIL_H

#include <stddef.h>
#include <stdint.h>

enum {
	ERR_OK = 0,
	ERR_INVALID = 1,   /* input does not validate */
	ERR_NOTFOUND = 2,  /* object absent or not visible */
	ERR_FORBIDDEN = 3, /* authenticated but role too low */
	ERR_CONFLICT = 4,  /* state forbids the change */
	ERR_GONE = 5,	   /* expired or used link */
	ERR_IO = 6,	   /* file or network failure */
	ERR_AUTH = 7,	   /* not authenticated */
	ERR_LIMIT = 8,	   /* rate limited */
	ERR_BUSY = 9,	   /* database locked by another writer for too long: try again later */
	ERR_FULL = 10,	   /* disk (or database size limit) full */
};

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
/* Call once at the start of a long process: allocations of 4 MiB and more get pages
 * of their own that go back to the system when freed. glibc otherwise
 * raises that threshold to the largest block freed so far, after which a
 * query's large scratch arrays stay in the heap once freed and the
 * process's resident size only grows (docs/events-store.md, "Memory bound"). */
void util_malloc_setup(void);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Value of a hexadecimal digit, or -1. */
int util_hexval(char c);

_Noreturn void util_bug(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define BUG(...) util_bug(__FILE__, __LINE__, __VA_ARGS__)
#define BUG_ON(c)                                                                                            \
	do {                                                                                                 \
		if (c)                                                                                       \
			util_bug(__FILE__, __LINE__, "%s", #c);                                              \
	} while (0)

#endif
